//! "Log In With Telegram" (OpenID Connect) against a local provider stand-in: a linked member
//! signs in, a signed-in member links in one step, and everything that must be refused is:
//! unknown Telegram users, a cancelled login, tokens with the wrong audience, expired, signed by
//! another key or carrying another nonce, and a `state` that is replayed, missing or another
//! browser's.
use tglink::config::telegram_login::{CALLBACK_PATH, LoginSettings};

use crate::cli::tglink;
use crate::helpers::{Browser, Intake, TestApp, location, spawn_app, spawn_app_with_telegram_and};
use crate::oidc_provider::{CLIENT_ID, CLIENT_SECRET, Mischief, OidcProvider};

/// The app with a fake Bot API (webhook mode, so it has a public URL) and Telegram's login
/// pointed at a fresh provider stand-in.
async fn spawn_with_provider() -> (TestApp, OidcProvider) {
    let provider = OidcProvider::start().await;
    let issuer = provider.issuer.clone();
    let app = spawn_app_with_telegram_and(Intake::Webhook, move |config| {
        config.telegram_login = Some(LoginSettings {
            client_id: CLIENT_ID.into(),
            client_secret: CLIENT_SECRET.into(),
            issuer,
        });
    })
    .await;
    (app, provider)
}

/// "Log in with Telegram" on the login page: the app answers with a redirect to the provider.
async fn start_sign_in(browser: &Browser, next: &str) -> reqwest::Response {
    let r = browser
        .submit("/login", "/login/telegram/oidc", &[("next", next)])
        .await;
    assert_eq!(r.status(), 303, "the login starts");
    r
}

/// The browser at the provider, which sends it straight back: the callback URL it gets.
async fn through_provider(browser: &Browser, started: &reqwest::Response) -> String {
    let to_provider = location(started);
    let r = browser
        .client
        .get(&to_provider)
        .send()
        .await
        .expect("GET the provider");
    assert_eq!(r.status(), 302, "the provider sends the browser back");
    location(&r)
}

async fn get_url(browser: &Browser, url: &str) -> reqwest::Response {
    browser.client.get(url).send().await.expect("GET")
}

/// A full sign-in attempt from the login page: the app's final redirect.
async fn sign_in_with_telegram(browser: &Browser, next: &str) -> reqwest::Response {
    let started = start_sign_in(browser, next).await;
    let back = through_provider(browser, &started).await;
    get_url(browser, &back).await
}

async fn signed_in_as(browser: &Browser) -> Option<String> {
    let r = browser.get("/account").await;
    if r.status() != 200 {
        return None;
    }
    let html = r.text().await.unwrap_or_default();
    Some(html)
}

/// A member "alice" whose Telegram 7001 was linked through the bot, and the app.
async fn with_linked_alice() -> (TestApp, OidcProvider) {
    let (app, provider) = spawn_with_provider().await;
    let laptop = app.signed_up("alice").await;
    app.link_telegram(&laptop, 7001, "Alice", Some("alice_tg"))
        .await;
    (app, provider)
}

#[tokio::test]
async fn a_linked_member_signs_in_with_telegram() {
    let (app, provider) = with_linked_alice().await;
    let browser = app.new_browser();
    let r = browser.get("/login").await;
    // The login form redirects to the provider: the page's CSP must let the form go there.
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csp.contains(&format!("form-action 'self' {};", provider.issuer)),
        "{csp}"
    );
    let page = r.text().await.unwrap();
    assert!(page.contains("Log in with Telegram"), "{page}");

    provider.log_in_as(7001, "Alice A.", Some("alice_tg"));
    let started = start_sign_in(&browser, "/account").await;
    // The provider was asked as the issue says: code flow, PKCE S256, a nonce, our callback.
    let back = through_provider(&browser, &started).await;
    let asked = provider.last_authorization();
    assert_eq!(asked["response_type"], "code");
    assert_eq!(asked["client_id"], CLIENT_ID);
    assert_eq!(asked["code_challenge_method"], "S256");
    assert_eq!(asked["redirect_uri"], app.url(CALLBACK_PATH));
    assert!(asked["nonce"].len() >= 32 && asked["state"].len() >= 32);
    assert!(!asked["scope"].contains("telegram:bot_access"), "{asked:?}");

    let r = get_url(&browser, &back).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/account");
    let account = signed_in_as(&browser).await.expect("signed in");
    assert!(account.contains("alice"), "{account}");

    // As for a password from a new browser: the chat hears of the sign-in.
    app.fake()
        .wait_until(crate::helpers::WAIT, |f| {
            f.messages_to(7001)
                .iter()
                .any(|m| m.plain_text.starts_with("New sign-in"))
        })
        .await
        .expect("a new sign-in alert");
}

