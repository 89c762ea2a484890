//! Bringing the bot up and down: Telegram unreachable or refusing the webhook at start (what the
//! page and the log say), no bot token at all, and the real binary stopping cleanly on SIGTERM.
use serde_json::{Value, json};
use telegram_fake::{Failure, FakeTelegram};

use crate::binary::Binary;
use crate::helpers::{BOT_TOKEN, WAIT, spawn_app, spawn_app_with};

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

/// Telegram refuses http:// webhooks on 127.0.0.1: the site keeps serving, the Connect page
/// says linking is paused instead of showing a link nobody could confirm, and once Telegram
/// accepts the address (it is retried) linking comes back by itself.
#[tokio::test]
async fn a_refused_webhook_pauses_linking_until_telegram_accepts_it() {
    let fake = FakeTelegram::start(BOT_TOKEN).await.unwrap();
    fake.set_strict_urls(true);
    let api_url = fake.api_url();
    let app = spawn_app_with(|c| {
        c.bot_token = Some(BOT_TOKEN.into());
        c.telegram_api_url = url::Url::parse(&api_url).unwrap();
        c.public_url = Some(url::Url::parse("http://127.0.0.1:0").unwrap());
    })
    .await;
    let alice = app.signed_up("alice").await;
    wait_for_bot(&alice, "webhook_refused").await;
    assert!(fake.webhook().is_none());
    let html = alice.get_html("/connect").await;
    assert!(html.contains("Linking is paused"), "{html}");
    assert!(crate::helpers::deep_link_from(&html).is_none());
    assert!(!app.server.is_finished());

    fake.set_strict_urls(false);
    wait_for_bot(&alice, "ready").await;
    assert!(fake.webhook().is_some());
    assert!(crate::helpers::deep_link_from(&alice.get_html("/connect").await).is_some());
}

/// The README promises that the log says why Telegram refused the webhook.
#[tokio::test]
async fn a_refused_webhook_is_explained_in_the_log() {
    let fake = FakeTelegram::start(BOT_TOKEN).await.unwrap();
    fake.set_strict_urls(true);
    let db = crate::helpers::TestDb::new();
    let dir = tempfile::tempdir().unwrap();
    let app = Binary::start(&fake, &db, dir.path(), true).await;
    fake.wait_until(WAIT, |f| {
        f.calls_to("setWebhook").iter().any(|c| !c.is_ok())
    })
    .await
    .unwrap();
    let deadline = std::time::Instant::now() + WAIT;
    let line = loop {
        let log = app.log();
        if let Some(line) = log
            .lines()
            .find(|l| l.contains("Telegram refused the webhook"))
        {
            break line.to_string();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no such line in {log}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    assert!(line.contains("ERROR"), "{line}");
    assert!(line.contains("fix TGLINK_PUBLIC_URL"), "{line}");
    assert!(
        line.contains("HTTPS") || line.contains("https"),
        "Telegram's own reason is in the line: {line}"
    );
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
    assert_eq!(app.post_webhook(Some("x"), "{}").await.status(), 404);
}

/// The real binary in polling mode: it answers through getUpdates, and SIGTERM stops it
/// cleanly (the poll is abandoned, the queue finished) with exit status 0.
#[tokio::test]
async fn the_binary_polls_and_stops_cleanly_on_sigterm() {
    let fake = FakeTelegram::start(BOT_TOKEN).await.unwrap();
    let db = crate::helpers::TestDb::new();
    let dir = tempfile::tempdir().unwrap();
    // Serving /healthz means the HTTP server has installed its signal handlers: a signal before
    // that would meet the default action (die).
    let mut app = Binary::start(&fake, &db, dir.path(), false).await;
    let user = fake.add_user(111, "Alice", None);
    user.send_text("/help").await.unwrap();
    fake.wait_for_message_to(111, WAIT)
        .await
        .expect("the binary answers by polling");

    crate::binary::signal(app.child.id(), libc::SIGTERM);
    let deadline = std::time::Instant::now() + WAIT;
    let status = loop {
        if let Some(status) = app.child.try_wait().unwrap() {
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
