//! Linking a site account to a Telegram chat, and everything that hangs on a link: one-time
//! deep-link tokens, confirming a link, the links and their history, the one owner of "this chat
//! or link has ended", notices sent to a linked chat, QR codes of deep links, connected groups
//! and channels, and the widget a site embeds for one of its users.
pub mod deep_link; // a link token as the member sees it: deep link, QR code, time left
pub mod ended; // the one owner of "this chat or link has ended", and the worker's re-check
pub mod groups; // connected groups and channels, and members' requests to connect one
pub mod link_tokens; // one-time deep-link tokens (hashed)
pub mod links; // linked accounts and their history
mod make; // making a link: consuming a token, or attaching a chat, in one transaction
pub mod notices; // notices to a member about their own account, sent at once
pub mod qr; // QR codes as SVG
mod widget; // the Connect widget a site embeds for one of its users (signed URLs)

use actix_web::web;
use diesel::QueryResult;

use crate::db::Conn;
use crate::delivery::record::{ChatChange, Refusal};

pub use make::{LinkError, TelegramAccount, attach, confirm, insert, refusal};

pub fn routes(cfg: &mut web::ServiceConfig) {
    widget::routes(cfg);
}

/// The delivery worker's `OnChatChange`: what a send's answer said about a chat, applied to its
/// link or connection in the transaction that records the send.
pub fn chat_changed(conn: &mut Conn, chat_id: i64, change: ChatChange) -> QueryResult<()> {
    let via = match change {
        ChatChange::Refused(Refusal::Forbidden) => links::Via::SendForbidden,
        ChatChange::Refused(Refusal::ChatNotFound) => links::Via::ChatNotFound,
        ChatChange::Moved { to } => return links::move_chat(conn, chat_id, to).map(drop),
        ChatChange::ThreadGone => return groups::set_thread(conn, chat_id, None).map(drop),
    };
    ended::end(conn, ended::Ending::Chat(chat_id), via).map(drop)
}
