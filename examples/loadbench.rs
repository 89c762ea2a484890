//! Load and fault benchmark for tglink: the release binary with a fresh database and the
//! in-crate fake Bot API, driven by wrk. Run it through `bench/run.sh`, or directly:
//!
//! ```text
//! cargo build --release
//! cargo run --release --example loadbench -- --db sqlite [--quick] [--out bench/results.md]
//! cargo run --release --example loadbench -- --db postgres://postgres@127.0.0.1:5432/postgres
//! cargo run --release --example loadbench -- --fuzz 180 [--out bench/results.md]
//! ```
//! `--only webhook,linking,pages,broadcast,broadcast-502,broadcast-chat,enqueue,faults` picks scenarios (`fault-down`,
//! `fault-kill`, `fault-db` pick one fault). A PostgreSQL URL is
//! an admin connection: each scenario creates its own `tglink_bench_<random>` database there and
//! drops it afterwards. Everything listens on 127.0.0.1; every child process is killed on exit.
#[path = "loadbench/app.rs"]
mod app;
#[path = "loadbench/broadcast_mix.rs"]
mod broadcast_mix;
#[path = "loadbench/faults.rs"]
mod faults;
#[path = "loadbench/fuzz.rs"]
mod fuzz;
#[path = "bench_common/host.rs"]
mod host;
#[path = "loadbench/http.rs"]
mod http;
#[path = "loadbench/report.rs"]
mod report;
#[path = "loadbench/scenarios.rs"]
mod scenarios;
#[path = "loadbench/seed.rs"]
mod seed;
#[path = "loadbench/stage.rs"]
mod stage;
#[path = "loadbench/wrk.rs"]
mod wrk;

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};

use app::Backend;
use report::{FaultRow, Row, Section};
use stage::Ctx;

struct Args {
    backend: Option<Backend>,
    quick: bool,
    out: Option<PathBuf>,
    only: Option<Vec<String>>,
    fuzz: Option<u64>,
    binary: Option<PathBuf>,
}

const USAGE: &str = "usage: loadbench --db sqlite|postgres://ADMIN_URL [--quick] [--out FILE] [--only LIST] [--binary PATH]\n       loadbench --fuzz SECONDS [--out FILE]";

fn parse_args() -> anyhow::Result<Args> {
    let mut args = Args {
        backend: None,
        quick: false,
        out: None,
        only: None,
        fuzz: None,
        binary: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || {
            it.next()
                .with_context(|| format!("{a} needs a value\n{USAGE}"))
        };
        match a.as_str() {
            "--db" => {
                let v = value()?;
                args.backend = Some(if v == "sqlite" {
                    Backend::Sqlite
                } else if v.starts_with("postgres://") || v.starts_with("postgresql://") {
                    Backend::Postgres { admin_url: v }
                } else {
                    bail!("--db takes sqlite or a postgres:// URL\n{USAGE}");
                });
            }
            "--quick" => args.quick = true,
            "--out" => args.out = Some(value()?.into()),
            "--only" => args.only = Some(value()?.split(',').map(str::to_string).collect()),
            "--fuzz" => args.fuzz = Some(value()?.parse().context("--fuzz takes seconds")?),
            "--binary" => args.binary = Some(value()?.into()),
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => bail!("unknown argument {other}\n{USAGE}"),
        }
    }
    Ok(args)
}

fn wants(only: &Option<Vec<String>>, name: &str) -> bool {
    only.as_ref().is_none_or(|o| o.iter().any(|x| x == name))
}

/// Runs one scenario group; a failure becomes a row saying so, and the run goes on.
async fn attempt<F: std::future::Future<Output = anyhow::Result<()>>>(
    name: &str,
    rows: &mut Vec<Row>,
    f: F,
) {
    eprintln!("loadbench: {name} … ({})", report::load());
    let started = std::time::Instant::now();
    match f.await {
        Ok(()) => eprintln!(
            "loadbench: {name} done in {:.0} s",
            started.elapsed().as_secs_f64()
        ),
        Err(e) => {
            eprintln!("loadbench: {name} FAILED: {e:#}");
            rows.push(Row {
                scenario: name.into(),
                notes: format!("FAILED: {e:#}"),
                ..Default::default()
            });
        }
    }
}

async fn attempt_fault<F: std::future::Future<Output = anyhow::Result<()>>>(
    name: &str,
    faults: &mut Vec<FaultRow>,
    f: F,
) {
    eprintln!("loadbench: fault {name} … ({})", report::load());
    let started = std::time::Instant::now();
    match f.await {
        Ok(()) => eprintln!(
            "loadbench: fault {name} done in {:.0} s",
            started.elapsed().as_secs_f64()
        ),
        Err(e) => {
            eprintln!("loadbench: fault {name} FAILED: {e:#}");
            faults.push(FaultRow {
                fault: name.into(),
                notes: format!("FAILED: {e:#}"),
                ..Default::default()
            });
        }
    }
}

