//! The fake's memory: known chats, messages, pending updates, the webhook, scripted failures and
//! everything the bot did. One `std::sync::Mutex`, never held across an `.await`.

use std::{
    collections::{BTreeSet, HashMap, HashSet, VecDeque},
    sync::{Mutex, MutexGuard},
    time::{Duration, Instant},
};

use serde_json::Value;
use tokio::sync::Notify;

use super::{
    records::{
        ApiError, CallbackAnswer, EditedMessage, Failure, RecordedCall, SentMessage, WebhookInfo,
    },
    updates::{Person, channel_chat_json, group_chat_json, supergroup_chat_json},
};

use std::sync::atomic::{AtomicUsize, Ordering};

/// Everything the server and the handles share.
pub(crate) struct Shared {
    pub token: String,
    pub bot: Person,
    state: Mutex<Inner>,
    /// Woken when an update is queued, the webhook changes or a newer getUpdates starts.
    pub updates_changed: Notify,
    /// Woken when the bot sends a message.
    pub messages_changed: Notify,
    /// `sendMessage` calls arrived and not yet answered, and the most there ever were at once.
    pub sends_in_flight: AtomicUsize,
    pub max_sends_in_flight: AtomicUsize,
    /// `sendMessage` calls arrived, answered or not.
    pub sends_received: AtomicUsize,
    /// `sendMessage` calls in flight per chat, and the most one chat ever had at once.
    chat_sends_in_flight: Mutex<HashMap<i64, usize>>,
    pub max_chat_sends_in_flight: AtomicUsize,
}

/// Counts a `sendMessage` as in flight while it lives (also when the client hangs up early),
/// overall and in its chat.
pub(crate) struct InFlight<'a>(&'a Shared, Option<i64>);

impl<'a> InFlight<'a> {
    pub fn start(shared: &'a Shared, chat_id: Option<i64>) -> InFlight<'a> {
        shared.sends_received.fetch_add(1, Ordering::SeqCst);
        let now = shared.sends_in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        shared.max_sends_in_flight.fetch_max(now, Ordering::SeqCst);
        if let Some(chat) = chat_id {
            let mut chats = shared.chats_in_flight();
            let n = chats.entry(chat).or_default();
            *n += 1;
            shared
                .max_chat_sends_in_flight
                .fetch_max(*n, Ordering::SeqCst);
        }
        InFlight(shared, chat_id)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.sends_in_flight.fetch_sub(1, Ordering::SeqCst);
        if let Some(chat) = self.1 {
            let mut chats = self.0.chats_in_flight();
            if let Some(n) = chats.get_mut(&chat) {
                *n -= 1;
                if *n == 0 {
                    chats.remove(&chat);
                }
            }
        }
    }
}

impl Shared {
    pub fn new(token: &str, bot: Person) -> Self {
        Shared {
            token: token.to_owned(),
            bot,
            state: Mutex::new(Inner::default()),
            updates_changed: Notify::new(),
            messages_changed: Notify::new(),
            sends_in_flight: AtomicUsize::new(0),
            max_sends_in_flight: AtomicUsize::new(0),
            sends_received: AtomicUsize::new(0),
            chat_sends_in_flight: Mutex::new(HashMap::new()),
            max_chat_sends_in_flight: AtomicUsize::new(0),
        }
    }

