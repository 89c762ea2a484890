//! The real `tglink` binary as a child process, for what an in-process app cannot show: a
//! kill -9, the process-wide metrics, or its log.
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};

use telegram_fake::FakeTelegram;

use crate::helpers::{BOT_TOKEN, TestDb, WAIT};

/// The running binary, the leader of its own process group; the group is killed (SIGKILL) when
/// dropped, if the test fails first.
pub struct Binary {
    pub child: std::process::Child,
    pub port: u16,
    log: PathBuf,
}

impl Drop for Binary {
    fn drop(&mut self) {
        if let Ok(pid) = i32::try_from(self.child.id()) {
            // SAFETY: kill(2) only sends a signal; it touches no memory of ours.
            unsafe { libc::kill(-pid, libc::SIGKILL) };
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Binary {
    /// Starts `tglink serve` on `db` with the fake as Telegram: long polling, or the webhook at
    /// its own address when `webhook`. Waits until it serves `/healthz`.
    pub async fn start(fake: &FakeTelegram, db: &TestDb, dir: &Path, webhook: bool) -> Binary {
        Binary::serve(dir, |command, port| {
            command
                .env("DATABASE_URL", db.url())
                .env("TELEGRAM_BOT_TOKEN", BOT_TOKEN)
                .env("TELEGRAM_API_URL", fake.api_url());
            if webhook {
                command.env("TGLINK_PUBLIC_URL", format!("http://127.0.0.1:{port}"));
            }
        })
        .await
    }

    /// Starts `tglink serve` in `dir` on a free port, logging warnings to a file there, with the
    /// settings `configure` adds. Waits until it serves `/healthz`.
    pub async fn serve(
        dir: &Path,
        configure: impl FnOnce(&mut std::process::Command, u16),
    ) -> Binary {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let log = dir.join(format!("tglink-{port}.log"));
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_tglink"));
        command
            .arg("serve")
            .current_dir(dir) // no stray .env
            .env_remove("TGLINK_PUBLIC_URL")
            .env_remove("TELEGRAM_BOT_TOKEN")
            .env("RUST_LOG", "warn")
            .env("TGLINK_BIND", format!("127.0.0.1:{port}"))
            .process_group(0)
            .stdout(std::process::Stdio::null())
            .stderr(std::fs::File::create(&log).expect("the log file"));
        configure(&mut command, port);
        let binary = Binary {
            child: command.spawn().expect("start tglink"),
            port,
            log,
        };
        let health = binary.url("/healthz");
        let deadline = std::time::Instant::now() + WAIT;
        while reqwest::get(&health).await.is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "tglink never served {health}: {}",
                binary.log()
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        binary
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// What it has logged so far (warnings and errors: RUST_LOG=warn).
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).expect("the log file")
    }

    /// SIGKILL, and waits for the process to be gone.
    pub fn kill9(&mut self) {
        self.child.kill().expect("kill -9");
        self.child.wait().expect("reap");
    }
}

/// Sends `signal` (e.g. `libc::SIGTERM`) to a process: the system call itself, not `/bin/kill`.
pub fn signal(pid: u32, signal: i32) {
    let pid = i32::try_from(pid).expect("a process id");
    // SAFETY: kill(2) only sends a signal; it touches no memory of ours.
    let sent = unsafe { libc::kill(pid, signal) };
    assert_eq!(
        sent,
        0,
        "kill({pid}, {signal}): {}",
        std::io::Error::last_os_error()
    );
}
