//! Scenario 6, faults during a broadcast: Telegram down, kill -9 and restart, the PostgreSQL server
//! restarted under load, the disk full under SQLite. Each counts, from the fake's records
//! against the database's deliveries, who never got the message and who got it twice.
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use telegram_fake::Failure;
use tglink::db;

use crate::app::WEBHOOK_SECRET;
use crate::app::{AppProcess, count_in_log};
use crate::http::Browser;
use crate::report::{FaultRow, rss};
use crate::seed;
use crate::stage::{self, Ctx, Stage};
use crate::wrk::{self, Job, Script, Summary};

pub const FAULT_TEXT: &str = "Fault drill: <b>exactly once</b>, please";
const RATE: u32 = 100;
const WEBHOOK_CHAT0: i64 = 760_000_000;
const WEBHOOK_CHATS: usize = 200;

struct Drill {
    st: Stage,
    chats: Vec<i64>,
    id: i64,
    n: usize,
}

/// A stage with `n` linked recipients (plus chats for webhook load) and a broadcast sent through
/// the compose form at [`RATE`] per second.
async fn drill(ctx: &Ctx, name: &str, n: usize, db_dir: Option<&Path>) -> anyhow::Result<Drill> {
    let first = 750_000_000i64;
    let (db, pool) = stage::database(ctx, db_dir).await?;
    db::run(&pool, move |c| seed::users(c, "f", n, Some(first))).await?;
    seed::account(&pool, seed::ADMIN, true).await?;
    let chats: Vec<i64> = (first..first + n as i64).collect();
    let fake = stage::fake(
        chats
            .iter()
            .copied()
            .chain(WEBHOOK_CHAT0..WEBHOOK_CHAT0 + WEBHOOK_CHATS as i64),
    )
    .await?;
    let st = stage::start_logging(ctx, name, db, pool, fake, RATE, "info").await?;
    let admin = Browser::sign_in(&st.app.base(), seed::ADMIN, seed::PASSWORD).await?;
    let (id, _) = admin.compose(FAULT_TEXT).await?;
    Ok(Drill { st, chats, id, n })
}

impl Drill {
    async fn wait_sent(&self, count: usize) -> anyhow::Result<()> {
        let (_, ok) = stage::wait_sent(&self.st.fake, count, Duration::from_secs(120), |m| {
            m.text == FAULT_TEXT
        })
        .await;
        if !ok {
            bail!("the broadcast did not reach {count} sends in 120 s before the fault");
        }
        Ok(())
    }

    /// Waits until no delivery is open, then counts; the row's notes say what the database says.
    async fn verdict(
        &self,
        fault: String,
        timeout: Duration,
        extra: String,
    ) -> anyhow::Result<FaultRow> {
        let pool = self.st.pool.clone();
        let id = self.id;
        let settled_at = Instant::now();
        let settled = stage::wait_zero(timeout, || seed::open_deliveries(&pool, id)).await?;
        let waited = settled_at.elapsed().as_secs_f64();
        let state = seed::deliveries_of(&self.st.pool, self.id).await?;
        let (lost, dup, extra_copies) =
            stage::loss_and_duplicates(&self.st.fake, FAULT_TEXT, &self.chats);
        let settled = if settled {
            format!(
                "all deliveries final {waited:.0} s after the fault ended (or the app restarted)"
            )
        } else {
            format!("{} still open after waiting {waited:.0} s", state.open())
        };
        let log = &self.st.app.spec.log;
        let (errors, warnings) = (count_in_log(log, "ERROR"), count_in_log(log, "WARN"));
        let kinds: Vec<String> = crate::app::error_kinds(log, 3)
            .into_iter()
            .map(|(m, n)| format!("{n}× \"{m}\""))
            .collect();
        let kinds = if kinds.is_empty() {
            String::new()
        } else {
            format!(" ({})", kinds.join(", "))
        };
        Ok(FaultRow {
            fault,
            recipients: self.n.to_string(),
            lost: format!("{lost}"),
            duplicated: if dup == 0 {
                "0".into()
            } else {
                format!("{dup} ({extra_copies} extra copies)")
            },
            rss: rss(self.st.app.peak_rss_mib()),
            notes: format!(
                "{settled}; database: {}{extra}; app log: {errors} ERROR, {warnings} WARN lines{}",
                state.describe(),
                kinds
            ),
        })
    }
}

/// Ordinary messages to the webhook at about 200/s while a fault happens.
fn webhook_load(
    st: &Stage,
    dir: &Path,
    duration: Duration,
) -> tokio::task::JoinHandle<anyhow::Result<Summary>> {
    let job = Job {
        url: format!("{}/telegram/webhook", st.app.base()),
        script: Script::Messages,
        threads: 1,
        connections: 2,
        duration,
        headers: vec![],
        args: vec![
            WEBHOOK_CHAT0.to_string(),
            WEBHOOK_CHATS.to_string(),
            "600000000".into(),
            "1".into(),
            WEBHOOK_SECRET.into(),
        ],
        pace_ms: Some(10),
    };
    let dir = dir.to_path_buf();
    tokio::spawn(async move { wrk::run(&dir, &job).await })
}

