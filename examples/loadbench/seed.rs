//! Seeding through the library: users (bulk inserts), their Telegram links, link tokens, the
//! admin and member accounts with real argon2 hashes, and an API token.
use std::time::Duration;

use diesel::prelude::*;
use tglink::accounts::{UserId, Username};
use tglink::db::schema::{deliveries, processed_updates, telegram_links};
use tglink::db::{self, Conn, Pool};

pub const PASSWORD: &str = "loadbench-password-1";
pub const ADMIN: &str = "benchadmin";
pub const MEMBER: &str = "benchmember";

/// Users `{prefix}{i}` for i in 0..count; when `first_chat` is given, user i is linked to chat
/// `first_chat + i`. Returns the user ids in order.
pub fn users(
    conn: &mut Conn,
    prefix: &str,
    count: usize,
    first_chat: Option<i64>,
) -> anyhow::Result<Vec<i64>> {
    Ok(match first_chat {
        Some(first_chat) => tglink::db::seed::linked_users(conn, prefix, count, first_chat, false)?
            .into_iter()
            .map(|l| l.user_id)
            .collect(),
        None => tglink::db::seed::users(conn, prefix, count, false)?,
    })
}

/// An account with a real argon2 hash of [`PASSWORD`].
pub async fn account(pool: &Pool, name: &str, admin: bool) -> anyhow::Result<i64> {
    let hash = tglink::accounts::password::hash(PASSWORD.to_string()).await?;
    let username = Username::parse(name).map_err(anyhow::Error::msg)?;
    let user = db::run(pool, move |conn| {
        tglink::accounts::store::create(conn, &username, &hash, admin).map_err(anyhow::Error::from)
    })
    .await?;
    Ok(user
        .ok_or_else(|| anyhow::anyhow!("{name} exists already"))?
        .id)
}

pub async fn api_token(pool: &Pool) -> anyhow::Result<String> {
    let (_, token) = db::run(pool, |conn| {
        tglink::api::api_tokens::create(conn, "loadbench").map_err(anyhow::Error::from)
    })
    .await?;
    Ok(token)
}

/// A fresh link token for each user, as the Connect page would issue them.
pub async fn link_tokens(pool: &Pool, ids: Vec<i64>) -> anyhow::Result<Vec<String>> {
    db::run(pool, move |conn| {
        conn.transaction(|conn| {
            ids.iter()
                .map(|id| {
                    tglink::linking::link_tokens::issue(
                        conn,
                        UserId(*id),
                        Duration::from_secs(3600),
                    )
                    .map(|(t, _)| t.as_str().to_string())
                })
                .collect::<QueryResult<Vec<_>>>()
        })
        .map_err(anyhow::Error::from)
    })
    .await
}

pub async fn count_links_among(pool: &Pool, ids: Vec<i64>) -> anyhow::Result<i64> {
    db::run(pool, move |conn| {
        let mut n = 0;
        for chunk in ids.chunks(1000) {
            n += telegram_links::table
                .filter(telegram_links::user_id.eq_any(chunk))
                .count()
                .get_result::<i64>(conn)?;
        }
        Ok::<_, anyhow::Error>(n)
    })
    .await
}

/// Updates the bot has handled (the inbox's rows with `handled_at`; stored-only ones excluded).
pub async fn count_processed_updates(pool: &Pool) -> anyhow::Result<i64> {
    db::run(pool, |conn| {
        processed_updates::table
            .filter(processed_updates::handled_at.is_not_null())
            .count()
            .get_result::<i64>(conn)
            .map_err(anyhow::Error::from)
    })
    .await
}

/// Updates stored in the inbox (acknowledged or about to be), handled or not.
pub async fn count_stored_updates(pool: &Pool) -> anyhow::Result<i64> {
    db::run(pool, |conn| {
        processed_updates::table
            .count()
            .get_result::<i64>(conn)
            .map_err(anyhow::Error::from)
    })
    .await
}

/// Deliveries of one message by status.
pub struct DeliveryState {
    pub by_status: Vec<(String, i64)>,
}

impl DeliveryState {
    pub fn open(&self) -> i64 {
        self.by_status
            .iter()
            .filter(|(s, _)| s == "pending" || s == "sending")
            .map(|(_, n)| n)
            .sum()
    }

    pub fn describe(&self) -> String {
        self.by_status
            .iter()
            .map(|(s, n)| format!("{s} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

pub async fn deliveries_of(pool: &Pool, message_id: i64) -> anyhow::Result<DeliveryState> {
    db::run(pool, move |conn| {
        let by_status: Vec<(String, i64)> = deliveries::table
            .filter(deliveries::message_id.eq(message_id))
            .group_by(deliveries::status)
            .select((deliveries::status, diesel::dsl::count_star()))
            .load(conn)?;
        Ok::<_, anyhow::Error>(DeliveryState { by_status })
    })
    .await
}

/// Counts of deliveries still open (pending or sending), across all messages.
pub async fn open_deliveries(pool: &Pool, message_id: i64) -> anyhow::Result<i64> {
    db::run(pool, move |conn| {
        deliveries::table
            .filter(deliveries::message_id.eq(message_id))
            .filter(deliveries::status.eq_any(["pending", "sending"]))
            .count()
            .get_result::<i64>(conn)
            .map_err(anyhow::Error::from)
    })
    .await
}
