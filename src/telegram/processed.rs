//! The `update_id`s already handled (`processed_updates`), so Telegram's redeliveries are dropped.
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error};

use crate::db::schema::processed_updates;
use crate::db::{Conn, now};

/// Telegram keeps an unconfirmed update for at most 24 hours; remember ids a bit longer.
const KEEP_HOURS: i64 = 48;

/// Records `update_id`; false when it was recorded before (a duplicate). A plain insert whose
/// unique violation means "seen": portable, and atomic between instances.
pub fn remember(conn: &mut Conn, update_id: i64) -> QueryResult<bool> {
    let inserted = diesel::insert_into(processed_updates::table)
        .values((
            processed_updates::update_id.eq(update_id),
            processed_updates::received_at.eq(now()),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(true),
        Err(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(e) => Err(e),
    }
}

pub fn prune(conn: &mut Conn) -> QueryResult<usize> {
    let cutoff = now() - chrono::Duration::hours(KEEP_HOURS);
    diesel::delete(processed_updates::table.filter(processed_updates::received_at.lt(cutoff)))
        .execute(conn)
}
