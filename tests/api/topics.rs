//! Topics and preferences: admins define topics, members choose on the site and in the bot, and a
//! message of a topic reaches only those who receive it, with a Mute button that works at once;
//! critical topics reach everyone linked. Driven through the pages, the bot and the API.
use std::time::Duration;

use diesel::prelude::*;
use serde_json::{Value, json};
use telegram_fake::SentMessage;
use tglink::db::schema::topics;

use crate::broadcast_support::*;
use crate::helpers::{
    Browser, Intake, TestApp, csrf_from, location, spawn_app, spawn_app_with_telegram,
};

const WAIT: Duration = Duration::from_secs(20);

/// Creates a topic through the admin page (the app's browser is a signed-in admin).
async fn create_topic(app: &TestApp, name: &str, default_on: bool, critical: bool) -> i64 {
    let mut fields = vec![("name", name), ("description", "About it")];
    if default_on {
        fields.push(("default_on", "on"));
    }
    if critical {
        fields.push(("critical", "on"));
    }
    let r = app.submit("/admin/topics", "/admin/topics", &fields).await;
    assert_eq!(r.status(), 303, "create topic {name}");
    topic_id(app, name).await
}

async fn topic_id(app: &TestApp, name: &str) -> i64 {
    let lower = name.to_lowercase();
    tglink::db::run(&app.pool, move |conn| {
        topics::table
            .filter(topics::name_lower.eq(lower))
            .select(topics::id)
            .first::<i64>(conn)
    })
    .await
    .expect("topic id")
}

/// Saves a member's choices on /account/notifications: these topics on, the others off.
async fn choose(browser: &Browser, on: &[i64]) {
    let names: Vec<String> = on.iter().map(|id| format!("topic-{id}")).collect();
    let fields: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "on")).collect();
    let r = browser
        .submit("/account/notifications", "/account/notifications", &fields)
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/account/notifications?done=saved");
}

/// Sends a broadcast through the compose form, optionally of a topic; its id.
async fn broadcast(app: &TestApp, text: &str, topic: Option<i64>) -> i64 {
    let page = app.get_html("/admin/broadcasts/new").await;
    let key = idempotency_key(&page);
    let topic = topic.map(|t| t.to_string()).unwrap_or_default();
    let r = app
        .post_form(
            "/admin/broadcasts",
            &[
                ("csrf_token", &csrf_from(&page)),
                ("idempotency_key", &key),
                ("text", text),
                ("format", "plain"),
                ("audience", "all"),
                ("topic", &topic),
            ],
        )
        .await;
    assert_eq!(r.status(), 303, "broadcast {text}");
    broadcast_id(&location(&r))
}

/// The chats a broadcast was queued for, once the queue has drained.
async fn recipients(app: &TestApp, id: i64) -> Vec<i64> {
    wait_until_drained(&app.pool, WAIT).await;
    let mut chats: Vec<i64> = deliveries_of(&app.pool, id)
        .await
        .into_iter()
        .map(|d| {
            assert_eq!(d.status, "sent", "{d:?}");
            d.chat_id
        })
        .collect();
    chats.sort_unstable();
    chats
}

/// The message with this text that `chat` received.
fn received(app: &TestApp, chat: i64, text: &str) -> SentMessage {
    app.fake()
        .messages_to(chat)
        .into_iter()
        .find(|m| m.plain_text == text)
        .unwrap_or_else(|| panic!("chat {chat} did not get {text:?}"))
}

/// Whether the topic's checkbox on /account/notifications is checked.
fn is_checked(page: &str, topic: i64) -> bool {
    let start = page
        .find(&format!("<input id=\"topic-{topic}\""))
        .unwrap_or_else(|| panic!("no checkbox for topic {topic}"));
    let tag = &page[start..start + page[start..].find('>').unwrap_or(0)];
    tag.contains(" checked")
}

