//! The dashboard's API token page: list tokens, revoke one. Tokens are made with
//! `tglink create-api-token NAME`, which shows the token once.
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

use crate::accounts::AdminUser;
use crate::accounts::csrf::CsrfForm;
use crate::api::api_tokens as tokens;
use crate::db::{self, Pool};
use crate::web::format::when;
use crate::web::{NavUser, NoFields, PageError, render, see_other};

struct TokenView {
    id: i64,
    name: String,
    created: String,
    last_used: String,
    revoked: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/tokens.html")]
struct TokensPage {
    nav: Option<NavUser>,
    csrf_token: String,
    active: &'static str,
    tokens: Vec<TokenView>,
}

#[get("/admin/tokens")]
pub async fn tokens_page(
    AdminUser(admin): AdminUser,
    pool: web::Data<Pool>,
) -> Result<HttpResponse, PageError> {
    let list = db::run(&pool, tokens::list).await?;
    let tokens = list
        .into_iter()
        .map(|t| TokenView {
            id: t.id,
            name: t.name,
            created: when(t.created_at),
            last_used: t.last_used_at.map(when).unwrap_or_else(|| "never".into()),
            revoked: t.revoked_at.map(when),
        })
        .collect();
    Ok(render(&TokensPage {
        nav: admin.nav(),
        csrf_token: admin.csrf_token.clone(),
        active: "tokens",
        tokens,
    }))
}

#[post("/admin/tokens/{id}/revoke")]
#[tracing::instrument(skip_all, fields(admin = %admin.0.id()))]
pub async fn revoke(
    admin: AdminUser,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let revoked = db::run(&pool, move |conn| tokens::revoke(conn, id)).await?;
    if revoked {
        tracing::info!(token_id = id, "API token revoked");
    }
    Ok(see_other("/admin/tokens"))
}
