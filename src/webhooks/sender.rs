//! The webhook sender, a background task: claims lane heads, POSTs them side by side (signed,
//! with a timeout), records every attempt. It shares nothing with the bot or the delivery worker
//! but the database, so a slow or dead receiver holds up only its own events.
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest12 as reqwest;
use tokio_util::sync::CancellationToken;

use super::queue::{self, Attempt, Job};
use super::signature;
use crate::config::WebhookTiming;
use crate::db::{self, Pool, now};
use crate::tasks::{Backoff, sleep_or_stop};

/// POSTs in flight at once (each to a different lane).
const IN_FLIGHT: i64 = 64;

pub struct Sender {
    pool: Pool,
    client: reqwest::Client,
    timing: Arc<WebhookTiming>,
}

impl Sender {
    pub fn new(pool: Pool, timing: WebhookTiming) -> anyhow::Result<Sender> {
        let client = reqwest::Client::builder()
            .timeout(timing.timeout)
            .connect_timeout(timing.timeout)
            // A redirect could carry the signed body somewhere the admin did not register.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("tglink-webhooks/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Sender {
            pool,
            client,
            timing: Arc::new(timing),
        })
    }

    /// Runs until `stop`; the POSTs in hand are finished and recorded first.
    pub async fn run(self, stop: CancellationToken) -> anyhow::Result<()> {
        let mut backoff = Backoff::default();
        while !stop.is_cancelled() {
            match self.run_once().await {
                Ok(0) => {
                    backoff.reset();
                    if !sleep_or_stop(&stop, self.timing.idle_poll).await {
                        break;
                    }
                }
                Ok(_) => backoff.reset(),
                Err(e) => {
                    tracing::warn!(error = %e, "webhook sender: database unavailable; retrying");
                    if !backoff.wait(Duration::ZERO, &stop).await {
                        break;
                    }
                }
            }
        }
        Ok(())
    }

    /// One round: claim, send, record. Returns how many were attempted.
    pub async fn run_once(&self) -> anyhow::Result<usize> {
        // Long enough for the POST and the write that follows it.
        let lease = self.timing.timeout * 2 + Duration::from_secs(30);
        let jobs = db::run(&self.pool, move |conn| queue::claim(conn, IN_FLIGHT, lease)).await?;
        if jobs.is_empty() {
            return Ok(0);
        }
        let sends = jobs.into_iter().map(|job| attempt(&self.client, job));
        let attempts = futures_util::future::join_all(sends).await;
        let count = attempts.len();
        for a in attempts.iter().filter(|a| a.error.is_some()) {
            tracing::info!(
                endpoint = a.job.endpoint_id,
                attempt = a.job.attempts + 1,
                error = a.error.as_deref().unwrap_or(""),
                "webhook not accepted; will retry"
            );
        }
        let timing = self.timing.clone();
        // If this write fails the leases run out and the events go again: at least once.
        db::run(&self.pool, move |conn| {
            queue::record(conn, &attempts, &timing)
        })
        .await?;
        Ok(count)
    }
}

/// One signed POST. Only a 2xx answer counts as received.
async fn attempt(client: &reqwest::Client, job: Job) -> Attempt {
    let started = Instant::now();
    let timestamp = chrono::Utc::now().timestamp();
    let result = match signature::key_of(&job.secret) {
        None => Err("the endpoint's secret is not a whsec_ secret".to_string()),
        Some(key) => {
            let signed = signature::sign(&key, &job.webhook_id, timestamp, &job.body);
            client
                .post(&job.url)
                .header("content-type", "application/json")
                .header("webhook-id", &job.webhook_id)
                .header("webhook-timestamp", timestamp.to_string())
                .header("webhook-signature", signed)
                .body(job.body.clone())
                .send()
                .await
                .map_err(describe)
        }
    };
    let (status_code, error) = match result {
        Ok(response) => {
            let status = response.status();
            let error =
                (!status.is_success()).then(|| format!("answered HTTP {}", status.as_u16()));
            (Some(status.as_u16()), error)
        }
        Err(e) => (None, Some(e)),
    };
    Attempt {
        job,
        status_code,
        error,
        duration: started.elapsed(),
        at: now(),
    }
}

fn describe(e: reqwest::Error) -> String {
    if e.is_timeout() {
        "no answer within the timeout".into()
    } else if e.is_connect() {
        "could not connect".into()
    } else {
        // Without the URL: it is on the same page already.
        e.without_url().to_string()
    }
}
