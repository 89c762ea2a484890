//! The delivery worker as the app runs it: the rate limit holds on a long broadcast, a slow 5xx
//! stalls nothing, two instances on PostgreSQL send as one and the standby takes over when the
//! sender dies, and the real binary loses nothing to kill -9 and finishes its in-flight sends on
//! SIGTERM.
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use telegram_fake::{Failure, FakeTelegram};
use tglink::config::Config;
use tglink::delivery::store::Audience;
use tglink::delivery::text::Format;
use tglink::startup::Application;

use crate::broadcast_support::*;
use crate::helpers::{BOT_TOKEN, Intake, TestDb, spawn_app_with_telegram_and};

const LONG: Duration = Duration::from_secs(60);

/// Telegram's limit as the fake enforces it in these tests: 10% above the configured rate, so a
/// pacer that keeps the rate never meets it even when this shared machine delays a send by
/// 100 ms, while one that sends faster than the rate meets it within a second.
fn telegram_limit(rate: u32) -> u32 {
    rate + rate / 10
}

#[tokio::test]
async fn a_long_broadcast_keeps_to_the_send_rate() {
    let rate = 40;
    let app = spawn_app_with_telegram_and(Intake::Polling, |c| {
        c.send_rate = rate;
        c.paid_broadcasts = true;
    })
    .await;
    let fake = app.fake().clone();
    fake.enforce_rate_limits(telegram_limit(rate), 1);
    let admin = sign_in_admin(&app).await;
    let linked = link_users(&app.pool, Some(&fake), "member", 240, 10_000, false).await;
    enqueue(&app.pool, admin, "Big news", Format::Plain, Audience::All).await;
    wait_until_drained(&app.pool, LONG).await;
    assert_eq!(
        fake.count_429(),
        0,
        "no second held more sends than the rate allows"
    );
    for l in &linked {
        assert_eq!(fake.messages_to(l.chat_id).len(), 1, "chat {}", l.chat_id);
    }
}

#[tokio::test]
async fn a_server_error_is_retried_and_does_not_hold_up_the_others() {
    let app = spawn_app_with_telegram_and(Intake::Polling, |c| c.send_rate = 100).await;
    let fake = app.fake().clone();
    let admin = sign_in_admin(&app).await;
    let linked = link_users(&app.pool, Some(&fake), "member", 6, 10_000, false).await;
    // teloxide-core sleeps 10 s after a 5xx before it returns: only that one send waits.
    fake.fail_next(
        "sendMessage",
        Some(linked[0].chat_id),
        1,
        Failure::ServerError(502),
    );
    let id = enqueue(&app.pool, admin, "Hi", Format::Plain, Audience::All).await;
    fake.wait_for_sent(5, Duration::from_secs(8))
        .await
        .expect("the other five go out meanwhile");
    assert!(fake.messages_to(linked[0].chat_id).is_empty());
    wait_until_drained(&app.pool, LONG).await;
    assert_eq!(fake.messages_to(linked[0].chat_id).len(), 1);
    let first = deliveries_of(&app.pool, id).await.remove(0);
    assert_eq!((first.status.as_str(), first.attempts), ("sent", 2));
}

/// Another app instance on the same database (webhook intake, so two instances do not fight
/// over getUpdates).
async fn instance(db_url: &str, fake: &FakeTelegram, rate: u32) {
    let mut config = Config::for_tests(db_url);
    config.bot_token = Some(BOT_TOKEN.into());
    config.telegram_api_url = fake.api_url().parse().expect("URL");
    config.public_url = Some("http://127.0.0.1:0".parse().expect("URL"));
    config.send_rate = rate;
    config.paid_broadcasts = rate > 30;
    let app = Application::build(config)
        .await
        .expect("the second instance builds");
    tokio::spawn(app.run_until_stopped());
}

