//! Leaving: `/account/delete`, confirmed with the password. The Telegram link and the member's groups
//! and channels end (the bot says goodbye), then `accounts::erase` erases every row that names the member, in the same
//! transaction; history keeps its counts under `deleted account #<id>`. The last admin cannot
//! leave.
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use diesel::prelude::*;
use serde::Deserialize;

use crate::account_pages::check_password;
use crate::accounts::auth::CurrentUser;
use crate::accounts::csrf::CsrfForm;
use crate::accounts::{erase, store};
use crate::config::Config;
use crate::db::{self, Pool};
use crate::linking::ended::{self, Ending};
use crate::linking::links::Via;
use crate::telegram::Telegram;
use crate::web::{NavUser, PageError, render, render_status};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(delete_page).service(delete);
}

#[derive(Template, Default)]
#[template(path = "account/delete.html")]
struct DeletePage {
    nav: Option<NavUser>,
    csrf_token: String,
    password_error: Option<String>,
    /// The last admin: deleting is refused.
    last_admin: bool,
    /// Done: the goodbye page.
    deleted: bool,
}

async fn last_admin(pool: &Pool, user: &CurrentUser) -> Result<bool, PageError> {
    if !user.user.is_admin {
        return Ok(false);
    }
    Ok(db::run(pool, store::count_admins).await? <= 1)
}

#[get("/account/delete")]
async fn delete_page(user: CurrentUser, pool: web::Data<Pool>) -> Result<HttpResponse, PageError> {
    Ok(render(&DeletePage {
        nav: user.nav(),
        csrf_token: user.csrf_token.clone(),
        last_admin: last_admin(&pool, &user).await?,
        ..Default::default()
    }))
}

#[derive(Deserialize)]
struct DeleteForm {
    #[serde(default)]
    password: String,
}

#[post("/account/delete")]
async fn delete(
    req: HttpRequest,
    user: CurrentUser,
    pool: web::Data<Pool>,
    config: web::Data<Config>,
    telegram: web::Data<Telegram>,
    CsrfForm(form): CsrfForm<DeleteForm>,
) -> Result<HttpResponse, PageError> {
    let mut page = DeletePage {
        nav: user.nav(),
        csrf_token: user.csrf_token.clone(),
        ..Default::default()
    };
    if last_admin(&pool, &user).await? {
        page.last_admin = true;
        return Ok(render_status(StatusCode::CONFLICT, &page));
    }
    if let Err((status, message)) =
        check_password(&req, &user, &pool, &config, form.password).await?
    {
        page.password_error = Some(message);
        return Ok(render_status(status, &page));
    }
    let id = user.id();
    let ended = db::run(&pool, move |conn| {
        conn.transaction(|conn| {
            // The link and the member's groups and channels end; what waits for them is settled.
            let ended = ended::end(conn, Ending::Account(id), Via::AccountDeleted)?;
            erase::erase_member(conn, id)?;
            Ok::<_, anyhow::Error>(ended)
        })
    })
    .await?;
    ended::tell(&telegram, &ended);
    tracing::info!(user_id = id.0, "account deleted");
    user.session.purge();
    Ok(render(&DeletePage {
        deleted: true,
        ..Default::default()
    }))
}
