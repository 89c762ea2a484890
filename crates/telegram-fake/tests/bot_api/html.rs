//! What Telegram refuses in a message: HTML it cannot parse, empty or too long text, bad
//! inline keyboards.

use teloxide_core::{
    ApiError, RequestError,
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup, MessageEntityKind, ParseMode},
};

use crate::helpers::start;

#[tokio::test]
async fn html_parse_mode_is_validated_like_telegram() {
    let (fake, bot) = start().await;
    let alice = fake.add_user(1001, "Alice", None);
    let send = |text: &str| {
        bot.send_message(ChatId(alice.id), text.to_owned())
            .parse_mode(ParseMode::Html)
    };
    let cases = [
        (
            "<div>x</div>",
            "Bad Request: can't parse entities: Unsupported start tag \"div\" at byte offset 0",
        ),
        (
            "<b>bold",
            "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"",
        ),
        (
            "a < b",
            "Bad Request: can't parse entities: Unsupported start tag \"\" at byte offset 2",
        ),
        (
            "<b>x</i>",
            "Bad Request: can't parse entities: Unmatched end tag at byte offset 4, expected \"</b>\", found \"</i>\"",
        ),
        (
            "x</b>",
            "Bad Request: can't parse entities: Unexpected end tag at byte offset 1",
        ),
        (
            "<br/>line",
            "Bad Request: can't parse entities: Unsupported start tag \"br/\" at byte offset 0",
        ),
        (
            "<b",
            "Bad Request: can't parse entities: Unclosed start tag at byte offset 0",
        ),
    ];
    for (text, expected) in cases {
        match send(text).await.unwrap_err() {
            RequestError::Api(ApiError::CantParseEntities(got)) => {
                assert_eq!(got, expected, "{text}")
            }
            other => panic!("{text}: unexpected {other:?}"),
        }
    }
    assert!(matches!(
        send("<b></b>  ").await.unwrap_err(),
        RequestError::Api(ApiError::MessageTextIsEmpty)
    ));
    assert!(matches!(
        bot.send_message(ChatId(alice.id), "   ").await.unwrap_err(),
        RequestError::Api(ApiError::MessageTextIsEmpty)
    ));
    assert!(matches!(
        bot.send_message(ChatId(alice.id), "x".repeat(4097))
            .await
            .unwrap_err(),
        RequestError::Api(ApiError::MessageIsTooLong)
    ));
    bot.send_message(ChatId(alice.id), "x".repeat(4096))
        .await
        .unwrap();

    let ok = send("<b>Hi &amp; <i>wel&lt;come</i></b> <a href=\"https://example.com/c?a=1&amp;b=2\">link</a> &nbsp; <tg-spoiler>s</tg-spoiler> <code>c</code>")
        .await
        .unwrap();
    assert_eq!(ok.text(), Some("Hi & wel<come link &nbsp; s c"));
    let kinds: Vec<_> = ok
        .entities()
        .unwrap()
        .iter()
        .map(|e| e.kind.clone())
        .collect();
    assert_eq!(kinds.len(), 5);
    assert_eq!(kinds[0], MessageEntityKind::Bold);
    assert!(
        matches!(&kinds[2], MessageEntityKind::TextLink { url } if url.as_str() == "https://example.com/c?a=1&b=2")
    );
    assert_eq!(
        fake.messages_to(alice.id).last().unwrap().plain_text,
        "Hi & wel<come link &nbsp; s c"
    );
}

#[tokio::test]
async fn inline_keyboards_are_checked() {
    let (fake, bot) = start().await;
    let alice = fake.add_user(1001, "Alice", None);
    let too_long = "x".repeat(65);
    let err = bot
        .send_message(ChatId(alice.id), "x")
        .reply_markup(InlineKeyboardMarkup::new([[
            InlineKeyboardButton::callback("A", too_long),
        ]]))
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        RequestError::Api(ApiError::ButtonDataInvalid)
    ));
}
