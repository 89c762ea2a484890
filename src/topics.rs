//! Topics: what a message is about, so members choose what they receive. Admins define them
//! (`/admin/topics`); members choose on `/account/notifications` or with the bot's `/settings`;
//! a broadcast or notification may name one, and only its subscribers get it. A member without a
//! choice gets the topic's default; a critical topic reaches everyone linked, whatever they chose.
use diesel::prelude::*;

use crate::accounts::UserId;
use crate::db::schema::{deliveries, messages, topic_preferences, topics};
use crate::db::{Conn, now};
use crate::delivery::status::DeliveryStatus;
use crate::delivery::store::TopicRule;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = topics)]
pub struct Topic {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub default_on: bool,
    pub critical: bool,
}

impl Topic {
    /// Who receives a message of this topic, as the queue applies it.
    pub fn rule(&self) -> TopicRule {
        TopicRule {
            id: self.id,
            default_on: self.default_on,
            critical: self.critical,
        }
    }
}

/// What an admin enters for a topic, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicForm {
    pub name: String,
    pub description: String,
    pub default_on: bool,
    pub critical: bool,
}

/// Which field was wrong, and what to say next to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TopicError {
    Name(String),
    Description(String),
}

const MAX_NAME: usize = 40;
const MAX_DESCRIPTION: usize = 200;

impl TopicForm {
    pub fn parse(
        name: &str,
        description: &str,
        default_on: bool,
        critical: bool,
    ) -> Result<TopicForm, TopicError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(TopicError::Name(crate::i18n::t(
                "manage-topic-name-missing",
            )));
        }
        if name.chars().count() > MAX_NAME {
            return Err(TopicError::Name(crate::i18n::t1(
                "manage-topic-name-too-long",
                "max",
                MAX_NAME,
            )));
        }
        if name.chars().any(char::is_control) {
            return Err(TopicError::Name(crate::i18n::t(
                "manage-topic-name-control",
            )));
        }
        let description = description.trim().replace("\r\n", "\n");
        if description.chars().count() > MAX_DESCRIPTION {
            return Err(TopicError::Description(crate::i18n::t1(
                "manage-topic-description-too-long",
                "max",
                MAX_DESCRIPTION,
            )));
        }
        Ok(TopicForm {
            name: name.to_string(),
            description,
            default_on,
            critical,
        })
    }
}

/// Topic names are unique regardless of case (Unicode lower case: names need not be ASCII).
fn lower(name: &str) -> String {
    name.trim().to_lowercase()
}

pub fn list(conn: &mut Conn) -> QueryResult<Vec<Topic>> {
    topics::table
        .order(topics::name_lower)
        .select(Topic::as_select())
        .load(conn)
}

pub fn find(conn: &mut Conn, id: i64) -> QueryResult<Option<Topic>> {
    topics::table
        .find(id)
        .select(Topic::as_select())
        .first(conn)
        .optional()
}

/// The topic with this name, regardless of case.
pub fn find_by_name(conn: &mut Conn, name: &str) -> QueryResult<Option<Topic>> {
    topics::table
        .filter(topics::name_lower.eq(lower(name)))
        .select(Topic::as_select())
        .first(conn)
        .optional()
}

