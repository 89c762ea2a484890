//! Bringing the bot up: getMe (its username builds the deep links), setMyCommands, then
//! setWebhook, or deleteWebhook and long polling. Each step is retried with backoff while
//! Telegram is unreachable; the site serves meanwhile.
use std::future::IntoFuture;
use std::sync::Arc;
use std::time::Duration;

use teloxide_core::RequestError;
use teloxide_core::payloads::SetWebhookSetters;
use teloxide_core::prelude::Requester;
use teloxide_core::types::{BotCommand, Update};
use tokio::sync::{mpsc, watch};
use tokio_util::sync::CancellationToken;

use super::bot::BotContext;
use super::bot::commands::COMMAND_LIST;
use super::{ALLOWED_UPDATES, BotStatus, Mode, intake};

/// The "telegram-bot" task: brings the bot up, then long-polls (polling mode) or waits for
/// shutdown (webhook mode; the route does the rest).
pub async fn run(
    ctx: Arc<BotContext>,
    mode: Mode,
    status: watch::Sender<BotStatus>,
    queue: mpsc::Sender<Update>,
    stop: CancellationToken,
) -> anyhow::Result<()> {
    let me = retry(
        "getMe",
        &stop,
        || ctx.bot.get_me(),
        |e| {
            status.send_replace(BotStatus::Unreachable);
            if let RequestError::Api(_) = e {
                tracing::error!(error = %e, "Telegram refused getMe: is TELEGRAM_BOT_TOKEN right?");
            }
        },
    )
    .await;
    let Some(me) = me else { return Ok(()) };
    let username = me.username.clone().unwrap_or_default();
    tracing::info!(bot = %username, "Telegram bot is ready");
    status.send_replace(BotStatus::Ready { username });

    let commands = COMMAND_LIST.iter().map(|(c, d)| BotCommand::new(*c, *d));
    if let Err(e) = ctx.bot.set_my_commands(commands).await {
        tracing::warn!(error = %e, "setMyCommands failed; the bot's command menu may be out of date");
    }

    match mode {
        Mode::Webhook { url, secret } => {
            let registered = retry("setWebhook", &stop, || {
                ctx.bot.set_webhook(url.clone()).secret_token(secret.clone()).allowed_updates(ALLOWED_UPDATES)
            }, |e| {
                if let RequestError::Api(_) = e {
                    tracing::error!(
                        error = %e, webhook = %url,
                        "Telegram refused the webhook. It needs an https URL on port 443, 80, 88 or 8443 \
                         that it can reach: fix TGLINK_PUBLIC_URL, or unset it to use long polling"
                    );
                }
            })
            .await;
            if registered.is_some() {
                tracing::info!(webhook = %url, "webhook registered");
            }
            stop.cancelled().await;
            Ok(())
        }
        Mode::Polling => {
            let deleted = retry("deleteWebhook", &stop, || ctx.bot.delete_webhook(), |_| {}).await;
            if deleted.is_none() {
                return Ok(());
            }
            tracing::info!("receiving updates by long polling (TGLINK_PUBLIC_URL is not set)");
            intake::poll(ctx, queue, stop).await
        }
    }
}

/// Calls `call` until it succeeds; `None` when `stop` is cancelled first.
async fn retry<T, Fut>(
    what: &str,
    stop: &CancellationToken,
    mut call: impl FnMut() -> Fut,
    mut on_error: impl FnMut(&RequestError),
) -> Option<T>
where
    Fut: IntoFuture<Output = Result<T, RequestError>>,
{
    let mut backoff = Backoff::new();
    loop {
        let result = tokio::select! {
            _ = stop.cancelled() => return None,
            r = call().into_future() => r,
        };
        match result {
            Ok(v) => return Some(v),
            Err(e) => {
                tracing::warn!(error = %e, call = what, "Telegram call failed; retrying");
                on_error(&e);
                if !backoff.wait(&e, stop).await {
                    return None;
                }
            }
        }
    }
}

/// Exponential backoff from 1 s to 60 s, or Telegram's retry_after when it gives one.
pub struct Backoff {
    next: Duration,
}

impl Default for Backoff {
    fn default() -> Backoff {
        Backoff::new()
    }
}

impl Backoff {
    const FIRST: Duration = Duration::from_secs(1);
    const MAX: Duration = Duration::from_secs(60);

    pub fn new() -> Backoff {
        Backoff { next: Self::FIRST }
    }

    pub fn reset(&mut self) {
        self.next = Self::FIRST;
    }

    /// Sleeps before the next attempt after `error`; false when `stop` was cancelled meanwhile.
    pub async fn wait(&mut self, error: &RequestError, stop: &CancellationToken) -> bool {
        let delay = match error {
            RequestError::RetryAfter(s) => s.duration().max(self.next),
            _ => self.next,
        };
        self.next = (self.next * 2).min(Self::MAX);
        tokio::select! {
            _ = stop.cancelled() => false,
            _ = tokio::time::sleep(delay) => true,
        }
    }
}
