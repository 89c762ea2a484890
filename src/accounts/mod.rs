//! Site accounts: users, argon2id passwords, server-side sessions, CSRF, login throttling, the
//! sign-up / login / logout pages and the guards that member and admin pages use.
pub mod auth;
pub mod csrf;
pub mod device;
pub mod domain;
pub mod erase; // what a deleted account leaves behind: nothing that names the member
pub mod password;
mod routes;
pub mod session_store;
pub mod sessions;
pub mod sign_ins;
pub mod store;
pub mod subscribers; // subscribers known by the site's own id (no password, no sign-in)
pub mod throttle;
pub mod viewer; // the header's user, built once for every page and the error pages

pub use auth::{AdminUser, CurrentUser};
pub use domain::{UserId, Username};
pub use routes::routes;
pub use viewer::Viewer;
