//! The member's path over HTTP (issue 26): error pages that know who is signed in, Unlink that
//! asks first, the next steps after linking, login that returns where the member was going, times
//! in the member's zone, and the copy of sign-up, reset and notifications.
use diesel::prelude::*;
use tglink::db::schema::{topic_preferences, topics, users};

use crate::broadcast_support::user_id;
use crate::helpers::{
    Browser, Intake, TestApp, csrf_from, location, spawn_app, spawn_app_with_telegram,
};

const PW: &str = "correct horse battery";

/// The page's header: what sits between `<header` and `</header>`.
fn header_of(html: &str) -> &str {
    let start = html.find("<header").expect("a header");
    let end = html[start..].find("</header>").expect("header end") + start;
    &html[start..end]
}

/// The page's main content.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a main");
    let end = html[start..].find("</main>").expect("main end") + start;
    &html[start..end]
}

fn shows_signed_in(html: &str, username: &str) -> bool {
    let header = header_of(html);
    header.contains(username)
        && header.contains("action=\"/logout\"")
        && !header.contains("Sign up")
}

#[tokio::test]
async fn error_pages_show_the_signed_in_header() {
    let app = spawn_app().await;
    // Anonymous: the error page offers to log in.
    let page = app.get_html("/nowhere").await;
    assert!(header_of(&page).contains("Log in"), "{page}");

    let alice = app.signed_up("alice").await;
    let r = alice.get("/nowhere").await;
    assert_eq!(r.status(), 404);
    let page = r.text().await.expect("body");
    assert!(shows_signed_in(&page, "alice"), "404: {page}");
    assert!(!header_of(&page).contains("href=\"/admin\""), "{page}");
    // The logout form on the error page works: its token is the session's.
    let logout = alice
        .post_form(
            "/logout",
            &[("csrf_token", csrf_from(header_of(&page)).as_str())],
        )
        .await;
    assert_eq!(location(&logout), "/login");

    let bob = app.signed_up("bob").await;
    let r = bob.get("/admin").await;
    assert_eq!(r.status(), 403);
    let page = r.text().await.expect("body");
    assert!(shows_signed_in(&page, "bob"), "403: {page}");
    assert!(page.contains("Admins only"), "{page}");

    // A refused form (its token is wrong) is a 403 page that still knows the member.
    let r = bob
        .post_form("/account/alerts", &[("csrf_token", "forged")])
        .await;
    assert_eq!(r.status(), 403);
    assert!(shows_signed_in(&r.text().await.expect("body"), "bob"));

    // An admin on a 404 sees the admin's header.
    let carol = app.signed_up("carol").await;
    app.make_admin("carol").await;
    let page = carol.get_html("/admin/broadcasts/999999").await;
    assert!(shows_signed_in(&page, "carol"), "{page}");
    assert!(header_of(&page).contains("href=\"/admin\""), "{page}");
}

#[tokio::test]
async fn unlink_asks_first_and_linking_suggests_the_next_steps() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let alice = app.signed_up("alice").await;
    app.link_telegram(&alice, 5001, "Alice", Some("alice_tg"))
        .await;

    // Connected: the next steps, and Unlink is a question first, not a one-click form.
    let connect = alice.get_html("/connect").await;
    assert!(
        connect.contains("href=\"/account/notifications\""),
        "{connect}"
    );
    assert!(connect.contains("Set quiet hours"), "{connect}");
    assert!(
        !connect.contains("action=\"/connect/unlink\""),
        "no one-click unlink: {connect}"
    );
    assert!(connect.contains("href=\"/connect/unlink\""), "{connect}");

    // Home speaks to a linked member: no invitation to connect.
    let home = alice.get_html("/").await;
    let main = main_of(&home);
    assert!(!main.contains("href=\"/connect\""), "{main}");
    assert!(main.contains("@alice_tg"), "{main}");
    assert!(main.contains("href=\"/account/notifications\""), "{main}");

    let r = alice.get("/connect/unlink").await;
    assert_eq!(r.status(), 200);
    let question = r.text().await.expect("body");
    assert!(question.contains("Unlink Telegram?"), "{question}");
    assert!(question.contains("@alice_tg"), "{question}");
    assert!(
        question.contains("action=\"/connect/unlink\""),
        "{question}"
    );
    assert!(
        question.contains("href=\"/connect\""),
        "a way back: {question}"
    );
    assert_eq!(
        alice.link_status().await["linked"],
        true,
        "asking changes nothing"
    );

    // Without its token the answer is refused; with it, unlinked.
    let r = alice.post_form("/connect/unlink", &[]).await;
    assert_eq!(r.status(), 403);
    assert_eq!(alice.link_status().await["linked"], true);
    let r = alice
        .post_form(
            "/connect/unlink",
            &[("csrf_token", csrf_from(&question).as_str())],
        )
        .await;
    assert_eq!(location(&r), "/connect?unlinked=1");
    assert_eq!(alice.link_status().await["linked"], false);
    // Nothing to unlink: the question sends back to Connect.
    assert_eq!(location(&alice.get("/connect/unlink").await), "/connect");

    // Unlinked, home invites to connect again.
    let home = alice.get_html("/").await;
    assert!(main_of(&home).contains("href=\"/connect\""));
}

