//! Queue health as the dashboard shows it: the sending worker keeps live numbers in memory and
//! publishes them to the database every few seconds, so every instance's dashboard sees them.
use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use tokio::time::Instant;

use crate::db::Conn;
use crate::db::schema::app_settings;

const KEY: &str = "queue_health";
/// The window over which the current send rate is measured.
const RATE_WINDOW: Duration = Duration::from_secs(10);

/// What the sending worker last published.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct QueueHealth {
    pub updated_at: DateTime<Utc>,
    /// Messages per second over the last ten seconds.
    pub rate: f64,
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
    /// Telegram told us to wait (429), or an outage paused sending, until then.
    pub paused_until: Option<DateTime<Utc>>,
}

impl QueueHealth {
    /// Whether a worker published recently; a stale record means no instance is sending.
    pub fn is_live(&self) -> bool {
        Utc::now() - self.updated_at < chrono::Duration::seconds(30)
    }

    pub fn paused_now(&self) -> Option<DateTime<Utc>> {
        self.paused_until.filter(|p| *p > Utc::now())
    }
}

pub fn read(conn: &mut Conn) -> QueryResult<Option<QueueHealth>> {
    Ok(crate::db::settings::get(conn, KEY)?.and_then(|v| serde_json::from_str(&v).ok()))
}

pub fn publish(conn: &mut Conn, health: &QueueHealth) -> QueryResult<()> {
    let value = serde_json::to_string(health).unwrap_or_default();
    let updated = diesel::update(app_settings::table.find(KEY))
        .set(app_settings::value.eq(&value))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(app_settings::table)
            .values((app_settings::name.eq(KEY), app_settings::value.eq(&value)))
            .execute(conn)?;
    }
    Ok(())
}

/// A task that writes the latest published health, in order (a newer value always wins), off
/// the worker's path. It ends when the sender is dropped.
pub fn spawn_publisher(pool: crate::db::Pool) -> tokio::sync::watch::Sender<Option<QueueHealth>> {
    let (tx, mut rx) = tokio::sync::watch::channel(None::<QueueHealth>);
    tokio::spawn(async move {
        while rx.changed().await.is_ok() {
            let Some(health) = rx.borrow_and_update().clone() else {
                continue;
            };
            let result = crate::db::run(&pool, move |conn| publish(conn, &health)).await;
            if let Err(e) = result {
                tracing::debug!(error = %e, "cannot publish queue health");
            }
        }
    });
    tx
}

/// The worker's live numbers.
#[derive(Default)]
pub struct Stats {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    sends: VecDeque<Instant>,
    last_error: Option<(String, DateTime<Utc>)>,
    changed: bool,
    was_busy: bool,
}

impl Stats {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Counts a call answered by Telegram (whatever the answer).
    pub fn note_send(&self) {
        let now = Instant::now();
        let mut s = self.lock();
        s.sends.push_back(now);
        while s
            .sends
            .front()
            .is_some_and(|t| now.duration_since(*t) > RATE_WINDOW)
        {
            s.sends.pop_front();
        }
        s.changed = true;
    }

    pub fn note_error(&self, error: &str) {
        let mut s = self.lock();
        s.last_error = Some((error.to_string(), Utc::now()));
        s.changed = true;
    }

    /// A snapshot to publish, and whether anything happened since the last one (an idle worker
    /// publishes only now and then, as a heartbeat).
    pub fn snapshot(&self, paused_for: Option<Duration>) -> (QueueHealth, bool) {
        let now = Instant::now();
        let mut s = self.lock();
        while s
            .sends
            .front()
            .is_some_and(|t| now.duration_since(*t) > RATE_WINDOW)
        {
            s.sends.pop_front();
        }
        let busy = !s.sends.is_empty() || paused_for.is_some();
        // One more after the work stops, so the published rate falls back to zero.
        let active = s.changed || busy || s.was_busy;
        s.changed = false;
        s.was_busy = busy;
        let to_utc = |d: Duration| Utc::now() + chrono::Duration::from_std(d).unwrap_or_default();
        let health = QueueHealth {
            updated_at: Utc::now(),
            rate: s.sends.len() as f64 / RATE_WINDOW.as_secs_f64(),
            last_error: s.last_error.as_ref().map(|(e, _)| e.clone()),
            last_error_at: s.last_error.as_ref().map(|(_, at)| *at),
            paused_until: paused_for.map(to_utc),
        };
        (health, active)
    }
}
