//! Sends one delivery (with teloxide-core's types, through `telegram::api`, so a 5xx costs only
//! the retry's backoff) and decides what its answer means for the queue. teloxide files several
//! answers under `ApiError::Unknown` and drops the HTTP status, so the description text is
//! matched too (`telegram::api::kind_of`).
use std::time::Duration;

use teloxide_core::payloads::{
    DeleteMessage, EditMessageText, EditMessageTextSetters, SendMessage, SendMessageSetters,
};
use teloxide_core::types::{ChatId, InlineKeyboardMarkup, MessageId, ParseMode, ThreadId};
use teloxide_core::{ApiError, Bot, RequestError};

use super::job::{Action, Job};
use super::options;
use super::queue::Claimed;
use super::queue_health::Stats;
use super::record::Outcome;
use super::text::Format;
use crate::telegram::api::{self, ErrorKind, kind_of};
use crate::telegram::budget::SendBudget;

/// Makes the delivery's next call: Telegram's id of the message it sent, if it sent one. `paid`:
/// a new message goes with `allow_paid_broadcast` (edits and deletions are not messages).
pub async fn perform(bot: &Bot, d: &Claimed, paid: bool) -> Result<Option<i64>, RequestError> {
    match d.job {
        Job::Send { part } => send(bot, d, part, paid).await.map(Some),
        Job::Edit { part, target } => edit(bot, d, part, target).await.map(|()| None),
        Job::Delete { target } => delete(bot, d.chat_id, target).await.map(|()| None),
        // The worker settles these without calling Telegram.
        Job::WaitForSend | Job::NothingDelivered => Ok(None),
    }
}

fn part(d: &Claimed, part: usize) -> String {
    d.parts.get(part).cloned().unwrap_or_default()
}

/// The buttons under the message (its URL buttons and its topic's Mute): on its last part only.
fn keyboard(d: &Claimed) -> Option<InlineKeyboardMarkup> {
    if !d.last {
        return None;
    }
    // Muting is a member's choice: a group or channel (negative id) gets no Mute button.
    let mute = d
        .delivery
        .mute
        .as_ref()
        .filter(|_| d.chat_id > 0)
        .map(|(topic, name)| {
            crate::i18n::in_lang(d.reader, || crate::buttons::mute_button(*topic, name))
        });
    options::keyboard(&d.delivery.options.buttons, mute)
}

async fn send(bot: &Bot, d: &Claimed, index: usize, paid: bool) -> Result<i64, RequestError> {
    let mut payload = SendMessage::new(ChatId(d.chat_id), part(d, index));
    if paid {
        payload = payload.allow_paid_broadcast(true);
    }
    if d.format == Format::Html {
        payload = payload.parse_mode(ParseMode::Html);
    }
    if d.silent {
        payload = payload.disable_notification(true);
    }
    if d.delivery.options.protect_content {
        payload = payload.protect_content(true);
    }
    if let Some(thread) = d.thread_id.and_then(|t| i32::try_from(t).ok()) {
        payload = payload.message_thread_id(ThreadId(MessageId(thread)));
    }
    if let Some(keyboard) = keyboard(d) {
        payload = payload.reply_markup(keyboard);
    }
    let sent = api::call(bot, &payload).await.map(|m| i64::from(m.id.0));
    if paid && sent.is_ok() {
        crate::metrics::get().paid_messages.inc();
    }
    sent
}

/// Replaces a sent part's text (and the buttons under the last). The same text again is done.
async fn edit(bot: &Bot, d: &Claimed, index: usize, target: i64) -> Result<(), RequestError> {
    let mut payload = EditMessageText::new(ChatId(d.chat_id), message_id(target), part(d, index));
    if d.format == Format::Html {
        payload = payload.parse_mode(ParseMode::Html);
    }
    if let Some(keyboard) = keyboard(d) {
        payload = payload.reply_markup(keyboard);
    }
    match api::call(bot, &payload).await {
        Ok(_) | Err(RequestError::Api(ApiError::MessageNotModified)) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Deletes a sent message; one already gone (the member deleted it) is done.
async fn delete(bot: &Bot, chat_id: i64, target: i64) -> Result<(), RequestError> {
    let payload = DeleteMessage::new(ChatId(chat_id), message_id(target));
    match api::call(bot, &payload).await {
        Ok(_) | Err(RequestError::Api(ApiError::MessageToDeleteNotFound)) => Ok(()),
        Err(e) => Err(e),
    }
}

fn message_id(id: i64) -> MessageId {
    MessageId(i32::try_from(id).unwrap_or(i32::MAX))
}

/// How retries back off: the shared `tasks::retry_delay` from `base`, at most ten minutes.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    pub base: Duration,
    pub max_attempts: i32,
}

/// How the worker sends: its retries, and whether bulk messages are paid broadcasts.
#[derive(Debug, Clone, Copy)]
pub struct SendPolicy {
    pub retry: RetryPolicy,
    pub paid: bool,
}

impl RetryPolicy {
    pub fn delay(&self, attempt: i32) -> Duration {
        let failures = u32::try_from(attempt).unwrap_or(1);
        crate::tasks::retry_delay(self.base, Duration::from_secs(600), failures)
    }
}

fn is_thread_gone(err: &RequestError) -> bool {
    matches!(err, RequestError::Api(e)
        if api_text(e).to_ascii_lowercase().contains("message thread not found"))
}

/// What an error means: the delivery's outcome, and a pause for all sending if Telegram asked.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub outcome: Outcome,
    pub pause_all: Option<Duration>,
    /// Network errors and 5xx: may mean Telegram is down.
    pub transient: bool,
}

