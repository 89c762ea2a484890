//! The sandbox's JSON API: create simulated Telegram users and act as them (write to the bot,
//! press its buttons, block it), and read their chats as Telegram shows them. The chat page uses
//! it, and so can a site's own end-to-end tests. Errors are `{"error": "…"}` with the status:
//! 404 unknown user, 422 a bad field (named), 409 a state that forbids it, 403 another site.
use actix_web::error::{InternalError, JsonPayloadError};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError, get, post, web};
use serde_json::{Map, Value, json};
use telegram_fake::{ChatMessage, FakeUser};

use crate::sandbox::{Sandbox, same_origin};

/// The largest body the API reads: a message is at most 4096 characters.
const BODY_LIMIT: usize = 32 * 1024;
/// Ids the sandbox picks for new users start here (seeded users sit below).
const FIRST_PICKED_ID: i64 = 700_000_101;
/// Telegram's user ids fit in 52 bits.
const MAX_USER_ID: i64 = (1 << 52) - 1;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/sandbox/api")
            .app_data(
                web::JsonConfig::default()
                    .limit(BODY_LIMIT)
                    .error_handler(json_error),
            )
            .wrap(actix_web::middleware::from_fn(refuse_other_sites))
            .service(list_users)
            .service(create_user)
            .service(messages)
            .service(send_message)
            .service(press)
            .service(block)
            .service(unblock)
            .default_service(web::to(|| async {
                SandboxError::NotFound("no such sandbox API endpoint".into()).error_response()
            })),
    );
}

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Conflict(String),
    #[error("the sandbox API takes changes only from this site's pages")]
    OtherSite,
    /// tglink did not take the update (its webhook answered an error, or did not answer).
    #[error("{0}")]
    NotDelivered(String),
}

impl ResponseError for SandboxError {
    fn status_code(&self) -> StatusCode {
        match self {
            SandboxError::NotFound(_) => StatusCode::NOT_FOUND,
            SandboxError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            SandboxError::Conflict(_) => StatusCode::CONFLICT,
            SandboxError::OtherSite => StatusCode::FORBIDDEN,
            SandboxError::NotDelivered(_) => StatusCode::BAD_GATEWAY,
        }
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status_code()).json(json!({ "error": self.to_string() }))
    }
}

async fn refuse_other_sites(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    if !same_origin::allowed(req.request()) {
        let response = SandboxError::OtherSite.error_response();
        return Ok(req.into_response(response));
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

fn json_error(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let error = match &err {
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            SandboxError::Invalid(format!("the body is larger than {} KB", BODY_LIMIT / 1024))
        }
        JsonPayloadError::ContentType => SandboxError::Invalid(
            "send the body as JSON with Content-Type: application/json".into(),
        ),
        JsonPayloadError::Deserialize(e) => {
            SandboxError::Invalid(format!("the body is not a JSON object: {e}"))
        }
        other => SandboxError::Invalid(format!("cannot read the body: {other}")),
    };
    InternalError::from_response(err, error.error_response()).into()
}

/// A JSON object body, read field by field so that each error names its field.
struct Fields(Map<String, Value>);

impl Fields {
    fn new(body: Map<String, Value>, known: &[&str]) -> Result<Fields, SandboxError> {
        if let Some(unknown) = body.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(SandboxError::Invalid(format!(
                "{unknown}: unknown field (expected {})",
                known.join(", ")
            )));
        }
        Ok(Fields(body))
    }

    fn string(&self, name: &str) -> Result<Option<String>, SandboxError> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(invalid(name, "must be a string")),
        }
    }

    fn required_string(&self, name: &str) -> Result<String, SandboxError> {
        self.string(name)?
            .ok_or_else(|| invalid(name, "is required"))
    }

    fn int(&self, name: &str) -> Result<Option<i64>, SandboxError> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v
                .as_i64()
                .map(Some)
                .ok_or_else(|| invalid(name, "must be a whole number")),
        }
    }
}

fn invalid(field: &str, problem: &str) -> SandboxError {
    SandboxError::Invalid(format!("{field}: {problem}"))
}

/// A user as the API shows it.
fn user_json(user: &FakeUser) -> Value {
    let conversation = user.conversation();
    json!({
        "id": user.id,
        "first_name": user.first_name,
        "username": user.username,
        "blocked": user.has_blocked_bot(),
        "messages": conversation.len(),
    })
}

fn message_json(m: &ChatMessage) -> Value {
    let buttons: Vec<Vec<Value>> = m
        .buttons
        .iter()
        .map(|row| {
            row.iter()
                .map(|b| {
                    let mut button = json!({ "text": b.text });
                    if let Some(data) = &b.callback_data {
                        button["callback_data"] = json!(data);
                    }
                    if let Some(url) = &b.url {
                        button["url"] = json!(url);
                    }
                    button
                })
                .collect()
        })
        .collect();
    json!({
        "id": m.message_id,
        "from": if m.from_bot { "bot" } else { "user" },
        "date": m.date,
        "edit_date": m.edit_date,
        // Telegram's apps mark only text edits "edited", not a changed keyboard.
        "edited": m.text_edited,
        "text": m.text,
        "entities": m.entities,
        "buttons": buttons,
    })
}

