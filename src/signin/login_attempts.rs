//! "Sign in with Telegram" attempts (table `telegram_logins`). A browser starts one; the deep
//! link's nonce brings it to the bot; the chat that opens it first claims it, and approves or
//! denies; then the browser that started it completes the sign-in. That browser is known by a
//! secret kept in its own session (the encrypted cookie), so a leaked link or QR code cannot
//! sign in anyone else's browser. Only SHA-256s of the nonce and the secret are stored; an
//! attempt works once, for minutes.
use std::fmt;
use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::accounts::UserId;
use crate::crypto::{random_token, sha256_hex};
use crate::db::schema::telegram_logins;
use crate::db::{Conn, now};

/// What starts a login payload: a link token is 43 characters of base64url with no prefix, so
/// `login_` + 43 (49 characters, within Telegram's 64 of `[A-Za-z0-9_-]`) is never one.
const PAYLOAD_PREFIX: &str = "login_";

/// The secret of a deep link `https://t.me/<bot>?start=login_<nonce>`: 32 random bytes. Never
/// logged: `Debug` shows only that it is one.
#[derive(Clone, PartialEq, Eq)]
pub struct LoginNonce(String);

impl LoginNonce {
    fn generate() -> LoginNonce {
        LoginNonce(random_token())
    }

    /// The nonce of a `/start` payload when it is a login payload.
    pub fn from_start_payload(payload: &str) -> Option<LoginNonce> {
        let nonce = payload.trim().strip_prefix(PAYLOAD_PREFIX)?;
        let ok = nonce.len() == 43
            && nonce
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        ok.then(|| LoginNonce(nonce.to_string()))
    }

    /// What goes after `?start=`.
    pub fn start_payload(&self) -> String {
        format!("{PAYLOAD_PREFIX}{}", self.0)
    }

    fn hash(&self) -> String {
        sha256_hex(&self.0)
    }
}

impl fmt::Debug for LoginNonce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LoginNonce(…)")
    }
}

/// Where an attempt is. Expiry is not a state: it is read from `expires_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Shown in the browser; no chat has opened the link yet.
    Waiting,
    /// A linked chat opened it and was asked to approve.
    Asked,
    /// An unlinked chat opened it and was offered a new account (passwordless sign-up on).
    Offered,
    /// The chat approved: the browser may sign in.
    Approved,
    /// The chat denied (or cancelled the new account).
    Denied,
    /// An unlinked chat opened it, and accounts cannot be created from Telegram.
    Unlinked,
    /// The account may not sign in (disabled by an admin).
    Refused,
    /// The chat chose to create an account: the browser picks the username.
    Signup,
    /// The browser signed in: the attempt is used up.
    Done,
}

const STATES: [State; 9] = [
    State::Waiting,
    State::Asked,
    State::Offered,
    State::Approved,
    State::Denied,
    State::Unlinked,
    State::Refused,
    State::Signup,
    State::Done,
];

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Waiting => "waiting",
            State::Asked => "asked",
            State::Offered => "offered",
            State::Approved => "approved",
            State::Denied => "denied",
            State::Unlinked => "unlinked",
            State::Refused => "refused",
            State::Signup => "signup",
            State::Done => "done",
        }
    }

    /// Whether the attempt can still change (and so can expire).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            State::Waiting | State::Asked | State::Offered | State::Approved | State::Signup
        )
    }
}

impl std::str::FromStr for State {
    type Err = String;

    fn from_str(s: &str) -> Result<State, String> {
        STATES
            .into_iter()
            .find(|state| state.as_str() == s)
            .ok_or_else(|| format!("unknown Telegram login state {s:?}"))
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = telegram_logins)]
struct Row {
    id: i64,
    browser: String,
    address: String,
    state: String,
    created_at: NaiveDateTime,
    expires_at: NaiveDateTime,
    chat_id: Option<i64>,
    telegram_user_id: Option<i64>,
    telegram_username: Option<String>,
    telegram_name: Option<String>,
    user_id: Option<i64>,
}

/// An attempt as it is now.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub id: i64,
    pub state: State,
    /// The browser that started it ("Firefox on Linux") and its address, for the chat's question.
    pub browser: String,
    pub address: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    /// The chat that claimed it, and who is in it.
    pub chat: Option<ChatSide>,
    /// The linked account it signs in to (set when a linked chat claims it).
    pub user_id: Option<UserId>,
}