fn labels(message: &SentMessage) -> Vec<String> {
    message.buttons().into_iter().map(|b| b.text).collect()
}

#[tokio::test]
async fn admins_define_topics_and_bad_input_comes_back_with_its_message() {
    let app = spawn_app().await;
    let member = app.signed_up("member").await;
    assert_eq!(member.get("/admin/topics").await.status(), 403);
    let csrf = member.csrf("/account").await;
    let r = member
        .post_form(
            "/admin/topics",
            &[("csrf_token", &csrf), ("name", "Sneaky")],
        )
        .await;
    assert_eq!(r.status(), 403, "members cannot create topics");

    sign_in_admin(&app).await;
    let r = app
        .post_form("/admin/topics", &[("name", "No token")])
        .await;
    assert_eq!(r.status(), 403, "no CSRF token, no topic");

    for (name, description, error) in [
        ("   ", "", "Name the topic."),
        (&"x".repeat(41), "", "at most 40 characters"),
        ("Fine", &"d".repeat(201), "at most 200 characters"),
    ] {
        let r = app
            .submit(
                "/admin/topics",
                "/admin/topics",
                &[("name", name), ("description", description)],
            )
            .await;
        assert_eq!(r.status(), 422, "{name:?}");
        let page = r.text().await.unwrap();
        assert!(page.contains(error), "{error}: {page}");
        assert!(
            page.contains("aria-invalid=\"true\""),
            "marked next to the field"
        );
    }

    let news = create_topic(&app, "News", true, false).await;
    let r = app
        .submit("/admin/topics", "/admin/topics", &[("name", "NEWS")])
        .await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("Another topic has this name."), "{page}");
    assert!(page.contains("value=\"NEWS\""), "the typed name is kept");

    let edit = format!("/admin/topics/{news}");
    let r = app
        .submit(
            &edit,
            &edit,
            &[("name", "Site news"), ("description", "<b>What's new</b>")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let list = app.get_html("/admin/topics").await;
    assert!(list.contains("Site news"), "{list}");
    assert!(
        list.contains("&#60;b&#62;What&#39;s new&#60;/b&#62;"),
        "escaped: {list}"
    );
    assert_eq!(app.get("/admin/topics/999999").await.status(), 404);

    let r = app
        .submit(
            "/admin/topics",
            &format!("/admin/topics/{news}/delete"),
            &[],
        )
        .await;
    assert_eq!(r.status(), 303);
    let page = app.get_html("/admin/topics").await;
    assert!(page.contains("Deleted the topic Site news"), "{page}");
    assert!(!app.get_html("/admin/topics").await.contains("Site news"));
}

#[tokio::test]
async fn a_topic_reaches_only_its_subscribers_and_a_critical_one_reaches_everyone() {
    let app = spawn_app_with_telegram(Intake::Polling).await;
    sign_in_admin(&app).await;
    let news = create_topic(&app, "News", true, false).await;
    let offers = create_topic(&app, "Offers", false, false).await;
    let security = create_topic(&app, "Security", false, true).await;
    let (alice, _) = member(&app, "alice", 501).await;
    let _bob = member(&app, "bob", 502).await;
    let (carol, _) = member(&app, "carol", 503).await;
    // alice: offers yes, news no. bob: no choice (the defaults). carol: nothing, and she tries
    // to turn a critical topic off too.
    choose(&alice, &[offers]).await;
    choose(&carol, &[]).await;
    let page = carol.get_html("/account/notifications").await;
    assert!(page.contains("Important: always sent."), "{page}");

    // Compose's live count asks the same rule the enqueue uses.
    for (topic, reaches) in [
        (news.to_string(), 1),
        (offers.to_string(), 1),
        (security.to_string(), 3),
        (String::new(), 3),
    ] {
        let count: Value = app
            .get(&format!("/admin/broadcasts/audience?topic={topic}"))
            .await
            .json()
            .await
            .expect("the audience count");
        assert_eq!(count["count"], reaches, "topic {topic:?}: {count}");
    }
    let id = broadcast(&app, "News of the day", Some(news)).await;
    assert_eq!(
        recipients(&app, id).await,
        vec![502],
        "news: bob (default on)"
    );
    let id = broadcast(&app, "A special offer", Some(offers)).await;
    assert_eq!(recipients(&app, id).await, vec![501], "offers: alice only");
    let id = broadcast(&app, "Change your password", Some(security)).await;
    assert_eq!(recipients(&app, id).await, vec![501, 502, 503], "critical");
    let id = broadcast(&app, "For everyone", None).await;
    assert_eq!(recipients(&app, id).await, vec![501, 502, 503], "no topic");

    let news_message = received(&app, 502, "News of the day");
    assert_eq!(labels(&news_message), vec!["🔕 Mute News"]);
    assert!(
        received(&app, 503, "Change your password")
            .buttons()
            .is_empty(),
        "a critical topic cannot be muted"
    );
    assert!(received(&app, 503, "For everyone").buttons().is_empty());
}

#[tokio::test]
async fn the_mute_button_works_at_once_and_unmute_brings_the_topic_back() {
    let app = spawn_app_with_telegram(Intake::Polling).await;
    sign_in_admin(&app).await;
    let news = create_topic(&app, "News", true, false).await;
    let (alice_page, alice) = member(&app, "alice", 501).await;

    let first = broadcast(&app, "First news", Some(news)).await;
    assert_eq!(recipients(&app, first).await, vec![501]);
    let message = received(&app, 501, "First news");
    let mute = message
        .callback_data_for("🔕 Mute News")
        .expect("a Mute button");
    alice.press_button(&message, &mute).await.unwrap();
    let fake = app.fake().clone();
    fake.wait_until(WAIT, |f| {
        f.callback_answers()
            .iter()
            .any(|a| a.text.as_deref() == Some("Muted News. /settings to change."))
    })
    .await
    .expect("the press is answered");
    let swapped = fake
        .wait_until(WAIT, |f| {
            f.edits().iter().any(|e| {
                e.message_id == message.message_id
                    && e.text.is_none()
                    && e.reply_markup
                        .as_ref()
                        .is_some_and(|m| m.to_string().contains("Unmute News"))
            })
        })
        .await;
    assert!(swapped.is_ok(), "the button becomes Unmute, the text stays");
    let page = alice_page.get_html("/account/notifications").await;
    assert!(!is_checked(&page, news), "the site shows News off: {page}");

    // Nobody receives News now: a broadcast to it is refused, saying why (issue 26).
    let page = app.get_html("/admin/broadcasts/new").await;
    let r = app
        .post_form(
            "/admin/broadcasts",
            &[
                ("csrf_token", &csrf_from(&page)),
                ("idempotency_key", &idempotency_key(&page)),
                ("text", "Second news"),
                ("audience", "all"),
                ("topic", &news.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Nobody receives the topic News yet")
    );

    // press_button checks the button is there now: the edit put it under the message.
    alice
        .press_button(&message, &format!("unmute:{news}"))
        .await
        .unwrap();
    fake.wait_until(WAIT, |f| {
        f.callback_answers()
            .iter()
            .any(|a| a.text.as_deref() == Some("News is on again."))
    })
    .await
    .expect("unmuted");
    let third = broadcast(&app, "Third news", Some(news)).await;
    assert_eq!(recipients(&app, third).await, vec![501]);
}

#[tokio::test]
async fn muting_cancels_what_of_the_topic_still_waits_in_the_queue() {
    // No bot: broadcasts wait in the queue, so the mute meets them there.
    let app = spawn_app().await;
    sign_in_admin(&app).await;
    let news = create_topic(&app, "News", true, false).await;
    let alert = create_topic(&app, "Alerts", true, true).await;
    let alice = app.signed_up("alice").await;
    let alice_id = user_id(&app.pool, "alice").await;
    link_existing(&app, alice_id, 501).await;

    let queued_news = broadcast(&app, "Queued news", Some(news)).await;
    let queued_alert = broadcast(&app, "Queued alert", Some(alert)).await;
    let untagged = broadcast(&app, "Queued for all", None).await;
    choose(&alice, &[]).await;
    let status = |id| {
        let pool = app.pool.clone();
        async move {
            deliveries_of(&pool, id)
                .await
                .into_iter()
                .map(|d| d.status)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(status(queued_news).await, vec!["cancelled"]);
    assert_eq!(status(queued_alert).await, vec!["pending"], "critical");
    assert_eq!(status(untagged).await, vec!["pending"], "no topic");
}

/// Links an existing account to a chat straight in the database (no bot in this test).
async fn link_existing(app: &TestApp, user_id: i64, chat_id: i64) {
    use tglink::db::schema::telegram_links;
    tglink::db::run(&app.pool, move |conn| {
        diesel::insert_into(telegram_links::table)
            .values((
                telegram_links::user_id.eq(user_id),
                telegram_links::telegram_user_id.eq(chat_id),
                telegram_links::chat_id.eq(chat_id),
                telegram_links::telegram_name.eq("Tg"),
                telegram_links::linked_at.eq(tglink::db::now()),
            ))
            .execute(conn)
    })
    .await
    .expect("link");
}

#[tokio::test]
async fn settings_in_the_bot_toggle_topics_in_place() {
    let app = spawn_app_with_telegram(Intake::Polling).await;
    sign_in_admin(&app).await;
    let offers = create_topic(&app, "Offers", false, false).await;
    create_topic(&app, "News", true, false).await;
    create_topic(&app, "Security", false, true).await;
    let (alice_page, alice) = member(&app, "alice", 501).await;

    alice.send_text("/settings").await.unwrap();
    let settings = app.next_message_to(501).await;
    assert!(
        settings.plain_text.contains("Always sent: Security."),
        "{}",
        settings.plain_text
    );
    assert_eq!(labels(&settings), vec!["✅ News", "⬜ Offers"]);

    let toggle = settings.callback_data_for("⬜ Offers").unwrap();
    alice.press_button(&settings, &toggle).await.unwrap();
    let fake = app.fake().clone();
    fake.wait_until(WAIT, |f| {
        f.edits().iter().any(|e| {
            e.message_id == settings.message_id
                && e.reply_markup
                    .as_ref()
                    .is_some_and(|m| m.to_string().contains("✅ Offers"))
        })
    })
    .await
    .expect("the message redraws itself with Offers on");
    fake.wait_until(WAIT, |f| {
        f.callback_answers()
            .iter()
            .any(|a| a.text.as_deref() == Some("Offers: on"))
    })
    .await
    .expect("a toast");
    let page = alice_page.get_html("/account/notifications").await;
    assert!(
        is_checked(&page, offers),
        "the site shows the choice made in the bot: {page}"
    );

    // A chat that is not linked is told how to link.
    let stranger = app.fake().add_user(900, "stranger", None);
    stranger.send_text("/settings").await.unwrap();
    let reply = app.next_message_to(900).await;
    assert!(
        reply.plain_text.contains("Connect Telegram"),
        "{}",
        reply.plain_text
    );
}

#[tokio::test]
async fn notifications_name_a_topic_and_a_muted_member_gets_409() {
    let app = spawn_app_with_telegram(Intake::Polling).await;
    sign_in_admin(&app).await;
    let news = create_topic(&app, "News", true, false).await;
    let (alice, _) = member(&app, "alice", 501).await;
    let token = tglink::db::run(&app.pool, |conn| {
        tglink::api::api_tokens::create(conn, "shop").map_err(anyhow::Error::from)
    })
    .await
    .unwrap()
    .1;
    let post = |body: Value| {
        let request = app
            .client
            .post(app.url("/api/v1/notifications"))
            .bearer_auth(&token)
            .json(&body);
        async move {
            let r = request.send().await.unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }
    };

    let (status, body) = post(json!({"username": "alice", "text": "x", "topic": "Nope"})).await;
    assert_eq!(status, 422);
    assert!(
        body["error"].as_str().unwrap().starts_with("topic:"),
        "{body}"
    );

    let (status, _) =
        post(json!({"username": "alice", "text": "Your order shipped", "topic": "news"})).await;
    assert_eq!(status, 202);
    let message = app.next_message_to(501).await;
    assert_eq!(message.plain_text, "Your order shipped");
    assert_eq!(labels(&message), vec!["🔕 Mute News"]);

    choose(&alice, &[]).await;
    let (status, body) = post(json!({"username": "alice", "text": "Muted", "topic": "News"})).await;
    assert_eq!(status, 409, "{body}");
    assert!(body["error"].as_str().unwrap().contains("muted"), "{body}");
    let _ = news;
}

#[tokio::test]
async fn a_broadcast_to_a_topic_nobody_receives_is_refused_with_the_reason_scheduled_or_not() {
    let app = spawn_app().await;
    sign_in_admin(&app).await;
    link_users(&app.pool, None, "member", 2, 10_000, false).await;
    let quiet = create_topic(&app, "Quiet", false, false).await;

    let count: Value = app
        .get(&format!("/admin/broadcasts/audience?topic={quiet}"))
        .await
        .json()
        .await
        .expect("the audience count");
    assert_eq!(count["count"], 0);
    let reason =
        "Nobody receives the topic Quiet yet: no linked member chose it, and it is off by default.";
    assert_eq!(count["nobody"], reason);

    let later = (chrono::Utc::now() + chrono::Duration::days(2))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    for send_at in ["", later.as_str()] {
        let page = app.get_html("/admin/broadcasts/new").await;
        let r = app
            .post_form(
                "/admin/broadcasts",
                &[
                    ("csrf_token", &csrf_from(&page)),
                    ("idempotency_key", &idempotency_key(&page)),
                    ("text", "Hello quiet ones"),
                    ("format", "plain"),
                    ("audience", "all"),
                    ("topic", &quiet.to_string()),
                    ("send_at", send_at),
                    ("time_zone", "UTC"),
                ],
            )
            .await;
        assert_eq!(r.status(), 422, "send_at {send_at:?}");
        let html = r.text().await.unwrap();
        assert!(html.contains(reason), "{html}");
        assert!(html.contains("Hello quiet ones"), "the form keeps the text");
    }
    let queued: i64 = tglink::db::run(&app.pool, |conn| {
        tglink::db::schema::messages::table.count().get_result(conn)
    })
    .await
    .expect("count");
    assert_eq!(queued, 0, "nothing was queued");
}

#[tokio::test]
async fn the_mute_button_speaks_the_members_language() {
    let app = spawn_app_with_telegram(Intake::Polling).await;
    sign_in_admin(&app).await;
    let news = create_topic(&app, "News", true, false).await;
    let (alice_page, _alice) = member(&app, "alice", 501).await;
    let _bob = member(&app, "bob", 502).await;
    let saved = alice_page
        .submit("/account", "/account/language", &[("language", "ru")])
        .await;
    assert_eq!(saved.status(), 303);

    let id = broadcast(&app, "News in two languages", Some(news)).await;
    assert_eq!(recipients(&app, id).await, vec![501, 502]);
    assert_eq!(
        labels(&received(&app, 501, "News in two languages")),
        vec!["🔕 Выключить «News»"],
        "alice chose Russian"
    );
    assert_eq!(
        labels(&received(&app, 502, "News in two languages")),
        vec!["🔕 Mute News"],
        "bob chose nothing: the default"
    );
}