/// What became of the updates the webhook acknowledged (200) during the fault. Waits for the
/// inbox sweep (every 30 s) to pick up what the queue did not take.
async fn updates_note(st: &Stage, load: &Summary) -> String {
    let pool = st.pool.clone();
    let handled = stage::wait_stable(Duration::from_secs(90), Duration::from_secs(35), || {
        seed::count_processed_updates(&pool)
    })
    .await
    .map_or(-1, |(n, _)| n);
    let stored = seed::count_stored_updates(&st.pool).await.unwrap_or(-1);
    let lost = (load.ok as i64 - handled).max(0);
    format!(
        "; webhook load: {} acknowledged, {stored} stored, {handled} handled ⇒ {lost} acknowledged updates not handled (wrk: {})",
        load.ok,
        load.errors()
    )
}

/// Telegram unreachable (connections dropped) for a while during the broadcast.
pub async fn telegram_down(ctx: &Ctx, faults: &mut Vec<FaultRow>) -> anyhow::Result<()> {
    let n = ctx.pick(3000, 600);
    let outage = ctx.secs(30, 5);
    let d = drill(ctx, "fault-telegram-down", n, None).await?;
    d.wait_sent(n / 6).await?;
    d.st.fake.set_outage(Some(Failure::NetworkDrop));
    tokio::time::sleep(outage).await;
    d.st.fake.set_outage(None);
    let back = Instant::now();
    let row = d
        .verdict(
            format!(
                "Telegram down {} s mid-broadcast (every call's connection dropped)",
                outage.as_secs()
            ),
            ctx.secs(400, 150),
            String::new(),
        )
        .await?;
    let resumed =
        d.st.fake
            .sent_messages()
            .iter()
            .find(|m| m.at > back && m.text == FAULT_TEXT)
            .map(|m| m.at.duration_since(back).as_secs_f64());
    let resumed = resumed.map_or("no send after Telegram came back".into(), |s| {
        format!("first send {s:.1} s after Telegram came back")
    });
    faults.push(FaultRow {
        notes: format!("{}; {resumed}", row.notes),
        ..row
    });
    Ok(())
}

/// kill -9 of the app mid-broadcast, then a restart on the same database.
pub async fn kill_restart(ctx: &Ctx, faults: &mut Vec<FaultRow>) -> anyhow::Result<()> {
    let n = ctx.pick(3000, 600);
    let mut d = drill(ctx, "fault-kill9", n, None).await?;
    d.wait_sent(n / 3).await?;
    let rss_before = d.st.app.peak_rss_mib();
    d.st.app.kill9();
    let at_kill =
        d.st.fake
            .sent_messages()
            .iter()
            .filter(|m| m.text == FAULT_TEXT)
            .count();
    let spec = d.st.app.spec.clone();
    let restarted = Instant::now();
    d.st.app = AppProcess::start(spec, &d.st.fake).await?;
    let up = restarted.elapsed().as_secs_f64();
    let row = d
        .verdict(
            "kill -9 mid-broadcast, then restart".into(),
            ctx.secs(400, 150),
            String::new(),
        )
        .await?;
    faults.push(FaultRow {
        notes: format!(
            "{}; killed after {at_kill} sends, serving again {up:.1} s after the restart",
            row.notes
        ),
        rss: format!("{} before, {} after", rss(rss_before), row.rss),
        ..row
    });
    Ok(())
}

/// The PostgreSQL version folder under /etc/postgresql.
fn pg_version() -> anyhow::Result<String> {
    let mut versions: Vec<String> = std::fs::read_dir("/etc/postgresql")
        .context("no /etc/postgresql")?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.chars().all(|c| c.is_ascii_digit() || c == '.'))
        .collect();
    versions.sort();
    versions
        .pop()
        .context("no PostgreSQL version under /etc/postgresql")
}

fn pg_ready() -> bool {
    Command::new("pg_isready")
        .args(["-h", "127.0.0.1", "-q"])
        .status()
        .is_ok_and(|s| s.success())
}

/// Starts the cluster again if it is not up when dropped, whatever happened in between.
struct PgUpGuard(String);

impl Drop for PgUpGuard {
    fn drop(&mut self) {
        for _ in 0..30 {
            if pg_ready() {
                return;
            }
            let _ = Command::new("pg_ctlcluster")
                .args(["--skip-systemctl-redirect", &self.0, "main", "start"])
                .status();
            std::thread::sleep(Duration::from_secs(1));
        }
        eprintln!(
            "warning: PostgreSQL {} main is not answering; start it with pg_ctlcluster {} main start",
            self.0, self.0
        );
    }
}

