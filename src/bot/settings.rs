//! Topics in the chat: `/settings` shows the member's choices as toggles that edit the message in
//! place, and the Mute / Unmute button under each message of a topic changes the same choice.
use teloxide_core::types::{
    InlineKeyboardButton, InlineKeyboardButtonKind, InlineKeyboardMarkup, MessageId,
};

use crate::accounts::UserId;
use crate::buttons::{ButtonPress, mute_button, unmute_button};
use crate::db;
use crate::i18n;
use crate::linking::links;
use crate::telegram::Telegram;
use crate::telegram::html::escape;
use crate::topics::{self, Topic};

/// The message's keyboard with its Mute (or Unmute) button swapped for `new`; its URL buttons
/// stay as they were.
fn swap_mute(
    current: Option<&InlineKeyboardMarkup>,
    new: InlineKeyboardButton,
) -> InlineKeyboardMarkup {
    let is_mute = |b: &InlineKeyboardButton| {
        matches!(&b.kind, InlineKeyboardButtonKind::CallbackData(d)
            if matches!(ButtonPress::parse(d), Some(ButtonPress::Mute(_) | ButtonPress::Unmute(_))))
    };
    let mut rows: Vec<Vec<InlineKeyboardButton>> = current
        .map(|k| k.inline_keyboard.clone())
        .unwrap_or_default()
        .into_iter()
        .filter(|row| !row.iter().any(is_mute))
        .collect();
    rows.push(vec![new]);
    InlineKeyboardMarkup::new(rows)
}

/// The `/settings` message, in the update's language: a text, and a toggle per topic the member
/// may choose.
fn view(site: &str, choices: &[(Topic, bool)]) -> (String, Option<InlineKeyboardMarkup>) {
    let site = escape(site);
    if choices.is_empty() {
        return (i18n::t1("settings-no-topics", "site", site), None);
    }
    let mut text = i18n::t1("settings-heading", "site", site);
    let critical: Vec<String> = choices
        .iter()
        .filter(|(t, _)| t.critical)
        .map(|(t, _)| escape(&t.name))
        .collect();
    if !critical.is_empty() {
        let list = critical.join(&i18n::t("formats-list-separator"));
        text.push_str("\n\n");
        text.push_str(&i18n::t1("settings-always-sent", "topics", list));
    }
    let rows: Vec<Vec<InlineKeyboardButton>> = choices
        .iter()
        .filter(|(t, _)| !t.critical)
        .map(|(t, on)| {
            let mark = if *on { "✅" } else { "⬜" };
            vec![InlineKeyboardButton::callback(
                format!("{mark} {}", t.name),
                ButtonPress::toggle_data(t.id),
            )]
        })
        .collect();
    let keyboard = (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows));
    (text, keyboard)
}

/// `/settings` from a linked member.
pub async fn show(ctx: &Telegram, chat_id: i64, user: UserId) -> anyhow::Result<()> {
    let choices = db::run(&ctx.pool, move |conn| topics::choices(conn, user)).await?;
    let (text, keyboard) = view(&ctx.config.site_name, &choices);
    ctx.send(chat_id, text, keyboard).await;
    Ok(())
}

/// The linked member of this chat and the (non-critical) topic a button is about.
async fn member_and_topic(
    ctx: &Telegram,
    chat_id: i64,
    topic_id: i64,
) -> anyhow::Result<Option<(UserId, Topic)>> {
    db::run(&ctx.pool, move |conn| {
        let Some(link) = links::find_by_chat(conn, chat_id)? else {
            return Ok::<_, anyhow::Error>(None);
        };
        let topic = topics::find(conn, topic_id)?.filter(|t| !t.critical);
        Ok(topic.map(|t| (UserId(link.user_id), t)))
    })
    .await
}

/// A toggle in `/settings`: flips the choice and redraws the message. The toast to show.
pub async fn toggle(
    ctx: &Telegram,
    chat_id: i64,
    message_id: MessageId,
    topic_id: i64,
) -> anyhow::Result<Option<String>> {
    let Some((user, topic)) = member_and_topic(ctx, chat_id, topic_id).await? else {
        return Ok(None);
    };
    let (on, choices) = db::run(&ctx.pool, move |conn| {
        let on = !topics::receives(conn, user, &topic)?;
        topics::choose(conn, user, topic.id, on)?;
        Ok::<_, anyhow::Error>((on, topics::choices(conn, user)?))
    })
    .await?;
    let (text, keyboard) = view(&ctx.config.site_name, &choices);
    ctx.edit_with(chat_id, message_id, text, keyboard).await;
    let name = choices
        .iter()
        .find(|(t, _)| t.id == topic_id)
        .map_or(String::new(), |(t, _)| t.name.clone());
    let key = if on {
        "toast-topic-on"
    } else {
        "toast-topic-off"
    };
    Ok(Some(i18n::t1(key, "topic", name)))
}

/// Mute (or Unmute) under a message: records the choice at once and swaps the button.
pub async fn mute(
    ctx: &Telegram,
    chat_id: i64,
    message_id: MessageId,
    keyboard: Option<&InlineKeyboardMarkup>,
    topic_id: i64,
    muted: bool,
) -> anyhow::Result<Option<String>> {
    let Some((user, topic)) = member_and_topic(ctx, chat_id, topic_id).await? else {
        return Ok(None);
    };
    let id = topic.id;
    db::run(&ctx.pool, move |conn| {
        topics::choose(conn, user, id, !muted)
    })
    .await?;
    let (button, toast) = if muted {
        (
            unmute_button(topic.id, &topic.name),
            i18n::t1("toast-topic-muted", "topic", topic.name.as_str()),
        )
    } else {
        (
            mute_button(topic.id, &topic.name),
            i18n::t1("toast-topic-unmuted", "topic", topic.name.as_str()),
        )
    };
    ctx.edit_keyboard(chat_id, message_id, swap_mute(keyboard, button))
        .await;
    Ok(Some(toast))
}
