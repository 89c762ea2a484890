//! Update intake: the webhook's registration and secret, junk and duplicate updates, long
//! polling, a Telegram that is down at start, and a site without a bot.
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};
use tglink::telegram::fake::{Failure, FakeTelegram};

use crate::both_intakes;
use crate::helpers::{
    BOT_TOKEN, Intake, TestApp, WAIT, spawn_app, spawn_app_with, spawn_app_with_telegram,
};

const SECRET_HEADER: &str = "X-Telegram-Bot-Api-Secret-Token";

async fn post_webhook(
    app: &TestApp,
    secret: Option<&str>,
    body: impl Into<reqwest::Body>,
) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.url("/telegram/webhook"))
        .header("content-type", "application/json")
        .body(body);
    if let Some(secret) = secret {
        request = request.header(SECRET_HEADER, secret);
    }
    request.send().await.expect("POST webhook")
}

fn secret_of(app: &TestApp) -> String {
    app.fake()
        .webhook()
        .and_then(|w| w.secret_token)
        .expect("a webhook with a secret")
}

#[tokio::test]
async fn the_webhook_is_registered_with_a_secret_and_the_updates_it_handles() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let hook = app.fake().webhook().unwrap();
    assert_eq!(
        hook.url,
        format!("http://127.0.0.1:{}/telegram/webhook", app.port)
    );
    let secret = hook.secret_token.expect("a secret token");
    assert_eq!(secret.len(), 43);
    let mut allowed = hook.allowed_updates.expect("allowed_updates");
    allowed.sort();
    assert_eq!(allowed, ["callback_query", "message", "my_chat_member"]);
    assert!(app.fake().calls_to("getUpdates").is_empty());
}

#[tokio::test]
async fn a_configured_webhook_secret_is_used() {
    let app = crate::helpers::spawn_app_with_telegram_and(Intake::Webhook, |c| {
        c.webhook_secret = Some("my-own_secret".into())
    })
    .await;
    assert_eq!(secret_of(&app), "my-own_secret");
}

#[tokio::test]
async fn polling_mode_deletes_the_webhook_and_polls() {
    let app = spawn_app_with_telegram(Intake::Polling).await;
    assert!(app.fake().webhook().is_none());
    let user = app.fake().add_user(111, "Alice", None);
    user.send_text("/help").await.unwrap();
    app.next_message_to(111).await;
    let polls = app.fake().calls_to("getUpdates");
    let params = &polls.last().expect("getUpdates calls").params;
    assert!(params.get("timeout").is_some(), "long polling: {params}");
    assert_eq!(
        post_webhook(&app, Some("x"), "{}").await.status(),
        404,
        "no webhook route in polling mode"
    );
}

#[tokio::test]
async fn a_wrong_or_missing_secret_is_refused_and_not_processed() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let user = app.fake().add_user(111, "Alice", None);
    let update = user.message("/whoami").to_string();
    assert_eq!(post_webhook(&app, None, update.clone()).await.status(), 401);
    assert_eq!(
        post_webhook(&app, Some("wrong"), update.clone())
            .await
            .status(),
        401
    );
    let mut almost = secret_of(&app);
    almost.pop();
    assert_eq!(
        post_webhook(&app, Some(&almost), update).await.status(),
        401
    );

    // Had any of them been processed, its /whoami answer would come first.
    user.send_text("/help").await.unwrap();
    assert!(
        app.next_message_to(111)
            .await
            .plain_text
            .starts_with("I am the bot of tglink.")
    );
}

#[tokio::test]
async fn junk_bodies_are_acknowledged_and_the_bot_keeps_working() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let secret = secret_of(&app);
    let junk: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"not json".to_vec(),
        b"{}".to_vec(),
        b"[]".to_vec(),
        b"null".to_vec(),
        vec![0xff, 0xfe, 0x00],
        br#"{"update_id": "seven"}"#.to_vec(),
        br#"{"update_id": -1, "message": {"bogus": true}}"#.to_vec(),
        br#"{"update_id": 5, "callback_query": {"id": 1}}"#.to_vec(),
        br#"{"update_id": 6, "something_new": {"a": 1}}"#.to_vec(),
        format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes(),
    ];
    for body in junk {
        let r = post_webhook(&app, Some(&secret), body.clone()).await;
        assert_eq!(
            r.status(),
            200,
            "{:?}",
            String::from_utf8_lossy(&body[..body.len().min(40)])
        );
    }
    let user = app.fake().add_user(111, "Alice", None);
    user.send_text("/help").await.unwrap();
    app.next_message_to(111).await;
}

