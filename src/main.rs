use std::process::ExitCode;

use clap::Parser;
use tglink::cli::{Cli, Command};
use tglink::config::Settings;

fn main() -> ExitCode {
    // .env first, so its values fill the settings that the environment does not set.
    let _ = dotenvy::dotenv();
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
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
            Some(Command::Serve(settings)) => serve(settings).await,
            Some(Command::Migrate(db)) => tglink::cli::migrate(&db),
            Some(Command::CreateAdmin { username, db }) => {
                tglink::cli::create_admin(&username, &db).await
            }
            Some(Command::CreateApiToken { name, db }) => {
                tglink::cli::create_api_token(&name, &db).await
            }
        }
    });
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
    app.run_until_stopped().await
}
