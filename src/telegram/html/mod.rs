//! Telegram's HTML parse mode: `escape` for everything the user or the site supplies, and
//! `validate` for messages an admin or a service writes in HTML.
mod validate;

pub use validate::{ALLOWED_TAGS, HtmlError, decode_entity, validate};

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_what_telegram_parses() {
        assert_eq!(
            super::escape("<b>a & \"b\"</b>"),
            "&lt;b&gt;a &amp; &quot;b&quot;&lt;/b&gt;"
        );
    }
}
