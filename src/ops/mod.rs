//! Running tglink in production: backups, the liveness and readiness probes and the command that
//! asks them, the log format, traces, and the service manager's notifications.
pub mod backup;
pub mod healthcheck;
pub mod logging;
pub mod probes;
pub mod systemd;
pub mod traces;
