//! Device cookies (OWASP's answer to lockout and floods): after a right password, the browser
//! gets an encrypted cookie naming the account. A later login for that account from that browser
//! is known, and goes in the password-hashing line's own lane, so strangers flooding the login
//! cannot shut its owner out.
use actix_web::{HttpRequest, HttpResponse};

use crate::accounts::password::Lane;
use crate::web::cookies::PrivateCookies;

const DEVICE_COOKIE: &str = "tglink_device";
/// How long a browser stays known without signing in again.
const DEVICE_DAYS: i64 = 365;

/// The lane of a login for `name_key` (the throttle's form of the username) from this browser.
pub fn lane(req: &HttpRequest, cookies: &PrivateCookies, name_key: &str) -> Lane {
    match cookies.get(req, DEVICE_COOKIE) {
        Some(known) if known == name_key => Lane::Known,
        _ => Lane::Stranger,
    }
}

/// Remembers that this browser signed in to `name_key`.
pub fn remember(response: &mut HttpResponse, cookies: &PrivateCookies, name_key: &str) {
    cookies.set(response, DEVICE_COOKIE, name_key, DEVICE_DAYS * 24 * 3600);
}
