//! The delivery worker against the fake Bot API, step by step with `run_once`: exactly once to
//! everyone, 429 honoured, retries with backoff, blocked users unlinked, migrated chats followed.
use std::time::Duration;

use diesel::prelude::*;
use telegram_fake::{Failure, FakeTelegram};
use tglink::db::schema::{link_events, telegram_links};
use tglink::delivery::store::Audience;
use tglink::delivery::text::Format;

use crate::broadcast_support::*;
use crate::helpers::{BOT_TOKEN, TestApp, spawn_app};

const DRAIN: Duration = Duration::from_secs(30);

async fn setup(users: usize) -> (TestApp, FakeTelegram, i64, Vec<Linked>) {
    let app = spawn_app().await;
    let fake = FakeTelegram::start(BOT_TOKEN).await.unwrap();
    let admin = sign_in_admin(&app).await;
    let linked = link_users(&app.pool, Some(&fake), "member", users, 10_000, false).await;
    (app, fake, admin, linked)
}

async fn link_of(app: &TestApp, user_id: i64) -> Option<i64> {
    tglink::db::run(&app.pool, move |conn| {
        telegram_links::table
            .find(user_id)
            .select(telegram_links::chat_id)
            .first::<i64>(conn)
            .optional()
            .map_err(anyhow::Error::from)
    })
    .await
    .unwrap()
}

