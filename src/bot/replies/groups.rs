//! The bot's words for groups and channels: connecting, refusals, `/here`.
use super::Replies;
use crate::i18n::t;
use crate::linking::groups::Refusal as GroupRefusal;
use crate::telegram::html::escape;

impl Replies {
    fn group_page(&self) -> String {
        self.say("group-page", &[])
    }

    pub fn group_connected(&self, username: &str, is_forum: bool) -> String {
        let mut text = self.say("group-connected", &[("username", escape(username).into())]);
        if is_forum {
            text.push_str("\n\n");
            text.push_str(&t("group-connected-forum"));
        }
        text
    }

    pub fn group_refused(&self, refusal: GroupRefusal) -> String {
        let then = || [("then", self.group_page().into())];
        match refusal {
            GroupRefusal::Unknown => self.say("link-unknown", &then()),
            GroupRefusal::Used => self.say("link-used", &then()),
            GroupRefusal::Expired => self.say("link-expired", &then()),
            GroupRefusal::Superseded => self.say("link-superseded", &then()),
            GroupRefusal::NotYours => self.say("group-not-yours", &[]),
            GroupRefusal::NotLinked => self.say("group-not-linked", &[]),
            GroupRefusal::AlreadyConnected => self.say("group-already-connected", &[]),
        }
    }

    pub fn channel_connected(&self, title: &str) -> String {
        self.say("channel-connected", &[("title", escape(title).into())])
    }

    pub fn channel_needs_posting(&self, title: &str) -> String {
        self.say("channel-needs-posting", &[("title", escape(title).into())])
    }

    pub fn chat_disconnected(&self, title: &str) -> String {
        self.say("chat-disconnected", &[("title", escape(title).into())])
    }

    pub fn here_topic(&self) -> String {
        self.say("here-topic", &[])
    }

    pub fn here_general(&self) -> String {
        self.say("here-general", &[])
    }

    pub fn group_connect_not_admin(&self) -> String {
        t("group-connect-not-admin")
    }

    pub fn here_not_admin(&self) -> String {
        t("here-not-admin")
    }

    pub fn here_not_connected(&self) -> String {
        self.say("here-not-connected", &[])
    }
}
