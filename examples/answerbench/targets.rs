//! The systems under test: tglink's release binary (on a fresh SQLite file or a fresh PostgreSQL
//! database) and the Python peers of bench/peers, each as a child process in its own process
//! group, with its log kept in the run's folder. Every child is killed when its guard drops, and
//! `kill_all_children` (called on the way out of `main`) kills whatever is left.
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use diesel::{Connection, RunQueryDsl};
use telegram_fake::FakeTelegram;

pub const BOT_TOKEN: &str = "424242:ANSWERBENCH-token_for_bench";
pub const WEBHOOK_SECRET: &str = "answerbench-webhook-secret";
const SECRET_KEY: &str = "answerbench-cookie-key-0123456789abcdef-0123456789";

/// Process groups of every child started, so an early exit can still kill them.
static CHILDREN: Mutex<Vec<i32>> = Mutex::new(Vec::new());

/// SIGKILL to every process group still registered (idempotent).
pub fn kill_all_children() {
    let groups: Vec<i32> = std::mem::take(&mut *CHILDREN.lock().unwrap());
    for pgid in groups {
        unsafe {
            libc::kill(-pgid, libc::SIGKILL);
        }
    }
}

fn register(pgid: i32) {
    CHILDREN.lock().unwrap().push(pgid);
}

fn unregister(pgid: i32) {
    CHILDREN.lock().unwrap().retain(|&p| p != pgid);
}

#[derive(Clone, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }
}

#[derive(Clone, Debug)]
pub enum Kind {
    Tglink {
        binary: PathBuf,
        backend: Backend,
        /// Extra environment for this build only (on top of the run's).
        env: Vec<(String, String)>,
    },
    /// "seed" or "aiogram" (bench/peers/run_peer.sh), on SQLite.
    Peer(&'static str),
}

/// One column of the comparison: what to start.
#[derive(Clone, Debug)]
pub struct TargetSpec {
    pub label: String,
    pub kind: Kind,
}

impl TargetSpec {
    pub fn is_tglink(&self) -> bool {
        matches!(self.kind, Kind::Tglink { .. })
    }

    pub fn is_peer(&self, name: &str) -> bool {
        matches!(self.kind, Kind::Peer(p) if p == name)
    }

    /// A file-name-safe form of the label.
    pub fn slug(&self) -> String {
        self.label
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .split('-')
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("-")
            .to_lowercase()
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

/// A fresh database for one run of one target: a SQLite file in the run's folder (removed with
/// its -wal/-shm after the run), or a PostgreSQL database created through the admin URL and
/// dropped after the run.
pub struct Database {
    pub url: String,
    sqlite: Option<PathBuf>,
    pg: Option<(String, String)>,
}

impl Database {
    pub fn sqlite(path: PathBuf) -> Database {
        Database {
            url: path.to_string_lossy().into_owned(),
            sqlite: Some(path),
            pg: None,
        }
    }

    pub fn postgres(admin_url: &str) -> anyhow::Result<Database> {
        let name = format!("tglink_answers_{}", random_suffix());
        let mut conn = diesel::PgConnection::establish(admin_url)
            .with_context(|| format!("connecting to PostgreSQL at {admin_url}"))?;
        diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut conn)?;
        let mut url = url::Url::parse(admin_url).context("the PostgreSQL URL does not parse")?;
        url.set_path(&format!("/{name}"));
        Ok(Database {
            url: url.to_string(),
            sqlite: None,
            pg: Some((admin_url.to_string(), name)),
        })
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Some(path) = &self.sqlite {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let mut p = path.as_os_str().to_owned();
                p.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(p));
            }
        }
        if let Some((admin, name)) = &self.pg {
            for _ in 0..10 {
                let dropped = diesel::PgConnection::establish(admin)
                    .map_err(anyhow::Error::from)
                    .and_then(|mut c| {
                        diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                            .execute(&mut c)
                            .map_err(anyhow::Error::from)
                    });
                if dropped.is_ok() {
                    return;
                }
                std::thread::sleep(Duration::from_secs(1));
            }
            eprintln!("answerbench: warning: could not drop the database {name}");
        }
    }
}

/// A free loopback port (bound and released; the target binds it right after).
pub fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// A child process in its own process group (gunicorn forks workers: the whole group goes).
struct Proc {
    child: Child,
    pgid: i32,
}

impl Proc {
    fn pid(&self) -> i32 {
        self.child.id() as i32
    }

    /// SIGTERM to the group, SIGKILL after `grace`, and reap.
    fn stop(mut self, grace: Duration) {
        unsafe {
            libc::kill(-self.pgid, libc::SIGTERM);
        }
        let deadline = Instant::now() + grace;
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        // Whatever of the group is left (gunicorn workers, a stuck process).
        unsafe {
            libc::kill(-self.pgid, libc::SIGKILL);
        }
        let _ = self.child.wait();
        unregister(self.pgid);
    }

