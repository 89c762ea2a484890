//! Throttling of logins and sign-ups, counted in the database so it holds across instances.
//!
//! A login *reserves* its attempt before the password is checked: counting and inserting are one
//! serialized step, so parallel guesses cannot all pass a count taken before any of them failed.
//! A right password deletes its reservation; a wrong one leaves it as a failure. Counts are per
//! (username, address), with a much higher limit per address, as Auth0's brute-force protection
//! does: a stranger cannot lock an owner out by guessing from elsewhere, and the site's visitors
//! do not share one counter behind a proxy (`TGLINK_TRUSTED_PROXIES`). An IPv6 client is counted
//! by its /64: one machine or home gets a whole /64 and can pick a new address in it at will.
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::auth_attempts;
use crate::db::{Conn, now};

/// The window every limit counts in.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Failed logins for one username from one address per window.
pub const LOGIN_PER_NAME_AND_ADDRESS: i64 = 10;
/// Failed logins from one address per window, whatever the usernames.
pub const LOGIN_PER_ADDRESS: i64 = 100;
/// Sign-ups (accepted or refused as taken) from one address per window.
pub const SIGNUP_PER_ADDRESS: i64 = 10;
/// Requests for a Telegram sign-in link from one address per window.
pub const SIGNIN_LINKS_PER_ADDRESS: i64 = 5;
/// "Sign in with Telegram" attempts started from one address per window.
pub const TELEGRAM_LOGINS_PER_ADDRESS: i64 = 20;
/// "Sign in with Telegram" requests one account is asked to approve per window.
pub const TELEGRAM_LOGINS_PER_ACCOUNT: i64 = 10;
/// Telegram logins (OpenID Connect) started from one address per window.
pub const OIDC_LOGINS_PER_ADDRESS: i64 = 30;
/// Failures for a (username, address) before answers start to slow down.
const FREE_FAILURES: i64 = 3;
/// The longest slow-down of one answer.
const MAX_DELAY: Duration = Duration::from_secs(4);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Action {
    Login,
    Signup,
    SigninLink,
    TelegramLogin,
    OidcLogin,
}

impl Action {
    fn as_str(self) -> &'static str {
        match self {
            Action::Login => "login",
            Action::Signup => "signup",
            Action::SigninLink => "signin_link",
            Action::TelegramLogin => "telegram_login",
            Action::OidcLogin => "telegram_oidc",
        }
    }
}

/// At most this many refusals are remembered; when full, the memory starts afresh.
const REFUSALS_REMEMBERED: usize = 10_000;

type RefusalKey = (Action, String, String);

/// Refusals this instance gave lately, answered again from memory for a few seconds before the
/// database is asked again: an attacker hammering past a limit costs no database work. Each
/// instance has its own (it only ever shortens the way to a refusal the database gave).
pub struct Refusals {
    memory: Duration,
    given: Mutex<HashMap<RefusalKey, Instant>>,
}

impl Refusals {
    /// Remembers each refusal for `memory` (zero: not at all).
    pub fn new(memory: Duration) -> Refusals {
        Refusals {
            memory,
            given: Mutex::new(HashMap::new()),
        }
    }

    fn lately(&self, key: &RefusalKey) -> Option<Duration> {
        let mut given = self.given.lock().ok()?;
        match given.get(key) {
            Some(until) if *until > Instant::now() => Some(WINDOW),
            Some(_) => {
                given.remove(key);
                None
            }
            None => None,
        }
    }

    fn remember(&self, key: RefusalKey) {
        if self.memory.is_zero() {
            return;
        }
        if let Ok(mut given) = self.given.lock() {
            if given.len() >= REFUSALS_REMEMBERED {
                given.clear();
            }
            given.insert(key, Instant::now() + self.memory);
        }
    }

    /// Whether a login for `name` from `ip` was refused a moment ago (its Retry-After if so).
    pub fn login_lately(&self, name: &str, ip: IpAddr) -> Option<Duration> {
        self.lately(&(Action::Login, name.to_string(), address_key(ip)))
    }

    pub fn remember_login(&self, name: &str, ip: IpAddr) {
        self.remember((Action::Login, name.to_string(), address_key(ip)));
    }

    /// Whether a sign-up from `ip` was refused a moment ago.
    pub fn signup_lately(&self, ip: IpAddr) -> Option<Duration> {
        self.lately(&(Action::Signup, String::new(), address_key(ip)))
    }

    pub fn remember_signup(&self, ip: IpAddr) {
        self.remember((Action::Signup, String::new(), address_key(ip)));
    }
}

