//! One broadcast as the history and its page show it: a subject (its first line as read, not
//! its markup), a status pill, its audience and topic, the counts split by outcome for the bar,
//! and its text cut into the parts it goes out as.
use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::Conn;
use crate::db::schema::{messages, topics};
use crate::delivery::edits;
use crate::delivery::job::Action;
use crate::delivery::report::{Broadcast, Counts};
use crate::delivery::split::split;
use crate::delivery::text::{Format, subject};
use crate::web::format::{thousands, when, when_in};

/// Where a broadcast stands, as its pill says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Scheduled,
    Sending,
    Sent,
    Cancelled,
    Deleted,
    Nobody,
}

impl Status {
    /// What the pill says, in the reader's language.
    pub fn label(self) -> String {
        crate::i18n::t(match self {
            Status::Scheduled => "manage-status-scheduled",
            Status::Sending => "manage-status-sending",
            Status::Sent => "manage-status-sent",
            Status::Cancelled => "manage-status-cancelled",
            Status::Deleted => "manage-status-deleted",
            Status::Nobody => "manage-status-nobody",
        })
    }

    /// The pill's class.
    pub fn class(self) -> &'static str {
        match self {
            Status::Scheduled => "pill-scheduled",
            Status::Sending => "pill-sending",
            Status::Sent => "pill-sent",
            Status::Cancelled | Status::Deleted => "pill-ended",
            Status::Nobody => "pill-nobody",
        }
    }
}

/// What the list says besides the text: the topic, and whether groups get it too.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    pub topic: Option<String>,
    pub to_groups: bool,
}

/// The labels of these broadcasts, by id.
pub fn labels(conn: &mut Conn, ids: &[i64]) -> QueryResult<HashMap<i64, Labels>> {
    let rows: Vec<(i64, Option<i64>, bool)> = messages::table
        .filter(messages::id.eq_any(ids))
        .select((messages::id, messages::topic_id, messages::to_groups))
        .load(conn)?;
    let topic_ids: Vec<i64> = rows.iter().filter_map(|r| r.1).collect();
    let names: HashMap<i64, String> = topics::table
        .filter(topics::id.eq_any(topic_ids))
        .select((topics::id, topics::name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|(id, topic, to_groups)| {
            let topic = topic.and_then(|t| names.get(&t).cloned());
            (id, Labels { topic, to_groups })
        })
        .collect())
}

/// One segment of the outcome bar: its share in thousandths of the bar, where it starts, and
/// what it counts.
pub struct Segment {
    pub class: &'static str,
    pub x: i64,
    pub width: i64,
}

/// The bar's segments, in order: sent, blocked, failed, cancelled, pending (what is left).
fn segments(c: &Counts) -> Vec<Segment> {
    let total = c.total();
    let mut x = 0;
    [
        ("seg-sent", c.sent),
        ("seg-blocked", c.blocked),
        ("seg-failed", c.failed),
        ("seg-cancelled", c.cancelled),
        ("seg-pending", c.open()),
    ]
    .into_iter()
    .map(|(class, n)| {
        let width = if total == 0 { 0 } else { n * 1000 / total };
        let segment = Segment { class, x, width };
        x += width;
        segment
    })
    .collect()
}

/// One broadcast as the pages show it.
pub struct BroadcastView {
    pub id: i64,
    pub author: String,
    pub created: String,
    pub subject: String,
    pub text: String,
    /// The messages it goes out as (one unless it is long).
    pub parts: Vec<String>,
    pub html: bool,
    pub admins_only: bool,
    pub topic: Option<String>,
    pub to_groups: bool,
    /// For the script that polls: scheduled, sending, done, cancelled.
    pub state: &'static str,
    pub status: Status,
    pub cancellable: bool,
    /// When a scheduled broadcast starts (in the admin's time zone), until it does.
    pub scheduled: Option<String>,
    send_at: Option<NaiveDateTime>,
    pub counts: Counts,
    pub segments: Vec<Segment>,
    pub total: String,
    /// How many it was sent to (`total` is this number as written).
    recipients: i64,
    pub percent: u32,
    /// It went out (or started to): it can be edited in place, or deleted for everyone.
    pub started: bool,
    pub edited: Option<String>,
    pub retracted: Option<String>,
    /// Still within the 48 hours Telegram gives a bot to delete its messages.
    pub deletable: bool,
    pub change: Option<ChangeView>,
}

