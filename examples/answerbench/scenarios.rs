//! The scenarios, each run once per target on a fresh database and a fresh fake Bot API.
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use telegram_fake::FakeTelegram;

use crate::load::{self, KillAt, Matched, Update};
use crate::report;
use crate::targets::{BOT_TOKEN, LogProblems, Running, TargetSpec};

pub struct Ctx {
    /// The run's folder: targets' logs (kept) and SQLite files (removed after each run).
    pub dir: PathBuf,
    pub pg_admin: String,
    pub quick: bool,
    pub clients: usize,
    pub reply_timeout: Duration,
    /// sendMessage latency in the order scenario.
    pub order_latency: Duration,
    /// kill9: how long after the restart to wait for every acknowledged update's reply.
    pub kill_timeout: Duration,
    pub kill_latency: Duration,
    pub kill_at: f64,
    pub kill_settle: Duration,
    pub paced_secs: f64,
    /// TGLINK_UPDATE_CONCURRENCY given to tglink; None leaves its default (64).
    pub update_concurrency: Option<u32>,
    /// TGLINK_SEND_RATE given to tglink; None leaves its default (30).
    pub send_rate: Option<u32>,
    pub client: reqwest::Client,
    /// burst50's answered/s per target label, for paced50's rate.
    pub saturation: Mutex<HashMap<String, f64>>,
    /// answered/s and acknowledged/s per (scenario, label), for the ratios.
    pub rates: Mutex<HashMap<(String, String), Rates>>,
    /// CPU seconds per answered update per (scenario, label).
    pub cpu: Mutex<HashMap<(String, String), Option<f64>>>,
}

impl Ctx {
    pub fn pick(&self, full: usize, quick: usize) -> usize {
        if self.quick { quick } else { full }
    }

    fn concurrency(&self) -> u32 {
        self.update_concurrency.unwrap_or(64)
    }
}

/// A target's measured rates in one scenario (acknowledged/s, answered/s).
type Rates = (Option<f64>, Option<f64>);
/// First chat id of every scenario (private chats: user id == chat id).
const FIRST_CHAT: i64 = 70_000_001;

/// A fresh fake with `latency` per sendMessage and the chats of `updates`, and the target
/// started against it.
async fn start(
    ctx: &Ctx,
    spec: &TargetSpec,
    scenario: &str,
    latency: Duration,
    updates: &[Update],
) -> anyhow::Result<Running> {
    let fake = FakeTelegram::start(BOT_TOKEN).await?;
    fake.set_latency(latency);
    let chats: HashSet<i64> = updates.iter().map(|u| u.chat).collect();
    for chat in chats {
        fake.add_user(chat, "Bench", None);
    }
    let name = format!("{scenario}-{}", spec.slug());
    let mut env = Vec::new();
    if let Some(n) = ctx.update_concurrency {
        env.push(("TGLINK_UPDATE_CONCURRENCY".to_string(), n.to_string()));
    }
    if let Some(n) = ctx.send_rate {
        env.push(("TGLINK_SEND_RATE".to_string(), n.to_string()));
        if n > 30 {
            env.push(("TGLINK_PAID_BROADCASTS".to_string(), "on".to_string()));
        }
    }
    Running::start(spec, fake, &ctx.dir, &name, &ctx.pg_admin, env).await
}

/// One closed-loop burst: all updates POSTed by `ctx.clients` clients, then every reply waited
/// for (up to the reply timeout after the last POST).
pub struct BurstResult {
    pub m: Matched,
    pub updates: Arc<Vec<Update>>,
    pub posted: Vec<load::Posted>,
    pub replies: Vec<telegram_fake::SentMessage>,
    pub timed_out: bool,
    pub log: LogProblems,
    /// CPU seconds the target's processes used from its start to the last reply's wait.
    pub cpu_secs: Option<f64>,
    /// The target's peak RSS (its main process) at the end, MiB.
    pub peak_rss_mib: Option<f64>,
}

pub async fn burst(
    ctx: &Ctx,
    spec: &TargetSpec,
    scenario: &str,
    latency: Duration,
    updates: Vec<Update>,
) -> anyhow::Result<BurstResult> {
    let running = start(ctx, spec, scenario, latency, &updates).await?;
    let cpu_before = running.cpu_secs();
    let updates = Arc::new(updates);
    let posted = load::burst(
        &ctx.client,
        &running.webhook_url(),
        updates.clone(),
        ctx.clients,
        None,
    )
    .await;
    let acked = posted.iter().filter(|p| p.acked.is_some()).count();
    let (replies, timed_out) = load::wait_replies(
        &running.fake,
        acked,
        ctx.reply_timeout,
        Duration::from_millis(500),
    )
    .await;
    let cpu_secs = running.cpu_secs().zip(cpu_before).map(|(b, a)| b - a);
    let peak_rss_mib = running.peak_rss_mib();
    let log = running.log_problems();
    running.stop();
    let m = load::match_replies(&updates, &posted, &replies);
    Ok(BurstResult {
        m,
        updates,
        posted,
        replies,
        timed_out,
        log,
        cpu_secs,
        peak_rss_mib,
    })
}

