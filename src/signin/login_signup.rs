//! "Sign in with Telegram" for a newcomer (TGLINK_PASSWORDLESS_SIGNUP on): once an unlinked chat
//! chose **Create account**, the browser that started the attempt picks a username (proposed
//! from the Telegram account), and one transaction uses up the attempt, creates the account
//! without a password and links the chat; then that browser is signed in.
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use diesel::prelude::*;
use serde::Deserialize;

use crate::accounts::auth::{session_user_id, start_session};
use crate::accounts::csrf::{self, CsrfForm};
use crate::accounts::store;
use crate::accounts::throttle::{self, Verdict};
use crate::accounts::{Username, device};
use crate::db::{self, Pool};
use crate::linking::{self, LinkError, TelegramAccount};
use crate::signin::login::{LoginPage, PENDING_KEY, Shown, pending};
use crate::signin::login_attempts::{self, Attempt, State};
use crate::telegram::{Telegram, html};
use crate::web::client_ip::client_ip;
use crate::web::cookies::PrivateCookies;
use crate::web::{NavUser, PageError, render, render_status, see_other};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(signup_page).service(signup);
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
        username_error: taken.then(|| crate::i18n::t(TAKEN)),
        ..Default::default()
    }))
}

/// The catalogue key of "that username is taken".
const TAKEN: &str = "member-username-taken";

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
                let link = linking::insert(conn, &user, &account, crate::linking::links::Via::Bot)?;
                Ok((user, link.chat_id))
            })
            .map(Some),
        )
    })
    .await?;
    let (user, chat_id) = match created {
        Ok(Some(done)) => done,
        Ok(None) => {
            page.username_error = Some(crate::i18n::t("member-too-many-signups"));
            return Ok(render_status(StatusCode::TOO_MANY_REQUESTS, &page));
        }
        Err(SignupError::Taken) => {
            page.username_error = Some(crate::i18n::t(TAKEN));
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
    let text = crate::i18n::t_args(
        "member-chat-account-created",
        &[
            ("site", html::escape(&telegram.config.site_name).into()),
            ("username", html::escape(&user.username).into()),
        ],
    );
    crate::linking::notices::tell_chat(&telegram, chat_id, text);
    session.remove(PENDING_KEY);
    start_session(&req, &session, &user)?;
    // A new account: Connect shows it linked, with the next steps.
    let next = crate::web::local_path(&mine.next).unwrap_or("/connect");
    let mut response = see_other(next);
    device::remember(&mut response, &cookies, &throttle::name_key(&user.username));
    Ok(response)
}

/// The password hash of an account made from Telegram alone.
const NO_PASSWORD: &str = "!telegram";

#[cfg(test)]
mod tests {
    use super::proposed_username;
    use crate::signin::login_attempts::ChatSide;

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
