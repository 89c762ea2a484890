//! Calls to the Bot API on the hot paths (replies, deliveries, edits): teloxide-core's payload
//! and result types and its typed errors, but not its `Bot` request path, which sleeps 10 s inside
//! any call answered 5xx and so would hold a handler or a sending slot; here a 5xx costs only the
//! caller's backoff. Every call is timed and counted in the metrics.
use std::time::Instant;

use serde::Serialize;
use serde::de::DeserializeOwned;
use teloxide_core::payloads::{
    AnswerCallbackQuery, AnswerCallbackQuerySetters, EditMessageReplyMarkup,
    EditMessageReplyMarkupSetters, EditMessageText, EditMessageTextSetters, SendMessage,
    SendMessageSetters,
};
use teloxide_core::requests::Payload;
use teloxide_core::types::{
    ChatId, InlineKeyboardMarkup, Message, MessageId, ParseMode, ResponseParameters, ThreadId,
};
use teloxide_core::{ApiError, Bot, RequestError};

use crate::metrics::{self, CallOutcome};
use crate::telegram::budget::SendBudget;
use crate::telegram::client::retry_after;

/// Tries of a reply that meets a 429, a 5xx or a network error, before it is given up: with one
/// call in five failing at random, one reply in 3,000 still fails after five.
const REPLY_TRIES: u32 = 5;

/// The longest wait between two tries of a reply: the user is waiting.
const REPLY_RETRY_MAX: std::time::Duration = std::time::Duration::from_secs(2);

/// Sends an HTML message to a chat as a reply: ahead of bulk traffic, within the chat's limit.
/// A 429 pauses all sending for its retry_after; 429s, 5xx and network errors are tried again a
/// couple of times (the user is waiting), other refusals are returned at once.
pub async fn send_html(
    bot: &Bot,
    budget: &SendBudget,
    chat_id: i64,
    text: String,
    keyboard: Option<InlineKeyboardMarkup>,
) -> Result<Message, RequestError> {
    let mut payload = SendMessage::new(ChatId(chat_id), text).parse_mode(ParseMode::Html);
    if let Some(keyboard) = keyboard {
        payload = payload.reply_markup(keyboard);
    }
    as_reply(budget, chat_id, || call(bot, &payload)).await
}

/// `send_html` into a forum topic (`message_thread_id`), e.g. the answer to a command sent there.
pub async fn send_html_in_topic(
    bot: &Bot,
    budget: &SendBudget,
    chat_id: i64,
    thread: ThreadId,
    text: String,
) -> Result<Message, RequestError> {
    let payload = SendMessage::new(ChatId(chat_id), text)
        .parse_mode(ParseMode::Html)
        .message_thread_id(thread);
    as_reply(budget, chat_id, || call(bot, &payload)).await
}

/// Replaces the text of a message the bot sent; without a keyboard its buttons go away.
pub async fn edit_html(
    bot: &Bot,
    budget: &SendBudget,
    chat_id: i64,
    message_id: MessageId,
    text: String,
    keyboard: Option<InlineKeyboardMarkup>,
) -> Result<Message, RequestError> {
    let mut payload =
        EditMessageText::new(ChatId(chat_id), message_id, text).parse_mode(ParseMode::Html);
    if let Some(keyboard) = keyboard {
        payload = payload.reply_markup(keyboard);
    }
    as_reply(budget, chat_id, || call(bot, &payload)).await
}

/// Replaces only the buttons under a message the bot sent (its text stays as the user saw it).
pub async fn edit_keyboard(
    bot: &Bot,
    budget: &SendBudget,
    chat_id: i64,
    message_id: MessageId,
    keyboard: InlineKeyboardMarkup,
) -> Result<Message, RequestError> {
    let payload = EditMessageReplyMarkup::new(ChatId(chat_id), message_id).reply_markup(keyboard);
    as_reply(budget, chat_id, || call(bot, &payload)).await
}

/// Answers a button press (the toast); not a message, so outside the chat's budget.
pub async fn answer_button(
    bot: &Bot,
    query_id: teloxide_core::types::CallbackQueryId,
    toast: &str,
) -> Result<(), RequestError> {
    let payload = AnswerCallbackQuery::new(query_id).text(toast);
    call(bot, &payload).await.map(drop)
}

