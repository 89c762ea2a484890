//! One flow for the one-time links sent to the Telegram chat linked to an account: sign-in links
//! for an owner whose logins are throttled (`sign_in_link.rs`) and password-reset links
//! (`reset_link.rs`), which differ only in their pages and in what spending the link does.
//! [`request`]: the same answer whoever asks, throttled per address and per account, the link
//! sent to the chat; [`open`]: a GET shows the account and a button; [`consume`]: the POST spends
//! it in the caller's transaction. Whoever holds the chat can use one; only its SHA-256 is
//! stored; each works once, for minutes, and a newer one of the same purpose replaces the older.
use std::net::IpAddr;
use std::time::Duration;

use diesel::prelude::*;

use crate::telegram::Telegram;

use crate::accounts::{UserId, store, throttle};
use crate::crypto::{random_token, sha256_hex};
use crate::db::schema::signin_tokens;
use crate::db::{self, Conn, Pool, now};
use crate::linking::links;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    SignIn,
    PasswordReset,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::SignIn => "signin",
            Purpose::PasswordReset => "password_reset",
        }
    }

    /// Where a token of this purpose is opened, before the token.
    fn path(self) -> &'static str {
        match self {
            Purpose::SignIn => "/login/telegram-link/",
            Purpose::PasswordReset => "/password-reset/",
        }
    }

    /// The message with the link, in the chat (`site`, `name` and `url` already escaped), in
    /// the current language.
    fn message(self, site: &str, name: &str, url: &str) -> String {
        let key = match self {
            Purpose::SignIn => "member-chat-sign-in-link",
            Purpose::PasswordReset => "member-chat-reset-link",
        };
        crate::i18n::t_args(
            key,
            &[
                ("site", site.into()),
                ("username", name.into()),
                ("url", url.into()),
            ],
        )
    }

    /// How long a token works.
    pub fn life(self) -> Duration {
        match self {
            Purpose::SignIn => Duration::from_secs(10 * 60),
            Purpose::PasswordReset => Duration::from_secs(15 * 60),
        }
    }
}

/// Tokens of one purpose sent to one account per throttling window, however many addresses ask.
const PER_ACCOUNT: i64 = 3;

/// A token to send, and where.
pub struct Minted {
    pub chat_id: i64,
    /// The language to write to the member in (`accounts::language::of_member`).
    pub lang: crate::i18n::Lang,
    pub username: String,
    pub token: String,
}

/// A new token for the account named `name` (throttling's name key), if it exists, is linked, and
/// has not had too many lately. Older unused tokens of the same purpose stop working.
pub fn mint(conn: &mut Conn, name: &str, purpose: Purpose) -> anyhow::Result<Option<Minted>> {
    let Some(user) = store::find_by_username(conn, name)?.filter(store::User::is_active) else {
        return Ok(None);
    };
    let Some(link) = links::find_by_user(conn, user.id())? else {
        return Ok(None);
    };
    let since = now() - chrono::Duration::from_std(throttle::WINDOW)?;
    let of_this_account = signin_tokens::table
        .filter(signin_tokens::user_id.eq(user.id))
        .filter(signin_tokens::purpose.eq(purpose.as_str()));
    let recent: i64 = of_this_account
        .filter(signin_tokens::created_at.gt(since))
        .count()
        .get_result(conn)?;
    if recent >= PER_ACCOUNT {
        return Ok(None);
    }
    let at = now();
    diesel::update(of_this_account.filter(signin_tokens::used_at.is_null()))
        .set(signin_tokens::expires_at.eq(at))
        .execute(conn)?;
    let token = random_token();
    diesel::insert_into(signin_tokens::table)
        .values((
            signin_tokens::user_id.eq(user.id),
            signin_tokens::token_hash.eq(sha256_hex(&token)),
            signin_tokens::purpose.eq(purpose.as_str()),
            signin_tokens::created_at.eq(at),
            signin_tokens::expires_at.eq(at + chrono::Duration::from_std(purpose.life())?),
        ))
        .execute(conn)?;
    Ok(Some(Minted {
        lang: crate::accounts::language::of_member(conn, user.id())?,
        chat_id: link.chat_id,
        username: user.username,
        token,
    }))
}

