//! Groups, channels and forum topics: a member connects a group with a `startgroup` link (its
//! token in the `/start` message the group gets) or a channel by making the bot an administrator
//! who may post; broadcasts that ask for it are posted there (into a forum topic an administrator
//! chose with `/here`), at most 20 a minute per group; removing the bot disconnects; an upgraded
//! group takes its connection along. Driven through the pages, the fake Telegram and the app's
//! own worker.
use std::time::Duration;

use diesel::prelude::*;
use telegram_fake::{Failure, FakeUser, SentMessage};
use tglink::db::schema::{group_chats, group_requests};

use crate::broadcast_support::*;
use crate::helpers::{Browser, Intake, TestApp, csrf_from, location, spawn_app_with_telegram};

const WAIT: Duration = Duration::from_secs(20);

/// An app with a signed-in admin (its default browser) and a member, alice, linked to Telegram
/// user 111.
async fn setup() -> (TestApp, Browser, FakeUser) {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    sign_in_admin(&app).await;
    let (alice, tg) = member(&app, "alice", 111).await;
    (app, alice, tg)
}

/// Presses "Add to a group" or "Add to a channel" on the Connect page: where it leads.
async fn add_link(browser: &Browser, what: &str) -> String {
    let r = browser
        .submit("/connect", &format!("/connect/groups/add-{what}"), &[])
        .await;
    assert_eq!(r.status(), 303, "add to a {what}");
    location(&r)
}

/// Connects group `chat` for the member with a fresh startgroup link; the bot's answer there.
async fn connect_group(app: &TestApp, browser: &Browser, tg: &FakeUser, chat: i64) -> SentMessage {
    let link = add_link(browser, "group").await;
    tg.add_bot_to_group(&link, chat).await.expect("add the bot");
    app.next_message_to(chat).await
}

/// Sends a broadcast through the compose form, to the groups too if asked, optionally scheduled
/// or of a topic (its id; empty for none).
async fn broadcast_with(
    app: &TestApp,
    text: &str,
    to_groups: bool,
    send_at: &str,
    topic: &str,
) -> i64 {
    let page = app.get_html("/admin/broadcasts/new").await;
    let key = idempotency_key(&page);
    let csrf = csrf_from(&page);
    let mut fields = vec![
        ("csrf_token", csrf.as_str()),
        ("idempotency_key", key.as_str()),
        ("text", text),
        ("format", "plain"),
        ("audience", "all"),
        ("send_at", send_at),
        ("time_zone", "UTC"),
        ("topic", topic),
    ];
    if to_groups {
        fields.push(("to_groups", "on"));
    }
    let r = app.post_form("/admin/broadcasts", &fields).await;
    assert_eq!(r.status(), 303, "broadcast {text}");
    broadcast_id(&location(&r))
}

async fn broadcast(app: &TestApp, text: &str, to_groups: bool) -> i64 {
    broadcast_with(app, text, to_groups, "", "").await
}

/// The connected chats as the database has them: (chat id, thread id).
async fn connected(app: &TestApp) -> Vec<(i64, Option<i64>)> {
    tglink::db::run(&app.pool, |conn| {
        group_chats::table
            .order(group_chats::id)
            .select((group_chats::chat_id, group_chats::thread_id))
            .load(conn)
    })
    .await
    .expect("group chats")
}

