//! "Sign in with Telegram", the browser's side: the login page's button starts an attempt
//! (`login_attempts.rs`) and shows its deep link and QR code; the page polls a small JSON status
//! and, once the chat approved, that poll signs this browser in (the session id renewed, as at a
//! password login) and the page continues to `next`. Only the browser that started the attempt
//! can complete it: its secret rides in this browser's session, never in the link. With
//! TGLINK_PASSWORDLESS_SIGNUP on, an unlinked chat may create an account here instead.
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::linking::{self, LinkError, TelegramAccount};
use super::login_attempts::{self, Attempt, LoginNonce, State};
use super::{Telegram, html, qr};
use crate::accounts::auth::{session_user_id, start_session};
use crate::accounts::csrf::{self, CsrfForm};
use crate::accounts::sessions::browser_of;
use crate::accounts::store::{self, User};
use crate::accounts::throttle::{self, Verdict};
use crate::accounts::{Username, device};
use crate::db::{self, Pool, now};
use crate::web::client_ip::client_ip;
use crate::web::cookies::PrivateCookies;
use crate::web::{NavUser, PageError, local_path, render, render_status, see_other};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(start)
        .service(waiting_page)
        .service(status)
        .service(signup_page)
        .service(signup);
}

/// The session key of this browser's attempt (an anonymous session keeps it in its encrypted
/// cookie; nothing is stored server-side for a visitor).
const PENDING_KEY: &str = "telegram_login";

/// What this browser remembers of its attempt.
#[derive(Serialize, Deserialize)]
struct Pending {
    /// Proves this browser started it (the table has its SHA-256).
    secret: String,
    /// The deep link's nonce, to show the same link and QR again on a reload.
    nonce: String,
    /// Where to go once signed in (already checked to be a local path, or empty).
    next: String,
}

fn pending(session: &Session) -> Option<Pending> {
    session.get::<Pending>(PENDING_KEY).ok().flatten()
}

fn next_or_default(next: &str) -> String {
    local_path(next).unwrap_or("/connect").to_string()
}

/// What the waiting page shows, besides the link: "waiting" while the chat has not answered;
/// otherwise the outcome (the script shows the same outcomes without a reload).
#[derive(Template)]
#[template(path = "telegram_login.html")]
struct LoginPage {
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
    qr_data_uri: Option<String>,
    start_command: String,
    expires_in_secs: i64,
}

