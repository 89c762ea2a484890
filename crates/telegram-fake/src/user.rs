//! A Telegram user a test plays: writes to the bot, follows its deep links, presses its
//! buttons, blocks it.

use anyhow::{Context, bail};
use serde_json::Value;

use super::{
    FakeTelegram,
    messages::now_unix,
    params::percent_decode,
    records::{SentMessage, inline_buttons},
    state::ChatKind,
    updates::{self, Person},
};

/// A user known to a [`FakeTelegram`]; their private chat with the bot has id == `id`.
#[derive(Clone)]
pub struct FakeUser {
    pub id: i64,
    pub first_name: String,
    pub username: Option<String>,
    /// What their Telegram app reports as `language_code` (`en` unless made otherwise).
    pub language_code: Option<String>,
    fake: FakeTelegram,
}

impl FakeUser {
    pub(crate) fn new(person: Person, fake: FakeTelegram) -> Self {
        FakeUser {
            id: person.id,
            first_name: person.first_name,
            username: person.username,
            language_code: person.language_code,
            fake,
        }
    }

    pub(crate) fn fake(&self) -> &FakeTelegram {
        &self.fake
    }

    /// This user as a `User` object builder.
    pub fn person(&self) -> Person {
        let mut person = Person::user(self.id, &self.first_name, self.username.as_deref());
        person.language_code = self.language_code.clone();
        person
    }

    /// A `message` update from this user in their private chat, with fresh update and message
    /// ids; a leading `/command` gets its `bot_command` entity.
    pub fn message(&self, text: &str) -> Value {
        let (update_id, message_id) = self.fake.with_inner(|inner| {
            let message_id = inner.next_message_id(self.id).unwrap_or(1);
            (inner.next_update_id(), message_id)
        });
        updates::private_message_update(update_id, message_id, &self.person(), now_unix(), text)
    }

    /// A `message` update from this user in a group added with `FakeTelegram::add_group` or
    /// `add_supergroup` (in a forum: its general topic).
    pub fn group_message(&self, chat_id: i64, text: &str) -> anyhow::Result<Value> {
        let (update_id, message_id, chat) = self
            .fake
            .with_inner(|inner| {
                let chat = inner.chats.get(&chat_id)?;
                let json = match &chat.kind {
                    ChatKind::Group { .. } | ChatKind::Supergroup { .. } => chat.to_json(chat_id),
                    ChatKind::Private(_) | ChatKind::Channel { .. } => return None,
                };
                let message_id = inner.next_message_id(chat_id)?;
                Some((inner.next_update_id(), message_id, json))
            })
            .with_context(|| format!("no group {chat_id}; add it with add_group"))?;
        let from = self.person();
        let entities = updates::command_entities(text);
        let message = updates::text_message(message_id, &from, chat, now_unix(), text, entities);
        Ok(updates::message_update(update_id, message))
    }

    /// Writes `text` to the bot; the webhook's HTTP status, or `None` if queued for polling.
    pub async fn send_text(&self, text: &str) -> anyhow::Result<Option<u16>> {
        self.fake.send_update(self.message(text)).await
    }

    /// Opens a link to the bot (`https://t.me/<bot>?start=<payload>` or
    /// `tg://resolve?domain=<bot>&start=<payload>`) and taps Start, which sends
    /// `/start <payload>`. Like Telegram, a payload that is not 1–64 of `A-Za-z0-9_-` is
    /// dropped and a bare `/start` is sent.
    pub async fn open_link(&self, link: &str) -> anyhow::Result<Option<u16>> {
        let (bot, query) =
            split_bot_link(link).with_context(|| format!("not a bot link: {link}"))?;
        let expected = self.fake.bot_username();
        if !bot.eq_ignore_ascii_case(&expected) {
            bail!("the link opens @{bot}, not the fake's bot @{expected}");
        }
        let payload = query
            .split('&')
            .find_map(|pair| pair.strip_prefix("start="))
            .and_then(percent_decode)
            .filter(|p| {
                let ok = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
                (1..=64).contains(&p.len()) && p.chars().all(ok)
            });
        let text = match payload {
            Some(p) => format!("/start {p}"),
            None => "/start".to_owned(),
        };
        self.send_text(&text).await
    }

    /// Presses the inline button with `callback_data` under the bot's `message` (as it is now,
    /// edits included). Fails if the message is gone or has no such button: a real user could
    /// not press it. Build a forged press with `updates::callback_query_update` instead.
    pub async fn press_button(
        &self,
        message: &SentMessage,
        callback_data: &str,
    ) -> anyhow::Result<Option<u16>> {
        self.press_callback(message.chat_id, message.message_id, callback_data)
            .await
    }

    /// Presses the button with `callback_data` under message `message_id` of chat `chat_id`.
    pub(crate) async fn press_callback(
        &self,
        chat_id: i64,
        message_id: i64,
        callback_data: &str,
    ) -> anyhow::Result<Option<u16>> {
        let key = (chat_id, message_id);
        let (current, query_id, update_id) = self.fake.with_inner(|inner| {
            let current = inner.messages.get(&key).map(|m| m.json.clone());
            (
                current,
                inner.next_callback_query_id(self.id),
                inner.next_update_id(),
            )
        });
        let current = current
            .with_context(|| format!("message {} in chat {} no longer exists", key.1, key.0))?;
        let has_button = inline_buttons(current.get("reply_markup"))
            .iter()
            .any(|b| b.callback_data.as_deref() == Some(callback_data));
        if !has_button {
            bail!(
                "message {} in chat {} has no button with callback_data {callback_data:?}",
                key.1,
                key.0
            );
        }
        let update = updates::callback_query_update(
            update_id,
            &query_id,
            &self.person(),
            current,
            callback_data,
        );
        self.fake.send_update(update).await
    }

    /// Blocks the bot: later sends to this user answer 403, and the bot gets a
    /// `my_chat_member` update (member → kicked).
    pub async fn block(&self) -> anyhow::Result<Option<u16>> {
        self.fake.set_blocked(self.id, true);
        self.membership_update("member", "kicked").await
    }

    /// Unblocks the bot (`my_chat_member` kicked → member).
    pub async fn unblock(&self) -> anyhow::Result<Option<u16>> {
        self.fake.set_blocked(self.id, false);
        self.membership_update("kicked", "member").await
    }

    async fn membership_update(&self, old: &str, new: &str) -> anyhow::Result<Option<u16>> {
        let update_id = self.fake.with_inner(|inner| inner.next_update_id());
        let bot = self.fake.bot();
        let update =
            updates::my_chat_member_update(update_id, &self.person(), &bot, now_unix(), old, new);
        self.fake.send_update(update).await
    }
}

/// The bot's username and the query string of a t.me or tg://resolve link.
pub(crate) fn split_bot_link(link: &str) -> Option<(String, String)> {
    let link = link.trim();
    for prefix in [
        "https://t.me/",
        "http://t.me/",
        "t.me/",
        "https://telegram.me/",
    ] {
        if let Some(rest) = link.strip_prefix(prefix) {
            let (bot, query) = rest.split_once('?').unwrap_or((rest, ""));
            return Some((bot.trim_end_matches('/').to_owned(), query.to_owned()));
        }
    }
    let query = link.strip_prefix("tg://resolve?")?;
    let bot = query.split('&').find_map(|p| p.strip_prefix("domain="))?;
    Some((bot.to_owned(), query.to_owned()))
}
