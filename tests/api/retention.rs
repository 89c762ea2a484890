//! What nobody needs is forgotten: webhook events (and their deliveries and attempts) older than
//! TGLINK_WEBHOOK_RETENTION_DAYS once nothing of them is pending, and "Sign in with Telegram"
//! attempts a day after they stopped working. Old rows are written with the test's own SQL; the
//! app's housekeeping (made frequent here) must remove them and keep the rest.
use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use tglink::db::schema::{telegram_logins, webhook_attempts, webhook_deliveries, webhook_events};

use crate::broadcast_support::user_id;
use crate::cli::tglink;
use crate::helpers::{Intake, TestApp, WAIT, spawn_app_with, spawn_app_with_telegram_and};

const OFTEN: Duration = Duration::from_millis(50);

fn days_ago(days: i64) -> NaiveDateTime {
    tglink::db::now() - chrono::Duration::days(days)
}

/// Polls `count` until it is `want`.
async fn wait_for(app: &TestApp, what: &str, want: i64, count: fn(&mut tglink::db::Conn) -> i64) {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let now = tglink::db::run(&app.pool, move |conn| Ok::<_, anyhow::Error>(count(conn)))
            .await
            .expect("count");
        if now == want {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{what}: {now}, not {want}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// An event `age_days` old with one delivery in `status` and one attempt; its id.
fn old_event(
    conn: &mut tglink::db::Conn,
    user: i64,
    endpoint: i64,
    age_days: i64,
    status: &str,
) -> i64 {
    let at = days_ago(age_days);
    let event: i64 = diesel::insert_into(webhook_events::table)
        .values((
            webhook_events::webhook_id.eq(format!("msg_retention_{age_days}_{status}")),
            webhook_events::event_type.eq("link.created"),
            webhook_events::user_id.eq(user),
            webhook_events::body.eq(r#"{"data":{"username":"kept_or_not"}}"#),
            webhook_events::created_at.eq(at),
        ))
        .returning(webhook_events::id)
        .get_result(conn)
        .expect("event");
    let delivery: i64 = diesel::insert_into(webhook_deliveries::table)
        .values((
            webhook_deliveries::event_id.eq(event),
            webhook_deliveries::endpoint_id.eq(endpoint),
            webhook_deliveries::lane.eq(user),
            webhook_deliveries::status.eq(status),
            webhook_deliveries::attempts.eq(1),
            // A pending one is not due for a long time: the sender leaves it alone.
            webhook_deliveries::next_attempt_at.eq(at + chrono::Duration::days(3650)),
            webhook_deliveries::updated_at.eq(at),
        ))
        .returning(webhook_deliveries::id)
        .get_result(conn)
        .expect("delivery");
    diesel::insert_into(webhook_attempts::table)
        .values((
            webhook_attempts::delivery_id.eq(delivery),
            webhook_attempts::endpoint_id.eq(endpoint),
            webhook_attempts::attempted_at.eq(at),
            webhook_attempts::status_code.eq(Some(200)),
            webhook_attempts::duration_ms.eq(12_i64),
        ))
        .execute(conn)
        .expect("attempt");
    event
}

#[tokio::test]
async fn webhook_events_are_forgotten_after_the_retention_unless_pending() {
    let app = spawn_app_with(|c| {
        c.retention.prune_every = OFTEN;
        c.retention.webhook_events = Duration::from_secs(30 * 24 * 3600);
    })
    .await;
    app.signed_up("member").await;
    let user = user_id(&app.pool, "member").await;
    let url = url::Url::parse("http://127.0.0.1:9/hooks").unwrap();
    let (endpoint, _) = tglink::db::run(&app.pool, move |conn| {
        tglink::webhooks::endpoints::create(conn, &url)
    })
    .await
    .expect("endpoint");
    let kept: Vec<i64> = tglink::db::run(&app.pool, move |conn| {
        old_event(conn, user, endpoint, 31, "sent");
        old_event(conn, user, endpoint, 40, "failed");
        Ok::<_, anyhow::Error>(vec![
            old_event(conn, user, endpoint, 31, "pending"),
            old_event(conn, user, endpoint, 29, "sent"),
        ])
    })
    .await
    .unwrap();

    wait_for(&app, "events", 2, |conn| {
        webhook_events::table.count().get_result(conn).unwrap_or(-1)
    })
    .await;
    let (events, deliveries, attempts): (Vec<i64>, i64, i64) = tglink::db::run(&app.pool, |conn| {
        Ok::<_, anyhow::Error>((
            webhook_events::table
                .select(webhook_events::id)
                .order(webhook_events::id)
                .load(conn)?,
            webhook_deliveries::table.count().get_result(conn)?,
            webhook_attempts::table.count().get_result(conn)?,
        ))
    })
    .await
    .unwrap();
    assert_eq!(events, kept, "the pending one and the young one stay");
    assert_eq!(
        (deliveries, attempts),
        (2, 2),
        "with their deliveries and attempts"
    );
}

#[tokio::test]
async fn telegram_sign_in_attempts_are_forgotten_a_day_after_they_ended() {
    let app =
        spawn_app_with_telegram_and(Intake::Webhook, |c| c.retention.prune_every = OFTEN).await;
    tglink::db::run(&app.pool, |conn| {
        for (nonce, age_days, lifetime_days, state) in [
            ("finished-long-ago", 2, 0, "done"),
            ("denied-long-ago", 3, 0, "denied"),
            ("still-waiting", 0, 1, "waiting"),
        ] {
            let created = days_ago(age_days);
            diesel::insert_into(telegram_logins::table)
                .values((
                    telegram_logins::nonce_hash.eq(nonce),
                    telegram_logins::browser_hash.eq(format!("browser-{nonce}")),
                    telegram_logins::browser.eq("Firefox on Linux"),
                    telegram_logins::address.eq("203.0.113.7"),
                    telegram_logins::state.eq(state),
                    telegram_logins::created_at.eq(created),
                    telegram_logins::expires_at.eq(created
                        + chrono::Duration::days(lifetime_days)
                        + chrono::Duration::minutes(5)),
                    telegram_logins::telegram_username.eq(Some("someone_tg")),
                ))
                .execute(conn)?;
        }
        Ok::<_, anyhow::Error>(())
    })
    .await
    .unwrap();
    wait_for(&app, "attempts", 1, |conn| {
        telegram_logins::table
            .count()
            .get_result(conn)
            .unwrap_or(-1)
    })
    .await;
    let left: Vec<String> = tglink::db::run(&app.pool, |conn| {
        telegram_logins::table
            .select(telegram_logins::nonce_hash)
            .load(conn)
    })
    .await
    .unwrap();
    assert_eq!(left, ["still-waiting"]);
}

#[test]
fn a_webhook_retention_too_short_for_the_retries_stops_the_start() {
    for value in ["1", "0", "forever"] {
        let dir = tempfile::tempdir().unwrap();
        let out = tglink()
            .arg("serve")
            .current_dir(dir.path())
            .env("TGLINK_BIND", "127.0.0.1:0")
            .env("DATABASE_URL", dir.path().join("t.db"))
            .env("TGLINK_WEBHOOK_RETENTION_DAYS", value)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{value} must not start");
        assert!(
            stderr.contains("TGLINK_WEBHOOK_RETENTION_DAYS"),
            "{value}: {stderr}"
        );
        let error_lines = stderr.lines().filter(|l| l.starts_with("error:")).count();
        assert_eq!(error_lines, 1, "{stderr}");
    }
}
