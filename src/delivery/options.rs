//! How a message is delivered, besides its text: silently, protected from forwarding and saving,
//! and with URL buttons under it. Checked once at the edge (form or API), like `MessageText`.
use chrono::NaiveDateTime;

use super::variants::Variants;
use serde::{Deserialize, Serialize};
use teloxide_core::types::{InlineKeyboardButton, InlineKeyboardMarkup};

/// At most this many URL buttons under a message (one row each, so they stay readable on phones).
pub const MAX_BUTTONS: usize = 3;
/// A button's label: Telegram cuts long ones; 40 characters fit a phone's width.
const MAX_LABEL: usize = 40;

/// A URL button: a label and an https address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UrlButton {
    pub text: String,
    pub url: String,
}

impl UrlButton {
    /// The error says what to fix, for the field it is about.
    pub fn parse(text: &str, url: &str) -> Result<UrlButton, String> {
        let text = text.trim();
        let url = url.trim();
        if text.is_empty() {
            return Err("Give the button a label.".into());
        }
        if text.chars().count() > MAX_LABEL {
            return Err(format!(
                "A button's label can have at most {MAX_LABEL} characters."
            ));
        }
        if text.chars().any(char::is_control) {
            return Err("Use one line of text for the button's label.".into());
        }
        let parsed = url::Url::parse(url)
            .map_err(|_| "Give the button a full address, like https://example.com/page.")?;
        if parsed.scheme() != "https" || parsed.host_str().is_none_or(str::is_empty) {
            return Err("A button's address must start with https://.".into());
        }
        // Every member who gets the message can read the address: a password in it is leaked.
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err("A button's address must not hold a username or password.".into());
        }
        Ok(UrlButton {
            text: text.to_string(),
            url: parsed.to_string(),
        })
    }
}

/// What a sender asked for, besides the text and the topic.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SendOptions {
    /// Sent with `disable_notification`: no sound, for low-priority news.
    pub silent: bool,
    /// Sent with `protect_content`: no forwarding or saving.
    pub protect_content: bool,
    pub buttons: Vec<UrlButton>,
    /// When to start (UTC); `None`: at once.
    pub send_at: Option<NaiveDateTime>,
    /// A broadcast also goes to the connected groups and channels.
    pub to_groups: bool,
    /// The text's variants per language (issue 27): stored with the message when it is queued.
    pub variants: Variants,
}

/// How far ahead a message may be scheduled.
pub const MAX_SCHEDULE_DAYS: i64 = 366;

/// Checks a requested start time: not in the past (a minute of grace for slow forms), not more
/// than a year ahead. The error in the reader's language (the API answers in English).
pub fn check_send_at(at: NaiveDateTime) -> Result<NaiveDateTime, String> {
    let now = crate::db::now();
    if at < now - chrono::Duration::minutes(1) {
        return Err(crate::i18n::t("formats-send-at-past"));
    }
    if at > now + chrono::Duration::days(MAX_SCHEDULE_DAYS) {
        return Err(crate::i18n::t("formats-send-at-too-far"));
    }
    Ok(at)
}

impl SendOptions {
    /// The buttons as stored (`None` for none).
    pub fn buttons_json(&self) -> Option<String> {
        (!self.buttons.is_empty()).then(|| serde_json::to_string(&self.buttons).unwrap_or_default())
    }

    /// The stored buttons; a value that does not parse (it cannot, we wrote it) is no buttons.
    pub fn buttons_from_db(stored: Option<&str>) -> Vec<UrlButton> {
        stored
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or_default()
    }
}

/// The inline keyboard for URL buttons (one per row) and, last, an optional callback button
/// (the topic's Mute).
pub fn keyboard(
    buttons: &[UrlButton],
    extra: Option<InlineKeyboardButton>,
) -> Option<InlineKeyboardMarkup> {
    let mut rows: Vec<Vec<InlineKeyboardButton>> = buttons
        .iter()
        .filter_map(|b| {
            let url = url::Url::parse(&b.url).ok()?;
            Some(vec![InlineKeyboardButton::url(b.text.clone(), url)])
        })
        .collect();
    rows.extend(extra.map(|b| vec![b]));
    (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows))
}

#[cfg(test)]
mod tests {
    use super::UrlButton;

    #[test]
    fn buttons_need_a_label_and_an_https_address() {
        assert!(UrlButton::parse("Open", "https://example.com/x?a=1").is_ok());
        for (text, url) in [
            ("", "https://example.com"),
            ("Open", "http://example.com"),
            ("Open", "javascript:alert(1)"),
            ("Open", "example.com"),
            ("Open", "https://"),
            (&"x".repeat(41), "https://example.com"),
            ("two\nlines", "https://example.com"),
            ("Open", "https://user:pw@example.com/"),
            ("Open", "https://token@example.com/"),
            ("Open", "https://:pw@example.com/"),
        ] {
            assert!(UrlButton::parse(text, url).is_err(), "{text:?} {url:?}");
        }
    }
}
