//! The settings of "Log In With Telegram" (OpenID Connect), validated.
use url::Url;

/// Telegram's issuer: discovery at `<this>/.well-known/openid-configuration`.
pub const TELEGRAM_ISSUER: &str = "https://oauth.telegram.org";

/// Where Telegram sends the browser back (appended to TGLINK_PUBLIC_URL): the URL to add under
/// @BotFather → Bot Settings → Web Login → Allowed URLs.
pub const CALLBACK_PATH: &str = "/login/telegram/oidc/callback";

/// The validated settings of Telegram's login.
#[derive(Clone)]
pub struct LoginSettings {
    /// The bot's id, as BotFather shows it for Web Login.
    pub client_id: String,
    pub client_secret: String,
    /// The issuer URL as the provider writes it in `iss` (no trailing slash).
    pub issuer: String,
}

impl std::fmt::Debug for LoginSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginSettings")
            .field("client_id", &self.client_id)
            .field("client_secret", &"…")
            .field("issuer", &self.issuer)
            .finish()
    }
}

impl LoginSettings {
    /// `None` when neither the client id nor the secret is set; an error (one line saying what to
    /// fix) when only one is, when the id is not the bot's, or when there is no public URL for
    /// Telegram to send the browser back to.
    pub fn parse(
        client_id: Option<&str>,
        client_secret: Option<&str>,
        issuer: &str,
        bot_token: Option<&str>,
        public_url: Option<&Url>,
    ) -> Result<Option<LoginSettings>, String> {
        fn set(v: Option<&str>) -> Option<&str> {
            v.map(str::trim).filter(|v| !v.is_empty())
        }
        let (client_id, client_secret) = match (set(client_id), set(client_secret)) {
            (None, None) => return Ok(None),
            (Some(id), Some(secret)) => (id.to_string(), secret.to_string()),
            (Some(_), None) => {
                return Err("TGLINK_TELEGRAM_CLIENT_ID is set without TGLINK_TELEGRAM_CLIENT_SECRET: set both (BotFather → Bot Settings → Web Login) or neither".into());
            }
            (None, Some(_)) => {
                return Err("TGLINK_TELEGRAM_CLIENT_SECRET is set without TGLINK_TELEGRAM_CLIENT_ID: set both (BotFather → Bot Settings → Web Login) or neither".into());
            }
        };
        if client_id.len() > 20 || !client_id.bytes().all(|b| b.is_ascii_digit()) {
            return Err("TGLINK_TELEGRAM_CLIENT_ID must be the bot's numeric id, as BotFather shows it under Web Login".into());
        }
        if let Some((bot_id, _)) = bot_token.and_then(|t| t.split_once(':'))
            && bot_id != client_id
        {
            return Err(format!(
                "TGLINK_TELEGRAM_CLIENT_ID {client_id} is not this bot's id ({bot_id}, the digits before ':' in TELEGRAM_BOT_TOKEN)"
            ));
        }
        if public_url.is_none() {
            return Err(format!(
                "Log In With Telegram needs TGLINK_PUBLIC_URL: Telegram sends the browser back to <public URL>{CALLBACK_PATH}"
            ));
        }
        let url = Url::parse(issuer.trim())
            .map_err(|e| format!("TGLINK_TELEGRAM_OIDC_URL {issuer:?} is not a URL ({e})"))?;
        let loopback = match url.host() {
            Some(url::Host::Domain(d)) => d == "localhost",
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        };
        let allowed = match url.scheme() {
            "https" => url.host().is_some(),
            "http" => loopback,
            _ => false,
        };
        if !allowed {
            return Err(format!(
                "TGLINK_TELEGRAM_OIDC_URL {issuer:?} must be an https:// URL (http:// only on this machine, for tests)"
            ));
        }
        Ok(Some(LoginSettings {
            client_id,
            client_secret,
            issuer: url.as_str().trim_end_matches('/').to_string(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::LoginSettings;

    fn parse(
        id: Option<&str>,
        secret: Option<&str>,
        issuer: &str,
    ) -> Result<Option<LoginSettings>, String> {
        let public = url::Url::parse("https://example.com").ok();
        LoginSettings::parse(id, secret, issuer, Some("123456:abc"), public.as_ref())
    }

    #[test]
    fn id_and_secret_go_together() {
        assert!(parse(None, None, super::TELEGRAM_ISSUER).unwrap().is_none());
        let err = parse(Some("123456"), None, super::TELEGRAM_ISSUER).unwrap_err();
        assert!(
            err.contains("without TGLINK_TELEGRAM_CLIENT_SECRET"),
            "{err}"
        );
        let err = parse(None, Some("s"), super::TELEGRAM_ISSUER).unwrap_err();
        assert!(err.contains("without TGLINK_TELEGRAM_CLIENT_ID"), "{err}");
        let ok = parse(Some("123456"), Some("s"), super::TELEGRAM_ISSUER)
            .unwrap()
            .unwrap();
        assert_eq!(ok.issuer, "https://oauth.telegram.org");
    }

    #[test]
    fn the_id_is_the_bots_and_the_issuer_is_https() {
        let err = parse(Some("999"), Some("s"), super::TELEGRAM_ISSUER).unwrap_err();
        assert!(err.contains("not this bot's id (123456"), "{err}");
        assert!(parse(Some("12a"), Some("s"), super::TELEGRAM_ISSUER).is_err());
        assert!(parse(Some("123456"), Some("s"), "http://oauth.example.com").is_err());
        assert!(parse(Some("123456"), Some("s"), "http://127.0.0.1:9/").is_ok());
        let none = LoginSettings::parse(Some("1"), Some("s"), super::TELEGRAM_ISSUER, None, None);
        assert!(none.unwrap_err().contains("needs TGLINK_PUBLIC_URL"));
    }
}
