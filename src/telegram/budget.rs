//! The bot's one send budget: every message to a chat (a reply, a notification, a broadcast, an
//! edit) takes its turn here, so Telegram's limits hold for the bot as a whole.
//!
//! - Per chat: a bucket of `CHAT_BURST` messages refilled at one a second (groups: one every three
//!   seconds, Telegram's 20 a minute), so a user who sends three commands gets three answers at
//!   once while a chat never gets more than about one message a second for long.
//! - Bulk (broadcasts and notifications): evenly spaced slots at TGLINK_SEND_RATE, less a little
//!   headroom for jitter between us and Telegram.
//! - Replies go first: they never wait for a bulk slot, but each one takes the next, so bulk
//!   traffic yields to them and the sum stays within the rate while replies are fewer.
//! - A 429 (or an outage) pauses everything, replies included, for as long as Telegram asks.
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// The share of TGLINK_SEND_RATE bulk traffic aims at. Evenly spaced sends at 97% leave ~30 ms
/// of slack in every one-second window for jitter.
pub const HEADROOM: f64 = 0.97;

/// Messages a chat may receive at once before the one-a-second pace applies.
pub const CHAT_BURST: f64 = 3.0;

/// Added to a chat's wait for bulk traffic: timers and network jitter never bring two bulk
/// messages to one chat closer than a second at Telegram.
const BULK_MARGIN: Duration = Duration::from_millis(50);

/// How late a bulk send may be and still keep its slot: lets the schedule catch up after a timer
/// that fired a little late without ever bunching more than a few sends together.
const CATCH_UP: Duration = Duration::from_millis(5);

/// How far replies may push bulk traffic back: bulk yields to a burst of replies, but a long
/// stream of them does not stop broadcasts for minutes.
const MAX_REPLY_DEBT: Duration = Duration::from_secs(1);

pub struct SendBudget {
    interval: Duration,
    state: Mutex<State>,
}

struct State {
    /// The next bulk slot.
    next: Instant,
    paused_until: Option<Instant>,
    /// Transient failures (network, 5xx) in a row; several pause all sending with backoff.
    failures_in_row: u32,
    chats: HashMap<i64, Bucket>,
}

#[derive(Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Seconds for one message's worth of a chat's bucket to refill.
fn refill_secs(chat_id: i64) -> f64 {
    // Private chats have positive ids, groups and channels negative ones.
    if chat_id < 0 { 3.0 } else { 1.0 }
}

impl Bucket {
    fn level(self, chat_id: i64, now: Instant) -> f64 {
        let refilled = now.saturating_duration_since(self.at).as_secs_f64() / refill_secs(chat_id);
        (self.tokens + refilled).min(CHAT_BURST)
    }
}

