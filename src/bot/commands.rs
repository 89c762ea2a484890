//! What a chat message asks for: the bot's commands, parsed from text, and the button presses.

/// The commands the bot lists with `setMyCommands`: (command, description).
pub const COMMAND_LIST: &[(&str, &str)] = &[
    ("start", "Link this Telegram account to your site account"),
    ("stop", "Unlink this Telegram account"),
    ("whoami", "Show which site account this chat is linked to"),
    ("settings", "Choose which topics you receive"),
    ("help", "What this bot can do"),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `/start` with its payload (the link token), if any.
    Start(Option<String>),
    Stop,
    WhoAmI,
    Help,
    /// The member's topic choices, as toggles.
    Settings,
    /// In a connected forum, from an administrator: post the site's messages in this topic.
    /// Not listed with `setMyCommands`: it means nothing in a private chat.
    Here,
    /// A command this bot does not have.
    Unknown,
    /// Plain text, no command.
    Text,
    /// A command addressed to another bot (`/help@otherbot` in a group): not ours to answer.
    NotForUs,
}

impl Command {
    /// Parses a message's text. `bot_username` lets `/cmd@this_bot` through and drops
    /// `/cmd@other_bot`; Telegram treats command names case-insensitively, and so do we.
    pub fn parse(text: &str, bot_username: Option<&str>) -> Command {
        let text = text.trim();
        let Some(rest) = text.strip_prefix('/') else {
            return Command::Text;
        };
        let (word, args) = match rest.split_once(char::is_whitespace) {
            Some((w, a)) => (w, a.trim()),
            None => (rest, ""),
        };
        let name = match word.split_once('@') {
            Some((name, to)) => match bot_username {
                Some(me) if to.eq_ignore_ascii_case(me) => name,
                _ => return Command::NotForUs,
            },
            None => word,
        };
        match name.to_ascii_lowercase().as_str() {
            "start" => Command::Start((!args.is_empty()).then(|| args.to_string())),
            "stop" => Command::Stop,
            "whoami" => Command::WhoAmI,
            "help" => Command::Help,
            "settings" => Command::Settings,
            "here" => Command::Here,
            "" => Command::Text,
            _ => Command::Unknown,
        }
    }

    pub fn is_command(&self) -> bool {
        !matches!(self, Command::Text | Command::NotForUs)
    }
}

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

#[cfg(test)]
mod tests {
    use super::{ButtonPress, Command, LoginPress};

    #[test]
    fn commands_parse_like_telegram_reads_them() {
        let bot = Some("my_bot");
        assert_eq!(Command::parse("/start", bot), Command::Start(None));
        assert_eq!(
            Command::parse("/start abc", bot),
            Command::Start(Some("abc".into()))
        );
        assert_eq!(
            Command::parse("  /START   abc  ", bot),
            Command::Start(Some("abc".into()))
        );
        assert_eq!(
            Command::parse("/start@My_Bot abc", bot),
            Command::Start(Some("abc".into()))
        );
        assert_eq!(
            Command::parse("/start@other_bot abc", bot),
            Command::NotForUs
        );
        assert_eq!(Command::parse("/stop", bot), Command::Stop);
        assert_eq!(Command::parse("/whoami", bot), Command::WhoAmI);
        assert_eq!(Command::parse("/settings", bot), Command::Settings);
        assert_eq!(Command::parse("/here@my_bot", bot), Command::Here);
        assert_eq!(Command::parse("/help me", bot), Command::Help);
        assert_eq!(Command::parse("/nope", bot), Command::Unknown);
        assert_eq!(Command::parse("hello", bot), Command::Text);
        assert_eq!(Command::parse("/", bot), Command::Text);
        assert_eq!(Command::parse("", None), Command::Text);
        assert_eq!(Command::parse("/help@x", None), Command::NotForUs);
    }

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