#[tokio::test]
async fn a_signed_in_member_links_in_one_step() {
    let (app, provider) = spawn_with_provider().await;
    let bob = app.signed_up("bob").await;
    let page = bob.get_html("/connect").await;
    assert!(page.contains("Link with Telegram login"), "{page}");
    // Bob's Telegram account; the bot may write to it once Telegram grants bot access.
    app.fake().add_user(8001, "Bob", Some("bob_tg"));
    provider.log_in_as(8001, "Bob B.", Some("bob_tg"));

    let started = bob.submit("/connect", "/connect/telegram-login", &[]).await;
    assert_eq!(started.status(), 303);
    let back = through_provider(&bob, &started).await;
    let scope = provider.last_authorization()["scope"].clone();
    assert!(
        scope.split(' ').any(|s| s == "telegram:bot_access"),
        "{scope}"
    );
    let r = get_url(&bob, &back).await;
    assert_eq!(location(&r), "/connect?telegram=linked");

    let status = bob.link_status().await;
    assert_eq!(status["linked"], true);
    assert_eq!(status["telegram"], "@bob_tg");
    assert!(app.link_events().await.contains(&(
        "bob".into(),
        "linked".into(),
        "telegram_login".into()
    )));
    let greeting = app.next_message_to(8001).await;
    assert!(
        greeting.plain_text.contains("now linked"),
        "{}",
        greeting.plain_text
    );

    // One Telegram account, one site account: carol cannot take Bob's.
    let carol = app.signed_up("carol").await;
    let started = carol
        .submit("/connect", "/connect/telegram-login", &[])
        .await;
    let back = through_provider(&carol, &started).await;
    let r = get_url(&carol, &back).await;
    assert_eq!(location(&r), "/connect?telegram=taken");
    let page = carol.get_html("/connect?telegram=taken").await;
    assert!(
        page.contains("linked to another account on this site"),
        "{page}"
    );
    assert_eq!(carol.link_status().await["linked"], false);

    // And Bob, signed out, now signs in with Telegram.
    bob.log_out().await;
    let r = sign_in_with_telegram(&bob, "").await;
    assert_eq!(location(&r), "/account");
    assert!(signed_in_as(&bob).await.is_some());
}

#[tokio::test]
async fn an_unknown_telegram_user_is_told_to_link_first() {
    let (app, provider) = with_linked_alice().await;
    let stranger = app.new_browser();
    provider.log_in_as(9999, "Mallory", None);
    let r = sign_in_with_telegram(&stranger, "").await;
    assert_eq!(location(&r), "/login?telegram=unknown");
    let page = stranger.get_html("/login?telegram=unknown").await;
    assert!(page.contains("not linked to an account here"), "{page}");
    assert!(page.contains("Connect Telegram page"), "{page}");
    assert!(signed_in_as(&stranger).await.is_none());
}

#[tokio::test]
async fn a_login_cancelled_at_telegram_says_so() {
    let (app, provider) = with_linked_alice().await;
    let browser = app.new_browser();
    provider.deny();
    let r = sign_in_with_telegram(&browser, "").await;
    assert_eq!(location(&r), "/login?telegram=denied");
    let page = browser.get_html(&location(&r)).await;
    assert!(
        page.contains("You cancelled the login in Telegram"),
        "{page}"
    );
    assert!(signed_in_as(&browser).await.is_none());
}

