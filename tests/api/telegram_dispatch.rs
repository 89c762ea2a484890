//! The bot's pipeline: chats handled side by side, one chat's updates strictly in order, every
//! acknowledged update answered even when the process dies mid-handling, and a Telegram 5xx that
//! costs only a retry; also with two instances sharing a PostgreSQL database.
use std::time::Duration;

use futures_util::future::join_all;
use telegram_fake::{Failure, FakeTelegram};

use tglink::config::Config;
use tglink::startup::Application;

use crate::binary::Binary;
use crate::helpers::{
    BOT_TOKEN, Intake, TestDb, WAIT, spawn_app_with_telegram, spawn_app_with_telegram_and,
};

const HELP: &str = "I am the bot of";
const WHOAMI: &str = "I don't know you yet";
const NOT_A_LINK: &str = "That doesn't look like a link";
const WELCOME: &str = "Hi! I am the bot of";

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
        for (reply, expected) in replies.iter().zip([NOT_A_LINK, WHOAMI, HELP]) {
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

/// `/help` from a chat whose first `failures` replies are answered 502: the reply arrives, after
/// exactly `failures` refused calls.
async fn reply_survives_502s(chat: i64, failures: usize) {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let secret = app.webhook_secret();
    let user = app.fake().add_user(chat, "Alice", None);
    app.fake().fail_next(
        "sendMessage",
        Some(chat),
        failures,
        Failure::ServerError(502),
    );
    let r = app
        .post_webhook(Some(&secret), user.message("/help").to_string())
        .await;
    assert_eq!(r.status(), 200);
    let reply = app.next_message_to(chat).await;
    assert!(reply.plain_text.starts_with(HELP), "{}", reply.plain_text);
    // The fake files a call once it has answered it.
    app.fake()
        .wait_until(WAIT, |f| f.calls_to("sendMessage").len() > failures)
        .await
        .expect("every call filed");
    let statuses: Vec<_> = app
        .fake()
        .calls_to("sendMessage")
        .iter()
        .map(|c| c.status())
        .collect();
    let mut expected = vec![Some(502); failures];
    expected.push(Some(200));
    assert_eq!(statuses, expected);
}

#[tokio::test]
async fn a_reply_answered_5xx_is_sent_again() {
    reply_survives_502s(6001, 1).await;
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
    // On PostgreSQL the dead process's lease must run out first (3 s).
    let reply = fake
        .wait_for_message_to(7001, Duration::from_secs(40))
        .await
        .expect("the update is handled after the restart");
    assert!(reply.plain_text.starts_with(HELP), "{}", reply.plain_text);
}

/// Two instances behind a load balancer share the inbox: each chat's updates, spread over both,
/// are still answered one at a time and in order.
#[tokio::test]
async fn two_instances_on_postgresql_keep_each_chat_in_order() {
    // Always on PostgreSQL (several instances need it), whichever backend the suite runs on.
    let pg = TestDb::postgres();
    let pg_url = pg.url().to_string();
    let app = spawn_app_with_telegram_and(Intake::Webhook, |c| {
        c.database = pg_url.parse().expect("PostgreSQL URL");
    })
    .await;
    let fake = app.fake().clone();
    let secret = app.webhook_secret();
    let mut config = Config::for_tests(&pg_url);
    config.bot_token = Some(BOT_TOKEN.into());
    config.telegram_api_url = fake.api_url().parse().expect("URL");
    config.public_url = Some("http://127.0.0.1:0".parse().expect("URL"));
    let other = Application::build(config).await.expect("a second instance");
    let other_url = format!("http://127.0.0.1:{}/telegram/webhook", other.port());
    tokio::spawn(other.run_until_stopped());

    fake.set_latency(Duration::from_millis(100));
    let script = [
        ("/start not-a-token", NOT_A_LINK),
        ("/whoami", WHOAMI),
        ("/help", HELP),
        ("/start", WELCOME),
    ];
    let users: Vec<_> = (0..10)
        .map(|i| fake.add_user(9000 + i, "User", None))
        .collect();
    let client = reqwest::Client::new();
    join_all(users.iter().map(|user| {
        let (app, client, secret, other_url) = (&app, &client, &secret, &other_url);
        async move {
            for (i, (text, _)) in script.iter().enumerate() {
                let body = user.message(text).to_string();
                let status = if i % 2 == 0 {
                    app.post_webhook(Some(secret), body).await.status()
                } else {
                    client
                        .post(other_url)
                        .header("content-type", "application/json")
                        .header("X-Telegram-Bot-Api-Secret-Token", secret)
                        .body(body)
                        .send()
                        .await
                        .expect("POST the other instance")
                        .status()
                };
                assert_eq!(status, 200);
            }
        }
    }))
    .await;
    fake.wait_until(WAIT, |f| {
        f.sent_messages().len() >= script.len() * users.len()
    })
    .await
    .expect("every update answered");
    for user in &users {
        let replies: Vec<String> = fake
            .messages_to(user.id)
            .into_iter()
            .map(|m| m.plain_text)
            .collect();
        assert_eq!(replies.len(), script.len(), "chat {}: {replies:?}", user.id);
        for (reply, (_, expected)) in replies.iter().zip(script) {
            assert!(
                reply.starts_with(expected),
                "chat {} answered out of order: {replies:?}",
                user.id
            );
        }
    }
}

/// Updates can reach the webhook out of order (Telegram sends on several connections). A chat
/// whose younger update is in hand waits for it before its older one is handled: never two at
/// once.
#[tokio::test]
async fn a_chat_is_never_handled_twice_at_once_even_when_updates_arrive_out_of_order() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let secret = app.webhook_secret();
    app.fake().set_latency(Duration::from_millis(400));
    let user = app.fake().add_user(6100, "Alice", None);
    let older = user.message("/help").to_string();
    let younger = user.message("/whoami").to_string();
    assert_eq!(app.post_webhook(Some(&secret), younger).await.status(), 200);
    app.fake()
        .wait_until(WAIT, |f| f.sends_in_flight() == 1)
        .await
        .expect("the younger one is being answered");
    assert_eq!(app.post_webhook(Some(&secret), older).await.status(), 200);
    app.fake()
        .wait_until(WAIT, |f| f.messages_to(6100).len() == 2)
        .await
        .expect("both answered");
    assert_eq!(
        app.fake().max_sends_in_flight(),
        1,
        "the chat's two updates were handled at the same time"
    );
}

