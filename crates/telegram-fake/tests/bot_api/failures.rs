//! Failures a test can script or switch on, and the errors Telegram gives on its own: blocked
//! and unknown chats, rate limits, lost responses, latency.

use std::time::{Duration, Instant};

use telegram_fake::Failure;
use teloxide_core::{ApiError, RequestError, prelude::*};

use crate::helpers::start;

#[tokio::test]
async fn scripted_failures_surface_as_teloxide_errors() {
    let (fake, bot) = start().await;
    let alice = fake.add_user(1001, "Alice", None);
    let bob = fake.add_user(1002, "Bob", None);
    let chat = ChatId(alice.id);

    fake.fail_next(
        "sendMessage",
        None,
        1,
        Failure::TooManyRequests { retry_after: 5 },
    );
    match bot.send_message(chat, "x").await.unwrap_err() {
        RequestError::RetryAfter(s) => assert_eq!(s.seconds(), 5),
        other => panic!("unexpected {other:?}"),
    }

    fake.fail_next("sendmessage", Some(alice.id), 1, Failure::Blocked);
    bot.send_message(ChatId(bob.id), "bob is not scripted")
        .await
        .unwrap();
    assert!(matches!(
        bot.send_message(chat, "x").await.unwrap_err(),
        RequestError::Api(ApiError::BotBlocked)
    ));

    fake.fail_next("SENDMESSAGE", None, 1, Failure::ChatNotFound);
    assert!(matches!(
        bot.send_message(chat, "x").await.unwrap_err(),
        RequestError::Api(ApiError::ChatNotFound)
    ));

    fake.fail_next(
        "sendMessage",
        None,
        1,
        Failure::MigrateToChat(-1001234567890),
    );
    match bot.send_message(chat, "x").await.unwrap_err() {
        RequestError::MigrateToChatId(to) => assert_eq!(to, ChatId(-1001234567890)),
        other => panic!("unexpected {other:?}"),
    }

    fake.fail_next("*", None, 1, Failure::NetworkDrop);
    assert!(matches!(
        bot.get_me().await.unwrap_err(),
        RequestError::Network(_)
    ));

    // Scripts are used up: the next call goes through.
    bot.send_message(chat, "fine").await.unwrap();
    let outcomes: Vec<Option<u16>> = fake
        .calls_to("sendmessage")
        .iter()
        .map(|c| c.status())
        .collect();
    assert_eq!(
        outcomes,
        [
            Some(429),
            Some(200),
            Some(403),
            Some(400),
            Some(400),
            Some(200)
        ]
    );
}

#[tokio::test]
async fn a_lost_response_still_sends_the_message() {
    let (fake, bot) = start().await;
    let alice = fake.add_user(1001, "Alice", None);
    fake.fail_next("sendMessage", Some(alice.id), 1, Failure::ResponseLost);
    assert!(matches!(
        bot.send_message(ChatId(alice.id), "once")
            .await
            .unwrap_err(),
        RequestError::Network(_)
    ));
    assert_eq!(fake.messages_to(alice.id).len(), 1, "Telegram did send it");
    assert_eq!(fake.calls_to("sendMessage")[0].status(), None);
}

#[tokio::test]
async fn unknown_and_blocked_chats_answer_like_telegram() {
    let (fake, bot) = start().await;
    assert!(matches!(
        bot.send_message(ChatId(999), "x").await.unwrap_err(),
        RequestError::Api(ApiError::ChatNotFound)
    ));
    let alice = fake.add_user(1001, "Alice", None);
    fake.block_bot(alice.id);
    assert!(matches!(
        bot.send_message(ChatId(alice.id), "x").await.unwrap_err(),
        RequestError::Api(ApiError::BotBlocked)
    ));
    fake.unblock_bot(alice.id);
    bot.send_message(ChatId(alice.id), "x").await.unwrap();
}

#[tokio::test]
async fn rate_limits_answer_429_and_are_counted() {
    let (fake, bot) = start().await;
    let alice = fake.add_user(1001, "Alice", None);
    let bob = fake.add_user(1002, "Bob", None);
    fake.enforce_rate_limits(2, 1);
    bot.send_message(ChatId(alice.id), "1").await.unwrap();
    match bot.send_message(ChatId(alice.id), "2").await.unwrap_err() {
        RequestError::RetryAfter(s) => assert_eq!(s.seconds(), 1),
        other => panic!("unexpected {other:?}"),
    }
    bot.send_message(ChatId(bob.id), "3").await.unwrap();
    let carol = fake.add_user(1003, "Carol", None);
    assert!(
        bot.send_message(ChatId(carol.id), "4").await.is_err(),
        "2/s overall"
    );
    assert_eq!(fake.count_429(), 2);
    tokio::time::sleep(Duration::from_millis(1050)).await;
    bot.send_message(ChatId(alice.id), "5").await.unwrap();
}

#[tokio::test]
async fn latency_delays_send_message() {
    let (fake, bot) = start().await;
    let alice = fake.add_user(1001, "Alice", None);
    fake.set_latency(Duration::from_millis(300));
    let started = Instant::now();
    bot.send_message(ChatId(alice.id), "slow").await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn a_share_of_all_calls_fails_at_random_until_switched_off() {
    let (fake, bot) = start().await;
    let alice = fake.add_user(1001, "Alice", None);
    fake.fail_share("sendMessage", 0.2, Failure::Blocked);
    let mut failed = 0;
    for _ in 0..200 {
        if bot.send_message(ChatId(alice.id), "x").await.is_err() {
            failed += 1;
        }
    }
    assert!((20..=60).contains(&failed), "{failed} of 200 failed");
    bot.get_me().await.expect("other methods are not affected");
    fake.fail_share("sendMessage", 0.0, Failure::Blocked);
    for _ in 0..20 {
        bot.send_message(ChatId(alice.id), "x").await.unwrap();
    }
}

#[tokio::test]
async fn a_server_error_after_the_call_still_sends_the_message() {
    let (fake, bot) = start().await;
    let alice = fake.add_user(1001, "Alice", None);
    fake.fail_next(
        "sendMessage",
        Some(alice.id),
        1,
        Failure::SentThenServerError(502),
    );
    let err = bot
        .send_message(ChatId(alice.id), "once")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, RequestError::Api(ApiError::Unknown(text)) if text == "Bad Gateway"),
        "{err:?}"
    );
    assert_eq!(fake.messages_to(alice.id).len(), 1, "Telegram did send it");
    assert_eq!(fake.calls_to("sendMessage")[0].status(), Some(502));
}

#[tokio::test]
async fn a_send_slower_than_the_clients_timeout_still_arrives() {
    let (fake, _bot) = start().await;
    let alice = fake.add_user(1001, "Alice", None);
    fake.set_latency(Duration::from_millis(400));
    let client = reqwest::Client::builder()
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let url = format!(
        "{}/bot{}/sendMessage",
        fake.api_url(),
        crate::helpers::TOKEN
    );
    let sent = client
        .post(url)
        .json(&serde_json::json!({ "chat_id": alice.id, "text": "late" }))
        .send()
        .await;
    assert!(sent.is_err_and(|e| e.is_timeout()), "the client gave up");
    assert!(fake.messages_to(alice.id).is_empty(), "not yet");
    fake.wait_for_sent(1, Duration::from_secs(5))
        .await
        .expect("Telegram carries out a call it received, whoever still listens");
    assert_eq!(fake.messages_to(alice.id)[0].text, "late");
    assert_eq!(fake.calls_to("sendMessage").len(), 1, "and records it");
}
