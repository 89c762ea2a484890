//! `POST /api/v1/notifications` queues a message to one user; `GET /api/v1/notifications/{id}`
//! reports what became of it; `PATCH` edits it in place and `DELETE` retracts it, in the chat too.
//! Same queue and limits as broadcasts, ahead of them in line.
use actix_web::http::header::HeaderMap;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use serde::Deserialize;
use std::collections::BTreeMap;

use super::ApiError;
use super::api_tokens::ApiClient;
use crate::accounts::subscribers::ExternalId;
use crate::db::{self, Pool};
use crate::delivery::edits::{self, Owner, Refused};
use crate::delivery::options::{self, MAX_BUTTONS, SendOptions, UrlButton};
use crate::delivery::report;
use crate::delivery::store::{self, Notify, Recipient};
use crate::delivery::text::{Format, MessageText};
use crate::delivery::variants::Variants;
use crate::topics::{self, Topic};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotifyRequest {
    /// Exactly one of `username` (a tglink account) and `external_id` (the site's own id).
    username: Option<String>,
    external_id: Option<String>,
    text: String,
    #[serde(default)]
    format: Format,
    /// A topic's name (any case): only sent if the user receives that topic.
    topic: Option<String>,
    #[serde(default)]
    silent: bool,
    #[serde(default)]
    protect_content: bool,
    #[serde(default)]
    buttons: Vec<ButtonRequest>,
    /// When to send it (RFC 3339 with an offset); at once without.
    send_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// A variant per language tag (`"es": "…"`): what members of that language get.
    #[serde(default)]
    translations: BTreeMap<String, String>,
}

/// The variants of a request, checked like its text; an error names `translations.<tag>`.
fn translations(raw: &BTreeMap<String, String>, format: Format) -> Result<Variants, ApiError> {
    let pairs = raw.iter().map(|(tag, text)| (tag.as_str(), text.as_str()));
    Variants::parse(pairs, format)
        .map_err(|(tag, e)| ApiError::Invalid(format!("translations.{tag}: {e}")))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ButtonRequest {
    text: String,
    url: String,
}

/// The delivery options, each error naming its field.
fn options(body: &NotifyRequest) -> Result<SendOptions, ApiError> {
    if body.buttons.len() > MAX_BUTTONS {
        return Err(ApiError::Invalid(format!(
            "buttons: at most {MAX_BUTTONS} buttons"
        )));
    }
    let buttons = body
        .buttons
        .iter()
        .enumerate()
        .map(|(i, b)| {
            UrlButton::parse(&b.text, &b.url)
                .map_err(|e| ApiError::Invalid(format!("buttons[{i}]: {e}")))
        })
        .collect::<Result<_, _>>()?;
    let send_at = body
        .send_at
        .map(|t| options::check_send_at(t.naive_utc()))
        .transpose()
        .map_err(|e| ApiError::Invalid(format!("send_at: {e}")))?;
    Ok(SendOptions {
        silent: body.silent,
        protect_content: body.protect_content,
        buttons,
        send_at,
        to_groups: false,
        variants: Variants::default(),
    })
}

/// An optional `Idempotency-Key` header: a retried request with the same key queues nothing new.
fn idempotency_key(headers: &HeaderMap, token_id: i64) -> Result<Option<String>, ApiError> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = value.to_str().map(str::trim).unwrap_or("");
    if key.is_empty() || key.len() > 200 {
        return Err(ApiError::Invalid(
            "Idempotency-Key must be 1-200 visible ASCII characters".into(),
        ));
    }
    // Scoped to the token, so two services cannot collide.
    Ok(Some(format!("api:{token_id}:{key}")))
}

#[post("/notifications")]
#[tracing::instrument(skip_all, fields(token_id = client.token_id))]
pub async fn create(
    client: ApiClient,
    req: HttpRequest,
    pool: web::Data<Pool>,
    body: web::Json<serde_json::Value>,
) -> Result<HttpResponse, ApiError> {
    let body: NotifyRequest = super::from_json(body.into_inner())?;
    let to = match (&body.username, &body.external_id) {
        (Some(_), Some(_)) => {
            return Err(ApiError::Invalid(
                "send either username or external_id, not both".into(),
            ));
        }
        (None, None) => {
            return Err(ApiError::Invalid(
                "missing field: username or external_id".into(),
            ));
        }
        (Some(name), None) if name.trim().is_empty() => {
            return Err(ApiError::Invalid("username is empty".into()));
        }
        (Some(name), None) => To::Username(name.clone()),
        (None, Some(id)) => To::External(
            ExternalId::parse(id).map_err(|e| ApiError::Invalid(format!("external_id: {e}")))?,
        ),
    };
    let text = MessageText::parse(&body.text, body.format)
        .map_err(|e| ApiError::Invalid(format!("text: {e}")))?;
    let variants = translations(&body.translations, body.format)?;
    let options = SendOptions {
        variants,
        ..options(&body)?
    };
    let key = idempotency_key(req.headers(), client.token_id)?;
    let token_id = client.token_id;
    let topic_name = body.topic;
    let by_external = matches!(to, To::External(_));
    let outcome = db::run(&pool, move |conn| {
        let recipient = match &to {
            To::Username(name) => Recipient::Username(name),
            To::External(id) => Recipient::External(id.as_str()),
        };
        let topic = match topic_name.as_deref() {
            None => None,
            Some(name) => match topics::find_by_name(conn, name)? {
                Some(topic) => Some(topic),
                None => {
                    return Ok(Err(ApiError::Invalid(
                        "topic: there is no topic with this name".into(),
                    )));
                }
            },
        };
        store::enqueue_notification(
            conn,
            token_id,
            recipient,
            &text,
            key.as_deref(),
            topic.as_ref().map(Topic::rule),
            &options,
        )
        .map(Ok)
    })
    .await??;
    match outcome {
        Notify::Queued(q) => {
            if q.created {
                tracing::info!(notification = q.id, "notification queued");
            }
            Ok(HttpResponse::Accepted().json(serde_json::json!({ "id": q.id })))
        }
        // A subscriber nobody linked yet is the same case as one that unlinked: not linked.
        Notify::UnknownUser | Notify::NotLinked if by_external => Err(ApiError::Conflict(
            "this external_id has no linked Telegram account".into(),
        )),
        Notify::UnknownUser => Err(ApiError::NotFound("no user with this username".into())),
        Notify::NotLinked => Err(ApiError::Conflict(
            "this user has not linked Telegram".into(),
        )),
        Notify::Disabled => Err(ApiError::Conflict("this account is disabled".into())),
        Notify::Muted => Err(ApiError::Conflict("this user has muted the topic".into())),
    }
}

