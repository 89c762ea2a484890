//! Everything that talks to Telegram: the client and its one send budget, update intake (webhook,
//! polling) into the inbox, the dispatcher that hands updates to the bot, link tokens, linking,
//! the Connect page, and sign-in links for locked-out owners.
pub mod alerts; // new sign-in alerts with "This wasn't me"
pub mod api; // Bot API calls on the hot paths, without teloxide's 5xx sleep
pub mod bot; // the conversation: commands, buttons, replies
pub mod budget; // the one send budget: per chat, per group, bulk rate, 429 pauses
pub mod chat_tokens; // one-time sign-in and password-reset links sent to a linked chat
pub mod client; // the teloxide Bot for TELEGRAM_API_URL
mod connect; // the Connect Telegram page and its live status
mod connect_groups; // the Connect page's groups and channels: add the bot, list, disconnect
pub mod dispatch; // inbox → handlers: concurrent across chats, in order within one
pub mod ended; // the one owner of "this chat or link has ended", and the worker's re-check
pub mod groups; // connected groups and channels, and members' requests to connect one
pub mod html; // Telegram HTML: escape and validate
pub mod inbox; // the update inbox: store, claim lane heads with a lease, mark done
mod intake; // the webhook route; storing an update
pub mod link_tokens; // one-time deep-link tokens (hashed)
pub mod linking; // consuming a token and linking, in one transaction
pub mod links; // linked accounts and their history
mod login; // "Sign in with Telegram": the page, its live status, passwordless sign-up
pub mod login_attempts; // sign-in attempts approved in the bot, bound to the browser
mod login_signup; // a new account from Telegram alone (TGLINK_PASSWORDLESS_SIGNUP)
pub mod notices; // notices to a member about their own account, sent at once
pub mod oidc; // "Log In With Telegram" (OpenID Connect): sign in, or link in one step
pub mod outbox; // a handled update's replies, sent after its handler, before it is done
mod polling; // getUpdates when there is no public URL
pub mod qr; // QR codes as SVG
mod setup; // getMe, setMyCommands, setWebhook/deleteWebhook, with retries
mod signin;
mod widget; // the Connect widget a site embeds for one of its users (signed URLs) // one-time sign-in links sent to a locked-out owner's chat

use std::sync::Arc;

use actix_web::web;
use teloxide_core::types::AllowedUpdate;
use tokio::sync::{Notify, watch};

use crate::config::Config;
use crate::db::{self, Pool};
use crate::tasks::Tasks;

/// Where Telegram POSTs updates in webhook mode (appended to TGLINK_PUBLIC_URL).
pub const WEBHOOK_PATH: &str = "/telegram/webhook";

/// The updates the bot asks for, in both intake modes.
pub const ALLOWED_UPDATES: [AllowedUpdate; 3] = [
    AllowedUpdate::Message,
    AllowedUpdate::CallbackQuery,
    AllowedUpdate::MyChatMember,
];

/// Whether the bot can be used, as the Connect page tells the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BotStatus {
    /// No TELEGRAM_BOT_TOKEN.
    NotConfigured,
    /// getMe has not answered yet.
    Starting,
    /// getMe failed; it is retried in the background.
    Unreachable,
    /// The bot is known; its username builds the deep links.
    Ready { username: String },
    /// Telegram refused the webhook (TGLINK_PUBLIC_URL), so no message reaches the bot; it is
    /// retried in the background.
    WebhookRefused,
}

impl BotStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            BotStatus::NotConfigured => "not_configured",
            BotStatus::Starting => "starting",
            BotStatus::Unreachable => "unreachable",
            BotStatus::Ready { .. } => "ready",
            BotStatus::WebhookRefused => "webhook_refused",
        }
    }

    pub fn username(&self) -> Option<&str> {
        match self {
            BotStatus::Ready { username } => Some(username),
            _ => None,
        }
    }
}

/// The Telegram side of the app, shared by handlers and background tasks.
#[derive(Clone)]
pub struct Telegram {
    pub config: Arc<Config>,
    /// None without TELEGRAM_BOT_TOKEN.
    pub bot: Option<teloxide_core::Bot>,
    status: watch::Receiver<BotStatus>,
    /// Set in webhook mode: the secret Telegram must send.
    webhook: Option<Arc<intake::WebhookIntake>>,
    /// Woken when an update is stored, so the dispatcher claims it at once.
    wake: Arc<Notify>,
    /// Stored updates as parsed at intake, for the dispatcher.
    fresh: Arc<inbox::Fresh>,
    /// Every message to a chat takes its turn here: replies, deliveries, edits.
    pub budget: Arc<budget::SendBudget>,
}

/// How updates arrive.
#[derive(Debug, Clone)]
pub enum Mode {
    Webhook { url: url::Url, secret: String },
    Polling,
}

