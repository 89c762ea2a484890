//! The bot's dispatcher: takes updates from the inbox and hands them to the handlers, up to
//! TGLINK_UPDATE_CONCURRENCY at once. It claims only the head of each chat's lane, so different
//! chats are handled in parallel while one chat's updates run one at a time, in order (also with
//! several instances: the lanes live in the database). An update is marked done only after its
//! handler finished; one whose handler failed is retried with backoff, and one whose process died
//! is claimed again when its lease runs out (at once after a restart on SQLite).
//!
//! Each step is one transaction: record what finished, extend the leases in hand, claim what
//! capacity allows. The webhook and the poller wake it when they store an update, a finished
//! handler wakes it, and it looks on its own every second for what other instances left.
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use teloxide_core::types::Update;
use tokio::sync::Notify;
use tokio::task::JoinSet;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::bot::{self, BotContext};
use super::inbox::{self, Step};
use crate::db;
use crate::metrics;
use crate::tasks::Backoff;

/// How the dispatcher claims and retries; `Dispatch::new` gives the defaults.
#[derive(Debug, Clone)]
pub struct DispatchOptions {
    /// Updates handled at once (each of a different chat).
    pub concurrency: usize,
    /// How long a claim holds its update before another instance may take it; renewed while the
    /// handler runs.
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
            lease: Duration::from_secs(15),
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
}

pub async fn run(
    ctx: Arc<BotContext>,
    wake: Arc<Notify>,
    opts: DispatchOptions,
    stop: CancellationToken,
) -> anyhow::Result<()> {
    if !ctx.config.database.is_postgres() {
        release_leases(&ctx).await;
    }
    let mut running: JoinSet<Finished> = JoinSet::new();
    let mut tasks: HashMap<tokio::task::Id, (i64, i32)> = HashMap::new();
    // Claimed and not yet recorded as done: counts against the concurrency.
    let mut in_hand: HashSet<i64> = HashSet::new();
    let mut done: Vec<i64> = Vec::new();
    let mut retry: Vec<(i64, Duration)> = Vec::new();
    let mut look = true;
    let mut renew_at = Instant::now() + opts.lease / 3;
    let mut next_poll = Instant::now() + opts.poll;
    let mut db_backoff = Backoff::new(Duration::from_millis(200), Duration::from_secs(5));
    loop {
        while let Some(joined) = running.try_join_next_with_id() {
            record(joined, &mut tasks, &mut done, &mut retry, &opts);
            // Its lane's next update may be claimable once this one is recorded.
            look = true;
        }
        let free = opts.concurrency.saturating_sub(in_hand.len());
        let renew_due = Instant::now() >= renew_at && !in_hand.is_empty();
        let claim = if look && free > 0 && !stop.is_cancelled() {
            free
        } else {
            0
        };
        if claim > 0 || !done.is_empty() || !retry.is_empty() || renew_due {
            let renew: Vec<i64> = if renew_due {
                in_hand.iter().copied().collect()
            } else {
                Vec::new()
            };
            let (d, r, lease) = (done.clone(), retry.clone(), opts.lease);
            let result = db::run(&ctx.pool, move |conn| {
                inbox::step(
                    conn,
                    &Step {
                        done: &d,
                        retry: &r,
                        renew: &renew,
                        claim: claim as i64,
                        lease,
                    },
                )
            })
            .await;
            match result {
                Ok(claimed) => {
                    db_backoff.reset();
                    for id in done.drain(..).chain(retry.drain(..).map(|(id, _)| id)) {
                        in_hand.remove(&id);
                    }
                    if renew_due {
                        renew_at = Instant::now() + opts.lease / 3;
                    }
                    look = claimed.len() == claim && claim > 0;
                    let waited = metrics::get();
                    for c in claimed {
                        let wait = (db::now() - c.received_at).to_std().unwrap_or_default();
                        waited.update_wait_seconds.observe(wait.as_secs_f64());
                        in_hand.insert(c.update_id);
                        ctx.budget.note_incoming(c.lane);
                        if let Some((update_id, update)) = parse(c.update_id, c.payload) {
                            let handle = running.spawn(handle(ctx.clone(), update, c.attempts));
                            tasks.insert(handle.id(), (update_id, c.attempts));
                        } else {
                            done.push(c.update_id);
                        }
                    }
                }
                Err(e) if stop.is_cancelled() => {
                    tracing::warn!(error = %e, in_hand = in_hand.len(),
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
        }
        if stop.is_cancelled() {
            if running.is_empty() && done.is_empty() && retry.is_empty() {
                break;
            }
            // Finish what is in hand; claim nothing new.
            if let Some(joined) = running.join_next_with_id().await {
                record(joined, &mut tasks, &mut done, &mut retry, &opts);
            }
            continue;
        }
        if !done.is_empty() || !retry.is_empty() {
            continue;
        }
        tokio::select! {
            _ = stop.cancelled() => {}
            Some(joined) = running.join_next_with_id(), if !running.is_empty() => {
                record(joined, &mut tasks, &mut done, &mut retry, &opts);
                look = true;
            }
            _ = wake.notified() => look = true,
            _ = tokio::time::sleep_until(next_poll) => {
                next_poll = Instant::now() + opts.poll;
                look = true;
            }
            _ = tokio::time::sleep_until(renew_at), if !in_hand.is_empty() => {}
        }
    }
    Ok(())
}

/// Handles one update and reports how it went. Failures are logged, never shown to Telegram.
async fn handle(ctx: Arc<BotContext>, update: Update, attempts: i32) -> Finished {
    let update_id = i64::from(update.id.0);
    let started = Instant::now();
    let result = bot::handle_update(&ctx, update).await;
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
    }
}

/// Files a finished (or panicked) handler under done or retry.
fn record(
    joined: Result<(tokio::task::Id, Finished), tokio::task::JoinError>,
    tasks: &mut HashMap<tokio::task::Id, (i64, i32)>,
    done: &mut Vec<i64>,
    retry: &mut Vec<(i64, Duration)>,
    opts: &DispatchOptions,
) {
    let (update_id, ok, attempts) = match joined {
        Ok((id, f)) => {
            tasks.remove(&id);
            (f.update_id, f.ok, f.attempts)
        }
        Err(e) => {
            let Some((update_id, attempts)) = tasks.remove(&e.id()) else {
                return;
            };
            tracing::error!(update_id, error = %e, "update handler panicked");
            metrics::get().updates_failed.inc();
            (update_id, false, attempts)
        }
    };
    if ok {
        done.push(update_id);
    } else if attempts >= opts.max_attempts {
        tracing::error!(
            update_id,
            attempts,
            "update given up after repeated failures"
        );
        done.push(update_id);
    } else {
        let delay = Duration::from_secs(1 << (attempts.clamp(1, 6) - 1));
        retry.push((update_id, delay));
    }
}

/// The stored JSON as an update; an unreadable one is logged and dropped.
fn parse(update_id: i64, payload: Option<String>) -> Option<(i64, Update)> {
    let Some(payload) = payload else {
        tracing::warn!(update_id, "stored update has no JSON; dropped");
        return None;
    };
    match serde_json::from_str::<Update>(&payload) {
        Ok(update) => Some((update_id, update)),
        Err(e) => {
            tracing::warn!(update_id, error = %e, "stored update unreadable; dropped");
            None
        }
    }
}

/// SQLite serves one instance: a lease left in the inbox belongs to a process that is gone.
async fn release_leases(ctx: &BotContext) {
    match db::run(&ctx.pool, inbox::release_all_leases).await {
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
