//! The worker's side of the queue: claim due deliveries with a lease (PostgreSQL: `FOR UPDATE
//! SKIP LOCKED`; SQLite: a short immediate transaction), and record what became of each one.
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDateTime, Timelike};

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text, Timestamp};

use super::job::{self, Action, Job, SendState};
use super::options::SendOptions;
use super::quiet::QuietHours;
use super::settle;
use super::split::split;
use super::status::DeliveryStatus;
use super::text::Format;
use super::variants;
use crate::db::schema::{deliveries, messages, topics, users};
use crate::db::{Conn, now};
use crate::i18n::Lang;

/// A delivery handed to the worker: who gets what.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: i64,
    pub message_id: i64,
    pub chat_id: i64,
    /// A connected forum's topic (`message_thread_id`).
    pub thread_id: Option<i64>,
    /// Failed attempts so far (retries with backoff).
    pub attempts: i32,
    pub action: Action,
    /// The call to make now, and whether it is the row's last.
    pub job: Job,
    pub last: bool,
    /// A send's parts delivered so far: Telegram's message ids, in order.
    pub sent_ids: Vec<i64>,
    /// The message's text, in the parts it is sent as.
    pub parts: Arc<[String]>,
    pub format: Format,
    /// How the message asked to be sent, and its topic's Mute button.
    pub delivery: Arc<Delivery>,
    /// Without sound: the message asked for it, or it falls in the member's quiet hours (and its
    /// topic is not critical).
    pub silent: bool,
    /// The claim's lease; it also fences the outcome: only this claim may record it.
    pub lease: NaiveDateTime,
    /// The member's language, for the words the site adds (the Mute button).
    pub reader: Lang,
}

/// What every recipient of a message gets besides its text.
#[derive(Debug, Clone, Default)]
pub struct Delivery {
    pub options: SendOptions,
    /// The message's (non-critical) topic, for its Mute button: (id, name).
    pub mute: Option<(i64, String)>,
    /// Its topic is critical: quiet hours do not silence it.
    pub critical: bool,
}

#[derive(QueryableByName)]
struct ClaimedRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = BigInt)]
    message_id: i64,
    #[diesel(sql_type = BigInt)]
    chat_id: i64,
    #[diesel(sql_type = diesel::sql_types::Nullable<BigInt>)]
    thread_id: Option<i64>,
    #[diesel(sql_type = BigInt)]
    user_id: i64,
    #[diesel(sql_type = Integer)]
    attempts: i32,
    #[diesel(sql_type = Integer)]
    priority: i32,
    #[diesel(sql_type = Text)]
    action: String,
    #[diesel(sql_type = Integer)]
    step: i32,
    #[diesel(sql_type = Nullable<Text>)]
    telegram_message_ids: Option<String>,
    #[diesel(sql_type = Nullable<BigInt>)]
    source_id: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    language: Option<String>,
}

const CLAIM_SQLITE: &str = "UPDATE deliveries SET status = 'sending', lease_until = ?, updated_at = ? \
     WHERE id IN (SELECT id FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ? \
     ORDER BY priority, next_attempt_at, id LIMIT ?) \
     RETURNING id, message_id, chat_id, thread_id, user_id, attempts, priority, action, step, \
     telegram_message_ids, source_id, language";

const CLAIM_POSTGRES: &str = "WITH due AS (SELECT id FROM deliveries \
     WHERE status = 'pending' AND next_attempt_at <= $3 \
     ORDER BY priority, next_attempt_at, id LIMIT $4 FOR UPDATE SKIP LOCKED) \
     UPDATE deliveries d SET status = 'sending', lease_until = $1, updated_at = $2 \
     FROM due WHERE d.id = due.id \
     RETURNING d.id, d.message_id, d.chat_id, d.thread_id, d.user_id, d.attempts, d.priority, d.action, \
     d.step, d.telegram_message_ids, d.source_id, d.language";

/// Makes deliveries whose lease ran out due again; a macro so it type-checks on each backend's
/// own connection inside the claim's transaction.
macro_rules! reclaim_expired {
    ($c:expr, $at:expr) => {
        diesel::update(
            deliveries::table
                .filter(deliveries::status.eq(DeliveryStatus::Sending.as_str()))
                .filter(deliveries::lease_until.lt($at)),
        )
        .set((
            deliveries::status.eq(DeliveryStatus::Pending.as_str()),
            deliveries::lease_until.eq(None::<NaiveDateTime>),
        ))
        .execute($c)
    };
}

