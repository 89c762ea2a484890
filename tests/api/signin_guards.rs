//! Sign-in guards on the paths that use them, over HTTP and the fake Bot API, read with the
//! test's own SQL: the per-account limit of "Sign in with Telegram" (an account is asked to
//! approve at most ten sign-ins a window, whichever browsers ask), and the cookie a browser had
//! before signing in (the anonymous session and its CSRF token) being worth nothing after.
use crate::db_dump::Raw;
use crate::helpers::{
    Browser, Intake, TestApp, csrf_from, deep_link_from, location, spawn_app,
    spawn_app_with_telegram,
};

const PW: &str = "correct horse battery";
/// `throttle::TELEGRAM_LOGINS_PER_ACCOUNT`, as the README promises it.
const PER_ACCOUNT: usize = 10;

/// Starts "Sign in with Telegram" in `browser` and returns the waiting page's deep link.
async fn start_login(browser: &Browser) -> String {
    let token = browser.csrf("/login").await;
    let r = browser
        .post_form("/login/telegram", &[("csrf_token", &token)])
        .await;
    assert_eq!(r.status(), 303, "start an attempt");
    let html = browser.get_html("/login/telegram").await;
    deep_link_from(&html).unwrap_or_else(|| panic!("the waiting page has a deep link:\n{html}"))
}

/// The bot's next message to `chat`, after any sign-in alerts.
async fn next_reply(app: &TestApp, chat: i64) -> telegram_fake::SentMessage {
    loop {
        let m = app.next_message_to(chat).await;
        if !m.plain_text.starts_with("New sign-in") {
            return m;
        }
    }
}

fn one(raw: &mut Raw, sql: &str) -> String {
    raw.texts(sql).pop().unwrap_or_default()
}

#[tokio::test]
async fn an_account_is_asked_to_approve_at_most_ten_telegram_sign_ins_a_window() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let alice = app.signed_up("alice").await;
    let chat = 4242;
    let tg = app.link_telegram(&alice, chat, "Alice", None).await;
    let mut raw = Raw::open(&app.db);

    // Each request from its own browser: only the account's limit can stop the eleventh (the
    // address's limit, 20 a window, is further off).
    for i in 1..=PER_ACCOUNT + 1 {
        let browser = app.new_browser();
        let link = start_login(&browser).await;
        tg.open_link(&link).await.expect("alice opens the link");
        let reply = next_reply(&app, chat).await;
        let labels: Vec<String> = reply.buttons().into_iter().map(|b| b.text).collect();
        if i <= PER_ACCOUNT {
            assert!(
                reply.plain_text.contains(" as alice?") && labels == ["Approve", "Deny"],
                "request {i} is asked: {} {labels:?}",
                reply.plain_text
            );
            continue;
        }
        assert!(
            reply.plain_text.starts_with("Too many sign-in requests"),
            "request {i} is refused: {}",
            reply.plain_text
        );
        assert!(labels.is_empty(), "nothing to approve: {labels:?}");
        let status: serde_json::Value = browser
            .get("/login/telegram/status")
            .await
            .json()
            .await
            .expect("status JSON");
        assert_eq!(status["state"], "waiting", "the attempt got nowhere");
        assert_eq!(browser.get("/account").await.status(), 303, "not signed in");
    }
    let alice_id = one(
        &mut raw,
        "SELECT CAST(id AS TEXT) AS row FROM users WHERE username = 'alice'",
    );
    let asked = one(
        &mut raw,
        &format!(
            "SELECT CAST(COUNT(*) AS TEXT) AS row FROM telegram_logins WHERE user_id = {alice_id}"
        ),
    );
    assert_eq!(asked, PER_ACCOUNT.to_string(), "attempts claimed for alice");
    let waiting = one(
        &mut raw,
        "SELECT CAST(COUNT(*) AS TEXT) AS row FROM telegram_logins \
         WHERE state = 'waiting' AND user_id IS NULL",
    );
    assert_eq!(waiting, "1", "the refused attempt is nobody's");
}

