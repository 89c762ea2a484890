//! Server-side sessions in the database, behind actix-session's `SessionStore`. The cookie holds a
//! random key; the table holds only its SHA-256, the state, the user (so all of a user's sessions
//! can be ended) and the expiry.
//!
//! Only signed-in sessions get a row. An anonymous visitor's state (the CSRF token of the login
//! and sign-up forms) rides in the key itself, which actix-session keeps in the cookie encrypted
//! and authenticated with the secret key: a signed double-submit token, so page views by
//! strangers and bots write nothing. Signing in renews the session, which stores it.
use std::collections::HashMap;

use actix_session::storage::{LoadError, SaveError, SessionKey, SessionStore, UpdateError};
use actix_web::cookie::time::Duration;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use diesel::prelude::*;
use rand::RngCore;
use rand::rngs::OsRng;

use crate::db::schema::sessions;
use crate::db::{self, Conn, Pool, now};

/// The session state key that holds the signed-in user's id.
pub const USER_ID_KEY: &str = "user_id";

#[derive(Clone)]
pub struct DbSessionStore {
    pool: Pool,
}

impl DbSessionStore {
    pub fn new(pool: Pool) -> Self {
        DbSessionStore { pool }
    }
}

type State = HashMap<String, String>;

fn key_hash(key: &str) -> String {
    crate::crypto::sha256_hex(key)
}

fn expiry(ttl: &Duration) -> chrono::NaiveDateTime {
    now() + chrono::Duration::seconds(ttl.whole_seconds())
}

/// actix-session stores values as JSON strings; the user id is kept in a column too.
fn user_of(state: &State) -> Option<i64> {
    state
        .get(USER_ID_KEY)
        .and_then(|v| serde_json::from_str::<i64>(v).ok())
}

fn new_key() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Marks a key that carries an anonymous state instead of naming a row.
const ANONYMOUS: &str = "anon.";

fn anonymous_key(state: &State) -> anyhow::Result<SessionKey> {
    let json = serde_json::to_string(state)?;
    Ok(SessionKey::try_from(format!(
        "{ANONYMOUS}{}",
        URL_SAFE_NO_PAD.encode(json)
    ))?)
}

/// The state in an anonymous key; `Some(None)` for one that does not decode (a fresh session).
fn anonymous_state(key: &SessionKey) -> Option<Option<State>> {
    let encoded = key.as_ref().strip_prefix(ANONYMOUS)?;
    Some(
        URL_SAFE_NO_PAD
            .decode(encoded)
            .ok()
            .and_then(|json| serde_json::from_slice(&json).ok()),
    )
}

fn insert(conn: &mut Conn, key: &str, state: &State, ttl: &Duration) -> anyhow::Result<()> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(key_hash(key)),
            sessions::user_id.eq(user_of(state)),
            sessions::state.eq(serde_json::to_string(state)?),
            sessions::expires_at.eq(expiry(ttl)),
        ))
        .execute(conn)?;
    Ok(())
}

impl SessionStore for DbSessionStore {
    async fn load(&self, key: &SessionKey) -> Result<Option<State>, LoadError> {
        if let Some(state) = anonymous_state(key) {
            return Ok(state);
        }
        let id = key_hash(key.as_ref());
        let row: Option<String> = db::run(&self.pool, move |conn| {
            sessions::table
                .filter(sessions::id.eq(id))
                .filter(sessions::expires_at.gt(now()))
                .select(sessions::state)
                .first(conn)
                .optional()
        })
        .await
        .map_err(LoadError::Other)?;
        row.map(|s| serde_json::from_str(&s))
            .transpose()
            .map_err(|e| LoadError::Deserialization(e.into()))
    }

    async fn save(&self, state: State, ttl: &Duration) -> Result<SessionKey, SaveError> {
        if user_of(&state).is_none() {
            return anonymous_key(&state).map_err(SaveError::Other);
        }
        let key = new_key();
        let ttl = *ttl;
        let stored = key.clone();
        db::run(&self.pool, move |conn| insert(conn, &stored, &state, &ttl))
            .await
            .map_err(SaveError::Other)?;
        SessionKey::try_from(key).map_err(|e| SaveError::Other(e.into()))
    }

    async fn update(
        &self,
        key: SessionKey,
        state: State,
        ttl: &Duration,
    ) -> Result<SessionKey, UpdateError> {
        if anonymous_state(&key).is_some() {
            // Still anonymous: a new key with the new state; signed in: a new row.
            return self.save(state, ttl).await.map_err(|e| match e {
                SaveError::Serialization(e) => UpdateError::Serialization(e),
                SaveError::Other(e) => UpdateError::Other(e),
            });
        }
        let id = key_hash(key.as_ref());
        let ttl = *ttl;
        let json =
            serde_json::to_string(&state).map_err(|e| UpdateError::Serialization(e.into()))?;
        let updated = db::run(&self.pool, move |conn| {
            diesel::update(sessions::table.filter(sessions::id.eq(id)))
                .set((
                    sessions::state.eq(json),
                    sessions::user_id.eq(user_of(&state)),
                    sessions::expires_at.eq(expiry(&ttl)),
                ))
                .execute(conn)
        })
        .await
        .map_err(UpdateError::Other)?;
        if updated == 1 {
            Ok(key)
        } else {
            // The row is gone (expired, or ended elsewhere): start a fresh session with this state.
            Err(UpdateError::Other(anyhow::anyhow!(
                "session no longer exists"
            )))
        }
    }

    async fn update_ttl(&self, key: &SessionKey, ttl: &Duration) -> Result<(), anyhow::Error> {
        if anonymous_state(key).is_some() {
            return Ok(());
        }
        let id = key_hash(key.as_ref());
        let new_expiry = expiry(ttl);
        // Idle expiry without a write per request: only move the expiry once it is an hour stale.
        let stale = new_expiry - chrono::Duration::hours(1);
        db::run(&self.pool, move |conn| {
            diesel::update(
                sessions::table
                    .filter(sessions::id.eq(id))
                    .filter(sessions::expires_at.lt(stale)),
            )
            .set(sessions::expires_at.eq(new_expiry))
            .execute(conn)
            .map(drop)
        })
        .await
    }

    async fn delete(&self, key: &SessionKey) -> Result<(), anyhow::Error> {
        if anonymous_state(key).is_some() {
            return Ok(());
        }
        let id = key_hash(key.as_ref());
        db::run(&self.pool, move |conn| {
            diesel::delete(sessions::table.filter(sessions::id.eq(id)))
                .execute(conn)
                .map(drop)
        })
        .await
    }
}

/// Ends every session of a user (password change, "sign out everywhere").
pub fn delete_all_for_user(conn: &mut Conn, user_id: i64) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id))).execute(conn)
}

pub fn prune_expired(conn: &mut Conn) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::expires_at.le(now()))).execute(conn)
}
