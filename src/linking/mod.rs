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

pub use make::{LinkError, TelegramAccount, attach, confirm, insert, refusal};

pub fn routes(cfg: &mut web::ServiceConfig) {
    widget::routes(cfg);
}
