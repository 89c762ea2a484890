//! Messages over Telegram's 4,096 characters (issue 15) go out as several, split between
//! paragraphs, each valid HTML on its own (the fake parses it as Telegram does), in order, with
//! the buttons under the last; an edit keeps the number of parts.
use std::time::Duration;

use serde_json::{Value, json};
use telegram_fake::FakeTelegram;

use crate::broadcast_support::*;
use crate::helpers::{Intake, TestApp, location, spawn_app_with_telegram};

const WAIT: Duration = Duration::from_secs(30);

/// About 9,000 visible characters in 18 paragraphs; an italic run spans paragraphs 7 to 10, so a
/// cut falls inside it.
fn long_html() -> String {
    (1..=18)
        .map(|n| {
            let words = "lorem ipsum dolor sit amet &amp; more ".repeat(13);
            let body = format!("Paragraph {n:02}: {words}");
            match n {
                7 => format!("<i>{body}"),
                10 => format!("{body}</i>"),
                _ => body,
            }
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// What a reader sees of the test's own HTML (tags dropped, `&amp;` decoded): worked out here,
/// not by the app's validator under test.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The bot's messages that reached `chat` since the test began, oldest first.
fn parts_in(fake: &FakeTelegram, chat: i64) -> Vec<telegram_fake::SentMessage> {
    fake.messages_to(chat)
        .into_iter()
        .filter(|m| m.plain_text.contains("Paragraph"))
        .collect()
}

async fn token(app: &TestApp) -> String {
    tglink::db::run(&app.pool, |conn| {
        tglink::api::api_tokens::create(conn, "shop").map_err(anyhow::Error::from)
    })
    .await
    .expect("token")
    .1
}

#[tokio::test]
async fn a_9000_character_message_arrives_as_three_ordered_parts_of_valid_html() {
    let app = spawn_app_with_telegram(Intake::Polling).await;
    member(&app, "alice", 701).await;
    let text = long_html();
    let r = app
        .client
        .post(app.url("/api/v1/notifications"))
        .bearer_auth(token(&app).await)
        .json(&json!({
            "username": "alice", "text": text, "format": "html",
            "buttons": [{"text": "Read online", "url": "https://example.com/long"}]
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202, "{}", r.text().await.unwrap());
    let fake = app.fake().clone();
    fake.wait_until(WAIT, |f| parts_in(f, 701).len() >= 3)
        .await
        .expect("three parts");
    wait_until_drained(&app.pool, WAIT).await;
    let parts = parts_in(&fake, 701);
    assert_eq!(parts.len(), 3, "{parts:?}");
    for (i, p) in parts.iter().enumerate() {
        assert!(p.plain_text.encode_utf16().count() <= 4096, "part {i}");
        assert_eq!(p.parse_mode.as_deref(), Some("HTML"));
        let last = i == parts.len() - 1;
        assert_eq!(
            p.reply_markup.is_some(),
            last,
            "buttons under the last part only"
        );
    }
    assert!(parts.windows(2).all(|w| w[0].message_id < w[1].message_id));
    assert!(parts[0].plain_text.starts_with("Paragraph 01"));
    // Together they say exactly what the message said (whitespace at the cuts aside).
    let visible = visible_text(&text);
    let joined: String = parts.iter().map(|p| p.plain_text.as_str()).collect();
    assert_eq!(squeeze(&joined), squeeze(&visible));
}

#[tokio::test]
async fn a_long_broadcast_is_edited_part_by_part_and_keeps_its_number_of_parts() {
    let app = spawn_app_with_telegram(Intake::Polling).await;
    sign_in_admin(&app).await;
    member(&app, "bob", 702).await;
    let text = long_html();
    let r = compose(
        &app,
        &[("text", &text), ("format", "html"), ("audience", "all")],
    )
    .await;
    assert_eq!(r.status(), 303);
    let id = broadcast_id(&location(&r));
    wait_until_drained(&app.pool, WAIT).await;
    let fake = app.fake().clone();
    let sent: Vec<i64> = parts_in(&fake, 702).iter().map(|p| p.message_id).collect();
    assert_eq!(sent.len(), 3);

    let edit = format!("/admin/broadcasts/{id}/edit");
    let page = app.get_html(&edit).await;
    assert!(
        page.contains("3 messages"),
        "the page says it keeps 3 parts"
    );
    let before = fake.edits().len();
    let edited = text.replace("lorem", "LOREM");
    let r = revise(&app, id, &edited, "html").await;
    assert_eq!(r.status(), 303);
    wait_until_drained(&app.pool, WAIT).await;
    let edits: Vec<Value> = fake
        .edits()
        .split_off(before)
        .into_iter()
        .map(|e| json!([e.chat_id, e.message_id]))
        .collect();
    let expected: Vec<Value> = sent.iter().map(|id| json!([702, id])).collect();
    assert_eq!(edits, expected, "each part edited once, in order");
    let chat = fake.conversation(702);
    assert!(chat.iter().filter(|m| m.text.contains("LOREM")).count() == 3);

    // A text that needs a fourth part cannot be an edit: it is refused next to the field.
    let longer = format!("{edited}\n\n{}", "More words. ".repeat(400));
    let r = revise(&app, id, &longer, "html").await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("went out as 3 messages"));
}

/// About 9,000 visible characters of Markdown in 18 paragraphs, with marks the toolbar writes.
fn long_markdown() -> String {
    (1..=18)
        .map(|n| {
            let words = "lorem ipsum dolor sit amet & more ".repeat(13);
            format!("Paragraph {n:02}: **bold {n}** __under__ ||hidden|| {words}")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[tokio::test]
async fn compose_previews_a_long_text_in_exactly_the_parts_members_then_receive() {
    let app = spawn_app_with_telegram(Intake::Polling).await;
    sign_in_admin(&app).await;
    member(&app, "carol", 703).await;
    let text = long_markdown();

    // The live preview (editor.js asks as the admin types).
    let csrf = app.csrf("/admin/broadcasts/new").await;
    let preview: Value = app
        .post_form(
            "/admin/broadcasts/parts",
            &[
                ("csrf_token", &csrf),
                ("text", &text),
                ("format", "markdown"),
            ],
        )
        .await
        .json()
        .await
        .expect("the parts as JSON");
    assert_eq!(preview["html"], true);
    let previewed: Vec<String> = preview["parts"]
        .as_array()
        .expect("parts")
        .iter()
        .map(|p| p.as_str().expect("a part").to_string())
        .collect();
    assert_eq!(previewed.len(), 3, "{preview}");
    assert!(
        previewed[0].starts_with(
            "Paragraph 01: <b>bold 1</b> <u>under</u> <tg-spoiler>hidden</tg-spoiler>"
        )
    );

    // The Preview button: the page numbers the same parts.
    let page = app
        .post_form(
            "/admin/broadcasts/preview",
            &[
                ("csrf_token", &csrf),
                ("text", &text),
                ("format", "markdown"),
                ("idempotency_key", "a-key-long-enough-to-be-valid"),
            ],
        )
        .await
        .text()
        .await
        .unwrap();
    for n in 1..=3 {
        assert!(
            page.contains(&format!("Part {n} of 3")),
            "part {n} on the page"
        );
    }
    assert!(!page.contains("Part 4 of"));

    // A short text is one message: no parts.
    let short: Value = app
        .post_form(
            "/admin/broadcasts/parts",
            &[
                ("csrf_token", &csrf),
                ("text", "**hi**"),
                ("format", "markdown"),
            ],
        )
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(short["parts"], json!(["<b>hi</b>"]));

    // Sent: carol's chat gets exactly the previewed parts, in order.
    let r = compose(
        &app,
        &[("text", &text), ("format", "markdown"), ("audience", "all")],
    )
    .await;
    assert_eq!(r.status(), 303);
    wait_until_drained(&app.pool, WAIT).await;
    let received: Vec<String> = parts_in(app.fake(), 703)
        .into_iter()
        .map(|m| m.text)
        .collect();
    assert_eq!(received, previewed);
}
