//! The release binary as a child process for the benchmarks that drive it over HTTP.
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{Context, bail};

/// The release binary as a child process, killed on drop.
pub struct App {
    child: Child,
    pub base: String,
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `tglink serve` from the release folder on `database_url`, with a cookie key named after
/// `bench` and the `extra` settings; waits until it answers /healthz.
pub async fn start(database_url: &str, bench: &str, extra: &[(&str, &str)]) -> anyhow::Result<App> {
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let bin = std::env::current_exe()?
        .parent()
        .and_then(|examples| examples.parent())
        .map(|release| release.join("tglink"))
        .context("the release folder")?;
    let child = Command::new(&bin)
        .arg("serve")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("TGLINK_BIND", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", database_url)
        .env(
            "TGLINK_SECRET_KEY",
            format!("{bench}-cookie-key-0123456789abcdef"),
        )
        .envs(extra.iter().copied())
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| format!("start {}", bin.display()))?;
    let app = App {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let client = reqwest::Client::new();
    for _ in 0..200 {
        if client
            .get(format!("{}/healthz", app.base))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return Ok(app);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    bail!("the app did not answer /healthz")
}
