//! The member's own pages: Connect Telegram (and the groups and channels they connected),
//! `/account`, changing the password, the sessions list with "Sign out" per session and "Sign out
//! everywhere else", notifications (topics, quiet hours) and deleting the account.
mod connect; // the Connect Telegram page and its live status
mod connect_groups; // the Connect page's groups and channels: add the bot, list, disconnect
mod delete;
mod home;
mod language; // the member's language select, the visitor's footer menu
mod notifications;

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

use crate::accounts::auth::CurrentUser;
use crate::accounts::csrf::{self, CsrfForm};
use crate::accounts::domain::{MAX_PASSWORD_CHARS, NewPassword};
use crate::accounts::password::{self, Lane};
use crate::accounts::sessions::{self, SessionInfo};
use crate::accounts::store;
use crate::accounts::throttle::{self, Verdict};
use crate::config::Config;
use crate::db::{self, Pool};
use crate::linking::{links, notices};
use crate::telegram::{Telegram, html};
use crate::web::format::{Moment, when};
use crate::web::{NavUser, NoFields, PageError, render, render_status, see_other};
use chrono_tz::Tz;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(home::home)
        .configure(connect::routes)
        .configure(connect_groups::routes)
        .configure(delete::routes)
        .configure(notifications::routes)
        .configure(language::routes)
        .service(overview)
        .service(password_page)
        .service(change_password)
        .service(sessions_page)
        .service(end_session)
        .service(end_other_sessions)
        .service(set_alerts);
}

#[derive(Template)]
#[template(path = "account/index.html")]
struct AccountPage {
    nav: Option<NavUser>,
    csrf_token: String,
    username: String,
    telegram: Option<String>,
    sessions: usize,
    /// New sign-in alerts in Telegram.
    alerts: bool,
    /// A notice after an action ("password changed").
    notice: Option<String>,
    /// The saved language's tag, or empty: follow the browser.
    language: &'static str,
    /// The catalogue key of an error by the language field.
    language_error: Option<&'static str>,
}

#[derive(Deserialize)]
struct OverviewQuery {
    #[serde(default)]
    done: String,
}

#[get("/account")]
async fn overview(
    user: CurrentUser,
    pool: web::Data<Pool>,
    query: web::Query<OverviewQuery>,
) -> Result<HttpResponse, PageError> {
    let notice = match query.done.as_str() {
        "password" => Some("account-done-password"),
        "sessions" => Some("account-done-sessions"),
        "reset" => Some("account-done-reset"),
        "alerts" => Some("account-done-alerts"),
        "language" => Some("account-done-language"),
        _ => None,
    };
    account_page(&user, &pool, notice, None).await
}

/// /account, with a notice after an action or an error by the language field (catalogue keys).
async fn account_page(
    user: &CurrentUser,
    pool: &Pool,
    notice: Option<&str>,
    language_error: Option<&'static str>,
) -> Result<HttpResponse, PageError> {
    let id = user.id();
    let (link, sessions, alerts, language) = db::run(pool, move |conn| {
        Ok::<_, anyhow::Error>((
            links::find_by_user(conn, id)?,
            sessions::list(conn, id)?,
            store::signin_alerts(conn, id)?,
            crate::accounts::language::saved(conn, id)?,
        ))
    })
    .await?;
    let page = AccountPage {
        nav: user.nav(),
        csrf_token: user.csrf_token.clone(),
        username: user.user.username.clone(),
        telegram: link.as_ref().map(links::Link::display_name),
        sessions: sessions.len(),
        alerts,
        notice: notice.map(crate::i18n::t),
        language: language.map(|l| l.tag()).unwrap_or(""),
        language_error,
    };
    Ok(match language_error {
        Some(_) => render_status(StatusCode::UNPROCESSABLE_ENTITY, &page),
        None => render(&page),
    })
}

#[derive(Template, Default)]
#[template(path = "account/password.html")]
struct PasswordPage {
    nav: Option<NavUser>,
    csrf_token: String,
    current_error: Option<String>,
    password_error: Option<String>,
    confirm_error: Option<String>,
}

