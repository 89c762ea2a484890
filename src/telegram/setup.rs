//! Bringing the bot up: getMe (its username builds the deep links), setMyCommands, then
//! setWebhook, or deleteWebhook and long polling. Each step is retried with backoff while
//! Telegram is unreachable; the site serves meanwhile.
use std::future::IntoFuture;

use teloxide_core::RequestError;
use teloxide_core::payloads::{SetMyCommandsSetters, SetWebhookSetters};
use teloxide_core::prelude::Requester;
use teloxide_core::types::BotCommand;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use crate::tasks::Backoff;

use crate::telegram::{ALLOWED_UPDATES, BotStatus, Mode, Telegram, polling};

/// The "telegram-bot" task: brings the bot up, then long-polls (polling mode) or waits for
/// shutdown (webhook mode; the route does the rest).
pub async fn run(
    telegram: Telegram,
    commands: super::CommandMenu,
    mode: Mode,
    status: watch::Sender<BotStatus>,
    stop: CancellationToken,
) -> anyhow::Result<()> {
    let Some(bot) = telegram.bot.clone() else {
        return Ok(());
    };
    let me = retry(
        "getMe",
        &stop,
        || bot.get_me(),
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
    status.send_replace(BotStatus::Ready {
        username: username.clone(),
    });

    // The menu in the default language for everyone, then in each language for its speakers.
    let default = crate::i18n::default_lang();
    let menus = std::iter::once((None, default))
        .chain(crate::i18n::Lang::ALL.map(|l| (Some(l.telegram_code()), l)));
    for (code, lang) in menus {
        let list = commands(lang)
            .into_iter()
            .map(|(c, d)| BotCommand::new(c, d));
        let mut call = bot.set_my_commands(list);
        if let Some(code) = code {
            call = call.language_code(code);
        }
        if let Err(e) = call.await {
            tracing::warn!(error = %e, language = code, "setMyCommands failed; the bot's command menu may be out of date");
        }
    }

    match mode {
        Mode::Webhook { url, secret } => {
            let registered = retry("setWebhook", &stop, || {
                bot.set_webhook(url.clone()).secret_token(secret.clone()).allowed_updates(ALLOWED_UPDATES)
            }, |e| {
                if let RequestError::Api(_) = e {
                    status.send_replace(BotStatus::WebhookRefused);
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
                status.send_if_modified(|s| {
                    let refused = *s == BotStatus::WebhookRefused;
                    if refused {
                        *s = BotStatus::Ready {
                            username: username.clone(),
                        };
                    }
                    refused
                });
            }
            stop.cancelled().await;
            Ok(())
        }
        Mode::Polling => {
            let deleted = retry("deleteWebhook", &stop, || bot.delete_webhook(), |_| {}).await;
            if deleted.is_none() {
                return Ok(());
            }
            tracing::info!("receiving updates by long polling (TGLINK_PUBLIC_URL is not set)");
            polling::poll(telegram, bot, stop).await
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
    let mut backoff = Backoff::default();
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
                if !backoff
                    .wait(crate::telegram::client::retry_after(&e), stop)
                    .await
                {
                    return None;
                }
            }
        }
    }
}