    /// kill -9 of the process itself (not through /bin/kill), then reap.
    fn kill9(mut self) {
        unsafe {
            libc::kill(self.pid(), libc::SIGKILL);
            libc::kill(-self.pgid, libc::SIGKILL);
        }
        let _ = self.child.wait();
        unregister(self.pgid);
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            unsafe {
                libc::kill(-self.pgid, libc::SIGKILL);
            }
            let _ = self.child.wait();
        }
        unregister(self.pgid);
    }
}

/// A started target with its fake Bot API and database.
pub struct Running {
    pub spec: TargetSpec,
    pub port: u16,
    pub log: PathBuf,
    pub fake: FakeTelegram,
    /// Settings given to tglink on top of the fixed ones (TGLINK_UPDATE_CONCURRENCY, …).
    tglink_env: Vec<(String, String)>,
    db: Database,
    proc: Option<Proc>,
    started: usize,
}

impl Running {
    /// Starts `spec` on a fresh database against `fake`, waiting until it is ready: `/healthz`
    /// answers 200 and (tglink) the fake has seen its `setWebhook`.
    pub async fn start(
        spec: &TargetSpec,
        fake: FakeTelegram,
        dir: &Path,
        name: &str,
        pg_admin: &str,
        tglink_env: Vec<(String, String)>,
    ) -> anyhow::Result<Running> {
        let log = dir.join(format!("{name}.log"));
        let db = match &spec.kind {
            Kind::Tglink {
                backend: Backend::Postgres,
                ..
            } => Database::postgres(pg_admin)?,
            _ => Database::sqlite(dir.join(format!("{name}.db"))),
        };
        let mut running = Running {
            spec: spec.clone(),
            port: free_port()?,
            log,
            fake,
            tglink_env,
            db,
            proc: None,
            started: 0,
        };
        running.launch().await?;
        Ok(running)
    }

    pub fn webhook_url(&self) -> String {
        format!("http://127.0.0.1:{}/telegram/webhook", self.port)
    }

    pub fn pid(&self) -> Option<i32> {
        self.proc.as_ref().map(Proc::pid)
    }

    /// Peak resident memory of the target's main process so far (VmHWM), in MiB.
    pub fn peak_rss_mib(&self) -> Option<f64> {
        let pid = self.pid()?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib / 1024.0)
    }

    /// CPU seconds (user + system) used so far by the target's live processes: every process
    /// in its process group (gunicorn's workers too), from /proc.
    pub fn cpu_secs(&self) -> Option<f64> {
        let pgid = self.proc.as_ref()?.pgid;
        let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
        let mut total = 0u64;
        for entry in std::fs::read_dir("/proc").ok()?.flatten() {
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                continue;
            };
            // After the command name in parentheses: state ppid pgrp … utime(14) stime(15).
            let Some(rest) = stat.rsplit_once(") ").map(|(_, r)| r) else {
                continue;
            };
            let f: Vec<&str> = rest.split_whitespace().collect();
            if f.len() > 12 && f[2].parse::<i32>().ok() == Some(pgid) {
                total += f[11].parse::<u64>().unwrap_or(0) + f[12].parse::<u64>().unwrap_or(0);
            }
        }
        Some(total as f64 / ticks)
    }

    /// Starts the process (again, after `kill9`: same port, same database, same log file).
    pub async fn launch(&mut self) -> anyhow::Result<()> {
        if self.proc.is_some() {
            bail!("{} is already running", self.spec.label);
        }
        let mut log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)?;
        {
            use std::io::Write;
            writeln!(
                log,
                "==== answerbench: start #{} of {} at {} ====",
                self.started + 1,
                self.spec.label,
                chrono::Utc::now().format("%H:%M:%S%.3f")
            )?;
        }
        // The working directory is the run's folder, so no stray `.env` is read.
        let cwd = self.log.parent().unwrap_or(Path::new("/tmp")).to_path_buf();
        let api_url = self.fake.api_url();
        let mut cmd = match &self.spec.kind {
            Kind::Tglink { binary, env, .. } => {
                let mut c = Command::new(binary);
                c.arg("serve")
                    .env_clear()
                    .env("PATH", std::env::var("PATH").unwrap_or_default())
                    .env("DATABASE_URL", &self.db.url)
                    .env("TGLINK_BIND", format!("127.0.0.1:{}", self.port))
                    .env(
                        "TGLINK_PUBLIC_URL",
                        format!("http://127.0.0.1:{}", self.port),
                    )
                    .env("TGLINK_WEBHOOK_SECRET", WEBHOOK_SECRET)
                    .env("TGLINK_SECRET_KEY", SECRET_KEY)
                    .env("TELEGRAM_BOT_TOKEN", BOT_TOKEN)
                    .env("TELEGRAM_API_URL", &api_url)
                    .env("RUST_LOG", "warn")
                    .env("NO_COLOR", "1");
                c.envs(self.tglink_env.iter().cloned());
                c.envs(env.iter().cloned());
                c.envs(extra_env());
                c
            }
            Kind::Peer(peer) => {
                let script =
                    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("bench/peers/run_peer.sh");
                let mut c = Command::new(script);
                c.arg(peer)
                    .arg(self.port.to_string())
                    .arg(&api_url)
                    .arg(BOT_TOKEN)
                    .arg(WEBHOOK_SECRET)
                    .arg(&self.db.url);
                c
            }
        };
        let child = cmd
            .current_dir(&cwd)
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .with_context(|| format!("starting {}", self.spec.label))?;
        let pgid = child.id() as i32;
        register(pgid);
        self.proc = Some(Proc { child, pgid });
        self.started += 1;
        self.wait_ready().await
    }

    async fn wait_ready(&mut self) -> anyhow::Result<()> {
        let client = reqwest::Client::new();
        let health = format!("http://127.0.0.1:{}/healthz", self.port);
        let webhook = self.webhook_url();
        let hooks_before = if self.started > 1 {
            self.fake.calls_to("setWebhook").len()
        } else {
            0
        };
        // A peer's first start may install its venv (about a minute).
        let deadline = Instant::now() + Duration::from_secs(180);
        loop {
            if let Some(p) = self.proc.as_mut()
                && let Some(status) = p.child.try_wait()?
            {
                bail!(
                    "{} exited during start ({status}); log {}:\n{}",
                    self.spec.label,
                    self.log.display(),
                    tail(&self.log, 30)
                );
            }
            let up = matches!(client.get(&health).send().await, Ok(r) if r.status().is_success());
            let hooked = !self.spec.is_tglink()
                || (self.fake.webhook().is_some_and(|w| w.url == webhook)
                    && self.fake.calls_to("setWebhook").len() > hooks_before);
            if up && hooked {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!(
                    "{} did not become ready (healthz {up}, webhook {hooked}); log {}:\n{}",
                    self.spec.label,
                    self.log.display(),
                    tail(&self.log, 30)
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// kill -9 the process and reap it; `launch` starts it again on the same database.
    pub fn kill9(&mut self) {
        if let Some(p) = self.proc.take() {
            p.kill9();
        }
    }

    pub fn is_running(&mut self) -> bool {
        self.proc
            .as_mut()
            .is_some_and(|p| matches!(p.child.try_wait(), Ok(None)))
    }

    /// Stops the process (SIGTERM, then SIGKILL) and drops the database.
    pub fn stop(mut self) {
        if let Some(p) = self.proc.take() {
            p.stop(Duration::from_secs(3));
        }
    }

    /// ERROR and WARN lines in the target's log (tglink's tracing format, Python's logging and
    /// gunicorn's `[ERROR]`), and tracebacks.
    pub fn log_problems(&self) -> LogProblems {
        log_problems(&self.log)
    }
}

#[derive(Debug, Default, Clone)]
pub struct LogProblems {
    pub errors: usize,
    pub warnings: usize,
    /// The most frequent error/warning message shapes, with counts.
    pub kinds: Vec<(String, usize)>,
}

impl LogProblems {
    pub fn summary(&self) -> String {
        if self.errors == 0 && self.warnings == 0 {
            return "log clean".into();
        }
        let kinds: Vec<String> = self
            .kinds
            .iter()
            .map(|(k, n)| format!("{n}× “{}”", shorten(k, 90)))
            .collect();
        format!(
            "log: {} errors, {} warnings ({})",
            self.errors,
            self.warnings,
            kinds.join("; ")
        )
    }
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max).collect::<String>())
    }
}

