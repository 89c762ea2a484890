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
use std::collections::HashMap;
use std::time::Duration;

use teloxide_core::types::Update;
use tokio::task::{AbortHandle, Id as TaskId, JoinError, JoinSet};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use crate::db;
use crate::metrics;
use crate::tasks::{Backoff, retry_delay};
use crate::telegram::inbox::{self, Step};
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
            if d.handling.is_empty() && d.sending.is_empty() && !d.has_news() {
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

/// An update in hand: the claim it holds (its attempt number fences the lease) and the task
/// working on it.
struct Held {
    attempts: i32,
    task: Option<AbortHandle>,
}

/// The dispatcher's books: handlers running, replies on the way, updates in hand, outcomes not
/// yet written.
struct Dispatcher {
    telegram: Telegram,
    handler: Handler,
    opts: DispatchOptions,
    handling: JoinSet<Finished>,
    /// Replies going out after their handler; each task ends with its update's id.
    sending: JoinSet<i64>,
    /// Which update each task has, to file a panic under it.
    tasks: HashMap<TaskId, (i64, i32)>,
    /// Claimed and not yet recorded as done.
    in_hand: HashMap<i64, Held>,
    done: Vec<i64>,
    retry: Vec<(i64, Duration)>,
    renew_at: Instant,
    /// Until when our claims surely hold: the start of the last renewal (or first claim) plus
    /// the lease, less a margin for clocks.
    held_until: Instant,
}

impl Dispatcher {
    fn new(telegram: Telegram, handler: Handler, opts: DispatchOptions) -> Dispatcher {
        let now = Instant::now();
        Dispatcher {
            renew_at: now + opts.lease / 3,
            held_until: now + opts.lease,
            telegram,
            handler,
            opts,
            handling: JoinSet::new(),
            sending: JoinSet::new(),
            tasks: HashMap::new(),
            in_hand: HashMap::new(),
            done: Vec::new(),
            retry: Vec::new(),
        }
    }

    /// Lane heads we may claim now: a free handling slot each, within the memory bound.
    fn free(&self) -> usize {
        let handlers = self.opts.concurrency.saturating_sub(self.handling.len());
        handlers.min(MAX_IN_HAND.saturating_sub(self.in_hand.len()))
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
        let started = Instant::now();
        let renew_due = !self.in_hand.is_empty() && started >= self.renew_at;
        let renew: Vec<(i64, i32)> = if renew_due {
            self.in_hand
                .iter()
                .map(|(id, h)| (*id, h.attempts))
                .collect()
        } else {
            Vec::new()
        };
        let (done, retry, lease) = (self.done.clone(), self.retry.clone(), self.opts.lease);
        let (claimed, lost) = db::run(&self.telegram.pool, move |conn| {
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
        for id in lost {
            if let Some(held) = self.in_hand.remove(&id) {
                tracing::warn!(
                    update_id = id,
                    "another instance took this update over; dropped here"
                );
                held.task.inspect(AbortHandle::abort);
            }
        }
        if renew_due || self.in_hand.is_empty() {
            self.renew_at = started + self.opts.lease / 3;
            self.held_until = started + self.opts.lease - self.opts.lease / 6;
        }
        let count = claimed.len();
        for c in claimed {
            self.start(c);
        }
        Ok(count)
    }

    /// A heartbeat that kept failing: once our leases may have run out, another instance may
    /// claim what we hold, so we stop working on it (it is handled again by whoever claims it).
    /// (PostgreSQL only: SQLite serves one instance, whose leases nobody else can take.)
    fn drop_if_lease_lost(&mut self) {
        let shared = self.telegram.config.database.is_postgres();
        if !shared || self.in_hand.is_empty() || Instant::now() < self.held_until {
            return;
        }
        tracing::warn!(
            in_hand = self.in_hand.len(),
            "could not renew the claims on updates in hand in time; dropped them, to be handled \
             again by whoever claims them"
        );
        for (_, held) in self.in_hand.drain() {
            held.task.inspect(AbortHandle::abort);
        }
        self.retry.clear();
    }

    fn start(&mut self, c: inbox::Claimed) {
        let wait = (db::now() - c.received_at).to_std().unwrap_or_default();
        metrics::get()
            .update_wait_seconds
            .observe(wait.as_secs_f64());
        self.telegram.budget.note_incoming(c.lane);
        let parsed = match self.telegram.fresh.take(c.update_id) {
            Some(update) => Some(update),
            None => parse(c.update_id, c.payload),
        };
        let task = match parsed {
            Some(update) => {
                let handle = self.handling.spawn(
                    handle(self.handler, self.telegram.clone(), update, c.attempts).instrument(
                        // One span per update handled: its log lines and, with OTLP, its trace.
                        tracing::info_span!(
                            "update",
                            update_id = c.update_id,
                            attempt = c.attempts
                        ),
                    ),
                );
                self.tasks.insert(handle.id(), (c.update_id, c.attempts));
                Some(handle)
            }
            None => {
                self.done.push(c.update_id);
                None
            }
        };
        self.in_hand.insert(
            c.update_id,
            Held {
                attempts: c.attempts,
                task,
            },
        );
    }

    /// Files every handler and every reply that has finished; whether there was any.
    fn collect_finished(&mut self) -> bool {
        let mut any = false;
        while let Some(joined) = self.handling.try_join_next_with_id() {
            self.record(joined);
            any = true;
        }
        while let Some(joined) = self.sending.try_join_next_with_id() {
            self.record_sent(joined);
            any = true;
        }
        any
    }

    /// Waits for one handler or reply to finish and files it; false when none was running.
    async fn join_one(&mut self) -> bool {
        tokio::select! {
            Some(joined) = self.handling.join_next_with_id() => self.record(joined),
            Some(joined) = self.sending.join_next_with_id() => self.record_sent(joined),
            else => return false,
        }
        true
    }

    /// Files a finished (or panicked) handler: its replies go out, or it is retried.
    fn record(&mut self, joined: Result<(TaskId, Finished), JoinError>) {
        let (update_id, ok, attempts, replies) = match joined {
            Ok((id, f)) => {
                self.tasks.remove(&id);
                (f.update_id, f.ok, f.attempts, f.replies)
            }
            Err(e) => {
                let Some((update_id, attempts)) = self.tasks.remove(&e.id()) else {
                    return;
                };
                if e.is_cancelled() {
                    return; // dropped: no longer ours
                }
                tracing::error!(update_id, error = %e, "update handler panicked");
                metrics::get().updates_failed.inc();
                (update_id, false, attempts, Vec::new())
            }
        };
        let Some(held) = self.in_hand.get_mut(&update_id) else {
            return; // dropped meanwhile: another instance has it
        };
        if ok && !replies.is_empty() {
            let telegram = self.telegram.clone();
            let handle = self.sending.spawn(async move {
                outbox::deliver(&telegram, replies).await;
                update_id
            });
            self.tasks.insert(handle.id(), (update_id, attempts));
            held.task = Some(handle);
        } else if ok {
            self.done.push(update_id);
        } else if attempts >= self.opts.max_attempts {
            tracing::error!(
                update_id,
                attempts,
                "update given up after repeated failures"
            );
            self.done.push(update_id);
        } else {
            let failures = u32::try_from(attempts).unwrap_or(1);
            let delay = retry_delay(
                Duration::from_millis(500),
                Duration::from_secs(30),
                failures,
            );
            self.retry.push((update_id, delay));
        }
    }

    /// Files an update whose replies went out (or were given up, or whose sending panicked):
    /// it is done.
    fn record_sent(&mut self, joined: Result<(TaskId, i64), JoinError>) {
        let update_id = match joined {
            Ok((id, update_id)) => {
                self.tasks.remove(&id);
                update_id
            }
            Err(e) => {
                let Some((update_id, _)) = self.tasks.remove(&e.id()) else {
                    return;
                };
                if e.is_cancelled() {
                    return;
                }
                tracing::error!(update_id, error = %e, "sending an update's replies panicked");
                update_id
            }
        };
        if self.in_hand.contains_key(&update_id) {
            self.done.push(update_id);
        }
    }
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
