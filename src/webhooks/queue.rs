//! The sender's side of the outbox: claim the head of each (endpoint, subscriber) lane with a
//! lease, so one subscriber's events reach an endpoint in order; record each attempt and, on a
//! failure, when to try again (or that the retry window is over).
use std::time::Duration;

use chrono::{NaiveDateTime, Timelike};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Timestamp};

use super::outbox::Status;
use crate::config::WebhookTiming;
use crate::db::schema::{webhook_attempts, webhook_deliveries, webhook_endpoints, webhook_events};
use crate::db::{Conn, now};

/// One POST to make.
#[derive(Debug, Clone)]
pub struct Job {
    pub delivery_id: i64,
    pub endpoint_id: i64,
    pub url: String,
    pub secret: String,
    pub webhook_id: String,
    pub body: String,
    pub event_at: NaiveDateTime,
    pub attempts: i32,
    pub lease: NaiveDateTime,
}

#[derive(QueryableByName)]
struct Candidate {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// An endpoint's due deliveries that head their lane: no older pending delivery of the same
/// subscriber to the same endpoint (the one in flight counts, so the next waits for it).
const HEADS: &str = "SELECT d.id FROM webhook_deliveries d \
     WHERE d.endpoint_id = $3 AND d.status = 'pending' AND d.next_attempt_at <= $1 \
     AND (d.lease_until IS NULL OR d.lease_until < $1) \
     AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.endpoint_id = d.endpoint_id \
     AND e.lane = d.lane AND e.status = 'pending' AND e.id < d.id) \
     ORDER BY d.id LIMIT $2";

fn micros(t: NaiveDateTime) -> NaiveDateTime {
    // PostgreSQL keeps microseconds: the lease must compare equal when it is read back.
    t.with_nanosecond(t.nanosecond() / 1000 * 1000).unwrap_or(t)
}

/// Claims lane heads for `lease`: of each (endpoint, n) in `wants`, up to n. Each is taken by a
/// conditional update, so two instances never send the same one.
pub fn claim(conn: &mut Conn, wants: &[(i64, i64)], lease: Duration) -> QueryResult<Vec<Job>> {
    let at = now();
    let sql = match conn {
        Conn::Pg(_) => HEADS.to_string(),
        Conn::Sqlite(_) => HEADS
            .replace("$1", "?1")
            .replace("$2", "?2")
            .replace("$3", "?3"),
    };
    let mut candidates: Vec<Candidate> = Vec::new();
    for &(endpoint, limit) in wants {
        candidates.extend(
            diesel::sql_query(&sql)
                .bind::<Timestamp, _>(at)
                .bind::<BigInt, _>(limit)
                .bind::<BigInt, _>(endpoint)
                .load::<Candidate>(conn)?,
        );
    }
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let until =
        micros(at + chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::minutes(1)));
    // One transaction for the claims: on PostgreSQL one commit instead of one per row.
    let claimed = conn.transaction(|conn| {
        let mut claimed = Vec::with_capacity(candidates.len());
        for c in &candidates {
            use webhook_deliveries::dsl as d;
            let taken = diesel::update(
                d::webhook_deliveries
                    .find(c.id)
                    .filter(d::status.eq(Status::Pending.as_str()))
                    .filter(d::lease_until.is_null().or(d::lease_until.lt(at))),
            )
            .set(d::lease_until.eq(until))
            .execute(conn)?;
            if taken == 1 {
                claimed.push(c.id);
            }
        }
        Ok::<_, diesel::result::Error>(claimed)
    })?;
    let rows: Vec<JobRow> = webhook_deliveries::table
        .inner_join(webhook_events::table)
        .inner_join(webhook_endpoints::table)
        .filter(webhook_deliveries::id.eq_any(&claimed))
        .order(webhook_deliveries::id.asc())
        .select((
            webhook_deliveries::id,
            webhook_deliveries::endpoint_id,
            webhook_endpoints::url,
            webhook_endpoints::secret,
            webhook_events::webhook_id,
            webhook_events::body,
            webhook_events::created_at,
            webhook_deliveries::attempts,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| Job {
            delivery_id: r.delivery_id,
            endpoint_id: r.endpoint_id,
            url: r.url,
            secret: r.secret,
            webhook_id: r.webhook_id,
            body: r.body,
            event_at: r.event_at,
            attempts: r.attempts,
            lease: until,
        })
        .collect())
}

#[derive(Queryable)]
struct JobRow {
    delivery_id: i64,
    endpoint_id: i64,
    url: String,
    secret: String,
    webhook_id: String,
    body: String,
    event_at: NaiveDateTime,
    attempts: i32,
}

/// What one POST came to.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub job: Job,
    /// The answer's status, when there was one.
    pub status_code: Option<u16>,
    /// Why it failed (a non-2xx answer, a timeout, no connection); None when accepted.
    pub error: Option<String>,
    pub duration: Duration,
    pub at: NaiveDateTime,
}

/// The wait before the next try after `failures` failed attempts: `first`, doubling, capped
/// (`tasks::doubling`; not jittered, so a receiver can tell its subscribers when to expect it).
pub fn retry_delay(timing: &WebhookTiming, failures: i32) -> Duration {
    let failures = u32::try_from(failures).unwrap_or(0);
    crate::tasks::doubling(timing.first_retry, timing.max_retry, failures)
}

/// Records attempts in one transaction. Only a delivery still held by the same claim changes
/// (one whose endpoint was removed meanwhile is gone, with its attempts).
pub fn record(conn: &mut Conn, attempts: &[Attempt], timing: &WebhookTiming) -> QueryResult<()> {
    conn.transaction(|conn| {
        for a in attempts {
            record_one(conn, a, timing)?;
        }
        Ok(())
    })
}

