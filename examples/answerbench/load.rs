//! The load: Telegram Update JSON built here (private text messages with a bot_command entity,
//! update_ids unique and increasing over the whole run), POSTed to the target's webhook by N
//! concurrent reqwest clients as fast as they are accepted (closed loop) or at a fixed rate (open
//! loop), and the replies as the fake Bot API recorded them, matched to the updates chat by chat.
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use telegram_fake::{FakeTelegram, SentMessage};

use crate::targets::WEBHOOK_SECRET;

/// A chat's replies (POST start, arrival, kind) and how many of them were matched.
type ChatReplies = (Vec<(Instant, Instant, Class)>, usize);
/// The next update_id; increasing over the whole run, whatever the target.
static NEXT_UPDATE_ID: AtomicI64 = AtomicI64::new(0);

pub fn init_update_ids() {
    // Telegram's update_ids fit in 31 bits (teloxide reads them as u32); a run uses far fewer
    // than the 1,000 per second of clock this leaves between runs' bases.
    let secs = chrono::Utc::now().timestamp().rem_euclid(1_000_000);
    NEXT_UPDATE_ID.store(1_000_000 + secs * 1000, Ordering::SeqCst);
}

/// What a command should be answered with (the first words of the reply the user sees).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// `/start <unknown token>` or `/start x`: "I don't recognise this link…" (a payload that
    /// cannot be a token: tglink's "That doesn't look like a link from…").
    Start,
    /// `/whoami` unlinked: "I don't know you yet: …"
    WhoAmI,
    /// `/help` unlinked: "I am the bot of …"
    Help,
    Other,
}

impl Class {
    pub fn of_reply(plain: &str) -> Class {
        if plain.starts_with("I don't recognise this link")
            || plain.starts_with("That doesn't look like a link")
        {
            Class::Start
        } else if plain.starts_with("I don't know you yet:") {
            Class::WhoAmI
        } else if plain.starts_with("I am the bot of") {
            Class::Help
        } else {
            Class::Other
        }
    }
}

/// One prepared update.
#[derive(Clone, Debug)]
pub struct Update {
    pub chat: i64,
    pub expect: Class,
    pub body: String,
}

/// Builds updates in the given order: (chat, command text, expected class).
pub fn build(items: impl IntoIterator<Item = (i64, String, Class)>) -> Vec<Update> {
    let now = chrono::Utc::now().timestamp();
    let mut message_ids: HashMap<i64, i64> = HashMap::new();
    items
        .into_iter()
        .map(|(chat, text, expect)| {
            let update_id = NEXT_UPDATE_ID.fetch_add(1, Ordering::SeqCst);
            let mid = message_ids.entry(chat).or_insert(1000);
            *mid += 1;
            let command_len = text.split(' ').next().unwrap_or("").len();
            let body = serde_json::json!({
                "update_id": update_id,
                "message": {
                    "message_id": *mid,
                    "from": {"id": chat, "is_bot": false, "first_name": "Bench", "language_code": "en"},
                    "chat": {"id": chat, "first_name": "Bench", "type": "private"},
                    "date": now,
                    "text": text,
                    "entities": [{"offset": 0, "length": command_len, "type": "bot_command"}],
                }
            })
            .to_string();
            Update {
                chat,
                expect,
                body,
            }
        })
        .collect()
}

/// A random payload of 43 URL-safe characters: shaped like a link token, known to nobody.
pub fn unknown_token() -> String {
    use rand::Rng;
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut rng = rand::thread_rng();
    (0..43)
        .map(|_| CHARS[rng.gen_range(0..CHARS.len())] as char)
        .collect()
}

/// `n` updates `/start <unknown token>` from chats `first..first+chats`, round-robin.
pub fn start_burst(first_chat: i64, chats: usize, n: usize) -> Vec<Update> {
    build((0..n).map(|i| {
        (
            first_chat + (i % chats) as i64,
            format!("/start {}", unknown_token()),
            Class::Start,
        )
    }))
}

/// Each chat sends `/start x`, `/whoami`, `/help` in that order; chats are interleaved in
/// blocks of `block`, so one chat's three updates are `block` apart and several clients carry
/// them at once.
pub fn ordered_triples(first_chat: i64, chats: usize, block: usize) -> Vec<Update> {
    let commands = [
        ("/start x", Class::Start),
        ("/whoami", Class::WhoAmI),
        ("/help", Class::Help),
    ];
    let mut items = Vec::with_capacity(chats * 3);
    let mut start = 0;
    while start < chats {
        let end = (start + block).min(chats);
        for (text, class) in commands {
            for c in start..end {
                items.push((first_chat + c as i64, text.to_string(), class));
            }
        }
        start = end;
    }
    build(items)
}