async fn as_reply<T, F, Fut>(
    budget: &SendBudget,
    chat_id: i64,
    mut send: F,
) -> Result<T, RequestError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, RequestError>>,
{
    let mut tries = 0;
    loop {
        budget.reply_turn(chat_id).await;
        tries += 1;
        let err = match send().await {
            Ok(v) => {
                budget.note_success();
                return Ok(v);
            }
            Err(e) => e,
        };
        let transient = match &err {
            RequestError::RetryAfter(_) => {
                budget.pause(retry_after(&err).max(std::time::Duration::from_secs(1)));
                true
            }
            // At least once, like deliveries: a connection that failed, dropped or timed out
            // may or may not have reached Telegram, and a reply shown twice beats one never
            // shown.
            RequestError::Network(_) | RequestError::Io(_) => true,
            RequestError::InvalidJson { .. } => true,
            RequestError::Api(e) => kind_of(e) == ErrorKind::Transient,
            _ => false,
        };
        if !transient || tries >= REPLY_TRIES {
            return Err(err);
        }
        if !matches!(err, RequestError::RetryAfter(_)) {
            budget.note_transient_failure();
            let delay =
                crate::tasks::retry_delay(crate::tasks::RETRY_FIRST, REPLY_RETRY_MAX, tries);
            tokio::time::sleep(delay).await;
        }
    }
}

/// Telegram's answer: `{"ok": true, "result": …}` or `{"ok": false, "description": …}`.
#[derive(serde::Deserialize)]
struct Answer<T> {
    ok: bool,
    result: Option<T>,
    description: Option<String>,
    parameters: Option<ResponseParameters>,
}

/// Sends `payload` as JSON to its method and parses the answer into teloxide's types.
pub async fn call<P>(bot: &Bot, payload: &P) -> Result<P::Output, RequestError>
where
    P: Payload + Serialize,
    P::Output: DeserializeOwned,
{
    call_as(bot, payload).await
}

/// Like `call`, with the result read as `T`: the long poller takes updates as plain JSON, to
/// store them as Telegram sent them.
pub async fn call_as<P, T>(bot: &Bot, payload: &P) -> Result<T, RequestError>
where
    P: Payload + Serialize,
    T: DeserializeOwned,
{
    let started = Instant::now();
    let result = send(bot, payload).await;
    metrics::get().observe_call(P::NAME, outcome_of(&result), started.elapsed());
    result
}

async fn send<P, T>(bot: &Bot, payload: &P) -> Result<T, RequestError>
where
    P: Payload + Serialize,
    T: DeserializeOwned,
{
    let mut url = bot.api_url();
    if let Ok(mut segments) = url.path_segments_mut() {
        segments.push(&format!("bot{}", bot.token()));
        segments.push(P::NAME);
    }
    let body = serde_json::to_vec(payload).map_err(|e| RequestError::InvalidJson {
        source: std::sync::Arc::new(e),
        raw: "(the request could not be encoded)".into(),
    })?;
    let response = bot
        .client()
        .post(url)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await?;
    let text = response.text().await?;
    parse(&text)
}

fn parse<T: DeserializeOwned>(text: &str) -> Result<T, RequestError> {
    let invalid = |e: serde_json::Error| RequestError::InvalidJson {
        source: std::sync::Arc::new(e),
        raw: text.chars().take(200).collect::<String>().into(),
    };
    let answer: Answer<T> = serde_json::from_str(text).map_err(invalid)?;
    match answer {
        Answer {
            ok: true,
            result: Some(result),
            ..
        } => Ok(result),
        Answer {
            parameters: Some(ResponseParameters::RetryAfter(s)),
            ..
        } => Err(RequestError::RetryAfter(s)),
        Answer {
            parameters: Some(ResponseParameters::MigrateToChatId(to)),
            ..
        } => Err(RequestError::MigrateToChatId(to)),
        Answer { description, .. } => {
            let description = description.unwrap_or_default();
            // teloxide's ApiError parses Telegram's description texts; unknown ones keep theirs.
            let error =
                serde_json::from_value::<ApiError>(serde_json::Value::String(description.clone()))
                    .unwrap_or(ApiError::Unknown(description));
            Err(RequestError::Api(error))
        }
    }
}

