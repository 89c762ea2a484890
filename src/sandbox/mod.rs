//! `tglink demo`'s built-in Telegram: the emulated Bot API (the telegram-fake crate) running in
//! this process, the `/sandbox` chat page that plays its users, and the JSON API for a site's own
//! end-to-end tests. Only `tglink demo` makes a [`Sandbox`]; without one (`tglink serve`) none of
//! these routes exist and the fake is never started.
pub mod api; // /sandbox/api/…: simulated users, their messages, presses and blocks, as JSON
pub mod banner; // the "Sandbox: no real Telegram" banner on every page of a demo
pub mod host_guard; // the demo answers only for localhost and its port (no DNS rebinding)
mod page; // GET /sandbox: the chat page, and its script and stylesheet
mod same_origin; // POSTs to the sandbox API only from this site's pages (or from no browser)
pub mod seed; // demo data: an admin with a fresh password, members, some linked to simulated users

use actix_web::web;
use telegram_fake::FakeTelegram;

/// The running emulated Telegram the demo app talks to.
#[derive(Clone)]
pub struct Sandbox {
    pub telegram: FakeTelegram,
}

impl Sandbox {
    pub fn new(telegram: FakeTelegram) -> Sandbox {
        Sandbox { telegram }
    }
}

/// The sandbox's routes, registered only when there is a sandbox.
pub fn routes(cfg: &mut web::ServiceConfig, sandbox: Option<&Sandbox>) {
    let Some(sandbox) = sandbox else {
        return;
    };
    cfg.app_data(web::Data::new(sandbox.clone()));
    page::routes(cfg);
    api::routes(cfg);
}
