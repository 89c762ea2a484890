//! The webhook sender, a background task: keeps up to 64 POSTs in flight (signed, each with its
//! timeout), records each as it ends and claims the next lane head at once, so a receiver that
//! never answers holds only the lanes it was sent, for its timeout, and each endpoint has a
//! share of the slots that no other endpoint can take. It shares nothing with the bot or the
//! delivery worker but the database.
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest12 as reqwest;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use super::destination::{Destinations, Refused};
use super::queue::{self, Attempt, Job};
use super::{endpoints, signature};
use crate::config::WebhookTiming;
use crate::db::{self, Pool, now};
use crate::tasks::Backoff;

/// POSTs in flight at once (each to a different lane).
const IN_FLIGHT: usize = 64;

pub struct Sender {
    pool: Pool,
    client: reqwest::Client,
    timing: Arc<WebhookTiming>,
    destinations: Destinations,
}

impl Sender {
    pub fn new(
        pool: Pool,
        timing: WebhookTiming,
        destinations: Destinations,
    ) -> anyhow::Result<Sender> {
        let mut client = reqwest::Client::builder()
            .timeout(timing.timeout)
            .connect_timeout(timing.timeout)
            // A redirect could carry the signed body somewhere the admin did not register.
            .redirect(reqwest::redirect::Policy::none())
            // Straight to the checked address: a proxy would resolve the name itself.
            .no_proxy()
            .user_agent(concat!("tglink-webhooks/", env!("CARGO_PKG_VERSION")));
        if let Some(resolver) = destinations.resolver() {
            client = client.dns_resolver(resolver);
        }
        Ok(Sender {
            pool,
            client: client.build()?,
            timing: Arc::new(timing),
            destinations,
        })
    }

    /// Runs until `stop`; the POSTs in hand are finished and recorded first.
    pub async fn run(self, stop: CancellationToken) -> anyhow::Result<()> {
        let mut flight = InFlight::default();
        let mut backoff = Backoff::default();
        let mut rotation = 0usize;
        // When to look at the queue again: at once after a POST ends (its lane moved on).
        let mut next_claim = tokio::time::Instant::now();
        loop {
            let stopping = stop.is_cancelled();
            if stopping && flight.is_empty() {
                return Ok(());
            }
            let room = IN_FLIGHT - flight.len();
            if !stopping && room > 0 && tokio::time::Instant::now() >= next_claim {
                rotation = rotation.wrapping_add(1);
                match self.claim(&flight, room, rotation).await {
                    Ok(jobs) => {
                        backoff.reset();
                        next_claim = tokio::time::Instant::now()
                            + if jobs.is_empty() {
                                self.timing.idle_poll
                            } else {
                                Duration::ZERO
                            };
                        for job in jobs {
                            flight.spawn(&self.client, self.destinations, job);
                        }
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "webhook sender: database unavailable; retrying");
                        next_claim =
                            tokio::time::Instant::now() + backoff.next_delay(Duration::ZERO);
                    }
                }
            }
            let claim_again = !stopping && flight.len() < IN_FLIGHT;
            tokio::select! {
                Some(first) = flight.next() => {
                    let mut ended: Vec<Attempt> = first.into_iter().collect();
                    ended.extend(flight.ended());
                    if let Err(e) = self.record(ended).await {
                        // The leases run out and the events go again: at least once.
                        tracing::warn!(error = %e, "webhook sender: attempts not recorded");
                        next_claim = tokio::time::Instant::now() + backoff.next_delay(Duration::ZERO);
                    } else {
                        next_claim = tokio::time::Instant::now();
                    }
                }
                _ = tokio::time::sleep_until(next_claim), if claim_again => {}
                _ = stop.cancelled(), if !stopping => {}
            }
        }
    }

    /// Claims lane heads for the free slots, each endpoint up to its share less what it has in
    /// flight.
    async fn claim(
        &self,
        flight: &InFlight,
        room: usize,
        rotation: usize,
    ) -> anyhow::Result<Vec<Job>> {
        // Long enough for the POST and the write that follows it.
        let lease = self.timing.timeout * 2 + Duration::from_secs(30);
        let busy = flight.per_endpoint.clone();
        db::run(&self.pool, move |conn| {
            let ids = endpoints::ids(conn)?;
            let wants = shares(&ids, &busy, room, rotation);
            queue::claim(conn, &wants, lease)
        })
        .await
    }

    async fn record(&self, attempts: Vec<Attempt>) -> anyhow::Result<()> {
        for a in attempts.iter().filter(|a| a.error.is_some()) {
            tracing::info!(
                endpoint = a.job.endpoint_id,
                attempt = a.job.attempts + 1,
                error = a.error.as_deref().unwrap_or(""),
                "webhook not accepted; will retry"
            );
        }
        let timing = self.timing.clone();
        db::run(&self.pool, move |conn| {
            queue::record(conn, &attempts, &timing)
        })
        .await
    }
}

