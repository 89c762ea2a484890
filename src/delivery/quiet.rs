//! Quiet hours: a member's window (in their time zone) when messages arrive silently. Not
//! delayed: they are sent as usual, with `disable_notification`, unless their topic is critical.
use chrono::{DateTime, Timelike, Utc};
use chrono_tz::Tz;
use diesel::prelude::*;

use crate::accounts::UserId;
use crate::db::Conn;
use crate::db::schema::users;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietHours {
    /// Minutes after local midnight; `start > end` spans midnight (22:00–07:00).
    pub start: u16,
    pub end: u16,
    pub zone: Tz,
}

impl QuietHours {
    /// From the stored columns; anything missing or out of range is no quiet hours.
    pub fn from_db(start: Option<i32>, end: Option<i32>, zone: Option<&str>) -> Option<QuietHours> {
        let minutes = |m: i32| u16::try_from(m).ok().filter(|m| *m < 24 * 60);
        Some(QuietHours {
            start: minutes(start?)?,
            end: minutes(end?)?,
            zone: zone?.parse().ok()?,
        })
    }

    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        let local = at.with_timezone(&self.zone);
        let now = (local.hour() * 60 + local.minute()) as u16;
        if self.start <= self.end {
            self.start <= now && now < self.end
        } else {
            now >= self.start || now < self.end
        }
    }
}

/// "22:00" → minutes after midnight.
pub fn parse_time(value: &str) -> Result<u16, String> {
    let bad = || "Give a time like 22:00.".to_string();
    let (h, m) = value.trim().split_once(':').ok_or_else(bad)?;
    let (h, m): (u16, u16) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 23 || m > 59 {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// Minutes after midnight → "22:00".
pub fn show_time(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A member's quiet hours, if they set them.
pub fn of_member(conn: &mut Conn, id: UserId) -> QueryResult<Option<QuietHours>> {
    let (start, end, zone): (Option<i32>, Option<i32>, Option<String>) = users::table
        .find(id.0)
        .select((users::quiet_start, users::quiet_end, users::time_zone))
        .first(conn)?;
    Ok(QuietHours::from_db(start, end, zone.as_deref()))
}

/// Sets (or, with `None`, clears) a member's quiet hours.
pub fn set_for_member(conn: &mut Conn, id: UserId, window: Option<QuietHours>) -> QueryResult<()> {
    diesel::update(users::table.find(id.0))
        .set((
            users::quiet_start.eq(window.map(|q| i32::from(q.start))),
            users::quiet_end.eq(window.map(|q| i32::from(q.end))),
            users::time_zone.eq(window.map(|q| q.zone.name().to_string())),
        ))
        .execute(conn)
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_window_over_midnight_holds_in_the_members_zone() {
        let q = QuietHours::from_db(Some(22 * 60), Some(7 * 60), Some("Europe/Berlin")).unwrap();
        // 21:30 UTC in winter is 22:30 in Berlin: quiet. 06:30 UTC is 07:30: not.
        assert!(q.contains(Utc.with_ymd_and_hms(2026, 11, 30, 21, 30, 0).unwrap()));
        assert!(!q.contains(Utc.with_ymd_and_hms(2026, 11, 30, 6, 30, 0).unwrap()));
        assert!(q.contains(Utc.with_ymd_and_hms(2026, 11, 30, 5, 59, 0).unwrap()));
        let day = QuietHours::from_db(Some(60), Some(120), Some("UTC")).unwrap();
        assert!(day.contains(Utc.with_ymd_and_hms(2026, 1, 1, 1, 0, 0).unwrap()));
        assert!(!day.contains(Utc.with_ymd_and_hms(2026, 1, 1, 2, 0, 0).unwrap()));
        assert_eq!(
            QuietHours::from_db(Some(1), Some(2), Some("Mars/Olympus")),
            None
        );
        assert_eq!(parse_time("07:05"), Ok(425));
        assert!(parse_time("24:00").is_err() && parse_time("7").is_err());
        assert_eq!(show_time(425), "07:05");
    }
}
