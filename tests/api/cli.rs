//! The `tglink` binary itself: create-admin, promote, migrate, and clear errors for bad settings.
use std::io::Write;
use std::process::{Command, Stdio};

use crate::helpers::{TestDb, spawn_app_with};

pub fn tglink() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tglink"));
    cmd.env_remove("RUST_LOG").env("RUST_LOG", "error");
    cmd
}

pub fn run_with_stdin(cmd: &mut Command, input: &str) -> std::process::Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn tglink");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test]
async fn create_admin_makes_an_admin_who_can_open_admin() {
    let db = TestDb::new();
    let out = run_with_stdin(
        tglink()
            .args(["create-admin", "root"])
            .env("DATABASE_URL", db.url()),
        "an admin password\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("created admin root"));

    let url = db.url().to_string();
    let app = spawn_app_with(|c| c.database = url.parse().expect("database URL")).await;
    assert_eq!(app.log_in("root", "an admin password").await.status(), 303);
    assert_eq!(app.get("/admin").await.status(), 200);

    // An existing member is promoted, explicitly, without touching the password.
    app.new_browser().sign_up("alice", "alice password").await;
    let out = run_with_stdin(
        tglink()
            .args(["promote", "ALICE"])
            .env("DATABASE_URL", db.url()),
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("alice is now an admin"));
    let audit = app.get("/admin/audit").await.text().await.unwrap();
    assert!(
        audit.contains("<td>the tglink command</td><td>made admin</td><td>alice</td>"),
        "a promotion from the command line is in the audit log: {audit}"
    );
    let alice = app.new_browser();
    assert_eq!(alice.log_in("alice", "alice password").await.status(), 303);
    assert_eq!(alice.get("/admin").await.status(), 200);
}

/// Whoever registers the intended admin name first must not become an admin when the operator
/// runs create-admin, and the password the operator typed must not be dropped silently.
#[tokio::test]
async fn create_admin_refuses_an_existing_name_and_says_how_to_promote() {
    let db = TestDb::new();
    let url = db.url().to_string();
    let app = spawn_app_with(|c| c.database = url.parse().expect("database URL")).await;
    app.new_browser().sign_up("root", "squatter password").await;
    let out = run_with_stdin(
        tglink()
            .args(["create-admin", "ROOT"])
            .env("DATABASE_URL", db.url()),
        "the operator's password\n",
    );
    assert!(!out.status.success(), "an existing name is refused");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert!(stderr.contains("tglink promote root"), "{stderr}");
    let squatter = app.new_browser();
    assert_eq!(
        squatter.log_in("root", "squatter password").await.status(),
        303
    );
    assert_eq!(squatter.get("/admin").await.status(), 403, "not promoted");
    assert_eq!(
        app.new_browser()
            .log_in("root", "the operator's password")
            .await
            .status(),
        401,
        "the password was not set either"
    );

    let out = run_with_stdin(
        tglink()
            .args(["promote", "nobody"])
            .env("DATABASE_URL", db.url()),
        "",
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no account named nobody"));
}

#[test]
fn create_admin_refuses_a_short_password_and_a_bad_username() {
    let db = TestDb::new();
    let out = run_with_stdin(
        tglink()
            .args(["create-admin", "root"])
            .env("DATABASE_URL", db.url()),
        "short\n",
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 10 characters"));
    let out = run_with_stdin(
        tglink()
            .args(["create-admin", "x y"])
            .env("DATABASE_URL", db.url()),
        "long enough pw\n",
    );
    assert!(!out.status.success());
}

#[test]
fn migrate_creates_the_schema() {
    let db = TestDb::new();
    let out = tglink()
        .args(["migrate"])
        .env("DATABASE_URL", db.url())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("up to date"));
}

/// Bad settings end the start with one clear line, a non-zero exit and no panic.
#[test]
fn bad_settings_stop_the_start_with_one_clear_line() {
    let cases: &[(&str, &str, &str)] = &[
        ("TGLINK_BIND", "not-an-address", "TGLINK_BIND"),
        ("DATABASE_URL", "mysql://localhost/x", "not supported"),
        (
            "DATABASE_URL",
            "postgres://postgres@127.0.0.1:1/none",
            "cannot connect to PostgreSQL",
        ),
        (
            "DATABASE_URL",
            "/no/such/folder/tglink.db",
            "cannot open SQLite database",
        ),
        ("TELEGRAM_BOT_TOKEN", "nonsense", "TELEGRAM_BOT_TOKEN"),
        (
            "TGLINK_PUBLIC_URL",
            "ftp://example.com",
            "TGLINK_PUBLIC_URL",
        ),
        ("TGLINK_SEND_RATE", "0", "TGLINK_SEND_RATE"),
        (
            "TGLINK_SEND_RATE",
            "100",
            "TGLINK_SEND_RATE above 30 needs TGLINK_PAID_BROADCASTS=on: Telegram allows ~30 \
             messages/s without paid broadcasts",
        ),
        (
            "TGLINK_PASSWORDLESS_SIGNUP",
            "maybe",
            "TGLINK_PASSWORDLESS_SIGNUP must be on or off",
        ),
        (
            "TGLINK_TRUSTED_PROXIES",
            "127.0.0.1, 10.0.0/8",
            "TGLINK_TRUSTED_PROXIES: \"10.0.0/8\" is not a CIDR",
        ),
        (
            "TGLINK_PROXY_HEADER",
            "x-real-ip",
            "TGLINK_PROXY_HEADER must be x-forwarded-for or forwarded",
        ),
        (
            "TGLINK_METRICS_TOKEN",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "TGLINK_METRICS_TOKEN must be a random secret",
        ),
        (
            "TGLINK_METRICS_TOKEN",
            "abababababababababababab",
            "TGLINK_METRICS_TOKEN must be a random secret",
        ),
    ];
    for (name, value, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let out = tglink()
            .arg("serve")
            .current_dir(dir.path())
            .env("TGLINK_BIND", "127.0.0.1:0")
            .env("DATABASE_URL", dir.path().join("t.db"))
            .env(name, value)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{name}={value} must not start");
        assert!(stderr.contains(expected), "{name}={value}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        let error_lines: Vec<_> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
        assert_eq!(error_lines.len(), 1, "{stderr}");
    }
}

#[test]
fn an_address_in_use_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let out = tglink()
        .arg("serve")
        .env("TGLINK_BIND", &addr)
        .env("DATABASE_URL", dir.path().join("t.db"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot listen on"), "{stderr}");
}

#[test]
fn help_explains_every_setting() {
    let out = tglink().args(["serve", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for setting in [
        "TGLINK_BIND",
        "DATABASE_URL",
        "TELEGRAM_BOT_TOKEN",
        "TELEGRAM_API_URL",
        "TGLINK_PUBLIC_URL",
        "TGLINK_WEBHOOK_SECRET",
        "TGLINK_SECRET_KEY",
        "TGLINK_LINK_TTL_SECS",
        "TGLINK_SEND_RATE",
        "TGLINK_PAID_BROADCASTS",
        "TGLINK_TRUSTED_PROXIES",
        "TGLINK_PROXY_HEADER",
        "TGLINK_PASSWORDLESS_SIGNUP",
        "TGLINK_WEBHOOK_ALLOW_PRIVATE",
        "TGLINK_WEBHOOK_RETENTION_DAYS",
    ] {
        assert!(
            help.contains(setting),
            "{setting} missing from serve --help"
        );
    }
    for sub in ["serve", "migrate", "create-admin", "promote"] {
        let out = tglink().args([sub, "--help"]).output().unwrap();
        assert!(out.status.success(), "{sub} --help");
    }
}

/// A one-off command on PostgreSQL exits cleanly every time. Its pool used to open a connection
/// in the background (to keep one idle) while the process exited: libpq, mid-handshake on that
/// thread, crashed the process about one run in eight (exit 139, after printing its result).
#[test]
fn one_off_commands_on_postgresql_exit_cleanly_every_time() {
    let db = TestDb::postgres();
    for run in 0..40 {
        let out = tglink()
            .arg("migrate")
            .env("DATABASE_URL", db.url())
            .output()
            .expect("run tglink migrate");
        assert!(
            out.status.success(),
            "run {run}: {} {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
