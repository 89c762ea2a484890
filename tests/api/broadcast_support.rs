//! Helpers for the broadcast, notify and worker tests: link many users straight in the database
//! (thousands in a blink, no bot journey), queue messages, drain the queue, read deliveries.
use std::time::{Duration, Instant};

use diesel::prelude::*;
use telegram_fake::FakeTelegram;
use teloxide_core::Bot;
use tglink::accounts::UserId;
use tglink::db::schema::{deliveries, users};
use tglink::db::{self, Pool};
use tglink::delivery::store::{self, Audience};
use tglink::delivery::text::{Format, MessageText};
use tglink::delivery::worker::{Worker, WorkerOptions};

use crate::helpers::{BOT_TOKEN, TestApp};

pub use tglink::db::seed::Linked;

/// Creates `count` users named `{prefix}{i}` linked to chats `first_chat + i`, and tells the
/// fake about each chat (a chat Telegram does not know answers "chat not found").
pub async fn link_users(
    pool: &Pool,
    fake: Option<&FakeTelegram>,
    prefix: &str,
    count: usize,
    first_chat: i64,
    admin: bool,
) -> Vec<Linked> {
    let prefix = prefix.to_string();
    let linked = db::run(pool, move |conn| {
        tglink::db::seed::linked_users(conn, &prefix, count, first_chat, admin)
            .map_err(anyhow::Error::from)
    })
    .await
    .expect("link users");
    if let Some(fake) = fake {
        for l in &linked {
            fake.add_user(l.chat_id, &format!("Tg {}", l.chat_id), None);
        }
    }
    linked
}

/// Queues a broadcast straight through the store, as the compose form does.
pub async fn enqueue(
    pool: &Pool,
    author: i64,
    text: &str,
    format: Format,
    audience: Audience,
) -> i64 {
    let text = MessageText::parse(text, format).expect("a valid message");
    let key = tglink::crypto::random_token();
    db::run(pool, move |conn| {
        store::enqueue_broadcast(
            conn,
            UserId(author),
            &text,
            audience,
            &key,
            None,
            &Default::default(),
        )
        .map_err(anyhow::Error::from)
    })
    .await
    .expect("enqueue")
    .id
}

/// One delivery row, for assertions.
#[derive(Debug, Clone, Queryable)]
pub struct Delivery {
    pub chat_id: i64,
    pub status: String,
    pub attempts: i32,
    pub error: Option<String>,
    pub telegram_message_id: Option<i64>,
}

pub async fn deliveries_of(pool: &Pool, message_id: i64) -> Vec<Delivery> {
    db::run(pool, move |conn| {
        deliveries::table
            .filter(deliveries::message_id.eq(message_id))
            .order(deliveries::id)
            .select((
                deliveries::chat_id,
                deliveries::status,
                deliveries::attempts,
                deliveries::error,
                deliveries::telegram_message_id,
            ))
            .load::<Delivery>(conn)
            .map_err(anyhow::Error::from)
    })
    .await
    .expect("deliveries")
}

/// Deliveries not settled yet (pending or sending), over all messages, read with the test's
/// own query rather than the dashboard's.
pub async fn open_deliveries(pool: &Pool) -> i64 {
    db::run(pool, |conn| {
        deliveries::table
            .filter(deliveries::status.eq_any(["pending", "sending"]))
            .count()
            .get_result(conn)
    })
    .await
    .expect("count")
}

pub fn bot_for(fake: &FakeTelegram) -> Bot {
    Bot::new(BOT_TOKEN).set_api_url(fake.api_url().parse().expect("the fake's URL"))
}

/// A worker of our own on the app's database, for deterministic `run_once` steps (the app is
/// spawned without a bot token, so it runs none).
pub fn worker(app: &TestApp, fake: &FakeTelegram, options: WorkerOptions) -> Worker {
    worker_at_rate(app, fake, 1000, options)
}

/// A worker whose send budget allows `rate` messages a second.
pub fn worker_at_rate(
    app: &TestApp,
    fake: &FakeTelegram,
    rate: u32,
    options: WorkerOptions,
) -> Worker {
    let budget = std::sync::Arc::new(tglink::telegram::budget::SendBudget::new(rate));
    Worker::new(
        app.pool.clone(),
        bot_for(fake),
        budget,
        &app.db.backend(),
        options,
        tglink::linking::chat_changed,
    )
}

