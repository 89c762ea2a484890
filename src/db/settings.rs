//! Small named values kept in the database, e.g. secrets generated on first start.
use diesel::prelude::*;

use super::Conn;
use super::schema::app_settings;

pub fn get(conn: &mut Conn, name: &str) -> QueryResult<Option<String>> {
    app_settings::table
        .find(name)
        .select(app_settings::value)
        .first(conn)
        .optional()
}

/// The stored value of `name`, or `make()` stored now. Two instances starting together agree: the
/// loser of the insert race reads the winner's value.
pub fn get_or_create(
    conn: &mut Conn,
    name: &str,
    make: impl FnOnce() -> String,
) -> QueryResult<String> {
    if let Some(v) = get(conn, name)? {
        return Ok(v);
    }
    let inserted = diesel::insert_into(app_settings::table)
        .values((app_settings::name.eq(name), app_settings::value.eq(make())))
        .execute(conn);
    match inserted {
        Ok(_)
        | Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => get(conn, name)?.ok_or(diesel::result::Error::NotFound),
        Err(e) => Err(e),
    }
}
