//! What the dashboard and the API read: delivery counts, broadcast history, per-recipient
//! outcomes, a notification's status.
use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::prelude::*;

use super::job::Action;
use super::status::DeliveryStatus;
use super::text::Format;
use crate::db::Conn;
use crate::db::schema::{deliveries, messages, users};

/// Deliveries of a message by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub pending: i64,
    pub sending: i64,
    pub sent: i64,
    pub blocked: i64,
    pub failed: i64,
    pub cancelled: i64,
}

impl Counts {
    fn add(&mut self, status: &str, n: i64) {
        let Ok(status) = status.parse::<DeliveryStatus>() else {
            return tracing::warn!(status, "delivery with an unknown status not counted");
        };
        let count = match status {
            DeliveryStatus::Pending => &mut self.pending,
            DeliveryStatus::Sending => &mut self.sending,
            DeliveryStatus::Sent => &mut self.sent,
            DeliveryStatus::Blocked => &mut self.blocked,
            DeliveryStatus::Failed => &mut self.failed,
            DeliveryStatus::Cancelled => &mut self.cancelled,
        };
        *count += n;
    }

    pub fn total(&self) -> i64 {
        self.pending + self.sending + self.sent + self.blocked + self.failed + self.cancelled
    }

    /// Still to go: waiting or being sent.
    pub fn open(&self) -> i64 {
        self.pending + self.sending
    }

    /// Settled one way or another, in per cent of all.
    pub fn percent_done(&self) -> u32 {
        let total = self.total();
        if total == 0 {
            100
        } else {
            ((total - self.open()) * 100 / total) as u32
        }
    }
}

/// Deliveries of these messages doing `action`, by message and status.
fn counts_for(conn: &mut Conn, ids: &[i64], action: Action) -> QueryResult<HashMap<i64, Counts>> {
    let rows: Vec<(i64, String, i64)> = deliveries::table
        .filter(deliveries::message_id.eq_any(ids))
        .filter(deliveries::action.eq(action.as_str()))
        .group_by((deliveries::message_id, deliveries::status))
        .select((deliveries::message_id, deliveries::status, count_star()))
        .load(conn)?;
    let mut out: HashMap<i64, Counts> = HashMap::new();
    for (id, status, n) in rows {
        out.entry(id).or_default().add(&status, n);
    }
    Ok(out)
}

/// How a message's sends stand.
pub fn counts(conn: &mut Conn, message_id: i64) -> QueryResult<Counts> {
    change_counts(conn, message_id, Action::Send)
}

/// How a message's latest edit (or its retraction) stands.
pub fn change_counts(conn: &mut Conn, message_id: i64, action: Action) -> QueryResult<Counts> {
    Ok(counts_for(conn, &[message_id], action)?
        .remove(&message_id)
        .unwrap_or_default())
}

/// Deliveries waiting or in flight, over all messages.
pub fn open_deliveries(conn: &mut Conn) -> QueryResult<i64> {
    deliveries::table
        .filter(deliveries::status.eq_any([
            DeliveryStatus::Pending.as_str(),
            DeliveryStatus::Sending.as_str(),
        ]))
        .count()
        .get_result(conn)
}

/// Deliveries waiting or in flight, by the kind of their message (broadcast, notification).
pub fn open_by_kind(conn: &mut Conn) -> QueryResult<Vec<(String, i64)>> {
    deliveries::table
        .inner_join(messages::table)
        .filter(deliveries::status.eq_any([
            DeliveryStatus::Pending.as_str(),
            DeliveryStatus::Sending.as_str(),
        ]))
        .group_by(messages::kind)
        .select((messages::kind, count_star()))
        .load(conn)
}

#[derive(Debug, Clone)]
pub struct Broadcast {
    pub id: i64,
    pub author: Option<String>,
    pub text: String,
    pub format: Format,
    pub audience: String,
    pub recipients: i64,
    pub created_at: NaiveDateTime,
    pub cancelled_at: Option<NaiveDateTime>,
    pub send_at: Option<NaiveDateTime>,
    pub edited_at: Option<NaiveDateTime>,
    pub retracted_at: Option<NaiveDateTime>,
    pub counts: Counts,
    /// Its latest edit or its retraction and how far it got (read for one broadcast only).
    pub change: Option<(Action, Counts)>,
}