async fn run(args: Args) -> anyhow::Result<()> {
    let out = args.out.clone();
    if let Some(secs) = args.fuzz {
        let md = fuzz::run(Duration::from_secs(secs)).await?;
        println!("{md}");
        if let Some(out) = &out {
            report::merge_into(out, "fuzz", &md)?;
        }
        return Ok(());
    }
    let backend = args.backend.clone().context(USAGE)?;
    let binary = args
        .binary
        .clone()
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/tglink"));
    if !binary.exists() {
        bail!(
            "{} is missing: run `cargo build --release` first (bench/run.sh does)",
            binary.display()
        );
    }
    if std::process::Command::new("wrk")
        .arg("-v")
        .output()
        .is_err()
    {
        bail!("wrk is not installed: apt-get install -y wrk");
    }
    let ctx = Ctx {
        backend: backend.clone(),
        quick: args.quick,
        binary,
        dir: tempfile::Builder::new().prefix("loadbench").tempdir()?,
        notes: Vec::new(),
    };
    let mut section = Section {
        backend: backend.name().to_string(),
        mode: if args.quick { "quick" } else { "full" },
        started: chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string(),
        load_before: report::load(),
        load_after: String::new(),
        rows: Vec::new(),
        faults: Vec::new(),
        notes: Vec::new(),
    };
    let only = &args.only;
    let rows = &mut section.rows;
    // Each scenario pushes its rows into `$r`; a failure adds a row saying so.
    macro_rules! step {
        ($key:literal, $name:expr, |$r:ident| $call:expr) => {
            if wants(only, $key) {
                let mut $r = Vec::new();
                let mut failed = Vec::new();
                attempt($name, &mut failed, $call).await;
                rows.extend($r);
                rows.extend(failed);
            }
        };
    }
    step!("webhook", "webhook: ordinary messages", |r| {
        scenarios::webhook_messages(&ctx, &mut r)
    });
    step!("linking", "webhook: /start + Confirm", |r| {
        scenarios::webhook_linking(&ctx, &mut r)
    });
    step!("pages", "pages, API and logins", |r| {
        scenarios::pages_api_login(&ctx, &mut r)
    });
    step!("broadcast", "broadcast at 30/s", |r| {
        scenarios::broadcast_rate(&ctx, &mut r, 30, ctx.pick(900, 150))
    });
    step!("broadcast", "broadcast at 1000/s", |r| {
        scenarios::broadcast_rate(&ctx, &mut r, 1000, ctx.pick(10_000, 2000))
    });
    step!("broadcast-502", "broadcast with 502s", |r| {
        broadcast_mix::broadcast_with_502s(&ctx, &mut r)
    });
    step!("broadcast-chat", "broadcast while members chat", |r| {
        broadcast_mix::broadcast_while_chatting(&ctx, &mut r)
    });
    step!("enqueue", "enqueue a large broadcast", |r| {
        scenarios::enqueue_large(&ctx, &mut r, ctx.pick(100_000, 10_000))
    });
    let f = &mut section.faults;
    // "faults" runs all three; fault-down, fault-kill and fault-db run one each.
    macro_rules! fault {
        ($key:literal, $name:expr, |$r:ident| $call:expr) => {
            if wants(only, "faults") || wants(only, $key) {
                let mut $r = Vec::new();
                let mut failed = Vec::new();
                attempt_fault($name, &mut failed, $call).await;
                f.extend($r);
                f.extend(failed);
            }
        };
    }
    fault!("fault-down", "Telegram down", |r| faults::telegram_down(
        &ctx, &mut r
    ));
    fault!("fault-kill", "kill -9 and restart", |r| {
        faults::kill_restart(&ctx, &mut r)
    });
    match backend {
        Backend::Postgres { .. } => fault!("fault-db", "PostgreSQL restart", |r| {
            faults::postgres_restart(&ctx, &mut r)
        }),
        Backend::Sqlite => fault!("fault-db", "disk full", |r| faults::disk_full(&ctx, &mut r)),
    }
    section.notes.extend(ctx.notes.iter().cloned());
    section.notes.push(
        "wrk is closed-loop (each connection waits for its answer), so latency under saturation is \
         queueing delay; the paced rows use wrk's per-connection delay of 10 ms between requests."
            .into(),
    );
    section.load_after = report::load();
    let md = section.markdown();
    println!("{md}");
    if let Some(out) = &out {
        report::merge_into(out, backend.name(), &md)?;
        eprintln!("loadbench: wrote {}", out.display());
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = parse_args()?;
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    // Returning drops every guard: child processes are killed, databases dropped, mounts undone.
    tokio::select! {
        r = run(args) => r,
        _ = tokio::signal::ctrl_c() => bail!("interrupted"),
        _ = term.recv() => bail!("terminated"),
    }
}
