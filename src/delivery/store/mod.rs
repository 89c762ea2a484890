//! Writing to the queue: a message and one delivery per recipient in one transaction (an
//! `INSERT … SELECT` over the linked accounts), idempotent by key; and cancelling a broadcast.
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text, Timestamp};

use super::audience::{Reach, reached_groups, reached_members};
use super::job::Action;
use super::options::SendOptions;
use super::status::DeliveryStatus;
use super::text::MessageText;
use super::variants;
use crate::accounts::UserId;
use crate::db::schema::{deliveries, group_chats, messages, telegram_links, users};
use crate::db::{Conn, now};

/// Runs `$body` with `$c` bound to the concrete connection of either backend, so diesel's
/// backend-specific features (ON CONFLICT, raw SQL dialects) type-check once per backend.
macro_rules! on_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::Conn::Pg($c) => $body,
            $crate::db::Conn::Sqlite($c) => $body,
        }
    };
}

/// Queues one delivery of broadcast `$id` per connected group or channel the broadcast reaches
/// (into its forum topic, if one was chosen), filed under the account that connected it. A macro,
/// to run on the backend's own connection inside the broadcast's transaction.
macro_rules! enqueue_to_groups {
    ($c:expr, $id:expr, $due:expr, $at:expr) => {{
        let groups = reached_groups!().select((
            $id.into_sql::<BigInt>(),
            group_chats::user_id,
            group_chats::chat_id,
            group_chats::thread_id,
            DeliveryStatus::Pending.as_str().into_sql::<Text>(),
            $due.into_sql::<Timestamp>(),
            $at.into_sql::<Timestamp>(),
            PRIORITY_BROADCAST.into_sql::<Integer>(),
        ));
        diesel::insert_into(deliveries::table)
            .values(groups)
            .into_columns((
                deliveries::message_id,
                deliveries::user_id,
                deliveries::chat_id,
                deliveries::thread_id,
                deliveries::status,
                deliveries::next_attempt_at,
                deliveries::updated_at,
                deliveries::priority,
            ))
            .execute($c)
    }};
}

mod notification; // one notification to one member (the API)

pub use super::audience::{Audience, TopicRule};
pub use notification::{Notify, Recipient, enqueue_notification};

/// Notifications go before broadcasts in the queue (lower is sooner).
pub const PRIORITY_NOTIFICATION: i32 = 0;
pub const PRIORITY_BROADCAST: i32 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Enqueued {
    pub id: i64,
    /// False when the idempotency key was already used: `id` is the earlier message.
    pub created: bool,
    pub recipients: i64,
}

fn existing(conn: &mut Conn, key: &str) -> QueryResult<Enqueued> {
    let (id, recipients) = messages::table
        .filter(messages::idempotency_key.eq(key))
        .select((messages::id, messages::recipients))
        .first::<(i64, i64)>(conn)?;
    Ok(Enqueued {
        id,
        created: false,
        recipients,
    })
}

/// Creates a broadcast and its deliveries at once, to whom `audience::Reach` says. A second call
/// with the same `key` changes nothing and returns the first broadcast.
pub fn enqueue_broadcast(
    conn: &mut Conn,
    author: UserId,
    text: &MessageText,
    audience: Audience,
    key: &str,
    topic: Option<TopicRule>,
    options: &SendOptions,
) -> QueryResult<Enqueued> {
    let reach = Reach::new(audience, topic, options.to_groups);
    let topic_id = reach.topic_id;
    // The backend's own transaction (ON CONFLICT) runs as a savepoint inside this one, so the
    // variants are written with the deliveries or not at all.
    let created = conn.transaction(|conn| {
        let created = on_backend!(conn, |c| c.transaction(|c| {
            let at = now();
            // A scheduled broadcast's deliveries are due when it starts.
            let due = options.send_at.unwrap_or(at);
            // The insert comes first, so SQLite takes its write lock at once rather than upgrading.
            let id: Option<i64> = diesel::insert_into(messages::table)
                .values((
                    messages::kind.eq("broadcast"),
                    messages::author_id.eq(author.0),
                    messages::text.eq(text.as_str()),
                    messages::format.eq(text.format().as_str()),
                    messages::audience.eq(audience.as_str()),
                    messages::to_groups.eq(options.to_groups),
                    messages::idempotency_key.eq(key),
                    messages::created_at.eq(at),
                    messages::topic_id.eq(topic_id),
                    messages::silent.eq(options.silent),
                    messages::protect_content.eq(options.protect_content),
                    messages::buttons.eq(options.buttons_json()),
                    messages::send_at.eq(options.send_at),
                ))
                .on_conflict(messages::idempotency_key)
                .do_nothing()
                .returning(messages::id)
                .get_result(c)
                .optional()?;
            let Some(id) = id else {
                return Ok::<_, diesel::result::Error>(None);
            };
            let recipients = reached_members!(&reach).select((
                id.into_sql::<BigInt>(),
                telegram_links::user_id,
                telegram_links::chat_id,
                DeliveryStatus::Pending.as_str().into_sql::<Text>(),
                due.into_sql::<Timestamp>(),
                at.into_sql::<Timestamp>(),
                PRIORITY_BROADCAST.into_sql::<Integer>(),
            ));
            let count = diesel::insert_into(deliveries::table)
                .values(recipients)
                .into_columns((
                    deliveries::message_id,
                    deliveries::user_id,
                    deliveries::chat_id,
                    deliveries::status,
                    deliveries::next_attempt_at,
                    deliveries::updated_at,
                    deliveries::priority,
                ))
                .execute(c)? as i64;
            // Groups have no topic choices: the admin's checkbox alone decides (`Reach::to_groups`).
            let count = match reach.to_groups {
                true => count + enqueue_to_groups!(c, id, due, at)? as i64,
                false => count,
            };
            diesel::update(messages::table.find(id))
                .set(messages::recipients.eq(count))
                .execute(c)?;
            Ok(Some(Enqueued {
                id,
                created: true,
                recipients: count,
            }))
        }))?;
        if let Some(e) = &created {
            variants::save(conn, e.id, &options.variants)?;
            variants::assign(conn, e.id, &options.variants)?;
        }
        Ok::<_, diesel::result::Error>(created)
    })?;
    match created {
        Some(e) => Ok(e),
        None => existing(conn, key),
    }
}

