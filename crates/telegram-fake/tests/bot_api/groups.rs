//! Groups, supergroups (forums and topics) and channels: the bot added with `startgroup` and
//! `startchannel` links, its rights in a channel, topics, getChatMember, Telegram's 20 a minute per
//! group, and a group upgraded to a supergroup.

use telegram_fake::FakeTelegram;
use teloxide_core::{
    ApiError, RequestError,
    prelude::*,
    types::{ChatMemberKind, MessageId, ThreadId, UpdateKind},
};

use crate::helpers::{parse_update, start};

/// The updates waiting for getUpdates, as teloxide reads them.
fn updates(fake: &FakeTelegram) -> Vec<UpdateKind> {
    fake.pending_updates()
        .iter()
        .map(|u| parse_update(u).kind)
        .collect()
}

fn api_error(e: RequestError) -> String {
    match e {
        RequestError::Api(ApiError::Unknown(text)) => text,
        RequestError::Api(other) => other.to_string(),
        other => panic!("not an API error: {other:?}"),
    }
}

#[tokio::test]
async fn a_startgroup_link_adds_the_bot_and_sends_start_with_its_parameter() {
    let (fake, _bot) = start().await;
    let alice = fake.add_user(1001, "Alice", None);
    fake.add_supergroup(-1_001, "Team", false);
    alice.remove_bot(-1_001).await.unwrap();
    assert_eq!(fake.bot_status(-1_001), Some("kicked"));
    let link = format!("https://t.me/{}?startgroup=abc_1", fake.bot_username());
    alice.add_bot_to_group(&link, -1_001).await.unwrap();
    assert_eq!(fake.bot_status(-1_001), Some("member"));

    let kinds = updates(&fake);
    let UpdateKind::MyChatMember(joined) = &kinds[1] else {
        panic!("{:?}", kinds[1]);
    };
    assert!(joined.old_chat_member.kind.is_banned());
    assert!(joined.new_chat_member.kind.is_member());
    assert_eq!(joined.from.id.0, 1001);
    let UpdateKind::Message(service) = &kinds[2] else {
        panic!("{:?}", kinds[2]);
    };
    assert!(service.new_chat_members().is_some());
    let UpdateKind::Message(start) = &kinds[3] else {
        panic!("{:?}", kinds[3]);
    };
    assert_eq!(start.text(), Some("/start@tglink_test_bot abc_1"));
    assert!(start.chat.is_supergroup());

    // Already in: only the start message. A link for another bot is refused.
    alice.add_bot_to_group(&link, -1_001).await.unwrap();
    assert_eq!(updates(&fake).len(), 5);
    let other = "https://t.me/other_bot?startgroup=x";
    assert!(alice.add_bot_to_group(other, -1_001).await.is_err());
}

#[tokio::test]
async fn a_channel_takes_posts_only_from_an_administrator_who_may_post() {
    let (fake, bot) = start().await;
    let alice = fake.add_user(1001, "Alice", None);
    let channel = -1_002;
    fake.add_channel(channel, "News");
    let err = bot.send_message(ChatId(channel), "x").await.unwrap_err();
    assert_eq!(
        api_error(err),
        "Forbidden: bot is not a member of the channel chat"
    );

    let link = format!(
        "https://t.me/{}?startchannel&admin=post_messages+edit_messages",
        fake.bot_username()
    );
    alice
        .add_bot_to_channel_denying(&link, channel, &["post_messages"])
        .await
        .unwrap();
    let kinds = updates(&fake);
    let UpdateKind::MyChatMember(change) = &kinds[0] else {
        panic!("{kinds:?}");
    };
    assert!(change.chat.is_channel());
    let ChatMemberKind::Administrator(admin) = &change.new_chat_member.kind else {
        panic!("{:?}", change.new_chat_member.kind);
    };
    assert!(!admin.can_post_messages && admin.can_edit_messages);
    let err = bot.send_message(ChatId(channel), "x").await.unwrap_err();
    assert_eq!(
        api_error(err),
        "Bad Request: need administrator rights in the channel chat"
    );

    alice
        .set_bot_rights(channel, &["post_messages"])
        .await
        .unwrap();
    bot.send_message(ChatId(channel), "posted").await.unwrap();
    alice.remove_bot(channel).await.unwrap();
    assert!(bot.send_message(ChatId(channel), "x").await.is_err());
    assert_eq!(fake.messages_to(channel).len(), 1);
}

