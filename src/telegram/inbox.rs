//! The update inbox (`processed_updates`), which is also the bot's queue. Every update is stored
//! with its JSON and its lane (its chat) before Telegram is told it arrived, so a redelivery is
//! dropped as a duplicate and nothing acknowledged is lost. Handlers claim the head of each lane
//! (its oldest unhandled update) with a lease: a chat's updates are handled one at a time and in
//! order, by whichever instance claims them, and an update whose handler died is claimed again
//! when its lease runs out.
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error};
use diesel::sql_types::{BigInt, Integer, Nullable, Text, Timestamp};

use crate::db::schema::processed_updates;
use crate::db::{Conn, now};

/// Updates this process just stored, as parsed at intake: the dispatcher takes them from here
/// instead of parsing their stored JSON a second time. Bounded; one missing here (stored by
/// another instance, crowded out, or claimed again after a failure) is parsed from the inbox.
#[derive(Default)]
pub struct Fresh(Mutex<HashMap<i64, teloxide_core::types::Update>>);

/// Parsed updates kept at most; beyond, the lot is forgotten (they are in the inbox).
const FRESH_MAX: usize = 4096;

impl Fresh {
    pub fn put(&self, update: teloxide_core::types::Update) {
        let mut fresh = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if fresh.len() >= FRESH_MAX {
            fresh.clear();
        }
        fresh.insert(i64::from(update.id.0), update);
    }

    pub fn take(&self, update_id: i64) -> Option<teloxide_core::types::Update> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&update_id)
    }
}

/// Telegram keeps an unconfirmed update for at most 24 hours; remember ids a bit longer.
const KEEP_HOURS: i64 = 48;

