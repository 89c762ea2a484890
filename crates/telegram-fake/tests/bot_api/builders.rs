//! The update builders and `FakeUser` messages deserialise as teloxide `Update`s.

use serde_json::{Value, json};
use telegram_fake::{FakeTelegram, Person, updates};
use teloxide_core::{
    prelude::*,
    types::{MessageEntityKind, Update, UpdateKind},
};

use crate::helpers::{TOKEN, parse_update};

/// Every builder's output is an `Update` teloxide understands (not its catch-all `Error`).
#[test]
fn builders_deserialise_as_teloxide_updates() {
    let alice = Person::user(1001, "Alice", Some("alice"));
    let bot = Person::bot(123456, "tglink test bot", "tglink_test_bot");
    let parse = |v: Value| parse_update(&v);

    let u = parse(updates::private_message_update(
        10,
        1,
        &alice,
        1_700_000_000,
        "/start@tglink_test_bot tok",
    ));
    let UpdateKind::Message(m) = u.kind else {
        panic!("{:?}", u.kind)
    };
    let e = &m.entities().unwrap()[0];
    assert_eq!(e.kind, MessageEntityKind::BotCommand);
    assert_eq!((e.offset, e.length), (0, 22));
    assert!(m.chat.is_private());

    let u = parse(updates::private_message_update(
        11,
        2,
        &alice,
        1_700_000_000,
        "just text",
    ));
    let UpdateKind::Message(m) = u.kind else {
        panic!("{:?}", u.kind)
    };
    assert!(m.entities().unwrap_or_default().is_empty());

    let u = parse(updates::group_message_update(
        12,
        3,
        &alice,
        -100,
        "Team",
        1_700_000_000,
        "/stop",
    ));
    let UpdateKind::Message(m) = u.kind else {
        panic!("{:?}", u.kind)
    };
    assert!(m.chat.is_group());
    assert_eq!(m.chat.id, ChatId(-100));

    let bot_msg = updates::text_message(
        4,
        &bot,
        alice.private_chat_json(),
        1_700_000_000,
        "Confirm?",
        vec![],
    );
    let mut with_keyboard = bot_msg.clone();
    with_keyboard["reply_markup"] =
        json!({"inline_keyboard": [[{"text": "Confirm", "callback_data": "c"}]]});
    let u = parse(updates::callback_query_update(
        13,
        "q1",
        &alice,
        with_keyboard,
        "c",
    ));
    let UpdateKind::CallbackQuery(q) = u.kind else {
        panic!("{:?}", u.kind)
    };
    assert_eq!(q.data.as_deref(), Some("c"));
    assert!(q.message.is_some());

    for (old, new) in [("member", "kicked"), ("kicked", "member")] {
        let u = parse(updates::my_chat_member_update(
            14,
            &alice,
            &bot,
            1_700_000_000,
            old,
            new,
        ));
        let UpdateKind::MyChatMember(c) = u.kind else {
            panic!("{:?}", u.kind)
        };
        assert_eq!(c.new_chat_member.is_banned(), new == "kicked");
        assert_eq!(c.new_chat_member.user.id.0, 123456);
    }
}

#[tokio::test]
async fn fake_user_messages_deserialise_and_ids_increase() {
    let fake = FakeTelegram::start(TOKEN).await.unwrap();
    let alice = fake.add_user(1001, "Alice", Some("alice"));
    fake.add_group(-4001, "Team");
    let a = parse_update(&alice.message("/start"));
    let b = parse_update(&alice.group_message(-4001, "hi").unwrap());
    assert!(b.id.0 > a.id.0);
    assert!(matches!(a.kind, UpdateKind::Message(_)));
    assert!(matches!(b.kind, UpdateKind::Message(_)));
    assert!(alice.group_message(-1, "no such group").is_err());
}

/// teloxide-core 0.13 reads an update's kind with a borrowed `&str` key, which a
/// `serde_json::Value` cannot lend: `from_value` silently yields `UpdateKind::Error`. Parse
/// webhook bodies from bytes (`web::Json<Update>`, `from_slice`). If this test starts failing,
/// teloxide fixed it and the test can go.
#[test]
fn update_from_value_is_a_trap() {
    let alice = Person::user(1001, "Alice", None);
    let v = updates::private_message_update(1, 1, &alice, 1_700_000_000, "hi");
    let from_value: Update = serde_json::from_value(v.clone()).unwrap();
    assert!(matches!(from_value.kind, UpdateKind::Error(_)));
    assert!(matches!(parse_update(&v).kind, UpdateKind::Message(_)));
}
