//! The one owner of "this chat or link has ended". Every way a member's link or a connected group
//! or channel ends calls [`end`]: `/stop`, a block, a send answered 403 or "chat not found", Unlink
//! on the Connect page, an admin's unlink or disable, the API's unlink, account deletion, the bot
//! removed from a group, a group disconnected. In one transaction it ends the link or connection,
//! settles what still waits for that chat (sends, edits and deletes, scheduled ones too) with the
//! real reason, and records the link event and the `link.removed` webhook event; [`tell`] then says
//! goodbye in the chat where that is expected. [`drop_departed`] is the delivery worker's re-check
//! at claim time, so nothing reaches a member who left even if a path forgot to call [`end`].
//! (With `links.rs` and `groups.rs`, this moves to the `linking/` room.)
use std::collections::HashSet;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::accounts::{UserId, store as accounts};
use crate::db::schema::{deliveries, group_chats, telegram_links, users};
use crate::db::{Conn, now};
use crate::delivery::job::Action;
use crate::delivery::status::DeliveryStatus;
use crate::linking::groups::{self, GroupChat};
use crate::linking::links::{self, Link, Via};
use crate::linking::notices;
use crate::telegram::{Telegram, html};
use crate::webhooks::outbox::{self, EndedDelivery};

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
            ended.settled += settle(conn, Waiting::InChat(chat.chat_id), status, reason)?;
            ended.groups.push(chat);
        }
        if let Ending::Account(user) = ending {
            let (status, reason) = settlement(via, false);
            ended.settled += settle(conn, Waiting::For(user), status, reason)?;
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
    settle(conn, Waiting::InChat(link.chat_id), status, reason)
}

/// Which waiting deliveries to settle.
enum Waiting {
    InChat(i64),
    For(UserId),
}

/// Settles every delivery still waiting (due now or scheduled; sends, edits and deletes) with
/// `status` and `reason`; an API notification's send also becomes its `delivery.failed` event.
/// A delivery a worker holds right now is its to finish: the worker re-checks before it sends.
fn settle(
    conn: &mut Conn,
    waiting: Waiting,
    status: DeliveryStatus,
    reason: &str,
) -> QueryResult<usize> {
    let pending = deliveries::table
        .filter(deliveries::status.eq(DeliveryStatus::Pending.as_str()))
        .into_boxed();
    let rows = match waiting {
        Waiting::InChat(chat_id) => pending.filter(deliveries::chat_id.eq(chat_id)),
        Waiting::For(user) => pending.filter(deliveries::user_id.eq(user.0)),
    };
    let ids: Vec<i64> = rows.select(deliveries::id).load(conn)?;
    mark(conn, &ids, DeliveryStatus::Pending, None, status, reason)
}

/// Moves the deliveries `ids` still in `from` (and, when given, still under `lease`) to
/// `status`, and writes the `delivery.*` webhook events of the sends among them.
fn mark(
    conn: &mut Conn,
    ids: &[i64],
    from: DeliveryStatus,
    lease: Option<NaiveDateTime>,
    status: DeliveryStatus,
    reason: &str,
) -> QueryResult<usize> {
    if ids.is_empty() {
        return Ok(0);
    }
    let mut rows = deliveries::table
        .filter(deliveries::id.eq_any(ids))
        .filter(deliveries::status.eq(from.as_str()))
        .into_boxed();
    if let Some(lease) = lease {
        rows = rows.filter(deliveries::lease_until.eq(lease));
    }
    let sends: Vec<i64> = rows
        .filter(deliveries::action.eq(Action::Send.as_str()))
        .select(deliveries::id)
        .load(conn)?;
    let target = deliveries::table
        .filter(deliveries::id.eq_any(ids))
        .filter(deliveries::status.eq(from.as_str()));
    let n = match lease {
        Some(lease) => diesel::update(target.filter(deliveries::lease_until.eq(lease)))
            .set((
                deliveries::status.eq(status.as_str()),
                deliveries::error.eq(reason),
                deliveries::lease_until.eq(None::<NaiveDateTime>),
                deliveries::updated_at.eq(now()),
            ))
            .execute(conn)?,
        None => diesel::update(target)
            .set((
                deliveries::status.eq(status.as_str()),
                deliveries::error.eq(reason),
                deliveries::updated_at.eq(now()),
            ))
            .execute(conn)?,
    };
    let blocked = status == DeliveryStatus::Blocked;
    let events: Vec<EndedDelivery> = sends
        .into_iter()
        .map(|delivery_id| EndedDelivery {
            delivery_id,
            outcome: Err((reason.to_string(), blocked)),
        })
        .collect();
    outbox::deliveries_ended(conn, &events)?;
    Ok(n)
}

/// Why the worker drops a claimed delivery.
const DEPARTED: &str = "the recipient is no longer linked to this chat";

/// The worker's re-check, right after it claims (`claimed`: delivery id, user id, chat id, all
/// held under `lease`): a delivery whose member is no longer linked to that chat, or is disabled,
/// or whose group or channel is no longer connected for that member, is settled `cancelled` and
/// not sent. Returns the ids it dropped.
pub fn drop_departed(
    conn: &mut Conn,
    claimed: &[(i64, i64, i64)],
    lease: NaiveDateTime,
) -> QueryResult<HashSet<i64>> {
    if claimed.is_empty() {
        return Ok(HashSet::new());
    }
    let mut user_ids: Vec<i64> = claimed.iter().map(|(_, user, _)| *user).collect();
    user_ids.sort_unstable();
    user_ids.dedup();
    let mut open: HashSet<(i64, i64)> = telegram_links::table
        .inner_join(users::table)
        .filter(telegram_links::user_id.eq_any(&user_ids))
        .filter(users::disabled_at.is_null())
        .select((telegram_links::user_id, telegram_links::chat_id))
        .load::<(i64, i64)>(conn)?
        .into_iter()
        .collect();
    let mut group_ids: Vec<i64> = claimed
        .iter()
        .map(|(_, _, chat)| *chat)
        .filter(|chat| *chat < 0)
        .collect();
    group_ids.sort_unstable();
    group_ids.dedup();
    if !group_ids.is_empty() {
        open.extend(
            group_chats::table
                .inner_join(users::table)
                .filter(group_chats::chat_id.eq_any(&group_ids))
                .filter(users::disabled_at.is_null())
                .select((group_chats::user_id, group_chats::chat_id))
                .load::<(i64, i64)>(conn)?,
        );
    }
    let departed: Vec<i64> = claimed
        .iter()
        .filter(|(_, user, chat)| !open.contains(&(*user, *chat)))
        .map(|(id, _, _)| *id)
        .collect();
    if !departed.is_empty() {
        conn.transaction(|conn| {
            mark(
                conn,
                &departed,
                DeliveryStatus::Sending,
                Some(lease),
                DeliveryStatus::Cancelled,
                DEPARTED,
            )
        })?;
        tracing::info!(
            dropped = departed.len(),
            "dropped claimed deliveries whose recipient is no longer linked"
        );
    }
    Ok(departed.into_iter().collect())
}

/// Says goodbye in the chat when [`Ended::farewell`] says one is expected; returns at once.
pub fn tell(telegram: &Telegram, ended: &Ended) {
    if let Some((chat_id, text)) = ended.farewell(&telegram.config.site_name) {
        notices::tell_chat(telegram, chat_id, text);
    }
}
