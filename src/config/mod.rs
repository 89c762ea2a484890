//! Every setting, from the environment, `.env` or flags (`settings.rs`), validated once at start
//! into a `Config` (here; Telegram's login in `telegram_login.rs`).
mod settings;
pub mod telegram_login;

use std::net::{SocketAddr, ToSocketAddrs};
use std::time::Duration;

use url::Url;

pub use settings::{DbArgs, Settings};
pub use telegram_login::LoginSettings;

use crate::db::Backend;
use crate::web::client_ip::{ProxyHeader, TrustedProxies};

/// Validated configuration: everything the application needs, in typed form.
#[derive(Debug, Clone)]
pub struct Config {
    pub bind: SocketAddr,
    pub database: Backend,
    pub bot_token: Option<String>,
    pub telegram_api_url: Url,
    pub public_url: Option<Url>,
    pub webhook_secret: Option<String>,
    pub secret_key: Option<String>,
    pub link_ttl: Duration,
    pub send_rate: u32,
    /// TGLINK_PAID_BROADCASTS: bulk messages go with `allow_paid_broadcast`.
    pub paid_broadcasts: bool,
    pub update_concurrency: usize,
    pub metrics_token: Option<String>,
    pub site_name: String,
    /// `TGLINK_DEFAULT_LANGUAGE`: the language when nothing better is known.
    pub default_language: crate::i18n::Lang,
    pub trusted_proxies: TrustedProxies,
    /// "Log In With Telegram" (OpenID Connect), when its client id and secret are set.
    pub telegram_login: Option<LoginSettings>,
    /// The first step of the login slow-down (it doubles with each further failure); not a
    /// setting: tests set it to zero so they need not wait.
    pub login_slowdown: Duration,
    /// How long an instance answers a refused login or sign-up again from memory; not a setting:
    /// tests set it to zero, since they move the database's clock and share one process.
    pub refusal_memory: Duration,
    /// How long one Bot API request may take (not a setting: tests shorten it so a hung
    /// Telegram costs them seconds, not the default's 17).
    pub telegram_timeout: Duration,
    /// TGLINK_PASSWORDLESS_SIGNUP: accounts may be created from Telegram alone.
    pub passwordless_signup: bool,
    /// How long a "Sign in with Telegram" attempt may wait for its approval (not a setting: tests
    /// shorten it to see one expire).
    pub telegram_login_ttl: Duration,
    /// How outgoing webhooks are paced and retried (not settings: tests shorten them).
    pub webhooks: WebhookTiming,
    /// The embeddable Connect widget, when TGLINK_WIDGET_SECRET is set.
    pub widget: Option<WidgetConfig>,
    /// TGLINK_WEBHOOK_ALLOW_PRIVATE: webhooks may go to internal addresses and plain http.
    pub webhook_allow_private: bool,
    /// `tglink demo`: Telegram is the built-in sandbox (not a setting: only `demo` sets it, and
    /// it refuses a real token). Deep links lead to `/sandbox`, pages carry a banner.
    pub demo: bool,
    /// How long records nobody needs are kept, and how often they are pruned.
    pub retention: Retention,
}

/// What is pruned when (SECURITY.md lists every kind of record and its life).
#[derive(Debug, Clone)]
pub struct Retention {
    /// TGLINK_WEBHOOK_RETENTION_DAYS: webhook events and their attempts.
    pub webhook_events: Duration,
    /// How often the housekeeping tasks prune (not a setting: tests shorten it).
    pub prune_every: Duration,
}

impl Retention {
    /// From TGLINK_WEBHOOK_RETENTION_DAYS; the error says what to fix.
    pub fn parse(webhook_days: &str) -> Result<Retention, String> {
        let days = webhook_days.trim().parse::<u64>().unwrap_or(0);
        if !(2..=3650).contains(&days) {
            return Err(
                "TGLINK_WEBHOOK_RETENTION_DAYS must be between 2 and 3650 days (events \
                        are retried for 25 hours)"
                    .into(),
            );
        }
        Ok(Retention {
            webhook_events: Duration::from_secs(days * 24 * 3600),
            ..Retention::default()
        })
    }
}

