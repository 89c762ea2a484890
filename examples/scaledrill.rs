//! The scale drill (issue 29), run by `bench/scale.sh`: N linked members (default 1,000,000)
//! seeded straight in SQL, paid broadcasts at 1,000 a second against the fake Bot API (1,000/s
//! enforced, 50 ms per call), one broadcast to everyone.
//!
//! PostgreSQL: two `tglink serve` behind nginx sharing the database; the compose POST (the
//! enqueue of N rows) through nginx; the sending instance killed with -9 at 30% of the sends and
//! the other taking over (seconds until sending resumes, lost, repeated); 40 unlinked Telegram
//! users sending /help every 2 s (reply p99); the dashboard and the users search through
//! nginx twice a second (p99); each instance's RSS every 5 s; the database's size.
//! SQLite: one instance, the enqueue time and the send rate over `--sqlite-secs` (default 60).
//!
//! Usage: scaledrill [--members N] [--backends "postgres sqlite"] [--sqlite-secs S]
//!                   [--pg-url URL] [--out FILE]
//! It needs the release binary next to it (target/release/tglink) and nginx on the PATH.
#[path = "bench_common/host.rs"]
mod host;
// Shared with loadbench, which uses more of it than the drill does.
#[allow(dead_code)]
#[path = "loadbench/http.rs"]
mod http;

use std::collections::HashMap;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use diesel::RunQueryDsl;
use diesel::sql_types::BigInt;
use telegram_fake::FakeTelegram;
use tglink::db::{self, Backend, Conn, Pool};
use tokio::sync::Mutex;

const BOT_TOKEN: &str = "424242:DRILL-token_for-scaledrill";
const WEBHOOK_SECRET: &str = "scaledrill-webhook-secret";
const SECRET_KEY: &str = "scaledrill-cookie-key-0123456789abcdef-0123456789";
const ADMIN: &str = "drilladmin";
const PASSWORD: &str = "scaledrill-password-1";
const RATE: u32 = 1000;
const FIRST_CHAT: i64 = 100_000_000;
/// Unlinked Telegram users who send /help every 2 s (20 replies a second, unpaid, within the
/// free 30; each chat within Telegram's one message a second).
const CHATTERS: i64 = 40;

struct Args {
    members: i64,
    backends: Vec<String>,
    sqlite_secs: u64,
    pg_url: String,
    out: Option<String>,
}

fn args() -> anyhow::Result<Args> {
    let mut a = Args {
        members: 1_000_000,
        backends: vec!["postgres".into(), "sqlite".into()],
        sqlite_secs: 60,
        pg_url: "postgres://postgres@127.0.0.1:5432/postgres".into(),
        out: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let mut v = || it.next().with_context(|| format!("{k} needs a value"));
        match k.as_str() {
            "--members" => a.members = v()?.replace([',', '_'], "").parse()?,
            "--backends" => a.backends = v()?.split_whitespace().map(String::from).collect(),
            "--sqlite-secs" => a.sqlite_secs = v()?.parse()?,
            "--pg-url" => a.pg_url = v()?,
            "--out" => a.out = Some(v()?),
            _ => bail!("unknown argument {k}"),
        }
    }
    Ok(a)
}

fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A `tglink serve` of the release folder, killed on drop.
struct Instance {
    child: Option<Child>,
    port: u16,
}

impl Instance {
    /// Starts one on `port`; `public` is the URL Telegram posts updates to.
    fn start(
        db_url: &str,
        fake: &FakeTelegram,
        public: &str,
        port: u16,
        log: &str,
    ) -> anyhow::Result<Instance> {
        let bin = std::env::current_exe()?
            .parent()
            .and_then(|e| e.parent())
            .map(|r| r.join("tglink"))
            .context("the release folder")?;
        let log = std::fs::File::create(log)?;
        let child = Command::new(&bin)
            .arg("serve")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("TGLINK_BIND", format!("127.0.0.1:{port}"))
            .env("DATABASE_URL", db_url)
            .env("TELEGRAM_BOT_TOKEN", BOT_TOKEN)
            .env("TELEGRAM_API_URL", fake.api_url())
            .env("TGLINK_PUBLIC_URL", public)
            .env("TGLINK_WEBHOOK_SECRET", WEBHOOK_SECRET)
            .env("TGLINK_SECRET_KEY", SECRET_KEY)
            .env("TGLINK_SEND_RATE", RATE.to_string())
            .env("TGLINK_PAID_BROADCASTS", "on")
            .env("TGLINK_TRUSTED_PROXIES", "127.0.0.1")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .with_context(|| format!("start {}", bin.display()))?;
        Ok(Instance {
            child: Some(child),
            port,
        })
    }

    fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    async fn ready(&self) -> anyhow::Result<()> {
        let url = format!("http://127.0.0.1:{}/healthz", self.port);
        for _ in 0..600 {
            if reqwest::get(&url)
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("instance on {} never answered /healthz", self.port)
    }

    fn kill9(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// VmRSS in MiB.
    fn rss_mib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid()?)).ok()?;
        let kb: u64 = status
            .lines()
            .find(|l| l.starts_with("VmRSS:"))?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()?;
        Some(kb / 1024)
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        self.kill9();
    }
}

/// nginx in front of the instances, round robin, stopped on drop.
struct Nginx {
    child: Child,
    port: u16,
}

impl Nginx {
    fn start(dir: &std::path::Path, upstreams: &[u16]) -> anyhow::Result<Nginx> {
        let port = free_port()?;
        let servers: String = upstreams
            .iter()
            .map(|p| format!("    server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;\n"))
            .collect();
        let d = dir.display();
        let conf = format!(
            "worker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/nginx-error.log;\n\
             events {{ worker_connections 1024; }}\n\
             http {{\n  access_log off;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n\
               fastcgi_temp_path {d}/fcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n\
               upstream tglink {{\n{servers}    keepalive 32;\n  }}\n\
               server {{\n    listen 127.0.0.1:{port};\n    location / {{\n\
                 proxy_pass http://tglink;\n      proxy_http_version 1.1;\n\
                 proxy_set_header Connection \"\";\n      proxy_set_header Host $host;\n\
                 proxy_set_header X-Forwarded-For $remote_addr;\n      proxy_read_timeout 900s;\n\
                 proxy_next_upstream error timeout;\n    }}\n  }}\n}}\n"
        );
        let path = dir.join("nginx.conf");
        std::fs::write(&path, conf)?;
        let child = Command::new("nginx")
            .args(["-c", &path.display().to_string(), "-g", "daemon off;"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("start nginx (apt-get install nginx-light)")?;
        Ok(Nginx { child, port })
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGTERM: the master stops its workers (SIGKILL would leave them behind).
        if let Ok(pid) = i32::try_from(self.child.id()) {
            // SAFETY: kill(2) only sends a signal.
            unsafe { libc::kill(pid, libc::SIGTERM) };
        }
        let _ = self.child.wait();
    }
}

/// N members `drill{i}`, each linked to chat FIRST_CHAT + id, in two INSERT … SELECTs.
async fn seed(pool: &Pool, members: i64) -> anyhow::Result<Duration> {
    let started = Instant::now();
    db::run(pool, move |conn| {
        let (users, links) = match conn {
            Conn::Pg(_) => (
                format!(
                    "INSERT INTO users (username, username_lower, password_hash, is_admin, \
                     created_at, signin_alerts) SELECT 'drill' || g, 'drill' || g, '', false, \
                     now(), false FROM generate_series(1, {members}) g"
                ),
                format!(
                    "INSERT INTO telegram_links (user_id, telegram_user_id, chat_id, \
                     telegram_name, linked_at) SELECT id, {FIRST_CHAT} + id, {FIRST_CHAT} + id, \
                     'Drill', now() FROM users WHERE username_lower LIKE 'drill%' \
                     AND username_lower <> '{ADMIN}'"
                ),
            ),
            Conn::Sqlite(_) => (
                format!(
                    "WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g \
                     WHERE x < {members}) INSERT INTO users (username, username_lower, \
                     password_hash, is_admin, created_at, signin_alerts) SELECT 'drill' || x, \
                     'drill' || x, '', 0, CURRENT_TIMESTAMP, 0 FROM g"
                ),
                format!(
                    "INSERT INTO telegram_links (user_id, telegram_user_id, chat_id, \
                     telegram_name, linked_at) SELECT id, {FIRST_CHAT} + id, {FIRST_CHAT} + id, \
                     'Drill', CURRENT_TIMESTAMP FROM users WHERE username_lower LIKE 'drill%' \
                     AND username_lower <> '{ADMIN}'"
                ),
            ),
        };
        sql(conn, &users)?;
        sql(conn, &links)?;
        sql(conn, "ANALYZE")
    })
    .await?;
    Ok(started.elapsed())
}

fn sql(conn: &mut Conn, q: &str) -> anyhow::Result<usize> {
    Ok(match conn {
        Conn::Pg(c) => diesel::sql_query(q).execute(c)?,
        Conn::Sqlite(c) => diesel::sql_query(q).execute(c)?,
    })
}

#[derive(diesel::QueryableByName)]
struct Num {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn number(conn: &mut Conn, q: &str) -> anyhow::Result<i64> {
    let rows: Vec<Num> = match conn {
        Conn::Pg(c) => diesel::sql_query(q).load(c)?,
        Conn::Sqlite(c) => diesel::sql_query(q).load(c)?,
    };
    Ok(rows.first().map_or(0, |r| r.n))
}

async fn open_deliveries(pool: &Pool, id: i64) -> anyhow::Result<i64> {
    db::run(pool, move |c| {
        number(
            c,
            &format!(
                "SELECT count(*) AS n FROM deliveries WHERE message_id = {id} \
                 AND status IN ('pending', 'sending')"
            ),
        )
    })
    .await
}

/// The admin (a real password hash), signed in through `base`.
async fn admin(pool: &Pool, base: &str) -> anyhow::Result<http::Browser> {
    let hash = tglink::accounts::password::hash(PASSWORD.to_string()).await?;
    let name = tglink::accounts::Username::parse(ADMIN).map_err(anyhow::Error::msg)?;
    db::run(pool, move |c| {
        tglink::accounts::store::create(c, &name, &hash, true).map_err(anyhow::Error::from)
    })
    .await?;
    http::Browser::sign_in(base, ADMIN, PASSWORD).await
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

/// Samples that background tasks collect while the broadcast runs.
#[derive(Default)]
struct Samples {
    replies: Vec<Duration>,
    replies_missing: usize,
    dashboard: Vec<Duration>,
    search: Vec<Duration>,
    page_errors: usize,
    rss: Vec<(u64, Vec<Option<u64>>)>,
}

/// CHATTERS unlinked Telegram users each send /help every 2 s and time the reply.
fn chatter(fake: FakeTelegram, stop: Arc<AtomicBool>, samples: Arc<Mutex<Samples>>) {
    for i in 1..=CHATTERS {
        let (fake, stop, samples) = (fake.clone(), stop.clone(), samples.clone());
        tokio::spawn(async move {
            let user = fake.add_user(i, &format!("Chatter {i}"), None);
            while !stop.load(Ordering::Relaxed) {
                let t = Instant::now();
                let _ = user.send_text("/help").await;
                match fake.wait_for_message_to(i, Duration::from_secs(10)).await {
                    Ok(m) => samples.lock().await.replies.push(m.at.duration_since(t)),
                    Err(_) => samples.lock().await.replies_missing += 1,
                }
                tokio::time::sleep(Duration::from_secs(2).saturating_sub(t.elapsed())).await;
            }
        });
    }
}

/// The dashboard and a users search through `browser`, twice a second.
fn pages(
    browser: Arc<http::Browser>,
    base: String,
    stop: Arc<AtomicBool>,
    samples: Arc<Mutex<Samples>>,
) {
    tokio::spawn(async move {
        let mut n = 0u64;
        while !stop.load(Ordering::Relaxed) {
            n += 1;
            for (path, search) in [
                ("/admin".to_string(), false),
                (format!("/admin/users?q=drill{}", n * 7919 % 100_000), true),
            ] {
                let t = Instant::now();
                let ok = browser
                    .client
                    .get(format!("{base}{path}"))
                    .send()
                    .await
                    .is_ok_and(|r| r.status().is_success());
                let took = t.elapsed();
                let mut s = samples.lock().await;
                match (ok, search) {
                    (false, _) => s.page_errors += 1,
                    (true, false) => s.dashboard.push(took),
                    (true, true) => s.search.push(took),
                }
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    });
}

async fn fake_telegram(chats: &[i64]) -> anyhow::Result<FakeTelegram> {
    let fake = FakeTelegram::start(BOT_TOKEN).await?;
    fake.set_latency(Duration::from_millis(50));
    fake.enforce_rate_limits(RATE, 1);
    for &c in chats {
        fake.add_user(c, "Drill", None);
    }
    Ok(fake)
}

async fn chats_of(pool: &Pool) -> anyhow::Result<Vec<i64>> {
    #[derive(diesel::QueryableByName)]
    struct Chat {
        #[diesel(sql_type = BigInt)]
        chat_id: i64,
    }
    let q = "SELECT chat_id FROM telegram_links";
    let rows: Vec<Chat> = db::run(pool, move |c| match c {
        Conn::Pg(c) => diesel::sql_query(q).load(c),
        Conn::Sqlite(c) => diesel::sql_query(q).load(c),
    })
    .await?;
    Ok(rows.into_iter().map(|r| r.chat_id).collect())
}

async fn postgres(a: &Args, report: &mut Vec<String>) -> anyhow::Result<()> {
    let n = a.members;
    let name = format!("tglink_drill_{}", std::process::id());
    let db_url = {
        let (base, _) = a.pg_url.rsplit_once('/').context("a PostgreSQL URL")?;
        format!("{base}/{name}")
    };
    let admin_pool =
        db::connect_for_command(&Backend::from_url(&a.pg_url).map_err(anyhow::Error::msg)?)?;
    let create = format!("CREATE DATABASE {name}");
    db::run(&admin_pool, move |c| sql(c, &create)).await?;
    let result = postgres_run(a, n, &db_url, report).await;
    let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    db::run(&admin_pool, move |c| sql(c, &drop)).await?;
    result
}

async fn postgres_run(
    _a: &Args,
    n: i64,
    db_url: &str,
    report: &mut Vec<String>,
) -> anyhow::Result<()> {
    let dir = tempfile::Builder::new().prefix("scaledrill").tempdir()?;
    let pool = db::connect(&Backend::from_url(db_url).map_err(anyhow::Error::msg)?)?;
    let seeded = seed(&pool, n).await?;
    println!("seeded {n} linked members in {:.1} s", seeded.as_secs_f64());
    let chats = chats_of(&pool).await?;
    let fake = fake_telegram(&chats).await?;
    drop(chats);
    // nginx first (its port is the public URL both instances give Telegram), then A, which takes
    // the sender's lock, then B, which stands by.
    let (pa, pb) = (free_port()?, free_port()?);
    let nginx = Nginx::start(dir.path(), &[pa, pb])?;
    let public = format!("http://127.0.0.1:{}", nginx.port);
    let log = |x: &str| dir.path().join(format!("{x}.log")).display().to_string();
    let mut inst = vec![Instance::start(db_url, &fake, &public, pa, &log("a"))?];
    inst[0].ready().await?;
    tokio::time::sleep(Duration::from_secs(4)).await;
    inst.push(Instance::start(db_url, &fake, &public, pb, &log("b"))?);
    inst[1].ready().await?;
    let base = public.clone();
    tokio::time::sleep(Duration::from_secs(2)).await;

    let browser = Arc::new(admin(&pool, &base).await?);
    let samples = Arc::new(Mutex::new(Samples::default()));
    let stop = Arc::new(AtomicBool::new(false));
    let size_before = db::run(&pool, |c| {
        number(c, "SELECT pg_database_size(current_database()) AS n")
    })
    .await?;

    let (id, enqueue) = browser
        .compose("<b>The drill</b>: one message to every member.")
        .await?;
    println!(
        "compose POST (enqueue of {n}): {:.2} s",
        enqueue.as_secs_f64()
    );
    let started = Instant::now();
    chatter(fake.clone(), stop.clone(), samples.clone());
    pages(browser.clone(), base.clone(), stop.clone(), samples.clone());

    let kill_at = (n as f64 * 0.3) as usize;
    let mut killed: Option<(Instant, usize)> = None;
    let mut resumed: Option<Duration> = None;
    let mut last_rss = Instant::now() - Duration::from_secs(10);
    let mut rates: Vec<(f64, usize)> = Vec::new();
    // Generous: a busy machine may send at a tenth of the rate.
    let deadline = Duration::from_secs(n as u64 * 10 / u64::from(RATE) + 600);
    loop {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let sent = fake.sends_received();
        let t = started.elapsed();
        if last_rss.elapsed() >= Duration::from_secs(5) {
            last_rss = Instant::now();
            let rss = inst.iter().map(Instance::rss_mib).collect();
            samples.lock().await.rss.push((t.as_secs(), rss));
            rates.push((t.as_secs_f64(), sent));
            println!("{:>5.0} s  {sent:>8} sends", t.as_secs_f64());
        }
        if killed.is_none() && sent >= kill_at {
            // The sender is the instance that started first and took the lock.
            inst[0].kill9();
            killed = Some((Instant::now(), fake.sends_received()));
            println!("kill -9 the sender at {sent} sends");
        }
        if let (Some((at, before)), None) = (killed, resumed)
            && fake.sends_received() > before + 10
        {
            resumed = Some(at.elapsed());
            println!("sending resumed after {:.1} s", at.elapsed().as_secs_f64());
        }
        if sent >= n as usize + 20 && open_deliveries(&pool, id).await? == 0 {
            break;
        }
        if t > deadline {
            bail!("the broadcast did not finish in {} s", deadline.as_secs());
        }
    }
    let wall = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    tokio::time::sleep(Duration::from_secs(2)).await;

    // Lost and repeated, per chat, from what Telegram received.
    let sent = fake.sent_messages();
    let mut per_chat: HashMap<i64, u32> = HashMap::with_capacity(n as usize);
    let (mut first, mut last) = (None::<Instant>, None::<Instant>);
    for m in sent.iter().filter(|m| m.chat_id >= FIRST_CHAT) {
        *per_chat.entry(m.chat_id).or_default() += 1;
        first = Some(first.map_or(m.at, |f| f.min(m.at)));
        last = Some(last.map_or(m.at, |l| l.max(m.at)));
    }
    let received: i64 = per_chat.values().map(|&c| i64::from(c)).sum();
    let lost = n - per_chat.len() as i64;
    let repeated = received - per_chat.len() as i64;
    let paid = sent
        .iter()
        .filter(|m| m.chat_id >= FIRST_CHAT && m.paid)
        .count();
    let span = match (first, last) {
        (Some(f), Some(l)) => l.duration_since(f),
        _ => Duration::ZERO,
    };
    let gap = resumed.unwrap_or_default();
    let rate_all = received as f64 / span.as_secs_f64().max(0.001);
    let rate_sending = received as f64 / (span.saturating_sub(gap)).as_secs_f64().max(0.001);
    let (db_size, deliveries_size) = db::run(&pool, |c| {
        Ok::<_, anyhow::Error>((
            number(c, "SELECT pg_database_size(current_database()) AS n")?,
            number(c, "SELECT pg_total_relation_size('deliveries') AS n")?,
        ))
    })
    .await?;
    let mut s = samples.lock().await;
    s.replies.sort();
    s.dashboard.sort();
    s.search.sort();
    let rss_line = |k: usize| {
        let v: Vec<String> = s
            .rss
            .iter()
            .filter_map(|(_, r)| r.get(k).copied().flatten())
            .map(|m| m.to_string())
            .collect();
        let peak = s
            .rss
            .iter()
            .filter_map(|(_, r)| r.get(k).copied().flatten())
            .max();
        format!("peak {} MiB; every 5 s: {}", peak.unwrap_or(0), v.join(" "))
    };
    let mib = |b: i64| format!("{:.0} MiB", b as f64 / 1048576.0);
    report.push(format!(
        "### PostgreSQL: {n} members, two instances behind nginx\n"
    ));
    report.push("| measure | result |\n|---|---|".into());
    for (k, v) in [
        (
            "seeding (SQL, users + links)".to_string(),
            format!("{:.1} s", seeded.as_secs_f64()),
        ),
        (
            format!("compose POST through nginx (enqueue of {n})"),
            format!("{:.2} s", enqueue.as_secs_f64()),
        ),
        (
            "broadcast wall time (compose to last delivery recorded)".into(),
            format!("{:.0} s", wall.as_secs_f64()),
        ),
        (
            "send rate, first to last send (takeover included)".into(),
            format!(
                "{rate_all:.0}/s ({:.2} of {RATE})",
                rate_all / f64::from(RATE)
            ),
        ),
        (
            "send rate without the takeover gap".into(),
            format!(
                "{rate_sending:.0}/s ({:.2} of {RATE})",
                rate_sending / f64::from(RATE)
            ),
        ),
        (
            "kill -9 of the sender at 30%: sending resumed after".into(),
            format!("{:.1} s", gap.as_secs_f64()),
        ),
        (
            "lost / repeated (≤ 64 in flight)".into(),
            format!("{lost} / {repeated}"),
        ),
        (
            "messages sent with allow_paid_broadcast".into(),
            format!("{paid} of {received}"),
        ),
        (
            "429s from the fake (1,000/s, 30/s unpaid)".into(),
            fake.count_429().to_string(),
        ),
        (
            format!(
                "/help replies while sending ({CHATTERS} users, one /help every 2 s each): p50 / p99 / max"
            ),
            format!(
                "{} / {} / {} ({} replies, {} missing)",
                ms(pct(&s.replies, 0.5)),
                ms(pct(&s.replies, 0.99)),
                ms(s.replies.last().copied().unwrap_or_default()),
                s.replies.len(),
                s.replies_missing
            ),
        ),
        (
            "dashboard /admin through nginx: p50 / p99".into(),
            format!(
                "{} / {} ({} loads)",
                ms(pct(&s.dashboard, 0.5)),
                ms(pct(&s.dashboard, 0.99)),
                s.dashboard.len()
            ),
        ),
        (
            "users search /admin/users?q=: p50 / p99".into(),
            format!(
                "{} / {} ({} loads, {} page errors)",
                ms(pct(&s.search, 0.5)),
                ms(pct(&s.search, 0.99)),
                s.search.len(),
                s.page_errors
            ),
        ),
        (
            "RSS of instance A (the sender, killed at 30%)".into(),
            rss_line(0),
        ),
        ("RSS of instance B (took over)".into(), rss_line(1)),
        (
            "database size before / after the broadcast".into(),
            format!(
                "{} / {} (deliveries table and indexes: {})",
                mib(size_before),
                mib(db_size),
                mib(deliveries_size)
            ),
        ),
    ] {
        report.push(format!("| {k} | {v} |"));
    }
    report.push(String::new());
    drop(nginx);
    Ok(())
}

async fn sqlite(a: &Args, report: &mut Vec<String>) -> anyhow::Result<()> {
    let n = a.members;
    let dir = tempfile::Builder::new()
        .prefix("scaledrill-sqlite")
        .tempdir()?;
    let db_url = dir.path().join("drill.db").display().to_string();
    let pool = db::connect(&Backend::from_url(&db_url).map_err(anyhow::Error::msg)?)?;
    let seeded = seed(&pool, n).await?;
    println!(
        "SQLite: seeded {n} linked members in {:.1} s",
        seeded.as_secs_f64()
    );
    let chats = chats_of(&pool).await?;
    let fake = fake_telegram(&chats).await?;
    drop(chats);
    let port = free_port()?;
    let public = format!("http://127.0.0.1:{port}");
    let log = dir.path().join("a.log").display().to_string();
    // One instance, no proxy: its own address is the webhook's.
    let one = Instance::start(&db_url, &fake, &public, port, &log)?;
    one.ready().await?;
    let browser = admin(&pool, &public).await?;
    let (_, enqueue) = browser.compose("<b>The drill</b> on SQLite.").await?;
    println!(
        "SQLite compose POST (enqueue of {n}): {:.2} s",
        enqueue.as_secs_f64()
    );
    let t0 = Instant::now();
    let s0 = fake.sends_received();
    let mut peak = 0;
    while t0.elapsed() < Duration::from_secs(a.sqlite_secs) {
        tokio::time::sleep(Duration::from_secs(5)).await;
        peak = peak.max(one.rss_mib().unwrap_or(0));
    }
    let sent = fake.sends_received() - s0;
    let rate = sent as f64 / t0.elapsed().as_secs_f64();
    let size = std::fs::metadata(&db_url).map_or(0, |m| m.len());
    report.push(format!("### SQLite: {n} members, one instance\n"));
    report.push("| measure | result |\n|---|---|".into());
    report.push(format!("| seeding (SQL) | {:.1} s |", seeded.as_secs_f64()));
    report.push(format!(
        "| compose POST (enqueue of {n}) | {:.2} s |",
        enqueue.as_secs_f64()
    ));
    report.push(format!(
        "| send rate over the first {} s after the POST | {rate:.0}/s ({:.2} of {RATE}) |",
        a.sqlite_secs,
        rate / f64::from(RATE)
    ));
    report.push(format!("| peak RSS | {peak} MiB |"));
    report.push(format!(
        "| database file | {:.0} MiB |",
        size as f64 / 1048576.0
    ));
    report.push(String::new());
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let a = args()?;
    let mut report = vec![format!(
        "## Scale drill (issue 29), {}\n\nMachine: {}; at the start: {}. Paid broadcasts at \
             {RATE}/s; the fake Bot API enforces 1,000/s (30/s without the flag) and answers \
             each call after 50 ms. `bench/scale.sh --members {}`.\n",
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
        host::machine(),
        host::load(),
        a.members
    )];
    for b in a.backends.clone() {
        match b.as_str() {
            "postgres" => postgres(&a, &mut report).await?,
            "sqlite" => sqlite(&a, &mut report).await?,
            other => bail!("unknown backend {other}"),
        }
        report.push(format!("At the end: {}.\n", host::load()));
    }
    let text = report.join("\n");
    println!("\n{text}");
    if let Some(out) = &a.out {
        std::fs::write(out, &text)?;
    }
    Ok(())
}
