//! Making a link: the bot's Confirm button consumes the token and records the chat, in one
//! transaction, so a failure anywhere leaves the token unused and nothing linked.
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::accounts::UserId;
use crate::accounts::store::{self, User};
use crate::db::schema::telegram_links;
use crate::db::{Conn, now};
use crate::linking::link_tokens::{self, LinkToken, TokenState};
use crate::linking::links::{self, Link, Via};

/// The Telegram side of a link: who pressed Confirm, and in which chat.
#[derive(Debug, Clone)]
pub struct TelegramAccount {
    pub telegram_user_id: i64,
    pub chat_id: i64,
    pub username: Option<String>,
    pub name: String,
}

#[derive(thiserror::Error, Debug)]
pub enum LinkError {
    #[error("this link has expired")]
    Expired,
    #[error("this link was already used")]
    Used,
    #[error("this link was replaced by a newer one")]
    Superseded,
    #[error("this link is not one of ours")]
    Unknown,
    #[error("this Telegram account is already linked to this site account")]
    AlreadyLinked { username: String },
    #[error("this Telegram account is linked to another user")]
    TakenElsewhere { username: Option<String> },
    #[error("the site account is already linked to another Telegram account")]
    AccountHasLink { username: String },
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<DieselError> for LinkError {
    fn from(e: DieselError) -> Self {
        LinkError::Unexpected(e.into())
    }
}

/// Why a token cannot be used, from its state.
pub fn refusal(state: TokenState) -> LinkError {
    match state {
        TokenState::Used | TokenState::Valid { .. } => LinkError::Used,
        TokenState::Superseded => LinkError::Superseded,
        TokenState::Expired => LinkError::Expired,
        TokenState::Unknown => LinkError::Unknown,
    }
}

/// Links `account` to the owner of `token`, consuming the token. One transaction; the token
/// update comes first so that on SQLite the transaction takes the write lock before reading.
pub fn confirm(
    conn: &mut Conn,
    token: &LinkToken,
    account: &TelegramAccount,
) -> Result<(Link, User), LinkError> {
    conn.transaction(|conn| {
        let Some(user_id) = link_tokens::consume(conn, token)? else {
            return Err(refusal(link_tokens::state(conn, token)?));
        };
        attach(conn, user_id, account, Via::Bot)
    })
}

/// Links `account` to `user_id` and records how; refuses when either side is linked already.
/// Runs inside the caller's transaction, or as its own.
pub fn attach(
    conn: &mut Conn,
    user_id: UserId,
    account: &TelegramAccount,
    via: Via,
) -> Result<(Link, User), LinkError> {
    conn.transaction(|conn| {
        let user = store::find_by_id(conn, user_id)?.ok_or(LinkError::Unknown)?;
        let link = insert(conn, &user, account, via)?;
        Ok((link, user))
    })
}

/// Links `account` to `user` unless either side is linked already, and records how. Call inside
/// a transaction.
pub fn insert(
    conn: &mut Conn,
    user: &User,
    account: &TelegramAccount,
    via: Via,
) -> Result<Link, LinkError> {
    let user_id = user.id();
    let existing = match links::find_by_telegram_user(conn, account.telegram_user_id)? {
        Some(link) => Some(link),
        None => links::find_by_chat(conn, account.chat_id)?,
    };
    if let Some(link) = existing {
        return Err(if link.user_id == user_id.0 {
            LinkError::AlreadyLinked {
                username: user.shown_name().to_string(),
            }
        } else {
            LinkError::TakenElsewhere {
                username: username_of(conn, UserId(link.user_id))?,
            }
        });
    }
    if links::find_by_user(conn, user_id)?.is_some() {
        return Err(LinkError::AccountHasLink {
            username: user.shown_name().to_string(),
        });
    }
    let link = Link {
        user_id: user_id.0,
        telegram_user_id: account.telegram_user_id,
        chat_id: account.chat_id,
        telegram_username: account.username.clone(),
        telegram_name: account.name.clone(),
        linked_at: now(),
    };
    let inserted = diesel::insert_into(telegram_links::table)
        .values((
            telegram_links::user_id.eq(link.user_id),
            telegram_links::telegram_user_id.eq(link.telegram_user_id),
            telegram_links::chat_id.eq(link.chat_id),
            telegram_links::telegram_username.eq(&link.telegram_username),
            telegram_links::telegram_name.eq(&link.telegram_name),
            telegram_links::linked_at.eq(link.linked_at),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => {}
        // A concurrent confirmation linked one side first (PostgreSQL's row checks above
        // cannot see an uncommitted insert): the unique constraints decide.
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
            return Err(LinkError::TakenElsewhere { username: None });
        }
        Err(e) => return Err(e.into()),
    }
    links::record_event(conn, &link, "linked", via)?;
    crate::webhooks::outbox::link_created(
        conn,
        link.user_id,
        link.telegram_username.as_deref(),
        &link.telegram_name,
        link.linked_at,
    )?;
    Ok(link)
}

fn username_of(conn: &mut Conn, user: UserId) -> QueryResult<Option<String>> {
    Ok(store::find_by_id(conn, user)?.map(|u| u.shown_name().to_string()))
}