/// The account a token of `purpose` works for, if it is unused and unexpired and the account may
/// still sign in (not disabled since the token was sent).
pub fn holder(conn: &mut Conn, token: &str, purpose: Purpose) -> QueryResult<Option<store::User>> {
    let id = signin_tokens::table
        .filter(signin_tokens::token_hash.eq(sha256_hex(token)))
        .filter(signin_tokens::purpose.eq(purpose.as_str()))
        .filter(signin_tokens::used_at.is_null())
        .filter(signin_tokens::expires_at.gt(now()))
        .select(signin_tokens::user_id)
        .first::<i64>(conn)
        .optional()?;
    match id {
        Some(id) => Ok(store::find_by_id(conn, UserId(id))?.filter(store::User::is_active)),
        None => Ok(None),
    }
}

/// Opening a link: the account it would sign in to, while it still works (its page then asks
/// for a POST, so a link preview or a prefetching client cannot use it up).
pub async fn open(
    pool: &Pool,
    token: String,
    purpose: Purpose,
) -> anyhow::Result<Option<store::User>> {
    db::run(pool, move |conn| holder(conn, &token, purpose)).await
}

/// Marks the token used if it still works, in one statement (of two uses one wins).
pub fn consume(conn: &mut Conn, token: &str, purpose: Purpose) -> QueryResult<Option<UserId>> {
    let now = now();
    diesel::update(
        signin_tokens::table
            .filter(signin_tokens::token_hash.eq(sha256_hex(token)))
            .filter(signin_tokens::purpose.eq(purpose.as_str()))
            .filter(signin_tokens::used_at.is_null())
            .filter(signin_tokens::expires_at.gt(now)),
    )
    .set(signin_tokens::used_at.eq(now))
    .returning(signin_tokens::user_id)
    .get_result::<i64>(conn)
    .optional()
    .map(|id| id.map(UserId))
}

/// Deletes tokens a day after they stopped working.
pub fn prune(conn: &mut Conn) -> QueryResult<usize> {
    let cutoff = now() - chrono::Duration::days(1);
    diesel::delete(signin_tokens::table.filter(signin_tokens::expires_at.lt(cutoff))).execute(conn)
}

/// The site's address for links: TGLINK_PUBLIC_URL, else the address it listens on.
fn base_url(telegram: &Telegram) -> String {
    match &telegram.config.public_url {
        Some(url) => url.as_str().trim_end_matches('/').to_string(),
        None => format!("http://{}", telegram.config.bind),
    }
}

/// A request for a link of `purpose` from `ip` for the account named `username`: counted per
/// address, minted when the account exists, is linked and has not had too many, and sent to its
/// chat in the words `message` gives it (site, account and URL, each already escaped). The same
/// work whatever the name, so the page that asked can answer alike.
pub async fn request(
    pool: &Pool,
    telegram: &Telegram,
    ip: IpAddr,
    username: &str,
    purpose: Purpose,
) -> anyhow::Result<()> {
    let name = throttle::name_key(username);
    let minted = db::run(pool, move |conn| {
        if let throttle::Verdict::Refused { .. } = throttle::reserve_signin_link(conn, ip)? {
            return Ok(None);
        }
        mint(conn, &name, purpose)
    })
    .await?;
    if let Some(mint) = minted {
        let url = format!("{}{}{}", base_url(telegram), purpose.path(), mint.token);
        let text = crate::i18n::in_lang(mint.lang, || {
            purpose.message(
                &crate::telegram::html::escape(&telegram.config.site_name),
                &crate::telegram::html::escape(&mint.username),
                &crate::telegram::html::escape(&url),
            )
        });
        crate::linking::notices::tell_chat(telegram, mint.chat_id, text);
    }
    Ok(())
}
