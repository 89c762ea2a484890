//! `tglink demo`: tglink wired to an emulated Telegram in this process, on a SQLite file of its
//! own, seeded, with the URL and an admin login printed. It refuses to run when a real bot token
//! is configured, so a demo can never talk to real Telegram users.
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::time::Duration;

use telegram_fake::FakeTelegram;

use crate::config::Settings;
use crate::db::{self, Backend};
use crate::sandbox::{Sandbox, seed};
use crate::startup::Application;

/// The made-up bot of every demo.
const BOT_USERNAME: &str = "tglink_sandbox_bot";
const BOT_ID: &str = "7000000000";
/// How long the demo waits for the bot to register its webhook with the emulated Telegram.
const BOT_READY_WITHIN: Duration = Duration::from_secs(15);
/// How many of each of the fake's logs (calls, edits, button answers) a demo keeps.
const DEMO_LOG_LIMIT: usize = 1000;

#[derive(clap::Args, Debug, Clone)]
pub struct DemoArgs {
    /// Address to listen on (the demo is meant for this machine).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: String,

    /// The demo's database: a SQLite path (kept between runs) or a postgres:// URL. Not read from
    /// DATABASE_URL, so a demo never touches the real site's data.
    #[arg(long = "database-url", default_value = "tglink-demo.db")]
    pub database: Backend,

    /// Start from an empty database in a temporary file, deleted when the demo stops.
    #[arg(long)]
    pub fresh: bool,

    /// Make the emulated Telegram enforce Telegram's send limits (30 messages a second overall,
    /// 1 a second per chat): a bot that sends faster gets 429 Too Many Requests.
    #[arg(long)]
    pub telegram_limits: bool,
}

/// A temporary SQLite file (and its WAL companions), removed when dropped.
struct TempDatabase(PathBuf);