impl LoginPage {
    fn new(session: &Session, telegram: &Telegram, next: &str, state: Shown) -> LoginPage {
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
enum Shown {
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
    fn of(attempt: &Attempt) -> Shown {
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
        let deep_link = format!("https://t.me/{bot}?start={}", nonce.start_payload());
        page.link = Some(LinkView {
            bot_username: bot.to_string(),
            qr_data_uri: qr::svg_data_uri(&deep_link),
            deep_link,
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

#[derive(Template, Default)]
#[template(path = "telegram_signup.html")]
struct SignupPage {
    nav: Option<NavUser>,
    csrf_token: String,
    site_name: String,
    telegram: String,
    username: String,
    username_error: Option<String>,
}

/// A username from the Telegram account: its @username when it makes a valid one, else its
/// name's letters and digits; the member can change it.
fn proposed_username(chat: &login_attempts::ChatSide) -> String {
    if let Some(u) = chat
        .username
        .as_deref()
        .filter(|u| Username::parse(u).is_ok())
    {
        return u.to_string();
    }
    let from_name: String = chat
        .name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        .take(32)
        .collect();
    if Username::parse(&from_name).is_ok() {
        from_name
    } else {
        String::new()
    }
}

/// This browser's attempt when the chat chose to create an account and it is still open.
async fn signup_attempt(session: &Session, pool: &Pool) -> Result<Option<Attempt>, PageError> {
    let Some(mine) = pending(session) else {
        return Ok(None);
    };
    let attempt = db::run(pool, move |conn| {
        login_attempts::by_browser(conn, &mine.secret)
    })
    .await?;
    Ok(attempt.filter(|a| Shown::of(a) == Shown::Signup))
}

fn display_name(chat: &login_attempts::ChatSide) -> String {
    match &chat.username {
        Some(u) => format!("@{u}"),
        None => chat.name.clone(),
    }
}

#[get("/login/telegram/signup")]
async fn signup_page(
    session: Session,
    pool: web::Data<Pool>,
    telegram: web::Data<Telegram>,
) -> Result<HttpResponse, PageError> {
    if session_user_id(&session).is_some() {
        return Ok(see_other("/connect"));
    }
    let Some(attempt) = signup_attempt(&session, &pool).await? else {
        return Ok(see_other("/login/telegram"));
    };
    let Some(chat) = attempt.chat else {
        return Ok(see_other("/login/telegram"));
    };
    let username = proposed_username(&chat);
    let lookup = username.clone();
    let taken = !username.is_empty()
        && db::run(&pool, move |conn| store::find_by_username(conn, &lookup))
            .await?
            .is_some();
    Ok(render(&SignupPage {
        csrf_token: csrf::token(&session),
        site_name: telegram.config.site_name.clone(),
        telegram: display_name(&chat),
        username,
        username_error: taken.then(|| TAKEN.to_string()),
        ..Default::default()
    }))
}

const TAKEN: &str = "That username is taken. Choose another one.";

#[derive(Deserialize)]
struct SignupForm {
    #[serde(default)]
    username: String,
}

/// Why creating the account did not happen (the transaction rolls back on each).
#[derive(Debug, thiserror::Error)]
enum SignupError {
    #[error("the attempt was used or expired")]
    Gone,
    #[error("the username is taken")]
    Taken,
    #[error(transparent)]
    Link(#[from] LinkError),
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

#[post("/login/telegram/signup")]
async fn signup(
    req: HttpRequest,
    session: Session,
    pool: web::Data<Pool>,
    telegram: web::Data<Telegram>,
    cookies: web::Data<PrivateCookies>,
    CsrfForm(form): CsrfForm<SignupForm>,
) -> Result<HttpResponse, PageError> {
    if session_user_id(&session).is_some() {
        return Ok(see_other("/connect"));
    }
    let (Some(mine), Some(attempt)) = (pending(&session), signup_attempt(&session, &pool).await?)
    else {
        return Ok(see_other("/login/telegram"));
    };
    let Some(chat) = attempt.chat else {
        return Ok(see_other("/login/telegram"));
    };
    let mut page = SignupPage {
        csrf_token: csrf::token(&session),
        site_name: telegram.config.site_name.clone(),
        telegram: display_name(&chat),
        username: form.username.trim().chars().take(64).collect(),
        ..Default::default()
    };
    let username = match Username::parse(&form.username) {
        Ok(u) => u,
        Err(e) => {
            page.username_error = Some(e);
            return Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    let ip = client_ip(&req);
    let secret = mine.secret.clone();
    let created = db::run(&pool, move |conn| {
        if let Verdict::Refused { .. } = throttle::reserve_signup(conn, ip)? {
            return Ok(Ok(None));
        }
        if store::find_by_username(conn, &username.lower())?.is_some() {
            return Ok(Err(SignupError::Taken));
        }
        Ok::<_, anyhow::Error>(
            conn.transaction(|conn| {
                let done = login_attempts::complete(conn, &secret, State::Signup)?;
                let Some(chat) = done.and_then(|a| a.chat) else {
                    return Err(SignupError::Gone);
                };
                // Not a PHC string: no password verifies until the member sets one (by a reset
                // link sent to this very chat).
                let user = store::create(conn, &username, NO_PASSWORD, false)?
                    .ok_or(SignupError::Taken)?;
                let account = TelegramAccount {
                    telegram_user_id: chat.telegram_user_id,
                    chat_id: chat.chat_id,
                    username: chat.username,
                    name: chat.name,
                };
                let link = linking::insert(conn, &user, &account)?;
                Ok((user, link.chat_id))
            })
            .map(Some),
        )
    })
    .await?;
    let (user, chat_id) = match created {
        Ok(Some(done)) => done,
        Ok(None) => {
            page.username_error = Some(
                "Too many sign-ups from your network. Wait 15 minutes, then try again.".into(),
            );
            return Ok(render_status(StatusCode::TOO_MANY_REQUESTS, &page));
        }
        Err(SignupError::Taken) => {
            page.username_error = Some(TAKEN.into());
            return Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
        Err(SignupError::Gone) => return Ok(see_other("/login/telegram")),
        Err(SignupError::Link(LinkError::Unexpected(e)) | SignupError::Unexpected(e)) => {
            return Err(e.into());
        }
        Err(SignupError::Db(e)) => return Err(anyhow::Error::from(e).into()),
        Err(SignupError::Link(e)) => {
            // The Telegram account was linked elsewhere meanwhile: nothing was created.
            tracing::info!(error = %e, "passwordless sign-up refused");
            // Shown as used: starting again signs in through the link made meanwhile.
            let page = LoginPage::new(&session, &telegram, &mine.next, Shown::Done);
            session.remove(PENDING_KEY);
            return Ok(render_status(StatusCode::CONFLICT, &page));
        }
    };
    tracing::info!(user_id = user.id, "new account from Telegram");
    let text = format!(
        "Account created ✓\n\nThis Telegram account is now linked to your new {} account <b>{}</b>, \
         and you are signed in in that browser. Send /help to see what I can do.",
        html::escape(&telegram.config.site_name),
        html::escape(&user.username)
    );
    super::notices::tell_chat(&telegram, chat_id, text);
    session.remove(PENDING_KEY);
    start_session(&req, &session, &user)?;
    let mut response = see_other(&next_or_default(&mine.next));
    device::remember(&mut response, &cookies, &throttle::name_key(&user.username));
    Ok(response)
}

/// The password hash of an account made from Telegram alone.
const NO_PASSWORD: &str = "!telegram";

#[cfg(test)]
mod tests {
    use super::proposed_username;
    use crate::telegram::login_attempts::ChatSide;

    fn chat(username: Option<&str>, name: &str) -> ChatSide {
        ChatSide {
            chat_id: 1,
            telegram_user_id: 1,
            username: username.map(str::to_string),
            name: name.to_string(),
        }
    }

    #[test]
    fn usernames_are_proposed_from_telegram() {
        assert_eq!(
            proposed_username(&chat(Some("alice_tg"), "Alice")),
            "alice_tg"
        );
        assert_eq!(proposed_username(&chat(None, "Zoë Smith")), "ZoSmith");
        assert_eq!(proposed_username(&chat(None, "李")), "");
    }
}
