//! The language of a page (issue 27): the signed-in member's saved choice, else the visitor's
//! choice from the footer's menu (the `tglink_lang` cookie), else the browser's
//! `Accept-Language`, else `TGLINK_DEFAULT_LANGUAGE`. A middleware sets it for the request, so
//! templates and error pages say `t("key")` without carrying it.
use actix_session::SessionExt;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::ACCEPT_LANGUAGE;
use actix_web::middleware::Next;
use actix_web::web;

use super::auth::session_user_id;
use super::language;
use crate::db::{self, Pool};
use crate::i18n::{self, Lang};

/// The footer menu's cookie: a visitor's choice (a tag). Not secret, so not encrypted.
pub const COOKIE: &str = "tglink_lang";

/// Paths no person reads as a page: no database lookup for them.
fn is_machine_path(path: &str) -> bool {
    ["/static/", "/api/", "/telegram/", "/sandbox/api/"]
        .iter()
        .any(|p| path.starts_with(p))
        || matches!(path, "/healthz" | "/livez" | "/readyz" | "/metrics")
}

/// The visitor's language, from what the request says (no account).
pub fn of_visitor(req: &ServiceRequest) -> Lang {
    req.cookie(COOKIE)
        .and_then(|c| Lang::from_tag(c.value()))
        .or_else(|| {
            req.headers()
                .get(ACCEPT_LANGUAGE)
                .and_then(|h| h.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or_else(i18n::default_lang)
}

async fn choose(req: &ServiceRequest) -> Lang {
    // The JSON API's errors are read by programs and their developers: always English, whatever
    // the site's default (a message text's or a send time's error says it in `t`).
    if req.path().starts_with("/api/") {
        return Lang::En;
    }
    if is_machine_path(req.path()) {
        return i18n::default_lang();
    }
    let user = session_user_id(&req.get_session());
    if let (Some(user), Some(pool)) = (user, req.app_data::<web::Data<Pool>>()) {
        match db::run(pool, move |conn| language::saved(conn, user)).await {
            Ok(Some(lang)) => return lang,
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "could not load the member's language"),
        }
    }
    of_visitor(req)
}

/// Runs the rest of the request in the page's language. Wrapped inside the session middleware.
pub async fn page_language(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let lang = choose(&req).await;
    i18n::scope(lang, next.call(req)).await
}
