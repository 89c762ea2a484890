//! Groups and channels connected to the site (`group_chats`), and members' requests to connect
//! one (`group_requests`): a one-time `startgroup` token (only its SHA-256 is stored), or a
//! pending "connect a channel" request, which the bot matches by the Telegram user who made it an
//! administrator (channels get no start parameter). Connecting, moving, disconnecting.
use std::fmt;
use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::accounts::UserId;
use crate::crypto::{random_token, sha256_hex};
use crate::db::schema::{group_chats, group_requests, telegram_links, users};
use crate::db::{Conn, now};

/// What kind of chat a connection is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatKind {
    Group,
    Supergroup,
    Channel,
}

impl ChatKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChatKind::Group => "group",
            ChatKind::Supergroup => "supergroup",
            ChatKind::Channel => "channel",
        }
    }

    /// The kind of a Telegram chat; `None` for a private chat.
    pub fn of(chat: &teloxide_core::types::Chat) -> Option<ChatKind> {
        if chat.is_group() {
            Some(ChatKind::Group)
        } else if chat.is_supergroup() {
            Some(ChatKind::Supergroup)
        } else if chat.is_channel() {
            Some(ChatKind::Channel)
        } else {
            None
        }
    }
}

/// What a request asks to connect, as stored in `group_requests.kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RequestKind {
    Group,
    Channel,
}

impl RequestKind {
    fn as_str(self) -> &'static str {
        match self {
            RequestKind::Group => "group",
            RequestKind::Channel => "channel",
        }
    }
}

/// A connected group or channel.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = group_chats)]
pub struct GroupChat {
    pub id: i64,
    pub chat_id: i64,
    pub kind: String,
    pub title: String,
    /// The forum topic its messages go to, if one was chosen.
    pub thread_id: Option<i64>,
    /// The account that connected it.
    pub user_id: i64,
    pub connected_at: NaiveDateTime,
}

/// A chat to connect, as the bot saw it.
#[derive(Debug, Clone)]
pub struct NewChat {
    pub chat_id: i64,
    pub kind: ChatKind,
    pub title: String,
}

/// The `startgroup` parameter: `grp_` and 32 random bytes, base64url (47 characters, within
/// Telegram's 64). The prefix keeps it apart from link tokens and sign-in nonces. Never logged.
#[derive(Clone, PartialEq, Eq)]
pub struct GroupToken(String);

const TOKEN_PREFIX: &str = "grp_";

impl GroupToken {
    fn generate() -> GroupToken {
        GroupToken(random_token())
    }

    /// The payload of `/start@bot <payload>` in a group, when it can be a group token.
    pub fn from_start_payload(payload: &str) -> Option<GroupToken> {
        let token = payload.trim().strip_prefix(TOKEN_PREFIX)?;
        let ok = token.len() == 43
            && token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        ok.then(|| GroupToken(token.to_string()))
    }

    /// What goes after `?startgroup=`.
    pub fn start_payload(&self) -> String {
        format!("{TOKEN_PREFIX}{}", self.0)
    }

    fn hash(&self) -> String {
        sha256_hex(&self.0)
    }
}

impl fmt::Debug for GroupToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("GroupToken(…)")
    }
}

/// Why a `/start <token>` in a group connected nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Unknown,
    Used,
    Expired,
    /// The member asked for a newer link since.
    Superseded,
    /// The token is another Telegram account's: a site account connects groups from its own
    /// linked Telegram account only.
    NotYours,
    /// The token's account has no Telegram linked (any more).
    NotLinked,
    /// The chat is connected already (by this or another account).
    AlreadyConnected,
}

/// Opens a short-lived request and returns its expiry; the member's older open requests of the
/// same kind end (like link tokens, only the newest works).
fn open_request(
    conn: &mut Conn,
    user: UserId,
    kind: RequestKind,
    token: Option<&GroupToken>,
    ttl: Duration,
) -> QueryResult<NaiveDateTime> {
    let at = now();
    let expires_at = at + chrono::Duration::from_std(ttl).unwrap_or(chrono::Duration::hours(1));
    conn.transaction(|conn| {
        diesel::update(
            group_requests::table
                .filter(group_requests::user_id.eq(user.0))
                .filter(group_requests::kind.eq(kind.as_str()))
                .filter(group_requests::used_at.is_null())
                .filter(group_requests::revoked_at.is_null()),
        )
        .set(group_requests::revoked_at.eq(at))
        .execute(conn)?;
        diesel::insert_into(group_requests::table)
            .values((
                group_requests::user_id.eq(user.0),
                group_requests::kind.eq(kind.as_str()),
                group_requests::token_hash.eq(token.map(GroupToken::hash)),
                group_requests::created_at.eq(at),
                group_requests::expires_at.eq(expires_at),
            ))
            .execute(conn)
    })?;
    Ok(expires_at)
}

/// A fresh `startgroup` token for `user`, valid for `ttl`.
pub fn issue_group_token(conn: &mut Conn, user: UserId, ttl: Duration) -> QueryResult<GroupToken> {
    let token = GroupToken::generate();
    open_request(conn, user, RequestKind::Group, Some(&token), ttl)?;
    Ok(token)
}

