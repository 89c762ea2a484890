//! Sending, waiting for, editing and deleting messages; commands; buttons and callback answers.

use std::future::IntoFuture;
use std::time::Duration;

use teloxide_core::{
    ApiError, RequestError,
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup, MessageEntityKind, ParseMode, UpdateKind},
};

use crate::helpers::{WAIT, parse_update, start, webhook_sink};

#[tokio::test]
async fn get_me_describes_the_bot() {
    let (fake, bot) = start().await;
    let me = bot.get_me().await.unwrap();
    assert!(me.is_bot);
    assert_eq!(me.id.0, 123456, "the bot id is the token's number");
    assert_eq!(me.username(), "tglink_test_bot");
    assert_eq!(fake.bot_username(), "tglink_test_bot");
    let calls = fake.calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(
        calls[0].method, "getme",
        "teloxide sends GetMe; recorded lower-case"
    );
    assert!(calls[0].is_ok());
}

#[tokio::test]
async fn send_message_is_recorded_and_returns_a_real_message() {
    let (fake, bot) = start().await;
    let alice = fake.add_user(1001, "Alice", Some("alice"));
    let keyboard = InlineKeyboardMarkup::new([[
        InlineKeyboardButton::callback("Confirm", "confirm:abc"),
        InlineKeyboardButton::callback("Cancel", "cancel"),
    ]]);
    let msg = bot
        .send_message(ChatId(alice.id), "Link to <b>alice</b>?")
        .parse_mode(ParseMode::Html)
        .reply_markup(keyboard)
        .await
        .unwrap();
    assert_eq!(msg.chat.id, ChatId(1001));
    assert_eq!(msg.text(), Some("Link to alice?"));
    let entities = msg.entities().unwrap();
    assert_eq!(entities[0].kind, MessageEntityKind::Bold);
    assert_eq!((entities[0].offset, entities[0].length), (8, 5));
    assert!(msg.reply_markup().is_some());
    assert_eq!(msg.from.as_ref().map(|u| u.is_bot), Some(true));

    let second = bot.send_message(ChatId(alice.id), "again").await.unwrap();
    assert_eq!(second.id.0, msg.id.0 + 1, "ids count up per chat");

    let sent = fake.sent_messages();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].text, "Link to <b>alice</b>?");
    assert_eq!(sent[0].plain_text, "Link to alice?");
    assert_eq!(sent[0].parse_mode.as_deref(), Some("HTML"));
    assert_eq!(
        sent[0].callback_data_for("Confirm").as_deref(),
        Some("confirm:abc")
    );
    assert_eq!(sent[0].message_id, msg.id.0 as i64);

    // Each message is handed out once, even when it arrived before the wait.
    let first = fake.wait_for_message_to(alice.id, WAIT).await.unwrap();
    assert_eq!(first.plain_text, "Link to alice?");
    let next = fake.wait_for_message_to(alice.id, WAIT).await.unwrap();
    assert_eq!(next.text, "again");
    let none = fake
        .wait_for_message_to(alice.id, Duration::from_millis(50))
        .await;
    assert!(none.is_err());
    assert_eq!(fake.messages_to(alice.id).len(), 2);
}

