//! The transport to Telegram and nothing of the site: the client and its one send budget, typed
//! calls, update intake (webhook, polling) into the inbox, the dispatcher that hands each update
//! to the handler it was given, the bot's setup, and Telegram HTML.
pub mod api; // Bot API calls on the hot paths, without teloxide's 5xx sleep
pub mod budget; // the one send budget: per chat, per group, bulk rate, 429 pauses
pub mod client; // the teloxide Bot for TELEGRAM_API_URL
pub mod dispatch; // inbox → handlers: concurrent across chats, in order within one
pub mod html; // Telegram HTML: escape and validate
pub mod inbox; // the update inbox: store, claim lane heads with a lease, mark done
mod intake; // the webhook route; storing an update
pub mod outbox; // a handled update's replies, sent after its handler, before it is done
mod polling; // getUpdates when there is no public URL
mod setup; // getMe, setMyCommands, setWebhook/deleteWebhook, with retries

use std::sync::Arc;

use actix_web::web;
use futures_util::future::BoxFuture;
use teloxide_core::types::{AllowedUpdate, Update};
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

/// The one context of everything that talks to Telegram: pages, background tasks and the bot's
/// handler all get this.
#[derive(Clone)]
pub struct Telegram {
    pub config: Arc<Config>,
    pub pool: Pool,
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

/// What the transport serves, handed to it at start so that it imports no area of the site: how
/// an update is handled, and the command menu to register.
#[derive(Clone, Copy)]
pub struct Conversation {
    pub handle: Handler,
    /// The command menu in a language: (command, description). Registered once per language
    /// (`setMyCommands` with its `language_code`) and once, in the default, for everyone else.
    pub commands: CommandMenu,
}

/// The bot's command menu in a language.
pub type CommandMenu = fn(crate::i18n::Lang) -> Vec<(&'static str, String)>;

/// Handles one update; an error means "not now" (the dispatcher tries it again later).
pub type Handler = fn(Telegram, Update) -> BoxFuture<'static, anyhow::Result<()>>;

/// How updates arrive.
#[derive(Debug, Clone)]
pub enum Mode {
    Webhook { url: url::Url, secret: String },
    Polling,
}

impl Telegram {
    /// Builds the client and adds the background tasks: "telegram-bot" (getMe, setMyCommands,
    /// then setWebhook, or deleteWebhook and long polling; retried while Telegram is unreachable)
    /// and "telegram-updates" (the dispatcher, handing each update to `conversation`). Never
    /// waits on Telegram: the site serves while the bot comes up.
    pub async fn start(
        pool: Pool,
        config: Arc<Config>,
        conversation: Conversation,
        tasks: &mut Tasks,
    ) -> anyhow::Result<Telegram> {
        let mut telegram = Telegram {
            budget: Arc::new(budget::SendBudget::new(config.send_rate)),
            wake: Arc::new(Notify::new()),
            fresh: Arc::new(inbox::Fresh::default()),
            bot: client::build_bot(&config)?,
            status: watch::channel(BotStatus::NotConfigured).1,
            webhook: None,
            config,
            pool,
        };
        if telegram.bot.is_none() {
            return Ok(telegram);
        }
        let mode = match &telegram.config.public_url {
            Some(public) => Mode::Webhook {
                url: webhook_url(public)?,
                secret: webhook_secret(&telegram.pool, &telegram.config).await?,
            },
            None => Mode::Polling,
        };
        let (status_tx, status) = watch::channel(BotStatus::Starting);
        telegram.status = status;
        if let Mode::Webhook { secret, .. } = &mode {
            telegram.webhook = Some(Arc::new(intake::WebhookIntake {
                secret: secret.clone(),
            }));
        }
        tasks.add("telegram-bot", {
            let telegram = telegram.clone();
            move |stop| setup::run(telegram, conversation.commands, mode, status_tx, stop)
        });
        tasks.add("telegram-updates", {
            let telegram = telegram.clone();
            let opts =
                dispatch::DispatchOptions::with_concurrency(telegram.config.update_concurrency);
            move |stop| dispatch::run(telegram, conversation.handle, opts, stop)
        });
        Ok(telegram)
    }

    pub fn status(&self) -> BotStatus {
        self.status.borrow().clone()
    }

    /// The bot's @username once getMe answered.
    pub fn bot_username(&self) -> Option<String> {
        self.status.borrow().username().map(str::to_string)
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
}
