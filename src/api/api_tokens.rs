//! API tokens: made by `tglink create-api-token`, shown once, stored as a SHA-256 only; listed
//! and revoked on the dashboard. `ApiClient` is the extractor that checks the Bearer token.
use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::ApiError;
use crate::crypto::{random_token, sha256_hex};
use crate::db::schema::api_tokens;
use crate::db::{self, Conn, Pool, now};

/// Tokens start with this, so a leaked one is recognisable (and secret scanners can find it).
pub const PREFIX: &str = "tglink_";

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_tokens)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

/// A token's name: 1–64 printable characters.
pub fn parse_name(raw: &str) -> Result<String, String> {
    let name = raw.trim();
    if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
        return Err(crate::i18n::t("manage-token-name-invalid"));
    }
    Ok(name.to_string())
}

/// Creates a token; returns its id and the token itself, which is not stored anywhere.
pub fn create(conn: &mut Conn, name: &str) -> QueryResult<(i64, String)> {
    let token = format!("{PREFIX}{}", random_token());
    let id = diesel::insert_into(api_tokens::table)
        .values((
            api_tokens::name.eq(name),
            api_tokens::token_hash.eq(sha256_hex(&token)),
            api_tokens::created_at.eq(now()),
        ))
        .returning(api_tokens::id)
        .get_result(conn)?;
    Ok((id, token))
}

/// The id of the live token with this value. The lookup is by hash, so how long it takes says
/// nothing about the token.
pub fn authenticate(conn: &mut Conn, token: &str) -> QueryResult<Option<i64>> {
    let found: Option<(i64, Option<NaiveDateTime>)> = api_tokens::table
        .filter(api_tokens::token_hash.eq(sha256_hex(token)))
        .filter(api_tokens::revoked_at.is_null())
        .select((api_tokens::id, api_tokens::last_used_at))
        .first(conn)
        .optional()?;
    let Some((id, last_used)) = found else {
        return Ok(None);
    };
    let at = now();
    // Written at most once a minute, not on every call.
    if last_used.is_none_or(|t| at - t > chrono::Duration::minutes(1)) {
        diesel::update(api_tokens::table.find(id))
            .set(api_tokens::last_used_at.eq(at))
            .execute(conn)?;
    }
    Ok(Some(id))
}

pub fn list(conn: &mut Conn) -> QueryResult<Vec<ApiToken>> {
    api_tokens::table
        .order(api_tokens::id.desc())
        .select(ApiToken::as_select())
        .load(conn)
}

/// Revokes a token; false when there is no such live token.
pub fn revoke(conn: &mut Conn, id: i64) -> QueryResult<bool> {
    diesel::update(
        api_tokens::table
            .find(id)
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(now()))
    .execute(conn)
    .map(|n| n > 0)
}

/// A caller with a valid API token (`Authorization: Bearer …`); anyone else gets 401.
pub struct ApiClient {
    pub token_id: i64,
}

impl FromRequest for ApiClient {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim().to_string())
            .filter(|t| !t.is_empty() && t.len() <= 200);
        let pool = req.app_data::<web::Data<Pool>>().cloned();
        Box::pin(async move {
            let token = token.ok_or(ApiError::Unauthorized)?;
            let pool = pool.ok_or_else(|| anyhow::anyhow!("no database pool in app data"))?;
            let id = db::run(&pool, move |conn| authenticate(conn, &token)).await?;
            id.map(|token_id| ApiClient { token_id })
                .ok_or(ApiError::Unauthorized)
        })
    }
}
