//! The service manager's notifications (`Type=notify` units): READY=1 once tglink listens with
//! its database migrated, WATCHDOG=1 at half the unit's `WatchdogSec` while the async runtime
//! runs, STOPPING=1 once it has drained. Nothing is sent, and nothing runs, without NOTIFY_SOCKET.
use sd_notify::NotifyState;

fn enabled() -> bool {
    std::env::var_os("NOTIFY_SOCKET").is_some()
}

fn send(state: &[NotifyState]) {
    if let Err(e) = sd_notify::notify(state) {
        tracing::warn!(error = %e, "cannot notify the service manager (NOTIFY_SOCKET)");
    }
}

/// Tells the service manager that tglink serves, and starts the watchdog pings it asked for.
pub fn ready() {
    if !enabled() {
        return;
    }
    send(&[NotifyState::Ready, NotifyState::Status("serving")]);
    if let Some(timeout) = sd_notify::watchdog_enabled() {
        // Half the timeout, as sd_watchdog_enabled(3) advises: one late ping is not a restart.
        let every = timeout / 2;
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            loop {
                tick.tick().await;
                send(&[NotifyState::Watchdog]);
            }
        });
    }
}

/// Tells the service manager that tglink has finished its work in hand and is exiting.
pub fn stopping() {
    if enabled() {
        send(&[NotifyState::Stopping]);
    }
}
