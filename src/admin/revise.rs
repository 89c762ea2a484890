//! Changing a broadcast after it went out: edit its text in every chat it reached, or delete it
//! for everyone. Both go through the delivery queue (`delivery::edits`); the broadcast's page
//! shows their progress.
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, post, web};
use askama::Template;
use serde::Deserialize;

use super::action::{self, Done};
use super::audit::{Action, Entry};
use crate::accounts::AdminUser;
use crate::accounts::csrf::CsrfForm;
use crate::db::Pool;
use crate::delivery::edits::{self, Owner, Refused};
use crate::delivery::report::Broadcast;
use crate::delivery::split::split;
use crate::delivery::text::{Format, MessageText, subject};
use crate::web::{NavUser, NoFields, PageError, render, render_status};

/// The 404's sentence (a catalogue key).
const NO_SUCH_BROADCAST: &str = "formats-error-no-such-broadcast";

#[derive(Template)]
#[template(path = "admin/revise.html")]
struct RevisePage {
    nav: Option<NavUser>,
    csrf_token: String,
    active: &'static str,
    flash: Option<crate::admin::flash::Flash>,
    id: i64,
    text: String,
    html: bool,
    /// How many messages it went out as: an edit keeps that number.
    parts: usize,
    text_error: Option<String>,
    /// Why the edit could not be made at all (it was deleted meanwhile).
    refused: Option<String>,
}

impl RevisePage {
    fn new(admin: &AdminUser, b: &Broadcast) -> RevisePage {
        RevisePage {
            nav: admin.0.nav(),
            csrf_token: admin.0.csrf_token.clone(),
            active: "history",
            flash: crate::admin::flash::take(&admin.0),
            id: b.id,
            html: b.format == Format::Html,
            text: b.text.clone(),
            parts: split(&b.text, b.format).len(),
            text_error: None,
            refused: None,
        }
    }
}

/// The edit form of a broadcast that went out (`GET /admin/broadcasts/{id}/edit` shows it once
/// the broadcast has started; before, that page changes the schedule).
pub fn edit_page(admin: &AdminUser, b: &Broadcast) -> HttpResponse {
    render(&RevisePage::new(admin, b))
}

#[derive(Deserialize)]
pub struct ReviseForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    format: Format,
}

#[post("/admin/broadcasts/{id}/revise")]
#[tracing::instrument(skip_all, fields(admin = %admin.0.id()))]
pub async fn save(
    admin: AdminUser,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<ReviseForm>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let b = super::history::find(&pool, id).await?;
    let mut page = RevisePage::new(&admin, &b);
    page.html = form.format == Format::Html;
    let text = match MessageText::parse(&form.text, form.format) {
        Ok(text) => text,
        Err(e) => {
            page.text = form.text;
            page.text_error = Some(e);
            return Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    let named = format!("#{id} {}", subject(text.as_str(), text.format()));
    let edited = action::run(&admin, &pool, move |conn| {
        // The form edits the main text; the variants stay as they are (the API can edit them).
        let edited = edits::edit(conn, id, Owner::Broadcast, &text, &Default::default())?;
        Ok(Done {
            entry: edited
                .is_ok()
                .then(|| Entry::thing(Action::EditBroadcast, named)),
            said: match &edited {
                Ok(0) => crate::i18n::t("manage-edit-saved"),
                Ok(chats) => crate::i18n::t1("manage-editing-in", "count", *chats),
                Err(_) => String::new(),
            },
            value: edited,
        })
    })
    .await?
    .map_err(anyhow::Error::msg)?;
    page.text = form.text;
    match edited.value {
        Ok(chats) => {
            tracing::info!(broadcast = id, chats, "broadcast edited");
            let to = format!("/admin/broadcasts/{id}");
            Ok(action::answer(
                &admin,
                &to,
                &Ok(Done::new(None, edited.said)),
            ))
        }
        Err(Refused::NotFound) => Err(PageError::NotFound(NO_SUCH_BROADCAST)),
        Err(e @ Refused::PartsChanged { .. }) => {
            page.text_error = Some(sentence(&e));
            Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => {
            page.refused = Some(sentence(&e));
            Ok(render_status(StatusCode::CONFLICT, &page))
        }
    }
}

/// Deletes the broadcast for everyone: unsent messages are cancelled, sent ones deleted.
#[post("/admin/broadcasts/{id}/retract")]
#[tracing::instrument(skip_all, fields(admin = %admin.0.id()))]
pub async fn retract(
    admin: AdminUser,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let b = super::history::find(&pool, id).await?;
    let named = format!("#{id} {}", subject(&b.text, b.format));
    let again = b.retracted_at.is_some();
    let retracted = action::run(&admin, &pool, move |conn| {
        let retracted = edits::retract(conn, id, Owner::Broadcast)?;
        Ok(Done {
            entry: (retracted.is_ok() && !again)
                .then(|| Entry::thing(Action::DeleteBroadcast, named)),
            said: match &retracted {
                Ok(_) if again => crate::i18n::t("manage-deleted-already"),
                Ok(0) => crate::i18n::t("manage-deleted-unsent"),
                Ok(chats) => crate::i18n::t1("manage-deleting-from", "count", *chats),
                Err(_) => String::new(),
            },
            value: retracted,
        })
    })
    .await?
    .map_err(anyhow::Error::msg)?;
    match retracted.value {
        Ok(chats) => {
            tracing::info!(broadcast = id, chats, "broadcast deleted for everyone");
            let to = format!("/admin/broadcasts/{id}");
            Ok(action::answer(
                &admin,
                &to,
                &Ok(Done::new(None, retracted.said)),
            ))
        }
        Err(Refused::NotFound) => Err(PageError::NotFound(NO_SUCH_BROADCAST)),
        // Too old: the page no longer offers it, so this is a page left open for two days.
        Err(e) => {
            let mut page = RevisePage::new(&admin, &b);
            page.refused = Some(sentence(&e));
            Ok(render_status(StatusCode::CONFLICT, &page))
        }
    }
}

/// A refusal as a sentence on the page, in the admin's language.
fn sentence(e: &Refused) -> String {
    use crate::i18n::{t, t_args, t1};
    match e {
        Refused::NotFound => t("manage-no-such-broadcast"),
        Refused::Retracted => t("manage-refused-retracted"),
        Refused::PartsChanged { sent, now, .. } => t_args(
            "manage-refused-parts",
            &[("sent", (*sent).into()), ("now", (*now).into())],
        ),
        Refused::NoSuchVariant(_) => t("manage-refused-no-variant"),
        Refused::TooOld(at) => t1("manage-refused-too-old", "at", at.as_str()),
    }
}
