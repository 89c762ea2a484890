//! A message's text and format, checked once at the edge (form or API): a `MessageText` that
//! exists is one Telegram will accept, as one message or cut into at most `MAX_PARTS` parts.
use super::split::{self, MAX_PARTS};
use crate::i18n::{t, t_args, t1};
use crate::telegram::html;

/// Telegram's limit on one message, counted after entity parsing (in UTF-16 units, as Telegram
/// does). A longer text is sent as several messages (`split`).
pub const MAX_LEN: usize = 4096;

/// The largest form or JSON body that carries a message. The longest text tglink sends
/// (`MAX_PARTS` × `MAX_LEN` units) takes up to 240 KB percent-encoded (Cyrillic is 6 bytes a
/// letter in a form, and in JSON written `\u043f`), plus its markup.
pub const MAX_BODY_BYTES: usize = 512 * 1024;

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
    /// text for its format. The error is a sentence to show next to the field, in the reader's
    /// language (the form's page; the API answers in English).
    pub fn parse(raw: &str, format: Format) -> Result<MessageText, String> {
        let text = raw.replace("\r\n", "\n").trim().to_string();
        if text.is_empty() {
            return Err(t("formats-text-empty"));
        }
        let visible = match format {
            Format::Plain => text.clone(),
            Format::Html => html::validate(&text)
                .map_err(|e| t1("formats-text-bad-html", "problem", e.to_string()))?,
        };
        let visible = visible.trim();
        if visible.is_empty() {
            return Err(t("formats-text-invisible"));
        }
        if split::units(visible) > MAX_LEN {
            let parts = split::split(&text, format);
            if parts.len() > MAX_PARTS {
                let over: usize = parts[MAX_PARTS..]
                    .iter()
                    .map(|part| split::visible_len(part, format))
                    .sum();
                let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
                return Err(t_args(
                    "formats-text-too-long",
                    &[
                        ("parts", count(parts.len()).into()),
                        ("max", count(MAX_PARTS).into()),
                        ("over", count(over).into()),
                    ],
                ));
            }
        }
        Ok(MessageText { text, format })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// The messages this text goes out as, in order: one unless it is longer than `MAX_LEN`.
    pub fn parts(&self) -> Vec<String> {
        split::split(&self.text, self.format)
    }
}

/// The longest subject a list shows, in characters.
const SUBJECT_LEN: usize = 80;

/// What a broadcast is called in lists and the audit log: its first line as the reader sees it
/// (markup removed, entities decoded), cut at `SUBJECT_LEN` characters.
pub fn subject(text: &str, format: Format) -> String {
    let visible = match format {
        Format::Html => html::validate(text).unwrap_or_else(|_| text.to_string()),
        Format::Plain => text.to_string(),
    };
    let line = visible
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    let mut subject: String = line.chars().take(SUBJECT_LEN).collect();
    if line.chars().count() > SUBJECT_LEN {
        subject.push('…');
    }
    subject
}

#[cfg(test)]
mod tests {
    use super::{Format, MAX_LEN, MAX_PARTS, MessageText};

    #[test]
    fn a_subject_is_the_first_line_as_read() {
        let html = "\n<b>Winter party</b> &amp; more\nOn <i>Friday</i>";
        assert_eq!(super::subject(html, Format::Html), "Winter party & more");
        assert_eq!(super::subject("<b>x</b>", Format::Plain), "<b>x</b>");
        let long = "é".repeat(100);
        assert_eq!(super::subject(&long, Format::Plain).chars().count(), 81);
    }

    #[test]
    fn plain_text_is_trimmed_and_checked() {
        let t = MessageText::parse("  hi\r\nthere \n", Format::Plain).unwrap();
        assert_eq!(t.as_str(), "hi\nthere");
        assert_eq!(t.parts(), ["hi\nthere"]);
        assert!(MessageText::parse(" \n ", Format::Plain).is_err());
        // Plain text may contain anything, markup included: it is sent without a parse mode.
        assert!(MessageText::parse("a < b <div>", Format::Plain).is_ok());
    }

    #[test]
    fn a_long_text_is_accepted_as_long_as_it_fits_in_max_parts() {
        let one = MessageText::parse(&"x".repeat(MAX_LEN), Format::Plain).unwrap();
        assert_eq!(one.parts().len(), 1);
        let two = MessageText::parse(&"x".repeat(MAX_LEN + 1), Format::Plain).unwrap();
        assert_eq!(two.parts().len(), 2);
        let most = MessageText::parse(&"x".repeat(MAX_LEN * MAX_PARTS), Format::Plain).unwrap();
        assert_eq!(most.parts().len(), MAX_PARTS);
        let error =
            MessageText::parse(&"x".repeat(MAX_LEN * MAX_PARTS + 5), Format::Plain).unwrap_err();
        assert_eq!(
            error,
            "This message would go out as 11 messages; tglink sends at most 10. \
             Shorten it by about 5 characters."
        );
    }

    #[test]
    fn html_is_measured_after_entities_and_tags() {
        let long = format!("<b>{}</b>", "&amp;".repeat(MAX_LEN));
        assert_eq!(
            MessageText::parse(&long, Format::Html)
                .unwrap()
                .parts()
                .len(),
            1
        );
        let longer = format!("<b>{}</b>", "&amp;".repeat(MAX_LEN + 1));
        let parts = MessageText::parse(&longer, Format::Html).unwrap().parts();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[1], "<b>&amp;</b>");
        let too_long = format!("<b>{}</b>", "&amp;".repeat(MAX_LEN * MAX_PARTS + 1));
        assert!(
            MessageText::parse(&too_long, Format::Html)
                .unwrap_err()
                .contains("11 messages")
        );
        assert!(MessageText::parse("<b> </b>", Format::Html).is_err());
        assert!(
            MessageText::parse("<b>x", Format::Html)
                .unwrap_err()
                .contains("never closed")
        );
    }
}
