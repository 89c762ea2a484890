//! Static files, compiled into the binary so a deployment is one file (no CDN, no folder to ship).
use actix_web::http::header;
use actix_web::{HttpResponse, get, web};

const ASSETS: &[(&str, &str, &str)] = &[
    (
        "app.css",
        "text/css; charset=utf-8",
        include_str!("../../static/app.css"),
    ),
    (
        "favicon.svg",
        "image/svg+xml",
        include_str!("../../static/favicon.svg"),
    ),
    (
        "admin.css",
        "text/css; charset=utf-8",
        include_str!("../../static/admin.css"),
    ),
    (
        "admin.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/admin.js"),
    ),
    (
        "editor.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/editor.js"),
    ),
    (
        "notifications.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/notifications.js"),
    ),
    (
        "connect.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/connect.js"),
    ),
    (
        "local-time.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/local-time.js"),
    ),
    (
        "telegram_login.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/telegram_login.js"),
    ),
];

/// Every file of static/ that pages use is listed in ASSETS.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(asset);
}

#[get("/static/{name}")]
async fn asset(name: web::Path<String>) -> HttpResponse {
    match ASSETS.iter().find(|(n, _, _)| *n == name.as_str()) {
        Some((_, content_type, body)) => HttpResponse::Ok()
            .content_type(*content_type)
            .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
            .body(*body),
        None => HttpResponse::NotFound().finish(),
    }
}
