//! Checks a message in Telegram's HTML parse mode before it is queued, so a malformed one is
//! refused on the form instead of failing 10,000 times at Telegram. Stricter than Telegram where
//! Telegram would guess (an end tag must name its start tag; `<a>` needs an `href`).

/// Tags Telegram's HTML mode knows.
pub const ALLOWED_TAGS: &[&str] = &[
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
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-emoji",
];

/// Why a text is not valid Telegram HTML; `at` is the 1-based character position of the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlError {
    pub at: usize,
    pub message: String,
}

impl std::fmt::Display for HtmlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // In the reader's language (the form's page); the API answers in English.
        let at = i64::try_from(self.at).unwrap_or(i64::MAX);
        let text = crate::i18n::t_args(
            "formats-html-at",
            &[("problem", self.message.as_str().into()), ("at", at.into())],
        );
        f.write_str(&text)
    }
}

struct Scanner<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }

    fn take_while(&mut self, f: impl Fn(char) -> bool) -> &'a str {
        let start = self.pos;
        while self.peek().is_some_and(&f) {
            self.bump();
        }
        &self.src[start..self.pos]
    }

    /// 1-based character position of byte offset `byte`.
    fn char_at(&self, byte: usize) -> usize {
        position(self.src, byte)
    }
}

/// Decodes the entity starting at the `&` at `pos` the way Telegram does (`&lt;` `&gt;` `&amp;`
/// `&quot;` and numeric references); `None` leaves a literal `&`. Returns the character and the
/// byte length consumed.
pub fn decode_entity(s: &str, pos: usize) -> Option<(char, usize)> {
    let rest = &s[pos + 1..];
    let (code, len) = if let Some(num) = rest.strip_prefix('#') {
        let (digits, radix, skip) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 2),
            None => (num, 10, 1),
        };
        let n = digits.chars().take_while(|c| c.is_digit(radix)).count();
        if n == 0 || n > 7 {
            return None;
        }
        let code = u32::from_str_radix(&digits[..n], radix).ok()?;
        (char::from_u32(code).filter(|&c| c != '\0')?, 1 + skip + n)
    } else {
        let n = rest.chars().take_while(char::is_ascii_alphabetic).count();
        let c = match &rest[..n] {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            _ => return None,
        };
        (c, 1 + n)
    };
    let semicolon = usize::from(s[pos + len..].starts_with(';'));
    Some((code, len + semicolon))
}

struct Open {
    name: String,
    at: usize,
}

/// Validates `src`; on success returns the text the user will see (tags removed, entities
/// decoded), before Telegram trims it.
pub fn validate(src: &str) -> Result<String, HtmlError> {
    let mut sc = Scanner { src, pos: 0 };
    let mut out = String::with_capacity(src.len());
    let mut open: Vec<Open> = Vec::new();
    while let Some(c) = sc.peek() {
        match c {
            '&' => match decode_entity(src, sc.pos) {
                Some((ch, len)) => {
                    out.push(ch);
                    sc.pos += len;
                }
                None => {
                    out.push('&');
                    sc.bump();
                }
            },
            '<' => {
                let start = sc.pos;
                sc.bump();
                if sc.peek() == Some('/') {
                    sc.bump();
                    close_tag(&mut sc, &mut open, start)?;
                } else {
                    let name = open_tag(&mut sc, start)?;
                    open.push(Open { name, at: start });
                }
            }
            c => {
                out.push(c);
                sc.bump();
            }
        }
    }
    if let Some(tag) = open.pop() {
        return Err(HtmlError {
            at: sc.char_at(tag.at),
            message: say("formats-html-never-closed", &[("tag", &tag.name)]),
        });
    }
    Ok(out)
}

/// A problem in the reader's language (`formats-html-*`); tag and attribute names as written.
fn say(key: &str, vars: &[(&str, &str)]) -> String {
    let args: Vec<(&str, crate::i18n::FluentValue)> =
        vars.iter().map(|(k, v)| (*k, (*v).into())).collect();
    crate::i18n::t_args(key, &args)
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

/// The 1-based character position of byte `byte`, counted only for an error: counting it for
/// every tag made a long message with many tags quadratic to check.
fn position(src: &str, byte: usize) -> usize {
    src[..byte].chars().count() + 1
}

fn open_tag(sc: &mut Scanner, start: usize) -> Result<String, HtmlError> {
    let src = sc.src;
    let err = |message: String| HtmlError {
        at: position(src, start),
        message,
    };
    let name = sc.take_while(is_name_char).to_ascii_lowercase();
    if name.is_empty() {
        return Err(err(say("formats-html-lone-angle", &[])));
    }
    if !ALLOWED_TAGS.contains(&name.as_str()) {
        return Err(err(say("formats-html-unknown-tag", &[("tag", &name)])));
    }
    let mut attrs: Vec<(String, Option<String>)> = Vec::new();
    loop {
        sc.skip_space();
        match sc.peek() {
            None => return Err(err(say("formats-html-open-unclosed", &[("tag", &name)]))),
            Some('>') => {
                sc.bump();
                break;
            }
            Some(_) => {
                let attr = sc
                    .take_while(|c| is_name_char(c) || c == '_')
                    .to_ascii_lowercase();
                if attr.is_empty() {
                    return Err(err(say("formats-html-unexpected", &[("tag", &name)])));
                }
                sc.skip_space();
                let value = if sc.peek() == Some('=') {
                    sc.bump();
                    sc.skip_space();
                    Some(attr_value(sc).ok_or_else(|| {
                        err(say(
                            "formats-html-no-quote",
                            &[("attribute", &attr), ("tag", &name)],
                        ))
                    })?)
                } else {
                    None
                };
                attrs.push((attr, value));
            }
        }
    }
    check_attributes(&name, &attrs).map_err(err)?;
    Ok(name)
}

fn attr_value(sc: &mut Scanner) -> Option<String> {
    let raw = match sc.peek()? {
        q @ ('"' | '\'') => {
            sc.bump();
            let v = sc.take_while(|c| c != q);
            sc.bump()?;
            v
        }
        _ => sc.take_while(|c| !c.is_whitespace() && c != '>'),
    };
    let mut value = String::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i..].starts_with('&')
            && let Some((ch, len)) = decode_entity(raw, i)
        {
            value.push(ch);
            i += len;
            continue;
        }
        let ch = raw[i..].chars().next()?;
        value.push(ch);
        i += ch.len_utf8();
    }
    Some(value)
}

