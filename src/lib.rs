//! tglink: let a website know its users on Telegram.
pub mod telegram; // bot client, update intake, deep-link tokens, linking; fake Bot API for tests
