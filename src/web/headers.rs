//! Security headers on every response. The CSP allows no inline script: pages load /static only.
//! Nothing is cached unless the handler says so (static files do): pages show account, admin and
//! token data. Over https, browsers are told to use nothing else (HSTS).
use actix_web::middleware::DefaultHeaders;

pub fn security_headers(https: bool) -> DefaultHeaders {
    let headers = DefaultHeaders::new()
        .add((
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
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
