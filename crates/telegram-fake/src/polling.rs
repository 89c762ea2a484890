//! `getUpdates` long polling: confirm by `offset`, wait up to `timeout` seconds for an update,
//! and refuse while a webhook is set or when a newer poll takes over.

use std::time::Duration;

use serde_json::Value;
use tokio::time::Instant;

use super::{
    methods::allowed_updates,
    params::Params,
    records::{ApiError, Reply},
    state::Shared,
};

/// Longest wait the fake honours; keeps a forgotten poll from pinning a worker forever.
const MAX_TIMEOUT_SECS: i64 = 600;

pub(crate) async fn get_updates(shared: &Shared, params: &Params) -> Reply {
    match poll(shared, params).await {
        Ok(updates) => Reply::Ok(Value::Array(updates)),
        Err(e) => Reply::Err(e),
    }
}

async fn poll(shared: &Shared, params: &Params) -> Result<Vec<Value>, ApiError> {
    let offset = params.i64("offset")?;
    let limit = params.i64("limit")?.unwrap_or(100).clamp(1, 100) as usize;
    let timeout = params
        .i64("timeout")?
        .unwrap_or(0)
        .clamp(0, MAX_TIMEOUT_SECS);
    let allowed = if params.has("allowed_updates") {
        Some(allowed_updates(params)?)
    } else {
        None
    };
    let generation = {
        let mut inner = shared.lock();
        if inner.webhook.is_some() {
            return Err(webhook_conflict());
        }
        if allowed.is_some() {
            inner.allowed_updates = allowed;
        }
        inner.confirm_updates(offset);
        inner.poll_generation += 1;
        inner.poll_generation
    };
    // Wake an older poll so it can answer "terminated by other getUpdates request".
    shared.updates_changed.notify_waiters();
    let deadline = Instant::now() + Duration::from_secs(timeout as u64);
    loop {
        let notified = shared.updates_changed.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        {
            let inner = shared.lock();
            if inner.webhook.is_some() {
                return Err(webhook_conflict());
            }
            if inner.poll_generation != generation {
                return Err(ApiError::new(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one \
                     bot instance is running",
                ));
            }
            if !inner.queue.is_empty() || Instant::now() >= deadline {
                return Ok(inner.queue.iter().take(limit).cloned().collect());
            }
        }
        tokio::select! {
            _ = &mut notified => {}
            _ = tokio::time::sleep_until(deadline) => {}
        }
    }
}

fn webhook_conflict() -> ApiError {
    ApiError::new(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to \
         delete the webhook first",
    )
}