/// What happened to one update's POST.
#[derive(Clone, Debug, Default)]
pub struct Posted {
    /// When its (first) POST started.
    pub start: Option<Instant>,
    /// When the 200 came back.
    pub acked: Option<Instant>,
    /// Answers other than 200 (each followed by a retry).
    pub non_200: u32,
    /// A connection error or timeout ended it without a 200 (the update is in doubt: the target
    /// may or may not have taken it).
    pub failed: Option<String>,
}

pub fn client(clients: usize) -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(clients.max(16) * 2)
        .timeout(Duration::from_secs(60))
        .build()
        .expect("reqwest client")
}

/// Retries after a non-200 answer (Telegram redelivers too); connection errors end the update.
const MAX_ATTEMPTS: u32 = 5;

async fn post_one(client: &reqwest::Client, url: &str, u: &Update, p: &mut Posted) {
    p.start = Some(Instant::now());
    for attempt in 1..=MAX_ATTEMPTS {
        let res = client
            .post(url)
            .header("Content-Type", "application/json")
            .header("X-Telegram-Bot-Api-Secret-Token", WEBHOOK_SECRET)
            .body(u.body.clone())
            .send()
            .await;
        match res {
            Ok(r) if r.status().as_u16() == 200 => {
                let _ = r.bytes().await;
                p.acked = Some(Instant::now());
                return;
            }
            Ok(r) => {
                p.non_200 += 1;
                let status = r.status();
                let _ = r.bytes().await;
                if attempt == MAX_ATTEMPTS {
                    p.failed = Some(format!("HTTP {status}"));
                    return;
                }
                tokio::time::sleep(Duration::from_millis(100 * attempt as u64)).await;
            }
            Err(e) => {
                p.failed = Some(short_error(&e));
                return;
            }
        }
    }
}

fn short_error(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timeout".into()
    } else if e.is_connect() {
        "connection refused".into()
    } else {
        "connection error".into()
    }
}

/// When to kill the target in the middle of a burst.
pub struct KillAt {
    pub pid: i32,
    /// Kill once this many updates were acknowledged.
    pub after_acks: usize,
    /// Set once killed (the caller reaps the process).
    pub killed_at: std::sync::Mutex<Option<Instant>>,
}

/// POSTs every update with `clients` concurrent clients, each taking the next update as soon as
/// its previous one was answered. With `kill`, the target is sent SIGKILL once enough updates
/// were acknowledged and every client stops at its first failed POST.
pub async fn burst(
    client: &reqwest::Client,
    url: &str,
    updates: Arc<Vec<Update>>,
    clients: usize,
    kill: Option<Arc<KillAt>>,
) -> Vec<Posted> {
    let next = Arc::new(AtomicUsize::new(0));
    let acks = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (client, url, updates, next, acks, stop, kill) = (
            client.clone(),
            url.to_string(),
            updates.clone(),
            next.clone(),
            acks.clone(),
            stop.clone(),
            kill.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            loop {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= updates.len() {
                    break;
                }
                let mut p = Posted::default();
                post_one(&client, &url, &updates[i], &mut p).await;
                let acked = p.acked.is_some();
                let failed = p.failed.is_some();
                mine.push((i, p));
                if acked {
                    let n = acks.fetch_add(1, Ordering::SeqCst) + 1;
                    if let Some(k) = &kill
                        && n == k.after_acks
                    {
                        unsafe {
                            libc::kill(k.pid, libc::SIGKILL);
                        }
                        *k.killed_at.lock().unwrap() = Some(Instant::now());
                    }
                }
                if failed && kill.is_some() {
                    stop.store(true, Ordering::SeqCst);
                    break;
                }
            }
            mine
        }));
    }
    let mut posted = vec![Posted::default(); updates.len()];
    for t in tasks {
        for (i, p) in t.await.expect("client task") {
            posted[i] = p;
        }
    }
    posted
}

