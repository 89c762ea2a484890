//! Sends whose outcome the bot never learns: Telegram took the message but its answer was lost
//! (the connection dropped, or a gateway answered 502 after Telegram had delivered), or Telegram
//! answered later than the bot's request timeout. A broadcast to many chats meets each for a
//! while, then Telegram recovers. Every delivery ends in exactly one final state, its recorded
//! message is one the chat really got, and a chat gets a second copy only for a send whose answer
//! was lost: the copies beyond the first are at most the sends in flight when the answers were
//! lost, and no chat has two sends in flight at once. Results are read with the test's own SQL
//! and the fake's record, never through the worker.
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use telegram_fake::{CallOutcome, Failure, FakeTelegram};
use tglink::delivery::store::Audience;
use tglink::delivery::text::Format;

use crate::broadcast_support::{enqueue, link_users, sign_in_admin, wait_until_drained};
use crate::db_dump::Raw;
use crate::helpers::{Intake, TestApp, spawn_app_with_telegram_and};

const CHATS: usize = 40;
const FIRST_CHAT: i64 = 30_000;
/// Sends that reach Telegram while it misbehaves.
const HIT: usize = 15;
const LONG: Duration = Duration::from_secs(90);

/// How Telegram misbehaves for the first `HIT` sends.
#[derive(Debug, Clone, Copy)]
enum Mode {
    /// Delivered, then the connection is closed before the answer.
    Dropped,
    /// Delivered, then 502 Bad Gateway.
    BadGatewayAfterDelivery,
    /// Delivered after a second, when the bot gave up after 400 ms.
    SlowerThanTimeout,
}

const TIMEOUT: Duration = Duration::from_millis(400);
const SLOW: Duration = Duration::from_secs(1);

async fn app_for(mode: Mode) -> TestApp {
    spawn_app_with_telegram_and(Intake::Webhook, |c| {
        c.send_rate = 50;
        if matches!(mode, Mode::SlowerThanTimeout) {
            c.telegram_timeout = TIMEOUT;
        }
    })
    .await
}

fn misbehave(fake: &FakeTelegram, mode: Mode, on: bool) {
    match mode {
        Mode::Dropped => fake.fail_share(
            "sendMessage",
            f64::from(u8::from(on)),
            Failure::ResponseLost,
        ),
        Mode::BadGatewayAfterDelivery => fake.fail_share(
            "sendMessage",
            f64::from(u8::from(on)),
            Failure::SentThenServerError(502),
        ),
        Mode::SlowerThanTimeout => {
            fake.set_latency(if on { SLOW } else { Duration::from_millis(50) })
        }
    }
}

/// What the chats got and what the bot could not know, by chat.
#[derive(Debug, Default)]
struct Chat {
    copies: usize,
    /// Sends to this chat whose answer the bot did not get.
    unanswered: usize,
}

