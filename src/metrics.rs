//! The process's metrics, in one registry that `GET /metrics` renders in Prometheus' text
//! format. Counters and histograms are updated where things happen; depths that live in the
//! database are read when scraped (see `health.rs`).
use std::sync::OnceLock;
use std::time::Duration;

use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// What became of one call to Telegram.
#[derive(Debug, Clone, Copy, Hash, PartialEq, Eq, EncodeLabelValue)]
#[allow(non_camel_case_types)] // label values as Prometheus shows them
pub enum CallOutcome {
    ok,
    /// 429 Too Many Requests.
    rate_limited,
    /// 403: the user blocked the bot or similar.
    forbidden,
    /// Any other refusal (400, 404, …).
    refused,
    /// 5xx or an answer that is not Telegram's JSON.
    server_error,
    /// No answer: connect, timeout, reset.
    network,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct CallLabels {
    pub method: &'static str,
    pub outcome: CallOutcome,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct MethodLabels {
    pub method: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct KindLabels {
    pub kind: String,
}

pub struct Metrics {
    registry: Registry,
    pub updates_received: Counter,
    pub updates_duplicate: Counter,
    pub webhook_refused: Counter,
    pub updates_handled: Counter,
    pub updates_failed: Counter,
    pub update_handle_seconds: Histogram,
    pub update_wait_seconds: Histogram,
    pub inbox_depth: Gauge,
    pub inbox_oldest_age_seconds: Gauge<f64, std::sync::atomic::AtomicU64>,
    pub telegram_calls: Family<CallLabels, Counter>,
    pub telegram_call_seconds: Family<MethodLabels, Histogram>,
    pub delivery_queue_depth: Family<KindLabels, Gauge>,
    pub paused_seconds: Counter<f64, std::sync::atomic::AtomicU64>,
    pub db_pool_wait_seconds: Histogram,
    pub password_verifications: Counter,
    pub paid_messages: Counter,
}

fn latency_buckets() -> impl Iterator<Item = f64> {
    // 0.5 ms … ~16 s
    exponential_buckets(0.0005, 2.0, 16)
}

impl Metrics {
    fn new() -> Metrics {
        let mut registry = Registry::with_prefix("tglink");
        let m = Metrics {
            updates_received: Counter::default(),
            updates_duplicate: Counter::default(),
            webhook_refused: Counter::default(),
            updates_handled: Counter::default(),
            updates_failed: Counter::default(),
            update_handle_seconds: Histogram::new(latency_buckets()),
            update_wait_seconds: Histogram::new(latency_buckets()),
            inbox_depth: Gauge::default(),
            inbox_oldest_age_seconds: Gauge::default(),
            telegram_calls: Family::default(),
            telegram_call_seconds: Family::new_with_constructor(|| {
                Histogram::new(latency_buckets())
            }),
            delivery_queue_depth: Family::default(),
            paused_seconds: Counter::default(),
            db_pool_wait_seconds: Histogram::new(latency_buckets()),
            password_verifications: Counter::default(),
            paid_messages: Counter::default(),
            registry: Registry::default(),
        };
        let r = &mut registry;
        r.register(
            "updates_received",
            "Telegram updates stored in the inbox",
            m.updates_received.clone(),
        );
        r.register(
            "updates_duplicate",
            "Telegram updates dropped as redeliveries of stored ones",
            m.updates_duplicate.clone(),
        );
        r.register(
            "webhook_refused",
            "Webhook calls refused for a missing or wrong secret token",
            m.webhook_refused.clone(),
        );
        r.register(
            "updates_handled",
            "Telegram updates handled and marked done",
            m.updates_handled.clone(),
        );
        r.register(
            "updates_failed",
            "Update handlings that failed and were retried or given up",
            m.updates_failed.clone(),
        );
        r.register(
            "update_handle_seconds",
            "Time to handle one update, replies included",
            m.update_handle_seconds.clone(),
        );
        r.register(
            "update_wait_seconds",
            "Time from storing an update to claiming it for handling",
            m.update_wait_seconds.clone(),
        );
        r.register(
            "inbox_depth",
            "Updates stored and not yet handled",
            m.inbox_depth.clone(),
        );
        r.register(
            "inbox_oldest_age_seconds",
            "Age of the oldest unhandled update",
            m.inbox_oldest_age_seconds.clone(),
        );
        r.register(
            "telegram_calls",
            "Calls to the Bot API by method and outcome",
            m.telegram_calls.clone(),
        );
        r.register(
            "telegram_call_seconds",
            "Bot API call latency by method",
            m.telegram_call_seconds.clone(),
        );
        r.register(
            "delivery_queue_depth",
            "Deliveries waiting or in flight, by kind of message",
            m.delivery_queue_depth.clone(),
        );
        r.register(
            "send_paused_seconds",
            "Seconds of pauses of all sending (429 retry_after, outages)",
            m.paused_seconds.clone(),
        );
        r.register(
            "db_pool_wait_seconds",
            "Time to get a database connection from the pool",
            m.db_pool_wait_seconds.clone(),
        );
        r.register(
            "password_verifications",
            "argon2id verifications of a password (each wrong or right password costs one, \
             whether or not the account has a password)",
            m.password_verifications.clone(),
        );
        r.register(
            "paid_messages",
            "Messages sent with allow_paid_broadcast (TGLINK_PAID_BROADCASTS=on); each above \
             Telegram's free ~30 a second costs 0.1 Star",
            m.paid_messages.clone(),
        );
        Metrics { registry, ..m }
    }

    /// The registry in Prometheus' text format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }

    pub fn observe_call(&self, method: &'static str, outcome: CallOutcome, took: Duration) {
        self.telegram_calls
            .get_or_create(&CallLabels { method, outcome })
            .inc();
        self.telegram_call_seconds
            .get_or_create(&MethodLabels { method })
            .observe(took.as_secs_f64());
    }
}

/// The process's metrics (created on first use).
pub fn get() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(Metrics::new)
}
