//! Broadcast history: the list, one broadcast with live progress (and its JSON for polling), the
//! per-recipient outcomes, and cancel.
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::{Deserialize, Serialize};

use super::HealthView;
use crate::accounts::csrf::CsrfForm;
use crate::accounts::{self, AdminUser};
use crate::db::{self, Pool};
use crate::delivery::edits;
use crate::delivery::job::Action;
use crate::delivery::queue_health::{self, QueueHealth};
use crate::delivery::report::{self, Broadcast, Counts, Recipient};
use crate::delivery::status::DeliveryStatus;
use crate::delivery::store;
use crate::web::format::{thousands, when, when_in};
use crate::web::{NavUser, NoFields, PageError, render, see_other};

const NO_SUCH_BROADCAST: &str =
    "There is no such broadcast. It may have been removed with its author.";

const PER_PAGE: i64 = 20;
const RECIPIENTS_PER_PAGE: i64 = 50;

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<i64>,
    status: Option<String>,
}

/// One broadcast as the pages show it.
struct BroadcastView {
    id: i64,
    author: String,
    created: String,
    text: String,
    excerpt: String,
    html: bool,
    admins_only: bool,
    state: &'static str,
    cancellable: bool,
    /// When a scheduled broadcast starts (in the admin's time zone), until it does.
    scheduled: Option<String>,
    send_at: Option<chrono::NaiveDateTime>,
    counts: Counts,
    total: String,
    percent: u32,
    /// It went out (or started to): it can be edited in place, or deleted for everyone.
    started: bool,
    edited: Option<String>,
    retracted: Option<String>,
    /// Still within the 48 hours Telegram gives a bot to delete its messages.
    deletable: bool,
    change: Option<ChangeView>,
}

/// The progress of a broadcast's latest edit or of its deletion.
struct ChangeView {
    /// "Edit" or "Deletion".
    label: &'static str,
    state: &'static str,
    counts: Counts,
    total: String,
    percent: u32,
}

impl ChangeView {
    fn new(action: Action, counts: Counts) -> ChangeView {
        ChangeView {
            label: if action == Action::Delete {
                "Deletion"
            } else {
                "Edit"
            },
            state: if counts.open() > 0 { "sending" } else { "done" },
            total: thousands(counts.total()),
            percent: counts.percent_done(),
            counts,
        }
    }
}

impl BroadcastView {
    /// Shows the start time in the admin's own time zone, when they chose one.
    fn in_zone(mut self, zone: Option<chrono_tz::Tz>) -> BroadcastView {
        if let (Some(zone), Some(at), Some(_)) = (zone, self.send_at, &self.scheduled) {
            self.scheduled = Some(when_in(at, zone));
        }
        self
    }

    fn new(b: Broadcast) -> BroadcastView {
        let mut excerpt: String = b.text.chars().take(120).collect();
        if b.text.chars().count() > 120 {
            excerpt.push('…');
        }
        let upcoming = b.send_at.filter(|t| *t > crate::db::now());
        let state = match (b.cancelled_at.is_some(), b.counts.open() > 0) {
            (true, _) => "cancelled",
            (false, true) if upcoming.is_some() => "scheduled",
            (false, true) => "sending",
            (false, false) => "done",
        };
        BroadcastView {
            started: b.went_out(),
            edited: b.edited_at.map(when),
            retracted: b.retracted_at.map(when),
            deletable: edits::may_delete(b.started_at()),
            change: b
                .change
                .map(|(action, counts)| ChangeView::new(action, counts)),
            id: b.id,
            author: b.author.unwrap_or_else(|| "(deleted account)".into()),
            created: when(b.created_at),
            excerpt,
            html: b.format == crate::delivery::text::Format::Html,
            admins_only: b.audience == "admins",
            cancellable: b.cancelled_at.is_none() && b.counts.open() > 0,
            scheduled: (state == "scheduled").then(|| upcoming.map(when)).flatten(),
            send_at: upcoming,
            state,
            total: thousands(b.recipients),
            percent: b.counts.percent_done(),
            counts: b.counts,
            text: b.text,
        }
    }
}

#[derive(Template)]
#[template(path = "admin/history.html")]
struct HistoryPage {
    nav: Option<NavUser>,
    csrf_token: String,
    active: &'static str,
    broadcasts: Vec<BroadcastView>,
    page: i64,
    has_next: bool,
}

