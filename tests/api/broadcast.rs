//! The admin dashboard: compose (recipient count, validation, one broadcast per submitted form),
//! history with progress, per-recipient outcomes, cancel, and who may see any of it.
use std::time::Duration;

use telegram_fake::FakeTelegram;
use tglink::delivery::store::Audience;
use tglink::delivery::text::Format;

use crate::broadcast_support::*;
use crate::helpers::{BOT_TOKEN, csrf_from, location, spawn_app};

/// `text` as askama escapes it into a page.
fn escaped(text: &str) -> String {
    text.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
}

#[tokio::test]
async fn compose_names_the_recipients_and_one_form_makes_one_broadcast() {
    let app = spawn_app().await;
    sign_in_admin(&app).await;
    link_users(&app.pool, None, "member", 1234, 10_000, false).await;

    let page = app.get_html("/admin/broadcasts/new").await;
    assert!(page.contains("Send to 1,234 users"), "{page}");
    let (csrf, key) = (csrf_from(&page), idempotency_key(&page));
    let fields = [
        ("csrf_token", csrf.as_str()),
        ("idempotency_key", key.as_str()),
        ("text", "Hello <b>everyone</b>"),
        ("format", "html"),
        ("audience", "all"),
    ];
    let first = app.post_form("/admin/broadcasts", &fields).await;
    assert_eq!(first.status(), 303);
    let id = broadcast_id(&location(&first));
    // A double click, or a reload that posts again, lands on the same broadcast.
    let again = app.post_form("/admin/broadcasts", &fields).await;
    assert_eq!(location(&again), location(&first));

    let deliveries = deliveries_of(&app.pool, id).await;
    assert_eq!(deliveries.len(), 1234);
    assert!(deliveries.iter().all(|d| d.status == "pending"));
    let detail = app.get_html(&format!("/admin/broadcasts/{id}")).await;
    assert!(
        detail.contains(&escaped("Hello <b>everyone</b>")),
        "the text is shown escaped: {detail}"
    );
    assert!(detail.contains("1,234 recipients"));
    let history = app.get_html("/admin/broadcasts").await;
    assert_eq!(
        history.matches("<article class=\"card broadcast\"").count(),
        1
    );
}

