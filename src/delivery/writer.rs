//! Records outcomes as they come back from Telegram: one task drains them into short
//! transactions, so SQLite sees one writer instead of dozens of send tasks contending.
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};

use super::record::{self, Finished, OnChatChange};
use crate::db::{self, Pool};
use crate::tasks::Backoff;

pub enum ToWriter {
    Done(Finished),
    /// Answered once everything sent before it is written.
    Flush(oneshot::Sender<()>),
}

/// At most this many outcomes per transaction.
const MAX_BATCH: usize = 500;

#[tracing::instrument(name = "outcome writer", skip_all)]
pub async fn run(pool: Pool, mut rx: mpsc::UnboundedReceiver<ToWriter>, on_chat: OnChatChange) {
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
            write(&pool, done, on_chat).await;
        }
        for tx in flushes {
            let _ = tx.send(());
        }
    }
}

/// Writes, retrying with a capped backoff for as long as it takes: the outcomes are in hand and
/// the sends done, so giving up would send them again once their lease ran out. Meanwhile the
/// worker's flush waits, which holds new sends back until the database is back.
async fn write(pool: &Pool, done: Vec<Finished>, on_chat: OnChatChange) {
    let done = std::sync::Arc::new(done);
    let mut backoff = Backoff::new(Duration::from_millis(100), Duration::from_secs(5));
    let mut failures = 0u32;
    loop {
        let batch = done.clone();
        match db::run(pool, move |conn| record::record(conn, &batch, on_chat)).await {
            Ok(()) => {
                if failures > 0 {
                    tracing::info!(failures, count = done.len(), "delivery outcomes recorded");
                }
                return;
            }
            Err(e) => {
                failures += 1;
                // Loud once, then now and then: the database may be away for long.
                if failures == 1 || failures.is_power_of_two() {
                    tracing::warn!(error = %e, failures, count = done.len(), "cannot record delivery outcomes yet; retrying");
                }
                tokio::time::sleep(backoff.next_delay(Duration::ZERO)).await;
            }
        }
    }
}
