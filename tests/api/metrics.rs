//! `GET /metrics`: Prometheus text for this machine or a bearer token, never through a proxy.
//! The counters are the process's, so the counting test runs the binary on its own.
use telegram_fake::FakeTelegram;

use crate::binary::Binary;
use crate::helpers::{BOT_TOKEN, TestDb, WAIT, spawn_app_with};

#[tokio::test]
async fn metrics_count_what_the_bot_did() {
    let fake = FakeTelegram::start(BOT_TOKEN).await.unwrap();
    let db = TestDb::new();
    let dir = tempfile::tempdir().unwrap();
    let app = Binary::start(&fake, &db, dir.path(), true).await;
    let user = fake.add_user(8001, "Alice", None);
    fake.wait_until(WAIT, |f| f.webhook().is_some())
        .await
        .expect("the webhook is set");
    user.send_text("/help").await.unwrap();
    fake.wait_for_message_to(8001, WAIT).await.unwrap();
    // Handled is counted once the update is recorded done, just after the reply.
    let client = reqwest::Client::new();
    let mut body = String::new();
    for _ in 0..50 {
        let r = client.get(app.url("/metrics")).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/plain")
        );
        body = r.text().await.unwrap();
        if body.contains("tglink_updates_handled_total 1") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    for line in [
        "tglink_updates_received_total 1",
        "tglink_updates_handled_total 1",
        "tglink_inbox_depth 0",
        "tglink_telegram_calls_total{method=\"SendMessage\",outcome=\"ok\"} 1",
    ] {
        assert!(body.lines().any(|l| l == line), "no {line:?} in\n{body}");
    }
    assert!(body.contains("tglink_telegram_call_seconds_bucket{le="));
    assert!(body.contains("tglink_db_pool_wait_seconds_count "));
}

#[tokio::test]
async fn metrics_are_refused_through_a_proxy_and_open_to_the_token() {
    let app =
        spawn_app_with(|c| c.metrics_token = Some("a-long-enough-metrics-token".into())).await;
    let proxied = app
        .client
        .get(app.url("/metrics"))
        .header("X-Forwarded-For", "203.0.113.9")
        .send()
        .await
        .unwrap();
    assert_eq!(proxied.status(), 403);
    let wrong = app
        .client
        .get(app.url("/metrics"))
        .header("X-Forwarded-For", "203.0.113.9")
        .bearer_auth("a-long-enough-metrics-tokeN")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 403);
    let right = app
        .client
        .get(app.url("/metrics"))
        .header("X-Forwarded-For", "203.0.113.9")
        .bearer_auth("a-long-enough-metrics-token")
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), 200);
}