impl Drop for TempDatabase {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut path = self.0.clone().into_os_string();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Refuses a configured real bot: the demo must never be reachable with one.
pub fn refuse_real_token() -> anyhow::Result<()> {
    let set = std::env::var_os("TELEGRAM_BOT_TOKEN").is_some_and(|t| !t.is_empty());
    if set {
        anyhow::bail!(
            "TELEGRAM_BOT_TOKEN is set: `tglink demo` only runs with its simulated Telegram; unset \
             it (also in .env) for the demo, or run `tglink serve` for the real bot"
        );
    }
    Ok(())
}

/// A demo, started: its site serves and its bot is registered with the emulated Telegram.
pub struct Demo {
    /// The site's address, e.g. `http://127.0.0.1:8080/`.
    pub url: String,
    /// The admin's password, new at every start.
    pub admin_password: String,
    /// The emulated Telegram, for tests that look behind the sandbox API.
    pub telegram: FakeTelegram,
    app: Application,
    database: String,
    _temp: Option<TempDatabase>,
}

/// `tglink demo`: start, print the address and login, serve until stopped.
pub async fn run(args: DemoArgs) -> anyhow::Result<()> {
    let demo = Demo::start(args).await?;
    // A closed stdout (`tglink demo | head`) is no reason to stop serving.
    let _ = writeln!(std::io::stdout(), "{}", demo.banner());
    demo.run_until_stopped().await
}

impl Demo {
    pub async fn start(args: DemoArgs) -> anyhow::Result<Demo> {
        refuse_real_token()?;
        let bind = args
            .bind
            .to_socket_addrs()
            .ok()
            .and_then(|mut a| a.next())
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "--bind {:?} is not an address to listen on (e.g. 127.0.0.1:8080)",
                    args.bind
                )
            })?;
        let (database, temp) = if args.fresh {
            let path = std::env::temp_dir().join(format!(
                "tglink-demo-{}.db",
                &crate::crypto::random_token()[..12]
            ));
            let backend = Backend::from_url(&path.to_string_lossy()).map_err(anyhow::Error::msg)?;
            (backend, Some(TempDatabase(path)))
        } else {
            (args.database.clone(), None)
        };
        let shown_database = match (&temp, &database) {
            (Some(_), _) => "a temporary file, deleted when the demo stops".to_string(),
            (None, Backend::Sqlite(path)) => {
                format!("{path} (start with --fresh for a throwaway one)")
            }
            (None, Backend::Postgres(_)) => "the PostgreSQL database given".to_string(),
        };

        let token = format!("{BOT_ID}:sandbox-{}", &crate::crypto::random_token()[..24]);
        let fake = FakeTelegram::start_with_username(&token, BOT_USERNAME).await?;
        // A demo may run for days: the fake's call log keeps only what a person could look at.
        fake.limit_logs(DEMO_LOG_LIMIT);
        if args.telegram_limits {
            fake.enforce_rate_limits(30, 1);
        }

        let site = site_url(bind);
        let config = demo_settings(&bind, &database, &token, &fake.api_url(), &site)?;
        let pool = {
            let database = database.clone();
            tokio::task::spawn_blocking(move || db::connect(&database)).await??
        };
        let admin_password = seed::seed(&pool, &fake).await?;
        drop(pool);

        let app = Application::build_with(config, Some(Sandbox::new(fake.clone()))).await?;
        let url = format!("{}/", site_url(SocketAddr::new(bind.ip(), app.port())));
        wait_for_webhook(&fake).await;
        Ok(Demo {
            url,
            admin_password,
            telegram: fake,
            app,
            database: shown_database,
            _temp: temp,
        })
    }

    /// What `tglink demo` prints: where to go and how to log in.
    pub fn banner(&self) -> String {
        format!(
            "\ntglink demo: the site with a simulated Telegram (no real bot; nothing leaves this \
             machine)\n\n  \
             Open:      {url}\n  \
             Log in:    {admin} / {password}\n  \
             Sandbox:   {url}sandbox  (chat with the bot as simulated Telegram users)\n  \
             Database:  {database}\n\n\
             Press Ctrl+C to stop.",
            url = self.url,
            admin = seed::ADMIN,
            password = self.admin_password,
            database = self.database,
        )
    }

    /// Serves until stopped (Ctrl+C); a `--fresh` database is deleted afterwards.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let Demo { app, _temp, .. } = self;
        let outcome = app.run_until_stopped().await;
        drop(_temp);
        outcome
    }
}

/// `http://host:port` of the demo for this machine: loopback when it listens everywhere.
fn site_url(bind: SocketAddr) -> String {
    let ip = match bind.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}", SocketAddr::new(ip, bind.port()))
}

/// The settings of a demo: the environment's (site name, send rate, …) except where the demo
/// decides: address, database, the emulated bot, and webhook mode at its own address.
fn demo_settings(
    bind: &SocketAddr,
    database: &Backend,
    token: &str,
    api_url: &str,
    site: &str,
) -> anyhow::Result<crate::config::Config> {
    #[derive(clap::Parser)]
    struct Only {
        #[command(flatten)]
        settings: Settings,
    }
    let database = match database {
        Backend::Sqlite(path) => path.clone(),
        Backend::Postgres(url) => url.clone(),
    };
    let parsed = <Only as clap::Parser>::try_parse_from([
        "tglink".to_string(),
        format!("--bind={bind}"),
        format!("--database-url={database}"),
        format!("--telegram-bot-token={token}"),
        format!("--telegram-api-url={api_url}"),
        format!("--public-url={site}"),
    ])
    .map_err(|e| anyhow::anyhow!("{}", e.to_string().trim()))?;
    parsed.settings.validate().map_err(anyhow::Error::msg)
}

/// Waits (briefly) until the bot has set its webhook, so the first update a visitor sends goes
/// straight to tglink.
async fn wait_for_webhook(fake: &FakeTelegram) {
    let deadline = tokio::time::Instant::now() + BOT_READY_WITHIN;
    while fake.webhook().is_none() && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    if fake.webhook().is_none() {
        tracing::warn!("the bot has not registered with the simulated Telegram yet");
    }
}
