//! `/admin/groups`: every group and channel members connected, with who connected it, and a
//! Disconnect button (CSRF-checked, audited in the same transaction; what was still queued for the
//! chat is cancelled).
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

use super::action::{self, Done};
use super::audit::{Action, Entry};
use crate::accounts::csrf::CsrfForm;
use crate::accounts::{AdminUser, UserId};
use crate::db::{self, Pool};
use crate::linking::ended::{self, Ending};
use crate::linking::groups;
use crate::linking::links::Via;
use crate::web::format::when;
use crate::web::{NavUser, NoFields, PageError, render};

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
    flash: Option<crate::admin::flash::Flash>,
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
            kind: match c.kind.as_str() {
                "group" => crate::i18n::t("manage-kind-group"),
                "supergroup" => crate::i18n::t("manage-kind-supergroup"),
                "channel" => crate::i18n::t("manage-kind-channel"),
                _ => c.kind,
            },
            topic: c
                .thread_id
                .map(|t| crate::i18n::t1("manage-group-topic", "id", t))
                .unwrap_or_default(),
            connected_by: username,
            since: when(c.connected_at),
        })
        .collect();
    Ok(render(&GroupsPage {
        nav: admin.nav(),
        csrf_token: admin.csrf_token.clone(),
        active: "groups",
        flash: crate::admin::flash::take(&admin),
        chats,
    }))
}

#[post("/admin/groups/{id}/disconnect")]
pub async fn disconnect(
    admin: AdminUser,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    action::perform(&admin, &pool, "/admin/groups", move |conn| {
        let ended = ended::end(conn, Ending::Group { id, owner: None }, Via::Admin)?;
        Ok(match ended.groups.into_iter().next() {
            Some(chat) => Done::new(
                Some(Entry::account(
                    Action::DisconnectGroup,
                    UserId(chat.user_id),
                )),
                crate::i18n::t1("manage-disconnected", "title", chat.title.as_str()),
            ),
            None => Done::new(None, crate::i18n::t("manage-disconnected-already")),
        })
    })
    .await
}
