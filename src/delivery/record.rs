//! Recording what became of each claimed delivery, in short transactions (`writer.rs` batches
//! them). Only a row still held by the same claim changes. What Telegram's answer says about the
//! chat itself (refused for good, moved, its forum topic gone) is handed to the `OnChatChange`
//! the worker was started with (`linking::chat_changed`), in the same transaction.
use chrono::NaiveDateTime;
use diesel::prelude::*;
use std::time::Duration;

use super::job::{self, Action};
use super::status::DeliveryStatus;
use crate::db::schema::deliveries;
use crate::db::{Conn, now};
use crate::webhooks::outbox::{self, EndedDelivery};

/// What Telegram's answer to a send says about the chat itself, beyond this delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatChange {
    /// The chat will not take the bot's messages any more: whatever it had ends.
    Refused(Refusal),
    /// A group became a supergroup with a new id: links and connections follow it.
    Moved { to: i64 },
    /// The group's forum topic is gone: later messages go to the general chat.
    ThreadGone,
}

/// Why Telegram will not take a chat's messages any more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// 403: the member blocked the bot, or the bot may not post in the group.
    Forbidden,
    /// The chat no longer exists.
    ChatNotFound,
}

/// Applies a `ChatChange` to what hangs on the chat (links, connected groups): linking's work,
/// handed to the worker at start so that delivery does not depend on linking.
pub type OnChatChange = fn(&mut Conn, i64, ChatChange) -> QueryResult<()>;

/// What became of one claimed delivery.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The row's last call succeeded: the message is sent (edited, deleted). A send's
    /// `telegram_message_ids` are all its parts'; edits and deletes have none.
    Sent { telegram_message_ids: Vec<i64> },
    /// One call of several succeeded (a part of a long message): the next is due in a moment.
    Progress { telegram_message_ids: Vec<i64> },
    /// Nothing to do: the send this edit or delete acts on delivered nothing.
    Skipped { reason: &'static str },
    /// 403: the user blocked the bot (or is deactivated, …): unlink them.
    Blocked { reason: String },
    /// A permanent failure; `unlink` when the chat no longer exists.
    Failed { reason: String, unlink: bool },
    /// A transient failure, counted as an attempt: try again after `after`.
    Retry { reason: String, after: Duration },
    /// Not attempted (paused, per-chat limit, shutting down) or rate-limited: due again after
    /// `after`, without counting an attempt.
    Deferred {
        after: Duration,
        reason: Option<String>,
    },
    /// Telegram moved the chat: follow it and send again.
    Moved { new_chat_id: i64 },
    /// The forum topic it was for is gone: send it to the general chat, as later ones will go.
    ThreadGone,
    /// Its broadcast was cancelled before it was sent.
    Cancelled,
}

#[derive(Debug, Clone)]
pub struct Finished {
    pub delivery_id: i64,
    pub action: Action,
    pub chat_id: i64,
    pub lease: NaiveDateTime,
    pub outcome: Outcome,
}

fn delay(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::hours(1))
}

/// Records outcomes in one transaction. Only rows still held by the same claim change, so a late
/// outcome never overwrites a newer state (a reclaim, a cancel).
/// Sent, blocked and failed ones become `delivery.*` webhook events in the same transaction.
pub fn record(conn: &mut Conn, finished: &[Finished], on_chat: OnChatChange) -> QueryResult<()> {
    conn.transaction(|conn| {
        let mut ended = Vec::new();
        for f in finished {
            // Only sends are events: an edit or delete is the caller's own doing.
            if record_one(conn, f, on_chat)? && f.action == Action::Send {
                ended.push(ended_delivery(f));
            }
        }
        outbox::deliveries_ended(conn, &ended)
    })
}

fn ended_delivery(f: &Finished) -> EndedDelivery {
    let outcome = match &f.outcome {
        Outcome::Sent {
            telegram_message_ids,
        } => Ok(telegram_message_ids.first().copied().unwrap_or_default()),
        Outcome::Blocked { reason } => Err((reason.clone(), true)),
        Outcome::Failed { reason, .. } => Err((reason.clone(), false)),
        _ => Err((String::new(), false)),
    };
    EndedDelivery {
        delivery_id: f.delivery_id,
        outcome,
    }
}

