//! Changing a message after it went out (issue 15): an admin edits a broadcast or deletes it for
//! everyone from its page, a service edits or retracts a notification with PATCH and DELETE.
//! Each change travels through the delivery queue and is checked where it lands: the fake's
//! chats, as their members see them.
use std::time::Duration;

use diesel::prelude::*;
use serde_json::{Value, json};
use telegram_fake::FakeTelegram;
use tglink::db::schema::{deliveries, messages};

use crate::broadcast_support::*;
use crate::helpers::{Intake, TestApp, csrf_from, location, spawn_app_with_telegram};

const WAIT: Duration = Duration::from_secs(20);

/// Sends a broadcast from the compose form, with one URL button; returns its id.
async fn broadcast(app: &TestApp, text: &str) -> i64 {
    let r = compose(
        app,
        &[
            ("text", text),
            ("format", "html"),
            ("button_text_1", "Read more"),
            ("button_url_1", "https://example.com/news"),
            ("audience", "all"),
        ],
    )
    .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    broadcast_id(&location(&r))
}

/// The bot's messages in a chat as its member sees them now: (text, button labels).
fn bot_messages(fake: &FakeTelegram, chat: i64) -> Vec<(String, Vec<String>)> {
    fake.conversation(chat)
        .into_iter()
        .filter(|m| m.from_bot)
        .map(|m| {
            let labels = m.buttons.iter().flatten().map(|b| b.text.clone()).collect();
            (m.text, labels)
        })
        .collect()
}

/// How many rows of each action a message has, counted with the test's own query.
async fn rows_by_action(app: &TestApp, id: i64, action: &'static str) -> Vec<(i64, String)> {
    tglink::db::run(&app.pool, move |conn| {
        deliveries::table
            .filter(deliveries::message_id.eq(id))
            .filter(deliveries::action.eq(action))
            .select((deliveries::chat_id, deliveries::status))
            .load(conn)
            .map_err(anyhow::Error::from)
    })
    .await
    .expect("rows")
}

#[tokio::test]
async fn an_edit_reaches_every_recipient_once_in_place_and_keeps_the_buttons() {
    let app = spawn_app_with_telegram(Intake::Polling).await;
    sign_in_admin(&app).await;
    let chats = [611, 612, 613];
    for (i, chat) in chats.iter().enumerate() {
        member(&app, &format!("member{i}"), *chat).await;
    }
    let id = broadcast(&app, "Doors open at <b>9</b>").await;
    wait_until_drained(&app.pool, WAIT).await;
    let fake = app.fake().clone();
    for chat in chats {
        let seen = bot_messages(&fake, chat);
        assert!(
            seen.iter().any(|(t, _)| t == "Doors open at 9"),
            "{chat}: {seen:?}"
        );
    }
    let sent_ids: Vec<i64> = fake
        .sent_messages()
        .into_iter()
        .filter(|m| m.plain_text == "Doors open at 9")
        .map(|m| m.message_id)
        .collect();
    assert_eq!(sent_ids.len(), 3);

    // The bot edited its own link confirmations before: count from here.
    let before = fake.edits().len();
    // The edit page of a broadcast that went out edits the text, no schedule.
    let page = app.get_html(&format!("/admin/broadcasts/{id}/edit")).await;
    assert!(page.contains("/revise"), "{page}");
    assert!(!page.contains("name=\"send_at\""));
    let r = revise(&app, id, "Doors open at <b>10</b>", "html").await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), format!("/admin/broadcasts/{id}"));
    wait_until_drained(&app.pool, WAIT).await;

    let edits = fake.edits().split_off(before);
    assert_eq!(edits.len(), 3, "one edit per recipient: {edits:?}");
    for chat in chats {
        let here: Vec<_> = edits.iter().filter(|e| e.chat_id == chat).collect();
        assert_eq!(here.len(), 1, "chat {chat} edited once");
        assert!(
            sent_ids.contains(&here[0].message_id),
            "the sent message is edited"
        );
        let seen = bot_messages(&fake, chat);
        let edited = seen
            .iter()
            .find(|(t, _)| t == "Doors open at 10")
            .unwrap_or_else(|| panic!("{chat}: {seen:?}"));
        assert_eq!(edited.1, vec!["Read more".to_string()], "the buttons stay");
        assert!(!seen.iter().any(|(t, _)| t == "Doors open at 9"));
    }
    let page = app.get_html(&format!("/admin/broadcasts/{id}")).await;
    assert!(page.contains("Edited on"), "{page}");
    assert!(page.contains("<h2>Edit</h2>"), "its own progress bar");
    let progress = progress_of(&app, id, "?of=change").await;
    assert_eq!(progress["state"], "done");
    assert_eq!(progress["sent"], 3);
    // The sending's own numbers are not mixed with the edit's.
    let progress = progress_of(&app, id, "").await;
    assert_eq!(progress["total"], 3, "{progress}");

    // An invalid edit is refused next to the field, and nothing is queued.
    let r = revise(&app, id, "<b>unclosed", "html").await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("never closed"));
    assert_eq!(rows_by_action(&app, id, "edit").await.len(), 3);
}