impl Verdict {
    fn only(outcome: Outcome) -> Verdict {
        Verdict {
            outcome,
            pause_all: None,
            transient: false,
        }
    }
}

fn api_text(e: &ApiError) -> String {
    match e {
        ApiError::Unknown(text) => text.clone(),
        other => other.to_string(),
    }
}

/// A network error without its URL: the URL holds the bot token.
fn network_text(e: &RequestError) -> String {
    match e {
        RequestError::Network(e) if e.is_timeout() => {
            "network error: Telegram did not answer in time".into()
        }
        RequestError::Network(e) if e.is_connect() => {
            "network error: cannot connect to Telegram".into()
        }
        RequestError::Network(e) => match std::error::Error::source(e.as_ref()) {
            Some(source) => format!("network error: {source}"),
            None => "network error talking to Telegram".into(),
        },
        RequestError::Io(e) => format!("I/O error: {e}"),
        RequestError::InvalidJson { .. } => "Telegram's answer was not the JSON expected".into(),
        other => other.to_string(),
    }
}

/// Decides what a failed send means for a delivery that had failed `attempts` times before.
pub fn judge(err: &RequestError, attempts: i32, policy: &RetryPolicy) -> Verdict {
    let retry = |reason: String| {
        let attempt = attempts + 1;
        let outcome = if attempt >= policy.max_attempts {
            Outcome::Failed {
                reason: format!("{reason} (gave up after {attempt} attempts)"),
                unlink: false,
            }
        } else {
            Outcome::Retry {
                reason,
                after: policy.delay(attempt),
            }
        };
        Verdict {
            outcome,
            pause_all: None,
            transient: true,
        }
    };
    match err {
        RequestError::RetryAfter(secs) => {
            let wait = secs.duration().max(Duration::from_secs(1));
            Verdict {
                outcome: Outcome::Deferred {
                    after: wait,
                    reason: Some(format!("Telegram asked to wait {} s (429)", wait.as_secs())),
                },
                pause_all: Some(wait),
                transient: false,
            }
        }
        RequestError::MigrateToChatId(to) => Verdict::only(Outcome::Moved { new_chat_id: to.0 }),
        RequestError::Api(e) => match kind_of(e) {
            ErrorKind::Forbidden => Verdict::only(Outcome::Blocked {
                reason: api_text(e),
            }),
            ErrorKind::ChatGone => Verdict::only(Outcome::Failed {
                reason: api_text(e),
                unlink: true,
            }),
            ErrorKind::Permanent => Verdict::only(Outcome::Failed {
                reason: api_text(e),
                unlink: false,
            }),
            ErrorKind::Transient => retry(api_text(e)),
            // Every send would fail the same way: wait for the admin to fix the token, and do not
            // spend the delivery's attempts on it.
            ErrorKind::BadToken => {
                let wait = Duration::from_secs(60);
                let reason = "Telegram refused the bot token; check TELEGRAM_BOT_TOKEN".to_string();
                Verdict {
                    outcome: Outcome::Deferred {
                        after: wait,
                        reason: Some(reason),
                    },
                    pause_all: Some(wait),
                    transient: false,
                }
            }
        },
        other => retry(network_text(other)),
    }
}