#[tokio::test]
async fn two_instances_on_postgresql_send_as_one_within_the_rate() {
    // Always on PostgreSQL (the advisory lock is the point), whichever backend the suite runs on.
    let pg = TestDb::postgres();
    let pg_url = pg.url().to_string();
    let rate = 40;
    let app = spawn_app_with_telegram_and(Intake::Webhook, |c| {
        c.send_rate = rate;
        c.paid_broadcasts = true;
        c.database = pg_url.parse().expect("PostgreSQL URL");
    })
    .await;
    let fake = app.fake().clone();
    instance(&pg_url, &fake, rate).await;
    fake.enforce_rate_limits(telegram_limit(rate), 1);
    let admin = sign_in_admin(&app).await;
    let linked = link_users(&app.pool, Some(&fake), "member", 200, 10_000, false).await;
    enqueue(
        &app.pool,
        admin,
        "One for all",
        Format::Plain,
        Audience::All,
    )
    .await;
    wait_until_drained(&app.pool, LONG).await;
    assert_eq!(
        fake.count_429(),
        0,
        "both instances sending would break the rate"
    );
    for l in &linked {
        assert_eq!(fake.messages_to(l.chat_id).len(), 1, "chat {}", l.chat_id);
    }
}

/// A running `tglink serve`, killed when dropped, so a test that fails before its own kill
/// leaves no server behind. It leads its own process group, killed as a group (SIGKILL).
struct Served(Child);

