//! `telegram-fake`: a workspace crate. tglink's tests and benchmarks (`tests/`, `examples/`) use
//! it, and so does `tglink demo`, the sandbox (the only place the binary starts it: `tglink serve`
//! never does).
//!
//! A fake Telegram Bot API on a local port, for tests and for a sandbox without a real bot.
//! [`FakeTelegram::conversation`] shows a chat as its user sees it, for the sandbox's chat page.
//!
//! Point `TELEGRAM_API_URL` at [`FakeTelegram::api_url`]; teloxide-core talks to it exactly as to
//! api.telegram.org. The fake answers with Telegram's JSON, error texts and status codes, records
//! every call, and lets a test play the users: send messages, press buttons, block the bot.
//!
//! Behaviour a test may trip over, all copied from Telegram:
//! - updates go to the webhook when one is set, else wait in a queue for `getUpdates`;
//! - `allowed_updates` filters updates when they are sent (by default `chat_member` and
//!   reactions are not sent), so a bot that forgets `callback_query` never sees button presses;
//! - an edit without `reply_markup` removes the message's inline keyboard;
//! - `parse_mode=HTML` is checked like Telegram does; Markdown is accepted unchecked;
//! - groups, supergroups (forums with topics) and channels: the bot joins with a
//!   `startgroup`/`startchannel` link, posts into a channel only as an administrator with
//!   `post_messages`, into a topic only if it exists; with rate limits enforced, a group or
//!   channel takes at most 20 messages a minute;
//! - a `sendMessage` that reached the fake is carried out even if the bot hangs up before the
//!   answer (a timeout, a crash), so a bot that sends again makes a duplicate.

mod conversation;
mod entities;
mod groups;
mod html;
mod messages;
mod methods;
mod params;
mod polling;
mod records;
mod server;
mod state;
pub mod updates;
mod user;
mod waits;
mod webhook;

use std::{net::TcpListener, sync::Arc, time::Duration};

use actix_web::dev::ServerHandle;
use anyhow::Context;
use serde_json::Value;

pub use conversation::ChatMessage;
pub use records::{
    Button, CallOutcome, CallbackAnswer, EditedMessage, Failure, RecordedCall, SentMessage,
    WebhookInfo,
};
pub use updates::Person;
pub use user::FakeUser;

use state::{ChatKind, RateLimits, ScriptedFailure, Shared};

/// The username `start` gives the bot.
pub const DEFAULT_BOT_USERNAME: &str = "tglink_test_bot";

/// A running fake Bot API. Clones (and the `FakeUser`s it made) share it; the server stops
/// when the last of them is dropped.
#[derive(Clone)]
pub struct FakeTelegram {
    inner: Arc<Running>,
}

struct Running {
    shared: Arc<Shared>,
    server: ServerHandle,
    api_url: String,
}

impl Drop for Running {
    fn drop(&mut self) {
        // `stop` sends the command right away; its future only reports completion.
        drop(self.server.stop(false));
    }
}

/// Runs the server on its own thread and actix runtime, so it keeps answering (and can be
/// stopped) whatever the caller's runtime does, e.g. a test's runtime shutting down first.
async fn spawn_server(listener: TcpListener, shared: Arc<Shared>) -> anyhow::Result<ServerHandle> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("fake-telegram".into())
        .spawn(move || {
            actix_rt::System::new().block_on(async move {
                match server::build(listener, shared) {
                    Ok((server, handle)) => {
                        let _ = tx.send(Ok(handle));
                        if let Err(e) = server.await {
                            tracing::warn!("fake Bot API server ended: {e}");
                        }
                    }
                    Err(e) => {
                        let _ = tx.send(Err(e));
                    }
                }
            })
        })
        .context("spawning the fake Bot API thread")?;
    let handle = rx.await.context("the fake Bot API thread died")??;
    Ok(handle)
}

impl FakeTelegram {
    /// Starts the fake on 127.0.0.1 with a random port for the bot with this `token`.
    /// The bot's id is the token's number before the colon, as on Telegram.
    pub async fn start(token: &str) -> anyhow::Result<FakeTelegram> {
        Self::start_with_username(token, DEFAULT_BOT_USERNAME).await
    }

    pub async fn start_with_username(token: &str, username: &str) -> anyhow::Result<FakeTelegram> {
        Self::start_at("127.0.0.1:0", token, username).await
    }

    /// Starts the fake on a chosen address, e.g. a fixed port for a sandbox.
    pub async fn start_at(addr: &str, token: &str, username: &str) -> anyhow::Result<FakeTelegram> {
        let bot_id = token
            .split(':')
            .next()
            .and_then(|n| n.parse::<i64>().ok())
            .unwrap_or(1_000_000_001);
        let bot = Person::bot(bot_id, "tglink test bot", username);
        let shared = Arc::new(Shared::new(token, bot));
        let listener = TcpListener::bind(addr)
            .with_context(|| format!("binding the fake Bot API to {addr}"))?;
        let mut local = listener.local_addr()?;
        if local.ip().is_unspecified() {
            local.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
        }
        let handle = spawn_server(listener, shared.clone()).await?;
        Ok(FakeTelegram {
            inner: Arc::new(Running {
                shared,
                server: handle,
                api_url: format!("http://{local}"),
            }),
        })
    }