    fn chats_in_flight(&self) -> MutexGuard<'_, HashMap<i64, usize>> {
        self.chat_sends_in_flight
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// The state, even if a panicking test thread poisoned the lock.
    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[derive(Debug, Clone)]
pub(crate) enum ChatKind {
    Private(Person),
    Group { title: String },
    Supergroup { title: String, is_forum: bool },
    Channel { title: String },
}

/// The bot's place in a group or channel (in a private chat it is always `Member`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BotMembership {
    Member,
    /// An administrator with these rights, named as in deep links (`post_messages`, …).
    Admin(BTreeSet<String>),
    Left,
    Kicked,
}

impl BotMembership {
    pub fn is_in(&self) -> bool {
        matches!(self, BotMembership::Member | BotMembership::Admin(_))
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Chat {
    pub kind: ChatKind,
    pub blocked: bool,
    last_message_id: i64,
    pub bot: BotMembership,
    /// Users who administer the group or channel (getChatMember says so).
    pub admins: HashSet<i64>,
    /// A forum's topics: `message_thread_id` → name.
    pub topics: HashMap<i64, String>,
    /// The supergroup a basic group was upgraded to: sends answer with `migrate_to_chat_id`.
    pub migrated_to: Option<i64>,
}

impl Chat {
    pub fn to_json(&self, id: i64) -> Value {
        match &self.kind {
            ChatKind::Private(p) => p.private_chat_json(),
            ChatKind::Group { title } => group_chat_json(id, title),
            ChatKind::Supergroup { title, is_forum } => supergroup_chat_json(id, title, *is_forum),
            ChatKind::Channel { title } => channel_chat_json(id, title),
        }
    }

    /// "group", "supergroup" or "channel", as Telegram's error texts name them.
    fn noun(&self) -> &'static str {
        match &self.kind {
            ChatKind::Private(_) => "private",
            ChatKind::Group { .. } => "group",
            ChatKind::Supergroup { .. } => "supergroup",
            ChatKind::Channel { .. } => "channel",
        }
    }

    /// Whether the bot may post here (in topic `thread`, if given), with Telegram's refusals.
    pub fn check_post(&self, thread: Option<i64>) -> Result<(), ApiError> {
        if let Some(to) = self.migrated_to {
            return Err(ApiError::migrated(to));
        }
        if matches!(self.kind, ChatKind::Private(_)) {
            return match thread {
                Some(_) => Err(ApiError::bad_request("message thread not found")),
                None => Ok(()),
            };
        }
        let noun = self.noun();
        match &self.bot {
            BotMembership::Left => {
                return Err(ApiError::new(
                    403,
                    format!("Forbidden: bot is not a member of the {noun} chat"),
                ));
            }
            BotMembership::Kicked => {
                return Err(ApiError::new(
                    403,
                    format!("Forbidden: bot was kicked from the {noun} chat"),
                ));
            }
            BotMembership::Member | BotMembership::Admin(_) => {}
        }
        if matches!(self.kind, ChatKind::Channel { .. }) {
            let can_post = matches!(&self.bot, BotMembership::Admin(rights) if rights.contains("post_messages"));
            if !can_post {
                return Err(ApiError::bad_request(
                    "need administrator rights in the channel chat",
                ));
            }
        }
        match thread {
            Some(t) if !self.topics.contains_key(&t) => {
                Err(ApiError::bad_request("message thread not found"))
            }
            _ => Ok(()),
        }
    }
}

/// A message the fake knows (sent by the bot or by a user), as Telegram would return it.
#[derive(Debug, Clone)]
pub(crate) struct StoredMessage {
    pub json: Value,
    pub from_bot: bool,
    /// Its text was edited (a keyboard-only edit does not count): Telegram's apps mark only
    /// these "edited", though the Bot API gives every edit an `edit_date`.
    pub text_edited: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct ScriptedFailure {
    pub method: String,
    pub chat_id: Option<i64>,
    pub remaining: usize,
    pub failure: Failure,
}

/// Telegram's Bot FAQ: about 30 messages a second for free, up to 1,000 with paid broadcasts.
const FREE_PER_SECOND: usize = 30;
const PAID_PER_SECOND: u32 = 1000;

#[derive(Debug, Clone, Copy)]
pub(crate) struct RateLimits {
    pub overall: u32,
    pub per_chat: u32,
}

/// The webhook plus what Telegram reports about its last delivery.
#[derive(Debug, Clone)]
pub(crate) struct Webhook {
    pub info: WebhookInfo,
    pub last_error: Option<(i64, String)>,
}

#[derive(Debug, Default)]
pub(crate) struct Inner {
    pub chats: HashMap<i64, Chat>,
    pub messages: HashMap<(i64, i64), StoredMessage>,
    next_update_id: i64,
    /// Updates waiting for getUpdates, oldest first.
    pub queue: VecDeque<Value>,
    /// Updates dropped because the bot's `allowed_updates` excludes their type.
    pub filtered: Vec<Value>,
    pub allowed_updates: Option<Vec<String>>,
    pub webhook: Option<Webhook>,
    /// Bumped by each getUpdates; an older waiting poll then answers 409, like Telegram.
    pub poll_generation: u64,
    pub commands: Vec<(String, String)>,
    /// Default-scope commands set with a `language_code`, by that code.
    pub commands_by_language: std::collections::BTreeMap<String, Vec<(String, String)>>,
    pub open_callback_queries: HashSet<String>,
    next_callback_query: u64,
    pub calls: Vec<RecordedCall>,
    pub sent: Vec<SentMessage>,
    pub edits: Vec<EditedMessage>,
    pub deleted: Vec<(i64, i64)>,
    pub callback_answers: Vec<CallbackAnswer>,
    /// How many messages per chat `wait_for_message_to` has handed out.
    pub read_cursor: HashMap<i64, usize>,
    pub failures: Vec<ScriptedFailure>,
    /// A share of all calls of a method that fail at random (`fail_share`).
    pub random_failure: Option<(String, f64, Failure)>,
    /// xorshift64 state for `random_failure`; 0 until first used.
    random_state: u64,
    pub outage: Option<Failure>,
    pub rate_limits: Option<RateLimits>,
    /// The sends of the last second: when, to which chat, and whether paid.
    send_log: VecDeque<(Instant, i64, bool)>,
    /// Sends to each group or channel over the last minute (Telegram allows 20).
    group_log: HashMap<i64, VecDeque<Instant>>,
    pub count_429: usize,
    pub latency: Duration,
    pub strict_urls: bool,
    /// Keep only this many of each after-the-fact log (see [`Inner::trim_logs`]); `None`: all.
    pub log_limit: Option<usize>,
}

/// Update types Telegram sends when the bot never chose (`allowed_updates` unset or empty).
const NOT_SENT_BY_DEFAULT: &[&str] = &["chat_member", "message_reaction", "message_reaction_count"];

/// Telegram's limit for one group or channel: 20 messages a minute.
const GROUP_PER_MINUTE: usize = 20;
const GROUP_WINDOW: Duration = Duration::from_secs(60);

/// Realistic ids are large; starting there catches code that assumes small ones.
const FIRST_UPDATE_ID: i64 = 512_340_001;

/// Drops the oldest entries of `log` beyond `limit`.
fn keep_newest<T>(log: &mut Vec<T>, limit: usize) {
    if log.len() > limit {
        log.drain(..log.len() - limit);
    }
}

impl Inner {
    /// With a log limit, forgets the oldest calls, edits, callback answers, deleted messages and
    /// filtered updates beyond it: what tests read after the fact, and a long-running sandbox
    /// never shows. The chats' messages (the sandbox's conversations) are kept.
    pub fn trim_logs(&mut self) {
        let Some(limit) = self.log_limit else {
            return;
        };
        keep_newest(&mut self.calls, limit);
        keep_newest(&mut self.edits, limit);
        keep_newest(&mut self.callback_answers, limit);
        keep_newest(&mut self.deleted, limit);
        keep_newest(&mut self.filtered, limit);
    }

