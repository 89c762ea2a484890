//! Issue 11's hardening, probed as an attacker would: parallel guesses, lockouts, planted CSRF
//! tokens, secrets at rest, anonymous floods, long passwords, caching, forged webhook calls.
//! Other addresses are real: Linux answers on all of 127.0.0.0/8, so a client bound to 127.0.0.2
//! is another peer.
use std::net::IpAddr;

use diesel::prelude::*;
use futures_util::future::join_all;

use crate::helpers::{
    Browser, Intake, TestApp, csrf_from, deep_link_from, spawn_app, spawn_app_with,
    spawn_app_with_telegram, token_of,
};

const PW: &str = "correct horse battery";

/// A browser (cookies kept, redirects not followed) built on `builder`.
fn browser_built(app: &TestApp, builder: reqwest::ClientBuilder) -> Browser {
    Browser {
        address: app.address.clone(),
        client: builder
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            .build()
            .expect("client"),
    }
}

/// A browser whose requests come from `ip` (a loopback address).
fn browser_from(app: &TestApp, ip: &str) -> Browser {
    let ip: IpAddr = ip.parse().expect("an address");
    browser_built(app, reqwest::Client::builder().local_address(ip))
}

/// `n` login POSTs sent at once by one browser with its one CSRF token; their statuses.
async fn parallel_logins(browser: &Browser, username: &str, password: &str, n: usize) -> Vec<u16> {
    let token = browser.csrf("/login").await;
    let posts = (0..n).map(|_| {
        browser
            .client
            .post(browser.url("/login"))
            .form(&[
                ("csrf_token", token.as_str()),
                ("username", username),
                ("password", password),
            ])
            .send()
    });
    join_all(posts)
        .await
        .into_iter()
        .map(|r| r.expect("POST /login").status().as_u16())
        .collect()
}

fn count(statuses: &[u16], status: u16) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

async fn session_rows(app: &TestApp) -> i64 {
    tglink::db::run(&app.pool, |conn| {
        tglink::db::schema::sessions::table
            .count()
            .get_result::<i64>(conn)
    })
    .await
    .expect("count sessions")
}

#[tokio::test]
async fn parallel_guesses_get_ten_tries_per_window_not_one_per_request() {
    let app = spawn_app().await;
    app.sign_up("alice", PW).await;
    let statuses = parallel_logins(&app.new_browser(), "alice", "wrong password", 100).await;
    // A reserved guess may meet a full hashing line (503, on a busy machine): it was not checked
    // and its reservation is given back, so it is no guess either.
    let (checked, busy, refused) = (
        count(&statuses, 401),
        count(&statuses, 503),
        count(&statuses, 429),
    );
    assert!(
        checked <= 10 && checked + busy >= 10,
        "at most 10 guesses are checked, and the limit is reached: {statuses:?}"
    );
    assert_eq!(checked + busy + refused, 100, "nothing else: {statuses:?}");
    assert!(refused >= 80, "the rest are refused: {statuses:?}");
}

#[tokio::test]
async fn a_stranger_cannot_lock_the_owner_out() {
    let app = spawn_app().await;
    app.sign_up("alice", PW).await;
    // The attacker fails 10 times for alice, and once each for 10 other names.
    let attacker = app.new_browser();
    for _ in 0..10 {
        attacker.log_in("alice", "wrong password").await;
    }
    assert_eq!(attacker.log_in("alice", PW).await.status(), 429);
    // From another address, the owner gets in.
    let owner = browser_from(&app, "127.0.0.2");
    assert_eq!(owner.log_in("alice", PW).await.status(), 303);

    // Failures for many names do not lock an address out of a right login.
    let shared = browser_from(&app, "127.0.0.3");
    for i in 0..10 {
        let name = format!("nobody{i}");
        assert_eq!(shared.log_in(&name, "wrong password").await.status(), 401);
    }
    assert_eq!(
        browser_from(&app, "127.0.0.3")
            .log_in("alice", PW)
            .await
            .status(),
        303
    );
}

#[tokio::test]
async fn forwarded_addresses_count_only_from_trusted_proxies() {
    async fn owner_after_attack(app: &TestApp) -> u16 {
        let through_proxy = |client: &str| {
            let mut headers = reqwest::header::HeaderMap::new();
            headers.insert("x-forwarded-for", client.parse().expect("a header value"));
            browser_built(app, reqwest::Client::builder().default_headers(headers))
        };
        let attacker = through_proxy("203.0.113.7");
        for _ in 0..10 {
            attacker.log_in("alice", "wrong password").await;
        }
        through_proxy("198.51.100.4")
            .log_in("alice", PW)
            .await
            .status()
            .as_u16()
    }
    // Untrusted peer: the header is the client's own word, and ignored.
    let app = spawn_app().await;
    app.sign_up("alice", PW).await;
    assert_eq!(owner_after_attack(&app).await, 429);
    // The peer is our proxy: each client is counted on its own.
    let app = spawn_app_with(|c| {
        c.trusted_proxies = tglink::web::client_ip::TrustedProxies::parse("127.0.0.1/32").unwrap()
    })
    .await;
    app.sign_up("alice", PW).await;
    assert_eq!(owner_after_attack(&app).await, 303);
}

