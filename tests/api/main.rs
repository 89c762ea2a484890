//! Black-box tests of tglink over HTTP. One binary, one module per area.
mod accounts;
mod broadcast;
mod broadcast_support;
mod cli;
mod forms_fuzz;
mod helpers;
mod notify;
mod readme;
mod telegram_bot;
mod telegram_fuzz;
mod telegram_intake;
mod telegram_linking;
mod telegram_startup;
mod worker;
mod worker_live;