impl Default for Retention {
    /// 30 days of webhook events; pruned hourly.
    fn default() -> Retention {
        Retention {
            webhook_events: Duration::from_secs(30 * 24 * 3600),
            prune_every: Duration::from_secs(3600),
        }
    }
}

/// The Connect widget: the secret its URLs are signed with and who may frame it.
#[derive(Debug, Clone)]
pub struct WidgetConfig {
    pub secret: String,
    /// Origins as `frame-ancestors` takes them: `https://shop.example`, `http://127.0.0.1:8000`.
    pub origins: Vec<String>,
}

impl WidgetConfig {
    /// From the two settings; the error says what to fix.
    pub fn parse(secret: Option<&str>, origins: &str) -> Result<Option<WidgetConfig>, String> {
        let Some(secret) = secret.map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(None);
        };
        if secret.len() < 32 {
            return Err("TGLINK_WIDGET_SECRET must be at least 32 characters".into());
        }
        let mut parsed = Vec::new();
        for raw in origins.split([' ', ',']).filter(|o| !o.is_empty()) {
            let url = Url::parse(raw).ok().filter(|u| {
                matches!(u.scheme(), "http" | "https")
                    && u.host().is_some()
                    && u.path() == "/"
                    && u.query().is_none()
                    && !raw.ends_with('/')
            });
            match url {
                Some(u) => parsed.push(u.origin().ascii_serialization()),
                None => {
                    return Err(format!(
                        "TGLINK_WIDGET_ORIGINS: {raw:?} is not an origin like https://shop.example"
                    ));
                }
            }
        }
        if parsed.is_empty() {
            return Err(
                "TGLINK_WIDGET_ORIGINS must list the origins that embed the widget (https://shop.example)"
                    .into(),
            );
        }
        Ok(Some(WidgetConfig {
            secret: secret.to_string(),
            origins: parsed,
        }))
    }
}

/// Outgoing webhooks: each POST's timeout, the backoff between attempts, how long an event is
/// retried before it is given up, and how often an idle sender looks for new events.
#[derive(Debug, Clone)]
pub struct WebhookTiming {
    pub timeout: Duration,
    pub first_retry: Duration,
    pub max_retry: Duration,
    pub give_up_after: Duration,
    pub idle_poll: Duration,
}

impl Default for WebhookTiming {
    /// 10 s per POST; retries after 5 s, doubling up to an hour, for 25 hours.
    fn default() -> WebhookTiming {
        WebhookTiming {
            timeout: Duration::from_secs(10),
            first_retry: Duration::from_secs(5),
            max_retry: Duration::from_secs(3600),
            give_up_after: Duration::from_secs(25 * 3600),
            idle_poll: Duration::from_secs(1),
        }
    }
}

/// The login slow-down's first step in production.
const LOGIN_SLOWDOWN: Duration = Duration::from_millis(250);
/// How long a refusal is answered from memory in production.
const REFUSAL_MEMORY: Duration = Duration::from_secs(5);

/// teloxide's request timeout, which suits long polling with a 10 s timeout.
const TELEGRAM_TIMEOUT: Duration = Duration::from_secs(17);

/// The life of a "Sign in with Telegram" attempt.
const TELEGRAM_LOGIN_TTL: Duration = Duration::from_secs(5 * 60);

