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

/// Exponential backoff from `first` to `max`.
#[derive(Debug, Clone)]
pub struct Backoff {
    first: Duration,
    max: Duration,
    next: Duration,
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
            next: first,
        }
    }

    pub fn reset(&mut self) {
        self.next = self.first;
    }

    /// The next delay (at least `at_least`, e.g. a server's retry_after), doubling the one after.
    pub fn next_delay(&mut self, at_least: Duration) -> Duration {
        let delay = self.next.max(at_least);
        self.next = (self.next * 2).min(self.max);
        delay
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
}