/// Cancels a broadcast: its pending deliveries become `cancelled`. Deliveries already handed to
/// the worker finish, or are dropped by it before sending. Returns how many were cancelled.
pub fn cancel(conn: &mut Conn, message_id: i64) -> QueryResult<usize> {
    conn.transaction(|conn| {
        let at = now();
        diesel::update(
            messages::table
                .find(message_id)
                .filter(messages::cancelled_at.is_null()),
        )
        .set(messages::cancelled_at.eq(at))
        .execute(conn)?;
        cancel_unsent(conn, message_id, "cancelled by an admin")
    })
}

/// Cancels a message's sends that have not gone out (nor started to), with `reason` as their
/// outcome.
pub(super) fn cancel_unsent(conn: &mut Conn, message_id: i64, reason: &str) -> QueryResult<usize> {
    diesel::update(
        deliveries::table
            .filter(deliveries::message_id.eq(message_id))
            .filter(deliveries::action.eq(Action::Send.as_str()))
            .filter(deliveries::status.eq(DeliveryStatus::Pending.as_str())),
    )
    .set((
        deliveries::status.eq(DeliveryStatus::Cancelled.as_str()),
        deliveries::error.eq(reason),
        deliveries::updated_at.eq(now()),
    ))
    .execute(conn)
}

/// Queues an admin's test message to one user's linked chat (audience `user`, sent before the
/// broadcasts). `Ok(None)` when the user is not linked or is disabled.
pub fn enqueue_test_message(
    conn: &mut Conn,
    author: UserId,
    user: UserId,
    text: &MessageText,
) -> QueryResult<Option<i64>> {
    conn.transaction(|conn| {
        let chat_id: Option<i64> = telegram_links::table
            .inner_join(users::table)
            .filter(telegram_links::user_id.eq(user.0))
            .filter(users::disabled_at.is_null())
            .select(telegram_links::chat_id)
            .first(conn)
            .optional()?;
        let Some(chat_id) = chat_id else {
            return Ok(None);
        };
        let at = now();
        let id: i64 = diesel::insert_into(messages::table)
            .values((
                messages::kind.eq("notification"),
                messages::author_id.eq(author.0),
                messages::text.eq(text.as_str()),
                messages::format.eq(text.format().as_str()),
                messages::audience.eq("user"),
                messages::recipients.eq(1),
                messages::created_at.eq(at),
            ))
            .returning(messages::id)
            .get_result(conn)?;
        diesel::insert_into(deliveries::table)
            .values((
                deliveries::message_id.eq(id),
                deliveries::user_id.eq(user.0),
                deliveries::chat_id.eq(chat_id),
                deliveries::status.eq(DeliveryStatus::Pending.as_str()),
                deliveries::next_attempt_at.eq(at),
                deliveries::updated_at.eq(at),
                deliveries::priority.eq(PRIORITY_NOTIFICATION),
            ))
            .execute(conn)?;
        Ok(Some(id))
    })
}

/// Changes a scheduled broadcast before it starts: its text and its start time. False when it
/// has started (or is due within the minute, when the worker may be taking it), was cancelled, or
/// is not scheduled.
pub fn edit_scheduled(
    conn: &mut Conn,
    message_id: i64,
    text: &MessageText,
    send_at: NaiveDateTime,
) -> QueryResult<bool> {
    conn.transaction(|conn| {
        let soon = now() + chrono::Duration::minutes(1);
        let changed = diesel::update(
            messages::table
                .find(message_id)
                .filter(messages::cancelled_at.is_null())
                .filter(messages::send_at.gt(soon)),
        )
        .set((
            messages::text.eq(text.as_str()),
            messages::format.eq(text.format().as_str()),
            messages::send_at.eq(send_at),
        ))
        .execute(conn)?;
        if changed == 0 {
            return Ok(false);
        }
        diesel::update(
            deliveries::table
                .filter(deliveries::message_id.eq(message_id))
                .filter(deliveries::status.eq(DeliveryStatus::Pending.as_str())),
        )
        .set(deliveries::next_attempt_at.eq(send_at))
        .execute(conn)?;
        Ok(true)
    })
}