impl Settings {
    /// Checks every setting; the error is one line that says what to fix.
    pub fn validate(self) -> Result<Config, String> {
        let bind = self
            .bind
            .to_socket_addrs()
            .ok()
            .and_then(|mut addrs| addrs.next())
            .ok_or_else(|| {
                format!(
                    "TGLINK_BIND {:?} is not an address to listen on (e.g. 127.0.0.1:8080)",
                    self.bind
                )
            })?;
        let bot_token = match self.telegram_bot_token.map(|t| t.trim().to_string()) {
            Some(t) if t.is_empty() => None,
            Some(t) if !looks_like_bot_token(&t) => {
                return Err("TELEGRAM_BOT_TOKEN does not look like a bot token (123456:ABC-…) from @BotFather".into());
            }
            other => other,
        };
        let telegram_api_url = parse_http_url("TELEGRAM_API_URL", &self.telegram_api_url)?;
        let public_url = match self.public_url.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(u) => Some(parse_http_url("TGLINK_PUBLIC_URL", u)?),
        };
        if let Some(secret) = &self.webhook_secret {
            let ok = (1..=256).contains(&secret.len())
                && secret
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
            if !ok {
                return Err(
                    "TGLINK_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -"
                        .into(),
                );
            }
        }
        if self.secret_key.as_ref().is_some_and(|key| key.len() < 32) {
            return Err(
                "TGLINK_SECRET_KEY must be at least 32 characters; leave it unset to generate one"
                    .into(),
            );
        }
        if self.link_ttl_secs < 60 || self.link_ttl_secs > 7 * 24 * 3600 {
            return Err("TGLINK_LINK_TTL_SECS must be between 60 and 604800 seconds".into());
        }
        let paid_broadcasts = parse_switch("TGLINK_PAID_BROADCASTS", &self.paid_broadcasts)?;
        check_send_rate(self.send_rate, paid_broadcasts)?;
        if self.update_concurrency == 0 || self.update_concurrency > 4096 {
            return Err("TGLINK_UPDATE_CONCURRENCY must be between 1 and 4096".into());
        }
        let metrics_token = match self.metrics_token.map(|t| t.trim().to_string()) {
            Some(t) if t.is_empty() => None,
            Some(t) if !looks_random(&t) => {
                return Err(
                    "TGLINK_METRICS_TOKEN must be a random secret: at least 16 characters, \
                     of at least 6 different ones (e.g. `openssl rand -hex 32`)"
                        .into(),
                );
            }
            other => other,
        };
        let site_name = self.site_name.trim().to_string();
        if site_name.is_empty() || site_name.chars().count() > 64 {
            return Err("TGLINK_SITE_NAME must be 1-64 characters".into());
        }
        let default_language =
            crate::i18n::Lang::from_tag(&self.default_language).ok_or_else(|| {
                format!(
                    "TGLINK_DEFAULT_LANGUAGE must be one of en, es, pt-BR, ru, fa (not {:?})",
                    self.default_language.trim()
                )
            })?;
        let trusted_proxies = TrustedProxies::parse(&self.trusted_proxies)?
            .reading(ProxyHeader::parse(&self.proxy_header)?);
        let passwordless_signup = match self
            .passwordless_signup
            .trim()
            .to_ascii_lowercase()
            .as_str()
        {
            "on" | "true" | "yes" | "1" => true,
            "off" | "false" | "no" | "0" | "" => false,
            _ => {
                return Err(
                    "TGLINK_PASSWORDLESS_SIGNUP must be on or off (or true/false, yes/no, 1/0)"
                        .into(),
                );
            }
        };
        let telegram_login = LoginSettings::parse(
            self.telegram_client_id.as_deref(),
            self.telegram_client_secret.as_deref(),
            &self.telegram_oidc_url,
            bot_token.as_deref(),
            public_url.as_ref(),
        )?;
        let widget = WidgetConfig::parse(self.widget_secret.as_deref(), &self.widget_origins)?;
        let retention = Retention::parse(&self.webhook_retention_days)?;
        let webhook_allow_private =
            parse_switch("TGLINK_WEBHOOK_ALLOW_PRIVATE", &self.webhook_allow_private)?;
        Ok(Config {
            bind,
            database: self.db.database,
            bot_token,
            telegram_api_url,
            public_url,
            webhook_secret: self.webhook_secret,
            secret_key: self.secret_key,
            link_ttl: Duration::from_secs(self.link_ttl_secs),
            send_rate: self.send_rate,
            paid_broadcasts,
            update_concurrency: self.update_concurrency as usize,
            metrics_token,
            site_name,
            default_language,
            trusted_proxies,
            telegram_login,
            login_slowdown: LOGIN_SLOWDOWN,
            refusal_memory: REFUSAL_MEMORY,
            telegram_timeout: TELEGRAM_TIMEOUT,
            passwordless_signup,
            telegram_login_ttl: TELEGRAM_LOGIN_TTL,
            webhooks: WebhookTiming::default(),
            widget,
            webhook_allow_private,
            demo: false,
            retention,
        })
    }
}