/// A reserved login attempt: forgotten when the password was right, kept as a failure otherwise.
#[derive(Debug, Clone, Copy)]
pub struct Attempt(i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict<T> {
    /// Go ahead; wait `delay` first (the growing slow-down after a few failures).
    Allowed { attempt: T, delay: Duration },
    /// Over a limit: answer 429 and come back after `retry_after`.
    Refused { retry_after: Duration },
}

/// The username as throttling counts it: trimmed, lowercased, at most 64 characters, without
/// NUL (PostgreSQL text cannot hold it), so any input can be counted.
pub fn name_key(raw: &str) -> String {
    raw.trim()
        .chars()
        .take(64)
        .map(|c| {
            if c == '\0' {
                '\u{FFFD}'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

/// The address as every limit counts it: an IPv4 address as is, an IPv6 address as its /64
/// network (`2001:db8:1:2::/64`).
pub fn address_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let network = u128::from(v6) & (u128::MAX << 64);
                format!("{}/64", std::net::Ipv6Addr::from(network))
            }
        },
    }
}

/// How long the answer to an attempt waits, given the failures before it: nothing for the first
/// few, then `unit`, doubling each time, at most `MAX_DELAY`.
pub fn slow_down(failures_before: i64, unit: Duration) -> Duration {
    let over = failures_before - FREE_FAILURES;
    if over < 0 {
        return Duration::ZERO;
    }
    unit.saturating_mul(1 << over.min(16)).min(MAX_DELAY)
}

fn since() -> NaiveDateTime {
    now() - chrono::Duration::seconds(WINDOW.as_secs() as i64)
}

/// Counts (failures for the name from this address, logins from this address) in the window.
macro_rules! login_counts {
    ($conn:expr, $name:expr, $ip:expr, $since:expr) => {{
        let by_pair: i64 = auth_attempts::table
            .filter(auth_attempts::username_lower.eq($name))
            .filter(auth_attempts::ip.eq($ip))
            .filter(auth_attempts::action.eq(Action::Login.as_str()))
            .filter(auth_attempts::attempted_at.gt($since))
            .count()
            .get_result($conn)?;
        let by_ip: i64 = auth_attempts::table
            .filter(auth_attempts::ip.eq($ip))
            .filter(auth_attempts::action.eq(Action::Login.as_str()))
            .filter(auth_attempts::attempted_at.gt($since))
            .count()
            .get_result($conn)?;
        Ok::<_, diesel::result::Error>((by_pair, by_ip))
    }};
}

macro_rules! count_by_address {
    ($conn:expr, $action:expr, $ip:expr, $since:expr) => {
        auth_attempts::table
            .filter(auth_attempts::ip.eq($ip))
            .filter(auth_attempts::action.eq($action.as_str()))
            .filter(auth_attempts::attempted_at.gt($since))
            .count()
            .get_result::<i64>($conn)
    };
}

macro_rules! insert_attempt {
    ($conn:expr, $action:expr, $name:expr, $ip:expr) => {
        diesel::insert_into(auth_attempts::table)
            .values((
                auth_attempts::action.eq($action.as_str()),
                auth_attempts::username_lower.eq($name),
                auth_attempts::ip.eq($ip),
                auth_attempts::attempted_at.eq(now()),
            ))
            .returning(auth_attempts::id)
            .get_result::<i64>($conn)
    };
}

/// Runs `$body` (with `$c` bound to the backend's own connection) in one transaction that no
/// other call for the same address overlaps, across instances: SQLite's immediate transaction
/// (one writer at a time), PostgreSQL's transaction-scoped advisory lock on the address.
macro_rules! serialized_per_address {
    ($conn:expr, $ip:expr, |$c:ident| $body:expr) => {
        match $conn {
            Conn::Pg($c) => $c.transaction(|$c| {
                diesel::sql_query("SELECT pg_advisory_xact_lock(7, hashtext($1))")
                    .bind::<diesel::sql_types::Text, _>($ip)
                    .execute($c)?;
                $body
            }),
            Conn::Sqlite($c) => $c.immediate_transaction(|$c| $body),
        }
    };
}

fn refused<T>() -> Verdict<T> {
    Verdict::Refused {
        retry_after: WINDOW,
    }
}

fn over_login_limits(by_pair: i64, by_ip: i64) -> bool {
    by_pair >= LOGIN_PER_NAME_AND_ADDRESS || by_ip >= LOGIN_PER_ADDRESS
}

/// Reserves a login attempt for `name` from `ip`, or refuses it when a limit is reached.
pub fn reserve_login(
    conn: &mut Conn,
    name: &str,
    ip: IpAddr,
    delay_unit: Duration,
) -> QueryResult<Verdict<Attempt>> {
    let ip = &address_key(ip);
    let since = since();
    // A cheap look first, so the flood of an attacker already over the limit takes no lock.
    let (by_pair, by_ip) = login_counts!(conn, name, ip, since)?;
    if over_login_limits(by_pair, by_ip) {
        return Ok(refused());
    }
    serialized_per_address!(conn, ip, |c| {
        let (by_pair, by_ip) = login_counts!(c, name, ip, since)?;
        if over_login_limits(by_pair, by_ip) {
            return Ok(refused());
        }
        let id = insert_attempt!(c, Action::Login, name, ip)?;
        Ok(Verdict::Allowed {
            attempt: Attempt(id),
            delay: slow_down(by_pair, delay_unit),
        })
    })
}

/// The password was right: the attempt does not count against anyone.
pub fn forget(conn: &mut Conn, attempt: Attempt) -> QueryResult<()> {
    diesel::delete(auth_attempts::table.find(attempt.0))
        .execute(conn)
        .map(drop)
}

/// Counts a sign-up from `ip`, or refuses it when the address has signed up too often.
pub fn reserve_signup(conn: &mut Conn, ip: IpAddr) -> QueryResult<Verdict<()>> {
    reserve_by_address(conn, Action::Signup, ip, SIGNUP_PER_ADDRESS)
}

/// Counts a request for a Telegram sign-in link from `ip`, or refuses it.
pub fn reserve_signin_link(conn: &mut Conn, ip: IpAddr) -> QueryResult<Verdict<()>> {
    reserve_by_address(conn, Action::SigninLink, ip, SIGNIN_LINKS_PER_ADDRESS)
}

/// Counts a "Sign in with Telegram" attempt started from `ip`, or refuses it.
pub fn reserve_telegram_login(conn: &mut Conn, ip: IpAddr) -> QueryResult<Verdict<()>> {
    reserve_by_address(conn, Action::TelegramLogin, ip, TELEGRAM_LOGINS_PER_ADDRESS)
}

/// Counts a Telegram login (OpenID Connect) started from `ip`, or refuses it.
pub fn reserve_oidc_login(conn: &mut Conn, ip: IpAddr) -> QueryResult<Verdict<()>> {
    reserve_by_address(conn, Action::OidcLogin, ip, OIDC_LOGINS_PER_ADDRESS)
}

fn reserve_by_address(
    conn: &mut Conn,
    action: Action,
    ip: IpAddr,
    limit: i64,
) -> QueryResult<Verdict<()>> {
    let ip = address_key(ip);
    let since = since();
    if count_by_address!(conn, action, &ip, since)? >= limit {
        return Ok(refused());
    }
    serialized_per_address!(conn, &ip, |c| {
        if count_by_address!(c, action, &ip, since)? >= limit {
            return Ok(refused());
        }
        insert_attempt!(c, action, "", &ip)?;
        Ok(Verdict::Allowed {
            attempt: (),
            delay: Duration::ZERO,
        })
    })
}

/// Forgets attempts older than the window (the housekeeping task calls it).
pub fn prune(conn: &mut Conn) -> QueryResult<usize> {
    diesel::delete(auth_attempts::table.filter(auth_attempts::attempted_at.le(since())))
        .execute(conn)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::{MAX_DELAY, Refusals, address_key, name_key, slow_down};

    #[test]
    fn refusals_are_remembered_briefly_and_only_when_asked_to() {
        let ip = "203.0.113.1".parse().unwrap();
        let refusals = Refusals::new(Duration::from_secs(60));
        assert_eq!(refusals.login_lately("alice", ip), None);
        refusals.remember_login("alice", ip);
        assert!(refusals.login_lately("alice", ip).is_some());
        assert_eq!(refusals.login_lately("bob", ip), None);
        assert_eq!(refusals.signup_lately(ip), None);
        refusals.remember_signup(ip);
        assert!(refusals.signup_lately(ip).is_some());
        let forgetful = Refusals::new(Duration::ZERO);
        forgetful.remember_login("alice", ip);
        assert_eq!(forgetful.login_lately("alice", ip), None);
    }

    #[test]
    fn answers_slow_down_after_a_few_failures_and_stay_bounded() {
        let unit = Duration::from_millis(250);
        assert_eq!(slow_down(0, unit), Duration::ZERO);
        assert_eq!(slow_down(2, unit), Duration::ZERO);
        assert_eq!(slow_down(3, unit), unit);
        assert_eq!(slow_down(4, unit), unit * 2);
        assert_eq!(slow_down(9, unit), MAX_DELAY);
        assert_eq!(slow_down(i64::MAX, unit), MAX_DELAY);
        assert_eq!(slow_down(9, Duration::ZERO), Duration::ZERO);
    }

    #[test]
    fn ipv6_clients_are_counted_per_64_and_ipv4_per_address() {
        let key = |s: &str| address_key(s.parse().unwrap());
        assert_eq!(key("2001:db8:1:2::1"), "2001:db8:1:2::/64");
        assert_eq!(
            key("2001:db8:1:2:ffff:ffff:ffff:ffff"),
            key("2001:db8:1:2::1")
        );
        assert_ne!(key("2001:db8:1:3::1"), key("2001:db8:1:2::1"));
        assert_eq!(key("203.0.113.7"), "203.0.113.7");
        assert_ne!(key("203.0.113.7"), key("203.0.113.8"));
        assert_eq!(key("::ffff:203.0.113.7"), "203.0.113.7");
        let refusals = Refusals::new(Duration::from_secs(60));
        refusals.remember_login("alice", "2001:db8::1".parse().unwrap());
        assert!(
            refusals
                .login_lately("alice", "2001:db8::2".parse().unwrap())
                .is_some()
        );
    }

    #[test]
    fn names_are_counted_case_blind_and_bounded() {
        assert_eq!(name_key("  Alice "), "alice");
        assert_eq!(name_key("a\0b"), "a\u{FFFD}b");
        assert_eq!(name_key(&"x".repeat(500)).chars().count(), 64);
    }
}
