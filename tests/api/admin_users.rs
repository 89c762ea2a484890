//! The admin users page: who may see it and act, search and keyset pages, the account actions
//! (make/remove admin, never the last; disable/enable; unlink; test message) and their audit log.
use diesel::prelude::*;
use reqwest::StatusCode;
use tglink::db::schema::{admin_audit, deliveries, telegram_links, users};
use tglink::delivery::store::Audience;
use tglink::delivery::text::Format;

use crate::broadcast_support::*;
use crate::cli::run_with_stdin;
use crate::helpers::{Browser, Intake, TestApp, location, spawn_app, spawn_app_with_telegram};

const PASSWORD: &str = "correct horse battery";

/// The usernames in the users table of a page, in order.
fn usernames(html: &str) -> Vec<String> {
    html.split("<tr>")
        .filter_map(|row| row.trim_start().strip_prefix("<td>"))
        .filter_map(|row| row.split("</td>").next())
        .map(str::to_string)
        .collect()
}

/// The "Next →" link of a users page, entities decoded.
fn next_link(html: &str) -> Option<String> {
    let end = html.find("\">Next →</a>")?;
    let start = html[..end].rfind("href=\"")? + "href=\"".len();
    Some(html[start..end].replace("&#38;", "&").replace("&amp;", "&"))
}

/// The actions in the audit log, oldest first: (admin, action, account).
async fn audit_rows(app: &TestApp) -> Vec<(Option<i64>, String, Option<i64>)> {
    tglink::db::run(&app.pool, |conn| {
        admin_audit::table
            .order(admin_audit::id.asc())
            .select((
                admin_audit::admin_id,
                admin_audit::action,
                admin_audit::target_id,
            ))
            .load(conn)
    })
    .await
    .expect("audit rows")
}

async fn is_admin(app: &TestApp, id: i64) -> bool {
    tglink::db::run(&app.pool, move |conn| {
        users::table
            .find(id)
            .select(users::is_admin)
            .first::<bool>(conn)
    })
    .await
    .expect("is_admin")
}

/// POSTs an action on account `id` with the admin's CSRF token.
async fn act(browser: &Browser, id: i64, action: &str) -> reqwest::Response {
    browser
        .submit("/admin/users", &format!("/admin/users/{id}/{action}"), &[])
        .await
}

const ACTIONS: [&str; 6] = [
    "make-admin",
    "remove-admin",
    "disable",
    "enable",
    "unlink",
    "test-message",
];

#[tokio::test]
async fn only_admins_see_users_and_audit_and_every_action_needs_its_csrf_token() {
    let app = spawn_app().await;
    for path in ["/admin/users", "/admin/audit"] {
        let r = app.get(path).await;
        assert_eq!(r.status(), 303, "{path}");
        assert!(location(&r).starts_with("/login"), "{path}");
    }
    let member = app.signed_up("member").await;
    let member_id = user_id(&app.pool, "member").await;
    for path in ["/admin/users", "/admin/audit"] {
        assert_eq!(member.get(path).await.status(), 403, "{path}");
    }
    let csrf = member.csrf("/connect").await;
    for action in ACTIONS {
        let path = format!("/admin/users/{member_id}/{action}");
        let r = member.post_form(&path, &[("csrf_token", &csrf)]).await;
        assert_eq!(r.status(), 403, "a member may not {action}");
    }

    sign_in_admin(&app).await;
    for action in ACTIONS {
        let path = format!("/admin/users/{member_id}/{action}");
        let r = app.post_form(&path, &[]).await;
        assert_eq!(r.status(), 403, "{action} without the CSRF token");
    }
    assert!(!is_admin(&app, member_id).await);
    assert!(
        audit_rows(&app).await.is_empty(),
        "refused posts change nothing"
    );
    let page = app.get("/admin/users").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("href=\"/admin/users\" aria-current=\"page\""));
}

