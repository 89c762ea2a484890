//! End-to-end tests in headless Chromium against the real `tglink` binary and the fake Bot API.
//! Each journey runs at a phone-sized and a desktop-sized window; screenshots of every step go to
//! target/e2e-screenshots/, and every page is checked for accessibility (axe-core), console
//! errors and CSP violations (Chromium's log), and valid HTML (html-validate).
mod accounts;
mod admin_users;
mod broadcast;
mod checks;
mod connect;
mod harness;
mod journey;
mod languages;
mod member;
// The provider stand-in of the HTTP tests; the journey uses only part of it.
#[path = "../api/oidc_provider.rs"]
#[allow(dead_code)]
mod oidc_provider;
// The route reader of the HTTP tests: the languages test visits every GET page it finds.
#[path = "../api/route_map.rs"]
mod route_map;
mod sandbox;
mod telegram_login;
mod telegram_oidc;
mod topics;
mod widget;