/// How many lane heads to claim of each endpoint: an equal share of all slots (at least one),
/// less what it has in flight, within `room`; the endpoint served first rotates so that with more
/// endpoints than slots each gets its turn.
fn shares(
    endpoints: &[i64],
    busy: &HashMap<i64, usize>,
    room: usize,
    rotation: usize,
) -> Vec<(i64, i64)> {
    if endpoints.is_empty() {
        return Vec::new();
    }
    let share = (IN_FLIGHT / endpoints.len()).max(1);
    let mut left = room;
    let mut wants = Vec::new();
    for i in 0..endpoints.len() {
        let endpoint = endpoints[(i + rotation) % endpoints.len()];
        let n = share
            .saturating_sub(busy.get(&endpoint).copied().unwrap_or(0))
            .min(left);
        if n > 0 {
            wants.push((endpoint, n as i64));
            left -= n;
        }
    }
    wants
}

/// The POSTs under way, and how many each endpoint has.
#[derive(Default)]
struct InFlight {
    tasks: JoinSet<Attempt>,
    endpoint_of: HashMap<tokio::task::Id, i64>,
    per_endpoint: HashMap<i64, usize>,
}

impl InFlight {
    fn len(&self) -> usize {
        self.tasks.len()
    }

    fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }

    fn spawn(&mut self, client: &reqwest::Client, destinations: Destinations, job: Job) {
        let endpoint = job.endpoint_id;
        let task = self.tasks.spawn(attempt(client.clone(), destinations, job));
        self.endpoint_of.insert(task.id(), endpoint);
        *self.per_endpoint.entry(endpoint).or_default() += 1;
    }

    /// The next POST to end (`Some(None)` if its task failed: its lease runs out and it goes
    /// again); `None` when none is in flight.
    async fn next(&mut self) -> Option<Option<Attempt>> {
        let joined = self.tasks.join_next_with_id().await?;
        Some(self.settle(joined))
    }

    /// The POSTs that have ended meanwhile, without waiting.
    fn ended(&mut self) -> Vec<Attempt> {
        let mut ended = Vec::new();
        while let Some(joined) = self.tasks.try_join_next_with_id() {
            ended.extend(self.settle(joined));
        }
        ended
    }

    fn settle(
        &mut self,
        joined: Result<(tokio::task::Id, Attempt), tokio::task::JoinError>,
    ) -> Option<Attempt> {
        let (id, attempt) = match joined {
            Ok((id, attempt)) => (id, Some(attempt)),
            Err(e) => {
                tracing::error!(error = %e, "webhook sender: a POST's task failed");
                (e.id(), None)
            }
        };
        if let Some(endpoint) = self.endpoint_of.remove(&id)
            && let Some(n) = self.per_endpoint.get_mut(&endpoint)
        {
            *n -= 1;
            if *n == 0 {
                self.per_endpoint.remove(&endpoint);
            }
        }
        attempt
    }
}

/// One signed POST, if the endpoint's address is allowed. Only a 2xx answer counts as received.
async fn attempt(client: reqwest::Client, destinations: Destinations, job: Job) -> Attempt {
    let started = Instant::now();
    let timestamp = chrono::Utc::now().timestamp();
    let allowed = url::Url::parse(&job.url)
        .map_err(|e| format!("the endpoint's URL does not parse ({e})"))
        .and_then(|url| destinations.check_host(&url));
    let result = match (allowed, signature::key_of(&job.secret)) {
        (Err(refused), _) => Err(refused),
        (Ok(()), None) => Err("the endpoint's secret is not a whsec_ secret".to_string()),
        (Ok(()), Some(key)) => {
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
    // The resolver's refusal says which address and what to do about it.
    let mut source = std::error::Error::source(&e);
    while let Some(cause) = source {
        if let Some(refused) = cause.downcast_ref::<Refused>() {
            return refused.to_string();
        }
        source = cause.source();
    }
    if e.is_timeout() {
        "no answer within the timeout".into()
    } else if e.is_connect() {
        "could not connect".into()
    } else {
        // Without the URL: it is on the same page already.
        e.without_url().to_string()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::{IN_FLIGHT, shares};

    #[test]
    fn each_endpoint_gets_a_share_that_others_cannot_take() {
        // One endpoint: every slot.
        assert_eq!(shares(&[1], &HashMap::new(), IN_FLIGHT, 0), [(1, 64)]);
        // Two: half each; one whose POSTs hang keeps only its half.
        let busy = HashMap::from([(1, 32)]);
        assert_eq!(shares(&[1, 2], &busy, 32, 0), [(2, 32)]);
        assert_eq!(shares(&[1, 2], &HashMap::new(), 10, 1), [(2, 10)]);
        // More endpoints than slots: one each, in turn.
        let many: Vec<i64> = (1..=100).collect();
        let wants = shares(&many, &HashMap::new(), IN_FLIGHT, 70);
        assert_eq!(wants.len(), IN_FLIGHT);
        assert_eq!(wants[0], (71, 1));
        assert!(shares(&[], &HashMap::new(), 5, 0).is_empty());
    }
}
