//! Broadcasts and notifications in several languages (issue 27): a member gets the variant of
//! their language (the one they chose, else their Telegram's), everyone else the default text;
//! the API's `translations`, and a subscriber's `language` in the linking API. Checked where the
//! messages land: the fake Bot API's chats.
use std::time::Duration;

use diesel::prelude::*;
use serde_json::{Value, json};
use telegram_fake::FakeTelegram;
use tglink::db::schema::{telegram_links, users};

use crate::broadcast_support::*;
use crate::helpers::{Intake, TestApp, location, spawn_app_with_telegram};

const WAIT: Duration = Duration::from_secs(20);

/// What the member chose (`users.language`) and what their Telegram says
/// (`telegram_links.language_code`), as the account page and the linking store them.
async fn set_languages(app: &TestApp, username: &str, chosen: Option<&str>, code: Option<&str>) {
    let id = user_id(&app.pool, username).await;
    let (chosen, code) = (chosen.map(str::to_string), code.map(str::to_string));
    tglink::db::run(&app.pool, move |conn| {
        diesel::update(users::table.find(id))
            .set(users::language.eq(chosen))
            .execute(conn)?;
        diesel::update(telegram_links::table.find(id))
            .set(telegram_links::language_code.eq(code))
            .execute(conn)
            .map_err(anyhow::Error::from)
    })
    .await
    .expect("set the languages");
}

/// The texts the bot sent to a chat, as its member sees them now.
fn bot_texts(fake: &FakeTelegram, chat: i64) -> Vec<String> {
    fake.conversation(chat)
        .into_iter()
        .filter(|m| m.from_bot)
        .map(|m| m.text)
        .collect()
}

/// Three linked members: one chose Persian, one's Telegram is Russian, one has no language.
async fn three_members(app: &TestApp) {
    member(app, "parisa", 701).await;
    member(app, "ivan", 702).await;
    member(app, "dora", 703).await;
    set_languages(app, "parisa", Some("fa"), Some("en")).await;
    set_languages(app, "ivan", None, Some("ru-RU")).await;
    set_languages(app, "dora", None, Some("de")).await;
}

#[tokio::test]
async fn a_broadcast_reaches_each_member_in_their_language_and_the_rest_in_the_default() {
    let app = spawn_app_with_telegram(Intake::Polling).await;
    sign_in_admin(&app).await;
    three_members(&app).await;

    // A bad variant comes back next to its own field, and nothing is queued.
    let r = compose(
        &app,
        &[
            ("text", "<b>Party</b> on Friday"),
            ("format", "html"),
            ("translation_ru", "<b>Вечеринка"),
            ("audience", "all"),
        ],
    )
    .await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("id=\"translation_ru-error\""), "{page}");
    assert!(
        page.contains("Русский: This is not valid Telegram HTML"),
        "{page}"
    );
    assert!(
        page.contains("&#60;b&#62;Вечеринка"),
        "the variant is kept as typed"
    );

    let r = compose(
        &app,
        &[
            ("text", "<b>Party</b> on Friday"),
            ("format", "html"),
            ("translation_fa", "<b>جشن</b> روز جمعه"),
            ("translation_ru", "<b>Вечеринка</b> в пятницу"),
            ("audience", "all"),
        ],
    )
    .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    let id = broadcast_id(&location(&r));
    wait_until_drained(&app.pool, WAIT).await;
    let fake = app.fake().clone();
    assert!(bot_texts(&fake, 701).contains(&"جشن روز جمعه".to_string()));
    assert!(bot_texts(&fake, 702).contains(&"Вечеринка в пятницу".to_string()));
    assert!(bot_texts(&fake, 703).contains(&"Party on Friday".to_string()));
    for chat in [701, 702, 703] {
        let party = bot_texts(&fake, chat)
            .into_iter()
            .filter(|t| t.contains("Party") || t.contains("جشن") || t.contains("Вечеринка"))
            .count();
        assert_eq!(party, 1, "one message to chat {chat}");
    }
    let page = app.get_html(&format!("/admin/broadcasts/{id}")).await;
    assert!(page.contains("Translations"), "{page}");
    assert!(page.contains("فارسی (fa)") && page.contains("Русский (ru)"));

    // Deleting it for everyone deletes each member's own variant.
    let csrf = app.csrf(&format!("/admin/broadcasts/{id}")).await;
    let r = app
        .post_form(
            &format!("/admin/broadcasts/{id}/retract"),
            &[("csrf_token", &csrf)],
        )
        .await;
    assert_eq!(r.status(), 303);
    wait_until_drained(&app.pool, WAIT).await;
    assert!(!bot_texts(&fake, 701).contains(&"جشن روز جمعه".to_string()));
    assert!(!bot_texts(&fake, 702).contains(&"Вечеринка в пятницу".to_string()));
    assert!(!bot_texts(&fake, 703).contains(&"Party on Friday".to_string()));
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

