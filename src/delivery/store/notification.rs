//! Queueing one notification to one member (the API), in one transaction: refused with the
//! reason when they are unknown, not linked, disabled or muted its topic.
use diesel::prelude::*;

use super::{Enqueued, PRIORITY_NOTIFICATION, TopicRule, existing};
use crate::db::schema::{deliveries, messages, telegram_links, topic_preferences, users};
use crate::db::{Conn, now};
use crate::delivery::options::SendOptions;
use crate::delivery::status::DeliveryStatus;
use crate::delivery::text::MessageText;
use crate::delivery::variants;

/// What became of a notification request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notify {
    Queued(Enqueued),
    UnknownUser,
    NotLinked,
    /// An admin disabled the account: it receives nothing.
    Disabled,
    /// The member muted the message's topic.
    Muted,
}

/// Who a notification is for.
#[derive(Debug, Clone, Copy)]
pub enum Recipient<'a> {
    /// One of tglink's own accounts, by case-insensitive username.
    Username(&'a str),
    /// A subscriber by the site's own id (exact).
    External(&'a str),
}

/// Queues a notification to one user in one transaction; with a topic, only if they receive it.
pub fn enqueue_notification(
    conn: &mut Conn,
    api_token_id: i64,
    to: Recipient<'_>,
    text: &MessageText,
    key: Option<&str>,
    topic: Option<TopicRule>,
    options: &SendOptions,
) -> QueryResult<Notify> {
    let offered: Vec<_> = options.variants.iter().map(|(l, _)| *l).collect();
    let (lower, external) = match to {
        Recipient::Username(name) => (Some(name.trim().to_ascii_lowercase()), None),
        Recipient::External(id) => (None, Some(id)),
    };
    // As a broadcast's: the backend's transaction is a savepoint in this one, with the variants.
    let outcome = conn.transaction::<_, Refused, _>(|conn| {
        let outcome = on_backend!(conn, |c| c.transaction(|c| {
            let at = now();
            let id: Option<i64> = diesel::insert_into(messages::table)
                .values((
                    messages::kind.eq("notification"),
                    messages::api_token_id.eq(api_token_id),
                    messages::text.eq(text.as_str()),
                    messages::format.eq(text.format().as_str()),
                    messages::audience.eq("user"),
                    messages::idempotency_key.eq(key),
                    messages::recipients.eq(1),
                    messages::created_at.eq(at),
                    messages::topic_id.eq(topic.map(|t| t.id)),
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
            let Some(id) = id else { return Ok(None) };
            let found = users::table.left_join(telegram_links::table).into_boxed();
            let found = match (&lower, external) {
                (Some(lower), _) => found
                    .filter(users::username_lower.eq(lower))
                    .filter(users::external_id.is_null()),
                (None, id) => found.filter(users::external_id.eq(id)),
            };
            type Found = (i64, Option<i64>, bool, Option<String>, Option<String>);
            let user: Option<Found> = found
                .select((
                    users::id,
                    telegram_links::chat_id.nullable(),
                    users::disabled_at.is_not_null(),
                    users::language,
                    telegram_links::language_code.nullable(),
                ))
                .first(c)
                .optional()?;
            let (user_id, chat_id, chosen, code) = match user {
                None => return Err(Refused::Outcome(Notify::UnknownUser)),
                Some((_, _, true, _, _)) => return Err(Refused::Outcome(Notify::Disabled)),
                Some((_, None, _, _, _)) => return Err(Refused::Outcome(Notify::NotLinked)),
                Some((u, Some(chat), _, chosen, code)) => (u, chat, chosen, code),
            };
            let language = variants::choose(&offered, chosen.as_deref(), code.as_deref());
            // As topics::receives, on this backend's connection.
            if let Some(topic) = topic.filter(|t| !t.critical) {
                let chosen: Option<bool> = topic_preferences::table
                    .find((user_id, topic.id))
                    .select(topic_preferences::subscribed)
                    .first(c)
                    .optional()?;
                if !chosen.unwrap_or(topic.default_on) {
                    return Err(Refused::Outcome(Notify::Muted));
                }
            }
            diesel::insert_into(deliveries::table)
                .values((
                    deliveries::message_id.eq(id),
                    deliveries::user_id.eq(user_id),
                    deliveries::chat_id.eq(chat_id),
                    deliveries::status.eq(DeliveryStatus::Pending.as_str()),
                    deliveries::next_attempt_at.eq(options.send_at.unwrap_or(at)),
                    deliveries::updated_at.eq(at),
                    deliveries::priority.eq(PRIORITY_NOTIFICATION),
                    deliveries::language.eq(language.map(|l| l.tag())),
                ))
                .execute(c)?;
            Ok(Some(Notify::Queued(Enqueued {
                id,
                created: true,
                recipients: 1,
            })))
        }))?;
        if let Some(Notify::Queued(e)) = &outcome {
            variants::save(conn, e.id, &options.variants)?;
        }
        Ok(outcome)
    });
    match outcome {
        Ok(Some(n)) => Ok(n),
        Ok(None) => match key {
            Some(key) => existing(conn, key).map(Notify::Queued),
            None => Err(diesel::result::Error::NotFound),
        },
        // The transaction rolled back: nothing was queued.
        Err(Refused::Outcome(n)) => Ok(n),
        Err(Refused::Db(e)) => Err(e),
    }
}

/// A notification that cannot be queued rolls its transaction back with the reason.
enum Refused {
    Outcome(Notify),
    Db(diesel::result::Error),
}

impl From<diesel::result::Error> for Refused {
    fn from(e: diesel::result::Error) -> Self {
        Refused::Db(e)
    }
}
