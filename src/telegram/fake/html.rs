//! Telegram's `parse_mode=HTML`: the same tags, the same error texts (after TDLib's
//! `parse_html`), and the entities the resulting message carries.

use serde_json::{Value, json};

use super::updates::utf16_len;

/// The text a user sees and its formatting entities (offsets in UTF-16 units).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Formatted {
    pub text: String,
    pub entities: Vec<Value>,
}

const SUPPORTED_TAGS: &[&str] = &[
    "a",
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "tg-emoji",
    "code",
    "pre",
    "blockquote",
];

struct OpenTag {
    name: String,
    start: usize,
    attrs: Vec<(String, String)>,
}

impl OpenTag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Parses `input`; the error is the part after "Bad Request: can't parse entities: ".
pub(crate) fn parse(input: &str) -> Result<Formatted, String> {
    let bytes = input.as_bytes();
    let len = bytes.len();
    let mut i = 0;
    let mut text = String::new();
    let mut open: Vec<OpenTag> = Vec::new();
    let mut entities = Vec::new();
    let is_space = |b: u8| b.is_ascii_whitespace();

    while i < len {
        match bytes[i] {
            b'&' => {
                let (piece, used) = decode_entity(&input[i..]);
                text.push_str(&piece);
                i += used;
            }
            b'<' if bytes.get(i + 1) == Some(&b'/') => {
                let begin = i;
                i += 2;
                let name_start = i;
                while i < len && bytes[i] != b'>' {
                    i += 1;
                }
                if i == len {
                    return Err(format!("Unclosed end tag at byte offset {begin}"));
                }
                let name = input[name_start..i].to_ascii_lowercase();
                i += 1;
                let Some(tag) = open.pop() else {
                    return Err(format!("Unexpected end tag at byte offset {begin}"));
                };
                if !name.is_empty() && name != tag.name {
                    return Err(format!(
                        "Unmatched end tag at byte offset {begin}, expected \"</{}>\", found \"</{name}>\"",
                        tag.name
                    ));
                }
                let end = utf16_len(&text);
                let inside_pre = open.iter().any(|t| t.name == "pre");
                if let Some(e) = entity(&tag, end, inside_pre) {
                    entities.push(e);
                }
                if tag.name == "code"
                    && let (Some(lang), Some(pre)) = (
                        tag.attr("class").and_then(|c| c.strip_prefix("language-")),
                        open.last_mut().filter(|t| t.name == "pre"),
                    )
                {
                    pre.attrs.push(("language".into(), lang.to_owned()));
                }
            }
            b'<' => {
                let begin = i;
                i += 1;
                let name_start = i;
                while i < len && !is_space(bytes[i]) && bytes[i] != b'>' {
                    i += 1;
                }
                if i == len {
                    return Err(format!("Unclosed start tag at byte offset {begin}"));
                }
                let name = input[name_start..i].to_ascii_lowercase();
                if !SUPPORTED_TAGS.contains(&name.as_str()) {
                    return Err(format!(
                        "Unsupported start tag \"{name}\" at byte offset {begin}"
                    ));
                }
                let attrs;
                (attrs, i) = parse_attributes(input, i, &name, begin)?;
                if name == "span" && !attrs.iter().any(|(n, v)| n == "class" && v == "tg-spoiler")
                {
                    return Err(format!(
                        "Tag \"span\" must have class \"tg-spoiler\" at byte offset {begin}"
                    ));
                }
                open.push(OpenTag {
                    name,
                    start: utf16_len(&text),
                    attrs,
                });
            }
            _ => {
                let run = input[i..].find(['<', '&']).unwrap_or(len - i);
                text.push_str(&input[i..i + run]);
                i += run;
            }
        }
    }
    if let Some(tag) = open.last() {
        return Err(format!(
            "Can't find end tag corresponding to start tag \"{}\"",
            tag.name
        ));
    }
    Ok(trim(text, entities))
}

/// Reads `name="value"` pairs up to the closing `>`; returns them and the index after `>`.
fn parse_attributes(
    input: &str,
    mut i: usize,
    tag: &str,
    begin: usize,
) -> Result<(Vec<(String, String)>, usize), String> {
    let bytes = input.as_bytes();
    let len = bytes.len();
    let unclosed = || format!("Unclosed start tag at byte offset {begin}");
    let mut attrs = Vec::new();
    loop {
        while i < len && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i == len {
            return Err(unclosed());
        }
        if bytes[i] == b'>' {
            return Ok((attrs, i + 1));
        }
        let name_start = i;
        while i < len && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'=' | b'>') {
            i += 1;
        }
        let name = input[name_start..i].to_ascii_lowercase();
        if name.is_empty() {
            return Err(format!(
                "Empty attribute name in the tag \"{tag}\" at byte offset {begin}"
            ));
        }
        while i < len && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i == len {
            return Err(unclosed());
        }
        if bytes[i] != b'=' {
            // A bare attribute such as `<blockquote expandable>`.
            attrs.push((name, String::new()));
            continue;
        }
        i += 1;
        while i < len && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i == len {
            return Err(unclosed());
        }
        let value;
        if matches!(bytes[i], b'"' | b'\'') {
            let quote = bytes[i];
            let start = i + 1;
            let Some(n) = bytes[start..].iter().position(|&b| b == quote) else {
                return Err(format!(
                    "Unclosed end of an attribute value in the tag \"{tag}\" at byte offset {begin}"
                ));
            };
            value = decode_all(&input[start..start + n]);
            i = start + n + 1;
        } else {
            let start = i;
            while i < len && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                i += 1;
            }
            value = decode_all(&input[start..i]);
        }
        attrs.push((name, value));
    }
}