/// POSTs the updates at `rate` per second, open loop: update i starts at t0 + i/rate whether or
/// not earlier ones were answered.
pub async fn paced(
    client: &reqwest::Client,
    url: &str,
    updates: Arc<Vec<Update>>,
    rate: f64,
) -> (Vec<Posted>, Duration) {
    let t0 = tokio::time::Instant::now() + Duration::from_millis(20);
    let mut tasks = Vec::with_capacity(updates.len());
    let mut worst_lag = Duration::ZERO;
    for i in 0..updates.len() {
        let at = t0 + Duration::from_secs_f64(i as f64 / rate);
        tokio::time::sleep_until(at).await;
        worst_lag = worst_lag.max(tokio::time::Instant::now() - at);
        let (client, url, updates) = (client.clone(), url.to_string(), updates.clone());
        tasks.push(tokio::spawn(async move {
            let mut p = Posted::default();
            post_one(&client, &url, &updates[i], &mut p).await;
            p
        }));
    }
    let mut posted = Vec::with_capacity(tasks.len());
    for t in tasks {
        posted.push(t.await.expect("paced task"));
    }
    (posted, worst_lag)
}

/// Waits until the fake has recorded at least `expected` messages (or `timeout` passed), then
/// `settle` longer for late extras. Polls the fake every 100 ms; the reply times are the fake's
/// own, so the poll does not affect them.
pub async fn wait_replies(
    fake: &FakeTelegram,
    expected: usize,
    timeout: Duration,
    settle: Duration,
) -> (Vec<SentMessage>, bool) {
    let deadline = Instant::now() + timeout;
    loop {
        let sent = fake.sent_messages();
        if sent.len() >= expected {
            break;
        }
        if Instant::now() >= deadline {
            return (sent, true);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if !settle.is_zero() {
        tokio::time::sleep(settle).await;
    }
    (fake.sent_messages(), false)
}

/// The replies matched to the updates, chat by chat: the k-th reply to a chat answers the k-th
/// acknowledged update to that chat (in update_id order).
#[derive(Debug, Default)]
pub struct Matched {
    pub acked: usize,
    /// POSTs that ended without a 200 (in doubt).
    pub failed: usize,
    pub non_200: u32,
    pub first_start: Option<Instant>,
    pub last_ack: Option<Instant>,
    pub last_reply: Option<Instant>,
    /// Reply arrival − POST start, one per matched reply.
    pub latencies: Vec<Duration>,
    /// Acknowledged updates without a reply.
    pub missing: usize,
    /// Replies beyond one per acknowledged update (in-doubt updates not subtracted).
    pub extra: usize,
    /// Replies beyond one per acknowledged or in-doubt update.
    pub duplicates: usize,
    /// Matched replies whose text is not the one expected for their update.
    pub wrong: usize,
    /// Chats with exactly one reply per update, each of the expected kind.
    pub chats_in_order: usize,
    /// Chats with all their replies but in another order (or of another kind).
    pub chats_out_of_order: usize,
    /// Of `chats_out_of_order`: chats where a later update was answered before an earlier one
    /// that had been acknowledged (stored) before the later one's POST even started — an
    /// inversion the target had all it needed to avoid. (Replies are told apart by their kind,
    /// so this needs one update of each kind per chat, as in the order scenario.)
    pub chats_out_of_order_sequential: usize,
    /// Chats with fewer replies than acknowledged updates.
    pub chats_missing: usize,
    /// Replies to chats no update went to (should be none).
    pub stray: usize,
}

impl Matched {
    /// Updates per second from the first POST to the last 200.
    pub fn acked_per_sec(&self) -> Option<f64> {
        let span = self
            .last_ack?
            .duration_since(self.first_start?)
            .as_secs_f64();
        (span > 0.0).then(|| self.acked as f64 / span)
    }

    /// Updates per second from the first POST to the last reply (when all were answered).
    pub fn answered_per_sec(&self) -> Option<f64> {
        let span = self.all_answered_after()?.as_secs_f64();
        (span > 0.0).then(|| (self.acked - self.missing) as f64 / span)
    }

    /// First POST → last reply.
    pub fn all_answered_after(&self) -> Option<Duration> {
        Some(self.last_reply?.duration_since(self.first_start?))
    }

    pub fn percentile(&self, q: f64) -> Option<Duration> {
        percentile(&self.latencies, q)
    }
}

pub fn percentile(values: &[Duration], q: f64) -> Option<Duration> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort();
    let rank = ((q / 100.0) * v.len() as f64).ceil() as usize;
    Some(v[rank.clamp(1, v.len()) - 1])
}

pub fn match_replies(updates: &[Update], posted: &[Posted], replies: &[SentMessage]) -> Matched {
    let mut m = Matched::default();
    // Per chat, in update order: (POST start, expected class) of acknowledged updates, and the
    // number of in-doubt ones.
    let mut by_chat: HashMap<i64, ChatReplies> = HashMap::new();
    for (u, p) in updates.iter().zip(posted) {
        if let Some(s) = p.start {
            m.first_start = Some(m.first_start.map_or(s, |f| f.min(s)));
        }
        m.non_200 += p.non_200;
        let entry = by_chat.entry(u.chat).or_default();
        if let (Some(s), Some(a)) = (p.start, p.acked) {
            m.acked += 1;
            m.last_ack = Some(m.last_ack.map_or(a, |l| l.max(a)));
            entry.0.push((s, a, u.expect));
        } else if p.start.is_some() {
            m.failed += 1;
            entry.1 += 1;
        }
    }
    let mut replies_by_chat: HashMap<i64, Vec<&SentMessage>> = HashMap::new();
    for r in replies {
        replies_by_chat.entry(r.chat_id).or_default().push(r);
    }
    for (chat, rs) in &replies_by_chat {
        if !by_chat.contains_key(chat) {
            m.stray += rs.len();
        }
    }
    for (chat, (acked, in_doubt)) in &by_chat {
        let rs = replies_by_chat.get(chat).map(Vec::as_slice).unwrap_or(&[]);
        let mut in_order = rs.len() == acked.len();
        for (k, (start, _, expect)) in acked.iter().enumerate() {
            let Some(r) = rs.get(k) else { break };
            m.latencies.push(r.at.saturating_duration_since(*start));
            m.last_reply = Some(m.last_reply.map_or(r.at, |l| l.max(r.at)));
            if Class::of_reply(&r.plain_text) != *expect {
                m.wrong += 1;
                in_order = false;
            }
        }
        if rs.len() < acked.len() {
            m.missing += acked.len() - rs.len();
            m.chats_missing += 1;
        } else {
            m.extra += rs.len() - acked.len();
            m.duplicates += rs.len().saturating_sub(acked.len() + in_doubt);
            if in_order {
                m.chats_in_order += 1;
            } else {
                m.chats_out_of_order += 1;
                let pos = |c: Class| rs.iter().position(|r| Class::of_reply(&r.plain_text) == c);
                let avoidable = acked.iter().enumerate().any(|(k, (_, ack_k, class_k))| {
                    acked[k + 1..].iter().any(|(start_j, _, class_j)| {
                        matches!((pos(*class_k), pos(*class_j)), (Some(pk), Some(pj)) if pj < pk)
                            && ack_k < start_j
                    })
                });
                if avoidable {
                    m.chats_out_of_order_sequential += 1;
                }
            }
        }
    }
    m
}

/// For each chat whose replies are not one per update in the expected order: its updates (POST
/// start and 200, in ms from the first POST) and its replies (arrival, kind), for a human to read.
pub fn order_details(updates: &[Update], posted: &[Posted], replies: &[SentMessage]) -> String {
    let t0 = posted.iter().filter_map(|p| p.start).min();
    let Some(t0) = t0 else {
        return String::new();
    };
    let at = |i: Option<Instant>| {
        i.map_or("–".to_string(), |i| {
            format!(
                "{:.1}",
                i.saturating_duration_since(t0).as_secs_f64() * 1000.0
            )
        })
    };
    let mut chats: Vec<i64> = Vec::new();
    let mut by_chat: HashMap<i64, Vec<(usize, &Update, &Posted)>> = HashMap::new();
    for (i, (u, p)) in updates.iter().zip(posted).enumerate() {
        if !by_chat.contains_key(&u.chat) {
            chats.push(u.chat);
        }
        by_chat.entry(u.chat).or_default().push((i, u, p));
    }
    let mut out = String::from(
        "# chats whose replies were missing, extra or out of order (times in ms from the first POST)\n",
    );
    for chat in chats {
        let ups = &by_chat[&chat];
        let rs: Vec<&SentMessage> = replies.iter().filter(|r| r.chat_id == chat).collect();
        let fine = rs.len() == ups.len()
            && ups
                .iter()
                .zip(&rs)
                .all(|((_, u, _), r)| Class::of_reply(&r.plain_text) == u.expect);
        if fine {
            continue;
        }
        out.push_str(&format!("chat {chat}\n"));
        for (i, u, p) in ups {
            out.push_str(&format!(
                "  update #{i} {:?}: POST {} → 200 at {}\n",
                u.expect,
                at(p.start),
                at(p.acked)
            ));
        }
        for r in rs {
            out.push_str(&format!(
                "  reply {:?} at {}\n",
                Class::of_reply(&r.plain_text),
                at(Some(r.at))
            ));
        }
    }
    out
}
