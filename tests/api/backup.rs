//! `tglink backup PATH`: a copy taken while the site serves and writes is consistent and serves
//! (the restore drill), an existing file is never overwritten, and PostgreSQL is pointed to
//! pg_dump.
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use diesel::{Connection, QueryableByName, RunQueryDsl, SqliteConnection};
use serde_json::json;
use telegram_fake::FakeTelegram;

use crate::binary::Binary;
use crate::cli::tglink;
use crate::helpers::{BOT_TOKEN, Browser, Intake, TestDb, WAIT, spawn_app_with_telegram_and};

const PASSWORD: &str = "correct horse battery";
const ALICE: i64 = 5101;

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// The test's own look into a SQLite file: how many deliveries it holds, and how many are sent.
fn deliveries_in(path: &Path) -> (i64, i64) {
    let mut conn = SqliteConnection::establish(path.to_str().expect("UTF-8 path")).expect("open");
    let count = |conn: &mut SqliteConnection, sql: &str| {
        diesel::sql_query(sql)
            .get_result::<Count>(conn)
            .expect("count")
            .n
    };
    (
        count(&mut conn, "SELECT count(*) AS n FROM deliveries"),
        count(
            &mut conn,
            "SELECT count(*) AS n FROM deliveries WHERE status = 'sent'",
        ),
    )
}

#[tokio::test]
async fn a_backup_taken_while_the_site_writes_serves_and_sends_what_was_queued() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("live.db");
    let live_url = live.to_str().unwrap().to_string();
    let app = spawn_app_with_telegram_and(Intake::Polling, |c| {
        c.database = live_url.parse().expect("a SQLite path");
    })
    .await;
    let alice = app.signed_up("alice").await;
    app.link_telegram(&alice, ALICE, "Alice", None).await;
    // Telegram hangs: what is queued from now on stays queued (or held by a send that never
    // returns) in the live database. (Not 502s: each would count as a failed attempt, and a
    // notification retried for long enough would wait out a backoff longer than this test after
    // the restore.)
    app.fake().set_latency(Duration::from_secs(3600));
    let token = {
        let pool = app.pool.clone();
        tglink::db::run(&pool, |conn| {
            tglink::api::api_tokens::create(conn, "drill").map_err(anyhow::Error::from)
        })
        .await
        .expect("a token")
        .1
    };

    // The site is busy: notifications keep being queued while the backup runs.
    let stop = Arc::new(AtomicBool::new(false));
    let queued = Arc::new(AtomicUsize::new(0));
    let writer = {
        let (stop, queued, client) = (stop.clone(), queued.clone(), reqwest::Client::new());
        let url = app.url("/api/v1/notifications");
        tokio::spawn(async move {
            while !stop.load(Ordering::SeqCst) {
                let n = queued.load(Ordering::SeqCst);
                let response = client
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&json!({"username": "alice", "text": format!("queued {n}")}))
                    .send()
                    .await
                    .expect("POST a notification");
                assert!(response.status().is_success(), "{}", response.status());
                queued.fetch_add(1, Ordering::SeqCst);
            }
        })
    };
    while queued.load(Ordering::SeqCst) < 5 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let copy = dir.path().join("copy.db");
    // Off the test's runtime thread, so the writer keeps writing while the copy is taken.
    let mut backup = tglink();
    backup
        .args(["backup", copy.to_str().unwrap()])
        .env("DATABASE_URL", &live);
    let out = tokio::task::spawn_blocking(move || backup.output())
        .await
        .unwrap()
        .unwrap();
    let during = queued.load(Ordering::SeqCst);
    stop.store(true, Ordering::SeqCst);
    writer.await.unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("integrity check ok"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let (in_copy, sent_in_copy) = deliveries_in(&copy);
    assert!(
        in_copy >= 5,
        "the copy holds what was queued before it: {in_copy}"
    );
    assert!(
        in_copy as usize <= during + 1,
        "{in_copy} deliveries, {during} queued"
    );
    assert_eq!(sent_in_copy, 0);

    // The restore: tglink serves from the copy (with a Telegram that answers).
    let restored_telegram = FakeTelegram::start(BOT_TOKEN).await.unwrap();
    restored_telegram.add_user(ALICE, "Alice", None);
    let restored = Binary::serve(dir.path(), |command, _| {
        command
            .env("DATABASE_URL", &copy)
            .env("TELEGRAM_BOT_TOKEN", BOT_TOKEN)
            .env("TELEGRAM_API_URL", restored_telegram.api_url());
    })
    .await;
    let browser = Browser::new(&restored.url(""));
    assert_eq!(browser.log_in("alice", PASSWORD).await.status(), 303);
    assert_eq!(browser.get("/account").await.status(), 200);
    // Alice also gets a sign-in alert, a delivery of its own: only the notifications are
    // counted, in the chat, so the wait cannot end on the alert while one is still backing off.
    let notifications = || -> Vec<String> {
        restored_telegram
            .messages_to(ALICE)
            .into_iter()
            .map(|m| m.plain_text)
            .filter(|t| t.starts_with("queued "))
            .collect()
    };
    // One chat gets them all, and Telegram takes about one message a second per chat.
    let paced = Duration::from_secs(u64::try_from(in_copy).unwrap_or(0));
    let deadline = std::time::Instant::now() + WAIT * 3 + paced;
    while (notifications().len() as i64) < in_copy {
        assert!(
            std::time::Instant::now() < deadline,
            "the queued deliveries did not go out: {:?} of {in_copy}; log: {}",
            deliveries_in(&copy),
            restored.log()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let notifications = notifications();
    let distinct: std::collections::HashSet<&String> = notifications.iter().collect();
    assert_eq!(
        (notifications.len() as i64, distinct.len() as i64),
        (in_copy, in_copy),
        "each queued notification went out once: {notifications:?}"
    );
    assert!(notifications.iter().any(|t| t == "queued 0"));
}

#[tokio::test]
async fn backup_never_overwrites_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("live.db");
    let out = tglink()
        .args(["migrate"])
        .env("DATABASE_URL", &live)
        .output()
        .unwrap();
    assert!(out.status.success());
    let existing = dir.path().join("keep.db");
    std::fs::write(&existing, b"precious").unwrap();
    let out = tglink()
        .args(["backup", existing.to_str().unwrap()])
        .env("DATABASE_URL", &live)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("already exists"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read(&existing).unwrap(), b"precious");

    // A missing database is not silently created and copied empty.
    let out = tglink()
        .args(["backup", dir.path().join("new.db").to_str().unwrap()])
        .env("DATABASE_URL", dir.path().join("missing.db"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(!dir.path().join("missing.db").exists());
    assert!(!dir.path().join("new.db").exists());
}

#[tokio::test]
async fn backup_on_postgresql_points_to_pg_dump() {
    let db = TestDb::postgres();
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("copy.db");
    let out = tglink()
        .args(["backup", target.to_str().unwrap()])
        .env("DATABASE_URL", db.url())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("pg_dump"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!target.exists());
}
