//! The probes: `/livez` answers while the process does; `/readyz` is 503 naming the problem while
//! the database is gone or behind, and 200 again when it is back; `tglink healthcheck` turns
//! that into an exit code; `tglink --version` names the commit.
use std::time::Duration;

use diesel::{Connection, RunQueryDsl};
use serde_json::Value;

use crate::cli::tglink;
use crate::helpers::{TestApp, TestDb, WAIT, spawn_app};

/// Runs `tglink ARGS` off the test's runtime thread: the app under test runs on that thread too.
async fn run_tglink(args: &[&str], env: &[(&str, String)]) -> std::process::Output {
    let mut command = tglink();
    command.args(args);
    for (name, value) in env {
        command.env(name, value);
    }
    tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap()
        .expect("run tglink")
}

async fn probe(app: &TestApp, path: &str) -> (u16, Value) {
    let response = app.get(path).await;
    let status = response.status().as_u16();
    (status, response.json().await.expect("a JSON body"))
}

/// Asks /readyz until it answers `status`; returns that answer.
async fn wait_for_ready_status(app: &TestApp, status: u16) -> Value {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let (got, body) = probe(app, "/readyz").await;
        if got == status {
            return body;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "/readyz stayed {got} ({body}), expected {status}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn livez_and_readyz_answer_and_healthz_still_does() {
    let app = spawn_app().await;
    let (status, body) = probe(&app, "/livez").await;
    assert_eq!((status, body["status"].as_str()), (200, Some("alive")));
    let (status, body) = probe(&app, "/readyz").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "ready");
    assert_eq!(body["database"], "ok");
    assert_eq!(body["migrations"], "current");
    // No bot configured: reported, and still ready (the site serves without Telegram).
    assert_eq!(body["telegram"], "not_configured");
    let (status, body) = probe(&app, "/healthz").await;
    assert_eq!((status, body["status"].as_str()), (200, Some("ok")));
}

/// Takes the database away from under the running app, and gives it back.
enum Outage {
    /// SQLite: the file is moved away (open connections would still work on it).
    Moved { path: String },
    /// PostgreSQL: connections refused and the open ones terminated.
    Refused { admin_url: String, name: String },
}

impl Outage {
    fn begin(db: &TestDb) -> Outage {
        match db {
            TestDb::Sqlite { url, .. } => {
                std::fs::rename(url, format!("{url}.away")).expect("move the database away");
                Outage::Moved { path: url.clone() }
            }
            TestDb::Postgres {
                admin_url, name, ..
            } => {
                let outage = Outage::Refused {
                    admin_url: admin_url.clone(),
                    name: name.clone(),
                };
                outage.admin(&[
                    &format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false"),
                    &format!(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                         WHERE datname = '{name}' AND pid <> pg_backend_pid()"
                    ),
                ]);
                outage
            }
        }
    }

    fn end(&self) {
        match self {
            Outage::Moved { path } => {
                std::fs::rename(format!("{path}.away"), path).expect("bring the database back")
            }
            Outage::Refused { name, .. } => {
                self.admin(&[&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true")])
            }
        }
    }

    fn admin(&self, statements: &[&str]) {
        let Outage::Refused { admin_url, .. } = self else {
            return;
        };
        let mut conn = diesel::PgConnection::establish(admin_url).expect("the admin connection");
        for sql in statements {
            diesel::sql_query(*sql).execute(&mut conn).expect(sql);
        }
    }
}

#[tokio::test]
async fn readyz_is_503_while_the_database_is_gone_and_200_when_it_is_back() {
    let app = spawn_app().await;
    wait_for_ready_status(&app, 200).await;

    let outage = Outage::begin(&app.db);
    let body = wait_for_ready_status(&app, 503).await;
    assert_eq!(body["status"], "not_ready");
    assert_eq!(body["database"], "unreachable");
    assert!(
        body["reason"]
            .as_str()
            .unwrap()
            .contains("database unavailable"),
        "{body}"
    );
    // The process itself is fine: liveness must not restart it for the database's sake.
    assert_eq!(probe(&app, "/livez").await.0, 200);

    outage.end();
    let body = wait_for_ready_status(&app, 200).await;
    assert_eq!(body["status"], "ready");
}

#[tokio::test]
async fn readyz_is_503_when_the_schema_is_behind() {
    let app = spawn_app().await;
    wait_for_ready_status(&app, 200).await;
    tglink::db::run(&app.pool, |conn| {
        diesel::sql_query(
            "DELETE FROM __diesel_schema_migrations WHERE version = \
             (SELECT max(version) FROM __diesel_schema_migrations)",
        )
        .execute(conn)
    })
    .await
    .unwrap();
    let (status, body) = probe(&app, "/readyz").await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["migrations"], "pending");
    assert!(body["reason"].as_str().unwrap().contains("migrations"));
}

#[tokio::test]
async fn healthcheck_exits_0_when_ready_and_1_otherwise() {
    let app = spawn_app().await;
    let readyz = app.url("/readyz");
    let ok = run_tglink(&["healthcheck", "--url", &readyz], &[]).await;
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    // The default URL is /readyz on TGLINK_BIND (listening everywhere: asked on loopback).
    let bind = ("TGLINK_BIND", format!("0.0.0.0:{}", app.port));
    let by_bind = run_tglink(&["healthcheck"], &[bind]).await;
    assert!(
        by_bind.status.success(),
        "{}",
        String::from_utf8_lossy(&by_bind.stderr)
    );

    let outage = Outage::begin(&app.db);
    wait_for_ready_status(&app, 503).await;
    let not_ready = run_tglink(&["healthcheck", "--url", &readyz], &[]).await;
    assert_eq!(not_ready.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&not_ready.stderr).contains("503"));
    outage.end();

    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = format!(
        "http://127.0.0.1:{}/readyz",
        free.local_addr().unwrap().port()
    );
    drop(free);
    let nobody = run_tglink(&["healthcheck", "--url", &closed], &[]).await;
    assert_eq!(nobody.status.code(), Some(1));
}

#[test]
fn version_names_the_version_and_the_commit() {
    let out = tglink().arg("--version").output().unwrap();
    assert!(out.status.success());
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".into());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("tglink {} (commit {commit})", env!("CARGO_PKG_VERSION"))
    );
}
