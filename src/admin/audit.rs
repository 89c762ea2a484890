//! The audit log of admin actions (`admin_audit`): what an admin (or the `tglink` command line)
//! did, to whom (an account) or to what (`detail`: a broadcast, a topic, a webhook endpoint, a
//! token), and when. Its page is `audit_page.rs`.
use diesel::prelude::*;

use crate::accounts::UserId;
use crate::db::schema::admin_audit;
use crate::db::{Conn, now};

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
    pub const ALL: [Kind; 6] = [
        Kind::Users,
        Kind::Broadcasts,
        Kind::Topics,
        Kind::Webhooks,
        Kind::Groups,
        Kind::Tokens,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Users => "users",
            Kind::Broadcasts => "broadcasts",
            Kind::Topics => "topics",
            Kind::Webhooks => "webhooks",
            Kind::Groups => "groups",
            Kind::Tokens => "tokens",
        }
    }

    /// The kind as the filter says it, in the reader's language.
    pub fn label(self) -> String {
        crate::i18n::t(match self {
            Kind::Users => "manage-kind-accounts",
            Kind::Broadcasts => "manage-kind-broadcasts",
            Kind::Topics => "manage-kind-topics",
            Kind::Webhooks => "manage-kind-webhooks",
            Kind::Groups => "manage-kind-groups",
            Kind::Tokens => "manage-kind-tokens",
        })
    }
}

/// The stored prefix of an action taken with the `tglink` command line (no admin account).
pub const BY_COMMAND: &str = "cli:";

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

    /// (as stored, the catalogue key of what the page says, its kind)
    fn info(self) -> (&'static str, &'static str, Kind) {
        use Kind::*;
        match self {
            Action::MakeAdmin => ("make_admin", "manage-audit-make-admin", Users),
            Action::RemoveAdmin => ("remove_admin", "manage-audit-remove-admin", Users),
            Action::Disable => ("disable", "manage-audit-disable", Users),
            Action::Enable => ("enable", "manage-audit-enable", Users),
            Action::UnlinkTelegram => ("unlink_telegram", "manage-audit-unlink-telegram", Users),
            Action::TestMessage => ("test_message", "manage-audit-test-message", Users),
            Action::ResetPassword => ("reset_password", "manage-audit-reset-password", Users),
            Action::SendBroadcast => ("send_broadcast", "manage-audit-send-broadcast", Broadcasts),
            Action::ScheduleBroadcast => (
                "schedule_broadcast",
                "manage-audit-schedule-broadcast",
                Broadcasts,
            ),
            Action::TestBroadcast => ("test_broadcast", "manage-audit-test-broadcast", Broadcasts),
            Action::ChangeScheduled => (
                "change_scheduled",
                "manage-audit-change-scheduled",
                Broadcasts,
            ),
            Action::EditBroadcast => ("edit_broadcast", "manage-audit-edit-broadcast", Broadcasts),
            Action::CancelBroadcast => (
                "cancel_broadcast",
                "manage-audit-cancel-broadcast",
                Broadcasts,
            ),
            Action::DeleteBroadcast => (
                "delete_broadcast",
                "manage-audit-delete-broadcast",
                Broadcasts,
            ),
            Action::CreateTopic => ("create_topic", "manage-audit-create-topic", Topics),
            Action::ChangeTopic => ("change_topic", "manage-audit-change-topic", Topics),
            Action::DeleteTopic => ("delete_topic", "manage-audit-delete-topic", Topics),
            Action::DisconnectGroup => {
                ("disconnect_group", "manage-audit-disconnect-group", Groups)
            }
            Action::AddWebhook => ("add_webhook", "manage-audit-add-webhook", Webhooks),
            Action::RemoveWebhook => ("remove_webhook", "manage-audit-remove-webhook", Webhooks),
            Action::ResendWebhook => ("resend_webhook", "manage-audit-resend-webhook", Webhooks),
            Action::CreateToken => ("create_token", "manage-audit-create-token", Tokens),
            Action::RevokeToken => ("revoke_token", "manage-audit-revoke-token", Tokens),
        }
    }

    pub fn as_str(self) -> &'static str {
        self.info().0
    }

    /// The action as the audit page says it, in the reader's language.
    pub fn describe(stored: &str) -> String {
        match Action::ALL.into_iter().find(|a| a.as_str() == stored) {
            Some(action) => crate::i18n::t(action.info().1),
            None => stored.to_string(),
        }
    }

    /// Every stored form of the actions of `kind`, by an admin or by the command line.
    pub fn stored_of(kind: Kind) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use super::{Action, Kind};
    use crate::i18n::{Lang, t_in};

    /// Every action and kind is said in words in every language, not by its key.
    #[test]
    fn every_action_and_kind_has_words() {
        for lang in Lang::ALL {
            for action in Action::ALL {
                let key = action.info().1;
                assert_ne!(t_in(lang, key), key, "{key} in {lang}");
            }
            let said = crate::i18n::in_lang(lang, || Kind::ALL.map(Kind::label));
            assert!(said.iter().all(|l| !l.starts_with("manage-")), "{said:?}");
        }
    }
}
