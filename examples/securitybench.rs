//! Measures issue 11's security goals against the release binary, on a fresh database:
//! 1. guesses one attacker gets per window from 100 parallel wrong logins;
//! 2. a right login's latency (p50/p99 of 200 sequential logins), from a new browser and from
//!    one that signed in before (its device cookie), idle, then while wrk's 100 connections send
//!    bogus sign-ups and logins — from one attacker address, and spread over a new address per
//!    request (what many addresses behind a trusted proxy would look like);
//! 3. session rows after 1,000 anonymous page views.
//!
//! Clients are told apart by `X-Forwarded-For` (the app trusts 127.0.0.1 as its proxy).
//!
//!   cargo build --release && cargo run --release --example securitybench -- [DATABASE_URL]
//!
//! Without DATABASE_URL a SQLite file in a temp folder; a PostgreSQL URL must name an empty
//! database. Needs wrk.
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;
use diesel::prelude::*;
use futures_util::future::join_all;

#[path = "bench_common/app.rs"]
mod app;
use app::App;
#[path = "bench_common/host.rs"]
mod host;

const PASSWORD: &str = "the owner's password";
const SAMPLES: usize = 200;
const HAMMER_SECS: u64 = 75;

/// A client from `address` (as the proxy says) with its anonymous cookie and CSRF token.
struct Visitor {
    client: reqwest::Client,
    base: String,
    forwarded_for: String,
    cookie: String,
    token: String,
}

impl Visitor {
    async fn new(base: &str, forwarded_for: &str) -> anyhow::Result<Visitor> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        let page = client.get(format!("{base}/login")).send().await?;
        let cookie = page
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .context("an anonymous session cookie")?
            .to_string();
        let html = page.text().await?;
        let marker = "name=\"csrf_token\" value=\"";
        let at = html.find(marker).context("a CSRF token")? + marker.len();
        let token = html[at..].split('"').next().unwrap_or_default().to_string();
        Ok(Visitor {
            client,
            base: base.to_string(),
            forwarded_for: forwarded_for.to_string(),
            cookie,
            token,
        })
    }

    /// Signs in once and keeps the device cookie the app gives a browser after a right password.
    async fn sign_in_once(&mut self, username: &str) -> anyhow::Result<()> {
        let r = self
            .client
            .post(format!("{}/login", self.base))
            .header("cookie", &self.cookie)
            .header("x-forwarded-for", &self.forwarded_for)
            .form(&[
                ("csrf_token", self.token.as_str()),
                ("username", username),
                ("password", PASSWORD),
            ])
            .send()
            .await?;
        let device = r
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("tglink_device="))
            .and_then(|v| v.split(';').next())
            .context("a device cookie after a right login")?;
        self.cookie = format!("{}; {device}", self.cookie);
        Ok(())
    }

    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> anyhow::Result<u16> {
        let mut form = vec![("csrf_token", self.token.as_str())];
        form.extend_from_slice(fields);
        let r = self
            .client
            .post(format!("{}{path}", self.base))
            .header("cookie", &self.cookie)
            .header("x-forwarded-for", &self.forwarded_for)
            .form(&form)
            .send()
            .await?;
        Ok(r.status().as_u16())
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

/// p50, p99 (ms) and the statuses of `SAMPLES` sequential right logins.
async fn login_latency(owner: &Visitor) -> anyhow::Result<(f64, f64, String)> {
    let mut times = Vec::with_capacity(SAMPLES);
    let mut statuses = std::collections::BTreeMap::new();
    for _ in 0..SAMPLES {
        let t = Instant::now();
        let status = owner
            .post("/login", &[("username", "owner"), ("password", PASSWORD)])
            .await?;
        times.push(t.elapsed());
        *statuses.entry(status).or_insert(0) += 1;
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    Ok((
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99)),
        format!("{statuses:?}"),
    ))
}

