//! Scheduled messages: a broadcast scheduled on the form waits, is listed as scheduled in the
//! admin's time zone, can be changed or cancelled before it starts; a notification scheduled
//! through the API goes out on time, even when the app was restarted in between.
use std::time::Duration;

use serde_json::{Value, json};
use telegram_fake::FakeTelegram;

use crate::binary::Binary;
use crate::broadcast_support::*;
use crate::helpers::{BOT_TOKEN, TestApp, TestDb, csrf_from, location, spawn_app};

/// A `datetime-local` value `minutes` from now in `zone`.
fn local_in(zone: chrono_tz::Tz, minutes: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::minutes(minutes))
        .with_timezone(&zone)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

async fn schedule(app: &TestApp, text: &str, send_at: &str, zone: &str) -> reqwest::Response {
    let page = app.get_html("/admin/broadcasts/new").await;
    app.post_form(
        "/admin/broadcasts",
        &[
            ("csrf_token", &csrf_from(&page)),
            ("idempotency_key", &idempotency_key(&page)),
            ("text", text),
            ("format", "plain"),
            ("audience", "all"),
            ("send_at", send_at),
            ("time_zone", zone),
        ],
    )
    .await
}

#[tokio::test]
async fn a_scheduled_broadcast_waits_and_can_be_changed_or_cancelled_before_it_starts() {
    // No bot: nothing could be sent anyway; the rows say when each delivery is due.
    let app = spawn_app().await;
    sign_in_admin(&app).await;
    link_users(&app.pool, None, "member", 3, 10_000, false).await;
    let tokyo: chrono_tz::Tz = "Asia/Tokyo".parse().unwrap();

    for (send_at, zone, error) in [
        ("yesterday", "UTC", "Give a date and time"),
        (&local_in(tokyo, -90), "Asia/Tokyo", "This time has passed"),
        (
            &local_in(tokyo, 60 * 24 * 400),
            "Asia/Tokyo",
            "at most a year ahead",
        ),
        (
            &local_in(tokyo, 90),
            "Atlantis/Capital",
            "Choose the time zone",
        ),
    ] {
        let r = schedule(&app, "Later", send_at, zone).await;
        assert_eq!(r.status(), 422, "{send_at} {zone}");
        let html = r.text().await.unwrap();
        assert!(html.contains(error), "{error}: {html}");
        assert!(html.contains("Later"), "the text is kept");
    }

    let at = local_in(tokyo, 90);
    let r = schedule(&app, "Doors open soon", &at, "Asia/Tokyo").await;
    assert_eq!(r.status(), 303);
    let id = broadcast_id(&location(&r));
    let deliveries = deliveries_of(&app.pool, id).await;
    assert_eq!(deliveries.len(), 3);
    assert!(deliveries.iter().all(|d| d.status == "pending"));
    let due = next_attempts(&app, id).await;
    let expected = chrono::Utc::now().naive_utc() + chrono::Duration::minutes(90);
    for d in &due {
        assert!(
            (*d - expected).num_seconds().abs() < 120,
            "due in 90 minutes (UTC), got {d} for {expected}"
        );
    }
    let page = app.get_html(&format!("/admin/broadcasts/{id}")).await;
    assert!(page.contains("Scheduled for 20"), "{page}");
    assert!(
        app.get_html("/admin/broadcasts")
            .await
            .contains("scheduled for"),
        "the list says so"
    );

    let edit = format!("/admin/broadcasts/{id}/edit");
    let form = app.get_html(&edit).await;
    assert!(form.contains("Doors open soon"), "{form}");
    let later = local_in(tokyo, 180);
    let r = app
        .submit(
            &edit,
            &edit,
            &[
                ("text", "Doors open at nine"),
                ("format", "plain"),
                ("send_at", &later),
                ("time_zone", "Asia/Tokyo"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let page = app.get_html(&format!("/admin/broadcasts/{id}")).await;
    assert!(page.contains("Doors open at nine"), "{page}");
    let moved = next_attempts(&app, id).await;
    assert!(
        moved
            .iter()
            .zip(&due)
            .all(|(m, d)| (*m - *d).num_minutes() >= 89),
        "every delivery moved 90 minutes later"
    );

    let r = app
        .submit(
            &format!("/admin/broadcasts/{id}"),
            &format!("/admin/broadcasts/{id}/cancel"),
            &[],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert!(
        deliveries_of(&app.pool, id)
            .await
            .iter()
            .all(|d| d.status == "cancelled")
    );
    // The form now sends the admin to the broadcast's page; a form left open still posts.
    let r = app.get(&edit).await;
    assert_eq!(location(&r), format!("/admin/broadcasts/{id}"));
    let r = app
        .submit(
            &format!("/admin/broadcasts/{id}"),
            &edit,
            &[
                ("text", "Too late"),
                ("send_at", &later),
                ("time_zone", "UTC"),
            ],
        )
        .await;
    assert_eq!(r.status(), 409, "a cancelled broadcast cannot be changed");
    assert!(r.text().await.unwrap().contains("was not changed"));
}

async fn next_attempts(app: &TestApp, id: i64) -> Vec<chrono::NaiveDateTime> {
    use diesel::prelude::*;
    use tglink::db::schema::deliveries;
    tglink::db::run(&app.pool, move |conn| {
        deliveries::table
            .filter(deliveries::message_id.eq(id))
            .order(deliveries::id)
            .select(deliveries::next_attempt_at)
            .load(conn)
    })
    .await
    .expect("deliveries")
}

#[tokio::test]
async fn a_notification_scheduled_through_the_api_goes_out_on_time_after_a_restart() {
    let fake = FakeTelegram::start(BOT_TOKEN).await.unwrap();
    let db = TestDb::new();
    let dir = tempfile::tempdir().unwrap();
    let pool = {
        let url = db.url().to_string();
        tokio::task::spawn_blocking(move || {
            tglink::db::connect(&tglink::db::Backend::from_url(&url).expect("URL"))
        })
        .await
        .unwrap()
        .expect("database")
    };
    let linked = link_users(&pool, Some(&fake), "member", 1, 70_000, false).await;
    let token = tglink::db::run(&pool, |conn| {
        tglink::api::api_tokens::create(conn, "shop").map_err(anyhow::Error::from)
    })
    .await
    .unwrap()
    .1;

    let first = Binary::start(&fake, &db, dir.path(), false).await;
    let client = reqwest::Client::new();
    let post = |body: Value| {
        client
            .post(first.url("/api/v1/notifications"))
            .bearer_auth(&token)
            .json(&body)
            .send()
    };
    let r = post(json!({"username": "member0", "text": "x", "send_at": "tomorrow"}))
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("send_at"));
    let r = post(json!({"username": "member0", "text": "x", "send_at": "2020-01-01T00:00:00Z"}))
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("send_at: This time has passed")
    );

    let asked = std::time::Instant::now();
    let send_at = chrono::Utc::now() + chrono::Duration::seconds(4);
    let r = post(json!({
        "username": "member0",
        "text": "Your table is ready",
        // Another offset: the instant is what counts.
        "send_at": send_at.with_timezone(&chrono::FixedOffset::east_opt(5 * 3600).unwrap()).to_rfc3339(),
    }))
    .await
    .unwrap();
    assert_eq!(r.status(), 202);
    drop(first);

    let _second = Binary::start(&fake, &db, dir.path(), false).await;
    let message = fake
        .wait_for_message_to(linked[0].chat_id, Duration::from_secs(30))
        .await
        .expect("the scheduled notification arrives after the restart");
    assert_eq!(message.plain_text, "Your table is ready");
    let after = message.at.duration_since(asked);
    assert!(
        after >= Duration::from_millis(3900),
        "not before its time: sent {after:?} after it was asked for 4 s later"
    );
}