fn unique(result: QueryResult<usize>) -> QueryResult<bool> {
    match result {
        Ok(n) => Ok(n > 0),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Creates a topic; false when the name is taken.
pub fn create(conn: &mut Conn, form: &TopicForm) -> QueryResult<bool> {
    unique(
        diesel::insert_into(topics::table)
            .values((
                topics::name.eq(&form.name),
                topics::name_lower.eq(lower(&form.name)),
                topics::description.eq(&form.description),
                topics::default_on.eq(form.default_on),
                topics::critical.eq(form.critical),
                topics::created_at.eq(now()),
            ))
            .execute(conn),
    )
}

/// Changes a topic; false when the new name is another topic's (or the topic is gone).
pub fn update(conn: &mut Conn, id: i64, form: &TopicForm) -> QueryResult<bool> {
    unique(
        diesel::update(topics::table.find(id))
            .set((
                topics::name.eq(&form.name),
                topics::name_lower.eq(lower(&form.name)),
                topics::description.eq(&form.description),
                topics::default_on.eq(form.default_on),
                topics::critical.eq(form.critical),
            ))
            .execute(conn),
    )
}

/// Deletes a topic and the members' choices about it; its messages keep their text, untagged.
pub fn delete(conn: &mut Conn, id: i64) -> QueryResult<bool> {
    conn.transaction(|conn| {
        diesel::update(messages::table.filter(messages::topic_id.eq(id)))
            .set(messages::topic_id.eq(None::<i64>))
            .execute(conn)?;
        diesel::delete(topic_preferences::table.filter(topic_preferences::topic_id.eq(id)))
            .execute(conn)?;
        Ok(diesel::delete(topics::table.find(id)).execute(conn)? > 0)
    })
}

/// Every topic with whether this member receives it (their choice, else the default).
pub fn choices(conn: &mut Conn, user: UserId) -> QueryResult<Vec<(Topic, bool)>> {
    let chosen: Vec<(i64, bool)> = topic_preferences::table
        .filter(topic_preferences::user_id.eq(user.0))
        .select((topic_preferences::topic_id, topic_preferences::subscribed))
        .load(conn)?;
    Ok(list(conn)?
        .into_iter()
        .map(|t| {
            let on = chosen
                .iter()
                .find(|(id, _)| *id == t.id)
                .map_or(t.default_on, |(_, on)| *on);
            (t, on)
        })
        .collect())
}

/// Whether this member receives messages of `topic` (critical topics: always).
pub fn receives(conn: &mut Conn, user: UserId, topic: &Topic) -> QueryResult<bool> {
    if topic.critical {
        return Ok(true);
    }
    let chosen: Option<bool> = topic_preferences::table
        .find((user.0, topic.id))
        .select(topic_preferences::subscribed)
        .first(conn)
        .optional()?;
    Ok(chosen.unwrap_or(topic.default_on))
}

/// Records a member's choice. Muting also cancels what of that topic still waits in the queue
/// for them, so a mute is honoured at once, not after the broadcast in progress.
pub fn choose(conn: &mut Conn, user: UserId, topic_id: i64, subscribed: bool) -> QueryResult<()> {
    conn.transaction(|conn| {
        let at = now();
        let updated = diesel::update(topic_preferences::table.find((user.0, topic_id)))
            .set((
                topic_preferences::subscribed.eq(subscribed),
                topic_preferences::updated_at.eq(at),
            ))
            .execute(conn)?;
        if updated == 0 {
            diesel::insert_into(topic_preferences::table)
                .values((
                    topic_preferences::user_id.eq(user.0),
                    topic_preferences::topic_id.eq(topic_id),
                    topic_preferences::subscribed.eq(subscribed),
                    topic_preferences::updated_at.eq(at),
                ))
                .execute(conn)?;
        }
        if !subscribed {
            cancel_pending(conn, user, topic_id)?;
        }
        Ok(())
    })
}

/// Cancels a member's pending deliveries of a (non-critical) topic: they muted it.
fn cancel_pending(conn: &mut Conn, user: UserId, topic_id: i64) -> QueryResult<usize> {
    let of_topic = messages::table
        .inner_join(topics::table)
        .filter(topics::id.eq(topic_id))
        .filter(topics::critical.eq(false))
        .select(messages::id);
    diesel::update(
        deliveries::table
            .filter(deliveries::user_id.eq(user.0))
            .filter(deliveries::action.eq(crate::delivery::job::Action::Send.as_str()))
            // Their own chat only: the groups they connected did not mute anything.
            .filter(deliveries::chat_id.gt(0))
            .filter(deliveries::status.eq(DeliveryStatus::Pending.as_str()))
            .filter(deliveries::message_id.eq_any(of_topic)),
    )
    .set((
        deliveries::status.eq(DeliveryStatus::Cancelled.as_str()),
        deliveries::error.eq("the member muted this topic"),
        deliveries::updated_at.eq(now()),
    ))
    .execute(conn)
}
