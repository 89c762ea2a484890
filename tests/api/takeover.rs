//! A delivery taken over while its first sender is still alive: the first sender's lease ran out
//! (stolen here with SQL, as a stalled worker's would), a second claim took the row, and the
//! first sender's late outcome arrives. Only the claim holding the row may record its outcome: a
//! late "failed", "sent" or "retry" from the old claim changes nothing, and nothing flips from
//! sent back to pending. Results are read with the test's own SQL.
use std::time::Duration;

use tglink::delivery::job::Action;
use tglink::delivery::queue::{self, Claimed};
use tglink::delivery::record::{self, Finished, Outcome};
use tglink::delivery::store::Audience;
use tglink::delivery::text::Format;

use crate::broadcast_support::{enqueue, link_users, sign_in_admin};
use crate::db_dump::Raw;
use crate::helpers::spawn_app;

async fn claim(app: &crate::helpers::TestApp) -> Vec<Claimed> {
    tglink::db::run(&app.pool, |conn| {
        queue::claim(conn, 10, Duration::from_secs(60)).map_err(anyhow::Error::from)
    })
    .await
    .expect("claim")
}

async fn record(app: &crate::helpers::TestApp, claim: &Claimed, outcome: Outcome) {
    let finished = Finished {
        delivery_id: claim.id,
        action: Action::Send,
        chat_id: claim.chat_id,
        lease: claim.lease,
        outcome,
    };
    tglink::db::run(&app.pool, move |conn| {
        record::record(conn, &[finished], tglink::linking::chat_changed)
            .map_err(anyhow::Error::from)
    })
    .await
    .expect("record");
}

/// `status|telegram_message_id|attempts` of the one delivery.
fn row(raw: &mut Raw) -> String {
    raw.texts(
        "SELECT status || '|' || COALESCE(CAST(telegram_message_id AS TEXT), '') || '|' || \
         CAST(attempts AS TEXT) AS row FROM deliveries",
    )
    .join(",")
}

#[tokio::test]
async fn the_old_senders_late_outcome_is_refused_after_a_takeover() {
    // No bot token: the app runs no worker of its own; the test is both senders.
    let app = spawn_app().await;
    let admin = sign_in_admin(&app).await;
    link_users(&app.pool, None, "member", 1, 20_000, false).await;
    enqueue(&app.pool, admin, "Hello", Format::Plain, Audience::All).await;
    let mut raw = Raw::open(&app.db);

    let old = claim(&app).await;
    assert_eq!(old.len(), 1, "the first sender claims the delivery");
    // The first sender stalls past its lease (Telegram slow, the process paused).
    raw.execute("UPDATE deliveries SET lease_until = '2000-01-01 00:00:00'");
    let new = claim(&app).await;
    assert_eq!(
        new.len(),
        1,
        "the second sender takes the expired lease over"
    );
    assert_eq!(new[0].id, old[0].id);
    assert_ne!(new[0].lease, old[0].lease);

    for late in [
        Outcome::Failed {
            reason: "late failure".into(),
            unlink: false,
        },
        Outcome::Retry {
            reason: "late retry".into(),
            after: Duration::from_secs(1),
        },
        Outcome::Sent {
            telegram_message_ids: vec![111],
        },
    ] {
        record(&app, &old[0], late.clone()).await;
        assert_eq!(
            row(&mut raw),
            "sending||0",
            "the old claim's late {late:?} was refused"
        );
    }

    record(
        &app,
        &new[0],
        Outcome::Sent {
            telegram_message_ids: vec![222],
        },
    )
    .await;
    assert_eq!(row(&mut raw), "sent|222|1", "the holder's outcome counts");
    record(
        &app,
        &old[0],
        Outcome::Retry {
            reason: "later still".into(),
            after: Duration::from_secs(1),
        },
    )
    .await;
    assert_eq!(row(&mut raw), "sent|222|1", "nothing flips from sent back");
    let events = raw.texts("SELECT event_type AS row FROM webhook_events");
    assert!(events.is_empty(), "no endpoint, no events: {events:?}");
}
