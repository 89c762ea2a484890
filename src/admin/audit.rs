//! The audit log of admin actions (`admin_audit`) and its page, `/admin/audit`: who did what to
//! whom (an account) or to what (`detail`: a broadcast, a topic, a webhook endpoint, a token), and
//! when, newest first, paginated by id, filtered by the kind of action and by the admin.
use std::collections::HashMap;

use actix_web::{HttpResponse, get, web};
use askama::Template;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Deserialize;

use super::flash::{self, Flash};
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
    /// Sent a broadcast now; the detail names it.
    SendBroadcast,
    /// Scheduled a broadcast; the detail names it and its start.
    ScheduleBroadcast,
    /// Sent a broadcast to the linked admins only (a test send).
    TestBroadcast,
    /// Changed a scheduled broadcast before it started.
    ChangeScheduled,
    /// Edited a broadcast that went out, in every chat.
    EditBroadcast,
    CancelBroadcast,
    /// Deleted a broadcast for everyone.
    DeleteBroadcast,
    CreateTopic,
    ChangeTopic,
    DeleteTopic,
    /// Disconnected a group or channel; the target is the account that connected it.
    DisconnectGroup,
    /// Added a webhook endpoint; the detail is its URL.
    AddWebhook,
    /// Removed a webhook endpoint; the detail is its URL.
    RemoveWebhook,
    /// Queued a webhook event again; the detail names the event and the endpoint.
    ResendWebhook,
    /// Created an API token; the detail is its name.
    CreateToken,
    RevokeToken,
}

/// The kinds the audit page filters by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Users,
    Broadcasts,
    Topics,
    Webhooks,
    Groups,
    Tokens,
}

impl Kind {
    const ALL: [Kind; 6] = [
        Kind::Users,
        Kind::Broadcasts,
        Kind::Topics,
        Kind::Webhooks,
        Kind::Groups,
        Kind::Tokens,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Kind::Users => "users",
            Kind::Broadcasts => "broadcasts",
            Kind::Topics => "topics",
            Kind::Webhooks => "webhooks",
            Kind::Groups => "groups",
            Kind::Tokens => "tokens",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Kind::Users => "Accounts",
            Kind::Broadcasts => "Broadcasts",
            Kind::Topics => "Topics",
            Kind::Webhooks => "Webhooks",
            Kind::Groups => "Groups and channels",
            Kind::Tokens => "API tokens",
        }
    }
}

/// The stored prefix of an action taken with the `tglink` command line (no admin account).
const BY_COMMAND: &str = "cli:";

impl Action {
    const ALL: [Action; 23] = [
        Action::MakeAdmin,
        Action::RemoveAdmin,
        Action::Disable,
        Action::Enable,
        Action::UnlinkTelegram,
        Action::TestMessage,
        Action::ResetPassword,
        Action::SendBroadcast,
        Action::ScheduleBroadcast,
        Action::TestBroadcast,
        Action::ChangeScheduled,
        Action::EditBroadcast,
        Action::CancelBroadcast,
        Action::DeleteBroadcast,
        Action::CreateTopic,
        Action::ChangeTopic,
        Action::DeleteTopic,
        Action::DisconnectGroup,
        Action::AddWebhook,
        Action::RemoveWebhook,
        Action::ResendWebhook,
        Action::CreateToken,
        Action::RevokeToken,
    ];

    /// (as stored, as the page says it, its kind)
    fn info(self) -> (&'static str, &'static str, Kind) {
        use Kind::*;
        match self {
            Action::MakeAdmin => ("make_admin", "made admin", Users),
            Action::RemoveAdmin => ("remove_admin", "removed admin", Users),
            Action::Disable => ("disable", "disabled", Users),
            Action::Enable => ("enable", "enabled", Users),
            Action::UnlinkTelegram => ("unlink_telegram", "unlinked Telegram", Users),
            Action::TestMessage => ("test_message", "sent a test message", Users),
            Action::ResetPassword => ("reset_password", "reset the password", Users),
            Action::SendBroadcast => ("send_broadcast", "sent a broadcast", Broadcasts),
            Action::ScheduleBroadcast => {
                ("schedule_broadcast", "scheduled a broadcast", Broadcasts)
            }
            Action::TestBroadcast => ("test_broadcast", "sent a test to the admins", Broadcasts),
            Action::ChangeScheduled => (
                "change_scheduled",
                "changed a scheduled broadcast",
                Broadcasts,
            ),
            Action::EditBroadcast => ("edit_broadcast", "edited a broadcast", Broadcasts),
            Action::CancelBroadcast => ("cancel_broadcast", "cancelled a broadcast", Broadcasts),
            Action::DeleteBroadcast => (
                "delete_broadcast",
                "deleted a broadcast for everyone",
                Broadcasts,
            ),
            Action::CreateTopic => ("create_topic", "created a topic", Topics),
            Action::ChangeTopic => ("change_topic", "changed a topic", Topics),
            Action::DeleteTopic => ("delete_topic", "deleted a topic", Topics),
            Action::DisconnectGroup => (
                "disconnect_group",
                "disconnected a group or channel",
                Groups,
            ),
            Action::AddWebhook => ("add_webhook", "added a webhook endpoint", Webhooks),
            Action::RemoveWebhook => ("remove_webhook", "removed a webhook endpoint", Webhooks),
            Action::ResendWebhook => ("resend_webhook", "resent a webhook event", Webhooks),
            Action::CreateToken => ("create_token", "created an API token", Tokens),
            Action::RevokeToken => ("revoke_token", "revoked an API token", Tokens),
        }
    }

