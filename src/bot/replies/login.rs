//! The bot's words for "Sign in with Telegram", approved in the bot.
use teloxide_core::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use super::Replies;
use crate::buttons::LoginPress;
use crate::telegram::html::escape;

impl Replies {
    fn attempt_details(browser: &str, address: &str, time: &str) -> String {
        format!(
            "Browser: {}\nAddress: {}\nTime: {}",
            escape(browser),
            escape(address),
            escape(time)
        )
    }

    pub fn login_question(
        &self,
        username: &str,
        browser: &str,
        address: &str,
        time: &str,
    ) -> String {
        format!(
            "Sign in to {} as <b>{}</b>?\n\n{}\n\nApprove only if you are signing in on that \
             browser right now. If not, tap Deny: nobody gets in.",
            self.on_site(),
            escape(username),
            Self::attempt_details(browser, address, time)
        )
    }

    pub fn login_keyboard(id: i64) -> InlineKeyboardMarkup {
        InlineKeyboardMarkup::new([[
            InlineKeyboardButton::callback("Approve", LoginPress::Approve(id).data()),
            InlineKeyboardButton::callback("Deny", LoginPress::Deny(id).data()),
        ]])
    }

    pub fn login_signup_offer(&self, browser: &str, address: &str, time: &str) -> String {
        format!(
            "This Telegram account is not linked to a {} account yet.\n\nCreate a new account on \
             {} with it, and sign in?\n\n{}\n\nYou choose your username in that browser next.",
            self.site,
            self.on_site(),
            Self::attempt_details(browser, address, time)
        )
    }

    pub fn login_signup_keyboard(id: i64) -> InlineKeyboardMarkup {
        InlineKeyboardMarkup::new([[
            InlineKeyboardButton::callback("Create account", LoginPress::Create(id).data()),
            InlineKeyboardButton::callback("Deny", LoginPress::Deny(id).data()),
        ]])
    }

    pub fn login_unlinked(&self) -> String {
        format!(
            "This Telegram account is not linked to a {} account, so it cannot sign you in, and \
             new accounts cannot be created from Telegram on this site. Log in on {} with your \
             password, then link Telegram from <b>Connect Telegram</b>: after that, signing in \
             takes one tap here.",
            self.site,
            self.on_site()
        )
    }

    pub fn login_approved(&self, username: &str) -> String {
        format!(
            "Approved ✓\n\nThat browser is now signing in to {} as <b>{}</b>.",
            self.site,
            escape(username)
        )
    }

    pub fn login_denied(&self) -> String {
        "Denied. Nobody was signed in.".into()
    }

    pub fn login_continue(&self) -> String {
        "Continue in the browser: choose your username there to finish creating your account."
            .into()
    }

    fn start_again(&self) -> String {
        format!(
            "Start again with <b>Sign in with Telegram</b> on {}.",
            self.on_site()
        )
    }

    pub fn login_expired(&self) -> String {
        format!("This sign-in link has expired. {}", self.start_again())
    }

    pub fn login_used(&self) -> String {
        format!(
            "This sign-in link was already used. Each works once. {}",
            self.start_again()
        )
    }

    pub fn login_unknown(&self) -> String {
        format!(
            "I don't recognise this sign-in link. {}",
            self.start_again()
        )
    }

    pub fn login_disabled(&self, username: &str) -> String {
        format!(
            "{} account <b>{}</b> is disabled and cannot sign in. Ask the site's administrators.",
            self.site,
            escape(username)
        )
    }

    pub fn login_too_many(&self) -> String {
        "Too many sign-in requests for your account lately. Wait 15 minutes, then try again.".into()
    }

    pub fn login_stale(&self) -> String {
        format!(
            "This sign-in request has expired or was already answered. {}",
            self.start_again()
        )
    }

    pub const TOAST_APPROVED: &'static str = "Approved ✓";
    pub const TOAST_DENIED: &'static str = "Denied";
    pub const TOAST_CONTINUE: &'static str = "Continue in the browser";
}
