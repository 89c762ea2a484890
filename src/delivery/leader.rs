//! Which instance sends. On PostgreSQL several instances may share the database; only the one
//! holding a session-level advisory lock (on a connection of its own, outside the pool) sends,
//! so TGLINK_SEND_RATE holds for the whole bot. SQLite runs one instance: it always sends.
use std::sync::Mutex;
use std::time::Duration;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool};
use tokio::time::Instant;

use crate::db::Backend;

/// The advisory lock's key: "tglink" and a number, fixed forever.
const LOCK_KEY: i64 = 0x7467_6c69_6e6b_0004;
/// How often the holder checks that its lock connection is alive.
const CHECK_EVERY: Duration = Duration::from_secs(2);
/// How often an instance without the lock tries to take it.
pub const RETRY_EVERY: Duration = Duration::from_secs(3);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// This instance sends; `fresh` the first time after winning the lock.
    Sender { fresh: bool },
    /// Another instance sends.
    Standby,
}

pub struct Leadership {
    postgres_url: Option<String>,
    /// In a mutex only so the worker stays `Sync`; it is never shared.
    lock: Option<Mutex<PgConnection>>,
    /// When the lock was last checked (holder) or tried (standby).
    last: Option<Instant>,
}

#[derive(QueryableByName)]
struct Locked {
    #[diesel(sql_type = Bool)]
    locked: bool,
}

impl Leadership {
    pub fn new(backend: &Backend) -> Leadership {
        let postgres_url = backend.postgres_url().map(str::to_string);
        Leadership {
            postgres_url,
            lock: None,
            last: None,
        }
    }

    /// Whether this instance may send now; takes or re-checks the lock when it is time to.
    pub async fn role(&mut self) -> Role {
        let Some(url) = self.postgres_url.clone() else {
            let fresh = self.last.is_none();
            self.last = Some(Instant::now());
            return Role::Sender { fresh };
        };
        let due = |every| self.last.is_none_or(|t| t.elapsed() >= every);
        match self.lock.take() {
            Some(conn) if !due(CHECK_EVERY) => {
                self.lock = Some(conn);
                Role::Sender { fresh: false }
            }
            Some(conn) => {
                self.last = Some(Instant::now());
                let conn = conn.into_inner().unwrap_or_else(|e| e.into_inner());
                let checked = tokio::task::spawn_blocking(move || still_held(conn))
                    .await
                    .ok()
                    .flatten();
                match checked {
                    Some(conn) => {
                        self.lock = Some(Mutex::new(conn));
                        Role::Sender { fresh: false }
                    }
                    None => {
                        tracing::warn!("lost the sending lock's database connection; standing by");
                        Role::Standby
                    }
                }
            }
            None if !due(RETRY_EVERY) => Role::Standby,
            None => {
                self.last = Some(Instant::now());
                match tokio::task::spawn_blocking(move || try_lock(&url)).await {
                    Ok(Ok(Some(conn))) => {
                        tracing::info!("took the sending lock: this instance delivers messages");
                        self.lock = Some(Mutex::new(conn));
                        Role::Sender { fresh: true }
                    }
                    Ok(Ok(None)) => Role::Standby,
                    Ok(Err(e)) => {
                        tracing::warn!(error = %e, "cannot try the sending lock; will retry");
                        Role::Standby
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "the sending lock task failed; will retry");
                        Role::Standby
                    }
                }
            }
        }
    }

    /// Gives the lock up (closing its connection ends the session and the lock with it).
    pub fn release(&mut self) {
        self.lock = None;
    }
}

fn try_lock(url: &str) -> anyhow::Result<Option<PgConnection>> {
    let mut conn =
        PgConnection::establish(url).map_err(|e| anyhow::anyhow!("cannot connect: {e}"))?;
    let got = diesel::sql_query("SELECT pg_try_advisory_lock($1) AS locked")
        .bind::<BigInt, _>(LOCK_KEY)
        .get_result::<Locked>(&mut conn)?;
    Ok(got.locked.then_some(conn))
}

/// The connection back if it still works (a session that is alive still holds its lock).
fn still_held(mut conn: PgConnection) -> Option<PgConnection> {
    diesel::sql_query("SELECT true AS locked")
        .get_result::<Locked>(&mut conn)
        .ok()
        .map(|_| conn)
}
