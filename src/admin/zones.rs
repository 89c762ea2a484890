//! The time zones the compose and schedule pickers offer: canonical IANA names only (no aliases
//! like `Asia/Calcutta`, no `Etc/GMT+1`, no legacy `EST5EDT`), with the admin's own zone first.
//! chrono-tz parses every name, links too, but does not say which are links: the list of links
//! of the database it embeds is kept next to this file.
use std::sync::LazyLock;

use chrono_tz::Tz;

const LINKS: &str = include_str!("tz_links.txt");

static CANONICAL: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let links: Vec<&str> = LINKS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect();
    chrono_tz::TZ_VARIANTS
        .iter()
        .map(|z| z.name())
        .filter(|name| {
            *name == "UTC"
                || (name.contains('/') && !name.starts_with("Etc/") && !links.contains(name))
        })
        .collect()
});

/// The zones to offer, `first` (the admin's zone, when they chose one) at the top.
pub fn offered(first: Option<Tz>) -> Vec<&'static str> {
    let first = first.map(|z| z.name());
    let mut zones: Vec<&'static str> = first.into_iter().collect();
    zones.extend(CANONICAL.iter().copied().filter(|z| Some(*z) != first));
    zones
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_canonical_names_with_the_admins_zone_first() {
        let zones = super::offered(Some(chrono_tz::Europe::Berlin));
        assert_eq!(zones[0], "Europe/Berlin");
        assert_eq!(zones.iter().filter(|z| **z == "Europe/Berlin").count(), 1);
        for gone in [
            "Asia/Calcutta",
            "Etc/GMT+1",
            "EST5EDT",
            "US/Eastern",
            "Europe/Kiev",
        ] {
            assert!(!zones.contains(&gone), "{gone}");
        }
        for kept in ["Asia/Kolkata", "America/New_York", "Europe/Kyiv", "UTC"] {
            assert!(zones.contains(&kept), "{kept}");
        }
        assert!(zones.len() > 300 && zones.len() < 450, "{}", zones.len());
    }
}
