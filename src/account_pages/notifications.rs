//! `/account/notifications`: which topics the member receives. One checkbox per topic; critical
//! topics are shown as always on. Saving records a choice for every topic shown (so a later change
//! of a topic's default does not flip what the member chose).
use std::collections::HashMap;

use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

use crate::accounts::auth::CurrentUser;
use crate::accounts::csrf::CsrfForm;
use crate::db::{self, Pool};
use crate::topics::{self, Topic};
use crate::web::{NavUser, PageError, render, see_other};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(page).service(save);
}

#[derive(Template)]
#[template(path = "account/notifications.html")]
struct NotificationsPage {
    nav: Option<NavUser>,
    csrf_token: String,
    choices: Vec<(Topic, bool)>,
    saved: bool,
}

#[derive(Deserialize)]
struct PageQuery {
    #[serde(default)]
    done: String,
}

#[get("/account/notifications")]
async fn page(
    user: CurrentUser,
    pool: web::Data<Pool>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, PageError> {
    let id = user.id();
    let choices = db::run(&pool, move |conn| topics::choices(conn, id)).await?;
    Ok(render(&NotificationsPage {
        nav: user.nav(),
        csrf_token: user.csrf_token.clone(),
        choices,
        saved: query.done == "saved",
    }))
}

/// The name of a topic's checkbox: only the checked ones arrive.
pub fn field_name(topic_id: i64) -> String {
    format!("topic-{topic_id}")
}

#[post("/account/notifications")]
async fn save(
    user: CurrentUser,
    pool: web::Data<Pool>,
    CsrfForm(checked): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, PageError> {
    let id = user.id();
    db::run(&pool, move |conn| {
        for topic in topics::list(conn)?.into_iter().filter(|t| !t.critical) {
            let on = checked.contains_key(&field_name(topic.id));
            topics::choose(conn, id, topic.id, on)?;
        }
        Ok::<_, anyhow::Error>(())
    })
    .await?;
    Ok(see_other("/account/notifications?done=saved"))
}
