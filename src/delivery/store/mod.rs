//! Writing to the queue: a message and one delivery per recipient in one transaction (an
//! `INSERT … SELECT` over the linked accounts), idempotent by key; and cancelling a broadcast.
use chrono::NaiveDateTime;
use diesel::dsl::{exists, not};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Integer, Text, Timestamp};

use super::job::Action;
use super::options::SendOptions;
use super::status::DeliveryStatus;
use super::text::MessageText;
use crate::accounts::UserId;
use crate::db::schema::{
    deliveries, group_chats, messages, telegram_links, topic_preferences, users,
};
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

/// Queues one delivery of broadcast `$id` per connected group or channel (into its forum topic,
/// if one was chosen), filed under the account that connected it; none for an account disabled
/// since. A macro, to run on the backend's own connection inside the broadcast's transaction.
macro_rules! enqueue_to_groups {
    ($c:expr, $id:expr, $due:expr, $at:expr) => {{
        let groups = group_chats::table
            .inner_join(users::table)
            .filter(users::disabled_at.is_null())
            .select((
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

pub use notification::{Notify, Recipient, enqueue_notification};

/// Who receives a broadcast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Every linked user.
    All,
    /// Linked admins only: a test send.
    Admins,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::All => "all",
            Audience::Admins => "admins",
        }
    }
}

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

/// What the queue needs of a message's topic (`topics::Topic::rule`): who receives it.
#[derive(Debug, Clone, Copy)]
pub struct TopicRule {
    pub id: i64,
    /// Members who made no choice receive it.
    pub default_on: bool,
    /// Everyone receives it, whatever they chose.
    pub critical: bool,
}

/// Creates a broadcast and its deliveries at once. A second call with the same `key` changes
/// nothing and returns the first broadcast. With a topic, only the members who receive it get
/// it (their choice, else the topic's default; everyone for a critical topic).
pub fn enqueue_broadcast(
    conn: &mut Conn,
    author: UserId,
    text: &MessageText,
    audience: Audience,
    key: &str,
    topic: Option<TopicRule>,
    options: &SendOptions,
) -> QueryResult<Enqueued> {
    // `everyone`: no topic, or a critical one. Otherwise a member receives it when they chose
    // it, or made no choice and it is on by default.
    let (topic_id, everyone, default_on) = match topic {
        None => (None, true, false),
        Some(t) => (Some(t.id), t.critical, t.default_on),
    };
    let choice = topic_preferences::table
        .filter(topic_preferences::user_id.eq(telegram_links::user_id))
        .filter(topic_preferences::topic_id.nullable().eq(topic_id));
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
        let admins_only = audience == Audience::Admins;
        let recipients = telegram_links::table
            .inner_join(users::table)
            .filter(
                users::is_admin
                    .eq(true)
                    .or((!admins_only).into_sql::<Bool>()),
            )
            .filter(users::disabled_at.is_null())
            .filter(
                everyone
                    .into_sql::<Bool>()
                    .or(exists(
                        choice.filter(topic_preferences::subscribed.eq(true)),
                    ))
                    .or(default_on.into_sql::<Bool>().and(not(exists(choice)))),
            )
            .select((
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
        // Groups have no topic choices: the admin's checkbox alone decides, except that a test
        // send to admins stays with the admins.
        let count = match options.to_groups && !admins_only {
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