/// Claims up to `limit` due deliveries for `lease`, oldest first with notifications ahead of
/// broadcasts. Deliveries whose lease ran out (a worker died with them) are due again.
pub fn claim(conn: &mut Conn, limit: i64, lease: Duration) -> QueryResult<Vec<Claimed>> {
    let at = now();
    // A read first: an idle worker polling SQLite should not take the write lock every time.
    if !has_work(conn, at)? {
        return Ok(Vec::new());
    }
    let until = at + chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::minutes(5));
    // Microseconds, as PostgreSQL stores them, so the value compares equal when it is read back.
    let until = until
        .with_nanosecond(until.nanosecond() / 1000 * 1000)
        .unwrap_or(until);
    let mut rows: Vec<ClaimedRow> = match conn {
        Conn::Pg(c) => c.transaction(|c| {
            reclaim_expired!(c, at)?;
            diesel::sql_query(CLAIM_POSTGRES)
                .bind::<Timestamp, _>(until)
                .bind::<Timestamp, _>(at)
                .bind::<Timestamp, _>(at)
                .bind::<BigInt, _>(limit)
                .load(c)
        })?,
        Conn::Sqlite(c) => c.immediate_transaction(|c| {
            reclaim_expired!(c, at)?;
            diesel::sql_query(CLAIM_SQLITE)
                .bind::<Timestamp, _>(until)
                .bind::<Timestamp, _>(at)
                .bind::<Timestamp, _>(at)
                .bind::<BigInt, _>(limit)
                .load(c)
        })?,
    };
    rows.sort_by_key(|r| (r.priority, r.id));
    // Defence in depth: a delivery whose member left (or whose group was disconnected) by a way
    // that did not settle it is settled now, never sent.
    let held: Vec<(i64, i64, i64)> = rows.iter().map(|r| (r.id, r.user_id, r.chat_id)).collect();
    let departed = settle::drop_departed(conn, &held, until)?;
    rows.retain(|r| !departed.contains(&r.id));
    let mut ids: Vec<i64> = rows.iter().map(|r| r.message_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let contents = contents(conn, &ids)?;
    let variants = variant_parts(conn, &rows, &contents)?;
    let mut users: Vec<i64> = rows.iter().map(|r| r.user_id).collect();
    users.sort_unstable();
    users.dedup();
    let quiet = quiet_hours(conn, &users)?;
    // Only a Mute button needs the member's language: no query for a message without a topic.
    let needs_reader = rows.iter().any(|r| {
        r.chat_id > 0
            && contents
                .get(&r.message_id)
                .is_some_and(|(_, _, d)| d.mute.is_some())
    });
    let readers = if needs_reader {
        crate::accounts::language::of_members(conn, &users)?
    } else {
        HashMap::new()
    };
    let sources: Vec<i64> = rows.iter().filter_map(|r| r.source_id).collect();
    let sources = send_states(conn, &sources)?;
    let now = chrono::Utc::now();
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let (parts, format, delivery) = contents.get(&r.message_id)?.clone();
            // The member's variant, if the delivery carries one and the message still has it.
            let parts = r
                .language
                .and_then(|l| variants.get(&(r.message_id, l)).cloned())
                .unwrap_or(parts);
            // Quiet hours are a member's own: a group (negative id) is not theirs.
            let in_quiet_hours = !delivery.critical
                && r.chat_id > 0
                && quiet.get(&r.user_id).is_some_and(|q| q.contains(now));
            let action = Action::from_db(&r.action);
            let source = r.source_id.and_then(|id| sources.get(&id));
            let (job, last) = job::next(action, r.step, parts.len(), source);
            Some(Claimed {
                id: r.id,
                message_id: r.message_id,
                chat_id: r.chat_id,
                thread_id: r.thread_id,
                attempts: r.attempts,
                action,
                job,
                last,
                sent_ids: job::parse_ids(r.telegram_message_ids.as_deref()),
                parts,
                format,
                silent: delivery.options.silent || in_quiet_hours,
                delivery,
                lease: until,
                reader: readers
                    .get(&r.user_id)
                    .copied()
                    .unwrap_or_else(crate::i18n::default_lang),
            })
        })
        .collect())
}

type Content = (Arc<[String]>, Format, Arc<Delivery>);
/// A variant's parts, by (message, language tag).
type VariantParts = HashMap<(i64, String), Arc<[String]>>;

/// The variants the claimed deliveries carry, split into parts: (message, language tag) → parts.
fn variant_parts(
    conn: &mut Conn,
    rows: &[ClaimedRow],
    contents: &HashMap<i64, Content>,
) -> QueryResult<VariantParts> {
    let mut ids: Vec<i64> = rows
        .iter()
        .filter(|r| r.language.is_some())
        .map(|r| r.message_id)
        .collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(variants::load(conn, &ids)?
        .into_iter()
        .filter_map(|((id, lang), text)| {
            let (_, format, _) = contents.get(&id)?;
            Some(((id, lang), Arc::from(split(&text, *format))))
        })
        .collect())
}

