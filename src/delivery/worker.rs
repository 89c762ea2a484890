//! The delivery worker, one per process: claims due deliveries in batches, sends them with bounded
//! concurrency at TGLINK_SEND_RATE overall and about one per second per chat, and hands each
//! outcome to the writer. On shutdown it stops claiming, gives back what it had not started, and
//! lets in-flight sends finish.
use std::collections::{HashSet, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use teloxide_core::Bot;
use tokio::sync::{Semaphore, mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::job::{Action, Job};
use super::leader::{Leadership, RETRY_EVERY, Role};
use super::queue::{self, Claimed};
use super::queue_health::Stats;
use super::record::{Finished, OnChatChange, Outcome};
use super::sender::{self, RetryPolicy};
use super::writer::{self, ToWriter};
use crate::db::{self, Backend, Pool};
use crate::tasks::sleep_or_stop;
use crate::telegram::budget::SendBudget;

/// How the worker batches and retries; `for_rate` sizes them for a send rate (the rate itself is
/// the send budget's).
#[derive(Debug, Clone)]
pub struct WorkerOptions {
    /// Sends waiting for Telegram at once; one slow call holds one slot, not the queue.
    pub max_in_flight: usize,
    pub batch_size: i64,
    /// How long a claim holds its deliveries before another worker may take them.
    pub lease: Duration,
    pub retry: RetryPolicy,
    /// How often an idle worker looks for due deliveries.
    pub idle_poll: Duration,
    /// TGLINK_PAID_BROADCASTS: new messages go with `allow_paid_broadcast`.
    pub paid_broadcasts: bool,
}

impl WorkerOptions {
    pub fn for_rate(rate: u32) -> WorkerOptions {
        WorkerOptions {
            max_in_flight: (rate as usize).clamp(8, 64),
            // About a second of sending per claim, so a claim's lease is never at risk.
            batch_size: i64::from(rate).clamp(10, 500),
            lease: Duration::from_secs(300),
            // Retry soon: one 5xx says little about the next call; an outage pauses everything
            // through the send budget instead.
            retry: RetryPolicy {
                base: crate::tasks::RETRY_FIRST,
                max_attempts: 10,
            },
            idle_poll: Duration::from_millis(500),
            paid_broadcasts: false,
        }
    }
}

/// A pause longer than this gives the claimed deliveries back rather than hold them.
const LONG_PAUSE: Duration = Duration::from_secs(2);
const CANCEL_CHECK_EVERY: Duration = Duration::from_millis(500);
const PUBLISH_ACTIVE: Duration = Duration::from_secs(2);
const PUBLISH_IDLE: Duration = Duration::from_secs(15);

pub struct Worker {
    pool: Pool,
    bot: Bot,
    opts: WorkerOptions,
    budget: Arc<SendBudget>,
    stats: Arc<Stats>,
    permits: Arc<Semaphore>,
    to_writer: mpsc::UnboundedSender<ToWriter>,
    writer: JoinHandle<()>,
    leader: Leadership,
    cancelled: HashSet<i64>,
    cancel_checked: Option<Instant>,
    published: Option<Instant>,
    health: tokio::sync::watch::Sender<Option<super::queue_health::QueueHealth>>,
}

impl Worker {
    /// A worker for `pool`; on PostgreSQL it must win the advisory lock to send. `on_chat` is
    /// told what a send's answer says about its chat (`linking::chat_changed`).
    /// Spawns the outcome writer, so call it inside the runtime.
    pub fn new(
        pool: Pool,
        bot: Bot,
        budget: Arc<SendBudget>,
        backend: &Backend,
        opts: WorkerOptions,
        on_chat: OnChatChange,
    ) -> Worker {
        let (to_writer, rx) = mpsc::unbounded_channel();
        let writer = tokio::spawn(writer::run(pool.clone(), rx, on_chat));
        Worker {
            health: super::queue_health::spawn_publisher(pool.clone()),
            budget,
            stats: Arc::new(Stats::default()),
            permits: Arc::new(Semaphore::new(opts.max_in_flight)),
            leader: Leadership::new(backend),
            to_writer,
            writer,
            pool,
            bot,
            opts,
            cancelled: HashSet::new(),
            cancel_checked: None,
            published: None,
        }
    }

    /// Claims one batch, sends all of it, and returns once every outcome is recorded: a
    /// deterministic step for tests. Returns how many deliveries it claimed.
    pub async fn run_once(&mut self) -> anyhow::Result<usize> {
        if !self.may_send().await? {
            return Ok(0);
        }
        let batch = self.claim().await?;
        let claimed = batch.len();
        let never = CancellationToken::new();
        let mut queue: VecDeque<Claimed> = batch.into();
        while let Some(d) = queue.pop_front() {
            if let Some(d) = self.dispatch(d, &queue, &never).await {
                // A long pause: give the rest back, due when it ends.
                let after = self
                    .budget
                    .paused_until()
                    .map_or(Duration::ZERO, |u| u - Instant::now());
                self.give_back(std::iter::once(d).chain(queue.drain(..)), after);
            }
        }
        self.settle().await;
        Ok(claimed)
    }

    /// Runs until `stop` is cancelled, then finishes the sends in flight.
    pub async fn run(mut self, stop: CancellationToken) -> anyhow::Result<()> {
        let mut queue: VecDeque<Claimed> = VecDeque::new();
        let mut prefetch: Option<JoinHandle<anyhow::Result<Vec<Claimed>>>> = None;
        let mut next_claim = Instant::now();
        while !stop.is_cancelled() {
            self.publish_health(false);
            match self.may_send().await {
                Ok(true) => {}
                Ok(false) => {
                    self.give_back(queue.drain(..), Duration::ZERO);
                    sleep_or_stop(&stop, RETRY_EVERY).await;
                    continue;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "cannot prepare the queue; will retry");
                    sleep_or_stop(&stop, Duration::from_secs(1)).await;
                    continue;
                }
            }
            if let Some(until) = self
                .budget
                .paused_until()
                .filter(|u| *u > Instant::now() + LONG_PAUSE)
            {
                self.give_back(queue.drain(..), until - Instant::now());
                // The dashboard should say so while we wait.
                self.publish_health(true);
                sleep_or_stop(&stop, until.saturating_duration_since(Instant::now())).await;
                continue;
            }
            let low = queue.len() as i64 <= self.opts.batch_size / 2;
            if low && prefetch.is_none() && Instant::now() >= next_claim {
                prefetch = Some(self.spawn_claim());
            }
            if let Some(p) = prefetch.take_if(|p| queue.is_empty() || p.is_finished()) {
                match p.await.map_err(anyhow::Error::from).and_then(|r| r) {
                    Ok(claimed) if claimed.is_empty() => {
                        next_claim = Instant::now() + self.opts.idle_poll
                    }
                    Ok(claimed) => queue.extend(claimed),
                    Err(e) => {
                        tracing::warn!(error = %e, "cannot claim deliveries; will retry");
                        self.stats
                            .note_error("the database did not answer the worker");
                        next_claim = Instant::now() + Duration::from_secs(1);
                    }
                }
            }
            let Some(d) = queue.pop_front() else {
                sleep_or_stop(&stop, next_claim.saturating_duration_since(Instant::now())).await;
                continue;
            };
            if let Some(d) = self.dispatch(d, &queue, &stop).await {
                queue.push_front(d);
            }
        }
        if let Some(Ok(Ok(claimed))) = match prefetch {
            Some(p) => Some(p.await),
            None => None,
        } {
            queue.extend(claimed);
        }
        tracing::info!(
            returned = queue.len(),
            "delivery worker stopping; finishing sends in flight"
        );
        self.give_back(queue.drain(..), Duration::ZERO);
        self.settle().await;
        self.leader.release();
        let Worker {
            to_writer, writer, ..
        } = self;
        drop(to_writer);
        let _ = writer.await;
        Ok(())
    }

    /// Whether this instance sends now; on becoming the sender, takes back what a dead worker
    /// had claimed.
    async fn may_send(&mut self) -> anyhow::Result<bool> {
        match self.leader.role().await {
            Role::Standby => Ok(false),
            Role::Sender { fresh: false } => Ok(true),
            Role::Sender { fresh: true } => {
                let n = db::run(&self.pool, queue::reclaim_all).await?;
                if n > 0 {
                    tracing::info!(
                        reclaimed = n,
                        "took back deliveries a stopped worker had claimed"
                    );
                }
                Ok(true)
            }
        }
    }

    async fn claim(&self) -> anyhow::Result<Vec<Claimed>> {
        self.spawn_claim().await?
    }

    fn spawn_claim(&self) -> JoinHandle<anyhow::Result<Vec<Claimed>>> {
        let (pool, limit, lease) = (self.pool.clone(), self.opts.batch_size, self.opts.lease);
        tokio::spawn(
            async move { db::run(&pool, move |conn| queue::claim(conn, limit, lease)).await },
        )
    }

    fn finish(&self, d: &Claimed, outcome: Outcome) {
        let done = Finished {
            delivery_id: d.id,
            action: d.action,
            chat_id: d.chat_id,
            lease: d.lease,
            outcome,
        };
        // The writer lives as long as the worker.
        let _ = self.to_writer.send(ToWriter::Done(done));
    }

    /// Returns claimed deliveries to the queue unsent, due after `after`.
    fn give_back(&self, claimed: impl Iterator<Item = Claimed>, after: Duration) {
        for d in claimed {
            self.finish(
                &d,
                Outcome::Deferred {
                    after,
                    reason: None,
                },
            );
        }
    }

    /// Sends `d` when the bulk rate, the chat's own limit and a free slot allow; returns it unsent if
    /// `stop` came first or sending is paused for long.
    #[tracing::instrument(skip_all, fields(delivery_id = d.id))]
    async fn dispatch(
        &mut self,
        d: Claimed,
        queue: &VecDeque<Claimed>,
        stop: &CancellationToken,
    ) -> Option<Claimed> {
        match d.job {
            // Its send finishes first; try again in a moment.
            Job::WaitForSend => {
                let after = Duration::from_secs(1);
                self.finish(
                    &d,
                    Outcome::Deferred {
                        after,
                        reason: None,
                    },
                );
                return None;
            }
            Job::NothingDelivered => {
                let reason = "nothing was delivered to this chat";
                self.finish(&d, Outcome::Skipped { reason });
                return None;
            }
            _ => {}
        }
        // A cancelled or retracted message sends no more parts; its edits and deletes go on.
        if d.action == Action::Send && self.is_cancelled(d.message_id, queue).await {
            self.finish(&d, Outcome::Cancelled);
            return None;
        }
        let chat_wait = self.budget.chat_wait(d.chat_id);
        if !chat_wait.is_zero() {
            self.finish(
                &d,
                Outcome::Deferred {
                    after: chat_wait,
                    reason: None,
                },
            );
            return None;
        }
        let permit = tokio::select! {
            p = self.permits.clone().acquire_owned() => p.ok()?,
            _ = stop.cancelled() => return Some(d),
        };
        tokio::select! {
            go = self.budget.bulk_turn(LONG_PAUSE) => if !go { return Some(d) },
            _ = stop.cancelled() => return Some(d),
        }
        // A reply may have reached the chat while we waited for the slot: check again, and take
        // the chat's turn in the same step.
        if let Err(wait) = self.budget.take_chat(d.chat_id) {
            self.finish(
                &d,
                Outcome::Deferred {
                    after: wait,
                    reason: None,
                },
            );
            return None;
        }
        let (bot, budget, stats, policy) = (
            self.bot.clone(),
            self.budget.clone(),
            self.stats.clone(),
            sender::SendPolicy {
                retry: self.opts.retry,
                paid: self.opts.paid_broadcasts,
            },
        );
        let to_writer = self.to_writer.clone();
        tokio::spawn(async move {
            let outcome = sender::deliver(&bot, &d, &budget, &stats, &policy).await;
            let done = Finished {
                delivery_id: d.id,
                action: d.action,
                chat_id: d.chat_id,
                lease: d.lease,
                outcome,
            };
            let _ = to_writer.send(ToWriter::Done(done));
            drop(permit);
        });
        None
    }

    /// Whether the delivery's message was cancelled; asks the database at most twice a second.
    async fn is_cancelled(&mut self, message_id: i64, queue: &VecDeque<Claimed>) -> bool {
        if self
            .cancel_checked
            .is_none_or(|t| t.elapsed() >= CANCEL_CHECK_EVERY)
        {
            self.cancel_checked = Some(Instant::now());
            let mut ids: Vec<i64> = queue
                .iter()
                .map(|d| d.message_id)
                .chain([message_id])
                .collect();
            ids.sort_unstable();
            ids.dedup();
            match db::run(&self.pool, move |conn| queue::cancelled_among(conn, &ids)).await {
                Ok(cancelled) => self.cancelled = cancelled.into_iter().collect(),
                Err(e) => tracing::warn!(error = %e, "cannot check for cancelled broadcasts"),
            }
        }
        self.cancelled.contains(&message_id)
    }

    /// Waits for the sends in flight and for their outcomes to be written.
    async fn settle(&self) {
        let all = u32::try_from(self.opts.max_in_flight).unwrap_or(u32::MAX);
        drop(self.permits.acquire_many(all).await);
        let (tx, rx) = oneshot::channel();
        if self.to_writer.send(ToWriter::Flush(tx)).is_ok() {
            let _ = rx.await;
        }
    }

    /// Publishes queue health now and then (`now`: at once), without holding up sending.
    fn publish_health(&mut self, now: bool) {
        if !now && self.published.is_some_and(|t| t.elapsed() < PUBLISH_ACTIVE) {
            return;
        }
        let paused_for = self.budget.paused_until().map(|u| u - Instant::now());
        let (health, active) = self.stats.snapshot(paused_for);
        if !now && !active && self.published.is_some_and(|t| t.elapsed() < PUBLISH_IDLE) {
            return;
        }
        self.published = Some(Instant::now());
        self.health.send_replace(Some(health));
    }
}
