//! Numbers and times in the reader's language (issue 27): `1,204` / `1.204` / `1 204` / `۱٬۲۰۴`,
//! and `7 Dec 2026` / `7 dic 2026` / `7 декабря 2026` / `۷ دسامبر ۲۰۲۶`.
//!
//! Why chrono's `unstable-locales` feature (and `pure-rust-locales`, the data behind it) rather
//! than ICU4X's `icu_datetime`/`icu_decimal`: chrono already reads and writes every time tglink
//! keeps, and the feature adds one dependency-free crate of glibc's locale data (month names in
//! each language's grammatical case, digit sets, separators), kept by chrono's maintainers; ICU4X
//! would bring a dozen crates and megabytes of compiled data for five languages. The order of a
//! date's parts is the catalogue's (`formats-datetime` and friends, written by the translator);
//! its words, digits and separators are the locale data's, never written by hand here.
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use pure_rust_locales::Locale;

use super::{Lang, current, t, t_args, t1};

/// The glibc locale whose data speaks for `lang`.
pub fn locale(lang: Lang) -> Locale {
    match lang {
        Lang::En => Locale::en_US,
        Lang::Es => Locale::es_ES,
        Lang::PtBr => Locale::pt_BR,
        Lang::Ru => Locale::ru_RU,
        Lang::Fa => Locale::fa_IR,
    }
}

/// The digits `lang` writes, 0 to 9: Persian's own (۰…۹, from the locale's `alt_digits`), else
/// `None` (ASCII).
fn digit_set(lang: Lang) -> Option<[char; 10]> {
    let alt = match lang {
        Lang::Fa => pure_rust_locales::fa_IR::LC_TIME::ALT_DIGITS?,
        _ => return None,
    };
    // `alt_digits` lists 00…99 as the locale writes them; 0…9 end entries 0…9.
    let mut set = ['0'; 10];
    for (i, d) in set.iter_mut().enumerate() {
        *d = alt.get(i)?.chars().last()?;
    }
    Some(set)
}

/// The separator between groups of three digits. glibc's `fa_IR` keeps the ASCII comma for
/// numbers but writes the Persian one (٬, U+066C) for amounts: we take the Persian one, as
/// Persian readers expect it.
fn group_separator(lang: Lang) -> &'static str {
    match lang {
        Lang::En => pure_rust_locales::en_US::LC_NUMERIC::THOUSANDS_SEP,
        Lang::Es => pure_rust_locales::es_ES::LC_NUMERIC::THOUSANDS_SEP,
        Lang::PtBr => pure_rust_locales::pt_BR::LC_NUMERIC::THOUSANDS_SEP,
        Lang::Ru => pure_rust_locales::ru_RU::LC_NUMERIC::THOUSANDS_SEP,
        Lang::Fa => pure_rust_locales::fa_IR::LC_MONETARY::MON_THOUSANDS_SEP,
    }
}

/// The decimal separator (Persian: ٫, U+066B, for the same reason as the group separator).
fn decimal_point(lang: Lang) -> &'static str {
    match lang {
        Lang::En => pure_rust_locales::en_US::LC_NUMERIC::DECIMAL_POINT,
        Lang::Es => pure_rust_locales::es_ES::LC_NUMERIC::DECIMAL_POINT,
        Lang::PtBr => pure_rust_locales::pt_BR::LC_NUMERIC::DECIMAL_POINT,
        Lang::Ru => pure_rust_locales::ru_RU::LC_NUMERIC::DECIMAL_POINT,
        Lang::Fa => pure_rust_locales::fa_IR::LC_MONETARY::MON_DECIMAL_POINT,
    }
}

/// `text` with its ASCII digits written in `lang`'s digits (nothing changes but in Persian).
pub fn digits(lang: Lang, text: &str) -> String {
    match digit_set(lang) {
        Some(set) => text
            .chars()
            .map(|c| c.to_digit(10).map_or(c, |d| set[d as usize]))
            .collect(),
        None => text.to_string(),
    }
}

/// A whole number as `lang` writes it: 1234567 → "1,234,567", "1.234.567", "1 234 567" (narrow
/// no-break spaces), "۱٬۲۳۴٬۵۶۷".
pub fn integer(lang: Lang, n: i64) -> String {
    grouped(lang, &n.unsigned_abs().to_string(), n < 0, true)
}

/// A number as `lang` writes it, its fraction as given (`1234.5` → "1.234,5" in Spanish);
/// `grouping` false leaves out the thousands separator (an id, a year).
pub fn decimal(lang: Lang, value: f64, grouping: bool) -> String {
    let plain = value.abs().to_string();
    grouped(lang, &plain, value < 0.0, grouping)
}