#[tokio::test]
async fn a_malformed_message_is_refused_on_the_form_with_the_text_kept() {
    let app = spawn_app().await;
    sign_in_admin(&app).await;
    link_users(&app.pool, None, "member", 3, 10_000, false).await;
    let cases = [
        ("Price < 5 <b>today</b>", "html", "literal"),
        ("<b>bold <i>both</b></i>", "html", "was expected"),
        ("<div>block</div>", "html", "not a tag Telegram supports"),
        ("   ", "plain", "Write the message first"),
    ];
    for (text, format, error) in cases {
        let page = app.get_html("/admin/broadcasts/new").await;
        let response = app
            .post_form(
                "/admin/broadcasts",
                &[
                    ("csrf_token", &csrf_from(&page)),
                    ("idempotency_key", &idempotency_key(&page)),
                    ("text", text),
                    ("format", format),
                    ("audience", "all"),
                ],
            )
            .await;
        assert_eq!(response.status(), 422, "{text}");
        let html = response.text().await.unwrap();
        assert!(
            html.contains(error),
            "{text}: expected {error:?} in the page"
        );
        assert!(
            html.contains("id=\"text-error\""),
            "the error sits next to the field"
        );
        assert!(html.contains(&escaped(text)), "the text is kept: {text}");
    }
    let too_long = "x".repeat(10 * 4096 + 1);
    let page = app.get_html("/admin/broadcasts/new").await;
    let response = app
        .post_form(
            "/admin/broadcasts",
            &[
                ("csrf_token", &csrf_from(&page)),
                ("idempotency_key", &idempotency_key(&page)),
                ("text", &too_long),
                ("format", "plain"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("This message would go out as 11 messages; tglink sends at most 10.")
    );
    assert_eq!(
        app.get_html("/admin/broadcasts")
            .await
            .matches("<article class=\"card broadcast\"")
            .count(),
        0,
        "nothing was queued"
    );
}

#[tokio::test]
async fn preview_says_how_many_messages_a_long_text_goes_out_as_and_queues_nothing() {
    let app = spawn_app().await;
    sign_in_admin(&app).await;
    link_users(&app.pool, None, "member", 3, 10_000, false).await;
    let preview = async |text: &str| {
        let page = app.get_html("/admin/broadcasts/new").await;
        assert!(page.contains("formaction=\"/admin/broadcasts/preview\""));
        app.post_form(
            "/admin/broadcasts/preview",
            &[
                ("csrf_token", &csrf_from(&page)),
                ("idempotency_key", &idempotency_key(&page)),
                ("text", text),
                ("format", "plain"),
                ("audience", "all"),
            ],
        )
        .await
    };
    let text = crate::notify::nine_paragraphs();
    let response = preview(&text).await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("Sent as 3 messages (Telegram allows 4,096 characters in one)."),
        "{}",
        &page[page.find("Preview</h2>").unwrap_or(0)..]
    );
    assert!(page.contains(&escaped(&text)), "the text is kept");

    // A long text in Cyrillic: 150 KB as a form, which the app used to refuse unread.
    let russian = crate::notify::thirty_russian_paragraphs();
    let page = preview(&russian).await.text().await.unwrap();
    assert!(
        page.contains("Sent as 8 messages"),
        "{}",
        &page[page.find("Preview</h2>").unwrap_or(0)..]
    );

    let short = preview("Short and sweet").await.text().await.unwrap();
    assert!(
        !short.contains("Sent as"),
        "one message goes without saying"
    );

    let too_long = preview(&"x".repeat(10 * 4096 + 1)).await;
    assert_eq!(too_long.status(), 422);
    assert!(too_long.text().await.unwrap().contains("11 messages"));
    assert_eq!(
        app.get_html("/admin/broadcasts")
            .await
            .matches("<article class=\"card broadcast\"")
            .count(),
        0,
        "a preview queues nothing"
    );
}

#[tokio::test]
async fn an_admins_only_test_send_reaches_linked_admins_only() {
    let app = spawn_app().await;
    sign_in_admin(&app).await;
    let admins = link_users(&app.pool, None, "admin", 2, 20_000, true).await;
    link_users(&app.pool, None, "member", 5, 30_000, false).await;
    let page = app.get_html("/admin/broadcasts/new").await;
    assert!(
        page.contains("Send to 7 users") && page.contains("send to 2 admins only"),
        "{page}"
    );
    let response = app
        .post_form(
            "/admin/broadcasts",
            &[
                ("csrf_token", &csrf_from(&page)),
                ("idempotency_key", &idempotency_key(&page)),
                ("text", "Test"),
                ("format", "plain"),
                ("audience", "admins"),
            ],
        )
        .await;
    let id = broadcast_id(&location(&response));
    let mut chats: Vec<i64> = deliveries_of(&app.pool, id)
        .await
        .iter()
        .map(|d| d.chat_id)
        .collect();
    chats.sort_unstable();
    assert_eq!(chats, admins.iter().map(|a| a.chat_id).collect::<Vec<_>>());
}

#[tokio::test]
async fn only_admins_reach_the_dashboard_and_every_post_needs_its_csrf_token() {
    let app = spawn_app().await;
    for path in [
        "/admin",
        "/admin/broadcasts",
        "/admin/broadcasts/new",
        "/admin/tokens",
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status(), 303, "{path}");
        assert!(location(&r).starts_with("/login"), "{path}");
    }
    let member = app.new_browser();
    member.sign_up("member", "member password").await;
    for path in [
        "/admin",
        "/admin/broadcasts",
        "/admin/broadcasts/new",
        "/admin/tokens",
    ] {
        assert_eq!(member.get(path).await.status(), 403, "{path}");
    }
    let csrf = member.csrf("/connect").await;
    let r = member
        .post_form(
            "/admin/broadcasts",
            &[
                ("csrf_token", &csrf),
                ("text", "hi"),
                ("idempotency_key", "k".repeat(30).as_str()),
            ],
        )
        .await;
    assert_eq!(r.status(), 403);

    let admin_id = sign_in_admin(&app).await;
    link_users(&app.pool, None, "member", 2, 10_000, false).await;
    let r = app
        .post_form(
            "/admin/broadcasts",
            &[
                ("text", "no token"),
                ("idempotency_key", "k".repeat(30).as_str()),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        403,
        "a POST without the CSRF token changes nothing"
    );
    let id = enqueue(&app.pool, admin_id, "hi", Format::Plain, Audience::All).await;
    let r = app
        .post_form(&format!("/admin/broadcasts/{id}/cancel"), &[])
        .await;
    assert_eq!(r.status(), 403);
    assert!(
        deliveries_of(&app.pool, id)
            .await
            .iter()
            .all(|d| d.status == "pending")
    );
    assert_eq!(app.get("/admin/broadcasts/999999").await.status(), 404);
}

#[tokio::test]
async fn cancel_drops_the_pending_deliveries() {
    // No bot token: nothing is sent, everything stays pending until cancelled.
    let app = spawn_app().await;
    let admin_id = sign_in_admin(&app).await;
    link_users(&app.pool, None, "member", 40, 10_000, false).await;
    let id = enqueue(&app.pool, admin_id, "Sale!", Format::Plain, Audience::All).await;
    let page = app.get_html(&format!("/admin/broadcasts/{id}")).await;
    assert!(page.contains("Cancel broadcast"));
    let r = app
        .submit(
            &format!("/admin/broadcasts/{id}"),
            &format!("/admin/broadcasts/{id}/cancel"),
            &[],
        )
        .await;
    assert_eq!(r.status(), 303);
    let deliveries = deliveries_of(&app.pool, id).await;
    assert!(
        deliveries.iter().all(|d| d.status == "cancelled"),
        "{deliveries:?}"
    );
    let progress = progress_of(&app, id, "").await;
    assert_eq!(progress["state"], "cancelled");
    assert_eq!(progress["cancelled"], 40);
    assert_eq!(progress["pending"], 0);
    assert!(
        !app.get_html(&format!("/admin/broadcasts/{id}"))
            .await
            .contains("Cancel broadcast")
    );
}

#[tokio::test]
async fn progress_and_per_recipient_outcomes_show_what_happened() {
    let app = spawn_app().await;
    let fake = FakeTelegram::start(BOT_TOKEN).await.unwrap();
    let admin_id = sign_in_admin(&app).await;
    let linked = link_users(&app.pool, Some(&fake), "member", 30, 10_000, false).await;
    fake.block_bot(linked[3].chat_id);
    let id = enqueue(&app.pool, admin_id, "News", Format::Plain, Audience::All).await;

    let progress = progress_of(&app, id, "").await;
    assert_eq!(
        (
            progress["state"].as_str(),
            progress["pending"].as_i64(),
            progress["percent"].as_i64()
        ),
        (Some("sending"), Some(30), Some(0))
    );

    let mut worker = worker(&app, &fake, fast_options());
    drain(&mut worker, &app.pool, Duration::from_secs(20)).await;
    let progress = progress_of(&app, id, "").await;
    assert_eq!(progress["state"], "done");
    assert_eq!(
        (
            progress["sent"].as_i64(),
            progress["blocked"].as_i64(),
            progress["percent"].as_i64()
        ),
        (Some(29), Some(1), Some(100))
    );

    let blocked = app
        .get_html(&format!("/admin/broadcasts/{id}/recipients?status=blocked"))
        .await;
    assert!(
        blocked.contains("member3") && blocked.contains("bot was blocked by the user"),
        "{blocked}"
    );
    assert!(!blocked.contains("member4<"));
    let all = app
        .get_html(&format!("/admin/broadcasts/{id}/recipients"))
        .await;
    assert_eq!(all.matches("badge-ok\">sent").count(), 29);

    let overview = app.get_html("/admin").await;
    assert!(
        overview.contains("send was refused (403)"),
        "the unlink shows among recent events"
    );
}

#[tokio::test]
async fn history_names_each_broadcast_by_its_first_line_with_a_status_pill() {
    let app = spawn_app().await;
    let boss = sign_in_admin(&app).await;
    link_users(&app.pool, None, "member", 2, 10_000, false).await;
    let party = enqueue(
        &app.pool,
        boss,
        "<b>Winter party</b>\nOn <i>Friday</i>",
        Format::Html,
        Audience::All,
    )
    .await;
    let cancelled = enqueue(&app.pool, boss, "Called off", Format::Plain, Audience::All).await;
    assert_eq!(
        app.submit(
            &format!("/admin/broadcasts/{cancelled}"),
            &format!("/admin/broadcasts/{cancelled}/cancel"),
            &[],
        )
        .await
        .status(),
        303
    );
    let deleted = enqueue(&app.pool, boss, "Oops", Format::Plain, Audience::All).await;
    assert_eq!(retract(&app, deleted).await.status(), 303);
    // Queued straight through the store to nobody (the form refuses that now).
    tglink::db::run(&app.pool, |conn| {
        use diesel::prelude::*;
        diesel::update(tglink::db::schema::users::table)
            .set(tglink::db::schema::users::disabled_at.eq(tglink::db::now()))
            .filter(tglink::db::schema::users::username.like("member%"))
            .execute(conn)
    })
    .await
    .expect("disable the members");
    let nobody = enqueue(
        &app.pool,
        boss,
        "Into the void",
        Format::Plain,
        Audience::All,
    )
    .await;

    let history = app.get_html("/admin/broadcasts").await;
    assert!(
        history.contains(&format!(
            "<a href=\"/admin/broadcasts/{party}\">Winter party</a>"
        )),
        "the subject is the first line as read, not its markup: {history}"
    );
    assert!(!history.contains("&#60;b&#62;Winter"), "{history}");
    for (id, pill) in [
        (party, "Sending"),
        (cancelled, "Cancelled"),
        (deleted, "Deleted"),
        (nobody, "Nobody to send to"),
    ] {
        let card = history
            .split(&format!("id=\"broadcast-{id}\""))
            .nth(1)
            .and_then(|rest| rest.split("</article>").next())
            .unwrap_or_else(|| panic!("broadcast {id} is listed: {history}"));
        assert!(
            card.contains(&format!(">{pill}</span>")),
            "{id}: {pill}: {card}"
        );
        assert!(card.contains("everyone linked"), "{card}");
    }

    let page = app.get_html(&format!("/admin/broadcasts/{party}")).await;
    let progress = page.find("class=\"progress-block\"").expect("progress");
    let message = page.find("<div class=\"tg-bubble\"").expect("the message");
    let source = page.find("<details class=\"source\">").expect("the source");
    assert!(
        progress < message && message < source,
        "status and progress lead: {page}"
    );
    assert!(page.contains(&escaped("<b>Winter party</b>")));
}

#[tokio::test]
async fn compose_offers_a_test_to_me_and_canonical_time_zones() {
    let app = spawn_app().await;
    sign_in_admin(&app).await;
    link_users(&app.pool, None, "member", 2, 10_000, false).await;
    let page = app.get_html("/admin/broadcasts/new").await;
    assert!(page.contains("Send to 2 users now"), "{page}");
    assert!(
        page.contains("value=\"me\" class=\"button button-secondary\" disabled"),
        "{page}"
    );
    assert!(page.contains("Link Telegram first"));
    assert!(page.contains("<option value=\"Asia/Kolkata\">"));
    for alias in ["Asia/Calcutta", "Etc/GMT+1", "US/Eastern"] {
        assert!(
            !page.contains(&format!("\"{alias}\"")),
            "{alias} is offered"
        );
    }
    let r = compose(&app, &[("text", "Only me"), ("audience", "me")]).await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("role=\"alert\">Link your Telegram first"),
        "{html}"
    );
    assert!(html.contains("Only me"), "the form keeps the text");

    // Once linked, the test goes to the admin's own chat only, and the form stays as typed.
    let boss = user_id(&app.pool, "boss").await;
    tglink::db::run(&app.pool, move |conn| {
        use diesel::prelude::*;
        use tglink::db::schema::telegram_links;
        diesel::insert_into(telegram_links::table)
            .values((
                telegram_links::user_id.eq(boss),
                telegram_links::telegram_user_id.eq(777),
                telegram_links::chat_id.eq(777),
                telegram_links::telegram_name.eq("Boss"),
                telegram_links::linked_at.eq(tglink::db::now()),
            ))
            .execute(conn)
    })
    .await
    .expect("link the admin");
    let page = app.get_html("/admin/broadcasts/new").await;
    assert!(page.contains("value=\"me\" class=\"button button-secondary\">Send a test to me"));
    let r = compose(&app, &[("text", "Only me"), ("audience", "me")]).await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("role=\"status\">A test is on its way to your Telegram."),
        "{html}"
    );
    assert!(html.contains("Only me"));
    let chats: Vec<i64> = tglink::db::run(&app.pool, |conn| {
        use diesel::prelude::*;
        use tglink::db::schema::deliveries;
        deliveries::table.select(deliveries::chat_id).load(conn)
    })
    .await
    .expect("deliveries");
    assert_eq!(chats, [777], "only the admin's chat");
}

