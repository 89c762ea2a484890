//! Cuts a message longer than Telegram allows into parts it accepts, in order: whole paragraphs
//! where they fit, with Telegram HTML closed at each cut and reopened in the next part.
mod atoms;

use self::atoms::{Atom, Break, Kind, PARAGRAPH, SPACE, breaks, html_atoms, is_joining};
use super::text::{Format, MAX_LEN};
use crate::telegram::html;

/// The most parts one message is sent as.
pub const MAX_PARTS: usize = 10;

/// Splits a checked message into the parts Telegram will accept, in order; a text that fits is one
/// part, unchanged.
///
/// Each part is at most `MAX_LEN` visible UTF-16 units. Cuts fall, by preference, at a blank line
/// (packing whole paragraphs), a line break, a sentence end, a space, and only as a last resort
/// between two characters; never inside a tag, an entity, a character or a `<tg-emoji>`.
/// Whitespace at a cut is dropped, as Telegram would trim it. The same text always gives the same
/// parts (the worker splits again at send time). A text that is not valid HTML is returned whole:
/// `MessageText` never holds one, and Telegram is the one to refuse it.
pub fn split(text: &str, format: Format) -> Vec<String> {
    let atoms = match format {
        Format::Plain if units(text) <= MAX_LEN => return vec![text.to_string()],
        Format::Plain => text
            .char_indices()
            .map(|(at, c)| Atom::char(at..at + c.len_utf8(), c))
            .collect(),
        Format::Html => match html::validate(text) {
            Ok(visible) if units(&visible) > MAX_LEN => html_atoms(text),
            _ => return vec![text.to_string()],
        },
    };
    Splitter::new(text, atoms).parts()
}

/// Length as Telegram counts it: UTF-16 units (a character outside the BMP is two).
pub fn units(text: &str) -> usize {
    text.encode_utf16().count()
}

/// The length of a part as Telegram counts it (the text it shows, for HTML).
pub fn visible_len(part: &str, format: Format) -> usize {
    match format {
        Format::Plain => units(part),
        Format::Html => html::validate(part).map_or_else(|_| units(part), |v| units(&v)),
    }
}

/// The cut preferences, strongest first; a lower number is a better place to cut.
struct Splitter<'a> {
    src: &'a str,
    atoms: Vec<Atom>,
    /// `before[i]`: visible units of `atoms[..i]`.
    before: Vec<usize>,
    /// `next_solid[i]`: the first solid atom at or after `i` (`atoms.len()` if none).
    next_solid: Vec<usize>,
    /// `solid_end[i]`: one past the last solid atom before `i` (0 if none).
    solid_end: Vec<usize>,
    breaks: Vec<Break>,
}

