//! How pages and the bot write numbers and times: in the reader's language (the request's or the
//! update's, `i18n::current`), by the catalogue's patterns (`formats-*`) and the locale data
//! behind `i18n::format`. Machine values (`datetime=`, `value=`, the API) stay ISO.
use chrono::NaiveDateTime;

pub use crate::i18n::format::{thousands, when, when_in, when_utc};

/// A stored time as a page shows it, in a `<time datetime=…>`: in the viewer's chosen zone when
/// they have one; otherwise in UTC and marked `local`, for `static/local-time.js` to rewrite in
/// the browser's own zone (without the script, UTC says what it is).
#[derive(Debug, Clone)]
pub struct Moment {
    /// RFC 3339 in UTC, for the `datetime` attribute.
    pub iso: String,
    pub text: String,
    pub local: bool,
}

impl Moment {
    pub fn new(t: NaiveDateTime, zone: Option<chrono_tz::Tz>) -> Moment {
        Moment {
            iso: t.and_utc().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            text: match zone {
                Some(zone) => when_in(t, zone),
                None => when(t),
            },
            local: zone.is_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::{Lang, in_lang};
    use chrono::NaiveDate;

    #[test]
    fn thousands_in_the_reader_s_language() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1234), "1,234");
        assert_eq!(super::thousands(1234567), "1,234,567");
        assert_eq!(super::thousands(-1000), "-1,000");
        assert_eq!(in_lang(Lang::Es, || super::thousands(1204)), "1.204");
        assert_eq!(in_lang(Lang::Ru, || super::thousands(1204)), "1\u{202f}204");
        assert_eq!(in_lang(Lang::Fa, || super::thousands(1204)), "۱٬۲۰۴");
    }

    #[test]
    fn times_in_the_reader_s_language() {
        let Some(t) = NaiveDate::from_ymd_opt(2026, 12, 24).and_then(|d| d.and_hms_opt(9, 5, 0))
        else {
            panic!("a valid date");
        };
        assert_eq!(in_lang(Lang::En, || super::when(t)), "2026-12-24 09:05 UTC");
        assert_eq!(
            in_lang(Lang::Ru, || super::when(t)),
            "24 декабря 2026, 09:05 UTC"
        );
        assert_eq!(
            in_lang(Lang::Es, || super::when(t)),
            "24 dic 2026, 09:05 UTC"
        );
        assert_eq!(
            in_lang(Lang::Fa, || super::when(t)),
            "۲۴ دسامبر ۲۰۲۶، ساعت ۰۹:۰۵ به وقت UTC"
        );
        let berlin = chrono_tz::Europe::Berlin;
        assert_eq!(
            in_lang(Lang::PtBr, || super::when_in(t, berlin)),
            "24 dez 2026, 10:05 (Europe/Berlin)"
        );
        let m = in_lang(Lang::Fa, || super::Moment::new(t, None));
        assert_eq!(m.iso, "2026-12-24T09:05:00Z");
    }
}
