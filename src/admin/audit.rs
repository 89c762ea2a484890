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

    pub fn label(self) -> &'static str {
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
    pub fn describe(stored: &str) -> String {
        match Action::ALL.into_iter().find(|a| a.as_str() == stored) {
            Some(action) => action.info().1.into(),
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