impl Telegram {
    /// Builds the client and adds the background tasks: "telegram-bot" (getMe, setMyCommands,
    /// then setWebhook, or deleteWebhook and long polling; retried while Telegram is unreachable)
    /// and "telegram-updates" (the dispatcher). Never waits on Telegram: the site serves while
    /// the bot comes up.
    pub async fn start(
        pool: Pool,
        config: Arc<Config>,
        tasks: &mut Tasks,
    ) -> anyhow::Result<Telegram> {
        let budget = Arc::new(budget::SendBudget::new(config.send_rate));
        let wake = Arc::new(Notify::new());
        let fresh = Arc::new(inbox::Fresh::default());
        let Some(bot) = client::build_bot(&config)? else {
            let (_, status) = watch::channel(BotStatus::NotConfigured);
            return Ok(Telegram {
                config,
                bot: None,
                status,
                webhook: None,
                wake,
                fresh,
                budget,
            });
        };
        let mode = match &config.public_url {
            Some(public) => Mode::Webhook {
                url: webhook_url(public)?,
                secret: webhook_secret(&pool, &config).await?,
            },
            None => Mode::Polling,
        };
        let (status_tx, status) = watch::channel(BotStatus::Starting);
        let webhook = match &mode {
            Mode::Webhook { secret, .. } => Some(Arc::new(intake::WebhookIntake {
                secret: secret.clone(),
            })),
            Mode::Polling => None,
        };
        let ctx_pool = pool.clone();
        let ctx = Arc::new(bot::BotContext {
            bot: bot.clone(),
            pool,
            config: config.clone(),
            status: status.clone(),
            budget: budget.clone(),
            fresh: fresh.clone(),
        });
        tasks.add("telegram-bot", {
            let (ctx, wake) = (ctx.clone(), wake.clone());
            move |stop| setup::run(ctx, mode, status_tx, wake, stop)
        });
        tasks.add("telegram-updates", {
            let wake = wake.clone();
            let opts = dispatch::DispatchOptions::with_concurrency(config.update_concurrency);
            move |stop| dispatch::run(ctx, wake, opts, stop)
        });
        tasks.add("telegram-housekeeping", {
            let pool = ctx_pool.clone();
            let every = config.retention.prune_every;
            move |stop| housekeeping(pool, every, stop)
        });
        Ok(Telegram {
            config,
            bot: Some(bot),
            status,
            webhook,
            wake,
            fresh,
            budget,
        })
    }

    pub fn status(&self) -> BotStatus {
        self.status.borrow().clone()
    }
}

fn webhook_url(public: &url::Url) -> anyhow::Result<url::Url> {
    let url = format!("{}{WEBHOOK_PATH}", public.as_str().trim_end_matches('/'));
    url::Url::parse(&url)
        .map_err(|e| anyhow::anyhow!("TGLINK_PUBLIC_URL does not make a webhook URL ({e})"))
}

/// TGLINK_WEBHOOK_SECRET, or one generated on first start and kept in the database so that
/// restarts and other instances agree.
async fn webhook_secret(pool: &Pool, config: &Config) -> anyhow::Result<String> {
    if let Some(secret) = &config.webhook_secret {
        return Ok(secret.clone());
    }
    db::run(pool, |conn| {
        db::settings::get_or_create(conn, "webhook_secret", crate::crypto::random_token)
    })
    .await
}

/// Forgets handled updates, dead link tokens and finished login attempts, hourly
/// (`Retention::prune_every`).
async fn housekeeping(
    pool: Pool,
    every: std::time::Duration,
    stop: tokio_util::sync::CancellationToken,
) -> anyhow::Result<()> {
    let mut tick = tokio::time::interval(every);
    loop {
        tokio::select! {
            _ = stop.cancelled() => return Ok(()),
            _ = tick.tick() => {}
        }
        let pruned = db::run(&pool, |conn| {
            let updates = inbox::prune(conn)?;
            let tokens = link_tokens::prune(conn)? + chat_tokens::prune(conn)?;
            let tokens = tokens + groups::prune(conn)?;
            let tokens = tokens + login_attempts::prune(conn)?;
            Ok::<_, anyhow::Error>((updates, tokens))
        })
        .await;
        match pruned {
            Ok((updates, tokens)) => {
                tracing::debug!(updates, tokens, "pruned handled updates and link tokens")
            }
            Err(e) => {
                tracing::warn!(error = %e, "pruning updates and link tokens failed; will retry")
            }
        }
    }
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    intake::routes(cfg);
    connect::routes(cfg);
    connect_groups::routes(cfg);
    signin::routes(cfg);
    login::routes(cfg);
    login_signup::routes(cfg);
    oidc::routes(cfg);
    widget::routes(cfg);
}
