//! Subscribers known by the site's own id, over HTTP and the fake Bot API: the linking API, the
//! bot's confirmation, notifications by external id, unlinking, and the signed webhooks that tell
//! the site each step (received by a local receiver that checks every signature).
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use telegram_fake::FakeUser;
use tglink::config::WebhookTiming;

use crate::helpers::{Intake, TestApp, WAIT, spawn_app_with_telegram_and};
use crate::webhook_receiver::{Received, Receiver};

/// Short backoff so retries happen within a test, and a quick idle poll.
fn fast_webhooks() -> WebhookTiming {
    WebhookTiming {
        timeout: Duration::from_secs(2),
        first_retry: Duration::from_millis(100),
        max_retry: Duration::from_millis(400),
        give_up_after: Duration::from_secs(3600),
        idle_poll: Duration::from_millis(20),
    }
}

pub async fn app() -> TestApp {
    spawn_app_with_telegram_and(Intake::Webhook, |c| c.webhooks = fast_webhooks()).await
}

pub async fn api_token(app: &TestApp) -> String {
    tglink::db::run(&app.pool, |conn| {
        tglink::api::api_tokens::create(conn, "shop").map_err(anyhow::Error::from)
    })
    .await
    .expect("token")
    .1
}

/// Registers the receiver as an endpoint; its secret.
pub async fn register(app: &TestApp, receiver: &Receiver) -> String {
    let url = url::Url::parse(&receiver.url()).unwrap();
    tglink::db::run(&app.pool, move |conn| {
        tglink::webhooks::endpoints::create(conn, &url)
    })
    .await
    .expect("endpoint")
    .1
}

/// The external id as a path segment.
fn segment(id: &str) -> String {
    percent_encoding::utf8_percent_encode(id, percent_encoding::NON_ALPHANUMERIC).to_string()
}

pub async fn call(
    app: &TestApp,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = app.client.request(method, app.url(path)).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("API call");
    let status = response.status();
    (status, response.json().await.expect("a JSON answer"))
}

/// Links `external_id` through the API and the bot: the deep link, /start, Confirm.
pub async fn link_external(
    app: &TestApp,
    token: &str,
    external_id: &str,
    display_name: &str,
    tg_user_id: i64,
) -> FakeUser {
    let (status, link) = call(
        app,
        token,
        reqwest::Method::POST,
        "/api/v1/links",
        Some(json!({ "external_id": external_id, "display_name": display_name })),
    )
    .await;
    assert_eq!(status, 201, "{link}");
    let user = app
        .fake()
        .add_user(tg_user_id, display_name, Some(&format!("tg{tg_user_id}")));
    user.open_link(link["url"].as_str().unwrap())
        .await
        .expect("open the deep link");
    let prompt = app.next_message_to(tg_user_id).await;
    assert!(
        prompt.plain_text.contains(&format!(
            "Link this Telegram account to tglink account {display_name}?"
        )),
        "{:?}",
        prompt.plain_text
    );
    let confirm = prompt
        .callback_data_for("Confirm")
        .expect("a Confirm button");
    user.press_button(&prompt, &confirm).await.expect("Confirm");
    // The bot edits its question into "Linked ✓" once the link is made.
    let deadline = tokio::time::Instant::now() + WAIT;
    while !app.fake().edits().iter().any(|e| {
        e.chat_id == tg_user_id && e.text.as_deref().is_some_and(|t| t.contains(display_name))
    }) {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the bot never confirmed the link"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    user
}

fn types_of(events: &[Received]) -> Vec<String> {
    events
        .iter()
        .map(|e| e.json()["type"].as_str().unwrap_or_default().to_string())
        .collect()
}

async fn wait_for_message(app: &TestApp, chat_id: i64, containing: &str) {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let message = app.next_message_to(chat_id).await;
        if message.plain_text.contains(containing) {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no message with {containing:?}"
        );
    }
}

