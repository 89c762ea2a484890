//! `/admin/webhooks`: the endpoints that get signed events, each with its recent attempts; add
//! one (its secret is shown once, on the page that answers the form, naming its endpoint), remove
//! one, resend one attempt's event. Every action is a CSRF-checked POST (`admin::action`), written
//! to the audit log in the transaction that makes it (who, and the endpoint's URL or the event).
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

use super::action::{self, Done};
use super::audit::{Action, Entry};
use super::flash::Flash;
use crate::accounts::AdminUser;
use crate::accounts::csrf::CsrfForm;
use crate::config::Config;
use crate::db::{self, Pool};
use crate::web::format::when;
use crate::web::{NavUser, NoFields, PageError, render, render_status};
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
    flash: Option<crate::admin::flash::Flash>,
    endpoints: Vec<EndpointView>,
    url: String,
    url_error: Option<String>,
    /// The new endpoint's secret, shown on this one answer only.
    new_secret: Option<NewSecret>,
    /// TGLINK_WEBHOOK_ALLOW_PRIVATE is on: http and private addresses are accepted.
    allow_private: bool,
}

/// A new endpoint's signing secret, with the endpoint it is for.
struct NewSecret {
    url: String,
    secret: String,
}

async fn page(
    admin: &AdminUser,
    pool: &Pool,
    config: &Config,
    url: String,
    url_error: Option<String>,
    new_secret: Option<NewSecret>,
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
                        (None, None) => crate::i18n::t("manage-webhook-accepted"),
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
        flash: crate::admin::flash::take(&admin.0),
        endpoints,
        url,
        url_error,
        new_secret,
        allow_private: config.webhook_allow_private,
    })
}

#[get("/admin/webhooks")]
pub async fn webhooks_page(
    admin: AdminUser,
    pool: web::Data<Pool>,
    config: web::Data<Config>,
) -> Result<HttpResponse, PageError> {
    Ok(render(
        &page(&admin, &pool, &config, String::new(), None, None).await?,
    ))
}

#[derive(Deserialize)]
pub struct AddForm {
    url: String,
}

/// Adds an endpoint and shows its secret once, on this answer (no redirect: it is not kept to
/// show again), naming the endpoint it signs for.
#[post("/admin/webhooks")]
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
            let shown = page(&admin, &pool, &config, raw, Some(e), None).await?;
            return Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &shown));
        }
    };
    let outcome = action::run(&admin, &pool, move |conn| {
        let (_, secret) = endpoints::create(conn, &url)?;
        Ok(Done {
            entry: Some(Entry::thing(Action::AddWebhook, url.as_str())),
            said: crate::i18n::t1("manage-webhook-added", "url", url.as_str()),
            value: NewSecret {
                url: url.to_string(),
                secret,
            },
        })
    })
    .await?;
    let (flash, created) = match outcome {
        Ok(done) => (Flash::done(done.said), Some(done.value)),
        Err(why) => (Flash::refused(why), None),
    };
    let mut shown = page(&admin, &pool, &config, String::new(), None, created).await?;
    shown.flash = Some(flash);
    Ok(render(&shown))
}

#[post("/admin/webhooks/{id}/remove")]
pub async fn remove(
    admin: AdminUser,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    action::perform(&admin, &pool, "/admin/webhooks", move |conn| {
        Ok(match endpoints::remove(conn, id)? {
            Some(url) => Done::new(
                Some(Entry::thing(Action::RemoveWebhook, &url)),
                crate::i18n::t1("manage-webhook-removed", "url", url.as_str()),
            ),
            None => Done::new(None, crate::i18n::t("manage-webhook-removed-already")),
        })
    })
    .await
}

#[post("/admin/webhooks/resend/{delivery_id}")]
pub async fn resend(
    admin: AdminUser,
    pool: web::Data<Pool>,
    delivery_id: web::Path<i64>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, PageError> {
    let id = delivery_id.into_inner();
    action::perform(&admin, &pool, "/admin/webhooks", move |conn| {
        Ok(match queue::resend(conn, id)? {
            Some(r) => Done::new(
                Some(Entry::thing(
                    Action::ResendWebhook,
                    format!("{} {} to {}", r.event_type, r.webhook_id, r.url),
                )),
                crate::i18n::t_args(
                    "manage-webhook-queued",
                    &[
                        ("event", r.event_type.as_str().into()),
                        ("id", r.webhook_id.as_str().into()),
                        ("url", r.url.as_str().into()),
                    ],
                ),
            ),
            None => Done::new(None, crate::i18n::t("manage-webhook-gone")),
        })
    })
    .await
}