#[tokio::test]
async fn forum_topics_take_messages_by_thread_and_unknown_ones_are_refused() {
    let (fake, bot) = start().await;
    let alice = fake.add_user(1001, "Alice", None);
    let forum = -1_003;
    fake.add_supergroup(forum, "Forum", true);
    let topic = fake.add_forum_topic(forum, "News").unwrap();
    assert!(fake.add_forum_topic(-1_004, "No such forum").is_err());

    let thread = ThreadId(MessageId(topic as i32));
    let sent = bot
        .send_message(ChatId(forum), "in the topic")
        .message_thread_id(thread)
        .await
        .unwrap();
    assert_eq!(sent.thread_id, Some(thread));
    assert!(sent.is_topic_message);
    assert_eq!(fake.messages_to(forum)[0].message_thread_id, Some(topic));
    let err = bot
        .send_message(ChatId(forum), "x")
        .message_thread_id(ThreadId(MessageId(999)))
        .await
        .unwrap_err();
    assert_eq!(api_error(err), "Bad Request: message thread not found");

    let m = parse_update(&alice.topic_message(forum, topic, "/here").unwrap());
    let UpdateKind::Message(m) = m.kind else {
        panic!("not a message");
    };
    assert_eq!(m.thread_id, Some(thread));
    assert!(m.is_topic_message);
}

#[tokio::test]
async fn get_chat_member_knows_the_bot_and_the_administrators() {
    let (fake, bot) = start().await;
    let alice = fake.add_user(1001, "Alice", None);
    let bob = fake.add_user(1002, "Bob", None);
    fake.add_group(-5, "Team");
    fake.set_chat_admin(-5, alice.id, true);
    let member = |id: u64| bot.get_chat_member(ChatId(-5), UserId(id));
    assert!(member(1001).await.unwrap().kind.is_privileged());
    assert!(member(bob.id as u64).await.unwrap().kind.is_member());
    let me = member(123456).await.unwrap();
    assert!(me.user.is_bot && me.kind.is_member());
    assert!(member(77).await.is_err(), "an unknown user");
}

#[tokio::test]
async fn a_group_takes_twenty_messages_a_minute_when_limits_are_enforced() {
    let (fake, bot) = start().await;
    let alice = fake.add_user(1001, "Alice", None);
    fake.add_group(-6, "Team");
    fake.enforce_rate_limits(1000, 1000);
    for i in 0..20 {
        bot.send_message(ChatId(-6), format!("{i}")).await.unwrap();
    }
    match bot.send_message(ChatId(-6), "21st").await.unwrap_err() {
        RequestError::RetryAfter(s) => assert!(s.seconds() >= 59, "{s:?}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(fake.count_429(), 1);
    // A private chat is not held by the group's minute; 9 more keep the second's sends under the
    // 30 Telegram allows without paid broadcasts.
    for i in 0..9 {
        bot.send_message(ChatId(alice.id), format!("{i}"))
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn an_upgraded_group_sends_the_bot_to_its_supergroup() {
    let (fake, bot) = start().await;
    let alice = fake.add_user(1001, "Alice", None);
    fake.add_group(-7, "Small");
    alice.upgrade_group(-7, -1_007).await.unwrap();
    match bot.send_message(ChatId(-7), "x").await.unwrap_err() {
        RequestError::MigrateToChatId(to) => assert_eq!(to, ChatId(-1_007)),
        other => panic!("{other:?}"),
    }
    bot.send_message(ChatId(-1_007), "here now").await.unwrap();
    let kinds = updates(&fake);
    let [UpdateKind::Message(to), UpdateKind::Message(from)] = &kinds[..] else {
        panic!("{kinds:?}");
    };
    assert_eq!(to.migrate_to_chat_id(), Some(&ChatId(-1_007)));
    assert_eq!(from.migrate_from_chat_id(), Some(&ChatId(-7)));
    assert!(from.chat.is_supergroup());
}
