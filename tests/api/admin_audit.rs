//! Every admin action leaves an audit entry (who, what, when) and answers with a flash on the page
//! it returns to: broadcasts (send, schedule, change, edit, cancel, delete for everyone), topics,
//! webhooks, groups, tokens, users. The audit page filters by kind and by admin. API tokens are
//! made on /admin/tokens, shown once, stored hashed.
use diesel::prelude::*;
use tglink::db::schema::{admin_audit, api_tokens, group_chats, topics};

use crate::broadcast_support::*;
use crate::helpers::{Browser, TestApp, location, spawn_app, spawn_app_with};

/// The stored actions, oldest first, with their author's id and detail.
async fn audit_rows(app: &TestApp) -> Vec<(Option<i64>, String, Option<String>)> {
    tglink::db::run(&app.pool, |conn| {
        admin_audit::table
            .order(admin_audit::id.asc())
            .select((
                admin_audit::admin_id,
                admin_audit::action,
                admin_audit::detail,
            ))
            .load(conn)
    })
    .await
    .expect("audit rows")
}

/// Follows a 303 and returns the page it leads to.
async fn follow(browser: &Browser, response: reqwest::Response) -> String {
    assert_eq!(response.status(), 303, "{:?}", response.text().await);
    browser.get_html(&location(&response)).await
}

/// The text of the page's flash message, if it has one.
fn flash(html: &str) -> Option<String> {
    let start = html.find("flash\" role=\"")?;
    let text = &html[start..];
    let text = &text[text.find('>')? + 1..];
    Some(text[..text.find("</p>")?].to_string())
}

async fn topic_id(app: &TestApp, name: &str) -> i64 {
    let name = name.to_string();
    tglink::db::run(&app.pool, move |conn| {
        topics::table
            .filter(topics::name.eq(name))
            .select(topics::id)
            .first::<i64>(conn)
    })
    .await
    .expect("a topic")
}

