//! Every /admin page (admins only, through the `AdminUser` guard): overview, compose, history
//! with live progress, per-recipient outcomes, cancel, API tokens, users, connected groups and the
//! audit log.
//! Handlers parse, call the delivery store, report or directory, and render.
mod action;
pub(crate) mod audit;
mod audit_page;
mod broadcast_view;
mod compose;
mod compose_form;
mod compose_variants; // compose's variants per language, each checked by its field
pub mod directory;
mod flash;
mod groups;
mod history;
mod paid_cost;
mod revise;
mod schedule;
mod tokens;
mod topics;
mod users;
mod webhooks;
mod zones;

use actix_web::{HttpResponse, get, web};
use askama::Template;

use crate::accounts::AdminUser;
use crate::db::{self, Pool};
use crate::delivery::queue_health::{self, QueueHealth};
use crate::delivery::report;
use crate::linking::links::Via;
use crate::telegram::Telegram;
use crate::web::format::{thousands, when, when_utc};
use crate::web::{NavUser, PageError, render};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(overview)
        .service(compose::compose_page)
        .service(compose::preview)
        .service(compose::create)
        .service(compose::audience_count)
        .service(compose::markdown_preview)
        .service(compose::parts_preview)
        .service(history::list)
        .service(history::detail)
        .service(history::progress)
        .service(history::recipients)
        .service(history::cancel)
        .service(revise::save)
        .service(revise::retract)
        .service(schedule::edit_page)
        .service(schedule::save)
        .service(tokens::tokens_page)
        .service(tokens::create)
        .service(tokens::revoke)
        .service(users::users_page)
        .service(users::act)
        .service(audit_page::audit_page)
        .service(topics::topics_page)
        .service(topics::create)
        .service(topics::edit_page)
        .service(topics::update)
        .service(topics::delete)
        .service(webhooks::webhooks_page)
        .service(webhooks::add)
        .service(webhooks::remove)
        .service(webhooks::resend)
        .service(groups::groups_page)
        .service(groups::disconnect);
}

/// The admin pages' tabs: (the page's `active` key, its address, its name's catalogue key).
pub const NAV_LINKS: [(&str, &str, &str); 9] = [
    ("overview", "/admin", "admin-nav-overview"),
    ("compose", "/admin/broadcasts/new", "admin-nav-compose"),
    ("history", "/admin/broadcasts", "admin-nav-history"),
    ("topics", "/admin/topics", "admin-nav-topics"),
    ("users", "/admin/users", "admin-nav-users"),
    ("groups", "/admin/groups", "admin-nav-groups"),
    ("audit", "/admin/audit", "admin-nav-audit"),
    ("tokens", "/admin/tokens", "admin-nav-tokens"),
    ("webhooks", "/admin/webhooks", "admin-nav-webhooks"),
];

/// A message for admin.js (`templates/admin/_script_text.html`): each variable stands in it as
/// `{name}`, which the script fills in.
pub fn js_text(key: &str, vars: &[&str]) -> String {
    let marks: Vec<String> = vars.iter().map(|v| format!("{{{v}}}")).collect();
    let pairs: Vec<(&str, crate::i18n::FluentValue<'_>)> = vars
        .iter()
        .zip(&marks)
        .map(|(name, mark)| (*name, mark.as_str().into()))
        .collect();
    crate::i18n::t_args(key, &pairs)
}

/// A count in a sentence of the catalogue (`{ $n } sent`): the number in a `<strong>` that
/// admin.js updates (`data-field`). Only our numbers and names go in, so the page shows it as is.
pub fn counted(key: &str, field: &str, n: impl std::fmt::Display) -> String {
    crate::i18n::t1(
        key,
        "n",
        format!("<strong data-field=\"{field}\">{n}</strong>"),
    )
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
    how: String,
    at: String,
}

/// How a link or unlink happened, in the reader's language (empty when unknown).
fn describe_via(via: Option<Via>) -> String {
    let key = match via {
        Some(Via::Bot) => "admin-via-bot",
        Some(Via::TelegramLogin) => "admin-via-telegram-login",
        Some(Via::Page) => "admin-via-page",
        Some(Via::Stop) => "admin-via-stop",
        Some(Via::Blocked) => "admin-via-blocked",
        Some(Via::SendForbidden) => "admin-via-send-forbidden",
        Some(Via::ChatNotFound) => "admin-via-chat-not-found",
        Some(Via::AccountDeleted) => "admin-via-account-deleted",
        Some(Via::Admin) => "admin-via-admin",
        Some(Via::Api) => "admin-via-api",
        Some(Via::Disabled) => "admin-via-disabled",
        Some(Via::Removed) => "admin-via-removed",
        Some(Via::NoPosting) => "admin-via-no-posting",
        None => return String::new(),
    };
    crate::i18n::t(key)
}

#[derive(Template)]
#[template(path = "admin/overview.html")]
struct OverviewPage {
    nav: Option<NavUser>,
    csrf_token: String,
    active: &'static str,
    flash: Option<crate::admin::flash::Flash>,
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
            crate::linking::links::count_linked(conn)?,
            report::open_deliveries(conn)?,
            queue_health::read(conn)?,
            crate::linking::links::recent_events(conn, 10)?,
        ))
    })
    .await?;
    let events = events
        .into_iter()
        .map(|e| EventView {
            linked: e.event == "linked",
            how: describe_via(e.via.parse().ok()),
            username: e.username,
            at: when(e.created_at),
        })
        .collect();
    Ok(render(&OverviewPage {
        nav: admin.nav(),
        csrf_token: admin.csrf_token.clone(),
        active: "overview",
        flash: crate::admin::flash::take(&admin),
        users: thousands(users),
        linked: thousands(linked),
        open: thousands(open),
        bot_configured: telegram.bot.is_some(),
        health: HealthView::new(health),
        events,
    }))
}
