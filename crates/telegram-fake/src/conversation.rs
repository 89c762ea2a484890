//! The chats as their users see them: every message still there, from both sides, in order, with
//! edits applied and deleted messages gone. The demo sandbox's chat page and API read this.

use anyhow::{Context, bail};
use serde_json::Value;

use super::{
    FakeTelegram, FakeUser,
    records::Button,
    state::{ChatKind, Inner, StoredMessage},
};

/// One message of a private chat as the user's Telegram app shows it now.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatMessage {
    pub message_id: i64,
    /// Sent by the bot (else by the user).
    pub from_bot: bool,
    /// Unix seconds.
    pub date: i64,
    /// Unix seconds of the last edit, if any (a keyboard-only edit too, as in the Bot API).
    pub edit_date: Option<i64>,
    /// Its text was edited: what Telegram's apps mark "edited".
    pub text_edited: bool,
    /// The text as shown, markup already parsed away.
    pub text: String,
    /// Telegram `MessageEntity` objects (offsets and lengths in UTF-16 code units).
    pub entities: Vec<Value>,
    /// The inline keyboard, row by row.
    pub buttons: Vec<Vec<Button>>,
}

impl ChatMessage {
    fn from_stored(stored: &StoredMessage) -> Option<ChatMessage> {
        let json = &stored.json;
        let int = |k: &str| json.get(k).and_then(Value::as_i64);
        Some(ChatMessage {
            message_id: int("message_id")?,
            from_bot: stored.from_bot,
            text_edited: stored.text_edited,
            date: int("date").unwrap_or(0),
            edit_date: int("edit_date"),
            text: json.get("text").and_then(Value::as_str)?.to_owned(),
            entities: json
                .get("entities")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
            buttons: button_rows(json.get("reply_markup")),
        })
    }

    /// The `callback_data` of this message's button labelled `label`.
    pub fn callback_data_for(&self, label: &str) -> Option<&str> {
        self.buttons
            .iter()
            .flatten()
            .find(|b| b.text == label)
            .and_then(|b| b.callback_data.as_deref())
    }
}

fn button_rows(markup: Option<&Value>) -> Vec<Vec<Button>> {
    let rows = markup
        .and_then(|m| m.get("inline_keyboard"))
        .and_then(Value::as_array);
    let field = |b: &Value, k: &str| b.get(k).and_then(Value::as_str).map(str::to_owned);
    rows.into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .map(|row| {
            row.iter()
                .map(|b| Button {
                    text: field(b, "text").unwrap_or_default(),
                    callback_data: field(b, "callback_data"),
                    url: field(b, "url"),
                })
                .collect()
        })
        .collect()
}

fn conversation_in(inner: &Inner, chat_id: i64) -> Vec<ChatMessage> {
    let mut messages: Vec<ChatMessage> = inner
        .messages
        .iter()
        .filter(|((chat, _), _)| *chat == chat_id)
        .filter_map(|(_, m)| ChatMessage::from_stored(m))
        .collect();
    messages.sort_by_key(|m| m.message_id);
    messages
}

impl FakeTelegram {
    /// The private chat with `chat_id` as its user sees it, oldest first (empty for an unknown
    /// chat).
    pub fn conversation(&self, chat_id: i64) -> Vec<ChatMessage> {
        self.with_inner(|inner| conversation_in(inner, chat_id))
    }

    /// Every user added with [`Self::add_user`], by id.
    pub fn users(&self) -> Vec<FakeUser> {
        let mut people: Vec<_> = self.with_inner(|inner| {
            inner
                .chats
                .values()
                .filter_map(|chat| match &chat.kind {
                    ChatKind::Private(p) => Some(p.clone()),
                    _ => None,
                })
                .collect()
        });
        people.sort_by_key(|p| p.id);
        people
            .into_iter()
            .map(|p| FakeUser::new(p, self.clone()))
            .collect()
    }

    /// The user added with this id, if any.
    pub fn user(&self, id: i64) -> Option<FakeUser> {
        let person = self.with_inner(|inner| match &inner.chats.get(&id)?.kind {
            ChatKind::Private(p) => Some(p.clone()),
            _ => None,
        })?;
        Some(FakeUser::new(person, self.clone()))
    }

    /// Whether the user of this chat has blocked the bot.
    pub fn is_blocked(&self, chat_id: i64) -> bool {
        self.with_inner(|inner| inner.chats.get(&chat_id).is_some_and(|c| c.blocked))
    }
}

impl FakeUser {
    /// This user's chat with the bot as they see it ([`FakeTelegram::conversation`]).
    pub fn conversation(&self) -> Vec<ChatMessage> {
        self.fake().conversation(self.id)
    }

    pub fn has_blocked_bot(&self) -> bool {
        self.fake().is_blocked(self.id)
    }

    /// Presses the button labelled `label` on the newest of the bot's messages that has one
    /// with `callback_data` (a button a real user can still see and press). Fails if none has.
    pub async fn press(&self, label: &str) -> anyhow::Result<Option<u16>> {
        let target = self
            .conversation()
            .into_iter()
            .rev()
            .filter(|m| m.from_bot)
            .find_map(|m| {
                m.callback_data_for(label)
                    .map(|data| (m.message_id, data.to_owned()))
            });
        let Some((message_id, data)) = target else {
            bail!("no message in the chat has a button labelled {label:?}");
        };
        self.press_callback(self.id, message_id, &data)
            .await
            .with_context(|| format!("pressing {label:?}"))
    }
}
