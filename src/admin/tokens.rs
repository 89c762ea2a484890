//! `/admin/tokens`: the API tokens other services notify with. Create one (shown once, on the page
//! that answers the form; only its SHA-256 is kept, as with `tglink create-api-token NAME`) and
//! revoke one; both audited, with a flash.
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

use super::action::{self, Done};
use super::audit::{Action, Entry};
use super::flash::{self, Flash};
use crate::accounts::AdminUser;
use crate::accounts::csrf::CsrfForm;
use crate::api::api_tokens as tokens;
use crate::db::{self, Pool};
use crate::web::format::when;
use crate::web::{NavUser, NoFields, PageError, render_status};

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
    flash: Option<Flash>,
    tokens: Vec<TokenView>,
    /// The name typed in the form, and what is wrong with it.
    name: String,
    name_error: Option<String>,
    /// A token just made: (its name, the token), shown on this one answer only.
    created: Option<(String, String)>,
}

async fn page(admin: &AdminUser, pool: &Pool) -> Result<TokensPage, PageError> {
    let list = db::run(pool, tokens::list).await?;
    let tokens = list
        .into_iter()
        .map(|t| TokenView {
            id: t.id,
            name: t.name,
            created: when(t.created_at),
            last_used: t
                .last_used_at
                .map(when)
                .unwrap_or_else(|| crate::i18n::t("manage-never")),
            revoked: t.revoked_at.map(when),
        })
        .collect();
    Ok(TokensPage {
        nav: admin.0.nav(),
        csrf_token: admin.0.csrf_token.clone(),
        active: "tokens",
        flash: flash::take(&admin.0),
        tokens,
        name: String::new(),
        name_error: None,
        created: None,
    })
}

#[get("/admin/tokens")]
pub async fn tokens_page(
    admin: AdminUser,
    pool: web::Data<Pool>,
) -> Result<HttpResponse, PageError> {
    Ok(render_status(StatusCode::OK, &page(&admin, &pool).await?))
}

#[derive(Deserialize)]
pub struct CreateForm {
    #[serde(default)]
    name: String,
}

/// Makes a token and shows it once on the answer (no redirect: it is not kept to show again).
#[post("/admin/tokens")]
pub async fn create(
    admin: AdminUser,
    pool: web::Data<Pool>,
    CsrfForm(form): CsrfForm<CreateForm>,
) -> Result<HttpResponse, PageError> {
    let name = match tokens::parse_name(&form.name) {
        Ok(name) => name,
        Err(e) => {
            let mut shown = page(&admin, &pool).await?;
            shown.name = form.name;
            shown.name_error = Some(e);
            return Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &shown));
        }
    };
    let outcome = action::run(&admin, &pool, move |conn| {
        let (_, token) = tokens::create(conn, &name)?;
        Ok(Done {
            entry: Some(Entry::thing(Action::CreateToken, &name)),
            said: crate::i18n::t1("manage-token-created", "name", name.as_str()),
            value: (name, token),
        })
    })
    .await?;
    let mut shown = page(&admin, &pool).await?;
    if let Ok(done) = outcome {
        shown.flash = Some(Flash::done(done.said));
        shown.created = Some(done.value);
    }
    Ok(render_status(StatusCode::OK, &shown))
}

#[post("/admin/tokens/{id}/revoke")]
pub async fn revoke(
    admin: AdminUser,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    action::perform(&admin, &pool, "/admin/tokens", move |conn| {
        let name = tokens::list(conn)?
            .into_iter()
            .find(|t| t.id == id)
            .map(|t| t.name)
            .unwrap_or_default();
        Ok(match tokens::revoke(conn, id)? {
            true => Done::new(
                Some(Entry::thing(Action::RevokeToken, &name)),
                crate::i18n::t1("manage-token-revoked", "name", name.as_str()),
            ),
            false => Done::new(None, crate::i18n::t("manage-token-revoked-already")),
        })
    })
    .await
}
