use std::process::ExitCode;

use clap::Parser;
use tglink::cli::{Cli, Command};
use tglink::config::Settings;

fn main() -> ExitCode {
    keep_big_allocations_out_of_the_heap();
    // .env first, so its values fill the settings that the environment does not set.
    let _ = dotenvy::dotenv();
    let cli = Cli::parse();
    let traces = match tglink::ops::logging::init() {
        Ok(traces) => traces,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            None => serve(Settings::parse_from_env()).await,
            Some(Command::Serve(settings)) => serve(*settings).await,
            Some(Command::Migrate(db)) => tglink::cli::migrate(&db),
            Some(Command::CreateAdmin { username, db }) => {
                tglink::cli::create_admin(&username, &db).await
            }
            Some(Command::Promote { username, db }) => tglink::cli::promote(&username, &db).await,
            Some(Command::ResetPassword { username, db }) => {
                tglink::cli::reset_password(&username, &db).await
            }
            Some(Command::ListUsers { db }) => tglink::cli::list_users(&db).await,
            Some(Command::CreateApiToken { name, db }) => {
                tglink::cli::create_api_token(&name, &db).await
            }
            Some(Command::CreateWebhook {
                url,
                allow_private,
                db,
            }) => tglink::cli::create_webhook(&url, &allow_private, &db).await,
            Some(Command::Demo(args)) => tglink::demo::run(args).await,
            Some(Command::Backup { path, db }) => tglink::cli::backup(&path, &db),
            Some(Command::Healthcheck(args)) => tglink::ops::healthcheck::run(&args).await,
        }
    });
    // The runtime first: its tasks end, and their last spans are in the batch.
    drop(runtime);
    if let Some(traces) = traces {
        traces.shutdown();
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line that says what to fix; no backtrace.
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let config = settings.validate().map_err(anyhow::Error::msg)?;
    let app = tglink::startup::Application::build(config).await?;
    tracing::info!(port = app.port(), "tglink is serving");
    tglink::ops::systemd::ready();
    let result = app.run_until_stopped().await;
    tglink::ops::systemd::stopping();
    result
}

/// Each argon2 hash allocates 19 MiB. glibc raises its mmap threshold after the first such block is
/// freed, so later ones come from per-thread heaps and stay resident: 200 logins took the process
/// to 1.4 GB. A fixed threshold (which also turns off the raising) returns them at once: 63 MB.
fn keep_big_allocations_out_of_the_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator tuning; called before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1024 * 1024);
    }
}
