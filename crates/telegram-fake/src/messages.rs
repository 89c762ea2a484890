//! Sending, editing and deleting messages: the methods whose results are `Message` objects.

use std::time::Instant;

use serde_json::{Value, json};

use super::{
    methods::{format_text, is_local_host},
    params::Params,
    records::{ApiError, EditedMessage, Reply, SentMessage},
    state::{Chat, Inner, Shared, StoredMessage},
    updates::text_message,
};

const MESSAGE_NOT_MODIFIED: &str = "message is not modified: specified new message content and \
     reply markup are exactly the same as a current content and reply markup of the message";

/// Fields of an inline button that make it do something; one is required.
const BUTTON_ACTIONS: &[&str] = &[
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
];

pub(crate) fn now_unix() -> i64 {
    chrono::Utc::now().timestamp()
}

/// The chat a call addresses; `check_blocked` answers 403 for a chat whose user blocked the bot.
pub(crate) fn known_chat(
    inner: &Inner,
    params: &Params,
    check_blocked: bool,
) -> Result<(i64, Chat), ApiError> {
    let raw = params
        .str("chat_id")
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| ApiError::bad_request("chat_id is empty"))?;
    // `@username` only addresses public groups and channels, which the fake has none of.
    let id: i64 = raw.trim().parse().map_err(|_| ApiError::chat_not_found())?;
    let chat = inner.chats.get(&id).ok_or_else(ApiError::chat_not_found)?;
    if check_blocked && chat.blocked {
        return Err(ApiError::blocked());
    }
    Ok((id, chat.clone()))
}

fn message_id(params: &Params) -> Result<i64, ApiError> {
    params
        .i64("message_id")?
        .ok_or_else(|| ApiError::bad_request("message identifier is not specified"))
}

/// The `reply_markup` parameter, checked like Telegram checks inline keyboards.
fn reply_markup(params: &Params, strict_urls: bool) -> Result<Option<Value>, ApiError> {
    let markup = params
        .json("reply_markup")
        .map_err(|_| ApiError::bad_request("can't parse reply keyboard markup JSON object"))?;
    let Some(markup) = markup else {
        return Ok(None);
    };
    if !markup.is_object() {
        return Err(ApiError::bad_request(
            "can't parse reply keyboard markup JSON object",
        ));
    }
    let Some(rows) = markup.get("inline_keyboard") else {
        return Ok(Some(markup));
    };
    let bad_field = |detail: &str| {
        ApiError::bad_request(&format!("can't parse inline keyboard button: {detail}"))
    };
    let rows = rows
        .as_array()
        .ok_or_else(|| ApiError::bad_request("field \"inline_keyboard\" must be an Array"))?;
    for row in rows {
        let row = row.as_array().ok_or_else(|| {
            ApiError::bad_request("field \"inline_keyboard\" must be an Array of Arrays")
        })?;
        for button in row {
            if !button.get("text").is_some_and(Value::is_string) {
                return Err(bad_field("Field \"text\" must be of type String"));
            }
            if !BUTTON_ACTIONS.iter().any(|a| button.get(*a).is_some()) {
                return Err(bad_field(
                    "Text buttons are unallowed in the inline keyboard",
                ));
            }
            if let Some(data) = button.get("callback_data") {
                let len = data.as_str().map_or(0, str::len);
                if !(1..=64).contains(&len) {
                    return Err(ApiError::bad_request("BUTTON_DATA_INVALID"));
                }
            }
            if let Some(url) = button.get("url") {
                check_button_url(url.as_str().unwrap_or(""), strict_urls)?;
            }
        }
    }
    Ok(Some(markup))
}

fn check_button_url(url: &str, strict: bool) -> Result<(), ApiError> {
    let invalid = || ApiError::bad_request("BUTTON_URL_INVALID");
    let uri: actix_web::http::Uri = url.parse().map_err(|_| invalid())?;
    match uri.scheme_str() {
        Some("http" | "https") if uri.host().is_some_and(|h| !h.is_empty()) => {}
        Some("tg") => {}
        _ => return Err(invalid()),
    }
    // Telegram refuses buttons that point at local addresses.
    if strict && uri.host().is_some_and(is_local_host) {
        return Err(ApiError::bad_request(&format!(
            "inline keyboard button URL '{url}' is invalid: Wrong HTTP URL"
        )));
    }
    Ok(())
}

fn is_inline(markup: Option<&Value>) -> bool {
    markup.is_some_and(|m| m.get("inline_keyboard").is_some())
}

