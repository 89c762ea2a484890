//! "Log In With Telegram" (OpenID Connect) in Chromium, against the provider stand-in: link in one
//! step from the Connect page, log out, log in with Telegram, and a login cancelled at Telegram.
//! In a real browser the login form's redirect to the provider must pass the page's CSP
//! (`form-action`), which plain HTTP tests cannot see.
use std::time::Duration;

use crate::harness::{E2e, Viewport};
use crate::oidc_provider::{CLIENT_ID, CLIENT_SECRET, OidcProvider};

async fn telegram_login_journey(viewport: Viewport) {
    let provider = OidcProvider::start().await;
    let e2e = E2e::start_with(
        "telegram-login",
        viewport,
        &[
            ("TGLINK_PUBLIC_URL", "{base}"),
            ("TGLINK_TELEGRAM_CLIENT_ID", CLIENT_ID),
            ("TGLINK_TELEGRAM_CLIENT_SECRET", CLIENT_SECRET),
            ("TGLINK_TELEGRAM_OIDC_URL", &provider.issuer),
        ],
    )
    .await;
    e2e.sign_up("alice", "correct horse battery").await;
    e2e.find("form[action='/connect/telegram-login']").await;
    e2e.check_page().await;
    e2e.screenshot("connect-with-telegram-login").await;

    // Link in one step: Telegram (the stand-in) says this is Alice, and sends the browser back.
    e2e.telegram.add_user(7001, "Alice", Some("alice_tg"));
    provider.log_in_as(7001, "Alice", Some("alice_tg"));
    e2e.click("form[action='/connect/telegram-login'] button")
        .await;
    e2e.wait_for_text("#connect", "Connected to", Duration::from_secs(10))
        .await;
    assert!(e2e.text("#connect").await.contains("@alice_tg"));
    assert_eq!(
        e2e.text("#telegram-login-notice").await,
        "Your Telegram account is linked."
    );
    e2e.check_page().await;
    e2e.screenshot("linked-with-telegram-login").await;

    // Log out, then in again with Telegram alone.
    e2e.click("form[action='/logout'] button").await;
    e2e.find("form[action='/login/telegram/oidc']").await;
    e2e.check_page().await;
    e2e.screenshot("login-with-telegram").await;
    e2e.click("form[action='/login/telegram/oidc'] button")
        .await;
    // A linked account: the login lands on the account.
    e2e.wait_for_text("h1", "Your account", Duration::from_secs(10))
        .await;
    assert!(e2e.text(".site-header").await.contains("alice"));

    // Cancelled at Telegram: the login page says so.
    e2e.click("form[action='/logout'] button").await;
    e2e.find("form[action='/login/telegram/oidc']").await;
    provider.deny();
    e2e.click("form[action='/login/telegram/oidc'] button")
        .await;
    e2e.wait_for_text(
        "#telegram-login",
        "You cancelled the login in Telegram",
        Duration::from_secs(10),
    )
    .await;
    e2e.check_page().await;
    e2e.screenshot("telegram-login-cancelled").await;
    e2e.close().await;
}

#[tokio::test]
async fn link_and_log_in_with_telegram_on_a_phone() {
    telegram_login_journey(Viewport::Phone).await;
}

#[tokio::test]
async fn link_and_log_in_with_telegram_on_a_desktop() {
    telegram_login_journey(Viewport::Desktop).await;
}
