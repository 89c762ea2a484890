//! Who a broadcast reaches, written once: the count compose shows (and refuses to send to when it
//! is zero) and the enqueue's `INSERT … SELECT` both start from [`reached_members!`] and
//! [`reached_groups!`], so they cannot disagree.
use diesel::prelude::*;

use crate::db::Conn;

/// Who receives a broadcast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Every linked user.
    All,
    /// Linked admins only: a test send.
    Admins,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::All => "all",
            Audience::Admins => "admins",
        }
    }
}

/// What the audience rule needs of a message's topic (`topics::Topic::rule`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TopicRule {
    pub id: i64,
    /// Members who made no choice receive it.
    pub default_on: bool,
    /// Everyone receives it, whatever they chose.
    pub critical: bool,
}

/// The audience rule of one broadcast: linked, enabled members (admins only for a test send);
/// with a topic, those who receive it (their choice, else the topic's default; everyone for a
/// critical topic); and the connected groups and channels when the admin ticked them (never for a
/// test send).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reach {
    pub admins_only: bool,
    pub topic_id: Option<i64>,
    /// No topic, or a critical one: the topic filters nobody out.
    pub everyone: bool,
    /// The topic's default for members who made no choice.
    pub default_on: bool,
    pub to_groups: bool,
}

impl Reach {
    pub fn new(audience: Audience, topic: Option<TopicRule>, to_groups: bool) -> Reach {
        let (topic_id, everyone, default_on) = match topic {
            None => (None, true, false),
            Some(t) => (Some(t.id), t.critical, t.default_on),
        };
        let admins_only = audience == Audience::Admins;
        Reach {
            admins_only,
            topic_id,
            everyone,
            default_on,
            to_groups: to_groups && !admins_only,
        }
    }
}

/// The linked members `$reach` (a `&Reach`) reaches: a query over `telegram_links` joined with
/// `users`, to count or to `select` from. A macro, so each backend's own connection can run it
/// inside the enqueue's transaction (`INSERT … SELECT` needs the concrete backend).
macro_rules! reached_members {
    ($reach:expr) => {{
        use diesel::sql_types::Bool;
        use $crate::db::schema::{telegram_links, topic_preferences, users};
        let reach: &$crate::delivery::audience::Reach = $reach;
        let choice = topic_preferences::table
            .filter(topic_preferences::user_id.eq(telegram_links::user_id))
            .filter(topic_preferences::topic_id.nullable().eq(reach.topic_id));
        telegram_links::table
            .inner_join(users::table)
            .filter(
                users::is_admin
                    .eq(true)
                    .or((!reach.admins_only).into_sql::<Bool>()),
            )
            .filter(users::disabled_at.is_null())
            .filter(
                reach
                    .everyone
                    .into_sql::<Bool>()
                    .or(diesel::dsl::exists(
                        choice.filter(topic_preferences::subscribed.eq(true)),
                    ))
                    .or(reach
                        .default_on
                        .into_sql::<Bool>()
                        .and(diesel::dsl::not(diesel::dsl::exists(choice)))),
            )
    }};
}
pub(crate) use reached_members;

/// The connected groups and channels a broadcast posts to when `Reach::to_groups` (none of an
/// account disabled since), over `group_chats` joined with `users`.
macro_rules! reached_groups {
    () => {{
        use $crate::db::schema::{group_chats, users};
        group_chats::table
            .inner_join(users::table)
            .filter(users::disabled_at.is_null())
    }};
}
pub(crate) use reached_groups;

/// How many chats a broadcast with this rule would be sent to now: members, plus groups and
/// channels when ticked.
pub fn count(conn: &mut Conn, reach: &Reach) -> QueryResult<i64> {
    let members: i64 = match conn {
        Conn::Pg(c) => reached_members!(reach).count().get_result(c)?,
        Conn::Sqlite(c) => reached_members!(reach).count().get_result(c)?,
    };
    let groups: i64 = match reach.to_groups {
        true => reached_groups!().count().get_result(conn)?,
        false => 0,
    };
    Ok(members + groups)
}
