//! Forgot password, through Telegram: `/password-reset` answers the same page whatever the name,
//! and sends a linked account's chat a one-time link (15 minutes, used once, replaced by a newer
//! one). The link's page sets a new password, ends every session and signs the member in.
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use diesel::Connection;
use serde::Deserialize;

use crate::accounts::auth::start_session;
use crate::accounts::csrf::{self, CsrfForm};
use crate::accounts::domain::NewPassword;
use crate::accounts::store;
use crate::accounts::{password, sessions};
use crate::db::{self, Pool};
use crate::signin::chat_tokens::{self, Purpose};
use crate::telegram::Telegram;
use crate::web::client_ip::client_ip;
use crate::web::{NavUser, PageError, render, render_status, see_other};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(request_page)
        .service(request)
        .service(reset_page)
        .service(reset);
}

#[derive(Template, Default)]
#[template(path = "account/reset_request.html")]
struct RequestPage {
    nav: Option<NavUser>,
    csrf_token: String,
    username: String,
    /// After the form was sent: the neutral answer.
    sent: bool,
}

#[get("/password-reset")]
async fn request_page(session: Session) -> HttpResponse {
    render(&RequestPage {
        csrf_token: csrf::token(&session),
        ..Default::default()
    })
}

#[derive(Deserialize)]
struct RequestForm {
    #[serde(default)]
    username: String,
}

/// The same page, status and work whether or not the account exists or is linked: a lookup and
/// maybe a message sent in the background.
#[post("/password-reset")]
async fn request(
    req: HttpRequest,
    session: Session,
    pool: web::Data<Pool>,
    telegram: web::Data<Telegram>,
    CsrfForm(form): CsrfForm<RequestForm>,
) -> Result<HttpResponse, PageError> {
    let ip = client_ip(&req);
    chat_tokens::request(&pool, &telegram, ip, &form.username, Purpose::PasswordReset).await?;
    Ok(render(&RequestPage {
        csrf_token: csrf::token(&session),
        username: form.username.trim().chars().take(64).collect(),
        sent: true,
        ..Default::default()
    }))
}

#[derive(Template, Default)]
#[template(path = "account/reset.html")]
struct ResetPage {
    nav: Option<NavUser>,
    csrf_token: String,
    token: String,
    username: String,
    password_error: Option<String>,
    confirm_error: Option<String>,
    /// The link was used, replaced or expired.
    invalid: bool,
}

fn invalid(session: &Session) -> HttpResponse {
    render_status(
        StatusCode::GONE,
        &ResetPage {
            csrf_token: csrf::token(session),
            invalid: true,
            ..Default::default()
        },
    )
}

#[get("/password-reset/{token}")]
async fn reset_page(
    session: Session,
    token: web::Path<String>,
    pool: web::Data<Pool>,
) -> Result<HttpResponse, PageError> {
    let token = token.into_inner();
    let shown = token.clone();
    let user = chat_tokens::open(&pool, token, Purpose::PasswordReset).await?;
    let Some(user) = user else {
        return Ok(invalid(&session));
    };
    Ok(render(&ResetPage {
        csrf_token: csrf::token(&session),
        token: shown,
        username: user.username,
        ..Default::default()
    }))
}

#[derive(Deserialize)]
struct ResetForm {
    password: String,
    password_confirm: String,
}

/// A valid new password uses the token up, in one transaction with setting the password and
/// ending every session; a refused one leaves the token working so the form can be corrected.
/// An account disabled since the link was sent is refused like a used link, and keeps its
/// password.
#[post("/password-reset/{token}")]
async fn reset(
    req: HttpRequest,
    session: Session,
    token: web::Path<String>,
    pool: web::Data<Pool>,
    CsrfForm(form): CsrfForm<ResetForm>,
) -> Result<HttpResponse, PageError> {
    let token = token.into_inner();
    let new_password = match NewPassword::check(&form.password, &form.password_confirm) {
        Ok(p) => p,
        Err(e) => {
            let holder = chat_tokens::open(&pool, token.clone(), Purpose::PasswordReset).await?;
            let Some(user) = holder else {
                return Ok(invalid(&session));
            };
            let page = ResetPage {
                csrf_token: csrf::token(&session),
                token,
                username: user.username,
                password_error: e.password,
                confirm_error: e.confirm,
                ..Default::default()
            };
            return Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    let hash = password::hash(new_password.into_string()).await?;
    let user = db::run(&pool, move |conn| {
        conn.transaction(|conn| {
            let Some(id) = chat_tokens::consume(conn, &token, Purpose::PasswordReset)? else {
                return Ok::<_, anyhow::Error>(None);
            };
            // Checked (and recorded) first, in one statement: an account disabled since the
            // link was sent keeps its password and sessions.
            let Some(user) = store::signed_in(conn, id)? else {
                return Ok(None);
            };
            store::set_password_hash(conn, id, &hash)?;
            sessions::end_all_but(conn, id, None)?;
            Ok(Some(user))
        })
    })
    .await?;
    let Some(user) = user else {
        return Ok(invalid(&session));
    };
    tracing::info!(user_id = user.id, "password reset through Telegram");
    start_session(&req, &session, &user)?;
    Ok(see_other("/account?done=reset"))
}
