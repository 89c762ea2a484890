//! End-to-end answer benchmark: how fast a bot ANSWERS a burst of Telegram updates, counted
//! where the user sees it — replies arriving at the fake Bot API (crates/telegram-fake) — not
//! webhook acknowledgements. Compares tglink's release binary (SQLite and PostgreSQL, one or more
//! builds side by side) with the Python peers of bench/peers (seed: telebot + Flask + gunicorn;
//! aiogram 3, full and minimal). Run it through `bench/answers.sh`, or directly:
//!
//! ```text
//! cargo build --release && cargo build --release --example answerbench
//! target/release/examples/answerbench [--quick] [--out bench/results.md] \
//!     [--tglink LABEL=BINARY]... [--db sqlite,postgres] [--pg ADMIN_URL] \
//!     [--peers seed,aiogram,aiogram-min|none] [--only burst0,burst50,order,paced50,burst10k,kill9]
//! ```
//!
//! The load: the benchmark itself POSTs Telegram Update JSON (private text messages with a
//! bot_command entity, update_ids unique and increasing over the run) to the target's
//! `POST /telegram/webhook` with the secret header, from `--clients` (16) concurrent reqwest
//! clients in this process, each taking the next update as soon as its previous POST was answered.
//! Each target gets a fresh database and a fresh fake for every scenario.
//!
//! Measured per update: when its POST started, when the 200 came back, and when the fake recorded
//! its reply (the k-th reply to a chat answers the k-th acknowledged update to that chat).
//! acknowledged/s = updates / (last 200 − first POST); answered/s = updates / (last reply − first
//! POST); latency = reply arrival − POST start.
//!
//! Scenarios (sizes for a full run; `--quick` is smaller):
//! - burst0: sendMessage latency 0, 2,000 × `/start <unknown token>` from 500 chats round-robin.
//! - burst50: latency 50 ms, 2,000 updates from 1,000 chats; burst150 and burst250 the same at
//!   150 and 250 ms.
//! - chats0, chats50, chats150, chats250: 4,000 updates, one per chat, at 0/50/150/250 ms; with
//!   the CPU seconds of the target's processes per answered update (also in every burst table).
//! - order: latency 0, 500 chats each send `/start x`, `/whoami`, `/help` (in blocks of 5 chats,
//!   so one chat's three are in flight at once); each chat must get three replies in order.
//!   `--order-latency-ms 200` also shows whether one chat's updates were handled at the same
//!   time (replies closer together than the latency).
//! - paced50: latency 50 ms, half of the target's burst50 answered/s, open loop, for ~10 s from
//!   1,000 chats; p50/p99 POST→reply (goal p99 ≤ 100 ms). Needs burst50 (run with it).
//! - burst10k (tglink only): latency 0, 10,000 updates from 1,000 chats; goal: all answered in 10 s.
//! - kill9 (tglink only): 10,000 updates from 1,000 chats; SIGKILL after 40% were acknowledged,
//!   posting stops, the same binary restarts on the same database; every acknowledged update must
//!   be answered, with at most TGLINK_UPDATE_CONCURRENCY duplicates.
//!
//! Everything listens on 127.0.0.1; every child process (in its own process group) is killed on
//! exit, also on error or Ctrl-C. Targets' logs stay in the run folder (printed at the end).
#[path = "bench_common/host.rs"]
mod host;
#[path = "answerbench/load.rs"]
mod load;
#[path = "answerbench/report.rs"]
mod report;
#[path = "answerbench/scenarios.rs"]
mod scenarios;
#[path = "answerbench/targets.rs"]
mod targets;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use anyhow::{Context, bail};

use report::Table;
use scenarios::Ctx;
use targets::{Backend, Kind, TargetSpec};

