//! A message's text and format, checked once at the edge (form or API): a `MessageText` that
//! exists is one Telegram will accept.
use crate::telegram::html;

/// Telegram's limit on a message, counted after entity parsing (in UTF-16 units, as Telegram does).
pub const MAX_LEN: usize = 4096;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Plain,
    Html,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Plain => "plain",
            Format::Html => "html",
        }
    }

    /// The stored value; anything unknown is plain text (nothing is parsed).
    pub fn from_db(value: &str) -> Format {
        if value == "html" {
            Format::Html
        } else {
            Format::Plain
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageText {
    text: String,
    format: Format,
}

impl MessageText {
    /// Normalises line ends and surrounding whitespace (Telegram trims it anyway), then checks the
    /// text for its format. The error is a sentence to show next to the field.
    pub fn parse(raw: &str, format: Format) -> Result<MessageText, String> {
        let text = raw.replace("\r\n", "\n").trim().to_string();
        if text.is_empty() {
            return Err("Write the message first.".into());
        }
        let visible = match format {
            Format::Plain => text.clone(),
            Format::Html => html::validate(&text)
                .map_err(|e| format!("This is not valid Telegram HTML: {e}."))?,
        };
        let visible = visible.trim();
        if visible.is_empty() {
            return Err("The message has no visible text.".into());
        }
        let len = visible.encode_utf16().count();
        if len > MAX_LEN {
            return Err(format!(
                "The message is {len} characters long; Telegram allows at most {MAX_LEN}. Shorten it by {}.",
                len - MAX_LEN
            ));
        }
        Ok(MessageText { text, format })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn format(&self) -> Format {
        self.format
    }
}

#[cfg(test)]
mod tests {
    use super::{Format, MAX_LEN, MessageText};

    #[test]
    fn plain_text_is_trimmed_and_limited() {
        let t = MessageText::parse("  hi\r\nthere \n", Format::Plain).unwrap();
        assert_eq!(t.as_str(), "hi\nthere");
        assert!(MessageText::parse(" \n ", Format::Plain).is_err());
        assert!(MessageText::parse(&"x".repeat(MAX_LEN), Format::Plain).is_ok());
        assert!(MessageText::parse(&"x".repeat(MAX_LEN + 1), Format::Plain).is_err());
        // Plain text may contain anything, markup included: it is sent without a parse mode.
        assert!(MessageText::parse("a < b <div>", Format::Plain).is_ok());
    }

    #[test]
    fn html_is_measured_after_entities_and_tags() {
        let long = format!("<b>{}</b>", "&amp;".repeat(MAX_LEN));
        assert!(MessageText::parse(&long, Format::Html).is_ok());
        let too_long = format!("<b>{}</b>", "&amp;".repeat(MAX_LEN + 1));
        assert!(
            MessageText::parse(&too_long, Format::Html)
                .unwrap_err()
                .contains("4097")
        );
        assert!(MessageText::parse("<b> </b>", Format::Html).is_err());
        assert!(
            MessageText::parse("<b>x", Format::Html)
                .unwrap_err()
                .contains("never closed")
        );
    }
}
