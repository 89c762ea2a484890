//! The bot's one send budget: every message to a chat (a reply, a notification, a broadcast, an
//! edit) takes its turn here, so Telegram's limits hold for the bot as a whole.
//!
//! - Per chat: a bucket of `CHAT_BURST` messages refilled at one a second (groups: one every three
//!   seconds, Telegram's 20 a minute), so a user who sends three commands gets three answers at
//!   once while a chat never gets more than about one message a second for long. Bulk messages
//!   wait for a full bucket and empty it: never two within a second in one chat.
//! - Bulk (broadcasts and notifications): at most TGLINK_SEND_RATE messages (less a little
//!   headroom for jitter) in any one second, counted over a sliding window of all sends, as
//!   Telegram counts them, and spaced evenly.
//! - Replies go first. They count in the window, so bulk yields to them; while bulk shares the
//!   window a reply takes the next free place in it (bulk waits while any reply waits), so the sum
//!   stays within the rate. Replies alone are not held to it: Telegram's ~30 a second is a limit
//!   on bulk notifications, and a thousand members who tap the bot at once are answered as fast as
//!   they wrote.
//! - A 429 (or an outage) pauses everything, replies included, for as long as Telegram asks.
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// The share of TGLINK_SEND_RATE bulk traffic aims at. Evenly spaced sends at 97% leave ~30 ms
/// of slack in every one-second window for jitter.
pub const HEADROOM: f64 = 0.97;

/// Replies a chat may receive at once before the one-a-second pace applies.
pub const CHAT_BURST: f64 = 3.0;

/// Added to a chat's wait for bulk traffic: timers and network jitter never bring two bulk
/// messages to one chat closer than a second at Telegram.
const BULK_MARGIN: Duration = Duration::from_millis(50);

/// How long bulk keeps out of a chat after the user wrote in it.
const CONVERSATION: Duration = Duration::from_secs(3);

/// Transient failures in a row that mean Telegram is down rather than unlucky.
const OUTAGE_AFTER: u32 = 5;

/// How late a bulk send may be and still keep its slot: lets the schedule catch up after a timer
/// that fired a little late without ever bunching more than a few sends together.
const CATCH_UP: Duration = Duration::from_millis(5);

/// The window Telegram's overall limit is counted over.
const WINDOW: Duration = Duration::from_secs(1);

pub struct SendBudget {
    /// Bulk sends are spaced this far apart.
    interval: Duration,
    /// Sends allowed in any one window.
    per_window: usize,
    state: Mutex<State>,
}

struct State {
    /// The next bulk slot.
    next: Instant,
    /// When each send of the last window went, oldest first, and whether it was bulk.
    window: VecDeque<(Instant, bool)>,
    /// How many of those were bulk.
    bulk_in_window: usize,
    /// Replies waiting for a place in the window: bulk waits while there are any.
    replies_waiting: usize,
    paused_until: Option<Instant>,
    /// Transient failures (network, 5xx) in a row; several pause all sending with backoff.
    failures_in_row: u32,
    chats: HashMap<i64, Bucket>,
}

#[derive(Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
    /// When the chat last got a message.
    last: Instant,
    /// No reply before this: a second after a bulk message.
    quiet_until: Instant,
    /// No bulk before this: the user is talking to the bot.
    conversation_until: Instant,
}

