//! `GET /healthz`: 200 when the database answers, 503 otherwise.
use actix_web::{HttpResponse, get, web};
use diesel::RunQueryDsl;

use crate::db::{self, Pool};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(healthz);
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
