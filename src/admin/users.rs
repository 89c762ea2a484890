//! `/admin/users`: find members (`?q=` a username prefix, `@…` a Telegram one; `?after=` the
//! keyset cursor) and act on one: make or remove admin, disable or enable, unlink Telegram, send a
//! test message. Every action is a CSRF-checked POST, audited in the same transaction.
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

use super::directory::{self, ChangeError, Member, Search};
use crate::accounts::auth::urlencode;
use crate::accounts::csrf::CsrfForm;
use crate::accounts::{AdminUser, UserId};
use crate::config::Config;
use crate::db::{self, Pool};
use crate::delivery::text::{Format, MessageText};
use crate::linking::ended;
use crate::telegram::Telegram;
use crate::web::format::when;
use crate::web::{NavUser, NoFields, PageError, error_page, render, see_other};

const PER_PAGE: i64 = 50;

struct MemberView {
    id: i64,
    username: String,
    created: String,
    last_sign_in: String,
    /// "@name", or the Telegram name when there is no @username; `None` when not linked.
    telegram: Option<String>,
    is_admin: bool,
    disabled: Option<String>,
    /// A deleted account (kept nameless for the counts): no actions.
    deleted: bool,
}

impl MemberView {
    fn new(m: Member) -> MemberView {
        MemberView {
            id: m.id,
            deleted: m.is_deleted(),
            telegram: m.telegram(),
            username: m.username,
            created: when(m.created_at),
            last_sign_in: m.last_login_at.map(when).unwrap_or_else(|| "never".into()),
            is_admin: m.is_admin,
            disabled: m.disabled_at.map(when),
        }
    }
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    nav: Option<NavUser>,
    csrf_token: String,
    active: &'static str,
    q: String,
    members: Vec<MemberView>,
    next_href: Option<String>,
    first_href: Option<String>,
}

#[derive(Deserialize)]
pub struct UsersQuery {
    #[serde(default)]
    q: String,
    after: Option<String>,
}

#[get("/admin/users")]
pub async fn users_page(
    AdminUser(admin): AdminUser,
    pool: web::Data<Pool>,
    query: web::Query<UsersQuery>,
) -> Result<HttpResponse, PageError> {
    let UsersQuery { q, after } = query.into_inner();
    let search = Search::parse(&q);
    let cursor = after.clone();
    let mut rows = db::run(&pool, move |conn| {
        directory::page(conn, &search, cursor.as_deref(), PER_PAGE + 1)
    })
    .await?;
    let more = rows.len() as i64 > PER_PAGE;
    rows.truncate(PER_PAGE as usize);
    let here = format!("/admin/users?q={}", urlencode(q.trim()));
    let next_href = more
        .then(|| rows.last())
        .flatten()
        .map(|last| format!("{here}&after={}", urlencode(&last.username_lower)));
    Ok(render(&UsersPage {
        nav: admin.nav(),
        csrf_token: admin.csrf_token.clone(),
        active: "users",
        q: q.trim().to_string(),
        members: rows.into_iter().map(MemberView::new).collect(),
        next_href,
        first_href: after.is_some().then_some(here),
    }))
}

/// After an action: the users page showing the account acted on.
async fn back_to(pool: &Pool, user: UserId) -> Result<HttpResponse, PageError> {
    let name = db::run(pool, move |conn| {
        crate::accounts::store::find_by_id(conn, user)
    })
    .await?
    .map(|u| u.username)
    .unwrap_or_default();
    Ok(see_other(&format!("/admin/users?q={}", urlencode(&name))))
}

/// Runs one admin change and answers: back to the list, or a page saying why not.
async fn act(
    pool: &Pool,
    admin: &AdminUser,
    user: UserId,
    change: impl FnOnce(&mut db::Conn, UserId, UserId) -> Result<bool, ChangeError> + Send + 'static,
) -> Result<HttpResponse, PageError> {
    let outcome = run_change(pool, admin, user, change).await?;
    answer(pool, admin, user, outcome).await
}

/// Runs one admin change, keeping what it returns.
async fn run_change<T: Send + 'static>(
    pool: &Pool,
    admin: &AdminUser,
    user: UserId,
    change: impl FnOnce(&mut db::Conn, UserId, UserId) -> Result<T, ChangeError> + Send + 'static,
) -> Result<Result<T, ChangeError>, PageError> {
    let by = admin.0.id();
    Ok(db::run(pool, move |conn| {
        Ok::<_, anyhow::Error>(change(conn, by, user))
    })
    .await?)
}

/// Answers a change: back to the list, or a page saying why not.
async fn answer(
    pool: &Pool,
    admin: &AdminUser,
    user: UserId,
    outcome: Result<bool, ChangeError>,
) -> Result<HttpResponse, PageError> {
    let by = admin.0.id();
    match outcome {
        Ok(changed) => {
            if changed {
                tracing::info!(admin = %by, user = %user, "admin changed an account");
            }
            back_to(pool, user).await
        }
        Err(ChangeError::NoSuchUser) => Err(PageError::NotFound("There is no such account.")),
        Err(ChangeError::LastAdmin) => Ok(error_page(
            StatusCode::CONFLICT,
            "The last admin stays",
            "The site needs at least one active admin: make another account an admin first.",
        )),
        Err(ChangeError::NotReachable) => Ok(error_page(
            StatusCode::CONFLICT,
            "Nothing to send to",
            "This account has no linked Telegram chat, or it is disabled.",
        )),
        Err(ChangeError::Db(e)) => Err(PageError::Unexpected(e.into())),
    }
}

#[post("/admin/users/{id}/make-admin")]
pub async fn make_admin(
    admin: AdminUser,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, PageError> {
    act(&pool, &admin, UserId(*id), |c, by, u| {
        directory::set_admin(c, by, u, true)
    })
    .await
}

#[post("/admin/users/{id}/remove-admin")]
pub async fn remove_admin(
    admin: AdminUser,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, PageError> {
    act(&pool, &admin, UserId(*id), |c, by, u| {
        directory::set_admin(c, by, u, false)
    })
    .await
}

#[post("/admin/users/{id}/disable")]
pub async fn disable(
    admin: AdminUser,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, PageError> {
    act(&pool, &admin, UserId(*id), directory::disable).await
}

#[post("/admin/users/{id}/enable")]
pub async fn enable(
    admin: AdminUser,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, PageError> {
    act(&pool, &admin, UserId(*id), directory::enable).await
}

#[post("/admin/users/{id}/unlink")]
pub async fn unlink(
    admin: AdminUser,
    pool: web::Data<Pool>,
    telegram: web::Data<Telegram>,
    id: web::Path<i64>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, PageError> {
    let user = UserId(*id);
    let outcome = run_change(&pool, &admin, user, directory::unlink_telegram).await?;
    if let Ok(ended) = &outcome {
        ended::tell(&telegram, ended);
    }
    answer(&pool, &admin, user, outcome.map(|e| e.link.is_some())).await
}

#[post("/admin/users/{id}/test-message")]
pub async fn test_message(
    admin: AdminUser,
    pool: web::Data<Pool>,
    config: web::Data<Config>,
    id: web::Path<i64>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, PageError> {
    let text = format!(
        "A test message from the admins of {}: Telegram messages reach you.",
        config.site_name
    );
    let text = MessageText::parse(&text, Format::Plain).map_err(anyhow::Error::msg)?;
    act(&pool, &admin, UserId(*id), move |c, by, u| {
        directory::send_test_message(c, by, u, &text)
    })
    .await
}
