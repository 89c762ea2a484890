//! Messages in a chat: the command router. The bot answers a linked chat as its site user and
//! tells an unknown chat how to connect; new commands slot into `route`.
use teloxide_core::types::{Message, User as TelegramUser};

use crate::accounts::UserId;
use crate::accounts::store::{self, User};
use crate::bot::commands::Command;
use crate::bot::linked_user;
use crate::bot::replies::{Member, Replies};
use crate::db;
use crate::linking::ended::{self, Ending};
use crate::linking::link_tokens::{self, LinkToken, TokenState};
use crate::linking::links::{self, Link, Via};
use crate::linking::{LinkError, refusal};
use crate::signin::login_attempts::LoginNonce;
use crate::telegram::Telegram;

pub async fn on_message(ctx: &Telegram, message: Message) -> anyhow::Result<()> {
    let bot_username = ctx.bot_username();
    let command = match message.text() {
        Some(text) => Command::parse(text, bot_username.as_deref()),
        None => Command::Text,
    };
    let chat_id = message.chat.id.0;
    let replies = Replies::new(&ctx.config.site_name, ctx.config.public_url.as_ref());
    if !message.chat.is_private() {
        // In groups the bot speaks only when spoken to: to connect the group, to choose its
        // topic, else to point to the private chat.
        if crate::bot::groups::on_message(ctx, &replies, &message, &command).await? {
            return Ok(());
        }
        if command.is_command() {
            ctx.send(chat_id, replies.private_only(bot_username.as_deref()), None)
                .await;
        }
        return Ok(());
    }
    let Some(from) = message.from.as_ref() else {
        return Ok(());
    };
    if command == Command::NotForUs {
        return Ok(());
    }
    let linked = linked_user(ctx, chat_id).await?;
    if let Some((link, _)) = &linked {
        refresh_profile(ctx, link, from).await;
    }
    if let Command::Start(Some(payload)) = &command
        && let Some(nonce) = LoginNonce::from_start_payload(payload)
    {
        return crate::bot::login::on_start(ctx, &replies, chat_id, nonce, from, linked).await;
    }
    route(ctx, &replies, chat_id, command, linked).await
}

async fn route(
    ctx: &Telegram,
    replies: &Replies,
    chat_id: i64,
    command: Command,
    linked: Option<(Link, User)>,
) -> anyhow::Result<()> {
    let member = linked.as_ref().map(|(_, u)| Member {
        username: u.shown_name(),
        is_admin: u.is_admin,
    });
    let member = member.as_ref();
    let text = match command {
        Command::Start(None) => replies.welcome(member),
        Command::Start(Some(payload)) => {
            return start_with_token(ctx, replies, chat_id, &payload, linked).await;
        }
        Command::Stop => {
            let ended = db::run(&ctx.pool, move |conn| {
                ended::end(conn, Ending::Chat(chat_id), Via::Stop)
            })
            .await?;
            let username = match (&ended.link, &linked) {
                (Some(_), Some((_, user))) => Some(user.shown_name()),
                _ => None,
            };
            replies.stopped(username)
        }
        Command::Settings => match &linked {
            Some((_, user)) => return crate::bot::settings::show(ctx, chat_id, user.id()).await,
            None => replies.not_understood(None),
        },
        Command::Language => {
            let keyboard = Replies::language_keyboard();
            ctx.send(chat_id, replies.language_prompt(), Some(keyboard))
                .await;
            return Ok(());
        }
        Command::WhoAmI => replies.whoami(member),
        Command::Help => replies.help(member),
        Command::Here | Command::Unknown | Command::Text | Command::NotForUs => {
            replies.not_understood(member)
        }
    };
    ctx.send(chat_id, text, None).await;
    Ok(())
}

/// `/start <token>`: asks to confirm, naming the site account; Confirm links (see buttons.rs).
async fn start_with_token(
    ctx: &Telegram,
    replies: &Replies,
    chat_id: i64,
    payload: &str,
    linked: Option<(Link, User)>,
) -> anyhow::Result<()> {
    let Some(token) = LinkToken::from_start_payload(payload) else {
        ctx.send(chat_id, replies.not_a_link(), None).await;
        return Ok(());
    };
    let lookup = token.clone();
    let (state, owner) = db::run(&ctx.pool, move |conn| {
        let state = link_tokens::state(conn, &lookup)?;
        let owner = match state {
            TokenState::Valid { user_id, .. } => store::find_by_id(conn, user_id)?,
            _ => None,
        };
        Ok::<_, anyhow::Error>((state, owner))
    })
    .await?;
    let (text, keyboard) = match (linked, owner) {
        (Some((link, user)), owner) => {
            let error = match owner {
                Some(o) if UserId(link.user_id) != o.id() => LinkError::TakenElsewhere {
                    username: Some(user.shown_name().to_string()),
                },
                _ => LinkError::AlreadyLinked {
                    username: user.shown_name().to_string(),
                },
            };
            (replies.link_refused(&error), None)
        }
        (None, Some(owner)) => (
            replies.confirm_prompt(owner.shown_name()),
            Some(Replies::confirm_keyboard(token.as_str())),
        ),
        (None, None) => (replies.link_refused(&refusal(state)), None),
    };
    ctx.send(chat_id, text, keyboard).await;
    Ok(())
}

/// Updates the stored @username and name when the user changed them in Telegram.
async fn refresh_profile(ctx: &Telegram, link: &Link, from: &TelegramUser) {
    let (username, name) = (from.username.clone(), from.full_name());
    if link.telegram_username == username && link.telegram_name == name {
        return;
    }
    let chat_id = link.chat_id;
    let updated = db::run(&ctx.pool, move |conn| {
        links::refresh_profile(conn, chat_id, username.as_deref(), &name)
    })
    .await;
    if let Err(e) = updated {
        tracing::warn!(error = %e, "could not update the linked account's name");
    }
}