fn grouped(lang: Lang, plain: &str, negative: bool, grouping: bool) -> String {
    let (whole, fraction) = match plain.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (plain, None),
    };
    let separator = group_separator(lang);
    let mut out = String::with_capacity(plain.len() * 2 + 2);
    if negative {
        out.push('-');
    }
    for (i, c) in whole.chars().enumerate() {
        if grouping && i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(c);
    }
    if let Some(fraction) = fraction {
        out.push_str(decimal_point(lang));
        out.push_str(fraction);
    }
    digits(lang, &out)
}

/// A time in `lang` by a strftime `pattern` (the catalogue's): month and day names from the
/// locale data, digits in the language's own.
pub fn datetime<Tz: TimeZone>(lang: Lang, t: &DateTime<Tz>, pattern: &str) -> String
where
    Tz::Offset: std::fmt::Display,
{
    let text = t.format_localized(pattern, locale(lang)).to_string();
    let text = match lang {
        // glibc's fa_IR spells some names with the Arabic kaf and yeh (اكتبر); Persian writes
        // ک and ی.
        Lang::Fa => text.replace('ك', "ک").replace('ي', "ی"),
        _ => text,
    };
    digits(lang, &text)
}

/// A whole number in the current language (the page's or the update's).
pub fn thousands(n: i64) -> String {
    integer(current(), n)
}

/// A time to the minute in the current language, by its pattern (`formats-minute`).
fn minute<Tz: TimeZone>(at: &DateTime<Tz>) -> String
where
    Tz::Offset: std::fmt::Display,
{
    datetime(current(), at, &t("formats-minute"))
}

/// A stored time (UTC) to the minute, saying UTC.
pub fn when(at: NaiveDateTime) -> String {
    t1("formats-at-utc", "time", minute(&at.and_utc()))
}

/// A stored time (UTC) in a time zone, to the minute, naming the zone.
pub fn when_in(at: NaiveDateTime, zone: chrono_tz::Tz) -> String {
    let local = at.and_utc().with_timezone(&zone);
    t_args(
        "formats-at-zone",
        &[
            ("time", minute(&local).into()),
            ("zone", zone.name().into()),
        ],
    )
}

/// A live time to the second, saying UTC.
pub fn when_utc(at: DateTime<Utc>) -> String {
    let text = datetime(current(), &at, &t("formats-second"));
    t1("formats-at-utc", "time", text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn whole_numbers_in_each_language() {
        assert_eq!(integer(Lang::En, 1204), "1,204");
        assert_eq!(integer(Lang::Es, 1204), "1.204");
        assert_eq!(integer(Lang::PtBr, 1_234_567), "1.234.567");
        assert_eq!(integer(Lang::Ru, 1204), "1\u{202f}204");
        assert_eq!(integer(Lang::Fa, 1204), "۱٬۲۰۴");
        assert_eq!(integer(Lang::Fa, -50), "-۵۰");
        assert_eq!(integer(Lang::En, 999), "999");
        assert_eq!(integer(Lang::En, 0), "0");
        assert_eq!(integer(Lang::En, -1000), "-1,000");
    }

    #[test]
    fn fractions_and_ungrouped_numbers() {
        assert_eq!(decimal(Lang::Es, 1234.5, true), "1.234,5");
        assert_eq!(decimal(Lang::En, 1234.5, false), "1234.5");
        assert_eq!(decimal(Lang::Fa, 2.5, true), "۲٫۵");
        assert_eq!(decimal(Lang::Ru, 2026.0, false), "2026");
    }

    #[test]
    fn dates_take_the_language_s_month_names_and_digits() {
        let t = NaiveDate::from_ymd_opt(2026, 10, 7)
            .and_then(|d| d.and_hms_opt(9, 5, 0))
            .map(|t| t.and_utc());
        let Some(t) = t else {
            panic!("a valid date");
        };
        assert_eq!(datetime(Lang::Ru, &t, "%-d %B %Y"), "7 октября 2026");
        assert_eq!(datetime(Lang::Es, &t, "%-d %b %Y"), "7 oct 2026");
        assert_eq!(datetime(Lang::PtBr, &t, "%-d %b %Y"), "7 out 2026");
        assert_eq!(
            datetime(Lang::Fa, &t, "%-d %B %Y، %H:%M"),
            "۷ اکتبر ۲۰۲۶، ۰۹:۰۵"
        );
    }
}
