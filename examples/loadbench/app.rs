//! The system under test: a fresh database per run (a SQLite file, or a PostgreSQL database the
//! orchestrator creates and drops) and the release binary as a child process, killed on drop.
use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use diesel::{Connection, RunQueryDsl};
use telegram_fake::FakeTelegram;

pub const BOT_TOKEN: &str = "424242:BENCH-token_for-loadbench";
pub const WEBHOOK_SECRET: &str = "loadbench-webhook-secret";
pub const SECRET_KEY: &str = "loadbench-cookie-key-0123456789abcdef-0123456789";

/// Which backend the run measures.
#[derive(Clone, Debug)]
pub enum Backend {
    Sqlite,
    Postgres { admin_url: String },
}

impl Backend {
    pub fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres { .. } => "PostgreSQL",
        }
    }
}

fn random_suffix() -> String {
    use rand::Rng;
    let mut rng = rand::thread_rng();
    (0..10)
        .map(|_| rng.sample(rand::distributions::Alphanumeric) as char)
        .collect::<String>()
        .to_lowercase()
}

/// A database that exists for one scenario and is removed after it.
pub struct Database {
    pub url: String,
    pg: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

impl Database {
    /// A fresh database; `dir` puts a SQLite file in a chosen folder (the disk-full fault).
    pub fn create(backend: &Backend, dir: Option<&Path>) -> anyhow::Result<Database> {
        match backend {
            Backend::Sqlite => {
                let (tmp, path) = match dir {
                    Some(d) => (None, d.join("bench.db")),
                    None => {
                        let t = tempfile::Builder::new().prefix("loadbench-db").tempdir()?;
                        let p = t.path().join("bench.db");
                        (Some(t), p)
                    }
                };
                Ok(Database {
                    url: path.to_string_lossy().into_owned(),
                    pg: None,
                    _dir: tmp,
                })
            }
            Backend::Postgres { admin_url } => {
                let name = format!("tglink_bench_{}", random_suffix());
                let mut conn = diesel::PgConnection::establish(admin_url)
                    .with_context(|| format!("connecting to PostgreSQL at {admin_url}"))?;
                diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut conn)?;
                let url = replace_db_name(admin_url, &name)?;
                Ok(Database {
                    url,
                    pg: Some((admin_url.clone(), name)),
                    _dir: None,
                })
            }
        }
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.pg {
            // The server may be restarting (the database-restart fault): try for a while.
            for _ in 0..30 {
                let dropped = diesel::PgConnection::establish(admin)
                    .map_err(anyhow::Error::from)
                    .and_then(|mut c| {
                        diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                            .execute(&mut c)
                            .map_err(anyhow::Error::from)
                    });
                match dropped {
                    Ok(_) => return,
                    Err(_) => std::thread::sleep(Duration::from_secs(1)),
                }
            }
            eprintln!("warning: could not drop the benchmark database {name}");
        }
    }
}

/// The admin URL with its database name replaced.
fn replace_db_name(admin_url: &str, name: &str) -> anyhow::Result<String> {
    let mut url = url::Url::parse(admin_url).context("the PostgreSQL URL does not parse")?;
    url.set_path(&format!("/{name}"));
    Ok(url.to_string())
}

/// A free loopback port (bound and released; the app binds it right after).
pub fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// How to start the app: everything but the database and the rate is fixed.
#[derive(Clone)]
pub struct AppSpec {
    pub binary: PathBuf,
    pub database_url: String,
    pub port: u16,
    pub api_url: String,
    pub send_rate: u32,
    pub log: PathBuf,
    /// RUST_LOG for the app: "warn" while measuring speed, "info" for the fault drills.
    pub log_level: &'static str,
}

/// The running release binary. Killed (SIGKILL) and reaped when dropped.
pub struct AppProcess {
    pub spec: AppSpec,
    child: Option<Child>,
    pub pid: u32,
}