    pub fn next_update_id(&mut self) -> i64 {
        if self.next_update_id == 0 {
            self.next_update_id = FIRST_UPDATE_ID;
        }
        self.next_update_id += 1;
        self.next_update_id - 1
    }

    /// Keeps later ids above one a test chose itself.
    pub fn saw_update_id(&mut self, id: i64) {
        if id >= self.next_update_id {
            self.next_update_id = id + 1;
        }
    }

    /// Message ids count up per chat, shared by the bot's and the user's messages.
    pub fn next_message_id(&mut self, chat_id: i64) -> Option<i64> {
        let chat = self.chats.get_mut(&chat_id)?;
        chat.last_message_id += 1;
        Some(chat.last_message_id)
    }

    /// Remembers a message a user sent (from an update), so the bot can edit or delete it and
    /// later ids stay above it.
    pub fn remember_user_message(&mut self, message: &Value) {
        let chat_id = message.pointer("/chat/id").and_then(Value::as_i64);
        let message_id = message.get("message_id").and_then(Value::as_i64);
        let (Some(chat_id), Some(message_id)) = (chat_id, message_id) else {
            return;
        };
        let Some(chat) = self.chats.get_mut(&chat_id) else {
            return;
        };
        chat.last_message_id = chat.last_message_id.max(message_id);
        let stored = StoredMessage {
            json: message.clone(),
            from_bot: false,
            text_edited: false,
        };
        self.messages.insert((chat_id, message_id), stored);
    }

    pub fn add_chat(&mut self, id: i64, kind: ChatKind) {
        let bot = match kind {
            // Bots join channels only as administrators, which a user makes them.
            ChatKind::Channel { .. } => BotMembership::Left,
            _ => BotMembership::Member,
        };
        let chat = self.chats.entry(id).or_insert(Chat {
            kind: kind.clone(),
            blocked: false,
            last_message_id: 0,
            bot,
            admins: HashSet::new(),
            topics: HashMap::new(),
            migrated_to: None,
        });
        chat.kind = kind;
    }

