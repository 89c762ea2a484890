//! "Sign in with Telegram" (approve in the bot), over HTTP and the fake Bot API: the login page's
//! button, the deep link, the chat's Approve / Deny, the page's status poll that signs in exactly
//! the browser that started, and every way an attempt can fail (expired, wrong browser, unlinked
//! chat, replay, disabled account), with passwordless sign-up off and on.
use std::time::Duration;

use serde_json::Value;
use telegram_fake::{FakeUser, SentMessage, updates};

use crate::both_intakes;
use crate::helpers::{
    Browser, Intake, TestApp, WAIT, csrf_from, deep_link_from, location, spawn_app,
    spawn_app_with_telegram, spawn_app_with_telegram_and,
};

both_intakes!(approve_signs_in_the_browser_that_asked);

/// Starts "Sign in with Telegram" in `browser` from the login page (with `next`), and returns the
/// waiting page's deep link.
async fn start_login(browser: &Browser, next: &str) -> String {
    let login = browser.get_html("/login").await;
    assert!(
        login.contains("action=\"/login/telegram\""),
        "the login page offers Sign in with Telegram"
    );
    let r = browser
        .post_form(
            "/login/telegram",
            &[("csrf_token", &csrf_from(&login)), ("next", next)],
        )
        .await;
    assert_eq!(r.status(), 303, "start the attempt");
    assert_eq!(location(&r), "/login/telegram");
    let html = browser.get_html("/login/telegram").await;
    deep_link_from(&html).unwrap_or_else(|| panic!("the waiting page has a deep link:\n{html}"))
}

async fn login_status(browser: &Browser) -> Value {
    let r = browser.get("/login/telegram/status").await;
    assert_eq!(r.status(), 200, "GET /login/telegram/status");
    r.json().await.expect("status JSON")
}

