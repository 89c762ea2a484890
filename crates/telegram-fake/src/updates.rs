//! Builders for the JSON Telegram really sends: users, chats, messages and updates.
//!
//! They are pure functions of their arguments (ids included), so a test can build an update the
//! fake would never send on its own, e.g. a forged callback query, and pass it to
//! [`super::FakeTelegram::send_update`].

use serde_json::{Value, json};

/// A Telegram user (or bot) as it appears in `from`, `user` and private `chat` objects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: i64,
    pub is_bot: bool,
    pub first_name: String,
    pub username: Option<String>,
    pub language_code: Option<String>,
}

impl Person {
    /// A human user with language `en`, as Telegram apps usually report.
    pub fn user(id: i64, first_name: &str, username: Option<&str>) -> Self {
        Person {
            id,
            is_bot: false,
            first_name: first_name.to_owned(),
            username: username.map(str::to_owned),
            language_code: Some("en".to_owned()),
        }
    }

    pub fn bot(id: i64, first_name: &str, username: &str) -> Self {
        Person {
            id,
            is_bot: true,
            first_name: first_name.to_owned(),
            username: Some(username.to_owned()),
            language_code: None,
        }
    }

    /// The `User` object.
    pub fn to_json(&self) -> Value {
        let mut v = json!({ "id": self.id, "is_bot": self.is_bot, "first_name": self.first_name });
        if let Some(u) = &self.username {
            v["username"] = json!(u);
        }
        if let Some(l) = &self.language_code {
            v["language_code"] = json!(l);
        }
        v
    }

    /// The private `Chat` with this user: its id is the user's id.
    pub fn private_chat_json(&self) -> Value {
        let mut v = json!({ "id": self.id, "first_name": self.first_name, "type": "private" });
        if let Some(u) = &self.username {
            v["username"] = json!(u);
        }
        v
    }
}

/// A basic group `Chat`; group ids are negative.
pub fn group_chat_json(chat_id: i64, title: &str) -> Value {
    json!({ "id": chat_id, "title": title, "type": "group" })
}

/// Length in UTF-16 code units, the unit of Telegram's entity offsets.
pub fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// The `bot_command` entity of a text starting with `/command` or `/command@botname`.
pub fn command_entities(text: &str) -> Vec<Value> {
    let Some(rest) = text.strip_prefix('/') else {
        return Vec::new();
    };
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let name_len = rest.find(|c: char| !is_word(c)).unwrap_or(rest.len());
    if name_len == 0 || name_len > 32 {
        return Vec::new();
    }
    let mut end = 1 + name_len;
    if let Some(after_at) = text[end..].strip_prefix('@') {
        let bot_len = after_at
            .find(|c: char| !is_word(c))
            .unwrap_or(after_at.len());
        if bot_len > 0 {
            end += 1 + bot_len;
        }
    }
    if text[end..]
        .chars()
        .next()
        .is_some_and(|c| !c.is_whitespace())
    {
        return Vec::new();
    }
    vec![json!({ "offset": 0, "length": utf16_len(&text[..end]), "type": "bot_command" })]
}

/// A text `Message` object. `entities` is omitted when empty, as Telegram does.
pub fn text_message(
    message_id: i64,
    from: &Person,
    chat: Value,
    date: i64,
    text: &str,
    entities: Vec<Value>,
) -> Value {
    let mut m = json!({
        "message_id": message_id,
        "from": from.to_json(),
        "chat": chat,
        "date": date,
        "text": text,
    });
    if !entities.is_empty() {
        m["entities"] = Value::Array(entities);
    }
    m
}

/// `{"update_id": …, "message": message}`.
pub fn message_update(update_id: i64, message: Value) -> Value {
    json!({ "update_id": update_id, "message": message })
}

/// A user's text in their private chat with the bot, with a `bot_command` entity if it starts
/// with a command.
pub fn private_message_update(
    update_id: i64,
    message_id: i64,
    from: &Person,
    date: i64,
    text: &str,
) -> Value {
    let chat = from.private_chat_json();
    let message = text_message(message_id, from, chat, date, text, command_entities(text));
    message_update(update_id, message)
}

/// A user's text in a basic group (chat type `group`, negative id).
pub fn group_message_update(
    update_id: i64,
    message_id: i64,
    from: &Person,
    chat_id: i64,
    title: &str,
    date: i64,
    text: &str,
) -> Value {
    let chat = group_chat_json(chat_id, title);
    let message = text_message(message_id, from, chat, date, text, command_entities(text));
    message_update(update_id, message)
}

/// A press on an inline button of `message` (the bot's message as a full `Message` object).
pub fn callback_query_update(
    update_id: i64,
    query_id: &str,
    from: &Person,
    message: Value,
    data: &str,
) -> Value {
    let chat_id = message
        .pointer("/chat/id")
        .and_then(Value::as_i64)
        .unwrap_or(from.id);
    json!({
        "update_id": update_id,
        "callback_query": {
            "id": query_id,
            "from": from.to_json(),
            "message": message,
            "chat_instance": chat_instance(chat_id),
            "data": data,
        }
    })
}

/// A change of the bot's own membership in a private chat, e.g. `"member"` → `"kicked"` when
/// the user blocks the bot.
pub fn my_chat_member_update(
    update_id: i64,
    user: &Person,
    bot: &Person,
    date: i64,
    old_status: &str,
    new_status: &str,
) -> Value {
    json!({
        "update_id": update_id,
        "my_chat_member": {
            "chat": user.private_chat_json(),
            "from": user.to_json(),
            "date": date,
            "old_chat_member": chat_member(bot, old_status),
            "new_chat_member": chat_member(bot, new_status),
        }
    })
}

fn chat_member(who: &Person, status: &str) -> Value {
    let mut m = json!({ "user": who.to_json(), "status": status });
    if status == "kicked" {
        // 0 means "forever"; Telegram always sends it for kicked members.
        m["until_date"] = json!(0);
    }
    m
}

/// A stable opaque id per chat, shaped like Telegram's (a signed 64-bit number as a string).
fn chat_instance(chat_id: i64) -> String {
    let mixed = (chat_id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) as i64;
    mixed.to_string()
}
