//! Webhook endpoints: made by `tglink create-webhook URL` or on /admin/webhooks, each with its
//! own signing secret, shown once. The secret is stored as is: signing needs it back (see
//! SECURITY.md for why, and what protects it).
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::destination::Destinations;
use super::signature;
use crate::db::schema::webhook_endpoints;
use crate::db::{Conn, now};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhook_endpoints)]
pub struct Endpoint {
    pub id: i64,
    pub url: String,
    pub created_at: NaiveDateTime,
}

/// An endpoint URL: http(s) with a host, at most 2000 characters, that `destinations` allows
/// (https to a public address unless TGLINK_WEBHOOK_ALLOW_PRIVATE is on).
pub fn parse_url(raw: &str, destinations: Destinations) -> Result<url::Url, String> {
    let raw = raw.trim();
    let url = url::Url::parse(raw)
        .map_err(|e| crate::i18n::t1("manage-webhook-not-url", "why", e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(crate::i18n::t("manage-webhook-scheme"));
    }
    if raw.len() > 2000 {
        return Err(crate::i18n::t("manage-webhook-too-long"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(crate::i18n::t("manage-webhook-credentials"));
    }
    destinations.check_new(&url)?;
    Ok(url)
}

/// Registers `url`; returns its id and its secret (`whsec_…`), which the caller shows once.
pub fn create(conn: &mut Conn, url: &url::Url) -> QueryResult<(i64, String)> {
    let secret = signature::generate_secret();
    let id = diesel::insert_into(webhook_endpoints::table)
        .values((
            webhook_endpoints::url.eq(url.as_str()),
            webhook_endpoints::secret.eq(&secret),
            webhook_endpoints::created_at.eq(now()),
        ))
        .returning(webhook_endpoints::id)
        .get_result(conn)?;
    Ok((id, secret))
}

pub fn list(conn: &mut Conn) -> QueryResult<Vec<Endpoint>> {
    webhook_endpoints::table
        .order(webhook_endpoints::id.asc())
        .select(Endpoint::as_select())
        .load(conn)
}

/// Removes an endpoint with its queue and attempts; its URL, or `None` when there was none.
pub fn remove(conn: &mut Conn, id: i64) -> QueryResult<Option<String>> {
    let url = webhook_endpoints::table
        .find(id)
        .select(webhook_endpoints::url)
        .first::<String>(conn)
        .optional()?;
    diesel::delete(webhook_endpoints::table.find(id)).execute(conn)?;
    Ok(url)
}

/// The ids of every endpoint: events are queued for each.
pub fn ids(conn: &mut Conn) -> QueryResult<Vec<i64>> {
    webhook_endpoints::table
        .select(webhook_endpoints::id)
        .load(conn)
}

#[cfg(test)]
mod tests {
    use super::Destinations;

    #[test]
    fn urls() {
        let open = Destinations {
            allow_private: true,
        };
        assert!(super::parse_url("https://shop.example/hooks/tglink", open).is_ok());
        assert!(super::parse_url("http://127.0.0.1:9000/x", open).is_ok());
        for bad in [
            "",
            "shop.example/hook",
            "ftp://x.example/",
            "https://u:p@x.example/",
        ] {
            assert!(super::parse_url(bad, open).is_err(), "{bad:?}");
        }
    }
}