/// The progress of a broadcast's latest edit or of its deletion.
pub struct ChangeView {
    /// "Edit" or "Deletion", in the reader's language.
    pub label: String,
    /// What its progress bar is called.
    pub aria_label: String,
    pub state: &'static str,
    pub counts: Counts,
    pub total: String,
    pub percent: u32,
}

impl ChangeView {
    fn new(id: i64, action: Action, counts: Counts) -> ChangeView {
        let (label, aria) = match action == Action::Delete {
            true => ("manage-change-deletion", "manage-change-deletion-progress"),
            false => ("manage-change-edit", "manage-change-edit-progress"),
        };
        ChangeView {
            label: crate::i18n::t(label),
            aria_label: crate::i18n::t1(aria, "id", id),
            state: if counts.open() > 0 { "sending" } else { "done" },
            total: thousands(counts.total()),
            percent: counts.percent_done(),
            counts,
        }
    }
}

impl ChangeView {
    /// Its state as the badge says it.
    pub fn state_label(&self) -> String {
        state_label(self.state)
    }
}

/// An edit's or a deletion's state (`sending`, `done`) as its badge says it.
pub fn state_label(state: &str) -> String {
    match state {
        "sending" => crate::i18n::t("manage-state-sending"),
        _ => crate::i18n::t("manage-state-done"),
    }
}

impl BroadcastView {
    /// "7 Dec 2026, 18:00 by alice".
    pub fn created_by(&self) -> String {
        crate::i18n::t_args(
            "manage-created-by",
            &[
                ("at", self.created.as_str().into()),
                ("author", self.author.as_str().into()),
            ],
        )
    }

    /// "1,204 recipients".
    pub fn recipients_label(&self) -> String {
        crate::i18n::t_args(
            "manage-recipients-count",
            &[
                ("count", self.recipients.into()),
                ("shown", self.total.as_str().into()),
            ],
        )
    }

    /// The notice of a scheduled broadcast, with the link to change it (markup of ours; the
    /// time is escaped).
    pub fn scheduled_alert(&self, at: &str) -> String {
        crate::i18n::t_args(
            "manage-scheduled-alert",
            &[
                ("at", crate::telegram::html::escape(at).into()),
                ("href", format!("/admin/broadcasts/{}/edit", self.id).into()),
            ],
        )
    }

    /// Shows the start time in the admin's own time zone, when they chose one.
    pub fn in_zone(mut self, zone: Option<chrono_tz::Tz>) -> BroadcastView {
        if let (Some(zone), Some(at), Some(_)) = (zone, self.send_at, &self.scheduled) {
            self.scheduled = Some(when_in(at, zone));
        }
        self
    }

    pub fn labelled(mut self, labels: Option<&Labels>) -> BroadcastView {
        if let Some(l) = labels {
            self.topic = l.topic.clone();
            self.to_groups = l.to_groups;
        }
        self
    }

    pub fn new(b: Broadcast) -> BroadcastView {
        let upcoming = b.send_at.filter(|t| *t > crate::db::now());
        let open = b.counts.open() > 0;
        let state = match (b.cancelled_at.is_some(), open) {
            (true, _) => "cancelled",
            (false, true) if upcoming.is_some() => "scheduled",
            (false, true) => "sending",
            (false, false) => "done",
        };
        let status = match () {
            _ if b.retracted_at.is_some() => Status::Deleted,
            _ if b.cancelled_at.is_some() => Status::Cancelled,
            _ if b.counts.total() == 0 => Status::Nobody,
            _ if state == "scheduled" => Status::Scheduled,
            _ if open => Status::Sending,
            _ => Status::Sent,
        };
        BroadcastView {
            started: b.went_out(),
            edited: b.edited_at.map(when),
            retracted: b.retracted_at.map(when),
            deletable: edits::may_delete(b.started_at()),
            change: b
                .change
                .map(|(action, counts)| ChangeView::new(b.id, action, counts)),
            id: b.id,
            author: b
                .author
                .unwrap_or_else(|| crate::i18n::t("manage-deleted-account")),
            created: when(b.created_at),
            subject: subject(&b.text, b.format),
            parts: split(&b.text, b.format),
            html: b.format == Format::Html,
            admins_only: b.audience == "admins",
            topic: None,
            to_groups: false,
            cancellable: b.cancelled_at.is_none() && open,
            scheduled: (state == "scheduled").then(|| upcoming.map(when)).flatten(),
            send_at: upcoming,
            state,
            status,
            total: thousands(b.recipients),
            recipients: b.recipients,
            percent: b.counts.percent_done(),
            segments: segments(&b.counts),
            counts: b.counts,
            text: b.text,
        }
    }
}