/// Stores an update; false when it was stored before (a duplicate). A plain insert whose unique
/// violation means "seen": portable, and atomic between instances.
pub fn store(conn: &mut Conn, update_id: i64, lane: i64, payload: &str) -> QueryResult<bool> {
    let inserted = diesel::insert_into(processed_updates::table)
        .values((
            processed_updates::update_id.eq(update_id),
            processed_updates::lane.eq(lane),
            processed_updates::received_at.eq(now()),
            processed_updates::payload.eq(payload),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(true),
        Err(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(e) => Err(e),
    }
}

/// An update claimed for handling.
#[derive(Debug, QueryableByName)]
pub struct Claimed {
    #[diesel(sql_type = BigInt)]
    pub update_id: i64,
    #[diesel(sql_type = BigInt)]
    pub lane: i64,
    #[diesel(sql_type = Nullable<Text>)]
    pub payload: Option<String>,
    /// Claims so far, this one included.
    #[diesel(sql_type = Integer)]
    pub attempts: i32,
    #[diesel(sql_type = Timestamp)]
    pub received_at: chrono::NaiveDateTime,
}

/// The heads of lanes: unhandled, not leased by a live claim, no older unhandled update in
/// their lane, and no other update of their lane in hand (one that arrived first, though younger,
/// may be: its chat waits until it is done). Both backends read the same SQL but for the
/// placeholders.
const HEADS: &str = "SELECT u.update_id FROM processed_updates u \
     WHERE u.handled_at IS NULL AND (u.lease_until IS NULL OR u.lease_until < {now}) \
     AND NOT EXISTS (SELECT 1 FROM processed_updates e \
         WHERE e.lane = u.lane AND e.handled_at IS NULL AND e.update_id <> u.update_id \
         AND (e.update_id < u.update_id OR e.lease_until >= {now})) \
     ORDER BY u.update_id LIMIT {limit}";

/// What one step of the dispatcher writes and asks for, in one transaction: a few round trips
/// instead of one per update.
pub struct Step<'a> {
    /// Handled: marked done (and their JSON dropped).
    pub done: &'a [i64],
    /// Failed for now: claimable again after their delay.
    pub retry: &'a [(i64, Duration)],
    /// Still in hand, with the attempt number of our claim: their leases are extended, unless
    /// another instance claimed them since.
    pub renew: &'a [(i64, i32)],
    /// How many lane heads to claim.
    pub claim: i64,
    pub lease: Duration,
}

/// Writes and claims as `Step` says; returns the claimed updates, and those of `renew` that are
/// no longer ours (another instance claimed them after our lease ran out, or handled them).
pub fn step(conn: &mut Conn, step: &Step) -> QueryResult<(Vec<Claimed>, Vec<i64>)> {
    let at = now();
    let lease_until = at + step.lease;
    conn.transaction(|conn| {
        if !step.done.is_empty() {
            diesel::update(processed_updates::table)
                .filter(processed_updates::update_id.eq_any(step.done))
                .set((
                    processed_updates::handled_at.eq(at),
                    processed_updates::payload.eq(None::<String>),
                    processed_updates::lease_until.eq(None::<chrono::NaiveDateTime>),
                ))
                .execute(conn)?;
        }
        for (update_id, after) in step.retry {
            diesel::update(processed_updates::table.find(update_id))
                .set(processed_updates::lease_until.eq(at + *after))
                .execute(conn)?;
        }
        let lost = renew(conn, step.renew, lease_until)?;
        if step.claim <= 0 {
            return Ok((Vec::new(), lost));
        }
        Ok((claim_heads(conn, step.claim, at, lease_until)?, lost))
    })
}

#[derive(QueryableByName)]
struct Renewed {
    #[diesel(sql_type = BigInt)]
    update_id: i64,
}

/// Extends the leases of our claims, each named by its update and attempt number (the fence: a
/// claim by another instance has a higher one); returns the updates that are no longer ours.
fn renew(
    conn: &mut Conn,
    claims: &[(i64, i32)],
    lease_until: chrono::NaiveDateTime,
) -> QueryResult<Vec<i64>> {
    let mut lost = Vec::new();
    for chunk in claims.chunks(500) {
        // Numbers we hold, not input: written into the SQL as literals.
        let pairs: Vec<String> = chunk.iter().map(|(id, a)| format!("({id},{a})")).collect();
        let sql = format!(
            "UPDATE processed_updates SET lease_until = {{p}} WHERE handled_at IS NULL \
             AND (update_id, attempts) IN (VALUES {}) RETURNING update_id",
            pairs.join(",")
        );
        let renewed: Vec<Renewed> = match conn {
            Conn::Sqlite(c) => diesel::sql_query(sql.replace("{p}", "?"))
                .bind::<Timestamp, _>(lease_until)
                .load(c)?,
            Conn::Pg(c) => diesel::sql_query(sql.replace("{p}", "$1"))
                .bind::<Timestamp, _>(lease_until)
                .load(c)?,
        };
        let kept: std::collections::HashSet<i64> = renewed.iter().map(|r| r.update_id).collect();
        lost.extend(
            chunk
                .iter()
                .map(|(id, _)| *id)
                .filter(|id| !kept.contains(id)),
        );
    }
    Ok(lost)
}

fn claim_heads(
    conn: &mut Conn,
    limit: i64,
    at: chrono::NaiveDateTime,
    lease_until: chrono::NaiveDateTime,
) -> QueryResult<Vec<Claimed>> {
    match conn {
        Conn::Sqlite(c) => {
            // The whole step runs in SQLite's one writer transaction: no other claim interleaves.
            let heads = HEADS.replace("{now}", "?").replace("{limit}", "?");
            diesel::sql_query(format!(
                "UPDATE processed_updates SET lease_until = ?, attempts = attempts + 1 \
                 WHERE update_id IN ({heads}) RETURNING update_id, lane, payload, attempts, received_at"
            ))
            .bind::<Timestamp, _>(lease_until)
            .bind::<Timestamp, _>(at) // {now}, twice in HEADS
            .bind::<Timestamp, _>(at)
            .bind::<BigInt, _>(limit)
            .load(c)
        }
        Conn::Pg(c) => {
            // SKIP LOCKED lets instances claim side by side; the outer condition re-checks a head
            // that another instance leased between our snapshot and our lock.
            let heads = HEADS.replace("{now}", "$2").replace("{limit}", "$3");
            diesel::sql_query(format!(
                "WITH heads AS ({heads} FOR UPDATE OF u SKIP LOCKED) \
                 UPDATE processed_updates p SET lease_until = $1, attempts = p.attempts + 1 \
                 FROM heads WHERE p.update_id = heads.update_id AND p.handled_at IS NULL \
                 AND (p.lease_until IS NULL OR p.lease_until < $2) \
                 RETURNING p.update_id, p.lane, p.payload, p.attempts, p.received_at"
            ))
            .bind::<Timestamp, _>(lease_until)
            .bind::<Timestamp, _>(at)
            .bind::<BigInt, _>(limit)
            .load(c)
        }
    }
}

/// Ends every lease at once: on SQLite, which one instance serves, a claim left by a process
/// that died is nobody's, so a restart takes it back at once instead of after the lease.
pub fn release_all_leases(conn: &mut Conn) -> QueryResult<usize> {
    diesel::update(
        processed_updates::table
            .filter(processed_updates::handled_at.is_null())
            .filter(processed_updates::lease_until.is_not_null()),
    )
    .set(processed_updates::lease_until.eq(None::<chrono::NaiveDateTime>))
    .execute(conn)
}

/// Unhandled updates and the age of the oldest, for the metrics.
pub fn depth(conn: &mut Conn) -> QueryResult<(i64, Option<chrono::NaiveDateTime>)> {
    let open = processed_updates::table.filter(processed_updates::handled_at.is_null());
    let count = open.count().get_result(conn)?;
    let oldest = open
        .select(diesel::dsl::min(processed_updates::received_at))
        .get_result(conn)?;
    Ok((count, oldest))
}

/// Forgets handled updates after two days (Telegram never redelivers that late).
pub fn prune(conn: &mut Conn) -> QueryResult<usize> {
    let cutoff = now() - chrono::Duration::hours(KEEP_HOURS);
    diesel::delete(
        processed_updates::table
            .filter(processed_updates::received_at.lt(cutoff))
            .filter(processed_updates::handled_at.is_not_null()),
    )
    .execute(conn)
}
