//! The Bot API client: teloxide-core's `Bot`, pointed at TELEGRAM_API_URL.
use std::time::Duration;

use teloxide_core::{Bot, RequestError};

use crate::config::Config;

/// The bot, or `None` when TELEGRAM_BOT_TOKEN is not set (the site runs without Telegram).
pub fn build_bot(config: &Config) -> anyhow::Result<Option<Bot>> {
    let Some(token) = &config.bot_token else {
        return Ok(None);
    };
    let client = teloxide_core::net::default_reqwest_settings()
        .timeout(config.telegram_timeout)
        .build()
        .map_err(|e| anyhow::anyhow!("cannot create the HTTP client for Telegram: {e}"))?;
    // reqwest's Url is url::Url: the config's value is used as it is.
    let api_url = config.telegram_api_url.clone();
    Ok(Some(Bot::with_client(token, client).set_api_url(api_url)))
}

/// How long Telegram asked us to wait, if it did (429 retry_after).
pub fn retry_after(error: &RequestError) -> Duration {
    match error {
        RequestError::RetryAfter(s) => s.duration(),
        _ => Duration::ZERO,
    }
}