/// The recipient as the request named it, parsed.
enum To {
    Username(String),
    External(ExternalId),
}

fn not_found() -> ApiError {
    ApiError::NotFound("no notification with this id".into())
}

/// The path's id; anything but a number is an id nobody has.
fn notification_id(id: &str) -> Result<i64, ApiError> {
    id.parse().map_err(|_| not_found())
}

#[get("/notifications/{id}")]
pub async fn status(
    client: ApiClient,
    pool: web::Data<Pool>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = notification_id(&id)?;
    let found = db::run(&pool, move |conn| {
        report::notification(conn, id, client.token_id)
    })
    .await?;
    Ok(HttpResponse::Ok().json(found.ok_or_else(not_found)?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditRequest {
    text: String,
    #[serde(default)]
    format: Format,
    /// New text for variants the notification has; the others stay as they were.
    #[serde(default)]
    translations: BTreeMap<String, String>,
}

/// Edits the notification: not sent yet, it goes out with the new text; sent, the message in the
/// chat is edited in place. 202 with its status (`change` tells how the edit stands).
#[patch("/notifications/{id}")]
#[tracing::instrument(skip_all, fields(token_id = client.token_id))]
pub async fn edit(
    client: ApiClient,
    pool: web::Data<Pool>,
    id: web::Path<String>,
    body: web::Json<serde_json::Value>,
) -> Result<HttpResponse, ApiError> {
    let id = notification_id(&id)?;
    let body: EditRequest = super::from_json(body.into_inner())?;
    let text = MessageText::parse(&body.text, body.format)
        .map_err(|e| ApiError::Invalid(format!("text: {e}")))?;
    let variants = translations(&body.translations, body.format)?;
    let owner = Owner::ApiToken(client.token_id);
    let edited = db::run(&pool, move |conn| {
        edits::edit(conn, id, owner, &text, &variants)
    })
    .await?;
    changed(&pool, id, client.token_id, edited).await
}

/// Retracts the notification: not sent yet, it never will be; sent, it is deleted from the chat
/// (within Telegram's 48 hours). Retracting twice is the same as once. 202 with its status.
#[delete("/notifications/{id}")]
#[tracing::instrument(skip_all, fields(token_id = client.token_id))]
pub async fn retract(
    client: ApiClient,
    pool: web::Data<Pool>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = notification_id(&id)?;
    let owner = Owner::ApiToken(client.token_id);
    let retracted = db::run(&pool, move |conn| edits::retract(conn, id, owner)).await?;
    changed(&pool, id, client.token_id, retracted).await
}

/// The answer to an edit or a retraction: the notification's status, or why it was refused.
async fn changed(
    pool: &Pool,
    id: i64,
    token_id: i64,
    result: Result<i64, Refused>,
) -> Result<HttpResponse, ApiError> {
    match result {
        Ok(_) => {
            let found = db::run(pool, move |conn| report::notification(conn, id, token_id)).await?;
            Ok(HttpResponse::Accepted().json(found.ok_or_else(not_found)?))
        }
        Err(Refused::NotFound) => Err(not_found()),
        Err(e @ Refused::PartsChanged { variant: None, .. }) => {
            Err(ApiError::Invalid(format!("text: {e}")))
        }
        Err(
            e @ (Refused::PartsChanged {
                variant: Some(lang),
                ..
            }
            | Refused::NoSuchVariant(lang)),
        ) => Err(ApiError::Invalid(format!(
            "translations.{}: {e}",
            lang.tag()
        ))),
        Err(e @ (Refused::Retracted | Refused::TooOld(_))) => {
            Err(ApiError::Conflict(e.to_string()))
        }
    }
}
