//! The admin dashboard and broadcasts: compose, history, and the delivery queue with its worker.
pub mod health; // queue health: live numbers, published for every instance's dashboard
pub mod html; // Telegram HTML checked before it is queued
mod leader; // which instance sends (PostgreSQL advisory lock)
mod pacer; // global rate, pauses on 429 and outages
pub mod pages; // the /admin pages
pub mod queue; // claim with a lease, record outcomes
pub mod report; // what the dashboard reads: counts, history, progress, outcomes
pub mod sender; // one send through teloxide-core, and what its answer means
pub mod store; // enqueue (INSERT … SELECT, idempotent) and cancel
pub mod text; // MessageText: a text Telegram will accept
pub mod worker; // the delivery worker
mod writer; // records outcomes in short transactions

pub use pages::routes;

/// Adds the delivery worker to the background tasks (without a bot token messages are queued and
/// wait for one).
pub fn start(
    pool: crate::db::Pool,
    config: std::sync::Arc<crate::config::Config>,
    telegram: crate::telegram::Telegram,
    tasks: &mut Vec<(&'static str, crate::startup::Task)>,
) -> anyhow::Result<()> {
    let Some(bot) = telegram.bot.clone() else {
        tracing::warn!(
            "TELEGRAM_BOT_TOKEN is not set: broadcasts and notifications are queued but not sent"
        );
        return Ok(());
    };
    let options = worker::WorkerOptions::for_rate(config.send_rate);
    let url = config.database_url.clone();
    tasks.push((
        "delivery worker",
        Box::new(move |stop| {
            Box::pin(async move {
                worker::Worker::new(pool, bot, &url, options)
                    .run(stop)
                    .await
            })
        }),
    ));
    Ok(())
}