async fn api_token(app: &TestApp) -> String {
    tglink::db::run(&app.pool, |conn| {
        tglink::api::api_tokens::create(conn, "shop").map_err(anyhow::Error::from)
    })
    .await
    .expect("token")
    .1
}

#[tokio::test]
async fn an_api_notification_goes_out_in_the_members_language_and_each_variant_is_checked() {
    let app = spawn_app_with_telegram(Intake::Polling).await;
    three_members(&app).await;
    let token = api_token(&app).await;
    let post = |to: &str, extra: Value| {
        let mut body = json!({
            "username": to,
            "text": "Order 7 shipped",
            "translations": {"fa": "سفارش ۷ ارسال شد", "ru": "Заказ 7 отправлен"},
        });
        if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
            b.extend(e.clone());
        }
        body
    };
    let notifications = "/api/v1/notifications";
    let mut ids = Vec::new();
    for to in ["parisa", "ivan", "dora"] {
        let (status, body) = call(
            &app,
            reqwest::Method::POST,
            notifications,
            &token,
            Some(post(to, json!({}))),
        )
        .await;
        assert_eq!(status, 202, "{body}");
        ids.push(body["id"].clone());
    }
    wait_until_drained(&app.pool, WAIT).await;
    let fake = app.fake().clone();
    assert!(bot_texts(&fake, 701).contains(&"سفارش ۷ ارسال شد".to_string()));
    assert!(bot_texts(&fake, 702).contains(&"Заказ 7 отправлен".to_string()));
    assert!(bot_texts(&fake, 703).contains(&"Order 7 shipped".to_string()));

    // Each variant is checked like the text, and an error names it.
    let refusals = [
        (
            json!({"format": "html", "translations": {"ru": "<b>Заказ"}}),
            "translations.ru: This is not valid Telegram HTML",
        ),
        (
            json!({"translations": {"ru": "  "}}),
            "translations.ru: Write the message first.",
        ),
        (
            json!({"translations": {"klingon": "Qapla'"}}),
            "translations.klingon: not a language tglink speaks",
        ),
        (
            json!({"translations": {"ru": 7}}),
            "translations.ru: invalid type",
        ),
    ];
    for (extra, error) in refusals {
        let (status, body) = call(
            &app,
            reqwest::Method::POST,
            notifications,
            &token,
            Some(post("ivan", extra)),
        )
        .await;
        assert_eq!(status, 422, "{body}");
        let said = body["error"].as_str().unwrap_or_default();
        assert!(said.starts_with(error), "{said} (wanted {error})");
    }

    // PATCH edits a variant in place for the members who have it; the others are left alone.
    let before = fake.edits().len();
    let ivan = format!("{notifications}/{}", ids[1]);
    let edit = json!({"text": "Order 7 shipped", "translations": {"ru": "Заказ 7 уже в пути"}});
    let (status, body) = call(&app, reqwest::Method::PATCH, &ivan, &token, Some(edit)).await;
    assert_eq!(status, 202, "{body}");
    wait_until_drained(&app.pool, WAIT).await;
    let edits = fake.edits().split_off(before);
    assert_eq!(edits.len(), 1, "{edits:?}");
    assert!(bot_texts(&fake, 702).contains(&"Заказ 7 уже в пути".to_string()));
    let edit = json!({"text": "Order 7 shipped", "translations": {"es": "Pedido 7 enviado"}});
    let (status, body) = call(&app, reqwest::Method::PATCH, &ivan, &token, Some(edit)).await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .starts_with("translations.es: ")
    );
}

#[tokio::test]
async fn the_linking_api_takes_and_returns_a_subscribers_language() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let token = api_token(&app).await;
    let link = json!({"external_id": "u-42", "language": "pt-br"});
    let (status, body) = call(
        &app,
        reqwest::Method::POST,
        "/api/v1/links",
        &token,
        Some(link),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["language"], "pt-BR", "the canonical tag: {body}");
    let (status, body) = call(
        &app,
        reqwest::Method::GET,
        "/api/v1/subscribers/u-42",
        &token,
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["language"], "pt-BR", "{body}");
    let (_, body) = call(
        &app,
        reqwest::Method::GET,
        "/api/v1/subscribers/u-43",
        &token,
        None,
    )
    .await;
    assert_eq!(body["language"], Value::Null, "{body}");

    let bad = json!({"external_id": "u-42", "language": "pt-PT-x"});
    let (status, body) = call(
        &app,
        reqwest::Method::POST,
        "/api/v1/links",
        &token,
        Some(bad),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["error"].as_str().unwrap().starts_with("language: "),
        "{body}"
    );
    // A link without a language keeps the one given before.
    let again = json!({"external_id": "u-42"});
    let (status, _) = call(
        &app,
        reqwest::Method::POST,
        "/api/v1/links",
        &token,
        Some(again),
    )
    .await;
    assert_eq!(status, 201);
    let (_, body) = call(
        &app,
        reqwest::Method::GET,
        "/api/v1/subscribers/u-42",
        &token,
        None,
    )
    .await;
    assert_eq!(body["language"], "pt-BR", "{body}");
}
