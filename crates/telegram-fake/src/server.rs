//! The HTTP side: `/bot<token>/<method>` routing, body limits, recording each call, and
//! Telegram's `{"ok":…}` envelopes.

use std::{net::TcpListener, sync::Arc, time::Instant};

use actix_web::{
    App, HttpRequest, HttpResponse, HttpServer,
    dev::{Server, ServerHandle},
    web::{self, Bytes, BytesMut},
};
use futures_util::StreamExt;
use serde_json::{Value, json};

use super::{
    methods,
    params::{Params, percent_decode},
    records::{ApiError, CallOutcome, RecordedCall, Reply},
    state::Shared,
};

/// Telegram's own limit for a request body.
const BODY_LIMIT: usize = 50 * 1024 * 1024;

/// Binds `listener` and returns the server future (to spawn) and its handle (to stop it).
pub(crate) fn build(
    listener: TcpListener,
    shared: Arc<Shared>,
) -> std::io::Result<(Server, ServerHandle)> {
    let data = web::Data::from(shared);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .default_service(web::to(handle))
    })
    .workers(2)
    .disable_signals()
    .shutdown_timeout(1)
    .listen(listener)?
    .run();
    let handle = server.handle();
    Ok((server, handle))
}

async fn handle(
    req: HttpRequest,
    payload: web::Payload,
    shared: web::Data<Shared>,
) -> HttpResponse {
    let at = Instant::now();
    let Some((token, method)) = split_path(req.path()) else {
        return respond(&Reply::Err(ApiError::new(404, "Not Found")));
    };
    let method = method.to_ascii_lowercase();
    let parsed = match read_body(payload).await {
        Ok(body) => Params::parse(&req, body).await,
        Err(e) => Err(e),
    };
    let (params, reply) = match parsed {
        Ok(params) => {
            let reply = match precheck(&shared, &token, &method) {
                Some(reply) => reply,
                None => methods::call(&shared, &method, &params).await,
            };
            (params.into_value(), reply)
        }
        Err(e) => {
            let reply = precheck(&shared, &token, &method).unwrap_or(Reply::Err(e));
            (Value::Object(Default::default()), reply)
        }
    };
    record(&shared, method, params, at, &reply);
    respond(&reply)
}

/// The answers that come before a method runs: an outage, a wrong token, an unknown method.
fn precheck(shared: &Shared, token: &str, method: &str) -> Option<Reply> {
    if let Some(failure) = &shared.lock().outage {
        return Some(Reply::from(failure));
    }
    if token != shared.token {
        return Some(Reply::Err(ApiError::new(401, "Unauthorized")));
    }
    if !methods::is_known(method) {
        return Some(Reply::Err(ApiError::new(
            404,
            "Not Found: method not found",
        )));
    }
    None
}

/// Splits `/bot<token>/<method>`, percent-decoding both parts.
fn split_path(path: &str) -> Option<(String, String)> {
    let rest = path.strip_prefix("/bot")?;
    let (token, method) = rest.split_once('/')?;
    let method = method.trim_end_matches('/');
    if method.is_empty() || method.contains('/') {
        return None;
    }
    Some((percent_decode(token)?, percent_decode(method)?))
}

async fn read_body(mut payload: web::Payload) -> Result<Bytes, ApiError> {
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| ApiError::bad_request("can't read request body"))?;
        if body.len() + chunk.len() > BODY_LIMIT {
            return Err(ApiError::new(413, "Request Entity Too Large"));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

fn record(shared: &Shared, method: String, params: Value, at: Instant, reply: &Reply) {
    let outcome = match reply {
        Reply::Ok(_) | Reply::OkDescribed(..) => CallOutcome::Ok,
        Reply::Err(e) => CallOutcome::Error {
            code: e.code,
            description: e.description.clone(),
        },
        Reply::Drop => CallOutcome::Dropped,
    };
    let mut inner = shared.lock();
    inner.calls.push(RecordedCall {
        method,
        params,
        at,
        outcome,
    });
    inner.trim_logs();
}

fn respond(reply: &Reply) -> HttpResponse {
    match reply {
        Reply::Ok(result) => HttpResponse::Ok().json(json!({ "ok": true, "result": result })),
        Reply::OkDescribed(result, description) => HttpResponse::Ok()
            .json(json!({ "ok": true, "result": result, "description": description })),
        Reply::Err(e) => {
            let mut body =
                json!({ "ok": false, "error_code": e.code, "description": e.description });
            if let Some(p) = &e.parameters {
                body["parameters"] = p.clone();
            }
            let status = actix_web::http::StatusCode::from_u16(e.code)
                .unwrap_or(actix_web::http::StatusCode::BAD_REQUEST);
            HttpResponse::build(status).json(body)
        }
        // A body that fails at once makes actix abort the connection mid-answer.
        Reply::Drop => HttpResponse::Ok()
            .force_close()
            .streaming(futures_util::stream::once(async {
                Err::<Bytes, _>(actix_web::error::ErrorInternalServerError("dropped"))
            })),
    }
}