#[get("/admin/broadcasts")]
pub async fn list(
    AdminUser(admin): AdminUser,
    pool: web::Data<Pool>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, PageError> {
    let page = query.page.unwrap_or(1).clamp(1, 1_000_000);
    let admin_id = admin.id();
    let (mut rows, zone) = db::run(&pool, move |conn| {
        Ok::<_, anyhow::Error>((
            report::broadcasts(conn, page, PER_PAGE)?,
            accounts::store::time_zone(conn, admin_id)?,
        ))
    })
    .await?;
    let has_next = rows.len() as i64 > PER_PAGE;
    rows.truncate(PER_PAGE as usize);
    Ok(render(&HistoryPage {
        nav: admin.nav(),
        csrf_token: admin.csrf_token.clone(),
        active: "history",
        broadcasts: rows
            .into_iter()
            .map(|b| BroadcastView::new(b).in_zone(zone))
            .collect(),
        page,
        has_next,
    }))
}

#[derive(Template)]
#[template(path = "admin/broadcast.html")]
struct DetailPage {
    nav: Option<NavUser>,
    csrf_token: String,
    active: &'static str,
    b: BroadcastView,
    health: HealthView,
}

/// One broadcast, or the page that says there is none.
pub(super) async fn find(pool: &Pool, id: i64) -> Result<Broadcast, PageError> {
    let b = db::run(pool, move |conn| report::broadcast(conn, id)).await?;
    b.ok_or(PageError::NotFound(NO_SUCH_BROADCAST))
}

async fn load(pool: &Pool, id: i64) -> Result<(Broadcast, Option<QueueHealth>), PageError> {
    let (b, h) = db::run(pool, move |conn| {
        Ok::<_, anyhow::Error>((report::broadcast(conn, id)?, queue_health::read(conn)?))
    })
    .await?;
    Ok((b.ok_or(PageError::NotFound(NO_SUCH_BROADCAST))?, h))
}

#[get("/admin/broadcasts/{id}")]
pub async fn detail(
    AdminUser(admin): AdminUser,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
) -> Result<HttpResponse, PageError> {
    let (b, h) = load(&pool, id.into_inner()).await?;
    let admin_id = admin.id();
    let zone = db::run(&pool, move |conn| {
        accounts::store::time_zone(conn, admin_id)
    })
    .await?;
    Ok(render(&DetailPage {
        nav: admin.nav(),
        csrf_token: admin.csrf_token.clone(),
        active: "history",
        b: BroadcastView::new(b).in_zone(zone),
        health: HealthView::new(h),
    }))
}

/// What admin.js polls to move the progress bar.
#[derive(Serialize)]
struct Progress {
    id: i64,
    state: &'static str,
    total: i64,
    #[serde(flatten)]
    counts: Counts,
    percent: u32,
    /// Queue-wide messages per second right now.
    rate: f64,
    /// Seconds until this broadcast is through, at the current rate.
    eta_secs: Option<u64>,
    paused_until: Option<String>,
}

#[derive(Deserialize)]
pub struct ProgressQuery {
    /// `change`: the progress of its latest edit or of its deletion, not of its sending.
    of: Option<String>,
}

#[get("/admin/broadcasts/{id}/progress")]
pub async fn progress(
    _admin: AdminUser,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
    query: web::Query<ProgressQuery>,
) -> Result<HttpResponse, PageError> {
    let (b, h) = load(&pool, id.into_inner()).await?;
    let h = h.filter(QueueHealth::is_live).unwrap_or_default();
    let view = BroadcastView::new(b);
    let (state, counts, percent) = match (query.of.as_deref(), &view.change) {
        (Some("change"), Some(c)) => (c.state, c.counts, c.percent),
        (Some("change"), None) => ("done", Counts::default(), Counts::default().percent_done()),
        _ => (view.state, view.counts, view.percent),
    };
    let open = counts.open();
    let eta_secs =
        (h.rate > 0.0 && state == "sending").then(|| (open as f64 / h.rate).ceil() as u64);
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(Progress {
            id: view.id,
            state,
            total: counts.total(),
            counts,
            percent,
            rate: (h.rate * 10.0).round() / 10.0,
            eta_secs,
            paused_until: h.paused_now().map(|t| t.to_rfc3339()),
        }))
}

struct RecipientView {
    username: String,
    status: String,
    attempts: i32,
    error: String,
    telegram_message_id: String,
    updated: String,
}

impl From<Recipient> for RecipientView {
    fn from(r: Recipient) -> Self {
        RecipientView {
            // A connected group or channel (negative id) is filed under its member.
            username: match r.chat_id < 0 {
                true => format!("{}'s group or channel", r.username),
                false => r.username,
            },
            status: r.status,
            attempts: r.attempts,
            error: r.error.unwrap_or_default(),
            telegram_message_id: r
                .telegram_message_id
                .map(|i| i.to_string())
                .unwrap_or_default(),
            updated: when(r.updated_at),
        }
    }
}

#[derive(Template)]
#[template(path = "admin/recipients.html")]
struct RecipientsPage {
    nav: Option<NavUser>,
    csrf_token: String,
    active: &'static str,
    b: BroadcastView,
    status: String,
    statuses: &'static [&'static str],
    recipients: Vec<RecipientView>,
    page: i64,
    has_next: bool,
}

const STATUSES: [&str; 6] = {
    let all = DeliveryStatus::ALL;
    let mut names = [""; 6];
    let mut i = 0;
    while i < all.len() {
        names[i] = all[i].as_str();
        i += 1;
    }
    names
};

#[get("/admin/broadcasts/{id}/recipients")]
pub async fn recipients(
    AdminUser(admin): AdminUser,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let page = query.page.unwrap_or(1).clamp(1, 1_000_000);
    let status = query
        .status
        .clone()
        .filter(|s| STATUSES.contains(&s.as_str()));
    let (b, _) = load(&pool, id).await?;
    let filter = status.clone();
    let mut rows = db::run(&pool, move |conn| {
        report::recipients(conn, id, filter.as_deref(), page, RECIPIENTS_PER_PAGE)
    })
    .await?;
    let has_next = rows.len() as i64 > RECIPIENTS_PER_PAGE;
    rows.truncate(RECIPIENTS_PER_PAGE as usize);
    Ok(render(&RecipientsPage {
        nav: admin.nav(),
        csrf_token: admin.csrf_token.clone(),
        active: "history",
        b: BroadcastView::new(b),
        status: status.unwrap_or_default(),
        statuses: &STATUSES,
        recipients: rows.into_iter().map(RecipientView::from).collect(),
        page,
        has_next,
    }))
}

#[post("/admin/broadcasts/{id}/cancel")]
#[tracing::instrument(skip_all, fields(admin = %admin.0.id()))]
pub async fn cancel(
    admin: AdminUser,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    load(&pool, id).await?;
    let cancelled = db::run(&pool, move |conn| store::cancel(conn, id)).await?;
    tracing::info!(broadcast = id, cancelled, "broadcast cancelled");
    Ok(see_other(&format!("/admin/broadcasts/{id}")))
}
