//! Background tasks and what they share: the task type that `Application` supervises, the list
//! areas add theirs to, and the backoff every retry loop uses.
use std::time::Duration;

use futures_util::future::BoxFuture;
use tokio_util::sync::CancellationToken;

/// A background task: runs until the token is cancelled, then finishes its work in hand.
pub type Task = Box<dyn FnOnce(CancellationToken) -> BoxFuture<'static, anyhow::Result<()>> + Send>;

/// The named tasks an application runs beside its server.
#[derive(Default)]
pub struct Tasks(Vec<(&'static str, Task)>);

impl Tasks {
    pub fn add<F, Fut>(&mut self, name: &'static str, task: F)
    where
        F: FnOnce(CancellationToken) -> Fut + Send + 'static,
        Fut: Future<Output = anyhow::Result<()>> + Send + 'static,
    {
        self.0
            .push((name, Box::new(move |stop| Box::pin(task(stop)))));
    }

    pub fn into_inner(self) -> Vec<(&'static str, Task)> {
        self.0
    }
}

/// The one doubling every retry here follows: after the `failures`-th failure in a row (1 for
/// the first), `first` × 2^(failures − 1), at most `max`.
pub fn doubling(first: Duration, max: Duration, failures: u32) -> Duration {
    first
        .saturating_mul(1 << failures.clamp(1, 24).saturating_sub(1))
        .min(max)
}

/// The delay before retrying one item (a delivery, a reply, an update) after its `failures`-th
/// failure in a row: [`doubling`], jittered to between half and one and a half of it so the
/// retries of many items that failed together spread out. Meant
/// for short delays (hundreds of milliseconds first): one failed call says little about the
/// next, and long pauses are for the outage detector (many failures in a row across items) and
/// for a 429's retry_after.
pub fn retry_delay(first: Duration, max: Duration, failures: u32) -> Duration {
    doubling(first, max, failures).mul_f64(rand::Rng::gen_range(&mut rand::thread_rng(), 0.5..1.5))
}

/// What a transient failure of one call (5xx, network) costs the item that met it: a quarter of
/// a second first, doubling.
pub const RETRY_FIRST: Duration = Duration::from_millis(250);

/// Exponential backoff from `first` to `max`, for a loop that retries one thing (a connection,
/// a setup step) until it works.
#[derive(Debug, Clone)]
pub struct Backoff {
    first: Duration,
    max: Duration,
    /// Failures since the last success.
    failures: u32,
}

impl Default for Backoff {
    /// 1 s, 2 s, 4 s, … up to a minute.
    fn default() -> Backoff {
        Backoff::new(Duration::from_secs(1), Duration::from_secs(60))
    }
}

impl Backoff {
    pub fn new(first: Duration, max: Duration) -> Backoff {
        Backoff {
            first,
            max,
            failures: 0,
        }
    }

    pub fn reset(&mut self) {
        self.failures = 0;
    }

    /// The next delay (at least `at_least`, e.g. a server's retry_after), doubling the one after.
    pub fn next_delay(&mut self, at_least: Duration) -> Duration {
        self.failures = self.failures.saturating_add(1);
        doubling(self.first, self.max, self.failures).max(at_least)
    }

    /// Sleeps the next delay; false when `stop` was cancelled meanwhile.
    pub async fn wait(&mut self, at_least: Duration, stop: &CancellationToken) -> bool {
        let delay = self.next_delay(at_least);
        sleep_or_stop(stop, delay).await
    }
}

/// Sleeps `d`; false when `stop` was cancelled first.
pub async fn sleep_or_stop(stop: &CancellationToken, d: Duration) -> bool {
    tokio::select! {
        _ = stop.cancelled() => false,
        _ = tokio::time::sleep(d) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_its_cap_and_honours_a_floor() {
        let mut b = Backoff::new(Duration::from_secs(1), Duration::from_secs(4));
        let delays: Vec<u64> = (0..4)
            .map(|_| b.next_delay(Duration::ZERO).as_secs())
            .collect();
        assert_eq!(delays, [1, 2, 4, 4]);
        assert_eq!(b.next_delay(Duration::from_secs(9)), Duration::from_secs(9));
        b.reset();
        assert_eq!(b.next_delay(Duration::ZERO), Duration::from_secs(1));
    }

    #[test]
    fn retry_delays_start_short_grow_and_spread() {
        let (first, max) = (Duration::from_millis(250), Duration::from_secs(4));
        for _ in 0..50 {
            let d1 = retry_delay(first, max, 1);
            assert!(d1 >= Duration::from_millis(125) && d1 <= Duration::from_millis(375));
            let d3 = retry_delay(first, max, 3);
            assert!(d3 >= Duration::from_millis(500) && d3 <= Duration::from_millis(1500));
            assert!(retry_delay(first, max, 40) <= Duration::from_secs(6));
        }
        let spread: std::collections::HashSet<Duration> =
            (0..20).map(|_| retry_delay(first, max, 2)).collect();
        assert!(spread.len() > 1, "jittered");
    }
}