const USAGE: &str = "\
usage: answerbench [--quick] [--out FILE] [--tglink [LABEL=]BINARY]... [--tglink-env LABEL=NAME=VALUE]...
                   [--db sqlite,postgres]
                   [--pg ADMIN_URL] [--peers seed,aiogram,aiogram-min|none] [--only SCENARIOS]
                   [--clients N] [--reply-timeout SECS] [--kill-latency-ms MS] [--kill-at FRACTION]
                   [--kill-settle SECS] [--order-latency-ms MS] [--kill-timeout SECS] [--paced-secs SECS]
                   [--update-concurrency N] [--send-rate N] [--logs DIR]
  --tglink          a tglink release binary, repeatable: before=/path/a --tglink after=/path/b
                    (default: tglink=<this example's target dir>/release/tglink)
  --tglink-env      LABEL=NAME=VALUE: extra environment for one --tglink label, repeatable
                    (e.g. --tglink fast=/path/tglink --tglink-env fast=TGLINK_SEND_RATE=10000)
  --db              tglink backends (default sqlite,postgres)
  --pg              PostgreSQL admin URL; each run creates and drops its own database
                    (default postgres://postgres@127.0.0.1:5432/postgres)
  --peers           Python peers from bench/peers (default seed,aiogram,aiogram-min)
  --only            burst0,burst50,burst150,burst250,chats0,chats50,chats150,chats250,order,
                    paced50,burst10k,kill9 (default all; paced50 runs burst50)
  --clients         concurrent HTTP clients (default 16)
  --reply-timeout   how long to wait for the last replies after the last POST (default 120)
  --kill-latency-ms sendMessage latency during kill9 (default 0)
  --order-latency-ms  sendMessage latency during order (default 0); above 0 the row also counts
                    chats whose replies came closer together than that (handled concurrently)
  --kill-at         share of the updates acknowledged before kill -9 (default 0.4)
  --kill-settle     wait after all were answered, for late duplicates (default 20)
  --kill-timeout    kill9: wait at most this long after the restart for the answers (default 600)
  --paced-secs      length of paced50 (default 10, quick 4)
  --update-concurrency  TGLINK_UPDATE_CONCURRENCY for tglink (default: unset, tglink's 64)
  --send-rate       TGLINK_SEND_RATE for tglink (default: unset, tglink's 30 messages/s)
  --logs            folder for the targets' logs (default a new /tmp/answerbench-* folder)
  --out             merge the section \"## Bot answers end to end\" into this Markdown file
Environment: ANSWERBENCH_APP_ENV=\"NAME=value ...\" adds variables to tglink's environment.";

const ALL: &[&str] = &[
    "burst0", "burst50", "burst150", "burst250", "chats0", "chats50", "chats150", "chats250",
    "order", "paced50", "burst10k", "kill9",
];

struct Args {
    quick: bool,
    out: Option<PathBuf>,
    tglinks: Vec<(String, PathBuf)>,
    /// (label, NAME, value): extra environment for one tglink label.
    tglink_env: Vec<(String, String, String)>,
    dbs: Vec<String>,
    pg_admin: String,
    peers: Vec<&'static str>,
    only: Vec<String>,
    clients: usize,
    reply_timeout: u64,
    kill_latency_ms: u64,
    kill_at: f64,
    kill_settle: u64,
    order_latency_ms: u64,
    kill_timeout: u64,
    send_rate: Option<u32>,
    paced_secs: Option<f64>,
    update_concurrency: Option<u32>,
    logs: Option<PathBuf>,
}

fn default_tglink() -> PathBuf {
    // target/release/examples/answerbench → target/release/tglink
    std::env::current_exe()
        .ok()
        .and_then(|e| e.parent()?.parent().map(|d| d.join("tglink")))
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/tglink"))
}

fn parse_args() -> anyhow::Result<Args> {
    let mut a = Args {
        quick: false,
        out: None,
        tglinks: Vec::new(),
        tglink_env: Vec::new(),
        dbs: vec!["sqlite".into(), "postgres".into()],
        pg_admin: "postgres://postgres@127.0.0.1:5432/postgres".into(),
        peers: vec!["seed", "aiogram", "aiogram-min"],
        only: ALL.iter().map(|s| s.to_string()).collect(),
        clients: 16,
        reply_timeout: 120,
        kill_latency_ms: 0,
        kill_at: 0.4,
        kill_settle: 20,
        order_latency_ms: 0,
        kill_timeout: 600,
        send_rate: None,
        paced_secs: None,
        update_concurrency: None,
        logs: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || {
            it.next()
                .with_context(|| format!("{arg} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--quick" => a.quick = true,
            "--out" => a.out = Some(value()?.into()),
            "--tglink-env" => {
                let v = value()?;
                let parsed = v
                    .split_once('=')
                    .and_then(|(label, kv)| kv.split_once('=').map(|(k, val)| (label, k, val)));
                let Some((label, k, val)) = parsed else {
                    bail!("--tglink-env takes LABEL=NAME=VALUE\n{USAGE}");
                };
                a.tglink_env
                    .push((label.to_string(), k.to_string(), val.to_string()));
            }
            "--tglink" => {
                let v = value()?;
                let (label, path) = match v.split_once('=') {
                    Some((l, p)) => (l.to_string(), PathBuf::from(p)),
                    None => ("tglink".to_string(), PathBuf::from(v)),
                };
                a.tglinks.push((label, path));
            }
            "--db" => {
                a.dbs = value()?.split(',').map(str::to_string).collect();
                for d in &a.dbs {
                    if d != "sqlite" && d != "postgres" {
                        bail!("--db takes sqlite, postgres or both\n{USAGE}");
                    }
                }
            }
            "--pg" => a.pg_admin = value()?,
            "--peers" => {
                let v = value()?;
                a.peers = Vec::new();
                for p in v.split(',') {
                    match p {
                        "seed" => a.peers.push("seed"),
                        "aiogram" => a.peers.push("aiogram"),
                        "aiogram-min" => a.peers.push("aiogram-min"),
                        "none" | "" => {}
                        other => bail!("unknown peer {other}\n{USAGE}"),
                    }
                }
            }
            "--only" => {
                a.only = value()?.split(',').map(str::to_string).collect();
                for s in &a.only {
                    if !ALL.contains(&s.as_str()) {
                        bail!("unknown scenario {s}\n{USAGE}");
                    }
                }
            }
            "--clients" => a.clients = value()?.parse().context("--clients takes a number")?,
            "--reply-timeout" => {
                a.reply_timeout = value()?.parse().context("--reply-timeout takes seconds")?
            }
            "--kill-latency-ms" => {
                a.kill_latency_ms = value()?.parse().context("--kill-latency-ms takes ms")?
            }
            "--kill-at" => {
                a.kill_at = value()?.parse().context("--kill-at takes a fraction")?;
                if !(0.01..=0.99).contains(&a.kill_at) {
                    bail!("--kill-at takes a fraction between 0.01 and 0.99");
                }
            }
            "--kill-settle" => {
                a.kill_settle = value()?.parse().context("--kill-settle takes seconds")?
            }
            "--order-latency-ms" => {
                a.order_latency_ms = value()?.parse().context("--order-latency-ms takes ms")?
            }
            "--kill-timeout" => {
                a.kill_timeout = value()?.parse().context("--kill-timeout takes seconds")?
            }
            "--send-rate" => {
                a.send_rate = Some(value()?.parse().context("--send-rate takes a number")?)
            }
            "--paced-secs" => {
                a.paced_secs = Some(value()?.parse().context("--paced-secs takes seconds")?)
            }
            "--update-concurrency" => {
                a.update_concurrency = Some(
                    value()?
                        .parse()
                        .context("--update-concurrency takes a number")?,
                )
            }
            "--logs" => a.logs = Some(value()?.into()),
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => bail!("unknown argument {other}\n{USAGE}"),
        }
    }
    if a.tglinks.is_empty() {
        a.tglinks.push(("tglink".into(), default_tglink()));
    }
    for (label, _, _) in &a.tglink_env {
        if !a.tglinks.iter().any(|(l, _)| l == label) {
            bail!("--tglink-env names {label}, which no --tglink has");
        }
    }
    for (label, path) in &a.tglinks {
        if !path.is_file() {
            bail!(
                "tglink binary {} ({label}) is missing: run `cargo build --release` first",
                path.display()
            );
        }
    }
    Ok(a)
}

fn wants(args: &Args, s: &str) -> bool {
    args.only.iter().any(|o| o == s) || (s == "burst50" && wants(args, "paced50"))
}

/// Copies a tglink binary into the run folder, so a rebuild during the run does not change what
/// is measured; returns the copy and a description for the report (path, build time, sha256).
fn snapshot_binary(
    path: &std::path::Path,
    dir: &std::path::Path,
    label: &str,
) -> anyhow::Result<(PathBuf, String)> {
    use sha2::Digest;
    let bin_dir = dir.join("bin");
    std::fs::create_dir_all(&bin_dir)?;
    let safe: String = label
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let copy = bin_dir.join(format!("tglink-{safe}"));
    std::fs::copy(path, &copy)
        .with_context(|| format!("copying {} to {}", path.display(), copy.display()))?;
    if let Ok(modified) = std::fs::metadata(path).and_then(|m| m.modified()) {
        let _ = std::fs::File::options()
            .write(true)
            .open(&copy)
            .and_then(|f| f.set_modified(modified));
    }
    let digest = sha2::Sha256::digest(std::fs::read(&copy)?);
    let description = format!(
        "{}, sha256 {}…",
        describe_binary(path),
        &hex::encode(digest)[..12]
    );
    Ok((copy, description))
}

/// The binary's path, size and build time, for the report.
fn describe_binary(path: &std::path::Path) -> String {
    let meta = std::fs::metadata(path).ok();
    let built = meta
        .as_ref()
        .and_then(|m| m.modified().ok())
        .map(|t| {
            chrono::DateTime::<chrono::Utc>::from(t)
                .format("%Y-%m-%d %H:%M UTC")
                .to_string()
        })
        .unwrap_or_else(|| "?".into());
    format!("`{}` (built {built})", path.display())
}

async fn run(args: Args) -> anyhow::Result<()> {
    load::init_update_ids();
    let started = chrono::Utc::now();
    // The tree the binaries were (presumably) just built from; src/ may change during the run.
    let commit = report::commit();
    let dir = match &args.logs {
        Some(d) => d.clone(),
        None => {
            std::env::temp_dir().join(format!("answerbench-{}", started.format("%Y%m%d-%H%M%S")))
        }
    };
    std::fs::create_dir_all(&dir)?;
    eprintln!("answerbench: logs in {}", dir.display());

    let mut binaries = HashMap::new();
    for (label, binary) in &args.tglinks {
        let (copy, description) = snapshot_binary(binary, &dir, label)?;
        eprintln!(
            "answerbench: {label}: {description}, run from {}",
            copy.display()
        );
        binaries.insert(label.clone(), (copy, description));
    }
    let mut targets = Vec::new();
    let mut descriptions = HashMap::new();
    for db in &args.dbs {
        for (label, _) in &args.tglinks {
            let (binary, description) = &binaries[label];
            let backend = if db == "sqlite" {
                Backend::Sqlite
            } else {
                Backend::Postgres
            };
            let env: Vec<(String, String)> = args
                .tglink_env
                .iter()
                .filter(|(l, _, _)| l == label)
                .map(|(_, k, v)| (k.clone(), v.clone()))
                .collect();
            descriptions.insert(format!("{label} · {}", backend.name()), description.clone());
            targets.push(TargetSpec {
                label: format!("{label} · {}", backend.name()),
                kind: Kind::Tglink {
                    binary: binary.clone(),
                    backend,
                    env,
                },
            });
        }
    }
    for p in &args.peers {
        targets.push(TargetSpec {
            label: format!("{p} (Python · SQLite)"),
            kind: Kind::Peer(p),
        });
    }

    let ctx = Ctx {
        dir: dir.clone(),
        pg_admin: args.pg_admin.clone(),
        quick: args.quick,
        clients: args.clients,
        reply_timeout: Duration::from_secs(args.reply_timeout),
        order_latency: Duration::from_millis(args.order_latency_ms),
        kill_latency: Duration::from_millis(args.kill_latency_ms),
        kill_at: args.kill_at,
        kill_settle: Duration::from_secs(args.kill_settle),
        kill_timeout: Duration::from_secs(args.kill_timeout),
        send_rate: args.send_rate,
        paced_secs: args
            .paced_secs
            .unwrap_or(if args.quick { 4.0 } else { 10.0 }),
        update_concurrency: args.update_concurrency,
        client: load::client(args.clients),
        saturation: Mutex::new(HashMap::new()),
        rates: Mutex::new(HashMap::new()),
        cpu: Mutex::new(HashMap::new()),
    };
    let load_before = report::load();
    let mut tables: Vec<Table> = Vec::new();

    // Runs one scenario for every target it applies to; a failure becomes a row saying so.
    macro_rules! scenario {
        ($key:expr, $table:expr, $tglink_only:expr, |$t:ident| $call:expr) => {
            if wants(&args, $key) {
                let mut table = $table;
                for $t in targets.iter().filter(|t| !$tglink_only || t.is_tglink()) {
                    eprintln!(
                        "answerbench: {} · {} … ({})",
                        $key,
                        $t.label,
                        report::load()
                    );
                    let at = std::time::Instant::now();
                    match $call.await {
                        Ok(row) => {
                            eprintln!(
                                "answerbench: {} · {} done in {:.0} s: {}",
                                $key,
                                $t.label,
                                at.elapsed().as_secs_f64(),
                                row[1..row.len() - 1].join(" | ")
                            );
                            table.rows.push(row);
                        }
                        Err(e) => {
                            eprintln!("answerbench: {} · {} FAILED: {e:#}", $key, $t.label);
                            table.failed(&$t.label, &format!("{e:#}"));
                        }
                    }
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                tables.push(table);
            }
        };
    }

    let (b0n, b0c) = (ctx.pick(2000, 400), ctx.pick(500, 100));
    scenario!(
        "burst0",
        Table::new(
            "burst0: sendMessage answered at once",
            &format!(
                "{b0n} × `/start <unknown token>` from {b0c} chats round-robin, {} clients \
                 closed loop; the fake answers sendMessage without delay.",
                ctx.clients
            ),
            scenarios::BURST_HEADER
        ),
        false,
        |t| scenarios::burst_row(&ctx, t, "burst0", Duration::ZERO, b0n, b0c, None)
    );
    if let Some(table) = tables.last_mut().filter(|t| t.title.starts_with("burst0"))
        && let Some(r) = scenarios::ratios(&ctx, "burst0", &targets)
    {
        table.after.push(r);
    }
    let (b50n, b50c) = (ctx.pick(2000, 400), ctx.pick(1000, 200));
    scenario!(
        "burst50",
        Table::new(
            "burst50: Telegram takes 50 ms per sendMessage",
            &format!(
                "{b50n} × `/start <unknown token>` from {b50c} chats round-robin, {} clients \
                 closed loop; each sendMessage is answered (and recorded) after 50 ms.",
                ctx.clients
            ),
            scenarios::BURST_HEADER
        ),
        false,
        |t| scenarios::burst_row(
            &ctx,
            t,
            "burst50",
            Duration::from_millis(50),
            b50n,
            b50c,
            None
        )
    );
    if let Some(table) = tables.last_mut().filter(|t| t.title.starts_with("burst50"))
        && let Some(r) = scenarios::ratios(&ctx, "burst50", &targets)
    {
        table.after.push(r);
    }
    // Telegram farther away: the same burst at 150 and 250 ms.
    for (key, ms) in [("burst150", 150u64), ("burst250", 250)] {
        scenario!(
            key,
            Table::new(
                &format!("{key}: Telegram takes {ms} ms per sendMessage"),
                &format!(
                    "{b50n} × `/start <unknown token>` from {b50c} chats round-robin, {} clients \
                     closed loop; each sendMessage is answered (and recorded) after {ms} ms.",
                    ctx.clients
                ),
                scenarios::BURST_HEADER
            ),
            false,
            |t| scenarios::burst_row(&ctx, t, key, Duration::from_millis(ms), b50n, b50c, None)
        );
        if let Some(table) = tables.last_mut().filter(|t| t.title.starts_with(key))
            && let Some(r) = scenarios::ratios(&ctx, key, &targets)
        {
            table.after.push(r);
        }
    }
    // One update per chat: nothing waits for a chat's previous reply, so this measures how
    // many replies a bot keeps in flight at once.
    let chats_n = ctx.pick(4000, 800);
    for (key, ms) in [
        ("chats0", 0u64),
        ("chats50", 50),
        ("chats150", 150),
        ("chats250", 250),
    ] {
        scenario!(
            key,
            Table::new(
                &format!("{key}: one update per chat, Telegram at {ms} ms"),
                &format!(
                    "{chats_n} × `/start <unknown token>`, each from its own chat, {} clients \
                     closed loop; each sendMessage is answered (and recorded) after {ms} ms. CPU: \
                     user + system seconds of the target's processes (PostgreSQL's server not \
                     counted) from its start to the last reply, per answered update.",
                    ctx.clients
                ),
                scenarios::BURST_HEADER
            ),
            false,
            |t| scenarios::burst_row(
                &ctx,
                t,
                key,
                Duration::from_millis(ms),
                chats_n,
                chats_n,
                None
            )
        );
        if let Some(table) = tables.last_mut().filter(|t| t.title.starts_with(key))
            && let Some(r) = scenarios::ratios(&ctx, key, &targets)
        {
            table.after.push(r);
        }
    }
    scenario!(
        "order",
        Table::new(
            "order: three commands per chat, answered in order",
            &format!(
                "{} chats each send `/start x`, `/whoami`, `/help` (increasing update_ids; chats \
                 interleaved in blocks of 5, so one chat's three updates are usually in flight at \
                 once on the {} clients); sendMessage latency {} ms. A chat is in order when it got exactly three \
                 replies: the start reply (tglink: \"That doesn't look like a link…\", the peers: \
                 \"I don't recognise this link…\"), then \"I don't know you yet: …\", then \"I am \
                 the bot of …\". \"Avoidable\": a later update was answered before an earlier one that the \
                 webhook had acknowledged (stored) before the later one's POST started; other \
                 inversions involve updates in flight together, where the later one may have been \
                 stored first.",
                ctx.pick(500, 100),
                ctx.clients,
                ctx.order_latency.as_millis()
            ),
            scenarios::ORDER_HEADER
        ),
        false,
        |t| scenarios::order_row(&ctx, t)
    );
    scenario!(
        "paced50",
        Table::new(
            "paced50: half of saturation, Telegram at 50 ms",
            &format!(
                "Open loop: updates are POSTed at half the target's burst50 answered/s (each on \
                 schedule, whether or not earlier ones were answered) for {:.0} s, from {} chats \
                 round-robin; sendMessage latency 50 ms. Goal: p99 POST→reply ≤ 50 ms + 50 ms.",
                ctx.paced_secs, 1000
            ),
            scenarios::PACED_HEADER
        ),
        false,
        |t| scenarios::paced_row(&ctx, t)
    );
    let mut k10_header = scenarios::BURST_HEADER.to_vec();
    k10_header.insert(8, "all answered ≤ 10 s");
    let (k10n, k10c) = (ctx.pick(10_000, 2000), ctx.pick(1000, 200));
    scenario!(
        "burst10k",
        Table::new(
            "burst10k: a large burst (tglink only)",
            &format!(
                "{k10n} × `/start <unknown token>` from {k10c} chats round-robin ({} each), {} \
                 clients closed loop, latency 0. Goal: all answered within 10 s of the first POST.",
                k10n / k10c,
                ctx.clients
            ),
            &k10_header
        ),
        true,
        |t| scenarios::burst_row(
            &ctx,
            t,
            "burst10k",
            Duration::ZERO,
            k10n,
            k10c,
            Some(Duration::from_secs(10))
        )
    );
    scenario!(
        "kill9",
        Table::new(
            "kill9: kill -9 mid-burst and restart (tglink only)",
            &format!(
                "{} × `/start <unknown token>` from {} chats, {} clients, sendMessage latency {} \
                 ms. Once {:.0}% were acknowledged the process gets SIGKILL; the clients stop at \
                 their first failed POST (those POSTs are \"in doubt\": the update may or may not \
                 have been stored) and nothing is POSTed again. The same binary restarts on the \
                 same database; we wait until every acknowledged update is answered, then {} s \
                 more for late duplicates. answered = acknowledged updates with a reply (reply \
                 counts per chat); duplicates = replies beyond one per acknowledged or in-doubt \
                 update (goal ≤ TGLINK_UPDATE_CONCURRENCY = {}).",
                ctx.pick(10_000, 2000),
                ctx.pick(1000, 200),
                ctx.clients,
                ctx.kill_latency.as_millis(),
                ctx.kill_at * 100.0,
                ctx.kill_settle.as_secs(),
                ctx.update_concurrency.unwrap_or(64)
            ),
            scenarios::KILL_HEADER
        ),
        true,
        |t| scenarios::kill_row(&ctx, t)
    );

    // The report.
    let mut md = format!("{}\n\n", report::HEADING);
    md.push_str(&format!(
        "Written by `bench/answers.sh` (examples/answerbench.rs; its header explains each \
         scenario). {} mode, {}, commit {}. Machine: {}; the targets, the fake Bot API and the \
         load generator share it. Before: {}; after: {}.\n\n",
        if args.quick { "Quick" } else { "Full" },
        started.format("%Y-%m-%d %H:%M UTC"),
        commit,
        report::machine(),
        load_before,
        report::load(),
    ));
    md.push_str(
        "Counted where the user sees it: a reply is answered when the fake Bot API recorded its \
         sendMessage (after the configured latency); the k-th reply to a chat is matched to the \
         k-th acknowledged update to that chat. acknowledged/s = updates / (last webhook 200 − \
         first POST); answered/s = updates / (last reply − first POST); POST→reply = reply \
         arrival − POST start. Load: reqwest clients in the benchmark process POSTing Update \
         JSON to the webhook with the secret header.\n\nTargets:\n",
    );
    for t in &targets {
        let what = match &t.kind {
            Kind::Tglink { env, .. } => {
                let mut settings = vec![
                    ("RUST_LOG".to_string(), "warn".to_string()),
                    (
                        "TGLINK_UPDATE_CONCURRENCY".to_string(),
                        args.update_concurrency
                            .map_or("unset (64 where known)".to_string(), |n| n.to_string()),
                    ),
                    (
                        "TGLINK_SEND_RATE".to_string(),
                        args.send_rate
                            .map_or("unset (30)".to_string(), |n| n.to_string()),
                    ),
                ];
                for (k, v) in env {
                    match settings.iter_mut().find(|(name, _)| name == k) {
                        Some(s) => s.1 = v.clone(),
                        None => settings.push((k.clone(), v.clone())),
                    }
                }
                let settings: Vec<String> =
                    settings.iter().map(|(k, v)| format!("{k} {v}")).collect();
                format!("{}; {}", descriptions[&t.label], settings.join(", "))
            }
            Kind::Peer("seed") => {
                "bench/peers seed_style.py: pyTelegramBotAPI + Flask under gunicorn -w 2 (sync), \
                 reply sent before the webhook answers"
                    .into()
            }
            Kind::Peer("aiogram-min") => {
                "bench/peers aiogram_min.py: the minimal aiogram 3 bot (only /start: one lookup \
                 in plain sqlite3 and the reply; no duplicate check), SimpleRequestHandler, one \
                 process"
                    .into()
            }
            Kind::Peer(_) => {
                "bench/peers aiogram_bot.py: aiogram 3 + aiohttp, webhook answered at once and \
                 the update handled in a background task"
                    .into()
            }
        };
        md.push_str(&format!("- **{}**: {what}\n", t.label));
    }
    md.push('\n');
    for t in &tables {
        md.push_str(&t.markdown());
    }
    md.push_str(&format!(
        "Targets' logs: `{}` (one file per scenario and target).\n",
        dir.display()
    ));
    println!("{md}");
    if let Some(out) = &args.out {
        report::merge_into(out, &md)?;
        eprintln!("answerbench: merged into {}", out.display());
    }
    eprintln!("answerbench: logs in {}", dir.display());
    Ok(())
}

/// Kills every child left when `main` returns or unwinds.
struct KillChildren;

impl Drop for KillChildren {
    fn drop(&mut self) {
        targets::kill_all_children();
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let _guard = KillChildren;
    let args = parse_args()?;
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    let mut hup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())?;
    // Returning drops the run: child processes are killed, databases dropped.
    tokio::select! {
        r = run(args) => r,
        _ = tokio::signal::ctrl_c() => bail!("interrupted"),
        _ = term.recv() => bail!("terminated"),
        _ = hup.recv() => bail!("hung up"),
    }
}
