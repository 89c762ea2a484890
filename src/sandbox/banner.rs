//! The "Sandbox: no real Telegram" banner that every page of a demo carries. The layout asks
//! [`showing`]; the demo app marks each of its HTTP worker threads when it builds them, so an app
//! without a sandbox (even one in the same process, as in tests) never shows it.
use std::cell::Cell;

thread_local! {
    static DEMO_WORKER: Cell<bool> = const { Cell::new(false) };
}

/// Called by the demo app's factory on each of its worker threads.
pub fn mark_this_worker() {
    DEMO_WORKER.with(|d| d.set(true));
}

/// Whether the page being rendered belongs to a demo.
pub fn showing() -> bool {
    DEMO_WORKER.with(Cell::get)
}
