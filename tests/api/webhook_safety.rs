//! Where webhooks may go and who did what with them: endpoints on internal addresses are refused
//! when added (in any spelling of the address) and again at send time (after DNS); adding,
//! removing and resending are in the audit log; a receiver that never answers holds only its own
//! lanes.
use std::time::Duration;

use diesel::prelude::*;
use reqwest::Method;
use serde_json::json;
use tglink::config::WebhookTiming;
use tglink::db::schema::{admin_audit, webhook_attempts, webhook_deliveries, webhook_endpoints};

use crate::broadcast_support::sign_in_admin;
use crate::cli::tglink;
use crate::external_subscribers::{api_token, call, link_external, register};
use crate::helpers::{Intake, TestApp, TestDb, WAIT, csrf_from, spawn_app_with_telegram_and};
use crate::webhook_receiver::{HungReceiver, Receiver};

/// Quick retries and polls; `timeout` is how long one POST may take.
fn timing(timeout: Duration) -> WebhookTiming {
    WebhookTiming {
        timeout,
        first_retry: Duration::from_millis(100),
        max_retry: Duration::from_millis(400),
        give_up_after: Duration::from_secs(3600),
        idle_poll: Duration::from_millis(20),
    }
}

/// An app as a real site runs it: internal addresses refused.
async fn strict_app() -> TestApp {
    spawn_app_with_telegram_and(Intake::Webhook, |c| {
        c.webhooks = timing(Duration::from_secs(2));
        c.webhook_allow_private = false;
    })
    .await
}

async fn endpoint_urls(app: &TestApp) -> Vec<String> {
    tglink::db::run(&app.pool, |conn| {
        webhook_endpoints::table
            .order(webhook_endpoints::id)
            .select(webhook_endpoints::url)
            .load::<String>(conn)
    })
    .await
    .expect("endpoints")
}

/// Addresses on this machine or a private network, each spelled in a way that has fooled
/// filters, and one plain-http URL.
const REFUSED: &[&str] = &[
    "https://127.0.0.1/hook",
    "https://0x7f000001/hook",
    "https://2130706433/hook",
    "https://0177.0.0.1/hook",
    "https://127.1/hook",
    "https://127.0.0.1./hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://[::127.0.0.1]/hook",
    "https://[::1]:8443/hook",
    "https://[::]/hook",
    "https://0.0.0.0/hook",
    "https://0/hook",
    "https://10.1.2.3/hook",
    "https://172.16.0.1/hook",
    "https://192.168.1.10/hook",
    "https://100.64.0.1/hook",
    "https://169.254.169.254/latest/meta-data/",
    "https://[::ffff:a9fe:a9fe]/hook",
    "https://[fd00::1]/hook",
    "https://[fe80::1]/hook",
    "https://224.0.0.1/hook",
    "https://255.255.255.255/hook",
    "https://localhost/hook",
    "https://api.LOCALHOST./hook",
];

#[tokio::test]
async fn internal_addresses_and_plain_http_are_refused_when_an_endpoint_is_added() {
    let app = strict_app().await;
    sign_in_admin(&app).await;
    let page = app.get_html("/admin/webhooks").await;
    let csrf = csrf_from(&page);
    for url in REFUSED {
        let r = app
            .post_form("/admin/webhooks", &[("csrf_token", &csrf), ("url", url)])
            .await;
        assert_eq!(r.status(), 422, "{url} is refused");
        let html = r.text().await.unwrap();
        assert!(
            html.contains("private or local network") && html.contains("id=\"url-error\""),
            "{url}: the reason is next to the field"
        );
    }
    let r = app
        .post_form(
            "/admin/webhooks",
            &[("csrf_token", &csrf), ("url", "http://shop.example/hook")],
        )
        .await;
    assert_eq!(r.status(), 422, "plain http is refused");
    assert!(r.text().await.unwrap().contains("Use an https:// URL"));
    assert!(endpoint_urls(&app).await.is_empty(), "nothing was added");

    // A public name and a public address are fine.
    for url in ["https://shop.example/hooks", "https://93.184.215.14/hooks"] {
        let r = app
            .post_form("/admin/webhooks", &[("csrf_token", &csrf), ("url", url)])
            .await;
        assert_eq!(r.status(), 200, "{url} is accepted");
    }
    assert_eq!(
        endpoint_urls(&app).await,
        ["https://shop.example/hooks", "https://93.184.215.14/hooks"]
    );
}

