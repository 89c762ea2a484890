//! Security headers on every response. The CSP allows no inline script: pages load /static only.
//! Nothing is cached unless the handler says so (static files do): pages show account, admin and
//! token data. Over https, browsers are told to use nothing else (HSTS).
use actix_web::middleware::DefaultHeaders;

/// `form_origin`: another origin a form may lead to. Browsers hold a form's redirects to
/// `form-action` too, so the login form that redirects to Telegram's login needs its origin.
pub fn security_headers(https: bool, form_origin: Option<&str>) -> DefaultHeaders {
    let form_action = match form_origin {
        Some(origin) => format!("'self' {origin}"),
        None => "'self'".to_string(),
    };
    let headers = DefaultHeaders::new()
        .add((
            "Content-Security-Policy",
            format!(
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                 object-src 'none'; base-uri 'none'; form-action {form_action}; \
                 frame-ancestors 'none'"
            ),
        ))
        .add(("X-Frame-Options", "DENY"))
        .add(("Referrer-Policy", "no-referrer"))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Cache-Control", "no-store"));
    if https {
        headers.add(("Strict-Transport-Security", "max-age=31536000"))
    } else {
        headers
    }
}
