//! What the fake remembers about the bot's calls, and the failures a test can script.

use std::time::Instant;

use serde_json::Value;

/// One Bot API call as the fake received it.
#[derive(Debug, Clone)]
pub struct RecordedCall {
    /// Lower-cased method name (`"sendmessage"`), whatever case the client used.
    pub method: String,
    /// Parameters merged from the query string and the body. Form and multipart values stay
    /// strings, except fields Telegram reads as JSON (`reply_markup`, `allowed_updates`, …),
    /// which are decoded.
    pub params: Value,
    /// When the request arrived.
    pub at: Instant,
    pub outcome: CallOutcome,
}

impl RecordedCall {
    /// The HTTP status the fake answered, `None` when it dropped the connection.
    pub fn status(&self) -> Option<u16> {
        match &self.outcome {
            CallOutcome::Ok => Some(200),
            CallOutcome::Error { code, .. } => Some(*code),
            CallOutcome::Dropped => None,
        }
    }

    pub fn is_ok(&self) -> bool {
        matches!(self.outcome, CallOutcome::Ok)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallOutcome {
    Ok,
    Error {
        code: u16,
        description: String,
    },
    /// The connection was closed without an answer ([`Failure::NetworkDrop`]).
    Dropped,
}

/// A message the bot sent successfully with `sendMessage`.
#[derive(Debug, Clone)]
pub struct SentMessage {
    pub chat_id: i64,
    pub message_id: i64,
    /// The `text` parameter exactly as the bot sent it (markup included).
    pub text: String,
    /// What the user sees: HTML tags removed, entities decoded, whitespace trimmed.
    pub plain_text: String,
    pub parse_mode: Option<String>,
    pub reply_markup: Option<Value>,
    /// The forum topic it was posted in (`message_thread_id`), if any.
    pub message_thread_id: Option<i64>,
    /// Sent with `allow_paid_broadcast: true` (Bot API 7.11).
    pub paid: bool,
    pub at: Instant,
}

/// One button of an inline keyboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    pub text: String,
    pub callback_data: Option<String>,
    pub url: Option<String>,
}

impl SentMessage {
    /// The inline keyboard's buttons, row by row, left to right.
    pub fn buttons(&self) -> Vec<Button> {
        inline_buttons(self.reply_markup.as_ref())
    }

    /// The `callback_data` of the button labelled `label`, to hand to `press_button`.
    pub fn callback_data_for(&self, label: &str) -> Option<String> {
        self.buttons()
            .into_iter()
            .find(|b| b.text == label)
            .and_then(|b| b.callback_data)
    }
}

pub(crate) fn inline_buttons(markup: Option<&Value>) -> Vec<Button> {
    let rows = markup
        .and_then(|m| m.get("inline_keyboard"))
        .and_then(Value::as_array);
    let field = |b: &Value, k: &str| b.get(k).and_then(Value::as_str).map(str::to_owned);
    rows.into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
        .map(|b| Button {
            text: field(b, "text").unwrap_or_default(),
            callback_data: field(b, "callback_data"),
            url: field(b, "url"),
        })
        .collect()
}

/// A successful `editMessageText` or `editMessageReplyMarkup`.
#[derive(Debug, Clone)]
pub struct EditedMessage {
    pub chat_id: i64,
    pub message_id: i64,
    /// `None` when only the reply markup changed.
    pub text: Option<String>,
    pub parse_mode: Option<String>,
    pub reply_markup: Option<Value>,
    pub at: Instant,
}

/// A successful `answerCallbackQuery`.
#[derive(Debug, Clone)]
pub struct CallbackAnswer {
    pub callback_query_id: String,
    pub text: Option<String>,
    pub show_alert: bool,
    pub url: Option<String>,
    pub at: Instant,
}

/// The webhook the bot registered with `setWebhook`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookInfo {
    pub url: String,
    pub secret_token: Option<String>,
    /// `None` when the bot never said which updates it wants (Telegram's default set applies).
    pub allowed_updates: Option<Vec<String>>,
    pub max_connections: Option<u32>,
}