#[tokio::test]
async fn the_last_admin_cannot_be_removed_or_disabled_and_each_action_is_audited() {
    let app = spawn_app().await;
    let boss = sign_in_admin(&app).await;
    let _member = app.signed_up("member").await;
    let member = user_id(&app.pool, "member").await;

    // The only admin is not offered either action; a forged or stale one is refused on the page.
    let page = app.get_html("/admin/users?q=boss").await;
    assert!(
        page.contains("The only admin: make another account an admin"),
        "{page}"
    );
    assert!(
        !page.contains(&format!("/admin/users/{boss}/remove-admin")),
        "{page}"
    );
    assert!(
        !page.contains(&format!("/admin/users/{boss}/disable")),
        "{page}"
    );
    for action in ["remove-admin", "disable"] {
        let r = act(&app, boss, action).await;
        assert_eq!(r.status(), 303, "the only admin may not {action} themself");
        assert_eq!(location(&r), "/admin/users?q=boss");
        let page = app.get_html(&location(&r)).await;
        assert!(
            page.contains(
                "role=\"alert\">The last admin stays: the site needs at least one active admin."
            ),
            "the refusal says why on the page: {page}"
        );
    }
    assert!(is_admin(&app, boss).await);
    assert_eq!(
        app.get("/admin/users").await.status(),
        200,
        "still signed in"
    );

    let r = act(&app, member, "make-admin").await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/admin/users?q=member");
    assert!(is_admin(&app, member).await);
    assert_eq!(act(&app, member, "remove-admin").await.status(), 303);
    // A second click finds it done: not recorded again.
    assert_eq!(act(&app, member, "remove-admin").await.status(), 303);
    assert!(!is_admin(&app, member).await);
    assert_eq!(act(&app, member, "disable").await.status(), 303);
    assert_eq!(act(&app, member, "enable").await.status(), 303);

    let actions: Vec<String> = audit_rows(&app).await.into_iter().map(|r| r.1).collect();
    assert_eq!(
        actions,
        ["make_admin", "remove_admin", "disable", "enable"],
        "refused and repeated actions are not recorded"
    );
    assert!(
        audit_rows(&app)
            .await
            .iter()
            .all(|r| r.0 == Some(boss) && r.2 == Some(member))
    );
    let audit = app.get_html("/admin/audit").await;
    for said in ["made admin", "removed admin", "disabled", "enabled"] {
        assert!(
            audit.contains(&format!("<td>boss</td><td>{said}</td><td>member</td>")),
            "{said}: {audit}"
        );
    }
}

#[tokio::test]
async fn a_disabled_user_cannot_sign_in_and_their_session_ends_at_once() {
    let app = spawn_app().await;
    sign_in_admin(&app).await;
    let member = app.signed_up("member").await;
    let row = app.get_html("/admin/users?q=member").await;
    assert!(
        !row.contains("never"),
        "signing up is the first sign-in: {row}"
    );
    let other_device = app.new_browser();
    assert_eq!(other_device.log_in("member", PASSWORD).await.status(), 303);
    let id = user_id(&app.pool, "member").await;

    assert_eq!(act(&app, id, "disable").await.status(), 303);
    for browser in [&member, &other_device] {
        let r = browser.get("/connect").await;
        assert_eq!(r.status(), 303, "the session is over");
        assert!(location(&r).starts_with("/login"));
    }
    let fresh = app.new_browser();
    let r = fresh.log_in("member", PASSWORD).await;
    assert_eq!(r.status(), 403);
    assert!(r.text().await.unwrap().contains("This account is disabled"));
    assert_eq!(fresh.get("/connect").await.status(), 303);
    let page = app.get_html("/admin/users?q=member").await;
    assert!(page.contains("disabled 20"), "{page}");

    assert_eq!(act(&app, id, "enable").await.status(), 303);
    assert_eq!(fresh.log_in("member", PASSWORD).await.status(), 303);
    assert_eq!(fresh.get("/connect").await.status(), 200);
}

