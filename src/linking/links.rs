//! Queries on the linked Telegram accounts (`telegram_links`) and their history (`link_events`).
//! Creating a link (consuming a token) lives in `linking.rs`; every way of ending one goes through
//! `ended.rs`.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::accounts::UserId;
use crate::db::schema::{link_events, telegram_links, users};
use crate::db::{Conn, now};

/// How a link was made or ended, as recorded in `link_events.via`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// Confirmed in the bot.
    Bot,
    /// Telegram's own login (OpenID Connect), from the Connect page.
    TelegramLogin,
    /// The Unlink button on the Connect page.
    Page,
    /// `/stop` in the chat.
    Stop,
    /// The user blocked the bot (`my_chat_member` → kicked).
    Blocked,
    /// A send answered 403 (blocked, deactivated, …).
    SendForbidden,
    /// A send answered 400 chat not found.
    ChatNotFound,
    /// The member deleted their site account.
    AccountDeleted,
    /// An admin unlinked it on /admin/users.
    Admin,
    /// The site unlinked it through the API (`DELETE /api/v1/subscribers/{id}/link`).
    Api,
    /// An admin disabled the account: its link stays, but nothing waiting for it goes out.
    Disabled,
    /// The bot was removed from a connected group or channel.
    Removed,
    /// The bot may no longer post in a connected channel.
    NoPosting,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Bot => "bot",
            Via::TelegramLogin => "telegram_login",
            Via::Page => "page",
            Via::Stop => "stop",
            Via::Blocked => "blocked",
            Via::SendForbidden => "send_forbidden",
            Via::ChatNotFound => "chat_not_found",
            Via::AccountDeleted => "account_deleted",
            Via::Admin => "admin",
            Via::Api => "api",
            Via::Disabled => "disabled",
            Via::Removed => "removed",
            Via::NoPosting => "no_posting",
        }
    }
}

impl Via {
    /// Why a link ended, as `link.removed` webhooks say it: the site (or its member or admin)
    /// ended it, the user sent /stop, or the chat is gone (blocked, deleted).
    pub fn webhook_reason(self) -> &'static str {
        match self {
            Via::Page
            | Via::AccountDeleted
            | Via::Admin
            | Via::Api
            | Via::Disabled
            | Via::Bot
            | Via::TelegramLogin => "site",
            Via::Stop => "stop",
            Via::Blocked
            | Via::SendForbidden
            | Via::ChatNotFound
            | Via::Removed
            | Via::NoPosting => "blocked",
        }
    }
}

impl std::str::FromStr for Via {
    type Err = String;

    fn from_str(s: &str) -> Result<Via, String> {
        [
            Via::Bot,
            Via::TelegramLogin,
            Via::Page,
            Via::Stop,
            Via::Blocked,
            Via::SendForbidden,
            Via::ChatNotFound,
            Via::AccountDeleted,
            Via::Admin,
            Via::Api,
            Via::Disabled,
            Via::Removed,
            Via::NoPosting,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
        .ok_or_else(|| format!("unknown link event via {s:?}"))
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = telegram_links)]
pub struct Link {
    pub user_id: i64,
    pub telegram_user_id: i64,
    pub chat_id: i64,
    pub telegram_username: Option<String>,
    pub telegram_name: String,
    pub linked_at: NaiveDateTime,
}

impl Link {
    /// "@username" when the account has one, else its name.
    pub fn display_name(&self) -> String {
        match &self.telegram_username {
            Some(u) => format!("@{u}"),
            None => self.telegram_name.clone(),
        }
    }
}

pub fn find_by_user(conn: &mut Conn, user: UserId) -> QueryResult<Option<Link>> {
    telegram_links::table
        .find(user.0)
        .select(Link::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_chat(conn: &mut Conn, chat_id: i64) -> QueryResult<Option<Link>> {
    telegram_links::table
        .filter(telegram_links::chat_id.eq(chat_id))
        .select(Link::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_telegram_user(conn: &mut Conn, telegram_user_id: i64) -> QueryResult<Option<Link>> {
    telegram_links::table
        .filter(telegram_links::telegram_user_id.eq(telegram_user_id))
        .select(Link::as_select())
        .first(conn)
        .optional()
}

pub fn record_event(conn: &mut Conn, link: &Link, event: &str, via: Via) -> QueryResult<()> {
    diesel::insert_into(link_events::table)
        .values((
            link_events::user_id.eq(link.user_id),
            link_events::event.eq(event),
            link_events::via.eq(via.as_str()),
            link_events::telegram_user_id.eq(link.telegram_user_id),
            link_events::chat_id.eq(link.chat_id),
            link_events::created_at.eq(now()),
        ))
        .execute(conn)
        .map(drop)
}

/// Keeps the shown @username and name current: Telegram users rename themselves.
pub fn refresh_profile(
    conn: &mut Conn,
    chat_id: i64,
    username: Option<&str>,
    name: &str,
) -> QueryResult<usize> {
    diesel::update(telegram_links::table.filter(telegram_links::chat_id.eq(chat_id)))
        .set((
            telegram_links::telegram_username.eq(username),
            telegram_links::telegram_name.eq(name),
        ))
        .execute(conn)
}

/// Telegram moved a chat to a new id (group upgraded to supergroup): follow it, with the link
/// and with a connected group alike.
pub fn move_chat(conn: &mut Conn, old_chat_id: i64, new_chat_id: i64) -> QueryResult<usize> {
    let groups = crate::linking::groups::move_chat(conn, old_chat_id, new_chat_id)?;
    diesel::update(telegram_links::table.filter(telegram_links::chat_id.eq(old_chat_id)))
        .set(telegram_links::chat_id.eq(new_chat_id))
        .execute(conn)
        .map(|n| n + groups)
}

pub fn count_linked(conn: &mut Conn) -> QueryResult<i64> {
    telegram_links::table.count().get_result(conn)
}

/// A recent link or unlink, for the admin overview.
#[derive(Debug, Clone, Queryable)]
pub struct LinkEventRow {
    pub username: String,
    pub event: String,
    pub via: String,
    pub created_at: NaiveDateTime,
}

pub fn recent_events(conn: &mut Conn, limit: i64) -> QueryResult<Vec<LinkEventRow>> {
    link_events::table
        .inner_join(users::table)
        .order(link_events::id.desc())
        .limit(limit)
        .select((
            users::username,
            link_events::event,
            link_events::via,
            link_events::created_at,
        ))
        .load(conn)
}
