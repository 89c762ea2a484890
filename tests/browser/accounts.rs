//! Sign-up, errors on the form, logout and login, and the account pages (change password,
//! sessions), as a person in a browser meets them.
use std::time::Duration;

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

/// A member changes the password from the account page and sees the sessions list.
async fn account_journey(viewport: Viewport) {
    let e2e = E2e::start("account", viewport).await;
    e2e.sign_up("alice", "correct horse battery").await;
    e2e.click("a[href='/account']").await;
    e2e.wait_for_text("h1", "Your account", Duration::from_secs(10))
        .await;
    e2e.check_page().await;
    e2e.screenshot("account").await;

    e2e.click("a[href='/account/password']").await;
    e2e.wait_for_text("h1", "Change password", Duration::from_secs(10))
        .await;
    e2e.check_page().await;
    e2e.fill("#current_password", "not the password").await;
    e2e.fill("#password", "a new passphrase").await;
    e2e.fill("#password_confirm", "a new passphrase").await;
    e2e.click("form[action='/account/password'] button[type=submit]")
        .await;
    e2e.wait_for_text(
        "#current-error",
        "not your current password",
        Duration::from_secs(10),
    )
    .await;
    e2e.check_page().await;
    e2e.screenshot("password-error").await;
    e2e.fill("#current_password", "correct horse battery").await;
    e2e.fill("#password", "a new passphrase").await;
    e2e.fill("#password_confirm", "a new passphrase").await;
    e2e.click("form[action='/account/password'] button[type=submit]")
        .await;
    e2e.wait_for_text(
        "[role=status]",
        "Your password was changed",
        Duration::from_secs(10),
    )
    .await;
    e2e.check_page().await;

    e2e.click("a[href='/account/sessions']").await;
    e2e.wait_for_text(".session-current", "This device", Duration::from_secs(10))
        .await;
    e2e.check_page().await;
    e2e.screenshot("sessions").await;

    e2e.goto("/account/delete").await;
    e2e.wait_for_text("h1", "Delete your account", Duration::from_secs(10))
        .await;
    e2e.check_page().await;
    e2e.close().await;
}

#[tokio::test]
async fn change_password_on_a_phone() {
    account_journey(Viewport::Phone).await;
}

#[tokio::test]
async fn change_password_on_a_desktop() {
    account_journey(Viewport::Desktop).await;
}

/// A linked member who forgot the password gets a link in Telegram and sets a new one.
async fn reset_journey(viewport: Viewport) {
    let e2e = E2e::start("reset", viewport).await;
    e2e.linked_member("carol", 5150).await;
    e2e.goto("/login").await;
    e2e.click("a[href='/password-reset']").await;
    e2e.wait_for_text("h1", "Forgot your password?", Duration::from_secs(10))
        .await;
    e2e.check_page().await;
    e2e.fill("#username", "carol").await;
    e2e.click("form[action='/password-reset'] button[type=submit]")
        .await;
    e2e.wait_for_text(
        "[role=status]",
        "its chat with our bot",
        Duration::from_secs(10),
    )
    .await;
    e2e.check_page().await;
    e2e.screenshot("link-sent").await;

    e2e.telegram
        .wait_until(Duration::from_secs(10), |f| {
            f.messages_to(5150)
                .iter()
                .any(|m| m.plain_text.contains("/password-reset/"))
        })
        .await
        .expect("the bot sends the reset link");
    let message = e2e
        .telegram
        .messages_to(5150)
        .into_iter()
        .rfind(|m| m.plain_text.contains("/password-reset/"))
        .expect("the reset link");
    let at = message.plain_text.find("/password-reset/").expect("a path");
    let path: String = message.plain_text[at..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    e2e.goto(&path).await;
    e2e.wait_for_text("h1", "Choose a new password", Duration::from_secs(10))
        .await;
    e2e.check_page().await;
    e2e.fill("#password", "carol's new passphrase").await;
    e2e.fill("#password_confirm", "carol's new passphrase")
        .await;
    e2e.click("form[action^='/password-reset/'] button[type=submit]")
        .await;
    e2e.wait_for_text(
        "[role=status]",
        "Your new password is set",
        Duration::from_secs(10),
    )
    .await;
    e2e.check_page().await;
    e2e.screenshot("reset-done").await;
    e2e.close().await;
}

#[tokio::test]
async fn reset_a_forgotten_password_on_a_phone() {
    reset_journey(Viewport::Phone).await;
}

#[tokio::test]
async fn reset_a_forgotten_password_on_a_desktop() {
    reset_journey(Viewport::Desktop).await;
}