#[tokio::test]
async fn sign_ups_are_limited_per_address_even_in_parallel() {
    let app = spawn_app().await;
    let browser = app.new_browser();
    let token = browser.csrf("/signup").await;
    let posts = (0..30).map(|i| {
        let name = format!("member{i}");
        let token = token.clone();
        let client = browser.client.clone();
        let url = browser.url("/signup");
        async move {
            client
                .post(url)
                .form(&[
                    ("csrf_token", token.as_str()),
                    ("username", name.as_str()),
                    ("password", PW),
                    ("password_confirm", PW),
                ])
                .send()
                .await
                .expect("POST /signup")
        }
    });
    let responses = join_all(posts).await;
    let statuses: Vec<u16> = responses.iter().map(|r| r.status().as_u16()).collect();
    // 303 (created) or 503 (the hashing line was full), never more than the limit created.
    assert!(count(&statuses, 303) <= 10, "{statuses:?}");
    assert!(count(&statuses, 429) >= 20, "{statuses:?}");
    let refused = responses.iter().find(|r| r.status() == 429).expect("a 429");
    assert!(refused.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn a_csrf_token_from_before_login_is_worthless_after_it() {
    let app = spawn_app().await;
    app.new_browser().sign_up("alice", PW).await;
    let browser = app.new_browser();
    let planted = browser.csrf("/login").await;
    let r = browser
        .post_form(
            "/login",
            &[
                ("csrf_token", planted.as_str()),
                ("username", "alice"),
                ("password", PW),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let after = csrf_from(&browser.get_html("/connect").await);
    assert_ne!(planted, after, "login rotates the token");
    let r = browser
        .post_form("/logout", &[("csrf_token", planted.as_str())])
        .await;
    assert_eq!(r.status(), 403, "the token from before login is refused");
    assert_eq!(
        browser.get("/connect").await.status(),
        200,
        "still signed in"
    );
}

#[tokio::test]
async fn cookies_get_the_host_prefix_and_hsts_over_https() {
    let app =
        spawn_app_with(|c| c.public_url = Some(url::Url::parse("https://example.com").unwrap()))
            .await;
    let r = app.get("/login").await;
    assert_eq!(r.headers()["strict-transport-security"], "max-age=31536000");
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("__Host-tglink_session="), "{cookie}");
    assert!(
        cookie.contains("Secure") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(!cookie.contains("Domain"), "{cookie}");
    // Plain http: no HSTS, no prefix (browsers would refuse the cookie).
    let app = spawn_app().await;
    let r = app.get("/login").await;
    assert!(!r.headers().contains_key("strict-transport-security"));
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("tglink_session="), "{cookie}");
}

#[tokio::test]
async fn the_raw_link_token_is_never_stored() {
    let app = spawn_app_with_telegram(Intake::Polling).await;
    let browser = app.signed_up("alice").await;
    let html = browser.get_html("/connect").await;
    let token = token_of(&deep_link_from(&html).expect("a deep link"));
    // A refresh still shows the same link (the browser keeps it, encrypted).
    let again = token_of(&browser.deep_link().await);
    assert_eq!(token, again);
    let states: Vec<String> = tglink::db::run(&app.pool, |conn| {
        tglink::db::schema::sessions::table
            .select(tglink::db::schema::sessions::state)
            .load(conn)
    })
    .await
    .unwrap();
    assert!(!states.is_empty());
    for state in states {
        assert!(!state.contains(&token), "a session row holds the raw token");
    }
    // The link still works end to end.
    app.link_telegram(&browser, 9101, "Alice", Some("alice_tg"))
        .await;
}

#[tokio::test]
async fn anonymous_page_views_store_no_sessions() {
    let app = spawn_app().await;
    let before = session_rows(&app).await;
    let client = reqwest::Client::new();
    for i in 0..1000 {
        let path = ["/login", "/signup", "/"][i % 3];
        let r = client.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200);
    }
    // A browser that keeps its anonymous cookie, too.
    let browser = app.new_browser();
    for _ in 0..10 {
        browser.get("/login").await;
    }
    assert_eq!(session_rows(&app).await - before, 0);
    // The anonymous cookie still carries a working CSRF token, and signing up stores one row.
    assert_eq!(browser.sign_up("alice", PW).await.status(), 303);
    assert_eq!(session_rows(&app).await - before, 1);
    assert_eq!(browser.get("/connect").await.status(), 200);
}

#[tokio::test]
async fn a_password_is_never_truncated() {
    let app = spawn_app().await;
    let long = "p".repeat(1024);
    assert_eq!(app.sign_up("alice", &long).await.status(), 303);
    app.log_out().await;
    let longer = format!("{long}anything");
    let r = app.new_browser().log_in("alice", &longer).await;
    assert_eq!(r.status(), 401);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Wrong username or password.")
    );
    assert_eq!(app.new_browser().log_in("alice", &long).await.status(), 303);
}

#[tokio::test]
async fn pages_with_account_data_are_not_cached() {
    let app = spawn_app().await;
    app.sign_up("alice", PW).await;
    app.make_admin("alice").await;
    for path in ["/", "/connect", "/admin", "/login", "/nowhere"] {
        let r = app.get(path).await;
        assert_eq!(r.headers()["cache-control"], "no-store", "{path}");
    }
    let css = app.get("/static/app.css").await;
    assert!(
        css.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age")
    );
}

#[tokio::test]
async fn forged_webhook_calls_are_refused_before_the_body_is_read_and_counted() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let metric = |body: &str| {
        body.lines()
            .find_map(|l| l.strip_prefix("tglink_webhook_refused_total "))
            .and_then(|v| v.parse::<u64>().ok())
    };
    let before = metric(&app.get_html("/metrics").await).unwrap_or(0);
    // Bigger than any update: read, it would be refused as too large, not as forged.
    let big = vec![b' '; 300 * 1024];
    assert_eq!(app.post_webhook(Some("wrong"), big).await.status(), 401);
    for _ in 0..20 {
        assert_eq!(app.post_webhook(None, "{}").await.status(), 401);
    }
    let after = metric(&app.get_html("/metrics").await).expect("the refusals are counted");
    // Counters are the process's: other tests may add to them meanwhile.
    assert!(after - before >= 21, "{before} → {after}");
    // The right secret still gets in.
    let secret = app.webhook_secret();
    let update = r#"{"update_id": 1, "message": {"message_id": 1, "date": 0,
        "chat": {"id": 5, "type": "private", "first_name": "A"},
        "from": {"id": 5, "is_bot": false, "first_name": "A"}, "text": "/help"}}"#;
    assert_eq!(app.post_webhook(Some(&secret), update).await.status(), 200);
}