#[tokio::test]
async fn every_admin_action_is_audited_and_answered_with_a_flash() {
    let app = spawn_app().await;
    let boss = sign_in_admin(&app).await;
    let members = link_users(&app.pool, None, "member", 2, 10_000, false).await;

    // Topics: create, change, delete.
    let r = app
        .submit("/admin/topics", "/admin/topics", &[("name", "News")])
        .await;
    let page = follow(&app, r).await;
    assert_eq!(flash(&page).as_deref(), Some("Created the topic News."));
    let news = topic_id(&app, "News").await;
    let r = app
        .submit(
            "/admin/topics",
            &format!("/admin/topics/{news}"),
            &[("name", "Newsletter"), ("default_on", "on")],
        )
        .await;
    assert_eq!(
        flash(&follow(&app, r).await).as_deref(),
        Some("Saved the topic Newsletter.")
    );
    let r = app
        .submit(
            "/admin/topics",
            &format!("/admin/topics/{news}/delete"),
            &[],
        )
        .await;
    assert!(
        flash(&follow(&app, r).await)
            .is_some_and(|f| f.starts_with("Deleted the topic Newsletter"))
    );

    // Webhooks: add (the secret names its endpoint), remove.
    let r = app
        .submit(
            "/admin/webhooks",
            "/admin/webhooks",
            &[("url", "https://hooks.example.com/tglink")],
        )
        .await;
    assert_eq!(r.status(), 200);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("The signing secret of https://hooks.example.com/tglink"),
        "{page}"
    );
    assert_eq!(
        flash(&page).as_deref(),
        Some("Added the endpoint https://hooks.example.com/tglink.")
    );
    let endpoint = page
        .split("action=\"/admin/webhooks/")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .expect("a remove form")
        .to_string();
    let r = app
        .submit(
            "/admin/webhooks",
            &format!("/admin/webhooks/{endpoint}/remove"),
            &[],
        )
        .await;
    assert!(flash(&follow(&app, r).await).is_some_and(|f| f.starts_with("Removed the endpoint")));

    // Broadcasts: send, cancel, delete for everyone, edit; schedule and change.
    let r = compose(
        &app,
        &[
            ("text", "<b>Winter</b> party"),
            ("format", "html"),
            ("audience", "all"),
        ],
    )
    .await;
    let sent = broadcast_id(&location(&r));
    assert_eq!(
        flash(&follow(&app, r).await).as_deref(),
        Some("Sending to 2 users.")
    );
    let r = app
        .submit(
            &format!("/admin/broadcasts/{sent}"),
            &format!("/admin/broadcasts/{sent}/cancel"),
            &[],
        )
        .await;
    assert!(flash(&follow(&app, r).await).is_some_and(|f| f.starts_with("Cancelled: 2 messages")));
    let r = compose(&app, &[("text", "Second"), ("audience", "all")]).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    let second = broadcast_id(&location(&r));
    let r = revise(&app, second, "Second, corrected", "plain").await;
    assert!(
        flash(&follow(&app, r).await)
            .is_some_and(|f| f.starts_with("Saved: the messages not sent yet"))
    );
    let r = retract(&app, second).await;
    assert!(flash(&follow(&app, r).await).is_some_and(|f| f.starts_with("Deleted for everyone")));
    let day = |days: i64| {
        (chrono::Utc::now() + chrono::Duration::days(days))
            .format("%Y-%m-%d")
            .to_string()
    };
    let (first_day, second_day) = (day(30), day(31));
    let r = compose(
        &app,
        &[
            ("text", "Tomorrow"),
            ("audience", "all"),
            ("send_at", &format!("{first_day}T09:00")),
            ("time_zone", "Europe/Berlin"),
        ],
    )
    .await;
    let later = broadcast_id(&location(&r));
    assert_eq!(
        flash(&follow(&app, r).await).as_deref(),
        Some(
            format!(
                "Scheduled for {first_day} 09:00 (Europe/Berlin): it will reach 2 users as of now."
            )
            .as_str()
        )
    );
    let r = app
        .submit(
            &format!("/admin/broadcasts/{later}/edit"),
            &format!("/admin/broadcasts/{later}/edit"),
            &[
                ("text", "The day after"),
                ("format", "plain"),
                ("send_at", &format!("{second_day}T09:00")),
                ("time_zone", "Europe/Berlin"),
            ],
        )
        .await;
    assert!(
        flash(&follow(&app, r).await)
            .is_some_and(|f| f.starts_with(&format!("Saved: it starts {second_day} 09:00")))
    );

    // Tokens: created on the page (shown once, stored hashed), revoked.
    let r = app
        .submit("/admin/tokens", "/admin/tokens", &[("name", "shop")])
        .await;
    assert_eq!(r.status(), 200);
    let page = r.text().await.unwrap();
    let token = page
        .split("<code class=\"secret\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .expect("the new token is shown")
        .to_string();
    assert!(token.starts_with("tglink_"), "{token}");
    let (stored_hash, id) = tglink::db::run(&app.pool, |conn| {
        api_tokens::table
            .select((api_tokens::token_hash, api_tokens::id))
            .first::<(String, i64)>(conn)
    })
    .await
    .expect("a token row");
    assert_eq!(
        stored_hash,
        tglink::crypto::sha256_hex(&token),
        "only its hash is kept"
    );
    assert!(
        !app.get_html("/admin/tokens").await.contains(&token),
        "shown once"
    );
    let r = app
        .submit("/admin/tokens", &format!("/admin/tokens/{id}/revoke"), &[])
        .await;
    assert!(flash(&follow(&app, r).await).is_some_and(|f| f.starts_with("Revoked the token shop")));

    // A connected group, disconnected; an account, disabled.
    let owner = members[0].user_id;
    let group = tglink::db::run(&app.pool, move |conn| {
        diesel::insert_into(group_chats::table)
            .values((
                group_chats::chat_id.eq(-100_777),
                group_chats::kind.eq("group"),
                group_chats::title.eq("Team"),
                group_chats::user_id.eq(owner),
                group_chats::connected_at.eq(tglink::db::now()),
            ))
            .returning(group_chats::id)
            .get_result::<i64>(conn)
    })
    .await
    .expect("a group");
    let r = app
        .submit(
            "/admin/groups",
            &format!("/admin/groups/{group}/disconnect"),
            &[],
        )
        .await;
    assert!(flash(&follow(&app, r).await).is_some_and(|f| f.starts_with("Disconnected Team")));
    let r = app
        .submit(
            "/admin/users",
            &format!("/admin/users/{}/disable", members[1].user_id),
            &[],
        )
        .await;
    assert!(flash(&follow(&app, r).await).is_some_and(|f| f.starts_with("Disabled member1")));
    assert!(
        flash(&app.get_html("/admin/users").await).is_none(),
        "a flash is shown once"
    );

    let rows = audit_rows(&app).await;
    let actions: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
    assert_eq!(
        actions,
        [
            "create_topic",
            "change_topic",
            "delete_topic",
            "add_webhook",
            "remove_webhook",
            "send_broadcast",
            "cancel_broadcast",
            "send_broadcast",
            "edit_broadcast",
            "delete_broadcast",
            "schedule_broadcast",
            "change_scheduled",
            "create_token",
            "revoke_token",
            "disconnect_group",
            "disable",
        ]
    );
    assert!(rows.iter().all(|r| r.0 == Some(boss)), "{rows:?}");
    assert_eq!(
        rows[5].2.as_deref(),
        Some(format!("#{sent} Winter party").as_str())
    );
    let audit = app.get_html("/admin/audit").await;
    for said in [
        "created a topic",
        "deleted a broadcast for everyone",
        "scheduled a broadcast",
        "revoked an API token",
        "disconnected a group or channel",
    ] {
        assert!(audit.contains(said), "{said}: {audit}");
    }
}

