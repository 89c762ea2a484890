//! The JSON API for other services, under /api/v1: queue a notification to one user and read its
//! status. Every answer is JSON, errors as `{"error": "…"}`.
pub mod api_tokens;
mod notifications;
pub mod subscribers;

use actix_web::error::{InternalError, JsonPayloadError};
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};

use crate::delivery::text::MAX_BODY_BYTES;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/api/v1")
            .app_data(
                web::JsonConfig::default()
                    .limit(MAX_BODY_BYTES)
                    .error_handler(json_error),
            )
            .service(notifications::create)
            .service(notifications::status)
            .service(notifications::edit)
            .service(notifications::retract)
            .service(subscribers::create_link)
            .service(subscribers::show)
            .service(subscribers::unlink)
            .default_service(web::to(|| async { ApiError::NoEndpoint.error_response() })),
    );
}

/// The API's errors; each is a status and a sentence for the caller.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("missing or invalid API token: send Authorization: Bearer <token>")]
    Unauthorized,
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Invalid(String),
    #[error("the body is larger than {} KB", MAX_BODY_BYTES / 1024)]
    TooLarge,
    /// Something tglink needs is not ready (the bot): try again later.
    #[error("{0}")]
    Unavailable(String),
    #[error("no such API endpoint")]
    NoEndpoint,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::NotFound(_) | ApiError::NoEndpoint => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let message = match self {
            ApiError::Unexpected(e) => {
                tracing::error!(error = ?e, "API request failed");
                "something went wrong on our side; try again later".to_string()
            }
            other => other.to_string(),
        };
        let mut response = HttpResponse::build(self.status_code());
        if matches!(self, ApiError::Unauthorized) {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        response.json(serde_json::json!({ "error": message }))
    }
}

/// A JSON body read as `T`; an invalid value is a 422 naming its field (`buttons[1].url: …`),
/// which serde alone does not say.
pub fn from_json<T: serde::de::DeserializeOwned>(body: serde_json::Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(body).map_err(|e| {
        let path = e.path().to_string();
        if path == "." {
            ApiError::Invalid(e.inner().to_string())
        } else {
            ApiError::Invalid(format!("{path}: {}", e.inner()))
        }
    })
}

/// A body that is not the JSON expected is a 422 with the reason, in JSON like every answer.
fn json_error(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let api = match &err {
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            ApiError::TooLarge
        }
        JsonPayloadError::ContentType => {
            ApiError::Invalid("send the body as JSON with Content-Type: application/json".into())
        }
        JsonPayloadError::Deserialize(e) => ApiError::Invalid(format!("invalid JSON body: {e}")),
        other => ApiError::Invalid(format!("cannot read the body: {other}")),
    };
    InternalError::from_response(err, api.error_response()).into()
}
