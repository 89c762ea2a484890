//! Topics in the chat: `/settings` shows the member's choices as toggles that edit the message in
//! place, and the Mute / Unmute button under each message of a topic changes the same choice.
use teloxide_core::types::{InlineKeyboardButton, InlineKeyboardMarkup, MessageId};

use super::BotContext;
use super::commands::ButtonPress;
use crate::accounts::UserId;
use crate::db;
use crate::telegram::html::escape;
use crate::telegram::links;
use crate::topics::{self, Topic};

/// The button under a message of a (non-critical) topic.
pub fn mute_keyboard(topic: i64, name: &str) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new([[InlineKeyboardButton::callback(
        format!("🔕 Mute {name}"),
        ButtonPress::mute_data(topic),
    )]])
}

fn unmute_keyboard(topic: i64, name: &str) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new([[InlineKeyboardButton::callback(
        format!("🔔 Unmute {name}"),
        ButtonPress::unmute_data(topic),
    )]])
}

/// The `/settings` message: a text, and a toggle per topic the member may choose.
fn view(site: &str, choices: &[(Topic, bool)]) -> (String, Option<InlineKeyboardMarkup>) {
    let site = escape(site);
    if choices.is_empty() {
        return (
            format!("{site} has no topics to choose from: you get all its announcements."),
            None,
        );
    }
    let mut text = format!("<b>What {site} sends you</b>\nTap a topic to turn it on or off.");
    let critical: Vec<String> = choices
        .iter()
        .filter(|(t, _)| t.critical)
        .map(|(t, _)| escape(&t.name))
        .collect();
    if !critical.is_empty() {
        text.push_str(&format!("\n\nAlways sent: {}.", critical.join(", ")));
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
pub async fn show(ctx: &BotContext, chat_id: i64, user: UserId) -> anyhow::Result<()> {
    let choices = db::run(&ctx.pool, move |conn| topics::choices(conn, user)).await?;
    let (text, keyboard) = view(&ctx.config.site_name, &choices);
    ctx.send(chat_id, text, keyboard).await;
    Ok(())
}

/// The linked member of this chat and the (non-critical) topic a button is about.
async fn member_and_topic(
    ctx: &BotContext,
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
    ctx: &BotContext,
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
    Ok(Some(format!("{name}: {}", if on { "on" } else { "off" })))
}

/// Mute (or Unmute) under a message: records the choice at once and swaps the button.
pub async fn mute(
    ctx: &BotContext,
    chat_id: i64,
    message_id: MessageId,
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
    let (keyboard, toast) = if muted {
        (
            unmute_keyboard(topic.id, &topic.name),
            format!("Muted {}. /settings to change.", topic.name),
        )
    } else {
        (
            mute_keyboard(topic.id, &topic.name),
            format!("{} is on again.", topic.name),
        )
    };
    ctx.edit_keyboard(chat_id, message_id, keyboard).await;
    Ok(Some(toast))
}
