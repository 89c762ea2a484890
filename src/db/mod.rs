//! The database: backend choice from the URL, the connection pool, migrations, and the one helper
//! that runs synchronous diesel code off the async executor. Queries live in the domain modules'
//! `store.rs` files; backend-specific SQL is matched here or next to the query that needs it.
pub mod schema;
pub mod seed;
pub mod settings;

use std::time::Duration;

use anyhow::Context;
use diesel::Connection;
use diesel::connection::SimpleConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool as R2d2Pool, PooledConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

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

/// Which backend a `DATABASE_URL` names, and the URL diesel should get for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    Postgres(String),
    Sqlite(String),
}

impl Backend {
    /// `postgres://` / `postgresql://` → PostgreSQL; `sqlite://PATH`, `sqlite:PATH` or a bare path →
    /// SQLite. Anything else with a `scheme://` is refused rather than taken as a file name.
    pub fn from_url(url: &str) -> Result<Backend, String> {
        let url = url.trim();
        if url.is_empty() {
            return Err("DATABASE_URL is empty: give a SQLite path or a postgres:// URL".into());
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Backend::Postgres(url.to_string()));
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url);
        if path.is_empty() {
            return Err(format!(
                "DATABASE_URL {url:?} has no file path after the scheme"
            ));
        }
        if let Some((scheme, _)) = path.split_once("://") {
            return Err(format!(
                "DATABASE_URL scheme {scheme:?} is not supported: use a SQLite path or postgres://"
            ));
        }
        Ok(Backend::Sqlite(path.to_string()))
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Backend::Postgres(_))
    }
}

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

/// Connects, runs pending migrations, and hands out the pool.
pub fn connect(url: &str) -> anyhow::Result<Pool> {
    let backend = Backend::from_url(url).map_err(anyhow::Error::msg)?;
    let (manager_url, size) = match &backend {
        Backend::Postgres(u) => (u.clone(), 16),
        // Writers serialise on SQLite anyway; a few connections serve concurrent readers.
        Backend::Sqlite(p) => (p.clone(), 8),
    };
    // Probe once with the backend's own connection: its error says what is wrong, where the
    // pool's would only say that no variant of the multi-connection accepted the URL.
    let probe = match &backend {
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
        .min_idle(Some(1))
        .connection_timeout(Duration::from_secs(10))
        .connection_customizer(Box::new(SqlitePragmas))
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
pub async fn run<T, E, F>(pool: &Pool, f: F) -> Result<T, E>
where
    F: FnOnce(&mut Conn) -> Result<T, E> + Send + 'static,
    T: Send + 'static,
    E: From<anyhow::Error> + Send + 'static,
{
    let pool = pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool
            .get()
            .map_err(|e| anyhow::anyhow!("no database connection: {e}"))?;
        f(&mut conn)
    })
    .await
    .map_err(|e| anyhow::anyhow!("database task failed: {e}"))?
}

/// The current time as stored in the database (UTC, no zone).
pub fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

#[cfg(test)]
mod tests {
    use super::Backend;

    #[test]
    fn backend_from_url() {
        assert!(matches!(
            Backend::from_url("postgres://u@h/db"),
            Ok(Backend::Postgres(_))
        ));
        assert!(matches!(
            Backend::from_url("postgresql://h/db"),
            Ok(Backend::Postgres(_))
        ));
        assert_eq!(
            Backend::from_url("sqlite://a.db"),
            Ok(Backend::Sqlite("a.db".into()))
        );
        assert_eq!(
            Backend::from_url("sqlite:a.db"),
            Ok(Backend::Sqlite("a.db".into()))
        );
        assert_eq!(
            Backend::from_url("tglink.db"),
            Ok(Backend::Sqlite("tglink.db".into()))
        );
        assert!(Backend::from_url("mysql://h/db").is_err());
        assert!(Backend::from_url("").is_err());
        assert!(Backend::from_url("sqlite://").is_err());
    }
}