fn find_user(sandbox: &Sandbox, id: &str) -> Result<FakeUser, SandboxError> {
    id.parse::<i64>()
        .ok()
        .and_then(|id| sandbox.telegram.user(id))
        .ok_or_else(|| SandboxError::NotFound(format!("there is no simulated user {id}")))
}

fn not_blocked(user: &FakeUser) -> Result<(), SandboxError> {
    if user.has_blocked_bot() {
        return Err(SandboxError::Conflict(
            "this user has blocked the bot; unblock it first".into(),
        ));
    }
    Ok(())
}

/// What delivering an update to tglink came to: its webhook's answer, or queued for polling.
fn delivered(outcome: anyhow::Result<Option<u16>>) -> Result<(), SandboxError> {
    match outcome {
        Ok(None) => Ok(()),
        Ok(Some(status)) if (200..300).contains(&status) => Ok(()),
        Ok(Some(status)) => Err(SandboxError::NotDelivered(format!(
            "tglink answered the update with HTTP {status}"
        ))),
        Err(e) => Err(SandboxError::NotDelivered(format!(
            "the update did not reach tglink: {e:#}"
        ))),
    }
}

#[get("/users")]
async fn list_users(sandbox: web::Data<Sandbox>) -> HttpResponse {
    let users: Vec<Value> = sandbox.telegram.users().iter().map(user_json).collect();
    HttpResponse::Ok().json(json!({ "bot": sandbox.telegram.bot_username(), "users": users }))
}