impl AppProcess {
    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.spec.port)
    }

    /// Starts the binary in webhook mode and waits until it serves and has set its webhook.
    pub async fn start(spec: AppSpec, fake: &FakeTelegram) -> anyhow::Result<AppProcess> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&spec.log)?;
        let cwd = spec.log.parent().unwrap_or(Path::new("/tmp")).to_path_buf();
        let child = Command::new(&spec.binary)
            .arg("serve")
            .current_dir(&cwd)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("DATABASE_URL", &spec.database_url)
            .env("TGLINK_BIND", format!("127.0.0.1:{}", spec.port))
            .env(
                "TGLINK_PUBLIC_URL",
                format!("http://127.0.0.1:{}", spec.port),
            )
            .env("TGLINK_WEBHOOK_SECRET", WEBHOOK_SECRET)
            .env("TGLINK_SECRET_KEY", SECRET_KEY)
            .env("TELEGRAM_BOT_TOKEN", BOT_TOKEN)
            .env("TELEGRAM_API_URL", &spec.api_url)
            .env("TGLINK_SEND_RATE", spec.send_rate.to_string())
            // Above Telegram's free 30 a second only paid broadcasts may go.
            .env(
                "TGLINK_PAID_BROADCASTS",
                if spec.send_rate > 30 { "on" } else { "off" },
            )
            .env("RUST_LOG", spec.log_level)
            .env("NO_COLOR", "1")
            .envs(extra_env())
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .with_context(|| format!("starting {}", spec.binary.display()))?;
        let pid = child.id();
        let mut app = AppProcess {
            spec,
            child: Some(child),
            pid,
        };
        app.wait_ready(fake).await?;
        Ok(app)
    }

    async fn wait_ready(&mut self, fake: &FakeTelegram) -> anyhow::Result<()> {
        let client = reqwest::Client::new();
        let url = format!("{}/healthz", self.base());
        let deadline = Instant::now() + Duration::from_secs(60);
        let webhook = format!("http://127.0.0.1:{}/telegram/webhook", self.spec.port);
        loop {
            if let Some(child) = self.child.as_mut()
                && let Some(status) = child.try_wait()?
            {
                bail!(
                    "the app exited during start ({status}); log:\n{}",
                    tail(&self.spec.log, 40)
                );
            }
            let up = matches!(client.get(&url).send().await, Ok(r) if r.status().is_success());
            let hooked = fake.webhook().is_some_and(|w| w.url == webhook);
            if up && hooked {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!(
                    "the app did not become ready in 60 s (healthz {up}, webhook {hooked}); log:\n{}",
                    tail(&self.spec.log, 40)
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Peak resident memory so far (VmHWM), in MiB.
    pub fn peak_rss_mib(&self) -> Option<f64> {
        peak_rss_of(self.pid)
    }

    pub fn is_running(&mut self) -> bool {
        self.child
            .as_mut()
            .is_some_and(|c| matches!(c.try_wait(), Ok(None)))
    }

    /// kill -9 and reap.
    pub fn kill9(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for AppProcess {
    fn drop(&mut self) {
        self.kill9();
    }
}

/// LOADBENCH_APP_ENV="NAME=value NAME2=value2" adds variables to the app's environment, e.g.
/// MALLOC_ARENA_MAX=2 to see how the allocator affects peak memory.
pub fn extra_env() -> Vec<(String, String)> {
    std::env::var("LOADBENCH_APP_ENV")
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|kv| {
            kv.split_once('=')
                .map(|(k, v)| (k.to_string(), v.to_string()))
        })
        .collect()
}

pub fn peak_rss_of(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// The last `lines` lines of a log file.
pub fn tail(path: &Path, lines: usize) -> String {
    let mut text = String::new();
    if let Ok(mut f) = std::fs::File::open(path) {
        let _ = f.read_to_string(&mut text);
    }
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Counts log lines containing `needle` (e.g. how often the app logged a given warning).
pub fn count_in_log(path: &Path, needle: &str) -> usize {
    std::fs::read_to_string(path)
        .map(|t| t.lines().filter(|l| l.contains(needle)).count())
        .unwrap_or(0)
}

/// The distinct ERROR messages in a log (fields and timestamps cut off), most frequent first.
pub fn error_kinds(path: &Path, max: usize) -> Vec<(String, usize)> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for line in text.lines() {
        let Some(at) = line.find("ERROR ") else {
            continue;
        };
        let rest = &line[at + 6..];
        let rest = rest.split_once(": ").map_or(rest, |(_, m)| m);
        // The message ends where the first ` key=value` field starts.
        let end = rest
            .match_indices(' ')
            .map(|(i, _)| i)
            .find(|&i| {
                let word: String = rest[i + 1..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                !word.is_empty() && rest[i + 1 + word.len()..].starts_with('=')
            })
            .unwrap_or(rest.len());
        *counts.entry(rest[..end].trim().to_string()).or_default() += 1;
    }
    let mut kinds: Vec<(String, usize)> = counts.into_iter().collect();
    kinds.sort_by_key(|k| std::cmp::Reverse(k.1));
    kinds.truncate(max);
    kinds
}

/// The short commit of the tree the orchestrator was built from.
pub fn commit() -> String {
    Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".into())
}