/// First POST → last reply, or "> timeout" when some were never answered.
fn all_answered(m: &Matched, timeout: Duration) -> String {
    if m.missing > 0 {
        format!("> {} s after the last POST", timeout.as_secs())
    } else {
        report::opt_secs(m.all_answered_after())
    }
}

/// Notes common to every row: HTTP trouble, wrong texts, extras, the log.
fn notes(m: &Matched, timed_out: bool, log: &LogProblems) -> String {
    let mut n = Vec::new();
    if m.non_200 > 0 {
        n.push(format!("{} non-200 answers (retried)", m.non_200));
    }
    if m.failed > 0 {
        n.push(format!("{} POSTs failed", m.failed));
    }
    if m.wrong > 0 {
        n.push(format!("{} replies with an unexpected text", m.wrong));
    }
    if m.extra > 0 {
        n.push(format!("{} extra replies", m.extra));
    }
    if m.stray > 0 {
        n.push(format!("{} replies to unknown chats", m.stray));
    }
    if timed_out {
        n.push("gave up waiting for replies".into());
    }
    n.push(log.summary());
    n.join("; ")
}

pub const BURST_HEADER: &[&str] = &[
    "target",
    "acknowledged/s",
    "answered/s",
    "CPU ms per answered update",
    "p50 POST→reply",
    "p99 POST→reply",
    "missing",
    "all answered after",
    "notes",
];

/// burst0 / burst50 / burst10k: `n` × `/start <unknown token>` from `chats` chats round-robin.
pub async fn burst_row(
    ctx: &Ctx,
    spec: &TargetSpec,
    scenario: &str,
    latency: Duration,
    n: usize,
    chats: usize,
    goal: Option<Duration>,
) -> anyhow::Result<Vec<String>> {
    let updates = load::start_burst(FIRST_CHAT, chats, n);
    let r = burst(ctx, spec, scenario, latency, updates).await?;
    let m = &r.m;
    let answered = m.acked.saturating_sub(m.missing);
    let cpu_per_update = r
        .cpu_secs
        .filter(|_| answered > 0)
        .map(|s| s / answered as f64);
    ctx.rates.lock().unwrap().insert(
        (scenario.to_string(), spec.label.clone()),
        (m.answered_per_sec(), m.acked_per_sec()),
    );
    ctx.cpu
        .lock()
        .unwrap()
        .insert((scenario.to_string(), spec.label.clone()), cpu_per_update);
    if scenario == "burst50"
        && let Some(rate) = m.answered_per_sec()
    {
        ctx.saturation
            .lock()
            .unwrap()
            .insert(spec.label.clone(), rate);
    }
    let mut row = vec![
        spec.label.clone(),
        report::per_sec(m.acked_per_sec()),
        report::per_sec(m.answered_per_sec()),
        cpu_per_update.map_or("?".into(), |s| format!("{:.2}", s * 1000.0)),
        report::opt_ms(m.percentile(50.0)),
        report::opt_ms(m.percentile(99.0)),
        m.missing.to_string(),
        all_answered(m, ctx.reply_timeout),
    ];
    if let Some(goal) = goal {
        let met = m.missing == 0 && m.all_answered_after().is_some_and(|d| d <= goal);
        row.push(if met { "yes" } else { "no" }.into());
    }
    let rss = r
        .peak_rss_mib
        .map_or(String::new(), |mib| format!("peak RSS {mib:.0} MiB; "));
    row.push(format!("{rss}{}", notes(m, r.timed_out, &r.log)));
    Ok(row)
}

pub const ORDER_HEADER: &[&str] = &[
    "target",
    "chats in order",
    "chats out of order (avoidable)",
    "chats missing replies (replies missing)",
    "extra replies",
    "answered/s",
    "p99 POST→reply",
    "notes",
];

