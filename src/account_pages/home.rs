//! The home page: an invitation for visitors, and for a signed-in member what comes next — Connect
//! before linking, the notification settings once linked (no invitation to do what is done).
use actix_web::{HttpResponse, get};
use askama::Template;

use crate::accounts::Viewer;
use crate::db::{self, Pool};
use crate::linking::links;
use crate::web::{NavUser, PageError, render};

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    nav: Option<NavUser>,
    csrf_token: String,
    /// The linked Telegram account ("@name") of a signed-in member.
    linked: Option<String>,
}

#[get("/")]
async fn home(viewer: Viewer, pool: actix_web::web::Data<Pool>) -> Result<HttpResponse, PageError> {
    let linked = match viewer.user.as_ref().map(|u| u.id()) {
        Some(id) => db::run(&pool, move |conn| links::find_by_user(conn, id))
            .await?
            .map(|l| l.display_name()),
        None => None,
    };
    Ok(render(&HomePage {
        nav: viewer.nav,
        csrf_token: viewer.csrf_token,
        linked,
    }))
}
