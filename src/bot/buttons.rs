//! Presses on the confirmation's buttons. Confirm links (one transaction with consuming the
//! token) and edits the question to "Linked ✓"; Cancel edits it to "Cancelled" and leaves the
//! token unused. "This wasn't me" under a new sign-in alert ends that session. Every press is
//! answered, or the user's app keeps spinning.
use teloxide_core::types::CallbackQuery;

use crate::accounts::UserId;
use crate::accounts::sessions;
use crate::bot::replies::{Replies, Toast};
use crate::bot::settings;
use crate::buttons::ButtonPress;
use crate::db;
use crate::linking::link_tokens::LinkToken;
use crate::linking::links;
use crate::linking::{self, LinkError, TelegramAccount};
use crate::telegram::Telegram;

pub async fn on_button(ctx: &Telegram, query: CallbackQuery) -> anyhow::Result<()> {
    let replies = Replies::new(&ctx.config.site_name, ctx.config.public_url.as_ref());
    let press = query.data.as_deref().and_then(ButtonPress::parse);
    let message = query
        .message
        .as_ref()
        .map(|m| (m.chat().id.0, m.chat().is_private(), m.id()));
    if let (Some(press), Some((chat_id, _, message_id))) = (&press, message) {
        // The message's buttons as they are now: Mute swaps only its own.
        let keyboard = query
            .message
            .as_ref()
            .and_then(|m| m.regular_message())
            .and_then(|m| m.reply_markup());
        let topic_toast = match *press {
            ButtonPress::Mute(topic) | ButtonPress::Unmute(topic) => {
                let muted = matches!(press, ButtonPress::Mute(_));
                Some(settings::mute(ctx, chat_id, message_id, keyboard, topic, muted).await?)
            }
            ButtonPress::Toggle(topic) => {
                Some(settings::toggle(ctx, chat_id, message_id, topic).await?)
            }
            _ => None,
        };
        if let ButtonPress::Language(tag) = press {
            let toast =
                crate::bot::language::on_choice(ctx, &query, tag, chat_id, message_id).await?;
            answer(ctx, query.id, &toast).await;
            return Ok(());
        }
        if let Some(toast) = topic_toast {
            let toast = toast.unwrap_or_else(|| Replies::toast(Toast::Stale));
            answer(ctx, query.id, &toast).await;
            return Ok(());
        }
    }
    let toast = match (press, message) {
        (Some(ButtonPress::Cancel(_)), Some((chat_id, _, message_id))) => {
            ctx.edit(chat_id, message_id, replies.cancelled()).await;
            Toast::Cancelled
        }
        (Some(ButtonPress::Confirm(token)), Some((chat_id, true, message_id))) => {
            let account = TelegramAccount {
                // Telegram user ids fit in 52 bits.
                telegram_user_id: query.from.id.0 as i64,
                chat_id,
                username: query.from.username.clone(),
                name: query.from.full_name(),
            };
            let code = query.from.language_code.clone();
            let (text, toast) = match confirm(ctx, &token, account, code).await {
                Ok(username) => (replies.linked(&username), Toast::Linked),
                Err(e) => {
                    if let LinkError::Unexpected(e) = &e {
                        tracing::error!(error = ?e, "linking failed");
                    }
                    (replies.link_refused(&e), Toast::Refused)
                }
            };
            ctx.edit(chat_id, message_id, text).await;
            toast
        }
        (Some(ButtonPress::Confirm(_)), Some((chat_id, false, _))) => {
            ctx.send(
                chat_id,
                replies.private_only(ctx.bot_username().as_deref()),
                None,
            )
            .await;
            Toast::Refused
        }
        (Some(ButtonPress::NotMe(sid)), Some((chat_id, _, message_id))) => {
            let ended = end_session(ctx, chat_id, sid).await?;
            let text = if ended {
                replies.sign_in_ended()
            } else {
                replies.sign_in_already_ended()
            };
            ctx.edit(chat_id, message_id, text).await;
            if ended {
                Toast::SignedOut
            } else {
                Toast::Stale
            }
        }
        (Some(ButtonPress::Login(press)), Some((chat_id, true, message_id))) => {
            crate::bot::login::on_press(ctx, &replies, press, chat_id, message_id).await?
        }
        _ => Toast::Stale,
    };
    answer(ctx, query.id, &Replies::toast(toast)).await;
    Ok(())
}

async fn answer(ctx: &Telegram, query: teloxide_core::types::CallbackQueryId, toast: &str) {
    let Some(bot) = &ctx.bot else { return };
    if let Err(e) = crate::telegram::api::answer_button(bot, query, toast).await {
        tracing::warn!(error = %e, "could not answer the button press");
    }
}

/// Ends the session `sid` of the account linked to this chat; false when there is none (already
/// ended, or the chat is no longer linked to that account).
async fn end_session(ctx: &Telegram, chat_id: i64, sid: String) -> anyhow::Result<bool> {
    db::run(&ctx.pool, move |conn| {
        let Some(link) = links::find_by_chat(conn, chat_id)? else {
            return Ok::<_, anyhow::Error>(false);
        };
        Ok(sessions::end(conn, UserId(link.user_id), &sid)?)
    })
    .await
}

/// Links the presser's account; the linked site username.
async fn confirm(
    ctx: &Telegram,
    token: &str,
    account: TelegramAccount,
    language_code: Option<String>,
) -> Result<String, LinkError> {
    let token = LinkToken::from_start_payload(token).ok_or(LinkError::Unknown)?;
    let (link, user) = db::run_as(&ctx.pool, move |conn| {
        linking::confirm(conn, &token, &account)
    })
    .await?;
    tracing::info!(user_id = link.user_id, "Telegram account linked");
    // Messages the site sends later follow Telegram's language until the member chooses one.
    if let Some(code) = language_code {
        let chat_id = link.chat_id;
        let noted = db::run(&ctx.pool, move |conn| {
            crate::accounts::language::note_chat_code(conn, chat_id, &code)
        })
        .await;
        if let Err(e) = noted {
            tracing::warn!(error = %e, "could not keep the linked chat's language code");
        }
    }
    Ok(user.shown_name().to_string())
}