/// order: every chat sends `/start x`, `/whoami`, `/help`; each must get three replies in order.
pub async fn order_row(ctx: &Ctx, spec: &TargetSpec) -> anyhow::Result<Vec<String>> {
    let chats = ctx.pick(500, 100);
    let updates = load::ordered_triples(FIRST_CHAT, chats, 5);
    let r = burst(ctx, spec, "order", ctx.order_latency, updates).await?;
    let m = &r.m;
    let mut note = notes(m, r.timed_out, &r.log);
    if !ctx.order_latency.is_zero() {
        // Handled one at a time, a chat's replies are at least the latency apart.
        let close = ctx.order_latency.mul_f64(0.8);
        let mut by_chat: HashMap<i64, Vec<Instant>> = HashMap::new();
        for reply in &r.replies {
            by_chat.entry(reply.chat_id).or_default().push(reply.at);
        }
        for times in by_chat.values_mut() {
            times.sort();
        }
        let overlapping = by_chat
            .values()
            .filter(|times| times.windows(2).any(|w| w[1] - w[0] < close))
            .count();
        note = format!(
            "{overlapping} chats got two replies less than {} apart (updates of one chat handled \
             at the same time); {note}",
            report::ms(close)
        );
    }
    if m.chats_out_of_order > 0 || m.chats_missing > 0 {
        let path = ctx.dir.join(format!("order-{}.txt", spec.slug()));
        std::fs::write(
            &path,
            load::order_details(&r.updates, &r.posted, &r.replies),
        )?;
        note.push_str(&format!("; details in {}", path.display()));
    }
    Ok(vec![
        spec.label.clone(),
        format!("{} of {chats}", m.chats_in_order),
        format!(
            "{} ({})",
            m.chats_out_of_order, m.chats_out_of_order_sequential
        ),
        format!("{} ({})", m.chats_missing, m.missing),
        m.extra.to_string(),
        report::per_sec(m.answered_per_sec()),
        report::opt_ms(m.percentile(99.0)),
        note,
    ])
}

pub const PACED_HEADER: &[&str] = &[
    "target",
    "rate sent (½ of burst50's answered/s)",
    "updates",
    "p50 POST→reply",
    "p99 POST→reply",
    "p99 ≤ 100 ms",
    "missing",
    "notes",
];

/// paced50: half of the target's burst50 answered/s, open loop, for `ctx.paced_secs`.
pub async fn paced_row(ctx: &Ctx, spec: &TargetSpec) -> anyhow::Result<Vec<String>> {
    let saturation = ctx
        .saturation
        .lock()
        .unwrap()
        .get(&spec.label)
        .copied()
        .context("no burst50 answered/s for this target (burst50 failed)")?;
    let rate = saturation / 2.0;
    let n = ((rate * ctx.paced_secs).ceil() as usize).max(10);
    let chats = 1000;
    let updates = load::start_burst(FIRST_CHAT, chats, n);
    let latency = Duration::from_millis(50);
    let running = start(ctx, spec, "paced50", latency, &updates).await?;
    let updates = Arc::new(updates);
    let (posted, lag) =
        load::paced(&ctx.client, &running.webhook_url(), updates.clone(), rate).await;
    let acked = posted.iter().filter(|p| p.acked.is_some()).count();
    let (replies, timed_out) = load::wait_replies(
        &running.fake,
        acked,
        ctx.reply_timeout,
        Duration::from_millis(500),
    )
    .await;
    let log = running.log_problems();
    running.stop();
    let m = load::match_replies(&updates, &posted, &replies);
    let p99 = m.percentile(99.0);
    let met = m.missing == 0 && p99.is_some_and(|p| p <= Duration::from_millis(100));
    let mut note = notes(&m, timed_out, &log);
    if lag > Duration::from_millis(5) {
        note = format!("sender late by up to {}; {note}", report::ms(lag));
    }
    Ok(vec![
        spec.label.clone(),
        format!(
            "{} ({})",
            report::per_sec(Some(rate)),
            report::per_sec(Some(saturation))
        ),
        n.to_string(),
        report::opt_ms(m.percentile(50.0)),
        report::opt_ms(p99),
        if met { "yes" } else { "no" }.into(),
        m.missing.to_string(),
        note,
    ])
}

pub const KILL_HEADER: &[&str] = &[
    "target",
    "POSTed",
    "acknowledged",
    "in doubt",
    "answered",
    "missing",
    "duplicates",
    "answered before kill",
    "restart → all answered",
    "notes",
];

