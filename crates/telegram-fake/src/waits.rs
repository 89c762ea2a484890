//! Waiting for the bot to act, without sleeps: the test wakes as soon as the fake sees it.

use std::time::{Duration, Instant};

use anyhow::bail;

use super::{FakeTelegram, SentMessage};

impl FakeTelegram {
    /// Hands out each message to `chat_id` once, oldest first: returns the oldest message no
    /// earlier call returned, waiting up to `timeout` for one if there is none. A reply that
    /// came before the call is therefore not missed, and two calls see two different messages.
    pub async fn wait_for_message_to(
        &self,
        chat_id: i64,
        timeout: Duration,
    ) -> anyhow::Result<SentMessage> {
        let shared = self.shared();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = shared.messages_changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let (taken, total) = {
                let mut inner = shared.lock();
                let taken = inner.read_cursor.get(&chat_id).copied().unwrap_or(0);
                let mut to_chat = inner.sent.iter().filter(|m| m.chat_id == chat_id);
                if let Some(m) = to_chat.nth(taken).cloned() {
                    inner.read_cursor.insert(chat_id, taken + 1);
                    return Ok(m);
                }
                (taken, taken + to_chat.count())
            };
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                bail!(
                    "no new message to chat {chat_id} within {timeout:?} \
                     ({total} sent to it, {taken} already handed out)"
                );
            }
        }
    }

    /// Waits until the bot has sent at least `count` messages in all; returns them all.
    pub async fn wait_for_sent(
        &self,
        count: usize,
        timeout: Duration,
    ) -> anyhow::Result<Vec<SentMessage>> {
        let shared = self.shared();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = shared.messages_changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let sent = shared.lock().sent.clone();
            if sent.len() >= count {
                return Ok(sent);
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                bail!("{} of {count} messages sent within {timeout:?}", sent.len());
            }
        }
    }

    /// Waits until `condition` holds, checking every 10 ms; e.g. until the app set its webhook.
    pub async fn wait_until(
        &self,
        timeout: Duration,
        mut condition: impl FnMut(&FakeTelegram) -> bool,
    ) -> anyhow::Result<()> {
        let start = Instant::now();
        while !condition(self) {
            if start.elapsed() >= timeout {
                bail!("condition not met within {timeout:?}");
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        Ok(())
    }
}
