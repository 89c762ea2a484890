//! Everything that talks to Telegram: the bot client, update intake, link tokens and linking.
pub mod client;
pub mod fake;
pub mod html;
pub mod links;

use std::sync::Arc;

use actix_web::{HttpResponse, get, web};
use askama::Template;

use crate::accounts::CurrentUser;
use crate::config::Config;
use crate::db::Pool;
use crate::startup::Task;
use crate::web::{NavUser, render};

/// The Telegram side of the app, shared by handlers and background tasks.
#[derive(Clone)]
pub struct Telegram {
    pub config: Arc<Config>,
    /// None without TELEGRAM_BOT_TOKEN.
    pub bot: Option<teloxide_core::Bot>,
}

impl Telegram {
    pub async fn start(
        _pool: Pool,
        config: Arc<Config>,
        _tasks: &mut Vec<(&'static str, Task)>,
    ) -> anyhow::Result<Telegram> {
        let bot = client::build_bot(&config)?;
        Ok(Telegram { config, bot })
    }
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(connect_page);
}

#[derive(Template)]
#[template(path = "connect.html")]
struct ConnectPage {
    nav: Option<NavUser>,
    csrf_token: String,
    configured: bool,
}

#[get("/connect")]
async fn connect_page(user: CurrentUser, telegram: web::Data<Telegram>) -> HttpResponse {
    render(&ConnectPage {
        nav: user.nav(),
        csrf_token: user.csrf_token.clone(),
        configured: telegram.config.bot_token.is_some(),
    })
}