/// A reply on its way to a slow Telegram does not hold one of the handling slots other chats
/// wait for: with two slots, many chats' replies are in flight at once (answers are not bounded
/// by slots ÷ latency), and each chat is still answered in order.
#[tokio::test]
async fn replies_in_flight_do_not_hold_handling_slots_and_chats_stay_in_order() {
    let app = spawn_app_with_telegram_and(Intake::Webhook, |c| c.update_concurrency = 2).await;
    let secret = app.webhook_secret();
    app.fake().set_latency(Duration::from_millis(500));
    let chats = 30;
    let users: Vec<_> = (0..chats)
        .map(|i| app.fake().add_user(8000 + i, "User", None))
        .collect();
    let script = [
        ("/start not-a-token", NOT_A_LINK),
        ("/whoami", WHOAMI),
        ("/help", HELP),
    ];
    join_all(users.iter().map(|user| {
        let (app, secret) = (&app, &secret);
        async move {
            for (text, _) in script {
                let r = app
                    .post_webhook(Some(secret), user.message(text).to_string())
                    .await;
                assert_eq!(r.status(), 200);
            }
        }
    }))
    .await;
    app.fake()
        .wait_until(WAIT, |f| {
            f.sent_messages().len() >= script.len() * users.len()
        })
        .await
        .expect("every update answered");
    for user in &users {
        let replies: Vec<String> = app
            .fake()
            .messages_to(user.id)
            .into_iter()
            .map(|m| m.plain_text)
            .collect();
        assert_eq!(replies.len(), script.len(), "chat {}: {replies:?}", user.id);
        for (reply, (_, expected)) in replies.iter().zip(script) {
            assert!(
                reply.starts_with(expected),
                "chat {} answered out of order: {replies:?}",
                user.id
            );
        }
    }
    let in_flight = app.fake().max_sends_in_flight();
    assert!(
        in_flight > 2,
        "at most {in_flight} replies in flight: each held one of the two handling slots"
    );
}

/// A reply meeting a flaky gateway (three 502s in a row) is tried again until it goes out.
#[tokio::test]
async fn a_reply_gets_through_three_5xx_in_a_row() {
    reply_survives_502s(6002, 3).await;
}
