//! The admin dashboard and broadcasts: compose, history, and the delivery queue with its worker.
use actix_web::{HttpResponse, get, web};
use askama::Template;

use crate::accounts::AdminUser;
use crate::web::{NavUser, render};

/// Adds the delivery worker to the background tasks.
pub fn start(
    _pool: crate::db::Pool,
    _config: std::sync::Arc<crate::config::Config>,
    _telegram: crate::telegram::Telegram,
    _tasks: &mut Vec<(&'static str, crate::startup::Task)>,
) -> anyhow::Result<()> {
    Ok(())
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(admin_overview);
}

#[derive(Template)]
#[template(path = "admin/overview.html")]
struct OverviewPage {
    nav: Option<NavUser>,
    csrf_token: String,
    users: i64,
}

#[get("/admin")]
async fn admin_overview(AdminUser(admin): AdminUser, pool: web::Data<crate::db::Pool>) -> Result<HttpResponse, actix_web::Error> {
    let users = crate::db::run(&pool, |conn| crate::accounts::store::count(conn).map_err(anyhow::Error::from))
        .await
        .map_err(actix_web::error::ErrorInternalServerError)?;
    Ok(render(&OverviewPage { nav: admin.nav(), csrf_token: admin.csrf_token.clone(), users }))
}
