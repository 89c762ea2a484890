//! Groups, supergroups (forums and their topics) and channels: the bot added with a
//! `startgroup`/`startchannel` link, promoted, removed; messages in a topic; a basic group
//! upgraded to a supergroup; and `getChatMember`, as Telegram does them.

use std::collections::BTreeSet;

use anyhow::{Context, bail};
use serde_json::{Value, json};

use super::{
    FakeTelegram, FakeUser,
    messages::now_unix,
    params::{Params, percent_decode},
    records::ApiError,
    state::{BotMembership, Chat, ChatKind, Inner, Shared},
    updates::{self, Person},
    user::split_bot_link,
};

/// The user id Telegram shows as the sender of a supergroup's own service messages.
const GROUP_ANONYMOUS_BOT: i64 = 1_087_968_824;

impl FakeTelegram {
    /// A supergroup the bot is in (as a member); `chat_id` should look like Telegram's
    /// (-100…). With `is_forum` it has topics: add them with [`Self::add_forum_topic`].
    pub fn add_supergroup(&self, chat_id: i64, title: &str, is_forum: bool) {
        let kind = ChatKind::Supergroup {
            title: title.to_owned(),
            is_forum,
        };
        self.with_inner(|inner| inner.add_chat(chat_id, kind));
    }

    /// A channel (-100…). The bot is not in it until a user adds it as an administrator
    /// ([`FakeUser::add_bot_to_channel`]).
    pub fn add_channel(&self, chat_id: i64, title: &str) {
        let kind = ChatKind::Channel {
            title: title.to_owned(),
        };
        self.with_inner(|inner| inner.add_chat(chat_id, kind));
    }

    /// Opens a topic in a forum supergroup; its `message_thread_id` (the id of the message that
    /// created it, as in Telegram).
    pub fn add_forum_topic(&self, chat_id: i64, name: &str) -> anyhow::Result<i64> {
        self.with_inner(|inner| {
            let is_forum = matches!(
                inner.chats.get(&chat_id).map(|c| &c.kind),
                Some(ChatKind::Supergroup { is_forum: true, .. })
            );
            if !is_forum {
                bail!("chat {chat_id} is not a forum; add it with add_supergroup(…, true)");
            }
            let thread = inner.next_message_id(chat_id).context("no such chat")?;
            if let Some(chat) = inner.chats.get_mut(&chat_id) {
                chat.topics.insert(thread, name.to_owned());
            }
            Ok(thread)
        })
    }

    /// Deletes a forum topic, as the group's administrators may: posts into it fail from now on
    /// with Telegram's "message thread not found".
    pub fn delete_forum_topic(&self, chat_id: i64, thread: i64) -> anyhow::Result<()> {
        self.with_inner(|inner| {
            let chat = inner.chats.get_mut(&chat_id).context("no such chat")?;
            match chat.topics.remove(&thread) {
                Some(_) => Ok(()),
                None => bail!("chat {chat_id} has no topic {thread}"),
            }
        })
    }

    /// Makes `user_id` an administrator of the group or channel (or no longer one): what
    /// `getChatMember` answers.
    pub fn set_chat_admin(&self, chat_id: i64, user_id: i64, admin: bool) {
        self.with_inner(|inner| {
            if let Some(chat) = inner.chats.get_mut(&chat_id) {
                if admin {
                    chat.admins.insert(user_id);
                } else {
                    chat.admins.remove(&user_id);
                }
            }
        });
    }

    /// The bot's status in a chat as `getChatMember` names it (`member`, `administrator`,
    /// `left`, `kicked`), `None` for an unknown chat.
    pub fn bot_status(&self, chat_id: i64) -> Option<&'static str> {
        self.with_inner(|inner| inner.chats.get(&chat_id).map(|c| status_name(&c.bot)))
    }
}

fn status_name(m: &BotMembership) -> &'static str {
    match m {
        BotMembership::Member => "member",
        BotMembership::Admin(_) => "administrator",
        BotMembership::Left => "left",
        BotMembership::Kicked => "kicked",
    }
}

fn chat_type(chat: &Chat) -> &'static str {
    match chat.kind {
        ChatKind::Private(_) => "private",
        ChatKind::Group { .. } => "group",
        ChatKind::Supergroup { .. } => "supergroup",
        ChatKind::Channel { .. } => "channel",
    }
}