    /// Stops the server now (it also stops when the last handle is dropped).
    pub async fn stop(&self) {
        self.inner.server.stop(false).await;
    }

    fn shared(&self) -> &Shared {
        &self.inner.shared
    }

    /// The Bot API base URL, what the app takes as `TELEGRAM_API_URL`.
    pub fn api_url(&self) -> String {
        self.inner.api_url.clone()
    }

    pub fn bot_username(&self) -> String {
        self.shared().bot.username.clone().unwrap_or_default()
    }

    /// The bot as a `User`, e.g. for building updates by hand.
    pub fn bot(&self) -> Person {
        self.shared().bot.clone()
    }

    /// A user who has started the bot: their private chat (id == user id) now exists.
    pub fn add_user(&self, user_id: i64, first_name: &str, username: Option<&str>) -> FakeUser {
        let person = Person::user(user_id, first_name, username);
        self.shared()
            .lock()
            .add_chat(user_id, ChatKind::Private(person.clone()));
        FakeUser::new(person, self.clone())
    }

    /// A user whose Telegram app is set to `language_code` (`add_user`'s are `en`).
    pub fn add_user_speaking(
        &self,
        user_id: i64,
        first_name: &str,
        username: Option<&str>,
        language_code: &str,
    ) -> FakeUser {
        let mut person = Person::user(user_id, first_name, username);
        person.language_code = Some(language_code.to_owned());
        self.shared()
            .lock()
            .add_chat(user_id, ChatKind::Private(person.clone()));
        FakeUser::new(person, self.clone())
    }

    /// A basic group the bot is in (as a member); `chat_id` should be negative, as Telegram's
    /// are.
    pub fn add_group(&self, chat_id: i64, title: &str) {
        let kind = ChatKind::Group {
            title: title.to_owned(),
        };
        self.shared().lock().add_chat(chat_id, kind);
    }

    /// Marks the chat as having blocked the bot (no update is sent; see [`FakeUser::block`]).
    pub fn block_bot(&self, chat_id: i64) {
        self.set_blocked(chat_id, true);
    }

    pub fn unblock_bot(&self, chat_id: i64) {
        self.set_blocked(chat_id, false);
    }

    pub(crate) fn set_blocked(&self, chat_id: i64, blocked: bool) {
        if let Some(chat) = self.shared().lock().chats.get_mut(&chat_id) {
            chat.blocked = blocked;
        }
    }

    /// The next `times` calls of `method` (any case; `"*"` for any method), only those for
    /// `chat_id` if given, answer `failure` instead of running. Scripts queue in order.
    pub fn fail_next(&self, method: &str, chat_id: Option<i64>, times: usize, failure: Failure) {
        if times == 0 {
            return;
        }
        self.shared().lock().failures.push(ScriptedFailure {
            method: method.to_ascii_lowercase(),
            chat_id,
            remaining: times,
            failure,
        });
    }

    /// From now on a `share` (0 to 1) of all calls of `method` (any case; `"*"` for any),
    /// retries included, answer `failure`, chosen at random as a flaky gateway does (a fixed
    /// seed: the same sequence every run). Scripted failures come first. `share` 0 ends it.
    pub fn fail_share(&self, method: &str, share: f64, failure: Failure) {
        self.shared().lock().random_failure =
            (share > 0.0).then(|| (method.to_ascii_lowercase(), share.min(1.0), failure));
    }

    /// Enforces Telegram's send limits on `sendMessage` over a rolling second: beyond them a
    /// call gets 429 with `retry_after: 1` and is counted in [`Self::count_429`]. Groups and
    /// channels (negative ids) also get Telegram's 20 a minute, over a rolling minute. As
    /// Telegram does, only ~30 of a second's sends may go without `allow_paid_broadcast`, and
    /// `per_sec_overall` is capped at the paid maximum, 1,000.
    pub fn enforce_rate_limits(&self, per_sec_overall: u32, per_chat_per_sec: u32) {
        self.shared().lock().rate_limits = Some(RateLimits {
            overall: per_sec_overall,
            per_chat: per_chat_per_sec,
        });
    }

    pub fn disable_rate_limits(&self) {
        self.shared().lock().rate_limits = None;
    }

    /// How many sends broke the enforced rate limits (scripted 429s are not counted).
    pub fn count_429(&self) -> usize {
        self.shared().lock().count_429
    }