/// Records that `user` is about to add the bot to a channel, for `ttl`.
pub fn request_channel(conn: &mut Conn, user: UserId, ttl: Duration) -> QueryResult<()> {
    open_request(conn, user, RequestKind::Channel, None, ttl).map(drop)
}

/// A refusal rolls the transaction back (the request stays as it was); a database error too.
enum Abort {
    Refused(Refusal),
    Db(diesel::result::Error),
}

impl From<diesel::result::Error> for Abort {
    fn from(e: diesel::result::Error) -> Self {
        Abort::Db(e)
    }
}

fn settle<T>(outcome: Result<T, Abort>) -> QueryResult<Result<T, Refusal>> {
    match outcome {
        Ok(v) => Ok(Ok(v)),
        Err(Abort::Refused(r)) => Ok(Err(r)),
        Err(Abort::Db(e)) => Err(e),
    }
}

/// An open request of this kind: neither used nor replaced, and not expired.
macro_rules! open_requests {
    ($kind:expr) => {
        group_requests::table
            .filter(group_requests::kind.eq($kind.as_str()))
            .filter(group_requests::used_at.is_null())
            .filter(group_requests::revoked_at.is_null())
            .filter(group_requests::expires_at.gt(now()))
    };
}

/// Why a group token that could not be used is no good.
fn token_state(conn: &mut Conn, token: &GroupToken) -> QueryResult<Refusal> {
    let row: Option<(NaiveDateTime, Option<NaiveDateTime>, Option<NaiveDateTime>)> =
        group_requests::table
            .filter(group_requests::token_hash.eq(token.hash()))
            .select((
                group_requests::expires_at,
                group_requests::used_at,
                group_requests::revoked_at,
            ))
            .first(conn)
            .optional()?;
    Ok(match row {
        None => Refusal::Unknown,
        Some((_, Some(_), _)) => Refusal::Used,
        Some((_, None, Some(_))) => Refusal::Superseded,
        Some(_) => Refusal::Expired,
    })
}

fn insert_chat(conn: &mut Conn, user: i64, chat: &NewChat) -> Result<GroupChat, Abort> {
    if find_by_chat(conn, chat.chat_id)?.is_some() {
        return Err(Abort::Refused(Refusal::AlreadyConnected));
    }
    diesel::insert_into(group_chats::table)
        .values((
            group_chats::chat_id.eq(chat.chat_id),
            group_chats::kind.eq(chat.kind.as_str()),
            group_chats::title.eq(&chat.title),
            group_chats::user_id.eq(user),
            group_chats::connected_at.eq(now()),
        ))
        .execute(conn)?;
    find_by_chat(conn, chat.chat_id)?.ok_or(Abort::Db(diesel::result::Error::NotFound))
}

/// `/start <token>` from Telegram user `from` in `chat`: connects it for the token's account, in
/// one transaction with using the token (the write comes first, so that on SQLite the transaction
/// takes the write lock before it reads; a refusal rolls it back). Returns the connection and the
/// account's username.
pub fn connect_with_token(
    conn: &mut Conn,
    token: &GroupToken,
    from: i64,
    chat: &NewChat,
) -> QueryResult<Result<(GroupChat, String), Refusal>> {
    settle(conn.transaction(|conn| {
        let used: Option<i64> = diesel::update(
            open_requests!(RequestKind::Group).filter(group_requests::token_hash.eq(token.hash())),
        )
        .set(group_requests::used_at.eq(now()))
        .returning(group_requests::user_id)
        .get_result(conn)
        .optional()?;
        let Some(user_id) = used else {
            return Err(Abort::Refused(token_state(conn, token)?));
        };
        let owner: Option<(i64, String)> = telegram_links::table
            .inner_join(users::table)
            .filter(telegram_links::user_id.eq(user_id))
            .filter(users::disabled_at.is_null())
            .select((telegram_links::telegram_user_id, users::username))
            .first(conn)
            .optional()?;
        match owner {
            None => Err(Abort::Refused(Refusal::NotLinked)),
            Some((telegram_user, _)) if telegram_user != from => {
                Err(Abort::Refused(Refusal::NotYours))
            }
            Some((_, username)) => Ok((insert_chat(conn, user_id, chat)?, username)),
        }
    }))
}

/// The accounts linked to Telegram user `from` (one at most), as a subquery.
macro_rules! accounts_of {
    ($from:expr) => {
        telegram_links::table
            .inner_join(users::table)
            .filter(telegram_links::telegram_user_id.eq($from))
            .filter(users::disabled_at.is_null())
            .select(telegram_links::user_id)
    };
}

/// The site account linked to Telegram user `from` with an open "connect a channel" request:
/// (account, its private chat). `None` when there is none.
pub fn channel_requester(conn: &mut Conn, from: i64) -> QueryResult<Option<(UserId, i64)>> {
    open_requests!(RequestKind::Channel)
        .inner_join(telegram_links::table.on(telegram_links::user_id.eq(group_requests::user_id)))
        .inner_join(users::table.on(users::id.eq(group_requests::user_id)))
        .filter(telegram_links::telegram_user_id.eq(from))
        .filter(users::disabled_at.is_null())
        .select((group_requests::user_id, telegram_links::chat_id))
        .first::<(i64, i64)>(conn)
        .optional()
        .map(|r| r.map(|(user, chat)| (UserId(user), chat)))
}

