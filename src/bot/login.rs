//! "Sign in with Telegram", the chat's side. `/start login_<nonce>` claims the attempt for this
//! chat (the first chat to open a link is the only one that can answer it) and asks: a linked
//! chat "Sign in as alice?" with Approve / Deny; an unlinked one is told to link from the site
//! first, or, with passwordless sign-up on, offered a new account. A press is checked against
//! the chat that claimed the attempt, so callback data carries only the attempt's id.
use teloxide_core::types::{MessageId, User as TelegramUser};

use crate::accounts::store::{self, User};
use crate::accounts::throttle;
use crate::bot::replies::{Replies, Toast};
use crate::buttons::LoginPress;
use crate::db::{self, Conn};
use crate::linking::links::{self, Link};
use crate::signin::login_attempts::{self, Attempt, ChatSide, LoginNonce, State};
use crate::telegram::Telegram;

/// What opening a login link came to.
enum Opened {
    Unknown,
    Expired,
    Used,
    Ask { attempt: Attempt, username: String },
    Offer(Attempt),
    Unlinked,
    Disabled(String),
    TooMany,
}

pub async fn on_start(
    ctx: &Telegram,
    replies: &Replies,
    chat_id: i64,
    nonce: LoginNonce,
    from: &TelegramUser,
    linked: Option<(Link, User)>,
) -> anyhow::Result<()> {
    let chat = ChatSide {
        chat_id,
        // Telegram user ids fit in 52 bits.
        telegram_user_id: from.id.0 as i64,
        username: from.username.clone(),
        name: from.full_name(),
    };
    let passwordless = ctx.config.passwordless_signup;
    let user = linked.map(|(_, user)| user);
    let opened = db::run(&ctx.pool, move |conn| {
        open(conn, &nonce, &chat, user, passwordless)
    })
    .await?;
    let when = |a: &Attempt| crate::i18n::format::when(a.created_at);
    let (text, keyboard) = match opened {
        Opened::Unknown => (replies.login_unknown(), None),
        Opened::Expired => (replies.login_expired(), None),
        Opened::Used => (replies.login_used(), None),
        Opened::Ask { attempt, username } => (
            replies.login_question(
                &username,
                &attempt.browser,
                &attempt.address,
                &when(&attempt),
            ),
            Some(Replies::login_keyboard(attempt.id)),
        ),
        Opened::Offer(attempt) => (
            replies.login_signup_offer(&attempt.browser, &attempt.address, &when(&attempt)),
            Some(Replies::login_signup_keyboard(attempt.id)),
        ),
        Opened::Unlinked => (replies.login_unlinked(), None),
        Opened::Disabled(username) => (replies.login_disabled(&username), None),
        Opened::TooMany => (replies.login_too_many(), None),
    };
    ctx.send(chat_id, text, keyboard).await;
    Ok(())
}

fn open(
    conn: &mut Conn,
    nonce: &LoginNonce,
    chat: &ChatSide,
    user: Option<User>,
    passwordless: bool,
) -> anyhow::Result<Opened> {
    let Some(attempt) = login_attempts::by_nonce(conn, nonce)? else {
        return Ok(Opened::Unknown);
    };
    if attempt.expired() {
        return Ok(Opened::Expired);
    }
    if attempt.state != State::Waiting {
        return Ok(Opened::Used);
    }
    let claim = |conn: &mut Conn, user: Option<&User>, to: State| {
        login_attempts::claim(conn, attempt.id, chat, user.map(User::id), to)
    };
    let opened = match user {
        // A subscriber known by the site's own id signs in on that site, never here: its chat is
        // answered as an unlinked one (and offered no new account: the chat is taken).
        Some(user) if user.external_id.is_some() => {
            claim(conn, None, State::Unlinked)?.then_some(Opened::Unlinked)
        }
        Some(user) if !user.is_active() => {
            claim(conn, Some(&user), State::Refused)?;
            return Ok(Opened::Disabled(user.username));
        }
        Some(user) => {
            let asked = login_attempts::asked_lately(conn, user.id(), throttle::WINDOW)?;
            if asked >= throttle::TELEGRAM_LOGINS_PER_ACCOUNT {
                return Ok(Opened::TooMany);
            }
            claim(conn, Some(&user), State::Asked)?.then(|| Opened::Ask {
                attempt: attempt.clone(),
                username: user.username.clone(),
            })
        }
        None if passwordless => {
            claim(conn, None, State::Offered)?.then(|| Opened::Offer(attempt.clone()))
        }
        None => claim(conn, None, State::Unlinked)?.then_some(Opened::Unlinked),
    };
    // Another chat claimed it a moment before.
    Ok(opened.unwrap_or(Opened::Used))
}

