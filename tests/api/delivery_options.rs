//! How a message is delivered: silent and protected messages, URL buttons (with a topic's Mute
//! after them), and members' quiet hours, checked as the Bot API parameters that reach the fake.
use std::time::Duration;

use chrono::Timelike;
use serde_json::{Value, json};

use crate::broadcast_support::*;
use crate::helpers::{Intake, TestApp, csrf_from, location, spawn_app_with_telegram};

const WAIT: Duration = Duration::from_secs(20);

/// The parameters of the `sendMessage` that carried `text` to `chat`.
async fn sent_params(app: &TestApp, chat: i64, text: &str) -> Value {
    let fake = app.fake().clone();
    let found = |f: &telegram_fake::FakeTelegram| {
        f.calls_to("sendMessage").into_iter().find(|c| {
            c.is_ok() && c.params["chat_id"] == json!(chat) && c.params["text"] == json!(text)
        })
    };
    fake.wait_until(WAIT, |f| found(f).is_some())
        .await
        .unwrap_or_else(|e| panic!("{text:?} never reached chat {chat}: {e}"));
    found(&fake).map(|c| c.params).unwrap_or_default()
}

/// (label, url or callback_data) of each button, row by row.
fn buttons(params: &Value) -> Vec<(String, String)> {
    params["reply_markup"]["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().cloned().unwrap_or_default())
        .map(|b| {
            let target = b["url"].as_str().or(b["callback_data"].as_str());
            (
                b["text"].as_str().unwrap_or_default().to_string(),
                target.unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn is_true(params: &Value, name: &str) -> bool {
    params[name] == json!(true)
}

async fn api_token(app: &TestApp) -> String {
    tglink::db::run(&app.pool, |conn| {
        tglink::api::api_tokens::create(conn, "shop").map_err(anyhow::Error::from)
    })
    .await
    .expect("token")
    .1
}

async fn notify(app: &TestApp, token: &str, body: Value) -> (u16, Value) {
    let r = app
        .client
        .post(app.url("/api/v1/notifications"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

#[tokio::test]
async fn api_notifications_arrive_silent_protected_and_with_their_buttons() {
    let app = spawn_app_with_telegram(Intake::Polling).await;
    sign_in_admin(&app).await;
    let r = app
        .submit(
            "/admin/topics",
            "/admin/topics",
            &[("name", "Orders"), ("default_on", "on")],
        )
        .await;
    assert_eq!(r.status(), 303);
    member(&app, "alice", 501).await;
    let token = api_token(&app).await;

    let (status, body) = notify(
        &app,
        &token,
        json!({
            "username": "alice", "text": "Your order shipped", "topic": "Orders",
            "silent": true, "protect_content": true,
            "buttons": [
                {"text": "Track it", "url": "https://shop.example/track/1"},
                {"text": "Help", "url": "https://shop.example/help"}
            ]
        }),
    )
    .await;
    assert_eq!(status, 202, "{body}");
    let params = sent_params(&app, 501, "Your order shipped").await;
    assert!(is_true(&params, "disable_notification"), "{params}");
    assert!(is_true(&params, "protect_content"), "{params}");
    let shown = buttons(&params);
    assert_eq!(
        shown[0],
        ("Track it".into(), "https://shop.example/track/1".into())
    );
    assert_eq!(
        shown[1],
        ("Help".into(), "https://shop.example/help".into())
    );
    assert_eq!(shown[2].0, "🔕 Mute Orders", "the Mute button comes last");

    let (_, body) = notify(&app, &token, json!({"username": "alice", "text": "Plain"})).await;
    assert!(body["id"].is_i64());
    let params = sent_params(&app, 501, "Plain").await;
    assert!(!is_true(&params, "disable_notification") && !is_true(&params, "protect_content"));
    assert!(
        params.get("reply_markup").is_none_or(Value::is_null),
        "{params}"
    );

    let four = json!({"text": "x", "url": "https://a.example"});
    for (body, field) in [
        (
            json!({"username": "alice", "text": "x", "buttons": [{"text": "x", "url": "http://a.example"}]}),
            "buttons[0]:",
        ),
        (
            json!({"username": "alice", "text": "x", "buttons": [four, four, four, four]}),
            "buttons:",
        ),
        (
            json!({"username": "alice", "text": "x", "buttons": [{"text": "", "url": "https://a.example"}]}),
            "buttons[0]:",
        ),
        (
            json!({"username": "alice", "text": "x", "buttons": [four, {"text": "x", "url": "https://user:pw@a.example/"}]}),
            "buttons[1]: A button's address must not hold a username or password",
        ),
        (
            json!({"username": "alice", "text": "x", "buttons": [{"text": "x", "url": "https://token@a.example/"}]}),
            "buttons[0]: A button's address must not hold a username or password",
        ),
        (
            json!({"username": "alice", "text": "x", "silent": "yes"}),
            "silent",
        ),
        (
            json!({"username": "alice", "text": "x", "buttons": [{"text": "x", "url": "https://a.example", "color": "red"}]}),
            "color",
        ),
    ] {
        let (status, answer) = notify(&app, &token, body.clone()).await;
        assert_eq!(status, 422, "{body}");
        assert!(
            answer["error"].as_str().unwrap().contains(field),
            "{field}: {answer}"
        );
    }
}

#[tokio::test]
async fn a_broadcast_carries_its_buttons_and_a_bad_one_comes_back_marked() {
    let app = spawn_app_with_telegram(Intake::Polling).await;
    sign_in_admin(&app).await;
    member(&app, "alice", 501).await;

    let page = app.get_html("/admin/broadcasts/new").await;
    let key = idempotency_key(&page);
    let mut fields = vec![
        ("csrf_token", csrf_from(&page)),
        ("idempotency_key", key),
        ("text", "Doors open at nine".to_string()),
        ("format", "plain".into()),
        ("audience", "all".into()),
        ("button_text_1", "Programme".into()),
        ("button_url_1", "https://fest.example/programme".into()),
        ("button_text_2", "Tickets".into()),
        ("button_url_2", "ftp://fest.example".into()),
    ];
    let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = app.post_form("/admin/broadcasts", &form).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("Button 2: A button&#39;s address must start with https://."),
        "{html}"
    );
    assert!(
        html.contains("value=\"ftp://fest.example\""),
        "what was typed is kept"
    );
    assert!(html.contains("Doors open at nine"), "the text is kept");

    // An address with credentials in it would hand them to every member.
    fields[8].1 = "https://user:pw@fest.example/tickets".into();
    let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = app.post_form("/admin/broadcasts", &form).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("Button 2: A button&#39;s address must not hold a username or password."),
        "{html}"
    );

    fields[8].1 = "https://fest.example/tickets".into();
    fields.push(("silent", "on".into()));
    let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let sent = app.post_form("/admin/broadcasts", &form).await;
    assert_eq!(sent.status(), 303);
    assert!(location(&sent).starts_with("/admin/broadcasts/"));
    let params = sent_params(&app, 501, "Doors open at nine").await;
    assert!(is_true(&params, "disable_notification"));
    assert_eq!(
        buttons(&params),
        vec![
            ("Programme".into(), "https://fest.example/programme".into()),
            ("Tickets".into(), "https://fest.example/tickets".into())
        ]
    );
}

/// "HH:MM" of now plus `minutes` (UTC), wrapping at midnight.
fn utc_clock(minutes: i64) -> String {
    let now = chrono::Utc::now().naive_utc().time();
    let total =
        (i64::from(now.hour()) * 60 + i64::from(now.minute()) + minutes).rem_euclid(24 * 60);
    format!("{:02}:{:02}", total / 60, total % 60)
}

#[tokio::test]
async fn quiet_hours_silence_messages_except_critical_ones() {
    let app = spawn_app_with_telegram(Intake::Polling).await;
    sign_in_admin(&app).await;
    let r = app
        .submit(
            "/admin/topics",
            "/admin/topics",
            &[("name", "Outages"), ("critical", "on")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let (alice, _) = member(&app, "alice", 501).await;
    member(&app, "bob", 502).await;

    // Refused with the reason, nothing saved.
    for (start, end, zone, error) in [
        ("22:00", "22:00", "UTC", "differ"),
        ("25:00", "07:00", "UTC", "From: Give a time like 22:00."),
        ("22:00", "07:00", "Mars/Olympus", "Choose your time zone"),
    ] {
        let r = alice
            .submit(
                "/account/notifications",
                "/account/notifications/quiet",
                &[
                    ("quiet", "on"),
                    ("quiet_start", start),
                    ("quiet_end", end),
                    ("time_zone", zone),
                ],
            )
            .await;
        assert_eq!(r.status(), 422, "{start} {end} {zone}");
        let html = r.text().await.unwrap();
        assert!(html.contains(error), "{error}: {html}");
    }

    // A window around now, in UTC.
    let (start, end) = (utc_clock(-60), utc_clock(60));
    let r = alice
        .submit(
            "/account/notifications",
            "/account/notifications/quiet",
            &[
                ("quiet", "on"),
                ("quiet_start", &start),
                ("quiet_end", &end),
                ("time_zone", "UTC"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let page = alice.get_html("/account/notifications").await;
    assert!(page.contains(&format!("value=\"{start}\"")), "{page}");
    assert!(page.contains("<option selected>UTC</option>"), "{page}");

    let page = app.get_html("/admin/broadcasts/new").await;
    let outages = page
        .split("data-name=\"Outages\"")
        .next()
        .and_then(|before| before.rsplit("value=\"").next())
        .and_then(|v| v.split('"').next())
        .expect("the Outages option")
        .to_string();
    for (text, topic) in [
        ("Good night news", ""),
        ("The site is down", outages.as_str()),
    ] {
        let page = app.get_html("/admin/broadcasts/new").await;
        let r = app
            .post_form(
                "/admin/broadcasts",
                &[
                    ("csrf_token", &csrf_from(&page)),
                    ("idempotency_key", &idempotency_key(&page)),
                    ("text", text),
                    ("format", "plain"),
                    ("audience", "all"),
                    ("topic", topic),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
    }
    assert!(is_true(
        &sent_params(&app, 501, "Good night news").await,
        "disable_notification"
    ));
    assert!(
        !is_true(
            &sent_params(&app, 501, "The site is down").await,
            "disable_notification"
        ),
        "a critical topic rings in quiet hours"
    );
    assert!(
        !is_true(
            &sent_params(&app, 502, "Good night news").await,
            "disable_notification"
        ),
        "bob has no quiet hours"
    );

    // Turning them off clears them.
    let r = alice
        .submit(
            "/account/notifications",
            "/account/notifications/quiet",
            &[
                ("quiet_start", "22:00"),
                ("quiet_end", "07:00"),
                ("time_zone", "UTC"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let page = alice.get_html("/account/notifications").await;
    assert!(
        !page.contains("name=\"quiet\" type=\"checkbox\" checked"),
        "{page}"
    );
}
