//! The bot's conversation: a small router from each update to an answer. Messages go to
//! `chat.rs` (commands), button presses to `buttons.rs`, and the bot's own membership changes
//! (the user blocked it) end the link here; groups and channels are `groups.rs`'s. Replies are
//! built in `replies.rs`.
mod buttons;
mod chat;
pub mod commands;
mod groups;
mod language; // which language an update is answered in; /language's choice
mod login;
pub mod replies;
pub mod settings;

use teloxide_core::types::{ChatMemberUpdated, Update, UpdateKind};

use crate::accounts::store::{self, User};
use crate::db;
use crate::linking::ended::{self, Ending};
use crate::linking::links::{self, Link, Via};
use crate::telegram::{Conversation, Telegram};

/// The conversation the transport serves (`Telegram::start`).
pub const CONVERSATION: Conversation = Conversation {
    handle: |telegram, update| Box::pin(async move { handle_update(&telegram, update).await }),
    commands: commands::command_list,
};

/// The site account linked to a chat, if any.
async fn linked_user(ctx: &Telegram, chat_id: i64) -> anyhow::Result<Option<(Link, User)>> {
    db::run(&ctx.pool, move |conn| {
        let Some(link) = links::find_by_chat(conn, chat_id)? else {
            return Ok(None);
        };
        let user = store::find_by_id(conn, crate::accounts::UserId(link.user_id))?;
        Ok::<_, anyhow::Error>(user.map(|u| (link, u)))
    })
    .await
}

/// Handles one update. An error means it could not be handled for now (the database failed):
/// the dispatcher tries it again. Telegram never sees errors.
#[tracing::instrument(skip_all, fields(update_id = update.id.0))]
pub async fn handle_update(ctx: &Telegram, update: Update) -> anyhow::Result<()> {
    let lang = language::of_update(ctx, &update).await?;
    crate::i18n::scope(lang, route(ctx, update)).await
}

async fn route(ctx: &Telegram, update: Update) -> anyhow::Result<()> {
    match update.kind {
        UpdateKind::Message(message) => chat::on_message(ctx, message).await,
        UpdateKind::CallbackQuery(query) => buttons::on_button(ctx, query).await,
        UpdateKind::MyChatMember(change) => on_membership(ctx, change).await,
        UpdateKind::Error(_) => {
            tracing::info!("update of a kind or shape this bot does not handle; ignored");
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A user who blocks the bot sends `my_chat_member` with status kicked: their link ends.
async fn on_membership(ctx: &Telegram, change: ChatMemberUpdated) -> anyhow::Result<()> {
    if !change.chat.is_private() {
        return groups::on_membership(ctx, change).await;
    }
    if !change.new_chat_member.kind.is_banned() {
        return Ok(());
    }
    let chat_id = change.chat.id.0;
    let ended = db::run(&ctx.pool, move |conn| {
        ended::end(conn, Ending::Chat(chat_id), Via::Blocked)
    })
    .await?;
    if let Some(link) = ended.link {
        tracing::info!(user_id = link.user_id, "the user blocked the bot; unlinked");
    }
    Ok(())
}
