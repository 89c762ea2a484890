//! Benchmark: one broadcast to 10,000 linked users through the real queue and worker, against the
//! fake Bot API enforcing the configured rate. Reports the enqueue time, achieved / configured
//! rate, 429s and peak memory.
//!
//! ```text
//! cargo run --release --example bench_broadcast -- [USERS] [RATE]      # defaults: 10000 1000
//! cargo run --release --example bench_broadcast -- 100000 0            # RATE 0: enqueue only
//! DATABASE_URL=postgres://… cargo run --release --example bench_broadcast   # an empty database
//! ```
//! Without DATABASE_URL it uses a fresh SQLite file in a temp folder. The fake runs in this
//! process, so the peak memory includes it. With BENCH_WEBHOOK=1 a webhook endpoint is registered
//! first, so the outcome writer also does its webhook work (broadcasts make no events). With
//! BENCH_EDIT=1, once every message is sent the broadcast is edited, and the edits' rate (first to
//! last `editMessageText` at the fake) is reported against the same budget.
use std::time::{Duration, Instant};

use telegram_fake::FakeTelegram;
use tglink::accounts::UserId;
use tglink::db::{self, Conn};
use tglink::delivery::store::{self, Audience};
use tglink::delivery::text::{Format, MessageText};
use tglink::delivery::worker::{Worker, WorkerOptions};
use tokio_util::sync::CancellationToken;