impl SendBudget {
    pub fn new(rate_per_sec: u32) -> SendBudget {
        let rate = f64::from(rate_per_sec.max(1)) * HEADROOM;
        SendBudget {
            interval: Duration::from_secs_f64(1.0 / rate),
            state: Mutex::new(State {
                next: Instant::now(),
                paused_until: None,
                failures_in_row: 0,
                chats: HashMap::new(),
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding this lock leaves plain numbers behind: still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until a reply to `chat_id` may go: no pause, and a message left in the chat's
    /// bucket. Takes the message and the next bulk slot.
    pub async fn reply_turn(&self, chat_id: i64) {
        loop {
            let now = Instant::now();
            match self.take_reply(chat_id, now) {
                Ok(()) => return,
                Err(wake) => tokio::time::sleep_until(wake).await,
            }
        }
    }

    fn take_reply(&self, chat_id: i64, now: Instant) -> Result<(), Instant> {
        let mut s = self.lock();
        if let Some(until) = s.paused_until.filter(|p| *p > now) {
            return Err(until);
        }
        s.take_chat(chat_id, now)?;
        // Bulk yields: the reply takes the next slot, within a bounded debt.
        let slot = s.next.max(now);
        s.next = (slot + self.interval).min(now + MAX_REPLY_DEBT);
        Ok(())
    }

    /// How long until `chat_id` may get a bulk message (zero: now). Bulk never uses a chat's
    /// burst: it waits for a full bucket, so a chat gets at most one bulk message a second and
    /// replies keep their burst. Bulk work that must wait is better deferred than held.
    pub fn chat_wait(&self, chat_id: i64) -> Duration {
        let now = Instant::now();
        let s = self.lock();
        match s.chats.get(&chat_id) {
            Some(b) if b.level(chat_id, now) < CHAT_BURST => {
                let missing = CHAT_BURST - b.level(chat_id, now);
                Duration::from_secs_f64(missing * refill_secs(chat_id)) + BULK_MARGIN
            }
            _ => Duration::ZERO,
        }
    }

    /// Takes a message from the chat's bucket for a bulk send whose turn came (see `chat_wait`).
    pub fn take_chat(&self, chat_id: i64) {
        let now = Instant::now();
        let mut s = self.lock();
        if s.take_chat(chat_id, now).is_err() {
            // Raced with a reply since chat_wait: send anyway, the bucket goes briefly negative
            // and the chat's next message waits the longer.
            let b = s.chats.entry(chat_id).or_insert(Bucket {
                tokens: 0.0,
                at: now,
            });
            b.tokens -= 1.0;
        }
    }

    /// Waits for the next bulk slot, honouring any pause (also one that starts while waiting).
    /// Returns false, without a slot, when a pause would last longer than `max_pause`: the caller
    /// had better give its work back than hold it that long.
    pub async fn bulk_turn(&self, max_pause: Duration) -> bool {
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

    /// Takes the bulk slot due at `now`, or says when the next one is.
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
        crate::metrics::get().paused_seconds.inc_by(d.as_secs_f64());
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

impl State {
    fn take_chat(&mut self, chat_id: i64, now: Instant) -> Result<(), Instant> {
        if self.chats.len() >= 10_000 {
            // Full buckets carry no information: forget them.
            self.chats.retain(|id, b| b.level(*id, now) < CHAT_BURST);
        }
        let bucket = self.chats.entry(chat_id).or_insert(Bucket {
            tokens: CHAT_BURST,
            at: now,
        });
        let level = bucket.level(chat_id, now);
        if level < 1.0 {
            let wait = (1.0 - level) * refill_secs(chat_id);
            return Err(now + Duration::from_secs_f64(wait));
        }
        *bucket = Bucket {
            tokens: level - 1.0,
            at: now,
        };
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_bulk_sends_evenly_and_honours_pauses() {
        let budget = SendBudget::new(100);
        let t0 = budget.lock().next;
        // A burst at t0 gets one slot; the next opens one interval (1/97 s) later.
        assert!(budget.take_slot(t0).is_ok());
        let next = budget.take_slot(t0).unwrap_err();
        assert_eq!(next - t0, Duration::from_secs_f64(1.0 / 97.0));
        // Taking every slot as it opens: the 97th leaves just before the first second ends.
        let mut at = next;
        let mut sent = 1;
        while at < t0 + Duration::from_millis(990) {
            assert!(budget.take_slot(at).is_ok());
            sent += 1;
            at = budget.take_slot(at).unwrap_err();
        }
        assert_eq!(sent, 97);
        // A timer that fires late keeps the schedule (no lost slots), within the catch-up.
        let late = at + Duration::from_millis(3);
        assert!(budget.take_slot(late).is_ok());
        assert!(budget.take_slot(late).is_err());
        // A pause holds every slot until it ends.
        let paused_at = Instant::now();
        budget.pause(Duration::from_secs(2));
        let resume = budget.take_slot(paused_at).unwrap_err();
        assert!(resume >= paused_at + Duration::from_secs(2));
        assert!(budget.take_slot(resume).is_ok());
        assert!(budget.paused_until().is_none());
    }

    #[test]
    fn a_chat_gets_a_burst_then_one_a_second() {
        let budget = SendBudget::new(30);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(budget.take_reply(7, t0).is_ok());
        }
        let wake = budget.take_reply(7, t0).unwrap_err();
        assert_eq!(wake - t0, Duration::from_secs(1));
        // Another chat is not held up by this one.
        assert!(budget.take_reply(8, t0).is_ok());
        assert!(budget.chat_wait(9).is_zero());
        assert!(budget.take_reply(7, wake).is_ok());
        assert!(budget.take_reply(7, wake).is_err());
        // Groups refill at 20 a minute.
        for _ in 0..3 {
            assert!(budget.take_reply(-100, t0).is_ok());
        }
        assert_eq!(
            budget.take_reply(-100, t0).unwrap_err() - t0,
            Duration::from_secs(3)
        );
    }

    #[test]
    fn bulk_waits_for_a_full_bucket() {
        let budget = SendBudget::new(30);
        assert!(budget.chat_wait(7).is_zero());
        budget.take_chat(7);
        let wait = budget.chat_wait(7);
        assert!(wait > Duration::from_millis(900) && wait <= Duration::from_millis(1050));
        // After a burst of replies the chat is quiet for bulk for about three seconds.
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(budget.take_reply(8, t0).is_ok());
        }
        assert!(budget.chat_wait(8) > Duration::from_millis(2900));
    }

    #[test]
    fn bulk_yields_to_replies_within_a_bounded_debt() {
        let budget = SendBudget::new(10);
        let t0 = budget.lock().next;
        let interval = Duration::from_secs_f64(1.0 / 9.7);
        // Three replies to three chats take the next three bulk slots.
        for chat in 1..=3 {
            assert!(budget.take_reply(chat, t0).is_ok());
        }
        assert_eq!(budget.take_slot(t0).unwrap_err(), t0 + interval * 3);
        // A flood of replies pushes bulk back by at most a second.
        for chat in 10..100 {
            assert!(budget.take_reply(chat, t0).is_ok());
        }
        assert_eq!(budget.take_slot(t0).unwrap_err(), t0 + MAX_REPLY_DEBT);
    }

    #[test]
    fn a_pause_holds_replies_too() {
        let budget = SendBudget::new(30);
        let now = Instant::now();
        budget.pause(Duration::from_secs(5));
        let wake = budget.take_reply(1, now).unwrap_err();
        assert!(wake >= now + Duration::from_secs(5));
    }

    #[test]
    fn outages_pause_from_the_third_failure() {
        let budget = SendBudget::new(30);
        assert_eq!(budget.note_transient_failure(), None);
        assert_eq!(budget.note_transient_failure(), None);
        assert_eq!(
            budget.note_transient_failure(),
            Some(Duration::from_secs(1))
        );
        assert_eq!(
            budget.note_transient_failure(),
            Some(Duration::from_secs(2))
        );
        budget.note_success();
        assert_eq!(budget.note_transient_failure(), None);
    }
}
