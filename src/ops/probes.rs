//! The probes an orchestrator or a service manager asks: `GET /livez` (the process answers HTTP)
//! and `GET /readyz` (the database answers and its schema is current). Telegram's state is
//! reported by `/readyz` but never makes it unready: a site whose bot is down still serves its
//! pages, and restarting it would not bring Telegram back. `/healthz` (crate::health) stays as it
//! was for existing monitors.
use std::time::Duration;

use actix_web::{HttpResponse, get, web};
use diesel::connection::SimpleConnection;
use diesel::{Connection, RunQueryDsl};
use serde_json::json;

use crate::config::Config;
use crate::db::{self, Backend, Conn, Pool};
use crate::telegram::Telegram;

/// How long `/readyz` waits for a pooled PostgreSQL connection: a probe must answer quickly,
/// and a database that cannot hand one out in this time is not ready.
const CHECKOUT_WAIT: Duration = Duration::from_secs(2);

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(livez).service(readyz);
}

#[get("/livez")]
async fn livez() -> HttpResponse {
    HttpResponse::Ok().json(json!({"status": "alive"}))
}

#[get("/readyz")]
async fn readyz(
    pool: web::Data<Pool>,
    config: web::Data<Config>,
    telegram: web::Data<Telegram>,
) -> HttpResponse {
    let backend = config.database.clone();
    let pool = pool.get_ref().clone();
    let database = tokio::task::spawn_blocking(move || check_database(&backend, &pool))
        .await
        .unwrap_or_else(|e| Err(NotReady::Database(format!("the check failed: {e}"))));
    let telegram = telegram.status().as_str();
    match database {
        Ok(()) => HttpResponse::Ok().json(json!({
            "status": "ready", "database": "ok", "migrations": "current", "telegram": telegram,
        })),
        Err(problem) => {
            tracing::warn!(problem = %problem, "readiness: not ready");
            let (database, migrations) = match &problem {
                NotReady::Database(_) => ("unreachable", "unknown"),
                NotReady::Migrations => ("ok", "pending"),
            };
            HttpResponse::ServiceUnavailable().json(json!({
                "status": "not_ready", "reason": problem.to_string(), "database": database,
                "migrations": migrations, "telegram": telegram,
            }))
        }
    }
}

#[derive(Debug, thiserror::Error)]
enum NotReady {
    #[error("database unavailable: {0}")]
    Database(String),
    #[error("database migrations are pending: restart tglink or run `tglink migrate`")]
    Migrations,
}

/// SQLite is checked on a fresh connection that may not create the file: the pool's open
/// connections keep working on a file that was deleted, moved or made unreadable, and would hide
/// that the database is gone. PostgreSQL is checked through the pool (a dead pooled connection is
/// replaced on checkout).
fn check_database(backend: &Backend, pool: &Pool) -> Result<(), NotReady> {
    let unavailable = |e: &dyn std::fmt::Display| NotReady::Database(e.to_string());
    let current = match backend {
        Backend::Sqlite(path) => {
            let mut conn = diesel::SqliteConnection::establish(&existing_file_uri(path))
                .map_err(|e| unavailable(&e))?;
            // Reading the migrations table may wait a moment for the writer.
            conn.batch_execute("PRAGMA busy_timeout = 2000;")
                .map_err(|e| unavailable(&e))?;
            let mut conn = Conn::Sqlite(conn);
            select_one(&mut conn).map_err(|e| unavailable(&e))?;
            db::migrations_current(&mut conn)
        }
        Backend::Postgres(_) => {
            let mut conn = pool
                .get_timeout(CHECKOUT_WAIT)
                .map_err(|e| unavailable(&e))?;
            select_one(&mut conn).map_err(|e| unavailable(&e))?;
            db::migrations_current(&mut conn)
        }
    }
    .map_err(|e| unavailable(&e))?;
    if current {
        Ok(())
    } else {
        Err(NotReady::Migrations)
    }
}

fn select_one(conn: &mut Conn) -> diesel::QueryResult<usize> {
    diesel::sql_query("SELECT 1").execute(conn)
}

/// A SQLite URI that opens `path` read-write but never creates it. Characters that mean
/// something in a URI are escaped, so any file name stays one path.
fn existing_file_uri(path: &str) -> String {
    const URI_SPECIAL: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b'%')
        .add(b'?')
        .add(b'#')
        .add(b' ');
    let escaped = percent_encoding::utf8_percent_encode(path, URI_SPECIAL);
    format!("file:{escaped}?mode=rw")
}

#[cfg(test)]
mod tests {
    use super::existing_file_uri;

    #[test]
    fn uri_escapes_query_and_fragment_marks() {
        assert_eq!(
            existing_file_uri("/d/a?b#c.db"),
            "file:/d/a%3Fb%23c.db?mode=rw"
        );
    }
}
