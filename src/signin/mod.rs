//! Every way in: sign-up, login and logout with a password; "Sign in with Telegram" approved in
//! the bot; one-time sign-in and password-reset links sent to a linked chat; Telegram's OpenID
//! Connect login; and the alert a member gets of a sign-in from a new browser.
pub mod alerts; // new sign-in alerts with "This wasn't me"
pub mod chat_tokens; // one-time sign-in and password-reset links sent to a linked chat
mod login; // "Sign in with Telegram": the page, its live status, passwordless sign-up
pub mod login_attempts; // sign-in attempts approved in the bot, bound to the browser
mod login_signup; // a new account from Telegram alone (TGLINK_PASSWORDLESS_SIGNUP)
pub mod oidc; // "Log In With Telegram" (OpenID Connect): sign in, or link in one step
mod reset_link; // forgot password: a one-time reset link sent to the linked chat
mod sign_in_link; // a locked-out owner's one-time sign-in link sent to the linked chat
mod with_password; // sign-up, login, logout with a password, and the home page

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    with_password::routes(cfg);
    reset_link::routes(cfg);
    sign_in_link::routes(cfg);
    login::routes(cfg);
    login_signup::routes(cfg);
    oidc::routes(cfg);
}