type BroadcastRow = (
    i64,
    Option<String>,
    String,
    String,
    String,
    i64,
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    (Option<NaiveDateTime>, Option<NaiveDateTime>),
);

fn broadcasts_where(
    conn: &mut Conn,
    id: Option<i64>,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<Broadcast>> {
    let mut query = messages::table
        .left_join(users::table)
        .filter(messages::kind.eq("broadcast"))
        .select((
            messages::id,
            users::username.nullable(),
            messages::text,
            messages::format,
            messages::audience,
            messages::recipients,
            messages::created_at,
            messages::cancelled_at,
            messages::send_at,
            (messages::edited_at, messages::retracted_at),
        ))
        .order(messages::id.desc())
        .offset(offset)
        .limit(limit)
        .into_boxed();
    if let Some(id) = id {
        query = query.filter(messages::id.eq(id));
    }
    let rows: Vec<BroadcastRow> = query.load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let mut counts = counts_for(conn, &ids, Action::Send)?;
    Ok(rows
        .into_iter()
        .map(
            |(
                id,
                author,
                text,
                format,
                audience,
                recipients,
                created_at,
                cancelled_at,
                send_at,
                (edited_at, retracted_at),
            )| {
                Broadcast {
                    id,
                    author,
                    text,
                    format: Format::from_db(&format),
                    audience,
                    recipients,
                    created_at,
                    cancelled_at,
                    send_at,
                    edited_at,
                    retracted_at,
                    counts: counts.remove(&id).unwrap_or_default(),
                    change: None,
                }
            },
        )
        .collect())
}

/// A page of broadcasts, newest first; one more than `per_page` tells that a next page exists.
pub fn broadcasts(conn: &mut Conn, page: i64, per_page: i64) -> QueryResult<Vec<Broadcast>> {
    broadcasts_where(conn, None, (page.max(1) - 1) * per_page, per_page + 1)
}

impl Broadcast {
    /// When it started (or starts) going out.
    pub fn started_at(&self) -> NaiveDateTime {
        self.send_at.unwrap_or(self.created_at)
    }

    /// It went out, or is going out: something reached, or may reach, a chat.
    pub fn went_out(&self) -> bool {
        self.started_at() <= crate::db::now()
            && self.counts.total() > 0
            && (self.cancelled_at.is_none() || self.counts.sent > 0)
    }
}

pub fn broadcast(conn: &mut Conn, id: i64) -> QueryResult<Option<Broadcast>> {
    let Some(mut b) = broadcasts_where(conn, Some(id), 0, 1)?.pop() else {
        return Ok(None);
    };
    if let Some((action, _)) = latest_change(b.edited_at, b.retracted_at) {
        b.change = Some((action, change_counts(conn, id, action)?));
    }
    Ok(Some(b))
}

/// One recipient's delivery, for the outcomes page.
#[derive(Debug, Clone, Queryable)]
pub struct Recipient {
    pub username: String,
    pub chat_id: i64,
    pub status: String,
    pub attempts: i32,
    pub error: Option<String>,
    pub telegram_message_id: Option<i64>,
    pub updated_at: NaiveDateTime,
}

/// A page of a message's deliveries, optionally of one status; one extra row tells that a next
/// page exists.
pub fn recipients(
    conn: &mut Conn,
    message_id: i64,
    status: Option<&str>,
    page: i64,
    per_page: i64,
) -> QueryResult<Vec<Recipient>> {
    let mut query = deliveries::table
        .inner_join(users::table)
        .filter(deliveries::message_id.eq(message_id))
        .filter(deliveries::action.eq(Action::Send.as_str()))
        .select((
            users::username,
            deliveries::chat_id,
            deliveries::status,
            deliveries::attempts,
            deliveries::error,
            deliveries::telegram_message_id,
            deliveries::updated_at,
        ))
        .order(deliveries::id)
        .offset((page.max(1) - 1) * per_page)
        .limit(per_page + 1)
        .into_boxed();
    if let Some(status) = status {
        query = query.filter(deliveries::status.eq(status.to_string()));
    }
    query.load(conn)
}

/// A notification's state, as the API reports it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct NotificationStatus {
    pub id: i64,
    pub username: String,
    /// pending, sending, sent, blocked, failed or cancelled.
    pub status: String,
    pub attempts: i32,
    pub error: Option<String>,
    pub telegram_message_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The latest edit or retraction, once there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<ChangeStatus>,
}