/// With `mischief`, the linked member's login is refused and nobody is signed in.
async fn refused_when(mischief: Mischief) {
    let (app, provider) = with_linked_alice().await;
    let browser = app.new_browser();
    provider.log_in_as(7001, "Alice", Some("alice_tg"));
    provider.misbehave(mischief);
    let r = sign_in_with_telegram(&browser, "").await;
    assert_eq!(location(&r), "/login?telegram=refused", "{mischief:?}");
    let page = browser.get_html(&location(&r)).await;
    assert!(page.contains("could not be verified"), "{page}");
    assert!(signed_in_as(&browser).await.is_none(), "{mischief:?}");

    // The same member, with an honest token, gets in: it was the token that was refused.
    provider.misbehave(Mischief::None);
    let r = sign_in_with_telegram(&browser, "").await;
    assert_eq!(location(&r), "/account");
}

#[tokio::test]
async fn a_token_for_another_audience_is_refused() {
    refused_when(Mischief::WrongAudience).await;
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    refused_when(Mischief::Expired).await;
}

#[tokio::test]
async fn a_token_signed_by_another_key_is_refused() {
    refused_when(Mischief::OtherKey).await;
}

#[tokio::test]
async fn a_token_with_another_nonce_is_refused() {
    refused_when(Mischief::WrongNonce).await;
}

#[tokio::test]
async fn a_token_without_a_nonce_is_refused() {
    refused_when(Mischief::NoNonce).await;
}

#[tokio::test]
async fn a_token_from_another_issuer_is_refused() {
    refused_when(Mischief::WrongIssuer).await;
}

#[tokio::test]
async fn an_unsigned_alg_none_token_is_refused() {
    refused_when(Mischief::AlgNone).await;
}

#[tokio::test]
async fn a_token_signed_hs256_with_the_public_key_is_refused() {
    refused_when(Mischief::Hs256WithPublicKey).await;
}

/// The session cookie a response set, as `name=value`.
fn cookie_set_by(r: &reqwest::Response) -> String {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.contains("tglink_session"))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_string()
}

#[tokio::test]
async fn a_replayed_state_is_refused_even_with_the_old_cookie() {
    let (app, provider) = with_linked_alice().await;
    provider.log_in_as(7001, "Alice", Some("alice_tg"));
    let browser = app.new_browser();
    let started = start_sign_in(&browser, "").await;
    // The cookie that carries this attempt, copied before it is used.
    let old_cookie = cookie_set_by(&started);
    let back = through_provider(&browser, &started).await;
    let plain = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let replay = || async {
        plain
            .get(&back)
            .header("cookie", &old_cookie)
            .send()
            .await
            .expect("GET the callback")
    };
    assert_eq!(
        location(&replay().await),
        "/account",
        "the first use signs in"
    );
    assert_eq!(location(&replay().await), "/login?telegram=expired");
    // The browser itself, which never used it, is refused too.
    let r = get_url(&browser, &back).await;
    assert_eq!(location(&r), "/login?telegram=expired");
    assert!(signed_in_as(&browser).await.is_none());
}

#[tokio::test]
async fn a_state_from_another_browser_or_none_is_refused() {
    let (app, provider) = with_linked_alice().await;
    provider.log_in_as(7001, "Alice", Some("alice_tg"));
    let victim = app.new_browser();
    let started = start_sign_in(&victim, "").await;
    let victims_answer = through_provider(&victim, &started).await;

    // Another browser that never started a login.
    let other = app.new_browser();
    let r = get_url(&other, &victims_answer).await;
    assert_eq!(location(&r), "/login?telegram=expired");
    assert!(signed_in_as(&other).await.is_none());

    // Another browser with its own attempt under way: the state is not its own.
    let started = start_sign_in(&other, "").await;
    let _ = through_provider(&other, &started).await;
    let r = get_url(&other, &victims_answer).await;
    assert_eq!(location(&r), "/login?telegram=expired");
    assert!(signed_in_as(&other).await.is_none());

    // The answer was good all along: the browser that started it signs in with it.
    let r = get_url(&victim, &victims_answer).await;
    assert_eq!(location(&r), "/account");

    // An answer without its state, in the browser that started.
    let third = app.new_browser();
    let started = start_sign_in(&third, "").await;
    let answer = through_provider(&third, &started).await;
    let (base, query) = answer.split_once('?').expect("a query");
    let without_state: Vec<_> = query
        .split('&')
        .filter(|p| !p.starts_with("state="))
        .collect();
    let r = get_url(&third, &format!("{base}?{}", without_state.join("&"))).await;
    assert_eq!(location(&r), "/login?telegram=expired");
    assert!(signed_in_as(&third).await.is_none());
}

