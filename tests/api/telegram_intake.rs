//! Update intake: the webhook's registration and secret, junk and duplicate updates, long
//! polling.
use crate::both_intakes;
use crate::helpers::{Intake, spawn_app_with_telegram, spawn_app_with_telegram_and};

#[tokio::test]
async fn the_webhook_is_registered_with_a_secret_and_the_updates_it_handles() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let hook = app.fake().webhook().unwrap();
    assert_eq!(
        hook.url,
        format!("http://127.0.0.1:{}/telegram/webhook", app.port)
    );
    let secret = hook.secret_token.expect("a secret token");
    assert_eq!(secret.len(), 43);
    let mut allowed = hook.allowed_updates.expect("allowed_updates");
    allowed.sort();
    assert_eq!(allowed, ["callback_query", "message", "my_chat_member"]);
    assert!(app.fake().calls_to("getUpdates").is_empty());
}

#[tokio::test]
async fn a_configured_webhook_secret_is_used() {
    let app = spawn_app_with_telegram_and(Intake::Webhook, |c| {
        c.webhook_secret = Some("my-own_secret".into())
    })
    .await;
    assert_eq!(app.webhook_secret(), "my-own_secret");
}

#[tokio::test]
async fn polling_mode_deletes_the_webhook_and_polls() {
    let app = spawn_app_with_telegram(Intake::Polling).await;
    assert!(app.fake().webhook().is_none());
    let user = app.fake().add_user(111, "Alice", None);
    user.send_text("/help").await.unwrap();
    app.next_message_to(111).await;
    let polls = app.fake().calls_to("getUpdates");
    let params = &polls.last().expect("getUpdates calls").params;
    assert!(params.get("timeout").is_some(), "long polling: {params}");
    assert_eq!(
        app.post_webhook(Some("x"), "{}").await.status(),
        404,
        "no webhook route in polling mode"
    );
}

#[tokio::test]
async fn a_wrong_or_missing_secret_is_refused_and_not_processed() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let user = app.fake().add_user(111, "Alice", None);
    let update = user.message("/whoami").to_string();
    assert_eq!(app.post_webhook(None, update.clone()).await.status(), 401);
    assert_eq!(
        app.post_webhook(Some("wrong"), update.clone())
            .await
            .status(),
        401
    );
    let mut almost = app.webhook_secret();
    almost.pop();
    assert_eq!(app.post_webhook(Some(&almost), update).await.status(), 401);

    // Had any of them been processed, its /whoami answer would come first.
    user.send_text("/help").await.unwrap();
    assert!(
        app.next_message_to(111)
            .await
            .plain_text
            .starts_with("I am the bot of tglink.")
    );
}

#[tokio::test]
async fn junk_bodies_are_acknowledged_and_the_bot_keeps_working() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let secret = app.webhook_secret();
    let junk: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"not json".to_vec(),
        b"{}".to_vec(),
        b"[]".to_vec(),
        b"null".to_vec(),
        vec![0xff, 0xfe, 0x00],
        br#"{"update_id": "seven"}"#.to_vec(),
        br#"{"update_id": -1, "message": {"bogus": true}}"#.to_vec(),
        br#"{"update_id": 5, "callback_query": {"id": 1}}"#.to_vec(),
        br#"{"update_id": 6, "something_new": {"a": 1}}"#.to_vec(),
        format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes(),
    ];
    for body in junk {
        let r = app.post_webhook(Some(&secret), body.clone()).await;
        assert_eq!(
            r.status(),
            200,
            "{:?}",
            String::from_utf8_lossy(&body[..body.len().min(40)])
        );
    }
    let user = app.fake().add_user(111, "Alice", None);
    user.send_text("/help").await.unwrap();
    app.next_message_to(111).await;
}

both_intakes!(a_duplicate_update_is_processed_once);

async fn a_duplicate_update_is_processed_once(intake: Intake) {
    let app = spawn_app_with_telegram(intake).await;
    let user = app.fake().add_user(111, "Alice", None);
    let update = user.message("/whoami");
    app.fake().send_update(update.clone()).await.unwrap();
    app.fake().send_update(update).await.unwrap();
    user.send_text("/help").await.unwrap();
    assert!(
        app.next_message_to(111)
            .await
            .plain_text
            .starts_with("I don't know you yet")
    );
    assert!(
        app.next_message_to(111)
            .await
            .plain_text
            .starts_with("I am the bot of tglink."),
        "no second /whoami answer"
    );
}

/// Every update is stored before the webhook answers 200, so those acknowledged while the bot
/// cannot answer (Telegram hangs) are not lost: each is handled once Telegram answers again.
#[tokio::test]
async fn updates_acknowledged_while_the_bot_is_stuck_are_all_handled_later() {
    let app = spawn_app_with_telegram_and(Intake::Webhook, |c| {
        c.telegram_timeout = std::time::Duration::from_secs(2)
    })
    .await;
    let secret = app.webhook_secret();
    let users: Vec<_> = (0..20)
        .map(|i| app.fake().add_user(1000 + i, "Alice", None))
        .collect();
    // Replies hang (until the client's own timeout), so every handler is stuck.
    app.fake().set_latency(std::time::Duration::from_secs(3600));
    let updates = 300;
    for i in 0..updates {
        let user = &users[i % users.len()];
        let r = app
            .post_webhook(Some(&secret), user.message("/help").to_string())
            .await;
        assert_eq!(r.status(), 200, "stored, so acknowledged");
    }
    app.fake().set_latency(std::time::Duration::ZERO);
    // All stored; handled once Telegram answers again.
    let count = || async {
        use diesel::prelude::*;
        use tglink::db::schema::processed_updates as p;
        tglink::db::run(&app.pool, |conn| {
            let stored: i64 = p::table.count().get_result(conn)?;
            let open: i64 = p::table
                .filter(p::handled_at.is_null())
                .count()
                .get_result(conn)?;
            Ok::<_, anyhow::Error>((stored, open))
        })
        .await
        .expect("count the inbox")
    };
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(120);
    loop {
        let (stored, open) = count().await;
        assert_eq!(
            stored, updates as i64,
            "every acknowledged update was stored"
        );
        if open == 0 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{open} updates never handled"
        );
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    // Handled once each: no update got two answers (those whose reply hung got none).
    let replies: usize = users
        .iter()
        .map(|u| app.fake().messages_to(u.id).len())
        .sum();
    assert!(
        replies <= updates && replies + users.len() >= updates,
        "{replies} replies"
    );
}