/// Options for tests: fast, with retries that do not wait long.
pub fn fast_options() -> WorkerOptions {
    let mut o = WorkerOptions::for_rate(1000);
    o.retry.base = Duration::from_millis(20);
    o
}

/// Runs the worker step by step until nothing is pending or sending.
pub async fn drain(worker: &mut Worker, pool: &Pool, timeout: Duration) {
    let start = Instant::now();
    loop {
        let claimed = worker.run_once().await.expect("run_once");
        if claimed == 0 {
            if open_deliveries(pool).await == 0 {
                return;
            }
            assert!(
                start.elapsed() < timeout,
                "the queue did not drain within {timeout:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// Waits until nothing is pending or sending (the app's own worker is doing the work).
pub async fn wait_until_drained(pool: &Pool, timeout: Duration) {
    let start = Instant::now();
    while open_deliveries(pool).await > 0 {
        assert!(
            start.elapsed() < timeout,
            "the queue did not drain within {timeout:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// An admin who is signed in with the app's default browser.
pub async fn sign_in_admin(app: &TestApp) -> i64 {
    assert_eq!(
        app.sign_up("boss", "a long admin password").await.status(),
        303
    );
    app.make_admin("boss").await;
    user_id(&app.pool, "boss").await
}

pub async fn user_id(pool: &Pool, username: &str) -> i64 {
    let name = username.to_ascii_lowercase();
    db::run(pool, move |conn| {
        users::table
            .filter(users::username_lower.eq(name))
            .select(users::id)
            .first::<i64>(conn)
            .map_err(anyhow::Error::from)
    })
    .await
    .expect("user id")
}

/// The number in a 303's Location `/admin/broadcasts/{id}`.
pub fn broadcast_id(location: &str) -> i64 {
    location
        .strip_prefix("/admin/broadcasts/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("not a broadcast location: {location:?}"))
}

/// The idempotency key the compose form carries.
pub fn idempotency_key(html: &str) -> String {
    let marker = "name=\"idempotency_key\" value=\"";
    let start = html
        .find(marker)
        .map(|i| i + marker.len())
        .expect("the form has an idempotency key");
    html[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Posts the compose form with its CSRF token and idempotency key, and `fields`.
pub async fn compose(app: &TestApp, fields: &[(&str, &str)]) -> reqwest::Response {
    let page = app.get_html("/admin/broadcasts/new").await;
    let (csrf, key) = (crate::helpers::csrf_from(&page), idempotency_key(&page));
    let mut all = vec![
        ("csrf_token", csrf.as_str()),
        ("idempotency_key", key.as_str()),
    ];
    all.extend_from_slice(fields);
    app.post_form("/admin/broadcasts", &all).await
}

/// A broadcast's progress as its page polls it; `query` is "" or "?of=change" (its latest edit
/// or its deletion).
pub async fn progress_of(app: &TestApp, id: i64, query: &str) -> serde_json::Value {
    app.get(&format!("/admin/broadcasts/{id}/progress{query}"))
        .await
        .json()
        .await
        .expect("progress JSON")
}

/// Posts the edit form of a sent broadcast (its CSRF token read from the broadcast's page, which
/// a deleted broadcast's edit link leads back to).
pub async fn revise(app: &TestApp, id: i64, text: &str, format: &str) -> reqwest::Response {
    app.submit(
        &format!("/admin/broadcasts/{id}"),
        &format!("/admin/broadcasts/{id}/revise"),
        &[("text", text), ("format", format)],
    )
    .await
}

/// Presses "Delete for everyone" on a broadcast's page.
pub async fn retract(app: &TestApp, id: i64) -> reqwest::Response {
    app.submit(
        &format!("/admin/broadcasts/{id}"),
        &format!("/admin/broadcasts/{id}/retract"),
        &[],
    )
    .await
}

/// A signed-up member linked to Telegram user `tg`: their browser and their Telegram.
pub async fn member(
    app: &TestApp,
    name: &str,
    tg: i64,
) -> (crate::helpers::Browser, telegram_fake::FakeUser) {
    let browser = app.signed_up(name).await;
    let user = app.link_telegram(&browser, tg, name, None).await;
    (browser, user)
}
