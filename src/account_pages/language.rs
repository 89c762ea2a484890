//! Choosing the language of the pages (issue 27): the member's select on /account (saved in
//! `users.language`, the same setting the bot's /language saves) and the visitor's footer menu
//! (a link per language that sets the `tglink_lang` cookie and goes back where it was).
use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use serde::Deserialize;

use crate::accounts::auth::CurrentUser;
use crate::accounts::csrf::CsrfForm;
use crate::accounts::language;
use crate::accounts::page_language::COOKIE;
use crate::db::{self, Pool};
use crate::i18n::Lang;
use crate::web::{PageError, see_other};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(save).service(choose_for_visitor);
}

#[derive(Deserialize)]
struct LanguageForm {
    /// A tag, or empty: follow the browser.
    #[serde(default)]
    language: String,
}

#[post("/account/language")]
async fn save(
    user: CurrentUser,
    pool: web::Data<Pool>,
    CsrfForm(form): CsrfForm<LanguageForm>,
) -> Result<HttpResponse, PageError> {
    let choice = match form.language.trim() {
        "" => None,
        tag => match Lang::from_tag(tag) {
            Some(lang) => Some(lang),
            None => {
                return super::account_page(&user, &pool, None, Some("account-language-unknown"))
                    .await;
            }
        },
    };
    let id = user.id();
    db::run(&pool, move |conn| language::save(conn, id, choice)).await?;
    Ok(see_other("/account?done=language"))
}

#[derive(Deserialize)]
struct VisitorChoice {
    #[serde(default)]
    lang: String,
}

/// `GET /language?lang=es`: the footer's menu; back to the page it was on (the `Referer`'s path
/// on this site), else home.
#[get("/language")]
async fn choose_for_visitor(req: HttpRequest, query: web::Query<VisitorChoice>) -> HttpResponse {
    let back = req
        .headers()
        .get(header::REFERER)
        .and_then(|r| r.to_str().ok())
        .and_then(|r| url::Url::parse(r).ok())
        .filter(|r| {
            r.host_str() == Some(req.connection_info().host().split(':').next().unwrap_or(""))
        })
        .map(|r| match r.query() {
            Some(q) => format!("{}?{q}", r.path()),
            None => r.path().to_string(),
        })
        .filter(|p| p.starts_with('/') && !p.starts_with("//") && !p.starts_with("/language"))
        .unwrap_or_else(|| "/".into());
    let mut response = see_other(&back);
    if let Some(lang) = Lang::from_tag(&query.lang) {
        let cookie = Cookie::build(COOKIE, lang.tag())
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .max_age(time::Duration::days(365))
            .finish();
        if let Err(e) = response.add_cookie(&cookie) {
            tracing::warn!(error = %e, "could not set the language cookie");
        }
    }
    response
}