async fn log_in_with_next(browser: &Browser, username: &str, next: &str) -> reqwest::Response {
    let token = browser.csrf("/login").await;
    browser
        .post_form(
            "/login",
            &[
                ("csrf_token", token.as_str()),
                ("username", username),
                ("password", PW),
                ("next", next),
            ],
        )
        .await
}

#[tokio::test]
async fn login_returns_where_the_member_was_going_or_to_their_account() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let linked = app.signed_up("linda").await;
    app.link_telegram(&linked, 5002, "Linda", None).await;
    app.signed_up("ulla").await;

    // Where the member was going.
    let browser = app.new_browser();
    let r = browser.get("/account/sessions").await;
    assert_eq!(location(&r), "/login?next=%2Faccount%2Fsessions");
    let r = log_in_with_next(&browser, "linda", "/account/sessions").await;
    assert_eq!(location(&r), "/account/sessions");
    // Already signed in, the login page sends on too.
    assert_eq!(location(&browser.get("/login").await), "/account");
    assert_eq!(
        location(&browser.get("/login?next=/account/password").await),
        "/account/password"
    );

    // No next: a linked member lands on the account, an unlinked one on Connect.
    let r = app.new_browser().log_in("linda", PW).await;
    assert_eq!(location(&r), "/account");
    let r = app.new_browser().log_in("ulla", PW).await;
    assert_eq!(location(&r), "/connect");

    // Never somewhere else.
    for evil in [
        "//evil.com",
        "https://evil.com",
        "/\\evil.com",
        "/\\/evil.com",
        "javascript:alert(1)",
    ] {
        let r = log_in_with_next(&app.new_browser(), "linda", evil).await;
        assert_eq!(r.status(), 303);
        assert_eq!(location(&r), "/account", "{evil}");
        let r = log_in_with_next(&app.new_browser(), "ulla", evil).await;
        assert_eq!(location(&r), "/connect", "{evil}");
    }
}

async fn set_zone(app: &TestApp, username: &str, zone: &str) {
    let (name, zone) = (username.to_string(), zone.to_string());
    tglink::db::run(&app.pool, move |conn| {
        diesel::update(users::table.filter(users::username_lower.eq(name)))
            .set(users::time_zone.eq(zone))
            .execute(conn)
    })
    .await
    .expect("set the zone");
}

#[tokio::test]
async fn times_are_shown_in_the_members_zone_or_left_to_the_browser() {
    let app = spawn_app().await;
    let alice = app.signed_up("alice").await;

    // No zone chosen: UTC, marked for the browser's own zone.
    let page = alice.get_html("/account/sessions").await;
    let main = main_of(&page);
    assert!(main.contains("<time datetime=\""), "{main}");
    assert!(main.contains("data-local"), "{main}");
    assert!(page.contains("/static/local-time.js"), "{page}");

    // The member's zone, once chosen.
    set_zone(&app, "alice", "Europe/Berlin").await;
    let page = alice.get_html("/account/sessions").await;
    let main = main_of(&page);
    assert!(main.contains("(Europe/Berlin)"), "{main}");
    assert!(!main.contains("UTC"), "{main}");
    assert!(!main.contains("data-local"), "{main}");
}

