//! Settling deliveries that will not be sent: those still waiting for a chat or a member whose
//! link ended (`linking::ended` decides when and why), and those a worker just claimed whose
//! recipient is no longer linked (the re-check at claim time). Each settled send of an API
//! notification also becomes its `delivery.*` webhook event.
use std::collections::HashSet;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::accounts::UserId;
use crate::db::schema::{deliveries, group_chats, telegram_links, users};
use crate::db::{Conn, now};
use crate::delivery::job::Action;
use crate::delivery::status::DeliveryStatus;
use crate::webhooks::outbox::{self, EndedDelivery};

/// Which waiting deliveries to settle.
pub enum Waiting {
    InChat(i64),
    For(UserId),
}

/// Settles every delivery still waiting (due now or scheduled; sends, edits and deletes) with
/// `status` and `reason`; an API notification's send also becomes its `delivery.failed` event.
/// A delivery a worker holds right now is its to finish: the worker re-checks before it sends.
pub fn waiting(
    conn: &mut Conn,
    waiting: Waiting,
    status: DeliveryStatus,
    reason: &str,
) -> QueryResult<usize> {
    let pending = deliveries::table
        .filter(deliveries::status.eq(DeliveryStatus::Pending.as_str()))
        .into_boxed();
    let rows = match waiting {
        Waiting::InChat(chat_id) => pending.filter(deliveries::chat_id.eq(chat_id)),
        Waiting::For(user) => pending.filter(deliveries::user_id.eq(user.0)),
    };
    let ids: Vec<i64> = rows.select(deliveries::id).load(conn)?;
    mark(conn, &ids, DeliveryStatus::Pending, None, status, reason)
}

/// Moves the deliveries `ids` still in `from` (and, when given, still under `lease`) to
/// `status`, and writes the `delivery.*` webhook events of the sends among them.
fn mark(
    conn: &mut Conn,
    ids: &[i64],
    from: DeliveryStatus,
    lease: Option<NaiveDateTime>,
    status: DeliveryStatus,
    reason: &str,
) -> QueryResult<usize> {
    if ids.is_empty() {
        return Ok(0);
    }
    let mut rows = deliveries::table
        .filter(deliveries::id.eq_any(ids))
        .filter(deliveries::status.eq(from.as_str()))
        .into_boxed();
    if let Some(lease) = lease {
        rows = rows.filter(deliveries::lease_until.eq(lease));
    }
    let sends: Vec<i64> = rows
        .filter(deliveries::action.eq(Action::Send.as_str()))
        .select(deliveries::id)
        .load(conn)?;
    let target = deliveries::table
        .filter(deliveries::id.eq_any(ids))
        .filter(deliveries::status.eq(from.as_str()));
    let n = match lease {
        Some(lease) => diesel::update(target.filter(deliveries::lease_until.eq(lease)))
            .set((
                deliveries::status.eq(status.as_str()),
                deliveries::error.eq(reason),
                deliveries::lease_until.eq(None::<NaiveDateTime>),
                deliveries::updated_at.eq(now()),
            ))
            .execute(conn)?,
        None => diesel::update(target)
            .set((
                deliveries::status.eq(status.as_str()),
                deliveries::error.eq(reason),
                deliveries::updated_at.eq(now()),
            ))
            .execute(conn)?,
    };
    let blocked = status == DeliveryStatus::Blocked;
    let events: Vec<EndedDelivery> = sends
        .into_iter()
        .map(|delivery_id| EndedDelivery {
            delivery_id,
            outcome: Err((reason.to_string(), blocked)),
        })
        .collect();
    outbox::deliveries_ended(conn, &events)?;
    Ok(n)
}

/// Why the worker drops a claimed delivery.
const DEPARTED: &str = "the recipient is no longer linked to this chat";

/// The worker's re-check, right after it claims (`claimed`: delivery id, user id, chat id, all
/// held under `lease`): a delivery whose member is no longer linked to that chat, or is disabled,
/// or whose group or channel is no longer connected for that member, is settled `cancelled` and
/// not sent. Returns the ids it dropped.
pub fn drop_departed(
    conn: &mut Conn,
    claimed: &[(i64, i64, i64)],
    lease: NaiveDateTime,
) -> QueryResult<HashSet<i64>> {
    if claimed.is_empty() {
        return Ok(HashSet::new());
    }
    let mut user_ids: Vec<i64> = claimed.iter().map(|(_, user, _)| *user).collect();
    user_ids.sort_unstable();
    user_ids.dedup();
    let mut open: HashSet<(i64, i64)> = telegram_links::table
        .inner_join(users::table)
        .filter(telegram_links::user_id.eq_any(&user_ids))
        .filter(users::disabled_at.is_null())
        .select((telegram_links::user_id, telegram_links::chat_id))
        .load::<(i64, i64)>(conn)?
        .into_iter()
        .collect();
    let mut group_ids: Vec<i64> = claimed
        .iter()
        .map(|(_, _, chat)| *chat)
        .filter(|chat| *chat < 0)
        .collect();
    group_ids.sort_unstable();
    group_ids.dedup();
    if !group_ids.is_empty() {
        open.extend(
            group_chats::table
                .inner_join(users::table)
                .filter(group_chats::chat_id.eq_any(&group_ids))
                .filter(users::disabled_at.is_null())
                .select((group_chats::user_id, group_chats::chat_id))
                .load::<(i64, i64)>(conn)?,
        );
    }
    let departed: Vec<i64> = claimed
        .iter()
        .filter(|(_, user, chat)| !open.contains(&(*user, *chat)))
        .map(|(id, _, _)| *id)
        .collect();
    if !departed.is_empty() {
        conn.transaction(|conn| {
            mark(
                conn,
                &departed,
                DeliveryStatus::Sending,
                Some(lease),
                DeliveryStatus::Cancelled,
                DEPARTED,
            )
        })?;
        tracing::info!(
            dropped = departed.len(),
            "dropped claimed deliveries whose recipient is no longer linked"
        );
    }
    Ok(departed.into_iter().collect())
}
