//! The pieces a message is cut between: atoms (a character, an entity, a whole custom emoji or a
//! tag, never cut) and the breaks between words, each with how good a place to cut it is.
use std::ops::Range;

use crate::delivery::text::MAX_LEN;
use crate::telegram::html;

pub(super) const PARAGRAPH: u8 = 1;
pub(super) const LINE: u8 = 2;
pub(super) const SENTENCE: u8 = 3;
pub(super) const SPACE: u8 = 4;

/// A piece of the source that is never cut: visible text (a character, an entity, a whole custom
/// emoji) or a tag.
#[derive(Debug, Clone)]
pub(super) struct Atom {
    pub(super) src: Range<usize>,
    pub(super) kind: Kind,
}

#[derive(Debug, Clone)]
pub(super) enum Kind {
    Text {
        units: usize,
        /// Only whitespace (dropped at a cut).
        blank: bool,
        newlines: usize,
        first: char,
        last: char,
    },
    /// A start tag; `name` lowercased, for the end tag that closes it at a cut.
    Open {
        name: String,
    },
    Close,
}

impl Atom {
    pub(super) fn char(src: Range<usize>, c: char) -> Atom {
        Atom {
            src,
            kind: Kind::Text {
                units: c.len_utf16(),
                blank: c.is_whitespace(),
                newlines: usize::from(c == '\n'),
                first: c,
                last: c,
            },
        }
    }

    pub(super) fn units(&self) -> usize {
        match self.kind {
            Kind::Text { units, .. } => units,
            _ => 0,
        }
    }

    /// Visible text that stays when a part is trimmed.
    pub(super) fn is_solid(&self) -> bool {
        matches!(self.kind, Kind::Text { blank: false, .. })
    }
}

pub(super) fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

/// The atoms of a valid Telegram HTML text (checked by `html::validate` first).
pub(super) fn html_atoms(src: &str) -> Vec<Atom> {
    let mut atoms = Vec::new();
    let mut pos = 0;
    while let Some(c) = src[pos..].chars().next() {
        let (end, kind) = match c {
            '<' if src[pos..].starts_with("</") => {
                let end = src[pos..].find('>').map_or(src.len(), |i| pos + i + 1);
                (end, Kind::Close)
            }
            '<' => {
                let name: String = src[pos + 1..]
                    .chars()
                    .take_while(|&c| is_name_char(c))
                    .collect();
                let name = name.to_ascii_lowercase();
                (start_tag_end(src, pos), Kind::Open { name })
            }
            '&' => match html::decode_entity(src, pos) {
                Some((decoded, len)) => (pos + len, Atom::char(0..0, decoded).kind),
                None => (pos + 1, Atom::char(0..0, '&').kind),
            },
            c => (pos + c.len_utf8(), Atom::char(0..0, c).kind),
        };
        atoms.push(Atom {
            src: pos..end,
            kind,
        });
        pos = end;
    }
    whole_emoji(atoms)
}

/// The byte after the `>` of the start tag at `pos`, read as `html::validate` reads it (a quoted
/// attribute value may hold a `>`).
pub(super) fn start_tag_end(src: &str, mut pos: usize) -> usize {
    let peek = |pos: usize| src.get(pos..).and_then(|s| s.chars().next());
    let skip = |pos: &mut usize, keep: &dyn Fn(char) -> bool| {
        while let Some(c) = peek(*pos).filter(|&c| keep(c)) {
            *pos += c.len_utf8();
        }
    };
    pos += 1;
    skip(&mut pos, &is_name_char);
    loop {
        skip(&mut pos, &char::is_whitespace);
        match peek(pos) {
            None => return src.len(),
            Some('>') => return pos + 1,
            Some(_) => {
                let before = pos;
                skip(&mut pos, &|c| is_name_char(c) || c == '_');
                if pos == before {
                    // Not valid HTML; validated texts never get here.
                    return src.len();
                }
                skip(&mut pos, &char::is_whitespace);
                if peek(pos) == Some('=') {
                    pos += 1;
                    skip(&mut pos, &char::is_whitespace);
                    match peek(pos) {
                        Some(q @ ('"' | '\'')) => {
                            pos += 1;
                            skip(&mut pos, &|c| c != q);
                            pos = (pos + 1).min(src.len());
                        }
                        _ => skip(&mut pos, &|c| !c.is_whitespace() && c != '>'),
                    }
                }
            }
        }
    }
}