fn record_one(conn: &mut Conn, a: &Attempt, timing: &WebhookTiming) -> QueryResult<()> {
    use webhook_deliveries::dsl as d;
    let row = d::webhook_deliveries
        .find(a.job.delivery_id)
        .filter(d::lease_until.eq(a.job.lease));
    let failures = a.job.attempts + 1;
    let changed = match &a.error {
        None => diesel::update(row)
            .set((
                d::status.eq(Status::Sent.as_str()),
                d::attempts.eq(failures),
                d::lease_until.eq(None::<NaiveDateTime>),
                d::last_error.eq(None::<String>),
                d::updated_at.eq(a.at),
            ))
            .execute(conn)?,
        Some(error) => {
            let next = a.at
                + chrono::Duration::from_std(retry_delay(timing, failures))
                    .unwrap_or(chrono::Duration::hours(1));
            let window = chrono::Duration::from_std(timing.give_up_after)
                .unwrap_or(chrono::Duration::hours(25));
            let status = if next - a.job.event_at > window {
                Status::Failed
            } else {
                Status::Pending
            };
            diesel::update(row)
                .set((
                    d::status.eq(status.as_str()),
                    d::attempts.eq(failures),
                    d::next_attempt_at.eq(next),
                    d::lease_until.eq(None::<NaiveDateTime>),
                    d::last_error.eq(error),
                    d::updated_at.eq(a.at),
                ))
                .execute(conn)?
        }
    };
    if changed == 0 {
        return Ok(());
    }
    diesel::insert_into(webhook_attempts::table)
        .values((
            webhook_attempts::delivery_id.eq(a.job.delivery_id),
            webhook_attempts::endpoint_id.eq(a.job.endpoint_id),
            webhook_attempts::attempted_at.eq(a.at),
            webhook_attempts::status_code.eq(a.status_code.map(i32::from)),
            webhook_attempts::error.eq(&a.error),
            webhook_attempts::duration_ms.eq(a.duration.as_millis() as i64),
        ))
        .execute(conn)
        .map(drop)
}

/// An event queued again, as the audit log names it.
#[derive(Debug, Clone)]
pub struct Resent {
    pub event_type: String,
    pub webhook_id: String,
    pub url: String,
}

/// Queues the event of `delivery_id` once more for the same endpoint (the admin's Resend): a new
/// delivery at the end of its lane, with the same body and `webhook-id`. `None` when it is gone.
pub fn resend(conn: &mut Conn, delivery_id: i64) -> QueryResult<Option<Resent>> {
    let found: Option<(i64, i64, i64, String, String, String)> = webhook_deliveries::table
        .inner_join(webhook_events::table)
        .inner_join(webhook_endpoints::table)
        .filter(webhook_deliveries::id.eq(delivery_id))
        .select((
            webhook_deliveries::event_id,
            webhook_deliveries::endpoint_id,
            webhook_deliveries::lane,
            webhook_events::event_type,
            webhook_events::webhook_id,
            webhook_endpoints::url,
        ))
        .first(conn)
        .optional()?;
    let Some((event_id, endpoint_id, lane, event_type, webhook_id, url)) = found else {
        return Ok(None);
    };
    let at = now();
    diesel::insert_into(webhook_deliveries::table)
        .values((
            webhook_deliveries::event_id.eq(event_id),
            webhook_deliveries::endpoint_id.eq(endpoint_id),
            webhook_deliveries::lane.eq(lane),
            webhook_deliveries::status.eq(Status::Pending.as_str()),
            webhook_deliveries::next_attempt_at.eq(at),
            webhook_deliveries::updated_at.eq(at),
        ))
        .execute(conn)?;
    Ok(Some(Resent {
        event_type,
        webhook_id,
        url,
    }))
}

/// One row of an endpoint's recent attempts, for the admin page.
#[derive(Debug, Clone, Queryable)]
pub struct AttemptRow {
    pub delivery_id: i64,
    pub event_type: String,
    pub webhook_id: String,
    pub attempted_at: NaiveDateTime,
    pub status_code: Option<i32>,
    pub error: Option<String>,
    pub duration_ms: i64,
}

pub fn recent_attempts(
    conn: &mut Conn,
    endpoint_id: i64,
    limit: i64,
) -> QueryResult<Vec<AttemptRow>> {
    webhook_attempts::table
        .inner_join(webhook_deliveries::table.inner_join(webhook_events::table))
        .filter(webhook_attempts::endpoint_id.eq(endpoint_id))
        .order(webhook_attempts::id.desc())
        .limit(limit)
        .select((
            webhook_attempts::delivery_id,
            webhook_events::event_type,
            webhook_events::webhook_id,
            webhook_attempts::attempted_at,
            webhook_attempts::status_code,
            webhook_attempts::error,
            webhook_attempts::duration_ms,
        ))
        .load(conn)
}

/// Deliveries of an endpoint still waiting (for the admin page).
pub fn pending_count(conn: &mut Conn, endpoint_id: i64) -> QueryResult<i64> {
    webhook_deliveries::table
        .filter(webhook_deliveries::endpoint_id.eq(endpoint_id))
        .filter(webhook_deliveries::status.eq(Status::Pending.as_str()))
        .count()
        .get_result(conn)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    #[test]
    fn retries_back_off_to_the_cap() {
        let timing = crate::config::WebhookTiming::default();
        let delays: Vec<u64> = (1..=12)
            .map(|n| super::retry_delay(&timing, n).as_secs())
            .collect();
        assert_eq!(delays[..5], [5, 10, 20, 40, 80]);
        assert_eq!(*delays.last().unwrap(), 3600);
        assert_eq!(
            super::retry_delay(&timing, i32::MAX),
            Duration::from_secs(3600)
        );
    }
}
