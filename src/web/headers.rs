//! Security headers on every response. The CSP allows no inline script: pages load /static only.
//! Nothing is cached unless the handler says so (static files do): pages show account, admin and
//! token data. Over https, browsers are told to use nothing else (HSTS).
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{CONTENT_SECURITY_POLICY, HeaderValue, X_FRAME_OPTIONS};
use actix_web::middleware::{DefaultHeaders, Next};

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
        .add(("Referrer-Policy", "no-referrer"))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Cache-Control", "no-store"));
    if https {
        headers.add(("Strict-Transport-Security", "max-age=31536000"))
    } else {
        headers
    }
}

/// `X-Frame-Options: DENY` on every response that may not be framed at all (its CSP says
/// `frame-ancestors 'none'`, or it has none), for browsers that predate `frame-ancestors`. A page
/// whose CSP names who may frame it (the Connect widget) gets none: DENY would forbid every frame,
/// and where both headers are understood `frame-ancestors` is the rule. Wrapped outside
/// `security_headers`, so it sees the CSP the response leaves with.
pub async fn deny_framing(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut response = next.call(req).await?;
    let names_its_framers = response
        .headers()
        .get(CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|csp| {
            csp.contains("frame-ancestors") && !csp.contains("frame-ancestors 'none'")
        });
    if !names_its_framers {
        response
            .headers_mut()
            .insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    Ok(response)
}
