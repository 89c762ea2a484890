//! The one owner of "this chat or link has ended". Every way a member's link or a connected group
//! or channel ends calls [`end`]: `/stop`, a block, a send answered 403 or "chat not found", Unlink
//! on the Connect page, an admin's unlink or disable, the API's unlink, account deletion, the bot
//! removed from a group, a group disconnected. In one transaction it ends the link or connection,
//! settles what still waits for that chat (sends, edits and deletes, scheduled ones too) with the
//! real reason, and records the link event and the `link.removed` webhook event; [`tell`] then says
//! goodbye in the chat where that is expected. The delivery worker re-checks at claim time
//! (`delivery::settle::drop_departed`), so nothing reaches a member who left even if a path forgot
//! to call [`end`]; when Telegram refuses a chat for good, the worker ends it here through `linking::chat_changed`.
use diesel::prelude::*;

use crate::accounts::{UserId, store as accounts};
use crate::db::Conn;
use crate::db::schema::telegram_links;
use crate::delivery::settle::{self, Waiting};
use crate::delivery::status::DeliveryStatus;
use crate::linking::groups::{self, GroupChat};
use crate::linking::links::{self, Link, Via};
use crate::linking::notices;
use crate::telegram::{Telegram, html};
use crate::webhooks::outbox;

/// What ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// A member's link (the Connect page, an admin, the API).
    Link(UserId),
    /// Whatever is connected as this chat: a member's private chat (`/stop`, a block, a send
    /// refused) or a group or channel (the bot removed, a send refused).
    Chat(i64),
    /// A connected group or channel by its row id; with `owner`, only if it is that member's.
    Group { id: i64, owner: Option<UserId> },
    /// An account: deleted (its link and its groups and channels end) or disabled (they stay,
    /// for when it is enabled again, but nothing waiting for it goes out).
    Account(UserId),
}

/// What [`end`] ended.
#[derive(Debug, Clone)]
pub struct Ended {
    pub via: Via,
    /// The link that ended, if one did.
    pub link: Option<Link>,
    /// The account's shown name when a link ended, for the goodbye.
    pub account: Option<String>,
    /// The groups and channels whose connection ended.
    pub groups: Vec<GroupChat>,
    /// Deliveries settled instead of sent.
    pub settled: usize,
}

impl Ended {
    /// Whether anything ended (a link or a connection) or was settled.
    pub fn changed(&self) -> bool {
        self.link.is_some() || !self.groups.is_empty() || self.settled > 0
    }

    /// The chat to say goodbye in and what to say (Telegram HTML): after an unlink on the Connect
    /// page, by an admin or through the API, and after a deletion, while the chat still works.
    /// Never after a block or a refused send (the chat refuses the bot), nor after `/stop` (the
    /// bot's reply to it says so).
    pub fn farewell(&self, site_name: &str) -> Option<(i64, String)> {
        let link = self.link.as_ref()?;
        let (site, account) = (
            html::escape(site_name),
            html::escape(self.account.as_deref().unwrap_or_default()),
        );
        let text = match self.via {
            Via::Page => format!(
                "This Telegram account was unlinked from {site} account <b>{account}</b> on the \
                 site. You will not get the site's messages here any more."
            ),
            Via::Admin | Via::Api => format!(
                "This Telegram account was unlinked from <b>{account}</b> on {site}. You will not \
                 get the site's messages here any more."
            ),
            Via::AccountDeleted => format!(
                "Your {site} account <b>{account}</b> was deleted, and this chat is no longer \
                 linked to it. Goodbye!"
            ),
            _ => return None,
        };
        Some((link.chat_id, text))
    }
}

