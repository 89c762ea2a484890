//! One-time link tokens: minted for a signed-in user, shown on the Connect page, redeemed by
//! `/start <token>` in the bot. Only a SHA-256 of a token is stored.
use std::fmt;
use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::accounts::UserId;
use crate::crypto::{random_token, sha256_hex};
use crate::db::schema::link_tokens;
use crate::db::{Conn, now};

/// A raw link token: 32 random bytes, base64url (43 characters, within Telegram's 64-character
/// `start` payload limit). Never logged: `Debug` shows only that it is one.
#[derive(Clone, PartialEq, Eq)]
pub struct LinkToken(String);

impl LinkToken {
    pub fn generate() -> LinkToken {
        LinkToken(random_token())
    }

    /// The payload of `/start <payload>` (or a copied `/start <token>`) when it can be a token.
    pub fn from_start_payload(payload: &str) -> Option<LinkToken> {
        let p = payload.trim();
        let ok = p.len() == 43
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        ok.then(|| LinkToken(p.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What the database stores.
    pub fn hash(&self) -> String {
        sha256_hex(&self.0)
    }
}

impl fmt::Debug for LinkToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LinkToken(…)")
    }
}

/// A token as it is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenState {
    Valid {
        user_id: UserId,
        expires_at: NaiveDateTime,
    },
    Used,
    /// Replaced by a newer token of the same user.
    Superseded,
    Expired,
    Unknown,
}

/// Mints a token for `user`, valid for `ttl`, and revokes the user's older unused ones.
pub fn issue(
    conn: &mut Conn,
    user: UserId,
    ttl: Duration,
) -> QueryResult<(LinkToken, NaiveDateTime)> {
    let token = LinkToken::generate();
    let now = now();
    let expires_at = now + chrono::Duration::from_std(ttl).unwrap_or(chrono::Duration::hours(1));
    conn.transaction(|conn| {
        diesel::update(
            link_tokens::table
                .filter(link_tokens::user_id.eq(user.0))
                .filter(link_tokens::used_at.is_null())
                .filter(link_tokens::revoked_at.is_null()),
        )
        .set(link_tokens::revoked_at.eq(now))
        .execute(conn)?;
        diesel::insert_into(link_tokens::table)
            .values((
                link_tokens::user_id.eq(user.0),
                link_tokens::token_hash.eq(token.hash()),
                link_tokens::created_at.eq(now),
                link_tokens::expires_at.eq(expires_at),
            ))
            .execute(conn)
    })?;
    Ok((token, expires_at))
}

pub fn state(conn: &mut Conn, token: &LinkToken) -> QueryResult<TokenState> {
    let row: Option<(
        i64,
        NaiveDateTime,
        Option<NaiveDateTime>,
        Option<NaiveDateTime>,
    )> = link_tokens::table
        .filter(link_tokens::token_hash.eq(token.hash()))
        .select((
            link_tokens::user_id,
            link_tokens::expires_at,
            link_tokens::used_at,
            link_tokens::revoked_at,
        ))
        .first(conn)
        .optional()?;
    Ok(match row {
        None => TokenState::Unknown,
        Some((_, _, Some(_), _)) => TokenState::Used,
        Some((_, _, None, Some(_))) => TokenState::Superseded,
        Some((_, expires_at, None, None)) if expires_at <= now() => TokenState::Expired,
        Some((user_id, expires_at, None, None)) => TokenState::Valid {
            user_id: UserId(user_id),
            expires_at,
        },
    })
}

/// The expiry of `token` if it is `user`'s and still valid: the Connect page shows it again
/// rather than minting a new one on every visit.
pub fn still_valid_for(
    conn: &mut Conn,
    user: UserId,
    token: &LinkToken,
) -> QueryResult<Option<NaiveDateTime>> {
    Ok(match state(conn, token)? {
        TokenState::Valid {
            user_id,
            expires_at,
        } if user_id == user => Some(expires_at),
        _ => None,
    })
}

/// Marks the token used if it still is valid, in one statement (so of two concurrent
/// redemptions exactly one wins) and returns whose it was. Call inside the linking transaction.
pub fn consume(conn: &mut Conn, token: &LinkToken) -> QueryResult<Option<UserId>> {
    let now = now();
    diesel::update(
        link_tokens::table
            .filter(link_tokens::token_hash.eq(token.hash()))
            .filter(link_tokens::used_at.is_null())
            .filter(link_tokens::revoked_at.is_null())
            .filter(link_tokens::expires_at.gt(now)),
    )
    .set(link_tokens::used_at.eq(now))
    .returning(link_tokens::user_id)
    .get_result::<i64>(conn)
    .optional()
    .map(|id| id.map(UserId))
}

/// Deletes tokens that ended (used, replaced or expired) more than a day ago.
pub fn prune(conn: &mut Conn) -> QueryResult<usize> {
    let cutoff = now() - chrono::Duration::days(1);
    diesel::delete(link_tokens::table.filter(link_tokens::expires_at.lt(cutoff))).execute(conn)
}

#[cfg(test)]
mod tests {
    use super::LinkToken;

    #[test]
    fn start_payloads_become_tokens_only_when_shaped_like_one() {
        let t = LinkToken::generate();
        assert_eq!(LinkToken::from_start_payload(t.as_str()), Some(t.clone()));
        assert_eq!(
            LinkToken::from_start_payload(&format!(" {} ", t.as_str())),
            Some(t.clone())
        );
        for bad in [
            "",
            "abc",
            &"a".repeat(42),
            &"a".repeat(44),
            &format!("{}=", &"a".repeat(42)),
        ] {
            assert_eq!(LinkToken::from_start_payload(bad), None, "{bad:?}");
        }
        assert_eq!(format!("{t:?}"), "LinkToken(…)");
        assert_eq!(t.hash().len(), 64);
    }
}
