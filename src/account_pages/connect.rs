//! The Connect Telegram page: the deep link, its QR code and the copyable `/start <token>` while
//! unlinked; the linked account and an Unlink button once linked (and the groups and channels
//! section, `connect_groups.rs`); and the small status JSON the page's script polls to notice the
//! link without the user reloading.
use std::time::Duration;

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use chrono::NaiveDateTime;
use serde::Deserialize;

use crate::accounts::csrf::CsrfForm;
use crate::accounts::{CurrentUser, UserId};
use crate::db::{self, Pool, now};
use crate::linking::deep_link;
use crate::linking::ended::Ending;
use crate::linking::link_tokens::{self, LinkToken};
use crate::linking::links::{self, Link, Via};
use crate::telegram::Telegram;
use crate::web::cookies::PrivateCookies;
use crate::web::format::Moment;
use crate::web::{NavUser, NoFields, PageError, render, see_other};

/// The cookie that keeps the raw link token last shown to this browser, so a refresh shows it
/// again. Only the browser holds it (encrypted): the database has the token's SHA-256 alone.
const LINK_TOKEN_COOKIE: &str = "tglink_link";

/// A token with less life left than this is replaced when the page is shown (capped at half
/// the configured life, for short TTLs).
const MIN_REMAINING: Duration = Duration::from_secs(5 * 60);

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(connect_page)
        .service(connect_status)
        .service(unlink_page)
        .service(unlink);
}

#[derive(Template)]
#[template(path = "connect.html")]
struct ConnectPage {
    nav: Option<NavUser>,
    csrf_token: String,
    site_name: String,
    /// "ready", "starting", "unreachable", "not_configured": the script reloads when it changes.
    bot_state: &'static str,
    linked: Option<String>,
    linked_since: Option<Moment>,
    link: Option<deep_link::LinkView>,
    just_unlinked: bool,
    /// Offer Telegram's login (OpenID Connect) as the one-step way to link.
    telegram_login: bool,
    /// How the last link with Telegram's login ended, and whether that is good news.
    telegram_notice: Option<(&'static str, bool)>,
    /// Groups and channels: once linked, with the bot ready.
    groups: Option<crate::account_pages::connect_groups::GroupsView>,
}

#[derive(Deserialize)]
struct ConnectQuery {
    unlinked: Option<String>,
    /// How a link with Telegram's login ended: a fixed code.
    telegram: Option<String>,
    /// `disconnected` after a group was disconnected.
    groups: Option<String>,
}

#[get("/connect")]
#[tracing::instrument(skip_all, fields(user_id = %user.id()))]
async fn connect_page(
    req: HttpRequest,
    user: CurrentUser,
    cookies: web::Data<PrivateCookies>,
    query: web::Query<ConnectQuery>,
    telegram: web::Data<Telegram>,
    pool: web::Data<Pool>,
) -> Result<HttpResponse, PageError> {
    let status = telegram.status();
    let ttl = telegram.config.link_ttl;
    let shown = cookies.get(&req, LINK_TOKEN_COOKIE);
    let id = user.id();
    let want_token = status.username().is_some();
    let want_groups = want_token && !telegram.config.demo;
    let (link, token, chats, zone) = db::run(&pool, move |conn| {
        // A member who unlinked still sees (and may disconnect) the chats they connected.
        let chats = match want_groups {
            true => Some(crate::linking::groups::list_for_user(conn, id)?),
            false => None,
        };
        let zone = crate::accounts::store::time_zone(conn, id)?;
        if let Some(link) = links::find_by_user(conn, id)? {
            return Ok::<_, anyhow::Error>((Some(link), None, chats, zone));
        }
        if !want_token {
            return Ok((None, None, chats, zone));
        }
        let token = token_to_show(conn, id, shown.as_deref(), ttl)?;
        Ok((None, Some(token), chats, zone))
    })
    .await?;
    let remember = token
        .as_ref()
        .map(|(token, expires_at)| (token.as_str().to_string(), *expires_at));
    let link_view = match (status.username(), token) {
        (Some(bot), Some((token, expires_at))) => {
            let sandbox = deep_link::sandbox_base(&telegram.config);
            Some(deep_link::link_view(
                bot,
                &token,
                expires_at,
                sandbox.as_ref(),
            ))
        }
        _ => None,
    };
    let page = ConnectPage {
        nav: user.nav(),
        csrf_token: user.csrf_token.clone(),
        site_name: telegram.config.site_name.clone(),
        bot_state: status.as_str(),
        linked: link.as_ref().map(Link::display_name),
        linked_since: link.as_ref().map(|l| Moment::new(l.linked_at, zone)),
        telegram_login: link.is_none()
            && telegram.bot.is_some()
            && telegram.config.telegram_login.is_some(),
        link: link_view,
        just_unlinked: query.unlinked.is_some(),
        telegram_notice: query
            .telegram
            .as_deref()
            .and_then(crate::signin::oidc::notice),
        groups: chats.map(|c| {
            let disconnected = query.groups.as_deref() == Some("disconnected");
            crate::account_pages::connect_groups::GroupsView::new(
                c,
                link.is_some(),
                disconnected,
                zone,
            )
        }),
    };
    let mut response = render(&page);
    if let Some((token, expires_at)) = remember {
        let life = (expires_at - now()).num_seconds().max(0);
        cookies.set(&mut response, LINK_TOKEN_COOKIE, &token, life);
    }
    Ok(response)
}

/// The token this session showed before if it is still good for a while, else a new one (which
/// revokes the user's older tokens).
fn token_to_show(
    conn: &mut db::Conn,
    user: UserId,
    shown: Option<&str>,
    ttl: Duration,
) -> anyhow::Result<(LinkToken, NaiveDateTime)> {
    let min_remaining = chrono::Duration::from_std(MIN_REMAINING.min(ttl / 2))?;
    if let Some(token) = shown.and_then(LinkToken::from_start_payload)
        && let Some(expires_at) = link_tokens::still_valid_for(conn, user, &token)?
        && expires_at - now() >= min_remaining
    {
        return Ok((token, expires_at));
    }
    Ok(link_tokens::issue(conn, user, ttl)?)
}

#[derive(serde::Serialize)]
struct StatusJson {
    linked: bool,
    /// "@username" or the name of the linked Telegram account.
    telegram: Option<String>,
    bot: &'static str,
}

#[get("/connect/status")]
async fn connect_status(
    user: CurrentUser,
    telegram: web::Data<Telegram>,
    pool: web::Data<Pool>,
) -> Result<HttpResponse, PageError> {
    let id = user.id();
    let link = db::run(&pool, move |conn| links::find_by_user(conn, id)).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(StatusJson {
            linked: link.is_some(),
            telegram: link.as_ref().map(Link::display_name),
            bot: telegram.status().as_str(),
        }))
}

