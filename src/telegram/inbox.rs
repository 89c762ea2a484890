//! The update inbox (`processed_updates`): every update is stored with its JSON before Telegram is
//! told it arrived, so a redelivery is dropped as a duplicate, and an update acknowledged but not
//! yet handled when the process died (or a write failed) is handled after the restart.
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error};

use crate::db::schema::processed_updates;
use crate::db::{Conn, now};

/// Telegram keeps an unconfirmed update for at most 24 hours; remember ids a bit longer.
const KEEP_HOURS: i64 = 48;

/// Stores an update; false when it was stored before (a duplicate). A plain insert whose unique
/// violation means "seen": portable, and atomic between instances.
pub fn remember(conn: &mut Conn, update_id: i64, payload: &str) -> QueryResult<bool> {
    let inserted = diesel::insert_into(processed_updates::table)
        .values((
            processed_updates::update_id.eq(update_id),
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

/// Claims a stored update for handling (and forgets its JSON); false when it was claimed before,
/// by this instance or another. Claiming before handling makes handling at most once; only the one
/// update in hand when the process dies is lost.
pub fn claim(conn: &mut Conn, update_id: i64) -> QueryResult<bool> {
    diesel::update(
        processed_updates::table
            .find(update_id)
            .filter(processed_updates::handled_at.is_null()),
    )
    .set((
        processed_updates::handled_at.eq(now()),
        processed_updates::payload.eq(None::<String>),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Updates stored at least `min_age_secs` ago and never handled, oldest first: what a crash left.
/// The age keeps an instance from taking updates another live instance has in hand.
pub fn unhandled(
    conn: &mut Conn,
    min_age_secs: i64,
    limit: i64,
) -> QueryResult<Vec<(i64, String)>> {
    let before = now() - chrono::Duration::seconds(min_age_secs);
    processed_updates::table
        .filter(processed_updates::handled_at.is_null())
        .filter(processed_updates::received_at.le(before))
        .filter(processed_updates::payload.is_not_null())
        .order(processed_updates::update_id)
        .limit(limit)
        .select((
            processed_updates::update_id,
            processed_updates::payload.assume_not_null(),
        ))
        .load(conn)
}

pub fn prune(conn: &mut Conn) -> QueryResult<usize> {
    let cutoff = now() - chrono::Duration::hours(KEEP_HOURS);
    diesel::delete(processed_updates::table.filter(processed_updates::received_at.lt(cutoff)))
        .execute(conn)
}
