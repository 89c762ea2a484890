//! Broadcast history: the list, one broadcast with live progress (and its JSON for polling), the
//! per-recipient outcomes, and cancel.
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::{Deserialize, Serialize};

use super::HealthView;
use super::action::{self, Done};
use super::audit::{Action, Entry};
use crate::accounts::csrf::CsrfForm;
use crate::accounts::{self, AdminUser};
use crate::db::{self, Pool};
use crate::delivery::queue_health::{self, QueueHealth};
use crate::delivery::report::{self, Broadcast, Counts, Recipient};
use crate::delivery::split::split;
use crate::delivery::status::DeliveryStatus;
use crate::delivery::store;
use crate::delivery::text::{Format, subject};
use crate::delivery::variants;
use crate::i18n::Lang;
use crate::telegram::Telegram;
use crate::web::format::{thousands, when};
use crate::web::{NavUser, NoFields, PageError, render};
use std::collections::HashMap;

/// The 404's sentence (a catalogue key).
const NO_SUCH_BROADCAST: &str = "formats-error-no-such-broadcast";

const PER_PAGE: i64 = 20;
const RECIPIENTS_PER_PAGE: i64 = 50;

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<i64>,
    status: Option<String>,
}

use super::broadcast_view::{self, BroadcastView};

#[derive(Template)]
#[template(path = "admin/history.html")]
struct HistoryPage {
    nav: Option<NavUser>,
    csrf_token: String,
    active: &'static str,
    flash: Option<crate::admin::flash::Flash>,
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
    let (rows, labels, zone) = db::run(&pool, move |conn| {
        let mut rows = report::broadcasts(conn, page, PER_PAGE)?;
        let has_next = rows.len() as i64 > PER_PAGE;
        rows.truncate(PER_PAGE as usize);
        let ids: Vec<i64> = rows.iter().map(|b| b.id).collect();
        Ok::<_, anyhow::Error>((
            (rows, has_next),
            broadcast_view::labels(conn, &ids)?,
            accounts::store::time_zone(conn, admin_id)?,
        ))
    })
    .await?;
    let (rows, has_next) = rows;
    Ok(render(&HistoryPage {
        nav: admin.nav(),
        csrf_token: admin.csrf_token.clone(),
        active: "history",
        flash: crate::admin::flash::take(&admin),
        broadcasts: rows
            .into_iter()
            .map(|b| {
                let l = labels.get(&b.id);
                BroadcastView::new(b).in_zone(zone).labelled(l)
            })
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
    flash: Option<crate::admin::flash::Flash>,
    b: BroadcastView,
    health: HealthView,
    /// Its variants per language (`_broadcast_variants.html`).
    variants: Vec<VariantView>,
    /// With paid broadcasts on: its cost in Stars, estimated and spent (`_paid_cost.html`).
    paid: Option<super::paid_cost::PaidCost>,
}

/// One variant of a broadcast, as its page shows it.
struct VariantView {
    tag: String,
    name: &'static str,
    rtl: bool,
    text: String,
    parts: Vec<String>,
}

/// A broadcast's variants in `Lang::ALL`'s order, cut into the parts they go out as.
fn variant_views(stored: HashMap<String, String>, format: Format) -> Vec<VariantView> {
    Lang::ALL
        .into_iter()
        .filter_map(|lang| {
            let text = stored.get(lang.tag())?.clone();
            Some(VariantView {
                tag: lang.tag().to_string(),
                name: lang.native_name(),
                rtl: lang.is_rtl(),
                parts: split(&text, format),
                text,
            })
        })
        .collect()
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
    telegram: web::Data<Telegram>,
    id: web::Path<i64>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let (b, h) = load(&pool, id).await?;
    let parts = split(&b.text, b.format).len().max(1) as i64;
    let paid = super::paid_cost::PaidCost::of(
        &telegram.config,
        b.recipients * parts,
        Some(b.counts.sent * parts),
    );
    let admin_id = admin.id();
    let (zone, labels, stored) = db::run(&pool, move |conn| {
        Ok::<_, diesel::result::Error>((
            accounts::store::time_zone(conn, admin_id)?,
            broadcast_view::labels(conn, &[id])?,
            variants::load_one(conn, id)?,
        ))
    })
    .await?;
    let variants = variant_views(stored, b.format);
    Ok(render(&DetailPage {
        nav: admin.nav(),
        csrf_token: admin.csrf_token.clone(),
        active: "history",
        flash: crate::admin::flash::take(&admin),
        b: BroadcastView::new(b)
            .in_zone(zone)
            .labelled(labels.get(&id)),
        health: HealthView::new(h),
        variants,
        paid,
    }))
}

/// What admin.js polls to move the progress bar.
#[derive(Serialize)]
struct Progress {
    id: i64,
    state: &'static str,
    /// What the status pill (or an edit's badge) says ("Sending", "Sent", …), in the reader's
    /// language.
    status: String,
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
    let (state, status, counts, percent) = match (query.of.as_deref(), &view.change) {
        (Some("change"), Some(c)) => (c.state, c.state_label(), c.counts, c.percent),
        (Some("change"), None) => (
            "done",
            broadcast_view::state_label("done"),
            Counts::default(),
            Counts::default().percent_done(),
        ),
        _ => (view.state, view.status.label(), view.counts, view.percent),
    };
    let open = counts.open();
    let eta_secs =
        (h.rate > 0.0 && state == "sending").then(|| (open as f64 / h.rate).ceil() as u64);
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(Progress {
            id: view.id,
            state,
            status,
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
    /// The status as the page says it.
    status_label: String,
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
                true => crate::i18n::t1("manage-recipient-group", "name", r.username),
                false => r.username,
            },
            status_label: outcome_label(&r.status),
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
    flash: Option<crate::admin::flash::Flash>,
    b: BroadcastView,
    /// "Recipients of broadcast #4", its link included (markup of ours).
    heading: String,
    status: String,
    /// Each outcome to filter by: (as stored, as the page says it).
    statuses: Vec<(&'static str, String)>,
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

/// A delivery's outcome as the recipients page says it.
fn outcome_label(status: &str) -> String {
    match status {
        "pending" => crate::i18n::t("manage-outcome-pending"),
        "sending" => crate::i18n::t("manage-outcome-sending"),
        "sent" => crate::i18n::t("manage-outcome-sent"),
        "blocked" => crate::i18n::t("manage-outcome-blocked"),
        "failed" => crate::i18n::t("manage-outcome-failed"),
        "cancelled" => crate::i18n::t("manage-outcome-cancelled"),
        other => other.to_string(),
    }
}

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
        flash: crate::admin::flash::take(&admin),
        heading: crate::i18n::t_args(
            "manage-recipients-heading",
            &[
                ("id", id.into()),
                ("href", format!("/admin/broadcasts/{id}").into()),
            ],
        ),
        b: BroadcastView::new(b),
        status: status.unwrap_or_default(),
        statuses: STATUSES.iter().map(|s| (*s, outcome_label(s))).collect(),
        recipients: rows.into_iter().map(RecipientView::from).collect(),
        page,
        has_next,
    }))
}

#[post("/admin/broadcasts/{id}/cancel")]
pub async fn cancel(
    admin: AdminUser,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let (b, _) = load(&pool, id).await?;
    let named = format!("#{id} {}", subject(&b.text, b.format));
    let was_cancelled = b.cancelled_at.is_some();
    action::perform(
        &admin,
        &pool,
        &format!("/admin/broadcasts/{id}"),
        move |conn| {
            let cancelled = store::cancel(conn, id)?;
            Ok(match was_cancelled {
                true => Done::new(None, crate::i18n::t("manage-cancelled-already")),
                false => Done::new(
                    Some(Entry::thing(Action::CancelBroadcast, named)),
                    crate::i18n::t_args(
                        "manage-cancelled",
                        &[
                            ("count", (cancelled as i64).into()),
                            ("shown", thousands(cancelled as i64).into()),
                        ],
                    ),
                ),
            })
        },
    )
    .await
}
