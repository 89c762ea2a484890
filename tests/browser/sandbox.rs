//! `tglink demo` end to end, with nothing but the browser: sign up, Connect, tap "Open in
//! Telegram", land in the sandbox chat, START and Confirm there, see Connect say connected; the
//! admin (the printed login) broadcasts with formatting and the message shows formatted in the
//! sandbox chat. Screenshots of the main steps go to target/readme-screenshots/ (never to tracked
//! files); `scripts/refresh-screenshots` runs this journey and copies them to docs/screenshots/.
use std::path::Path;
use std::time::Duration;

use fantoccini::Locator;

use crate::harness::{E2e, Viewport};

const WAIT: Duration = Duration::from_secs(15);

/// Keeps a screenshot for the README as target/readme-screenshots/<step>-<viewport>.png.
async fn keep(e2e: &E2e, step: &str) {
    e2e.browser
        .execute("window.scrollTo(0, 0);", vec![])
        .await
        .expect("scroll to the top");
    let shot = e2e.screenshot(step).await;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/readme-screenshots");
    std::fs::create_dir_all(&dir).expect("target/readme-screenshots");
    let name = format!("{step}-{}.png", e2e.viewport.name());
    std::fs::copy(&shot, dir.join(name)).expect("copy the screenshot");
}

/// Clicks the inline button labelled `label` in the chat.
async fn press(e2e: &E2e, label: &str) {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let buttons = e2e
            .browser
            .find_all(Locator::Css("#messages button.keyboard-button"))
            .await
            .unwrap_or_default();
        for button in buttons {
            if button.text().await.is_ok_and(|t| t == label) {
                button.click().await.expect("press the button");
                return;
            }
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no {label:?} button in the chat"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn sandbox_journey(viewport: Viewport) {
    let (e2e, admin_password) = E2e::start_demo("sandbox", viewport).await;
    e2e.goto("/").await;
    e2e.wait_for_text(".sandbox-banner", "Sandbox: no real Telegram", WAIT)
        .await;
    e2e.check_page().await;

    e2e.sign_up("zoe", "correct horse battery").await;
    e2e.check_page().await;
    let href = e2e
        .find("#deep-link")
        .await
        .attr("href")
        .await
        .expect("attr")
        .expect("href");
    assert!(
        href.starts_with(&e2e.url("/sandbox?start=")),
        "in a demo the button opens the sandbox: {href}"
    );
    assert_eq!(
        crate::connect::qr_code_text(&e2e).await,
        href,
        "the QR code leads to the sandbox too"
    );
    keep(&e2e, "demo-connect").await;

    // "Open in Telegram" opens the chat beside the site, as the Telegram app would: the Connect
    // page stays open, and must flip to connected by itself.
    let connect_window = e2e.browser.window().await.expect("this window");
    let chat_window = e2e.browser.new_window(true).await.expect("a new tab");
    e2e.browser
        .switch_to_window(chat_window.handle)
        .await
        .expect("switch to the chat");
    e2e.browser.goto(&href).await.expect("open the deep link");
    // Arriving by a link, the sandbox asks who you are instead of picking someone.
    e2e.wait_for_text("#sandbox-ask", "Who are you in Telegram?", WAIT)
        .await;
    let chosen = e2e
        .find("#sandbox-user")
        .await
        .prop("value")
        .await
        .expect("value");
    assert_eq!(chosen.as_deref(), Some(""), "nobody chosen for you");
    e2e.check_page().await;
    // A new simulated Telegram user opens it.
    e2e.click("#sandbox-new summary").await;
    e2e.fill("#new-first-name", "Zoe").await;
    e2e.fill("#new-username", "zoe_tg").await;
    e2e.click("#sandbox-new-form button[type=submit]").await;
    e2e.wait_for_text("#sandbox-user", "Zoe (@zoe_tg)", WAIT)
        .await;
    e2e.wait_for_text("#chat-start", "START", WAIT).await;
    e2e.check_page().await;
    // A full-height chat: START is pinned in the first screen, and the page is one screen tall.
    let (start, window) = e2e.bottom_and_window("#start-button").await;
    assert!(
        start <= window,
        "START in the first screen ({start} > {window})"
    );
    let tall = e2e
        .browser
        .execute("return document.scrollingElement.scrollHeight;", vec![])
        .await
        .expect("measure")
        .as_f64()
        .unwrap_or(f64::MAX);
    assert!(
        tall <= window * 1.5,
        "the chat page is {tall} px tall in a {window} px window"
    );
    e2e.click("#start-button").await;
    e2e.wait_for_text("#messages", "Link this Telegram account", WAIT)
        .await;
    e2e.wait_for_text("#messages", "zoe", WAIT).await;
    e2e.check_page().await;
    keep(&e2e, "sandbox-confirm").await;

    press(&e2e, "Confirm").await;
    // The bot's answer to the press shows as a toast, as in Telegram.
    e2e.wait_for_text("#chat-toast", "Linked ✓", WAIT).await;
    // The bot edits its question in place: the buttons go, the text says linked.
    e2e.wait_for_text("#messages", "Linked ✓", WAIT).await;
    e2e.wait_for_text("#messages", "edited", WAIT).await;
    let buttons = e2e
        .browser
        .find_all(Locator::Css("#messages .keyboard-button"))
        .await
        .expect("find");
    assert!(buttons.is_empty(), "the edit removed the keyboard");
    e2e.check_page().await;

    // The Connect page, open all along and untouched, now says connected.
    e2e.browser
        .switch_to_window(connect_window)
        .await
        .expect("back to the site");
    e2e.wait_for_text("#connect", "Connected to @zoe_tg", WAIT)
        .await;
    e2e.check_page().await;

    // The admin logs in with the printed password and broadcasts with formatting.
    e2e.click("form[action='/logout'] button").await;
    e2e.goto("/login").await;
    e2e.fill("#username", "admin").await;
    e2e.fill("#password", &admin_password).await;
    e2e.click("form[action='/login'] button[type=submit]").await;
    e2e.find("a[href='/admin']").await;
    e2e.goto("/admin/broadcasts/new").await;
    e2e.click("input[name=format][value=html]").await;
    e2e.fill(
        "#text",
        "<b>Meetup</b> on Friday & <i>snacks</i>, see <a href=\"https://example.com/meetup\">the plan</a>",
    )
    .await;
    let send = e2e.find("button[name=audience][value=all]").await;
    send.click().await.expect("click send");
    e2e.browser.accept_alert().await.expect("a confirmation");
    e2e.find(".progress-block").await;

    // In the sandbox chat, as Zoe (the page remembers who you were).
    e2e.goto("/sandbox").await;
    e2e.wait_for_text("#messages", "Meetup on Friday & snacks", WAIT)
        .await;
    let last = e2e
        .find("#messages li:last-child .message-text")
        .await
        .html(true)
        .await
        .expect("html");
    assert!(last.contains("<strong>Meetup</strong>"), "bold: {last}");
    assert!(last.contains("<em>snacks</em>"), "italic: {last}");
    assert!(
        last.contains("href=\"https://example.com/meetup\""),
        "link: {last}"
    );
    assert!(last.contains("&amp;"), "text stays text: {last}");
    e2e.check_page().await;
    keep(&e2e, "sandbox-broadcast").await;

    // Blocking from the chat menu.
    e2e.click("#chat-menu summary").await;
    e2e.click("#block-toggle").await;
    e2e.wait_for_text("#chat-state", "you blocked this bot", WAIT)
        .await;
    e2e.check_page().await;
    e2e.close().await;
}

#[tokio::test]
async fn sandbox_journey_phone() {
    sandbox_journey(Viewport::Phone).await;
}

#[tokio::test]
async fn sandbox_journey_desktop() {
    sandbox_journey(Viewport::Desktop).await;
}
