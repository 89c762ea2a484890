//! Signed outgoing webhooks (Standard Webhooks): events go into an outbox in the transaction of
//! the change that caused them, and a background sender POSTs them to each endpoint, in order per
//! subscriber, retrying with backoff for 25 hours.
pub mod destination; // where webhooks may go: public https unless allowed, checked after DNS
pub mod endpoints; // the registered URLs and their secrets
pub mod outbox; // event types, and queueing an event for every endpoint
pub mod queue; // claim lane heads, record attempts, resend
pub mod retention; // forgetting events older than TGLINK_WEBHOOK_RETENTION_DAYS
pub mod sender; // the background task that POSTs
pub mod signature; // whsec_ secrets and the v1 HMAC-SHA256 signature

/// Adds the webhook sender and the pruning of old events to the background tasks.
pub fn start(
    pool: crate::db::Pool,
    config: &crate::config::Config,
    tasks: &mut crate::tasks::Tasks,
) -> anyhow::Result<()> {
    let destinations = destination::Destinations {
        allow_private: config.webhook_allow_private,
    };
    let sender = sender::Sender::new(pool.clone(), config.webhooks.clone(), destinations)?;
    tasks.add("webhook sender", move |stop| sender.run(stop));
    let (keep, every) = (
        config.retention.webhook_events,
        config.retention.prune_every,
    );
    tasks.add("webhook retention", {
        let pool = pool.clone();
        move |stop| retention::run(pool, keep, every, stop)
    });
    Ok(())
}
