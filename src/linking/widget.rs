//! The embeddable Connect widget: a page a site frames on its own account page for one of its
//! users, `/widget/connect?external_id=…&name=…&expires=…&signature=…`. The site signs the URL
//! (HMAC-SHA256 with TGLINK_WIDGET_SECRET over "external_id\nname\nexpires", hex), so nobody can
//! link someone else's id; a URL lives at most a day. It shows what the Connect page shows — the
//! button, the QR code, the copyable `/start`, and "Connected" once linked, found by polling —
//! and only the origins in TGLINK_WIDGET_ORIGINS may frame it.
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

use crate::accounts::subscribers::{self, ExternalId, parse_display_name};
use crate::config::WidgetConfig;
use crate::db::{self, Pool, now};
use crate::linking::links::{self, Link};
use crate::linking::{deep_link, link_tokens};
use crate::telegram::Telegram;
use crate::web::{PageError, render_status};

/// The longest a signed URL may be valid for, from now.
const MAX_LIFE_SECS: i64 = 24 * 3600;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(widget_page).service(widget_status);
}

#[derive(Deserialize)]
pub struct SignedQuery {
    external_id: String,
    #[serde(default)]
    name: String,
    expires: i64,
    signature: String,
}

/// The hex HMAC a site puts in `signature`.
pub fn sign(secret: &str, external_id: &str, name: &str, expires: i64) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(format!("{external_id}\n{name}\n{expires}").as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Why a widget URL is refused.
#[derive(Debug, PartialEq, Eq)]
enum Refusal {
    Disabled,
    BadSignature,
    Expired,
    TooLong,
    BadInput,
}

/// The subscriber a URL names, when its signature and expiry hold.
fn authorise(
    widget: Option<&WidgetConfig>,
    q: &SignedQuery,
    now_secs: i64,
) -> Result<(ExternalId, Option<String>), Refusal> {
    let widget = widget.ok_or(Refusal::Disabled)?;
    let expected = sign(&widget.secret, &q.external_id, &q.name, q.expires);
    // Constant time: the comparison says nothing about how much of a guess was right.
    if !crate::crypto::constant_time_eq(&expected, &q.signature.to_ascii_lowercase()) {
        return Err(Refusal::BadSignature);
    }
    if q.expires <= now_secs {
        return Err(Refusal::Expired);
    }
    if q.expires - now_secs > MAX_LIFE_SECS {
        return Err(Refusal::TooLong);
    }
    let id = ExternalId::parse(&q.external_id).map_err(|_| Refusal::BadInput)?;
    let name = match q.name.trim() {
        "" => None,
        name => Some(parse_display_name(name).map_err(|_| Refusal::BadInput)?),
    };
    Ok((id, name))
}

/// `frame-ancestors` for the allowed origins; everything else as strict as the other pages.
fn csp(widget: Option<&WidgetConfig>) -> String {
    let ancestors = widget
        .map(|w| w.origins.join(" "))
        .filter(|o| !o.is_empty())
        .unwrap_or_else(|| "'none'".into());
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors {ancestors}"
    )
}

#[derive(Template)]
#[template(path = "widget.html")]
struct WidgetPage {
    site_name: String,
    bot_state: &'static str,
    /// "@username" (or the name) of the linked Telegram account.
    linked: Option<String>,
    /// Why the widget refuses, as a catalogue key.
    refused: Option<&'static str>,
    status_url: String,
    self_url: String,
    link: Option<deep_link::LinkView>,
}

