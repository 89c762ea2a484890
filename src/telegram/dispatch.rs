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
use tracing::Instrument;

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
    let poll = opts.poll;
    let mut d = Dispatcher::new(ctx, opts);
    let mut look = true;
    let mut next_poll = Instant::now() + poll;
    let mut db_backoff = Backoff::new(Duration::from_millis(200), Duration::from_secs(5));
    loop {
        if d.collect_finished() {
            // Their lanes' next updates may be claimable once they are recorded.
            look = true;
        }
        let claim = if look && !stop.is_cancelled() {
            d.free()
        } else {
            0
        };
        if claim > 0 || d.has_news() {
            match d.step(claim).await {
                Ok(claimed) => look = claim > 0 && claimed == claim,
                Err(e) if stop.is_cancelled() => {
                    tracing::warn!(error = %e, in_hand = d.in_hand.len(),
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
            if d.running.is_empty() && !d.has_news() {
                break;
            }
            d.join_one().await;
            continue;
        }
        if d.has_news() {
            continue;
        }
        // Leases in hand are renewed in time even when nothing else happens.
        let renew_at = (!d.in_hand.is_empty()).then_some(d.renew_at);
        tokio::select! {
            _ = stop.cancelled() => {}
            true = d.join_one(), if !d.running.is_empty() => look = true,
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

/// The dispatcher's books: handlers running, updates in hand, outcomes not yet written.
struct Dispatcher {
    ctx: Arc<BotContext>,
    opts: DispatchOptions,
    running: JoinSet<Finished>,
    /// Which update each handler task has, to file a panic under it.
    tasks: HashMap<tokio::task::Id, (i64, i32)>,
    /// Claimed and not yet recorded as done: counts against the concurrency.
    in_hand: HashSet<i64>,
    done: Vec<i64>,
    retry: Vec<(i64, Duration)>,
    renew_at: Instant,
}

impl Dispatcher {
    fn new(ctx: Arc<BotContext>, opts: DispatchOptions) -> Dispatcher {
        Dispatcher {
            renew_at: Instant::now() + opts.lease / 3,
            ctx,
            opts,
            running: JoinSet::new(),
            tasks: HashMap::new(),
            in_hand: HashSet::new(),
            done: Vec::new(),
            retry: Vec::new(),
        }
    }

    fn free(&self) -> usize {
        self.opts.concurrency.saturating_sub(self.in_hand.len())
    }

    /// Outcomes to write, or leases due for renewal.
    fn has_news(&self) -> bool {
        !self.done.is_empty()
            || !self.retry.is_empty()
            || (!self.in_hand.is_empty() && Instant::now() >= self.renew_at)
    }

    /// One transaction: write outcomes, renew leases when due, claim up to `claim` lane heads
    /// and start their handlers. Returns how many it claimed.
    async fn step(&mut self, claim: usize) -> anyhow::Result<usize> {
        let renew_due = !self.in_hand.is_empty() && Instant::now() >= self.renew_at;
        let renew: Vec<i64> = if renew_due {
            self.in_hand.iter().copied().collect()
        } else {
            Vec::new()
        };
        let (done, retry, lease) = (self.done.clone(), self.retry.clone(), self.opts.lease);
        let claimed = db::run(&self.ctx.pool, move |conn| {
            let step = Step {
                done: &done,
                retry: &retry,
                renew: &renew,
                claim: claim as i64,
                lease,
            };
            inbox::step(conn, &step)
        })
        .await?;
        for id in self
            .done
            .drain(..)
            .chain(self.retry.drain(..).map(|(id, _)| id))
        {
            self.in_hand.remove(&id);
        }
        if renew_due {
            self.renew_at = Instant::now() + self.opts.lease / 3;
        }
        let count = claimed.len();
        for c in claimed {
            self.start(c);
        }
        Ok(count)
    }

    fn start(&mut self, c: inbox::Claimed) {
        let wait = (db::now() - c.received_at).to_std().unwrap_or_default();
        metrics::get()
            .update_wait_seconds
            .observe(wait.as_secs_f64());
        self.in_hand.insert(c.update_id);
        self.ctx.budget.note_incoming(c.lane);
        match parse(c.update_id, c.payload) {
            Some(update) => {
                let handle =
                    self.running
                        .spawn(handle(self.ctx.clone(), update, c.attempts).instrument(
                            // One span per update handled: its log lines and, with OTLP, its trace.
                            tracing::info_span!(
                                "update",
                                update_id = c.update_id,
                                attempt = c.attempts
                            ),
                        ));
                self.tasks.insert(handle.id(), (c.update_id, c.attempts));
            }
            None => self.done.push(c.update_id),
        }
    }

    /// Files every handler that has finished; whether there was any.
    fn collect_finished(&mut self) -> bool {
        let mut any = false;
        while let Some(joined) = self.running.try_join_next_with_id() {
            self.record(joined);
            any = true;
        }
        any
    }

    /// Waits for one handler to finish and files it; false when none was running.
    async fn join_one(&mut self) -> bool {
        match self.running.join_next_with_id().await {
            Some(joined) => {
                self.record(joined);
                true
            }
            None => false,
        }
    }

    /// Files a finished (or panicked) handler under done or retry.
    fn record(&mut self, joined: Result<(tokio::task::Id, Finished), tokio::task::JoinError>) {
        let (update_id, ok, attempts) = match joined {
            Ok((id, f)) => {
                self.tasks.remove(&id);
                (f.update_id, f.ok, f.attempts)
            }
            Err(e) => {
                let Some((update_id, attempts)) = self.tasks.remove(&e.id()) else {
                    return;
                };
                tracing::error!(update_id, error = %e, "update handler panicked");
                metrics::get().updates_failed.inc();
                (update_id, false, attempts)
            }
        };
        if ok {
            self.done.push(update_id);
        } else if attempts >= self.opts.max_attempts {
            tracing::error!(
                update_id,
                attempts,
                "update given up after repeated failures"
            );
            self.done.push(update_id);
        } else {
            let delay = Duration::from_secs(1 << (attempts.clamp(1, 6) - 1));
            self.retry.push((update_id, delay));
        }
    }
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

/// The stored JSON as an update; an unreadable one is logged and dropped.
fn parse(update_id: i64, payload: Option<String>) -> Option<Update> {
    let Some(payload) = payload else {
        tracing::warn!(update_id, "stored update has no JSON; dropped");
        return None;
    };
    match serde_json::from_str::<Update>(&payload) {
        Ok(update) => Some(update),
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