/// What becomes of the deliveries still waiting for a chat that ended this way: `cancelled`
/// when the member, the site or the group's admins ended it; `blocked` when the chat refuses
/// the bot; `failed` when it no longer exists.
fn settlement(via: Via, group: bool) -> (DeliveryStatus, &'static str) {
    use DeliveryStatus::{Blocked, Cancelled, Failed};
    match (via, group) {
        (Via::Page, false) => (Cancelled, "the member unlinked Telegram"),
        (Via::Page, true) => (Cancelled, "disconnected by the member"),
        (Via::Admin, false) => (Cancelled, "an admin unlinked Telegram"),
        (Via::Admin, true) => (Cancelled, "disconnected by an admin"),
        (Via::Api, _) => (Cancelled, "the site unlinked the subscriber"),
        (Via::Stop, _) => (Cancelled, "the member sent /stop"),
        (Via::AccountDeleted, _) => (Cancelled, "the account was deleted"),
        (Via::Disabled, _) => (Cancelled, "the account was disabled"),
        (Via::Removed, _) => (Cancelled, "the bot was removed from the chat"),
        (Via::NoPosting, _) => (Cancelled, "the bot may no longer post in the channel"),
        (Via::Blocked, _) => (Blocked, "the user blocked the bot"),
        (Via::SendForbidden, false) => (Blocked, "a send was refused (403): the bot is blocked"),
        (Via::SendForbidden, true) => (Blocked, "the bot cannot post in this chat (403)"),
        (Via::ChatNotFound, _) => (Failed, "the chat no longer exists"),
        (Via::Bot | Via::TelegramLogin, _) => (Cancelled, "the link ended"),
    }
}

/// Ends `ending` for the reason `via`, in one transaction (nested in the caller's, if any).
pub fn end(conn: &mut Conn, ending: Ending, via: Via) -> QueryResult<Ended> {
    conn.transaction(|conn| {
        let mut ended = Ended {
            via,
            link: None,
            account: None,
            groups: Vec::new(),
            settled: 0,
        };
        let (link, chats) = match ending {
            Ending::Link(user) => (links::find_by_user(conn, user)?, Vec::new()),
            Ending::Chat(chat_id) => (
                links::find_by_chat(conn, chat_id)?,
                groups::find_by_chat(conn, chat_id)?.into_iter().collect(),
            ),
            Ending::Group { id, owner } => {
                (None, groups::find(conn, id, owner)?.into_iter().collect())
            }
            Ending::Account(_) if via == Via::Disabled => (None, Vec::new()),
            Ending::Account(user) => (
                links::find_by_user(conn, user)?,
                groups::list_for_user(conn, user)?,
            ),
        };
        if let Some(link) = link {
            ended.settled += end_link(conn, &link, via)?;
            ended.account =
                accounts::find_by_id(conn, UserId(link.user_id))?.map(|u| u.shown_name().into());
            ended.link = Some(link);
        }
        for chat in chats {
            if groups::remove(conn, chat.id)? == 0 {
                continue; // someone else ended it in the meantime
            }
            let (status, reason) = settlement(via, true);
            ended.settled += settle::waiting(conn, Waiting::InChat(chat.chat_id), status, reason)?;
            ended.groups.push(chat);
        }
        if let Ending::Account(user) = ending {
            let (status, reason) = settlement(via, false);
            ended.settled += settle::waiting(conn, Waiting::For(user), status, reason)?;
        }
        Ok(ended)
    })
}

/// Deletes the link, records how it ended and settles what waits for its chat. Nothing when
/// someone else ended it in the meantime.
fn end_link(conn: &mut Conn, link: &Link, via: Via) -> QueryResult<usize> {
    let deleted = diesel::delete(telegram_links::table.find(link.user_id)).execute(conn)?;
    if deleted == 0 {
        return Ok(0);
    }
    links::record_event(conn, link, "unlinked", via)?;
    outbox::link_removed(conn, link.user_id, via.webhook_reason(), via.as_str())?;
    let (status, reason) = settlement(via, false);
    settle::waiting(conn, Waiting::InChat(link.chat_id), status, reason)
}

/// Says goodbye in the chat when [`Ended::farewell`] says one is expected; returns at once.
pub fn tell(telegram: &Telegram, ended: &Ended) {
    if let Some((chat_id, text)) = ended.farewell(&telegram.config.site_name) {
        notices::tell_chat(telegram, chat_id, text);
    }
}