/// Polls as the page does until the state is `state`.
async fn wait_for_login_state(browser: &Browser, state: &str) -> Value {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let status = login_status(browser).await;
        if status["state"] == state {
            return status;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the login status stayed {status}, not {state}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Whether `browser` is signed in (a member page answers instead of sending it to /login).
async fn signed_in(browser: &Browser) -> bool {
    browser.get("/account").await.status() == 200
}

/// alice with a linked Telegram account (user and chat 111), signed out again.
async fn linked_alice(app: &TestApp) -> FakeUser {
    let alice = app.signed_up("alice").await;
    let user = app
        .link_telegram(&alice, 111, "Alice", Some("alice_tg"))
        .await;
    assert_eq!(alice.log_out().await.status(), 303);
    user
}

/// The bot's next message to `chat`, after any sign-in alerts.
async fn next_reply(app: &TestApp, chat: i64) -> SentMessage {
    loop {
        let m = app.next_message_to(chat).await;
        if !m.plain_text.starts_with("New sign-in") {
            return m;
        }
    }
}

async fn press(app: &TestApp, user: &FakeUser, message: &SentMessage, label: &str) {
    let data = message
        .callback_data_for(label)
        .unwrap_or_else(|| panic!("a {label} button under {:?}", message.plain_text));
    assert!(data.len() <= 64);
    let answers = app.fake().callback_answers().len();
    user.press_button(message, &data).await.expect("press");
    app.fake()
        .wait_until(WAIT, |f| f.callback_answers().len() > answers)
        .await
        .expect("the press is answered");
    // The toast is answered inside the handler; its edits go out right after it.
    app.updates_handled().await;
}

fn last_edit_of(app: &TestApp, message: &SentMessage) -> String {
    app.fake()
        .edits()
        .into_iter()
        .rev()
        .find(|e| e.chat_id == message.chat_id && e.message_id == message.message_id)
        .and_then(|e| e.text)
        .unwrap_or_default()
}

fn last_toast(app: &TestApp) -> String {
    app.fake()
        .callback_answers()
        .pop()
        .and_then(|a| a.text)
        .unwrap_or_default()
}

async fn approve_signs_in_the_browser_that_asked(intake: Intake) {
    let app = spawn_app_with_telegram(intake).await;
    let tg = linked_alice(&app).await;
    let browser = app.new_browser();
    let link = start_login(&browser, "/account/sessions").await;
    let bot = app.fake().bot_username();
    let payload = link
        .strip_prefix(&format!("https://t.me/{bot}?start="))
        .expect("a deep link to the bot");
    assert!(payload.starts_with("login_") && payload.len() == 49 && payload.len() <= 64);
    let page = browser.get_html("/login/telegram").await;
    assert!(
        page.contains("src=\"data:image/svg+xml;base64,"),
        "the QR code"
    );
    assert!(
        page.contains(&format!("/start {payload}")),
        "the copyable fallback"
    );
    assert!(page.contains("src=\"/static/telegram_login.js\""));
    assert_eq!(login_status(&browser).await["state"], "waiting");

    tg.open_link(&link).await.unwrap();
    let question = next_reply(&app, 111).await;
    let text = &question.plain_text;
    assert!(
        text.starts_with("Sign in to tglink") && text.contains(" as alice?"),
        "{text}"
    );
    assert!(text.contains("Browser: "), "{text}");
    assert!(text.contains("Address: 127.0.0.1"), "{text}");
    assert!(text.contains("Time: ") && text.contains(" UTC"), "{text}");
    let labels: Vec<_> = question.buttons().into_iter().map(|b| b.text).collect();
    assert_eq!(labels, ["Approve", "Deny"]);
    for b in question.buttons() {
        let data = b.callback_data.unwrap_or_default();
        assert!(!data.contains(&payload[6..]), "no nonce in callback data");
    }
    assert_eq!(login_status(&browser).await["state"], "waiting");
    assert!(!signed_in(&browser).await, "nothing before Approve");

    press(&app, &tg, &question, "Approve").await;
    assert!(last_edit_of(&app, &question).starts_with("Approved ✓"));
    assert_eq!(last_toast(&app), "Approved ✓");

    let r = browser.get("/login/telegram/status").await;
    let renewed = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .any(|c| c.to_str().unwrap_or("").starts_with("tglink_session="));
    let status: Value = r.json().await.unwrap();
    assert_eq!(status["state"], "signed_in");
    assert_eq!(status["next"], "/account/sessions");
    assert!(renewed, "the session id is renewed at sign-in");
    assert!(signed_in(&browser).await);
    let sessions = browser.get_html("/account/sessions").await;
    assert!(sessions.contains("alice"), "signed in as alice");
    // Once used, the browser has no attempt any more.
    assert_eq!(login_status(&browser).await["state"], "none");

    // A new-sign-in alert reaches the chat, as for a password login.
    let alert = app.next_message_to(111).await;
    assert!(
        alert
            .plain_text
            .starts_with("New sign-in to tglink as alice"),
        "{}",
        alert.plain_text
    );
}

#[tokio::test]
async fn deny_signs_in_nobody_and_the_page_says_so() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let tg = linked_alice(&app).await;
    let browser = app.new_browser();
    let link = start_login(&browser, "").await;
    tg.open_link(&link).await.unwrap();
    let question = next_reply(&app, 111).await;
    press(&app, &tg, &question, "Deny").await;
    assert_eq!(
        last_edit_of(&app, &question),
        "Denied. Nobody was signed in."
    );
    assert_eq!(last_toast(&app), "Denied");
    assert_eq!(
        wait_for_login_state(&browser, "denied").await["next"],
        Value::Null
    );
    assert!(!signed_in(&browser).await);
    let page = browser.get_html("/login/telegram").await;
    assert!(page.contains("The sign-in was denied in Telegram"));
    assert!(page.contains("Try again"), "a way to try again");
    // Trying again gives a fresh link.
    let again = start_login(&browser, "").await;
    assert_ne!(again, link);
    assert_eq!(login_status(&browser).await["state"], "waiting");
}

#[tokio::test]
async fn an_attempt_expires() {
    let app = spawn_app_with_telegram_and(Intake::Webhook, |c| {
        c.telegram_login_ttl = Duration::from_secs(2);
    })
    .await;
    let tg = linked_alice(&app).await;

    // Opened and asked in time, approved too late.
    let browser = app.new_browser();
    let link = start_login(&browser, "").await;
    tg.open_link(&link).await.unwrap();
    let question = next_reply(&app, 111).await;
    assert!(question.plain_text.starts_with("Sign in to"));
    wait_for_login_state(&browser, "expired").await;
    press(&app, &tg, &question, "Approve").await;
    assert!(
        last_edit_of(&app, &question).starts_with("This sign-in request has expired"),
        "{}",
        last_edit_of(&app, &question)
    );
    assert_eq!(login_status(&browser).await["state"], "expired");
    assert!(!signed_in(&browser).await);
    let page = browser.get_html("/login/telegram").await;
    assert!(page.contains("The sign-in link expired"));

    // Opened too late.
    let late = app.new_browser();
    let link = start_login(&late, "").await;
    wait_for_login_state(&late, "expired").await;
    tg.open_link(&link).await.unwrap();
    let reply = next_reply(&app, 111).await;
    assert!(
        reply
            .plain_text
            .starts_with("This sign-in link has expired"),
        "{}",
        reply.plain_text
    );
    assert!(reply.buttons().is_empty());
}

#[tokio::test]
async fn only_the_browser_that_started_can_sign_in() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let tg = linked_alice(&app).await;
    let browser = app.new_browser();
    // (`next` must stay on the site, as at a password login.)
    let link = start_login(&browser, "//evil.example/x").await;

    // Someone who got the link or a photo of the QR code, in another browser.
    let thief = app.new_browser();
    assert_eq!(login_status(&thief).await["state"], "none");
    let r = thief.get("/login/telegram").await;
    assert_eq!(r.status(), 303, "no waiting page without an attempt");
    assert_eq!(location(&r), "/login");

    tg.open_link(&link).await.unwrap();
    let question = next_reply(&app, 111).await;
    press(&app, &tg, &question, "Approve").await;
    for _ in 0..3 {
        assert_eq!(login_status(&thief).await["state"], "none");
    }
    assert!(
        !signed_in(&thief).await,
        "the thief's browser is not signed in"
    );
    // The thief's own attempt is not the victim's.
    start_login(&thief, "").await;
    assert_eq!(login_status(&thief).await["state"], "waiting");
    assert!(!signed_in(&thief).await);

    assert_eq!(
        wait_for_login_state(&browser, "signed_in").await["next"],
        "/account"
    );
    assert!(signed_in(&browser).await);
}

