//! Update intake: the webhook route and what the long poller shares with it. An update is stored
//! in the inbox (with its lane) before the webhook answers 200 or the poller confirms it, then the
//! dispatcher is woken: Telegram never waits on our replies, and nothing acknowledged is lost.
//! When the store fails (database down, disk full) the webhook answers 503 and Telegram delivers
//! the update again later.
use actix_web::{HttpRequest, HttpResponse, post, web};
use teloxide_core::types::Update;

use super::{Telegram, inbox};
use crate::crypto::constant_time_eq;
use crate::{db, metrics};

const SECRET_HEADER: &str = "X-Telegram-Bot-Api-Secret-Token";

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
    body: web::Bytes,
    telegram: web::Data<Telegram>,
    pool: web::Data<db::Pool>,
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
        tracing::warn!("webhook call without the right secret token refused");
        return HttpResponse::Unauthorized().finish();
    }
    // Parse from the bytes: teloxide's Update cannot be deserialised from a serde_json::Value.
    let update: Update = match serde_json::from_slice(&body) {
        Ok(u) => u,
        Err(e) => {
            // Acknowledged, or Telegram would retry it for a day.
            tracing::warn!(error = %e, bytes = body.len(), "unparseable update acknowledged and dropped");
            return HttpResponse::Ok().finish();
        }
    };
    // It parsed, so it is UTF-8 JSON: store it as it came.
    let payload = String::from_utf8_lossy(&body).into_owned();
    match store(&pool, &update, payload).await {
        Ok(_) => {
            telegram.wake.notify_one();
            HttpResponse::Ok().finish()
        }
        Err(e) => {
            tracing::error!(update_id = update.id.0, error = %e, "could not store the update; Telegram will redeliver");
            HttpResponse::ServiceUnavailable()
                .insert_header(("Retry-After", "5"))
                .finish()
        }
    }
}

/// Stores an update in the inbox, in its chat's lane; false for a duplicate.
pub async fn store(pool: &db::Pool, update: &Update, payload: String) -> anyhow::Result<bool> {
    let update_id = i64::from(update.id.0);
    let lane = lane_of(update);
    let stored = db::run(pool, move |conn| {
        inbox::store(conn, update_id, lane, &payload)
    })
    .await?;
    let m = metrics::get();
    if stored {
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