async fn broadcast_through(mode: Mode) {
    let app = app_for(mode).await;
    let fake = app.fake().clone();
    let admin = sign_in_admin(&app).await;
    let linked = link_users(&app.pool, Some(&fake), "member", CHATS, FIRST_CHAT, false).await;
    if !matches!(mode, Mode::SlowerThanTimeout) {
        // A little latency, so several sends are in flight when the answers get lost.
        fake.set_latency(Duration::from_millis(100));
    }
    misbehave(&fake, mode, true);
    let id = enqueue(
        &app.pool,
        admin,
        "Lost and found",
        Format::Plain,
        Audience::All,
    )
    .await;
    fake.wait_until(LONG, |f| f.sends_received() >= HIT)
        .await
        .expect("the broadcast reaches Telegram");
    misbehave(&fake, mode, false);
    // A send that arrived while Telegram was slow is answered after the bot's timeout.
    let recovered = Instant::now();
    wait_until_drained(&app.pool, LONG).await;
    // Late answers of slow sends land after the bot stopped listening.
    fake.wait_until(LONG, |f| f.sends_in_flight() == 0)
        .await
        .expect("Telegram answered everything");

    let mut chats: BTreeMap<i64, Chat> = linked
        .iter()
        .map(|l| (l.chat_id, Chat::default()))
        .collect();
    for m in fake.sent_messages() {
        chats.get_mut(&m.chat_id).expect("a linked chat").copies += 1;
    }
    for call in fake.calls_to("sendMessage") {
        let lost = match mode {
            Mode::SlowerThanTimeout => call.at < recovered,
            _ => matches!(
                call.outcome,
                CallOutcome::Dropped | CallOutcome::Error { code: 502, .. }
            ),
        };
        let chat = call.params["chat_id"]
            .as_i64()
            .or_else(|| call.params["chat_id"].as_str()?.parse().ok())
            .expect("a chat id");
        if lost {
            chats.get_mut(&chat).expect("a linked chat").unanswered += 1;
        }
    }

    let mut raw = Raw::open(&app.db);
    let rows = raw.texts(&format!(
        "SELECT CAST(chat_id AS TEXT) || '|' || status || '|' || \
         COALESCE(CAST(telegram_message_id AS TEXT), '') AS row FROM deliveries \
         WHERE message_id = {id} ORDER BY chat_id"
    ));
    assert_eq!(rows.len(), CHATS, "one delivery per chat: {rows:?}");
    let sent = fake.sent_messages();
    for row in &rows {
        let fields: Vec<&str> = row.split('|').collect();
        let [chat, status, message] = fields[..] else {
            panic!("a row: {row}")
        };
        let chat: i64 = chat.parse().expect("a chat id");
        assert_eq!(
            status, "sent",
            "{mode:?}: Telegram recovered, so chat {chat} ends sent: {row}"
        );
        let message: i64 = message.parse().expect("a sent delivery has Telegram's id");
        assert!(
            sent.iter()
                .any(|m| m.chat_id == chat && m.message_id == message),
            "{mode:?}: the recorded message {message} is one chat {chat} got"
        );
    }
    let unanswered: usize = chats.values().map(|c| c.unanswered).sum();
    let duplicates: usize = chats.values().map(|c| c.copies.saturating_sub(1)).sum();
    println!(
        "{mode:?}: {unanswered} sends unanswered, {duplicates} duplicates, {} sends at most in \
         flight, {} sendMessage calls",
        fake.max_sends_in_flight(),
        fake.sends_received()
    );
    assert!(
        unanswered > 0,
        "{mode:?}: Telegram misbehaved for some sends"
    );
    for (chat, c) in &chats {
        assert!(
            c.copies <= 1 + c.unanswered,
            "{mode:?}: chat {chat} got {} copies for {} unanswered sends: a send answered OK was \
             made again",
            c.copies,
            c.unanswered
        );
    }
    assert!(
        duplicates <= unanswered,
        "{mode:?}: {duplicates} duplicates for {unanswered} sends in flight unanswered"
    );
    // (A send that timed out may still be on its way when the chat's turn comes again: only an
    // answer the bot received tells it the chat is free.)
    if !matches!(mode, Mode::SlowerThanTimeout) {
        assert_eq!(
            fake.max_sends_in_flight_to_one_chat(),
            1,
            "{mode:?}: a chat had two sends in flight at once"
        );
    }
}

#[tokio::test]
async fn answers_lost_on_a_dropped_connection() {
    broadcast_through(Mode::Dropped).await;
}

#[tokio::test]
async fn answers_lost_to_a_502_after_delivery() {
    broadcast_through(Mode::BadGatewayAfterDelivery).await;
}

#[tokio::test]
async fn a_telegram_slower_than_the_request_timeout() {
    broadcast_through(Mode::SlowerThanTimeout).await;
}

/// The bot's replies are at least once, like deliveries: a reply whose request dies on the way
/// (the connection closes before Telegram answers, so the bot cannot tell whether it arrived) is
/// sent again, and the member gets the answer; when Telegram had already shown it, the member
/// may see it twice, never zero times.
#[tokio::test]
async fn a_reply_whose_connection_drops_is_sent_again() {
    let app = crate::helpers::spawn_app_with_telegram(Intake::Webhook).await;
    let fake = app.fake();
    for (chat, failure) in [(901, Failure::NetworkDrop), (902, Failure::ResponseLost)] {
        let member = fake.add_user(chat, "Member", None);
        fake.fail_next("sendMessage", Some(chat), 1, failure.clone());
        member.send_text("/whoami").await.unwrap();
        let reply = app.next_message_to(chat).await.plain_text;
        assert!(
            reply.starts_with("I don't know you yet"),
            "{failure:?}: {reply}"
        );
        app.updates_handled().await;
        let got = fake.messages_to(chat).len();
        let copies = if matches!(failure, Failure::ResponseLost) {
            1..=2
        } else {
            1..=1
        };
        assert!(copies.contains(&got), "{failure:?}: {got} copies");
    }
}