#[tokio::test]
async fn a_link_works_once() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let tg = linked_alice(&app).await;
    let browser = app.new_browser();
    let link = start_login(&browser, "").await;
    tg.open_link(&link).await.unwrap();
    let question = next_reply(&app, 111).await;

    // A second chat opening the same link (it was forwarded) is refused: the first chat has it.
    let bob = app.fake().add_user(222, "Bob", Some("bob_tg"));
    bob.open_link(&link).await.unwrap();
    let reply = next_reply(&app, 222).await;
    assert!(
        reply
            .plain_text
            .starts_with("This sign-in link was already used"),
        "{}",
        reply.plain_text
    );
    // Nor can bob answer it with forged callback data in his own chat.
    let forged_data = question.callback_data_for("Approve").unwrap();
    let message = updates::text_message(
        1,
        &app.fake().bot(),
        bob.person().private_chat_json(),
        0,
        "x",
        vec![],
    );
    app.fake()
        .send_update(updates::callback_query_update(
            9001,
            "forged",
            &bob.person(),
            message,
            &forged_data,
        ))
        .await
        .unwrap();
    app.fake()
        .wait_until(WAIT, |f| {
            f.calls_to("answerCallbackQuery")
                .iter()
                .any(|c| c.params["callback_query_id"] == "forged")
        })
        .await
        .unwrap();
    assert_eq!(login_status(&browser).await["state"], "waiting");

    press(&app, &tg, &question, "Approve").await;
    wait_for_login_state(&browser, "signed_in").await;
    assert_eq!(login_status(&browser).await["state"], "none", "used once");

    // The same link again, by its own chat.
    tg.open_link(&link).await.unwrap();
    let reply = next_reply(&app, 111).await;
    assert!(
        reply
            .plain_text
            .starts_with("This sign-in link was already used"),
        "{}",
        reply.plain_text
    );
    // A replayed Approve on the answered question.
    let message = updates::text_message(
        question.message_id,
        &app.fake().bot(),
        tg.person().private_chat_json(),
        0,
        "x",
        vec![],
    );
    app.fake()
        .send_update(updates::callback_query_update(
            9002,
            "again",
            &tg.person(),
            message,
            &forged_data,
        ))
        .await
        .unwrap();
    app.fake()
        .wait_until(WAIT, |f| {
            f.calls_to("answerCallbackQuery")
                .iter()
                .any(|c| c.params["callback_query_id"] == "again")
        })
        .await
        .unwrap();
    let answer = app.fake().calls_to("answerCallbackQuery").pop().unwrap();
    assert_eq!(answer.params["text"], "This button is no longer active.");
}

