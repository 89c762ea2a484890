//! A locked-out owner's way in: when logins for an account are throttled, the login page offers
//! a one-time sign-in link, sent to the Telegram chat linked to the account. Whoever holds that
//! chat can sign in, as with the link itself; nobody else learns anything (the page answers the
//! same whether or not the account exists or is linked). Opening the link shows a button; only
//! its POST signs in, so a link preview or a prefetching client cannot use the token up.
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use diesel::prelude::*;
use serde::Deserialize;

use crate::accounts::auth::start_session;
use crate::accounts::csrf::{self, CsrfForm};
use crate::accounts::store;
use crate::db::{self, Pool};
use crate::signin::chat_tokens::{self, Purpose};
use crate::telegram::Telegram;
use crate::web::client_ip::client_ip;
use crate::web::{NavUser, NoFields, PageError, render, render_status, see_other};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(request_link)
        .service(open_link)
        .service(use_link);
}

#[derive(Template)]
#[template(path = "signin_link.html")]
struct SigninPage {
    nav: Option<NavUser>,
    csrf_token: String,
    /// "sent", "confirm" or "invalid".
    state: &'static str,
    username: String,
    token: String,
}

impl SigninPage {
    fn new(session: &Session, state: &'static str) -> SigninPage {
        SigninPage {
            nav: None,
            csrf_token: csrf::token(session),
            state,
            username: String::new(),
            token: String::new(),
        }
    }
}

#[derive(Deserialize)]
struct RequestForm {
    #[serde(default)]
    username: String,
}

#[post("/login/telegram-link")]
async fn request_link(
    req: HttpRequest,
    session: Session,
    pool: web::Data<Pool>,
    telegram: web::Data<Telegram>,
    CsrfForm(form): CsrfForm<RequestForm>,
) -> Result<HttpResponse, PageError> {
    let ip = client_ip(&req);
    chat_tokens::request(&pool, &telegram, ip, &form.username, Purpose::SignIn).await?;
    let mut page = SigninPage::new(&session, "sent");
    page.username = form.username.trim().chars().take(64).collect();
    Ok(render(&page))
}

fn invalid(session: &Session) -> HttpResponse {
    render_status(StatusCode::GONE, &SigninPage::new(session, "invalid"))
}

#[get("/login/telegram-link/{token}")]
async fn open_link(
    session: Session,
    token: web::Path<String>,
    pool: web::Data<Pool>,
) -> Result<HttpResponse, PageError> {
    let token = token.into_inner();
    let shown = token.clone();
    let user = chat_tokens::open(&pool, token, Purpose::SignIn).await?;
    let Some(user) = user else {
        return Ok(invalid(&session));
    };
    let mut page = SigninPage::new(&session, "confirm");
    page.username = user.username;
    page.token = shown;
    Ok(render(&page))
}

#[post("/login/telegram-link/{token}")]
async fn use_link(
    req: HttpRequest,
    session: Session,
    token: web::Path<String>,
    pool: web::Data<Pool>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, PageError> {
    let token = token.into_inner();
    let user = db::run(&pool, move |conn| {
        conn.transaction(|conn| {
            let Some(id) = chat_tokens::consume(conn, &token, Purpose::SignIn)? else {
                return Ok::<_, anyhow::Error>(None);
            };
            Ok(store::signed_in(conn, id)?)
        })
    })
    .await?;
    let Some(user) = user else {
        return Ok(invalid(&session));
    };
    tracing::info!(user_id = user.id, "signed in with a Telegram sign-in link");
    start_session(&req, &session, &user)?;
    // The link came to the account's own chat: it is linked, its next page is the account.
    Ok(see_other("/account"))
}