/// Where an edit or a retraction of a notification stands.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ChangeStatus {
    /// `edit` or `delete`.
    pub action: &'static str,
    /// pending, sending, sent (the chat shows the change), blocked, failed, cancelled (there was
    /// nothing in the chat to change), or done (changed before it went out: nothing to do there).
    pub status: String,
    pub error: Option<String>,
    pub requested_at: NaiveDateTime,
}

/// A notification as its sender sees it: only the API token that queued it can read it.
pub fn notification(
    conn: &mut Conn,
    id: i64,
    token_id: i64,
) -> QueryResult<Option<NotificationStatus>> {
    type Row = (
        i64,
        NaiveDateTime,
        String,
        String,
        i32,
        Option<String>,
        Option<i64>,
        NaiveDateTime,
    );
    let row: Option<Row> = messages::table
        .inner_join(deliveries::table.inner_join(users::table))
        .filter(messages::id.eq(id))
        .filter(messages::kind.eq("notification"))
        .filter(messages::api_token_id.eq(token_id))
        .filter(deliveries::action.eq(Action::Send.as_str()))
        .select((
            messages::id,
            messages::created_at,
            users::username,
            deliveries::status,
            deliveries::attempts,
            deliveries::error,
            deliveries::telegram_message_id,
            deliveries::updated_at,
        ))
        .first(conn)
        .optional()?;
    let Some((id, created_at, username, status, attempts, error, telegram_message_id, updated_at)) =
        row
    else {
        return Ok(None);
    };
    Ok(Some(NotificationStatus {
        id,
        username,
        status,
        attempts,
        error,
        telegram_message_id,
        created_at,
        updated_at,
        change: change_of(conn, id)?,
    }))
}

/// A message's retraction, else its latest edit, and when it was asked for: the change whose
/// rows are in the queue.
fn latest_change(
    edited_at: Option<NaiveDateTime>,
    retracted_at: Option<NaiveDateTime>,
) -> Option<(Action, NaiveDateTime)> {
    match (retracted_at, edited_at) {
        (Some(at), _) => Some((Action::Delete, at)),
        (None, Some(at)) => Some((Action::Edit, at)),
        (None, None) => None,
    }
}

/// A notification's retraction, else its latest edit, and how it stands.
fn change_of(conn: &mut Conn, message_id: i64) -> QueryResult<Option<ChangeStatus>> {
    let (edited_at, retracted_at): (Option<NaiveDateTime>, Option<NaiveDateTime>) = messages::table
        .find(message_id)
        .select((messages::edited_at, messages::retracted_at))
        .first(conn)?;
    let Some((action, requested_at)) = latest_change(edited_at, retracted_at) else {
        return Ok(None);
    };
    let row: Option<(String, Option<String>)> = deliveries::table
        .filter(deliveries::message_id.eq(message_id))
        .filter(deliveries::action.eq(action.as_str()))
        .order(deliveries::id.desc())
        .select((deliveries::status, deliveries::error))
        .first(conn)
        .optional()?;
    // No row: it was changed before it went out, so it goes out changed (or not at all).
    let (status, error) = row.unwrap_or_else(|| ("done".into(), None));
    Ok(Some(ChangeStatus {
        action: action.as_str(),
        status,
        error,
        requested_at,
    }))
}
