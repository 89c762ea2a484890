//! The notify API: tokens from the CLI, every status code with a JSON error, the status endpoint,
//! idempotent retries, and notifications going ahead of broadcasts in the queue.
use std::process::Command;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use telegram_fake::FakeTelegram;
use tglink::delivery::store::Audience;
use tglink::delivery::text::Format;

use crate::broadcast_support::*;
use crate::helpers::{BOT_TOKEN, TestApp, spawn_app};

async fn new_token(app: &TestApp, name: &str) -> String {
    let name = name.to_string();
    tglink::db::run(&app.pool, move |conn| {
        tglink::api::api_tokens::create(conn, &name).map_err(anyhow::Error::from)
    })
    .await
    .expect("token")
    .1
}

async fn post(app: &TestApp, token: Option<&str>, body: &str) -> (StatusCode, Value) {
    let mut request = app
        .client
        .post(app.url("/api/v1/notifications"))
        .header("Content-Type", "application/json")
        .body(body.to_string());
    if let Some(t) = token {
        request = request.bearer_auth(t);
    }
    let response = request.send().await.expect("POST");
    let status = response.status();
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json"),
        "every answer is JSON ({status})"
    );
    (status, response.json().await.expect("a JSON body"))
}

async fn status_of(app: &TestApp, token: &str, id: i64) -> (StatusCode, Value) {
    let response = app
        .client
        .get(app.url(&format!("/api/v1/notifications/{id}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.expect("JSON"))
}

#[tokio::test]
async fn the_api_answers_each_case_with_its_status_and_a_json_error() {
    let app = spawn_app().await;
    let token = new_token(&app, "shop").await;
    let linked = link_users(&app.pool, None, "alice", 1, 10_000, false).await;
    let alice = &linked[0].username;
    app.new_browser().sign_up("bob", "bob's password").await;
    let ok = json!({ "username": alice, "text": "Your order shipped" }).to_string();

    let (status, body) = post(&app, None, &ok).await;
    assert_eq!(status, 401);
    assert!(body["error"].as_str().unwrap().contains("token"));
    assert_eq!(
        post(&app, Some("tglink_not-a-real-token"), &ok).await.0,
        401
    );

    let cases = [
        ("{not json", "invalid JSON"),
        ("{\"username\": \"x\"}", "missing field"),
        (
            &json!({ "username": alice, "text": "hi", "format": "markdown" }).to_string(),
            "unknown variant",
        ),
        (
            &json!({ "username": alice, "text": "<b>unclosed", "format": "html" }).to_string(),
            "never closed",
        ),
        (
            &json!({ "username": alice, "text": "   " }).to_string(),
            "Write the message",
        ),
        (
            &json!({ "username": alice, "text": "x".repeat(45_000) }).to_string(),
            "text: This message would go out as 11 messages; tglink sends at most 10.",
        ),
        (
            &json!({ "username": alice, "text": "hi", "extra": 1 }).to_string(),
            "unknown field",
        ),
    ];
    for (body, expected) in cases {
        let (status, answer) = post(&app, Some(&token), body).await;
        assert_eq!(status, 422, "{body}");
        assert!(
            answer["error"].as_str().unwrap().contains(expected),
            "{body}: {answer}"
        );
    }
    let (status, body) = post(
        &app,
        Some(&token),
        &json!({ "username": "nobody", "text": "hi" }).to_string(),
    )
    .await;
    assert_eq!(
        (status, body["error"].is_string()),
        (StatusCode::NOT_FOUND, true)
    );
    let (status, body) = post(
        &app,
        Some(&token),
        &json!({ "username": "BOB", "text": "hi" }).to_string(),
    )
    .await;
    assert_eq!(status, 409, "bob has not linked Telegram: {body}");

    let (status, body) = post(&app, Some(&token), &ok).await;
    assert_eq!(status, 202);
    let id = body["id"].as_i64().expect("an id");
    let (status, body) = status_of(&app, &token, id).await;
    assert_eq!(status, 200);
    assert_eq!(
        (body["status"].as_str(), body["username"].as_str()),
        (Some("pending"), Some(alice.as_str()))
    );

    assert_eq!(status_of(&app, &token, id + 1000).await.0, 404);
    let r = app
        .client
        .get(app.url("/api/v1/notifications/abc"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = app
        .client
        .get(app.url("/api/v1/nothing-here"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert!(r.json::<Value>().await.unwrap()["error"].is_string());
    let r = app
        .client
        .post(app.url("/api/v1/notifications"))
        .bearer_auth(&token)
        .body(ok.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        422,
        "a body without Content-Type: application/json"
    );
}

/// About 9,000 characters in nine paragraphs: three messages of whole paragraphs.
pub fn nine_paragraphs() -> String {
    let paragraphs: Vec<String> = (1..=9)
        .map(|i| format!("Paragraph {i}. {}", "Some news here. ".repeat(61).trim()))
        .collect();
    let text = paragraphs.join("\n\n");
    assert!((8_900..9_100).contains(&text.len()), "{}", text.len());
    text
}

/// About 30,000 Cyrillic characters in 30 paragraphs (8 messages): 150 KB as a form or as JSON
/// with ASCII escapes, as Python's json.dumps writes it by default.
pub fn thirty_russian_paragraphs() -> String {
    let paragraphs: Vec<String> = (1..=30)
        .map(|i| format!("Абзац {i}. {}", "Новости дня здесь. ".repeat(52).trim()))
        .collect();
    paragraphs.join("\n\n")
}

/// JSON with every character outside ASCII escaped (`\u043f`).
fn ascii_json(value: &Value) -> String {
    let mut out = String::new();
    for c in value.to_string().chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            for unit in c.encode_utf16(&mut [0; 2]) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

#[tokio::test]
async fn a_long_notification_is_queued_whole_and_an_overlong_one_is_refused_naming_text() {
    let app = spawn_app().await;
    let token = new_token(&app, "shop").await;
    let linked = link_users(&app.pool, None, "alice", 1, 10_000, false).await;
    let text = nine_paragraphs();
    let (status, answer) = post(
        &app,
        Some(&token),
        &json!({ "username": linked[0].username, "text": text }).to_string(),
    )
    .await;
    assert_eq!(status, 202, "{answer}");
    // One message with one delivery: the worker cuts it into its parts when it sends.
    let id = answer["id"].as_i64().expect("an id");
    let stored = tglink::db::run(&app.pool, move |conn| {
        use diesel::prelude::*;
        use tglink::db::schema::messages;
        messages::table
            .find(id)
            .select(messages::text)
            .first::<String>(conn)
            .map_err(anyhow::Error::from)
    })
    .await
    .expect("the message");
    assert_eq!(stored, text);
    assert_eq!(deliveries_of(&app.pool, id).await.len(), 1);
    assert_eq!(status_of(&app, &token, id).await.1["status"], "pending");

    // A long text in Cyrillic, escaped: a body well over the 64 KB the API used to read.
    let russian = json!({ "username": linked[0].username, "text": thirty_russian_paragraphs() });
    let body = ascii_json(&russian);
    assert!(body.len() > 2 * 64 * 1024, "{}", body.len());
    let (status, answer) = post(&app, Some(&token), &body).await;
    assert_eq!(status, 202, "{answer}");

    // Eleven messages' worth, in HTML: refused, naming the field and by how much to shorten it.
    let long = format!("<b>{}</b>", "&amp;".repeat(10 * 4096 + 10));
    let (status, answer) = post(
        &app,
        Some(&token),
        &json!({ "username": linked[0].username, "text": long, "format": "html" }).to_string(),
    )
    .await;
    assert_eq!(status, 422);
    let error = answer["error"].as_str().expect("an error");
    assert!(
        error.starts_with("text: ") && error.contains("11 messages") && error.contains("about 10"),
        "{error}"
    );
}

#[tokio::test]
async fn a_notification_is_sent_and_its_status_says_so() {
    let app = spawn_app().await;
    let fake = FakeTelegram::start(BOT_TOKEN).await.unwrap();
    let token = new_token(&app, "shop").await;
    let linked = link_users(&app.pool, Some(&fake), "alice", 1, 10_000, false).await;
    let body =
        json!({ "username": "ALICE0", "text": "Order <b>#42</b> shipped", "format": "html" })
            .to_string();
    let (status, answer) = post(&app, Some(&token), &body).await;
    assert_eq!(status, 202);
    let id = answer["id"].as_i64().unwrap();
    drain(
        &mut worker(&app, &fake, fast_options()),
        &app.pool,
        Duration::from_secs(10),
    )
    .await;
    let (_, status) = status_of(&app, &token, id).await;
    assert_eq!(status["status"], "sent");
    let sent = fake.messages_to(linked[0].chat_id);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].plain_text, "Order #42 shipped");
    assert_eq!(sent[0].parse_mode.as_deref(), Some("HTML"));
    assert_eq!(
        status["telegram_message_id"].as_i64(),
        Some(sent[0].message_id)
    );
    // Another service's token cannot read it.
    let other = new_token(&app, "crm").await;
    let (code, _) = status_of(&app, &other, id).await;
    assert_eq!(code, 404);
}

#[tokio::test]
async fn a_retry_with_the_same_idempotency_key_queues_nothing_new() {
    let app = spawn_app().await;
    let token = new_token(&app, "shop").await;
    let linked = link_users(&app.pool, None, "alice", 1, 10_000, false).await;
    let body = json!({ "username": linked[0].username, "text": "once" }).to_string();
    let send = |key: &'static str| {
        app.client
            .post(app.url("/api/v1/notifications"))
            .bearer_auth(&token)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .body(body.clone())
            .send()
    };
    let first: Value = send("order-42").await.unwrap().json().await.unwrap();
    let second: Value = send("order-42").await.unwrap().json().await.unwrap();
    let other: Value = send("order-43").await.unwrap().json().await.unwrap();
    assert_eq!(first["id"], second["id"]);
    assert_ne!(first["id"], other["id"]);
    assert_eq!(open_deliveries(&app.pool).await, 2);
}

#[tokio::test]
async fn notifications_go_ahead_of_a_running_broadcast() {
    let app = spawn_app().await;
    let fake = FakeTelegram::start(BOT_TOKEN).await.unwrap();
    let admin_id = sign_in_admin(&app).await;
    let linked = link_users(&app.pool, Some(&fake), "member", 40, 10_000, false).await;
    enqueue(
        &app.pool,
        admin_id,
        "A long broadcast",
        Format::Plain,
        Audience::All,
    )
    .await;
    let token = new_token(&app, "shop").await;
    let last = &linked[39];
    let (status, _) = post(
        &app,
        Some(&token),
        &json!({ "username": last.username, "text": "urgent" }).to_string(),
    )
    .await;
    assert_eq!(status, 202);
    let mut options = fast_options();
    options.batch_size = 10;
    let mut worker = worker(&app, &fake, options);
    worker.run_once().await.unwrap();
    assert_eq!(fake.sent_messages().len(), 10);
    let to_last: Vec<String> = fake
        .messages_to(last.chat_id)
        .into_iter()
        .map(|m| m.text)
        .collect();
    assert_eq!(
        to_last,
        ["urgent"],
        "the notification went in the first batch, ahead of 40 broadcast sends"
    );
}

#[tokio::test]
async fn create_api_token_prints_a_token_that_works_until_revoked_on_the_dashboard() {
    let app = spawn_app().await;
    let out = Command::new(env!("CARGO_BIN_EXE_tglink"))
        .args(["create-api-token", "billing service"])
        .env("DATABASE_URL", app.db.url())
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(token.starts_with("tglink_") && token.len() > 40, "{token}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("shown only now"));

    link_users(&app.pool, None, "alice", 1, 10_000, false).await;
    let body = json!({ "username": "alice0", "text": "hi" }).to_string();
    assert_eq!(post(&app, Some(&token), &body).await.0, 202);

    sign_in_admin(&app).await;
    let page = app.get_html("/admin/tokens").await;
    assert!(
        page.contains("billing service") && !page.contains(&token),
        "listed, never shown again"
    );
    let audit = app.get_html("/admin/audit?kind=tokens").await;
    assert!(
        audit.contains("<td>the tglink command</td><td>created an API token</td>"),
        "the command line's token is in the audit log: {audit}"
    );
    let id: i64 = page
        .split("/admin/tokens/")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .and_then(|s| s.parse().ok())
        .expect("a revoke form");
    let r = app
        .submit("/admin/tokens", &format!("/admin/tokens/{id}/revoke"), &[])
        .await;
    assert_eq!(r.status(), 303);
    assert!(app.get_html("/admin/tokens").await.contains("revoked"));
    assert_eq!(post(&app, Some(&token), &body).await.0, 401);

    let out = Command::new(env!("CARGO_BIN_EXE_tglink"))
        .args(["create-api-token", " "])
        .env("DATABASE_URL", app.db.url())
        .output()
        .unwrap();
    assert!(!out.status.success());
}