both_intakes!(a_duplicate_update_is_processed_once);

async fn a_duplicate_update_is_processed_once(intake: Intake) {
    let app = spawn_app_with_telegram(intake).await;
    let user = app.fake().add_user(111, "Alice", None);
    let update = user.message("/whoami");
    app.fake().send_update(update.clone()).await.unwrap();
    app.fake().send_update(update).await.unwrap();
    user.send_text("/help").await.unwrap();
    assert!(
        app.next_message_to(111)
            .await
            .plain_text
            .starts_with("I don't know you yet")
    );
    assert!(
        app.next_message_to(111)
            .await
            .plain_text
            .starts_with("I am the bot of tglink."),
        "no second /whoami answer"
    );
}

/// Arbitrary JSON, with a bias to the shapes Telegram sends.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,20}".prop_map(Value::from),
        "/(start|stop|whoami|help)( [A-Za-z0-9_-]{0,50})?".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        let keys = prop_oneof![
            Just("update_id".to_string()),
            Just("message".to_string()),
            Just("callback_query".to_string()),
            Just("my_chat_member".to_string()),
            Just("chat".to_string()),
            Just("from".to_string()),
            Just("id".to_string()),
            Just("text".to_string()),
            Just("data".to_string()),
            "[a-z_]{1,12}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::btree_map(keys, inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A real update with one field replaced by arbitrary JSON.
fn mangled_update(real: Vec<Value>) -> impl Strategy<Value = Value> {
    (0..real.len(), any::<prop::sample::Index>(), json_value()).prop_map(
        move |(i, at, replacement)| {
            let mut update = real[i].clone();
            let mut paths = Vec::new();
            collect_paths(&update, String::new(), &mut paths);
            let path = &paths[at.index(paths.len())];
            if let Some(slot) = update.pointer_mut(path) {
                *slot = replacement;
            }
            update
        },
    )
}

fn collect_paths(value: &Value, here: String, out: &mut Vec<String>) {
    out.push(here.clone());
    match value {
        Value::Object(map) => map
            .iter()
            .for_each(|(k, v)| collect_paths(v, format!("{here}/{k}"), out)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| collect_paths(v, format!("{here}/{i}"), out)),
        _ => {}
    }
}

#[tokio::test]
async fn the_webhook_never_fails_on_arbitrary_input() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let secret = secret_of(&app);
    let fake = app.fake();
    let user = fake.add_user(111, "Alice", Some("alice"));
    let prompt_like = tglink::telegram::fake::updates::text_message(
        1,
        &fake.bot(),
        user.person().private_chat_json(),
        0,
        "x",
        vec![],
    );
    let real = vec![
        user.message("/start abc"),
        user.message(&format!("/start {}", "A".repeat(43))),
        tglink::telegram::fake::updates::callback_query_update(
            1,
            "q",
            &user.person(),
            prompt_like,
            &format!("link:{}", "A".repeat(43)),
        ),
        tglink::telegram::fake::updates::my_chat_member_update(
            2,
            &user.person(),
            &fake.bot(),
            0,
            "member",
            "kicked",
        ),
    ];
    let strategy = prop_oneof![
        json_value().prop_map(|v| v.to_string().into_bytes()),
        mangled_update(real).prop_map(|v| v.to_string().into_bytes()),
        prop::collection::vec(any::<u8>(), 0..2048),
    ];
    let mut runner = TestRunner::new(Config::default());
    for _ in 0..300 {
        let body = strategy.new_tree(&mut runner).expect("a case").current();
        let r = post_webhook(&app, Some(&secret), body.clone()).await;
        assert_eq!(r.status(), 200, "{}", String::from_utf8_lossy(&body));
    }
    // The processing task survived whatever it was given.
    let probe = fake.add_user(222, "Probe", None);
    probe.send_text("/help").await.unwrap();
    app.fake()
        .wait_until(WAIT, |f| !f.messages_to(222).is_empty())
        .await
        .expect("the bot still answers");
    assert!(!app.server.is_finished(), "the app is still running");
}

