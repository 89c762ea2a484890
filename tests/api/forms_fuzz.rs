//! Form parsing under arbitrary input: whatever a client sends to the account forms, the answer is
//! never a 5xx and the app keeps serving. Inputs come from proptest's generators; set
//! PROPTEST_CASES for a longer run.
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

#[tokio::test]
async fn account_forms_never_answer_5xx_to_arbitrary_fields() {
    let app = spawn_app().await;
    let token = app.csrf("/signup").await;
    let mut runner = TestRunner::new(Config::default());
    let strategy = (field(), field(), field(), field(), prop::bool::ANY);
    for _ in 0..cases() {
        let (username, password, confirm, next, with_token) =
            strategy.new_tree(&mut runner).expect("a case").current();
        let csrf = if with_token {
            token.clone()
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
                    location.starts_with('/') && !location.starts_with("//"),
                    "{location}"
                );
            }
        }
        // A successful sign-up signs this browser in: sign out again so the next case starts anonymous.
        if app.get("/connect").await.status() == 200 {
            app.log_out().await;
        }
    }
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn account_forms_never_answer_5xx_to_arbitrary_bodies() {
    let app = spawn_app().await;
    app.get("/login").await;
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
    );
    for _ in 0..cases() {
        let (body, ct) = strategy.new_tree(&mut runner).expect("a case").current();
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