fn check_attributes(tag: &str, attrs: &[(String, Option<String>)]) -> Result<(), String> {
    let get = |name: &str| {
        attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_deref().unwrap_or(""))
    };
    let only = |allowed: &[&str]| match attrs.iter().find(|(n, _)| !allowed.contains(&n.as_str())) {
        Some((n, _)) => Err(say(
            "formats-html-attribute",
            &[("tag", tag), ("attribute", n)],
        )),
        None => Ok(()),
    };
    match tag {
        "a" => {
            only(&["href"])?;
            match get("href").map(str::trim) {
                Some(href) if is_link(href) => Ok(()),
                Some(_) => Err(say("formats-html-href-scheme", &[])),
                None => Err(say("formats-html-href-missing", &[])),
            }
        }
        "span" => {
            only(&["class"])?;
            match get("class") {
                Some("tg-spoiler") => Ok(()),
                _ => Err(say("formats-html-span", &[])),
            }
        }
        "code" => {
            only(&["class"])?;
            match get("class") {
                Some(c) if !c.starts_with("language-") => Err(say("formats-html-code-class", &[])),
                _ => Ok(()),
            }
        }
        "blockquote" => only(&["expandable"]),
        "tg-emoji" => {
            only(&["emoji-id"])?;
            match get("emoji-id").map(|v| v.parse::<i64>()) {
                Some(Ok(id)) if id != 0 => Ok(()),
                _ => Err(say("formats-html-emoji", &[])),
            }
        }
        _ => only(&[]),
    }
}

fn is_link(href: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    let rest = ["http://", "https://", "tg://"]
        .iter()
        .find_map(|p| lower.strip_prefix(p));
    rest.is_some_and(|r| !r.is_empty() && !r.contains(char::is_whitespace))
}

fn close_tag(sc: &mut Scanner, open: &mut Vec<Open>, start: usize) -> Result<(), HtmlError> {
    let src = sc.src;
    let at = || position(src, start);
    let name = sc.take_while(is_name_char).to_ascii_lowercase();
    sc.skip_space();
    if sc.bump() != Some('>') {
        return Err(HtmlError {
            at: at(),
            message: say("formats-html-close-unclosed", &[("tag", &name)]),
        });
    }
    match open.pop() {
        Some(tag) if tag.name == name => Ok(()),
        Some(tag) => Err(HtmlError {
            at: at(),
            message: say(
                "formats-html-mismatch",
                &[("tag", &name), ("expected", &tag.name)],
            ),
        }),
        None => Err(HtmlError {
            at: at(),
            message: say("formats-html-never-opened", &[("tag", &name)]),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::validate;

    #[test]
    fn accepts_telegram_html() {
        let ok = [
            "<b>bold</b> <i>it</i> <u>u</u> <s>s</s> <strong>x</strong> <em>y</em> <ins>i</ins> <del>d</del>",
            "<a href=\"https://example.com/?a=1&amp;b=2\">link</a> <a href='tg://user?id=1'>u</a>",
            "<span class=\"tg-spoiler\">s</span> <tg-spoiler>s</tg-spoiler>",
            "<pre><code class=\"language-rust\">fn main() {}</code></pre> <code>x</code>",
            "<blockquote expandable>q</blockquote> <tg-emoji emoji-id=\"5368324170671202286\">👍</tg-emoji>",
            "1 &lt; 2 &amp;&amp; 3 &gt; 2 &quot;q&quot; &#128512; &#x1F600; Tom & Jerry > x",
        ];
        for text in ok {
            assert!(validate(text).is_ok(), "{text}: {:?}", validate(text));
        }
        assert_eq!(validate("<b>a</b> &lt;&amp;&#65;").unwrap(), "a <&A");
    }

    #[test]
    fn refuses_what_telegram_would_refuse_or_guess() {
        let bad = [
            ("a < b", 3),
            ("<div>x</div>", 1),
            ("<b>x", 1),
            ("x <b>y</i>", 7),
            ("</b>", 1),
            ("<a>x</a>", 1),
            ("<a href=\"javascript:alert(1)\">x</a>", 1),
            ("<span>x</span>", 1),
            ("<b class=\"x\">x</b>", 1),
            ("é <b", 3),
            ("<tg-emoji emoji-id=\"x\">y</tg-emoji>", 1),
        ];
        for (text, at) in bad {
            let e = validate(text).expect_err(text);
            assert_eq!(e.at, at, "{text}: {e}");
        }
    }
}
