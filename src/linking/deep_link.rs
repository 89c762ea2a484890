//! A link token as the member sees it: the deep link that opens the bot with it (or the
//! sandbox chat in `tglink demo`), its QR code, the `/start` command to send by hand, and how long
//! it is still valid. The Connect page and the widget show the same.
use chrono::NaiveDateTime;

use crate::db::now;
use crate::linking::link_tokens::LinkToken;
use crate::linking::qr;

/// What the page shows while not linked and the bot is ready.
pub struct LinkView {
    pub bot_username: String,
    pub deep_link: String,
    /// The bot's chat without a payload (for sending the `/start <token>` by hand).
    pub chat_link: String,
    pub qr_data_uri: Option<String>,
    pub start_command: String,
    pub valid_for: String,
    pub expires_in_secs: i64,
}

/// A link that opens the bot with a `start` payload: t.me, or the sandbox chat in a demo (sign-in
/// with Telegram uses it too, so its button and QR stay inside the demo).
pub fn start_link(config: &crate::config::Config, bot: &str, payload: &str) -> String {
    start_link_at(sandbox_base(config).as_ref(), bot, payload)
}

/// The bot's chat without a payload, in the same place as `start_link`.
pub fn chat_link(config: &crate::config::Config, bot: &str) -> String {
    chat_link_at(sandbox_base(config).as_ref(), bot)
}

fn start_link_at(sandbox: Option<&url::Url>, bot: &str, payload: &str) -> String {
    match sandbox {
        Some(base) => format!("{base}sandbox?start={payload}"),
        None => format!("https://t.me/{bot}?start={payload}"),
    }
}

fn chat_link_at(sandbox: Option<&url::Url>, bot: &str) -> String {
    match sandbox {
        Some(base) => format!("{base}sandbox"),
        None => format!("https://t.me/{bot}"),
    }
}

/// In `tglink demo` the links lead to the sandbox chat on this site instead of t.me.
pub fn sandbox_base(config: &crate::config::Config) -> Option<url::Url> {
    config.demo.then(|| config.public_url.clone()).flatten()
}

pub fn link_view(
    bot: &str,
    token: &LinkToken,
    expires_at: NaiveDateTime,
    sandbox: Option<&url::Url>,
) -> LinkView {
    let deep_link = start_link_at(sandbox, bot, token.as_str());
    let chat_link = chat_link_at(sandbox, bot);
    let expires_in_secs = (expires_at - now()).num_seconds().max(0);
    LinkView {
        bot_username: bot.to_string(),
        qr_data_uri: qr::svg_data_uri(&deep_link),
        deep_link,
        chat_link,
        start_command: format!("/start {}", token.as_str()),
        valid_for: describe_duration(expires_in_secs),
        expires_in_secs,
    }
}

/// "52 more minutes", "about 2 more hours", "less than a minute", in the reader's language.
fn describe_duration(secs: i64) -> String {
    let minutes = secs / 60;
    match minutes {
        0 => crate::i18n::t("member-duration-less-than-minute"),
        1..=119 => crate::i18n::t1("member-duration-minutes", "minutes", minutes),
        _ => crate::i18n::t1("member-duration-hours", "hours", (minutes + 30) / 60),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn durations_read_naturally() {
        assert_eq!(super::describe_duration(30), "less than a minute");
        assert_eq!(super::describe_duration(61), "1 more minute");
        assert_eq!(super::describe_duration(3599), "59 more minutes");
        assert_eq!(super::describe_duration(3 * 3600), "about 3 more hours");
    }
}
