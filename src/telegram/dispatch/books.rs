//! The dispatcher's books: which updates it holds (and under which claim), the handlers running,
//! the replies on their way, and the outcomes not yet written; each step writes them in one
//! transaction.
use std::collections::HashMap;
use std::time::Duration;

use tokio::task::{AbortHandle, Id as TaskId, JoinError, JoinSet};
use tokio::time::Instant;
use tracing::Instrument;

use super::{DispatchOptions, Finished, MAX_IN_HAND, handle, parse};
use crate::tasks::retry_delay;
use crate::telegram::inbox::{self, Step};
use crate::telegram::outbox;
use crate::telegram::{Handler, Telegram};
use crate::{db, metrics};

/// An update in hand: the claim it holds (its attempt number fences the lease) and the task
/// working on it.
struct Held {
    attempts: i32,
    task: Option<AbortHandle>,
}

/// The dispatcher's books: handlers running, replies on the way, updates in hand, outcomes not
/// yet written.
pub(super) struct Dispatcher {
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
    pub(super) fn new(telegram: Telegram, handler: Handler, opts: DispatchOptions) -> Dispatcher {
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

    /// Updates in hand.
    pub(super) fn in_hand(&self) -> usize {
        self.in_hand.len()
    }

    /// No handler running and no reply on its way.
    pub(super) fn is_idle(&self) -> bool {
        self.handling.is_empty() && self.sending.is_empty()
    }

    /// When the leases in hand are due for renewal, if any are held.
    pub(super) fn renewal_due(&self) -> Option<Instant> {
        (!self.in_hand.is_empty()).then_some(self.renew_at)
    }

    /// Lane heads we may claim now: a free handling slot each, within the memory bound.
    pub(super) fn free(&self) -> usize {
        let handlers = self.opts.concurrency.saturating_sub(self.handling.len());
        handlers.min(MAX_IN_HAND.saturating_sub(self.in_hand.len()))
    }

    /// Outcomes to write, or leases due for renewal.
    pub(super) fn has_news(&self) -> bool {
        !self.done.is_empty()
            || !self.retry.is_empty()
            || (!self.in_hand.is_empty() && Instant::now() >= self.renew_at)
    }

    /// One transaction: write outcomes, renew leases when due, claim up to `claim` lane heads
    /// and start their handlers. Returns how many it claimed.
    pub(super) async fn step(&mut self, claim: usize) -> anyhow::Result<usize> {
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
    pub(super) fn drop_if_lease_lost(&mut self) {
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

    pub(super) fn start(&mut self, c: inbox::Claimed) {
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
    pub(super) fn collect_finished(&mut self) -> bool {
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
    pub(super) async fn join_one(&mut self) -> bool {
        tokio::select! {
            Some(joined) = self.handling.join_next_with_id() => self.record(joined),
            Some(joined) = self.sending.join_next_with_id() => self.record_sent(joined),
            else => return false,
        }
        true
    }

    /// Files a finished (or panicked) handler: its replies go out, or it is retried.
    pub(super) fn record(&mut self, joined: Result<(TaskId, Finished), JoinError>) {
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
    pub(super) fn record_sent(&mut self, joined: Result<(TaskId, i64), JoinError>) {
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