#[tokio::test]
async fn a_disabled_user_gets_no_broadcast_and_the_notify_api_answers_409() {
    let app = spawn_app().await;
    let boss = sign_in_admin(&app).await;
    let linked = link_users(&app.pool, None, "member", 3, 10_000, false).await;
    let queued_before = enqueue(&app.pool, boss, "Before", Format::Plain, Audience::All).await;

    assert_eq!(act(&app, linked[1].user_id, "disable").await.status(), 303);
    let before = deliveries_of(&app.pool, queued_before).await;
    let cancelled: Vec<i64> = before
        .iter()
        .filter(|d| d.status == "cancelled")
        .map(|d| d.chat_id)
        .collect();
    assert_eq!(cancelled, [linked[1].chat_id], "its pending deliveries end");

    let compose = app.get_html("/admin/broadcasts/new").await;
    assert!(compose.contains("Send to 2 users"), "{compose}");
    let after = enqueue(&app.pool, boss, "After", Format::Plain, Audience::All).await;
    let chats: Vec<i64> = deliveries_of(&app.pool, after)
        .await
        .iter()
        .map(|d| d.chat_id)
        .collect();
    assert_eq!(chats, [linked[0].chat_id, linked[2].chat_id]);

    let token = tglink::db::run(&app.pool, |conn| {
        tglink::api::api_tokens::create(conn, "shop").map_err(anyhow::Error::from)
    })
    .await
    .expect("token")
    .1;
    let r = app
        .client
        .post(app.url("/api/v1/notifications"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"username": "member1", "text": "hi"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"], "this account is disabled");
    let r = act(&app, linked[1].user_id, "test-message").await;
    assert_eq!(r.status(), 303, "no test message to a disabled account");
    let page = app.get_html(&location(&r)).await;
    assert!(page.contains("role=\"alert\">Nothing to send to"), "{page}");
}

#[tokio::test]
async fn search_finds_site_and_telegram_usernames_and_pages_walk_everyone_once() {
    let app = spawn_app().await;
    sign_in_admin(&app).await;
    let linked = link_users(&app.pool, None, "member", 120, 10_000, false).await;
    for name in ["alice_x", "alicex"] {
        app.signed_up(name).await;
    }
    let carol = linked[7].user_id;
    tglink::db::run(&app.pool, move |conn| {
        diesel::update(telegram_links::table.find(carol))
            .set(telegram_links::telegram_username.eq("Carol_TG"))
            .execute(conn)
    })
    .await
    .unwrap();

    let found = usernames(&app.get_html("/admin/users?q=Member11").await);
    let expected: Vec<String> = std::iter::once("member11".to_string())
        .chain((110..120).map(|i| format!("member{i}")))
        .collect();
    assert_eq!(found, expected, "a prefix, in any case, in username order");
    assert_eq!(
        usernames(&app.get_html("/admin/users?q=alice_").await),
        ["alice_x"],
        "_ is a character, not a wildcard"
    );
    assert_eq!(
        usernames(&app.get_html("/admin/users?q=%40carol").await),
        ["member7"]
    );
    assert!(
        app.get_html("/admin/users?q=member7")
            .await
            .contains("@Carol_TG")
    );
    let no_at_name = app.get_html("/admin/users?q=member0").await;
    assert!(
        no_at_name.contains("<td data-label=\"Telegram\">Tg 10000</td>"),
        "{no_at_name}"
    );
    assert!(usernames(&app.get_html("/admin/users?q=%40nobody").await).is_empty());

    let mut seen = Vec::new();
    let mut next = Some("/admin/users".to_string());
    let mut pages = 0;
    while let Some(path) = next {
        let html = app.get_html(&path).await;
        let names = usernames(&html);
        assert!(names.len() <= 50, "{path}");
        seen.extend(names);
        next = next_link(&html);
        pages += 1;
    }
    assert_eq!(pages, 3);
    let mut all: Vec<String> = tglink::db::run(&app.pool, |conn| {
        users::table.select(users::username).load::<String>(conn)
    })
    .await
    .unwrap();
    // The order is the database's collation; every user comes exactly once.
    assert_eq!(seen.len(), all.len(), "no user twice");
    seen.sort();
    all.sort();
    assert_eq!(seen, all, "every user once");
}

#[tokio::test]
async fn an_admin_sends_a_test_message_and_unlinks_telegram() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    sign_in_admin(&app).await;
    let member = app.signed_up("member").await;
    app.link_telegram(&member, 4242, "Mia", Some("mia_tg"))
        .await;
    let id = user_id(&app.pool, "member").await;
    let page = app.get_html("/admin/users?q=member").await;
    assert!(page.contains("@mia_tg"), "{page}");

    assert_eq!(act(&app, id, "test-message").await.status(), 303);
    let message = app.next_message_to(4242).await;
    assert!(
        message.plain_text.contains("test message"),
        "{:?}",
        message.plain_text
    );
    let sent: i64 = tglink::db::run(&app.pool, move |conn| {
        deliveries::table
            .filter(deliveries::user_id.eq(id))
            .count()
            .get_result(conn)
    })
    .await
    .unwrap();
    assert_eq!(sent, 1, "through the delivery queue");

    assert_eq!(act(&app, id, "unlink").await.status(), 303);
    member.wait_for_link_status(false).await;
    assert_eq!(
        app.link_events().await.last().cloned(),
        Some(("member".into(), "unlinked".into(), "admin".into()))
    );
    let audit = app.get_html("/admin/audit").await;
    assert!(audit.contains("<td>boss</td><td>sent a test message</td><td>member</td>"));
    assert!(audit.contains("<td>boss</td><td>unlinked Telegram</td><td>member</td>"));
}

fn tglink(database_url: &str) -> std::process::Command {
    let mut cmd = crate::cli::tglink();
    cmd.env("DATABASE_URL", database_url);
    cmd
}

#[tokio::test]
async fn reset_password_sets_the_password_and_ends_every_session() {
    let app = spawn_app().await;
    let member = app.signed_up("member").await;
    let url = app.db.url().to_string();
    let out = run_with_stdin(
        tglink(&url).args(["reset-password", "MEMBER"]),
        "a brand new password\n",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("member is reset; 1 session(s) ended"),
        "{stdout}"
    );
    assert_eq!(
        member.get("/connect").await.status(),
        303,
        "the session ended"
    );
    sign_in_admin(&app).await;
    let audit = app.get_html("/admin/audit").await;
    assert!(
        audit.contains("<td>the tglink command</td><td>reset the password</td><td>member</td>"),
        "a reset from the command line is in the audit log: {audit}"
    );
    let fresh = app.new_browser();
    assert_eq!(fresh.log_in("member", PASSWORD).await.status(), 401);
    assert_eq!(
        fresh
            .log_in("member", "a brand new password")
            .await
            .status(),
        303
    );

    let out = run_with_stdin(tglink(&url).args(["reset-password", "nobody"]), "x\n");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no account named nobody"));
    let out = run_with_stdin(tglink(&url).args(["reset-password", "member"]), "short\n");
    assert!(!out.status.success(), "a weak password is refused");
    let later = app.new_browser();
    assert_eq!(
        later
            .log_in("member", "a brand new password")
            .await
            .status(),
        303
    );
}

#[tokio::test]
async fn list_users_prints_everyone_with_admin_disabled_and_link_status() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    sign_in_admin(&app).await;
    let mia = app.signed_up("mia").await;
    app.link_telegram(&mia, 4242, "Mia", Some("mia_tg")).await;
    let _zed = app.signed_up("zed").await;
    let zed = user_id(&app.pool, "zed").await;
    assert_eq!(act(&app, zed, "disable").await.status(), 303);

    let out = run_with_stdin(tglink(app.db.url()).arg("list-users"), "");
    assert!(
        out.status.success(),
        "{}: {}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<Vec<&str>> = stdout
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        rows,
        [
            vec!["boss", "yes", "no", "not", "linked"],
            vec!["mia", "no", "no", "linked", "@mia_tg"],
            vec!["zed", "no", "yes", "not", "linked"],
        ],
        "{stdout}"
    );
}
