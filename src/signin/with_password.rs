//! Sign-up, login and logout pages.
use std::time::Duration;

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

use crate::accounts::auth::{CurrentUser, session_user_id, start_session};
use crate::accounts::csrf::{self, CsrfForm};
use crate::accounts::device;
use crate::accounts::domain::{MAX_PASSWORD_CHARS, NewPassword, Username};
use crate::accounts::password;
use crate::accounts::store;
use crate::accounts::throttle::{self, Refusals, Verdict};
use crate::config::Config;
use crate::db::{self, Pool};
use crate::web::client_ip::client_ip;
use crate::web::cookies::PrivateCookies;
use crate::web::{NavUser, NoFields, PageError, local_path, render, render_status, see_other};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(signup_page)
        .service(signup)
        .service(login_page)
        .service(login)
        .service(logout);
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
    /// How a login with Telegram (OpenID Connect) ended: a fixed code.
    telegram: Option<String>,
}

fn next_or(next: Option<&str>, default: &str) -> String {
    next.and_then(local_path).unwrap_or(default).to_string()
}

#[derive(Template, Default)]
#[template(path = "signup.html")]
struct SignupPage {
    nav: Option<NavUser>,
    csrf_token: String,
    next: String,
    username: String,
    username_error: Option<String>,
    password_error: Option<String>,
    confirm_error: Option<String>,
}

#[get("/signup")]
async fn signup_page(
    session: Session,
    query: web::Query<NextQuery>,
    pool: web::Data<Pool>,
) -> Result<HttpResponse, PageError> {
    if let Some(id) = session_user_id(&session) {
        let landing = db::run(&pool, move |conn| store::landing_page(conn, id)).await?;
        return Ok(see_other(landing));
    }
    Ok(render(&SignupPage {
        csrf_token: csrf::token(&session),
        next: next_or(query.next.as_deref(), ""),
        ..Default::default()
    }))
}

#[derive(Deserialize)]
struct SignupForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
    #[serde(default)]
    next: String,
}

#[post("/signup")]
async fn signup(
    req: HttpRequest,
    session: Session,
    pool: web::Data<Pool>,
    refusals: web::Data<Refusals>,
    CsrfForm(form): CsrfForm<SignupForm>,
) -> Result<HttpResponse, PageError> {
    let mut page = SignupPage {
        csrf_token: csrf::token(&session),
        next: next_or(Some(&form.next), ""),
        username: form.username.trim().to_string(),
        ..Default::default()
    };
    let username = Username::parse(&form.username).map_err(|e| page.username_error = Some(e));
    let password = NewPassword::check(&form.password, &form.password_confirm).map_err(|e| {
        page.password_error = e.password;
        page.confirm_error = e.confirm;
    });
    let parsed_name = username.as_ref().ok().map(Username::lower);
    let (Ok(username), Ok(password)) = (username, password) else {
        // Every error at once: a name that parses is also checked for being taken.
        if let Some(lower) = parsed_name {
            let taken = db::run(&pool, move |conn| store::find_by_username(conn, &lower)).await?;
            if taken.is_some() {
                return Ok(username_taken(page));
            }
        }
        return Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
    };
    // Counted and checked before any hashing: a taken name costs a query, not an argon2 run.
    let ip = client_ip(&req);
    if let Some(retry_after) = refusals.signup_lately(ip) {
        return Ok(too_many_signups(page, retry_after));
    }
    let lower = username.lower();
    let (verdict, taken) = db::run(&pool, move |conn| {
        let verdict = throttle::reserve_signup(conn, ip)?;
        let taken = store::find_by_username(conn, &lower)?.is_some();
        Ok::<_, anyhow::Error>((verdict, taken))
    })
    .await?;
    if let Verdict::Refused { retry_after } = verdict {
        refusals.remember_signup(ip);
        return Ok(too_many_signups(page, retry_after));
    }
    if taken {
        return Ok(username_taken(page));
    }
    let hash = password::hash(password.into_string()).await?;
    let created = db::run(&pool, move |conn| {
        match store::create(conn, &username, &hash, false)? {
            // Signing up signs in: it is the account's first sign-in.
            Some(user) => store::signed_in(conn, user.id()),
            None => Ok(None),
        }
    })
    .await?;
    let Some(user) = created else {
        return Ok(username_taken(page));
    };
    tracing::info!(user_id = user.id, "new account");
    start_session(&req, &session, &user)?;
    Ok(see_other(&next_or(Some(&form.next), "/connect")))
}

fn too_many_signups(mut page: SignupPage, retry_after: Duration) -> HttpResponse {
    page.password_error = Some(crate::i18n::t("member-too-many-signups"));
    too_many_requests(&page, retry_after)
}

