//! The bot's words for "Sign in with Telegram", approved in the bot.
use teloxide_core::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use super::Replies;
use crate::buttons::LoginPress;
use crate::i18n::{t, t_args};
use crate::telegram::html::escape;

impl Replies {
    fn attempt_details(browser: &str, address: &str, time: &str) -> String {
        t_args(
            "attempt-details",
            &[
                ("browser", escape(browser).into()),
                ("address", escape(address).into()),
                ("time", escape(time).into()),
            ],
        )
    }

    pub fn login_question(
        &self,
        username: &str,
        browser: &str,
        address: &str,
        time: &str,
    ) -> String {
        self.say(
            "login-question",
            &[
                ("username", escape(username).into()),
                (
                    "details",
                    Self::attempt_details(browser, address, time).into(),
                ),
            ],
        )
    }

    pub fn login_keyboard(id: i64) -> InlineKeyboardMarkup {
        InlineKeyboardMarkup::new([[
            InlineKeyboardButton::callback(t("button-approve"), LoginPress::Approve(id).data()),
            InlineKeyboardButton::callback(t("button-deny"), LoginPress::Deny(id).data()),
        ]])
    }

    pub fn login_signup_offer(&self, browser: &str, address: &str, time: &str) -> String {
        self.say(
            "login-signup-offer",
            &[(
                "details",
                Self::attempt_details(browser, address, time).into(),
            )],
        )
    }

    pub fn login_signup_keyboard(id: i64) -> InlineKeyboardMarkup {
        InlineKeyboardMarkup::new([[
            InlineKeyboardButton::callback(
                t("button-create-account"),
                LoginPress::Create(id).data(),
            ),
            InlineKeyboardButton::callback(t("button-deny"), LoginPress::Deny(id).data()),
        ]])
    }

    pub fn login_unlinked(&self) -> String {
        self.say("login-unlinked", &[])
    }

    pub fn login_approved(&self, username: &str) -> String {
        self.say("login-approved", &[("username", escape(username).into())])
    }

    pub fn login_denied(&self) -> String {
        t("login-denied")
    }

    pub fn login_continue(&self) -> String {
        t("login-continue")
    }

    fn start_again(&self) -> String {
        self.say("start-again", &[])
    }

    pub fn login_expired(&self) -> String {
        self.say("login-expired", &[("then", self.start_again().into())])
    }

    pub fn login_used(&self) -> String {
        self.say("login-used", &[("then", self.start_again().into())])
    }

    pub fn login_unknown(&self) -> String {
        self.say("login-unknown", &[("then", self.start_again().into())])
    }

    pub fn login_disabled(&self, username: &str) -> String {
        self.say("login-disabled", &[("username", escape(username).into())])
    }

    pub fn login_too_many(&self) -> String {
        t("login-too-many")
    }

    pub fn login_stale(&self) -> String {
        self.say("login-stale", &[("then", self.start_again().into())])
    }
}