fn respond(widget: Option<&WidgetConfig>, status: StatusCode, page: &WidgetPage) -> HttpResponse {
    let mut response = render_status(status, page);
    if let Ok(value) = actix_web::http::header::HeaderValue::from_str(&csp(widget)) {
        response
            .headers_mut()
            .insert(actix_web::http::header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

fn refused_page(telegram: &Telegram, refusal: Refusal) -> (StatusCode, WidgetPage) {
    let (status, text) = match refusal {
        Refusal::Disabled => (StatusCode::NOT_FOUND, "member-widget-disabled"),
        Refusal::Expired => (StatusCode::FORBIDDEN, "member-widget-expired"),
        Refusal::BadSignature | Refusal::TooLong | Refusal::BadInput => {
            (StatusCode::FORBIDDEN, "member-widget-invalid")
        }
    };
    (
        status,
        WidgetPage {
            site_name: telegram.config.site_name.clone(),
            bot_state: "refused",
            linked: None,
            refused: Some(text),
            status_url: String::new(),
            self_url: String::new(),
            link: None,
        },
    )
}

#[get("/widget/connect")]
#[tracing::instrument(skip_all)]
async fn widget_page(
    req: HttpRequest,
    query: web::Query<SignedQuery>,
    telegram: web::Data<Telegram>,
    pool: web::Data<Pool>,
) -> Result<HttpResponse, PageError> {
    let widget = telegram.config.widget.as_ref();
    let (id, name) = match authorise(widget, &query, now().and_utc().timestamp()) {
        Ok(ok) => ok,
        Err(refusal) => {
            tracing::info!(?refusal, "widget URL refused");
            let (status, page) = refused_page(&telegram, refusal);
            return Ok(respond(widget, status, &page));
        }
    };
    let status = telegram.status();
    let ttl = telegram.config.link_ttl;
    let want_token = status.username().is_some();
    let (link, token) = db::run(&pool, move |conn| {
        let user = subscribers::find_or_create(conn, &id, name.as_deref())?;
        if let Some(link) = links::find_by_user(conn, user.id())? {
            return Ok::<_, anyhow::Error>((Some(link), None));
        }
        if !want_token {
            return Ok((None, None));
        }
        Ok((None, Some(link_tokens::issue(conn, user.id(), ttl)?)))
    })
    .await?;
    let query_string = req.query_string();
    let page = WidgetPage {
        site_name: telegram.config.site_name.clone(),
        bot_state: status.as_str(),
        linked: link.as_ref().map(Link::display_name),
        refused: None,
        status_url: format!("/widget/status?{query_string}"),
        self_url: format!("/widget/connect?{query_string}"),
        link: match (status.username(), token) {
            (Some(bot), Some((token, expires_at))) => {
                Some(deep_link::link_view(bot, &token, expires_at, None))
            }
            _ => None,
        },
    };
    Ok(respond(widget, StatusCode::OK, &page))
}

/// What the widget's script polls: linked or not, and the bot's state.
#[get("/widget/status")]
async fn widget_status(
    query: web::Query<SignedQuery>,
    telegram: web::Data<Telegram>,
    pool: web::Data<Pool>,
) -> Result<HttpResponse, PageError> {
    let widget = telegram.config.widget.as_ref();
    let Ok((id, _)) = authorise(widget, &query, now().and_utc().timestamp()) else {
        return Ok(HttpResponse::Forbidden()
            .insert_header(("Cache-Control", "no-store"))
            .json(serde_json::json!({ "error": "this Connect link is not valid any more" })));
    };
    let link = db::run(&pool, move |conn| {
        let Some(user) = subscribers::find(conn, &id)? else {
            return Ok::<_, anyhow::Error>(None);
        };
        Ok(links::find_by_user(conn, user.id())?)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(serde_json::json!({
            "linked": link.is_some(),
            "telegram": link.as_ref().map(Link::display_name),
            "bot": telegram.status().as_str(),
        })))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> WidgetConfig {
        WidgetConfig {
            secret: "s".repeat(32),
            origins: vec!["https://shop.example".into()],
        }
    }

    fn query(expires: i64, signature: String) -> SignedQuery {
        SignedQuery {
            external_id: "user-42".into(),
            name: "Alice".into(),
            expires,
            signature,
        }
    }

    #[test]
    fn only_a_fresh_url_signed_with_the_secret_passes() {
        let c = config();
        let now = 1_800_000_000;
        let good = sign(&c.secret, "user-42", "Alice", now + 600);
        assert!(authorise(Some(&c), &query(now + 600, good.clone()), now).is_ok());
        assert_eq!(
            authorise(Some(&c), &query(now + 600, good.to_uppercase()), now).map(|_| ()),
            Ok(())
        );
        let forged = sign(&"x".repeat(32), "user-42", "Alice", now + 600);
        assert_eq!(
            authorise(Some(&c), &query(now + 600, forged), now).unwrap_err(),
            Refusal::BadSignature
        );
        // Another id, name or time under the same signature is a forgery.
        assert_eq!(
            authorise(Some(&c), &query(now + 601, good.clone()), now).unwrap_err(),
            Refusal::BadSignature
        );
        let past = sign(&c.secret, "user-42", "Alice", now - 1);
        assert_eq!(
            authorise(Some(&c), &query(now - 1, past), now).unwrap_err(),
            Refusal::Expired
        );
        let long = sign(&c.secret, "user-42", "Alice", now + 2 * 86400);
        assert_eq!(
            authorise(Some(&c), &query(now + 2 * 86400, long), now).unwrap_err(),
            Refusal::TooLong
        );
        assert_eq!(
            authorise(None, &query(now + 600, good), now).unwrap_err(),
            Refusal::Disabled
        );
    }

    #[test]
    fn only_the_allowed_origins_may_frame_it() {
        assert!(csp(Some(&config())).ends_with("frame-ancestors https://shop.example"));
        assert!(csp(None).ends_with("frame-ancestors 'none'"));
    }
}