/// kill9: a burst, SIGKILL once `kill_at` of it was acknowledged, posting stops, the same binary
/// restarts on the same database, and every acknowledged update must be answered once.
pub async fn kill_row(ctx: &Ctx, spec: &TargetSpec) -> anyhow::Result<Vec<String>> {
    if !spec.is_tglink() {
        bail!("kill9 is for tglink only");
    }
    let n = ctx.pick(10_000, 2_000);
    let chats = ctx.pick(1000, 200);
    let updates = load::start_burst(FIRST_CHAT, chats, n);
    let mut running = start(ctx, spec, "kill9", ctx.kill_latency, &updates).await?;
    let updates = Arc::new(updates);
    let kill = Arc::new(KillAt {
        pid: running.pid().context("no pid")?,
        after_acks: ((n as f64) * ctx.kill_at).round() as usize,
        killed_at: Mutex::new(None),
    });
    let posted = load::burst(
        &ctx.client,
        &running.webhook_url(),
        updates.clone(),
        ctx.clients,
        Some(kill.clone()),
    )
    .await;
    let killed_at = *kill.killed_at.lock().unwrap();
    if killed_at.is_none() {
        bail!(
            "the burst ended before {} acknowledgements; not killed",
            kill.after_acks
        );
    }
    // Reap the killed process (a no-op kill if it is already gone).
    running.kill9();
    let before_kill = running.fake.sent_messages().len();
    let restarted = Instant::now();
    running.launch().await.context("restarting after kill -9")?;
    let deadline = Instant::now() + ctx.kill_timeout;
    let mut timed_out = false;
    loop {
        let m = load::match_replies(&updates, &posted, &running.fake.sent_messages());
        if m.missing == 0 {
            break;
        }
        if Instant::now() >= deadline {
            timed_out = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Late duplicates: a handler that had sent its reply but not recorded it is run again once
    // its lease expires (at once on SQLite after a restart, after the lease on PostgreSQL).
    tokio::time::sleep(ctx.kill_settle).await;
    let replies = running.fake.sent_messages();
    let alive = running.is_running();
    let log = running.log_problems();
    running.stop();
    let m = load::match_replies(&updates, &posted, &replies);
    let sent = posted.iter().filter(|p| p.start.is_some()).count();
    let done_after = m.last_reply.map(|l| l.saturating_duration_since(restarted));
    let mut note = Vec::new();
    if m.duplicates > ctx.concurrency() as usize {
        note.push(format!(
            "duplicates above TGLINK_UPDATE_CONCURRENCY ({})",
            ctx.concurrency()
        ));
    }
    if m.failed > 0 {
        note.push(format!(
            "{} of {} in-doubt updates answered",
            m.extra - m.duplicates,
            m.failed
        ));
    }
    if m.wrong > 0 {
        note.push(format!("{} replies with an unexpected text", m.wrong));
    }
    if m.non_200 > 0 {
        note.push(format!("{} non-200 answers", m.non_200));
    }
    if timed_out {
        note.push(format!(
            "gave up {} s after the restart",
            ctx.kill_timeout.as_secs()
        ));
    }
    if !alive {
        note.push("the restarted process exited".into());
    }
    note.push(format!(
        "killed at {} acks; {}",
        kill.after_acks,
        log.summary()
    ));
    Ok(vec![
        spec.label.clone(),
        sent.to_string(),
        m.acked.to_string(),
        m.failed.to_string(),
        (m.acked - m.missing).to_string(),
        m.missing.to_string(),
        m.duplicates.to_string(),
        before_kill.to_string(),
        report::opt_secs(done_after),
        note.join("; "),
    ])
}

/// "X: a× (acknowledged b×)" for each tglink target against aiogram in `scenario`.
pub fn ratios(ctx: &Ctx, scenario: &str, targets: &[TargetSpec]) -> Option<String> {
    let rates = ctx.rates.lock().unwrap();
    let cpu = ctx.cpu.lock().unwrap();
    let key = |t: &TargetSpec| (scenario.to_string(), t.label.clone());
    let mut lines = Vec::new();
    for peer in ["aiogram-min", "aiogram"] {
        let Some(p) = targets.iter().find(|t| t.is_peer(peer)) else {
            continue;
        };
        let Some((p_ans, p_ack)) = rates.get(&key(p)).copied() else {
            continue;
        };
        let p_cpu = cpu.get(&key(p)).copied().flatten();
        let parts: Vec<String> = targets
            .iter()
            .filter(|t| t.is_tglink())
            .filter_map(|t| {
                let (ans, ack) = *rates.get(&key(t))?;
                let t_cpu = cpu.get(&key(t)).copied().flatten();
                let cpu_share = match (t_cpu, p_cpu) {
                    (Some(a), Some(b)) if b > 0.0 => format!("{:.2}", a / b),
                    _ => "?".into(),
                };
                Some(format!(
                    "{} {} (acknowledged/s {}; CPU per answered update {cpu_share} of {peer}'s)",
                    t.label,
                    report::ratio(ans, p_ans),
                    report::ratio(ack, p_ack)
                ))
            })
            .collect();
        if !parts.is_empty() {
            lines.push(format!(
                "tglink / {peer}, answered/s: {}.",
                parts.join("; ")
            ));
        }
    }
    (!lines.is_empty()).then(|| lines.join(" "))
}