const HAMMER_LUA: &str = r#"
local cookie = os.getenv("BENCH_COOKIE")
local token = os.getenv("BENCH_TOKEN")
local spread = os.getenv("BENCH_SPREAD") == "1"
local n = 0
counts = {}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) math.randomseed(os.time() + #threads * 7919 + tonumber(tostring(counts):sub(8), 16) % 100000) end
function request()
  n = n + 1
  local ip = "203.0.113.9"
  if spread then
    ip = string.format("100.%d.%d.%d", 64 + math.random(0, 63), math.random(0, 255), math.random(1, 254))
  end
  local headers = { ["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = cookie, ["X-Forwarded-For"] = ip }
  local name = string.format("bogus%d_%d", math.random(1, 1000000000), n)
  if n % 2 == 0 then
    return wrk.format("POST", "/signup", headers, "csrf_token=" .. token .. "&username=" .. name ..
      "&password=bogus+password+1&password_confirm=bogus+password+1")
  end
  return wrk.format("POST", "/login", headers, "csrf_token=" .. token .. "&username=victim&password=wrong" .. n)
end
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
function delay() return pause end
function response(status, headers, body) counts[status] = (counts[status] or 0) + 1 end
function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for status, c in pairs(t:get("counts")) do total[status] = (total[status] or 0) + c end
  end
  local parts = {}
  for status, c in pairs(total) do table.insert(parts, status .. "=" .. c) end
  table.sort(parts)
  io.write("statuses " .. table.concat(parts, " ") .. "\n")
end
"#;

/// Runs wrk's hammer in the background; its output when it ends.
fn hammer(
    app: &App,
    attacker: &Visitor,
    spread: bool,
    pause_ms: u32,
    dir: &std::path::Path,
) -> anyhow::Result<Child> {
    let script = dir.join("hammer.lua");
    std::fs::write(&script, HAMMER_LUA)?;
    Command::new("wrk")
        .args([
            "-t2",
            "-c100",
            &format!("-d{HAMMER_SECS}s"),
            "--timeout",
            "10s",
            "-s",
        ])
        .arg(&script)
        .arg(&app.base)
        .env("BENCH_COOKIE", &attacker.cookie)
        .env("BENCH_TOKEN", &attacker.token)
        .env("BENCH_SPREAD", if spread { "1" } else { "0" })
        .env("BENCH_DELAY_MS", pause_ms.to_string())
        .stdout(Stdio::piped())
        .spawn()
        .context("run wrk (apt-get install wrk)")
}

fn wrk_summary(child: Child) -> anyhow::Result<String> {
    let out = child.wait_with_output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let rate = text
        .lines()
        .find(|l| l.starts_with("Requests/sec"))
        .unwrap_or("")
        .trim()
        .to_string();
    let statuses = text
        .lines()
        .find(|l| l.starts_with("statuses"))
        .unwrap_or("")
        .to_string();
    Ok(format!("{rate}; {statuses}"))
}

fn session_rows(database_url: &str) -> anyhow::Result<i64> {
    let backend = tglink::db::Backend::from_url(database_url).map_err(anyhow::Error::msg)?;
    let pool = tglink::db::connect(&backend)?;
    let mut conn = pool.get()?;
    Ok(tglink::db::schema::sessions::table
        .count()
        .get_result(&mut conn)?)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let database_url = std::env::args()
        .nth(1)
        .unwrap_or_else(|| dir.path().join("bench.db").to_string_lossy().into_owned());
    println!("machine: {}", host::machine());
    let app = app::start(
        &database_url,
        "securitybench",
        &[("TGLINK_TRUSTED_PROXIES", "127.0.0.1")],
    )
    .await?;
    for (name, address) in [("victim", "198.51.100.1"), ("owner", "198.51.100.2")] {
        let v = Visitor::new(&app.base, address).await?;
        let status = v
            .post(
                "/signup",
                &[
                    ("username", name),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                ],
            )
            .await?;
        anyhow::ensure!(status == 303, "sign up {name}: {status}");
    }

    // 3. Anonymous page views (first, so no sign-up in flight adds a row).
    let before = session_rows(&database_url)?;
    let client = reqwest::Client::new();
    for i in 0..1000 {
        let path = ["/login", "/signup", "/"][i % 3];
        client.get(format!("{}{path}", app.base)).send().await?;
    }
    let after = session_rows(&database_url)?;
    println!(
        "session rows after 1,000 anonymous page views: {} new ({before} before)",
        after - before
    );

    // 1. Guesses per window.
    let attacker = Visitor::new(&app.base, "203.0.113.66").await?;
    let guesses = (0..100).map(|i| {
        let password = format!("guess number {i}");
        let attacker = &attacker;
        async move {
            attacker
                .post("/login", &[("username", "victim"), ("password", &password)])
                .await
        }
    });
    let statuses: Vec<u16> = join_all(guesses)
        .await
        .into_iter()
        .collect::<anyhow::Result<_>>()?;
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    println!("100 parallel wrong logins: {checked} checked (401), {refused} refused (429)");

    // 2. A right login's latency.
    let stranger = Visitor::new(&app.base, "198.51.100.7").await?;
    let mut owner = Visitor::new(&app.base, "198.51.100.8").await?;
    owner.sign_in_once("owner").await?;
    for (who, visitor) in [("new browser", &stranger), ("known browser", &owner)] {
        let (p50, p99, s) = login_latency(visitor).await?;
        println!(
            "right login, {who}, idle: p50 {p50:.1} ms, p99 {p99:.1} ms ({s}); load: {}",
            host::load()
        );
    }
    // Each wrk connection sends as fast as it can, or pauses between requests (a paced flood:
    // 100 connections × one request per 50 ms is up to 2,000 requests a second).
    for (label, spread, pause_ms) in [
        ("one attacker address, as fast as wrk can", false, 0),
        (
            "one attacker address, each connection every 50 ms",
            false,
            50,
        ),
        ("a new address per request, as fast as wrk can", true, 0),
    ] {
        let hammerer = Visitor::new(&app.base, "203.0.113.9").await?;
        let wrk = hammer(&app, &hammerer, spread, pause_ms, dir.path())?;
        tokio::time::sleep(Duration::from_secs(2)).await;
        for (who, visitor) in [("new browser", &stranger), ("known browser", &owner)] {
            let (p50, p99, s) = login_latency(visitor).await?;
            println!(
                "right login, {who}, while 100 connections send bogus sign-ups/logins from \
                 {label}: p50 {p50:.1} ms, p99 {p99:.1} ms ({s})"
            );
        }
        println!("  wrk ({label}): {}", wrk_summary(wrk)?);
    }

    Ok(())
}
