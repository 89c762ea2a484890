//! `POST /api/v1/notifications` queues a message to one user; `GET /api/v1/notifications/{id}`
//! reports what became of it. Same queue and limits as broadcasts, ahead of them in line.
use actix_web::http::header::HeaderMap;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use serde::Deserialize;

use super::ApiError;
use super::api_tokens::ApiClient;
use crate::accounts::subscribers::ExternalId;
use crate::db::{self, Pool};
use crate::delivery::report;
use crate::delivery::store::{self, Notify, Recipient};
use crate::delivery::text::{Format, MessageText};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotifyRequest {
    /// Exactly one of `username` (a tglink account) and `external_id` (the site's own id).
    username: Option<String>,
    external_id: Option<String>,
    text: String,
    #[serde(default)]
    format: Format,
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
    body: web::Json<NotifyRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let to = match (body.username, body.external_id) {
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
        (Some(name), None) => To::Username(name),
        (None, Some(id)) => To::External(ExternalId::parse(&id).map_err(ApiError::Invalid)?),
    };
    let text = MessageText::parse(&body.text, body.format).map_err(ApiError::Invalid)?;
    let key = idempotency_key(req.headers(), client.token_id)?;
    let token_id = client.token_id;
    let by_external = matches!(to, To::External(_));
    let outcome = db::run(&pool, move |conn| {
        let recipient = match &to {
            To::Username(name) => Recipient::Username(name),
            To::External(id) => Recipient::External(id.as_str()),
        };
        store::enqueue_notification(conn, token_id, recipient, &text, key.as_deref())
    })
    .await?;
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
    }
}

/// The recipient as the request named it, parsed.
enum To {
    Username(String),
    External(ExternalId),
}

#[get("/notifications/{id}")]
pub async fn status(
    client: ApiClient,
    pool: web::Data<Pool>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let not_found = || ApiError::NotFound("no notification with this id".into());
    let id: i64 = id.parse().map_err(|_| not_found())?;
    let found = db::run(&pool, move |conn| {
        report::notification(conn, id, client.token_id)
    })
    .await?;
    Ok(HttpResponse::Ok().json(found.ok_or_else(not_found)?))
}