/// The bot became an administrator who may post in `chat`, by Telegram user `from`: connects the
/// channel for `from`'s account if it asked to, using its request (write first, as above).
/// Returns the connection and the account's private chat; `None`: nobody asked (or the channel
/// is connected already).
pub fn connect_channel(
    conn: &mut Conn,
    from: i64,
    chat: &NewChat,
) -> QueryResult<Option<(GroupChat, i64)>> {
    let outcome = settle(conn.transaction(|conn| {
        let used: Vec<i64> = diesel::update(
            open_requests!(RequestKind::Channel)
                .filter(group_requests::user_id.eq_any(accounts_of!(from))),
        )
        .set(group_requests::used_at.eq(now()))
        .returning(group_requests::user_id)
        .get_results(conn)?;
        let Some(user_id) = used.first().copied() else {
            return Err(Abort::Refused(Refusal::Unknown));
        };
        let connected = insert_chat(conn, user_id, chat)?;
        let private_chat: i64 = telegram_links::table
            .find(user_id)
            .select(telegram_links::chat_id)
            .first(conn)?;
        Ok((connected, private_chat))
    }))?;
    Ok(outcome.ok())
}

pub fn find_by_chat(conn: &mut Conn, chat_id: i64) -> QueryResult<Option<GroupChat>> {
    group_chats::table
        .filter(group_chats::chat_id.eq(chat_id))
        .select(GroupChat::as_select())
        .first(conn)
        .optional()
}

/// A member's connected chats, oldest first.
pub fn list_for_user(conn: &mut Conn, user: UserId) -> QueryResult<Vec<GroupChat>> {
    group_chats::table
        .filter(group_chats::user_id.eq(user.0))
        .order(group_chats::id)
        .select(GroupChat::as_select())
        .load(conn)
}

pub fn count(conn: &mut Conn) -> QueryResult<i64> {
    group_chats::table.count().get_result(conn)
}

/// Every connected chat with the username of the account that connected it, oldest first.
pub fn list_all(conn: &mut Conn) -> QueryResult<Vec<(GroupChat, String)>> {
    group_chats::table
        .inner_join(users::table)
        .order(group_chats::id)
        .select((GroupChat::as_select(), users::username))
        .load(conn)
}

/// A connection by its row id; with `owner`, only that account's own.
pub fn find(conn: &mut Conn, id: i64, owner: Option<UserId>) -> QueryResult<Option<GroupChat>> {
    let mut found = group_chats::table
        .find(id)
        .select(GroupChat::as_select())
        .into_boxed();
    if let Some(owner) = owner {
        found = found.filter(group_chats::user_id.eq(owner.0));
    }
    found.first(conn).optional()
}

/// Deletes a connection row. Only `ended::end` calls it: a connection that ends also settles
/// what waits for its chat.
pub(crate) fn remove(conn: &mut Conn, id: i64) -> QueryResult<usize> {
    diesel::delete(group_chats::table.find(id)).execute(conn)
}

/// A basic group became a supergroup with a new id: the connection follows it.
pub fn move_chat(conn: &mut Conn, old_chat_id: i64, new_chat_id: i64) -> QueryResult<usize> {
    diesel::update(group_chats::table.filter(group_chats::chat_id.eq(old_chat_id)))
        .set((
            group_chats::chat_id.eq(new_chat_id),
            group_chats::kind.eq(ChatKind::Supergroup.as_str()),
        ))
        .execute(conn)
}

/// Posts to a connected forum go to this topic from now on (`None`: the general chat).
pub fn set_thread(conn: &mut Conn, chat_id: i64, thread: Option<i64>) -> QueryResult<usize> {
    diesel::update(group_chats::table.filter(group_chats::chat_id.eq(chat_id)))
        .set(group_chats::thread_id.eq(thread))
        .execute(conn)
}

/// Deletes requests that ended more than a day ago.
pub fn prune(conn: &mut Conn) -> QueryResult<usize> {
    let cutoff = now() - chrono::Duration::days(1);
    diesel::delete(group_requests::table.filter(group_requests::expires_at.lt(cutoff)))
        .execute(conn)
}

#[cfg(test)]
mod tests {
    use super::GroupToken;

    #[test]
    fn group_tokens_fit_telegram_and_stay_apart_from_link_tokens() {
        let t = GroupToken::generate();
        let payload = t.start_payload();
        assert_eq!(payload.len(), 47);
        assert!(payload.len() <= 64);
        assert_eq!(GroupToken::from_start_payload(&payload), Some(t.clone()));
        // A link token (43 characters, no prefix) is not a group token.
        assert_eq!(GroupToken::from_start_payload(&t.0), None);
        assert_eq!(GroupToken::from_start_payload("grp_short"), None);
        assert_eq!(format!("{t:?}"), "GroupToken(…)");
    }
}
