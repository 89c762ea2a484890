//! Everything the bot says, in Telegram's HTML: every name from the site or the user is escaped.
use teloxide_core::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use crate::buttons::ButtonPress;
use crate::i18n::{FluentValue, Lang, t, t_args};
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

    /// "tglink (https://…)" or "tglink".
    fn on_site(&self) -> String {
        match &self.url {
            Some(url) => format!("{} ({url})", self.site),
            None => self.site.clone(),
        }
    }

    /// A message with the site's name (`$site`) and its address (`$place`) beside `pairs`.
    fn say(&self, key: &str, pairs: &[(&str, FluentValue<'_>)]) -> String {
        let mut all: Vec<(&str, FluentValue<'_>)> = vec![
            ("site", self.site.as_str().into()),
            ("place", self.on_site().into()),
        ];
        all.extend(pairs.iter().cloned());
        t_args(key, &all)
    }

    fn how_to_connect(&self) -> String {
        self.say("how-to-connect", &[])
    }

    fn fresh_link(&self) -> String {
        self.say("fresh-link", &[])
    }

    pub fn confirm_prompt(&self, username: &str) -> String {
        self.say("confirm-prompt", &[("username", escape(username).into())])
    }

    pub fn confirm_keyboard(token: &str) -> InlineKeyboardMarkup {
        InlineKeyboardMarkup::new([[
            InlineKeyboardButton::callback(t("button-confirm"), ButtonPress::confirm_data(token)),
            InlineKeyboardButton::callback(t("button-cancel"), ButtonPress::cancel_data(token)),
        ]])
    }

    pub fn sign_in_ended(&self) -> String {
        let page = match &self.url {
            Some(url) => t_args("sign-in-ended-page", &[("url", url.as_str().into())]),
            None => String::new(),
        };
        self.say("sign-in-ended", &[("page", page.into())])
    }

    pub fn sign_in_already_ended(&self) -> String {
        t("sign-in-already-ended")
    }

    pub fn linked(&self, username: &str) -> String {
        crate::linking::notices::linked_greeting(&self.site, username)
    }

    pub fn cancelled(&self) -> String {
        t("cancelled")
    }

    pub fn link_refused(&self, error: &LinkError) -> String {
        let then = || vec![("then", FluentValue::from(self.fresh_link()))];
        match error {
            LinkError::Expired => self.say("link-expired", &then()),
            LinkError::Used => self.say("link-used", &then()),
            LinkError::Superseded => self.say("link-superseded", &then()),
            LinkError::Unknown => self.say("link-unknown", &then()),
            LinkError::AlreadyLinked { username } => self.say(
                "link-already-linked",
                &[("username", escape(username).into())],
            ),
            LinkError::TakenElsewhere { username } => match username {
                Some(u) => self.say(
                    "link-taken-elsewhere-named",
                    &[("username", escape(u).into())],
                ),
                None => self.say("link-taken-elsewhere", &[]),
            },
            LinkError::AccountHasLink { username } => self.say(
                "link-account-has-link",
                &[("username", escape(username).into())],
            ),
            LinkError::Unexpected(_) => t("something-went-wrong"),
        }
    }

    pub fn not_a_link(&self) -> String {
        self.say("not-a-link", &[("then", self.fresh_link().into())])
    }

    pub fn welcome(&self, member: Option<&Member>) -> String {
        match member {
            Some(m) => self.say("welcome-member", &[("username", escape(m.username).into())]),
            None => self.say("welcome-stranger", &[("how", self.how_to_connect().into())]),
        }
    }

    pub fn whoami(&self, member: Option<&Member>) -> String {
        match member {
            Some(m) => self.say(
                "whoami-member",
                &[
                    ("username", escape(m.username).into()),
                    ("role", if m.is_admin { "admin" } else { "member" }.into()),
                ],
            ),
            None => self.say("whoami-stranger", &[("how", self.how_to_connect().into())]),
        }
    }

    pub fn help(&self, member: Option<&Member>) -> String {
        let Some(m) = member else {
            return self.say("help-stranger", &[("how", self.how_to_connect().into())]);
        };
        let mut text = self.say("help-member", &[("username", escape(m.username).into())]);
        if m.is_admin {
            let dashboard = match &self.url {
                Some(url) => t_args("help-admin-url", &[("url", url.as_str().into())]),
                None => t("help-admin"),
            };
            text.push_str("\n\n");
            text.push_str(&dashboard);
        }
        text
    }

    pub fn stopped(&self, username: Option<&str>) -> String {
        match username {
            Some(u) => self.say("stopped", &[("username", escape(u).into())]),
            None => self.say("stop-not-linked", &[]),
        }
    }

    pub fn not_understood(&self, member: Option<&Member>) -> String {
        match member {
            Some(_) => t("not-understood-member"),
            None => self.say(
                "not-understood-stranger",
                &[("how", self.how_to_connect().into())],
            ),
        }
    }

    pub fn private_only(&self, bot_username: Option<&str>) -> String {
        match bot_username {
            Some(u) => t_args("private-only", &[("bot", escape(u).into())]),
            None => t("private-only-nameless"),
        }
    }

    /// `/language`: the question and a button per language, each in its own name.
    pub fn language_prompt(&self) -> String {
        t("language-prompt")
    }

    pub fn language_keyboard() -> InlineKeyboardMarkup {
        InlineKeyboardMarkup::new(Lang::ALL.map(|lang| {
            [InlineKeyboardButton::callback(
                lang.native_name(),
                ButtonPress::language_data(lang.tag()),
            )]
        }))
    }

    /// Said in the language just chosen; `member`: the site follows the choice too.
    pub fn language_saved(&self, member: bool) -> String {
        t(if member {
            "language-saved"
        } else {
            "language-saved-chat"
        })
    }

    /// Short answers shown as a toast when a button is pressed.
    pub fn toast(key: Toast) -> String {
        t(match key {
            Toast::Linked => "toast-linked",
            Toast::Cancelled => "toast-cancelled",
            Toast::Refused => "toast-refused",
            Toast::Stale => "toast-stale",
            Toast::SignedOut => "toast-signed-out",
            Toast::Approved => "toast-approved",
            Toast::Denied => "toast-denied",
            Toast::Continue => "toast-continue",
            Toast::Language => "toast-language",
        })
    }
}

/// The toasts a button press can answer with.
#[derive(Debug, Clone, Copy)]
pub enum Toast {
    Linked,
    Cancelled,
    Refused,
    Stale,
    SignedOut,
    Approved,
    Denied,
    Continue,
    Language,
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
