//! The buttons the site puts under its messages in Telegram and what each carries back
//! (`callback_data`): built by whoever sends the message (the bot, the delivery worker, the
//! sign-in alerts), parsed by the bot when a member presses one.
use teloxide_core::types::InlineKeyboardButton;

/// An inline button's `callback_data`: the action and the token it is about. `link:` + 43
/// characters fits Telegram's 64-byte limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ButtonPress {
    Confirm(String),
    Cancel(String),
    /// "This wasn't me" under a new sign-in alert: the session's public id.
    NotMe(String),
    /// An answer to "Sign in to <site>?": the attempt's id (not its secret nonce: the press is
    /// checked against the chat that opened the link).
    Login(LoginPress),
    /// Mute / Unmute under a message of a topic: the topic's id.
    Mute(i64),
    Unmute(i64),
    /// A toggle in `/settings`: the topic's id.
    Toggle(i64),
    /// A language from `/language`'s keyboard: its tag (`lang:pt-BR`).
    Language(String),
}

/// The buttons under a "Sign in with Telegram" question: `login:ok:<id>` and the like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginPress {
    Approve(i64),
    Deny(i64),
    /// Create a new account from this Telegram account (passwordless sign-up).
    Create(i64),
}

impl LoginPress {
    fn parse(data: &str) -> Option<LoginPress> {
        let (action, id) = data.strip_prefix("login:")?.split_once(':')?;
        let id = id.parse().ok()?;
        match action {
            "ok" => Some(LoginPress::Approve(id)),
            "no" => Some(LoginPress::Deny(id)),
            "new" => Some(LoginPress::Create(id)),
            _ => None,
        }
    }

    pub fn data(self) -> String {
        match self {
            LoginPress::Approve(id) => format!("login:ok:{id}"),
            LoginPress::Deny(id) => format!("login:no:{id}"),
            LoginPress::Create(id) => format!("login:new:{id}"),
        }
    }
}

impl ButtonPress {
    pub fn parse(data: &str) -> Option<ButtonPress> {
        if let Some(press) = LoginPress::parse(data) {
            return Some(ButtonPress::Login(press));
        }
        if let Some(token) = data.strip_prefix("link:") {
            return Some(ButtonPress::Confirm(token.to_string()));
        }
        if let Some(tag) = data.strip_prefix("lang:") {
            return Some(ButtonPress::Language(tag.to_string()));
        }
        if let Some(sid) = data.strip_prefix("notme:") {
            return Some(ButtonPress::NotMe(sid.to_string()));
        }
        let topic = |prefix: &str| data.strip_prefix(prefix).and_then(|id| id.parse().ok());
        if let Some(id) = topic("mute:") {
            return Some(ButtonPress::Mute(id));
        }
        if let Some(id) = topic("unmute:") {
            return Some(ButtonPress::Unmute(id));
        }
        if let Some(id) = topic("topic:") {
            return Some(ButtonPress::Toggle(id));
        }
        data.strip_prefix("cancel:")
            .map(|t| ButtonPress::Cancel(t.to_string()))
    }

    pub fn language_data(tag: &str) -> String {
        format!("lang:{tag}")
    }

    pub fn not_me_data(sid: &str) -> String {
        format!("notme:{sid}")
    }

    pub fn mute_data(topic: i64) -> String {
        format!("mute:{topic}")
    }

    pub fn unmute_data(topic: i64) -> String {
        format!("unmute:{topic}")
    }

    pub fn toggle_data(topic: i64) -> String {
        format!("topic:{topic}")
    }

    pub fn confirm_data(token: &str) -> String {
        format!("link:{token}")
    }

    pub fn cancel_data(token: &str) -> String {
        format!("cancel:{token}")
    }
}

/// The button under a message of a (non-critical) topic, in the current language (the sender
/// runs it in the recipient's, `i18n::in_lang`).
pub fn mute_button(topic: i64, name: &str) -> InlineKeyboardButton {
    InlineKeyboardButton::callback(
        crate::i18n::t_args("button-mute", &[("topic", name.into())]),
        ButtonPress::mute_data(topic),
    )
}

pub fn unmute_button(topic: i64, name: &str) -> InlineKeyboardButton {
    InlineKeyboardButton::callback(
        crate::i18n::t_args("button-unmute", &[("topic", name.into())]),
        ButtonPress::unmute_data(topic),
    )
}

#[cfg(test)]
mod tests {
    use super::{ButtonPress, LoginPress};

    #[test]
    fn button_data_round_trips_and_fits() {
        let token = "a".repeat(43);
        let data = ButtonPress::confirm_data(&token);
        assert!(data.len() <= 64);
        assert_eq!(
            ButtonPress::parse(&data),
            Some(ButtonPress::Confirm(token.clone()))
        );
        assert_eq!(
            ButtonPress::parse(&ButtonPress::cancel_data(&token)),
            Some(ButtonPress::Cancel(token))
        );
        assert_eq!(ButtonPress::parse("other"), None);
        for press in [
            LoginPress::Approve(i64::MAX),
            LoginPress::Deny(1),
            LoginPress::Create(7),
        ] {
            assert!(press.data().len() <= 64);
            assert_eq!(
                ButtonPress::parse(&press.data()),
                Some(ButtonPress::Login(press))
            );
        }
        assert_eq!(ButtonPress::parse("login:ok:x"), None);
        assert_eq!(ButtonPress::parse("login:zz:1"), None);
        assert_eq!(
            ButtonPress::parse(&ButtonPress::mute_data(7)),
            Some(ButtonPress::Mute(7))
        );
        assert_eq!(
            ButtonPress::parse(&ButtonPress::unmute_data(7)),
            Some(ButtonPress::Unmute(7))
        );
        assert_eq!(
            ButtonPress::parse(&ButtonPress::toggle_data(7)),
            Some(ButtonPress::Toggle(7))
        );
        assert_eq!(ButtonPress::parse("mute:x"), None);
    }
}