    pub fn next_callback_query_id(&mut self, user_id: i64) -> String {
        self.next_callback_query += 1;
        let id = format!("{}{:07}", user_id.unsigned_abs(), self.next_callback_query);
        self.open_callback_queries.insert(id.clone());
        id
    }

    /// Whether an update of this type reaches the bot under its `allowed_updates`.
    pub fn is_allowed(&self, update: &Value) -> bool {
        let Some(kind) = update
            .as_object()
            .and_then(|o| o.keys().find(|k| *k != "update_id"))
        else {
            return true;
        };
        match &self.allowed_updates {
            Some(list) if !list.is_empty() => list.iter().any(|a| a == kind),
            _ => !NOT_SENT_BY_DEFAULT.contains(&kind.as_str()),
        }
    }

    /// A failure for this call with the configured share's chance, if one is configured.
    fn take_random_failure(&mut self, method: &str) -> Option<Failure> {
        let (m, share, failure) = self.random_failure.as_ref()?;
        if m != method && m != "*" {
            return None;
        }
        let mut x = if self.random_state == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            self.random_state
        };
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.random_state = x;
        let draw = (x >> 11) as f64 / (1u64 << 53) as f64;
        (draw < *share).then(|| failure.clone())
    }

    /// Takes the first scripted failure matching this call, if any.
    pub fn take_failure(&mut self, method: &str, chat_id: Option<i64>) -> Option<Failure> {
        let Some(pos) = self.failures.iter().position(|f| {
            (f.method == method || f.method == "*") && (f.chat_id.is_none() || f.chat_id == chat_id)
        }) else {
            return self.take_random_failure(method);
        };
        let entry = &mut self.failures[pos];
        entry.remaining -= 1;
        let failure = entry.failure.clone();
        if entry.remaining == 0 {
            self.failures.remove(pos);
        }
        Some(failure)
    }

    /// Applies the configured send limits to one sendMessage, and Telegram's 20 a minute in a
    /// group or channel (negative ids); an accepted send is counted.
    /// Telegram's limits on one send: the chat's, the overall rate (at most 1,000 a second, and
    /// only ~30 of them without `allow_paid_broadcast`), and a group's 20 a minute.
    pub fn check_rate(&mut self, chat_id: i64, now: Instant, paid: bool) -> Result<(), ApiError> {
        let Some(limits) = self.rate_limits else {
            return Ok(());
        };
        if chat_id < 0 {
            let log = self.group_log.entry(chat_id).or_default();
            while log
                .front()
                .is_some_and(|t| now.duration_since(*t) >= GROUP_WINDOW)
            {
                log.pop_front();
            }
            if let Some(oldest) = log.front().filter(|_| log.len() >= GROUP_PER_MINUTE) {
                let wait = GROUP_WINDOW.saturating_sub(now.duration_since(*oldest));
                self.count_429 += 1;
                return Err(ApiError::too_many_requests(wait.as_secs().max(1) as u32));
            }
        }
        while self
            .send_log
            .front()
            .is_some_and(|(t, _, _)| now.duration_since(*t) >= Duration::from_secs(1))
        {
            self.send_log.pop_front();
        }
        let in_chat = self
            .send_log
            .iter()
            .filter(|(_, c, _)| *c == chat_id)
            .count();
        let free = self.send_log.iter().filter(|(_, _, p)| !p).count();
        let overall = limits.overall.min(PAID_PER_SECOND) as usize;
        if self.send_log.len() >= overall
            || in_chat >= limits.per_chat as usize
            || (!paid && free >= FREE_PER_SECOND)
        {
            self.count_429 += 1;
            return Err(ApiError::too_many_requests(1));
        }
        self.send_log.push_back((now, chat_id, paid));
        if chat_id < 0 {
            self.group_log.entry(chat_id).or_default().push_back(now);
        }
        Ok(())
    }

    /// Drops updates the bot confirmed with `offset`; a negative offset keeps only the last
    /// `-offset` updates, as Telegram documents.
    pub fn confirm_updates(&mut self, offset: Option<i64>) {
        match offset {
            Some(o) if o < 0 => {
                let keep = o.unsigned_abs() as usize;
                while self.queue.len() > keep {
                    self.queue.pop_front();
                }
            }
            Some(o) => self
                .queue
                .retain(|u| u.get("update_id").and_then(Value::as_i64).unwrap_or(0) >= o),
            None => {}
        }
    }
}
