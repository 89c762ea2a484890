//! A locked-out owner's way in: when logins for an account are throttled, the login page offers
//! a one-time sign-in link, sent to the Telegram chat linked to the account. Whoever holds that
//! chat can sign in, as with the link itself; nobody else learns anything (the page answers the
//! same whether or not the account exists or is linked). Opening the link shows a button; only
//! its POST signs in, so a link preview or a prefetching client cannot use the token up.
use std::time::Duration;

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use diesel::prelude::*;
use serde::Deserialize;

use super::{Telegram, html, links};
use crate::accounts::auth::start_session;
use crate::accounts::csrf::{self, CsrfForm};
use crate::accounts::throttle::{self, Verdict};
use crate::accounts::{UserId, store};
use crate::crypto::{random_token, sha256_hex};
use crate::db::schema::signin_tokens;
use crate::db::{self, Conn, Pool, now};
use crate::web::client_ip::client_ip;
use crate::web::{NavUser, NoFields, PageError, render, render_status, see_other};

/// How long a sign-in link works.
const LINK_LIFE: Duration = Duration::from_secs(10 * 60);
/// Sign-in links sent to one account per throttling window, however many addresses ask.
const LINKS_PER_ACCOUNT: i64 = 3;

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

/// What to send, when the account exists, is linked, and has not had too many links lately.
struct Mint {
    chat_id: i64,
    username: String,
    token: String,
}

fn mint(conn: &mut Conn, name: &str) -> anyhow::Result<Option<Mint>> {
    let Some(user) = store::find_by_username(conn, name)?.filter(store::User::is_active) else {
        return Ok(None);
    };
    let Some(link) = links::find_by_user(conn, user.id())? else {
        return Ok(None);
    };
    let since = now() - chrono::Duration::from_std(throttle::WINDOW)?;
    let recent: i64 = signin_tokens::table
        .filter(signin_tokens::user_id.eq(user.id))
        .filter(signin_tokens::created_at.gt(since))
        .count()
        .get_result(conn)?;
    if recent >= LINKS_PER_ACCOUNT {
        return Ok(None);
    }
    let token = random_token();
    diesel::insert_into(signin_tokens::table)
        .values((
            signin_tokens::user_id.eq(user.id),
            signin_tokens::token_hash.eq(sha256_hex(&token)),
            signin_tokens::created_at.eq(now()),
            signin_tokens::expires_at.eq(now() + chrono::Duration::from_std(LINK_LIFE)?),
        ))
        .execute(conn)?;
    Ok(Some(Mint {
        chat_id: link.chat_id,
        username: user.username,
        token,
    }))
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
    let name = throttle::name_key(&form.username);
    let minted = db::run(&pool, move |conn| {
        if let Verdict::Refused { .. } = throttle::reserve_signin_link(conn, ip)? {
            return Ok(None);
        }
        mint(conn, &name)
    })
    .await?;
    if let (Some(mint), Some(bot)) = (minted, telegram.bot.clone()) {
        let url = format!("{}/login/telegram-link/{}", base_url(&telegram), mint.token);
        let text = format!(
            "Someone asked to sign in to <b>{site}</b> as <b>{name}</b> without the password. If \
             it was you, open this link within 10 minutes (it works once):\n{url}\n\nIf it was \
             not you, ignore this message: nothing happens without the link.",
            site = html::escape(&telegram.config.site_name),
            name = html::escape(&mint.username),
            url = html::escape(&url),
        );
        let budget = telegram.budget.clone();
        // The page answers the same at once whatever happens here.
        tokio::spawn(async move {
            if let Err(e) = super::api::send_html(&bot, &budget, mint.chat_id, text, None).await {
                tracing::warn!(error = %e, "could not send a sign-in link");
            }
        });
    }
    let mut page = SigninPage::new(&session, "sent");
    page.username = form.username.trim().chars().take(64).collect();
    Ok(render(&page))
}

/// The site's address for links: TGLINK_PUBLIC_URL, else the address it listens on.
fn base_url(telegram: &Telegram) -> String {
    match &telegram.config.public_url {
        Some(url) => url.as_str().trim_end_matches('/').to_string(),
        None => format!("http://{}", telegram.config.bind),
    }
}

/// The user a token signs in, if it is unused and unexpired.
fn holder(conn: &mut Conn, token: &str) -> QueryResult<Option<UserId>> {
    signin_tokens::table
        .filter(signin_tokens::token_hash.eq(sha256_hex(token)))
        .filter(signin_tokens::used_at.is_null())
        .filter(signin_tokens::expires_at.gt(now()))
        .select(signin_tokens::user_id)
        .first::<i64>(conn)
        .optional()
        .map(|id| id.map(UserId))
}

/// Marks the token used if it still works, in one statement (of two uses one wins).
fn consume(conn: &mut Conn, token: &str) -> QueryResult<Option<UserId>> {
    let now = now();
    diesel::update(
        signin_tokens::table
            .filter(signin_tokens::token_hash.eq(sha256_hex(token)))
            .filter(signin_tokens::used_at.is_null())
            .filter(signin_tokens::expires_at.gt(now)),
    )
    .set(signin_tokens::used_at.eq(now))
    .returning(signin_tokens::user_id)
    .get_result::<i64>(conn)
    .optional()
    .map(|id| id.map(UserId))
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
    let user = db::run(&pool, move |conn| {
        let Some(id) = holder(conn, &token)? else {
            return Ok::<_, anyhow::Error>(None);
        };
        Ok(store::find_by_id(conn, id)?)
    })
    .await?;
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
    session: Session,
    token: web::Path<String>,
    pool: web::Data<Pool>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, PageError> {
    let token = token.into_inner();
    let user = db::run(&pool, move |conn| {
        conn.transaction(|conn| {
            let Some(id) = consume(conn, &token)? else {
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
    start_session(&session, &user)?;
    Ok(see_other("/connect"))
}

/// Deletes sign-in tokens a day after they stopped working.
pub fn prune(conn: &mut Conn) -> QueryResult<usize> {
    let cutoff = now() - chrono::Duration::days(1);
    diesel::delete(signin_tokens::table.filter(signin_tokens::expires_at.lt(cutoff))).execute(conn)
}
