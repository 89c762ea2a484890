//! `GET /healthz` (200 when the database answers, 503 otherwise) and `GET /metrics` (Prometheus
//! text format). Metrics are served to this machine only (a loopback peer that is not one of the
//! trusted proxies and sends no forwarding header), or to anyone with
//! `Authorization: Bearer <TGLINK_METRICS_TOKEN>`.
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use diesel::RunQueryDsl;

use crate::config::Config;
use crate::crypto::constant_time_eq;
use crate::db::{self, Pool};
use crate::delivery::report;
use crate::metrics::{self, KindLabels};
use crate::telegram::inbox;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(healthz).service(metrics_page);
}

#[get("/healthz")]
async fn healthz(pool: web::Data<Pool>) -> HttpResponse {
    let checked = db::run(&pool, |conn| diesel::sql_query("SELECT 1").execute(conn)).await;
    match checked {
        Ok(_) => HttpResponse::Ok().json(serde_json::json!({"status": "ok", "database": "ok"})),
        Err(e) => {
            tracing::warn!(error = %e, "health check: database unavailable");
            HttpResponse::ServiceUnavailable()
                .json(serde_json::json!({"status": "unavailable", "database": "unreachable"}))
        }
    }
}

#[get("/metrics")]
async fn metrics_page(
    req: HttpRequest,
    pool: web::Data<Pool>,
    config: web::Data<Config>,
) -> HttpResponse {
    if !may_scrape(&req, &config) {
        return HttpResponse::Forbidden()
            .content_type("text/plain; charset=utf-8")
            .body("metrics are served to this machine, or with the bearer token TGLINK_METRICS_TOKEN\n");
    }
    let m = metrics::get();
    // Depths live in the database: read them now. A failure leaves the last values.
    let depths = db::run(&pool, |conn| {
        Ok::<_, anyhow::Error>((inbox::depth(conn)?, report::open_by_kind(conn)?))
    })
    .await;
    match depths {
        Ok(((depth, oldest), by_kind)) => {
            m.inbox_depth.set(depth);
            let age = oldest.map_or(0.0, |t| {
                (db::now() - t).num_milliseconds().max(0) as f64 / 1000.0
            });
            m.inbox_oldest_age_seconds.set(age);
            m.delivery_queue_depth.clear();
            for (kind, n) in by_kind {
                m.delivery_queue_depth
                    .get_or_create(&KindLabels { kind })
                    .set(n);
            }
        }
        Err(e) => tracing::warn!(error = %e, "metrics: cannot read queue depths"),
    }
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(m.render())
}

/// The token when one is set and sent; else only a direct request from this machine.
fn may_scrape(req: &HttpRequest, config: &Config) -> bool {
    let token = config.metrics_token.as_deref();
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if let (Some(token), Some(given)) = (token, bearer) {
        return constant_time_eq(given, token);
    }
    let Some(peer) = req.peer_addr().map(|a| a.ip()) else {
        return false;
    };
    // A reverse proxy on this machine connects from loopback too: whatever it forwards is someone
    // else's request, with or without a forwarding header (a proxy need not set one).
    let proxied = config.trusted_proxies.trusts(peer)
        || req.headers().contains_key("x-forwarded-for")
        || req.headers().contains_key(header::FORWARDED);
    peer.is_loopback() && !proxied
}