#[tokio::test]
async fn deleting_a_broadcast_for_everyone_removes_it_from_every_chat_once() {
    let app = spawn_app_with_telegram(Intake::Polling).await;
    sign_in_admin(&app).await;
    let chats = [621, 622];
    for (i, chat) in chats.iter().enumerate() {
        member(&app, &format!("member{i}"), *chat).await;
    }
    let id = broadcast(&app, "Wrong date, sorry").await;
    wait_until_drained(&app.pool, WAIT).await;
    let fake = app.fake().clone();
    let page = app.get_html(&format!("/admin/broadcasts/{id}")).await;
    assert!(
        page.contains("within 48 hours"),
        "the page says Telegram's limit"
    );

    for _ in 0..2 {
        // Twice: the second changes nothing.
        let r = retract(&app, id).await;
        assert_eq!(r.status(), 303);
        wait_until_drained(&app.pool, WAIT).await;
    }
    let deleted = fake.deleted_messages();
    assert_eq!(deleted.len(), 2, "{deleted:?}");
    for chat in chats {
        assert!(deleted.iter().any(|(c, _)| *c == chat));
        let seen = bot_messages(&fake, chat);
        assert!(
            !seen.iter().any(|(t, _)| t == "Wrong date, sorry"),
            "{seen:?}"
        );
    }
    let page = app.get_html(&format!("/admin/broadcasts/{id}")).await;
    assert!(page.contains("Deleted for everyone"), "{page}");
    assert!(!page.contains("/retract"), "no second delete button");
    // A deleted broadcast cannot be edited.
    let r = revise(&app, id, "Back again", "plain").await;
    assert_eq!(r.status(), 409);

    // Older than Telegram's 48 hours: the page says so, and a delete is refused before it is
    // queued (Telegram would refuse each one).
    let old = broadcast(&app, "Last week's news").await;
    wait_until_drained(&app.pool, WAIT).await;
    let three_days_ago = tglink::db::now() - chrono::Duration::days(3);
    tglink::db::run(&app.pool, move |conn| {
        diesel::update(messages::table.find(old))
            .set(messages::created_at.eq(three_days_ago))
            .execute(conn)
            .map_err(anyhow::Error::from)
    })
    .await
    .unwrap();
    let page = app.get_html(&format!("/admin/broadcasts/{old}")).await;
    assert!(page.contains("more than 48 hours ago"), "{page}");
    let csrf = csrf_from(&page);
    let r = app
        .post_form(
            &format!("/admin/broadcasts/{old}/retract"),
            &[("csrf_token", &csrf)],
        )
        .await;
    assert_eq!(r.status(), 409);
    assert!(rows_by_action(&app, old, "delete").await.is_empty());
    assert_eq!(fake.deleted_messages().len(), 2);
}

async fn api_token(app: &TestApp, name: &'static str) -> String {
    tglink::db::run(&app.pool, move |conn| {
        tglink::api::api_tokens::create(conn, name).map_err(anyhow::Error::from)
    })
    .await
    .expect("token")
    .1
}

