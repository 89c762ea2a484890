//! The bot's pipeline: chats handled side by side, one chat's updates strictly in order, every
//! acknowledged update answered even when the process dies mid-handling, and a Telegram 5xx that
//! costs only a retry.
use std::time::Duration;

use futures_util::future::join_all;
use telegram_fake::{Failure, FakeTelegram};

use crate::binary::Binary;
use crate::helpers::{BOT_TOKEN, Intake, TestDb, WAIT, spawn_app_with_telegram};

const HELP: &str = "I am the bot of";
const WHOAMI: &str = "I don't know you yet";
const UNKNOWN_LINK: &str = "I don't recognise this link";

#[tokio::test]
async fn chats_run_side_by_side_and_each_chat_in_order() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let secret = app.webhook_secret();
    // A slow Telegram: a chat's later updates arrive while its first reply is still on its way.
    app.fake().set_latency(Duration::from_millis(150));
    let chats = 12;
    let users: Vec<_> = (0..chats)
        .map(|i| app.fake().add_user(5000 + i, "User", None))
        .collect();
    let sent = join_all(users.iter().map(|user| {
        let (app, secret) = (&app, &secret);
        async move {
            for text in ["/start not-a-token", "/whoami", "/help"] {
                let r = app
                    .post_webhook(Some(secret), user.message(text).to_string())
                    .await;
                assert_eq!(r.status(), 200);
            }
        }
    }));
    sent.await;
    app.fake()
        .wait_until(WAIT, |f| f.sent_messages().len() >= 3 * chats as usize)
        .await
        .expect("every update answered");
    for user in &users {
        let replies: Vec<String> = app
            .fake()
            .messages_to(user.id)
            .into_iter()
            .map(|m| m.plain_text)
            .collect();
        assert_eq!(replies.len(), 3, "chat {}: {replies:?}", user.id);
        for (reply, expected) in replies.iter().zip([UNKNOWN_LINK, WHOAMI, HELP]) {
            assert!(
                reply.starts_with(expected),
                "chat {} answered out of order: {replies:?}",
                user.id
            );
        }
    }
    assert!(
        app.fake().max_sends_in_flight() > 1,
        "different chats were answered one at a time"
    );
}

#[tokio::test]
async fn a_reply_answered_5xx_is_sent_again() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let secret = app.webhook_secret();
    let user = app.fake().add_user(6001, "Alice", None);
    app.fake()
        .fail_next("sendMessage", Some(6001), 1, Failure::ServerError(502));
    let r = app
        .post_webhook(Some(&secret), user.message("/help").to_string())
        .await;
    assert_eq!(r.status(), 200);
    let reply = app.next_message_to(6001).await;
    assert!(reply.plain_text.starts_with(HELP), "{}", reply.plain_text);
    let statuses: Vec<_> = app
        .fake()
        .calls_to("sendMessage")
        .iter()
        .map(|c| c.status())
        .collect();
    assert_eq!(statuses, [Some(502), Some(200)]);
}

/// An update is done only once its handler finished: one whose process died mid-reply (kill -9)
/// is handled again by the next process, not lost.
#[tokio::test]
async fn an_update_in_hand_when_the_process_dies_is_handled_after_the_restart() {
    let fake = FakeTelegram::start(BOT_TOKEN).await.unwrap();
    let db = TestDb::new();
    let dir = tempfile::tempdir().unwrap(); // no stray .env
    let mut first = Binary::start(&fake, &db, dir.path(), false).await;
    // The reply hangs at Telegram: the update is claimed and its handler is mid-flight.
    fake.set_latency(Duration::from_secs(3600));
    let user = fake.add_user(7001, "Alice", None);
    user.send_text("/help").await.unwrap();
    fake.wait_until(WAIT, |f| f.sends_in_flight() == 1)
        .await
        .expect("the bot starts replying");
    // Wait until the poller confirmed the update to Telegram (it asks for the next ones).
    fake.wait_until(WAIT, |f| f.pending_updates().is_empty())
        .await
        .expect("the update is confirmed");
    first.kill9();

    fake.set_latency(Duration::ZERO);
    let _second = Binary::start(&fake, &db, dir.path(), false).await;
    // On PostgreSQL the dead process's lease must run out first (15 s).
    let reply = fake
        .wait_for_message_to(7001, Duration::from_secs(40))
        .await
        .expect("the update is handled after the restart");
    assert!(reply.plain_text.starts_with(HELP), "{}", reply.plain_text);
}
