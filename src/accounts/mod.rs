//! Site accounts, without pages: users, argon2id passwords, server-side sessions, CSRF, login
//! throttling, erasing a deleted account, and the guards that member and admin pages use.
pub mod auth;
pub mod csrf;
pub mod device;
pub mod domain;
pub mod erase; // what a deleted account leaves behind: nothing that names the member
pub mod language; // a member's language: saved choice, else Telegram's, else the default
pub mod page_language; // which language a page is in: the member's, the cookie's, the browser's, the default
pub mod password;
pub mod session_store;
pub mod sessions;
pub mod sign_ins;
pub mod store;
pub mod subscribers; // subscribers known by the site's own id (no password, no sign-in)
pub mod throttle;
pub mod viewer; // the header's user, built once for every page and the error pages

pub use auth::{AdminUser, CurrentUser};
pub use domain::{UserId, Username};
pub use viewer::Viewer;