/// The entity a closed tag produces, if any (empty ones are dropped, like Telegram does).
fn entity(tag: &OpenTag, end: usize, inside_pre: bool) -> Option<Value> {
    let (offset, length) = (tag.start, end.saturating_sub(tag.start));
    if length == 0 {
        return None;
    }
    let kind = match tag.name.as_str() {
        "b" | "strong" => json!({ "type": "bold" }),
        "i" | "em" => json!({ "type": "italic" }),
        "u" | "ins" => json!({ "type": "underline" }),
        "s" | "strike" | "del" => json!({ "type": "strikethrough" }),
        "span" | "tg-spoiler" => json!({ "type": "spoiler" }),
        "code" if inside_pre => return None,
        "code" => json!({ "type": "code" }),
        "pre" => match tag.attr("language") {
            Some(lang) => json!({ "type": "pre", "language": lang }),
            None => json!({ "type": "pre" }),
        },
        "blockquote" if tag.attr("expandable").is_some() => {
            json!({ "type": "expandable_blockquote" })
        }
        "blockquote" => json!({ "type": "blockquote" }),
        "tg-emoji" => json!({ "type": "custom_emoji", "custom_emoji_id": tag.attr("emoji-id")? }),
        // Links with a relative or odd href are kept as plain text rather than guessed at.
        "a" => {
            let href = tag.attr("href")?;
            let valid = ["http://", "https://", "tg://"]
                .iter()
                .any(|p| href.starts_with(p))
                && !href.contains(char::is_whitespace);
            if !valid {
                return None;
            }
            json!({ "type": "text_link", "url": href })
        }
        _ => return None,
    };
    let mut e = kind;
    e["offset"] = json!(offset);
    e["length"] = json!(length);
    Some(e)
}

/// Decodes one `&…;` at the start of `s`; an unknown one stays a literal `&`, as in Telegram.
fn decode_entity(s: &str) -> (String, usize) {
    let literal = ("&".to_owned(), 1);
    let Some(semi) = s[1..].find(';').map(|p| p + 1).filter(|&p| p <= 10) else {
        return literal;
    };
    let body = &s[1..semi];
    let ch = match body {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        _ => {
            let num = body.strip_prefix('#');
            let code = match num {
                Some(h) if h.starts_with(['x', 'X']) => u32::from_str_radix(&h[1..], 16).ok(),
                Some(d) => d.parse::<u32>().ok(),
                None => None,
            };
            code.and_then(char::from_u32)
        }
    };
    match ch {
        Some(c) => (c.to_string(), semi + 1),
        None => literal,
    }
}

fn decode_all(s: &str) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < s.len() {
        match s[i..].find('&') {
            Some(0) => {
                let (piece, used) = decode_entity(&s[i..]);
                out.push_str(&piece);
                i += used;
            }
            Some(n) => {
                out.push_str(&s[i..i + n]);
                i += n;
            }
            None => {
                out.push_str(&s[i..]);
                break;
            }
        }
    }
    out
}

/// Telegram strips surrounding whitespace from a message; entities shift and shrink with it.
pub(crate) fn trim(text: String, entities: Vec<Value>) -> Formatted {
    let trimmed_start = text.trim_start();
    let lead = utf16_len(&text) - utf16_len(trimmed_start);
    let trimmed = trimmed_start.trim_end().to_owned();
    let total = utf16_len(&trimmed);
    let mut out: Vec<Value> = entities
        .into_iter()
        .filter_map(|mut e| {
            let off = e["offset"].as_u64()? as usize;
            let end = off + e["length"].as_u64()? as usize;
            let (start, end) = (off.saturating_sub(lead), end.saturating_sub(lead).min(total));
            if end <= start {
                return None;
            }
            e["offset"] = json!(start);
            e["length"] = json!(end - start);
            Some(e)
        })
        .collect();
    out.sort_by_key(|e| {
        let off = e["offset"].as_u64().unwrap_or(0);
        let len = e["length"].as_u64().unwrap_or(0);
        (off, std::cmp::Reverse(len))
    });
    Formatted {
        text: trimmed,
        entities: out,
    }
}
