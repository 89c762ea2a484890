//! The bot's conversation: a small router from each update to an answer. Messages go to
//! `chat.rs` (commands), button presses to `buttons.rs`, and the bot's own membership changes
//! (the user blocked it) end the link here; groups and channels are `groups.rs`'s. Replies are
//! built in `replies.rs`.
mod buttons;
mod chat;
pub mod commands;
mod groups;
mod login;
pub mod replies;
pub mod settings;

use std::sync::Arc;

use teloxide_core::Bot;
use teloxide_core::types::{
    ChatMemberUpdated, InlineKeyboardMarkup, MessageId, Update, UpdateKind,
};
use tokio::sync::watch;

use super::BotStatus;
use super::budget::SendBudget;
use super::ended::{self, Ending};
use super::links::{self, Link, Via};
use super::outbox::{self, Reply};
use crate::accounts::store::{self, User};
use crate::config::Config;
use crate::db::{self, Pool};

/// What handling an update needs.
pub struct BotContext {
    pub bot: Bot,
    pub pool: Pool,
    pub config: Arc<Config>,
    pub status: watch::Receiver<BotStatus>,
    pub budget: Arc<SendBudget>,
    /// Updates this process stored, parsed, for the dispatcher.
    pub fresh: Arc<super::inbox::Fresh>,
}

impl BotContext {
    pub fn bot_username(&self) -> Option<String> {
        self.status.borrow().username().map(str::to_string)
    }

    /// Sends an HTML message (everything in it escaped by the caller) through the send budget,
    /// after the handler (see `outbox`). A reply Telegram refuses for good is logged: the update
    /// is handled all the same.
    async fn send(&self, chat_id: i64, text: String, keyboard: Option<InlineKeyboardMarkup>) {
        self.reply(Reply::Send {
            chat_id,
            text,
            keyboard,
        })
        .await;
    }

    /// Replaces a message's text; its buttons go away.
    async fn edit(&self, chat_id: i64, message_id: MessageId, text: String) {
        self.edit_with(chat_id, message_id, text, None).await;
    }

    /// Replaces a message's text and its buttons (none: they go away).
    async fn edit_with(
        &self,
        chat_id: i64,
        message_id: MessageId,
        text: String,
        keyboard: Option<InlineKeyboardMarkup>,
    ) {
        self.reply(Reply::Edit {
            chat_id,
            message_id,
            text,
            keyboard,
        })
        .await;
    }

    /// Replaces only a message's buttons.
    async fn edit_keyboard(
        &self,
        chat_id: i64,
        message_id: MessageId,
        keyboard: InlineKeyboardMarkup,
    ) {
        self.reply(Reply::EditKeyboard {
            chat_id,
            message_id,
            keyboard,
        })
        .await;
    }

    /// Queues a reply for after the handler, or sends it now outside the dispatcher.
    async fn reply(&self, reply: Reply) {
        if let Err(reply) = outbox::queue(reply) {
            outbox::send(&self.bot, &self.budget, reply).await;
        }
    }

    /// The site account linked to a chat, if any.
    async fn linked_user(&self, chat_id: i64) -> anyhow::Result<Option<(Link, User)>> {
        db::run(&self.pool, move |conn| {
            let Some(link) = links::find_by_chat(conn, chat_id)? else {
                return Ok(None);
            };
            let user = store::find_by_id(conn, crate::accounts::UserId(link.user_id))?;
            Ok::<_, anyhow::Error>(user.map(|u| (link, u)))
        })
        .await
    }
}

/// Handles one update. An error means it could not be handled for now (the database failed):
/// the dispatcher tries it again. Telegram never sees errors.
#[tracing::instrument(skip_all, fields(update_id = update.id.0))]
pub async fn handle_update(ctx: &BotContext, update: Update) -> anyhow::Result<()> {
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
async fn on_membership(ctx: &BotContext, change: ChatMemberUpdated) -> anyhow::Result<()> {
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