/// One send and what it means; a 429 or an outage pauses all sending at once.
#[tracing::instrument(skip_all, fields(delivery_id = d.id, attempts = d.attempts))]
pub(super) async fn deliver(
    bot: &Bot,
    d: &Claimed,
    budget: &SendBudget,
    stats: &Stats,
    policy: &SendPolicy,
) -> Outcome {
    let result = perform(bot, d, policy.paid).await;
    stats.note_send();
    let err = match result {
        Ok(new_id) => {
            budget.note_success();
            let telegram_message_ids = d.sent_ids.iter().copied().chain(new_id).collect();
            return if d.last {
                Outcome::Sent {
                    telegram_message_ids,
                }
            } else {
                Outcome::Progress {
                    telegram_message_ids,
                }
            };
        }
        Err(e) => e,
    };
    // The member deleted the message from the chat: nothing left to edit, and nothing failed.
    if let (Job::Edit { .. }, RequestError::Api(ApiError::MessageToEditNotFound)) = (d.job, &err) {
        budget.note_success();
        return Outcome::Skipped {
            reason: "the message is no longer in the chat",
        };
    }
    // The group's admins deleted the forum topic: the general chat gets it instead.
    if matches!(d.job, Job::Send { .. }) && d.thread_id.is_some() && is_thread_gone(&err) {
        budget.note_success();
        tracing::info!(
            chat_id = d.chat_id,
            "the forum topic is gone; posting to the general chat"
        );
        return Outcome::ThreadGone;
    }
    let mut verdict = judge(&err, d.attempts, &policy.retry);
    // The old messages of a chat Telegram moved stay behind: nothing there to edit or delete.
    if d.action != Action::Send && matches!(verdict.outcome, Outcome::Moved { .. }) {
        verdict.outcome = Outcome::Failed {
            reason: "the group moved to a new chat; its old messages cannot be changed".into(),
            unlink: false,
        };
    }
    if let Some(pause) = verdict.pause_all {
        budget.pause(pause);
        tracing::warn!(
            pause_secs = pause.as_secs(),
            "Telegram asked us to pause all sending"
        );
    }
    if verdict.transient {
        if let Some(pause) = budget.note_transient_failure() {
            tracing::warn!(
                pause_secs = pause.as_secs(),
                "several sends failed in a row; pausing"
            );
        }
    } else {
        budget.note_success();
    }
    match &verdict.outcome {
        Outcome::Retry { reason, .. } | Outcome::Failed { reason, .. } => {
            tracing::info!(reason = %reason, "delivery not sent");
            stats.note_error(reason);
        }
        Outcome::Blocked { reason } => tracing::info!(reason = %reason, "the user blocked the bot"),
        Outcome::Deferred {
            reason: Some(reason),
            ..
        } => stats.note_error(reason),
        _ => {}
    }
    verdict.outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            base: Duration::from_secs(2),
            max_attempts: 3,
        }
    }

    fn api(e: ApiError) -> RequestError {
        RequestError::Api(e)
    }

    #[test]
    fn forbidden_answers_block_and_missing_chats_fail() {
        for e in [
            ApiError::BotBlocked,
            ApiError::UserDeactivated,
            ApiError::Unknown("Forbidden: bot was kicked".into()),
        ] {
            assert!(matches!(
                judge(&api(e), 0, &policy()).outcome,
                Outcome::Blocked { .. }
            ));
        }
        for e in [
            ApiError::ChatNotFound,
            ApiError::Unknown("Bad Request: chat not found".into()),
        ] {
            assert!(matches!(
                judge(&api(e), 0, &policy()).outcome,
                Outcome::Failed { unlink: true, .. }
            ));
        }
        let v = judge(&api(ApiError::MessageIsTooLong), 0, &policy());
        assert!(matches!(v.outcome, Outcome::Failed { unlink: false, .. }));
    }

    #[test]
    fn server_errors_retry_then_fail() {
        let bad_gateway = api(ApiError::Unknown("Bad Gateway".into()));
        let v = judge(&bad_gateway, 0, &policy());
        assert!(v.transient);
        match v.outcome {
            Outcome::Retry { after, .. } => {
                assert!(after >= Duration::from_secs(1) && after < Duration::from_secs(3))
            }
            other => panic!("{other:?}"),
        }
        let v = judge(&bad_gateway, 2, &policy());
        assert!(
            matches!(v.outcome, Outcome::Failed { ref reason, .. } if reason.contains("gave up after 3"))
        );
    }

    #[test]
    fn rate_limits_pause_everything_without_spending_attempts() {
        let v = judge(
            &RequestError::RetryAfter(teloxide_core::types::Seconds::from_seconds(7)),
            9,
            &policy(),
        );
        assert_eq!(v.pause_all, Some(Duration::from_secs(7)));
        assert!(matches!(v.outcome, Outcome::Deferred { .. }));
        let v = judge(&RequestError::MigrateToChatId(ChatId(-100)), 0, &policy());
        assert_eq!(v.outcome, Outcome::Moved { new_chat_id: -100 });
    }
}
