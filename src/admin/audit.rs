//! The audit log of admin actions (`admin_audit`) and its page, `/admin/audit`: who did what to
//! whom (an account) or to what (`detail`: a webhook endpoint, an event), and when, newest first,
//! paginated by id.
use std::collections::HashMap;

use actix_web::{HttpResponse, get, web};
use askama::Template;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Deserialize;

use crate::accounts::{AdminUser, UserId};
use crate::db::schema::{admin_audit, users};
use crate::db::{self, Conn, Pool, now};
use crate::web::format::when;
use crate::web::{NavUser, PageError, render};

const PER_PAGE: i64 = 50;

/// What an admin did, as stored in `admin_audit.action`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    MakeAdmin,
    RemoveAdmin,
    Disable,
    Enable,
    UnlinkTelegram,
    TestMessage,
    ResetPassword,
    /// Disconnected a group or channel; the target is the account that connected it.
    DisconnectGroup,
    /// Added a webhook endpoint; the detail is its URL.
    AddWebhook,
    /// Removed a webhook endpoint; the detail is its URL.
    RemoveWebhook,
    /// Queued a webhook event again; the detail names the event and the endpoint.
    ResendWebhook,
}

const ACTIONS: [Action; 11] = [
    Action::MakeAdmin,
    Action::RemoveAdmin,
    Action::Disable,
    Action::Enable,
    Action::UnlinkTelegram,
    Action::TestMessage,
    Action::ResetPassword,
    Action::DisconnectGroup,
    Action::AddWebhook,
    Action::RemoveWebhook,
    Action::ResendWebhook,
];

/// The stored prefix of an action taken with the `tglink` command line (no admin account).
const BY_COMMAND: &str = "cli:";

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::MakeAdmin => "make_admin",
            Action::RemoveAdmin => "remove_admin",
            Action::Disable => "disable",
            Action::Enable => "enable",
            Action::UnlinkTelegram => "unlink_telegram",
            Action::TestMessage => "test_message",
            Action::ResetPassword => "reset_password",
            Action::DisconnectGroup => "disconnect_group",
            Action::AddWebhook => "add_webhook",
            Action::RemoveWebhook => "remove_webhook",
            Action::ResendWebhook => "resend_webhook",
        }
    }

    /// The action as the audit page says it.
    fn describe(stored: &str) -> String {
        match ACTIONS.into_iter().find(|a| a.as_str() == stored) {
            Some(Action::MakeAdmin) => "made admin".into(),
            Some(Action::RemoveAdmin) => "removed admin".into(),
            Some(Action::Disable) => "disabled".into(),
            Some(Action::Enable) => "enabled".into(),
            Some(Action::UnlinkTelegram) => "unlinked Telegram".into(),
            Some(Action::TestMessage) => "sent a test message".into(),
            Some(Action::ResetPassword) => "reset the password".into(),
            Some(Action::DisconnectGroup) => "disconnected a group or channel".into(),
            Some(Action::AddWebhook) => "added a webhook endpoint".into(),
            Some(Action::RemoveWebhook) => "removed a webhook endpoint".into(),
            Some(Action::ResendWebhook) => "resent a webhook event".into(),
            None => stored.to_string(),
        }
    }
}

pub fn record(conn: &mut Conn, by: UserId, action: Action, user: UserId) -> QueryResult<()> {
    diesel::insert_into(admin_audit::table)
        .values((
            admin_audit::admin_id.eq(by.0),
            admin_audit::action.eq(action.as_str()),
            admin_audit::target_id.eq(user.0),
            admin_audit::created_at.eq(now()),
        ))
        .execute(conn)
        .map(drop)
}

/// Records an action taken with the `tglink` command line: whoever ran it had the server, not an
/// admin account, so the entry names the command line as its author.
pub fn record_by_command(conn: &mut Conn, action: Action, user: UserId) -> QueryResult<()> {
    diesel::insert_into(admin_audit::table)
        .values((
            admin_audit::admin_id.eq(None::<i64>),
            admin_audit::action.eq(format!("{BY_COMMAND}{}", action.as_str())),
            admin_audit::target_id.eq(user.0),
            admin_audit::created_at.eq(now()),
        ))
        .execute(conn)
        .map(drop)
}

