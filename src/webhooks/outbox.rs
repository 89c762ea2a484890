//! The outbox: events are written in the transaction of the change that caused them (a link, an
//! unlink, a delivery's outcome), one row per event and one delivery row per endpoint. Nothing
//! here talks to the network; `sender.rs` drains the queue.
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::{Map, Value, json};

use super::endpoints;
use crate::crypto::random_token;
use crate::db::schema::{deliveries, messages, users, webhook_deliveries, webhook_events};
use crate::db::{Conn, now};

/// What happened; the `type` of the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventType {
    LinkCreated,
    LinkRemoved,
    DeliverySent,
    DeliveryFailed,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::LinkCreated => "link.created",
            EventType::LinkRemoved => "link.removed",
            EventType::DeliverySent => "delivery.sent",
            EventType::DeliveryFailed => "delivery.failed",
        }
    }
}

/// A webhook delivery's state, as `webhook_deliveries.status` stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pending,
    Sent,
    /// Retried for the whole retry window and never accepted.
    Failed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Sent => "sent",
            Status::Failed => "failed",
        }
    }
}

/// RFC 3339 in UTC with milliseconds, as every event's times.
pub fn rfc3339(t: NaiveDateTime) -> String {
    t.and_utc()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Queues an event about `user_id` for every endpoint (nothing when there is none). `data` gets
/// the subscriber's `external_id` (null for tglink's own accounts, which get `username`).
pub fn queue(
    conn: &mut Conn,
    user_id: i64,
    event: EventType,
    data: Map<String, Value>,
) -> QueryResult<()> {
    let endpoints = endpoints::ids(conn)?;
    if endpoints.is_empty() {
        return Ok(());
    }
    queue_for(conn, &endpoints, user_id, event, data)
}

fn queue_for(
    conn: &mut Conn,
    endpoints: &[i64],
    user_id: i64,
    event: EventType,
    mut data: Map<String, Value>,
) -> QueryResult<()> {
    let who: Option<(Option<String>, String)> = users::table
        .find(user_id)
        .select((users::external_id, users::username))
        .first(conn)
        .optional()?;
    let (external_id, username) = who.unwrap_or((None, String::new()));
    if external_id.is_none() {
        data.insert("username".into(), username.into());
    }
    data.insert("external_id".into(), external_id.into());
    let at = now();
    let body = json!({ "type": event.as_str(), "timestamp": rfc3339(at), "data": data });
    let event_id: i64 = diesel::insert_into(webhook_events::table)
        .values((
            webhook_events::webhook_id.eq(format!("msg_{}", random_token())),
            webhook_events::event_type.eq(event.as_str()),
            webhook_events::user_id.eq(user_id),
            webhook_events::body.eq(body.to_string()),
            webhook_events::created_at.eq(at),
        ))
        .returning(webhook_events::id)
        .get_result(conn)?;
    // One row per endpoint (a handful): MultiConnection has no batch insert.
    for endpoint in endpoints {
        diesel::insert_into(webhook_deliveries::table)
            .values((
                webhook_deliveries::event_id.eq(event_id),
                webhook_deliveries::endpoint_id.eq(*endpoint),
                webhook_deliveries::lane.eq(user_id),
                webhook_deliveries::status.eq(Status::Pending.as_str()),
                webhook_deliveries::next_attempt_at.eq(at),
                webhook_deliveries::updated_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// `link.created`: the Telegram account that confirmed.
pub fn link_created(
    conn: &mut Conn,
    user_id: i64,
    telegram_username: Option<&str>,
    telegram_name: &str,
    linked_at: NaiveDateTime,
) -> QueryResult<()> {
    let data = json!({
        "telegram": { "username": telegram_username, "first_name": telegram_name },
        "linked_at": rfc3339(linked_at),
    });
    queue(conn, user_id, EventType::LinkCreated, object(data))
}

/// `link.removed`, with `reason` ("site", "stop" or "blocked") and the finer `via`.
pub fn link_removed(conn: &mut Conn, user_id: i64, reason: &str, via: &str) -> QueryResult<()> {
    let data = json!({ "reason": reason, "via": via });
    queue(conn, user_id, EventType::LinkRemoved, object(data))
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// A delivery that reached its end, as the delivery writer recorded it.
#[derive(Debug, Clone)]
pub struct EndedDelivery {
    pub delivery_id: i64,
    /// Telegram's message id, or why it failed (`blocked` when the user blocked the bot).
    pub outcome: Result<i64, (String, bool)>,
}

/// `delivery.sent` / `delivery.failed` for the notifications among `ended` (messages sent
/// through the API; the site does not know the dashboard's broadcasts). With no endpoint this
/// is one cheap read per batch of outcomes.
pub fn deliveries_ended(conn: &mut Conn, ended: &[EndedDelivery]) -> QueryResult<()> {
    if ended.is_empty() {
        return Ok(());
    }
    let endpoints = endpoints::ids(conn)?;
    if endpoints.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = ended.iter().map(|e| e.delivery_id).collect();
    let notifications: Vec<(i64, i64, i64)> = deliveries::table
        .inner_join(messages::table)
        .filter(deliveries::id.eq_any(&ids))
        .filter(messages::api_token_id.is_not_null())
        .select((deliveries::id, messages::id, deliveries::user_id))
        .load(conn)?;
    for (delivery_id, notification_id, user_id) in notifications {
        let Some(e) = ended.iter().find(|e| e.delivery_id == delivery_id) else {
            continue;
        };
        let (event, data) = match &e.outcome {
            Ok(telegram_message_id) => (
                EventType::DeliverySent,
                json!({
                    "notification_id": notification_id,
                    "telegram_message_id": telegram_message_id,
                }),
            ),
            Err((reason, blocked)) => (
                EventType::DeliveryFailed,
                json!({
                    "notification_id": notification_id,
                    "error": reason,
                    "blocked": blocked,
                }),
            ),
        };
        queue_for(conn, &endpoints, user_id, event, object(data))?;
    }
    Ok(())
}
