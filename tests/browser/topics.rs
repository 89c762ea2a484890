//! Topics in a browser and in the chat: an admin defines topics, a member turns one on with the
//! bot's /settings, the site shows that choice and saves quiet hours; the admin composes a
//! broadcast of a topic with a URL button (the preview shows it with the Mute button), schedules
//! one, and sends one that reaches the subscriber with its buttons.
use std::time::Duration;

use crate::broadcast::promote;
use crate::harness::{E2e, Viewport};

const ALICE: i64 = 9101;

async fn topics_journey(viewport: Viewport) {
    let e2e = E2e::start("topics", viewport).await;
    e2e.linked_member("alice", ALICE).await;
    e2e.sign_up("boss", "the admin password").await;
    promote(&e2e, "boss");

    // Two topics: News (on by default) and Offers (off by default).
    e2e.goto("/admin/topics").await;
    e2e.fill("#name", "News").await;
    e2e.fill("#description", "What is new on the site").await;
    e2e.click("form[action='/admin/topics'] button[type=submit]")
        .await;
    e2e.wait_for_text("table", "News", Duration::from_secs(5))
        .await;
    e2e.fill("#name", "Offers").await;
    e2e.click("#default_on").await;
    e2e.click("form[action='/admin/topics'] button[type=submit]")
        .await;
    e2e.wait_for_text("table", "Offers", Duration::from_secs(5))
        .await;
    e2e.check_page().await;
    e2e.screenshot("admin-topics").await;

    // Alice turns Offers on in the chat; the message redraws itself.
    let phone = e2e.telegram.add_user(ALICE, "alice", Some("alice"));
    phone.send_text("/settings").await.expect("/settings");
    let settings = e2e
        .telegram
        .wait_for_message_to(ALICE, Duration::from_secs(10))
        .await
        .expect("the settings message");
    let toggle = settings.callback_data_for("⬜ Offers").expect("a toggle");
    phone.press_button(&settings, &toggle).await.expect("press");
    e2e.telegram
        .wait_until(Duration::from_secs(10), |f| {
            f.edits().iter().any(|e| {
                e.reply_markup
                    .as_ref()
                    .is_some_and(|m| m.to_string().contains("✅ Offers"))
            })
        })
        .await
        .expect("Offers is on in the chat");

    // The admin's own notifications page: choices and quiet hours.
    e2e.goto("/account/notifications").await;
    e2e.find("input[name^=topic-]").await;
    e2e.click("#quiet").await;
    e2e.click("#notifications-form button[type=submit]").await;
    e2e.wait_for_text(".alert-ok", "settings are saved", Duration::from_secs(5))
        .await;
    e2e.check_page().await;
    e2e.screenshot("notifications").await;

    // Compose: a topic and a URL button show in the preview, with the topic's Mute button.
    e2e.goto("/admin/broadcasts/new").await;
    e2e.fill("#text", "Half price this weekend").await;
    let offers = e2e
        .browser
        .execute(
            "var o = Array.from(document.querySelectorAll('#topic option')).find(o => o.dataset.name === 'Offers'); \
             document.getElementById('topic').value = o.value; \
             document.getElementById('topic').dispatchEvent(new Event('change')); return o.value;",
            vec![],
        )
        .await
        .expect("choose Offers");
    assert!(offers.as_str().is_some_and(|v| !v.is_empty()));
    e2e.fill("#button_text_1", "Shop now").await;
    e2e.fill("#button_url_1", "https://shop.example/sale").await;
    e2e.wait_for_text("#preview-buttons", "Shop now ↗", Duration::from_secs(5))
        .await;
    e2e.wait_for_text("#preview-buttons", "🔕 Mute Offers", Duration::from_secs(5))
        .await;
    let send = e2e.find("button[name=audience][value=all]").await;
    assert_eq!(
        send.text().await.unwrap(),
        "Send to the subscribers of Offers"
    );
    e2e.check_page().await;
    e2e.screenshot("compose-topic").await;
    send.click().await.expect("send");
    e2e.browser.accept_alert().await.expect("confirm");
    e2e.find(".progress-block").await;
    let message = e2e
        .telegram
        .wait_until(Duration::from_secs(20), |f| {
            f.messages_to(ALICE)
                .iter()
                .any(|m| m.plain_text == "Half price this weekend")
        })
        .await;
    assert!(message.is_ok(), "alice (subscribed in the chat) gets it");
    let got = e2e
        .telegram
        .messages_to(ALICE)
        .into_iter()
        .find(|m| m.plain_text == "Half price this weekend")
        .unwrap();
    let labels: Vec<String> = got.buttons().into_iter().map(|b| b.text).collect();
    assert_eq!(labels, ["Shop now", "🔕 Mute Offers"]);

    // Scheduled for tomorrow: listed as scheduled, not sent.
    e2e.goto("/admin/broadcasts/new").await;
    e2e.fill("#text", "See you tomorrow").await;
    e2e.browser
        .execute(
            "var t = new Date(Date.now() + 86400000); \
             var pad = n => String(n).padStart(2, '0'); \
             document.getElementById('send_at').value = t.getFullYear() + '-' + pad(t.getMonth() + 1) + '-' + pad(t.getDate()) + 'T09:00';",
            vec![],
        )
        .await
        .expect("a start time");
    e2e.click("button[name=audience][value=all]").await;
    e2e.browser.accept_alert().await.expect("confirm");
    e2e.wait_for_text(".alert-warn", "Scheduled for", Duration::from_secs(10))
        .await;
    e2e.check_page().await;
    e2e.screenshot("scheduled").await;
    assert!(
        !e2e.telegram
            .messages_to(ALICE)
            .iter()
            .any(|m| m.plain_text == "See you tomorrow"),
        "not sent before its time"
    );
    e2e.close().await;
}

#[tokio::test]
async fn topics_and_scheduling_on_a_phone() {
    topics_journey(Viewport::Phone).await;
}

#[tokio::test]
async fn topics_and_scheduling_on_a_desktop() {
    topics_journey(Viewport::Desktop).await;
}