/// What a refusal from Telegram means, read from teloxide's `ApiError` (which files several
/// answers under `Unknown` and drops the HTTP status, so the description text is matched too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// 403: the user blocked the bot, or it cannot write to them.
    Forbidden,
    /// The chat or user is gone.
    ChatGone,
    /// The bot token is wrong: every call would fail the same way.
    BadToken,
    /// 5xx, 429 without retry_after, anything new: worth another try.
    Transient,
    /// Any other refusal (400): trying again changes nothing.
    Permanent,
}

pub fn kind_of(e: &ApiError) -> ErrorKind {
    use ApiError as E;
    match e {
        E::BotBlocked
        | E::BotKicked
        | E::BotKickedFromSupergroup
        | E::BotKickedFromChannel
        | E::UserDeactivated
        | E::CantInitiateConversation
        | E::CantTalkWithBots => ErrorKind::Forbidden,
        E::ChatNotFound | E::UserNotFound | E::GroupDeactivated => ErrorKind::ChatGone,
        E::InvalidToken => ErrorKind::BadToken,
        E::Unknown(text) => kind_of_text(text),
        _ => ErrorKind::Permanent,
    }
}

fn kind_of_text(text: &str) -> ErrorKind {
    let t = text.to_ascii_lowercase();
    if t.starts_with("forbidden") || t.starts_with("unauthorized:") {
        ErrorKind::Forbidden
    } else if [
        "chat not found",
        "user not found",
        "peer_id_invalid",
        "group is deactivated",
    ]
    .iter()
    .any(|p| t.contains(p))
    {
        ErrorKind::ChatGone
    } else if t == "unauthorized" || t == "not found" {
        ErrorKind::BadToken
    } else if t.starts_with("bad request") {
        ErrorKind::Permanent
    } else {
        // 5xx ("Internal Server Error", "Bad Gateway", …), 429 without retry_after, and anything
        // new: worth another try, and failed for good after the last one.
        ErrorKind::Transient
    }
}

fn outcome_of<T>(result: &Result<T, RequestError>) -> CallOutcome {
    match result {
        Ok(_) => CallOutcome::ok,
        Err(RequestError::RetryAfter(_)) => CallOutcome::rate_limited,
        Err(RequestError::Api(e)) => match kind_of(e) {
            ErrorKind::Forbidden => CallOutcome::forbidden,
            ErrorKind::Transient => CallOutcome::server_error,
            ErrorKind::ChatGone | ErrorKind::BadToken | ErrorKind::Permanent => {
                CallOutcome::refused
            }
        },
        Err(RequestError::MigrateToChatId(_)) => CallOutcome::refused,
        Err(RequestError::InvalidJson { .. }) => CallOutcome::server_error,
        Err(RequestError::Network(_) | RequestError::Io(_)) => CallOutcome::network,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_become_teloxide_results_and_errors() {
        let ok: Result<bool, _> = parse(r#"{"ok":true,"result":true}"#);
        assert!(ok.unwrap());
        let blocked: Result<bool, _> = parse(
            r#"{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}"#,
        );
        assert!(matches!(
            blocked,
            Err(RequestError::Api(ApiError::BotBlocked))
        ));
        let slow: Result<bool, _> = parse(
            r#"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}"#,
        );
        assert!(matches!(slow, Err(RequestError::RetryAfter(s)) if s.seconds() == 7));
        let gateway: Result<bool, _> =
            parse(r#"{"ok":false,"error_code":502,"description":"Bad Gateway"}"#);
        assert!(
            matches!(&gateway, Err(RequestError::Api(ApiError::Unknown(t))) if t == "Bad Gateway")
        );
        assert_eq!(outcome_of(&gateway), CallOutcome::server_error);
        assert_eq!(outcome_of(&blocked), CallOutcome::forbidden);
        let html: Result<bool, _> = parse("<html>502 Bad Gateway</html>");
        assert!(matches!(html, Err(RequestError::InvalidJson { .. })));
    }
}