impl Bucket {
    fn full(now: Instant) -> Bucket {
        Bucket {
            tokens: CHAT_BURST,
            at: now,
            last: now,
            quiet_until: now,
            conversation_until: now,
        }
    }
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
            per_window: (rate.floor() as usize).max(1),
            state: Mutex::new(State {
                next: Instant::now(),
                window: VecDeque::new(),
                bulk_in_window: 0,
                replies_waiting: 0,
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

    /// Waits until a reply to `chat_id` may go: no pause, a message left in the chat's bucket,
    /// and a place in the window. Takes them.
    pub async fn reply_turn(&self, chat_id: i64) {
        let mut waiting: Option<WaitingReply> = None;
        loop {
            let now = Instant::now();
            match self.try_reply(chat_id, now) {
                Ok(()) => return,
                Err(Wait::Chat(wake)) => {
                    // Only this chat must wait: bulk to other chats goes on.
                    waiting = None;
                    tokio::time::sleep_until(wake).await;
                }
                Err(Wait::Window(wake)) => {
                    waiting.get_or_insert_with(|| WaitingReply::new(self));
                    tokio::time::sleep_until(wake).await;
                }
            }
        }
    }

    #[cfg(test)]
    fn take_reply(&self, chat_id: i64, now: Instant) -> Result<(), Instant> {
        self.try_reply(chat_id, now).map_err(|w| match w {
            Wait::Chat(t) | Wait::Window(t) => t,
        })
    }

    fn try_reply(&self, chat_id: i64, now: Instant) -> Result<(), Wait> {
        let mut s = self.lock();
        if let Some(until) = s.paused_until.filter(|p| *p > now) {
            return Err(Wait::Window(until));
        }
        s.forget_old(now);
        if s.bulk_in_window > 0 {
            s.window_place(self.per_window).map_err(Wait::Window)?;
        }
        s.take_reply_token(chat_id, now).map_err(Wait::Chat)?;
        s.window.push_back((now, false));
        Ok(())
    }

    /// How long until `chat_id` may get a bulk message (zero: now). Bulk never rides a burst:
    /// it waits a second (and a margin) after the chat's last message, and for a message left in
    /// its bucket. Bulk work that must wait is better deferred than held.
    pub fn chat_wait(&self, chat_id: i64) -> Duration {
        let now = Instant::now();
        self.lock().bulk_wait(chat_id, now)
    }

    /// Takes the chat's turn for a bulk send, if `chat_wait` is still zero (a reply may have
    /// come since), and keeps replies out of the chat for a second after it; else how long to
    /// wait.
    pub fn take_chat(&self, chat_id: i64) -> Result<(), Duration> {
        let now = Instant::now();
        let mut s = self.lock();
        let wait = s.bulk_wait(chat_id, now);
        if !wait.is_zero() {
            return Err(wait);
        }
        let bucket = s.chats.entry(chat_id).or_insert(Bucket::full(now));
        *bucket = Bucket {
            tokens: bucket.level(chat_id, now) - 1.0,
            at: now,
            last: now,
            conversation_until: bucket.conversation_until,
            quiet_until: now + Duration::from_secs_f64(refill_secs(chat_id)) + BULK_MARGIN,
        };
        Ok(())
    }

    /// A user wrote in this chat: bulk messages keep out of it for a few seconds, so they do not
    /// take the place of the reply the user waits for.
    pub fn note_incoming(&self, chat_id: i64) {
        let now = Instant::now();
        let mut s = self.lock();
        let bucket = s.chats.entry(chat_id).or_insert(Bucket::full(now));
        bucket.conversation_until = now + CONVERSATION;
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

    /// Takes the bulk slot due at `now`, or says when to look again.
    fn take_slot(&self, now: Instant) -> Result<(), Instant> {
        let mut s = self.lock();
        let start = s.next.max(s.paused_until.unwrap_or(now));
        if start > now {
            return Err(start);
        }
        if s.replies_waiting > 0 {
            // Replies first; look again soon.
            return Err(now + self.interval);
        }
        s.forget_old(now);
        s.window_place(self.per_window)?;
        s.window.push_back((now, true));
        s.bulk_in_window += 1;
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

    /// Counts a transient failure; from the fifth in a row, pauses everything (1 s, 2 s, … up to
    /// a minute) so an outage is probed, not hammered. Five, because concurrent sends finish
    /// interleaved: with one send in five failing at random, three in a row came every hundred
    /// sends and paused a healthy broadcast for seconds.
    pub fn note_transient_failure(&self) -> Option<Duration> {
        let n = {
            let mut s = self.lock();
            s.failures_in_row += 1;
            s.failures_in_row
        };
        if n < OUTAGE_AFTER {
            return None;
        }
        let second = Duration::from_secs(1);
        let pause = crate::tasks::doubling(second, Duration::from_secs(60), n - OUTAGE_AFTER + 1);
        self.pause(pause);
        Some(pause)
    }
}

/// Why a reply must wait, and until when.
enum Wait {
    /// For the chat's own limit.
    Chat(Instant),
    /// For a place in the overall window, or the end of a pause.
    Window(Instant),
}

/// Counts a reply as waiting while it lives, so bulk yields to it (also if the reply's future is
/// dropped while it waits).
struct WaitingReply<'a>(&'a SendBudget);

impl<'a> WaitingReply<'a> {
    fn new(budget: &'a SendBudget) -> WaitingReply<'a> {
        budget.lock().replies_waiting += 1;
        WaitingReply(budget)
    }
}

impl Drop for WaitingReply<'_> {
    fn drop(&mut self) {
        let mut s = self.0.lock();
        s.replies_waiting = s.replies_waiting.saturating_sub(1);
    }
}

impl State {
    /// Forgets the sends that left the window by `now`.
    fn forget_old(&mut self, now: Instant) {
        while let Some((at, bulk)) = self.window.front().copied() {
            if now.saturating_duration_since(at) < WINDOW {
                break;
            }
            self.window.pop_front();
            if bulk {
                self.bulk_in_window -= 1;
            }
        }
    }

    /// Whether the window has a place; else when its oldest send leaves it.
    fn window_place(&self, per_window: usize) -> Result<(), Instant> {
        match self.window.front() {
            Some((oldest, _)) if self.window.len() >= per_window => Err(*oldest + WINDOW),
            _ => Ok(()),
        }
    }

    fn bulk_wait(&self, chat_id: i64, now: Instant) -> Duration {
        let Some(b) = self.chats.get(&chat_id) else {
            return Duration::ZERO;
        };
        let spacing = Duration::from_secs_f64(refill_secs(chat_id)) + BULK_MARGIN;
        let after_last = (b.last + spacing).saturating_duration_since(now);
        let level = b.level(chat_id, now);
        let for_token = if level < 1.0 {
            Duration::from_secs_f64((1.0 - level) * refill_secs(chat_id))
        } else {
            Duration::ZERO
        };
        let talking = b.conversation_until.saturating_duration_since(now);
        after_last.max(for_token).max(talking)
    }

    /// Takes a message from the chat's bucket for a reply, or says when one is there.
    fn take_reply_token(&mut self, chat_id: i64, now: Instant) -> Result<(), Instant> {
        if self.chats.len() >= 10_000 {
            // Full buckets carry (next to) no information: forget them.
            self.chats.retain(|id, b| b.level(*id, now) < CHAT_BURST);
        }
        let bucket = self.chats.entry(chat_id).or_insert(Bucket::full(now));
        if bucket.quiet_until > now {
            return Err(bucket.quiet_until);
        }
        let level = bucket.level(chat_id, now);
        if level < 1.0 {
            let wait = (1.0 - level) * refill_secs(chat_id);
            return Err(now + Duration::from_secs_f64(wait));
        }
        *bucket = Bucket {
            tokens: level - 1.0,
            last: now,
            at: now,
            ..*bucket
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
        assert!(budget.take_chat(7).is_ok());
        assert!(budget.take_chat(7).is_err());
        let wait = budget.chat_wait(7);
        assert!(wait > Duration::from_millis(900) && wait <= Duration::from_millis(1050));
        // After a burst of replies, bulk waits for the bucket to refill one message.
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(budget.take_reply(8, t0).is_ok());
        }
        assert!(budget.chat_wait(8) > Duration::from_millis(900));
    }

    #[test]
    fn replies_and_bulk_share_the_window_and_replies_go_first() {
        let budget = SendBudget::new(10); // 9 a second with the headroom
        let t0 = budget.lock().next;
        // A bulk message and eight replies fill the window: bulk waits, and so does a ninth reply
        // (the sum stays within the rate), until the first send leaves the window.
        assert!(budget.take_slot(t0).is_ok());
        for chat in 1..=8 {
            assert!(budget.take_reply(chat, t0).is_ok());
        }
        let t1 = t0 + Duration::from_millis(200);
        assert_eq!(budget.take_reply(9, t1).unwrap_err(), t0 + WINDOW);
        assert!(budget.take_slot(t1).is_err(), "bulk waits too");
        // Once places free up, a waiting reply comes before bulk.
        let later = t0 + WINDOW;
        let waiting = WaitingReply::new(&budget);
        assert!(
            budget.take_slot(later).is_err(),
            "bulk yields to the waiting reply"
        );
        drop(waiting);
        assert!(budget.take_reply(9, later).is_ok());
    }

    #[test]
    fn replies_alone_are_not_held_to_the_bulk_rate() {
        let budget = SendBudget::new(10);
        let t0 = Instant::now();
        for chat in 1..=100 {
            assert!(budget.take_reply(chat, t0).is_ok(), "reply {chat}");
        }
        // And bulk yields to them: the window is full.
        assert!(budget.take_slot(t0).is_err());
    }

    #[test]
    fn bulk_keeps_out_of_a_conversation() {
        let budget = SendBudget::new(30);
        budget.note_incoming(7);
        assert!(budget.chat_wait(7) > Duration::from_secs(2));
        assert!(budget.take_chat(7).is_err());
        assert!(budget.take_reply(7, Instant::now()).is_ok());
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
    fn outages_pause_from_the_fifth_failure() {
        let budget = SendBudget::new(30);
        for _ in 0..4 {
            assert_eq!(budget.note_transient_failure(), None);
        }
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

    #[test]
    fn a_bulk_message_uses_up_the_chats_burst() {
        let budget = SendBudget::new(30);
        assert!(budget.take_chat(7).is_ok());
        let now = Instant::now();
        let wake = budget.take_reply(7, now).unwrap_err();
        assert!(wake - now > Duration::from_millis(900));
    }
}
