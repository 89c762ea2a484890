//! The database: backend choice from the URL, the connection pool, migrations, and the one helper
//! that runs synchronous diesel code off the async executor. Queries live in the domain modules'
//! `store.rs` files; backend-specific SQL is matched here or next to the query that needs it.
mod backend;
pub mod schema;
pub mod seed;
pub mod settings;

use std::time::Duration;

use anyhow::Context;
use diesel::Connection;
use diesel::connection::SimpleConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool as R2d2Pool, PooledConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

pub use backend::Backend;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// A connection to either backend. Pg comes first: `establish` tries the variants in order and
/// SQLite would accept any string as a file name.
#[derive(diesel::MultiConnection)]
pub enum Conn {
    Pg(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

pub type Pool = R2d2Pool<ConnectionManager<Conn>>;
pub type PooledConn = PooledConnection<ConnectionManager<Conn>>;

/// SQLite connections are set up for a web server: WAL so readers never wait for the writer,
/// a busy timeout instead of instant "database is locked", and enforced foreign keys.
#[derive(Debug)]
struct SqlitePragmas;

impl CustomizeConnection<Conn, diesel::r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut Conn) -> Result<(), diesel::r2d2::Error> {
        if let Conn::Sqlite(c) = conn {
            c.batch_execute(
                // busy_timeout first: switching to WAL needs a lock another connection may hold.
                "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
                 PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
            )
            .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// Times every checkout, for the pool-wait histogram in the metrics.
#[derive(Debug)]
struct PoolEvents;

impl diesel::r2d2::HandleEvent for PoolEvents {
    fn handle_checkout(&self, event: diesel::r2d2::event::CheckoutEvent) {
        crate::metrics::get()
            .db_pool_wait_seconds
            .observe(event.duration().as_secs_f64());
    }
}

/// Connects, runs pending migrations, and hands out the pool.
pub fn connect(backend: &Backend) -> anyhow::Result<Pool> {
    let (manager_url, size) = match backend {
        Backend::Postgres(u) => (u.clone(), 16),
        // Writers serialise on SQLite anyway; a few connections serve concurrent readers.
        Backend::Sqlite(p) => (p.clone(), 8),
    };
    open(backend, manager_url, size, Some(1))
}

/// A small pool for a one-off command (`migrate`, `create-admin`, …). It never opens
/// connections in the background: the process exits right after the command, and libpq
/// connecting (TLS included) on the pool's thread while the process exits can crash it.
pub fn connect_for_command(backend: &Backend) -> anyhow::Result<Pool> {
    let manager_url = match backend {
        Backend::Postgres(u) => u.clone(),
        Backend::Sqlite(p) => p.clone(),
    };
    open(backend, manager_url, 2, Some(0))
}

fn open(
    backend: &Backend,
    manager_url: String,
    size: u32,
    min_idle: Option<u32>,
) -> anyhow::Result<Pool> {
    // Probe once with the backend's own connection: its error says what is wrong, where the
    // pool's would only say that no variant of the multi-connection accepted the URL.
    let probe = match backend {
        Backend::Postgres(u) => diesel::PgConnection::establish(u).map(drop).map_err(|e| {
            anyhow::anyhow!(
                "cannot connect to PostgreSQL at DATABASE_URL: {}; is the server running and the URL right?",
                e.to_string().trim()
            )
        }),
        Backend::Sqlite(p) => diesel::SqliteConnection::establish(p).map(drop).map_err(|e| {
            anyhow::anyhow!("cannot open SQLite database {p:?}: {e}; check the path and its folder's permissions")
        }),
    };
    probe?;
    let manager = ConnectionManager::<Conn>::new(manager_url);
    let pool = R2d2Pool::builder()
        .max_size(size)
        .min_idle(min_idle)
        .connection_timeout(Duration::from_secs(10))
        .connection_customizer(Box::new(SqlitePragmas))
        .event_handler(Box::new(PoolEvents))
        .build(manager)
        .map_err(|e| anyhow::anyhow!("cannot open the database pool: {e}"))?;
    let mut conn = pool
        .get()
        .context("no database connection for migrations")?;
    migrate(&mut conn)?;
    Ok(pool)
}

/// Applies pending migrations of the connection's backend.
pub fn migrate(conn: &mut Conn) -> anyhow::Result<()> {
    let applied = match conn {
        Conn::Pg(c) => c
            .run_pending_migrations(POSTGRES_MIGRATIONS)
            .map(|v| v.len()),
        Conn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
    }
    .map_err(|e| anyhow::anyhow!("database migration failed: {e}"))?;
    if applied > 0 {
        tracing::info!(applied, "applied database migrations");
    }
    Ok(())
}

/// Runs synchronous database work on the blocking pool, so diesel never stalls the executor.
/// The closure returns diesel's `QueryResult` or an `anyhow::Result`; either becomes `anyhow`.
pub async fn run<T, E, F>(pool: &Pool, f: F) -> anyhow::Result<T>
where
    F: FnOnce(&mut Conn) -> Result<T, E> + Send + 'static,
    T: Send + 'static,
    E: Into<anyhow::Error> + Send + 'static,
{
    let pool = pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool
            .get()
            .map_err(|e| anyhow::anyhow!("no database connection: {e}"))?;
        f(&mut conn).map_err(Into::into)
    })
    .await
    .map_err(|e| anyhow::anyhow!("database task failed: {e}"))?
}

/// Like `run`, for work that fails with an area's own error type: that error comes back as it
/// is; only a failure to reach the database becomes the type's unexpected case.
pub async fn run_as<T, E, F>(pool: &Pool, f: F) -> Result<T, E>
where
    F: FnOnce(&mut Conn) -> Result<T, E> + Send + 'static,
    T: Send + 'static,
    E: From<anyhow::Error> + std::error::Error + Send + Sync + 'static,
{
    run(pool, f)
        .await
        .map_err(|e| e.downcast::<E>().unwrap_or_else(E::from))
}

/// The current time as stored in the database (UTC, no zone).
pub fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// Whether every migration this binary carries has been applied: `/readyz` is not ready on a
/// schema that is behind (a failed or skipped migration).
pub fn migrations_current(conn: &mut Conn) -> anyhow::Result<bool> {
    let pending = match conn {
        Conn::Pg(c) => c.has_pending_migration(POSTGRES_MIGRATIONS),
        Conn::Sqlite(c) => c.has_pending_migration(SQLITE_MIGRATIONS),
    }
    .map_err(|e| anyhow::anyhow!("cannot read the applied migrations: {e}"))?;
    Ok(!pending)
}