impl Drop for Served {
    fn drop(&mut self) {
        if let Ok(pid) = i32::try_from(self.0.id()) {
            // SAFETY: kill(2) only sends a signal; it touches no memory of ours.
            unsafe { libc::kill(-pid, libc::SIGKILL) };
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl std::ops::Deref for Served {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.0
    }
}

impl std::ops::DerefMut for Served {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

fn serve(db_url: &str, fake: &FakeTelegram, rate: u32) -> Served {
    serve_with(db_url, fake, rate, &[])
}

fn serve_with(db_url: &str, fake: &FakeTelegram, rate: u32, env: &[(&str, &str)]) -> Served {
    let child = Command::new(env!("CARGO_BIN_EXE_tglink"))
        .arg("serve")
        // No stray .env from the repository's folder; a group of its own, killed with the test.
        .current_dir(std::env::temp_dir())
        .process_group(0)
        .env("DATABASE_URL", db_url)
        .env("TELEGRAM_BOT_TOKEN", BOT_TOKEN)
        .env("TELEGRAM_API_URL", fake.api_url())
        .env("TGLINK_BIND", "127.0.0.1:0")
        .env("TGLINK_SEND_RATE", rate.to_string())
        .env(
            "TGLINK_PAID_BROADCASTS",
            if rate > 30 { "on" } else { "off" },
        )
        .env_remove("TGLINK_PUBLIC_URL")
        .env("RUST_LOG", "error")
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start tglink serve");
    Served(child)
}

/// A database with `users` linked users and one broadcast to them, outside any app.
async fn queued_broadcast(
    db: TestDb,
    fake: &FakeTelegram,
    users: usize,
) -> (TestDb, tglink::db::Pool, Vec<Linked>, i64) {
    let url = db.url().to_string();
    let pool = tokio::task::spawn_blocking(move || {
        tglink::db::connect(&tglink::db::Backend::from_url(&url).expect("database URL"))
    })
    .await
    .unwrap()
    .expect("database");
    let linked = link_users(&pool, Some(fake), "member", users, 10_000, false).await;
    let id = enqueue(
        &pool,
        linked[0].user_id,
        "Survives crashes",
        Format::Plain,
        Audience::All,
    )
    .await;
    (db, pool, linked, id)
}

async fn wait_for_exit(child: &mut Child) -> std::process::ExitStatus {
    for _ in 0..400 {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = child.kill();
    panic!("tglink did not exit within 40 s");
}

/// After a kill -9: every chat got the message, at most the sends in flight then went twice, and
/// every delivery is recorded as sent.
async fn assert_nothing_lost(
    fake: &FakeTelegram,
    pool: &tglink::db::Pool,
    linked: &[Linked],
    id: i64,
) {
    for l in linked {
        assert!(
            !fake.messages_to(l.chat_id).is_empty(),
            "chat {} got nothing",
            l.chat_id
        );
    }
    let duplicates = fake.sent_messages().len() - linked.len();
    assert!(
        duplicates <= 8,
        "at most the sends in flight are repeated, got {duplicates}"
    );
    assert!(
        deliveries_of(pool, id)
            .await
            .iter()
            .all(|d| d.status == "sent")
    );
}

#[tokio::test]
async fn kill_9_mid_broadcast_then_restart_loses_nothing() {
    let fake = FakeTelegram::start(BOT_TOKEN).await.unwrap();
    let (db, pool, linked, id) = queued_broadcast(TestDb::new(), &fake, 60).await;
    let mut first = serve(db.url(), &fake, 20);
    fake.wait_for_sent(15, Duration::from_secs(30))
        .await
        .expect("the first run sends");
    first.kill().expect("kill -9");
    first.wait().unwrap();

    let mut second = serve(db.url(), &fake, 200);
    wait_until_drained(&pool, LONG).await;
    second.kill().unwrap();
    second.wait().unwrap();

    assert_nothing_lost(&fake, &pool, &linked, id).await;
}

#[tokio::test]
async fn on_postgresql_a_standby_takes_over_when_the_sender_dies() {
    let fake = FakeTelegram::start(BOT_TOKEN).await.unwrap();
    let (db, pool, linked, id) = queued_broadcast(TestDb::postgres(), &fake, 60).await;
    // Webhook intake, so the two instances do not fight over getUpdates.
    let webhook = [("TGLINK_PUBLIC_URL", "http://127.0.0.1:9/")];
    let mut first = serve_with(db.url(), &fake, 10, &webhook);
    fake.wait_for_sent(5, Duration::from_secs(30))
        .await
        .expect("the first instance sends: it holds the lock");
    let mut second = serve_with(db.url(), &fake, 10, &webhook);
    fake.wait_until(Duration::from_secs(30), |f| {
        f.calls_to("setWebhook").len() >= 2
    })
    .await
    .expect("the second instance is up");
    // Let the second find the lock taken and stand by (without it, it would take the free lock
    // at start, which tests less).
    tokio::time::sleep(Duration::from_secs(1)).await;

    first.kill().expect("kill -9 the sender");
    first.wait().unwrap();
    let sent_by_first = fake.sent_messages().len();
    assert!(
        sent_by_first < linked.len(),
        "the sender died mid-broadcast"
    );
    wait_until_drained(&pool, LONG).await;
    second.kill().unwrap();
    second.wait().unwrap();

    assert_nothing_lost(&fake, &pool, &linked, id).await;
}

#[tokio::test]
async fn on_postgresql_a_standby_takes_over_a_paid_broadcast_at_100_a_second() {
    // Telegram's limits enforced: above 30 a second only paid messages may go, so a standby
    // that took over without the flag, or both instances sending, would meet 429s.
    let rate = 100;
    let fake = FakeTelegram::start(BOT_TOKEN).await.unwrap();
    fake.enforce_rate_limits(telegram_limit(rate), 1);
    fake.set_latency(Duration::from_millis(50));
    let (db, pool, linked, id) = queued_broadcast(TestDb::postgres(), &fake, 1500).await;
    let webhook = [("TGLINK_PUBLIC_URL", "http://127.0.0.1:9/")];
    let mut first = serve_with(db.url(), &fake, rate, &webhook);
    fake.wait_for_sent(100, Duration::from_secs(30))
        .await
        .expect("the first instance sends: it holds the lock");
    let mut second = serve_with(db.url(), &fake, rate, &webhook);
    fake.wait_until(Duration::from_secs(30), |f| {
        f.calls_to("setWebhook").len() >= 2
    })
    .await
    .expect("the second instance is up");
    tokio::time::sleep(Duration::from_secs(1)).await;

    first.kill().expect("kill -9 the sender");
    first.wait().unwrap();
    let sent_by_first = fake.sent_messages().len();
    assert!(
        sent_by_first < linked.len(),
        "the sender died mid-broadcast"
    );
    wait_until_drained(&pool, LONG).await;
    second.kill().unwrap();
    second.wait().unwrap();

    for l in &linked {
        assert!(
            !fake.messages_to(l.chat_id).is_empty(),
            "chat {} got nothing",
            l.chat_id
        );
    }
    let sent = fake.sent_messages();
    assert!(
        sent.iter().all(|m| m.paid),
        "every message was a paid broadcast"
    );
    // At 100 a second with 50 ms answers the worker has at most 64 sends in flight.
    let repeated = sent.len() - linked.len();
    assert!(
        repeated <= 64,
        "at most the sends in flight are repeated, got {repeated}"
    );
    assert_eq!(fake.count_429(), 0, "one sender, within the paid rate");
    assert!(
        deliveries_of(&pool, id)
            .await
            .iter()
            .all(|d| d.status == "sent")
    );
}

#[tokio::test]
async fn sigterm_finishes_the_sends_in_flight_and_a_restart_sends_the_rest_once() {
    let fake = FakeTelegram::start(BOT_TOKEN).await.unwrap();
    fake.set_latency(Duration::from_millis(300));
    let (db, pool, linked, id) = queued_broadcast(TestDb::new(), &fake, 60).await;
    let mut first = serve(db.url(), &fake, 20);
    fake.wait_for_sent(10, Duration::from_secs(30))
        .await
        .expect("the first run sends");
    // At 20 a second with answers 300 ms late, about six sends are always waiting for theirs.
    fake.wait_until(Duration::from_secs(10), |f| f.sends_in_flight() >= 2)
        .await
        .expect("sends in flight");
    let reached_telegram = fake.sends_received();
    crate::binary::signal(first.id(), libc::SIGTERM);
    assert!(
        wait_for_exit(&mut first).await.success(),
        "a clean exit on SIGTERM"
    );

    let after_stop = deliveries_of(&pool, id).await;
    let recorded = after_stop.iter().filter(|d| d.status == "sent").count();
    assert!(
        recorded >= reached_telegram,
        "the sends in flight at SIGTERM got their answers and were recorded: \
         {reached_telegram} had reached Telegram, {recorded} recorded as sent"
    );
    assert_eq!(
        recorded,
        fake.sent_messages().len(),
        "every send that happened is recorded"
    );
    assert!(
        after_stop
            .iter()
            .all(|d| d.status == "sent" || d.status == "pending"),
        "nothing left claimed"
    );
    assert!(recorded < linked.len(), "stopped mid-broadcast");

    fake.set_latency(Duration::ZERO);
    let mut second = serve(db.url(), &fake, 200);
    wait_until_drained(&pool, LONG).await;
    second.kill().unwrap();
    second.wait().unwrap();
    for l in &linked {
        assert_eq!(fake.messages_to(l.chat_id).len(), 1, "chat {}", l.chat_id);
    }
}

#[tokio::test]
async fn the_dashboard_shows_when_telegram_rate_limits_us() {
    let app = spawn_app_with_telegram_and(Intake::Polling, |c| c.send_rate = 100).await;
    let fake = app.fake().clone();
    let admin = sign_in_admin(&app).await;
    let linked = link_users(&app.pool, Some(&fake), "member", 5, 10_000, false).await;
    fake.fail_next(
        "sendMessage",
        Some(linked[0].chat_id),
        1,
        Failure::TooManyRequests { retry_after: 5 },
    );
    let id = enqueue(&app.pool, admin, "Hi", Format::Plain, Audience::All).await;

    let mut overview = String::new();
    for _ in 0..60 {
        overview = app.get_html("/admin").await;
        if overview.contains("paused until") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(overview.contains("paused until"), "{overview}");
    let progress: serde_json::Value = app
        .get(&format!("/admin/broadcasts/{id}/progress"))
        .await
        .json()
        .await
        .unwrap();
    assert!(progress["paused_until"].is_string(), "{progress}");

    wait_until_drained(&app.pool, LONG).await;
    let overview = app.get_html("/admin").await;
    assert!(
        overview.contains("Telegram asked to wait 5 s (429)"),
        "the last error: {overview}"
    );
    assert!(overview.contains(">running<"));
    for l in &linked {
        assert_eq!(fake.messages_to(l.chat_id).len(), 1);
    }
}
