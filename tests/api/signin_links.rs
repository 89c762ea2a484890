//! One-time links sent to a member's Telegram (password reset, sign-in) refused where they act:
//! on the POST, not only on the page. A superseded link (a newer one was sent) and an expired one
//! change nothing — the password hash and the sessions are read with the test's own SQL.
use crate::db_dump::Raw;
use crate::helpers::{Intake, TestApp, spawn_app_with_telegram};

const NEW_PW: &str = "a brand new password 42";

/// The path of the one-time link in the next message the bot sends to `chat`.
async fn link_in_chat(app: &TestApp, chat: i64, marker: &str) -> String {
    let text = app.next_message_to(chat).await.plain_text;
    text.split_whitespace()
        .find_map(|w| w.find(marker).map(|i| w[i..].to_string()))
        .unwrap_or_else(|| panic!("no {marker} link in {text:?}"))
}

/// What a refused link must leave alone: the password hash and the member's sessions.
fn account_state(raw: &mut Raw) -> Vec<String> {
    let mut state =
        raw.texts("SELECT password_hash AS row FROM users WHERE username_lower = 'carol'");
    state.extend(raw.texts(
        "SELECT s.id AS row FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE u.username_lower = 'carol' ORDER BY s.id",
    ));
    state
}

async fn refused_on_post(purpose_page: &str, request: &str, marker: &str, fields: &[(&str, &str)]) {
    let app = spawn_app_with_telegram(Intake::Polling).await;
    let carol = app.signed_up("carol").await;
    app.link_telegram(&carol, 7101, "Carol", None).await;
    carol.log_out().await;
    let mut raw = Raw::open(&app.db);

    let visitor = app.new_browser();
    let ask = || visitor.submit(purpose_page, request, &[("username", "carol")]);
    assert!(ask().await.status().is_success());
    let older = link_in_chat(&app, 7101, marker).await;
    assert!(ask().await.status().is_success());
    let newer = link_in_chat(&app, 7101, marker).await;
    assert_ne!(older, newer);

    let before = account_state(&mut raw);
    let token = visitor.csrf(purpose_page).await;
    let mut body = vec![("csrf_token", token.as_str())];
    body.extend_from_slice(fields);
    let r = visitor.post_form(&older, &body).await;
    assert_ne!(r.status(), 303, "the superseded link {older} acted");
    assert_eq!(
        account_state(&mut raw),
        before,
        "the superseded link changed nothing"
    );

    raw.execute(
        "UPDATE signin_tokens SET expires_at = '2000-01-01 00:00:00' WHERE used_at IS NULL",
    );
    let r = visitor.post_form(&newer, &body).await;
    assert_ne!(r.status(), 303, "the expired link {newer} acted");
    assert_eq!(
        account_state(&mut raw),
        before,
        "the expired link changed nothing"
    );
}

#[tokio::test]
async fn superseded_and_expired_reset_links_are_refused_on_post() {
    refused_on_post(
        "/password-reset",
        "/password-reset",
        "/password-reset/",
        &[("password", NEW_PW), ("password_confirm", NEW_PW)],
    )
    .await;
}

#[tokio::test]
async fn superseded_and_expired_sign_in_links_are_refused_on_post() {
    refused_on_post(
        "/login",
        "/login/telegram-link",
        "/login/telegram-link/",
        &[],
    )
    .await;
}
