//! Changing a scheduled broadcast before it starts: its text, format and start time. (Cancel is
//! on the broadcast's page, as for one that is sending.)
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use chrono_tz::Tz;
use serde::Deserialize;

use super::action::{self, Done, Refusal};
use super::audit::{Action, Entry};
use super::compose_form::scheduled_for;
use crate::accounts::csrf::CsrfForm;
use crate::accounts::{self, AdminUser};
use crate::db::{self, Pool};
use crate::delivery::report;
use crate::delivery::store;
use crate::delivery::text::{Format, MessageText, subject};
use crate::web::format::when_in;
use crate::web::{NavUser, PageError, render, render_status, see_other};

/// The 404's sentence (a catalogue key).
const NOT_SCHEDULED: &str = "formats-error-not-scheduled";

#[derive(Template)]
#[template(path = "admin/schedule.html")]
struct SchedulePage {
    nav: Option<NavUser>,
    csrf_token: String,
    active: &'static str,
    flash: Option<crate::admin::flash::Flash>,
    id: i64,
    text: String,
    html: bool,
    send_at: String,
    time_zone: String,
    zones: Vec<&'static str>,
    text_error: Option<String>,
    send_at_error: Option<String>,
    /// It started (or was cancelled) meanwhile.
    too_late: bool,
}

#[get("/admin/broadcasts/{id}/edit")]
pub async fn edit_page(
    admin: AdminUser,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
) -> Result<HttpResponse, PageError> {
    let (id, admin_id) = (id.into_inner(), admin.0.id());
    let (b, zone) = db::run(&pool, move |conn| {
        Ok::<_, anyhow::Error>((
            report::broadcast(conn, id)?,
            accounts::store::time_zone(conn, admin_id)?,
        ))
    })
    .await?;
    let b = b.ok_or(PageError::NotFound(NOT_SCHEDULED))?;
    let Some(at) = b
        .send_at
        .filter(|t| *t > db::now() && b.cancelled_at.is_none())
    else {
        // Started: its text can be edited in every chat, unless it was deleted for everyone.
        if b.retracted_at.is_none() && b.went_out() {
            return Ok(super::revise::edit_page(&admin, &b));
        }
        return Ok(see_other(&format!("/admin/broadcasts/{id}")));
    };
    let zone = zone.unwrap_or(Tz::UTC);
    Ok(render(&SchedulePage {
        nav: admin.0.nav(),
        csrf_token: admin.0.csrf_token.clone(),
        active: "history",
        flash: crate::admin::flash::take(&admin.0),
        id,
        html: b.format == Format::Html,
        text: b.text,
        send_at: at
            .and_utc()
            .with_timezone(&zone)
            .format("%Y-%m-%dT%H:%M")
            .to_string(),
        time_zone: zone.name().to_string(),
        zones: super::zones::offered(Some(zone)),
        text_error: None,
        send_at_error: None,
        too_late: false,
    }))
}

#[derive(Deserialize)]
pub struct ScheduleForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    format: Format,
    #[serde(default)]
    send_at: String,
    #[serde(default)]
    time_zone: String,
}

#[post("/admin/broadcasts/{id}/edit")]
#[tracing::instrument(skip_all, fields(admin = %admin.0.id()))]
pub async fn save(
    admin: AdminUser,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<ScheduleForm>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let text = MessageText::parse(&form.text, form.format);
    let send_at = match scheduled_for(&form.send_at, &form.time_zone) {
        Ok(None) => Err(crate::i18n::t("manage-schedule-needs-time")),
        other => other,
    };
    let zone: Tz = form.time_zone.parse().unwrap_or(Tz::UTC);
    let saved = match (&text, &send_at) {
        (Ok(text), Ok(Some(at))) => {
            let (text, at) = (text.clone(), *at);
            let outcome = action::run(&admin, &pool, move |conn| {
                if !store::edit_scheduled(conn, id, &text, at)? {
                    return Err(Refusal::Said("too late".into()));
                }
                let named = format!("#{id} {}", subject(text.as_str(), text.format()));
                Ok(Done::new(
                    Some(Entry::thing(Action::ChangeScheduled, named)),
                    crate::i18n::t1("manage-schedule-saved", "at", when_in(at, zone)),
                ))
            })
            .await?;
            Some(outcome)
        }
        _ => None,
    };
    if let Some(Ok(done)) = saved {
        let to = format!("/admin/broadcasts/{id}");
        return Ok(action::answer(&admin, &to, &Ok(done)));
    }
    let page = SchedulePage {
        nav: admin.0.nav(),
        csrf_token: admin.0.csrf_token.clone(),
        active: "history",
        flash: crate::admin::flash::take(&admin.0),
        id,
        html: form.format == Format::Html,
        text: form.text,
        send_at: form.send_at,
        time_zone: form.time_zone,
        zones: super::zones::offered(Some(zone)),
        text_error: text.err(),
        send_at_error: send_at.err(),
        too_late: saved.is_some(),
    };
    let status = if page.too_late {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render_status(status, &page))
}
