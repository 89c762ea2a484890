//! "Sign in with Telegram", the browser's side: the login page's button starts an attempt
//! (`login_attempts.rs`) and shows its deep link and QR code; the page polls a small JSON status
//! and, once the chat approved, that poll signs this browser in (the session id renewed, as at a
//! password login) and the page continues to `next`. Only the browser that started the attempt
//! can complete it: its secret rides in this browser's session, never in the link. A newcomer's
//! account (passwordless sign-up) is made in `login_signup.rs`.
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::accounts::auth::{session_user_id, start_session};
use crate::accounts::csrf::{self, CsrfForm};
use crate::accounts::device;
use crate::accounts::sessions::browser_of;
use crate::accounts::store::{self, User};
use crate::accounts::throttle::{self, Verdict};
use crate::db::{self, Pool, now};
use crate::linking::qr;
use crate::signin::login_attempts::{self, Attempt, LoginNonce, State};
use crate::telegram::Telegram;
use crate::web::client_ip::client_ip;
use crate::web::cookies::PrivateCookies;
use crate::web::{NavUser, PageError, local_path, render, render_status, see_other};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(start).service(waiting_page).service(status);
}

/// The session key of this browser's attempt (an anonymous session keeps it in its encrypted
/// cookie; nothing is stored server-side for a visitor).
pub(crate) const PENDING_KEY: &str = "telegram_login";

/// What this browser remembers of its attempt.
#[derive(Serialize, Deserialize)]
pub(crate) struct Pending {
    /// Proves this browser started it (the table has its SHA-256).
    pub(crate) secret: String,
    /// The deep link's nonce, to show the same link and QR again on a reload.
    pub(crate) nonce: String,
    /// Where to go once signed in (already checked to be a local path, or empty).
    pub(crate) next: String,
}

pub(crate) fn pending(session: &Session) -> Option<Pending> {
    session.get::<Pending>(PENDING_KEY).ok().flatten()
}

pub(super) fn next_or_default(next: &str) -> String {
    // Only a linked account signs in with Telegram: its next page is the account.
    local_path(next).unwrap_or("/account").to_string()
}

/// What the waiting page shows, besides the link: "waiting" while the chat has not answered;
/// otherwise the outcome (the script shows the same outcomes without a reload).
#[derive(Template)]
#[template(path = "telegram_login.html")]
pub(crate) struct LoginPage {
    nav: Option<NavUser>,
    csrf_token: String,
    next: String,
    site_name: String,
    state: &'static str,
    link: Option<LinkView>,
    passwordless: bool,
}

struct LinkView {
    bot_username: String,
    deep_link: String,
    /// The bot's chat without a payload (t.me, or the sandbox in a demo).
    chat_link: String,
    qr_data_uri: Option<String>,
    start_command: String,
    expires_in_secs: i64,
}

impl LoginPage {
    pub(crate) fn new(
        session: &Session,
        telegram: &Telegram,
        next: &str,
        state: Shown,
    ) -> LoginPage {
        LoginPage {
            nav: None,
            csrf_token: csrf::token(session),
            next: next.to_string(),
            site_name: telegram.config.site_name.clone(),
            state: state.as_str(),
            link: None,
            passwordless: telegram.config.passwordless_signup,
        }
    }
}

#[derive(Deserialize)]
struct StartForm {
    #[serde(default)]
    next: String,
}

/// The login page's "Sign in with Telegram": a fresh attempt, its secret kept in this browser's
/// session, then the page with the link.
#[post("/login/telegram")]
async fn start(
    req: HttpRequest,
    session: Session,
    pool: web::Data<Pool>,
    telegram: web::Data<Telegram>,
    CsrfForm(form): CsrfForm<StartForm>,
) -> Result<HttpResponse, PageError> {
    let next = local_path(&form.next).unwrap_or("").to_string();
    if session_user_id(&session).is_some() {
        return Ok(see_other(&next_or_default(&next)));
    }
    if telegram.status().username().is_none() {
        let page = LoginPage::new(&session, &telegram, &next, Shown::Unavailable);
        return Ok(render_status(StatusCode::SERVICE_UNAVAILABLE, &page));
    }
    let ip = client_ip(&req);
    let (browser, ttl) = (browser_of(&req), telegram.config.telegram_login_ttl);
    let started = db::run(&pool, move |conn| {
        if let Verdict::Refused { .. } = throttle::reserve_telegram_login(conn, ip)? {
            return Ok(None);
        }
        login_attempts::start(conn, &browser, &ip.to_string(), ttl).map(Some)
    })
    .await?;
    let Some(started) = started else {
        let page = LoginPage::new(&session, &telegram, &next, Shown::Throttled);
        return Ok(render_status(StatusCode::TOO_MANY_REQUESTS, &page));
    };
    let nonce = started.nonce.start_payload();
    session
        .insert(
            PENDING_KEY,
            Pending {
                secret: started.browser_secret,
                nonce,
                next,
            },
        )
        .map_err(|e| anyhow::anyhow!("cannot store the attempt in the session: {e}"))?;
    Ok(see_other("/login/telegram"))
}