#[get("/account/password")]
async fn password_page(user: CurrentUser) -> HttpResponse {
    render(&PasswordPage {
        nav: user.nav(),
        csrf_token: user.csrf_token.clone(),
        ..Default::default()
    })
}

#[derive(Deserialize)]
struct PasswordForm {
    current_password: String,
    password: String,
    password_confirm: String,
}

/// Checks the current password (counted like a login, so a borrowed session cannot guess it),
/// sets the new one, signs out every other session, renews this one, and tells the member's
/// Telegram chat.
#[post("/account/password")]
async fn change_password(
    req: HttpRequest,
    user: CurrentUser,
    pool: web::Data<Pool>,
    config: web::Data<Config>,
    telegram: web::Data<Telegram>,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<HttpResponse, PageError> {
    let mut page = PasswordPage {
        nav: user.nav(),
        csrf_token: user.csrf_token.clone(),
        ..Default::default()
    };
    let new_password = NewPassword::check(&form.password, &form.password_confirm);
    if let Err((status, message)) =
        check_password(&req, &user, &pool, &config, form.current_password).await?
    {
        page.current_error = Some(message);
        return Ok(render_status(status, &page));
    }
    let new_password = match new_password {
        Ok(p) => p,
        Err(e) => {
            page.password_error = e.password;
            page.confirm_error = e.confirm;
            return Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    let hash = password::hash(new_password.into_string()).await?;
    let id = user.id();
    db::run(&pool, move |conn| {
        store::set_password_hash(conn, id, &hash)?;
        sessions::end_all_but(conn, id, None)
    })
    .await?;
    // This session's row went with the others: a renewed one takes its place.
    renew(&user.session)?;
    tracing::info!(user_id = id.0, "password changed");
    let browser = sessions::browser_of(&req);
    let (site, name) = (
        html::escape(&telegram.config.site_name),
        html::escape(&user.user.username),
    );
    let browser = html::escape(&browser);
    // Built in the member's language (the chat's), not this page's.
    notices::tell(&telegram, &pool, id, move || {
        crate::i18n::t_args(
            "notice-password-changed",
            &[
                ("site", site.into()),
                ("username", name.into()),
                ("at", when(chrono::Utc::now().naive_utc()).into()),
                ("browser", browser.into()),
            ],
        )
    });
    Ok(see_other("/account?done=password"))
}

/// Checks the member's own password before a change that needs it, counted like a login (so a
/// borrowed session cannot guess it): the refusal's status and message if it is wrong.
async fn check_password(
    req: &HttpRequest,
    user: &CurrentUser,
    pool: &Pool,
    config: &Config,
    password: String,
) -> Result<Result<(), (StatusCode, String)>, PageError> {
    let name = throttle::name_key(&user.user.username);
    let ip = crate::web::client_ip::client_ip(req);
    let slowdown = config.login_slowdown;
    let verdict = db::run(pool, move |conn| {
        throttle::reserve_login(conn, &name, ip, slowdown)
    })
    .await?;
    let attempt = match verdict {
        Verdict::Refused { .. } => {
            let message = crate::i18n::t("member-password-too-many");
            return Ok(Err((StatusCode::TOO_MANY_REQUESTS, message)));
        }
        Verdict::Allowed { attempt, delay } => {
            tokio::time::sleep(delay).await;
            attempt
        }
    };
    let right = password.chars().count() <= MAX_PASSWORD_CHARS
        && password::verify(password, Some(user.user.password_hash.clone()), Lane::Known).await?;
    if !right {
        let message = crate::i18n::t("member-password-wrong");
        return Ok(Err((StatusCode::UNPROCESSABLE_ENTITY, message)));
    }
    db::run(pool, move |conn| throttle::forget(conn, attempt)).await?;
    Ok(Ok(()))
}

/// A fresh session id (and CSRF token) for this browser, keeping what it recorded at sign-in.
fn renew(session: &Session) -> Result<(), PageError> {
    session.renew();
    csrf::rotate(session);
    Ok(())
}

#[derive(Template)]
#[template(path = "account/sessions.html")]
struct SessionsPage {
    nav: Option<NavUser>,
    csrf_token: String,
    sessions: Vec<SessionRow>,
    /// Sessions this page cannot list one by one (signed in before they were recorded).
    unlisted: bool,
}

struct SessionRow {
    sid: String,
    browser: String,
    address: String,
    signed_in: Option<Moment>,
    /// `None`: within the last hour (the store records last use to the hour).
    last_seen: Option<Moment>,
    this_device: bool,
}

impl SessionRow {
    fn new(s: SessionInfo, current: Option<&str>, zone: Option<Tz>) -> SessionRow {
        let recent = crate::db::now() - s.last_seen < chrono::Duration::hours(1);
        SessionRow {
            this_device: current == Some(s.sid.as_str()),
            signed_in: s.signed_in_at.map(|t| Moment::new(t.naive_utc(), zone)),
            last_seen: (!recent).then(|| Moment::new(s.last_seen, zone)),
            sid: s.sid,
            // Recorded at sign-in in English when the browser said nothing we recognise.
            browser: match s.browser.as_str() {
                "Unknown browser" => crate::i18n::t("member-unknown-browser"),
                _ => s.browser,
            },
            address: s.address,
        }
    }
}

#[get("/account/sessions")]
async fn sessions_page(
    user: CurrentUser,
    pool: web::Data<Pool>,
) -> Result<HttpResponse, PageError> {
    let id = user.id();
    let (listed, total, zone) = db::run(&pool, move |conn| {
        Ok::<_, anyhow::Error>((
            sessions::list(conn, id)?,
            sessions::count(conn, id)?,
            store::time_zone(conn, id)?,
        ))
    })
    .await?;
    let current = sessions::current_sid(&user.session);
    let unlisted = total > listed.len();
    let mut rows: Vec<SessionRow> = listed
        .into_iter()
        .map(|s| SessionRow::new(s, current.as_deref(), zone))
        .collect();
    // This device first.
    rows.sort_by_key(|r| !r.this_device);
    Ok(render(&SessionsPage {
        nav: user.nav(),
        csrf_token: user.csrf_token.clone(),
        sessions: rows,
        unlisted,
    }))
}

#[derive(Deserialize)]
struct EndForm {
    sid: String,
}

#[post("/account/sessions/end")]
async fn end_session(
    user: CurrentUser,
    pool: web::Data<Pool>,
    CsrfForm(form): CsrfForm<EndForm>,
) -> Result<HttpResponse, PageError> {
    let id = user.id();
    let this_device = sessions::current_sid(&user.session).as_deref() == Some(form.sid.as_str());
    let sid = form.sid;
    db::run(&pool, move |conn| sessions::end(conn, id, &sid)).await?;
    if this_device {
        user.session.purge();
        return Ok(see_other("/login"));
    }
    Ok(see_other("/account/sessions"))
}

#[post("/account/sessions/end-others")]
async fn end_other_sessions(
    req: HttpRequest,
    user: CurrentUser,
    pool: web::Data<Pool>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, PageError> {
    let id = user.id();
    let Some(current) = sessions::current_sid(&user.session) else {
        // A session from before sign-ins were recorded: end them all, this one starts afresh.
        db::run(&pool, move |conn| sessions::end_all_but(conn, id, None)).await?;
        crate::accounts::auth::start_session(&req, &user.session, &user.user)?;
        return Ok(see_other("/account?done=sessions"));
    };
    db::run(&pool, move |conn| {
        sessions::end_all_but(conn, id, Some(&current))
    })
    .await?;
    Ok(see_other("/account?done=sessions"))
}

#[derive(Deserialize)]
struct AlertsForm {
    /// A checkbox: present ("on") when ticked.
    #[serde(default)]
    signin_alerts: Option<String>,
}

#[post("/account/alerts")]
async fn set_alerts(
    user: CurrentUser,
    pool: web::Data<Pool>,
    CsrfForm(form): CsrfForm<AlertsForm>,
) -> Result<HttpResponse, PageError> {
    let (id, on) = (user.id(), form.signin_alerts.is_some());
    db::run(&pool, move |conn| store::set_signin_alerts(conn, id, on)).await?;
    Ok(see_other("/account?done=alerts"))
}
