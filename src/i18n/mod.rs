//! The languages tglink speaks (issue 27) and how a tag someone sends us becomes one of them.
//!
//! `Lang` is what the rest of the code passes around; a tag (`"pt-BR"`) is what is stored
//! (`users.language`), sent in the API and put in `<html lang>`.

use std::fmt;

pub mod catalogue; // the Fluent files, embedded, parsed once
#[cfg(test)]
mod check;
mod current; // the language of the request or update at hand // every language has exactly English's keys and variables
pub mod format; // numbers and times as each language writes them

pub use current::{current, default_lang, in_lang, scope, set_default, t, t_args, t_in, t1};
pub use fluent_bundle::FluentValue;

/// A language tglink has a catalogue for. English is the fallback of every other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Es,
    PtBr,
    Ru,
    Fa,
}

impl Lang {
    /// Every language, English first (the order of the language menus).
    pub const ALL: [Lang; 5] = [Lang::En, Lang::Es, Lang::PtBr, Lang::Ru, Lang::Fa];

    /// The canonical tag: stored, sent in the API, written in `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
            Lang::PtBr => "pt-BR",
            Lang::Ru => "ru",
            Lang::Fa => "fa",
        }
    }

    /// The language's own name for itself (what a language menu shows).
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Es => "Español",
            Lang::PtBr => "Português (Brasil)",
            Lang::Ru => "Русский",
            Lang::Fa => "فارسی",
        }
    }

    /// The code `setMyCommands` takes (two letters, ISO 639-1): Telegram's Brazilian users
    /// send `pt-br` or `pt`, so Portuguese's menu is registered under `pt`.
    pub fn telegram_code(self) -> &'static str {
        match self {
            Lang::PtBr => "pt",
            other => other.tag(),
        }
    }

    /// Persian is written right to left.
    pub fn is_rtl(self) -> bool {
        self == Lang::Fa
    }

    /// `"rtl"` or `"ltr"`, for `<html dir>`.
    pub fn dir(self) -> &'static str {
        if self.is_rtl() { "rtl" } else { "ltr" }
    }

    /// Exactly one of our canonical tags (case-insensitive): what a form, the API or a setting
    /// must send. `None` for anything else, so the caller can refuse it by name.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(tag.trim()))
    }

    /// The closest language to a tag someone else chose (Telegram's `language_code`, one entry of
    /// `Accept-Language`): the exact tag, else its primary language (`pt` and `pt-PT` → `pt-BR`,
    /// `es-419` → `es`, `ru-UA` → `ru`). `None` when we have nothing close.
    pub fn negotiate(tag: &str) -> Option<Lang> {
        let tag = tag.trim();
        if let Some(exact) = Lang::from_tag(tag) {
            return Some(exact);
        }
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        match primary.to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "es" => Some(Lang::Es),
            "pt" => Some(Lang::PtBr),
            "ru" => Some(Lang::Ru),
            "fa" => Some(Lang::Fa),
            _ => None,
        }
    }

    /// The best of an `Accept-Language` header's entries, by their `q` (ties: the earlier);
    /// `q=0` means "not this one". `None` when no entry is close to a language we have.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for entry in header.split(',') {
            let mut parts = entry.split(';');
            let tag = parts.next().unwrap_or("").trim();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q <= 0.0 || tag.is_empty() || tag == "*" {
                continue;
            }
            if let Some(lang) = Lang::negotiate(tag)
                && best.is_none_or(|(best_q, _)| q > best_q)
            {
                best = Some((q, lang));
            }
        }
        best.map(|(_, lang)| lang)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn tags_round_trip_and_only_ours_are_accepted() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
        assert_eq!(Lang::from_tag("PT-br"), Some(Lang::PtBr));
        assert_eq!(Lang::from_tag("pt"), None);
        assert_eq!(Lang::from_tag("de"), None);
    }

    #[test]
    fn telegram_codes_fall_back_to_their_primary_language() {
        assert_eq!(Lang::negotiate("pt"), Some(Lang::PtBr));
        assert_eq!(Lang::negotiate("pt-PT"), Some(Lang::PtBr));
        assert_eq!(Lang::negotiate("es-419"), Some(Lang::Es));
        assert_eq!(Lang::negotiate("ru"), Some(Lang::Ru));
        assert_eq!(Lang::negotiate("en-GB"), Some(Lang::En));
        assert_eq!(Lang::negotiate("fa_IR"), Some(Lang::Fa));
        assert_eq!(Lang::negotiate("uk"), None);
        assert_eq!(Lang::negotiate(""), None);
    }

    #[test]
    fn accept_language_takes_the_best_weighted_entry_we_have() {
        assert_eq!(
            Lang::from_accept_language("es-ES,es;q=0.9,en;q=0.8"),
            Some(Lang::Es)
        );
        assert_eq!(
            Lang::from_accept_language("de-DE,de;q=0.9,ru;q=0.5,en;q=0.4"),
            Some(Lang::Ru)
        );
        assert_eq!(Lang::from_accept_language("en;q=0.2, fa"), Some(Lang::Fa));
        assert_eq!(Lang::from_accept_language("ru;q=0, *"), None);
        assert_eq!(Lang::from_accept_language("de, fr;q=0.5"), None);
        assert_eq!(Lang::from_accept_language(""), None);
    }
}
