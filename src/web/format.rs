//! How pages write numbers and times.
use chrono::{DateTime, NaiveDateTime, Utc};

/// 1234567 → "1,234,567".
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A stored time (UTC) to the minute.
pub fn when(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// A stored time (UTC) in a time zone, to the minute, naming the zone.
pub fn when_in(t: NaiveDateTime, zone: chrono_tz::Tz) -> String {
    t.and_utc()
        .with_timezone(&zone)
        .format(&format!("%Y-%m-%d %H:%M ({})", zone.name()))
        .to_string()
}

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

/// A live time to the second.
pub fn when_utc(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_separators() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1234), "1,234");
        assert_eq!(super::thousands(1234567), "1,234,567");
        assert_eq!(super::thousands(-1000), "-1,000");
    }
}