async fn call(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = app.client.request(method, app.url(path)).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let r = request.send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

async fn patch(app: &TestApp, path: &str, token: &str, body: Value) -> (u16, Value) {
    call(app, reqwest::Method::PATCH, path, token, Some(body)).await
}

#[tokio::test]
async fn the_api_edits_and_retracts_a_notification_in_the_chat() {
    let app = spawn_app_with_telegram(Intake::Polling).await;
    member(&app, "alice", 631).await;
    let token = api_token(&app, "shop").await;
    let other = api_token(&app, "blog").await;
    let (status, body) = call(
        &app,
        reqwest::Method::POST,
        "/api/v1/notifications",
        &token,
        Some(json!({"username": "alice", "text": "Order 7 ships Monday"})),
    )
    .await;
    assert_eq!(status, 202, "{body}");
    let path = format!("/api/v1/notifications/{}", body["id"]);
    wait_until_drained(&app.pool, WAIT).await;
    let fake = app.fake().clone();

    // Refusals name the field, and change nothing.
    let (status, body) = patch(&app, &path, &token, json!({"text": "x", "colour": "red"})).await;
    assert_eq!(status, 422);
    assert!(body["error"].as_str().unwrap().contains("colour"), "{body}");
    let (status, body) = patch(
        &app,
        &path,
        &token,
        json!({"text": "<b>x", "format": "html"}),
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        body["error"].as_str().unwrap().starts_with("text: "),
        "{body}"
    );
    let (status, _) = patch(&app, &path, &other, json!({"text": "Not yours"})).await;
    assert_eq!(status, 404, "another token's notification is not found");

    let before = fake.edits().len();
    let new_text = json!({"text": "Order 7 ships <b>Tuesday</b>", "format": "html"});
    let (status, body) = patch(&app, &path, &token, new_text).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["change"]["action"], "edit", "{body}");
    wait_until_drained(&app.pool, WAIT).await;
    let edits = fake.edits().split_off(before);
    assert_eq!(edits.len(), 1, "{edits:?}");
    assert_eq!(edits[0].chat_id, 631);
    let seen = bot_messages(&fake, 631);
    assert!(
        seen.iter().any(|(t, _)| t == "Order 7 ships Tuesday"),
        "{seen:?}"
    );
    let (_, body) = call(&app, reqwest::Method::GET, &path, &token, None).await;
    assert_eq!(body["status"], "sent");
    assert_eq!(body["change"]["status"], "sent", "{body}");

    let (status, body) = call(&app, reqwest::Method::DELETE, &path, &token, None).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["change"]["action"], "delete");
    wait_until_drained(&app.pool, WAIT).await;
    assert_eq!(fake.deleted_messages().len(), 1);
    assert!(
        !bot_messages(&fake, 631)
            .iter()
            .any(|(t, _)| t.starts_with("Order 7")),
    );
    // Retracting again is the same as once; editing a retracted one is a conflict.
    let (status, _) = call(&app, reqwest::Method::DELETE, &path, &token, None).await;
    assert_eq!(status, 202);
    let (status, body) = patch(&app, &path, &token, json!({"text": "Back"})).await;
    assert_eq!(status, 409, "{body}");
    wait_until_drained(&app.pool, WAIT).await;
    assert_eq!(fake.deleted_messages().len(), 1);
    let (status, _) = call(
        &app,
        reqwest::Method::DELETE,
        "/api/v1/notifications/999999",
        &token,
        None,
    )
    .await;
    assert_eq!(status, 404);
}

/// An app without a worker of its own, five members linked in the database, and a worker of the
/// test's that claims two deliveries at a time: a broadcast can be caught half sent.
async fn half_sent(text: &str) -> (TestApp, FakeTelegram, tglink::delivery::worker::Worker, i64) {
    let app = crate::helpers::spawn_app().await;
    let fake = FakeTelegram::start(crate::helpers::BOT_TOKEN)
        .await
        .unwrap();
    sign_in_admin(&app).await;
    link_users(&app.pool, Some(&fake), "member", 5, 640, false).await;
    let id = broadcast(&app, text).await;
    let mut options = fast_options();
    options.batch_size = 2;
    let mut worker = worker(&app, &fake, options);
    assert_eq!(worker.run_once().await.unwrap(), 2);
    assert_eq!(fake.sent_messages().len(), 2);
    (app, fake, worker, id)
}

#[tokio::test]
async fn an_edit_while_sending_edits_the_chats_reached_and_the_rest_get_the_new_text() {
    let (app, fake, mut worker, id) = half_sent("Meet at <b>noon</b>").await;
    let r = revise(&app, id, "Meet at <b>one</b>", "html").await;
    assert_eq!(r.status(), 303);
    drain(&mut worker, &app.pool, Duration::from_secs(30)).await;
    let sent = fake.sent_messages();
    let edits = fake.edits();
    assert_eq!(sent.len(), 5, "{sent:?}");
    assert_eq!(
        edits.len(),
        2,
        "only the two chats reached are edited: {edits:?}"
    );
    for chat in 640..645 {
        let seen = bot_messages(&fake, chat);
        assert_eq!(
            seen.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>(),
            vec!["Meet at one"],
            "chat {chat}"
        );
    }
}

#[tokio::test]
async fn deleting_while_sending_stops_the_rest_and_deletes_what_went_out() {
    let (app, fake, mut worker, id) = half_sent("Sale starts now").await;
    let r = retract(&app, id).await;
    assert_eq!(r.status(), 303);
    drain(&mut worker, &app.pool, Duration::from_secs(30)).await;
    assert_eq!(
        fake.sent_messages().len(),
        2,
        "the other three never get it"
    );
    assert_eq!(fake.deleted_messages().len(), 2);
    for chat in 640..645 {
        assert!(bot_messages(&fake, chat).is_empty(), "chat {chat}");
    }
    let cancelled = rows_by_action(&app, id, "send")
        .await
        .into_iter()
        .filter(|(_, status)| status == "cancelled")
        .count();
    assert_eq!(cancelled, 3);
}