async fn unlink_reasons(app: &TestApp) -> Vec<String> {
    tglink::db::run(&app.pool, |conn| {
        link_events::table
            .filter(link_events::event.eq("unlinked"))
            .select(link_events::via)
            .load::<String>(conn)
            .map_err(anyhow::Error::from)
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn every_linked_user_gets_a_broadcast_exactly_once() {
    let (app, fake, admin, linked) = setup(300).await;
    let id = enqueue(
        &app.pool,
        admin,
        "Hello <b>all</b> &amp; welcome",
        Format::Html,
        Audience::All,
    )
    .await;
    let mut options = fast_options();
    options.batch_size = 64;
    drain(&mut worker(&app, &fake, options), &app.pool, DRAIN).await;

    for l in &linked {
        let got = fake.messages_to(l.chat_id);
        assert_eq!(
            got.len(),
            1,
            "chat {} got {} messages",
            l.chat_id,
            got.len()
        );
        assert_eq!(got[0].plain_text, "Hello all & welcome");
        assert_eq!(got[0].parse_mode.as_deref(), Some("HTML"));
    }
    let deliveries = deliveries_of(&app.pool, id).await;
    assert_eq!(deliveries.len(), 300);
    for d in &deliveries {
        let sent = fake.messages_to(d.chat_id);
        assert_eq!(
            (d.status.as_str(), d.telegram_message_id),
            ("sent", Some(sent[0].message_id))
        );
    }
}

#[tokio::test]
async fn plain_text_is_sent_without_a_parse_mode() {
    let (app, fake, admin, linked) = setup(1).await;
    enqueue(
        &app.pool,
        admin,
        "1 < 2 & <b>not bold</b>",
        Format::Plain,
        Audience::All,
    )
    .await;
    drain(&mut worker(&app, &fake, fast_options()), &app.pool, DRAIN).await;
    let got = fake.messages_to(linked[0].chat_id);
    assert_eq!(
        (got[0].text.as_str(), got[0].parse_mode.as_deref()),
        ("1 < 2 & <b>not bold</b>", None)
    );
}

#[tokio::test]
async fn a_429_pauses_all_sending_for_its_retry_after() {
    let (app, fake, admin, linked) = setup(12).await;
    enqueue(&app.pool, admin, "Hi", Format::Plain, Audience::All).await;
    // Sends 50 ms apart: the 429's answer is back long before the next send is due.
    let options = fast_options();
    fake.fail_next(
        "sendMessage",
        Some(linked[2].chat_id),
        1,
        Failure::TooManyRequests { retry_after: 2 },
    );
    drain(
        &mut worker_at_rate(&app, &fake, 20, options),
        &app.pool,
        DRAIN,
    )
    .await;

    let calls = fake.calls_to("sendMessage");
    let limited = calls
        .iter()
        .find(|c| c.status() == Some(429))
        .expect("the scripted 429");
    let inside: Vec<_> = calls
        .iter()
        .filter(|c| c.at > limited.at && c.at.duration_since(limited.at) < Duration::from_secs(2))
        .collect();
    assert!(
        inside.is_empty(),
        "{} sends inside the retry_after window",
        inside.len()
    );
    for l in &linked {
        assert_eq!(fake.messages_to(l.chat_id).len(), 1, "chat {}", l.chat_id);
    }
}

#[tokio::test]
async fn network_errors_are_retried_with_backoff_then_failed_with_the_reason() {
    let (app, fake, admin, linked) = setup(4).await;
    let id = enqueue(&app.pool, admin, "Hi", Format::Plain, Audience::All).await;
    let mut options = fast_options();
    options.retry.max_attempts = 3;
    // Chat 0 recovers after two failures; chat 1 never does.
    fake.fail_next(
        "sendMessage",
        Some(linked[0].chat_id),
        2,
        Failure::NetworkDrop,
    );
    fake.fail_next(
        "sendMessage",
        Some(linked[1].chat_id),
        5,
        Failure::NetworkDrop,
    );
    drain(&mut worker(&app, &fake, options), &app.pool, DRAIN).await;

    let deliveries = deliveries_of(&app.pool, id).await;
    let of = |chat: i64| deliveries.iter().find(|d| d.chat_id == chat).unwrap();
    assert_eq!(
        (
            of(linked[0].chat_id).status.as_str(),
            of(linked[0].chat_id).attempts
        ),
        ("sent", 3)
    );
    let failed = of(linked[1].chat_id);
    assert_eq!((failed.status.as_str(), failed.attempts), ("failed", 3));
    let reason = failed.error.as_deref().unwrap_or_default();
    assert!(
        reason.contains("network error") && reason.contains("gave up after 3 attempts"),
        "{reason}"
    );
    assert!(!reason.contains(BOT_TOKEN), "no token in stored errors");
    assert_eq!(fake.messages_to(linked[0].chat_id).len(), 1);
    assert!(fake.messages_to(linked[1].chat_id).is_empty());
    assert_eq!(
        link_of(&app, linked[1].user_id).await,
        Some(linked[1].chat_id),
        "a network error unlinks nobody"
    );
}

#[tokio::test]
async fn a_403_marks_the_delivery_blocked_and_unlinks_the_user() {
    let (app, fake, admin, linked) = setup(5).await;
    fake.block_bot(linked[1].chat_id);
    fake.fail_next(
        "sendMessage",
        Some(linked[2].chat_id),
        1,
        Failure::ChatNotFound,
    );
    fake.fail_next(
        "sendMessage",
        Some(linked[3].chat_id),
        1,
        Failure::Other {
            code: 403,
            description: "Forbidden: user is deactivated".into(),
        },
    );
    let id = enqueue(&app.pool, admin, "Hi", Format::Plain, Audience::All).await;
    drain(&mut worker(&app, &fake, fast_options()), &app.pool, DRAIN).await;

    let deliveries = deliveries_of(&app.pool, id).await;
    let status: Vec<(&str, Option<&str>)> = deliveries
        .iter()
        .map(|d| (d.status.as_str(), d.error.as_deref()))
        .collect();
    assert_eq!(status[0], ("sent", None));
    assert_eq!(
        status[1],
        ("blocked", Some("Forbidden: bot was blocked by the user"))
    );
    assert_eq!(status[2], ("failed", Some("Bad Request: chat not found")));
    assert_eq!(
        status[3],
        ("blocked", Some("Forbidden: user is deactivated"))
    );
    assert_eq!(status[4], ("sent", None));
    for (i, linked_after) in [(0, true), (1, false), (2, false), (3, false), (4, true)] {
        assert_eq!(
            link_of(&app, linked[i].user_id).await.is_some(),
            linked_after,
            "user {i}"
        );
    }
    let mut reasons = unlink_reasons(&app).await;
    reasons.sort();
    assert_eq!(
        reasons,
        ["chat_not_found", "send_forbidden", "send_forbidden"]
    );

    // The next broadcast goes only to the two still linked.
    let next = enqueue(&app.pool, admin, "Again", Format::Plain, Audience::All).await;
    assert_eq!(deliveries_of(&app.pool, next).await.len(), 2);
}

#[tokio::test]
async fn a_migrated_chat_is_followed_and_the_message_resent() {
    let (app, fake, admin, linked) = setup(2).await;
    let new_chat = -100_123_456;
    fake.add_group(new_chat, "Supergroup");
    fake.fail_next(
        "sendMessage",
        Some(linked[0].chat_id),
        1,
        Failure::MigrateToChat(new_chat),
    );
    let id = enqueue(&app.pool, admin, "Hi", Format::Plain, Audience::All).await;
    drain(&mut worker(&app, &fake, fast_options()), &app.pool, DRAIN).await;

    assert_eq!(fake.messages_to(new_chat).len(), 1);
    assert_eq!(link_of(&app, linked[0].user_id).await, Some(new_chat));
    let deliveries = deliveries_of(&app.pool, id).await;
    assert!(
        deliveries.iter().all(|d| d.status == "sent"),
        "{deliveries:?}"
    );
    assert_eq!(deliveries[0].chat_id, new_chat);
}

#[tokio::test]
async fn one_chat_gets_at_most_one_message_a_second() {
    let (app, fake, admin, linked) = setup(2).await;
    for text in ["one", "two", "three"] {
        enqueue(&app.pool, admin, text, Format::Plain, Audience::All).await;
    }
    fake.enforce_rate_limits(1000, 1);
    drain(&mut worker(&app, &fake, fast_options()), &app.pool, DRAIN).await;
    for l in &linked {
        let got = fake.messages_to(l.chat_id);
        let texts: Vec<&str> = got.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(texts, ["one", "two", "three"], "each once, in order");
        // The worker spaces a chat's messages 1.05 s apart; 0.9 s leaves this machine's noise
        // room while a worker that ignores the spacing sends them milliseconds apart.
        for pair in got.windows(2) {
            let gap = pair[1].at.duration_since(pair[0].at);
            assert!(
                gap >= Duration::from_millis(900),
                "chat {} got two messages {gap:?} apart",
                l.chat_id
            );
        }
    }
}

#[tokio::test]
async fn cancelling_stops_deliveries_the_worker_already_claimed() {
    let (app, fake, admin, _) = setup(60).await;
    let id = enqueue(&app.pool, admin, "Oops", Format::Plain, Audience::All).await;
    let mut options = fast_options();
    options.batch_size = 60;
    let mut worker = worker_at_rate(&app, &fake, 10, options);
    let step = tokio::spawn(async move {
        worker.run_once().await.unwrap();
    });
    fake.wait_for_sent(3, Duration::from_secs(10))
        .await
        .unwrap();
    tglink::db::run(&app.pool, move |conn| {
        tglink::delivery::store::cancel(conn, id).map_err(anyhow::Error::from)
    })
    .await
    .unwrap();
    step.await.unwrap();
    let deliveries = deliveries_of(&app.pool, id).await;
    let sent = deliveries.iter().filter(|d| d.status == "sent").count();
    let cancelled = deliveries
        .iter()
        .filter(|d| d.status == "cancelled")
        .count();
    assert_eq!(sent + cancelled, 60, "{deliveries:?}");
    // At 10 a second the claimed batch would take 6 s; the worker looks for a cancel every
    // 0.5 s. Half left over keeps seconds of room for this machine's noise.
    assert!(
        cancelled >= 30,
        "the worker dropped what it held: {sent} sent, {cancelled} cancelled"
    );
    assert_eq!(fake.sent_messages().len(), sent);
}

/// One 5xx says little about the next call: the delivery is due again within a fraction of a
/// second (jittered), not after seconds. Long pauses are for the outage detector and 429s.
#[tokio::test]
async fn a_5xx_makes_a_delivery_due_again_within_half_a_second() {
    let (app, fake, admin, linked) = setup(1).await;
    let id = enqueue(&app.pool, admin, "Hi", Format::Plain, Audience::All).await;
    fake.fail_next(
        "sendMessage",
        Some(linked[0].chat_id),
        1,
        Failure::ServerError(502),
    );
    let options = tglink::delivery::worker::WorkerOptions::for_rate(30);
    let mut w = worker(&app, &fake, options);
    assert_eq!(w.run_once().await.unwrap(), 1);
    let pool = app.pool.clone();
    let (attempts, due_after_ms): (i32, i64) = tglink::db::run(&pool, move |conn| {
        use tglink::db::schema::deliveries as d;
        d::table
            .filter(d::message_id.eq(id))
            .select((d::attempts, d::next_attempt_at, d::updated_at))
            .first::<(i32, chrono::NaiveDateTime, chrono::NaiveDateTime)>(conn)
            .map(|(a, next, at)| (a, (next - at).num_milliseconds()))
    })
    .await
    .unwrap();
    assert_eq!(attempts, 1);
    assert!(
        (0..500).contains(&due_after_ms),
        "due again {due_after_ms} ms after the 502"
    );
}
