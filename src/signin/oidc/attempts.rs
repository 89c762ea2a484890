//! A login attempt in flight. The browser's session keeps what only that browser may use to
//! finish it (`state`, PKCE verifier, nonce, what it is for); the database keeps the SHA-256 of
//! its `state` until the answer comes back, so each attempt is spent once, even by a replayed
//! cookie. Attempts live 10 minutes.
use actix_session::Session;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::accounts::UserId;
use crate::crypto::{constant_time_eq, sha256_hex};
use crate::db::schema::telegram_oidc_states;
use crate::db::{Conn, now};

/// The session key of the attempt under way (one per browser: a newer one replaces it).
const SESSION_KEY: &str = "telegram_oidc";
/// How long the browser may take at Telegram.
const ATTEMPT_LIFE: chrono::Duration = chrono::Duration::minutes(10);

/// What the login is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "for", rename_all = "snake_case")]
pub enum Purpose {
    /// Sign in to the account linked to the Telegram account.
    SignIn,
    /// Link the Telegram account to this signed-in user.
    Link { user_id: i64 },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Attempt {
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub purpose: Purpose,
    /// Where to go after signing in (a local path, or empty).
    pub next: String,
}

impl Attempt {
    pub fn link_user(&self) -> Option<UserId> {
        match self.purpose {
            Purpose::Link { user_id } => Some(UserId(user_id)),
            Purpose::SignIn => None,
        }
    }

    /// Whether `state` from the callback is this attempt's.
    pub fn matches(&self, state: &str) -> bool {
        !state.is_empty() && constant_time_eq(&self.state, state)
    }
}

/// Keeps the attempt in the session (replacing an older one).
pub fn keep(session: &Session, attempt: &Attempt) -> anyhow::Result<()> {
    session
        .insert(SESSION_KEY, attempt)
        .map_err(|e| anyhow::anyhow!("cannot store the Telegram login attempt: {e}"))
}

/// Takes the session's attempt out: whatever the answer, it is not used twice from here.
pub fn take(session: &Session) -> Option<Attempt> {
    session
        .remove_as::<Attempt>(SESSION_KEY)
        .and_then(Result::ok)
}

/// Records a new attempt's `state` (hashed), and forgets attempts that ran out.
pub fn record(conn: &mut Conn, state: &str) -> QueryResult<NaiveDateTime> {
    let at = now();
    diesel::delete(telegram_oidc_states::table.filter(telegram_oidc_states::expires_at.lt(at)))
        .execute(conn)?;
    let expires_at = at + ATTEMPT_LIFE;
    diesel::insert_into(telegram_oidc_states::table)
        .values((
            telegram_oidc_states::state_hash.eq(sha256_hex(state)),
            telegram_oidc_states::created_at.eq(at),
            telegram_oidc_states::expires_at.eq(expires_at),
        ))
        .execute(conn)?;
    Ok(expires_at)
}

/// Spends the attempt with this `state`: true once, while it is fresh; false ever after.
pub fn spend(conn: &mut Conn, state: &str) -> QueryResult<bool> {
    let deleted = diesel::delete(
        telegram_oidc_states::table
            .filter(telegram_oidc_states::state_hash.eq(sha256_hex(state)))
            .filter(telegram_oidc_states::expires_at.gt(now())),
    )
    .execute(conn)?;
    Ok(deleted == 1)
}

/// Whether the attempt with this `state` is recorded, fresh and not spent yet.
pub fn is_live(conn: &mut Conn, state: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        telegram_oidc_states::table
            .filter(telegram_oidc_states::state_hash.eq(sha256_hex(state)))
            .filter(telegram_oidc_states::expires_at.gt(now())),
    ))
    .get_result(conn)
}
