//! A member's sessions as the sessions page shows them. At sign-in the session's own state
//! records a public id, the time, the browser (a short label such as "Firefox on Linux", not the
//! whole User-Agent) and the client address: only what the page shows, kept with the session and
//! gone with it.
use actix_session::Session;
use actix_web::HttpRequest;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Deserialize;

use crate::accounts::domain::UserId;
use crate::db::schema::sessions;
use crate::db::{Conn, now};
use crate::web::client_ip::client_ip;

/// The session state keys this module writes (actix-session stores each value as JSON).
const SID_KEY: &str = "sid";
const SINCE_KEY: &str = "signed_in_at";
const BROWSER_KEY: &str = "browser";
const ADDRESS_KEY: &str = "address";

/// How long a session lives without being used; `last seen` is read back from its expiry (the
/// store moves the expiry at most once an hour, so it is right to the hour).
/// How long a session lives without being used.
pub const IDLE_DAYS: i64 = 14;
const IDLE_LIFE: chrono::Duration = chrono::Duration::days(IDLE_DAYS);

/// Records who signed in, from where, on a session that has just been renewed; returns the
/// session's new public id and the browser's label.
pub fn record_sign_in(session: &Session, req: &HttpRequest) -> anyhow::Result<(String, String)> {
    let (sid, browser) = (crate::crypto::random_token(), browser_of(req));
    let values = [
        (SID_KEY, sid.clone()),
        (SINCE_KEY, Utc::now().to_rfc3339()),
        (BROWSER_KEY, browser.clone()),
        (ADDRESS_KEY, client_ip(req).to_string()),
    ];
    for (key, value) in values {
        session
            .insert(key, value)
            .map_err(|e| anyhow::anyhow!("cannot store the session: {e}"))?;
    }
    Ok((sid, browser))
}

/// The label of the browser that sent `req`.
pub fn browser_of(req: &HttpRequest) -> String {
    let user_agent = req
        .headers()
        .get(actix_web::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    browser_label(user_agent)
}

/// The public id of this browser's session (none for sessions from before it was recorded).
pub fn current_sid(session: &Session) -> Option<String> {
    session.get::<String>(SID_KEY).ok().flatten()
}

/// "Firefox on Linux", "Safari on iOS", or "Unknown browser".
pub fn browser_label(user_agent: &str) -> String {
    let Some(ua) = woothee::parser::Parser::new().parse(user_agent) else {
        return "Unknown browser".into();
    };
    let known = |s: &str| !s.is_empty() && s != woothee::woothee::VALUE_UNKNOWN;
    match (known(ua.name), known(ua.os)) {
        (true, true) => format!("{} on {}", ua.name, ua.os),
        (true, false) => ua.name.to_string(),
        (false, true) => format!("A browser on {}", ua.os),
        (false, false) => "Unknown browser".into(),
    }
}

/// One of a member's sessions, as the page lists it.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub sid: String,
    pub signed_in_at: Option<DateTime<Utc>>,
    pub last_seen: NaiveDateTime,
    pub browser: String,
    pub address: String,
}

/// The recorded values, as actix-session keeps them: each a JSON string inside the state.
#[derive(Deserialize)]
struct Recorded {
    sid: Option<String>,
    signed_in_at: Option<String>,
    browser: Option<String>,
    address: Option<String>,
}

fn read(state: &str) -> Option<Recorded> {
    let raw: std::collections::HashMap<String, String> = serde_json::from_str(state).ok()?;
    let field = |k: &str| {
        raw.get(k)
            .and_then(|v| serde_json::from_str::<String>(v).ok())
    };
    Some(Recorded {
        sid: field(SID_KEY),
        signed_in_at: field(SINCE_KEY),
        browser: field(BROWSER_KEY),
        address: field(ADDRESS_KEY),
    })
}

/// The user's live sessions, most recently used first. Only sessions with a recorded id are
/// listed (they can be ended one by one); older ones still end with "sign out everywhere else".
pub fn list(conn: &mut Conn, user: UserId) -> QueryResult<Vec<SessionInfo>> {
    let rows: Vec<(String, NaiveDateTime)> = sessions::table
        .filter(sessions::user_id.eq(user.0))
        .filter(sessions::expires_at.gt(now()))
        .order(sessions::expires_at.desc())
        .select((sessions::state, sessions::expires_at))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(state, expires_at)| {
            let r = read(&state)?;
            Some(SessionInfo {
                sid: r.sid?,
                signed_in_at: r
                    .signed_in_at
                    .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
                    .map(|t| t.with_timezone(&Utc)),
                last_seen: expires_at - IDLE_LIFE,
                browser: r.browser.unwrap_or_else(|| "Unknown browser".into()),
                address: r.address.unwrap_or_default(),
            })
        })
        .collect())
}

/// How many live sessions the user has, listed or not.
pub fn count(conn: &mut Conn, user: UserId) -> QueryResult<usize> {
    sessions::table
        .filter(sessions::user_id.eq(user.0))
        .filter(sessions::expires_at.gt(now()))
        .count()
        .get_result::<i64>(conn)
        .map(|n| usize::try_from(n).unwrap_or(0))
}

/// Ends the user's session with public id `sid`; false when there is none (already ended, or
/// not theirs).
pub fn end(conn: &mut Conn, user: UserId, sid: &str) -> QueryResult<bool> {
    let rows: Vec<(String, String)> = sessions::table
        .filter(sessions::user_id.eq(user.0))
        .select((sessions::id, sessions::state))
        .load(conn)?;
    let Some((id, _)) = rows
        .into_iter()
        .find(|(_, state)| read(state).and_then(|r| r.sid).as_deref() == Some(sid))
    else {
        return Ok(false);
    };
    diesel::delete(sessions::table.find(id))
        .execute(conn)
        .map(|n| n == 1)
}

/// Ends every session of the user but the one with public id `keep`.
pub fn end_all_but(conn: &mut Conn, user: UserId, keep: Option<&str>) -> QueryResult<usize> {
    let rows: Vec<(String, String)> = sessions::table
        .filter(sessions::user_id.eq(user.0))
        .select((sessions::id, sessions::state))
        .load(conn)?;
    let others: Vec<String> = rows
        .into_iter()
        .filter(|(_, state)| keep.is_none() || read(state).and_then(|r| r.sid).as_deref() != keep)
        .map(|(id, _)| id)
        .collect();
    diesel::delete(sessions::table.filter(sessions::id.eq_any(others))).execute(conn)
}

#[cfg(test)]
mod tests {
    use super::browser_label;

    #[test]
    fn browsers_get_short_labels() {
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
        assert_eq!(browser_label(firefox), "Firefox on Linux");
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 \
                      (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
        assert_eq!(browser_label(iphone), "Safari on iPhone");
        assert_eq!(browser_label(""), "Unknown browser");
        assert_eq!(browser_label("curl/8.5.0"), "HTTP Library");
    }
}
