//! A handled update's replies: the handler queues them here instead of waiting for Telegram, and
//! the dispatcher sends them after the handler finished, in order, while the update stays claimed
//! (so the chat's next update waits, and a crash sends them again) but no longer holds one of the
//! handling slots other chats wait for. A reply in flight costs a little memory, not a slot.
use std::cell::RefCell;

use teloxide_core::types::{InlineKeyboardMarkup, MessageId};

use crate::telegram::{Telegram, api};

/// One message (or change of one) the handler wants Telegram to show.
#[derive(Debug)]
pub enum Reply {
    Send {
        chat_id: i64,
        text: String,
        keyboard: Option<InlineKeyboardMarkup>,
    },
    Edit {
        chat_id: i64,
        message_id: MessageId,
        text: String,
        keyboard: Option<InlineKeyboardMarkup>,
    },
    EditKeyboard {
        chat_id: i64,
        message_id: MessageId,
        keyboard: InlineKeyboardMarkup,
    },
}

tokio::task_local! {
    /// The replies of the update being handled on this task; unset outside the dispatcher.
    static OUTBOX: RefCell<Vec<Reply>>;
}

/// Runs a handler with an outbox and returns what it queued beside its result.
pub async fn collect<F: Future>(handler: F) -> (F::Output, Vec<Reply>) {
    OUTBOX
        .scope(RefCell::new(Vec::new()), async {
            let out = handler.await;
            let replies = OUTBOX.with(|o| o.take());
            (out, replies)
        })
        .await
}

/// Queues a reply for after the handler; gives it back when no dispatcher collects replies here
/// (the caller then sends it at once).
pub fn queue(reply: Reply) -> Result<(), Reply> {
    let mut reply = Some(reply);
    let _outside = OUTBOX.try_with(|o| o.borrow_mut().extend(reply.take()));
    reply.map_or(Ok(()), Err)
}

/// Sends replies one after the other (each waits for its chat's turn in the send budget and is
/// retried there); one Telegram refuses for good is logged, and the update counts as handled.
pub async fn deliver(telegram: &Telegram, replies: Vec<Reply>) {
    for reply in replies {
        send(telegram, reply).await;
    }
}

/// Sends one reply now.
pub async fn send(telegram: &Telegram, reply: Reply) {
    let (Some(bot), budget) = (&telegram.bot, &telegram.budget) else {
        return;
    };
    match reply {
        Reply::Send {
            chat_id,
            text,
            keyboard,
        } => {
            if let Err(e) = api::send_html(bot, budget, chat_id, text, keyboard).await {
                tracing::warn!(chat_id, error = %e, "could not reply in the chat");
            }
        }
        Reply::Edit {
            chat_id,
            message_id,
            text,
            keyboard,
        } => {
            let edited = api::edit_html(bot, budget, chat_id, message_id, text, keyboard).await;
            if let Err(e) = edited {
                tracing::warn!(chat_id, error = %e, "could not edit the bot's message");
            }
        }
        Reply::EditKeyboard {
            chat_id,
            message_id,
            keyboard,
        } => {
            let edited = api::edit_keyboard(bot, budget, chat_id, message_id, keyboard).await;
            if let Err(e) = edited {
                tracing::warn!(chat_id, error = %e, "could not change the buttons of the bot's message");
            }
        }
    }
}

/// What a handler says: each queued for after the handler (or sent now outside the dispatcher).
/// Texts are Telegram HTML, everything in them escaped by the caller.
impl Telegram {
    /// Sends a message; a reply Telegram refuses for good is logged: the update is handled all
    /// the same.
    pub async fn send(&self, chat_id: i64, text: String, keyboard: Option<InlineKeyboardMarkup>) {
        self.reply(Reply::Send {
            chat_id,
            text,
            keyboard,
        })
        .await;
    }

    /// Replaces a message's text; its buttons go away.
    pub async fn edit(&self, chat_id: i64, message_id: MessageId, text: String) {
        self.edit_with(chat_id, message_id, text, None).await;
    }

    /// Replaces a message's text and its buttons (none: they go away).
    pub async fn edit_with(
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
    pub async fn edit_keyboard(
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

    async fn reply(&self, reply: Reply) {
        if let Err(reply) = queue(reply) {
            send(self, reply).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn replies_queued_by_a_handler_come_back_in_order() {
        let reply = |n: i64| Reply::Send {
            chat_id: n,
            text: n.to_string(),
            keyboard: None,
        };
        let (out, replies) = collect(async {
            assert!(queue(reply(1)).is_ok());
            assert!(queue(reply(2)).is_ok());
            7
        })
        .await;
        assert_eq!(out, 7);
        let ids: Vec<i64> = replies
            .iter()
            .map(|r| match r {
                Reply::Send { chat_id, .. } => *chat_id,
                _ => 0,
            })
            .collect();
        assert_eq!(ids, [1, 2]);
        // Outside a dispatcher's handler the reply comes back, to be sent at once.
        assert!(queue(reply(3)).is_err());
    }
}
