//! What one delivery row asks of Telegram next. A row is one job for one chat: send a message (in
//! as many parts as its text needs), edit what a send delivered, or delete it. The row is a cursor
//! (`step`, the calls done): each claim makes one call, so part 2 never goes before part 1 and a
//! retry repeats only the call that failed.

/// A delivery row's job, as `deliveries.action` stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Send,
    Edit,
    Delete,
}

impl Action {
    pub const fn as_str(self) -> &'static str {
        match self {
            Action::Send => "send",
            Action::Edit => "edit",
            Action::Delete => "delete",
        }
    }

    pub fn from_db(value: &str) -> Action {
        match value {
            "edit" => Action::Edit,
            "delete" => Action::Delete,
            _ => Action::Send,
        }
    }
}

/// The next Telegram call of a claimed delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// Send part `part` (from 0) of the message.
    Send { part: usize },
    /// Replace the text of the sent part `part`, Telegram's message `target`.
    Edit { part: usize, target: i64 },
    /// Delete Telegram's message `target`.
    Delete { target: i64 },
    /// The send this row changes is still under way: its messages are not all known yet.
    WaitForSend,
    /// Nothing to call: the send this row changes delivered nothing.
    NothingDelivered,
}

/// Where a send delivery stands, for the edits and deletes that act on it.
#[derive(Debug, Clone, Default)]
pub struct SendState {
    /// Pending or being sent.
    pub open: bool,
    /// Telegram's ids of the parts it delivered, in order.
    pub message_ids: Vec<i64>,
}

/// A claimed row's next call, and whether it is the row's last.
pub fn next(action: Action, step: i32, parts: usize, source: Option<&SendState>) -> (Job, bool) {
    let step = usize::try_from(step).unwrap_or(0);
    if action == Action::Send {
        // Past the last part (an edit cannot add parts): the send is done.
        let part = step.min(parts.saturating_sub(1));
        return (Job::Send { part }, part + 1 >= parts);
    }
    let Some(source) = source else {
        return (Job::NothingDelivered, true);
    };
    if source.open {
        return (Job::WaitForSend, false);
    }
    let Some(&target) = source.message_ids.get(step) else {
        return (Job::NothingDelivered, true);
    };
    let last = step + 1 >= source.message_ids.len();
    let job = match action {
        Action::Edit if step < parts => Job::Edit { part: step, target },
        // An edit never changes the number of parts; a part it has no text for goes.
        _ => Job::Delete { target },
    };
    (job, last)
}

/// Telegram message ids as `deliveries.telegram_message_ids` stores them: space-separated.
pub fn parse_ids(stored: Option<&str>) -> Vec<i64> {
    stored
        .unwrap_or("")
        .split_ascii_whitespace()
        .filter_map(|id| id.parse().ok())
        .collect()
}

pub fn format_ids(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(ids: &[i64]) -> SendState {
        SendState {
            open: false,
            message_ids: ids.to_vec(),
        }
    }

    #[test]
    fn a_send_walks_its_parts_in_order() {
        assert_eq!(
            next(Action::Send, 0, 1, None),
            (Job::Send { part: 0 }, true)
        );
        assert_eq!(
            next(Action::Send, 0, 3, None),
            (Job::Send { part: 0 }, false)
        );
        assert_eq!(
            next(Action::Send, 2, 3, None),
            (Job::Send { part: 2 }, true)
        );
    }

    #[test]
    fn edits_and_deletes_follow_the_messages_their_send_delivered() {
        let done = sent(&[7, 8]);
        assert_eq!(
            next(Action::Edit, 1, 2, Some(&done)),
            (Job::Edit { part: 1, target: 8 }, true)
        );
        assert_eq!(
            next(Action::Delete, 0, 2, Some(&done)),
            (Job::Delete { target: 7 }, false)
        );
        let open = SendState {
            open: true,
            message_ids: vec![7],
        };
        assert_eq!(next(Action::Edit, 0, 2, Some(&open)).0, Job::WaitForSend);
        assert_eq!(
            next(Action::Delete, 0, 1, Some(&sent(&[]))).0,
            Job::NothingDelivered
        );
    }

    #[test]
    fn ids_read_back() {
        assert_eq!(
            parse_ids(Some(&format_ids(&[1, 22, 333]))),
            vec![1, 22, 333]
        );
        assert!(parse_ids(None).is_empty());
    }
}
