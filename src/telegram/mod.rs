//! Everything that talks to Telegram: the bot client, update intake, link tokens and linking.
pub mod fake;