fn username_taken(mut page: SignupPage) -> HttpResponse {
    page.username_error = Some(crate::i18n::t("member-username-taken"));
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// 429 with the page (its message says what to do) and Retry-After in seconds.
fn too_many_requests<T: Template>(page: &T, retry_after: Duration) -> HttpResponse {
    let mut response = render_status(StatusCode::TOO_MANY_REQUESTS, page);
    if let Ok(value) = header::HeaderValue::from_str(&retry_after.as_secs().to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

#[derive(Template, Default)]
#[template(path = "login.html")]
struct LoginPage {
    nav: Option<NavUser>,
    csrf_token: String,
    next: String,
    username: String,
    error: Option<String>,
    /// Throttled: offer a sign-in link by Telegram.
    locked: bool,
    /// A bot is configured: offer "Sign in with Telegram".
    telegram_signin: bool,
    /// "Log In With Telegram" (OpenID Connect) is configured: show its button.
    telegram_login: bool,
    /// Why the last login with Telegram did not sign in.
    telegram_error: Option<&'static str>,
}

#[get("/login")]
async fn login_page(
    session: Session,
    query: web::Query<NextQuery>,
    config: web::Data<Config>,
    pool: web::Data<Pool>,
) -> Result<HttpResponse, PageError> {
    let next = next_or(query.next.as_deref(), "");
    if let Some(id) = session_user_id(&session) {
        if !next.is_empty() {
            return Ok(see_other(&next));
        }
        let landing = db::run(&pool, move |conn| store::landing_page(conn, id)).await?;
        return Ok(see_other(landing));
    }
    Ok(render(&LoginPage {
        csrf_token: csrf::token(&session),
        next,
        telegram_signin: config.bot_token.is_some(),
        telegram_login: config.telegram_login.is_some(),
        telegram_error: query
            .telegram
            .as_deref()
            .and_then(crate::signin::oidc::notice)
            .map(|(message, _)| message),
        ..Default::default()
    }))
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

#[post("/login")]
async fn login(
    req: HttpRequest,
    session: Session,
    pool: web::Data<Pool>,
    config: web::Data<Config>,
    cookies: web::Data<PrivateCookies>,
    refusals: web::Data<Refusals>,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<HttpResponse, PageError> {
    let mut page = LoginPage {
        csrf_token: csrf::token(&session),
        next: next_or(Some(&form.next), ""),
        username: form.username.trim().to_string(),
        telegram_signin: config.bot_token.is_some(),
        telegram_login: config.telegram_login.is_some(),
        ..Default::default()
    };
    let name = throttle::name_key(&form.username);
    let lane = device::lane(&req, &cookies, &name);
    let ip = client_ip(&req);
    let slowdown = config.login_slowdown;
    if let Some(retry_after) = refusals.login_lately(&name, ip) {
        return Ok(too_many_logins(page, retry_after));
    }
    let key = name.clone();
    let (verdict, user) = db::run(&pool, move |conn| {
        let verdict = throttle::reserve_login(conn, &key, ip, slowdown)?;
        let user = match verdict {
            Verdict::Allowed { .. } => store::find_by_username(conn, &key)?,
            Verdict::Refused { .. } => None,
        };
        Ok::<_, anyhow::Error>((verdict, user))
    })
    .await?;
    let attempt = match verdict {
        Verdict::Refused { retry_after } => {
            refusals.remember_login(&name, ip);
            return Ok(too_many_logins(page, retry_after));
        }
        Verdict::Allowed { attempt, delay } => {
            tokio::time::sleep(delay).await;
            attempt
        }
    };
    // A password longer than any account can have is wrong, whatever it starts with.
    let checked = if form.password.chars().count() > MAX_PASSWORD_CHARS {
        Ok(false)
    } else {
        let stored = user.as_ref().map(|u| u.password_hash.clone());
        password::verify(form.password, stored, lane).await
    };
    let right = match (checked, user) {
        (Ok(true), Some(user)) => Some(user),
        (Ok(_), _) => None,
        (Err(e), _) => {
            // Not checked (the hashing line was full): the attempt does not count.
            db::run(&pool, move |conn| throttle::forget(conn, attempt)).await?;
            return Err(e.into());
        }
    };
    let Some(user) = right else {
        page.error = Some(crate::i18n::t("member-login-wrong"));
        return Ok(render_status(StatusCode::UNAUTHORIZED, &page));
    };
    let id = user.id();
    let (active, landing) = db::run(&pool, move |conn| {
        throttle::forget(conn, attempt)?;
        Ok::<_, anyhow::Error>((store::signed_in(conn, id)?, store::landing_page(conn, id)?))
    })
    .await?;
    let Some(user) = active else {
        page.error = Some(crate::i18n::t(store::DISABLED_MESSAGE));
        return Ok(render_status(StatusCode::FORBIDDEN, &page));
    };
    start_session(&req, &session, &user)?;
    // Where the member was going, else where a member goes next (see `landing_page`).
    let mut response = see_other(&next_or(Some(&form.next), landing));
    device::remember(&mut response, &cookies, &name);
    Ok(response)
}

/// 429, offering a sign-in link by Telegram.
fn too_many_logins(mut page: LoginPage, retry_after: Duration) -> HttpResponse {
    page.error = Some(crate::i18n::t("member-login-too-many"));
    page.locked = true;
    too_many_requests(&page, retry_after)
}

#[post("/logout")]
async fn logout(_user: CurrentUser, session: Session, _form: CsrfForm<NoFields>) -> HttpResponse {
    // purge deletes the session row, so the old cookie is dead everywhere; the next page starts
    // an anonymous session with a new CSRF token.
    session.purge();
    see_other("/login")
}
