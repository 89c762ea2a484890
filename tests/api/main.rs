//! Black-box tests of tglink over HTTP. One binary, one module per area.
mod accounts;
mod cli;
mod forms_fuzz;
mod helpers;