/// The bot (or anyone) as a `ChatMember` with this membership in `chat`.
fn member_json(who: &Person, chat: &Chat, m: &BotMembership) -> Value {
    match m {
        BotMembership::Admin(rights) => {
            updates::administrator(who, chat_type(chat), rights.iter().map(String::as_str))
        }
        other => updates::chat_member(who, status_name(other)),
    }
}

/// The parameters of a bot link's query: `startgroup=x&admin=a+b` → [("startgroup", "x"), …];
/// a bare key has an empty value.
fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |s: &str| percent_decode(s).unwrap_or_else(|| s.to_owned());
            (decode(k), decode(v))
        })
        .collect()
}

/// What a `startgroup`/`startchannel` link asks for: its start parameter (if valid) and the
/// administrator rights of its `admin=`.
struct AddLink {
    parameter: Option<String>,
    rights: Option<BTreeSet<String>>,
}

fn parse_add_link(fake: &FakeTelegram, link: &str, key: &str) -> anyhow::Result<AddLink> {
    let (bot, query) = split_bot_link(link).with_context(|| format!("not a bot link: {link}"))?;
    let expected = fake.bot_username();
    if !bot.eq_ignore_ascii_case(&expected) {
        bail!("the link opens @{bot}, not the fake's bot @{expected}");
    }
    let pairs = query_pairs(&query);
    let Some((_, parameter)) = pairs.iter().find(|(k, _)| k == key) else {
        bail!("not a {key} link: {link}");
    };
    // Like `start`, a parameter that is not 1–64 of A-Za-z0-9_- is dropped.
    let ok = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let parameter =
        Some(parameter.clone()).filter(|p| (1..=64).contains(&p.len()) && p.chars().all(ok));
    let rights = pairs.iter().find(|(k, _)| k == "admin").map(|(_, v)| {
        v.split(['+', ' '])
            .filter(|r| !r.is_empty())
            .map(str::to_owned)
            .collect()
    });
    Ok(AddLink { parameter, rights })
}

impl FakeUser {
    /// Follows a `https://t.me/<bot>?startgroup=<parameter>` link and picks the group (or
    /// supergroup) `chat_id`, as Telegram's apps do: the bot joins (a `my_chat_member` update
    /// and a `new_chat_members` message, unless it was in already; as an administrator when the
    /// link has `admin=`), then the app sends `/start@<bot> <parameter>` from this user in the
    /// group. The user becomes one of the group's administrators.
    pub async fn add_bot_to_group(&self, link: &str, chat_id: i64) -> anyhow::Result<()> {
        let asked = parse_add_link(self.fake(), link, "startgroup")?;
        let bot = self.fake().bot();
        let me = self.person();
        let (joined, start) = self.fake().with_inner(|inner| {
            let chat = inner.chats.get_mut(&chat_id).context("no such group")?;
            if !matches!(
                chat.kind,
                ChatKind::Group { .. } | ChatKind::Supergroup { .. }
            ) {
                bail!("chat {chat_id} is not a group");
            }
            chat.admins.insert(me.id);
            let mut updates = Vec::new();
            if !chat.bot.is_in() {
                let old = member_json(&bot, chat, &chat.bot);
                chat.bot = match &asked.rights {
                    Some(rights) => BotMembership::Admin(rights.clone()),
                    None => BotMembership::Member,
                };
                let new = member_json(&bot, chat, &chat.bot);
                let json = chat.to_json(chat_id);
                let id = inner.next_update_id();
                updates.push(updates::bot_membership_update(
                    id,
                    json.clone(),
                    &me,
                    now_unix(),
                    old,
                    new,
                ));
                let message_id = inner.next_message_id(chat_id).unwrap_or(1);
                let mut joined = json!({
                    "message_id": message_id,
                    "from": me.to_json(),
                    "chat": json,
                    "date": now_unix(),
                    "new_chat_participant": bot.to_json(),
                    "new_chat_member": bot.to_json(),
                    "new_chat_members": [bot.to_json()],
                });
                inner.remember_user_message(&joined);
                joined = updates::message_update(inner.next_update_id(), joined);
                updates.push(joined);
            }
            let username = bot.username.clone().unwrap_or_default();
            let text = match &asked.parameter {
                Some(p) => format!("/start@{username} {p}"),
                None => format!("/start@{username}"),
            };
            let start = message_in(inner, &me, chat_id, None, &text)?;
            Ok((updates, start))
        })?;
        for update in joined {
            self.fake().send_update(update).await?;
        }
        self.fake().send_update(start).await?;
        Ok(())
    }

