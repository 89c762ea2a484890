//! What a chat message asks for: the bot's commands, parsed from text, and the button presses.
use crate::i18n::Lang;

/// The commands the bot lists with `setMyCommands`, each with its catalogue key.
const COMMANDS: [&str; 6] = ["start", "stop", "whoami", "settings", "language", "help"];

/// The command menu in `lang`: (command, description), registered once per language.
pub fn command_list(lang: Lang) -> Vec<(&'static str, String)> {
    COMMANDS
        .iter()
        .map(|c| (*c, crate::i18n::t_in(lang, &format!("cmd-{c}"))))
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `/start` with its payload (the link token), if any.
    Start(Option<String>),
    Stop,
    WhoAmI,
    Help,
    /// The member's topic choices, as toggles.
    Settings,
    /// A keyboard of the languages the bot speaks.
    Language,
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
            "language" => Command::Language,
            "here" => Command::Here,
            "" => Command::Text,
            _ => Command::Unknown,
        }
    }

    pub fn is_command(&self) -> bool {
        !matches!(self, Command::Text | Command::NotForUs)
    }
}

#[cfg(test)]
mod tests {
    use super::Command;

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
}