/// The send deliveries that claimed edits and deletes act on, by id.
fn send_states(conn: &mut Conn, ids: &[i64]) -> QueryResult<HashMap<i64, SendState>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, String, Option<String>)> = deliveries::table
        .filter(deliveries::id.eq_any(ids))
        .select((
            deliveries::id,
            deliveries::status,
            deliveries::telegram_message_ids,
        ))
        .load(conn)?;
    let open = [
        DeliveryStatus::Pending.as_str(),
        DeliveryStatus::Sending.as_str(),
    ];
    Ok(rows
        .into_iter()
        .map(|(id, status, ids)| {
            let state = SendState {
                open: open.contains(&status.as_str()),
                message_ids: job::parse_ids(ids.as_deref()),
            };
            (id, state)
        })
        .collect())
}

/// The claimed messages' texts, split into the parts they are sent as, and how each is sent.
fn contents(conn: &mut Conn, ids: &[i64]) -> QueryResult<HashMap<i64, Content>> {
    type Row = (
        i64,
        String,
        String,
        bool,
        bool,
        Option<String>,
        Option<(i64, String, bool)>,
    );
    let rows: Vec<Row> = messages::table
        .left_join(topics::table)
        .filter(messages::id.eq_any(ids))
        .select((
            messages::id,
            messages::text,
            messages::format,
            messages::silent,
            messages::protect_content,
            messages::buttons,
            (topics::id, topics::name, topics::critical).nullable(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, text, format, silent, protect_content, buttons, topic)| {
                let critical = topic.as_ref().is_some_and(|(_, _, critical)| *critical);
                let delivery = Delivery {
                    options: SendOptions {
                        silent,
                        protect_content,
                        buttons: SendOptions::buttons_from_db(buttons.as_deref()),
                        send_at: None,
                        to_groups: false,
                        variants: Default::default(),
                    },
                    mute: topic.filter(|_| !critical).map(|(id, name, _)| (id, name)),
                    critical,
                };
                let format = Format::from_db(&format);
                let parts = Arc::from(split(&text, format));
                (id, (parts, format, Arc::new(delivery)))
            },
        )
        .collect())
}

/// The quiet hours of these members (those who set them).
fn quiet_hours(conn: &mut Conn, user_ids: &[i64]) -> QueryResult<HashMap<i64, QuietHours>> {
    type Row = (i64, Option<i32>, Option<i32>, Option<String>);
    let rows: Vec<Row> = users::table
        .filter(users::id.eq_any(user_ids))
        .filter(users::quiet_start.is_not_null())
        .select((
            users::id,
            users::quiet_start,
            users::quiet_end,
            users::time_zone,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, start, end, zone)| {
            Some((id, QuietHours::from_db(start, end, zone.as_deref())?))
        })
        .collect())
}

fn has_work(conn: &mut Conn, at: NaiveDateTime) -> QueryResult<bool> {
    use diesel::dsl::{exists, select};
    let due = deliveries::table
        .filter(deliveries::status.eq(DeliveryStatus::Pending.as_str()))
        .filter(deliveries::next_attempt_at.le(at));
    let expired = deliveries::table
        .filter(deliveries::status.eq(DeliveryStatus::Sending.as_str()))
        .filter(deliveries::lease_until.lt(at));
    Ok(select(exists(due)).get_result(conn)? || select(exists(expired)).get_result(conn)?)
}

/// Makes every claimed delivery due again. Only the one sending instance calls it, when it starts
/// (SQLite) or wins the sending lock (PostgreSQL): what is still `sending` then belongs to a
/// worker that died, so it need not wait for its lease to run out.
pub fn reclaim_all(conn: &mut Conn) -> QueryResult<usize> {
    diesel::update(
        deliveries::table.filter(deliveries::status.eq(DeliveryStatus::Sending.as_str())),
    )
    .set((
        deliveries::status.eq(DeliveryStatus::Pending.as_str()),
        deliveries::lease_until.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)
}

/// Of these messages, the ones cancelled or retracted: their unsent parts stay unsent.
pub fn cancelled_among(conn: &mut Conn, message_ids: &[i64]) -> QueryResult<Vec<i64>> {
    messages::table
        .filter(messages::id.eq_any(message_ids))
        .filter(
            messages::cancelled_at
                .is_not_null()
                .or(messages::retracted_at.is_not_null()),
        )
        .select(messages::id)
        .load(conn)
}
