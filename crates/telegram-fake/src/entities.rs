//! The entities a parsed HTML text carries: how closing tags become them (TDLib's rules) and
//! how they follow Telegram's trimming of the text.

use serde_json::{Value, json};

use super::{
    html::{Formatted, OpenTag},
    updates::utf16_len,
};

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    Bold,
    Italic,
    Underline,
    Strikethrough,
    Spoiler,
    CustomEmoji(String),
    TextLink(String),
    Code(String),
    Pre,
    PreCode(String),
    Blockquote,
    ExpandableBlockquote,
}

pub(crate) struct Entity {
    kind: Kind,
    offset: usize,
    length: usize,
}

/// Adds the entity a non-empty tag makes, merging `<pre><code class="language-x">` into one
/// `pre` with a language, as TDLib does.
pub(crate) fn close_entity(
    entities: &mut Vec<Entity>,
    tag: OpenTag,
    utf16: usize,
    out: &[u8],
) -> Result<(), String> {
    let (offset, length) = (tag.offset, utf16 - tag.offset);
    let same_span = |e: &Entity| e.offset == offset && e.length == length;
    let kind = match tag.name.as_str() {
        "i" | "em" => Kind::Italic,
        "b" | "strong" => Kind::Bold,
        "s" | "strike" | "del" => Kind::Strikethrough,
        "u" | "ins" => Kind::Underline,
        "tg-spoiler" | "span" => Kind::Spoiler,
        "tg-emoji" => match tag.argument.parse::<i64>() {
            Ok(id) if id != 0 => Kind::CustomEmoji(id.to_string()),
            _ => return Err("Invalid custom emoji identifier specified".to_owned()),
        },
        "a" => {
            let url = if tag.argument.is_empty() {
                String::from_utf8_lossy(&out[tag.begin..]).into_owned()
            } else {
                tag.argument
            };
            match checked_link(&url) {
                Some(url) => Kind::TextLink(url),
                None => return Ok(()),
            }
        }
        "pre" => {
            if let Some(last) = entities.last_mut()
                && same_span(last)
                && let Kind::Code(lang) = &last.kind
                && !lang.is_empty()
            {
                last.kind = Kind::PreCode(lang.clone());
                return Ok(());
            }
            Kind::Pre
        }
        "code" => {
            if let Some(last) = entities.last_mut()
                && same_span(last)
                && last.kind == Kind::Pre
                && !tag.argument.is_empty()
            {
                last.kind = Kind::PreCode(tag.argument);
                return Ok(());
            }
            Kind::Code(tag.argument)
        }
        "blockquote" if !tag.argument.is_empty() => Kind::ExpandableBlockquote,
        "blockquote" => Kind::Blockquote,
        _ => return Ok(()),
    };
    entities.push(Entity {
        kind,
        offset,
        length,
    });
    Ok(())
}

pub(crate) fn to_json(e: Entity) -> Value {
    let mut v = match e.kind {
        Kind::Bold => json!({ "type": "bold" }),
        Kind::Italic => json!({ "type": "italic" }),
        Kind::Underline => json!({ "type": "underline" }),
        Kind::Strikethrough => json!({ "type": "strikethrough" }),
        Kind::Spoiler => json!({ "type": "spoiler" }),
        Kind::CustomEmoji(id) => json!({ "type": "custom_emoji", "custom_emoji_id": id }),
        Kind::TextLink(url) => json!({ "type": "text_link", "url": url }),
        Kind::Code(_) => json!({ "type": "code" }),
        Kind::Pre => json!({ "type": "pre" }),
        Kind::PreCode(lang) => json!({ "type": "pre", "language": lang }),
        Kind::Blockquote => json!({ "type": "blockquote" }),
        Kind::ExpandableBlockquote => json!({ "type": "expandable_blockquote" }),
    };
    v["offset"] = json!(e.offset);
    v["length"] = json!(e.length);
    v
}

/// An approximation of TDLib's link check: http(s), tg and ton links with a host; a bare
/// `example.com` becomes `http://example.com/`. Anything else makes no link.
fn checked_link(url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() || url.contains(char::is_whitespace) {
        return None;
    }
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("tg:") || lower.starts_with("ton:") {
        return Some(url.to_owned());
    }
    let full = match lower.find("://") {
        Some(_) if lower.starts_with("http://") || lower.starts_with("https://") => url.to_owned(),
        Some(_) => return None,
        None => format!("http://{url}"),
    };
    let after_scheme = &full[full.find("://")? + 3..];
    let host_end = after_scheme
        .find(['/', '?', '#'])
        .unwrap_or(after_scheme.len());
    let host = &after_scheme[..host_end];
    let host_ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '[' | ']' | '@'));
    if !host_ok {
        return None;
    }
    Some(if host_end == after_scheme.len() {
        format!("{full}/")
    } else {
        full
    })
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
            let off = e.get("offset")?.as_u64()? as usize;
            let end = off + e.get("length")?.as_u64()? as usize;
            let (start, end) = (
                off.saturating_sub(lead),
                end.saturating_sub(lead).min(total),
            );
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
