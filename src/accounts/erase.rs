//! Erasing a deleted account: every row that names the member (the site username, the Telegram
//! account's id, @username and name, where and how they signed in) is deleted or scrubbed, in the
//! deletion's transaction, after the Telegram link has ended. Rows that other history counts on
//! stay, nameless: the account row under a placeholder, its link events without Telegram ids, its
//! deliveries without a chat id. SECURITY.md lists what is kept.
use diesel::prelude::*;

use crate::accounts::{UserId, session_store, throttle};
use crate::db::Conn;
use crate::db::schema::{
    auth_attempts, deliveries, link_events, link_tokens, processed_updates, signin_tokens,
    telegram_links, telegram_logins, users, webhook_attempts, webhook_deliveries, webhook_events,
};

/// What starts the username of a deleted account. The space (and `#`) never pass
/// `Username::parse`, so no sign-up can take the name and no member's name blocks a deletion.
const PLACEHOLDER_PREFIX: &str = "deleted account #";

/// Not a PHC string: no password verifies against it (the login checks the dummy hash instead).
const NO_PASSWORD: &str = "!deleted";

/// The chat id a delivery keeps once its member is erased: Telegram has no chat 0.
pub const ERASED_CHAT: i64 = 0;

/// The username a deleted account keeps: `deleted account #<id>`.
pub fn placeholder(id: UserId) -> String {
    format!("{PLACEHOLDER_PREFIX}{}", id.0)
}

/// Whether `username` is a deleted account's placeholder.
pub fn is_placeholder(username: &str) -> bool {
    username.starts_with(PLACEHOLDER_PREFIX)
}

/// Erases account `id`, in the caller's transaction. Call it after the link has ended: it reads
/// the member's Telegram ids from the link history, so an unlink written before it is scrubbed
/// too.
pub fn erase_member(conn: &mut Conn, id: UserId) -> QueryResult<()> {
    let Some(username) = users::table
        .find(id.0)
        .select(users::username)
        .first::<String>(conn)
        .optional()?
    else {
        return Ok(());
    };
    let telegram_ids = telegram_ids_of(conn, id)?;

    session_store::delete_all_for_user(conn, id.0)?;
    diesel::delete(signin_tokens::table.filter(signin_tokens::user_id.eq(id.0))).execute(conn)?;
    diesel::delete(link_tokens::table.filter(link_tokens::user_id.eq(id.0))).execute(conn)?;
    diesel::delete(
        auth_attempts::table
            .filter(auth_attempts::username_lower.eq(throttle::name_key(&username))),
    )
    .execute(conn)?;
    // "Sign in with Telegram" attempts hold the @username, name, address and browser.
    diesel::delete(
        telegram_logins::table.filter(
            telegram_logins::user_id
                .eq(id.0)
                .or(telegram_logins::telegram_user_id.eq_any(&telegram_ids))
                .or(telegram_logins::chat_id.eq_any(&telegram_ids)),
        ),
    )
    .execute(conn)?;
    erase_webhook_events(conn, id)?;

    diesel::update(link_events::table.filter(link_events::user_id.eq(id.0)))
        .set((
            link_events::telegram_user_id.eq(None::<i64>),
            link_events::chat_id.eq(None::<i64>),
        ))
        .execute(conn)?;
    // Their private chat only: a group they connected is the group's, not theirs.
    diesel::update(
        deliveries::table
            .filter(deliveries::user_id.eq(id.0))
            .filter(deliveries::chat_id.gt(0)),
    )
    .set(deliveries::chat_id.eq(ERASED_CHAT))
    .execute(conn)?;
    // Handled updates keep their id (to drop Telegram's redeliveries) but not their chat; their
    // JSON was dropped when they were handled.
    diesel::update(
        processed_updates::table
            .filter(processed_updates::lane.eq_any(&telegram_ids))
            .filter(processed_updates::handled_at.is_not_null()),
    )
    .set(processed_updates::lane.eq(0))
    .execute(conn)?;

    let placeholder = placeholder(id);
    diesel::update(users::table.find(id.0))
        .set((
            users::username.eq(&placeholder),
            users::username_lower.eq(placeholder.to_ascii_lowercase()),
            users::password_hash.eq(NO_PASSWORD),
            users::is_admin.eq(false),
            users::signin_alerts.eq(false),
            users::display_name.eq(None::<String>),
            users::last_login_at.eq(None::<chrono::NaiveDateTime>),
            users::quiet_start.eq(None::<i32>),
            users::quiet_end.eq(None::<i32>),
            users::time_zone.eq(None::<String>),
            users::language.eq(None::<String>),
        ))
        .execute(conn)
        .map(drop)
}

/// Every Telegram account and chat the member was ever linked to (a private chat's id is its
/// user's id), from the history and from a link still in place.
fn telegram_ids_of(conn: &mut Conn, id: UserId) -> QueryResult<Vec<i64>> {
    let history: Vec<(Option<i64>, Option<i64>)> = link_events::table
        .filter(link_events::user_id.eq(id.0))
        .select((link_events::telegram_user_id, link_events::chat_id))
        .load(conn)?;
    let current: Vec<(i64, i64)> = telegram_links::table
        .filter(telegram_links::user_id.eq(id.0))
        .select((telegram_links::telegram_user_id, telegram_links::chat_id))
        .load(conn)?;
    let mut ids: Vec<i64> = history
        .into_iter()
        .flat_map(|(user, chat)| [user, chat])
        .flatten()
        .chain(current.into_iter().flat_map(|(user, chat)| [user, chat]))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// The member's webhook events, their deliveries and attempts, sent or not: their bodies name
/// the member, and a resend would name them again. Events not sent yet go too: the receiving
/// site is not told more about a member who asked to be forgotten.
fn erase_webhook_events(conn: &mut Conn, id: UserId) -> QueryResult<()> {
    let events = webhook_events::table
        .filter(webhook_events::user_id.eq(id.0))
        .select(webhook_events::id);
    let of_events = webhook_deliveries::table
        .filter(webhook_deliveries::event_id.eq_any(events))
        .select(webhook_deliveries::id);
    diesel::delete(webhook_attempts::table.filter(webhook_attempts::delivery_id.eq_any(of_events)))
        .execute(conn)?;
    diesel::delete(webhook_deliveries::table.filter(webhook_deliveries::event_id.eq_any(events)))
        .execute(conn)?;
    diesel::delete(webhook_events::table.filter(webhook_events::user_id.eq(id.0))).execute(conn)?;
    Ok(())
}
