//! Changing a message after it went out: an edit replaces its text in every chat it reached, a
//! retraction deletes it there. Both become delivery rows (`edit`, `delete`), one per chat the
//! message reached, so they share the queue, its pacing and its progress bar. The rows find the
//! Telegram messages to change through the send they act on (`source_id`) when they are claimed:
//! a send still under way finishes first.
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Integer, Text, Timestamp};

use super::job::Action;
use super::split::split;
use super::status::DeliveryStatus;
use super::store;
use super::text::{Format, MessageText};
use super::variants::{self, Variants};
use crate::db::schema::{deliveries, messages};
use crate::db::{Conn, now};
use crate::i18n::Lang;

/// Telegram lets a bot delete its messages only within 48 hours of sending them.
const DELETE_WINDOW: chrono::TimeDelta = chrono::TimeDelta::hours(48);

/// Whether a message that started going out at `started` may still be deleted for everyone.
pub fn may_delete(started: NaiveDateTime) -> bool {
    now() - started <= DELETE_WINDOW
}

/// Whose message it is: an admin's broadcast, or a notification of one API token.
#[derive(Debug, Clone, Copy)]
pub enum Owner {
    Broadcast,
    ApiToken(i64),
}

/// Why a change was refused; each is a sentence for the admin or the API caller.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("no such message")]
    NotFound,
    #[error("this message was deleted for everyone; it cannot be edited")]
    Retracted,
    #[error(
        "this message went out as {sent} messages and the new text needs {now}; an edit must keep the number of parts (delete it and send a new one instead)"
    )]
    PartsChanged {
        sent: usize,
        now: usize,
        /// The variant whose text it is; `None`: the main text.
        variant: Option<Lang>,
    },
    #[error("this message has no variant in this language; an edit cannot add one")]
    NoSuchVariant(Lang),
    #[error(
        "Telegram lets bots delete messages only within 48 hours of sending them, and this one went out on {0} UTC"
    )]
    TooOld(String),
}

struct Found {
    text: String,
    format: Format,
    retracted: bool,
    started: NaiveDateTime,
}

fn find(conn: &mut Conn, id: i64, owner: Owner) -> QueryResult<Option<Found>> {
    let query = messages::table.find(id).into_boxed();
    let query = match owner {
        Owner::Broadcast => query.filter(messages::kind.eq("broadcast")),
        Owner::ApiToken(token) => query
            .filter(messages::kind.eq("notification"))
            .filter(messages::api_token_id.eq(token)),
    };
    type Row = (
        String,
        String,
        Option<NaiveDateTime>,
        NaiveDateTime,
        Option<NaiveDateTime>,
    );
    let row: Option<Row> = query
        .select((
            messages::text,
            messages::format,
            messages::retracted_at,
            messages::created_at,
            messages::send_at,
        ))
        .first(conn)
        .optional()?;
    Ok(
        row.map(|(text, format, retracted, created, send_at)| Found {
            text,
            format: Format::from_db(&format),
            retracted: retracted.is_some(),
            started: send_at.unwrap_or(created),
        }),
    )
}

/// Replaces a message's text, and the text of the variants given (others stay as they are; a new
/// language cannot be added): deliveries not sent yet take the new text, and every chat it
/// reached (or is reaching) with a text that changed gets an edit. Returns how many chats will be
/// edited.
pub fn edit(
    conn: &mut Conn,
    id: i64,
    owner: Owner,
    text: &MessageText,
    variants: &Variants,
) -> QueryResult<Result<i64, Refused>> {
    conn.transaction(|conn| {
        let Some(found) = find(conn, id, owner)? else {
            return Ok(Err(Refused::NotFound));
        };
        if found.retracted {
            return Ok(Err(Refused::Retracted));
        }
        let stored = variants::load_one(conn, id)?;
        let mut before = vec![(None, found.text.clone(), text)];
        for (lang, new) in variants.iter() {
            let Some(old) = stored.get(lang.tag()) else {
                return Ok(Err(Refused::NoSuchVariant(*lang)));
            };
            before.push((Some(*lang), old.clone(), new));
        }
        for (variant, old, new) in &before {
            let sent = split(old, found.format).len();
            let now_parts = new.parts().len();
            if sent != now_parts {
                return Ok(Err(Refused::PartsChanged {
                    sent,
                    now: now_parts,
                    variant: *variant,
                }));
            }
        }
        let at = now();
        diesel::update(messages::table.find(id))
            .set((
                messages::text.eq(text.as_str()),
                messages::format.eq(text.format().as_str()),
                messages::edited_at.eq(at),
            ))
            .execute(conn)?;
        let changed = variants::replace(conn, id, variants)?;
        // Members who got the default text need an edit only if it changed (or its format did).
        let default_changed = found.text != text.as_str() || found.format != text.format();
        let tags: Vec<&str> = match default_changed {
            // A format change re-renders every variant too.
            true if found.format != text.format() => stored.keys().map(String::as_str).collect(),
            _ => changed.iter().map(|l| l.tag()).collect(),
        };
        forget_earlier_edits(conn, id)?;
        let only = Some((default_changed, tags));
        Ok(Ok(queue_changes(conn, id, Action::Edit, at, only)?))
    })
}

