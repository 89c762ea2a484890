//! The `tglink` command line: its commands, and the ones that only need the database.
//! `main.rs` parses it and dispatches.
use std::io::{BufRead, IsTerminal};

use clap::{Parser, Subcommand};
use diesel::Connection;

use crate::accounts::{Username, password, session_store, store};
use crate::admin::audit::{self, Action};
use crate::admin::directory::{self, Search};
use crate::config::{DbArgs, Settings};
use crate::db;

#[derive(Parser, Debug)]
#[command(
    name = "tglink",
    version = concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("TGLINK_COMMIT"), ")"),
    about = "Let your website know its users on Telegram.",
    long_about = "Let your website know its users on Telegram.\n\n\
    Settings come from the environment, a .env file in the working directory, or flags of `serve`.\n\
    Run `tglink serve --help` for every setting."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Migrate the database, serve HTTP, take Telegram updates and deliver messages (the default).
    Serve(Box<Settings>),
    /// Apply database migrations and exit.
    Migrate(DbArgs),
    /// Create a new admin account. The password is read from standard input (one line) or asked
    /// for on a terminal without echo. Refuses a name that exists: `promote` makes an existing
    /// account an admin.
    CreateAdmin {
        /// The new account's username.
        username: String,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Make an existing account an admin (its password is not touched).
    Promote {
        /// The account's username.
        username: String,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Set a new password for an account and end all of its sessions. The password is read from
    /// standard input (one line) or asked for on a terminal without echo.
    ResetPassword {
        /// The account's username.
        username: String,
        #[command(flatten)]
        db: DbArgs,
    },
    /// List every account in username order: admin, disabled, and its Telegram link.
    ListUsers {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Create a token for the notify API (POST /api/v1/notifications). The token is printed once;
    /// only its hash is stored. Admins list and revoke tokens on the dashboard.
    CreateApiToken {
        /// A name for the token, e.g. the service that will use it.
        name: String,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Register a URL for signed webhooks (Standard Webhooks: link.created, link.removed,
    /// delivery.sent, delivery.failed). Its signing secret (whsec_…) is printed once. Admins list
    /// endpoints, their attempts and remove them on /admin/webhooks.
    CreateWebhook {
        /// Where to POST the events, e.g. https://shop.example/hooks/tglink.
        url: String,
        /// Allow http and an address on this machine or a private network (on/off).
        #[arg(long, env = "TGLINK_WEBHOOK_ALLOW_PRIVATE", default_value = "off")]
        allow_private: String,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Try tglink without a bot: the site with a built-in simulated Telegram (a chat page at
    /// /sandbox and a JSON API for tests), seeded, on its own SQLite file. Prints the URL and an
    /// admin login. Refuses to run when TELEGRAM_BOT_TOKEN is set.
    Demo(crate::demo::DemoArgs),
    /// Copy a SQLite database to PATH while tglink serves (consistent, checked with PRAGMA
    /// integrity_check; never overwrites). For PostgreSQL use pg_dump.
    Backup {
        /// Where to write the copy; must not exist.
        path: std::path::PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Ask a running tglink whether it is ready (GET /readyz): exit 0 when it is, 1 otherwise.
    Healthcheck(crate::ops::healthcheck::HealthcheckArgs),
}

fn connect(args: &DbArgs) -> anyhow::Result<db::Pool> {
    db::connect_for_command(&args.database)
}

pub fn backup(path: &std::path::Path, args: &DbArgs) -> anyhow::Result<()> {
    let copy = crate::ops::backup::backup(&args.database, path)?;
    println!(
        "backed up to {} ({} bytes, integrity check ok)",
        copy.path.display(),
        copy.bytes
    );
    Ok(())
}

pub fn migrate(args: &DbArgs) -> anyhow::Result<()> {
    connect(args)?;
    println!("database is up to date");
    Ok(())
}

fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password (at least 10 characters): ")?;
        let second = rpassword::prompt_password("Same password again: ")?;
        if first != second {
            anyhow::bail!("the two passwords do not match");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

/// Creates a new admin. An existing name is refused before any password is read: whoever
/// registered the name first must not become an admin by the operator's mistake.
pub async fn create_admin(username: &str, args: &DbArgs) -> anyhow::Result<()> {
    let username = Username::parse(username).map_err(anyhow::Error::msg)?;
    let pool = connect(args)?;
    let lower = username.lower();
    let existing = db::run(&pool, move |conn| store::find_by_username(conn, &lower)).await?;
    if let Some(user) = existing {
        anyhow::bail!(
            "an account named {name} already exists; nothing was changed. If it is yours, make it \
             an admin with `tglink promote {name}`",
            name = user.username
        );
    }
    let raw = read_password()?;
    let password =
        crate::accounts::domain::NewPassword::parse(&raw, &raw).map_err(anyhow::Error::msg)?;
    let hash = password::hash(password.into_string()).await?;
    let name = username.clone();
    let created = db::run(&pool, move |conn| store::create(conn, &name, &hash, true)).await?;
    match created {
        Some(_) => println!("created admin {}", username.as_str()),
        None => anyhow::bail!(
            "{} was just created by someone else; nothing was changed",
            username.as_str()
        ),
    }
    Ok(())
}

/// Makes an existing account an admin.
pub async fn promote(username: &str, args: &DbArgs) -> anyhow::Result<()> {
    let username = Username::parse(username).map_err(anyhow::Error::msg)?;
    let pool = connect(args)?;
    let lower = username.lower();
    let existing = db::run(&pool, move |conn| store::find_by_username(conn, &lower)).await?;
    let Some(user) = existing else {
        anyhow::bail!(
            "there is no account named {name}; create one with `tglink create-admin {name}`",
            name = username.as_str()
        );
    };
    let id = user.id();
    db::run(&pool, move |conn| {
        conn.transaction(|conn| {
            store::set_admin(conn, id, true)?;
            audit::record_by_command(conn, Action::MakeAdmin, id)
        })
    })
    .await?;
    println!("{} is now an admin", user.username);
    Ok(())
}

pub async fn create_api_token(name: &str, args: &DbArgs) -> anyhow::Result<()> {
    let name = crate::api::api_tokens::parse_name(name).map_err(anyhow::Error::msg)?;
    let pool = connect(args)?;
    let (id, token) = db::run(&pool, move |conn| {
        crate::api::api_tokens::create(conn, &name)
    })
    .await?;
    eprintln!("created API token #{id}; it is shown only now, so store it safely:");
    println!("{token}");
    Ok(())
}

/// Registers a webhook endpoint (audited as the command line's) and prints its secret once.
pub async fn create_webhook(url: &str, allow_private: &str, args: &DbArgs) -> anyhow::Result<()> {
    let allow_private = crate::config::parse_switch("TGLINK_WEBHOOK_ALLOW_PRIVATE", allow_private)
        .map_err(anyhow::Error::msg)?;
    let destinations = crate::webhooks::destination::Destinations { allow_private };
    let url =
        crate::webhooks::endpoints::parse_url(url, destinations).map_err(anyhow::Error::msg)?;
    let pool = connect(args)?;
    let shown = url.to_string();
    let (id, secret) = db::run(&pool, move |conn| {
        conn.transaction(|conn| {
            let created = crate::webhooks::endpoints::create(conn, &url)?;
            audit::record_detail(conn, None, Action::AddWebhook, url.as_str())?;
            Ok::<_, diesel::result::Error>(created)
        })
    })
    .await?;
    eprintln!(
        "created webhook endpoint #{id} for {shown}; verify its signatures with this secret, shown only now:"
    );
    println!("{secret}");
    Ok(())
}

/// Sets a new password for an existing account and ends its sessions, in one transaction.
pub async fn reset_password(username: &str, args: &DbArgs) -> anyhow::Result<()> {
    let pool = connect(args)?;
    let lower = username.trim().to_ascii_lowercase();
    let existing = db::run(&pool, move |conn| store::find_by_username(conn, &lower)).await?;
    let Some(user) = existing else {
        anyhow::bail!(
            "there is no account named {}; nothing was changed",
            username.trim()
        );
    };
    let raw = read_password()?;
    let password =
        crate::accounts::domain::NewPassword::parse(&raw, &raw).map_err(anyhow::Error::msg)?;
    let hash = password::hash(password.into_string()).await?;
    let id = user.id();
    let ended = db::run(&pool, move |conn| {
        conn.transaction(|conn| {
            store::set_password_hash(conn, id, &hash)?;
            audit::record_by_command(conn, Action::ResetPassword, id)?;
            session_store::delete_all_for_user(conn, id.0)
        })
    })
    .await?;
    println!(
        "the password of {} is reset; {ended} session(s) ended",
        user.username
    );
    Ok(())
}

/// Prints every account, a page at a time (no OFFSET: the same cost per page at any size).
pub async fn list_users(args: &DbArgs) -> anyhow::Result<()> {
    const PAGE: i64 = 1000;
    let pool = connect(args)?;
    println!(
        "{:<32}  {:<5}  {:<8}  telegram",
        "username", "admin", "disabled"
    );
    let mut after: Option<String> = None;
    loop {
        let cursor = after.clone();
        let members = db::run(&pool, move |conn| {
            directory::page(conn, &Search::Everyone, cursor.as_deref(), PAGE)
        })
        .await?;
        for m in &members {
            let telegram = m
                .telegram()
                .map_or("not linked".into(), |shown| format!("linked {shown}"));
            println!(
                "{:<32}  {:<5}  {:<8}  {telegram}",
                m.username,
                if m.is_admin { "yes" } else { "no" },
                if m.disabled_at.is_some() { "yes" } else { "no" },
            );
        }
        match members.last() {
            Some(last) if members.len() as i64 == PAGE => after = Some(last.username_lower.clone()),
            _ => return Ok(()),
        }
    }
}