/// Makes each `<tg-emoji …>…</tg-emoji>` one atom: Telegram shows its content as one custom emoji,
/// so it is never cut. (Content longer than a whole message, which Telegram would refuse anyway,
/// is left in pieces so that every atom fits in a part.)
pub(super) fn whole_emoji(atoms: Vec<Atom>) -> Vec<Atom> {
    let mut out = Vec::with_capacity(atoms.len());
    let mut i = 0;
    while i < atoms.len() {
        let is_emoji = matches!(&atoms[i].kind, Kind::Open { name } if name == "tg-emoji");
        if let Some(close) = is_emoji.then(|| matching_close(&atoms, i)).flatten() {
            let inner = &atoms[i + 1..close];
            let units: usize = inner.iter().map(Atom::units).sum();
            if units <= MAX_LEN {
                let text: Vec<(char, char, usize, bool)> = inner
                    .iter()
                    .filter_map(|a| match a.kind {
                        Kind::Text {
                            first,
                            last,
                            newlines,
                            blank,
                            ..
                        } => Some((first, last, newlines, blank)),
                        _ => None,
                    })
                    .collect();
                out.push(Atom {
                    src: atoms[i].src.start..atoms[close].src.end,
                    kind: Kind::Text {
                        units,
                        blank: text.iter().all(|t| t.3),
                        newlines: text.iter().map(|t| t.2).sum(),
                        first: text.first().map_or(' ', |t| t.0),
                        last: text.last().map_or(' ', |t| t.1),
                    },
                });
                i = close + 1;
                continue;
            }
        }
        out.push(atoms[i].clone());
        i += 1;
    }
    out
}

/// The end tag that closes the start tag at `open`.
pub(super) fn matching_close(atoms: &[Atom], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, atom) in atoms.iter().enumerate().skip(open) {
        match atom.kind {
            Kind::Open { .. } => depth += 1,
            Kind::Close => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            Kind::Text { .. } => {}
        }
    }
    None
}

/// A place to cut: `pos` is the atom index the next part starts at (after the end tags that
/// follow the last visible atom, so they stay in the part they close).
#[derive(Debug, Clone, Copy)]
pub(super) struct Break {
    pub(super) pos: usize,
    pub(super) level: u8,
}

/// Every place between two words, with how good a place to cut it is.
pub(super) fn breaks(atoms: &[Atom]) -> Vec<Break> {
    let mut breaks = Vec::new();
    let mut word_end: Option<usize> = None;
    let mut gap = false;
    let mut newlines = 0;
    for (i, atom) in atoms.iter().enumerate() {
        let Kind::Text {
            blank, newlines: n, ..
        } = atom.kind
        else {
            continue;
        };
        if blank {
            gap |= word_end.is_some();
            newlines += n;
            continue;
        }
        if let Some(end) = word_end.filter(|_| gap) {
            let level = match newlines {
                0 if ends_sentence(atoms, end) => SENTENCE,
                0 => SPACE,
                1 => LINE,
                _ => PARAGRAPH,
            };
            let mut pos = end + 1;
            while matches!(atoms[pos].kind, Kind::Close) {
                pos += 1;
            }
            breaks.push(Break { pos, level });
        }
        word_end = Some(i);
        gap = false;
        newlines = 0;
    }
    breaks
}

/// Whether the word ending at `atoms[end]` ends a sentence ("done." "why?" "(yes!)" "«so…»").
pub(super) fn ends_sentence(atoms: &[Atom], end: usize) -> bool {
    let visible = atoms[..=end].iter().rev().filter_map(|a| match a.kind {
        Kind::Text { last, .. } => Some(last),
        _ => None,
    });
    for c in visible.take(4) {
        match c {
            '.' | '!' | '?' | '…' | '。' | '！' | '？' => return true,
            '"' | '\'' | ')' | ']' | '”' | '’' | '»' => continue,
            _ => return false,
        }
    }
    false
}

/// A character drawn together with the one before it: combining marks, variation selectors, emoji
/// skin tones and the zero-width joiner.
pub(super) fn is_joining(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}'
        | '\u{200D}'
        | '\u{1F3FB}'..='\u{1F3FF}'
        | '\u{E0020}'..='\u{E007F}')
}