#[tokio::test]
async fn wait_for_message_wakes_when_the_bot_sends() {
    let (fake, bot) = start().await;
    let alice = fake.add_user(1001, "Alice", None);
    let waiter = {
        let fake = fake.clone();
        tokio::spawn(async move { fake.wait_for_message_to(1001, WAIT).await })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    bot.send_message(ChatId(alice.id), "hello").await.unwrap();
    let got = waiter.await.unwrap().unwrap();
    assert_eq!(got.text, "hello");
    let all = fake.wait_for_sent(1, WAIT).await.unwrap();
    assert_eq!(all.len(), 1);
}

#[tokio::test]
async fn set_my_commands_are_kept() {
    let (fake, bot) = start().await;
    let commands = [
        teloxide_core::types::BotCommand::new("start", "Link your account"),
        teloxide_core::types::BotCommand::new("stop", "Unlink"),
    ];
    bot.set_my_commands(commands).await.unwrap();
    assert_eq!(
        fake.commands(),
        [
            ("start".to_owned(), "Link your account".to_owned()),
            ("stop".to_owned(), "Unlink".to_owned())
        ]
    );
    let back = bot.get_my_commands().await.unwrap();
    assert_eq!(back.len(), 2);
    let bad = bot
        .set_my_commands([teloxide_core::types::BotCommand::new("Bad-Cmd", "x")])
        .await;
    assert!(bad.is_err());
}

#[tokio::test]
async fn buttons_edits_and_callback_answers() {
    let (fake, bot) = start().await;
    let sink = webhook_sink(200).await;
    bot.set_webhook(sink.url.parse().unwrap()).await.unwrap();
    let alice = fake.add_user(1001, "Alice", None);
    bot.send_message(ChatId(alice.id), "Link?")
        .reply_markup(InlineKeyboardMarkup::new([[
            InlineKeyboardButton::callback("Confirm", "ok:1"),
        ]]))
        .await
        .unwrap();
    let msg = fake.wait_for_message_to(alice.id, WAIT).await.unwrap();
    assert!(
        alice.press_button(&msg, "nope").await.is_err(),
        "no such button"
    );
    assert_eq!(alice.press_button(&msg, "ok:1").await.unwrap(), Some(200));

    let update = parse_update(&sink.received.lock().unwrap()[0].1);
    let UpdateKind::CallbackQuery(q) = update.kind else {
        panic!("{:?}", update.kind)
    };
    assert_eq!(q.data.as_deref(), Some("ok:1"));
    bot.answer_callback_query(q.id.clone())
        .text("Linked")
        .await
        .unwrap();
    assert!(matches!(
        bot.answer_callback_query(q.id.clone()).await.unwrap_err(),
        RequestError::Api(ApiError::InvalidQueryId)
    ));
    assert_eq!(fake.callback_answers()[0].text.as_deref(), Some("Linked"));

    let edited = bot
        .edit_message_text(ChatId(alice.id), q.message.unwrap().id(), "Linked ✓")
        .await
        .unwrap();
    assert_eq!(edited.text(), Some("Linked ✓"));
    assert!(
        edited.reply_markup().is_none(),
        "an edit without markup drops the keyboard"
    );
    assert_eq!(fake.edits()[0].text.as_deref(), Some("Linked ✓"));
    assert!(matches!(
        bot.edit_message_text(ChatId(alice.id), edited.id, "Linked ✓")
            .await
            .unwrap_err(),
        RequestError::Api(ApiError::MessageNotModified)
    ));
    assert!(
        alice.press_button(&msg, "ok:1").await.is_err(),
        "the button is gone after the edit"
    );
    bot.delete_message(ChatId(alice.id), edited.id)
        .await
        .unwrap();
    assert!(matches!(
        bot.delete_message(ChatId(alice.id), edited.id)
            .await
            .unwrap_err(),
        RequestError::Api(ApiError::MessageToDeleteNotFound)
    ));
}

#[tokio::test]
async fn sends_in_flight_are_counted_and_their_peak_kept() {
    let (fake, bot) = start().await;
    fake.add_user(1, "A", None);
    fake.add_user(2, "B", None);
    fake.set_latency(Duration::from_millis(300));
    let (a, b) = tokio::join!(bot.send_message(ChatId(1), "one").into_future(), async {
        // Sent while the first is still waiting for its answer.
        fake.wait_until(WAIT, |f| f.sends_in_flight() == 1)
            .await
            .unwrap();
        bot.send_message(ChatId(2), "two").await
    });
    a.unwrap();
    b.unwrap();
    assert_eq!(fake.sends_in_flight(), 0);
    assert_eq!(fake.max_sends_in_flight(), 2);
    assert_eq!(
        fake.max_sends_in_flight_to_one_chat(),
        1,
        "two chats, one each"
    );

    let (a, b) = tokio::join!(bot.send_message(ChatId(1), "three").into_future(), async {
        fake.wait_until(WAIT, |f| f.sends_in_flight() == 1)
            .await
            .unwrap();
        bot.send_message(ChatId(1), "four").await
    });
    a.unwrap();
    b.unwrap();
    assert_eq!(
        fake.max_sends_in_flight_to_one_chat(),
        2,
        "one chat, two at once"
    );
}

#[tokio::test]
async fn a_log_limit_keeps_the_newest_calls_and_every_conversation() {
    let (fake, bot) = start().await;
    let alice = fake.add_user(1001, "Alice", None);
    fake.limit_logs(3);
    for i in 0..5 {
        bot.send_message(ChatId(alice.id), format!("message {i}"))
            .await
            .unwrap();
    }
    let texts: Vec<String> = fake
        .calls()
        .iter()
        .map(|c| c.params["text"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(texts, ["message 2", "message 3", "message 4"]);
    assert_eq!(
        fake.conversation(1001).len(),
        5,
        "what the sandbox shows stays"
    );
}
