//! `/admin/users`: find members (`?q=` a username prefix, `@…` a Telegram one; `?after=` the
//! keyset cursor) and act on one: make or remove admin, disable or enable, unlink Telegram, send a
//! test message. Every action is one CSRF-checked POST, `/admin/users/{id}/{action}`, audited in
//! the same transaction and answered with a flash on the users page showing the account.
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

use super::action::{self, Done, Refusal};
use super::audit::{Action, Entry};
use super::directory::{self, ChangeError, Member, Search};
use super::flash::{self, Flash};
use crate::accounts::auth::urlencode;
use crate::accounts::csrf::CsrfForm;
use crate::accounts::{AdminUser, UserId};
use crate::config::Config;
use crate::db::{self, Conn, Pool};
use crate::delivery::text::{Format, MessageText};
use crate::linking::ended::{self, Ended};
use crate::telegram::Telegram;
use crate::web::format::when;
use crate::web::{NavUser, NoFields, PageError, render};

const PER_PAGE: i64 = 50;

struct MemberView {
    id: i64,
    username: String,
    created: String,
    last_sign_in: String,
    /// "@name", or the Telegram name when there is no @username; `None` when not linked.
    telegram: Option<String>,
    is_admin: bool,
    disabled: Option<String>,
    /// A deleted account (kept nameless for the counts): no actions.
    deleted: bool,
    /// The only active admin: not offered "Remove admin" nor "Disable".
    only_admin: bool,
}

impl MemberView {
    fn new(m: Member, active_admins: i64) -> MemberView {
        MemberView {
            only_admin: m.is_admin && m.disabled_at.is_none() && active_admins == 1,
            id: m.id,
            deleted: m.is_deleted(),
            telegram: m.telegram(),
            username: m.username,
            created: when(m.created_at),
            last_sign_in: m
                .last_login_at
                .map(when)
                .unwrap_or_else(|| crate::i18n::t("manage-never")),
            is_admin: m.is_admin,
            disabled: m.disabled_at.map(when),
        }
    }
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    nav: Option<NavUser>,
    csrf_token: String,
    active: &'static str,
    flash: Option<Flash>,
    q: String,
    members: Vec<MemberView>,
    next_href: Option<String>,
    first_href: Option<String>,
}

#[derive(Deserialize)]
pub struct UsersQuery {
    #[serde(default)]
    q: String,
    after: Option<String>,
}

#[get("/admin/users")]
pub async fn users_page(
    admin: AdminUser,
    pool: web::Data<Pool>,
    query: web::Query<UsersQuery>,
) -> Result<HttpResponse, PageError> {
    let UsersQuery { q, after } = query.into_inner();
    let search = Search::parse(&q);
    let cursor = after.clone();
    let (mut rows, active_admins) = db::run(&pool, move |conn| {
        Ok::<_, diesel::result::Error>((
            directory::page(conn, &search, cursor.as_deref(), PER_PAGE + 1)?,
            directory::active_admins(conn)?,
        ))
    })
    .await?;
    let more = rows.len() as i64 > PER_PAGE;
    rows.truncate(PER_PAGE as usize);
    let here = format!("/admin/users?q={}", urlencode(q.trim()));
    let next_href = more
        .then(|| rows.last())
        .flatten()
        .map(|last| format!("{here}&after={}", urlencode(&last.username_lower)));
    Ok(render(&UsersPage {
        nav: admin.0.nav(),
        csrf_token: admin.0.csrf_token.clone(),
        active: "users",
        flash: flash::take(&admin.0),
        q: q.trim().to_string(),
        members: rows
            .into_iter()
            .map(|m| MemberView::new(m, active_admins))
            .collect(),
        next_href,
        first_href: after.is_some().then_some(here),
    }))
}

/// What an admin does to an account, as the last segment of its form's address.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UserAction {
    MakeAdmin,
    RemoveAdmin,
    Disable,
    Enable,
    Unlink,
    TestMessage,
}

