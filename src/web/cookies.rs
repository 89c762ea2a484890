//! Cookies of our own beside the session's: encrypted and authenticated with the secret key, so
//! only this site can read or make them; HttpOnly, SameSite=Lax, Path=/; Secure and named with the
//! `__Host-` prefix (which no sibling subdomain or plain-http page can set) when the site is
//! served over https.
use actix_web::cookie::{Cookie, CookieJar, Key, SameSite, time};
use actix_web::{HttpRequest, HttpResponse};

/// The name a cookie goes by: `__Host-<base>` over https, else `<base>`.
pub fn cookie_name(base: &str, secure: bool) -> String {
    if secure {
        format!("__Host-{base}")
    } else {
        base.to_string()
    }
}

#[derive(Clone)]
pub struct PrivateCookies {
    key: Key,
    secure: bool,
}

impl PrivateCookies {
    pub fn new(key: Key, secure: bool) -> PrivateCookies {
        PrivateCookies { key, secure }
    }

    /// The value of cookie `base`, if the request has one that this site made.
    pub fn get(&self, req: &HttpRequest, base: &str) -> Option<String> {
        let name = cookie_name(base, self.secure);
        let mut jar = CookieJar::new();
        jar.add_original(req.cookie(&name)?);
        jar.private(&self.key)
            .get(&name)
            .map(|c| c.value().to_string())
    }

    /// Sets cookie `base` to `value` for `max_age` on the response.
    pub fn set(&self, response: &mut HttpResponse, base: &str, value: &str, max_age_secs: i64) {
        let cookie = Cookie::build(cookie_name(base, self.secure), value.to_string())
            .path("/")
            .http_only(true)
            .secure(self.secure)
            .same_site(SameSite::Lax)
            .max_age(time::Duration::seconds(max_age_secs))
            .finish();
        let mut jar = CookieJar::new();
        jar.private_mut(&self.key).add(cookie);
        for cookie in jar.delta() {
            if let Err(e) = response.add_cookie(cookie) {
                tracing::error!(error = %e, "could not set a cookie");
            }
        }
    }
}