#[tokio::test]
async fn a_rotated_signing_key_is_fetched_when_a_token_names_it() {
    let (app, provider) = with_linked_alice().await;
    provider.log_in_as(7001, "Alice", Some("alice_tg"));
    let first = app.new_browser();
    assert_eq!(
        location(&sign_in_with_telegram(&first, "").await),
        "/account"
    );
    let discoveries = provider.discoveries();

    provider.rotate_key();
    // Past the refresh floor, so the unknown key fetches the JWKS again at once.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let second = app.new_browser();
    assert_eq!(
        location(&sign_in_with_telegram(&second, "").await),
        "/account"
    );
    assert_eq!(provider.discoveries(), discoveries + 1);
}

#[tokio::test]
async fn without_settings_there_is_no_telegram_login() {
    let app = spawn_app().await;
    assert!(
        !app.get_html("/login")
            .await
            .contains("Log in with Telegram")
    );
    let r = app.submit("/login", "/login/telegram/oidc", &[]).await;
    assert_eq!(r.status(), 404);
    let r = app.get(&format!("{CALLBACK_PATH}?code=x&state=y")).await;
    assert_eq!(r.status(), 404);
}

#[test]
fn settings_that_cannot_work_stop_the_start_with_one_line() {
    let cases: [(&[(&str, &str)], &str); 3] = [
        (
            &[("TGLINK_TELEGRAM_CLIENT_ID", "123456")],
            "TGLINK_TELEGRAM_CLIENT_ID is set without TGLINK_TELEGRAM_CLIENT_SECRET",
        ),
        (
            &[("TGLINK_TELEGRAM_CLIENT_SECRET", "s3cret")],
            "TGLINK_TELEGRAM_CLIENT_SECRET is set without TGLINK_TELEGRAM_CLIENT_ID",
        ),
        (
            &[
                ("TGLINK_TELEGRAM_CLIENT_ID", "123456"),
                ("TGLINK_TELEGRAM_CLIENT_SECRET", "s3cret"),
            ],
            "Log In With Telegram needs TGLINK_PUBLIC_URL",
        ),
    ];
    for (settings, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let out = tglink()
            .arg("serve")
            .current_dir(dir.path())
            .env("TGLINK_BIND", "127.0.0.1:0")
            .env("DATABASE_URL", dir.path().join("t.db"))
            .envs(settings.iter().copied())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{settings:?} must not start");
        assert!(stderr.contains(expected), "{settings:?}: {stderr}");
        let error_lines: Vec<_> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
        assert_eq!(error_lines.len(), 1, "{stderr}");
    }
}

#[tokio::test]
async fn a_disabled_account_cannot_sign_in_with_telegram() {
    let (app, provider) = with_linked_alice().await;
    tglink::db::run(&app.pool, |conn| {
        use diesel::prelude::*;
        use tglink::db::schema::users;
        diesel::update(users::table.filter(users::username.eq("alice")))
            .set(users::disabled_at.eq(Some(tglink::db::now())))
            .execute(conn)
    })
    .await
    .expect("disable alice");
    provider.log_in_as(7001, "Alice", Some("alice_tg"));
    let browser = app.new_browser();
    let r = sign_in_with_telegram(&browser, "").await;
    assert_eq!(location(&r), "/login?telegram=disabled");
    let page = browser.get_html(&location(&r)).await;
    assert!(page.contains("This account is disabled"), "{page}");
    assert!(signed_in_as(&browser).await.is_none());
}

#[tokio::test]
async fn telegram_logins_are_limited_per_address() {
    let (app, provider) = spawn_with_provider().await;
    provider.log_in_as(7001, "Alice", None);
    let browser = app.new_browser();
    for _ in 0..30 {
        let r = start_sign_in(&browser, "").await;
        assert!(
            location(&r).starts_with(&provider.issuer),
            "{}",
            location(&r)
        );
    }
    let r = start_sign_in(&browser, "").await;
    assert_eq!(location(&r), "/login?telegram=too_many");
    let page = browser.get_html(&location(&r)).await;
    assert!(page.contains("Too many Telegram logins"), "{page}");
}
