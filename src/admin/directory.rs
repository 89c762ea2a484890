//! The members as the admin users page sees them: prefix search by site or Telegram username,
//! keyset pagination by username (no OFFSET: every page costs the same with 100,000 users), and
//! the account changes admins make, each with its audit row in the same transaction.
use chrono::NaiveDateTime;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};

use super::audit::{self, Action};
use crate::accounts::UserId;
use crate::accounts::session_store;
use crate::db::schema::{telegram_links, users};
use crate::db::{Conn, now};
use crate::delivery::store as delivery_store;
use crate::delivery::text::MessageText;
use crate::telegram::links::{self, Via};

/// What `?q=` asks for: a prefix of a site username, or with a leading `@` of a Telegram one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Search {
    Everyone,
    Username(String),
    Telegram(String),
}

impl Search {
    pub fn parse(q: &str) -> Search {
        let q = q.trim().to_ascii_lowercase();
        match q.strip_prefix('@') {
            Some(tg) if !tg.is_empty() => Search::Telegram(tg.to_string()),
            Some(_) => Search::Everyone,
            None if q.is_empty() => Search::Everyone,
            None => Search::Username(q),
        }
    }
}

/// `prefix%` for LIKE, with LIKE's own characters escaped by `\`.
fn like_prefix(prefix: &str) -> String {
    let mut pattern = String::with_capacity(prefix.len() + 1);
    for c in prefix.chars() {
        if matches!(c, '\\' | '%' | '_') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// One row of the users page.
#[derive(Debug, Clone, Queryable)]
pub struct Member {
    pub id: i64,
    pub username: String,
    pub username_lower: String,
    pub created_at: NaiveDateTime,
    pub last_login_at: Option<NaiveDateTime>,
    pub is_admin: bool,
    pub disabled_at: Option<NaiveDateTime>,
    pub telegram_username: Option<String>,
    pub telegram_name: Option<String>,
}

/// Up to `limit` members matching `search` whose usernames sort after `after`, in username order.
pub fn page(
    conn: &mut Conn,
    search: &Search,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<Member>> {
    // Each backend indexes the Telegram username its own way (see the migration); the column
    // expression is one of two fixed strings, the pattern is bound.
    let telegram_column = match conn {
        Conn::Pg(_) => "lower(telegram_links.telegram_username)",
        Conn::Sqlite(_) => "telegram_links.telegram_username",
    };
    let mut query = users::table
        .left_join(telegram_links::table)
        .select((
            users::id,
            users::username,
            users::username_lower,
            users::created_at,
            users::last_login_at,
            users::is_admin,
            users::disabled_at,
            telegram_links::telegram_username.nullable(),
            telegram_links::telegram_name.nullable(),
        ))
        .order(users::username_lower.asc())
        .limit(limit)
        .into_boxed();
    match search {
        Search::Everyone => {}
        Search::Username(prefix) => {
            query = query.filter(users::username_lower.like(like_prefix(prefix)).escape('\\'));
        }
        Search::Telegram(prefix) => {
            query = query.filter(
                sql::<Bool>(&format!("{telegram_column} LIKE "))
                    .bind::<Text, _>(like_prefix(prefix))
                    .sql(" ESCAPE '\\'"),
            );
        }
    }
    if let Some(after) = after {
        query = query.filter(users::username_lower.gt(after.to_string()));
    }
    query.load(conn)
}

/// Why an admin's change was not made.
#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    #[error("no such account")]
    NoSuchUser,
    #[error("the last admin must stay an active admin")]
    LastAdmin,
    #[error("the account has no linked Telegram chat to send to, or is disabled")]
    NotReachable,
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

/// Whether the change did anything (a repeated click finds it done already).
pub type Changed = bool;

/// Runs `change` in a transaction that first holds every admin row (PostgreSQL; SQLite runs one
/// writer at a time), then refuses and rolls back if no active admin would remain.
fn keeping_an_admin(
    conn: &mut Conn,
    change: impl FnOnce(&mut Conn) -> Result<Changed, ChangeError>,
) -> Result<Changed, ChangeError> {
    conn.transaction(|conn| {
        if let Conn::Pg(pg) = conn {
            users::table
                .filter(users::is_admin.eq(true))
                .select(users::id)
                .for_update()
                .load::<i64>(pg)?;
        }
        let changed = change(conn)?;
        let active_admins: i64 = users::table
            .filter(users::is_admin.eq(true))
            .filter(users::disabled_at.is_null())
            .count()
            .get_result(conn)?;
        if active_admins == 0 {
            return Err(ChangeError::LastAdmin);
        }
        Ok(changed)
    })
}

fn exists(conn: &mut Conn, user: UserId) -> Result<(), ChangeError> {
    let found: i64 = users::table.find(user.0).count().get_result(conn)?;
    if found == 0 {
        return Err(ChangeError::NoSuchUser);
    }
    Ok(())
}

/// Makes `user` an admin or not; never leaves the site without an active admin.
pub fn set_admin(
    conn: &mut Conn,
    by: UserId,
    user: UserId,
    is_admin: bool,
) -> Result<Changed, ChangeError> {
    keeping_an_admin(conn, |conn| {
        exists(conn, user)?;
        let updated = diesel::update(
            users::table
                .find(user.0)
                .filter(users::is_admin.ne(is_admin)),
        )
        .set(users::is_admin.eq(is_admin))
        .execute(conn)?;
        let action = if is_admin {
            Action::MakeAdmin
        } else {
            Action::RemoveAdmin
        };
        audited(conn, updated > 0, by, action, user)
    })
}

/// Disables `user`: no sign-in, every session ends now, pending deliveries are cancelled.
pub fn disable(conn: &mut Conn, by: UserId, user: UserId) -> Result<Changed, ChangeError> {
    keeping_an_admin(conn, |conn| {
        exists(conn, user)?;
        let updated = diesel::update(
            users::table
                .find(user.0)
                .filter(users::disabled_at.is_null()),
        )
        .set(users::disabled_at.eq(now()))
        .execute(conn)?;
        // Also when it was disabled already: a session that slipped in is ended too.
        session_store::delete_all_for_user(conn, user.0)?;
        delivery_store::cancel_pending_to(conn, user)?;
        audited(conn, updated > 0, by, Action::Disable, user)
    })
}

pub fn enable(conn: &mut Conn, by: UserId, user: UserId) -> Result<Changed, ChangeError> {
    conn.transaction(|conn| {
        exists(conn, user)?;
        let updated = diesel::update(
            users::table
                .find(user.0)
                .filter(users::disabled_at.is_not_null()),
        )
        .set(users::disabled_at.eq(None::<NaiveDateTime>))
        .execute(conn)?;
        audited(conn, updated > 0, by, Action::Enable, user)
    })
}

pub fn unlink_telegram(conn: &mut Conn, by: UserId, user: UserId) -> Result<Changed, ChangeError> {
    conn.transaction(|conn| {
        exists(conn, user)?;
        let unlinked = links::unlink_user(conn, user, Via::Admin)?;
        audited(conn, unlinked.is_some(), by, Action::UnlinkTelegram, user)
    })
}

/// Queues `text` to the user's linked chat through the delivery queue.
pub fn send_test_message(
    conn: &mut Conn,
    by: UserId,
    user: UserId,
    text: &MessageText,
) -> Result<Changed, ChangeError> {
    conn.transaction(|conn| {
        exists(conn, user)?;
        delivery_store::enqueue_test_message(conn, by, user, text)?
            .ok_or(ChangeError::NotReachable)?;
        audited(conn, true, by, Action::TestMessage, user)
    })
}

/// Records the action when it changed something.
fn audited(
    conn: &mut Conn,
    changed: Changed,
    by: UserId,
    action: Action,
    user: UserId,
) -> Result<Changed, ChangeError> {
    if changed {
        audit::record(conn, by, action, user)?;
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searches() {
        assert_eq!(Search::parse("  "), Search::Everyone);
        assert_eq!(Search::parse("@"), Search::Everyone);
        assert_eq!(Search::parse(" Al "), Search::Username("al".into()));
        assert_eq!(Search::parse("@Bob_"), Search::Telegram("bob_".into()));
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_prefix("a_b%c\\"), "a\\_b\\%c\\\\%");
    }
}