    /// Follows a `https://t.me/<bot>?startchannel&admin=<rights>` link and picks the channel
    /// `chat_id`: the bot becomes an administrator with the rights the link asks for, and gets a
    /// `my_chat_member` update from this user (channels get no start message).
    pub async fn add_bot_to_channel(&self, link: &str, chat_id: i64) -> anyhow::Result<()> {
        self.add_bot_to_channel_denying(link, chat_id, &[]).await
    }

    /// [`Self::add_bot_to_channel`], with the user unticking some of the rights asked for
    /// (e.g. `&["post_messages"]`), as Telegram's dialog allows.
    pub async fn add_bot_to_channel_denying(
        &self,
        link: &str,
        chat_id: i64,
        denied: &[&str],
    ) -> anyhow::Result<()> {
        let asked = parse_add_link(self.fake(), link, "startchannel")?;
        let Some(mut rights) = asked.rights else {
            bail!("a startchannel link needs admin=<rights>: {link}");
        };
        rights.retain(|r| !denied.contains(&r.as_str()));
        let is_channel = self.fake().with_inner(|inner| {
            matches!(
                inner.chats.get(&chat_id).map(|c| &c.kind),
                Some(ChatKind::Channel { .. })
            )
        });
        if !is_channel {
            bail!("chat {chat_id} is not a channel; add it with add_channel");
        }
        self.change_bot(chat_id, BotMembership::Admin(rights)).await
    }

    /// Changes the bot's administrator rights in a group or channel this user administers
    /// (none: in a group, a plain member again; in a channel, an administrator without rights).
    pub async fn set_bot_rights(&self, chat_id: i64, rights: &[&str]) -> anyhow::Result<()> {
        let is_channel = self.fake().with_inner(|inner| {
            matches!(
                inner.chats.get(&chat_id).map(|c| &c.kind),
                Some(ChatKind::Channel { .. })
            )
        });
        let membership = if rights.is_empty() && !is_channel {
            BotMembership::Member
        } else {
            BotMembership::Admin(rights.iter().map(|r| (*r).to_owned()).collect())
        };
        self.change_bot(chat_id, membership).await
    }

    /// Removes the bot from a group or channel: it is `kicked` from supergroups and channels
    /// (removal bans there) and has `left` a basic group. Later sends answer 403.
    pub async fn remove_bot(&self, chat_id: i64) -> anyhow::Result<()> {
        let basic = self.fake().with_inner(|inner| {
            matches!(
                inner.chats.get(&chat_id).map(|c| &c.kind),
                Some(ChatKind::Group { .. })
            )
        });
        let membership = if basic {
            BotMembership::Left
        } else {
            BotMembership::Kicked
        };
        self.change_bot(chat_id, membership).await
    }

    /// Sets the bot's membership and sends the `my_chat_member` update that says so, from this
    /// user (who administers the chat).
    async fn change_bot(&self, chat_id: i64, membership: BotMembership) -> anyhow::Result<()> {
        let bot = self.fake().bot();
        let me = self.person();
        let update = self.fake().with_inner(|inner| {
            let chat = inner.chats.get_mut(&chat_id).context("no such chat")?;
            if matches!(chat.kind, ChatKind::Private(_)) {
                bail!("chat {chat_id} is a private chat; use block()");
            }
            chat.admins.insert(me.id);
            let old = member_json(&bot, chat, &chat.bot);
            chat.bot = membership;
            let new = member_json(&bot, chat, &chat.bot);
            let json = chat.to_json(chat_id);
            Ok(updates::bot_membership_update(
                inner.next_update_id(),
                json,
                &me,
                now_unix(),
                old,
                new,
            ))
        })?;
        self.fake().send_update(update).await?;
        Ok(())
    }

    /// A `message` update from this user in topic `thread` of a forum supergroup
    /// (`message_thread_id`, `is_topic_message`, replying to the topic's first message).
    pub fn topic_message(&self, chat_id: i64, thread: i64, text: &str) -> anyhow::Result<Value> {
        let me = self.person();
        self.fake()
            .with_inner(|inner| message_in(inner, &me, chat_id, Some(thread), text))
    }

