//! Paid broadcasts (TGLINK_PAID_BROADCASTS, issue 29): bulk messages go with
//! `allow_paid_broadcast` only when it is on, the bot's replies never; compose and the
//! broadcast's page show the cost in Stars; `/metrics` counts the paid messages; the fake
//! refuses more than 30 unpaid messages a second, as Telegram does.
use std::time::Duration;

use crate::broadcast_support::*;
use crate::helpers::{Intake, location, spawn_app_with_telegram_and};

const LONG: Duration = Duration::from_secs(60);

/// An app at `rate` messages a second, with paid broadcasts `paid`, `members` linked members,
/// and a signed-in admin; the fake enforces Telegram's limits (10% above the rate).
async fn app_at(rate: u32, paid: bool, members: usize) -> (crate::helpers::TestApp, Vec<Linked>) {
    let app = spawn_app_with_telegram_and(Intake::Polling, |c| {
        c.send_rate = rate;
        c.paid_broadcasts = paid;
    })
    .await;
    app.fake().enforce_rate_limits(rate + rate / 10, 1);
    sign_in_admin(&app).await;
    let linked = link_users(
        &app.pool,
        Some(app.fake()),
        "member",
        members,
        50_000,
        false,
    )
    .await;
    (app, linked)
}

/// Sends "text" to everyone through the compose form; the broadcast's id.
async fn broadcast(app: &crate::helpers::TestApp, text: &str) -> i64 {
    let r = compose(app, &[("text", text), ("audience", "all")]).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    broadcast_id(&location(&r))
}

#[tokio::test]
async fn bulk_messages_are_paid_only_when_paid_broadcasts_are_on() {
    // On, at 100 a second: every broadcast message carries the flag, none meets a 429 (Telegram
    // refuses more than 30 unpaid messages a second), and /metrics counts them.
    let (app, linked) = app_at(100, true, 150).await;
    broadcast(&app, "Paid news").await;
    wait_until_drained(&app.pool, LONG).await;
    let fake = app.fake();
    for l in &linked {
        let got = fake.messages_to(l.chat_id);
        assert_eq!(got.len(), 1, "chat {}", l.chat_id);
        assert!(
            got[0].paid,
            "chat {} got it without allow_paid_broadcast",
            l.chat_id
        );
    }
    assert_eq!(
        fake.count_429(),
        0,
        "paid messages may go above 30 a second"
    );
    // The registry is the process's: other tests running beside this one add to it.
    let metrics = app.get("/metrics").await.text().await.unwrap();
    let paid: u64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix("tglink_paid_messages_total "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no paid messages counter: {metrics}"));
    assert!(paid >= 150, "{paid} paid messages counted");

    // The bot's replies are never paid.
    let member = fake.user(linked[0].chat_id).expect("a known user");
    assert_eq!(
        app.next_message_to(linked[0].chat_id).await.text,
        "Paid news"
    );
    member.send_text("/help").await.unwrap();
    let reply = app.next_message_to(linked[0].chat_id).await;
    assert!(!reply.paid, "a reply went as a paid broadcast");

    // Off (at the free 30 a second): no message carries the flag.
    let (app, linked) = app_at(30, false, 20).await;
    broadcast(&app, "Free news").await;
    wait_until_drained(&app.pool, LONG).await;
    for l in &linked {
        let got = app.fake().messages_to(l.chat_id);
        assert_eq!(got.len(), 1, "chat {}", l.chat_id);
        assert!(!got[0].paid, "chat {} got a paid message", l.chat_id);
    }
}

#[tokio::test]
async fn the_fake_refuses_more_than_30_unpaid_messages_a_second() {
    // Paid broadcasts off but sent at 100 a second (only a test can configure that: the start
    // refuses it): Telegram answers 429, and the sender slows down and still delivers all.
    let (app, linked) = app_at(100, false, 80).await;
    broadcast(&app, "Too fast").await;
    wait_until_drained(&app.pool, LONG).await;
    assert!(
        app.fake().count_429() > 0,
        "unpaid sends above 30/s must meet 429s"
    );
    for l in &linked {
        assert_eq!(app.fake().messages_to(l.chat_id).len(), 1);
    }
}

#[tokio::test]
async fn compose_and_the_broadcast_page_show_the_cost_in_stars() {
    // 200 members at 1,000 a second: 970 of every 1,000 messages are above the free rate, so
    // 194 messages at 0.1 Star: 19.4 Stars.
    let (app, _) = app_at(1000, true, 200).await;
    let page = app.get_html("/admin/broadcasts/new").await;
    assert!(
        page.contains("Paid broadcast at 1,000 messages a second"),
        "{page}"
    );
    assert!(
        page.contains("about <strong id=\"paid-estimate\">19.4 Stars</strong>"),
        "{page}"
    );
    assert!(page.contains("0.1 Star for each message above"), "{page}");

    let id = broadcast(&app, "What it costs").await;
    wait_until_drained(&app.pool, LONG).await;
    let page = app.get_html(&format!("/admin/broadcasts/{id}")).await;
    assert!(
        page.contains("<strong id=\"paid-estimate\">19.4 Stars</strong>"),
        "{page}"
    );
    assert!(
        page.contains("<strong id=\"paid-spent\">19.4 Stars</strong> spent"),
        "{page}"
    );

    // Off: no cost anywhere.
    let (app, _) = app_at(30, false, 5).await;
    let page = app.get_html("/admin/broadcasts/new").await;
    assert!(!page.contains("paid-cost"), "{page}");
}
