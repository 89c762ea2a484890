//! One scenario's stage: a fresh database (seeded through the library), a fresh fake Bot API in
//! this process, and the release binary pointed at both.
use std::path::PathBuf;
use std::time::{Duration, Instant};

use telegram_fake::{FakeTelegram, SentMessage};
use tglink::db::Pool;

use crate::app::{AppProcess, AppSpec, BOT_TOKEN, Backend, Database, free_port};

/// What every scenario needs to know about the run.
pub struct Ctx {
    pub backend: Backend,
    pub quick: bool,
    pub binary: PathBuf,
    pub dir: tempfile::TempDir,
    pub notes: Vec<String>,
}

impl Ctx {
    /// `full` normally, `quick` with --quick.
    pub fn pick<T>(&self, full: T, quick: T) -> T {
        if self.quick { quick } else { full }
    }

    pub fn secs(&self, full: u64, quick: u64) -> Duration {
        Duration::from_secs(self.pick(full, quick))
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

pub struct Stage {
    pub pool: Pool,
    pub fake: FakeTelegram,
    pub app: AppProcess,
    // Dropped last: the app and pool go first.
    pub _db: Database,
}

/// A fresh database, migrated; seed it before starting the app.
pub async fn database(
    ctx: &Ctx,
    dir: Option<&std::path::Path>,
) -> anyhow::Result<(Database, Pool)> {
    let db = Database::create(&ctx.backend, dir)?;
    let url = db.url.clone();
    let pool = tokio::task::spawn_blocking(move || {
        tglink::db::connect(&tglink::db::Backend::from_url(&url).expect("database URL"))
    })
    .await??;
    Ok((db, pool))
}

/// A fake Bot API that knows chats `first..first + count`.
pub async fn fake(chats: impl IntoIterator<Item = i64>) -> anyhow::Result<FakeTelegram> {
    let fake = FakeTelegram::start(BOT_TOKEN).await?;
    for chat in chats {
        fake.add_user(chat, "Bench", None);
    }
    Ok(fake)
}

/// Starts the app on a fresh port with its own log file.
pub async fn start(
    ctx: &Ctx,
    name: &str,
    db: Database,
    pool: Pool,
    fake: FakeTelegram,
    send_rate: u32,
) -> anyhow::Result<Stage> {
    start_logging(ctx, name, db, pool, fake, send_rate, "warn").await
}

/// [`start`] with the app's log level chosen.
pub async fn start_logging(
    ctx: &Ctx,
    name: &str,
    db: Database,
    pool: Pool,
    fake: FakeTelegram,
    send_rate: u32,
    log_level: &'static str,
) -> anyhow::Result<Stage> {
    let spec = AppSpec {
        binary: ctx.binary.clone(),
        database_url: db.url.clone(),
        port: free_port()?,
        api_url: fake.api_url(),
        send_rate,
        log: ctx.path(&format!("{name}.log")),
        log_level,
    };
    let app = AppProcess::start(spec, &fake).await?;
    Ok(Stage {
        pool,
        fake,
        app,
        _db: db,
    })
}

/// Waits until `count` messages satisfying `pred` were sent, polling (cloning the fake's record
/// each time is costly, so not on every message). Returns them, or what there was at the deadline.
pub async fn wait_sent(
    fake: &FakeTelegram,
    count: usize,
    timeout: Duration,
    pred: impl Fn(&SentMessage) -> bool,
) -> (Vec<SentMessage>, bool) {
    let deadline = Instant::now() + timeout;
    loop {
        let sent: Vec<SentMessage> = fake.sent_messages().into_iter().filter(&pred).collect();
        if sent.len() >= count {
            return (sent, true);
        }
        if Instant::now() >= deadline {
            return (sent, false);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until `probe` returns a value that stays the same for `quiet`, or the deadline.
/// Returns the value and when it last changed.
pub async fn wait_stable<F, Fut>(
    timeout: Duration,
    quiet: Duration,
    mut probe: F,
) -> anyhow::Result<(i64, Instant)>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<i64>>,
{
    let deadline = Instant::now() + timeout;
    let mut last = probe().await?;
    let mut since = Instant::now();
    loop {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let now = probe().await?;
        if now != last {
            last = now;
            since = Instant::now();
        } else if since.elapsed() >= quiet || Instant::now() >= deadline {
            return Ok((last, since));
        }
    }
}

/// Polls until `probe` returns 0 or the deadline; true when it did.
pub async fn wait_zero<F, Fut>(timeout: Duration, mut probe: F) -> anyhow::Result<bool>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<i64>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        // The database may be away for a moment (the restart fault): keep asking.
        if let Ok(0) = probe().await {
            return Ok(true);
        }
        if Instant::now() >= deadline {
            return Ok(false);
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Per chat among `chats`: how many copies of `text` arrived. (lost, duplicated, extra copies)
pub fn loss_and_duplicates(
    fake: &FakeTelegram,
    text: &str,
    chats: &[i64],
) -> (usize, usize, usize) {
    let mut copies: std::collections::HashMap<i64, usize> = chats.iter().map(|c| (*c, 0)).collect();
    for m in fake.sent_messages() {
        if m.text == text
            && let Some(n) = copies.get_mut(&m.chat_id)
        {
            *n += 1;
        }
    }
    let lost = copies.values().filter(|n| **n == 0).count();
    let dup = copies.values().filter(|n| **n > 1).count();
    let extra = copies.values().map(|n| n.saturating_sub(1)).sum();
    (lost, dup, extra)
}

/// Sends per second between the first and the last of `sent`.
pub fn achieved_rate(sent: &[SentMessage]) -> f64 {
    match (sent.first(), sent.last()) {
        (Some(a), Some(b)) if sent.len() > 1 => {
            (sent.len() - 1) as f64 / b.at.duration_since(a.at).as_secs_f64().max(1e-9)
        }
        _ => 0.0,
    }
}
