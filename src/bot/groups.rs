//! The bot in groups and channels: `/start <token>` (from a `startgroup` link) connects a group;
//! `/here` from a group administrator in a forum topic sends the site's messages to that topic;
//! the bot made an administrator who may post in a channel connects it for the member who asked;
//! the bot removed, or no longer allowed to post, disconnects; a group upgraded to a supergroup
//! takes its connection along.
use teloxide_core::payloads::GetChatMember;
use teloxide_core::types::{ChatId, ChatMemberUpdated, Message, UserId as TelegramUserId};

use crate::accounts::UserId;
use crate::bot::commands::Command;
use crate::bot::replies::Replies;
use crate::db;
use crate::linking::ended::{self, Ending};
use crate::linking::groups::{self, ChatKind, GroupToken, NewChat};
use crate::linking::links::{self, Via};
use crate::telegram::Telegram;
use crate::telegram::api;

/// A message in a group or supergroup. True when it was about groups (handled here).
pub async fn on_message(
    ctx: &Telegram,
    replies: &Replies,
    message: &Message,
    command: &Command,
) -> anyhow::Result<bool> {
    let chat_id = message.chat.id.0;
    let moved = message
        .migrate_to_chat_id()
        .map(|to| (chat_id, to.0))
        .or_else(|| message.migrate_from_chat_id().map(|from| (from.0, chat_id)));
    if let Some((old, new)) = moved {
        // Both service messages arrive (in the old and the new chat); the second finds nothing.
        let n = db::run(&ctx.pool, move |conn| links::move_chat(conn, old, new)).await?;
        if n > 0 {
            tracing::info!(
                old,
                new,
                "a connected group became a supergroup; followed it"
            );
        }
        return Ok(true);
    }
    match command {
        Command::Start(Some(payload)) => match GroupToken::from_start_payload(payload) {
            Some(token) => {
                connect(ctx, replies, message, token).await?;
                Ok(true)
            }
            None => Ok(false),
        },
        Command::Here => {
            here(ctx, replies, message).await?;
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// `/start <token>`: connects this group for the token's account, if the sender is that
/// account's Telegram and an administrator of the group; says why not otherwise (a refusal
/// leaves the token unused).
async fn connect(
    ctx: &Telegram,
    replies: &Replies,
    message: &Message,
    token: GroupToken,
) -> anyhow::Result<()> {
    let chat_id = message.chat.id.0;
    let (Some(from), Some(kind)) = (message.from.as_ref(), ChatKind::of(&message.chat)) else {
        return Ok(());
    };
    if !is_administrator(ctx, chat_id, from.id).await {
        tracing::info!("a group link from a member who is not an administrator connected nothing");
        reply(ctx, message, replies.group_connect_not_admin()).await;
        return Ok(());
    }
    let from = from.id.0 as i64;
    let chat = NewChat {
        chat_id,
        kind,
        title: message.chat.title().unwrap_or_default().to_string(),
    };
    let outcome = db::run(&ctx.pool, move |conn| {
        groups::connect_with_token(conn, &token, from, &chat)
    })
    .await?;
    let text = match outcome {
        Ok((connected, username)) => {
            tracing::info!(
                user_id = connected.user_id,
                kind = connected.kind,
                "a group was connected"
            );
            replies.group_connected(&username, is_forum(message))
        }
        Err(refusal) => {
            tracing::info!(?refusal, "a group link connected nothing");
            replies.group_refused(refusal)
        }
    };
    reply(ctx, message, text).await;
    Ok(())
}

fn is_forum(message: &Message) -> bool {
    use teloxide_core::types::{ChatKind as Kind, PublicChatKind};
    matches!(&message.chat.kind, Kind::Public(p)
        if matches!(&p.kind, PublicChatKind::Supergroup(s) if s.is_forum))
}

/// `/here`: a group administrator picks the topic the site's messages go to (the general chat
/// when sent there).
async fn here(ctx: &Telegram, replies: &Replies, message: &Message) -> anyhow::Result<()> {
    let chat_id = message.chat.id.0;
    let Some(from) = message.from.as_ref() else {
        return Ok(());
    };
    let connected = db::run(&ctx.pool, move |conn| groups::find_by_chat(conn, chat_id)).await?;
    if connected.is_none() {
        reply(ctx, message, replies.here_not_connected()).await;
        return Ok(());
    }
    if !is_administrator(ctx, chat_id, from.id).await {
        reply(ctx, message, replies.here_not_admin()).await;
        return Ok(());
    }
    let thread = message
        .thread_id
        .filter(|_| message.is_topic_message)
        .map(|t| i64::from(t.0.0));
    db::run(&ctx.pool, move |conn| {
        groups::set_thread(conn, chat_id, thread)
    })
    .await?;
    let text = match thread {
        Some(_) => replies.here_topic(),
        None => replies.here_general(),
    };
    reply(ctx, message, text).await;
    Ok(())
}

/// Whether `user` administers (or owns) the group, as Telegram's `getChatMember` says; false
/// when Telegram cannot be asked.
async fn is_administrator(ctx: &Telegram, chat_id: i64, user: TelegramUserId) -> bool {
    let Some(bot) = &ctx.bot else { return false };
    let asked = GetChatMember::new(ChatId(chat_id), user);
    match api::call(bot, &asked).await {
        Ok(member) => member.kind.is_privileged(),
        Err(e) => {
            tracing::warn!(error = %e, "could not check whether a group member is an administrator");
            false
        }
    }
}

/// Answers in the message's own topic when it came from one.
async fn reply(ctx: &Telegram, message: &Message, text: String) {
    let chat_id = message.chat.id.0;
    match message.thread_id.filter(|_| message.is_topic_message) {
        None => ctx.send(chat_id, text, None).await,
        Some(thread) => {
            let Some(bot) = &ctx.bot else { return };
            let sent = api::send_html_in_topic(bot, &ctx.budget, chat_id, thread, text).await;
            if let Err(e) = sent {
                tracing::warn!(chat_id, error = %e, "could not reply in the topic");
            }
        }
    }
}

/// The bot's own membership in a group or channel changed.
pub async fn on_membership(ctx: &Telegram, change: ChatMemberUpdated) -> anyhow::Result<()> {
    let Some(kind) = ChatKind::of(&change.chat) else {
        return Ok(());
    };
    let chat_id = change.chat.id.0;
    let status = &change.new_chat_member.kind;
    let replies = Replies::new(&ctx.config.site_name, ctx.config.public_url.as_ref());
    if !status.is_present() {
        return ended(ctx, &replies, chat_id, Via::Removed).await;
    }
    if kind != ChatKind::Channel {
        // Groups connect with the /start message that follows.
        return Ok(());
    }
    let title = change.chat.title().unwrap_or_default().to_string();
    if !status.can_post_messages() {
        let connected = db::run(&ctx.pool, move |conn| groups::find_by_chat(conn, chat_id)).await?;
        if connected.is_some() {
            return ended(ctx, &replies, chat_id, Via::NoPosting).await;
        }
        let from = change.from.id.0 as i64;
        let asked = db::run(&ctx.pool, move |conn| groups::channel_requester(conn, from)).await?;
        if let Some((_, private_chat)) = asked {
            ctx.send(private_chat, replies.channel_needs_posting(&title), None)
                .await;
        }
        return Ok(());
    }
    let from = change.from.id.0 as i64;
    let chat = NewChat {
        chat_id,
        kind,
        title: title.clone(),
    };
    let connected = db::run(&ctx.pool, move |conn| {
        groups::connect_channel(conn, from, &chat)
    })
    .await?;
    if let Some((connected, private_chat)) = connected {
        tracing::info!(user_id = connected.user_id, "a channel was connected");
        ctx.send(private_chat, replies.channel_connected(&title), None)
            .await;
    }
    Ok(())
}

/// Disconnects the chat (cancelling what was queued for it) and tells the member who connected it.
async fn ended(ctx: &Telegram, replies: &Replies, chat_id: i64, via: Via) -> anyhow::Result<()> {
    let ended = db::run(&ctx.pool, move |conn| {
        let ended = ended::end(conn, Ending::Chat(chat_id), via)?;
        let Some(chat) = ended.groups.into_iter().next() else {
            return Ok::<_, anyhow::Error>(None);
        };
        let link = links::find_by_user(conn, UserId(chat.user_id))?;
        Ok(Some((chat, link)))
    })
    .await?;
    let Some((chat, link)) = ended else {
        return Ok(());
    };
    tracing::info!(
        user_id = chat.user_id,
        via = via.as_str(),
        "a group or channel was disconnected"
    );
    if let Some(link) = link {
        ctx.send(link.chat_id, replies.chat_disconnected(&chat.title), None)
            .await;
    }
    Ok(())
}
