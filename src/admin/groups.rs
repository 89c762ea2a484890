//! `/admin/groups`: every group and channel members connected, with who connected it, and a
//! Disconnect button (CSRF-checked, audited in the same transaction; what was still queued for the
//! chat is cancelled).
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use diesel::Connection;

use super::audit::{self, Action};
use crate::accounts::csrf::CsrfForm;
use crate::accounts::{AdminUser, UserId};
use crate::db::{self, Pool};
use crate::linking::ended::{self, Ending};
use crate::linking::groups;
use crate::linking::links::Via;
use crate::web::format::when;
use crate::web::{NavUser, NoFields, PageError, render, see_other};

/// One connected chat as the page shows it.
pub struct ChatView {
    pub id: i64,
    pub title: String,
    pub kind: String,
    /// "topic 42" in a forum, else empty.
    pub topic: String,
    pub connected_by: String,
    pub since: String,
}

#[derive(Template)]
#[template(path = "admin/groups.html")]
struct GroupsPage {
    nav: Option<NavUser>,
    csrf_token: String,
    active: &'static str,
    chats: Vec<ChatView>,
}

#[get("/admin/groups")]
pub async fn groups_page(
    AdminUser(admin): AdminUser,
    pool: web::Data<Pool>,
) -> Result<HttpResponse, PageError> {
    let all = db::run(&pool, groups::list_all).await?;
    let chats = all
        .into_iter()
        .map(|(c, username)| ChatView {
            id: c.id,
            title: c.title,
            kind: c.kind,
            topic: c
                .thread_id
                .map(|t| format!("topic {t}"))
                .unwrap_or_default(),
            connected_by: username,
            since: when(c.connected_at),
        })
        .collect();
    Ok(render(&GroupsPage {
        nav: admin.nav(),
        csrf_token: admin.csrf_token.clone(),
        active: "groups",
        chats,
    }))
}

#[post("/admin/groups/{id}/disconnect")]
#[tracing::instrument(skip_all, fields(admin = %admin.0.id()))]
pub async fn disconnect(
    admin: AdminUser,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, PageError> {
    let (id, by) = (id.into_inner(), admin.0.id());
    let ended = db::run(&pool, move |conn| {
        conn.transaction(|conn| {
            let ended = ended::end(conn, Ending::Group { id, owner: None }, Via::Admin)?;
            let ended = ended.groups.into_iter().next();
            if let Some(chat) = &ended {
                audit::record(conn, by, Action::DisconnectGroup, UserId(chat.user_id))?;
            }
            Ok::<_, diesel::result::Error>(ended)
        })
    })
    .await?;
    if let Some(chat) = ended {
        tracing::info!(
            user_id = chat.user_id,
            "an admin disconnected a group or channel"
        );
    }
    Ok(see_other("/admin/groups"))
}
