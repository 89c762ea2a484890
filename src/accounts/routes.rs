//! Sign-up, login and logout pages, and the signed-in home page.
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

use super::auth::{CurrentUser, session_user_id};
use super::csrf::{self, CsrfForm};
use super::domain::{NewPassword, Username};
use super::password;
use super::session_store::USER_ID_KEY;
use super::store::{self, User};
use crate::db::{self, Pool};
use crate::web::{NavUser, NoFields, PageError, local_path, render, render_status, see_other};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(home)
        .service(signup_page)
        .service(signup)
        .service(login_page)
        .service(login)
        .service(logout);
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    nav: Option<NavUser>,
    csrf_token: String,
}

#[get("/")]
async fn home(session: Session, pool: web::Data<Pool>) -> Result<HttpResponse, PageError> {
    let nav = match session_user_id(&session) {
        Some(id) => db::run(&pool, move |conn| store::find_by_id(conn, id))
            .await?
            .map(|u| NavUser {
                username: u.username,
                is_admin: u.is_admin,
            }),
        None => None,
    };
    let csrf_token = if nav.is_some() {
        csrf::token(&session)
    } else {
        String::new()
    };
    Ok(render(&HomePage { nav, csrf_token }))
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
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
}

#[get("/signup")]
async fn signup_page(session: Session, query: web::Query<NextQuery>) -> HttpResponse {
    if session_user_id(&session).is_some() {
        return see_other("/connect");
    }
    render(&SignupPage {
        csrf_token: csrf::token(&session),
        next: next_or(query.next.as_deref(), ""),
        ..Default::default()
    })
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
    session: Session,
    pool: web::Data<Pool>,
    CsrfForm(form): CsrfForm<SignupForm>,
) -> Result<HttpResponse, PageError> {
    let mut page = SignupPage {
        csrf_token: csrf::token(&session),
        next: next_or(Some(&form.next), ""),
        username: form.username.trim().to_string(),
        ..Default::default()
    };
    let username = Username::parse(&form.username).map_err(|e| page.username_error = Some(e));
    let password = NewPassword::parse(&form.password, &form.password_confirm)
        .map_err(|e| page.password_error = Some(e));
    let (Ok(username), Ok(password)) = (username, password) else {
        return Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
    };
    let hash = password::hash(password.into_string()).await?;
    let created = db::run(&pool, move |conn| {
        store::create(conn, &username, &hash, false)
    })
    .await?;
    let Some(user) = created else {
        page.username_error = Some("That username is taken. Choose another one.".into());
        return Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
    };
    tracing::info!(user_id = user.id, "new account");
    start_session(&session, &user)?;
    Ok(see_other(&next_or(Some(&form.next), "/connect")))
}

/// Signs the user in on a fresh session id, so a session fixed before login is worthless after it.
fn start_session(session: &Session, user: &User) -> Result<(), PageError> {
    session.renew();
    session
        .insert(USER_ID_KEY, user.id)
        .map_err(|e| anyhow::anyhow!("cannot store the session: {e}"))?;
    csrf::token(session);
    Ok(())
}

#[derive(Template, Default)]
#[template(path = "login.html")]
struct LoginPage {
    nav: Option<NavUser>,
    csrf_token: String,
    next: String,
    username: String,
    error: Option<String>,
}

#[get("/login")]
async fn login_page(session: Session, query: web::Query<NextQuery>) -> HttpResponse {
    let next = next_or(query.next.as_deref(), "");
    if session_user_id(&session).is_some() {
        return see_other(if next.is_empty() { "/connect" } else { &next });
    }
    render(&LoginPage {
        csrf_token: csrf::token(&session),
        next,
        ..Default::default()
    })
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

/// The username as the throttle counts it: lowercased, at most 64 characters, and without NUL
/// (PostgreSQL text cannot hold it), so any input can be counted and looked up.
fn throttle_key(raw: &str) -> String {
    raw.trim()
        .chars()
        .take(64)
        .map(|c| {
            if c == '\0' {
                '\u{FFFD}'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

/// The client's address for throttling: the TCP peer. Behind a reverse proxy every request shares
/// the proxy's address, so the per-username limit is what protects an account there.
fn client_ip(req: &HttpRequest) -> String {
    req.peer_addr()
        .map_or_else(|| "unknown".into(), |a| a.ip().to_string())
}

#[post("/login")]
async fn login(
    req: HttpRequest,
    session: Session,
    pool: web::Data<Pool>,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<HttpResponse, PageError> {
    let mut page = LoginPage {
        csrf_token: csrf::token(&session),
        next: next_or(Some(&form.next), ""),
        username: form.username.trim().to_string(),
        ..Default::default()
    };
    let name_key = throttle_key(&form.username);
    let ip = client_ip(&req);
    let (throttled, user) = {
        let (name_key, ip) = (name_key.clone(), ip.clone());
        db::run(&pool, move |conn| {
            let throttled = store::login_throttled(conn, &name_key, &ip)?;
            let user = store::find_by_username(conn, &name_key)?;
            Ok::<_, anyhow::Error>((throttled, user))
        })
        .await?
    };
    if throttled {
        page.error = Some("Too many failed attempts. Wait 15 minutes, then try again.".into());
        let mut response = render_status(StatusCode::TOO_MANY_REQUESTS, &page);
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from_static("900"));
        return Ok(response);
    }
    let password = form.password.chars().take(1024).collect::<String>();
    let ok = password::verify(password, user.as_ref().map(|u| u.password_hash.clone())).await?;
    match user {
        Some(user) if ok => {
            start_session(&session, &user)?;
            Ok(see_other(&next_or(Some(&form.next), "/connect")))
        }
        _ => {
            db::run(&pool, move |conn| {
                store::record_login_failure(conn, &name_key, &ip)
            })
            .await?;
            page.error = Some("Wrong username or password.".into());
            Ok(render_status(StatusCode::UNAUTHORIZED, &page))
        }
    }
}

#[post("/logout")]
async fn logout(_user: CurrentUser, session: Session, _form: CsrfForm<NoFields>) -> HttpResponse {
    // purge deletes the session row, so the old cookie is dead everywhere.
    session.purge();
    see_other("/login")
}
