//! Update intake: the webhook route, the long-polling loop, and the one queue both feed, whose
//! consumer drops duplicates and hands each update to the bot.
//!
//! An update is stored in the inbox (`inbox.rs`) before the webhook answers 200 or the poller
//! confirms it, then queued, so Telegram never waits on our replies and an acknowledged update is
//! not lost: when the store fails (database down, disk full) the webhook answers 503 and Telegram
//! delivers it again later; what a full queue or a crash left unhandled is picked up from the
//! inbox by a sweep. On shutdown the consumer finishes the updates already queued.
use std::sync::Arc;
use std::time::Duration;

use actix_web::{HttpRequest, HttpResponse, post, web};
use teloxide_core::payloads::GetUpdatesSetters;
use teloxide_core::prelude::Requester;
use teloxide_core::types::Update;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::bot::{self, BotContext};
use super::{ALLOWED_UPDATES, Telegram, inbox, link_tokens};
use crate::crypto::constant_time_eq;
use crate::db;

const SECRET_HEADER: &str = "X-Telegram-Bot-Api-Secret-Token";

/// How long a getUpdates call waits for an update; below the client's 17 s request timeout.
const POLL_TIMEOUT_SECS: u32 = 10;

/// What the webhook route needs in webhook mode.
pub struct WebhookIntake {
    pub secret: String,
    pub queue: mpsc::Sender<Update>,
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(webhook);
}

#[post("/telegram/webhook")]
#[tracing::instrument(skip_all)]
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
    let update_id = update.id.0;
    match store(&pool, &update).await {
        Ok(true) => {}
        Ok(false) => return HttpResponse::Ok().finish(), // a redelivery of one we have
        Err(e) => {
            tracing::error!(update_id, error = %e, "could not store the update; Telegram will redeliver");
            return HttpResponse::ServiceUnavailable()
                .insert_header(("Retry-After", "5"))
                .finish();
        }
    }
    // Stored already: when the queue is full, the sweep takes it; no reason to hold Telegram.
    let queued = intake.queue.try_send(update).is_ok();
    if !queued {
        tracing::warn!(
            update_id,
            "update queue full or closed; the inbox sweep will handle it"
        );
    }
    HttpResponse::Ok().finish()
}

/// Stores an update in the inbox; false for a duplicate.
async fn store(pool: &db::Pool, update: &Update) -> anyhow::Result<bool> {
    let update_id = i64::from(update.id.0);
    let payload = serde_json::to_string(update)?;
    db::run(pool, move |conn| inbox::remember(conn, update_id, &payload)).await
}

/// Long polling: getUpdates in a loop, confirming each batch by the next call's offset once it
/// is queued. Backs off on errors; returns when `stop` is cancelled (an interrupted call's
/// updates are unconfirmed, so Telegram sends them again next time).
pub async fn poll(
    ctx: Arc<BotContext>,
    queue: mpsc::Sender<Update>,
    stop: CancellationToken,
) -> anyhow::Result<()> {
    let mut offset: Option<i32> = None;
    let mut backoff = crate::tasks::Backoff::default();
    loop {
        let mut request = ctx
            .bot
            .get_updates()
            .timeout(POLL_TIMEOUT_SECS)
            .allowed_updates(ALLOWED_UPDATES);
        if let Some(offset) = offset {
            request = request.offset(offset);
        }
        let result = tokio::select! {
            _ = stop.cancelled() => return Ok(()),
            r = request => r,
        };
        match result {
            Ok(updates) => {
                backoff.reset();
                for update in updates {
                    let next = update.id.as_offset();
                    match store(&ctx.pool, &update).await {
                        Ok(true) => {
                            tokio::select! {
                                _ = stop.cancelled() => return Ok(()),
                                sent = queue.send(update) => if sent.is_err() { return Ok(()) },
                            }
                        }
                        Ok(false) => {} // seen before
                        Err(e) => {
                            // Not confirmed: Telegram sends it again with the next call.
                            tracing::error!(error = %e, "could not store an update; asking again");
                            tokio::time::sleep(Duration::from_secs(1)).await;
                            break;
                        }
                    }
                    offset = Some(next);
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "getUpdates failed; retrying");
                if !backoff.wait(super::setup::retry_after(&e), &stop).await {
                    return Ok(());
                }
            }
        }
    }
}

/// Consumes the update queue until `stop`, then finishes what is left in it. Also prunes old
/// update ids and link tokens, hourly.
pub async fn process_queue(
    ctx: Arc<BotContext>,
    mut queue: mpsc::Receiver<Update>,
    stop: CancellationToken,
) -> anyhow::Result<()> {
    let mut prune = tokio::time::interval(Duration::from_secs(3600));
    let mut sweep = tokio::time::interval(Duration::from_secs(SWEEP_SECS as u64));
    loop {
        tokio::select! {
            biased;
            _ = stop.cancelled() => break,
            Some(update) = queue.recv() => process(&ctx, update).await,
            _ = sweep.tick() => sweep_inbox(&ctx).await,
            _ = prune.tick() => prune_old(&ctx).await,
        }
    }
    queue.close();
    while let Ok(update) = queue.try_recv() {
        process(&ctx, update).await;
    }
    Ok(())
}

/// How old an unhandled update in the inbox must be before the sweep takes it (and how often
/// it looks): older than anything a live instance still has queued in normal operation.
const SWEEP_SECS: i64 = 30;

/// Handles one stored update unless it was claimed before: at most once, even when two
/// instances have it. A failed claim leaves it in the inbox for the sweep.
pub async fn process(ctx: &BotContext, update: Update) {
    let update_id = update.id.0;
    let claimed = db::run(&ctx.pool, move |conn| {
        inbox::claim(conn, i64::from(update_id))
    })
    .await;
    match claimed {
        Ok(true) => bot::handle_update(ctx, update).await,
        Ok(false) => tracing::info!(update_id, "update already handled"),
        Err(e) => {
            tracing::error!(update_id, error = %e, "could not claim the update; the sweep retries it")
        }
    }
}

/// Handles what the inbox holds unhandled: updates acknowledged before a crash, or while the
/// queue was full or the database failing.
async fn sweep_inbox(ctx: &BotContext) {
    let left = db::run(&ctx.pool, |conn| inbox::unhandled(conn, SWEEP_SECS, 500)).await;
    let left = match left {
        Ok(left) => left,
        Err(e) => return tracing::warn!(error = %e, "inbox sweep failed; will retry"),
    };
    for (update_id, payload) in left {
        match serde_json::from_str::<Update>(&payload) {
            Ok(update) => {
                tracing::info!(update_id, "handling an update left in the inbox");
                process(ctx, update).await;
            }
            Err(e) => {
                tracing::warn!(update_id, error = %e, "stored update unreadable; dropped");
                let _ = db::run(&ctx.pool, move |conn| inbox::claim(conn, update_id)).await;
            }
        }
    }
}

async fn prune_old(ctx: &BotContext) {
    let pruned = db::run(&ctx.pool, |conn| {
        let updates = inbox::prune(conn)?;
        let tokens = link_tokens::prune(conn)?;
        Ok::<_, anyhow::Error>((updates, tokens))
    })
    .await;
    match pruned {
        Ok((updates, tokens)) => {
            tracing::debug!(updates, tokens, "pruned old update ids and link tokens")
        }
        Err(e) => tracing::warn!(error = %e, "pruning update ids failed; will retry"),
    }
}
