use crate::helpers::{csrf_from, location, spawn_app, spawn_app_with};

const PW: &str = "correct horse battery";

#[tokio::test]
async fn health_check_answers_with_the_database_checked() {
    let app = spawn_app().await;
    let r = app.get("/healthz").await;
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["database"], "ok");
}

#[tokio::test]
async fn every_page_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in ["/", "/login", "/signup", "/nowhere"] {
        let r = app.get(path).await;
        let h = r.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{path}"
        );
        assert_eq!(h["x-frame-options"], "DENY");
        assert_eq!(h["referrer-policy"], "no-referrer");
        assert_eq!(h["x-content-type-options"], "nosniff");
    }
}

#[tokio::test]
async fn sign_up_signs_in_and_shows_the_member_layout() {
    let app = spawn_app().await;
    let r = app.sign_up("alice", PW).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/connect");
    let html = app.get_html("/connect").await;
    assert!(html.contains("alice"), "the layout names the user");
    assert!(html.contains("Connect Telegram"));
    assert!(html.contains("action=\"/logout\""));
    assert!(
        !html.contains("href=\"/admin\""),
        "no Admin link for members"
    );
}

#[tokio::test]
async fn sign_up_errors_are_shown_next_to_the_field_keeping_the_username() {
    let app = spawn_app().await;
    let r = app
        .submit(
            "/signup",
            "/signup",
            &[
                ("username", "al"),
                ("password", "short"),
                ("password_confirm", "short"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("id=\"username-error\""));
    assert!(html.contains("at least 3 characters"));
    assert!(html.contains("id=\"password-error\""));
    assert!(html.contains("value=\"al\""), "keeps what was typed");
    assert!(
        !html.contains("value=\"short\""),
        "never echoes the password"
    );

    let r = app
        .submit(
            "/signup",
            "/signup",
            &[
                ("username", "bob"),
                ("password", "long enough 1"),
                ("password_confirm", "long enough 2"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("do not match"));
}

#[tokio::test]
async fn usernames_are_unique_regardless_of_case() {
    let app = spawn_app().await;
    assert_eq!(app.sign_up("Alice", PW).await.status(), 303);
    let r = app.new_browser().sign_up("aLICE", PW).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("taken"));
    assert!(html.contains("value=\"aLICE\""));
}

#[tokio::test]
async fn login_and_logout() {
    let app = spawn_app().await;
    app.sign_up("alice", PW).await;
    assert_eq!(app.get("/connect").await.status(), 200);
    let r = app.log_out().await;
    assert_eq!(r.status(), 303);
    let r = app.get("/connect").await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/login?next=%2Fconnect");

    let r = app.log_in("ALICE", PW).await;
    assert_eq!(r.status(), 303, "usernames are case-insensitive at login");
    assert_eq!(app.get("/connect").await.status(), 200);
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_answer() {
    let app = spawn_app().await;
    app.sign_up("alice", PW).await;
    let browser = app.new_browser();
    let wrong = browser.log_in("alice", "not the password").await;
    assert_eq!(wrong.status(), 401);
    let wrong = wrong.text().await.unwrap();
    let unknown = browser.log_in("nobody", "not the password").await;
    assert_eq!(unknown.status(), 401);
    let unknown = unknown.text().await.unwrap();
    assert!(wrong.contains("Wrong username or password."));
    assert!(unknown.contains("Wrong username or password."));
    assert!(wrong.contains("value=\"alice\""), "keeps the username");
    assert!(
        !wrong.contains("not the password"),
        "never echoes the password"
    );
    assert_eq!(
        browser.get("/connect").await.status(),
        303,
        "still signed out"
    );
}

/// Raw requests with cookies handled by hand, to see exactly what the server sets: the session
/// cookie a response sets, its `name=value` and the whole header.
fn set_cookie(r: &reqwest::Response) -> Option<(String, String)> {
    let raw = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.contains("tglink_session="))?
        .to_string();
    let pair = raw.split(';').next()?.to_string();
    Some((pair, raw))
}

/// A client that keeps no cookies, so a test sees and sends them itself.
fn cookieless_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Opens the login form and signs in as alice with its cookie, by hand: the anonymous session
/// cookie, its attributes, and the login's answer.
async fn log_in_by_hand(
    app: &crate::helpers::TestApp,
    raw: &reqwest::Client,
) -> (String, String, reqwest::Response) {
    let page = raw.get(app.url("/login")).send().await.unwrap();
    let (anonymous, attributes) =
        set_cookie(&page).expect("a session for the login form's CSRF token");
    let token = csrf_from(&page.text().await.unwrap());
    let r = raw
        .post(app.url("/login"))
        .header("cookie", &anonymous)
        .form(&[
            ("csrf_token", token.as_str()),
            ("username", "alice"),
            ("password", PW),
        ])
        .send()
        .await
        .unwrap();
    (anonymous, attributes, r)
}

#[tokio::test]
async fn session_cookie_is_renewed_at_login_and_dies_at_logout() {
    let app = spawn_app().await;
    app.sign_up("alice", PW).await;
    let raw = cookieless_client();
    let (anonymous, _, r) = log_in_by_hand(&app, &raw).await;
    assert_eq!(r.status(), 303);
    let (signed_in, attributes) = set_cookie(&r).expect("login sets the session cookie");
    assert_ne!(anonymous, signed_in, "the session id is renewed at login");
    assert!(attributes.contains("HttpOnly"));
    assert!(attributes.contains("SameSite=Lax"));
    assert!(
        !attributes.contains("Secure"),
        "plain-http test server: no Secure flag"
    );

    let connect = raw
        .get(app.url("/connect"))
        .header("cookie", &signed_in)
        .send()
        .await
        .unwrap();
    assert_eq!(connect.status(), 200);
    let token = csrf_from(&connect.text().await.unwrap());
    let r = raw
        .post(app.url("/logout"))
        .header("cookie", &signed_in)
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let replay = raw
        .get(app.url("/connect"))
        .header("cookie", &signed_in)
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), 303, "the old cookie is dead after logout");
}

#[tokio::test]
async fn session_cookie_is_secure_behind_https() {
    let app =
        spawn_app_with(|c| c.public_url = Some(url::Url::parse("https://example.com").unwrap()))
            .await;
    app.sign_up("alice", PW).await;
    let (_, attributes, r) = log_in_by_hand(&app, &cookieless_client()).await;
    assert!(attributes.contains("Secure"));
    // The cookie renewed at login keeps the flag.
    assert_eq!(r.status(), 303);
    let (_, attributes) = set_cookie(&r).expect("login sets the session cookie");
    assert!(attributes.contains("Secure"), "{attributes}");
}

/// Moves every stored instant of `column` in `table` back by `minutes` (SQL of the test's own,
/// on either backend): time passing, without waiting for it.
async fn age(app: &crate::helpers::TestApp, table: &str, column: &str, minutes: i64) {
    use diesel::prelude::*;
    let (table, column) = (table.to_string(), column.to_string());
    let postgres = app.db.url().starts_with("postgres");
    tglink::db::run(&app.pool, move |conn| {
        let shifted = if postgres {
            format!("{column} - interval '{minutes} minutes'")
        } else {
            format!("datetime({column}, '-{minutes} minutes')")
        };
        diesel::sql_query(format!("UPDATE {table} SET {column} = {shifted}")).execute(conn)
    })
    .await
    .expect("age the rows");
}

#[tokio::test]
async fn a_throttled_login_works_again_after_the_window() {
    let app = spawn_app().await;
    app.sign_up("alice", PW).await;
    let browser = app.new_browser();
    for _ in 0..10 {
        browser.log_in("alice", "wrong password").await;
    }
    assert_eq!(browser.log_in("alice", PW).await.status(), 429);
    age(&app, "auth_attempts", "attempted_at", 16).await;
    assert_eq!(browser.log_in("alice", PW).await.status(), 303);
}

#[tokio::test]
async fn a_session_idle_past_its_life_is_signed_out() {
    let app = spawn_app().await;
    app.sign_up("alice", PW).await;
    assert_eq!(app.get("/connect").await.status(), 200);
    // 14 days and a minute later.
    age(&app, "sessions", "expires_at", 14 * 24 * 60 + 1).await;
    let r = app.get("/connect").await;
    assert_eq!(r.status(), 303, "sent to the login page");
    assert!(crate::helpers::location(&r).starts_with("/login"));
}

#[tokio::test]
async fn posts_without_a_valid_csrf_token_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let fields = [
        ("username", "mallory"),
        ("password", PW),
        ("password_confirm", PW),
    ];
    app.get("/signup").await;
    let r = app.post_form("/signup", &fields).await;
    assert_eq!(r.status(), 403);
    let mut with_bad = vec![("csrf_token", "forged")];
    with_bad.extend_from_slice(&fields);
    assert_eq!(app.post_form("/signup", &with_bad).await.status(), 403);
    // A token from another session does not count either.
    let other = app.new_browser().csrf("/signup").await;
    let mut with_other = vec![("csrf_token", other.as_str())];
    with_other.extend_from_slice(&fields);
    assert_eq!(app.post_form("/signup", &with_other).await.status(), 403);
    assert_eq!(
        app.log_in("mallory", PW).await.status(),
        401,
        "no account was created"
    );

    app.sign_up("alice", PW).await;
    assert_eq!(app.post_form("/logout", &[]).await.status(), 403);
    assert_eq!(app.get("/connect").await.status(), 200, "still signed in");
}

