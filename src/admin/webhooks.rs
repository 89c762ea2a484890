//! `/admin/webhooks`: the endpoints that get signed events, each with its recent attempts; add
//! one (its secret is shown once, on the page that answers the form), remove one, resend one
//! attempt's event. Every action is a CSRF-checked POST, written to the audit log in the
//! transaction that makes it (who, and the endpoint's URL or the event).
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

use diesel::Connection;

use super::audit::{self, Action};
use crate::accounts::AdminUser;
use crate::accounts::csrf::CsrfForm;
use crate::config::Config;
use crate::db::{self, Pool};
use crate::web::format::when;
use crate::web::{NavUser, NoFields, PageError, render, see_other};
use crate::webhooks::destination::Destinations;
use crate::webhooks::{endpoints, queue};

/// Attempts shown per endpoint.
const RECENT: i64 = 20;

struct AttemptView {
    delivery_id: i64,
    event_type: String,
    webhook_id: String,
    at: String,
    ok: bool,
    outcome: String,
    duration_ms: i64,
}

struct EndpointView {
    id: i64,
    url: String,
    created: String,
    pending: i64,
    attempts: Vec<AttemptView>,
}

#[derive(Template)]
#[template(path = "admin/webhooks.html")]
struct WebhooksPage {
    nav: Option<NavUser>,
    csrf_token: String,
    active: &'static str,
    endpoints: Vec<EndpointView>,
    url: String,
    url_error: Option<String>,
    /// The new endpoint's secret, shown on this one answer only.
    new_secret: Option<String>,
}

async fn page(
    admin: &AdminUser,
    pool: &Pool,
    url: String,
    url_error: Option<String>,
    new_secret: Option<String>,
) -> Result<WebhooksPage, PageError> {
    let endpoints = db::run(pool, |conn| {
        let mut views = Vec::new();
        for e in endpoints::list(conn)? {
            let attempts = queue::recent_attempts(conn, e.id, RECENT)?
                .into_iter()
                .map(|a| AttemptView {
                    delivery_id: a.delivery_id,
                    event_type: a.event_type,
                    webhook_id: a.webhook_id,
                    at: when(a.attempted_at),
                    ok: a.error.is_none(),
                    outcome: match (a.status_code, a.error) {
                        (_, Some(error)) => error,
                        (Some(code), None) => format!("HTTP {code}"),
                        (None, None) => "accepted".into(),
                    },
                    duration_ms: a.duration_ms,
                })
                .collect();
            views.push(EndpointView {
                pending: queue::pending_count(conn, e.id)?,
                id: e.id,
                url: e.url,
                created: when(e.created_at),
                attempts,
            });
        }
        Ok::<_, anyhow::Error>(views)
    })
    .await?;
    Ok(WebhooksPage {
        nav: admin.0.nav(),
        csrf_token: admin.0.csrf_token.clone(),
        active: "webhooks",
        endpoints,
        url,
        url_error,
        new_secret,
    })
}

#[get("/admin/webhooks")]
pub async fn webhooks_page(
    admin: AdminUser,
    pool: web::Data<Pool>,
) -> Result<HttpResponse, PageError> {
    Ok(render(
        &page(&admin, &pool, String::new(), None, None).await?,
    ))
}

#[derive(Deserialize)]
pub struct AddForm {
    url: String,
}

#[post("/admin/webhooks")]
#[tracing::instrument(skip_all, fields(admin = %admin.0.id()))]
pub async fn add(
    admin: AdminUser,
    pool: web::Data<Pool>,
    config: web::Data<Config>,
    form: CsrfForm<AddForm>,
) -> Result<HttpResponse, PageError> {
    let raw = form.0.url;
    let destinations = Destinations {
        allow_private: config.webhook_allow_private,
    };
    let url = match endpoints::parse_url(&raw, destinations) {
        Ok(url) => url,
        Err(e) => {
            let shown = page(&admin, &pool, raw, Some(e), None).await?;
            let mut response = render(&shown);
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            return Ok(response);
        }
    };
    let by = admin.0.id();
    let (id, secret) = db::run(&pool, move |conn| {
        conn.transaction(|conn| {
            let created = endpoints::create(conn, &url)?;
            audit::record_detail(conn, Some(by), Action::AddWebhook, url.as_str())?;
            Ok::<_, diesel::result::Error>(created)
        })
    })
    .await?;
    tracing::info!(endpoint = id, "webhook endpoint added");
    Ok(render(
        &page(&admin, &pool, String::new(), None, Some(secret)).await?,
    ))
}

#[post("/admin/webhooks/{id}/remove")]
#[tracing::instrument(skip_all, fields(admin = %admin.0.id()))]
pub async fn remove(
    admin: AdminUser,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let by = admin.0.id();
    let removed = db::run(&pool, move |conn| {
        conn.transaction(|conn| {
            let url = endpoints::remove(conn, id)?;
            if let Some(url) = &url {
                audit::record_detail(conn, Some(by), Action::RemoveWebhook, url)?;
            }
            Ok::<_, diesel::result::Error>(url)
        })
    })
    .await?;
    if removed.is_some() {
        tracing::info!(endpoint = id, "webhook endpoint removed");
    }
    Ok(see_other("/admin/webhooks"))
}

#[post("/admin/webhooks/resend/{delivery_id}")]
#[tracing::instrument(skip_all, fields(admin = %admin.0.id()))]
pub async fn resend(
    admin: AdminUser,
    pool: web::Data<Pool>,
    delivery_id: web::Path<i64>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, PageError> {
    let id = delivery_id.into_inner();
    let by = admin.0.id();
    let resent = db::run(&pool, move |conn| {
        conn.transaction(|conn| {
            let resent = queue::resend(conn, id)?;
            if let Some(r) = &resent {
                let detail = format!("{} {} to {}", r.event_type, r.webhook_id, r.url);
                audit::record_detail(conn, Some(by), Action::ResendWebhook, &detail)?;
            }
            Ok::<_, diesel::result::Error>(resent)
        })
    })
    .await?;
    if resent.is_some() {
        tracing::info!(delivery = id, "webhook event queued again");
    }
    Ok(see_other("/admin/webhooks"))
}