#[tokio::test]
async fn the_audit_log_filters_by_kind_and_by_admin() {
    let app = spawn_app().await;
    sign_in_admin(&app).await;
    let alice = app.signed_up("alice").await;
    app.make_admin("alice").await;
    app.signed_up("member").await;
    let member = user_id(&app.pool, "member").await;

    let r = app
        .submit("/admin/topics", "/admin/topics", &[("name", "News")])
        .await;
    assert_eq!(r.status(), 303);
    let r = alice
        .submit(
            "/admin/users",
            &format!("/admin/users/{member}/disable"),
            &[],
        )
        .await;
    assert_eq!(r.status(), 303);
    let alice_id = user_id(&app.pool, "alice").await;

    let entries = |html: &str| html.matches("<tr class=\"audit-entry\">").count();
    let all = app.get_html("/admin/audit").await;
    assert_eq!(entries(&all), 2, "{all}");
    let topics_only = app.get_html("/admin/audit?kind=topics").await;
    assert_eq!(entries(&topics_only), 1);
    assert!(topics_only.contains("created a topic"));
    let by_alice = app
        .get_html(&format!("/admin/audit?admin={alice_id}"))
        .await;
    assert_eq!(entries(&by_alice), 1);
    assert!(
        by_alice.contains("<td>alice</td><td>disabled</td><td>member</td>"),
        "{by_alice}"
    );
    let nothing = app
        .get_html(&format!("/admin/audit?kind=webhooks&admin={alice_id}"))
        .await;
    assert_eq!(entries(&nothing), 0);
    assert!(nothing.contains("No admin actions match."));
    assert!(
        all.contains(&format!("<option value=\"{alice_id}\">alice</option>")),
        "the admin filter names who acted: {all}"
    );
}

#[tokio::test]
async fn a_token_needs_a_name_and_the_webhook_form_says_why_http_is_allowed() {
    let app = spawn_app().await;
    sign_in_admin(&app).await;
    let r = app
        .submit("/admin/tokens", "/admin/tokens", &[("name", "  ")])
        .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("Give the token a name"));
    // The tests' app allows private receivers (they listen on this machine).
    let page = app.get_html("/admin/webhooks").await;
    assert!(
        page.contains(
            "This server sets <code>TGLINK_WEBHOOK_ALLOW_PRIVATE=on</code>, so plain http"
        ),
        "{page}"
    );

    let strict = spawn_app_with(|c| c.webhook_allow_private = false).await;
    sign_in_admin(&strict).await;
    let page = strict.get_html("/admin/webhooks").await;
    assert!(page.contains("The URL must be https"), "{page}");
    let r = strict
        .submit(
            "/admin/webhooks",
            "/admin/webhooks",
            &[("url", "http://hooks.example.com/x")],
        )
        .await;
    assert_eq!(r.status(), 422, "plain http is refused");
}
