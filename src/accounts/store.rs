//! Queries on users.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::accounts::domain::{UserId, Username};
use crate::db::schema::users;
use crate::db::{Conn, now};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub password_hash: String,
    pub is_admin: bool,
    pub created_at: NaiveDateTime,
    /// Set by an admin: the account cannot sign in and receives nothing.
    pub disabled_at: Option<NaiveDateTime>,
    /// The site's own id for a subscriber made through the API (`accounts/subscribers.rs`);
    /// `None` for tglink's own accounts, the only ones that can sign in.
    pub external_id: Option<String>,
    pub display_name: Option<String>,
}

impl User {
    pub fn id(&self) -> UserId {
        UserId(self.id)
    }

    pub fn is_active(&self) -> bool {
        self.disabled_at.is_none()
    }

    /// The name the bot and the pages show: a subscriber's display name, else the username.
    pub fn shown_name(&self) -> &str {
        self.display_name.as_deref().unwrap_or(&self.username)
    }
}

pub fn find_by_id(conn: &mut Conn, id: UserId) -> QueryResult<Option<User>> {
    users::table
        .find(id.0)
        .select(User::as_select())
        .first(conn)
        .optional()
}

/// One of tglink's own accounts by username (any case). Subscribers known by an external id are
/// never found here, so no login, reset, sign-in link or CLI command by username reaches them.
pub fn find_by_username(conn: &mut Conn, name: &str) -> QueryResult<Option<User>> {
    users::table
        .filter(users::username_lower.eq(name.trim().to_ascii_lowercase()))
        .filter(users::external_id.is_null())
        .select(User::as_select())
        .first(conn)
        .optional()
}

/// Creates the user; `Ok(None)` when the username (in any case) is taken.
pub fn create(
    conn: &mut Conn,
    username: &Username,
    password_hash: &str,
    is_admin: bool,
) -> QueryResult<Option<User>> {
    let inserted = diesel::insert_into(users::table)
        .values((
            users::username.eq(username.as_str()),
            users::username_lower.eq(username.lower()),
            users::password_hash.eq(password_hash),
            users::is_admin.eq(is_admin),
            users::created_at.eq(now()),
        ))
        .returning(users::id)
        .get_result::<i64>(conn);
    match inserted {
        // RETURNING a whole `Selectable` does not compile for MultiConnection; read it back.
        Ok(id) => find_by_id(conn, UserId(id)),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Ok(None),
        Err(e) => Err(e),
    }
}

pub fn set_admin(conn: &mut Conn, id: UserId, is_admin: bool) -> QueryResult<()> {
    diesel::update(users::table.find(id.0))
        .set(users::is_admin.eq(is_admin))
        .execute(conn)
        .map(drop)
}

pub fn set_password_hash(conn: &mut Conn, id: UserId, hash: &str) -> QueryResult<()> {
    diesel::update(users::table.find(id.0))
        .set(users::password_hash.eq(hash))
        .execute(conn)
        .map(drop)
}

pub fn count(conn: &mut Conn) -> QueryResult<i64> {
    users::table.count().get_result(conn)
}

/// Whether the user wants new sign-in alerts in Telegram.
pub fn signin_alerts(conn: &mut Conn, id: UserId) -> QueryResult<bool> {
    users::table
        .find(id.0)
        .select(users::signin_alerts)
        .first(conn)
        .optional()
        .map(|on| on.unwrap_or(false))
}

pub fn set_signin_alerts(conn: &mut Conn, id: UserId, on: bool) -> QueryResult<()> {
    diesel::update(users::table.find(id.0))
        .set(users::signin_alerts.eq(on))
        .execute(conn)
        .map(drop)
}

/// How many admins there are.
pub fn count_admins(conn: &mut Conn) -> QueryResult<i64> {
    users::table
        .filter(users::is_admin.eq(true))
        .count()
        .get_result(conn)
}

/// What a disabled account is told when its password was right.
pub const DISABLED_MESSAGE: &str = "member-account-disabled";

/// A sign-in that passed its check: records the time and returns the user, or `None` when the
/// account is gone or disabled (then nothing is recorded and no session may start). A subscriber
/// known only by an external id never signs in (e.g. through its linked Telegram).
pub fn signed_in(conn: &mut Conn, id: UserId) -> QueryResult<Option<User>> {
    let active = users::table
        .find(id.0)
        .filter(users::disabled_at.is_null())
        .filter(users::external_id.is_null());
    let updated = diesel::update(active)
        .set(users::last_login_at.eq(now()))
        .execute(conn)?;
    if updated == 0 {
        return Ok(None);
    }
    find_by_id(conn, id)
}

/// Keeps the member's time zone (pages show times in it) without quiet hours.
pub fn set_time_zone(conn: &mut Conn, id: UserId, zone: chrono_tz::Tz) -> QueryResult<()> {
    diesel::update(users::table.find(id.0))
        .set(users::time_zone.eq(zone.name()))
        .execute(conn)
        .map(drop)
}

/// Where a sign-in without a `next` lands: the account once Telegram is linked, Connect before.
/// (Reads the links table itself: `accounts` sits below the room that owns links.)
pub fn landing_page(conn: &mut Conn, id: UserId) -> QueryResult<&'static str> {
    use crate::db::schema::telegram_links;
    let linked = diesel::select(diesel::dsl::exists(telegram_links::table.find(id.0)))
        .get_result::<bool>(conn)?;
    Ok(if linked { "/account" } else { "/connect" })
}

/// The time zone a member chose (with their quiet hours); pages show times in it.
pub fn time_zone(conn: &mut Conn, id: UserId) -> QueryResult<Option<chrono_tz::Tz>> {
    let zone: Option<String> = users::table
        .find(id.0)
        .select(users::time_zone)
        .first(conn)?;
    Ok(zone.and_then(|z| z.parse().ok()))
}