#[tokio::test]
async fn an_unlinked_chat_cannot_sign_in_when_passwordless_signup_is_off() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let browser = app.new_browser();
    let link = start_login(&browser, "").await;
    let stranger = app.fake().add_user(333, "Stranger", Some("stranger_tg"));
    stranger.open_link(&link).await.unwrap();
    let reply = next_reply(&app, 333).await;
    assert!(
        reply
            .plain_text
            .starts_with("This Telegram account is not linked to a tglink account"),
        "{}",
        reply.plain_text
    );
    assert!(
        reply
            .plain_text
            .contains("new accounts cannot be created from Telegram"),
        "says passwordless sign-up is off"
    );
    assert!(reply.buttons().is_empty());
    wait_for_login_state(&browser, "unlinked").await;
    assert!(!signed_in(&browser).await);
    let page = browser.get_html("/login/telegram").await;
    assert!(page.contains("not linked to an account on tglink"));
    let r = browser.get("/login/telegram/signup").await;
    assert_eq!(r.status(), 303, "no sign-up without the setting");
}

#[tokio::test]
async fn a_disabled_account_cannot_sign_in() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let tg = linked_alice(&app).await;
    let admin = app.signed_up("root").await;
    app.make_admin("root").await;
    let alice_id = user_id(&app, "alice").await;

    // Disabled after approving, before the browser completes: no session.
    let browser = app.new_browser();
    let link = start_login(&browser, "").await;
    tg.open_link(&link).await.unwrap();
    let question = next_reply(&app, 111).await;
    press(&app, &tg, &question, "Approve").await;
    let r = admin
        .submit(
            "/admin/users",
            &format!("/admin/users/{alice_id}/disable"),
            &[],
        )
        .await;
    assert_eq!(r.status(), 303, "disable alice");
    assert_eq!(login_status(&browser).await["state"], "refused");
    assert!(!signed_in(&browser).await);

    // Disabled before: the chat is told, the page too.
    let browser = app.new_browser();
    let link = start_login(&browser, "").await;
    tg.open_link(&link).await.unwrap();
    let reply = next_reply(&app, 111).await;
    assert!(
        reply.plain_text.contains("is disabled and cannot sign in"),
        "{}",
        reply.plain_text
    );
    assert!(reply.buttons().is_empty());
    wait_for_login_state(&browser, "refused").await;
    assert!(!signed_in(&browser).await);
}

async fn user_id(app: &TestApp, name: &str) -> i64 {
    crate::broadcast_support::user_id(&app.pool, name).await
}

