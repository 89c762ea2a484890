//! Passwords at the edges: a reset link opened after its account was disabled changes nothing,
//! and a wrong password costs one argon2id verification whatever the account (with a password,
//! Telegram-only, deleted, or no such name), counted on `/metrics` by a `tglink` process of its
//! own so no other test's logins are counted.
use crate::binary::Binary;
use crate::broadcast_support::{sign_in_admin, user_id};
use crate::helpers::{Browser, Intake, TestDb, spawn_app_with_telegram};

const PASSWORD: &str = "correct horse battery";

/// The reset link the bot sent to `chat_id`, as the path to open.
async fn reset_link_in_chat(app: &crate::helpers::TestApp, chat_id: i64) -> String {
    loop {
        let text = app.next_message_to(chat_id).await.plain_text;
        if let Some(at) = text.find("/password-reset/") {
            return text[at..]
                .chars()
                .take_while(|c| !c.is_whitespace())
                .collect();
        }
    }
}

#[tokio::test]
async fn a_reset_link_opened_after_the_account_was_disabled_changes_nothing() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    sign_in_admin(&app).await;
    let alice = app.signed_up("alice").await;
    app.link_telegram(&alice, 4242, "Alice", None).await;
    let id = user_id(&app.pool, "alice").await;
    let visitor = app.new_browser();
    let r = visitor
        .submit(
            "/password-reset",
            "/password-reset",
            &[("username", "alice")],
        )
        .await;
    assert_eq!(r.status(), 200);
    let link = reset_link_in_chat(&app, 4242).await;
    // The form is open in the visitor's browser when an admin disables the account.
    let form = visitor.get_html(&link).await;
    assert!(form.contains("Choose a new password"), "{form}");
    let (disable, enable) = (
        format!("/admin/users/{id}/disable"),
        format!("/admin/users/{id}/enable"),
    );
    assert_eq!(
        app.submit("/admin/users", &disable, &[]).await.status(),
        303
    );

    assert_eq!(visitor.get(&link).await.status(), 410, "GET refuses");
    let new = "a password set too late";
    let r = visitor
        .submit(
            "/password-reset",
            &link,
            &[("password", new), ("password_confirm", new)],
        )
        .await;
    assert_eq!(r.status(), 410, "POST refuses");
    assert!(
        visitor.get("/account").await.status() != 200,
        "and signs nobody in"
    );

    // Enabled again, the account still has its old password.
    assert_eq!(app.submit("/admin/users", &enable, &[]).await.status(), 303);
    assert_eq!(app.new_browser().log_in("alice", new).await.status(), 401);
    assert_eq!(
        app.new_browser().log_in("alice", PASSWORD).await.status(),
        303,
        "the password did not change"
    );
}

/// `tglink_password_verifications_total` of the process.
async fn verifications(binary: &Binary) -> u64 {
    let body = reqwest::get(binary.url("/metrics"))
        .await
        .expect("GET /metrics")
        .text()
        .await
        .expect("the metrics");
    body.lines()
        .find_map(|l| l.strip_prefix("tglink_password_verifications_total "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no tglink_password_verifications_total in\n{body}"))
}

#[tokio::test]
async fn a_wrong_password_costs_one_verification_whatever_the_account() {
    let db = TestDb::new();
    let dir = tempfile::tempdir().unwrap();
    let binary = Binary::serve(dir.path(), |command, _| {
        command.env("DATABASE_URL", db.url());
    })
    .await;
    let site = Browser::new(&binary.url(""));
    assert_eq!(site.sign_up("has_password", PASSWORD).await.status(), 303);
    let leaver = Browser::new(&binary.url(""));
    assert_eq!(leaver.sign_up("leaver", PASSWORD).await.status(), 303);
    let r = leaver
        .submit(
            "/account/delete",
            "/account/delete",
            &[("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), 200, "deleted");
    // An account made from Telegram alone has no password: written as the sign-up writes it.
    let pool = tglink::db::connect(&db.backend()).expect("the test database");
    let (deleted, _) = tglink::db::run(&pool, |conn| {
        use diesel::prelude::*;
        use tglink::db::schema::users;
        diesel::insert_into(users::table)
            .values((
                users::username.eq("telegram_only"),
                users::username_lower.eq("telegram_only"),
                users::password_hash.eq("!telegram"),
                users::is_admin.eq(false),
                users::created_at.eq(tglink::db::now()),
            ))
            .execute(conn)?;
        let deleted: String = users::table
            .filter(users::username.like("deleted%"))
            .select(users::username)
            .first(conn)?;
        Ok::<_, anyhow::Error>((deleted, ()))
    })
    .await
    .expect("the accounts");

    for name in [
        "has_password",
        "telegram_only",
        deleted.as_str(),
        "no_such_name",
    ] {
        let before = verifications(&binary).await;
        let r = Browser::new(&binary.url(""))
            .log_in(name, "a wrong password")
            .await;
        assert_eq!(r.status(), 401, "{name}");
        assert_eq!(
            verifications(&binary).await,
            before + 1,
            "a wrong password for {name} costs one argon2id verification"
        );
    }
}
