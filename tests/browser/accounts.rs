//! Sign-up, errors on the form, logout and login, as a person in a browser meets them.
use crate::harness::{E2e, Viewport};

async fn sign_up_journey(viewport: Viewport) {
    let e2e = E2e::start("accounts", viewport).await;
    e2e.goto("/").await;
    e2e.check_page().await;
    e2e.screenshot("home").await;

    e2e.click("a[href='/signup'].button").await;
    e2e.find("form[action='/signup']").await;
    e2e.check_page().await;
    // A mistake first: the error appears next to the field and the username is kept.
    e2e.fill("#username", "alice").await;
    e2e.fill("#password", "too short").await;
    e2e.fill("#password_confirm", "too short").await;
    e2e.click("form[action='/signup'] button[type=submit]")
        .await;
    let error = e2e.text("#password-error").await;
    assert!(error.contains("at least 10 characters"), "{error}");
    let kept = e2e.find("#username").await.prop("value").await.unwrap();
    assert_eq!(kept.as_deref(), Some("alice"));
    e2e.check_page().await;
    e2e.screenshot("signup-error").await;

    e2e.fill("#password", "correct horse battery").await;
    e2e.fill("#password_confirm", "correct horse battery").await;
    e2e.click("form[action='/signup'] button[type=submit]")
        .await;
    e2e.wait_for_text("h1", "Connect Telegram", std::time::Duration::from_secs(10))
        .await;
    assert_eq!(e2e.path().await, "/connect");
    assert!(e2e.text(".site-header").await.contains("alice"));
    e2e.screenshot("signed-up").await;

    e2e.click("form[action='/logout'] button").await;
    e2e.find("form[action='/login']").await;
    e2e.check_page().await;
    e2e.fill("#username", "alice").await;
    e2e.fill("#password", "wrong password").await;
    e2e.click("form[action='/login'] button[type=submit]").await;
    assert!(
        e2e.text("#login-error")
            .await
            .contains("Wrong username or password")
    );
    e2e.check_page().await;
    e2e.screenshot("login-error").await;
    e2e.fill("#password", "correct horse battery").await;
    e2e.click("form[action='/login'] button[type=submit]").await;
    e2e.wait_for_text("h1", "Connect Telegram", std::time::Duration::from_secs(10))
        .await;
    e2e.close().await;
}

#[tokio::test]
async fn sign_up_log_out_and_in_on_a_phone() {
    sign_up_journey(Viewport::Phone).await;
}

#[tokio::test]
async fn sign_up_log_out_and_in_on_a_desktop() {
    sign_up_journey(Viewport::Desktop).await;
}
