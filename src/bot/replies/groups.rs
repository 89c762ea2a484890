//! The bot's words for groups and channels: connecting, refusals, `/here`.
use super::Replies;
use crate::linking::groups::Refusal as GroupRefusal;
use crate::telegram::html::escape;

impl Replies {
    fn group_page(&self) -> String {
        format!(
            "Get a fresh link from <b>Groups and channels</b> on the Connect Telegram page of {}.",
            self.on_site()
        )
    }

    /// In the group, once `/start <token>` connected it.
    pub fn group_connected(&self, username: &str, is_forum: bool) -> String {
        let mut text = format!(
            "Connected ✓\n\nThis chat now gets {}'s announcements (connected by account <b>{}</b>).",
            self.site,
            escape(username)
        );
        if is_forum {
            text.push_str(
                "\n\nTo have them in one topic, an administrator of this group sends /here in that \
                 topic.",
            );
        }
        text
    }

    pub fn group_refused(&self, refusal: GroupRefusal) -> String {
        match refusal {
            GroupRefusal::Unknown => format!("I don't recognise this link. {}", self.group_page()),
            GroupRefusal::Used => format!("This link has already been used. {}", self.group_page()),
            GroupRefusal::Expired => format!("This link has expired. {}", self.group_page()),
            GroupRefusal::Superseded => format!(
                "This link was replaced by a newer one. {}",
                self.group_page()
            ),
            GroupRefusal::NotYours => format!(
                "This link belongs to another Telegram account: only the member who opened it on {} \
                 can connect a chat with it.",
                self.site
            ),
            GroupRefusal::NotLinked => format!(
                "Link your Telegram account on {} first, then connect the group from there.",
                self.on_site()
            ),
            GroupRefusal::AlreadyConnected => format!(
                "This chat is already connected to {}. Nothing to do.",
                self.site
            ),
        }
    }

    /// To the member, in their private chat.
    pub fn channel_connected(&self, title: &str) -> String {
        format!(
            "Connected ✓\n\nThe channel <b>{}</b> now gets {}'s announcements.",
            escape(title),
            self.site
        )
    }

    /// To the member: the bot is an administrator of their channel but may not post there.
    pub fn channel_needs_posting(&self, title: &str) -> String {
        format!(
            "I am an administrator of the channel <b>{}</b> but may not post there, so it is not \
             connected. In the channel's settings open Administrators, choose me and turn on \
             <b>Post messages</b>: I connect it as soon as I may.",
            escape(title)
        )
    }

    /// To the member, when their connected chat stops working.
    pub fn chat_disconnected(&self, title: &str) -> String {
        format!(
            "<b>{}</b> is no longer connected to {}: I was removed from it or may no longer post \
             there. Connect it again from the Connect Telegram page.",
            escape(title),
            self.site
        )
    }

    pub fn here_topic(&self) -> String {
        format!(
            "Done: {}'s announcements arrive in this topic from now on.",
            self.site
        )
    }

    pub fn here_general(&self) -> String {
        format!(
            "Done: {}'s announcements arrive in the general chat from now on.",
            self.site
        )
    }

    pub fn group_connect_not_admin(&self) -> String {
        "Only an administrator of this group can connect it. Ask one to make you an \
         administrator, then open the link again."
            .into()
    }

    pub fn here_not_admin(&self) -> String {
        "Only an administrator of this group can choose where the announcements go.".into()
    }

    pub fn here_not_connected(&self) -> String {
        format!(
            "This chat is not connected to {}. A member connects it from the Connect Telegram page.",
            self.on_site()
        )
    }
}