const TOKEN: &str = "123456:BENCH-token";
const FIRST_CHAT: i64 = 1_000_000;

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Users `bench{i}` linked to chats FIRST_CHAT + i; the first user's id.
fn link_users(conn: &mut Conn, count: usize) -> anyhow::Result<i64> {
    let linked = tglink::db::seed::linked_users(conn, "bench", count, FIRST_CHAT, false)?;
    linked
        .first()
        .map(|l| l.user_id)
        .ok_or_else(|| anyhow::anyhow!("no users"))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let users: usize = args
        .next()
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(10_000);
    let rate: u32 = args.next().map(|a| a.parse()).transpose()?.unwrap_or(1000);
    let dir = tempfile::tempdir()?;
    let url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| dir.path().join("bench.db").to_string_lossy().into_owned());
    let backend = if url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };

    let database = db::Backend::from_url(&url).map_err(anyhow::Error::msg)?;
    let pool = {
        let database = database.clone();
        tokio::task::spawn_blocking(move || db::connect(&database)).await??
    };
    let fake = FakeTelegram::start(TOKEN).await?;
    for i in 0..users {
        fake.add_user(FIRST_CHAT + i as i64, "Bench", None);
    }
    fake.enforce_rate_limits(rate.max(1), 1);
    let author = db::run(&pool, move |conn| link_users(conn, users)).await?;
    let webhook = std::env::var("BENCH_WEBHOOK").is_ok_and(|v| v == "1");
    if webhook {
        let url = url::Url::parse("http://127.0.0.1:9/hooks")?;
        db::run(&pool, move |conn| {
            tglink::webhooks::endpoints::create(conn, &url)
        })
        .await?;
    }

    let text = MessageText::parse(
        "Benchmark broadcast: <b>hello</b> from tglink",
        Format::Html,
    )
    .map_err(anyhow::Error::msg)?;
    let started = Instant::now();
    let queued = db::run(&pool, move |conn| {
        store::enqueue_broadcast(
            conn,
            UserId(author),
            &text,
            Audience::All,
            "bench",
            None,
            &Default::default(),
        )
        .map_err(anyhow::Error::from)
    })
    .await?;
    let enqueue_time = started.elapsed();
    if rate == 0 {
        println!("backend              {backend}");
        println!("recipients           {}", queued.recipients);
        println!(
            "enqueue (INSERT … SELECT, one transaction)  {:.1} ms",
            enqueue_time.as_secs_f64() * 1000.0
        );
        return Ok(());
    }

    let bot = teloxide_core::Bot::new(TOKEN).set_api_url(fake.api_url().parse()?);
    let stop = CancellationToken::new();
    let worker = Worker::new(
        pool.clone(),
        bot,
        std::sync::Arc::new(tglink::telegram::budget::SendBudget::new(rate)),
        &database,
        WorkerOptions {
            // Above Telegram's free 30 a second only paid broadcasts may go.
            paid_broadcasts: rate > 30,
            ..WorkerOptions::for_rate(rate)
        },
        tglink::linking::chat_changed,
    );
    let running = tokio::spawn(worker.run(stop.clone()));
    let sent_all = Instant::now();
    let allowed = Duration::from_secs(users as u64 / u64::from(rate) * 3 + 60);
    fake.wait_for_sent(users, allowed).await?;
    let wall = sent_all.elapsed();
    let edit = std::env::var("BENCH_EDIT").is_ok_and(|v| v == "1");
    let edit_report = if edit {
        Some(edit_all(&pool, &fake, queued.id, users, allowed).await?)
    } else {
        None
    };
    stop.cancel();
    running.await??;

    let sent = fake.sent_messages();
    let (first, last) = (sent[0].at, sent[sent.len() - 1].at);
    let span = last.duration_since(first).as_secs_f64();
    let achieved = (sent.len() - 1) as f64 / span;
    let mut chats: Vec<i64> = sent.iter().map(|m| m.chat_id).collect();
    chats.sort_unstable();
    chats.dedup();

    println!("backend              {backend}");
    println!("recipients           {}", queued.recipients);
    println!(
        "enqueue (INSERT … SELECT, one transaction)  {:.1} ms",
        enqueue_time.as_secs_f64() * 1000.0
    );
    println!("configured rate      {rate} msg/s");
    println!(
        "achieved rate        {achieved:.1} msg/s ({:.1}% of configured; first to last send)",
        achieved / f64::from(rate) * 100.0
    );
    println!(
        "wall time            {:.2} s from worker start to last send",
        wall.as_secs_f64()
    );
    println!(
        "messages sent        {} to {} distinct chats",
        sent.len(),
        chats.len()
    );
    println!("429 answers          {}", fake.count_429());
    if let Some((queue_ms, achieved_edits, wall)) = edit_report {
        println!("edit: queue the edits {queue_ms:.1} ms (one INSERT … SELECT)");
        println!(
            "edit: achieved rate  {achieved_edits:.1} msg/s ({:.1}% of configured; first to last edit)",
            achieved_edits / f64::from(rate) * 100.0
        );
        println!(
            "edit: wall time      {:.2} s from the edit to the last chat edited",
            wall.as_secs_f64()
        );
    }
    println!(
        "webhook endpoint     {}",
        if webhook { "registered" } else { "none" }
    );
    let edits = fake.edit_count();
    if edit {
        println!("messages edited      {edits}");
    }
    match peak_rss_mib() {
        Some(mib) => {
            println!("peak RSS (VmHWM)     {mib:.1} MiB (this process: app side and the fake)")
        }
        None => println!("peak RSS             unavailable (no /proc/self/status)"),
    }
    Ok(())
}

/// Edits the sent broadcast and waits until every chat has the new text: (time to queue the
/// edits in ms, edits per second from first to last, wall time).
async fn edit_all(
    pool: &db::Pool,
    fake: &FakeTelegram,
    id: i64,
    users: usize,
    allowed: Duration,
) -> anyhow::Result<(f64, f64, Duration)> {
    let text = MessageText::parse("Benchmark broadcast: <b>edited</b>", Format::Html)
        .map_err(anyhow::Error::msg)?;
    let started = Instant::now();
    let queued = db::run(pool, move |conn| {
        tglink::delivery::edits::edit(
            conn,
            id,
            tglink::delivery::edits::Owner::Broadcast,
            &text,
            &Default::default(),
        )
        .map_err(anyhow::Error::from)
    })
    .await?
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let queue_ms = started.elapsed().as_secs_f64() * 1000.0;
    anyhow::ensure!(queued == users as i64, "{queued} edits queued for {users}");
    fake.wait_until(allowed, |f| f.edit_count() >= users)
        .await?;
    let wall = started.elapsed();
    let edits = fake.edits();
    let (first, last) = (edits[0].at, edits[edits.len() - 1].at);
    let achieved = (edits.len() - 1) as f64 / last.duration_since(first).as_secs_f64();
    Ok((queue_ms, achieved, wall))
}
