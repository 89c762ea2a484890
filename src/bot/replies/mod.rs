//! Everything the bot says, in Telegram's HTML: every name from the site or the user is escaped.
use teloxide_core::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use crate::buttons::ButtonPress;
use crate::linking::LinkError;
use crate::telegram::html::escape;

mod groups; // groups and channels
mod login; // "Sign in with Telegram", approved in the bot

/// The texts of one site: its name and, when known, its address.
pub struct Replies {
    site: String,
    url: Option<String>,
}

/// Role of a linked site account, for `/whoami` and `/help`.
pub struct Member<'a> {
    pub username: &'a str,
    pub is_admin: bool,
}

impl Replies {
    pub fn new(site_name: &str, public_url: Option<&url::Url>) -> Replies {
        Replies {
            site: escape(site_name),
            url: public_url.map(|u| escape(u.as_str().trim_end_matches('/'))),
        }
    }

    /// "on tglink (https://…)" or "on tglink".
    fn on_site(&self) -> String {
        match &self.url {
            Some(url) => format!("{} ({url})", self.site),
            None => self.site.clone(),
        }
    }

    fn how_to_connect(&self) -> String {
        format!(
            "To link your Telegram account, sign in on {}, open <b>Connect Telegram</b> and tap \
             <b>Open in Telegram</b> (or send me the <code>/start …</code> message shown there).",
            self.on_site()
        )
    }

    fn fresh_link(&self) -> String {
        format!(
            "Get a fresh link from <b>Connect Telegram</b> on {}.",
            self.on_site()
        )
    }

    pub fn confirm_prompt(&self, username: &str) -> String {
        format!(
            "Link this Telegram account to {} account <b>{}</b>?\n\nOnly confirm if you opened this \
             link yourself from the site.",
            self.site,
            escape(username)
        )
    }

    pub fn confirm_keyboard(token: &str) -> InlineKeyboardMarkup {
        InlineKeyboardMarkup::new([[
            InlineKeyboardButton::callback("Confirm", ButtonPress::confirm_data(token)),
            InlineKeyboardButton::callback("Cancel", ButtonPress::cancel_data(token)),
        ]])
    }

    pub fn sign_in_ended(&self) -> String {
        let page = match &self.url {
            Some(url) => format!(" at {url}/account/password"),
            None => String::new(),
        };
        format!(
            "That sign-in to {} was signed out. Change your password now{page}, and sign out any \
             other session you do not recognise.",
            self.site
        )
    }

    pub fn sign_in_already_ended(&self) -> String {
        "That session had already ended: nothing more to do.".into()
    }

    pub fn linked(&self, username: &str) -> String {
        crate::linking::notices::linked_greeting(&self.site, username)
    }

    pub fn cancelled(&self) -> String {
        "Cancelled. Nothing was linked; the link on the site still works if you change your mind."
            .into()
    }

    pub fn link_refused(&self, error: &LinkError) -> String {
        match error {
            LinkError::Expired => format!("This link has expired. {}", self.fresh_link()),
            LinkError::Used => format!("This link has already been used. {}", self.fresh_link()),
            LinkError::Superseded => format!(
                "This link was replaced by a newer one. {}",
                self.fresh_link()
            ),
            LinkError::Unknown => format!("I don't recognise this link. {}", self.fresh_link()),
            LinkError::AlreadyLinked { username } => format!(
                "This Telegram account is already linked to {} account <b>{}</b>. Nothing to do.",
                self.site,
                escape(username)
            ),
            LinkError::TakenElsewhere { username } => {
                let whom = match username {
                    Some(u) => format!("another {} account (<b>{}</b>)", self.site, escape(u)),
                    None => format!("another {} account", self.site),
                };
                format!(
                    "This Telegram account is already linked to {whom}. One Telegram account can be \
                     linked to one site account only: send /stop to unlink it first, then use the \
                     link again."
                )
            }
            LinkError::AccountHasLink { username } => format!(
                "{} account <b>{}</b> is already linked to another Telegram account. Unlink it on \
                 the Connect Telegram page first.",
                self.site,
                escape(username)
            ),
            LinkError::Unexpected(_) => {
                "Something went wrong on our side. Please try again in a moment.".into()
            }
        }
    }

