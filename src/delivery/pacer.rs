//! Pacing: sends leave evenly spaced at the configured rate (less a little headroom, so network
//! jitter never puts one too many into any one-second window), and a 429 or an outage pauses them
//! all.
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// The share of TGLINK_SEND_RATE the pacer aims at. Evenly spaced sends at 97% leave ~30 ms of
/// slack in every one-second window for jitter between us and Telegram.
pub const HEADROOM: f64 = 0.97;

/// How late a send may be and still keep its slot: lets the pacer catch up after a timer that
/// fired a little late without ever bunching more than a few sends together.
const CATCH_UP: Duration = Duration::from_millis(5);

pub struct Pacer {
    interval: Duration,
    state: Mutex<State>,
}

struct State {
    next: Instant,
    paused_until: Option<Instant>,
    /// Transient failures (network, 5xx) in a row; several pause all sending with backoff.
    failures_in_row: u32,
}

impl Pacer {
    pub fn new(rate_per_sec: u32) -> Pacer {
        let rate = f64::from(rate_per_sec.max(1)) * HEADROOM;
        Pacer {
            interval: Duration::from_secs_f64(1.0 / rate),
            state: Mutex::new(State {
                next: Instant::now(),
                paused_until: None,
                failures_in_row: 0,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding this lock leaves plain numbers behind: still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits for the next send slot, honouring any pause (also one that starts while waiting).
    /// Returns false, without a slot, when a pause would last longer than `max_pause`: the caller
    /// had better give its work back than hold it that long.
    pub async fn wait_turn(&self, max_pause: Duration) -> bool {
        loop {
            let now = Instant::now();
            match self.take_slot(now) {
                Ok(()) => return true,
                Err(wake) if wake > now + max_pause && self.paused_until().is_some() => {
                    return false;
                }
                Err(wake) => tokio::time::sleep_until(wake).await,
            }
        }
    }

    /// Takes the slot due at `now`, or says when the next one is.
    fn take_slot(&self, now: Instant) -> Result<(), Instant> {
        let mut s = self.lock();
        let start = s.next.max(s.paused_until.unwrap_or(now));
        if start > now {
            return Err(start);
        }
        let slot = s.next.max(now.checked_sub(CATCH_UP).unwrap_or(now));
        s.next = slot + self.interval;
        if s.paused_until.is_some_and(|p| p <= now) {
            s.paused_until = None;
        }
        Ok(())
    }

    /// Stops all sending for `d` from now (a pause already longer stays).
    pub fn pause(&self, d: Duration) {
        let until = Instant::now() + d;
        let mut s = self.lock();
        s.paused_until = Some(s.paused_until.map_or(until, |p| p.max(until)));
    }

    /// Until when sending is paused, if it is.
    pub fn paused_until(&self) -> Option<Instant> {
        self.lock().paused_until.filter(|p| *p > Instant::now())
    }

    pub fn note_success(&self) {
        self.lock().failures_in_row = 0;
    }

    /// Counts a transient failure; from the third in a row, pauses everything (1 s, 2 s, … up to
    /// a minute) so an outage is probed, not hammered. Returns the pause, if any.
    pub fn note_transient_failure(&self) -> Option<Duration> {
        let n = {
            let mut s = self.lock();
            s.failures_in_row += 1;
            s.failures_in_row
        };
        if n < 3 {
            return None;
        }
        let pause = Duration::from_secs(1 << (n - 3).min(6)).min(Duration::from_secs(60));
        self.pause(pause);
        Some(pause)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_sends_evenly_and_honours_pauses() {
        let pacer = Pacer::new(100);
        let t0 = pacer.lock().next;
        // A burst at t0 gets one slot; the next opens one interval (1/97 s) later.
        assert!(pacer.take_slot(t0).is_ok());
        let next = pacer.take_slot(t0).unwrap_err();
        assert_eq!(next - t0, Duration::from_secs_f64(1.0 / 97.0));
        // Taking every slot as it opens: the 97th leaves just before the first second ends.
        let mut at = next;
        let mut sent = 1;
        while at < t0 + Duration::from_millis(990) {
            assert!(pacer.take_slot(at).is_ok());
            sent += 1;
            at = pacer.take_slot(at).unwrap_err();
        }
        assert_eq!(sent, 97);
        // A timer that fires late keeps the schedule (no lost slots), within the catch-up.
        let late = at + Duration::from_millis(3);
        assert!(pacer.take_slot(late).is_ok());
        assert!(pacer.take_slot(late).is_err());
        // A pause holds every slot until it ends.
        let paused_at = Instant::now();
        pacer.pause(Duration::from_secs(2));
        let resume = pacer.take_slot(paused_at).unwrap_err();
        assert!(resume >= paused_at + Duration::from_secs(2));
        assert!(pacer.take_slot(resume).is_ok());
        assert!(pacer.paused_until().is_none());
    }

    #[test]
    fn outages_pause_from_the_third_failure() {
        let pacer = Pacer::new(30);
        assert_eq!(pacer.note_transient_failure(), None);
        assert_eq!(pacer.note_transient_failure(), None);
        assert_eq!(pacer.note_transient_failure(), Some(Duration::from_secs(1)));
        assert_eq!(pacer.note_transient_failure(), Some(Duration::from_secs(2)));
        pacer.note_success();
        assert_eq!(pacer.note_transient_failure(), None);
    }
}