#[tokio::test]
async fn passwordless_signup_creates_a_linked_account_from_telegram() {
    let app = spawn_app_with_telegram_and(Intake::Webhook, |c| c.passwordless_signup = true).await;
    let browser = app.new_browser();
    let link = start_login(&browser, "/account").await;
    let newbie = app.fake().add_user(444, "New", Some("newbie_tg"));
    newbie.open_link(&link).await.unwrap();
    let offer = next_reply(&app, 444).await;
    assert!(
        offer
            .plain_text
            .starts_with("This Telegram account is not linked to a tglink account yet."),
        "{}",
        offer.plain_text
    );
    let labels: Vec<_> = offer.buttons().into_iter().map(|b| b.text).collect();
    assert_eq!(labels, ["Create account", "Deny"]);
    press(&app, &newbie, &offer, "Create account").await;
    assert!(last_edit_of(&app, &offer).starts_with("Continue in the browser"));
    let status = wait_for_login_state(&browser, "signup").await;
    assert_eq!(status["next"], "/login/telegram/signup");

    // Another browser cannot take over the sign-up.
    let thief = app.new_browser();
    assert_eq!(thief.get("/login/telegram/signup").await.status(), 303);

    let form = browser.get_html("/login/telegram/signup").await;
    assert!(
        form.contains("value=\"newbie_tg\""),
        "proposed from @newbie_tg"
    );
    assert!(form.contains("@newbie_tg"));
    let csrf = csrf_from(&form);
    let r = browser
        .post_form("/login/telegram/signup", &[("username", "newbie")])
        .await;
    assert_eq!(r.status(), 403, "no CSRF token, no account");
    let r = browser
        .post_form(
            "/login/telegram/signup",
            &[("csrf_token", &csrf), ("username", "x")],
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("at least 3 characters"), "the field's error");
    assert!(html.contains("value=\"x\""), "keeps what was typed");
    app.signed_up("taken_name").await;
    let r = browser
        .post_form(
            "/login/telegram/signup",
            &[("csrf_token", &csrf), ("username", "Taken_Name")],
        )
        .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("That username is taken"));
    let r = browser
        .post_form(
            "/login/telegram/signup",
            &[("csrf_token", &csrf), ("username", "newbie")],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/account");
    assert!(signed_in(&browser).await);
    assert_eq!(browser.link_status().await["telegram"], "@newbie_tg");
    let created = next_reply(&app, 444).await;
    assert!(
        created.plain_text.starts_with("Account created ✓"),
        "{}",
        created.plain_text
    );
    // No password works for it.
    let other = app.new_browser();
    assert_eq!(other.log_in("newbie", "!telegram").await.status(), 401);
    // And the sign-up cannot be repeated (the old CSRF token died with the sign-in; a fresh one
    // only leads away).
    assert_eq!(
        browser
            .post_form(
                "/login/telegram/signup",
                &[("csrf_token", &csrf), ("username", "newbie2")],
            )
            .await
            .status(),
        403
    );
    let r = browser
        .submit(
            "/account",
            "/login/telegram/signup",
            &[("username", "newbie2")],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(user_count(&app).await, 2);

    // Next time the same Telegram account simply signs in.
    let again = app.new_browser();
    let link = start_login(&again, "").await;
    newbie.open_link(&link).await.unwrap();
    let question = next_reply(&app, 444).await;
    assert!(
        question.plain_text.contains(" as newbie?"),
        "{}",
        question.plain_text
    );
}

/// Accounts in the database, counted with the test's own SQL.
async fn user_count(app: &TestApp) -> i64 {
    let mut raw = crate::db_dump::Raw::open(&app.db);
    let count = raw.texts("SELECT CAST(COUNT(*) AS TEXT) AS row FROM users");
    count[0].parse().expect("a count")
}

#[tokio::test]
async fn starting_attempts_is_throttled_per_address() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let browser = app.new_browser();
    let csrf = browser.csrf("/login").await;
    for i in 0..20 {
        let r = browser
            .post_form("/login/telegram", &[("csrf_token", &csrf)])
            .await;
        assert_eq!(r.status(), 303, "attempt {i}");
    }
    let r = browser
        .post_form("/login/telegram", &[("csrf_token", &csrf)])
        .await;
    assert_eq!(r.status(), 429);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Too many sign-in attempts")
    );
}

#[tokio::test]
async fn without_a_bot_the_login_page_offers_no_telegram_sign_in() {
    let app = spawn_app().await;
    let html = app.get_html("/login").await;
    assert!(!html.contains("Sign in with Telegram"));
    let r = app.submit("/login", "/login/telegram", &[]).await;
    assert_eq!(r.status(), 503);
    assert!(r.text().await.unwrap().contains("not available right now"));
}

#[tokio::test]
async fn denying_the_new_account_creates_nothing() {
    let app = spawn_app_with_telegram_and(Intake::Webhook, |c| c.passwordless_signup = true).await;
    let browser = app.new_browser();
    let link = start_login(&browser, "").await;
    let stranger = app.fake().add_user(555, "Stranger", None);
    stranger.open_link(&link).await.unwrap();
    let offer = next_reply(&app, 555).await;
    press(&app, &stranger, &offer, "Deny").await;
    assert_eq!(last_edit_of(&app, &offer), "Denied. Nobody was signed in.");
    wait_for_login_state(&browser, "denied").await;
    assert_eq!(browser.get("/login/telegram/signup").await.status(), 303);
    assert_eq!(user_count(&app).await, 0);
    assert!(!signed_in(&browser).await);
}
