//! The bot's dispatcher: takes updates from the inbox and hands them to the handlers, up to
//! TGLINK_UPDATE_CONCURRENCY at once. It claims only the head of each chat's lane, so different
//! chats are handled in parallel while one chat's updates run one at a time, in order (also with
//! several instances: the lanes live in the database).
//!
//! A handler queues its replies (`outbox`) instead of waiting for Telegram; once it finished, its
//! handling slot is free for another chat while the replies go out, in order, through the send
//! budget. The update stays claimed (its lane closed) until they went out, and only then is it
//! marked done: a crash sends them again, never loses them, and the chat's next update is handled
//! after them. So answers are bounded by the database and the CPU, not by Telegram's latency;
//! what is in hand is bounded (`MAX_IN_HAND`) only to bound memory. A handler that failed is
//! retried with backoff; an update whose process died is claimed again when its lease runs out
//! (at once after a restart on SQLite).
//!
//! Each step is one transaction: record what finished, renew the leases in hand (a heartbeat:
//! each renewal names the claim it renews, so an update another instance took over after our
//! lease ran out is dropped here, and if renewals fail for a whole lease we drop everything in
//! hand before anyone else may take it), claim what capacity allows. The webhook and the poller
//! wake it when they store an update, a finished handler or reply wakes it, and it looks on its
//! own every second for what other instances left.
use std::time::Duration;

use teloxide_core::types::Update;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

mod books;

use self::books::Dispatcher;
use crate::db;
use crate::metrics;
use crate::tasks::Backoff;
use crate::telegram::inbox;
use crate::telegram::outbox::{self, Reply};
use crate::telegram::{Handler, Telegram, intake};

/// Updates in hand at most (being handled, or their replies on the way): bounds memory, not the
/// rate; at Telegram's 250 ms it still allows 16,000 answers a second.
pub const MAX_IN_HAND: usize = 4096;

/// How the dispatcher claims and retries; `Dispatch::new` gives the defaults.
#[derive(Debug, Clone)]
pub struct DispatchOptions {
    /// Handlers running at once (each of a different chat): bounds the database work, not the
    /// replies on their way.
    pub concurrency: usize,
    /// How long a claim holds its update before another instance may take it; renewed every
    /// third of it while the update is in hand, so a dead instance's updates are taken over
    /// within a lease and a poll.
    pub lease: Duration,
    /// How often to look for updates nobody woke us for (other instances', expired leases).
    pub poll: Duration,
    /// Handling attempts before an update that keeps failing is given up (and logged).
    pub max_attempts: i32,
}

impl DispatchOptions {
    pub fn with_concurrency(concurrency: usize) -> DispatchOptions {
        DispatchOptions {
            concurrency: concurrency.max(1),
            lease: Duration::from_secs(3),
            poll: Duration::from_secs(1),
            max_attempts: 5,
        }
    }
}

/// What a handler reports back.
struct Finished {
    update_id: i64,
    ok: bool,
    attempts: i32,
    replies: Vec<Reply>,
}

pub async fn run(
    telegram: Telegram,
    handler: Handler,
    opts: DispatchOptions,
    stop: CancellationToken,
) -> anyhow::Result<()> {
    if !telegram.config.database.is_postgres() {
        release_leases(&telegram).await;
    }
    let (poll, wake) = (opts.poll, telegram.wake.clone());
    let mut d = Dispatcher::new(telegram, handler, opts);
    let mut look = true;
    let mut next_poll = Instant::now() + poll;
    let mut db_backoff = Backoff::new(Duration::from_millis(200), Duration::from_secs(5));
    loop {
        if d.collect_finished() {
            // Their lanes' next updates may be claimable once they are recorded.
            look = true;
        }
        d.drop_if_lease_lost();
        let claim = if look && !stop.is_cancelled() {
            d.free()
        } else {
            0
        };
        if claim > 0 || d.has_news() {
            match d.step(claim).await {
                Ok(claimed) => look = claim > 0 && claimed == claim,
                Err(e) if stop.is_cancelled() => {
                    tracing::warn!(error = %e, in_hand = d.in_hand(),
                        "the update inbox did not answer while stopping; what is in hand is \
                         handled again after its lease");
                    break;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "the update inbox did not answer; will retry");
                    db_backoff.wait(Duration::ZERO, &stop).await;
                    continue;
                }
            }
            db_backoff.reset();
        }
        if stop.is_cancelled() {
            // Finish what is in hand; claim nothing new.
            if d.is_idle() && !d.has_news() {
                break;
            }
            d.join_one().await;
            continue;
        }
        if d.has_news() {
            continue;
        }
        // Leases in hand are renewed in time even when nothing else happens.
        let renew_at = d.renewal_due();
        tokio::select! {
            _ = stop.cancelled() => {}
            true = d.join_one() => look = true,
            _ = wake.notified() => look = true,
            _ = tokio::time::sleep_until(next_poll) => {
                next_poll = Instant::now() + poll;
                look = true;
            }
            _ = tokio::time::sleep_until(renew_at.unwrap_or(next_poll)), if renew_at.is_some() => {}
        }
    }
    Ok(())
}

/// Handles one update and reports how it went, with the replies it queued. Failures are logged,
/// never shown to Telegram; a failed handler's replies are dropped (it runs again).
async fn handle(handler: Handler, telegram: Telegram, update: Update, attempts: i32) -> Finished {
    let update_id = i64::from(update.id.0);
    let started = Instant::now();
    let (result, replies) = outbox::collect(handler(telegram, update)).await;
    let m = metrics::get();
    m.update_handle_seconds
        .observe(started.elapsed().as_secs_f64());
    if let Err(e) = &result {
        m.updates_failed.inc();
        tracing::warn!(update_id, attempts, error = ?e, "update not handled; will retry");
    } else {
        m.updates_handled.inc();
    }
    Finished {
        update_id,
        ok: result.is_ok(),
        attempts,
        replies,
    }
}

/// The stored JSON as an update (one another process stored, or this one before a restart).
fn parse(update_id: i64, payload: Option<String>) -> Option<Update> {
    let Some(payload) = payload else {
        tracing::warn!(update_id, "stored update has no JSON; dropped");
        return None;
    };
    intake::read(payload.as_bytes()).map(|(update, _)| update)
}

/// SQLite serves one instance: a lease left in the inbox belongs to a process that is gone.
async fn release_leases(telegram: &Telegram) {
    match db::run(&telegram.pool, inbox::release_all_leases).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(
            updates = n,
            "took back updates a stopped process had claimed"
        ),
        Err(e) => {
            tracing::warn!(error = %e, "cannot take back claimed updates; their leases will run out")
        }
    }
}