/// Waits until the connected chats are `want` (the bot works in the background).
async fn wait_connected(app: &TestApp, want: &[(i64, Option<i64>)]) {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let now = connected(app).await;
        if now == want {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "connected chats stayed {now:?}, want {want:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The parameters of the bot's successful sendMessage of `text` to `chat`.
fn sent_params(app: &TestApp, chat: i64, text: &str) -> serde_json::Value {
    app.fake()
        .calls_to("sendMessage")
        .into_iter()
        .filter(|c| c.is_ok())
        .find(|c| c.params["chat_id"].as_i64() == Some(chat) && c.params["text"] == text)
        .unwrap_or_else(|| panic!("no {text:?} to {chat}"))
        .params
}

fn texts(app: &TestApp, chat: i64) -> Vec<String> {
    app.fake()
        .messages_to(chat)
        .into_iter()
        .map(|m| m.plain_text)
        .collect()
}

#[tokio::test]
async fn a_member_connects_a_group_and_broadcasts_that_ask_reach_it() {
    let (app, alice, tg) = setup().await;
    app.fake().add_group(-4001, "Team <chat>");
    let link = add_link(&alice, "group").await;
    assert!(
        link.starts_with("https://t.me/tglink_test_bot?startgroup=grp_"),
        "{link}"
    );
    tg.add_bot_to_group(&link, -4001).await.unwrap();
    let answer = app.next_message_to(-4001).await;
    assert!(
        answer.plain_text.starts_with("Connected ✓"),
        "{}",
        answer.plain_text
    );
    assert!(answer.text.contains("<b>alice</b>"), "{}", answer.text);
    wait_connected(&app, &[(-4001, None)]).await;

    // The member sees it on the Connect page, the admin on /admin/groups; titles are escaped.
    let escaped = "Team &#60;chat&#62;";
    let page = alice.get_html("/connect").await;
    assert!(page.contains(escaped) && !page.contains("<chat>"), "{page}");
    let admin_page = app.get_html("/admin/groups").await;
    assert!(admin_page.contains(escaped) && admin_page.contains("alice"));

    // The same link again, in another group: used once, it connects nothing more.
    app.fake().add_group(-4002, "Other");
    tg.add_bot_to_group(&link, -4002).await.unwrap();
    let used = app.next_message_to(-4002).await;
    assert!(
        used.plain_text.contains("already been used"),
        "{}",
        used.plain_text
    );

    // A broadcast without the box reaches the members only; with it, the group too.
    let members_only = broadcast(&app, "Members only", false).await;
    let everywhere = broadcast(&app, "Everywhere", true).await;
    wait_until_drained(&app.pool, WAIT).await;
    assert_eq!(deliveries_of(&app.pool, members_only).await.len(), 1);
    let to_all = deliveries_of(&app.pool, everywhere).await;
    assert!(to_all.iter().all(|d| d.status == "sent"), "{to_all:?}");
    let mut chats: Vec<i64> = to_all.iter().map(|d| d.chat_id).collect();
    chats.sort_unstable();
    assert_eq!(chats, [-4001, 111]);
    let in_group = texts(&app, -4001);
    assert!(in_group.contains(&"Everywhere".to_string()), "{in_group:?}");
    assert!(
        !in_group.contains(&"Members only".to_string()),
        "{in_group:?}"
    );
    assert!(texts(&app, -4002).iter().all(|t| t != "Everywhere"));
    let recipients = app
        .get_html(&format!("/admin/broadcasts/{everywhere}/recipients"))
        .await;
    assert!(
        recipients.contains("alice&#39;s group or channel"),
        "{recipients}"
    );
    assert!(tg.conversation().iter().any(|m| m.text == "Members only"));

    // Unlinked, she still sees the group she connected (it stays connected) and may disconnect it.
    let r = alice.submit("/connect", "/connect/unlink", &[]).await;
    assert_eq!(r.status(), 303);
    let page = alice.get_html("/connect").await;
    assert!(page.contains(escaped) && page.contains("Link your Telegram account again"));
    assert!(!page.contains("/connect/groups/add-group"), "{page}");
    let disconnect = page
        .split("action=\"")
        .filter_map(|a| a.split('"').next())
        .find(|a| a.ends_with("/disconnect"))
        .expect("a Disconnect form")
        .to_string();
    let r = alice.submit("/connect", &disconnect, &[]).await;
    assert_eq!(location(&r), "/connect?groups=disconnected#groups");
    let page = alice.get_html("/connect?groups=disconnected").await;
    assert!(
        page.contains("Disconnected.") && !page.contains(escaped),
        "{page}"
    );
    assert!(connected(&app).await.is_empty());
}

#[tokio::test]
async fn a_forum_topic_chosen_with_here_gets_the_messages_in_its_thread() {
    let (app, alice, tg) = setup().await;
    let forum = -100_200_300;
    app.fake().add_supergroup(forum, "Forum", true);
    let news = app.fake().add_forum_topic(forum, "News").unwrap();
    let answer = connect_group(&app, &alice, &tg, forum).await;
    assert!(answer.plain_text.contains("/here"), "{}", answer.plain_text);

    // A member who is not an administrator of the group is refused, in the topic.
    let bob = app.fake().add_user(222, "Bob", None);
    let here = "/here@tglink_test_bot";
    app.fake()
        .send_update(bob.topic_message(forum, news, here).unwrap())
        .await
        .unwrap();
    let refused = app.next_message_to(forum).await;
    assert!(
        refused.plain_text.starts_with("Only an administrator"),
        "{}",
        refused.plain_text
    );
    assert_eq!(refused.message_thread_id, Some(news));
    wait_connected(&app, &[(forum, None)]).await;

    // Alice added the bot, so she administers the group: /here moves the messages to News.
    app.fake()
        .send_update(tg.topic_message(forum, news, here).unwrap())
        .await
        .unwrap();
    let done = app.next_message_to(forum).await;
    assert!(
        done.plain_text.contains("arrive in this topic"),
        "{}",
        done.plain_text
    );
    assert_eq!(done.message_thread_id, Some(news));
    wait_connected(&app, &[(forum, Some(news))]).await;

    let id = broadcast(&app, "In the news topic", true).await;
    wait_until_drained(&app.pool, WAIT).await;
    let posted = app.next_message_to(forum).await;
    assert_eq!(posted.plain_text, "In the news topic");
    assert_eq!(posted.message_thread_id, Some(news));
    assert!(posted.buttons().is_empty(), "no Mute button in a group");
    let deliveries = deliveries_of(&app.pool, id).await;
    assert!(
        deliveries.iter().all(|d| d.status == "sent"),
        "{deliveries:?}"
    );

    // The group's admins delete the topic: the next message goes to the general chat instead
    // of failing, and so do later ones.
    app.fake().delete_forum_topic(forum, news).unwrap();
    let id = broadcast(&app, "After the topic went", true).await;
    wait_until_drained(&app.pool, WAIT).await;
    let posted = app.next_message_to(forum).await;
    assert_eq!(posted.plain_text, "After the topic went");
    assert_eq!(posted.message_thread_id, None);
    let deliveries = deliveries_of(&app.pool, id).await;
    assert!(
        deliveries.iter().all(|d| d.status == "sent"),
        "{deliveries:?}"
    );
    wait_connected(&app, &[(forum, None)]).await;
}

#[tokio::test]
async fn topics_mutes_and_quiet_hours_are_the_members_not_the_groups() {
    let (app, alice, tg) = setup().await;
    app.fake().add_group(-4500, "Team");
    connect_group(&app, &alice, &tg, -4500).await;
    let r = app
        .submit(
            "/admin/topics",
            "/admin/topics",
            &[("name", "Releases"), ("default_on", "on")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let topic: i64 = tglink::db::run(&app.pool, |conn| {
        tglink::db::schema::topics::table
            .select(tglink::db::schema::topics::id)
            .first(conn)
    })
    .await
    .unwrap();
    // Alice's quiet hours are now.
    let clock = |m: i64| {
        (chrono::Utc::now() + chrono::Duration::minutes(m))
            .format("%H:%M")
            .to_string()
    };
    let r = alice
        .submit(
            "/account/notifications",
            "/account/notifications/quiet",
            &[
                ("quiet", "on"),
                ("quiet_start", &clock(-60)),
                ("quiet_end", &clock(60)),
                ("time_zone", "UTC"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);

    broadcast_with(&app, "Release 1", true, "", &topic.to_string()).await;
    wait_until_drained(&app.pool, WAIT).await;
    let hers = app.next_message_to(111).await;
    assert_eq!(hers.plain_text, "Release 1");
    assert_eq!(hers.buttons().len(), 1, "her Mute button");
    assert_eq!(
        sent_params(&app, 111, "Release 1")["disable_notification"],
        true
    );
    let group = sent_params(&app, -4500, "Release 1");
    assert!(
        group.get("reply_markup").is_none(),
        "no Mute button in a group: {group}"
    );
    assert!(
        group.get("disable_notification").is_none(),
        "her quiet hours are hers: {group}"
    );

    // She mutes the topic: she gets no more of it (what waits is cancelled), the group still does.
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let later = broadcast_with(&app, "Release 3", true, &tomorrow, &topic.to_string()).await;
    let edits = app.fake().edits().len();
    tg.press("🔕 Mute Releases").await.unwrap();
    // The button turns into Unmute once the choice is recorded.
    app.fake()
        .wait_until(WAIT, |f| f.edits().len() > edits)
        .await
        .unwrap();
    let mut waiting: Vec<(i64, String)> = deliveries_of(&app.pool, later)
        .await
        .into_iter()
        .map(|d| (d.chat_id, d.status))
        .collect();
    waiting.sort();
    assert_eq!(
        waiting,
        [
            (-4500, "pending".to_string()),
            (111, "cancelled".to_string())
        ]
    );
    let r = app
        .submit(
            &format!("/admin/broadcasts/{later}"),
            &format!("/admin/broadcasts/{later}/cancel"),
            &[],
        )
        .await;
    assert_eq!(r.status(), 303);
    broadcast_with(&app, "Release 2", true, "", &topic.to_string()).await;
    wait_until_drained(&app.pool, WAIT).await;
    assert!(texts(&app, -4500).contains(&"Release 2".to_string()));
    assert!(!texts(&app, 111).contains(&"Release 2".to_string()));
}

#[tokio::test]
async fn a_channel_connects_only_once_the_bot_may_post_there() {
    let (app, alice, tg) = setup().await;
    let channel = -100_300_400;
    app.fake().add_channel(channel, "Announcements");
    let link = add_link(&alice, "channel").await;
    assert_eq!(
        link,
        "https://t.me/tglink_test_bot?startchannel&admin=post_messages"
    );

    // Alice unticks "Post messages": nothing is connected, and she is told what to give.
    tg.add_bot_to_channel_denying(&link, channel, &["post_messages"])
        .await
        .unwrap();
    let told = app.next_message_to(111).await;
    assert!(told.text.contains("<b>Post messages</b>"), "{}", told.text);
    assert!(told.plain_text.contains("Announcements"));
    assert!(connected(&app).await.is_empty());

    // She gives the right: the channel is connected, and she hears so.
    tg.set_bot_rights(channel, &["post_messages"])
        .await
        .unwrap();
    let done = app.next_message_to(111).await;
    assert!(
        done.plain_text.starts_with("Connected ✓"),
        "{}",
        done.plain_text
    );
    wait_connected(&app, &[(channel, None)]).await;
    broadcast(&app, "To the channel", true).await;
    wait_until_drained(&app.pool, WAIT).await;
    assert_eq!(texts(&app, channel), ["To the channel"]);

    // Bob never asked to connect a channel: making the bot an admin of his connects nothing.
    let (_bob, bob_tg) = member(&app, "bob", 222).await;
    let bobs = -100_300_500;
    app.fake().add_channel(bobs, "Bob's");
    bob_tg.add_bot_to_channel(&link, bobs).await.unwrap();
    broadcast(&app, "Again", true).await;
    wait_until_drained(&app.pool, WAIT).await;
    assert_eq!(connected(&app).await, [(channel, None)]);
    assert!(texts(&app, bobs).is_empty());
}

#[tokio::test]
async fn removing_the_bot_disconnects_and_cancels_what_was_queued() {
    let (app, alice, tg) = setup().await;
    app.fake().add_supergroup(-100_500, "Team", false);
    connect_group(&app, &alice, &tg, -100_500).await;
    wait_connected(&app, &[(-100_500, None)]).await;
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let id = broadcast_with(&app, "Tomorrow", true, &tomorrow, "").await;
    let queued = deliveries_of(&app.pool, id).await;
    assert_eq!(queued.len(), 2, "{queued:?}");

    tg.remove_bot(-100_500).await.unwrap();
    let told = app.next_message_to(111).await;
    assert!(
        told.plain_text.contains("Team is no longer connected"),
        "{}",
        told.plain_text
    );
    wait_connected(&app, &[]).await;
    let after: Vec<(i64, String)> = deliveries_of(&app.pool, id)
        .await
        .into_iter()
        .map(|d| (d.chat_id, d.status))
        .collect();
    assert!(after.contains(&(-100_500, "cancelled".into())), "{after:?}");
    assert!(after.contains(&(111, "pending".into())), "{after:?}");
    assert!(!app.get_html("/admin/groups").await.contains("Team"));
}

#[tokio::test]
async fn an_upgraded_group_takes_its_connection_along() {
    let (app, alice, tg) = setup().await;
    // Upgraded while the bot is in it: the service message moves the connection.
    app.fake().add_group(-4100, "Small");
    connect_group(&app, &alice, &tg, -4100).await;
    tg.upgrade_group(-4100, -1_004_100).await.unwrap();
    wait_connected(&app, &[(-1_004_100, None)]).await;
    let id = broadcast(&app, "After the upgrade", true).await;
    wait_until_drained(&app.pool, WAIT).await;
    assert_eq!(texts(&app, -1_004_100), ["After the upgrade"]);
    assert!(
        deliveries_of(&app.pool, id)
            .await
            .iter()
            .any(|d| d.chat_id == -1_004_100)
    );

    // Learnt from a send answered migrate_to_chat_id: the message follows, and so do later ones.
    app.fake().add_group(-4200, "Other");
    connect_group(&app, &alice, &tg, -4200).await;
    app.fake().add_supergroup(-1_004_200, "Other", false);
    app.fake().fail_next(
        "sendMessage",
        Some(-4200),
        1,
        Failure::MigrateToChat(-1_004_200),
    );
    broadcast(&app, "Moved", true).await;
    wait_until_drained(&app.pool, WAIT).await;
    wait_connected(&app, &[(-1_004_100, None), (-1_004_200, None)]).await;
    let next = broadcast(&app, "Next", true).await;
    wait_until_drained(&app.pool, WAIT).await;
    assert_eq!(texts(&app, -1_004_200), ["Moved", "Next"]);
    let mut to_groups: Vec<i64> = deliveries_of(&app.pool, next)
        .await
        .into_iter()
        .map(|d| d.chat_id)
        .filter(|c| *c < 0)
        .collect();
    to_groups.sort_unstable();
    assert_eq!(to_groups, [-1_004_200, -1_004_100]);
}

#[tokio::test]
async fn a_group_gets_at_most_twenty_messages_a_minute() {
    let (app, alice, tg) = setup().await;
    app.fake().add_supergroup(-100_600, "Busy", false);
    connect_group(&app, &alice, &tg, -100_600).await;
    // Telegram's limits: 30 a second overall, 1 a second per chat, 20 a minute per group.
    app.fake().enforce_rate_limits(30, 1);
    let sent = ["one", "two", "three"];
    for text in sent {
        broadcast(&app, text, true).await;
    }
    wait_until_drained(&app.pool, Duration::from_secs(40)).await;
    let got: Vec<SentMessage> = app
        .fake()
        .messages_to(-100_600)
        .into_iter()
        .filter(|m| sent.contains(&m.plain_text.as_str()))
        .collect();
    let texts: Vec<&str> = got.iter().map(|m| m.plain_text.as_str()).collect();
    assert_eq!(texts, sent, "each once, in order");
    // 20 a minute is one every 3 s; the worker spaces them 3.05 s apart, and 2.9 s leaves this
    // machine's noise room while a worker pacing groups like private chats sends them 1 s apart.
    for pair in got.windows(2) {
        let gap = pair[1].at.duration_since(pair[0].at);
        assert!(
            gap >= Duration::from_millis(2900),
            "two messages {gap:?} apart"
        );
    }
    assert_eq!(
        app.fake().count_429(),
        0,
        "Telegram never had to refuse one"
    );
}

#[tokio::test]
async fn a_strangers_or_stale_link_connects_nothing() {
    let (app, alice, alice_tg) = setup().await;
    let (_bob, bob_tg) = member(&app, "bob", 222).await;
    app.fake().add_group(-4300, "Bob's group");

    // Alice's link, used by Bob in his group: not his to use.
    let alices = add_link(&alice, "group").await;
    bob_tg.add_bot_to_group(&alices, -4300).await.unwrap();
    let refused = app.next_message_to(-4300).await;
    assert!(
        refused
            .plain_text
            .contains("belongs to another Telegram account"),
        "{}",
        refused.plain_text
    );

    // A newer link replaces it; an expired one and a made-up one connect nothing either.
    let newer = add_link(&alice, "group").await;
    alice_tg.add_bot_to_group(&alices, -4300).await.unwrap();
    let replaced = app.next_message_to(-4300).await;
    assert!(
        replaced.plain_text.contains("replaced by a newer one"),
        "{}",
        replaced.plain_text
    );
    tglink::db::run(&app.pool, |conn| {
        diesel::update(group_requests::table)
            .set(group_requests::expires_at.eq(tglink::db::now() - chrono::Duration::seconds(1)))
            .execute(conn)
    })
    .await
    .unwrap();
    alice_tg.add_bot_to_group(&newer, -4300).await.unwrap();
    let expired = app.next_message_to(-4300).await;
    assert!(
        expired.plain_text.contains("has expired"),
        "{}",
        expired.plain_text
    );
    let made_up = format!("/start@tglink_test_bot grp_{}", "A".repeat(43));
    app.fake()
        .send_update(alice_tg.group_message(-4300, &made_up).unwrap())
        .await
        .unwrap();
    let unknown = app.next_message_to(-4300).await;
    assert!(
        unknown.plain_text.contains("don't recognise"),
        "{}",
        unknown.plain_text
    );
    assert!(connected(&app).await.is_empty());
}

#[tokio::test]
async fn only_admins_see_and_disconnect_all_groups_and_members_only_their_own() {
    let (app, alice, tg) = setup().await;
    app.fake().add_group(-4400, "Team");
    connect_group(&app, &alice, &tg, -4400).await;
    let id: i64 = tglink::db::run(&app.pool, |conn| {
        group_chats::table.select(group_chats::id).first(conn)
    })
    .await
    .unwrap();
    let disconnect = format!("/admin/groups/{id}/disconnect");

    // A member sees no admin page and cannot use its form.
    let (bob, _) = member(&app, "bob", 222).await;
    assert_eq!(bob.get("/admin/groups").await.status(), 403);
    let r = bob.submit("/connect", &disconnect, &[]).await;
    assert_eq!(r.status(), 403);
    // Nor disconnect Alice's chat from his own Connect page.
    bob.submit("/connect", &format!("/connect/groups/{id}/disconnect"), &[])
        .await;
    assert_eq!(connected(&app).await, [(-4400, None)]);

    // Without its CSRF token the admin's form changes nothing; with it, the chat goes, audited.
    let r = app.post_form(&disconnect, &[]).await;
    assert_eq!(r.status(), 403);
    assert_eq!(connected(&app).await, [(-4400, None)]);
    let r = app.submit("/admin/groups", &disconnect, &[]).await;
    assert_eq!(r.status(), 303);
    assert!(connected(&app).await.is_empty());
    let audit = app.get_html("/admin/audit").await;
    assert!(audit.contains("disconnected a group or channel"), "{audit}");
}

#[tokio::test]
async fn only_an_administrator_of_the_group_connects_it() {
    let (app, alice, tg) = setup().await;
    // The bot is in the group already, and alice is a plain member of it (not an administrator).
    app.fake().add_group(-4700, "Club");
    let link = add_link(&alice, "group").await;
    let parameter = link
        .split("startgroup=")
        .nth(1)
        .and_then(|p| p.split('&').next())
        .expect("a startgroup parameter");
    let start = format!("/start@tglink_test_bot {parameter}");
    app.fake()
        .send_update(tg.group_message(-4700, &start).unwrap())
        .await
        .unwrap();
    let refused = app.next_message_to(-4700).await;
    assert!(
        refused.plain_text.contains("Only an administrator"),
        "{}",
        refused.plain_text
    );
    assert!(connected(&app).await.is_empty(), "nothing is connected");

    // Made an administrator, the same link (not used up by the refusal) connects the group.
    app.fake().set_chat_admin(-4700, 111, true);
    app.fake()
        .send_update(tg.group_message(-4700, &start).unwrap())
        .await
        .unwrap();
    let answer = app.next_message_to(-4700).await;
    assert!(
        answer.plain_text.starts_with("Connected ✓"),
        "{}",
        answer.plain_text
    );
    wait_connected(&app, &[(-4700, None)]).await;
}
