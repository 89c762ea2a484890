//! Nothing reaches a member who left. For every way a link or a connected group ends, a message
//! queued for the chat (held back behind a backlog, so it has not gone out) and two scheduled ones
//! (a broadcast with a start time and an API notification with `send_at`) are settled with the
//! real reason and never reach the fake Telegram, while the app's own worker runs past the
//! schedule. And the worker re-checks at claim time: a link ended, or an account disabled, behind
//! the app's back sends nothing either. Read through the test's own SQL and the fake's call log.
use std::time::Duration;

use diesel::prelude::*;
use reqwest::Method;
use serde_json::{Value, json};
use telegram_fake::{Failure, FakeUser};
use tglink::db::schema::{deliveries, group_chats, telegram_links, users};
use tglink::delivery::store::Audience;
use tglink::delivery::text::Format;

use crate::broadcast_support::*;
use crate::external_subscribers::{api_token, call, link_external};
use crate::helpers::{Browser, Intake, TestApp, location, spawn_app_with_telegram};

const WAIT: Duration = Duration::from_secs(60);
/// The member's Telegram chat, and the group they connect.
const CHAT: i64 = 4242;
const GROUP: i64 = -100_424_242;
/// The messages that must not arrive: one sent now, one broadcast scheduled, one notification
/// scheduled through the API.
const NOW: &str = "Now, for everyone";
const LATER: &str = "Later, for everyone";
const API_LATER: &str = "Later, for you alone";
/// How many other linked accounts a backlog broadcast goes to first: at the test's 30 messages a
/// second, half a minute in which the message sent "now" is still waiting its turn.
const BACKLOG: usize = 900;

/// An app with a signed-in admin (its default browser), a linked member, an API token, and
/// optionally a group the member connected.
struct Scene {
    app: TestApp,
    admin: i64,
    member: Option<Browser>,
    tg: FakeUser,
    user_id: i64,
    token: String,
    /// How an API notification names the member.
    recipient: (&'static str, &'static str),
}

async fn scene() -> Scene {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let admin = sign_in_admin(&app).await;
    let token = api_token(&app).await;
    let (browser, tg) = member(&app, "mia", CHAT).await;
    let user_id = user_id(&app.pool, "mia").await;
    Scene {
        app,
        admin,
        member: Some(browser),
        tg,
        user_id,
        token,
        recipient: ("username", "mia"),
    }
}

/// The member is a subscriber the site knows by its own id, linked through the API.
async fn subscriber_scene() -> Scene {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let admin = sign_in_admin(&app).await;
    let token = api_token(&app).await;
    let tg = link_external(&app, &token, "shop-7", "Mia Shopper", CHAT).await;
    let user_id = tglink::db::run(&app.pool, |conn| {
        users::table
            .filter(users::external_id.eq("shop-7"))
            .select(users::id)
            .first::<i64>(conn)
    })
    .await
    .expect("the subscriber");
    Scene {
        app,
        admin,
        member: None,
        tg,
        user_id,
        token,
        recipient: ("external_id", "shop-7"),
    }
}

impl Scene {
    fn browser(&self) -> &Browser {
        self.member.as_ref().expect("a member with a browser")
    }

    /// Connects GROUP for the member through the Connect page and the fake.
    async fn connect_group(&self) {
        self.app.fake().add_supergroup(GROUP, "Mia's team", false);
        let r = self
            .browser()
            .submit("/connect", "/connect/groups/add-group", &[])
            .await;
        assert_eq!(r.status(), 303, "add to a group");
        self.tg
            .add_bot_to_group(&location(&r), GROUP)
            .await
            .expect("add the bot");
        self.app.next_message_to(GROUP).await;
        assert!(self.group_row().await.is_some(), "the group is connected");
    }

    async fn group_row(&self) -> Option<i64> {
        tglink::db::run(&self.app.pool, |conn| {
            group_chats::table
                .filter(group_chats::chat_id.eq(GROUP))
                .select(group_chats::id)
                .first::<i64>(conn)
                .optional()
        })
        .await
        .expect("group row")
    }

    async fn linked(&self) -> bool {
        let id = self.user_id;
        tglink::db::run(&self.app.pool, move |conn| {
            telegram_links::table
                .find(id)
                .count()
                .get_result::<i64>(conn)
        })
        .await
        .expect("link")
            > 0
    }

