//! `/account/notifications`: which topics the member receives. One checkbox per topic; critical
//! topics are shown as always on. Saving records a choice for every topic shown (so a later change
//! of a topic's default does not flip what the member chose).
use std::collections::HashMap;

use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

use actix_web::http::StatusCode;
use chrono_tz::Tz;
use diesel::Connection;

use crate::accounts::auth::CurrentUser;
use crate::accounts::csrf::CsrfForm;
use crate::db::{self, Pool};
use crate::delivery::quiet::{self, QuietHours};
use crate::i18n::{t, t_args};
use crate::topics::{self, Topic};
use crate::web::{NavUser, PageError, render, render_status, see_other};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(page).service(save).service(save_quiet);
}

#[derive(Template)]
#[template(path = "account/notifications.html")]
struct NotificationsPage {
    nav: Option<NavUser>,
    csrf_token: String,
    choices: Vec<(Topic, bool)>,
    /// A notice after saving: a catalogue key.
    saved: Option<&'static str>,
    quiet: QuietFields,
    quiet_error: Option<String>,
    zones: &'static [Tz],
}

/// The quiet-hours form as typed (or as stored).
#[derive(Deserialize, Default)]
struct QuietFields {
    quiet: Option<String>,
    #[serde(default)]
    quiet_start: String,
    #[serde(default)]
    quiet_end: String,
    #[serde(default)]
    time_zone: String,
}

impl QuietFields {
    fn of(stored: Option<QuietHours>) -> QuietFields {
        match stored {
            Some(q) => QuietFields {
                quiet: Some("on".into()),
                quiet_start: quiet::show_time(q.start),
                quiet_end: quiet::show_time(q.end),
                time_zone: q.zone.name().to_string(),
            },
            None => QuietFields {
                quiet: None,
                quiet_start: "22:00".into(),
                quiet_end: "07:00".into(),
                time_zone: String::new(),
            },
        }
    }

    /// The window to store (`None`: no quiet hours), or what to fix.
    fn parse(&self) -> Result<Option<QuietHours>, String> {
        if self.quiet.is_none() {
            return Ok(None);
        }
        let start =
            quiet::parse_time(&self.quiet_start).map_err(|_| bad_time("member-notif-from"))?;
        let end = quiet::parse_time(&self.quiet_end).map_err(|_| bad_time("member-notif-until"))?;
        if start == end {
            return Err(t("member-notif-same-times"));
        }
        let zone: Tz = self
            .time_zone
            .parse()
            .map_err(|_| t("member-notif-zone-invalid"))?;
        Ok(Some(QuietHours { start, end, zone }))
    }
}

/// "From: Give a time like 22:00.", naming the field (a catalogue key) in the reader's language.
fn bad_time(field: &str) -> String {
    t_args(
        "member-notif-time-error",
        &[
            ("field", t(field).into()),
            ("problem", t("member-notif-time-invalid").into()),
        ],
    )
}

async fn render_page(
    user: &CurrentUser,
    pool: &Pool,
    saved: Option<&'static str>,
    quiet: Option<QuietFields>,
    quiet_error: Option<String>,
) -> Result<NotificationsPage, PageError> {
    let id = user.id();
    let (choices, stored) = db::run(pool, move |conn| {
        Ok::<_, anyhow::Error>((topics::choices(conn, id)?, quiet::of_member(conn, id)?))
    })
    .await?;
    Ok(NotificationsPage {
        nav: user.nav(),
        csrf_token: user.csrf_token.clone(),
        choices,
        saved,
        quiet: quiet.unwrap_or_else(|| QuietFields::of(stored)),
        quiet_error,
        zones: &chrono_tz::TZ_VARIANTS,
    })
}

#[derive(Deserialize)]
struct PageQuery {
    #[serde(default)]
    done: String,
}

#[get("/account/notifications")]
async fn page(
    user: CurrentUser,
    pool: web::Data<Pool>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, PageError> {
    let saved = match query.done.as_str() {
        "saved" => Some("member-notif-saved"),
        "quiet" => Some("member-notif-quiet-saved"),
        _ => None,
    };
    Ok(render(&render_page(&user, &pool, saved, None, None).await?))
}

#[post("/account/notifications/quiet")]
async fn save_quiet(
    user: CurrentUser,
    pool: web::Data<Pool>,
    CsrfForm(fields): CsrfForm<QuietFields>,
) -> Result<HttpResponse, PageError> {
    let window = match fields.parse() {
        Ok(window) => window,
        Err(e) => {
            let refused = render_page(&user, &pool, None, Some(fields), Some(e)).await?;
            return Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &refused));
        }
    };
    let id = user.id();
    db::run(&pool, move |conn| quiet::set_for_member(conn, id, window)).await?;
    Ok(see_other("/account/notifications?done=quiet"))
}

/// The name of a topic's checkbox: only the checked ones arrive.
pub fn field_name(topic_id: i64) -> String {
    format!("topic-{topic_id}")
}

/// The page's one form: the topics and the quiet hours together, so saving one never drops what
/// was changed in the other. A quiet-hours mistake saves nothing and shows the form as typed.
/// A post without the quiet-hours fields (`time_zone` absent) changes only the topics.
#[post("/account/notifications")]
async fn save(
    user: CurrentUser,
    pool: web::Data<Pool>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, PageError> {
    let quiet = form.contains_key("time_zone").then(|| QuietFields {
        quiet: form.get("quiet").cloned(),
        quiet_start: form.get("quiet_start").cloned().unwrap_or_default(),
        quiet_end: form.get("quiet_end").cloned().unwrap_or_default(),
        time_zone: form.get("time_zone").cloned().unwrap_or_default(),
    });
    let window = match quiet.as_ref().map(QuietFields::parse).transpose() {
        Ok(window) => window,
        Err(e) => {
            let mut refused = render_page(&user, &pool, None, quiet, Some(e)).await?;
            for (topic, on) in &mut refused.choices {
                if !topic.critical {
                    *on = form.contains_key(&field_name(topic.id));
                }
            }
            return Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &refused));
        }
    };
    let chosen_zone = form.get("time_zone").and_then(|z| z.parse::<Tz>().ok());
    let id = user.id();
    db::run(&pool, move |conn| {
        conn.transaction(|conn| {
            for topic in topics::list(conn)?.into_iter().filter(|t| !t.critical) {
                let on = form.contains_key(&field_name(topic.id));
                topics::choose(conn, id, topic.id, on)?;
            }
            if let Some(window) = window {
                quiet::set_for_member(conn, id, window)?;
            }
            // A zone chosen without quiet hours is still the member's zone for the pages.
            if let Some(zone) = chosen_zone {
                crate::accounts::store::set_time_zone(conn, id, zone)?;
            }
            Ok::<_, anyhow::Error>(())
        })
    })
    .await?;
    Ok(see_other("/account/notifications?done=saved"))
}