    /// `sendMessage` calls the bot has made that the fake has not answered yet.
    pub fn sends_in_flight(&self) -> usize {
        self.shared()
            .sends_in_flight
            .load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Every `sendMessage` call that has reached the fake, answered or not (still sleeping its
    /// latency, or given up by a client that hung up).
    pub fn sends_received(&self) -> usize {
        self.shared()
            .sends_received
            .load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The most `sendMessage` calls that were ever in flight at once: how concurrently the bot
    /// sends.
    pub fn max_sends_in_flight(&self) -> usize {
        self.shared()
            .max_sends_in_flight
            .load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The most `sendMessage` calls one chat ever had in flight at once: 2 or more means the bot
    /// sent to a chat before its previous message there was answered (a reply or a delivery
    /// handled twice at once).
    pub fn max_sends_in_flight_to_one_chat(&self) -> usize {
        self.shared()
            .max_chat_sends_in_flight
            .load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Delays every `sendMessage` by `d`, like a slow Telegram. As on Telegram, a message is
    /// sent at the end of its delay even when the bot hung up before (its request timed out, its
    /// process died): waiting longer than the bot's timeout makes a send whose outcome it never
    /// learns.
    pub fn set_latency(&self, d: Duration) {
        self.shared().lock().latency = d;
    }

    /// While down, every call answers 502 Bad Gateway. Beware: teloxide-core sleeps 10 s after
    /// any 5xx; [`Self::set_outage`] with [`Failure::NetworkDrop`] fails fast instead.
    pub fn set_down(&self, down: bool) {
        self.set_outage(down.then_some(Failure::ServerError(502)));
    }

    /// Every call answers `failure` until this is called with `None`.
    pub fn set_outage(&self, failure: Option<Failure>) {
        self.shared().lock().outage = failure;
    }

    /// Also enforce Telegram's URL rules: HTTPS webhooks on ports 80/88/443/8443 at a public
    /// host, and no inline-button URLs pointing at local addresses. Off by default so apps
    /// under test can use http://127.0.0.1.
    pub fn set_strict_urls(&self, strict: bool) {
        self.shared().lock().strict_urls = strict;
    }

    /// Keeps only the newest `limit` calls, edits, callback answers, deleted messages and
    /// filtered updates, so a long-running sandbox does not grow without end (tests keep
    /// everything: no limit is the default). Messages sent and the chats' conversations are kept.
    pub fn limit_logs(&self, limit: usize) {
        let mut inner = self.shared().lock();
        inner.log_limit = Some(limit);
        inner.trim_logs();
    }

    /// Every call so far (or the newest, see [`Self::limit_logs`]), in the order they were
    /// answered.
    pub fn calls(&self) -> Vec<RecordedCall> {
        self.shared().lock().calls.clone()
    }

    /// Calls of one method, named in any case (`"sendMessage"`).
    pub fn calls_to(&self, method: &str) -> Vec<RecordedCall> {
        let method = method.to_ascii_lowercase();
        let inner = self.shared().lock();
        inner
            .calls
            .iter()
            .filter(|c| c.method == method)
            .cloned()
            .collect()
    }

    /// Messages the bot sent successfully, oldest first.
    pub fn sent_messages(&self) -> Vec<SentMessage> {
        self.shared().lock().sent.clone()
    }

    pub fn messages_to(&self, chat_id: i64) -> Vec<SentMessage> {
        let inner = self.shared().lock();
        inner
            .sent
            .iter()
            .filter(|m| m.chat_id == chat_id)
            .cloned()
            .collect()
    }

    pub fn webhook(&self) -> Option<WebhookInfo> {
        let inner = self.shared().lock();
        inner.webhook.as_ref().map(|w| w.info.clone())
    }

    /// The default-scope commands `setMyCommands` set for users of `language_code`.
    pub fn commands_in(&self, language_code: &str) -> Vec<(String, String)> {
        self.shared()
            .lock()
            .commands_by_language
            .get(language_code)
            .cloned()
            .unwrap_or_default()
    }

    /// The default-scope commands from `setMyCommands`: (command, description).
    pub fn commands(&self) -> Vec<(String, String)> {
        self.shared().lock().commands.clone()
    }

    pub fn edits(&self) -> Vec<EditedMessage> {
        self.shared().lock().edits.clone()
    }

    /// How many edits succeeded, without copying them (for benchmarks that poll).
    pub fn edit_count(&self) -> usize {
        self.shared().lock().edits.len()
    }

    pub fn callback_answers(&self) -> Vec<CallbackAnswer> {
        self.shared().lock().callback_answers.clone()
    }

    /// (chat_id, message_id) of each successful `deleteMessage`.
    pub fn deleted_messages(&self) -> Vec<(i64, i64)> {
        self.shared().lock().deleted.clone()
    }

    /// Updates queued for `getUpdates` and not yet confirmed.
    pub fn pending_updates(&self) -> Vec<Value> {
        self.shared().lock().queue.iter().cloned().collect()
    }

    /// Updates dropped because the bot's `allowed_updates` excluded their type.
    pub fn filtered_updates(&self) -> Vec<Value> {
        self.shared().lock().filtered.clone()
    }

    pub(crate) fn with_inner<T>(&self, f: impl FnOnce(&mut state::Inner) -> T) -> T {
        f(&mut self.shared().lock())
    }
}