impl Attempt {
    pub fn expired(&self) -> bool {
        self.state.is_open() && self.expires_at <= now()
    }
}

/// The Telegram side of an attempt: the private chat that opened the link.
#[derive(Debug, Clone)]
pub struct ChatSide {
    pub chat_id: i64,
    pub telegram_user_id: i64,
    pub username: Option<String>,
    pub name: String,
}

impl TryFrom<Row> for Attempt {
    type Error = anyhow::Error;

    fn try_from(row: Row) -> anyhow::Result<Attempt> {
        let chat = match (row.chat_id, row.telegram_user_id) {
            (Some(chat_id), Some(telegram_user_id)) => Some(ChatSide {
                chat_id,
                telegram_user_id,
                username: row.telegram_username,
                name: row.telegram_name.unwrap_or_default(),
            }),
            _ => None,
        };
        Ok(Attempt {
            id: row.id,
            state: row.state.parse().map_err(anyhow::Error::msg)?,
            browser: row.browser,
            address: row.address,
            created_at: row.created_at,
            expires_at: row.expires_at,
            chat,
            user_id: row.user_id.map(UserId),
        })
    }
}

/// A new attempt: the nonce for the deep link, and the secret the browser keeps.
pub struct Started {
    pub nonce: LoginNonce,
    pub browser_secret: String,
    pub expires_at: NaiveDateTime,
}

/// Starts an attempt for a browser (its label and address are shown in the chat).
pub fn start(
    conn: &mut Conn,
    browser: &str,
    address: &str,
    ttl: Duration,
) -> anyhow::Result<Started> {
    let (nonce, browser_secret) = (LoginNonce::generate(), random_token());
    let at = now();
    let expires_at = at + chrono::Duration::from_std(ttl)?;
    diesel::insert_into(telegram_logins::table)
        .values((
            telegram_logins::nonce_hash.eq(nonce.hash()),
            telegram_logins::browser_hash.eq(sha256_hex(&browser_secret)),
            telegram_logins::browser.eq(browser),
            telegram_logins::address.eq(address),
            telegram_logins::state.eq(State::Waiting.as_str()),
            telegram_logins::created_at.eq(at),
            telegram_logins::expires_at.eq(expires_at),
        ))
        .execute(conn)?;
    Ok(Started {
        nonce,
        browser_secret,
        expires_at,
    })
}

/// Reads the attempt whose `column` holds `value`.
macro_rules! attempt_where {
    ($conn:expr, $column:expr, $value:expr) => {
        telegram_logins::table
            .filter($column.eq($value))
            .select(Row::as_select())
            .first::<Row>($conn)
            .optional()?
            .map(Attempt::try_from)
            .transpose()
    };
}

/// The attempt this browser started, from the secret in its session.
pub fn by_browser(conn: &mut Conn, browser_secret: &str) -> anyhow::Result<Option<Attempt>> {
    attempt_where!(
        conn,
        telegram_logins::browser_hash,
        sha256_hex(browser_secret)
    )
}

/// The attempt of a deep link.
pub fn by_nonce(conn: &mut Conn, nonce: &LoginNonce) -> anyhow::Result<Option<Attempt>> {
    attempt_where!(conn, telegram_logins::nonce_hash, nonce.hash())
}

pub fn by_id(conn: &mut Conn, id: i64) -> anyhow::Result<Option<Attempt>> {
    attempt_where!(conn, telegram_logins::id, id)
}

