//! Telegram's `parse_mode=HTML`, following TDLib's `parse_html` step by step so the fake
//! accepts and refuses the same texts with the same error messages and byte offsets.

use serde_json::Value;

pub(crate) use super::entities::trim;
use super::entities::{Entity, close_entity, to_json};

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
    "s",
    "strike",
    "del",
    "u",
    "ins",
    "tg-spoiler",
    "tg-emoji",
    "span",
    "pre",
    "code",
    "blockquote",
];

const BAD_SURROGATES: &str = "Text contains invalid Unicode characters after decoding HTML \
     entities, check for unmatched surrogate code units";

pub(crate) struct OpenTag {
    pub name: String,
    pub argument: String,
    /// UTF-16 offset of the tag's content in the output text.
    pub offset: usize,
    /// Byte position of the tag's content in the output text.
    pub begin: usize,
}

/// TDLib treats NUL (the end of its C string) as a space.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n' | 0 | 0x0b | 0x0c)
}

/// Parses `input`; the error is the part after "Bad Request: can't parse entities: ".
pub(crate) fn parse(input: &str) -> Result<Formatted, String> {
    let b = input.as_bytes();
    // Reads past the end as NUL, like TDLib's C string.
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut utf16 = 0usize;
    let mut bad_surrogate = false;
    let mut open: Vec<OpenTag> = Vec::new();
    let mut entities: Vec<Entity> = Vec::new();
    let mut i = 0;

    while i < b.len() {
        let c = b[i];
        if c == b'&'
            && let Some((code, next)) = decode_entity(b, i)
        {
            utf16 += if code > 0xffff { 2 } else { 1 };
            push_code(&mut out, code, &mut bad_surrogate);
            i = next;
            continue;
        }
        if c != b'<' {
            if c & 0xc0 != 0x80 {
                utf16 += if c >= 0xf0 { 2 } else { 1 };
            }
            out.push(c);
            i += 1;
            continue;
        }

        let begin = i;
        i += 1;
        if at(i) != b'/' {
            while !is_space(at(i)) && at(i) != b'>' {
                i += 1;
            }
            if at(i) == 0 {
                return Err(format!("Unclosed start tag at byte offset {begin}"));
            }
            let name = String::from_utf8_lossy(&b[begin + 1..i]).to_lowercase();
            if !SUPPORTED_TAGS.contains(&name.as_str()) {
                return Err(format!(
                    "Unsupported start tag \"{name}\" at byte offset {begin}"
                ));
            }
            let argument;
            (argument, i) = parse_attributes(b, i, &name, begin, &mut bad_surrogate)?;
            if name == "span" && argument != "spoiler" {
                return Err(format!(
                    "Tag \"span\" must have class \"tg-spoiler\" at byte offset {begin}"
                ));
            }
            open.push(OpenTag {
                name,
                argument,
                offset: utf16,
                begin: out.len(),
            });
        } else {
            let Some(tag) = open.pop() else {
                return Err(format!("Unexpected end tag at byte offset {begin}"));
            };
            while !is_space(at(i)) && at(i) != b'>' {
                i += 1;
            }
            let end_name = String::from_utf8_lossy(&b[begin + 2..i]).to_lowercase();
            while at(i) != 0 && is_space(at(i)) {
                i += 1;
            }
            if at(i) != b'>' {
                return Err(format!("Unclosed end tag at byte offset {begin}"));
            }
            if !end_name.is_empty() && end_name != tag.name {
                return Err(format!(
                    "Unmatched end tag at byte offset {begin}, expected \"</{}>\", found \"</{end_name}>\"",
                    tag.name
                ));
            }
            if utf16 > tag.offset {
                close_entity(&mut entities, tag, utf16, &out)?;
            }
        }
        // Past the '>' of the tag.
        i += 1;
    }
    if let Some(tag) = open.last() {
        return Err(format!(
            "Can't find end tag corresponding to start tag \"{}\"",
            tag.name
        ));
    }
    if bad_surrogate {
        return Err(BAD_SURROGATES.to_owned());
    }
    let text = String::from_utf8(out).map_err(|_| BAD_SURROGATES.to_owned())?;
    let entities = entities.into_iter().map(to_json).collect();
    Ok(trim(text, entities))
}

