//! Outgoing webhooks when the receiver is not well: it answers 500, it is down for a while, it
//! never accepts. Nothing is lost, each subscriber's events arrive in order, every attempt shows
//! on /admin/webhooks, and an admin can resend one. Also `tglink create-webhook`.
use std::collections::HashSet;
use std::time::Duration;

use diesel::prelude::*;
use reqwest::Method;
use serde_json::json;
use tglink::config::WebhookTiming;
use tglink::db::schema::{webhook_deliveries, webhook_events};

use crate::broadcast_support::sign_in_admin;
use crate::cli::tglink;
use crate::external_subscribers::{api_token, app, call, link_external, register};
use crate::helpers::{Intake, TestApp, TestDb, WAIT, csrf_from, spawn_app_with_telegram_and};
use crate::webhook_receiver::{Received, Receiver};

/// (type, external_id) of each event, in arrival order.
fn events_of(received: &[Received]) -> Vec<(String, String)> {
    received
        .iter()
        .map(|r| {
            let b = r.json();
            (
                b["type"].as_str().unwrap_or_default().to_string(),
                b["data"]["external_id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect()
}

fn of(events: &[(String, String)], who: &str) -> Vec<String> {
    events
        .iter()
        .filter(|(_, w)| w == who)
        .map(|(t, _)| t.clone())
        .collect()
}

async fn stored_webhook_ids(app: &TestApp) -> HashSet<String> {
    tglink::db::run(&app.pool, |conn| {
        webhook_events::table
            .select(webhook_events::webhook_id)
            .load::<String>(conn)
    })
    .await
    .expect("events")
    .into_iter()
    .collect()
}

async fn wait_for_attempts(receiver: &Receiver, n: usize) {
    let deadline = tokio::time::Instant::now() + WAIT;
    while receiver.all().len() < n {
        assert!(
            tokio::time::Instant::now() < deadline,
            "only {} attempts",
            receiver.all().len()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn failed_attempts(app: &TestApp) -> Vec<String> {
    use tglink::db::schema::webhook_attempts;
    tglink::db::run(&app.pool, |conn| {
        webhook_attempts::table
            .filter(webhook_attempts::error.is_not_null())
            .select(webhook_attempts::error.assume_not_null())
            .load::<String>(conn)
    })
    .await
    .expect("attempts")
}

#[tokio::test]
async fn events_survive_a_failing_and_a_down_receiver_in_order_and_can_be_resent() {
    let app = app().await;
    let token = api_token(&app).await;
    let mut receiver = Receiver::start().await;
    let secret = register(&app, &receiver).await;
    receiver.answer_with(500);

    link_external(&app, &token, "a", "Ann", 6001).await;
    link_external(&app, &token, "b", "Ben", 6002).await;
    let (status, _) = call(
        &app,
        &token,
        Method::POST,
        "/api/v1/notifications",
        Some(json!({ "external_id": "a", "text": "Order shipped" })),
    )
    .await;
    assert_eq!(status, 202);
    // Once the delivery.sent event is written, let everything fail a few times over: retries,
    // each with the same webhook-id.
    let deadline = tokio::time::Instant::now() + WAIT;
    while stored_webhook_ids(&app).await.len() < 3 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "no delivery.sent event"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    wait_for_attempts(&receiver, receiver.all().len() + 8).await;
    let tried = receiver.all();
    // Ann's delivery.sent is not tried while her link.created waits: one head per subscriber.
    assert!(
        of(&events_of(&tried), "a")
            .iter()
            .all(|t| t == "link.created"),
        "{:?}",
        events_of(&tried)
    );
    receiver.answer_with(200);
    let accepted = receiver.wait_for_accepted(3, WAIT).await;
    let events = events_of(&accepted);
    assert_eq!(of(&events, "a"), ["link.created", "delivery.sent"]);
    assert_eq!(of(&events, "b"), ["link.created"]);
    let first_id = &tried[0].id;
    assert!(tried.iter().filter(|r| &r.id == first_id).count() >= 2);
    assert!(accepted.iter().any(|r| &r.id == first_id));

    // Down for a while: the unlinks wait, then arrive in order.
    receiver.stop().await;
    for who in ["a", "b"] {
        let (status, _) = call(
            &app,
            &token,
            Method::DELETE,
            &format!("/api/v1/subscribers/{who}/link"),
            None,
        )
        .await;
        assert_eq!(status, 200);
    }
    let deadline = tokio::time::Instant::now() + WAIT;
    while failed_attempts(&app)
        .await
        .iter()
        .filter(|e| e.contains("connect"))
        .count()
        < 4
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "no failed attempts while down"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    receiver.restart().await;
    let accepted = receiver.wait_for_accepted(5, WAIT).await;
    let events = events_of(&accepted);
    assert_eq!(
        of(&events, "a"),
        ["link.created", "delivery.sent", "link.removed"]
    );
    assert_eq!(of(&events, "b"), ["link.created", "link.removed"]);
    assert!(accepted.iter().all(|r| r.signature_ok(&secret)));
    // Nothing lost: every event written reached the receiver.
    let delivered: HashSet<String> = accepted.iter().map(|r| r.id.clone()).collect();
    assert_eq!(delivered, stored_webhook_ids(&app).await);

    // The admin page shows the attempts, and Resend sends one again, same id and body.
    sign_in_admin(&app).await;
    let page = app.get_html("/admin/webhooks").await;
    assert!(page.contains(&receiver.url()), "the endpoint is listed");
    assert!(page.contains("answered HTTP 500"));
    assert!(page.contains("could not connect"));
    assert!(page.contains("HTTP 200"));
    let resend = page
        .split("action=\"/admin/webhooks/resend/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a Resend button")
        .to_string();
    let r = app
        .post_form(
            &format!("/admin/webhooks/resend/{resend}"),
            &[("csrf_token", "forged")],
        )
        .await;
    assert_eq!(r.status(), 403, "Resend needs the CSRF token");
    let csrf = csrf_from(&page);
    let r = app
        .post_form(
            &format!("/admin/webhooks/resend/{resend}"),
            &[("csrf_token", &csrf)],
        )
        .await;
    assert_eq!(r.status(), 303);
    let again = receiver.wait_for_accepted(6, WAIT).await;
    let resent = &again[5];
    assert!(
        again[..5]
            .iter()
            .any(|r| r.id == resent.id && r.body == resent.body)
    );
    assert!(resent.signature_ok(&secret));
}

#[tokio::test]
async fn an_event_never_accepted_is_given_up_after_the_window_and_the_next_one_goes() {
    let app = spawn_app_with_telegram_and(Intake::Webhook, |c| {
        c.webhooks = WebhookTiming {
            timeout: Duration::from_secs(2),
            first_retry: Duration::from_millis(50),
            max_retry: Duration::from_millis(100),
            give_up_after: Duration::from_millis(600),
            idle_poll: Duration::from_millis(20),
        }
    })
    .await;
    let token = api_token(&app).await;
    let receiver = Receiver::start().await;
    register(&app, &receiver).await;
    receiver.answer_with(410);
    link_external(&app, &token, "c", "Cy", 6101).await;
    wait_for_attempts(&receiver, 2).await;
    let statuses = || async {
        tglink::db::run(&app.pool, |conn| {
            webhook_deliveries::table
                .order(webhook_deliveries::id.asc())
                .select(webhook_deliveries::status)
                .load::<String>(conn)
        })
        .await
        .unwrap()
    };
    let deadline = tokio::time::Instant::now() + WAIT;
    while statuses().await != ["failed"] {
        assert!(
            tokio::time::Instant::now() < deadline,
            "{:?}",
            statuses().await
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The lane moves on: the next event of the same subscriber is sent.
    receiver.answer_with(200);
    let (status, _) = call(
        &app,
        &token,
        Method::DELETE,
        "/api/v1/subscribers/c/link",
        None,
    )
    .await;
    assert_eq!(status, 200);
    let accepted = receiver.wait_for_accepted(1, WAIT).await;
    assert_eq!(accepted[0].json()["type"], "link.removed");
    // The receiver has the POST a moment before the sender records it.
    while statuses().await != ["failed", "sent"] {
        assert!(
            tokio::time::Instant::now() < deadline + WAIT,
            "{:?}",
            statuses().await
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn the_webhooks_page_is_for_admins_checks_the_url_and_shows_the_secret_once() {
    let app = app().await;
    let member = app.signed_up("mallory").await;
    let r = member.get("/admin/webhooks").await;
    assert_eq!(r.status(), 403);
    sign_in_admin(&app).await;
    let page = app.get_html("/admin/webhooks").await;
    let csrf = csrf_from(&page);
    let r = app
        .post_form(
            "/admin/webhooks",
            &[("csrf_token", "forged"), ("url", "https://x.example/h")],
        )
        .await;
    assert_eq!(r.status(), 403);
    let r = app
        .post_form(
            "/admin/webhooks",
            &[("csrf_token", &csrf), ("url", "not a url")],
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("This is not a URL"),
        "the error is next to the field"
    );
    assert!(
        html.contains("value=\"not a url\""),
        "what was typed is kept"
    );
    let r = app
        .post_form(
            "/admin/webhooks",
            &[("csrf_token", &csrf), ("url", "https://shop.example/hooks")],
        )
        .await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    let secret = html
        .split("<code id=\"new-secret\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .expect("the secret is shown");
    assert!(secret.starts_with("whsec_"));
    let later = app.get_html("/admin/webhooks").await;
    assert!(later.contains("https://shop.example/hooks"));
    assert!(!later.contains(secret), "shown once only");
    let id = later
        .split("action=\"/admin/webhooks/")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap()
        .to_string();
    let r = app
        .post_form(
            &format!("/admin/webhooks/{id}/remove"),
            &[("csrf_token", &csrf)],
        )
        .await;
    assert_eq!(r.status(), 303);
    let page = app.get_html("/admin/webhooks").await;
    assert!(page.contains("Removed the endpoint https://shop.example/hooks"));
    assert!(
        !app.get_html("/admin/webhooks")
            .await
            .contains("https://shop.example/hooks")
    );
}

#[tokio::test]
async fn create_webhook_prints_a_secret_once_and_refuses_a_bad_url() {
    let db = TestDb::new();
    let out = tglink()
        .args(["create-webhook", "https://shop.example/hooks/tglink"])
        .env("DATABASE_URL", db.url())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let secret = String::from_utf8(out.stdout).unwrap();
    let secret = secret.trim();
    assert!(
        secret.starts_with("whsec_") && secret.len() > 40,
        "{secret}"
    );
    let out = tglink()
        .args(["create-webhook", "ftp://shop.example/"])
        .env("DATABASE_URL", db.url())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("http"));
}