/// What the browser is told of its attempt: the page's outcomes and the status JSON's `state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shown {
    Waiting,
    Approved,
    Denied,
    Expired,
    Unlinked,
    Refused,
    Signup,
    Done,
    /// The page's own refusals, before any attempt.
    Throttled,
    Unavailable,
}

impl Shown {
    pub(crate) fn of(attempt: &Attempt) -> Shown {
        if attempt.expired() {
            return Shown::Expired;
        }
        match attempt.state {
            State::Waiting | State::Asked | State::Offered => Shown::Waiting,
            State::Approved => Shown::Approved,
            State::Denied => Shown::Denied,
            State::Unlinked => Shown::Unlinked,
            State::Refused => Shown::Refused,
            State::Signup => Shown::Signup,
            State::Done => Shown::Done,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Shown::Waiting => "waiting",
            Shown::Approved => "approved",
            Shown::Denied => "denied",
            Shown::Expired => "expired",
            Shown::Unlinked => "unlinked",
            Shown::Refused => "refused",
            Shown::Signup => "signup",
            Shown::Done => "done",
            Shown::Throttled => "throttled",
            Shown::Unavailable => "unavailable",
        }
    }
}

#[get("/login/telegram")]
async fn waiting_page(
    session: Session,
    pool: web::Data<Pool>,
    telegram: web::Data<Telegram>,
) -> Result<HttpResponse, PageError> {
    if session_user_id(&session).is_some() {
        return Ok(see_other("/connect"));
    }
    let Some(mine) = pending(&session) else {
        return Ok(see_other("/login"));
    };
    let secret = mine.secret.clone();
    let attempt = db::run(&pool, move |conn| login_attempts::by_browser(conn, &secret)).await?;
    let Some(attempt) = attempt else {
        session.remove(PENDING_KEY);
        return Ok(see_other("/login"));
    };
    let state = Shown::of(&attempt);
    let mut page = LoginPage::new(&session, &telegram, &mine.next, state);
    if let (Some(bot), Some(nonce)) = (
        telegram.status().username(),
        LoginNonce::from_start_payload(&mine.nonce),
    ) {
        let deep_link =
            crate::linking::deep_link::start_link(&telegram.config, bot, &nonce.start_payload());
        page.link = Some(LinkView {
            bot_username: bot.to_string(),
            qr_data_uri: qr::svg_data_uri(&deep_link),
            deep_link,
            chat_link: crate::linking::deep_link::chat_link(&telegram.config, bot),
            start_command: format!("/start {}", nonce.start_payload()),
            expires_in_secs: (attempt.expires_at - now()).num_seconds().max(0),
        });
    }
    Ok(render(&page))
}

#[derive(Serialize)]
struct StatusJson {
    /// "waiting", "signed_in", "signup", "denied", "expired", "unlinked", "refused", "done" or
    /// "none" (this browser has no attempt).
    state: &'static str,
    /// Where the page goes now ("signed_in" and "signup").
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<String>,
}

fn status_json(state: &'static str, next: Option<String>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(StatusJson { state, next })
}

/// The page's poll. An approved attempt is completed here, by the browser that started it.
#[get("/login/telegram/status")]
async fn status(
    req: HttpRequest,
    session: Session,
    pool: web::Data<Pool>,
    cookies: web::Data<PrivateCookies>,
) -> Result<HttpResponse, PageError> {
    let Some(mine) = pending(&session) else {
        return Ok(status_json("none", None));
    };
    let secret = mine.secret.clone();
    let attempt = db::run(&pool, move |conn| login_attempts::by_browser(conn, &secret)).await?;
    let Some(attempt) = attempt else {
        return Ok(status_json("none", None));
    };
    match Shown::of(&attempt) {
        Shown::Approved => {}
        Shown::Signup => {
            return Ok(status_json(
                Shown::Signup.as_str(),
                Some("/login/telegram/signup".into()),
            ));
        }
        other => return Ok(status_json(other.as_str(), None)),
    }
    let secret = mine.secret.clone();
    let user = db::run(&pool, move |conn| {
        conn.transaction(|conn| {
            let Some(done) = login_attempts::complete(conn, &secret, State::Approved)? else {
                return Ok::<_, anyhow::Error>(None);
            };
            match done.user_id {
                Some(id) => Ok(store::signed_in(conn, id)?),
                None => Ok(None),
            }
        })
    })
    .await?;
    let Some(user) = user else {
        // Used by a racing poll, expired this instant, or the account was disabled meanwhile.
        return Ok(status_json(Shown::Refused.as_str(), None));
    };
    tracing::info!(user_id = user.id, "signed in with Telegram");
    let response = signed_in(&req, &session, &cookies, &user, &mine.next)?;
    Ok(response)
}

/// Starts the session (a new id and CSRF token, the sign-in recorded and announced) and answers
/// the poll with where to go.
fn signed_in(
    req: &HttpRequest,
    session: &Session,
    cookies: &PrivateCookies,
    user: &User,
    next: &str,
) -> Result<HttpResponse, PageError> {
    session.remove(PENDING_KEY);
    start_session(req, session, user)?;
    let mut response = status_json("signed_in", Some(next_or_default(next)));
    device::remember(&mut response, cookies, &throttle::name_key(&user.username));
    Ok(response)
}
