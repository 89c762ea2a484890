//! Subscribers known by the site's own id: a `users` row with an `external_id`, made on first
//! use by the API. It links, receives and unlinks like one of tglink's own accounts, but has no
//! password and is never found by username, so nothing signs in as it.
use std::fmt;

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::accounts::UserId;
use crate::accounts::store::{self, User};
use crate::db::schema::users;
use crate::db::{Conn, now};

/// The longest external id, in characters.
pub const MAX_EXTERNAL_ID: usize = 128;
/// The longest display name, in characters.
pub const MAX_DISPLAY_NAME: usize = 64;

/// The `users.username` of a subscriber: `ext:` and its id. A `:` never passes
/// `Username::parse`, so it cannot meet a real account's name.
const USERNAME_PREFIX: &str = "ext:";
/// Not a PHC string: no password verifies against it.
const NO_PASSWORD: &str = "!external";

/// A site's id for one of its users: 1-128 characters, no control characters, no surrounding
/// whitespace. Compared exactly (case matters).
#[derive(Clone, PartialEq, Eq)]
pub struct ExternalId(String);

impl ExternalId {
    pub fn parse(raw: &str) -> Result<ExternalId, String> {
        let len = raw.chars().count();
        if len == 0 || len > MAX_EXTERNAL_ID {
            return Err(format!(
                "external_id must be 1-{MAX_EXTERNAL_ID} characters"
            ));
        }
        if raw.trim() != raw || raw.chars().any(char::is_control) {
            return Err(
                "external_id must not contain control characters or start or end with a space"
                    .into(),
            );
        }
        Ok(ExternalId(raw.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ExternalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ExternalId({:?})", self.0)
    }
}

/// A name for the bot to show ("Link this Telegram account to <name> on <site>?"): 1-64
/// characters without control characters; trimmed.
pub fn parse_display_name(raw: &str) -> Result<String, String> {
    let name = raw.trim();
    if name.is_empty() || name.chars().count() > MAX_DISPLAY_NAME {
        return Err(format!(
            "display_name must be 1-{MAX_DISPLAY_NAME} characters"
        ));
    }
    if name.chars().any(char::is_control) {
        return Err("display_name must not contain control characters".into());
    }
    Ok(name.to_string())
}

pub fn find(conn: &mut Conn, id: &ExternalId) -> QueryResult<Option<User>> {
    users::table
        .filter(users::external_id.eq(id.as_str()))
        .select(User::as_select())
        .first(conn)
        .optional()
}

/// The subscriber with this id, made now if it is new; a given display name replaces the old.
pub fn find_or_create(
    conn: &mut Conn,
    id: &ExternalId,
    display_name: Option<&str>,
) -> QueryResult<User> {
    if let Some(user) = find(conn, id)? {
        if let Some(name) = display_name.filter(|n| user.display_name.as_deref() != Some(*n)) {
            diesel::update(users::table.find(user.id))
                .set(users::display_name.eq(name))
                .execute(conn)?;
            return store::find_by_id(conn, user.id())?.ok_or(DieselError::NotFound);
        }
        return Ok(user);
    }
    let username = format!("{USERNAME_PREFIX}{}", id.as_str());
    let inserted = diesel::insert_into(users::table)
        .values((
            users::username.eq(&username),
            // Exact, not lowered: external ids are case-sensitive.
            users::username_lower.eq(&username),
            users::password_hash.eq(NO_PASSWORD),
            users::is_admin.eq(false),
            users::created_at.eq(now()),
            users::signin_alerts.eq(false),
            users::external_id.eq(id.as_str()),
            users::display_name.eq(display_name.unwrap_or(id.as_str())),
        ))
        .returning(users::id)
        .get_result::<i64>(conn);
    match inserted {
        Ok(new) => store::find_by_id(conn, UserId(new))?.ok_or(DieselError::NotFound),
        // Made by a concurrent request in the meantime.
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
            find(conn, id)?.ok_or(DieselError::NotFound)
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::{ExternalId, parse_display_name};

    #[test]
    fn external_ids() {
        for good in ["42", "user/7 ü", "a%2Fb", &"x".repeat(128), "A@b.example"] {
            assert_eq!(ExternalId::parse(good).unwrap().as_str(), good);
        }
        for bad in ["", " 42", "42 ", "a\nb", "a\u{0}b", &"x".repeat(129)] {
            assert!(ExternalId::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn display_names() {
        assert_eq!(parse_display_name("  Alice  ").unwrap(), "Alice");
        assert!(parse_display_name(" ").is_err());
        assert!(parse_display_name(&"x".repeat(65)).is_err());
        assert!(parse_display_name("a\tb").is_err());
    }
}