impl UserAction {
    /// Makes the change; what it says afterwards names the account. A repeated click changes
    /// nothing and records nothing.
    fn apply(
        self,
        conn: &mut Conn,
        by: UserId,
        user: UserId,
        name: &str,
        test: &MessageText,
    ) -> Result<Done<Option<Ended>>, ChangeError> {
        // What it says names the account: (done, nothing changed).
        let said = |done: &str, unchanged: &str, changed: bool| {
            crate::i18n::t1(if changed { done } else { unchanged }, "name", name)
        };
        let (changed, action, said, ended) = match self {
            UserAction::MakeAdmin => {
                let changed = directory::set_admin(conn, user, true)?;
                let said = said("manage-made-admin", "manage-made-admin-unchanged", changed);
                (changed, Action::MakeAdmin, said, None)
            }
            UserAction::RemoveAdmin => {
                let changed = directory::set_admin(conn, user, false)?;
                let said = said(
                    "manage-removed-admin",
                    "manage-removed-admin-unchanged",
                    changed,
                );
                (changed, Action::RemoveAdmin, said, None)
            }
            UserAction::Disable => {
                let changed = directory::disable(conn, user)?;
                let said = said("manage-disabled", "manage-disabled-unchanged", changed);
                (changed, Action::Disable, said, None)
            }
            UserAction::Enable => {
                let changed = directory::enable(conn, user)?;
                let said = said("manage-enabled", "manage-enabled-unchanged", changed);
                (changed, Action::Enable, said, None)
            }
            UserAction::Unlink => {
                let ended = directory::unlink_telegram(conn, user)?;
                let changed = ended.link.is_some();
                let said = said("manage-unlinked", "manage-unlinked-unchanged", changed);
                (changed, Action::UnlinkTelegram, said, Some(ended))
            }
            UserAction::TestMessage => {
                let changed = directory::send_test_message(conn, by, user, test)?;
                let said = crate::i18n::t1("manage-test-on-its-way", "name", name);
                (changed, Action::TestMessage, said, None)
            }
        };
        Ok(Done {
            entry: changed.then(|| Entry::account(action, user)),
            said,
            value: ended,
        })
    }
}

impl From<ChangeError> for Refusal {
    fn from(e: ChangeError) -> Refusal {
        match e {
            ChangeError::NoSuchUser => Refusal::NotFound("formats-error-no-such-account"),
            ChangeError::LastAdmin => Refusal::Said(crate::i18n::t("manage-last-admin")),
            ChangeError::NotReachable => Refusal::Said(crate::i18n::t("manage-not-reachable")),
            ChangeError::Db(e) => Refusal::Db(e),
        }
    }
}

/// Every action on an account, then back to the users page showing it, with what was done or
/// why not.
#[post("/admin/users/{id}/{action}")]
#[tracing::instrument(skip_all, fields(admin = %admin.0.id()))]
pub async fn act(
    admin: AdminUser,
    pool: web::Data<Pool>,
    telegram: web::Data<Telegram>,
    config: web::Data<Config>,
    path: web::Path<(i64, UserAction)>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, PageError> {
    let (user, todo) = path.into_inner();
    let user = UserId(user);
    let (name, reader) = db::run(&pool, move |conn| {
        let Some(found) = crate::accounts::store::find_by_id(conn, user)? else {
            return Ok::<_, diesel::result::Error>(None);
        };
        Ok(Some((
            found.username,
            crate::accounts::language::of_member(conn, user)?,
        )))
    })
    .await?
    .ok_or(PageError::NotFound("formats-error-no-such-account"))?;
    let back = format!("/admin/users?q={}", urlencode(&name));
    // The member reads the test message: in their language.
    let test = crate::i18n::in_lang(reader, || {
        crate::i18n::t1("manage-test-message", "site", config.site_name.as_str())
    });
    let test = MessageText::parse(&test, Format::Plain).map_err(anyhow::Error::msg)?;
    let by = admin.0.id();
    let outcome = action::run(&admin, &pool, move |conn| {
        Ok(todo.apply(conn, by, user, &name, &test)?)
    })
    .await?;
    if let Ok(Done {
        value: Some(ended), ..
    }) = &outcome
    {
        ended::tell(&telegram, ended);
    }
    Ok(action::answer(&admin, &back, &outcome))
}
