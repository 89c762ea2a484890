//! GET /sandbox: the chat page. The server renders the frame; static/sandbox.js fills it from the
//! sandbox API (users, the chat as Telegram shows it) and keeps it live by polling. With
//! `?start=<payload>` (where the Connect page's and the sign-in page's buttons lead in a demo) it
//! first asks who you are, then offers Telegram's START button, which sends `/start <payload>` as
//! that user.
use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use askama::Template;
use serde::Deserialize;

use super::Sandbox;
use crate::accounts::Viewer;
use crate::web::{NavUser, PageError, render};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(chat_page).service(asset);
}

#[derive(Template)]
#[template(path = "sandbox/chat.html")]
struct ChatPage {
    nav: Option<NavUser>,
    csrf_token: String,
    bot_username: String,
    /// The avatar's letter.
    bot_initial: char,
    /// The deep link's payload, if it is one Telegram would pass on (else a bare `/start`).
    start: Option<String>,
    /// The user to show first (`?user=`).
    user: Option<i64>,
}

#[derive(Deserialize)]
struct ChatQuery {
    start: Option<String>,
    user: Option<String>,
}

/// Telegram passes a `start` payload of 1-64 of A-Z a-z 0-9 _ - and drops any other.
fn start_payload(raw: Option<&str>) -> Option<String> {
    let raw = raw?;
    let ok = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    ((1..=64).contains(&raw.len()) && raw.chars().all(ok)).then(|| raw.to_owned())
}

#[get("/sandbox")]
async fn chat_page(
    viewer: Viewer,
    sandbox: web::Data<Sandbox>,
    query: web::Query<ChatQuery>,
) -> Result<HttpResponse, PageError> {
    let bot_username = sandbox.telegram.bot_username();
    Ok(render(&ChatPage {
        nav: viewer.nav,
        csrf_token: viewer.csrf_token,
        bot_initial: bot_username
            .chars()
            .next()
            .map_or('B', |c| c.to_ascii_uppercase()),
        bot_username,
        start: start_payload(query.start.as_deref()),
        user: query.user.as_deref().and_then(|u| u.parse().ok()),
    }))
}

const ASSETS: &[(&str, &str, &str)] = &[
    (
        "sandbox.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/sandbox.js"),
    ),
    (
        "sandbox.css",
        "text/css; charset=utf-8",
        include_str!("../../static/sandbox.css"),
    ),
];

/// The page's script and stylesheet, served only in a demo.
#[get("/sandbox/static/{name}")]
async fn asset(name: web::Path<String>) -> HttpResponse {
    match ASSETS.iter().find(|(n, _, _)| *n == name.as_str()) {
        Some((_, content_type, body)) => HttpResponse::Ok()
            .content_type(*content_type)
            .insert_header((header::CACHE_CONTROL, "no-cache"))
            .body(*body),
        None => crate::web::not_found().await,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn start_payloads_are_what_telegram_passes_on() {
        assert_eq!(super::start_payload(Some("abc_-9")), Some("abc_-9".into()));
        let long = "a".repeat(65);
        for dropped in ["", "a b", "<x>", "ü", long.as_str()] {
            assert_eq!(super::start_payload(Some(dropped)), None, "{dropped:?}");
        }
    }
}
