//! The linking API for sites that keep their own users: `POST /api/v1/links` makes a one-time
//! deep link for an external id (the subscriber is made on first use), `GET
//! /api/v1/subscribers/{external_id}` says whether it is linked, `DELETE …/link` unlinks it.
//! External ids arrive percent-encoded in paths; actix decodes each segment in full.
use actix_web::{HttpResponse, delete, get, post, web};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::ApiError;
use super::api_tokens::ApiClient;
use crate::accounts::subscribers::{self, ExternalId, parse_display_name};
use crate::db::{self, Pool};
use crate::linking::ended::{self, Ending};
use crate::linking::links::{self, Via};
use crate::linking::{link_tokens, qr};
use crate::telegram::Telegram;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkRequest {
    external_id: String,
    display_name: Option<String>,
}

#[derive(Serialize)]
struct LinkResponse {
    url: String,
    start: String,
    qr_svg: String,
    expires_at: String,
}

/// RFC 3339 in UTC, as every time the API returns.
fn rfc3339(t: NaiveDateTime) -> String {
    t.and_utc()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A deep link for one external id, as the Connect page makes for a signed-in member.
pub async fn issue_link(
    pool: &Pool,
    telegram: &Telegram,
    id: ExternalId,
    display_name: Option<String>,
) -> Result<IssuedLink, ApiError> {
    let bot = telegram
        .status()
        .username()
        .map(str::to_string)
        .ok_or_else(|| {
            ApiError::Unavailable("the Telegram bot is not ready yet; try again shortly".into())
        })?;
    let ttl = telegram.config.link_ttl;
    let (token, expires_at) = db::run(pool, move |conn| {
        let user = subscribers::find_or_create(conn, &id, display_name.as_deref())?;
        link_tokens::issue(conn, user.id(), ttl)
    })
    .await?;
    let url = format!("https://t.me/{bot}?start={}", token.as_str());
    Ok(IssuedLink {
        qr_svg: qr::svg(&url).unwrap_or_default(),
        start: format!("/start {}", token.as_str()),
        url,
        expires_at,
    })
}

/// A fresh link, ready to show.
pub struct IssuedLink {
    pub url: String,
    pub start: String,
    pub qr_svg: String,
    pub expires_at: NaiveDateTime,
}

#[post("/links")]
#[tracing::instrument(skip_all, fields(token_id = client.token_id))]
pub async fn create_link(
    client: ApiClient,
    pool: web::Data<Pool>,
    telegram: web::Data<Telegram>,
    body: web::Json<LinkRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let id = ExternalId::parse(&body.external_id).map_err(ApiError::Invalid)?;
    let display_name = match body.display_name.as_deref() {
        Some(name) => Some(parse_display_name(name).map_err(ApiError::Invalid)?),
        None => None,
    };
    let link = issue_link(&pool, &telegram, id, display_name).await?;
    Ok(HttpResponse::Created().json(LinkResponse {
        url: link.url,
        start: link.start,
        qr_svg: link.qr_svg,
        expires_at: rfc3339(link.expires_at),
    }))
}

fn path_id(raw: &str) -> Result<ExternalId, ApiError> {
    ExternalId::parse(raw).map_err(ApiError::Invalid)
}

#[get("/subscribers/{external_id}")]
pub async fn show(
    _client: ApiClient,
    pool: web::Data<Pool>,
    external_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&external_id)?;
    let shown = id.as_str().to_string();
    let link = db::run(&pool, move |conn| {
        let Some(user) = subscribers::find(conn, &id)? else {
            return Ok::<_, anyhow::Error>(None);
        };
        Ok(links::find_by_user(conn, user.id())?)
    })
    .await?;
    let mut body = serde_json::json!({ "external_id": shown, "linked": link.is_some() });
    if let Some(link) = link {
        body["telegram"] = serde_json::json!({
            "username": link.telegram_username,
            "first_name": link.telegram_name,
        });
        body["linked_at"] = rfc3339(link.linked_at).into();
    }
    Ok(HttpResponse::Ok().json(body))
}

#[delete("/subscribers/{external_id}/link")]
#[tracing::instrument(skip_all, fields(token_id = client.token_id))]
pub async fn unlink(
    client: ApiClient,
    pool: web::Data<Pool>,
    telegram: web::Data<Telegram>,
    external_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&external_id)?;
    let ended = db::run(&pool, move |conn| {
        let Some(user) = subscribers::find(conn, &id)? else {
            return Ok::<_, anyhow::Error>(None);
        };
        Ok(Some(ended::end(conn, Ending::Link(user.id()), Via::Api)?))
    })
    .await?;
    let Some((ended, link)) = ended.and_then(|e| e.link.clone().map(|link| (e, link))) else {
        return Err(ApiError::Conflict(
            "this external_id has no linked Telegram account".into(),
        ));
    };
    tracing::info!(user_id = link.user_id, "unlinked through the API");
    ended::tell(&telegram, &ended);
    Ok(HttpResponse::Ok().json(serde_json::json!({ "linked": false })))
}