    pub fn as_str(self) -> &'static str {
        self.info().0
    }

    /// The action as the audit page says it.
    fn describe(stored: &str) -> String {
        match Action::ALL.into_iter().find(|a| a.as_str() == stored) {
            Some(action) => action.info().1.into(),
            None => stored.to_string(),
        }
    }

    /// Every stored form of the actions of `kind`, by an admin or by the command line.
    fn stored_of(kind: Kind) -> Vec<String> {
        Action::ALL
            .into_iter()
            .filter(|a| a.info().2 == kind)
            .flat_map(|a| {
                [
                    a.as_str().to_string(),
                    format!("{BY_COMMAND}{}", a.as_str()),
                ]
            })
            .collect()
    }
}

/// What an audit entry is about: an account, or something else named in words.
#[derive(Debug, Clone)]
pub enum About {
    Account(UserId),
    /// A broadcast, a topic, a webhook endpoint, a token: as the log should name it.
    Thing(String),
}

/// One entry to record.
#[derive(Debug, Clone)]
pub struct Entry {
    pub action: Action,
    pub about: About,
}

impl Entry {
    pub fn account(action: Action, user: UserId) -> Entry {
        Entry {
            action,
            about: About::Account(user),
        }
    }

    pub fn thing(action: Action, detail: impl Into<String>) -> Entry {
        Entry {
            action,
            about: About::Thing(detail.into()),
        }
    }
}

/// Records `entry` as done by the admin `by`, or with the `tglink` command line when `None`
/// (whoever ran it had the server, not an admin account).
pub fn write(conn: &mut Conn, by: Option<UserId>, entry: &Entry) -> QueryResult<()> {
    let stored = match by {
        Some(_) => entry.action.as_str().to_string(),
        None => format!("{BY_COMMAND}{}", entry.action.as_str()),
    };
    let (target, detail) = match &entry.about {
        About::Account(user) => (Some(user.0), None),
        About::Thing(detail) => (None, Some(detail.as_str())),
    };
    diesel::insert_into(admin_audit::table)
        .values((
            admin_audit::admin_id.eq(by.map(|u| u.0)),
            admin_audit::action.eq(stored),
            admin_audit::target_id.eq(target),
            admin_audit::detail.eq(detail),
            admin_audit::created_at.eq(now()),
        ))
        .execute(conn)
        .map(drop)
}

/// Records an action on an account taken with the `tglink` command line.
pub fn record_by_command(conn: &mut Conn, action: Action, user: UserId) -> QueryResult<()> {
    write(conn, None, &Entry::account(action, user))
}

/// Records an action on something other than an account, named by `detail`: by an admin, or
/// with the `tglink` command line when `by` is `None`.
pub fn record_detail(
    conn: &mut Conn,
    by: Option<UserId>,
    action: Action,
    detail: &str,
) -> QueryResult<()> {
    write(conn, by, &Entry::thing(action, detail))
}

type Row = (
    i64,
    Option<i64>,
    String,
    Option<i64>,
    NaiveDateTime,
    Option<String>,
);

/// Which entries the page shows.
#[derive(Debug, Clone, Default)]
struct Filter {
    kind: Option<Kind>,
    /// `Some(None)`: the command line; `Some(Some(id))`: that admin.
    by: Option<Option<i64>>,
}

