//! The /admin pages: overview, compose, history with live progress, per-recipient outcomes,
//! cancel. Handlers parse, call the store or report, and render.
mod compose;
mod history;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError, get, web};
use askama::Template;
use chrono::{DateTime, NaiveDateTime, Utc};

use super::health::{self, QueueHealth};
use super::report;
use crate::accounts::AdminUser;
use crate::db::{self, Pool};
use crate::telegram::Telegram;
use crate::web::{NavUser, render};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(overview)
        .service(compose::compose_page)
        .service(compose::create)
        .service(history::list)
        .service(history::detail)
        .service(history::progress)
        .service(history::recipients)
        .service(history::cancel);
}

/// Errors of the admin pages.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        match self {
            PageError::NotFound => StatusCode::NOT_FOUND,
            PageError::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            PageError::NotFound => crate::web::error_page(
                StatusCode::NOT_FOUND,
                "Not found",
                "There is no such broadcast. It may have been removed with its author.",
            ),
            PageError::Unexpected(e) => {
                tracing::error!(error = ?e, "admin page failed");
                crate::web::error_page(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong",
                    "The dashboard could not load this. Please try again in a moment.",
                )
            }
        }
    }
}

/// 1234567 → "1,234,567".
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn when(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn when_utc(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// Queue health as the pages show it.
pub struct HealthView {
    pub live: bool,
    pub rate: String,
    pub last_error: Option<String>,
    pub last_error_at: String,
    pub paused_until: Option<String>,
}

impl HealthView {
    pub fn new(health: Option<QueueHealth>) -> HealthView {
        let health = health.unwrap_or_default();
        HealthView {
            live: health.is_live(),
            rate: format!("{:.1}", if health.is_live() { health.rate } else { 0.0 }),
            last_error_at: health.last_error_at.map(when_utc).unwrap_or_default(),
            last_error: health.last_error.clone(),
            paused_until: health.paused_now().map(when_utc),
        }
    }
}

struct EventView {
    username: String,
    linked: bool,
    how: &'static str,
    at: String,
}

fn describe_via(via: &str) -> &'static str {
    match via {
        "bot" => "confirmed in the bot",
        "page" => "on the Connect page",
        "stop" => "with /stop",
        "blocked" => "blocked the bot",
        "send_forbidden" => "a send was refused (403)",
        "chat_not_found" => "the chat no longer exists",
        _ => "",
    }
}

#[derive(Template)]
#[template(path = "admin/overview.html")]
struct OverviewPage {
    nav: Option<NavUser>,
    csrf_token: String,
    active: &'static str,
    users: String,
    linked: String,
    open: String,
    bot_configured: bool,
    health: HealthView,
    events: Vec<EventView>,
}

#[get("/admin")]
async fn overview(
    AdminUser(admin): AdminUser,
    pool: web::Data<Pool>,
    telegram: web::Data<Telegram>,
) -> Result<HttpResponse, PageError> {
    let (users, linked, open, health, events) = db::run(&pool, |conn| {
        Ok::<_, anyhow::Error>((
            crate::accounts::store::count(conn)?,
            crate::telegram::links::count_linked(conn)?,
            report::open_deliveries(conn)?,
            health::read(conn)?,
            crate::telegram::links::recent_events(conn, 10)?,
        ))
    })
    .await?;
    let events = events
        .into_iter()
        .map(|e| EventView {
            linked: e.event == "linked",
            how: describe_via(&e.via),
            username: e.username,
            at: when(e.created_at),
        })
        .collect();
    Ok(render(&OverviewPage {
        nav: admin.nav(),
        csrf_token: admin.csrf_token.clone(),
        active: "overview",
        users: thousands(users),
        linked: thousands(linked),
        open: thousands(open),
        bot_configured: telegram.bot.is_some(),
        health: HealthView::new(health),
        events,
    }))
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_separators() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1234), "1,234");
        assert_eq!(super::thousands(1234567), "1,234,567");
        assert_eq!(super::thousands(-1000), "-1,000");
    }
}