/// An answer a test can force on the bot's next calls ([`super::FakeTelegram::fail_next`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// 429 with `parameters.retry_after`.
    TooManyRequests { retry_after: u32 },
    /// 403 "Forbidden: bot was blocked by the user".
    Blocked,
    /// 400 "Bad Request: chat not found".
    ChatNotFound,
    /// A 5xx status. Note that teloxide-core sleeps 10 s after any 5xx before returning.
    ServerError(u16),
    /// 400 with `parameters.migrate_to_chat_id`.
    MigrateToChat(i64),
    /// Close the connection without answering; the client sees a network error and
    /// nothing happened.
    NetworkDrop,
    /// Do the call, then close the connection instead of answering: the message is sent but
    /// the bot sees a network error (what makes a naive retry send twice).
    ResponseLost,
    /// Do the call, then answer this 5xx status instead of its result: the message is sent but
    /// the bot sees a server error (a gateway that lost Telegram's answer).
    SentThenServerError(u16),
    /// Any other Bot API error, e.g. `Other { code: 400, description: "Bad Request: …".into() }`.
    Other { code: u16, description: String },
}

/// A Bot API error answer: `{"ok":false,"error_code":…,"description":…,"parameters":…}`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ApiError {
    pub code: u16,
    pub description: String,
    pub parameters: Option<Value>,
}

impl ApiError {
    pub fn new(code: u16, description: impl Into<String>) -> Self {
        ApiError {
            code,
            description: description.into(),
            parameters: None,
        }
    }

    pub fn bad_request(detail: &str) -> Self {
        Self::new(400, format!("Bad Request: {detail}"))
    }

    pub fn too_many_requests(retry_after: u32) -> Self {
        ApiError {
            code: 429,
            description: format!("Too Many Requests: retry after {retry_after}"),
            parameters: Some(serde_json::json!({ "retry_after": retry_after })),
        }
    }

    pub fn blocked() -> Self {
        Self::new(403, "Forbidden: bot was blocked by the user")
    }

    pub fn chat_not_found() -> Self {
        Self::bad_request("chat not found")
    }

    /// A basic group that became a supergroup: the bot should send to `to` instead.
    pub fn migrated(to: i64) -> Self {
        ApiError {
            code: 400,
            description: "Bad Request: group chat was upgraded to a supergroup chat".into(),
            parameters: Some(serde_json::json!({ "migrate_to_chat_id": to })),
        }
    }
}

/// How the fake answers one call.
#[derive(Debug, Clone)]
pub(crate) enum Reply {
    Ok(Value),
    /// Success with Telegram's optional `description` next to the result (setWebhook does this).
    OkDescribed(Value, &'static str),
    Err(ApiError),
    Drop,
}

impl From<ApiError> for Reply {
    fn from(e: ApiError) -> Self {
        Reply::Err(e)
    }
}

impl From<&Failure> for Reply {
    fn from(f: &Failure) -> Self {
        match f {
            Failure::TooManyRequests { retry_after } => {
                ApiError::too_many_requests(*retry_after).into()
            }
            Failure::Blocked => ApiError::blocked().into(),
            Failure::ChatNotFound => ApiError::chat_not_found().into(),
            Failure::ServerError(code) | Failure::SentThenServerError(code) => {
                let text = match code {
                    502 => "Bad Gateway",
                    503 => "Service Unavailable",
                    504 => "Gateway Timeout",
                    _ => "Internal Server Error",
                };
                ApiError::new(*code, text).into()
            }
            Failure::MigrateToChat(to) => ApiError::migrated(*to).into(),
            Failure::NetworkDrop | Failure::ResponseLost => Reply::Drop,
            Failure::Other { code, description } => {
                ApiError::new(*code, description.clone()).into()
            }
        }
    }
}
