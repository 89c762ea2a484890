//! One tracing span per request, so every log line of a request carries its id, method and route
//! pattern; then one line with the status and latency. The route is the pattern
//! (`/admin/broadcasts/{id}`), never the path or query, which may hold a token; cookies and bodies
//! are never logged. The id is also sent back as `X-Request-Id`.
//!
//! Written here rather than with tracing-actix-web: its root span records the full target (path
//! and query), which would put tokens in the log.
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use tracing::Instrument;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

pub async fn request_log(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = format!("{:016x}", rand::random::<u64>());
    let route = req
        .request()
        .match_pattern()
        .unwrap_or_else(|| "(no route)".into());
    let span = tracing::info_span!("request", id = %id, method = %req.method(), route = %route);
    let started = Instant::now();
    let result = next.call(req).instrument(span.clone()).await;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let _in_span = span.enter();
    match result {
        Ok(mut response) => {
            let status = response.status().as_u16();
            // Successes at debug: a busy webhook would otherwise fill the log. A 503 is load
            // shed on purpose (the hashing line is full), a refusal rather than a failure.
            match status {
                503 => tracing::info!(status, ms, "request refused"),
                500.. => tracing::error!(status, ms, "request failed"),
                400.. => tracing::info!(status, ms, "request refused"),
                _ => tracing::debug!(status, ms, "request done"),
            }
            if let Ok(value) = HeaderValue::from_str(&id) {
                response.headers_mut().insert(REQUEST_ID, value);
            }
            Ok(response)
        }
        Err(e) => {
            tracing::error!(ms, error = %e, "request failed");
            Err(e)
        }
    }
}
