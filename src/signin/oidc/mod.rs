//! "Log In With Telegram": Telegram's OpenID Connect provider signs a member in when their
//! Telegram account is linked, and links a signed-in member's Telegram in one step (instead of the
//! deep link). Here: the provider for the settings (`config::telegram_login`); `provider` speaks OpenID Connect, `attempts` keeps an attempt
//! in the browser's session and spends it once, `routes` are the pages.
mod attempts;
mod provider;
mod routes;

use url::Url;

pub use provider::{Provider, TelegramIdentity};
pub use routes::{notice, routes};

use crate::config::telegram_login::CALLBACK_PATH;

/// The callback URL under the site's public URL.
pub fn redirect_uri(public_url: &Url) -> anyhow::Result<Url> {
    let url = format!(
        "{}{CALLBACK_PATH}",
        public_url.as_str().trim_end_matches('/')
    );
    Url::parse(&url)
        .map_err(|e| anyhow::anyhow!("TGLINK_PUBLIC_URL does not make a callback URL ({e})"))
}

/// The provider for a configuration that asks for one (after the port is bound).
pub fn provider(config: &crate::config::Config) -> anyhow::Result<Option<Provider>> {
    let Some(settings) = &config.telegram_login else {
        return Ok(None);
    };
    let public = config
        .public_url
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("Log In With Telegram needs TGLINK_PUBLIC_URL"))?;
    Ok(Some(Provider::new(
        settings.clone(),
        redirect_uri(public)?,
    )?))
}