#[tokio::test]
async fn telegram_down_at_start_keeps_the_site_up_and_the_bot_comes_back() {
    let fake = FakeTelegram::start(BOT_TOKEN).await.unwrap();
    fake.set_outage(Some(Failure::NetworkDrop));
    let api_url = fake.api_url();
    let app = spawn_app_with(|c| {
        c.bot_token = Some(BOT_TOKEN.into());
        c.telegram_api_url = url::Url::parse(&api_url).unwrap();
    })
    .await;
    let alice = app.signed_up("alice").await;
    fake.wait_until(WAIT, |f| !f.calls_to("getMe").is_empty())
        .await
        .unwrap();
    let status = wait_for_bot(&alice, "unreachable").await;
    assert_eq!(status["linked"], false);
    let html = alice.get_html("/connect").await;
    assert!(html.contains("cannot reach Telegram"), "{html}");
    assert!(crate::helpers::deep_link_from(&html).is_none());

    fake.set_outage(None);
    wait_for_bot(&alice, "ready").await;
    assert!(
        alice
            .get_html("/connect")
            .await
            .contains("Open in Telegram")
    );
}

async fn wait_for_bot(browser: &crate::helpers::Browser, state: &str) -> Value {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let status = browser.link_status().await;
        if status["bot"] == state {
            return status;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "bot state stayed {status}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_refused_webhook_leaves_the_site_serving() {
    let fake = FakeTelegram::start(BOT_TOKEN).await.unwrap();
    fake.set_strict_urls(true); // like Telegram: no http:// webhooks on 127.0.0.1
    let api_url = fake.api_url();
    let app = spawn_app_with(|c| {
        c.bot_token = Some(BOT_TOKEN.into());
        c.telegram_api_url = url::Url::parse(&api_url).unwrap();
        c.public_url = Some(url::Url::parse("http://127.0.0.1:0").unwrap());
    })
    .await;
    fake.wait_until(WAIT, |f| {
        f.calls_to("setWebhook").iter().any(|c| !c.is_ok())
    })
    .await
    .unwrap();
    assert!(fake.webhook().is_none());
    let alice = app.signed_up("alice").await;
    assert_eq!(alice.link_status().await["bot"], "ready");
    assert!(!app.server.is_finished());
}

#[tokio::test]
async fn without_a_bot_token_the_site_says_so() {
    let app = spawn_app().await;
    let r = app.sign_up("alice", "correct horse battery").await;
    assert_eq!(r.status(), 303);
    let html = app.get_html("/connect").await;
    assert!(html.contains("not configured"));
    assert!(crate::helpers::deep_link_from(&html).is_none());
    assert_eq!(
        app.link_status().await,
        json!({"linked": false, "telegram": null, "bot": "not_configured"})
    );
    assert_eq!(post_webhook(&app, Some("x"), "{}").await.status(), 404);
}

/// The real binary in polling mode: it answers through getUpdates, and SIGTERM stops it
/// cleanly (the poll is abandoned, the queue finished) with exit status 0.
#[tokio::test]
async fn the_binary_polls_and_stops_cleanly_on_sigterm() {
    /// Kills the child if the test fails before it exits.
    struct Guard(std::process::Child);
    impl Drop for Guard {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }

    let fake = FakeTelegram::start(BOT_TOKEN).await.unwrap();
    let db = crate::helpers::TestDb::new();
    let dir = tempfile::tempdir().unwrap(); // no stray .env
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_tglink"))
        .arg("serve")
        .current_dir(dir.path())
        .env_remove("TGLINK_PUBLIC_URL")
        .env("RUST_LOG", "warn")
        .env("DATABASE_URL", db.url())
        .env("TGLINK_BIND", format!("127.0.0.1:{port}"))
        .env("TELEGRAM_BOT_TOKEN", BOT_TOKEN)
        .env("TELEGRAM_API_URL", fake.api_url())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start tglink");
    let mut child = Guard(child);
    let user = fake.add_user(111, "Alice", None);
    user.send_text("/help").await.unwrap();
    fake.wait_for_message_to(111, WAIT)
        .await
        .expect("the binary answers by polling");

    // The HTTP server installs the signal handlers when it starts serving: wait for it, or the
    // signal could arrive while the process still has the default action (die).
    let health = format!("http://127.0.0.1:{port}/healthz");
    let deadline = std::time::Instant::now() + WAIT;
    while reqwest::get(&health).await.is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "tglink never served {health}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }

    let pid = child.0.id().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = std::time::Instant::now() + WAIT;
    let status = loop {
        if let Some(status) = child.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "tglink did not stop within {WAIT:?} of SIGTERM"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    assert!(status.success(), "exit status {status}");
}
