//! getUpdates: long polling, offsets, limits, `allowed_updates`, and the updates users cause
//! (blocking the bot, opening deep links).

use std::time::{Duration, Instant};

use teloxide_core::{
    ApiError, RequestError,
    prelude::*,
    types::{AllowedUpdate, InlineKeyboardButton, InlineKeyboardMarkup, UpdateKind},
};

use crate::helpers::{WAIT, start};

#[tokio::test]
async fn get_updates_long_polls_and_respects_offset() {
    let (fake, bot) = start().await;
    let alice = fake.add_user(1001, "Alice", Some("alice"));
    assert_eq!(alice.send_text("/start abc").await.unwrap(), None, "queued");

    let updates = bot.get_updates().timeout(1).await.unwrap();
    assert_eq!(updates.len(), 1);
    let first_id = updates[0].id.0;
    let UpdateKind::Message(m) = &updates[0].kind else {
        panic!("{:?}", updates[0].kind)
    };
    assert_eq!(m.text(), Some("/start abc"));
    // Not confirmed yet: polling again returns it again.
    assert_eq!(bot.get_updates().await.unwrap().len(), 1);

    // Confirmed by offset: an empty answer after the timeout.
    let started = Instant::now();
    let none = bot
        .get_updates()
        .offset(first_id as i32 + 1)
        .timeout(1)
        .await
        .unwrap();
    assert!(none.is_empty());
    assert!(started.elapsed() >= Duration::from_millis(900));
    assert!(fake.pending_updates().is_empty());

    // A waiting poll returns as soon as an update arrives.
    let poll = {
        let bot = bot.clone();
        tokio::spawn(async move {
            bot.get_updates()
                .offset(first_id as i32 + 1)
                .timeout(10)
                .await
        })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    alice.send_text("hello").await.unwrap();
    let got = poll.await.unwrap().unwrap();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(got.len(), 1);
    assert!(got[0].id.0 > first_id, "update ids increase");

    // limit
    alice.send_text("a").await.unwrap();
    alice.send_text("b").await.unwrap();
    let two = bot
        .get_updates()
        .offset(first_id as i32 + 1)
        .limit(2)
        .await
        .unwrap();
    assert_eq!(two.len(), 2);
}

#[tokio::test]
async fn a_newer_get_updates_terminates_the_older_one() {
    let (_fake, bot) = start().await;
    let older = {
        let bot = bot.clone();
        tokio::spawn(async move { bot.get_updates().timeout(5).await })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    let newer = bot.get_updates().timeout(0).await.unwrap();
    assert!(newer.is_empty());
    assert!(matches!(
        older.await.unwrap().unwrap_err(),
        RequestError::Api(ApiError::TerminatedByOtherGetUpdates)
    ));
}

#[tokio::test]
async fn allowed_updates_filter_what_the_bot_gets() {
    let (fake, bot) = start().await;
    let alice = fake.add_user(1001, "Alice", None);
    bot.get_updates()
        .allowed_updates([AllowedUpdate::Message])
        .await
        .unwrap();
    bot.send_message(ChatId(alice.id), "hi")
        .reply_markup(InlineKeyboardMarkup::new([[
            InlineKeyboardButton::callback("Go", "go"),
        ]]))
        .await
        .unwrap();
    let msg = fake.wait_for_message_to(alice.id, WAIT).await.unwrap();
    assert_eq!(alice.press_button(&msg, "go").await.unwrap(), None);
    assert_eq!(fake.filtered_updates().len(), 1);
    assert!(fake.pending_updates().is_empty());
}

#[tokio::test]
async fn blocking_sends_my_chat_member_and_then_403() {
    let (fake, bot) = start().await;
    let alice = fake.add_user(1001, "Alice", None);
    alice.block().await.unwrap();
    let updates = bot.get_updates().await.unwrap();
    let UpdateKind::MyChatMember(change) = &updates[0].kind else {
        panic!("{:?}", updates[0].kind)
    };
    assert!(change.new_chat_member.is_banned());
    assert!(matches!(
        bot.send_message(ChatId(alice.id), "x").await.unwrap_err(),
        RequestError::Api(ApiError::BotBlocked)
    ));
    alice.unblock().await.unwrap();
    bot.send_message(ChatId(alice.id), "welcome back")
        .await
        .unwrap();
}

#[tokio::test]
async fn deep_links_send_start_with_payload() {
    let (fake, bot) = start().await;
    let alice = fake.add_user(1001, "Alice", None);
    alice
        .open_link("https://t.me/tglink_test_bot?start=AbC_-123")
        .await
        .unwrap();
    alice
        .open_link("https://t.me/tglink_test_bot?start=bad!payload")
        .await
        .unwrap();
    assert!(
        alice
            .open_link("https://t.me/other_bot?start=x")
            .await
            .is_err()
    );
    let updates = bot.get_updates().await.unwrap();
    let texts: Vec<_> = updates
        .iter()
        .map(|u| match &u.kind {
            UpdateKind::Message(m) => m.text().unwrap_or_default().to_owned(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(texts, ["/start AbC_-123", "/start"]);
}