impl<'a> Splitter<'a> {
    fn new(src: &'a str, atoms: Vec<Atom>) -> Splitter<'a> {
        let n = atoms.len();
        let mut before = Vec::with_capacity(n + 1);
        let mut solid_end = Vec::with_capacity(n + 1);
        let (mut total, mut end) = (0, 0);
        for (i, atom) in atoms.iter().enumerate() {
            before.push(total);
            solid_end.push(end);
            total += atom.units();
            if atom.is_solid() {
                end = i + 1;
            }
        }
        before.push(total);
        solid_end.push(end);
        let mut next_solid = vec![n; n + 1];
        for i in (0..n).rev() {
            next_solid[i] = if atoms[i].is_solid() {
                i
            } else {
                next_solid[i + 1]
            };
        }
        let breaks = breaks(&atoms);
        Splitter {
            src,
            atoms,
            before,
            next_solid,
            solid_end,
            breaks,
        }
    }

    /// Visible units of the part `atoms[start..end]` once its edges are trimmed.
    fn trimmed_len(&self, start: usize, end: usize) -> usize {
        let (from, to) = (self.next_solid[start], self.solid_end[end]);
        if from < to {
            self.before[to] - self.before[from]
        } else {
            0
        }
    }

    fn parts(&self) -> Vec<String> {
        let n = self.atoms.len();
        let mut parts = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        let mut start = 0;
        while self.next_solid[start] < n {
            let end = if self.trimmed_len(start, n) <= MAX_LEN {
                // The rest, without what follows the last visible character but end tags.
                self.after_end_tags(self.solid_end[n])
            } else {
                self.cut(start)
            };
            parts.push(self.render(start, end, &mut open));
            start = end;
        }
        parts
    }

    /// Where the part starting at `start` ends.
    fn cut(&self, start: usize) -> usize {
        let first = self.next_solid[start];
        let from = self.breaks.partition_point(|b| b.pos <= first);
        let len =
            self.breaks[from..].partition_point(|b| self.trimmed_len(start, b.pos) <= MAX_LEN);
        let window = &self.breaks[from..from + len];
        self.choose(start, start, window, PARAGRAPH)
            .unwrap_or_else(|| self.anywhere(start))
    }

    /// The best break after `after` in `window` (the breaks of the part starting at `start`): the
    /// last one of the strongest kind there is, unless the piece that follows it (up to the next
    /// break as strong) would not fit in a part of its own either: then that piece is cut anyway,
    /// so it starts in this part and is cut at a weaker break (or, with none, wherever the part is
    /// full). This packs whole paragraphs, and never leaves a part short only to cut the next one.
    fn choose(&self, start: usize, after: usize, window: &[Break], level: u8) -> Option<usize> {
        if level > SPACE {
            return None;
        }
        let Some(b) = window
            .iter()
            .rev()
            .find(|b| b.pos > after && b.level <= level)
        else {
            return self.choose(start, after, window, level + 1);
        };
        // Whether the piece after `b` ends (at a break as strong, or at the end) within one part.
        let next = self.breaks.partition_point(|n| n.pos <= b.pos);
        let fits = self.breaks[next..]
            .iter()
            .take_while(|n| self.trimmed_len(b.pos, n.pos) <= MAX_LEN)
            .any(|n| n.level <= level)
            || self.trimmed_len(b.pos, self.atoms.len()) <= MAX_LEN;
        if fits {
            return Some(b.pos);
        }
        Some(
            self.choose(start, b.pos, window, level + 1)
                .unwrap_or_else(|| self.anywhere(start)),
        )
    }

    /// The last resort: as much as fits, cut between two atoms (not before a character that joins
    /// the one before it, like a combining accent or an emoji's skin tone, when that can be helped).
    fn anywhere(&self, start: usize) -> usize {
        let first = self.next_solid[start];
        let limit = self.before[first] + MAX_LEN;
        // The last solid atom that fits: every atom is at most MAX_LEN, so `first` always does.
        let mut last = first;
        for i in first..self.atoms.len() {
            if self.before[i + 1] > limit {
                break;
            }
            if self.atoms[i].is_solid() {
                last = i;
            }
        }
        let solid: Vec<usize> = (first..=last)
            .rev()
            .filter(|&i| self.atoms[i].is_solid())
            .take(8)
            .collect();
        let end = solid
            .iter()
            .copied()
            .find(|&i| !self.joins_next(i))
            .unwrap_or(last);
        self.after_end_tags(end + 1)
    }

    /// Whether the text after the solid atom `i` continues the same character on screen.
    fn joins_next(&self, i: usize) -> bool {
        let Kind::Text { last, .. } = self.atoms[i].kind else {
            return false;
        };
        let next = self.atoms[i + 1..].iter().find_map(|a| match a.kind {
            Kind::Text { first, .. } => Some(first),
            _ => None,
        });
        last == '\u{200D}' || next.is_some_and(is_joining)
    }

    fn after_end_tags(&self, mut pos: usize) -> usize {
        while self
            .atoms
            .get(pos)
            .is_some_and(|a| matches!(a.kind, Kind::Close))
        {
            pos += 1;
        }
        pos
    }

    /// The part `atoms[start..end]`: the tags open at `start` reopened as they were written, the
    /// whitespace at both edges dropped, and the tags still open at `end` closed, innermost first.
    /// `open` holds the start tags open at `start`, and is left holding those open at `end`.
    fn render(&self, start: usize, end: usize, open: &mut Vec<usize>) -> String {
        let (from, to) = (self.next_solid[start], self.solid_end[end]);
        let src = |i: usize| &self.src[self.atoms[i].src.clone()];
        // Before the first visible character: tags that open and close around nothing are left
        // out, and so is a tag of the last part that closes before anything is shown in it.
        let mut pending = Vec::new();
        for i in start..from {
            match self.atoms[i].kind {
                Kind::Open { .. } => pending.push(i),
                Kind::Close if pending.pop().is_none() => {
                    open.pop();
                }
                _ => {}
            }
        }
        open.extend(pending);
        let mut out: String = open.iter().map(|&i| src(i)).collect();
        for i in from..end {
            match self.atoms[i].kind {
                Kind::Text { .. } if i >= to && !self.atoms[i].is_solid() => continue,
                Kind::Open { .. } => open.push(i),
                Kind::Close => {
                    open.pop();
                }
                Kind::Text { .. } => {}
            }
            out.push_str(src(i));
        }
        for &i in open.iter().rev() {
            if let Kind::Open { name } = &self.atoms[i].kind {
                out.push_str("</");
                out.push_str(name);
                out.push('>');
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::{Format, MAX_LEN, split, units};
    use crate::telegram::html::validate;

    /// What Telegram shows of a part.
    fn shown(part: &str, format: Format) -> String {
        match format {
            Format::Plain => part.to_string(),
            Format::Html => validate(part).unwrap_or_else(|e| panic!("{e}: {part}")),
        }
    }

    /// Splits `text` and checks what holds for every part: valid, within the limit, not blank,
    /// nothing lost.
    fn checked(text: &str, format: Format) -> Vec<String> {
        let parts = split(text, format);
        for part in &parts {
            let seen = shown(part, format);
            assert!(units(&seen) <= MAX_LEN, "{} units", units(&seen));
            assert!(!seen.trim().is_empty(), "a blank part: {part:?}");
        }
        let squeeze = |s: String| s.split_whitespace().collect::<String>();
        let joined: String = parts.iter().map(|p| shown(p, format)).collect();
        assert_eq!(squeeze(joined), squeeze(shown(text, format)));
        parts
    }

    fn lens(parts: &[String], format: Format) -> Vec<usize> {
        parts.iter().map(|p| units(&shown(p, format))).collect()
    }

    #[test]
    fn a_text_that_fits_is_one_part_unchanged() {
        for (text, format) in [
            ("x".repeat(MAX_LEN), Format::Plain),
            (format!("<b>{}</b>", "x".repeat(MAX_LEN)), Format::Html),
            (format!("<i>{}</i>", "😀".repeat(MAX_LEN / 2)), Format::Html),
            (" a \n\n b ".to_string(), Format::Plain),
        ] {
            assert_eq!(split(&text, format), vec![text]);
        }
        assert_eq!(
            split(&"x".repeat(MAX_LEN + 1), Format::Plain),
            ["x".repeat(MAX_LEN), "x".to_string()]
        );
    }

    #[test]
    fn whole_paragraphs_are_packed_into_each_part() {
        let paragraphs: Vec<String> = (0..10)
            .map(|i| format!("{i:02} {}", "word ".repeat(199).trim()))
            .collect();
        assert_eq!(paragraphs[0].len(), 997);
        let text = paragraphs.join("\n\n");
        let expected = [
            paragraphs[0..4].join("\n\n"),
            paragraphs[4..8].join("\n\n"),
            paragraphs[8..10].join("\n\n"),
        ];
        assert_eq!(checked(&text, Format::Plain), expected);
        // In HTML the same, with each paragraph's own tags.
        let html: Vec<String> = paragraphs.iter().map(|p| format!("<b>{p}</b>")).collect();
        let expected: Vec<String> = [&html[0..4], &html[4..8], &html[8..10]]
            .iter()
            .map(|p| p.join("\n\n"))
            .collect();
        assert_eq!(checked(&html.join("\n\n"), Format::Html), expected);
    }

    #[test]
    fn a_paragraph_too_long_for_one_part_is_cut_at_line_breaks() {
        let lines: Vec<String> = (0..100)
            .map(|i| format!("line {i:03} {}.", "z".repeat(70)))
            .collect();
        let text = format!("Hi all,\n\n{}\n\nBye.", lines.join("\n"));
        let parts = checked(&text, Format::Plain);
        // The greeting does not go out alone: the long paragraph starts in the same part.
        assert_eq!(parts.len(), 2, "{:?}", lens(&parts, Format::Plain));
        assert!(parts[0].starts_with("Hi all,\n\nline 000 "));
        assert!(parts[0].ends_with('.') && parts[1].starts_with("line "));
        assert!(parts[1].ends_with(".\n\nBye."));
    }

    #[test]
    fn a_long_line_is_cut_after_a_sentence_then_at_a_space() {
        let sentences: Vec<String> = (0..200)
            .map(|i| format!("Sentence {i:03} has some words, and ends here."))
            .collect();
        let parts = checked(&sentences.join(" "), Format::Plain);
        assert_eq!(parts.len(), 3);
        for (part, next) in parts.iter().zip(&parts[1..]) {
            assert!(part.ends_with("ends here.") && next.starts_with("Sentence "));
        }
        let words: Vec<String> = (0..2000).map(|i| format!("w{i}")).collect();
        let text = words.join(" ");
        let parts = checked(&text, Format::Plain);
        assert_eq!(parts.join(" "), text, "no word is cut");
        assert!(lens(&parts, Format::Plain)[0] > MAX_LEN - 8);
    }

    #[test]
    fn a_word_longer_than_a_part_is_cut_where_the_part_is_full() {
        let parts = checked(&"x".repeat(10_000), Format::Plain);
        assert_eq!(lens(&parts, Format::Plain), [MAX_LEN, MAX_LEN, 1808]);
        // A short word before it does not go out alone: the long one is cut anyway.
        let parts = checked(&format!("intro {}", "y".repeat(5000)), Format::Plain);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0], format!("intro {}", "y".repeat(MAX_LEN - 6)));
    }

    #[test]
    fn tags_open_at_a_cut_are_closed_and_reopened_with_their_attributes() {
        let link = "<a href=\"https://example.com/?a=1&amp;b=2\">";
        let text = format!(
            "<b>Bold {link}{}</a> after</b> <span class=\"tg-spoiler\">end</span>",
            "link ".repeat(1000)
        );
        let parts = checked(&text, Format::Html);
        assert_eq!(parts.len(), 2);
        assert!(parts[0].starts_with("<b>Bold <a href"));
        assert!(
            parts[0].ends_with("link</a></b>"),
            "{}",
            &parts[0][parts[0].len() - 40..]
        );
        assert!(parts[1].starts_with(&format!("<b>{link}link ")));
        assert!(parts[1].ends_with("link </a> after</b> <span class=\"tg-spoiler\">end</span>"));

        let quote = format!(
            "<blockquote expandable><span class=\"tg-spoiler\">{}</span></blockquote>",
            "secret ".repeat(700)
        );
        let parts = checked(&quote, Format::Html);
        assert!(parts[1].starts_with("<blockquote expandable><span class=\"tg-spoiler\">secret"));
        assert!(parts[0].ends_with("secret</span></blockquote>"));
    }

    #[test]
    fn a_code_block_is_cut_at_a_line_and_reopened_with_its_language() {
        let text = format!(
            "Code:\n<pre><code class=\"language-rust\">{}</code></pre>",
            "let x = a &lt; b;\n".repeat(300)
        );
        let parts = checked(&text, Format::Html);
        assert_eq!(parts.len(), 2);
        assert!(parts[0].ends_with("let x = a &lt; b;</code></pre>"));
        assert!(parts[1].starts_with("<pre><code class=\"language-rust\">let x = a &lt; b;\n"));
    }

    #[test]
    fn entities_and_characters_outside_the_bmp_are_never_cut() {
        let parts = checked(&"&amp;".repeat(5000), Format::Html);
        assert_eq!(parts, ["&amp;".repeat(MAX_LEN), "&amp;".repeat(904)]);
        // Two units each: after "a" only 2047 fit (4095 units).
        let text = format!("a{}", "&#128512;".repeat(2100));
        let parts = checked(&text, Format::Html);
        assert_eq!(parts[0], format!("a{}", "&#128512;".repeat(2047)));
        let text = format!("a{}", "😀".repeat(2100));
        let parts = checked(&text, Format::Plain);
        assert_eq!(parts[0], format!("a{}", "😀".repeat(2047)));
        assert_eq!(parts[1], "😀".repeat(53));
    }

    #[test]
    fn a_character_is_not_parted_from_its_accent_or_skin_tone() {
        let text = format!("{}e\u{301}{}", "x".repeat(MAX_LEN - 1), "y".repeat(10));
        let parts = checked(&text, Format::Plain);
        assert_eq!(parts[0], "x".repeat(MAX_LEN - 1));
        assert!(parts[1].starts_with("e\u{301}y"));
        let text = format!("{}👍🏽{}", "x".repeat(MAX_LEN - 3), "y".repeat(10));
        assert_eq!(checked(&text, Format::Plain)[0], "x".repeat(MAX_LEN - 3));
    }

    #[test]
    fn a_custom_emoji_is_never_cut_or_reopened() {
        let emoji = "<tg-emoji emoji-id=\"5368324170671202286\">👍</tg-emoji>";
        let text = format!("<b>a{}</b>", emoji.repeat(2100));
        let parts = checked(&text, Format::Html);
        assert_eq!(parts[0], format!("<b>a{}</b>", emoji.repeat(2047)));
        assert_eq!(parts[1], format!("<b>{}</b>", emoji.repeat(53)));
    }

    #[test]
    fn whitespace_at_a_cut_is_dropped_and_no_part_is_blank() {
        let text = format!("<b>{}</b>\n\n<i> </i> \n", "x".repeat(MAX_LEN));
        assert_eq!(
            checked(&text, Format::Html),
            [format!("<b>{}</b>", "x".repeat(MAX_LEN))]
        );
        // Tags around nothing at a cut are left out.
        let text = format!(
            "<b>{}</b>\n\n<i> <u> </u></i><s> x</s>",
            "x".repeat(MAX_LEN)
        );
        assert_eq!(checked(&text, Format::Html)[1], "<s>x</s>");
        let text = format!("<i>{}</i>", "word   \n ".repeat(1000));
        for part in checked(&text, Format::Html) {
            let seen = shown(&part, Format::Html);
            assert_eq!(seen.trim(), seen);
        }
    }

    mod properties {
        use proptest::prelude::*;
        use proptest::sample::select;

        use super::super::{Format, MAX_LEN, split, units};
        use crate::telegram::html::validate;

        const WORDS: &[&str] = &[
            "word",
            "Hello",
            "tglink",
            "&amp;",
            "&lt;b&gt;",
            "x&#128512;y",
            "&#x1F600;",
            "a&amp",
            "😀",
            "👍🏽",
            "e\u{301}",
            "end.",
            "Done!",
            "why?",
            "&quot;quoted.&quot;",
            "(yes!)",
            "中文字",
            "🏳\u{fe0f}\u{200d}🌈",
        ];
        const SEPARATORS: &[&str] = &[" ", " ", " ", " ", "\n", "\n\n", "  ", "\n \n", ", "];
        const TAGS: &[(&str, &str)] = &[
            ("<b>", "</b>"),
            ("<i>", "</i>"),
            ("<u>", "</u>"),
            ("<s>", "</s>"),
            ("<a href=\"https://example.com/?a=1&amp;b=2\">", "</a>"),
            ("<span class=\"tg-spoiler\">", "</span>"),
            ("<tg-spoiler>", "</tg-spoiler>"),
            ("<blockquote expandable>", "</blockquote>"),
            ("<blockquote>", "</blockquote>"),
            ("<pre><code class=\"language-rust\">", "</code></pre>"),
            ("<pre>", "</pre>"),
            ("<code>", "</code>"),
        ];
        const EMOJI: &str = "<tg-emoji emoji-id=\"5368324170671202286\">👍</tg-emoji>";
        /// Whitespace dropped at a cut (at most a few separators in a row here) and the few
        /// characters an anywhere-cut may leave for the next part (an accent, a skin tone).
        const SLACK: usize = 64;

        /// Words and separators, repeated to make bulk.
        fn run() -> impl Strategy<Value = String> {
            (
                prop::collection::vec((select(WORDS), select(SEPARATORS)), 1..12),
                1..110usize,
            )
                .prop_map(|(pairs, times)| {
                    let once: String = pairs.iter().map(|(w, s)| format!("{w}{s}")).collect();
                    once.repeat(times)
                })
        }

        fn long_word() -> impl Strategy<Value = String> {
            prop_oneof![
                (1..6000usize).prop_map(|n| "x".repeat(n)),
                (1..3000usize).prop_map(|n| "😀".repeat(n)),
                (1..2000usize).prop_map(|n| "&amp;".repeat(n)),
            ]
        }

        fn inline() -> impl Strategy<Value = String> {
            let leaf = prop_oneof![
                6 => run(),
                1 => long_word(),
                1 => Just(EMOJI.to_string()),
            ];
            leaf.prop_recursive(3, 16, 4, |inner| {
                (select(TAGS), prop::collection::vec(inner, 1..4)).prop_map(
                    |((open, close), children)| format!("{open}{}{close}", children.concat()),
                )
            })
        }

        fn html_text() -> impl Strategy<Value = String> {
            prop::collection::vec((inline(), select(SEPARATORS)), 1..8)
                .prop_map(|pieces| pieces.into_iter().map(|(p, s)| p + s).collect())
        }

        fn plain_text() -> impl Strategy<Value = String> {
            prop::collection::vec(
                (
                    prop_oneof![4 => run(), 1 => long_word()],
                    select(SEPARATORS),
                ),
                1..10,
            )
            .prop_map(|pieces| pieces.into_iter().map(|(p, s)| p + s).collect())
        }

        fn shown(part: &str, format: Format) -> Result<String, TestCaseError> {
            match format {
                Format::Plain => Ok(part.to_string()),
                Format::Html => validate(part)
                    .map_err(|e| TestCaseError::fail(format!("invalid part ({e}): {part}"))),
            }
        }

        /// What holds for every text: the same parts every time; a text that fits is itself;
        /// otherwise every part is valid, within the limit and not blank, the parts show the same
        /// text (whitespace aside), and no two neighbours would have fitted in one message (so
        /// the count is close to minimal: at most 2 × total / (MAX_LEN - SLACK) + 1, and in
        /// practice ceil(total / MAX_LEN) plus what paragraph packing costs).
        fn check(text: &str, format: Format) -> Result<(), TestCaseError> {
            let whole = shown(text, format)?;
            prop_assume!(!whole.trim().is_empty() && units(&whole) <= 30_000);
            let parts = split(text, format);
            prop_assert_eq!(&parts, &split(text, format));
            if units(&whole) <= MAX_LEN {
                prop_assert_eq!(parts, [text.to_string()]);
                return Ok(());
            }
            let seen = parts
                .iter()
                .map(|p| shown(p, format))
                .collect::<Result<Vec<_>, _>>()?;
            for s in &seen {
                prop_assert!(units(s) <= MAX_LEN, "{} units", units(s));
                prop_assert!(!s.trim().is_empty(), "a blank part");
            }
            let squeeze = |s: &str| s.split_whitespace().collect::<String>();
            prop_assert_eq!(squeeze(&seen.concat()), squeeze(&whole));
            for pair in seen.windows(2) {
                let together = units(&pair[0]) + units(&pair[1]);
                prop_assert!(
                    together > MAX_LEN - SLACK,
                    "two neighbours of {together} units would fit in one message"
                );
            }
            let total = units(&squeeze(&whole));
            prop_assert!(parts.len() <= 2 * total / (MAX_LEN - SLACK) + 1);
            Ok(())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(96))]

            #[test]
            fn html_parts_are_valid_full_and_complete(text in html_text()) {
                check(&text, Format::Html)?;
            }

            #[test]
            fn plain_parts_are_full_and_complete(text in plain_text()) {
                check(&text, Format::Plain)?;
            }
        }
    }
}