/// The `name=value` of the session cookie a response sets.
fn session_cookie(r: &reqwest::Response) -> String {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("tglink_session="))
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_string()
}

/// GET `path` with exactly this cookie.
async fn get_with(
    raw: &reqwest::Client,
    app: &TestApp,
    path: &str,
    cookie: &str,
) -> reqwest::Response {
    raw.get(app.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .expect("GET")
}

/// POST a form to `path` with exactly this cookie.
async fn post_with(
    raw: &reqwest::Client,
    app: &TestApp,
    path: &str,
    cookie: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    raw.post(app.url(path))
        .header("cookie", cookie)
        .form(form)
        .send()
        .await
        .expect("POST")
}

#[tokio::test]
async fn the_cookie_from_before_sign_in_is_worth_nothing_after() {
    let app = spawn_app().await;
    app.sign_up("alice", PW).await;
    app.log_out().await;
    let mut db = Raw::open(&app.db);
    let hash = |db: &mut Raw| {
        one(
            db,
            "SELECT password_hash AS row FROM users WHERE username = 'alice'",
        )
    };
    let sessions = |db: &mut Raw| one(db, "SELECT CAST(COUNT(*) AS TEXT) AS row FROM sessions");
    // Cookies by hand: the client keeps none.
    let raw = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");

    // The login form gives an anonymous cookie and its token (what an attacker could plant).
    let page = raw.get(app.url("/login")).send().await.expect("GET /login");
    let before = session_cookie(&page);
    let planted = csrf_from(&page.text().await.expect("body"));
    let r = post_with(
        &raw,
        &app,
        "/login",
        &before,
        &[
            ("csrf_token", &planted),
            ("username", "alice"),
            ("password", PW),
        ],
    )
    .await;
    assert_eq!(r.status(), 303, "alice signs in");
    let after = session_cookie(&r);
    assert_ne!(after, before, "a new session id");
    assert_eq!(get_with(&raw, &app, "/account", &after).await.status(), 200);
    let (hash_before, sessions_before) = (hash(&mut db), sessions(&mut db));

    // The old cookie opens nothing.
    let r = get_with(&raw, &app, "/account", &before).await;
    assert_eq!(r.status(), 303, "the pre-login cookie has no session");
    assert!(location(&r).starts_with("/login"), "{}", location(&r));
    let change = [
        ("csrf_token", planted.as_str()),
        ("current_password", PW),
        ("password", "a planted new password"),
        ("password_confirm", "a planted new password"),
    ];
    let r = post_with(&raw, &app, "/account/password", &before, &change).await;
    assert_eq!(r.status(), 303, "the pre-login cookie is sent to sign in");
    assert!(location(&r).starts_with("/login"), "{}", location(&r));
    // The token from before is not the signed-in session's: the form is refused.
    let r = post_with(&raw, &app, "/account/password", &after, &change).await;
    assert_eq!(r.status(), 403, "the pre-login token is refused");
    let r = post_with(&raw, &app, "/logout", &after, &[("csrf_token", &planted)]).await;
    assert_eq!(r.status(), 403, "even to sign out");
    assert_eq!(hash(&mut db), hash_before, "the password is unchanged");
    assert_eq!(
        sessions(&mut db),
        sessions_before,
        "no session ended or made"
    );
    assert_eq!(get_with(&raw, &app, "/account", &after).await.status(), 200);

    // The session's own token works: the refusals were the token's.
    let own = csrf_from(
        &get_with(&raw, &app, "/account/password", &after)
            .await
            .text()
            .await
            .expect("body"),
    );
    assert_ne!(own, planted, "a fresh token at sign-in");
    let mut change = change;
    change[0].1 = own.as_str();
    let r = post_with(&raw, &app, "/account/password", &after, &change).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    assert_ne!(hash(&mut db), hash_before, "the password changed");
}