/// `{"id"?, "first_name", "username"?}`: a new simulated Telegram user (the sandbox picks the id
/// when none is given).
#[post("/users")]
async fn create_user(
    sandbox: web::Data<Sandbox>,
    body: web::Json<Map<String, Value>>,
) -> Result<HttpResponse, SandboxError> {
    let fields = Fields::new(body.into_inner(), &["id", "first_name", "username"])?;
    let first_name = fields.required_string("first_name")?;
    let first_name = first_name.trim();
    let length = first_name.chars().count();
    if length == 0 || length > 64 || first_name.chars().any(char::is_control) {
        return Err(invalid("first_name", "must be 1-64 characters"));
    }
    let username = fields
        .string("username")?
        .map(|u| u.trim().trim_start_matches('@').to_owned())
        .filter(|u| !u.is_empty());
    if let Some(name) = &username
        && !is_telegram_username(name)
    {
        return Err(invalid(
            "username",
            "must be 5-32 of a-z, 0-9 and _, starting with a letter",
        ));
    }
    let fake = &sandbox.telegram;
    let users = fake.users();
    let bot_id = fake.bot().id;
    let id = match fields.int("id")? {
        Some(id) if !(1..=MAX_USER_ID).contains(&id) => {
            return Err(invalid("id", "must be a positive Telegram user id"));
        }
        Some(id) if id == bot_id => return Err(invalid("id", "is the bot's own id")),
        Some(id) => id,
        None => users
            .iter()
            .map(|u| u.id + 1)
            .max()
            .unwrap_or(FIRST_PICKED_ID)
            .max(FIRST_PICKED_ID),
    };
    if users.iter().any(|u| u.id == id) {
        return Err(SandboxError::Conflict(format!(
            "a simulated user with id {id} exists"
        )));
    }
    if let Some(name) = &username
        && users.iter().any(|u| {
            u.username
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
    {
        return Err(SandboxError::Conflict(format!(
            "username: @{name} is taken by another simulated user"
        )));
    }
    let user = fake.add_user(id, first_name, username.as_deref());
    tracing::info!(id, "sandbox: simulated user created");
    Ok(HttpResponse::Created().json(user_json(&user)))
}

/// Telegram's rule for usernames.
fn is_telegram_username(name: &str) -> bool {
    (5..=32).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The chat with the bot as this user's Telegram shows it, oldest message first.
#[get("/users/{id}/messages")]
async fn messages(
    sandbox: web::Data<Sandbox>,
    id: web::Path<String>,
) -> Result<HttpResponse, SandboxError> {
    let user = find_user(&sandbox, &id)?;
    let messages: Vec<Value> = user.conversation().iter().map(message_json).collect();
    Ok(HttpResponse::Ok().json(json!({ "user": user_json(&user), "messages": messages })))
}

/// `{"text"}`: the user writes to the bot (`/start <token>` follows a deep link).
#[post("/users/{id}/messages")]
async fn send_message(
    sandbox: web::Data<Sandbox>,
    id: web::Path<String>,
    body: web::Json<Map<String, Value>>,
) -> Result<HttpResponse, SandboxError> {
    let user = find_user(&sandbox, &id)?;
    let fields = Fields::new(body.into_inner(), &["text"])?;
    let text = fields.required_string("text")?;
    let length = text.chars().count();
    if text.trim().is_empty() || length > 4096 {
        return Err(invalid("text", "must be 1-4096 characters"));
    }
    not_blocked(&user)?;
    let update = user.message(&text);
    let message_id = update.pointer("/message/message_id").cloned();
    delivered(sandbox.telegram.send_update(update).await)?;
    Ok(HttpResponse::Accepted().json(json!({ "id": message_id })))
}

/// `{"button": "<label>"}`: presses the button with that label on the newest bot message that
/// has one.
#[post("/users/{id}/press")]
async fn press(
    sandbox: web::Data<Sandbox>,
    id: web::Path<String>,
    body: web::Json<Map<String, Value>>,
) -> Result<HttpResponse, SandboxError> {
    let user = find_user(&sandbox, &id)?;
    let fields = Fields::new(body.into_inner(), &["button"])?;
    let label = fields.required_string("button")?;
    let target = user
        .conversation()
        .into_iter()
        .rev()
        .filter(|m| m.from_bot)
        .find_map(|m| {
            let button = m.buttons.iter().flatten().find(|b| b.text == label)?;
            Some((m.message_id, button.clone()))
        });
    let Some((message_id, button)) = target else {
        return Err(invalid(
            "button",
            &format!("no message in the chat has a button labelled {label:?}"),
        ));
    };
    if button.callback_data.is_none() {
        let url = button.url.unwrap_or_default();
        return Err(invalid(
            "button",
            &format!("{label:?} opens a link ({url}); there is nothing to press"),
        ));
    }
    not_blocked(&user)?;
    let pressed_at = std::time::Instant::now();
    delivered(user.press(&label).await)?;
    let answer = answer_to(&sandbox, user.id, pressed_at).await;
    Ok(HttpResponse::Accepted().json(json!({ "message_id": message_id, "answer": answer })))
}

/// How long a press waits for the bot's `answerCallbackQuery` (its toast) before answering
/// without one; the bot answers within a moment, or not at all.
const ANSWER_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

/// The bot's answer to this user's press made at `pressed_at` (`{"text", "show_alert"}`), as
/// the app shows it: a toast, or an alert. `null` when it did not answer in time or said nothing.
async fn answer_to(sandbox: &Sandbox, user_id: i64, pressed_at: std::time::Instant) -> Value {
    // The fake's query ids are the user's id followed by a 7-digit counter.
    let prefix = user_id.unsigned_abs().to_string();
    let mine = move |a: &telegram_fake::CallbackAnswer| {
        a.at >= pressed_at
            && a.callback_query_id.len() == prefix.len() + 7
            && a.callback_query_id.starts_with(&prefix)
    };
    let fake = &sandbox.telegram;
    let _ = fake
        .wait_until(ANSWER_WAIT, |f| f.callback_answers().iter().any(&mine))
        .await;
    fake.callback_answers()
        .into_iter()
        .find(|a| mine(a))
        .and_then(|a| a.text.filter(|t| !t.is_empty()).map(|t| (t, a.show_alert)))
        .map_or(
            Value::Null,
            |(text, alert)| json!({ "text": text, "show_alert": alert }),
        )
}

/// The user blocks the bot: tglink hears `my_chat_member` (kicked) and its sends get 403.
#[post("/users/{id}/block")]
async fn block(
    sandbox: web::Data<Sandbox>,
    id: web::Path<String>,
) -> Result<HttpResponse, SandboxError> {
    let user = find_user(&sandbox, &id)?;
    if !user.has_blocked_bot() {
        delivered(user.block().await)?;
    }
    Ok(HttpResponse::Ok().json(user_json(&user)))
}

#[post("/users/{id}/unblock")]
async fn unblock(
    sandbox: web::Data<Sandbox>,
    id: web::Path<String>,
) -> Result<HttpResponse, SandboxError> {
    let user = find_user(&sandbox, &id)?;
    if user.has_blocked_bot() {
        delivered(user.unblock().await)?;
    }
    Ok(HttpResponse::Ok().json(user_json(&user)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn usernames_follow_telegram() {
        for ok in ["alice", "Bob_99", "a2345"] {
            assert!(super::is_telegram_username(ok), "{ok}");
        }
        for bad in [
            "abcd",
            "1alice",
            "_alice",
            "al ice",
            "alice!",
            &"a".repeat(33),
        ] {
            assert!(!super::is_telegram_username(bad), "{bad}");
        }
    }
}
