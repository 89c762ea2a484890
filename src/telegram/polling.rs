//! Long polling, when there is no public URL: getUpdates in a loop, storing each update in the
//! inbox before the next call's offset confirms it to Telegram. Backs off on errors; returns when
//! `stop` is cancelled (an interrupted call's updates are unconfirmed, so Telegram sends them
//! again next time).
use std::time::Duration;

use teloxide_core::Bot;
use teloxide_core::payloads::{GetUpdates, GetUpdatesSetters};
use tokio_util::sync::CancellationToken;

use crate::tasks::{Backoff, sleep_or_stop};
use crate::telegram::{ALLOWED_UPDATES, Telegram, api, client, intake};

/// How long a getUpdates call waits for an update; below the client's 17 s request timeout.
const POLL_TIMEOUT_SECS: u32 = 10;

pub async fn poll(telegram: Telegram, bot: Bot, stop: CancellationToken) -> anyhow::Result<()> {
    let mut offset: Option<i32> = None;
    let mut backoff = Backoff::default();
    loop {
        let mut request = GetUpdates::new()
            .timeout(POLL_TIMEOUT_SECS)
            .allowed_updates(ALLOWED_UPDATES);
        if let Some(offset) = offset {
            request = request.offset(offset);
        }
        // As plain JSON, so each update is stored exactly as Telegram sent it.
        let call = api::call_as::<_, Vec<serde_json::Value>>(&bot, &request);
        let result = tokio::select! {
            _ = stop.cancelled() => return Ok(()),
            r = call => r,
        };
        let updates = match result {
            Ok(updates) => updates,
            Err(e) => {
                tracing::warn!(error = %e, "getUpdates failed; retrying");
                if !backoff.wait(client::retry_after(&e), &stop).await {
                    return Ok(());
                }
                continue;
            }
        };
        backoff.reset();
        for raw in updates {
            let Some((update, payload)) = intake::read(raw.to_string().as_bytes()) else {
                // Confirmed all the same, or Telegram would send it again for a day.
                if let Some(id) = raw.get("update_id").and_then(|v| v.as_i64()) {
                    offset = i32::try_from(id + 1).ok();
                }
                continue;
            };
            let next = update.id.as_offset();
            if let Err(e) = intake::store(&telegram, update, payload).await {
                // Not confirmed: Telegram sends it again with the next call.
                tracing::error!(error = %e, "could not store an update; asking again");
                if !sleep_or_stop(&stop, Duration::from_secs(1)).await {
                    return Ok(());
                }
                break;
            }
            offset = Some(next);
        }
    }
}
