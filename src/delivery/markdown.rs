//! Markdown, as an admin writes it on the compose form, into the Telegram HTML tglink sends:
//! pulldown-cmark parses it (CommonMark with ~~strikethrough~~), and only the tags Telegram
//! allows come out; everything the admin typed is escaped, raw HTML included (it shows as
//! written). Headings become bold lines, lists get "•" or their numbers, a rule is a line of dashes.
//! Two marks come from Telegram's own MarkdownV2, for what CommonMark has no syntax for:
//! `__underline__` (CommonMark would make it bold) and `||spoiler||`.
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use crate::telegram::html::escape;

/// The Telegram HTML of `markdown`, trimmed. Line breaks inside a paragraph stay line breaks, as
/// in a chat.
pub fn to_telegram_html(markdown: &str) -> String {
    let mut out = Writer::default();
    for (event, at) in Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if matches!(
                    tag,
                    Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell
                ) {
                    out.block_end = at.end;
                }
                let underline =
                    matches!(tag, Tag::Strong) && markdown[at.start..].starts_with("__");
                out.start(tag, underline);
            }
            Event::End(tag) => out.end(tag),
            Event::Text(text) if !out.in_code => {
                // How many `||` follow this text's start in its block: a `||` opens a spoiler only
                // when another one follows to close it.
                let rest = markdown
                    .get(at.start..out.block_end.max(at.start))
                    .unwrap_or("");
                out.marked_text(&escape(&text), rest.matches("||").count());
            }
            Event::Text(text)
            | Event::Html(text)
            | Event::InlineHtml(text)
            | Event::InlineMath(text)
            | Event::DisplayMath(text) => out.text(&escape(&text)),
            Event::Code(code) => out.text(&format!("<code>{}</code>", escape(&code))),
            Event::SoftBreak | Event::HardBreak => out.text("\n"),
            Event::Rule => {
                out.block();
                out.text("──────────");
            }
            Event::TaskListMarker(done) => out.text(if done { "☑ " } else { "☐ " }),
            Event::FootnoteReference(name) => out.text(&format!("[{}]", escape(&name))),
        }
    }
    out.html.trim().to_string()
}

#[derive(Default)]
struct Writer {
    html: String,
    /// Nothing written since the last block started: no separator needed yet.
    fresh: bool,
    /// Open lists, innermost last: the next number of a numbered one.
    lists: Vec<Option<u64>>,
    /// Open links and images: whether an `<a>` was written for each (only safe addresses get one).
    links: Vec<bool>,
    /// Open strong emphasis: whether it is written `__…__` (underline) rather than `**…**` (bold).
    strong: Vec<bool>,
    /// Inline tags written and not closed yet.
    depth: usize,
    /// An open `||spoiler||`, with the `depth` it was opened at: it closes before any tag opened
    /// outside it, so the tags always nest.
    spoiler: Option<usize>,
    /// Inside a code block: `||` is only text.
    in_code: bool,
    /// Where the current paragraph (heading, list item) ends in the source.
    block_end: usize,
}

impl Writer {
    fn text(&mut self, html: &str) {
        self.html.push_str(html);
        self.fresh = false;
    }

    /// Starts a block: a blank line after what came before.
    fn block(&mut self) {
        if !self.fresh && !self.html.is_empty() {
            let kept = self.html.trim_end_matches('\n').len();
            self.html.truncate(kept);
            self.html.push_str("\n\n");
        }
        self.fresh = true;
    }

    fn open(&mut self, tag: &str) {
        self.html.push_str(tag);
    }

    /// An inline tag, which a spoiler opened before it must outlive.
    fn open_inline(&mut self, tag: &str) {
        self.html.push_str(tag);
        self.depth += 1;
    }

    fn close_inline(&mut self, tag: &str) {
        if self.spoiler.is_some_and(|at| at >= self.depth) {
            self.close_spoiler();
        }
        self.depth = self.depth.saturating_sub(1);
        self.text(tag);
    }

    fn close_spoiler(&mut self) {
        if self.spoiler.take().is_some() {
            self.text("</tg-spoiler>");
        }
    }

