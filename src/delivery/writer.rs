//! Records outcomes as they come back from Telegram: one task drains them into short
//! transactions, so SQLite sees one writer instead of dozens of send tasks contending.
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};

use super::queue::{self, Finished};
use crate::db::{self, Pool};

pub enum ToWriter {
    Done(Finished),
    /// Answered once everything sent before it is written.
    Flush(oneshot::Sender<()>),
}

/// At most this many outcomes per transaction.
const MAX_BATCH: usize = 500;

#[tracing::instrument(name = "outcome writer", skip_all)]
pub async fn run(pool: Pool, mut rx: mpsc::UnboundedReceiver<ToWriter>) {
    while let Some(first) = rx.recv().await {
        let mut done = Vec::new();
        let mut flushes = Vec::new();
        let mut next = Some(first);
        while let Some(msg) = next.take() {
            match msg {
                ToWriter::Done(f) => done.push(f),
                ToWriter::Flush(tx) => flushes.push(tx),
            }
            if done.len() >= MAX_BATCH {
                break;
            }
            next = rx.try_recv().ok();
        }
        if !done.is_empty() {
            write(&pool, done).await;
        }
        for tx in flushes {
            let _ = tx.send(());
        }
    }
}

/// Writes with a few retries; if the database stays away the deliveries keep their lease and are
/// sent again once it runs out (a duplicate, never a loss).
async fn write(pool: &Pool, done: Vec<Finished>) {
    let done = std::sync::Arc::new(done);
    for attempt in 0..6u32 {
        let batch = done.clone();
        let result = db::run(pool, move |conn| queue::record(conn, &batch)).await;
        match result {
            Ok(()) => return,
            Err(e) if attempt < 5 => {
                tracing::warn!(error = %e, attempt, "cannot record delivery outcomes yet; retrying");
                tokio::time::sleep(Duration::from_millis(100 << attempt)).await;
            }
            Err(e) => {
                tracing::error!(error = %e, count = done.len(), "gave up recording delivery outcomes")
            }
        }
    }
}