#[derive(Template)]
#[template(path = "connect_unlink.html")]
struct UnlinkPage {
    nav: Option<NavUser>,
    csrf_token: String,
    site_name: String,
    linked: String,
}

/// "Unlink Telegram?": the question before the POST, as a page (works without JS).
#[get("/connect/unlink")]
async fn unlink_page(
    user: CurrentUser,
    telegram: web::Data<Telegram>,
    pool: web::Data<Pool>,
) -> Result<HttpResponse, PageError> {
    let id = user.id();
    let link = db::run(&pool, move |conn| links::find_by_user(conn, id)).await?;
    let Some(link) = link else {
        return Ok(see_other("/connect"));
    };
    Ok(render(&UnlinkPage {
        nav: user.nav(),
        csrf_token: user.csrf_token.clone(),
        site_name: telegram.config.site_name.clone(),
        linked: link.display_name(),
    }))
}

#[post("/connect/unlink")]
#[tracing::instrument(skip_all, fields(user_id = %user.id()))]
async fn unlink(
    user: CurrentUser,
    _form: CsrfForm<NoFields>,
    telegram: web::Data<Telegram>,
    pool: web::Data<Pool>,
) -> Result<HttpResponse, PageError> {
    let id = user.id();
    let ended = db::run(&pool, move |conn| {
        crate::linking::ended::end(conn, Ending::Link(id), Via::Page)
    })
    .await?;
    if ended.link.is_some() {
        tracing::info!("unlinked from the Connect page");
        // A courtesy note in the chat; the page does not wait for Telegram.
        crate::linking::ended::tell(&telegram, &ended);
    }
    Ok(see_other("/connect?unlinked=1"))
}