#[tokio::test]
async fn a_locked_out_owner_gets_in_with_a_sign_in_link_sent_to_telegram() {
    let app = spawn_app_with_telegram(Intake::Polling).await;
    let owner = app.signed_up("alice").await;
    app.link_telegram(&owner, 9102, "Alice", None).await;
    owner.log_out().await;
    for _ in 0..10 {
        owner.log_in("alice", "wrong password").await;
    }
    let r = owner.log_in("alice", PW).await;
    assert_eq!(r.status(), 429);
    let page = r.text().await.unwrap();
    assert!(page.contains("action=\"/login/telegram-link\""), "{page}");

    let r = owner
        .submit("/login", "/login/telegram-link", &[("username", "Alice")])
        .await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("Check Telegram"));
    let message = app.next_message_to(9102).await;
    let path = message
        .plain_text
        .split_whitespace()
        .find_map(|w| w.find("/login/telegram-link/").map(|i| w[i..].to_string()))
        .unwrap_or_else(|| panic!("a sign-in link in {:?}", message.plain_text));
    // Opening the link only asks; the POST signs in, once.
    let confirm = owner.get_html(&path).await;
    assert!(confirm.contains("Sign in as alice"), "{confirm}");
    let token = csrf_from(&confirm);
    let r = owner
        .post_form(&path, &[("csrf_token", token.as_str())])
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(owner.get("/connect").await.status(), 200, "signed in");
    let again = app.new_browser();
    assert_eq!(again.get(&path).await.status(), 410, "the link works once");

    // An unknown name gets the same answer.
    let r = app
        .new_browser()
        .submit("/login", "/login/telegram-link", &[("username", "nobody")])
        .await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("Check Telegram"));
}

#[tokio::test]
async fn a_right_login_marks_the_browser_as_known_and_a_wrong_one_does_not() {
    let app = spawn_app().await;
    app.new_browser().sign_up("alice", PW).await;
    let device = |r: &reqwest::Response| {
        r.headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("tglink_device="))
            .map(str::to_string)
    };
    let browser = app.new_browser();
    assert_eq!(
        device(&browser.log_in("alice", "wrong password").await),
        None
    );
    let cookie = device(&browser.log_in("alice", PW).await).expect("a device cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(
        !cookie.contains("alice"),
        "the cookie is encrypted: {cookie}"
    );
}
