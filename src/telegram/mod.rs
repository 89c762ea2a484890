//! Everything that talks to Telegram: the bot client, update intake, link tokens and linking.
pub mod bot;
pub mod client;
mod connect;
pub mod html;
mod inbox;
pub mod intake;
pub mod link_tokens;
pub mod linking;
pub mod links;
mod qr;
mod setup;

use std::sync::Arc;

use actix_web::web;
use teloxide_core::types::{AllowedUpdate, Update};
use tokio::sync::{mpsc, watch};

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

/// Updates received but not yet processed. When it is full the webhook waits briefly, then
/// answers 503 so Telegram delivers the update again later; long polling simply waits.
const QUEUE_CAPACITY: usize = 256;

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
}

impl BotStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            BotStatus::NotConfigured => "not_configured",
            BotStatus::Starting => "starting",
            BotStatus::Unreachable => "unreachable",
            BotStatus::Ready { .. } => "ready",
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
    /// Set in webhook mode: the secret Telegram must send, and the queue updates go to.
    webhook: Option<Arc<intake::WebhookIntake>>,
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
    /// and "telegram-updates" (processes updates one at a time, in order). Never waits on
    /// Telegram: the site serves while the bot comes up.
    pub async fn start(
        pool: Pool,
        config: Arc<Config>,
        tasks: &mut Tasks,
    ) -> anyhow::Result<Telegram> {
        let Some(bot) = client::build_bot(&config)? else {
            let (_, status) = watch::channel(BotStatus::NotConfigured);
            return Ok(Telegram {
                config,
                bot: None,
                status,
                webhook: None,
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
        let (queue_tx, queue_rx) = mpsc::channel::<Update>(QUEUE_CAPACITY);
        let webhook = match &mode {
            Mode::Webhook { secret, .. } => Some(Arc::new(intake::WebhookIntake {
                secret: secret.clone(),
                queue: queue_tx.clone(),
            })),
            Mode::Polling => None,
        };
        let ctx = Arc::new(bot::BotContext {
            bot: bot.clone(),
            pool,
            config: config.clone(),
            status: status.clone(),
        });
        tasks.add("telegram-bot", {
            let ctx = ctx.clone();
            move |stop| setup::run(ctx, mode, status_tx, queue_tx, stop)
        });
        tasks.add("telegram-updates", move |stop| {
            intake::process_queue(ctx, queue_rx, stop)
        });
        Ok(Telegram {
            config,
            bot: Some(bot),
            status,
            webhook,
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

pub fn routes(cfg: &mut web::ServiceConfig) {
    intake::routes(cfg);
    connect::routes(cfg);
}
