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
use crate::db::schema::users;
use crate::db::{self, Pool};
use crate::i18n::Lang;
use crate::linking::ended::{self, Ending};
use crate::linking::links::{self, Via};
use crate::linking::{link_tokens, qr};
use crate::telegram::Telegram;
use diesel::prelude::*;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkRequest {
    external_id: String,
    display_name: Option<String>,
    /// The subscriber's language (a tag tglink speaks): the variant of messages they get.
    language: Option<String>,
}

/// A `language` from the API: one of tglink's tags, stored as written canonically.
fn parse_language(raw: &str) -> Result<&'static str, ApiError> {
    Lang::from_tag(raw).map(Lang::tag).ok_or_else(|| {
        let tags: Vec<&str> = Lang::ALL.iter().map(|l| l.tag()).collect();
        ApiError::Invalid(format!(
            "language: not a language tglink speaks (one of {})",
            tags.join(", ")
        ))
    })
}

/// A subscriber's language, `None` when they have none (or do not exist).
fn language_of(conn: &mut db::Conn, user: i64) -> diesel::QueryResult<Option<String>> {
    users::table
        .find(user)
        .select(users::language)
        .first::<Option<String>>(conn)
        .optional()
        .map(Option::flatten)
}

#[derive(Serialize)]
struct LinkResponse {
    url: String,
    start: String,
    qr_svg: String,
    expires_at: String,
    /// The language given, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'static str>,
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
    language: Option<&'static str>,
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
        if let Some(language) = language {
            diesel::update(users::table.find(user.id))
                .set(users::language.eq(language))
                .execute(conn)?;
        }
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
    let language = body.language.as_deref().map(parse_language).transpose()?;
    let link = issue_link(&pool, &telegram, id, display_name, language).await?;
    Ok(HttpResponse::Created().json(LinkResponse {
        url: link.url,
        start: link.start,
        qr_svg: link.qr_svg,
        expires_at: rfc3339(link.expires_at),
        language,
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
            return Ok::<_, anyhow::Error>((None, None));
        };
        let language = language_of(conn, user.id)?;
        Ok((links::find_by_user(conn, user.id())?, language))
    })
    .await?;
    let (link, language) = link;
    let mut body = serde_json::json!({
        "external_id": shown,
        "linked": link.is_some(),
        "language": language,
    });
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
