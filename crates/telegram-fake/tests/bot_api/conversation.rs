//! A chat as its user sees it (`conversation`), for the demo sandbox's chat page: both sides in
//! order, formatting as entities, the keyboard, edits applied, deletions gone; and `press` by label.

use teloxide_core::{
    payloads::setters::*,
    prelude::Requester,
    types::{ChatId, InlineKeyboardButton, InlineKeyboardMarkup, MessageId, ParseMode},
};

use crate::helpers::{start, webhook_sink};

#[tokio::test]
async fn the_chat_shows_both_sides_with_edits_and_deletions_applied() {
    let (fake, bot) = start().await;
    let sink = webhook_sink(200).await;
    bot.set_webhook(sink.url.parse().unwrap()).await.unwrap();
    let alice = fake.add_user(1001, "Alice", Some("alice"));
    assert!(alice.conversation().is_empty());

    alice.send_text("/start abc").await.unwrap();
    let question = bot
        .send_message(ChatId(alice.id), "Link <b>alice</b>?")
        .parse_mode(ParseMode::Html)
        .reply_markup(InlineKeyboardMarkup::new([[
            InlineKeyboardButton::callback("Confirm", "ok:1"),
            InlineKeyboardButton::url("Help", "https://example.com/help".parse().unwrap()),
        ]]))
        .await
        .unwrap();
    let doomed = bot
        .send_message(ChatId(alice.id), "soon gone")
        .await
        .unwrap();

    let chat = alice.conversation();
    assert_eq!(chat.len(), 3);
    assert!(!chat[0].from_bot);
    assert_eq!(chat[0].text, "/start abc");
    assert_eq!(chat[0].entities[0]["type"], "bot_command");
    assert!(chat[1].from_bot);
    assert_eq!(chat[1].text, "Link alice?");
    assert_eq!(chat[1].entities[0]["type"], "bold");
    assert_eq!(chat[1].entities[0]["offset"], 5);
    assert_eq!(chat[1].buttons.len(), 1, "one row");
    assert_eq!(
        chat[1].buttons[0][1].url.as_deref(),
        Some("https://example.com/help")
    );
    assert_eq!(chat[1].callback_data_for("Confirm"), Some("ok:1"));
    assert!(chat[1].edit_date.is_none() && chat[1].date > 0);

    // Pressing by label finds the newest message with that button.
    assert!(alice.press("Nope").await.is_err());
    assert!(
        alice.press("Help").await.is_err(),
        "a link button has nothing to press"
    );
    assert_eq!(alice.press("Confirm").await.unwrap(), Some(200));
    assert_eq!(sink.received.lock().unwrap().len(), 2);

    bot.edit_message_text(ChatId(alice.id), question.id, "Linked ✓")
        .await
        .unwrap();
    bot.delete_message(ChatId(alice.id), MessageId(doomed.id.0))
        .await
        .unwrap();
    let chat = fake.conversation(alice.id);
    assert_eq!(chat.len(), 2, "the deleted message is gone");
    assert_eq!(chat[1].text, "Linked ✓");
    assert!(chat[1].edit_date.is_some());
    assert!(chat[1].buttons.is_empty(), "the edit removed the keyboard");
    assert!(chat[1].entities.is_empty());

    assert_eq!(fake.users().len(), 1);
    assert!(fake.user(1001).is_some() && fake.user(42).is_none());
    alice.block().await.unwrap();
    assert!(alice.has_blocked_bot() && fake.is_blocked(1001));
}

#[tokio::test]
async fn only_a_text_edit_is_marked_edited_as_telegram_apps_do() {
    let (fake, bot) = start().await;
    let alice = fake.add_user(1002, "Alice", Some("alice"));
    let settings = bot
        .send_message(ChatId(alice.id), "Your topics")
        .reply_markup(InlineKeyboardMarkup::new([[
            InlineKeyboardButton::callback("⬜ Offers", "t:1"),
        ]]))
        .await
        .unwrap();
    // The keyboard changes, by either method: the Bot API gives an edit_date, the app shows
    // no "edited".
    bot.edit_message_reply_markup(ChatId(alice.id), settings.id)
        .reply_markup(InlineKeyboardMarkup::new([[
            InlineKeyboardButton::callback("✅ Offers", "t:1"),
        ]]))
        .await
        .unwrap();
    bot.edit_message_text(ChatId(alice.id), settings.id, "Your topics")
        .reply_markup(InlineKeyboardMarkup::new([[
            InlineKeyboardButton::callback("⬜ Offers", "t:1"),
        ]]))
        .await
        .unwrap();
    let chat = alice.conversation();
    assert!(chat[0].edit_date.is_some());
    assert!(!chat[0].text_edited, "only the keyboard changed");

    bot.edit_message_text(ChatId(alice.id), settings.id, "Your topics (saved)")
        .await
        .unwrap();
    assert!(alice.conversation()[0].text_edited, "the text changed");
}
