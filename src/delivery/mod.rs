//! The outgoing side: broadcasts and notifications become delivery rows, and one worker sends
//! them within Telegram's limits and records each outcome.
pub mod audience; // who a broadcast reaches: the one rule the count and the enqueue share
pub mod edits; // edit or retract a sent message: edit and delete rows for every chat it reached
pub mod job; // what a delivery row asks of Telegram next: send a part, edit it, delete it
mod leader; // which instance sends (PostgreSQL advisory lock)
pub mod markdown; // Markdown from the compose form into Telegram HTML
pub mod options; // SendOptions: silent, protect_content, URL buttons
pub mod paid; // paid broadcasts: what a broadcast costs in Stars
pub mod queue; // claim due deliveries with a lease
pub mod queue_health; // live numbers, published for every instance's dashboard
pub mod quiet; // quiet hours: a member's silent window in their time zone
pub mod record; // record each outcome, and what it says about the chat
pub mod report; // what the dashboard reads: counts, history, progress, outcomes
pub mod sender;
pub mod settle; // deliveries that will not be sent: their chat or member left // one send through teloxide-core, and what its answer means
pub mod split; // long messages: parts of at most 4,096 characters, HTML balanced in each
pub mod status; // DeliveryStatus: pending, sending, sent, blocked, failed, cancelled
pub mod store; // enqueue (INSERT … SELECT, idempotent) and cancel
pub mod text; // MessageText: a text Telegram will accept
pub mod variants; // a message's variants per language, and which one each member gets
pub mod worker; // the delivery worker
mod writer; // records outcomes in short transactions

/// Adds the delivery worker to the background tasks (without a bot token messages are queued and
/// wait for one); `on_chat` applies what a send's answer says about its chat.
pub fn start(
    pool: crate::db::Pool,
    config: std::sync::Arc<crate::config::Config>,
    telegram: crate::telegram::Telegram,
    on_chat: record::OnChatChange,
    tasks: &mut crate::tasks::Tasks,
) -> anyhow::Result<()> {
    let Some(bot) = telegram.bot.clone() else {
        tracing::warn!(
            "TELEGRAM_BOT_TOKEN is not set: broadcasts and notifications are queued but not sent"
        );
        return Ok(());
    };
    let mut options = worker::WorkerOptions::for_rate(config.send_rate);
    options.paid_broadcasts = config.paid_broadcasts;
    let database = config.database.clone();
    let budget = telegram.budget.clone();
    tasks.add("delivery worker", move |stop| async move {
        worker::Worker::new(pool, bot, budget, &database, options, on_chat)
            .run(stop)
            .await
    });
    Ok(())
}