#[tokio::test]
async fn create_webhook_refuses_internal_addresses_unless_allowed() {
    let db = TestDb::new();
    for url in [
        "https://0x7f000001/",
        "https://[::ffff:127.0.0.1]/",
        "http://shop.example/",
    ] {
        let out = tglink()
            .args(["create-webhook", url])
            .env("DATABASE_URL", db.url())
            .env_remove("TGLINK_WEBHOOK_ALLOW_PRIVATE")
            .output()
            .unwrap();
        assert!(!out.status.success(), "{url} is refused");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
        assert!(
            err.contains("TGLINK_WEBHOOK_ALLOW_PRIVATE"),
            "it says how to allow it: {err}"
        );
    }
    // A receiver on this machine, allowed by the setting.
    let out = tglink()
        .args(["create-webhook", "http://127.0.0.1:9000/hook"])
        .env("DATABASE_URL", db.url())
        .env("TGLINK_WEBHOOK_ALLOW_PRIVATE", "on")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn an_endpoint_that_resolves_to_an_internal_address_gets_nothing() {
    let app = strict_app().await;
    let token = api_token(&app).await;
    // Endpoints stored before the check existed (or while the setting was on): one by address,
    // one by a name that DNS resolves to this machine.
    let receiver = Receiver::start().await;
    register(&app, &receiver).await;
    let by_name = format!("http://localhost:{}/hooks/tglink", receiver.port);
    let url = url::Url::parse(&by_name).unwrap();
    tglink::db::run(&app.pool, move |conn| {
        tglink::webhooks::endpoints::create(conn, &url)
    })
    .await
    .unwrap();

    link_external(&app, &token, "a", "Ann", 6201).await;
    let errors = || async {
        tglink::db::run(&app.pool, |conn| {
            webhook_attempts::table
                .select((webhook_attempts::endpoint_id, webhook_attempts::error))
                .load::<(i64, Option<String>)>(conn)
        })
        .await
        .unwrap()
    };
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let attempts = errors().await;
        let endpoints: std::collections::HashSet<i64> = attempts.iter().map(|(e, _)| *e).collect();
        if endpoints.len() == 2 {
            assert!(
                attempts
                    .iter()
                    .all(|(_, e)| e.as_deref().is_some_and(|e| e.contains("internal address"))),
                "{attempts:?}"
            );
            // The name was refused after DNS, naming the address it resolved to.
            assert!(
                attempts
                    .iter()
                    .any(|(_, e)| e.as_deref().is_some_and(|e| e.starts_with("localhost ("))),
                "{attempts:?}"
            );
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "both endpoints were tried: {attempts:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(receiver.all().is_empty(), "{:?}", receiver.all());
}

/// The id of the delivery of the first attempt shown on the admin page (its Resend button).
fn first_resend(page: &str) -> String {
    page.split("action=\"/admin/webhooks/resend/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a Resend button")
        .to_string()
}

#[tokio::test]
async fn adding_removing_and_resending_a_webhook_are_in_the_audit_log() {
    let app = spawn_app_with_telegram_and(Intake::Webhook, |c| {
        c.webhooks = timing(Duration::from_secs(2));
    })
    .await;
    let token = api_token(&app).await;
    let admin = sign_in_admin(&app).await;
    let receiver = Receiver::start().await;
    let page = app.get_html("/admin/webhooks").await;
    let csrf = csrf_from(&page);
    for url in [receiver.url().as_str(), "https://shop.example/hooks"] {
        let r = app
            .post_form("/admin/webhooks", &[("csrf_token", &csrf), ("url", url)])
            .await;
        assert_eq!(r.status(), 200, "add {url}");
    }
    link_external(&app, &token, "a", "Ann", 6301).await;
    receiver.wait_for_accepted(1, WAIT).await;

    let page = app.get_html("/admin/webhooks").await;
    let delivery = first_resend(&page);
    let r = app
        .post_form(
            &format!("/admin/webhooks/resend/{delivery}"),
            &[("csrf_token", &csrf)],
        )
        .await;
    assert_eq!(r.status(), 303);
    receiver.wait_for_accepted(2, WAIT).await;
    let shop: i64 = tglink::db::run(&app.pool, |conn| {
        webhook_endpoints::table
            .filter(webhook_endpoints::url.eq("https://shop.example/hooks"))
            .select(webhook_endpoints::id)
            .first(conn)
    })
    .await
    .unwrap();
    let r = app
        .post_form(
            &format!("/admin/webhooks/{shop}/remove"),
            &[("csrf_token", &csrf)],
        )
        .await;
    assert_eq!(r.status(), 303);

    let logged: Vec<(Option<i64>, String, Option<String>)> = tglink::db::run(&app.pool, |conn| {
        admin_audit::table
            .order(admin_audit::id)
            .select((
                admin_audit::admin_id,
                admin_audit::action,
                admin_audit::detail,
            ))
            .load(conn)
    })
    .await
    .unwrap();
    let webhook_id: String = tglink::db::run(&app.pool, move |conn| {
        use tglink::db::schema::webhook_events;
        webhook_deliveries::table
            .inner_join(webhook_events::table)
            .filter(webhook_deliveries::id.eq(delivery.parse::<i64>().unwrap()))
            .select(webhook_events::webhook_id)
            .first(conn)
    })
    .await
    .unwrap();
    let logged: Vec<_> = logged
        .into_iter()
        .filter(|(_, action, _)| action.contains("webhook"))
        .collect();
    assert_eq!(
        logged,
        [
            (Some(admin), "add_webhook".to_string(), Some(receiver.url())),
            (
                Some(admin),
                "add_webhook".to_string(),
                Some("https://shop.example/hooks".to_string())
            ),
            (
                Some(admin),
                "resend_webhook".to_string(),
                Some(format!("link.created {webhook_id} to {}", receiver.url()))
            ),
            (
                Some(admin),
                "remove_webhook".to_string(),
                Some("https://shop.example/hooks".to_string())
            ),
        ]
    );
    let audit = app.get_html("/admin/audit").await;
    assert!(audit.contains("removed a webhook endpoint"), "{audit}");
    assert!(audit.contains("https://shop.example/hooks"));
    assert!(audit.contains(&webhook_id));
}

#[tokio::test]
async fn a_receiver_that_never_answers_holds_only_its_own_lanes() {
    // Longer than the test: the hung POSTs stay in flight throughout.
    let app = spawn_app_with_telegram_and(Intake::Webhook, |c| {
        c.webhooks = timing(Duration::from_secs(120));
    })
    .await;
    let token = api_token(&app).await;
    // One endpoint that never answers at all, and one that never answers for Sam's lane.
    let hung = HungReceiver::start().await;
    let url = url::Url::parse(&hung.url()).unwrap();
    tglink::db::run(&app.pool, move |conn| {
        tglink::webhooks::endpoints::create(conn, &url)
    })
    .await
    .unwrap();
    let good = Receiver::start().await;
    good.hang_on("\"sam\"");
    register(&app, &good).await;

    link_external(&app, &token, "sam", "Sam", 6401).await;
    let deadline = tokio::time::Instant::now() + WAIT;
    while hung.connections() < 1 || good.hung() < 1 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "both POSTs of Sam's link.created are in flight"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    // Bea's events reach the good endpoint while Sam's lane and the hung endpoint wait.
    link_external(&app, &token, "bea", "Bea", 6402).await;
    for text in ["one", "two"] {
        let (status, _) = call(
            &app,
            &token,
            Method::POST,
            "/api/v1/notifications",
            Some(json!({ "external_id": "bea", "text": text })),
        )
        .await;
        assert_eq!(status, 202);
    }
    let accepted = good.wait_for_accepted(3, WAIT).await;
    let types: Vec<String> = accepted
        .iter()
        .map(|r| r.json()["type"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(types, ["link.created", "delivery.sent", "delivery.sent"]);
    assert!(
        accepted
            .iter()
            .all(|r| r.json()["data"]["external_id"] == "bea")
    );
}
