//! `/admin/audit`: the audit log, newest first, paginated by id, filtered by the kind of action
//! and by the admin who acted.
use std::collections::HashMap;

use actix_web::{HttpResponse, get, web};
use askama::Template;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Deserialize;

use super::audit::{Action, BY_COMMAND, Kind};
use super::flash::{self, Flash};
use crate::accounts::AdminUser;
use crate::db::schema::{admin_audit, users};
use crate::db::{self, Conn, Pool};
use crate::web::format::when;
use crate::web::{NavUser, PageError, render};

const PER_PAGE: i64 = 50;

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
    named.sort_by_key(|(_, name)| name.to_lowercase());
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
            .unwrap_or_else(|| crate::i18n::t("manage-deleted-account"))
    };
    let entries = rows
        .iter()
        .take(PER_PAGE as usize)
        .map(|(_, by, action, user, at, detail)| {
            let (admin, action) = match action.strip_prefix(BY_COMMAND) {
                Some(action) => (crate::i18n::t("manage-audit-command"), action),
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
            label: k.label(),
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
        label: crate::i18n::t("manage-audit-command"),
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
