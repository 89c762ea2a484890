//! The members as the admin users page sees them: prefix search by site or Telegram username,
//! keyset pagination by username in binary order (no OFFSET: every page costs the same with
//! 100,000 users), and the account changes admins make, each audited in the same transaction.
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
use crate::linking::ended::{self, Ended, Ending};
use crate::linking::links::Via;

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

/// The bounds of the names that start with `prefix`, in binary order: `[prefix, prefix + U+10FFFF)`.
/// Usernames are ASCII, so every name with the prefix sorts inside.
fn prefix_range(prefix: &str) -> (String, String) {
    (prefix.to_string(), format!("{prefix}{}", char::MAX))
}

/// The SQL that compares usernames and Telegram @usernames in binary order on this backend (two
/// fixed strings each; values are always bound). PostgreSQL's indexes on these expressions are
/// in the migration; SQLite compares binary by default.
fn ordered_columns(conn: &Conn) -> (&'static str, &'static str) {
    match conn {
        Conn::Pg(_) => (
            r#"users.username_lower COLLATE "C""#,
            r#"lower(telegram_links.telegram_username) COLLATE "C""#,
        ),
        Conn::Sqlite(_) => (
            "users.username_lower",
            "lower(telegram_links.telegram_username)",
        ),
    }
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

impl Member {
    /// A deleted account, kept nameless for the counts: no action applies to it.
    pub fn is_deleted(&self) -> bool {
        crate::accounts::erase::is_placeholder(&self.username)
    }

    /// The linked Telegram account as shown: "@username", else its name; `None` when not linked.
    pub fn telegram(&self) -> Option<String> {
        match (&self.telegram_username, &self.telegram_name) {
            (Some(u), _) => Some(format!("@{u}")),
            (None, name) => name.clone(),
        }
    }
}

/// Up to `limit` members matching `search` whose usernames sort after `after`, in username order.
pub fn page(
    conn: &mut Conn,
    search: &Search,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<Member>> {
    let (username, telegram) = ordered_columns(conn);
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
        .order(sql::<Text>(username).asc())
        .limit(limit)
        .into_boxed();
    match search {
        Search::Everyone => {}
        Search::Username(prefix) => {
            let (from, to) = prefix_range(prefix);
            query = query
                .filter(sql::<Text>(username).ge(from))
                .filter(sql::<Text>(username).lt(to));
        }
        Search::Telegram(prefix) => {
            let (from, to) = prefix_range(prefix);
            let linked_user = format!(
                "users.id IN (SELECT telegram_links.user_id FROM telegram_links WHERE {telegram} >= "
            );
            query = query.filter(
                sql::<Bool>(&linked_user)
                    .bind::<Text, _>(from)
                    .sql(&format!(" AND {telegram} < "))
                    .bind::<Text, _>(to)
                    .sql(")"),
            );
        }
    }
    if let Some(after) = after {
        query = query.filter(sql::<Text>(username).gt(after.to_string()));
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
        // A subscriber known only by the site's id cannot sign in, so it is never made an admin
        // (it would only join the admins' test sends).
        let external: Option<String> = users::table
            .find(user.0)
            .select(users::external_id)
            .first(conn)?;
        if is_admin && external.is_some() {
            return Ok(false);
        }
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
        ended::end(conn, Ending::Account(user), Via::Disabled)?;
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

/// Ends the user's link (what waits for the chat is cancelled); the caller says goodbye in the
/// chat with `ended::tell`.
pub fn unlink_telegram(conn: &mut Conn, by: UserId, user: UserId) -> Result<Ended, ChangeError> {
    conn.transaction(|conn| {
        exists(conn, user)?;
        let ended = ended::end(conn, Ending::Link(user), Via::Admin)?;
        audited(conn, ended.link.is_some(), by, Action::UnlinkTelegram, user)?;
        Ok(ended)
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
    fn prefix_ranges_hold_every_name_with_the_prefix() {
        let (from, to) = prefix_range("al");
        for name in ["al", "al_", "al.x", "alzzz", "al-9"] {
            assert!(from.as_str() <= name && name < to.as_str(), "{name}");
        }
        for name in ["ak", "am", "a"] {
            assert!(!(from.as_str() <= name && name < to.as_str()), "{name}");
        }
    }
}
