//! The settings of `tglink serve` as the command line and the environment give them.
use crate::db::Backend;

/// The settings of `tglink serve`. Each is a flag and an environment variable; `.env` is read first.
#[derive(clap::Args, Debug, Clone)]
pub struct Settings {
    /// Address to listen on.
    #[arg(long, env = "TGLINK_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,

    #[command(flatten)]
    pub db: DbArgs,

    /// The bot's token from @BotFather. Without it the site runs and Connect says the bot is not
    /// configured.
    #[arg(long, env = "TELEGRAM_BOT_TOKEN", hide_env_values = true)]
    pub telegram_bot_token: Option<String>,

    /// Bot API base URL (tests and the sandbox point it at a fake).
    #[arg(
        long,
        env = "TELEGRAM_API_URL",
        default_value = "https://api.telegram.org"
    )]
    pub telegram_api_url: String,

    /// Public base URL of this site, e.g. https://example.com. Set: webhook mode. Unset: long polling.
    #[arg(long, env = "TGLINK_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// The webhook's secret_token (1-256 of A-Z a-z 0-9 _ -). Generated and stored when unset.
    #[arg(long, env = "TGLINK_WEBHOOK_SECRET", hide_env_values = true)]
    pub webhook_secret: Option<String>,

    /// Key for signing cookies (at least 32 bytes). Generated and stored when unset.
    #[arg(long, env = "TGLINK_SECRET_KEY", hide_env_values = true)]
    pub secret_key: Option<String>,

    /// Life of a link token, in seconds.
    #[arg(long, env = "TGLINK_LINK_TTL_SECS", default_value_t = 3600)]
    pub link_ttl_secs: u64,

    /// Messages per second to Telegram, overall (Telegram's free limit is 30; up to 1000 with
    /// TGLINK_PAID_BROADCASTS=on).
    #[arg(long, env = "TGLINK_SEND_RATE", default_value_t = 30)]
    pub send_rate: u32,

    /// Send broadcasts and API notifications with `allow_paid_broadcast` (Bot API 7.11): on/off.
    /// On, TGLINK_SEND_RATE may go up to 1000, and each message above Telegram's free ~30 a
    /// second costs the bot 0.1 Star from its balance. Replies are never paid.
    #[arg(long, env = "TGLINK_PAID_BROADCASTS", default_value = "off")]
    pub paid_broadcasts: String,

    /// Telegram updates handled at once, each of a different chat (one chat's updates are
    /// always handled one at a time, in order).
    #[arg(long, env = "TGLINK_UPDATE_CONCURRENCY", default_value_t = 64)]
    pub update_concurrency: u32,

    /// Allow `GET /metrics` with `Authorization: Bearer <this>` from anywhere. Unset: only from
    /// this machine (loopback, not through a proxy).
    #[arg(long, env = "TGLINK_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,

    /// Reverse proxies whose `TGLINK_PROXY_HEADER` names the client, as CIDRs or
    /// addresses separated by commas (e.g. `127.0.0.1,10.0.0.0/8`). Unset: the TCP peer is the
    /// client, and behind a proxy every visitor shares the proxy's address.
    #[arg(long, env = "TGLINK_TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: String,

    /// The one header your trusted proxies set with the client's address: `x-forwarded-for`, or
    /// `forwarded` (RFC 7239). The other is ignored, since a proxy passes a client's own through.
    #[arg(long, env = "TGLINK_PROXY_HEADER", default_value = "x-forwarded-for")]
    pub proxy_header: String,

    /// The site's name, as the bot says it ("Link this Telegram account to <site> account alice?").
    #[arg(long, env = "TGLINK_SITE_NAME", default_value = "tglink")]
    pub site_name: String,

    /// The language of pages and bot messages when nothing better is known (no choice saved, no
    /// cookie, no `Accept-Language` or Telegram language we speak): en, es, pt-BR, ru or fa.
    #[arg(long, env = "TGLINK_DEFAULT_LANGUAGE", default_value = "en")]
    pub default_language: String,

    /// Let a visitor whose Telegram account is not linked create an account from Telegram alone
    /// ("Sign in with Telegram", then choose a username): on/off, true/false, 1/0.
    #[arg(long, env = "TGLINK_PASSWORDLESS_SIGNUP", default_value = "off")]
    pub passwordless_signup: String,
    /// "Log In With Telegram" (OpenID Connect): the Client ID that @BotFather shows under Bot
    /// Settings → Web Login (the bot's id). Set together with the client secret.
    #[arg(long, env = "TGLINK_TELEGRAM_CLIENT_ID")]
    pub telegram_client_id: Option<String>,

    /// The Client Secret from @BotFather's Web Login settings.
    #[arg(long, env = "TGLINK_TELEGRAM_CLIENT_SECRET", hide_env_values = true)]
    pub telegram_client_secret: Option<String>,

    /// Telegram's OpenID Connect issuer (tests point it at a stand-in).
    #[arg(
        long,
        env = "TGLINK_TELEGRAM_OIDC_URL",
        default_value = super::telegram_login::TELEGRAM_ISSUER
    )]
    pub telegram_oidc_url: String,
    /// Secret (at least 32 characters) your site signs Connect widget URLs with; unset: no widget.
    #[arg(long, env = "TGLINK_WIDGET_SECRET", hide_env_values = true)]
    pub widget_secret: Option<String>,

    /// Origins allowed to embed the Connect widget, separated by spaces or commas
    /// (e.g. `https://shop.example`). Required with TGLINK_WIDGET_SECRET.
    #[arg(long, env = "TGLINK_WIDGET_ORIGINS", default_value = "")]
    pub widget_origins: String,

    /// Days a webhook event and its attempts are kept for the admin page (2-3650; events are
    /// retried for 25 hours).
    #[arg(long, env = "TGLINK_WEBHOOK_RETENTION_DAYS", default_value = "30")]
    pub webhook_retention_days: String,
    /// Let webhook endpoints be on this machine or a private network, and plain http (a receiver
    /// of your own, next to tglink): on/off. Off: public https addresses only.
    #[arg(long, env = "TGLINK_WEBHOOK_ALLOW_PRIVATE", default_value = "off")]
    pub webhook_allow_private: String,
}

/// The database setting, shared by `serve` and the commands that only need the database.
#[derive(clap::Args, Debug, Clone)]
pub struct DbArgs {
    /// SQLite path (`tglink.db`, `sqlite://path`) or a `postgres://` URL.
    #[arg(
        long = "database-url",
        env = "DATABASE_URL",
        default_value = "tglink.db"
    )]
    pub database: Backend,
}

impl Settings {
    /// The settings from the environment alone, for plain `tglink` without a subcommand.
    pub fn parse_from_env() -> Settings {
        #[derive(clap::Parser)]
        struct Only {
            #[command(flatten)]
            settings: Settings,
        }
        <Only as clap::Parser>::parse_from(["tglink"]).settings
    }
}
