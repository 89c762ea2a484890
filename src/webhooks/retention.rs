//! Forgetting old webhook events: an event, its deliveries and their attempts go once the event
//! is older than TGLINK_WEBHOOK_RETENTION_DAYS and nothing of it is still pending. Their bodies
//! name subscribers; after the retry window they serve only the admin page's history.
use std::time::Duration;

use diesel::prelude::*;

use super::outbox::Status;
use crate::db::schema::{webhook_attempts, webhook_deliveries, webhook_events};
use crate::db::{self, Conn, Pool, now};
use crate::tasks::sleep_or_stop;

/// Deletes events created more than `keep` ago with no pending delivery; how many.
pub fn prune(conn: &mut Conn, keep: Duration) -> anyhow::Result<usize> {
    let cutoff = now() - chrono::Duration::from_std(keep)?;
    conn.transaction(|conn| {
        let pending = webhook_deliveries::table
            .filter(webhook_deliveries::status.eq(Status::Pending.as_str()))
            .select(webhook_deliveries::event_id);
        let old: Vec<i64> = webhook_events::table
            .filter(webhook_events::created_at.lt(cutoff))
            .filter(webhook_events::id.ne_all(pending))
            .select(webhook_events::id)
            .load(conn)?;
        if old.is_empty() {
            return Ok(0);
        }
        let of_old = webhook_deliveries::table
            .filter(webhook_deliveries::event_id.eq_any(&old))
            .select(webhook_deliveries::id);
        diesel::delete(
            webhook_attempts::table.filter(webhook_attempts::delivery_id.eq_any(of_old)),
        )
        .execute(conn)?;
        diesel::delete(webhook_deliveries::table.filter(webhook_deliveries::event_id.eq_any(&old)))
            .execute(conn)?;
        diesel::delete(webhook_events::table.filter(webhook_events::id.eq_any(&old)))
            .execute(conn)
            .map_err(anyhow::Error::from)
    })
}

/// Prunes every `every` until `stop`.
pub async fn run(
    pool: Pool,
    keep: Duration,
    every: Duration,
    stop: tokio_util::sync::CancellationToken,
) -> anyhow::Result<()> {
    loop {
        match db::run(&pool, move |conn| prune(conn, keep)).await {
            Ok(0) => {}
            Ok(events) => tracing::info!(events, "forgot old webhook events"),
            Err(e) => tracing::warn!(error = %e, "pruning old webhook events failed; will retry"),
        }
        if !sleep_or_stop(&stop, every).await {
            return Ok(());
        }
    }
}