/// The PostgreSQL server restarted while a broadcast and webhook load run.
pub async fn postgres_restart(ctx: &Ctx, faults: &mut Vec<FaultRow>) -> anyhow::Result<()> {
    let version = pg_version()?;
    let n = ctx.pick(3000, 600);
    let d = drill(ctx, "fault-pg-restart", n, None).await?;
    let load = webhook_load(&d.st, ctx.dir.path(), ctx.secs(40, 15));
    d.wait_sent(n / 6).await?;
    let guard = PgUpGuard(version.clone());
    let began = Instant::now();
    let status = tokio::task::spawn_blocking(move || {
        Command::new("pg_ctlcluster")
            .args(["--skip-systemctl-redirect", &version, "main", "restart"])
            .status()
    })
    .await??;
    if !status.success() {
        bail!("pg_ctlcluster restart failed ({status})");
    }
    while !pg_ready() && began.elapsed() < Duration::from_secs(60) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let down = began.elapsed().as_secs_f64();
    drop(guard);
    let load = load.await??;
    let healthz = reqwest::get(format!("{}/healthz", d.st.app.base()))
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or(0);
    let updates = updates_note(&d.st, &load).await;
    let row = d
        .verdict(
            format!(
                "PostgreSQL restarted under load (pg_ctlcluster restart, {down:.1} s until ready)"
            ),
            ctx.secs(400, 150),
            format!("{updates}; /healthz after: {healthz}"),
        )
        .await?;
    faults.push(row);
    Ok(())
}

/// A small tmpfs, unmounted when dropped.
struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Writes zeros into `path` until the file system is full; returns the bytes written.
fn fill(path: &Path) -> u64 {
    use std::io::Write;
    let Ok(mut f) = std::fs::File::create(path) else {
        return 0;
    };
    let chunk = vec![0u8; 64 * 1024];
    let mut written = 0u64;
    while f.write_all(&chunk).is_ok() {
        written += chunk.len() as u64;
    }
    // The last partial chunk: fill the remaining bytes too.
    for _ in 0..chunk.len() {
        if f.write_all(&[0]).is_err() {
            break;
        }
        written += 1;
    }
    let _ = f.flush();
    written
}

/// SQLite on a file system that fills up during a broadcast and webhook load, then frees again.
pub async fn disk_full(ctx: &Ctx, faults: &mut Vec<FaultRow>) -> anyhow::Result<()> {
    let dir = ctx.path("diskfull");
    std::fs::create_dir_all(&dir)?;
    let out = Command::new("mount")
        .args([
            "-t",
            "tmpfs",
            "-o",
            "size=48m",
            "loadbench",
            &dir.to_string_lossy(),
        ])
        .output()?;
    if !out.status.success() {
        faults.push(FaultRow {
            fault: "Disk full (SQLite)".into(),
            notes: format!(
                "not measured: mounting a small tmpfs was refused here ({})",
                String::from_utf8_lossy(&out.stderr).trim()
            ),
            ..Default::default()
        });
        return Ok(());
    }
    let _mount = Mount(dir.clone());
    let n = ctx.pick(3000, 600);
    let mut d = drill(ctx, "fault-disk-full", n, Some(&dir)).await?;
    let full_for = ctx.secs(15, 5);
    let load = webhook_load(&d.st, ctx.dir.path(), full_for + Duration::from_secs(10));
    d.wait_sent(n / 6).await?;
    let filler = dir.join("filler");
    let filled = {
        let filler = filler.clone();
        tokio::task::spawn_blocking(move || fill(&filler)).await?
    };
    let base = d.st.app.base();
    let client = reqwest::Client::new();
    let mut statuses = std::collections::BTreeMap::<u16, u32>::new();
    let full_until = Instant::now() + full_for;
    while Instant::now() < full_until {
        let s = client
            .get(format!("{base}/healthz"))
            .send()
            .await
            .map(|r| r.status().as_u16())
            .unwrap_or(0);
        *statuses.entry(s).or_default() += 1;
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    std::fs::remove_file(&filler)?;
    let alive = d.st.app.is_running();
    let load = load.await??;
    let log = d.st.app.spec.log.clone();
    let full_errors = count_in_log(&log, "full");
    let healthz: Vec<String> = statuses.iter().map(|(s, c)| format!("{c}× {s}")).collect();
    let updates = updates_note(&d.st, &load).await;
    if !alive {
        let spec = d.st.app.spec.clone();
        d.st.app = AppProcess::start(spec, &d.st.fake).await?;
    }
    let row = d
        .verdict(
            format!("Disk full {} s mid-broadcast (48 MiB tmpfs filled, then freed)", full_for.as_secs()),
            ctx.secs(400, 150),
            format!(
                "{updates}; filled {:.1} MiB; /healthz while full: {}; {full_errors} log lines mention 'full'; app {}",
                filled as f64 / 1048576.0,
                healthz.join(", "),
                if alive { "kept running" } else { "died and was restarted" }
            ),
        )
        .await?;
    faults.push(row);
    Ok(())
}