    /// Upgrades the basic group `old` to the supergroup `new` (ids -100…), as Telegram does when
    /// a group grows or gets new settings: the bot stays in it, sends to `old` answer with
    /// `migrate_to_chat_id`, and the bot gets a `migrate_to_chat_id` message in the old group and a
    /// `migrate_from_chat_id` message in the new one.
    pub async fn upgrade_group(&self, old: i64, new: i64) -> anyhow::Result<()> {
        let me = self.person();
        let updates = self.fake().with_inner(|inner| {
            let chat = inner.chats.get_mut(&old).context("no such group")?;
            let ChatKind::Group { title } = chat.kind.clone() else {
                bail!("chat {old} is not a basic group");
            };
            chat.migrated_to = Some(new);
            let (bot, admins, old_json) =
                (chat.bot.clone(), chat.admins.clone(), chat.to_json(old));
            inner.add_chat(
                new,
                ChatKind::Supergroup {
                    title,
                    is_forum: false,
                },
            );
            let new_chat = inner.chats.get_mut(&new).context("the new supergroup")?;
            new_chat.bot = bot;
            new_chat.admins = admins;
            let new_json = new_chat.to_json(new);
            let to = json!({
                "message_id": inner.next_message_id(old).unwrap_or(1),
                "from": me.to_json(),
                "chat": old_json,
                "date": now_unix(),
                "migrate_to_chat_id": new,
            });
            let anonymous = Person::bot(GROUP_ANONYMOUS_BOT, "Group", "GroupAnonymousBot");
            let from = json!({
                "message_id": inner.next_message_id(new).unwrap_or(1),
                "from": anonymous.to_json(),
                "sender_chat": new_json,
                "chat": new_json,
                "date": now_unix(),
                "migrate_from_chat_id": old,
            });
            Ok([
                updates::message_update(inner.next_update_id(), to),
                updates::message_update(inner.next_update_id(), from),
            ])
        })?;
        for update in updates {
            self.fake().send_update(update).await?;
        }
        Ok(())
    }
}

/// A text message from `from` in a group (in topic `thread`, if given), with fresh ids.
fn message_in(
    inner: &mut Inner,
    from: &Person,
    chat_id: i64,
    thread: Option<i64>,
    text: &str,
) -> anyhow::Result<Value> {
    let chat = inner.chats.get(&chat_id).context("no such group")?;
    if !matches!(
        chat.kind,
        ChatKind::Group { .. } | ChatKind::Supergroup { .. }
    ) {
        bail!("chat {chat_id} is not a group");
    }
    let json = chat.to_json(chat_id);
    let topic = match thread {
        Some(t) => Some((t, chat.topics.get(&t).cloned().context("no such topic")?)),
        None => None,
    };
    let message_id = inner.next_message_id(chat_id).context("no such group")?;
    let entities = updates::command_entities(text);
    let mut message =
        updates::text_message(message_id, from, json.clone(), now_unix(), text, entities);
    if let Some((thread, name)) = topic {
        message["message_thread_id"] = json!(thread);
        message["is_topic_message"] = json!(true);
        message["reply_to_message"] = json!({
            "message_id": thread,
            "from": from.to_json(),
            "chat": json,
            "date": now_unix(),
            "message_thread_id": thread,
            "is_topic_message": true,
            "forum_topic_created": { "name": name, "icon_color": 7_322_096 },
        });
    }
    Ok(updates::message_update(inner.next_update_id(), message))
}

/// `getChatMember`: the bot's own membership, a group's administrators, anyone else a member.
pub(crate) fn get_chat_member(
    shared: &Shared,
    inner: &Inner,
    params: &Params,
) -> Result<Value, ApiError> {
    let (_, chat) = super::messages::known_chat(inner, params, false)?;
    let user_id = params
        .i64("user_id")?
        .ok_or_else(|| ApiError::bad_request("invalid user_id specified"))?;
    if user_id == shared.bot.id {
        return Ok(member_json(&shared.bot, &chat, &chat.bot));
    }
    let person = inner
        .chats
        .get(&user_id)
        .and_then(|c| match &c.kind {
            ChatKind::Private(p) => Some(p.clone()),
            _ => None,
        })
        .ok_or_else(|| ApiError::bad_request("user not found"))?;
    if chat.admins.contains(&user_id) {
        let rights = [
            "manage_chat",
            "delete_messages",
            "invite_users",
            "pin_messages",
        ];
        return Ok(updates::administrator(&person, chat_type(&chat), rights));
    }
    Ok(updates::chat_member(&person, "member"))
}