#[tokio::test]
async fn a_site_links_notifies_and_unlinks_its_own_user_and_hears_each_step_signed() {
    let app = app().await;
    let token = api_token(&app).await;
    let receiver = Receiver::start().await;
    let secret = register(&app, &receiver).await;
    // An id with a slash, a space, a percent sign and non-ASCII: it travels percent-encoded.
    let id = "shop/42 50%-ü";

    let (status, link) = call(
        &app,
        &token,
        reqwest::Method::POST,
        "/api/v1/links",
        Some(json!({ "external_id": id, "display_name": "Alice Example" })),
    )
    .await;
    assert_eq!(status, 201, "{link}");
    let bot = app.fake().bot_username();
    let url = link["url"].as_str().unwrap();
    let token_part = url
        .strip_prefix(&format!("https://t.me/{bot}?start="))
        .expect("a deep link to the bot");
    assert_eq!(token_part.len(), 43);
    assert_eq!(link["start"], format!("/start {token_part}"));
    assert!(link["qr_svg"].as_str().unwrap().contains("<svg"));
    chrono::DateTime::parse_from_rfc3339(link["expires_at"].as_str().unwrap()).expect("RFC 3339");

    let path = format!("/api/v1/subscribers/{}", segment(id));
    let (status, before) = call(&app, &token, reqwest::Method::GET, &path, None).await;
    assert_eq!(
        (status, before["linked"].clone()),
        (StatusCode::OK, json!(false))
    );
    assert_eq!(before["external_id"], id);

    let alice = link_external(&app, &token, id, "Alice Example", 5001).await;

    let events = receiver.wait_for_accepted(1, WAIT).await;
    let created = &events[0];
    assert!(created.signature_ok(&secret), "the signature checks out");
    assert!(!created.signature_ok("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
    assert!(created.id.starts_with("msg_"));
    assert_eq!(created.content_type, "application/json");
    let body = created.json();
    assert_eq!(body["type"], "link.created");
    assert_eq!(body["data"]["external_id"], id);
    assert_eq!(body["data"]["telegram"]["username"], "tg5001");
    chrono::DateTime::parse_from_rfc3339(body["timestamp"].as_str().unwrap()).expect("RFC 3339");

    let (status, after) = call(&app, &token, reqwest::Method::GET, &path, None).await;
    assert_eq!(status, 200);
    assert_eq!(after["linked"], true);
    assert_eq!(after["telegram"]["username"], "tg5001");
    assert_eq!(after["telegram"]["first_name"], "Alice Example");
    assert!(after["linked_at"].is_string());

    let (status, queued) = call(
        &app,
        &token,
        reqwest::Method::POST,
        "/api/v1/notifications",
        Some(json!({ "external_id": id, "text": "Your order shipped" })),
    )
    .await;
    assert_eq!(status, 202, "{queued}");
    wait_for_message(&app, 5001, "Your order shipped").await;
    let events = receiver.wait_for_accepted(2, WAIT).await;
    let sent = events[1].json();
    assert!(events[1].signature_ok(&secret));
    assert_eq!(sent["type"], "delivery.sent");
    assert_eq!(sent["data"]["notification_id"], queued["id"]);
    assert_eq!(sent["data"]["external_id"], id);
    assert!(sent["data"]["telegram_message_id"].is_i64());

    let (status, _) = call(
        &app,
        &token,
        reqwest::Method::DELETE,
        &format!("{path}/link"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    wait_for_message(&app, 5001, "was unlinked from Alice Example").await;
    let events = receiver.wait_for_accepted(3, WAIT).await;
    let removed = events[2].json();
    assert!(events[2].signature_ok(&secret));
    assert_eq!(removed["type"], "link.removed");
    assert_eq!(removed["data"]["reason"], "site");
    assert_eq!(removed["data"]["external_id"], id);
    assert_eq!(
        types_of(&events),
        ["link.created", "delivery.sent", "link.removed"]
    );

    let (_, gone) = call(&app, &token, reqwest::Method::GET, &path, None).await;
    assert_eq!(gone["linked"], false);
    let (status, refused) = call(
        &app,
        &token,
        reqwest::Method::POST,
        "/api/v1/notifications",
        Some(json!({ "external_id": id, "text": "Hello?" })),
    )
    .await;
    assert_eq!(status, 409, "{refused}");
    let (status, _) = call(
        &app,
        &token,
        reqwest::Method::DELETE,
        &format!("{path}/link"),
        None,
    )
    .await;
    assert_eq!(status, 409);

    // /stop and blocking the bot are told apart in link.removed.
    let bob = link_external(&app, &token, "bob", "Bob", 5002).await;
    alice.send_text("/start").await.unwrap();
    bob.send_text("/stop").await.unwrap();
    let carol = link_external(&app, &token, "carol", "Carol", 5003).await;
    carol.block().await.unwrap();
    let events = receiver.wait_for_accepted(7, WAIT).await;
    let reasons: Vec<(String, String, String)> = events[3..]
        .iter()
        .map(|e| {
            let b = e.json();
            (
                b["type"].as_str().unwrap().into(),
                b["data"]["external_id"].as_str().unwrap().into(),
                b["data"]["reason"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    let expect = |t: &str, who: &str, why: &str| (t.to_string(), who.to_string(), why.to_string());
    for wanted in [
        expect("link.removed", "bob", "stop"),
        expect("link.removed", "carol", "blocked"),
    ] {
        assert!(reasons.contains(&wanted), "{wanted:?} in {reasons:?}");
    }
    assert!(events.iter().all(|e| e.signature_ok(&secret)));
}

#[tokio::test]
async fn the_linking_api_refuses_bad_input_with_the_field_named() {
    let app = app().await;
    let token = api_token(&app).await;
    use reqwest::Method;

    let cases = [
        (json!({ "display_name": "x" }), "external_id"),
        (json!({ "external_id": "" }), "external_id"),
        (json!({ "external_id": "x".repeat(129) }), "external_id"),
        (json!({ "external_id": " padded" }), "external_id"),
        (json!({ "external_id": "a\nb" }), "external_id"),
        (
            json!({ "external_id": "42", "display_name": "" }),
            "display_name",
        ),
        (
            json!({ "external_id": "42", "display_name": "y".repeat(65) }),
            "display_name",
        ),
        (json!({ "external_id": "42", "extra": 1 }), "extra"),
    ];
    for (body, field) in cases {
        let (status, answer) = call(
            &app,
            &token,
            Method::POST,
            "/api/v1/links",
            Some(body.clone()),
        )
        .await;
        assert_eq!(status, 422, "{body} → {answer}");
        assert!(
            answer["error"].as_str().unwrap().contains(field),
            "{body}: {answer}"
        );
    }
    let (status, _) = call(
        &app,
        "tglink_wrong",
        Method::POST,
        "/api/v1/links",
        Some(json!({ "external_id": "42" })),
    )
    .await;
    assert_eq!(status, 401);

    let notify = [
        (json!({ "text": "hi" }), 422, "external_id"),
        (
            json!({ "username": "alice", "external_id": "42", "text": "hi" }),
            422,
            "external_id",
        ),
        (
            json!({ "external_id": "", "text": "hi" }),
            422,
            "external_id",
        ),
        // Never linked (not even made yet), or made but not linked: both 409.
        (
            json!({ "external_id": "nobody", "text": "hi" }),
            409,
            "linked",
        ),
    ];
    for (body, code, words) in notify {
        let (status, answer) = call(
            &app,
            &token,
            Method::POST,
            "/api/v1/notifications",
            Some(body.clone()),
        )
        .await;
        assert_eq!(status.as_u16(), code, "{body} → {answer}");
        assert!(
            answer["error"].as_str().unwrap().contains(words),
            "{body}: {answer}"
        );
    }
    let (status, _) = call(
        &app,
        &token,
        Method::POST,
        "/api/v1/links",
        Some(json!({ "external_id": "made" })),
    )
    .await;
    assert_eq!(status, 201);
    let (status, _) = call(
        &app,
        &token,
        Method::POST,
        "/api/v1/notifications",
        Some(json!({ "external_id": "made", "text": "hi" })),
    )
    .await;
    assert_eq!(status, 409);
    // The username of a subscriber's row is not a way to address it by name.
    let (status, _) = call(
        &app,
        &token,
        Method::POST,
        "/api/v1/notifications",
        Some(json!({ "username": "ext:made", "text": "hi" })),
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = call(
        &app,
        &token,
        Method::GET,
        "/api/v1/subscribers/%20padded",
        None,
    )
    .await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn a_subscriber_cannot_sign_in_or_reset_a_password() {
    let app = app().await;
    let token = api_token(&app).await;
    let sam = link_external(&app, &token, "shop-7", "Sam", 5101).await;
    let before = app.fake().messages_to(5101).len();
    let visitor = app.new_browser();
    for name in ["ext:shop-7", "EXT:SHOP-7", "shop-7"] {
        let r = visitor.log_in(name, "!external").await;
        assert_ne!(r.status(), 303, "{name} must not sign in");
        let r = visitor
            .submit("/password-reset", "/password-reset", &[("username", name)])
            .await;
        assert!(r.status().is_success() || r.status().is_redirection());
    }
    // Neither a reset link nor a sign-in link reached the subscriber's chat.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let messages: Vec<String> = app
        .fake()
        .messages_to(5101)
        .into_iter()
        .skip(before)
        .map(|m| m.plain_text)
        .collect();
    assert!(messages.is_empty(), "{messages:?}");

    // "Sign in with Telegram" opened from the subscriber's chat signs nobody in: the chat is
    // answered as an unlinked one, and the browser's attempt says so.
    let browser = app.new_browser();
    let r = browser.submit("/login", "/login/telegram", &[]).await;
    assert_eq!(r.status(), 303);
    let page = browser.get_html("/login/telegram").await;
    let marker = "id=\"deep-link\" class=\"button button-large\" href=\"";
    let start = page.find(marker).expect("the login deep link") + marker.len();
    let link = page[start..]
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&");
    sam.open_link(&link).await.unwrap();
    let reply = app.next_message_to(5101).await;
    assert!(
        reply
            .plain_text
            .starts_with("This Telegram account is not linked to a tglink account"),
        "{}",
        reply.plain_text
    );
    assert!(reply.buttons().is_empty(), "no Approve, no Create account");
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let status: serde_json::Value = browser
            .get("/login/telegram/status")
            .await
            .json()
            .await
            .unwrap();
        if status["state"] == "unlinked" {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "{status}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(browser.get("/account").await.status(), 303, "not signed in");

    // Admins see it as ext:<id> among the users, and cannot make it an admin.
    crate::broadcast_support::sign_in_admin(&app).await;
    let page = app.get_html("/admin/users?q=ext").await;
    assert!(page.contains("ext:shop-7"), "listed");
    let mut raw = crate::db_dump::Raw::open(&app.db);
    let id = raw
        .texts("SELECT CAST(id AS TEXT) AS row FROM users WHERE external_id = 'shop-7'")
        .pop()
        .expect("the subscriber");
    let r = app
        .submit(
            "/admin/users",
            &format!("/admin/users/{id}/make-admin"),
            &[],
        )
        .await;
    assert_eq!(r.status(), 303, "the action went through its checks");
    let admin = raw.texts(&format!(
        "SELECT CASE WHEN is_admin THEN 'admin' ELSE 'member' END AS row FROM users WHERE id = {id}"
    ));
    assert_eq!(admin, ["member"], "a subscriber is never made an admin");
}