#[tokio::test]
async fn anonymous_visitors_go_to_login_and_come_back() {
    let app = spawn_app().await;
    app.new_browser().sign_up("alice", PW).await;
    let r = app.get("/admin").await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/login?next=%2Fadmin");
    let login = app.get_html("/login?next=%2Fconnect%3Fx%3D1").await;
    assert!(login.contains("name=\"next\" value=\"/connect?x=1\""));
    let token = csrf_from(&login);
    let r = app
        .post_form(
            "/login",
            &[
                ("csrf_token", &token),
                ("username", "alice"),
                ("password", PW),
                ("next", "/connect?x=1"),
            ],
        )
        .await;
    assert_eq!(location(&r), "/connect?x=1");
}

#[tokio::test]
async fn next_never_leaves_the_site() {
    let app = spawn_app().await;
    app.new_browser().sign_up("alice", PW).await;
    for evil in [
        "https://evil.example",
        "//evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
    ] {
        let browser = app.new_browser();
        let token = browser.csrf("/login").await;
        let r = browser
            .post_form(
                "/login",
                &[
                    ("csrf_token", &token),
                    ("username", "alice"),
                    ("password", PW),
                    ("next", evil),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        assert_eq!(location(&r), "/connect", "{evil}");
    }
}

#[tokio::test]
async fn admin_pages_are_for_admins_only() {
    let app = spawn_app().await;
    app.sign_up("alice", PW).await;
    let r = app.get("/admin").await;
    assert_eq!(r.status(), 403);
    app.make_admin("alice").await;
    let r = app.get("/admin").await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("href=\"/admin\""),
        "admins get the Admin link"
    );
}

#[tokio::test]
async fn login_is_throttled_after_ten_failures_per_username_and_address() {
    let app = spawn_app().await;
    app.sign_up("alice", PW).await;
    let browser = app.new_browser();
    for _ in 0..10 {
        assert_eq!(
            browser.log_in("alice", "wrong password").await.status(),
            401
        );
    }
    let r = browser.log_in("alice", PW).await;
    assert_eq!(r.status(), 429, "even the right password waits");
    assert!(r.headers().contains_key("retry-after"));
    assert!(r.text().await.unwrap().contains("Too many failed attempts"));
    // Another username from the same address is not: the limit is per (username, address).
    assert_eq!(browser.log_in("bob", "whatever pw").await.status(), 401);
}