/// What a press came to.
enum Pressed {
    Approved(String),
    Denied,
    Continue,
    Disabled(String),
    /// Expired, answered already, or no longer true (the chat was unlinked meanwhile).
    Stale,
    /// Not an attempt this chat opened (an old or forged button): nothing to edit.
    NotThisChat,
}

/// Handles a press under a login question; edits the question to its outcome and returns the
/// toast that answers the press.
pub async fn on_press(
    ctx: &Telegram,
    replies: &Replies,
    press: LoginPress,
    chat_id: i64,
    message_id: MessageId,
) -> anyhow::Result<Toast> {
    let (passwordless, life) = (
        ctx.config.passwordless_signup,
        ctx.config.telegram_login_ttl,
    );
    let pressed = db::run(&ctx.pool, move |conn| {
        decide(conn, press, chat_id, passwordless, life)
    })
    .await?;
    let (text, toast) = match pressed {
        Pressed::Approved(username) => (replies.login_approved(&username), Toast::Approved),
        Pressed::Denied => (replies.login_denied(), Toast::Denied),
        Pressed::Continue => (replies.login_continue(), Toast::Continue),
        Pressed::Disabled(username) => (replies.login_disabled(&username), Toast::Refused),
        Pressed::Stale => (replies.login_stale(), Toast::Stale),
        Pressed::NotThisChat => return Ok(Toast::Stale),
    };
    ctx.edit(chat_id, message_id, text).await;
    Ok(toast)
}

/// Each change is one guarded statement (the attempt must still be in the state the question
/// showed, claimed by this chat and unexpired), so a double press or a race acts once.
fn decide(
    conn: &mut Conn,
    press: LoginPress,
    chat_id: i64,
    passwordless: bool,
    life: std::time::Duration,
) -> anyhow::Result<Pressed> {
    let id = match press {
        LoginPress::Approve(id) | LoginPress::Deny(id) | LoginPress::Create(id) => id,
    };
    let Some(attempt) = login_attempts::by_id(conn, id)? else {
        return Ok(Pressed::NotThisChat);
    };
    if attempt.chat.as_ref().map(|c| c.chat_id) != Some(chat_id) {
        return Ok(Pressed::NotThisChat);
    }
    let step = |conn: &mut Conn, from: State, to: State| {
        login_attempts::decide(conn, id, chat_id, from, to, None)
    };
    Ok(match press {
        LoginPress::Deny(_) => {
            let denied = step(conn, State::Asked, State::Denied)?
                || step(conn, State::Offered, State::Denied)?;
            if denied {
                Pressed::Denied
            } else {
                Pressed::Stale
            }
        }
        LoginPress::Approve(_) => {
            // The chat must still be linked to the account the question named.
            let link = links::find_by_chat(conn, chat_id)?;
            let user = match (link, attempt.user_id) {
                (Some(link), Some(user_id)) if link.user_id == user_id.0 => {
                    store::find_by_id(conn, user_id)?
                }
                _ => None,
            };
            match user {
                None => {
                    step(conn, State::Asked, State::Denied)?;
                    Pressed::Stale
                }
                Some(user) if !user.is_active() => {
                    step(conn, State::Asked, State::Refused)?;
                    Pressed::Disabled(user.username)
                }
                Some(user) if step(conn, State::Asked, State::Approved)? => {
                    Pressed::Approved(user.username)
                }
                Some(_) => Pressed::Stale,
            }
        }
        LoginPress::Create(_) => {
            let linked = links::find_by_chat(conn, chat_id)?.is_some()
                || attempt
                    .chat
                    .as_ref()
                    .map(|c| links::find_by_telegram_user(conn, c.telegram_user_id))
                    .transpose()?
                    .flatten()
                    .is_some();
            if !passwordless || linked {
                step(conn, State::Offered, State::Denied)?;
                Pressed::Stale
            } else if login_attempts::decide(
                conn,
                id,
                chat_id,
                State::Offered,
                State::Signup,
                Some(life),
            )? {
                Pressed::Continue
            } else {
                Pressed::Stale
            }
        }
    })
}