/// Reads a start tag's attributes up to its `>`; returns the tag's argument and the index of
/// the `>`.
fn parse_attributes(
    b: &[u8],
    mut i: usize,
    tag: &str,
    begin: usize,
    bad_surrogate: &mut bool,
) -> Result<(String, usize), String> {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let mut argument = String::new();
    while at(i) != b'>' {
        while at(i) != 0 && is_space(at(i)) {
            i += 1;
        }
        if at(i) == b'>' {
            break;
        }
        let name_start = i;
        while !is_space(at(i)) && !matches!(at(i), b'=' | b'>' | b'/' | b'"' | b'\'') {
            i += 1;
        }
        let attr = &b[name_start..i];
        if attr.is_empty() {
            return Err(format!(
                "Empty attribute name in the tag \"{tag}\" at byte offset {begin}"
            ));
        }
        while at(i) != 0 && is_space(at(i)) {
            i += 1;
        }
        if at(i) != b'=' {
            if at(i) == 0 {
                return Err(format!(
                    "Unclosed start tag \"{tag}\" at byte offset {begin}"
                ));
            }
            if tag == "blockquote" && attr == b"expandable" {
                argument = "1".to_owned();
            }
            continue;
        }
        i += 1;
        while at(i) != 0 && is_space(at(i)) {
            i += 1;
        }
        if at(i) == 0 {
            return Err(format!(
                "Unclosed start tag \"{tag}\" at byte offset {begin}"
            ));
        }
        let value: String;
        if !matches!(at(i), b'"' | b'\'') {
            // A name token: letters, digits, periods and hyphens, case-insensitive.
            let token_start = i;
            while at(i).is_ascii_alphanumeric() || matches!(at(i), b'.' | b'-') {
                i += 1;
            }
            value = String::from_utf8_lossy(&b[token_start..i]).to_lowercase();
            if !is_space(at(i)) && at(i) != b'>' {
                return Err(format!(
                    "Unexpected end of name token at byte offset {token_start}"
                ));
            }
        } else {
            let quote = at(i);
            i += 1;
            let mut raw = Vec::new();
            while at(i) != quote && at(i) != 0 {
                if at(i) == b'&'
                    && let Some((code, next)) = decode_entity(b, i)
                {
                    push_code(&mut raw, code, bad_surrogate);
                    i = next;
                    continue;
                }
                raw.push(at(i));
                i += 1;
            }
            if at(i) == quote {
                i += 1;
            }
            value = String::from_utf8_lossy(&raw).into_owned();
        }
        if at(i) == 0 {
            return Err(format!("Unclosed start tag at byte offset {begin}"));
        }
        match (tag, attr) {
            ("a", b"href") | ("tg-emoji", b"emoji-id") => argument = value,
            ("code", b"class") if value.starts_with("language-") => {
                argument = value["language-".len()..].to_owned();
            }
            ("span", b"class") if value.starts_with("tg-") => argument = value[3..].to_owned(),
            ("blockquote", b"expandable") => argument = "1".to_owned(),
            _ => {}
        }
    }
    Ok((argument, i))
}

/// Decodes the `&…` at `pos` like TDLib: `&lt` `&gt` `&amp` `&quot` and numeric references,
/// the `;` optional. `None` leaves a literal `&`.
fn decode_entity(b: &[u8], pos: usize) -> Option<(u32, usize)> {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let mut end = pos + 1;
    let mut code: u32 = 0;
    if at(pos + 1) == b'#' {
        end += 1;
        if at(pos + 2) == b'x' {
            end += 1;
            while let Some(d) = (at(end) as char).to_digit(16) {
                code = code.wrapping_mul(16).wrapping_add(d);
                end += 1;
            }
        } else {
            while let Some(d) = (at(end) as char).to_digit(10) {
                code = code.wrapping_mul(10).wrapping_add(d);
                end += 1;
            }
        }
        if code == 0 || code >= 0x10ffff || end - pos >= 10 {
            return None;
        }
    } else {
        while at(end).is_ascii_alphabetic() {
            end += 1;
        }
        code = match &b[pos + 1..end] {
            b"lt" => '<' as u32,
            b"gt" => '>' as u32,
            b"amp" => '&' as u32,
            b"quot" => '"' as u32,
            _ => return None,
        };
    }
    if at(end) == b';' {
        end += 1;
    }
    Some((code, end))
}

