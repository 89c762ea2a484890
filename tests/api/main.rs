//! Black-box tests of tglink over HTTP. One binary, one module per area.
mod accounts;
mod cli;
mod forms_fuzz;
mod helpers;
mod telegram_bot;
mod telegram_intake;
mod telegram_linking;