#[tokio::test]
async fn markdown_on_the_form_goes_out_as_telegram_html() {
    let app = spawn_app().await;
    sign_in_admin(&app).await;
    link_users(&app.pool, None, "member", 1, 10_000, false).await;
    let markdown =
        "**Winter party** on _Friday_\n\n- [Tickets](https://example.com/t)\n- <no tags>";
    let r = compose(
        &app,
        &[
            ("text", markdown),
            ("format", "markdown"),
            ("audience", "all"),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
    let id = broadcast_id(&location(&r));
    let (text, format) = tglink::db::run(&app.pool, move |conn| {
        use diesel::prelude::*;
        use tglink::db::schema::messages;
        messages::table
            .find(id)
            .select((messages::text, messages::format))
            .first::<(String, String)>(conn)
    })
    .await
    .expect("the message");
    assert_eq!(format, "html");
    assert_eq!(
        text,
        "<b>Winter party</b> on <i>Friday</i>\n\n• <a href=\"https://example.com/t\">Tickets</a>\n• &lt;no tags&gt;"
    );

    let csrf = app.csrf("/admin/broadcasts/new").await;
    let preview: serde_json::Value = app
        .post_form(
            "/admin/broadcasts/markdown",
            &[("csrf_token", &csrf), ("text", "~~old~~ `new`")],
        )
        .await
        .json()
        .await
        .expect("the preview's HTML");
    assert_eq!(preview["html"], "<s>old</s> <code>new</code>");
}