pub fn log_problems(path: &Path) -> LogProblems {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut p = LogProblems::default();
    let mut counts: std::collections::HashMap<String, usize> = Default::default();
    for line in text.lines() {
        let (is_error, at) = if let Some(at) = line.find(" ERROR ") {
            (true, at + 7)
        } else if let Some(at) = line.find(" WARN ") {
            (false, at + 6)
        } else if let Some(at) = line.find("[ERROR]") {
            (true, at + 7)
        } else if line.starts_with("ERROR:") {
            (true, 6)
        } else if line.starts_with("WARNING:") {
            (false, 8)
        } else if line.starts_with("Traceback") {
            (true, 0)
        } else {
            continue;
        };
        if is_error {
            p.errors += 1;
        } else {
            p.warnings += 1;
        }
        let rest = line[at..].trim();
        // tglink: "target: message key=value ..." — keep the message.
        let rest = rest.split_once(": ").map_or(rest, |(_, m)| m);
        let end = rest
            .match_indices(' ')
            .map(|(i, _)| i)
            .find(|&i| {
                let word: String = rest[i + 1..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
                    .collect();
                !word.is_empty() && rest[i + 1 + word.len()..].starts_with('=')
            })
            .unwrap_or(rest.len());
        *counts.entry(rest[..end].trim().to_string()).or_default() += 1;
    }
    let mut kinds: Vec<(String, usize)> = counts.into_iter().collect();
    kinds.sort_by_key(|k| std::cmp::Reverse(k.1));
    kinds.truncate(3);
    p.kinds = kinds;
    p
}

/// ANSWERBENCH_APP_ENV="NAME=value NAME2=value2" adds variables to tglink's environment.
fn extra_env() -> Vec<(String, String)> {
    std::env::var("ANSWERBENCH_APP_ENV")
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|kv| {
            kv.split_once('=')
                .map(|(k, v)| (k.to_string(), v.to_string()))
        })
        .collect()
}

/// The last `lines` lines of a log file.
pub fn tail(path: &Path, lines: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}