#[tokio::test]
async fn sign_up_shows_every_error_at_once_each_under_its_field() {
    let app = spawn_app().await;
    app.signed_up("taken").await;
    let browser = app.new_browser();
    let r = browser
        .submit(
            "/signup",
            "/signup",
            &[
                ("username", "taken"),
                ("password", "short"),
                ("password_confirm", "different"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.expect("body");
    assert!(page.contains("That username is taken"), "{page}");
    let short = page
        .find("at least 10 characters.")
        .expect("the too-short error");
    let mismatch = page.find("do not match").expect("the mismatch error");
    let confirm_field = page
        .find("id=\"password_confirm\"")
        .expect("the confirm field");
    assert!(
        short < confirm_field,
        "too short sits under the password field"
    );
    assert!(
        mismatch > confirm_field,
        "the mismatch sits under the confirmation"
    );

    // Too short alone: under the password, nothing under the confirmation.
    let r = browser
        .submit(
            "/signup",
            "/signup",
            &[
                ("username", "newname"),
                ("password", "short"),
                ("password_confirm", "short"),
            ],
        )
        .await;
    let page = r.text().await.expect("body");
    let short = page.find("at least 10 characters.").expect("the error");
    assert!(short < page.find("id=\"password_confirm\"").expect("field"));
    assert!(!page.contains("id=\"confirm-error\""), "{page}");
}

#[tokio::test]
async fn the_reset_answer_does_not_put_the_typed_name_in_its_sentence() {
    let app = spawn_app().await;
    let r = app
        .submit(
            "/password-reset",
            "/password-reset",
            &[("username", "nobody")],
        )
        .await;
    let page = r.text().await.expect("body");
    let answer = page
        .split("role=\"status\"")
        .nth(1)
        .and_then(|rest| rest.split("</p>").next())
        .expect("the answer");
    assert!(!answer.contains("nobody"), "{answer}");
    assert!(answer.contains("linked to Telegram"), "{answer}");
}

async fn add_topic(app: &TestApp, name: &str) -> i64 {
    let name = name.to_string();
    tglink::db::run(&app.pool, move |conn| {
        diesel::insert_into(topics::table)
            .values((
                topics::name.eq(&name),
                topics::name_lower.eq(name.to_lowercase()),
                topics::description.eq(""),
                topics::default_on.eq(false),
                topics::critical.eq(false),
                topics::created_at.eq(chrono::Utc::now().naive_utc()),
            ))
            .returning(topics::id)
            .get_result::<i64>(conn)
    })
    .await
    .expect("a topic")
}

#[tokio::test]
async fn the_notifications_page_saves_topics_and_quiet_hours_together() {
    let app = spawn_app().await;
    let offers = add_topic(&app, "Offers").await;
    let alice = app.signed_up("alice").await;

    let page = alice.get_html("/account/notifications").await;
    let main = main_of(&page);
    assert_eq!(main.matches("<form").count(), 1, "one form: {main}");
    assert_eq!(
        main.matches("type=\"submit\"").count(),
        1,
        "one Save: {main}"
    );

    // Ticking a topic and setting quiet hours, then one Save: both are kept.
    let field = format!("topic-{offers}");
    let r = alice
        .submit(
            "/account/notifications",
            "/account/notifications",
            &[
                (field.as_str(), "on"),
                ("quiet", "on"),
                ("quiet_start", "22:00"),
                ("quiet_end", "07:00"),
                ("time_zone", "Europe/Berlin"),
            ],
        )
        .await;
    assert_eq!(location(&r), "/account/notifications?done=saved");
    let id = user_id(&app.pool, "alice").await;
    let (start, zone, subscribed) = tglink::db::run(&app.pool, move |conn| {
        let (start, zone) = users::table
            .find(id)
            .select((users::quiet_start, users::time_zone))
            .first::<(Option<i32>, Option<String>)>(conn)?;
        let subscribed = topic_preferences::table
            .find((id, offers))
            .select(topic_preferences::subscribed)
            .first::<bool>(conn)?;
        Ok::<_, anyhow::Error>((start, zone, subscribed))
    })
    .await
    .expect("saved");
    assert_eq!(start, Some(22 * 60));
    assert_eq!(zone.as_deref(), Some("Europe/Berlin"));
    assert!(subscribed);

    // A quiet-hours mistake saves nothing and keeps the ticked topic as typed.
    let r = alice
        .submit(
            "/account/notifications",
            "/account/notifications",
            &[
                ("quiet", "on"),
                ("quiet_start", "09:00"),
                ("quiet_end", "09:00"),
                ("time_zone", "Europe/Berlin"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.expect("body");
    assert!(
        !page.contains(&format!("name=\"{field}\" type=\"checkbox\" checked")),
        "{page}"
    );
    let still = tglink::db::run(&app.pool, move |conn| {
        topic_preferences::table
            .find((id, offers))
            .select(topic_preferences::subscribed)
            .first::<bool>(conn)
    })
    .await
    .expect("still there");
    assert!(still, "nothing saved on a mistake");
}
