//! Update intake: the webhook route and what the long poller shares with it. An update is stored
//! in the inbox (with its lane) before the webhook answers 200 or the poller confirms it, then the
//! dispatcher is woken: Telegram never waits on our replies, and nothing acknowledged is lost.
//! When the store fails (database down, disk full) the webhook answers 503 and Telegram delivers
//! the update again later.
use std::sync::atomic::{AtomicI64, Ordering};

use actix_web::{HttpRequest, HttpResponse, post, web};
use futures_util::StreamExt;
use teloxide_core::types::Update;

use crate::crypto::constant_time_eq;
use crate::db;
use crate::metrics;
use crate::telegram::{Telegram, inbox};

const SECRET_HEADER: &str = "X-Telegram-Bot-Api-Secret-Token";

/// The largest update body read (Telegram's are a few KB).
const MAX_UPDATE_BYTES: usize = 256 * 1024;

/// Refusals are logged at most once a minute (the rest are counted in `/metrics`), so a flood of
/// forged calls cannot flood the log.
const REFUSAL_LOG_EVERY_SECS: i64 = 60;
static LAST_REFUSAL_LOGGED: AtomicI64 = AtomicI64::new(i64::MIN);

/// What the webhook route needs in webhook mode.
pub struct WebhookIntake {
    pub secret: String,
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(webhook);
}

#[post("/telegram/webhook")]
async fn webhook(
    req: HttpRequest,
    payload: web::Payload,
    telegram: web::Data<Telegram>,
) -> HttpResponse {
    let Some(intake) = telegram.webhook.as_deref() else {
        return HttpResponse::NotFound().finish();
    };
    let given = req
        .headers()
        .get(SECRET_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !constant_time_eq(given, &intake.secret) {
        // Refused before a byte of the body is read.
        log_refusal();
        return HttpResponse::Unauthorized().finish();
    }
    let Some(body) = read_body(payload).await else {
        return HttpResponse::PayloadTooLarge().finish();
    };
    let Some((update, payload)) = read(&body) else {
        // Acknowledged, or Telegram would send it again for a day.
        return HttpResponse::Ok().finish();
    };
    let update_id = update.id.0;
    match store(&telegram, update, payload).await {
        Ok(_) => HttpResponse::Ok().finish(),
        Err(e) => {
            tracing::error!(update_id, error = %e, "could not store the update; Telegram will redeliver");
            HttpResponse::ServiceUnavailable()
                .insert_header(("Retry-After", "5"))
                .finish()
        }
    }
}

fn log_refusal() {
    let m = metrics::get();
    m.webhook_refused.inc();
    let now = chrono::Utc::now().timestamp();
    let last = LAST_REFUSAL_LOGGED.load(Ordering::Relaxed);
    let due = now.saturating_sub(last) >= REFUSAL_LOG_EVERY_SECS;
    if due
        && LAST_REFUSAL_LOGGED
            .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
            .is_ok()
    {
        tracing::warn!(
            refused_so_far = m.webhook_refused.get(),
            "webhook call without the right secret token refused (logged once a minute; \
             tglink_webhook_refused_total counts them all)"
        );
    }
}

/// The request body, or None when it is larger than an update can be (or the client went away).
async fn read_body(mut payload: web::Payload) -> Option<web::Bytes> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.ok()?;
        if body.len() + chunk.len() > MAX_UPDATE_BYTES {
            return None;
        }
        body.extend_from_slice(&chunk);
    }
    Some(body.freeze())
}

/// An update as Telegram sent it, parsed once, with its JSON as it is stored; every way in (the
/// webhook, polling, the dispatcher reading back what another process stored) reads it here. One
/// that does not parse is logged and dropped.
pub fn read(bytes: &[u8]) -> Option<(Update, String)> {
    // From the bytes: teloxide's Update cannot be deserialised from a serde_json::Value.
    match serde_json::from_slice::<Update>(bytes) {
        // It parsed, so it is UTF-8 JSON: stored as it came.
        Ok(update) => Some((update, String::from_utf8_lossy(bytes).into_owned())),
        Err(e) => {
            tracing::warn!(error = %e, bytes = bytes.len(), "unreadable update dropped");
            None
        }
    }
}

/// Stores an update in the inbox, in its chat's lane, hands the parsed update to this process's
/// dispatcher (`fresh`) and wakes it; false for a duplicate.
pub async fn store(telegram: &Telegram, update: Update, payload: String) -> anyhow::Result<bool> {
    let update_id = i64::from(update.id.0);
    let lane = lane_of(&update);
    let stored = db::run(&telegram.pool, move |conn| {
        inbox::store(conn, update_id, lane, &payload)
    })
    .await?;
    let m = metrics::get();
    if stored {
        telegram.fresh.put(update);
        telegram.wake.notify_one();
        m.updates_received.inc();
    } else {
        m.updates_duplicate.inc();
    }
    Ok(stored)
}

/// The lane an update is handled in: its chat, or the user for updates without one (an inline
/// button's press), or lane 0.
fn lane_of(update: &Update) -> i64 {
    match (update.chat(), update.from()) {
        (Some(chat), _) => chat.id.0,
        (None, Some(user)) => i64::try_from(user.id.0).unwrap_or(0),
        (None, None) => 0,
    }
}
