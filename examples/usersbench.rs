//! Measures the admin users page (issue 12) with 100,000 users, against the release binary on a
//! fresh database: half of them linked to Telegram (with @usernames), an admin signed in, then
//! wrk (`--latency`, 10 connections) on the first page, a page deep in the keyset, a username
//! search and a Telegram @username search. Goal: p99 ≤ 50 ms.
//!
//!   cargo build --release && cargo run --release --example usersbench -- [DATABASE_URL]
//!
//! Without DATABASE_URL a SQLite file in a temp folder; a PostgreSQL URL must name an empty
//! database. Needs wrk.
use std::process::Command;

use anyhow::{Context, bail};
use diesel::prelude::*;
use tglink::db::schema::{telegram_links, users};

#[path = "bench_common/app.rs"]
mod app;
#[path = "bench_common/host.rs"]
mod host;

const USERS: usize = 100_000;
const PASSWORD: &str = "the admin's password";
const SECS: u32 = 20;

/// 100,000 users (half linked, with @usernames, some signed in before) and the admin `boss`.
async fn seed(database_url: &str) -> anyhow::Result<()> {
    let backend = tglink::db::Backend::from_url(database_url).map_err(anyhow::Error::msg)?;
    let pool = tglink::db::connect(&backend)?;
    let mut conn = pool.get()?;
    tglink::db::seed::linked_users(&mut conn, "member", USERS / 2, 1_000_000, false)?;
    tglink::db::seed::users(&mut conn, "user", USERS / 2 - 1, false)?;
    let boss = tglink::db::seed::users(&mut conn, "boss", 1, true)?[0];
    diesel::sql_query("UPDATE telegram_links SET telegram_username = 'tg' || chat_id")
        .execute(&mut conn)?;
    diesel::update(users::table.filter(users::id.lt(USERS as i64 / 3)))
        .set(users::last_login_at.eq(tglink::db::now()))
        .execute(&mut conn)?;
    let hash = tglink::accounts::password::hash(PASSWORD.to_string()).await?;
    diesel::update(users::table.find(boss))
        .set((
            users::password_hash.eq(hash),
            users::username.eq("boss"),
            users::username_lower.eq("boss"),
        ))
        .execute(&mut conn)?;
    let linked: i64 = telegram_links::table.count().get_result(&mut conn)?;
    let all: i64 = users::table.count().get_result(&mut conn)?;
    println!("seeded {all} users, {linked} linked");
    Ok(())
}

/// The admin's session cookie.
async fn sign_in(base: &str) -> anyhow::Result<String> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let page = client.get(format!("{base}/login")).send().await?;
    let cookie_of = |r: &reqwest::Response| {
        r.headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("tglink_session="))
            .and_then(|v| v.split(';').next())
            .map(str::to_string)
    };
    let anonymous = cookie_of(&page).context("an anonymous session cookie")?;
    let html = page.text().await?;
    let marker = "name=\"csrf_token\" value=\"";
    let at = html.find(marker).context("a CSRF token")? + marker.len();
    let token = html[at..].split('"').next().unwrap_or_default().to_string();
    let r = client
        .post(format!("{base}/login"))
        .header("cookie", anonymous)
        .form(&[
            ("csrf_token", token.as_str()),
            ("username", "boss"),
            ("password", PASSWORD),
        ])
        .send()
        .await?;
    if r.status() != 303 {
        bail!("the admin could not sign in: {}", r.status());
    }
    cookie_of(&r).context("a session cookie after signing in")
}

/// wrk's requests/s, p50 and p99, and non-2xx count for one path.
fn wrk(base: &str, cookie: &str, path: &str) -> anyhow::Result<String> {
    let out = Command::new("wrk")
        .args(["-t2", "-c10", &format!("-d{SECS}s"), "--latency", "-H"])
        .arg(format!("Cookie: {cookie}"))
        .arg(format!("{base}{path}"))
        .output()
        .context("run wrk (apt-get install wrk)")?;
    let text = String::from_utf8_lossy(&out.stdout);
    let field = |prefix: &str| {
        text.lines()
            .map(str::trim)
            .find(|l| l.starts_with(prefix))
            .and_then(|l| l.split_whitespace().last())
            .unwrap_or("-")
            .to_string()
    };
    let errors = text
        .lines()
        .find(|l| l.contains("Non-2xx"))
        .map_or("0".into(), |l| l.trim().to_string());
    Ok(format!(
        "{:>9} req/s  p50 {:>8}  p99 {:>8}  non-2xx: {errors}",
        field("Requests/sec:"),
        field("50%"),
        field("99%"),
    ))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let database_url = std::env::args()
        .nth(1)
        .unwrap_or_else(|| dir.path().join("bench.db").to_string_lossy().into_owned());
    println!("machine: {}", host::machine());
    seed(&database_url).await?;
    let app = app::start(&database_url, "usersbench", &[]).await?;
    let cookie = sign_in(&app.base).await?;
    for (what, path) in [
        ("first page", "/admin/users"),
        ("deep page (after user7)", "/admin/users?after=user7"),
        ("username search", "/admin/users?q=member4242"),
        ("Telegram @username search", "/admin/users?q=%40tg100042"),
        ("search without matches", "/admin/users?q=zzz"),
    ] {
        println!(
            "{what:<28} {} ({})",
            wrk(&app.base, &cookie, path)?,
            host::load()
        );
    }
    Ok(())
}