/// Records one outcome; true when it ended the delivery (sent, blocked, failed) just now.
fn record_one(conn: &mut Conn, f: &Finished, on_chat: OnChatChange) -> QueryResult<bool> {
    use deliveries::dsl as d;
    let at = now();
    let row = d::deliveries
        .filter(d::id.eq(f.delivery_id))
        .filter(d::status.eq(DeliveryStatus::Sending.as_str()))
        .filter(d::lease_until.eq(f.lease));
    let no_lease = d::lease_until.eq(None::<NaiveDateTime>);
    match &f.outcome {
        Outcome::Sent {
            telegram_message_ids,
        } => diesel::update(row)
            .set((
                d::status.eq(DeliveryStatus::Sent.as_str()),
                d::step.eq(d::step + 1),
                d::error.eq(None::<String>),
                d::attempts.eq(d::attempts + 1),
                no_lease,
                d::updated_at.eq(at),
                delivered(telegram_message_ids),
            ))
            .execute(conn)
            .map(|n| n > 0),
        // Reset attempts: each part has its own tries.
        Outcome::Progress {
            telegram_message_ids,
        } => diesel::update(row)
            .set((
                d::status.eq(DeliveryStatus::Pending.as_str()),
                d::step.eq(d::step + 1),
                d::error.eq(None::<String>),
                d::attempts.eq(0),
                d::next_attempt_at.eq(at + chrono::Duration::seconds(1)),
                no_lease,
                d::updated_at.eq(at),
                delivered(telegram_message_ids),
            ))
            .execute(conn)
            .map(|_| false),
        Outcome::Skipped { reason } => diesel::update(row)
            .set((
                d::status.eq(DeliveryStatus::Cancelled.as_str()),
                d::error.eq(*reason),
                no_lease,
                d::updated_at.eq(at),
            ))
            .execute(conn)
            .map(|_| false),
        Outcome::Blocked { reason } => {
            let n = diesel::update(row)
                .set((
                    d::status.eq(DeliveryStatus::Blocked.as_str()),
                    d::error.eq(reason),
                    d::attempts.eq(d::attempts + 1),
                    no_lease,
                    d::updated_at.eq(at),
                ))
                .execute(conn)?;
            on_chat(conn, f.chat_id, ChatChange::Refused(Refusal::Forbidden))?;
            Ok(n > 0)
        }
        Outcome::Failed { reason, unlink } => {
            let n = diesel::update(row)
                .set((
                    d::status.eq(DeliveryStatus::Failed.as_str()),
                    d::error.eq(reason),
                    d::attempts.eq(d::attempts + 1),
                    no_lease,
                    d::updated_at.eq(at),
                ))
                .execute(conn)?;
            if *unlink {
                on_chat(conn, f.chat_id, ChatChange::Refused(Refusal::ChatNotFound))?;
            }
            Ok(n > 0)
        }
        Outcome::Retry { reason, after } => diesel::update(row)
            .set((
                d::status.eq(DeliveryStatus::Pending.as_str()),
                d::error.eq(reason),
                d::attempts.eq(d::attempts + 1),
                d::next_attempt_at.eq(at + delay(*after)),
                no_lease,
                d::updated_at.eq(at),
            ))
            .execute(conn)
            .map(|_| false),
        Outcome::Deferred { after, reason } => {
            let update = diesel::update(row);
            let values = (
                d::status.eq(DeliveryStatus::Pending.as_str()),
                d::next_attempt_at.eq(at + delay(*after)),
                no_lease,
                d::updated_at.eq(at),
            );
            match reason {
                Some(r) => update.set((values, d::error.eq(r))).execute(conn),
                None => update.set(values).execute(conn),
            }
            .map(|_| false)
        }
        Outcome::Moved { new_chat_id } => {
            on_chat(conn, f.chat_id, ChatChange::Moved { to: *new_chat_id })?;
            diesel::update(row)
                .set((
                    d::chat_id.eq(new_chat_id),
                    d::status.eq(DeliveryStatus::Pending.as_str()),
                    d::attempts.eq(d::attempts + 1),
                    d::next_attempt_at.eq(at),
                    no_lease,
                    d::updated_at.eq(at),
                ))
                .execute(conn)?;
            diesel::update(
                d::deliveries
                    .filter(d::chat_id.eq(f.chat_id))
                    .filter(d::status.eq(DeliveryStatus::Pending.as_str())),
            )
            .set(d::chat_id.eq(new_chat_id))
            .execute(conn)
            .map(|_| false)
        }
        Outcome::ThreadGone => {
            on_chat(conn, f.chat_id, ChatChange::ThreadGone)?;
            diesel::update(
                d::deliveries
                    .filter(d::chat_id.eq(f.chat_id))
                    .filter(d::status.eq(DeliveryStatus::Pending.as_str())),
            )
            .set(d::thread_id.eq(None::<i64>))
            .execute(conn)?;
            diesel::update(row)
                .set((
                    d::thread_id.eq(None::<i64>),
                    d::status.eq(DeliveryStatus::Pending.as_str()),
                    d::attempts.eq(d::attempts + 1),
                    d::next_attempt_at.eq(at),
                    no_lease,
                    d::updated_at.eq(at),
                ))
                .execute(conn)
                .map(|_| false)
        }
        Outcome::Cancelled => diesel::update(row)
            .set((
                d::status.eq(DeliveryStatus::Cancelled.as_str()),
                d::error.eq("cancelled by an admin"),
                no_lease,
                d::updated_at.eq(at),
            ))
            .execute(conn)
            .map(|_| false),
    }
}

/// A send's message ids as stored: the first as `telegram_message_id`, all of them in order.
/// (Edits and deletes have none, and store none: their rows never held any.)
fn delivered(
    ids: &[i64],
) -> (
    diesel::dsl::Eq<deliveries::telegram_message_id, Option<i64>>,
    diesel::dsl::Eq<deliveries::telegram_message_ids, Option<String>>,
) {
    (
        deliveries::telegram_message_id.eq(ids.first().copied()),
        deliveries::telegram_message_ids.eq((!ids.is_empty()).then(|| job::format_ids(ids))),
    )
}