    pub fn not_a_link(&self) -> String {
        format!(
            "That doesn't look like a link from {}. {}",
            self.site,
            self.fresh_link()
        )
    }

    pub fn welcome(&self, member: Option<&Member>) -> String {
        match member {
            Some(m) => format!(
                "Hi {}! This chat is linked to your {} account, so you will get the site's messages \
                 here. Send /help to see what I can do.",
                escape(m.username),
                self.site
            ),
            None => format!(
                "Hi! I am the bot of {}.\n\n{}",
                self.site,
                self.how_to_connect()
            ),
        }
    }

    pub fn whoami(&self, member: Option<&Member>) -> String {
        match member {
            Some(m) => format!(
                "You are <b>{}</b> on {} ({}).",
                escape(m.username),
                self.site,
                if m.is_admin {
                    "an administrator"
                } else {
                    "a member"
                }
            ),
            None => format!(
                "I don't know you yet: this Telegram account is not linked to a {} account.\n\n{}",
                self.site,
                self.how_to_connect()
            ),
        }
    }

    pub fn help(&self, member: Option<&Member>) -> String {
        let Some(m) = member else {
            return format!(
                "I am the bot of {}. Once you link your account, I bring you the site's announcements \
                 and notifications.\n\n{}\n\n/whoami — check whether you are linked\n/help — this message",
                self.site,
                self.how_to_connect()
            );
        };
        let mut text = format!(
            "You are linked as <b>{}</b>. I bring you {}'s announcements and notifications.\n\n\
             /whoami — which site account this chat belongs to\n\
             /settings — choose which topics you receive\n\
             /stop — unlink this Telegram account\n\
             /help — this message",
            escape(m.username),
            self.site
        );
        if m.is_admin {
            let dashboard = match &self.url {
                Some(url) => format!("the admin dashboard ({url}/admin)"),
                None => "the admin dashboard on the site".into(),
            };
            text.push_str(&format!("\n\nAs an administrator you send broadcasts to all linked members from {dashboard}."));
        }
        text
    }

    pub fn stopped(&self, username: Option<&str>) -> String {
        match username {
            Some(u) => format!(
                "Unlinked. This Telegram account is no longer linked to {} account <b>{}</b>, and you \
                 will not get the site's messages here. To link again, use Connect Telegram on the site.",
                self.site,
                escape(u)
            ),
            None => format!(
                "This Telegram account is not linked to any {} account, so there is nothing to stop.",
                self.site
            ),
        }
    }

    pub fn not_understood(&self, member: Option<&Member>) -> String {
        match member {
            Some(_) => {
                "I didn't understand that. I know /whoami, /settings, /stop and /help.".into()
            }
            None => format!("I don't know you yet.\n\n{}", self.how_to_connect()),
        }
    }

    pub fn private_only(&self, bot_username: Option<&str>) -> String {
        let me = bot_username
            .map(|u| format!(" with @{}", escape(u)))
            .unwrap_or_default();
        format!(
            "Linking works only in a private chat. Open a private chat{me} and send /start there."
        )
    }

    /// Short answers shown as a toast when a button is pressed.
    pub const TOAST_LINKED: &'static str = "Linked ✓";
    pub const TOAST_CANCELLED: &'static str = "Cancelled";
    pub const TOAST_REFUSED: &'static str = "Not linked";
    pub const TOAST_STALE: &'static str = "This button is no longer active.";
    pub const TOAST_SIGNED_OUT: &'static str = "Signed out";
}

#[cfg(test)]
mod tests {
    use super::{Member, Replies};

    #[test]
    fn names_are_escaped() {
        let r = Replies::new("<Site & Co>", None);
        let text = r.confirm_prompt("<b>x</b>");
        assert!(text.contains("&lt;Site &amp; Co&gt;"));
        assert!(text.contains("<b>&lt;b&gt;x&lt;/b&gt;</b>"));
        let member = Member {
            username: "a&b",
            is_admin: true,
        };
        assert!(r.help(Some(&member)).contains("a&amp;b"));
        assert!(r.help(Some(&member)).contains("administrator"));
        assert!(
            !r.help(Some(&Member {
                username: "m",
                is_admin: false
            }))
            .contains("administrator")
        );
    }
}
