//! An admin broadcasts from the dashboard: compose with a live preview, send, and watch the progress
//! bar reach 100% while the fake Telegram records every message.
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::harness::{E2e, Viewport};

const MEMBERS: i64 = 5;

/// `tglink promote NAME` on the app's database, as the README tells an operator to.
pub fn promote(e2e: &E2e, username: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_tglink"))
        .args(["promote", username])
        .env("DATABASE_URL", &e2e.database_url)
        .stdin(Stdio::null())
        .output()
        .expect("run promote");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

async fn broadcast_journey(viewport: Viewport) {
    let e2e = E2e::start("broadcast", viewport).await;
    for i in 0..MEMBERS {
        e2e.linked_member(&format!("member{i}"), 8000 + i).await;
    }
    e2e.sign_up("boss", "the admin password").await;
    promote(&e2e, "boss");

    e2e.goto("/admin").await;
    e2e.find(".stats").await;
    e2e.check_page().await;
    e2e.screenshot("overview").await;

    e2e.goto("/admin/broadcasts/new").await;
    // Markdown: the preview shows what it becomes.
    e2e.click("input[name=format][value=markdown]").await;
    e2e.fill("#text", "**Meetup** _soon_").await;
    e2e.wait_for_text("#preview", "Meetup soon", Duration::from_secs(5))
        .await;
    let preview = e2e.find("#preview").await.html(true).await.unwrap();
    assert!(
        preview.contains("<strong>Meetup</strong> <em>soon</em>"),
        "Markdown in the preview: {preview}"
    );
    e2e.click("input[name=format][value=html]").await;
    e2e.fill("#text", "<b>Meetup</b> on Friday & <i>snacks</i>")
        .await;
    e2e.wait_for_text(
        "#preview",
        "Meetup on Friday & snacks",
        Duration::from_secs(5),
    )
    .await;
    let preview = e2e.find("#preview").await.html(true).await.unwrap();
    assert!(
        preview.contains("<strong>Meetup</strong>"),
        "bold in the preview: {preview}"
    );
    let send = e2e.find("button[name=audience][value=all]").await;
    let label = send.text().await.unwrap();
    assert!(
        label.contains(&format!("Send to {MEMBERS} users")),
        "{label}"
    );
    e2e.check_page().await;
    e2e.screenshot("compose").await;

    send.click().await.expect("click send");
    // The button asks first; accept.
    e2e.browser.accept_alert().await.expect("a confirmation");
    e2e.find(".progress-block").await;
    e2e.wait_for_text(
        "[data-field=sent]",
        &MEMBERS.to_string(),
        Duration::from_secs(30),
    )
    .await;
    let bar_value = async || {
        e2e.find("progress.progress").await;
        let value = e2e
            .browser
            .execute(
                "return document.querySelector('progress.progress').value;",
                vec![],
            )
            .await
            .expect("the bar's value");
        value.to_string()
    };
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    let mut percent = bar_value().await;
    while percent != "100" && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
        percent = bar_value().await;
    }
    assert_eq!(percent, "100", "the progress bar reaches 100%");
    e2e.check_page().await;
    e2e.screenshot("sent").await;

    for i in 0..MEMBERS {
        let got: Vec<_> = e2e
            .telegram
            .messages_to(8000 + i)
            .into_iter()
            .filter(|m| m.plain_text.contains("Meetup on Friday & snacks"))
            .collect();
        assert_eq!(got.len(), 1, "member{i} got the broadcast exactly once");
        assert_eq!(got[0].parse_mode.as_deref(), Some("HTML"));
    }
    change_it(&e2e).await;
    e2e.close().await;
}

/// Edits the sent broadcast in every chat, then deletes it for everyone, from its page.
async fn change_it(e2e: &E2e) {
    let broadcast_page = e2e.path().await;
    e2e.click("a[href$='/edit']").await;
    e2e.find("form[action$='/revise']").await;
    e2e.check_page().await;
    e2e.fill("#text", "<b>Meetup</b> moved to Saturday").await;
    e2e.click("form[action$='/revise'] button[type=submit]")
        .await;
    e2e.wait_for_text(
        "[data-change] [data-field=sent]",
        &MEMBERS.to_string(),
        Duration::from_secs(30),
    )
    .await;
    assert_eq!(e2e.path().await, broadcast_page);
    e2e.check_page().await;
    e2e.screenshot("edited").await;
    for i in 0..MEMBERS {
        let chat = e2e.telegram.conversation(8000 + i);
        assert!(
            chat.iter().any(|m| m.text == "Meetup moved to Saturday"),
            "member{i} sees the new text in place"
        );
        assert!(!chat.iter().any(|m| m.text.contains("Friday")));
    }

    e2e.click("form[action$='/retract'] button[type=submit]")
        .await;
    e2e.browser.accept_alert().await.expect("a confirmation");
    e2e.wait_for_text(".alert", "Deleted for everyone", Duration::from_secs(10))
        .await;
    e2e.wait_for_text(
        "[data-change] [data-field=sent]",
        &MEMBERS.to_string(),
        Duration::from_secs(30),
    )
    .await;
    e2e.check_page().await;
    e2e.screenshot("deleted").await;
    for i in 0..MEMBERS {
        let chat = e2e.telegram.conversation(8000 + i);
        assert!(
            !chat.iter().any(|m| m.text.contains("Meetup")),
            "member{i} no longer has it"
        );
    }
}

#[tokio::test]
async fn admin_broadcasts_on_a_phone() {
    broadcast_journey(Viewport::Phone).await;
}

#[tokio::test]
async fn admin_broadcasts_on_a_desktop() {
    broadcast_journey(Viewport::Desktop).await;
}
