//! Form parsing under arbitrary input: whatever a client sends to the account forms, the answer is
//! never a 5xx, a redirect never leaves the site, and the app keeps serving. Every case carries a
//! fresh CSRF token and starts with no login failures on record, so it reaches the handler (the
//! password check, a real sign-up) rather than a CSRF refusal or the throttle. Inputs come from
//! proptest's generators; set PROPTEST_CASES for a longer run.
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};

use crate::helpers::spawn_app;

/// proptest's default (256) or PROPTEST_CASES, which the benchmark script raises for a longer run.
fn cases() -> u32 {
    Config::default().cases
}

fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z0-9_.-]{0,40}",
        ".{0,2000}",
        Just(String::new()),
        Just("x".repeat(70_000)),
    ]
}

/// Usernames and passwords that pass validation half the time, so sign-ups succeed.
fn credential() -> impl Strategy<Value = String> {
    prop_oneof![field(), "[a-z][a-z0-9_]{2,20}", "[ -~]{10,40}"]
}

/// Where to go after signing in: often an attempt to leave the site.
fn next() -> impl Strategy<Value = String> {
    prop_oneof![
        field(),
        Just("//evil.example".to_string()),
        Just("https://evil.example/".to_string()),
        Just("/\\evil.example".to_string()),
        Just("/connect".to_string()),
        "/[ -~]{0,30}",
    ]
}

/// Forgets login and sign-up attempts, so the next case meets the form's checks, not the throttle.
async fn forget_failures(app: &crate::helpers::TestApp) {
    use diesel::prelude::*;
    tglink::db::run(&app.pool, |conn| {
        diesel::delete(tglink::db::schema::auth_attempts::table).execute(conn)
    })
    .await
    .expect("clear the attempts");
}

#[tokio::test]
async fn account_forms_never_answer_5xx_to_arbitrary_fields() {
    let app = spawn_app().await;
    let mut runner = TestRunner::new(Config::default());
    let strategy = (
        credential(),
        credential(),
        prop::option::of(field()),
        next(),
        prop::bool::weighted(0.9),
    );
    let (mut signed_up, mut redirected) = (0, 0);
    for _ in 0..cases() {
        let (username, password, confirm, next, with_token) =
            strategy.new_tree(&mut runner).expect("a case").current();
        // Mostly the password again, so sign-ups can succeed.
        let confirm = confirm.unwrap_or_else(|| password.clone());
        forget_failures(&app).await;
        let csrf = if with_token {
            app.csrf("/signup").await
        } else {
            username.clone()
        };
        for path in ["/signup", "/login", "/logout"] {
            let r = app
                .post_form(
                    path,
                    &[
                        ("csrf_token", csrf.as_str()),
                        ("username", username.as_str()),
                        ("password", password.as_str()),
                        ("password_confirm", confirm.as_str()),
                        ("next", next.as_str()),
                    ],
                )
                .await;
            assert!(
                r.status().as_u16() < 500,
                "{path} answered {} to {username:?}/{next:?}",
                r.status()
            );
            if r.status() == 303 {
                let location = crate::helpers::location(&r);
                assert!(
                    location.starts_with('/')
                        && !location.starts_with("//")
                        && !location.starts_with("/\\"),
                    "{path} redirected to {location}"
                );
                if path == "/signup" {
                    signed_up += 1;
                }
                if path != "/logout" && !next.is_empty() {
                    redirected += 1;
                }
            }
        }
        // A successful sign-up signs this browser in: sign out again so the next case starts anonymous.
        if app.get("/connect").await.status() == 200 {
            app.log_out().await;
        }
    }
    assert_eq!(app.get("/healthz").await.status(), 200);
    // The cases reached what they are for.
    assert!(signed_up > 0, "no sign-up succeeded");
    assert!(redirected > 0, "no redirect after signing in was checked");
}

#[tokio::test]
async fn account_forms_never_answer_5xx_to_arbitrary_bodies() {
    let app = spawn_app().await;
    let mut runner = TestRunner::new(Config::default());
    let content_types = [
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "application/json",
        "text/plain",
    ];
    let strategy = (
        proptest::collection::vec(any::<u8>(), 0..4096),
        0..content_types.len(),
        prop::bool::ANY,
    );
    for _ in 0..cases() {
        let (junk, ct, with_token) = strategy.new_tree(&mut runner).expect("a case").current();
        // Half the bodies lead with a valid token, so the form parser behind the check runs.
        let mut body = Vec::new();
        if with_token {
            forget_failures(&app).await;
            let token = app.csrf("/login").await;
            body.extend_from_slice(format!("csrf_token={token}&").as_bytes());
        }
        body.extend_from_slice(&junk);
        for path in ["/signup", "/login", "/logout"] {
            let r = app
                .client
                .post(app.url(path))
                .header("content-type", content_types[ct])
                .body(body.clone())
                .send()
                .await
                .expect("POST");
            assert!(
                r.status().as_u16() < 500,
                "{path} answered {} to {} bytes",
                r.status(),
                body.len()
            );
        }
    }
    assert_eq!(app.get("/healthz").await.status(), 200);
}