impl Config {
    /// A configuration for tests: port 0 on loopback, no bot, the given database.
    pub fn for_tests(database_url: &str) -> Config {
        let database = Backend::from_url(database_url).expect("a test database URL");
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            database,
            bot_token: None,
            telegram_api_url: Url::parse("http://127.0.0.1:9").expect("static URL"),
            public_url: None,
            webhook_secret: None,
            secret_key: None,
            link_ttl: Duration::from_secs(3600),
            send_rate: 30,
            paid_broadcasts: false,
            update_concurrency: 64,
            metrics_token: None,
            site_name: "tglink".into(),
            default_language: crate::i18n::Lang::En,
            trusted_proxies: TrustedProxies::default(),
            telegram_login: None,
            login_slowdown: Duration::ZERO,
            refusal_memory: Duration::ZERO,
            telegram_timeout: TELEGRAM_TIMEOUT,
            passwordless_signup: false,
            telegram_login_ttl: TELEGRAM_LOGIN_TTL,
            webhooks: WebhookTiming::default(),
            widget: None,
            webhook_allow_private: false,
            demo: false,
            retention: Retention::default(),
        }
    }

    /// A public URL with port 0 means "the port this instance listens on" (tests bind port 0 and
    /// learn the port only after binding); everywhere else the URL is used as given. The bind
    /// address gets the bound port too.
    pub fn with_bound_port(mut self, port: u16) -> Config {
        self.bind.set_port(port);
        if let Some(url) = self.public_url.as_mut().filter(|u| u.port() == Some(0)) {
            // Setting a port on an http(s) URL with a host cannot fail.
            let _ = url.set_port(Some(port));
        }
        self
    }

    /// Cookies get the Secure flag when the site is served over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url
            .as_ref()
            .is_some_and(|u| u.scheme() == "https")
    }
}

/// A secret someone generated rather than typed: long enough, and not a few characters repeated
/// (a random 16-character hex string has fewer than 6 different characters about once in 30,000;
/// `openssl rand -hex 32` practically never).
fn looks_random(secret: &str) -> bool {
    let distinct: std::collections::HashSet<char> = secret.chars().collect();
    secret.chars().count() >= 16 && distinct.len() >= 6
}

fn looks_like_bot_token(token: &str) -> bool {
    match token.split_once(':') {
        Some((id, secret)) => {
            !id.is_empty()
                && id.bytes().all(|b| b.is_ascii_digit())
                && !secret.is_empty()
                && secret
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        }
        None => false,
    }
}

/// An on/off setting (also true/false, yes/no, 1/0); the error names the setting.
pub fn parse_switch(name: &str, value: &str) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "on" | "true" | "yes" | "1" => Ok(true),
        "off" | "false" | "no" | "0" | "" => Ok(false),
        _ => Err(format!(
            "{name} must be on or off (or true/false, yes/no, 1/0)"
        )),
    }
}

fn parse_http_url(name: &str, value: &str) -> Result<Url, String> {
    let url = Url::parse(value).map_err(|e| format!("{name} {value:?} is not a URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(format!(
            "{name} {value:?} must be an http:// or https:// URL with a host"
        ));
    }
    Ok(url)
}

/// Messages a second Telegram allows a bot without paid broadcasts (its Bot FAQ: "about 30").
pub const FREE_SEND_RATE: u32 = 30;
/// Messages a second with `allow_paid_broadcast` (Bot API 7.11).
pub const PAID_SEND_RATE: u32 = 1000;

/// TGLINK_SEND_RATE within what Telegram allows: above 30 only with paid broadcasts.
fn check_send_rate(rate: u32, paid: bool) -> Result<(), String> {
    if rate == 0 {
        return Err("TGLINK_SEND_RATE must be at least 1 message per second".into());
    }
    if rate > FREE_SEND_RATE && !paid {
        return Err(format!(
            "TGLINK_SEND_RATE above {FREE_SEND_RATE} needs TGLINK_PAID_BROADCASTS=on: Telegram \
             allows ~{FREE_SEND_RATE} messages/s without paid broadcasts"
        ));
    }
    if rate > PAID_SEND_RATE {
        return Err(format!(
            "TGLINK_SEND_RATE must be at most {PAID_SEND_RATE}: Telegram allows up to \
             {PAID_SEND_RATE} messages/s with paid broadcasts"
        ));
    }
    Ok(())
}