    /// Waits until the member's link is gone (the bot works in the background).
    async fn wait_unlinked(&self) {
        let deadline = tokio::time::Instant::now() + WAIT;
        while self.linked().await {
            assert!(tokio::time::Instant::now() < deadline, "still linked");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// An API notification to the member, at once or at `send_at`; its message id.
    async fn notify(&self, text: &str, send_at: Option<chrono::DateTime<chrono::Utc>>) -> i64 {
        let mut body = json!({ "text": text });
        body[self.recipient.0] = Value::from(self.recipient.1);
        if let Some(at) = send_at {
            body["send_at"] = Value::from(at.to_rfc3339());
        }
        let (status, answer) = call(
            &self.app,
            &self.token,
            Method::POST,
            "/api/v1/notifications",
            Some(body),
        )
        .await;
        assert_eq!(status, 202, "{answer}");
        answer["id"].as_i64().expect("an id")
    }

    /// Queues the three messages (to the group too when `to_groups`): the one sent now waits
    /// behind a backlog to others, the scheduled ones are due in a few minutes.
    async fn queue(&self, to_groups: bool) -> Queued {
        let seeded = link_users(
            &self.app.pool,
            Some(self.app.fake()),
            "busy",
            BACKLOG,
            7_000_000,
            true,
        )
        .await;
        enqueue(
            &self.app.pool,
            self.admin,
            "Backlog",
            Format::Plain,
            Audience::Admins,
        )
        .await;
        let now = compose_broadcast(&self.app, NOW, to_groups, "").await;
        let at = (chrono::Utc::now() + chrono::Duration::minutes(3))
            .format("%Y-%m-%dT%H:%M")
            .to_string();
        let later = compose_broadcast(&self.app, LATER, to_groups, &at).await;
        let api_later = self
            .notify(
                API_LATER,
                Some(chrono::Utc::now() + chrono::Duration::minutes(3)),
            )
            .await;
        let queued = Queued {
            messages: vec![now, later, api_later],
            seeded: seeded.iter().map(|l| l.user_id).collect(),
        };
        let waiting = self.outcomes(&queued, CHAT).await;
        assert!(
            waiting.iter().all(|(status, _)| status == "pending"),
            "the backlog holds the message sent now back: {waiting:?}"
        );
        queued
    }

    /// Clears the backlog (and the seeded accounts' share of our messages) and moves every
    /// schedule into the past: what is still pending for the member is due at once.
    async fn time_passes(&self, queued: &Queued) {
        let seeded = queued.seeded.clone();
        tglink::db::run(&self.app.pool, move |conn| {
            diesel::update(
                deliveries::table
                    .filter(deliveries::status.eq("pending"))
                    .filter(deliveries::user_id.eq_any(&seeded)),
            )
            .set((
                deliveries::status.eq("cancelled"),
                deliveries::error.eq("the test cleared the backlog"),
            ))
            .execute(conn)?;
            let past = chrono::Utc::now().naive_utc() - chrono::Duration::hours(1);
            diesel::update(deliveries::table.filter(deliveries::status.eq("pending")))
                .set(deliveries::next_attempt_at.eq(past))
                .execute(conn)
        })
        .await
        .expect("time passes");
    }

    /// (status, error) of our messages' deliveries to `chat`.
    async fn outcomes(&self, queued: &Queued, chat: i64) -> Vec<(String, Option<String>)> {
        let ids = queued.messages.clone();
        tglink::db::run(&self.app.pool, move |conn| {
            deliveries::table
                .filter(deliveries::chat_id.eq(chat))
                .filter(deliveries::message_id.eq_any(&ids))
                .order(deliveries::id)
                .select((deliveries::status, deliveries::error))
                .load(conn)
        })
        .await
        .expect("deliveries")
    }

    /// Waits until the worker is done with our messages to `chat`; their outcomes.
    async fn settled(&self, queued: &Queued, chat: i64) -> Vec<(String, Option<String>)> {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let now = self.outcomes(queued, chat).await;
            if now.iter().all(|(s, _)| s != "pending" && s != "sending") {
                return now;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "deliveries to {chat} stayed open: {now:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The calls the bot made to send one of our messages to `chat`, answered or refused.
    fn attempts(&self, chat: i64) -> Vec<String> {
        self.app
            .fake()
            .calls_to("sendMessage")
            .into_iter()
            .filter(|c| c.params["chat_id"].as_i64() == Some(chat))
            .filter_map(|c| c.params["text"].as_str().map(str::to_string))
            .filter(|t| [NOW, LATER, API_LATER].contains(&t.as_str()))
            .collect()
    }

    /// Lets the worker run past the schedule, then checks that none of our messages was even
    /// tried on `chat` and that each of its deliveries ended `status`.
    async fn nothing_reached(&self, queued: &Queued, chat: i64, status: &str, count: usize) {
        self.time_passes(queued).await;
        let outcomes = self.settled(queued, chat).await;
        assert_eq!(outcomes.len(), count, "{outcomes:?}");
        assert!(
            outcomes.iter().all(|(s, e)| s == status && e.is_some()),
            "each ended {status}, with a reason: {outcomes:?}"
        );
        assert_eq!(self.attempts(chat), Vec::<String>::new(), "nothing sent");
    }

    /// The member's own chat still gets everything (the worker did run past the schedule).
    async fn member_got_everything(&self, queued: &Queued) {
        let outcomes = self.settled(queued, CHAT).await;
        assert!(
            outcomes.iter().all(|(s, _)| s == "sent"),
            "the member still gets their messages: {outcomes:?}"
        );
        let mut got = self.attempts(CHAT);
        got.sort();
        let mut all = [NOW, LATER, API_LATER];
        all.sort();
        assert_eq!(got, all);
    }

    /// The last link event of the member: (event, via).
    async fn last_link_event(&self) -> (String, String) {
        let events = self.app.link_events().await;
        let (_, event, via) = events.last().expect("a link event").clone();
        (event, via)
    }

    /// Waits for a message to the member's chat containing `text`.
    async fn told(&self, text: &str) {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            if self
                .app
                .fake()
                .messages_to(CHAT)
                .iter()
                .any(|m| m.plain_text.contains(text))
            {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "the member was never told {text:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

struct Queued {
    /// Now, later, the API's later.
    messages: Vec<i64>,
    seeded: Vec<i64>,
}

/// Sends the compose form to everyone (and the groups when asked), now or at `send_at` (UTC).
async fn compose_broadcast(app: &TestApp, text: &str, to_groups: bool, send_at: &str) -> i64 {
    let mut fields = vec![
        ("text", text),
        ("format", "plain"),
        ("audience", "all"),
        ("send_at", send_at),
        ("time_zone", "UTC"),
    ];
    if to_groups {
        fields.push(("to_groups", "on"));
    }
    let r = compose(app, &fields).await;
    assert_eq!(r.status(), 303, "broadcast {text}");
    broadcast_id(&location(&r))
}

#[tokio::test]
async fn stop_settles_what_was_queued_and_scheduled() {
    let s = scene().await;
    let queued = s.queue(false).await;
    s.tg.send_text("/stop").await.expect("/stop");
    s.wait_unlinked().await;
    s.nothing_reached(&queued, CHAT, "cancelled", 3).await;
    assert_eq!(
        s.last_link_event().await,
        ("unlinked".into(), "stop".into())
    );
}

#[tokio::test]
async fn blocking_the_bot_settles_what_was_queued_and_scheduled_as_blocked() {
    let s = scene().await;
    let queued = s.queue(false).await;
    s.tg.block().await.expect("block");
    s.wait_unlinked().await;
    s.nothing_reached(&queued, CHAT, "blocked", 3).await;
    assert_eq!(
        s.last_link_event().await,
        ("unlinked".into(), "blocked".into())
    );
}

#[tokio::test]
async fn a_send_refused_with_403_settles_the_rest_as_blocked() {
    let s = scene().await;
    let queued = s.queue(false).await;
    // Blocked without the update reaching the app: the next send (a notification, ahead of the
    // backlog) is the first to learn it.
    s.app.fake().block_bot(CHAT);
    s.notify("Knock knock", None).await;
    s.wait_unlinked().await;
    s.nothing_reached(&queued, CHAT, "blocked", 3).await;
    assert_eq!(
        s.last_link_event().await,
        ("unlinked".into(), "send_forbidden".into())
    );
}

#[tokio::test]
async fn unlinking_on_the_connect_page_settles_everything_and_says_so_in_the_chat() {
    let s = scene().await;
    let queued = s.queue(false).await;
    let r = s.browser().submit("/connect", "/connect/unlink", &[]).await;
    assert_eq!(r.status(), 303);
    assert!(!s.linked().await, "unlinked at once");
    s.nothing_reached(&queued, CHAT, "cancelled", 3).await;
    s.told("was unlinked from tglink account mia").await;
    assert_eq!(
        s.last_link_event().await,
        ("unlinked".into(), "page".into())
    );
}

#[tokio::test]
async fn an_admins_unlink_settles_everything_and_tells_the_member() {
    let s = scene().await;
    let queued = s.queue(false).await;
    let r = s
        .app
        .submit(
            "/admin/users?q=mia",
            &format!("/admin/users/{}/unlink", s.user_id),
            &[],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert!(!s.linked().await, "unlinked at once");
    s.nothing_reached(&queued, CHAT, "cancelled", 3).await;
    s.told("was unlinked from mia").await;
    assert_eq!(
        s.last_link_event().await,
        ("unlinked".into(), "admin".into())
    );
}

#[tokio::test]
async fn disabling_an_account_settles_what_was_queued_and_scheduled() {
    let s = scene().await;
    let queued = s.queue(false).await;
    let r = s
        .app
        .submit(
            "/admin/users?q=mia",
            &format!("/admin/users/{}/disable", s.user_id),
            &[],
        )
        .await;
    assert_eq!(r.status(), 303);
    s.nothing_reached(&queued, CHAT, "cancelled", 3).await;
    assert!(
        s.linked().await,
        "the link stays for when it is enabled again"
    );
}

#[tokio::test]
async fn the_apis_unlink_settles_what_was_queued_and_scheduled() {
    let s = subscriber_scene().await;
    let queued = s.queue(false).await;
    let (status, body) = call(
        &s.app,
        &s.token,
        Method::DELETE,
        "/api/v1/subscribers/shop-7/link",
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    s.nothing_reached(&queued, CHAT, "cancelled", 3).await;
    s.told("was unlinked from Mia Shopper").await;
    assert_eq!(s.last_link_event().await, ("unlinked".into(), "api".into()));
}

#[tokio::test]
async fn deleting_the_account_settles_everything_and_disconnects_its_groups() {
    let s = scene().await;
    s.connect_group().await;
    let queued = s.queue(true).await;
    let r = s
        .browser()
        .submit(
            "/account/delete",
            "/account/delete",
            &[("password", "correct horse battery")],
        )
        .await;
    assert_eq!(r.status(), 200);
    assert!(!s.linked().await, "unlinked at once");
    assert_eq!(s.group_row().await, None, "its group is disconnected");
    s.nothing_reached(&queued, GROUP, "cancelled", 2).await;
    // The erasure keeps the private chat's deliveries for the counts, under chat 0.
    let outcomes = s.settled(&queued, 0).await;
    assert_eq!(outcomes.len(), 3, "{outcomes:?}");
    assert!(
        outcomes
            .iter()
            .all(|(st, e)| st == "cancelled" && e.is_some()),
        "{outcomes:?}"
    );
    assert_eq!(s.attempts(CHAT), Vec::<String>::new(), "nothing sent");
    s.told("was deleted").await;
    assert_eq!(
        s.last_link_event().await,
        ("unlinked".into(), "account_deleted".into())
    );
}

#[tokio::test]
async fn a_group_that_removes_the_bot_gets_nothing_more() {
    let s = scene().await;
    s.connect_group().await;
    let queued = s.queue(true).await;
    s.tg.remove_bot(GROUP).await.expect("remove the bot");
    let deadline = tokio::time::Instant::now() + WAIT;
    while s.group_row().await.is_some() {
        assert!(tokio::time::Instant::now() < deadline, "still connected");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    s.nothing_reached(&queued, GROUP, "cancelled", 2).await;
    s.member_got_everything(&queued).await;
}

#[tokio::test]
async fn a_group_the_member_disconnects_gets_nothing_more() {
    let s = scene().await;
    s.connect_group().await;
    let queued = s.queue(true).await;
    let id = s.group_row().await.expect("connected");
    let r = s
        .browser()
        .submit("/connect", &format!("/connect/groups/{id}/disconnect"), &[])
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(s.group_row().await, None);
    s.nothing_reached(&queued, GROUP, "cancelled", 2).await;
    s.member_got_everything(&queued).await;
}

#[tokio::test]
async fn a_group_an_admin_disconnects_gets_nothing_more() {
    let s = scene().await;
    s.connect_group().await;
    let queued = s.queue(true).await;
    let id = s.group_row().await.expect("connected");
    let r = s
        .app
        .submit(
            "/admin/groups",
            &format!("/admin/groups/{id}/disconnect"),
            &[],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(s.group_row().await, None);
    s.nothing_reached(&queued, GROUP, "cancelled", 2).await;
    s.member_got_everything(&queued).await;
}

#[tokio::test]
async fn a_group_that_refuses_a_send_with_403_is_blocked_not_cancelled() {
    let s = scene().await;
    s.connect_group().await;
    let queued = s.queue(true).await;
    // The first of our messages to reach the group is refused; the other is never tried.
    s.app.fake().fail_next(
        "sendMessage",
        Some(GROUP),
        1,
        Failure::Other {
            code: 403,
            description: "Forbidden: bot was kicked from the supergroup chat".into(),
        },
    );
    s.time_passes(&queued).await;
    let outcomes = s.settled(&queued, GROUP).await;
    assert_eq!(outcomes.len(), 2, "{outcomes:?}");
    assert!(
        outcomes.iter().all(|(status, _)| status == "blocked"),
        "a group's 403 is not a cancel: {outcomes:?}"
    );
    assert_eq!(
        s.attempts(GROUP).len(),
        1,
        "only the refused send was tried"
    );
    assert!(
        s.app
            .fake()
            .messages_to(GROUP)
            .iter()
            .all(|m| m.plain_text != NOW && m.plain_text != LATER)
    );
    assert_eq!(s.group_row().await, None, "disconnected");
    s.member_got_everything(&queued).await;
}

#[tokio::test]
async fn the_worker_sends_nothing_to_a_link_or_group_that_ended_behind_its_back() {
    let s = scene().await;
    s.connect_group().await;
    let queued = s.queue(true).await;
    // Not through the app: no path settled anything, so only the worker's re-check stands
    // between these deliveries and the chats.
    let user = s.user_id;
    tglink::db::run(&s.app.pool, move |conn| {
        diesel::delete(telegram_links::table.find(user)).execute(conn)?;
        diesel::delete(group_chats::table.filter(group_chats::chat_id.eq(GROUP))).execute(conn)
    })
    .await
    .expect("end behind the app's back");
    s.nothing_reached(&queued, CHAT, "cancelled", 3).await;
    s.nothing_reached(&queued, GROUP, "cancelled", 2).await;
    let reasons = s.outcomes(&queued, CHAT).await;
    assert!(
        reasons
            .iter()
            .all(|(_, e)| e.as_deref().is_some_and(|e| e.contains("no longer linked"))),
        "{reasons:?}"
    );
}

#[tokio::test]
async fn the_worker_sends_nothing_for_an_account_disabled_behind_its_back() {
    let s = scene().await;
    s.connect_group().await;
    let queued = s.queue(true).await;
    // Disabled with the test's own SQL, not the admin's form: nothing was settled, so only the
    // worker's re-check (the recipient must not be disabled) keeps these from the chats.
    let user = s.user_id;
    tglink::db::run(&s.app.pool, move |conn| {
        diesel::update(users::table.find(user))
            .set(users::disabled_at.eq(Some(chrono::Utc::now().naive_utc())))
            .execute(conn)
    })
    .await
    .expect("disable behind the app's back");
    s.nothing_reached(&queued, CHAT, "cancelled", 3).await;
    s.nothing_reached(&queued, GROUP, "cancelled", 2).await;
    let reasons = s.outcomes(&queued, CHAT).await;
    assert!(
        reasons
            .iter()
            .all(|(_, e)| e.as_deref().is_some_and(|e| e.contains("no longer linked"))),
        "{reasons:?}"
    );
    assert!(s.linked().await, "the link itself stays");
}