/// Up to `limit` entries older than `before` (by id) that pass `filter`, newest first, with the
/// usernames involved.
fn entries(
    conn: &mut Conn,
    filter: &Filter,
    before: Option<i64>,
    limit: i64,
) -> QueryResult<(Vec<Row>, HashMap<i64, String>)> {
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
    if let Some(kind) = filter.kind {
        query = query.filter(admin_audit::action.eq_any(Action::stored_of(kind)));
    }
    match filter.by {
        None => {}
        Some(Some(admin)) => query = query.filter(admin_audit::admin_id.eq(admin)),
        Some(None) => query = query.filter(admin_audit::action.like(format!("{BY_COMMAND}%"))),
    }
    let rows: Vec<Row> = query.load(conn)?;
    let ids: Vec<i64> = rows
        .iter()
        .flat_map(|(_, admin, _, target, _, _)| [*admin, *target])
        .flatten()
        .collect();
    Ok((rows, usernames(conn, ids)?))
}

fn usernames(conn: &mut Conn, ids: Vec<i64>) -> QueryResult<HashMap<i64, String>> {
    Ok(users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::username))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect())
}

/// Everyone who appears as the author of an entry, by name, for the filter.
fn authors(conn: &mut Conn) -> QueryResult<Vec<(i64, String)>> {
    let ids: Vec<Option<i64>> = admin_audit::table
        .select(admin_audit::admin_id)
        .distinct()
        .load(conn)?;
    let mut named: Vec<(i64, String)> = usernames(conn, ids.into_iter().flatten().collect())?
        .into_iter()
        .collect();
    named.sort_by(|a, b| a.1.to_lowercase().cmp(&b.1.to_lowercase()));
    Ok(named)
}

struct EntryView {
    at: String,
    admin: String,
    action: String,
    user: String,
    /// What it was about when not an account (a broadcast, a webhook endpoint's URL, an event).
    detail: String,
}

/// One choice of a filter's select.
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    nav: Option<NavUser>,
    csrf_token: String,
    active: &'static str,
    flash: Option<Flash>,
    entries: Vec<EntryView>,
    kinds: Vec<Choice>,
    admins: Vec<Choice>,
    filtered: bool,
    /// The filters as a query string to keep across pages ("&kind=…&admin=…").
    keep: String,
    /// The id to continue from on the next page.
    older: Option<i64>,
    /// Where this page starts (`None` on the newest).
    before: Option<i64>,
}

#[derive(Deserialize)]
pub struct AuditQuery {
    before: Option<i64>,
    #[serde(default)]
    kind: String,
    /// An admin's id, or `cli` for the command line; empty for everyone.
    #[serde(default)]
    admin: String,
}

impl AuditQuery {
    fn filter(&self) -> Filter {
        Filter {
            kind: Kind::ALL.into_iter().find(|k| k.as_str() == self.kind),
            by: match self.admin.as_str() {
                "cli" => Some(None),
                id => id.parse().ok().map(Some),
            },
        }
    }
}

#[get("/admin/audit")]
pub async fn audit_page(
    admin: AdminUser,
    pool: web::Data<Pool>,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, PageError> {
    let before = query.before;
    let filter = query.filter();
    let wanted = filter.clone();
    let ((rows, names), authors) = db::run(&pool, move |conn| {
        Ok::<_, diesel::result::Error>((
            entries(conn, &wanted, before, PER_PAGE + 1)?,
            authors(conn)?,
        ))
    })
    .await?;
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
    let kinds = Kind::ALL
        .into_iter()
        .map(|k| Choice {
            value: k.as_str().into(),
            label: k.label().into(),
            selected: filter.kind == Some(k),
        })
        .collect();
    let mut admins: Vec<Choice> = authors
        .into_iter()
        .map(|(id, username)| Choice {
            selected: filter.by == Some(Some(id)),
            value: id.to_string(),
            label: username,
        })
        .collect();
    admins.push(Choice {
        value: "cli".into(),
        label: "the tglink command".into(),
        selected: filter.by == Some(None),
    });
    let keep = format!(
        "&kind={}&admin={}",
        filter.kind.map_or("", Kind::as_str),
        match filter.by {
            None => String::new(),
            Some(None) => "cli".into(),
            Some(Some(id)) => id.to_string(),
        }
    );
    Ok(render(&AuditPage {
        nav: admin.0.nav(),
        csrf_token: admin.0.csrf_token.clone(),
        active: "audit",
        flash: flash::take(&admin.0),
        entries,
        kinds,
        admins,
        filtered: filter.kind.is_some() || filter.by.is_some(),
        keep,
        older,
        before,
    }))
}