/// Appends a decoded code point; a lone surrogate cannot be encoded and fails the text later.
fn push_code(out: &mut Vec<u8>, code: u32, bad_surrogate: &mut bool) {
    match char::from_u32(code) {
        Some(ch) => {
            let mut buf = [0u8; 4];
            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
        }
        None => *bad_surrogate = true,
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    /// Cases from TDLib's own test suite (`test/message_entities.cpp`).
    #[test]
    fn errors_match_tdlib() {
        let cases = [
            ("🏟 🏟&lt;<abacaba", "Unclosed start tag at byte offset 13"),
            (
                "🏟 🏟&lt;<abac aba>",
                "Unsupported start tag \"abac\" at byte offset 13",
            ),
            (
                "🏟 🏟&lt;<i   =aba>",
                "Empty attribute name in the tag \"i\" at byte offset 13",
            ),
            (
                "🏟 🏟&lt;<i    aba  =  ",
                "Unclosed start tag \"i\" at byte offset 13",
            ),
            (
                "🏟 🏟&lt;<i    aba  =  190azAz-.,",
                "Unexpected end of name token at byte offset 27",
            ),
            (
                "🏟 🏟&lt;<i    aba  =  \"&lt;&gt;&quot;>",
                "Unclosed start tag at byte offset 13",
            ),
            ("🏟 🏟&lt;</", "Unexpected end tag at byte offset 13"),
            ("🏟 🏟&lt;<b></b></", "Unexpected end tag at byte offset 20"),
            ("🏟 🏟&lt;<i>a</i   ", "Unclosed end tag at byte offset 17"),
            (
                "🏟 🏟&lt;<i>a</em   >",
                "Unmatched end tag at byte offset 17, expected \"</i>\", found \"</em>\"",
            ),
            ("&#57311;", super::BAD_SURROGATES),
            (
                "<b>x",
                "Can't find end tag corresponding to start tag \"b\"",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(parse(input).unwrap_err(), expected, "{input}");
        }
    }

    #[test]
    fn texts_and_entities_match_tdlib() {
        let ok = parse("&lt;&gt;&amp;&quot;&laquo;&raquo;&#12345678;").unwrap();
        assert_eq!(ok.text, "<>&\"&laquo;&raquo;&#12345678;");
        let ok = parse("🏟 🏟<i>🏟 &lt🏟</i>").unwrap();
        assert_eq!(ok.text, "🏟 🏟🏟 <🏟");
        assert_eq!(ok.entities[0]["offset"], 5);
        assert_eq!(ok.entities[0]["length"], 6);
        let ok = parse("<i    aba  =  190azAz-.   >a</i> <a href=telegram.org>t</a>").unwrap();
        assert_eq!(ok.entities[1]["url"], "http://telegram.org/");
        let ok = parse("<pre><code class=\"language-rust\">x</code></pre>").unwrap();
        assert_eq!(ok.entities.len(), 1);
        assert_eq!(ok.entities[0]["language"], "rust");
        let ok = parse("<pre><code>x</code></pre>").unwrap();
        assert_eq!(ok.entities.len(), 2);
        let ok = parse("<blockquote expandable>q</blockquote>").unwrap();
        assert_eq!(ok.entities[0]["type"], "expandable_blockquote");
        let ok = parse("<b></b> x <i>y</>").unwrap();
        assert_eq!(ok.text, "x y");
        assert_eq!(ok.entities.len(), 1);
        assert_eq!(ok.entities[0]["offset"], 2);
    }
}