pub(crate) fn send_message(
    shared: &Shared,
    inner: &mut Inner,
    params: &Params,
) -> Result<Value, ApiError> {
    let (chat_id, chat) = known_chat(inner, params, true)?;
    let thread = params.i64("message_thread_id")?;
    chat.check_post(thread)?;
    let text = params.str("text");
    let parse_mode = params.str("parse_mode").filter(|m| !m.is_empty());
    let formatted = format_text(text.clone(), parse_mode.as_deref(), params)?;
    let markup = reply_markup(params, inner.strict_urls)?;
    let now = Instant::now();
    let paid = params.bool("allow_paid_broadcast");
    inner.check_rate(chat_id, now, paid)?;
    let message_id = inner
        .next_message_id(chat_id)
        .ok_or_else(ApiError::chat_not_found)?;
    let mut json = text_message(
        message_id,
        &shared.bot,
        chat.to_json(chat_id),
        now_unix(),
        &formatted.text,
        formatted.entities,
    );
    if let Some(thread) = thread {
        json["message_thread_id"] = json!(thread);
        json["is_topic_message"] = json!(true);
    }
    // Only inline keyboards belong to a message; reply keyboards change the user's input field.
    if is_inline(markup.as_ref()) {
        json["reply_markup"] = markup.clone().unwrap_or_default();
    }
    inner.messages.insert(
        (chat_id, message_id),
        StoredMessage {
            json: json.clone(),
            from_bot: true,
            text_edited: false,
        },
    );
    inner.sent.push(SentMessage {
        chat_id,
        message_id,
        text: text.unwrap_or_default(),
        plain_text: formatted.text,
        parse_mode,
        reply_markup: markup,
        message_thread_id: thread,
        paid,
        at: now,
    });
    Ok(json)
}

/// The bot's own message in that chat, ready to be edited.
fn editable<'a>(
    inner: &'a mut Inner,
    params: &Params,
) -> Result<(i64, i64, &'a mut StoredMessage), ApiError> {
    let (chat_id, _) = known_chat(inner, params, true)?;
    let message_id = message_id(params)?;
    let stored = inner
        .messages
        .get_mut(&(chat_id, message_id))
        .ok_or_else(|| ApiError::bad_request("message to edit not found"))?;
    if !stored.from_bot {
        return Err(ApiError::bad_request("message can't be edited"));
    }
    Ok((chat_id, message_id, stored))
}

pub(crate) fn edit_message_text(inner: &mut Inner, params: &Params) -> Result<Reply, ApiError> {
    if params.has("inline_message_id") {
        format_text(
            params.str("text"),
            params.str("parse_mode").as_deref(),
            params,
        )?;
        return Ok(Reply::Ok(json!(true)));
    }
    let parse_mode = params.str("parse_mode").filter(|m| !m.is_empty());
    let formatted = format_text(params.str("text"), parse_mode.as_deref(), params)?;
    let markup = reply_markup(params, inner.strict_urls)?;
    let (chat_id, message_id, stored) = editable(inner, params)?;
    let new_markup = markup.clone().filter(|m| is_inline(Some(m)));
    let entities = (!formatted.entities.is_empty()).then(|| json!(formatted.entities));
    let same = stored.json.get("text") == Some(&json!(formatted.text))
        && stored.json.get("entities") == entities.as_ref()
        && stored.json.get("reply_markup") == new_markup.as_ref();
    if same {
        return Err(ApiError::bad_request(MESSAGE_NOT_MODIFIED));
    }
    if stored.json.get("text") != Some(&json!(formatted.text))
        || stored.json.get("entities") != entities.as_ref()
    {
        stored.text_edited = true;
    }
    let json = &mut stored.json;
    json["text"] = json!(formatted.text);
    set_or_remove(json, "entities", entities);
    // An edit without reply_markup removes the inline keyboard, as in Telegram.
    set_or_remove(json, "reply_markup", new_markup);
    json["edit_date"] = json!(now_unix());
    let result = json.clone();
    inner.edits.push(EditedMessage {
        chat_id,
        message_id,
        text: params.str("text"),
        parse_mode,
        reply_markup: markup,
        at: Instant::now(),
    });
    Ok(Reply::Ok(result))
}

pub(crate) fn edit_reply_markup(inner: &mut Inner, params: &Params) -> Result<Reply, ApiError> {
    let markup = reply_markup(params, inner.strict_urls)?;
    if params.has("inline_message_id") {
        return Ok(Reply::Ok(json!(true)));
    }
    let (chat_id, message_id, stored) = editable(inner, params)?;
    let new_markup = markup.clone().filter(|m| is_inline(Some(m)));
    if stored.json.get("reply_markup") == new_markup.as_ref() {
        return Err(ApiError::bad_request(MESSAGE_NOT_MODIFIED));
    }
    set_or_remove(&mut stored.json, "reply_markup", new_markup);
    stored.json["edit_date"] = json!(now_unix());
    let result = stored.json.clone();
    inner.edits.push(EditedMessage {
        chat_id,
        message_id,
        text: None,
        parse_mode: None,
        reply_markup: markup,
        at: Instant::now(),
    });
    Ok(Reply::Ok(result))
}

pub(crate) fn delete_message(inner: &mut Inner, params: &Params) -> Result<Reply, ApiError> {
    let (chat_id, _) = known_chat(inner, params, false)?;
    let message_id = message_id(params)?;
    if inner.messages.remove(&(chat_id, message_id)).is_none() {
        return Err(ApiError::bad_request("message to delete not found"));
    }
    inner.deleted.push((chat_id, message_id));
    Ok(Reply::Ok(json!(true)))
}

fn set_or_remove(json: &mut Value, key: &str, value: Option<Value>) {
    if let Some(obj) = json.as_object_mut() {
        match value {
            Some(v) => {
                obj.insert(key.to_owned(), v);
            }
            None => {
                obj.remove(key);
            }
        }
    }
}