/// The first chat to open the link claims the attempt, moving it from `Waiting` to `to`
/// (`Asked`, `Offered` or `Unlinked`), with the account it is about when the chat is linked.
/// One statement: of two chats opening one link, one wins; false for the other, and for a link
/// that expired or was used.
pub fn claim(
    conn: &mut Conn,
    id: i64,
    chat: &ChatSide,
    user: Option<UserId>,
    to: State,
) -> QueryResult<bool> {
    diesel::update(
        telegram_logins::table
            .filter(telegram_logins::id.eq(id))
            .filter(telegram_logins::state.eq(State::Waiting.as_str()))
            .filter(telegram_logins::expires_at.gt(now())),
    )
    .set((
        telegram_logins::state.eq(to.as_str()),
        telegram_logins::chat_id.eq(chat.chat_id),
        telegram_logins::telegram_user_id.eq(chat.telegram_user_id),
        telegram_logins::telegram_username.eq(&chat.username),
        telegram_logins::telegram_name.eq(&chat.name),
        telegram_logins::user_id.eq(user.map(|u| u.0)),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// The chat's answer: moves the attempt claimed by `chat_id` from `from` to `to` if it has not
/// expired; false when it had moved on (already answered, expired, or not this chat's).
/// `extend` gives it a fresh life from now (a new account's username takes a moment to choose).
pub fn decide(
    conn: &mut Conn,
    id: i64,
    chat_id: i64,
    from: State,
    to: State,
    extend: Option<Duration>,
) -> anyhow::Result<bool> {
    let at = now();
    let target = telegram_logins::table
        .filter(telegram_logins::id.eq(id))
        .filter(telegram_logins::chat_id.eq(chat_id))
        .filter(telegram_logins::state.eq(from.as_str()))
        .filter(telegram_logins::expires_at.gt(at));
    let changed = match extend {
        Some(life) => diesel::update(target)
            .set((
                telegram_logins::state.eq(to.as_str()),
                telegram_logins::decided_at.eq(at),
                telegram_logins::expires_at.eq(at + chrono::Duration::from_std(life)?),
            ))
            .execute(conn)?,
        None => diesel::update(target)
            .set((
                telegram_logins::state.eq(to.as_str()),
                telegram_logins::decided_at.eq(at),
            ))
            .execute(conn)?,
    };
    Ok(changed == 1)
}

/// Uses up the attempt of this browser if it is in `from` (`Approved`, or `Signup`) and has not
/// expired: one statement, so it signs in once however many polls race. Returns it as it was.
pub fn complete(
    conn: &mut Conn,
    browser_secret: &str,
    from: State,
) -> anyhow::Result<Option<Attempt>> {
    let hash = sha256_hex(browser_secret);
    let used = diesel::update(
        telegram_logins::table
            .filter(telegram_logins::browser_hash.eq(&hash))
            .filter(telegram_logins::state.eq(from.as_str()))
            .filter(telegram_logins::expires_at.gt(now())),
    )
    .set(telegram_logins::state.eq(State::Done.as_str()))
    .execute(conn)?;
    if used != 1 {
        return Ok(None);
    }
    let attempt = by_browser(conn, browser_secret)?;
    Ok(attempt.map(|a| Attempt { state: from, ..a }))
}

/// How many attempts asked `user` to approve lately (the per-account limit).
pub fn asked_lately(conn: &mut Conn, user: UserId, window: Duration) -> anyhow::Result<i64> {
    let since = now() - chrono::Duration::from_std(window)?;
    Ok(telegram_logins::table
        .filter(telegram_logins::user_id.eq(user.0))
        .filter(telegram_logins::created_at.gt(since))
        .count()
        .get_result(conn)?)
}

/// Deletes attempts a day after they stopped working.
pub fn prune(conn: &mut Conn) -> QueryResult<usize> {
    let cutoff = now() - chrono::Duration::days(1);
    diesel::delete(telegram_logins::table.filter(telegram_logins::expires_at.lt(cutoff)))
        .execute(conn)
}

#[cfg(test)]
mod tests {
    use super::{LoginNonce, STATES, State};

    #[test]
    fn login_payloads_are_never_link_tokens_and_fit_telegram() {
        let nonce = LoginNonce::generate();
        let payload = nonce.start_payload();
        assert!(payload.len() <= 64);
        assert!(
            payload
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_eq!(
            LoginNonce::from_start_payload(&payload),
            Some(nonce.clone())
        );
        assert_eq!(
            crate::linking::link_tokens::LinkToken::from_start_payload(&payload),
            None
        );
        let token = crate::crypto::random_token();
        assert_eq!(LoginNonce::from_start_payload(&token), None);
        assert_eq!(LoginNonce::from_start_payload("login_short"), None);
        assert_eq!(format!("{nonce:?}"), "LoginNonce(…)");
    }

    #[test]
    fn states_round_trip() {
        for state in STATES {
            assert_eq!(state.as_str().parse::<State>(), Ok(state));
        }
        assert!("nope".parse::<State>().is_err());
    }
}
