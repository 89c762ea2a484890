//! "Sign in with Telegram" in a browser: the login page's button, the waiting page's QR code
//! (decoded: the same deep link), a Deny shown in place, Try again, and an Approve in (fake)
//! Telegram after which the page signs in and goes on to `next` by itself.
use std::time::Duration;

use serde_json::json;

use crate::connect::qr_code_text;
use crate::harness::{E2e, Viewport};

/// Marks the current page, to tell later whether it is still the same page (not reloaded).
async fn mark_page(e2e: &E2e) {
    e2e.browser
        .execute("window.__same_page = true;", vec![])
        .await
        .expect("mark the page");
}

async fn same_page(e2e: &E2e) -> bool {
    e2e.browser
        .execute("return window.__same_page === true;", vec![])
        .await
        .expect("read the mark")
        == json!(true)
}

/// Clicks "Sign in with Telegram" or "Try again", and returns the waiting page's deep link,
/// checked against its QR code.
async fn waiting_page_link(e2e: &E2e) -> String {
    e2e.wait_for_text("h1", "Sign in with Telegram", Duration::from_secs(10))
        .await;
    let href = e2e
        .find("#deep-link")
        .await
        .attr("href")
        .await
        .unwrap()
        .expect("href");
    let bot = e2e.telegram.bot_username();
    assert!(
        href.starts_with(&format!("https://t.me/{bot}?start=login_")),
        "{href}"
    );
    assert_eq!(
        qr_code_text(e2e).await,
        href,
        "the QR code holds the same link"
    );
    href
}

async fn telegram_login_journey(viewport: Viewport) {
    let e2e = E2e::start("telegram_login", viewport).await;
    e2e.linked_member("alice", 7001).await;
    let phone = e2e.telegram.add_user(7001, "alice", Some("alice"));
    let ask = |link: String| {
        let (phone, telegram) = (phone.clone(), e2e.telegram.clone());
        async move {
            phone.open_link(&link).await.expect("open the link");
            loop {
                let m = telegram
                    .wait_for_message_to(7001, Duration::from_secs(10))
                    .await
                    .expect("the bot asks");
                if m.plain_text.starts_with("Sign in to") {
                    return m;
                }
            }
        }
    };

    e2e.goto("/login?next=/account/sessions").await;
    e2e.check_page().await;
    e2e.screenshot("login").await;
    e2e.click("#telegram-signin button[type=submit]").await;
    let link = waiting_page_link(&e2e).await;
    e2e.check_page().await;
    e2e.screenshot("waiting").await;

    // Denied in Telegram: the page says so in place, with a way to try again.
    mark_page(&e2e).await;
    let question = ask(link).await;
    assert!(
        question.plain_text.contains("as alice?"),
        "{}",
        question.plain_text
    );
    let deny = question.callback_data_for("Deny").expect("a Deny button");
    phone
        .press_button(&question, &deny)
        .await
        .expect("press Deny");
    e2e.wait_for_text(
        "#telegram-login",
        "denied in Telegram",
        Duration::from_secs(10),
    )
    .await;
    assert!(same_page(&e2e).await, "shown without a reload");
    e2e.check_page().await;
    e2e.screenshot("denied").await;

    // Try again, and approve.
    e2e.click("#login-again button[type=submit]").await;
    let link = waiting_page_link(&e2e).await;
    mark_page(&e2e).await;
    let question = ask(link).await;
    let approve = question
        .callback_data_for("Approve")
        .expect("an Approve button");
    let pressed = tokio::time::Instant::now();
    phone
        .press_button(&question, &approve)
        .await
        .expect("press Approve");

    // The page signs in and goes on to `next` by itself.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while e2e.path().await != "/account/sessions" {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the page did not go on to next: still at {}",
            e2e.path().await
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // A measurement for the README, not a limit: the page polls about every 0.8 s.
    eprintln!(
        "telegram login ({}): Approve pressed → signed in at next in {} ms",
        viewport.name(),
        pressed.elapsed().as_millis()
    );
    let navigation = e2e
        .browser
        .execute(
            "return performance.getEntriesByType('navigation')[0].type;",
            vec![],
        )
        .await
        .expect("navigation type");
    assert_eq!(navigation, json!("navigate"), "went on, not reloaded");
    e2e.wait_for_text("main", "This device", Duration::from_secs(10))
        .await;
    assert!(
        e2e.text("body").await.contains("alice"),
        "signed in as alice"
    );
    e2e.check_page().await;
    e2e.screenshot("signed-in").await;
    e2e.close().await;
}

/// With TGLINK_PASSWORDLESS_SIGNUP on, a stranger's Telegram account creates an account: the
/// bot offers it, the page moves on to the username form by itself, a bad name is refused next
/// to the field, and a good one signs in.
async fn passwordless_signup_journey(viewport: Viewport) {
    let e2e = E2e::start_with(
        "telegram_signup",
        viewport,
        &[("TGLINK_PASSWORDLESS_SIGNUP", "on")],
    )
    .await;
    e2e.goto("/login").await;
    e2e.click("#telegram-signin button[type=submit]").await;
    let link = waiting_page_link(&e2e).await;
    let phone = e2e.telegram.add_user(7002, "Newbie", Some("newbie_tg"));
    phone.open_link(&link).await.expect("open the link");
    let offer = e2e
        .telegram
        .wait_for_message_to(7002, Duration::from_secs(10))
        .await
        .expect("the bot offers an account");
    let create = offer
        .callback_data_for("Create account")
        .expect("a Create account button");
    phone.press_button(&offer, &create).await.expect("press");

    e2e.wait_for_text("h1", "Create your account", Duration::from_secs(10))
        .await;
    let proposed = e2e.find("#username").await.prop("value").await.unwrap();
    assert_eq!(proposed.as_deref(), Some("newbie_tg"));
    e2e.check_page().await;
    e2e.screenshot("choose-username").await;
    e2e.fill("#username", "no").await;
    e2e.click("form[action='/login/telegram/signup'] button[type=submit]")
        .await;
    e2e.wait_for_text(
        "#username-error",
        "at least 3 characters",
        Duration::from_secs(10),
    )
    .await;
    e2e.check_page().await;
    e2e.screenshot("username-refused").await;
    e2e.fill("#username", "newbie").await;
    e2e.click("form[action='/login/telegram/signup'] button[type=submit]")
        .await;
    e2e.wait_for_text("h1", "Connect Telegram", Duration::from_secs(10))
        .await;
    e2e.wait_for_text("#connect", "@newbie_tg", Duration::from_secs(10))
        .await;
    e2e.check_page().await;
    e2e.screenshot("signed-up").await;
    e2e.close().await;
}

#[tokio::test]
async fn passwordless_signup_on_a_phone() {
    passwordless_signup_journey(Viewport::Phone).await;
}

#[tokio::test]
async fn passwordless_signup_on_a_desktop() {
    passwordless_signup_journey(Viewport::Desktop).await;
}

#[tokio::test]
async fn sign_in_with_telegram_on_a_phone() {
    telegram_login_journey(Viewport::Phone).await;
}

#[tokio::test]
async fn sign_in_with_telegram_on_a_desktop() {
    telegram_login_journey(Viewport::Desktop).await;
}