/// Deletes a message for everyone: its unsent deliveries are cancelled and every chat it reached
/// gets a delete. Retracting twice changes nothing. Returns how many chats will see it deleted.
pub fn retract(conn: &mut Conn, id: i64, owner: Owner) -> QueryResult<Result<i64, Refused>> {
    conn.transaction(|conn| {
        let Some(found) = find(conn, id, owner)? else {
            return Ok(Err(Refused::NotFound));
        };
        if found.retracted {
            return Ok(Ok(0));
        }
        if !may_delete(found.started) {
            let day = found.started.format("%Y-%m-%d %H:%M").to_string();
            return Ok(Err(Refused::TooOld(day)));
        }
        let at = now();
        diesel::update(messages::table.find(id))
            .set(messages::retracted_at.eq(at))
            .execute(conn)?;
        store::cancel_unsent(conn, id, "deleted for everyone before it was sent")?;
        forget_earlier_edits(conn, id)?;
        Ok(Ok(queue_changes(conn, id, Action::Delete, at, None)?))
    })
}

/// Drops the rows of an earlier edit, so progress counts the latest change only. Rows in flight
/// stay and finish: their outcome fences on the row and changes nothing else.
fn forget_earlier_edits(conn: &mut Conn, id: i64) -> QueryResult<usize> {
    diesel::delete(
        deliveries::table
            .filter(deliveries::message_id.eq(id))
            .filter(deliveries::action.eq(Action::Edit.as_str()))
            .filter(deliveries::status.ne(DeliveryStatus::Sending.as_str())),
    )
    .execute(conn)
}

/// One `action` row per send that delivered a part or is delivering one now, in one
/// `INSERT … SELECT`, carrying the send's variant. Sends not started yet need none: they take the
/// new text, or are cancelled. `only`: just the sends that carry these texts (whether the
/// default, and which variants), `None`: all.
fn queue_changes(
    conn: &mut Conn,
    id: i64,
    action: Action,
    at: NaiveDateTime,
    only: Option<(bool, Vec<&str>)>,
) -> QueryResult<i64> {
    let all = only.is_none();
    let (default, tags) = only.unwrap_or_default();
    let sends = deliveries::table
        .filter(deliveries::message_id.eq(id))
        .filter(deliveries::action.eq(Action::Send.as_str()))
        .filter(
            all.into_sql::<Bool>()
                .or(default
                    .into_sql::<Bool>()
                    .and(deliveries::language.is_null()))
                .or(deliveries::language.eq_any(tags).assume_not_null()),
        )
        .filter(
            deliveries::status
                .eq(DeliveryStatus::Sending.as_str())
                .or(deliveries::telegram_message_ids.is_not_null()),
        )
        .select((
            deliveries::message_id,
            deliveries::user_id,
            deliveries::chat_id,
            DeliveryStatus::Pending.as_str().into_sql::<Text>(),
            at.into_sql::<Timestamp>(),
            at.into_sql::<Timestamp>(),
            deliveries::priority,
            action.as_str().into_sql::<Text>(),
            0.into_sql::<Integer>(),
            deliveries::id.nullable(),
            deliveries::language,
        ));
    let rows = diesel::insert_into(deliveries::table)
        .values(sends)
        .into_columns((
            deliveries::message_id,
            deliveries::user_id,
            deliveries::chat_id,
            deliveries::status,
            deliveries::next_attempt_at,
            deliveries::updated_at,
            deliveries::priority,
            deliveries::action,
            deliveries::step,
            deliveries::source_id,
            deliveries::language,
        ))
        .execute(conn)?;
    Ok(rows as i64)
}
