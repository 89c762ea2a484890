//! Which language the bot answers an update in: the member's saved choice, else the sender's
//! Telegram `language_code` (negotiated: `pt` → pt-BR, `es-419` → es), else the site's default.
//! And `/language`'s buttons, which save the choice the site follows too.
use teloxide_core::types::{CallbackQuery, MessageId, Update, UpdateKind};

use crate::accounts::{UserId, language};
use crate::bot::replies::Replies;
use crate::db;
use crate::i18n::{self, Lang};
use crate::linking::links;
use crate::telegram::Telegram;

pub async fn of_update(ctx: &Telegram, update: &Update) -> anyhow::Result<Lang> {
    let Some(from) = update.from() else {
        return Ok(i18n::default_lang());
    };
    let code = from.language_code.clone();
    let telegram_user = from.id.0 as i64;
    // /start and /language refresh the code kept for messages the site sends later.
    let refresh = match &update.kind {
        UpdateKind::Message(m) if m.chat.is_private() => m.text().is_some_and(|t| {
            let t = t.trim_start();
            t.starts_with("/start") || t.starts_with("/language")
        }),
        _ => false,
    }
    .then(|| code.clone())
    .flatten();
    let saved = db::run(&ctx.pool, move |conn| {
        if let Some(code) = refresh
            && let Some(link) = links::find_by_telegram_user(conn, telegram_user)?
        {
            language::note_chat_code(conn, link.chat_id, &code)?;
        }
        language::saved_of_telegram_user(conn, telegram_user)
    })
    .await?;
    Ok(saved
        .or_else(|| code.as_deref().and_then(Lang::negotiate))
        .unwrap_or_else(i18n::default_lang))
}

/// A press on one of `/language`'s buttons: saves the choice for the linked member (the site's
/// setting too) and answers in the new language.
pub async fn on_choice(
    ctx: &Telegram,
    query: &CallbackQuery,
    tag: &str,
    chat_id: i64,
    message_id: MessageId,
) -> anyhow::Result<String> {
    let Some(lang) = Lang::from_tag(tag) else {
        return Ok(Replies::toast(crate::bot::replies::Toast::Stale));
    };
    let telegram_user = query.from.id.0 as i64;
    let member = db::run(&ctx.pool, move |conn| {
        let Some(link) = links::find_by_telegram_user(conn, telegram_user)? else {
            return Ok::<_, anyhow::Error>(false);
        };
        language::save(conn, UserId(link.user_id), Some(lang))?;
        Ok(true)
    })
    .await?;
    if member {
        tracing::info!(language = lang.tag(), "a member chose the bot's language");
    }
    let replies = Replies::new(&ctx.config.site_name, ctx.config.public_url.as_ref());
    let (text, toast) = i18n::in_lang(lang, || {
        (
            replies.language_saved(member),
            Replies::toast(crate::bot::replies::Toast::Language),
        )
    });
    ctx.edit(chat_id, message_id, text).await;
    Ok(toast)
}