    /// Text outside code, where `||` opens or closes a spoiler. `ahead` counts the `||` from
    /// this text's start to the end of its block.
    fn marked_text(&mut self, html: &str, ahead: usize) {
        for (i, piece) in html.split("||").enumerate() {
            if i > 0 {
                match self.spoiler {
                    Some(at) if at == self.depth => self.close_spoiler(),
                    None if ahead > i => {
                        self.text("<tg-spoiler>");
                        self.spoiler = Some(self.depth);
                    }
                    _ => self.text("||"),
                }
            }
            if !piece.is_empty() {
                self.text(piece);
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>, underline: bool) {
        if matches!(
            tag,
            Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::Item
        ) {
            self.close_spoiler();
        }
        match tag {
            Tag::Paragraph => self.block(),
            Tag::Heading { .. } => {
                self.block();
                self.open_inline("<b>");
            }
            Tag::BlockQuote(_) => {
                self.block();
                self.open("<blockquote>");
            }
            Tag::CodeBlock(kind) => {
                self.in_code = true;
                self.block();
                match kind {
                    CodeBlockKind::Fenced(lang) if is_language(&lang) => {
                        self.open(&format!("<pre><code class=\"language-{lang}\">"));
                    }
                    _ => self.open("<pre><code>"),
                }
            }
            Tag::List(first) => {
                if self.lists.is_empty() {
                    self.block();
                }
                self.lists.push(first);
            }
            Tag::Item => {
                if !self.fresh {
                    self.html.push('\n');
                }
                let indent = "  ".repeat(self.lists.len().saturating_sub(1));
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{indent}{}. ", *n - 1)
                    }
                    _ => format!("{indent}• "),
                };
                self.html.push_str(&marker);
                self.fresh = true;
            }
            Tag::Emphasis => self.open_inline("<i>"),
            Tag::Strong => {
                self.strong.push(underline);
                self.open_inline(if underline { "<u>" } else { "<b>" });
            }
            Tag::Strikethrough => self.open_inline("<s>"),
            Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => {
                let safe = is_link(&dest_url);
                if safe {
                    self.open_inline(&format!("<a href=\"{}\">", escape(&dest_url)));
                }
                self.links.push(safe);
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        if matches!(
            tag,
            TagEnd::Paragraph | TagEnd::BlockQuote(_) | TagEnd::Item | TagEnd::TableCell
        ) {
            self.close_spoiler();
        }
        match tag {
            TagEnd::Heading(_) => self.close_inline("</b>"),
            TagEnd::BlockQuote(_) => self.text("</blockquote>"),
            TagEnd::CodeBlock => {
                self.in_code = false;
                if self.html.ends_with('\n') {
                    self.html.pop();
                }
                self.text("</code></pre>");
            }
            TagEnd::List(_) => {
                self.lists.pop();
            }
            TagEnd::Emphasis => self.close_inline("</i>"),
            TagEnd::Strong => {
                let underline = self.strong.pop() == Some(true);
                self.close_inline(if underline { "</u>" } else { "</b>" });
            }
            TagEnd::Strikethrough => self.close_inline("</s>"),
            // The guard pops the link either way; only a written <a> is closed.
            TagEnd::Link | TagEnd::Image if self.links.pop() == Some(true) => {
                self.close_inline("</a>")
            }
            _ => {}
        }
    }
}

/// The addresses Telegram takes in `<a href>`: the others keep only their text.
fn is_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["http://", "https://", "tg://"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

fn is_language(lang: &str) -> bool {
    !lang.is_empty()
        && lang.len() <= 30
        && lang
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '#'))
}

#[cfg(test)]
mod tests {
    use super::to_telegram_html as html;
    use crate::delivery::text::{Format, MessageText};

    #[test]
    fn inline_marks_become_telegram_tags() {
        assert_eq!(
            html("**Winter party** on _Friday_, ~~Thursday~~, `room 4`"),
            "<b>Winter party</b> on <i>Friday</i>, <s>Thursday</s>, <code>room 4</code>"
        );
        assert_eq!(
            html("[Tickets](https://example.com/t?a=1&b=2)"),
            "<a href=\"https://example.com/t?a=1&amp;b=2\">Tickets</a>"
        );
    }

    #[test]
    fn underline_and_spoilers_are_written_as_in_telegram() {
        assert_eq!(
            html("__under__ **bold** ||secret|| and a || b"),
            "<u>under</u> <b>bold</b> <tg-spoiler>secret</tg-spoiler> and a || b"
        );
        assert_eq!(
            html("||a **b** c|| `x || y`"),
            "<tg-spoiler>a <b>b</b> c</tg-spoiler> <code>x || y</code>"
        );
        // A spoiler never crosses the tags around it: it ends where they do.
        assert_eq!(
            html("**x ||y** z||"),
            "<b>x <tg-spoiler>y</tg-spoiler></b> z||"
        );
        assert_eq!(html("```\n||a||\n```"), "<pre><code>||a||</code></pre>");
        assert_eq!(html("||one\n\ntwo||"), "||one\n\ntwo||");
    }

    #[test]
    fn what_telegram_does_not_take_is_kept_as_text() {
        assert_eq!(html("[x](javascript:alert(1))"), "x");
        assert_eq!(
            html("a <b>raw</b> & <script>"),
            "a &lt;b&gt;raw&lt;/b&gt; &amp; &lt;script&gt;"
        );
        assert_eq!(
            html("![logo](https://example.com/l.png)"),
            "<a href=\"https://example.com/l.png\">logo</a>"
        );
    }

    #[test]
    fn blocks_are_separated_like_a_chat_message() {
        let md = "# Party\n\nFirst line\nsecond line\n\n- one\n- two\n  1. nested\n\n> quoted\n\n```rust\nfn main() {}\n```\n\n---\n\nEnd";
        assert_eq!(
            html(md),
            "<b>Party</b>\n\nFirst line\nsecond line\n\n• one\n• two\n  1. nested\n\n<blockquote>quoted</blockquote>\n\n<pre><code class=\"language-rust\">fn main() {}</code></pre>\n\n──────────\n\nEnd"
        );
        assert_eq!(html("3. three\n4. four"), "3. three\n4. four");
    }

    #[test]
    fn what_comes_out_is_telegram_html_that_tglink_accepts() {
        for md in [
            "**b** _i_ ~~s~~ `c` [l](https://e.com)",
            "> *quote* with **bold**\n\n1. a\n2. b",
            "<b>not a tag</b> & &amp; &lt;",
            "```\n<code> & </pre>\n```",
            "[bad](ftp://x) **[bold link](https://e.com)**",
            "||a **b|| c** __d ||e__|| _f_||",
            "# ||head\n\n- ||x\n- y||",
        ] {
            let out = html(md);
            assert!(
                MessageText::parse(&out, Format::Html).is_ok(),
                "{md:?} → {out:?}"
            );
        }
    }
}