/// Records an action on something other than an account, named by `detail`: by an admin, or
/// with the `tglink` command line when `by` is `None`.
pub fn record_detail(
    conn: &mut Conn,
    by: Option<UserId>,
    action: Action,
    detail: &str,
) -> QueryResult<()> {
    let stored = match by {
        Some(_) => action.as_str().to_string(),
        None => format!("{BY_COMMAND}{}", action.as_str()),
    };
    diesel::insert_into(admin_audit::table)
        .values((
            admin_audit::admin_id.eq(by.map(|u| u.0)),
            admin_audit::action.eq(stored),
            admin_audit::target_id.eq(None::<i64>),
            admin_audit::detail.eq(detail),
            admin_audit::created_at.eq(now()),
        ))
        .execute(conn)
        .map(drop)
}

type Entry = (
    i64,
    Option<i64>,
    String,
    Option<i64>,
    NaiveDateTime,
    Option<String>,
);

/// Up to `limit` entries older than `before` (by id), newest first, with the usernames involved.
fn entries(
    conn: &mut Conn,
    before: Option<i64>,
    limit: i64,
) -> QueryResult<(Vec<Entry>, HashMap<i64, String>)> {
    let mut query = admin_audit::table
        .select((
            admin_audit::id,
            admin_audit::admin_id,
            admin_audit::action,
            admin_audit::target_id,
            admin_audit::created_at,
            admin_audit::detail,
        ))
        .order(admin_audit::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(before) = before {
        query = query.filter(admin_audit::id.lt(before));
    }
    let rows: Vec<Entry> = query.load(conn)?;
    let ids: Vec<i64> = rows
        .iter()
        .flat_map(|(_, admin, _, target, _, _)| [*admin, *target])
        .flatten()
        .collect();
    let names = users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::username))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    Ok((rows, names))
}

struct EntryView {
    at: String,
    admin: String,
    action: String,
    user: String,
    /// What it was about when not an account (a webhook endpoint's URL, an event).
    detail: String,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    nav: Option<NavUser>,
    csrf_token: String,
    active: &'static str,
    entries: Vec<EntryView>,
    /// The id to continue from on the next page.
    older: Option<i64>,
    /// Where this page starts (`None` on the newest).
    before: Option<i64>,
}

#[derive(Deserialize)]
pub struct AuditQuery {
    before: Option<i64>,
}

#[get("/admin/audit")]
pub async fn audit_page(
    AdminUser(admin): AdminUser,
    pool: web::Data<Pool>,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, PageError> {
    let before = query.before;
    let (rows, names) = db::run(&pool, move |conn| entries(conn, before, PER_PAGE + 1)).await?;
    let older = (rows.len() as i64 > PER_PAGE)
        .then(|| rows.get(PER_PAGE as usize - 1).map(|r| r.0))
        .flatten();
    let name = |id: Option<i64>| {
        id.and_then(|id| names.get(&id).cloned())
            .unwrap_or_else(|| "(deleted account)".into())
    };
    let entries = rows
        .iter()
        .take(PER_PAGE as usize)
        .map(|(_, by, action, user, at, detail)| {
            let (admin, action) = match action.strip_prefix(BY_COMMAND) {
                Some(action) => ("the tglink command".to_string(), action),
                None => (name(*by), action.as_str()),
            };
            EntryView {
                at: when(*at),
                admin,
                action: Action::describe(action),
                // An action about something else names no account.
                user: match detail {
                    Some(_) => String::new(),
                    None => name(*user),
                },
                detail: detail.clone().unwrap_or_default(),
            }
        })
        .collect();
    Ok(render(&AuditPage {
        nav: admin.nav(),
        csrf_token: admin.csrf_token.clone(),
        active: "audit",
        entries,
        older,
        before,
    }))
}
