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

/// A supergroup `Chat` (ids start with -100); `is_forum` when it has topics.
pub fn supergroup_chat_json(chat_id: i64, title: &str, is_forum: bool) -> Value {
    let mut v = json!({ "id": chat_id, "title": title, "type": "supergroup" });
    if is_forum {
        v["is_forum"] = json!(true);
    }
    v
}

/// A channel `Chat` (ids start with -100).
pub fn channel_chat_json(chat_id: i64, title: &str) -> Value {
    json!({ "id": chat_id, "title": title, "type": "channel" })
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

/// A change of the bot's membership in a group or channel (`chat`), made by `from`: added,
/// promoted, demoted, removed. Build the members with [`chat_member`] and [`administrator`].
pub fn bot_membership_update(
    update_id: i64,
    chat: Value,
    from: &Person,
    date: i64,
    old_chat_member: Value,
    new_chat_member: Value,
) -> Value {
    json!({
        "update_id": update_id,
        "my_chat_member": {
            "chat": chat,
            "from": from.to_json(),
            "date": date,
            "old_chat_member": old_chat_member,
            "new_chat_member": new_chat_member,
        }
    })
}

/// Administrator rights a `ChatMember` lists, by chat type (channels have posting rights,
/// supergroups pinning and topics), as deep links name them.
const GROUP_RIGHTS: &[&str] = &[
    "manage_chat",
    "change_info",
    "delete_messages",
    "manage_video_chats",
    "invite_users",
    "restrict_members",
    "promote_members",
    "post_stories",
    "edit_stories",
    "delete_stories",
];
const CHANNEL_RIGHTS: &[&str] = &["post_messages", "edit_messages"];
const SUPERGROUP_RIGHTS: &[&str] = &["pin_messages", "manage_topics"];

/// An `administrator` `ChatMember` with `rights` (names as in deep links: `post_messages`, …);
/// every right of the chat type is listed, true or false, as Telegram does.
pub fn administrator<'a>(
    who: &Person,
    chat_type: &str,
    rights: impl IntoIterator<Item = &'a str> + Clone,
) -> Value {
    let mut m = json!({
        "user": who.to_json(),
        "status": "administrator",
        "can_be_edited": false,
        "is_anonymous": rights.clone().into_iter().any(|r| r == "anonymous"),
    });
    let extra = match chat_type {
        "channel" => CHANNEL_RIGHTS,
        "supergroup" => SUPERGROUP_RIGHTS,
        _ => &[],
    };
    for right in GROUP_RIGHTS.iter().chain(extra) {
        let has = rights.clone().into_iter().any(|r| r == *right);
        m[format!("can_{right}")] = json!(has);
    }
    m
}

/// A `ChatMember` with a plain status: `member`, `left`, `kicked` or `creator`.
pub fn chat_member(who: &Person, status: &str) -> Value {
    let mut m = json!({ "user": who.to_json(), "status": status });
    match status {
        // 0 means "forever"; Telegram always sends it for kicked members.
        "kicked" => m["until_date"] = json!(0),
        "creator" => m["is_anonymous"] = json!(false),
        _ => {}
    }
    m
}

/// A stable opaque id per chat, shaped like Telegram's (a signed 64-bit number as a string).
fn chat_instance(chat_id: i64) -> String {
    let mixed = (chat_id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) as i64;
    mixed.to_string()
}
