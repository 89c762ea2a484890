//! Broadcasts under the conditions that hurt: Telegram answering 502 to a fifth of all sends
//! (retries included, as a flaky gateway does), and
//! members chatting with the bot while a broadcast goes out at the full rate.
use std::time::{Duration, Instant};

use telegram_fake::Failure;
use tglink::db;

use crate::app::WEBHOOK_SECRET;
use crate::http::Browser;
use crate::report::{Row, ms, per_sec, rss};
use crate::scenarios::BROADCAST_TEXT;
use crate::seed;
use crate::stage::{self, Ctx};

/// One broadcast to `n` recipients at `rate`; a share `faulty` of all sendMessage calls (retries
/// included) get a 502.
/// Returns the seconds from the compose POST to the last recipient's message, and a row.
async fn broadcast_once(
    ctx: &Ctx,
    name: &str,
    rate: u32,
    n: usize,
    faulty: f64,
) -> anyhow::Result<(f64, Row)> {
    let first = 750_000_000i64;
    let (db, pool) = stage::database(ctx, None).await?;
    db::run(&pool, move |c| seed::users(c, "f", n, Some(first))).await?;
    seed::account(&pool, seed::ADMIN, true).await?;
    let fake = stage::fake(first..first + n as i64).await?;
    fake.enforce_rate_limits(rate, 1);
    fake.fail_share("sendMessage", faulty, Failure::ServerError(502));
    let st = stage::start(ctx, name, db, pool, fake, rate).await?;
    let admin = Browser::sign_in(&st.app.base(), seed::ADMIN, seed::PASSWORD).await?;
    let posted = Instant::now();
    admin.compose(BROADCAST_TEXT).await?;
    let timeout = Duration::from_secs(n as u64 / u64::from(rate) * 4 + 60);
    let (sent, complete) =
        stage::wait_sent(&st.fake, n, timeout, |m| m.text == BROADCAST_TEXT).await;
    // Let any duplicate show up before counting.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let sent_now: Vec<_> = st
        .fake
        .sent_messages()
        .into_iter()
        .filter(|m| m.text == BROADCAST_TEXT)
        .collect();
    let mut per_chat = std::collections::HashMap::<i64, usize>::new();
    for m in &sent_now {
        *per_chat.entry(m.chat_id).or_default() += 1;
    }
    let twice = per_chat.values().filter(|c| **c > 1).count();
    let missing = n - per_chat.len();
    let wall = sent
        .last()
        .map_or(f64::NAN, |m| m.at.duration_since(posted).as_secs_f64());
    let failed_502 = st
        .fake
        .calls_to("sendMessage")
        .iter()
        .filter(|c| c.status() == Some(502))
        .count();
    let row = Row {
        scenario: format!(
            "Broadcast to {n} at TGLINK_SEND_RATE={rate}, {:.0}% of all sends answered 502",
            faulty * 100.0
        ),
        throughput: format!("{wall:.1} s for all"),
        p50: "–".into(),
        p99: "–".into(),
        errors: format!(
            "{missing} missing, {twice} twice, {} × 429",
            st.fake.count_429()
        ),
        rss: rss(st.app.peak_rss_mib()),
        notes: format!(
            "{failed_502} sends answered 502{}",
            if complete { "" } else { "; stopped waiting" }
        ),
    };
    Ok((wall, row))
}

/// A broadcast with a fifth of all sends (retries too) failing 502, against the same broadcast
/// without.
pub async fn broadcast_with_502s(ctx: &Ctx, rows: &mut Vec<Row>) -> anyhow::Result<()> {
    let (rate, n) = (100, ctx.pick(1000, 300));
    let (clean, mut row) = broadcast_once(ctx, "broadcast-clean", rate, n, 0.0).await?;
    rows.push(row);
    let (faulty, r) = broadcast_once(ctx, "broadcast-502", rate, n, 0.2).await?;
    row = r;
    row.notes = format!("{}; {:.2}× the fault-free time", row.notes, faulty / clean);
    rows.push(row);
    Ok(())
}

/// A broadcast at 30/s to `n` members while `chatting` of them send the bot `/help` now and then:
/// how long the replies take, and whether the sum stays within Telegram's limits.
pub async fn broadcast_while_chatting(ctx: &Ctx, rows: &mut Vec<Row>) -> anyhow::Result<()> {
    let rate = 30;
    let (n, chatting) = (ctx.pick(900, 300), ctx.pick(200, 60));
    let first = 760_000_000i64;
    let (db, pool) = stage::database(ctx, None).await?;
    db::run(&pool, move |c| seed::users(c, "c", n, Some(first))).await?;
    seed::account(&pool, seed::ADMIN, true).await?;
    let fake = stage::fake(first..first + n as i64).await?;
    fake.enforce_rate_limits(rate, 1);
    let st = stage::start(ctx, "broadcast-chat", db, pool, fake, rate).await?;
    let admin = Browser::sign_in(&st.app.base(), seed::ADMIN, seed::PASSWORD).await?;
    admin.compose(BROADCAST_TEXT).await?;
    let started = Instant::now();
    // Each chatter sends /help once every 20 s on average, spread evenly: 10 replies a second
    // at 200 chatters, a third of the budget.
    let duration = ctx.secs(30, 12);
    let interval = Duration::from_secs(20) / chatting as u32;
    let webhook = format!("{}/telegram/webhook", st.app.base());
    let client = reqwest::Client::new();
    let users: Vec<_> = (0..chatting)
        .map(|i| st.fake.add_user(first + i as i64, "Bench", None))
        .collect();
    let mut posted: Vec<(i64, Instant)> = Vec::new();
    let mut tick = tokio::time::interval(interval);
    let mut i = 0;
    while started.elapsed() < duration {
        tick.tick().await;
        let user = &users[i % users.len()];
        i += 1;
        let at = Instant::now();
        let r = client
            .post(&webhook)
            .header("content-type", "application/json")
            .header("X-Telegram-Bot-Api-Secret-Token", WEBHOOK_SECRET)
            .body(user.message("/help").to_string())
            .send()
            .await?;
        if r.status().is_success() {
            posted.push((user.id, at));
        }
    }
    // Replies to /help from a linked member start "You are linked as".
    let is_reply = |m: &telegram_fake::SentMessage| m.plain_text.starts_with("You are linked");
    let (replies, _) =
        stage::wait_sent(&st.fake, posted.len(), Duration::from_secs(30), is_reply).await;
    let mut latencies = Vec::new();
    let mut by_chat: std::collections::HashMap<i64, Vec<Instant>> = Default::default();
    for m in &replies {
        by_chat.entry(m.chat_id).or_default().push(m.at);
    }
    let mut taken: std::collections::HashMap<i64, usize> = Default::default();
    for (chat, at) in &posted {
        let k = taken.entry(*chat).or_default();
        if let Some(reply) = by_chat.get(chat).and_then(|v| v.get(*k)) {
            latencies.push(reply.duration_since(*at).as_secs_f64() * 1000.0);
        }
        *k += 1;
    }
    latencies.sort_by(f64::total_cmp);
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or(f64::NAN)
    };
    let window = started.elapsed().as_secs_f64();
    let sends = st
        .fake
        .calls_to("sendMessage")
        .iter()
        .filter(|c| c.at >= started && c.is_ok())
        .count();
    let bulk = st
        .fake
        .sent_messages()
        .iter()
        .filter(|m| m.text == BROADCAST_TEXT && m.at >= started)
        .count();
    // Which limit each 429 met: the chat's (another message to it within a second) or the overall.
    let calls = st.fake.calls_to("sendMessage");
    let chat_of = |c: &telegram_fake::RecordedCall| c.params["chat_id"].as_i64();
    let per_chat_429 = calls
        .iter()
        .filter(|c| c.status() == Some(429))
        .filter(|c| {
            calls.iter().any(|o| {
                o.is_ok()
                    && chat_of(o) == chat_of(c)
                    && o.at <= c.at
                    && c.at.duration_since(o.at) < Duration::from_secs(1)
            })
        })
        .count();
    rows.push(Row {
        scenario: format!(
            "Broadcast to {n} at TGLINK_SEND_RATE={rate} while {chatting} members send /help (one every {} ms)",
            interval.as_millis()
        ),
        throughput: format!(
            "{} sends overall ({} replies, {} broadcast)",
            per_sec(sends as f64 / window),
            replies.len(),
            bulk
        ),
        p50: ms(pct(0.5)),
        p99: ms(pct(0.99)),
        errors: format!(
            "{} × 429, {} replies missing",
            st.fake.count_429(),
            posted.len() - latencies.len()
        ),
        rss: rss(st.app.peak_rss_mib()),
        notes: format!(
            "reply latency is webhook POST → reply at the fake; window {window:.0} s; \
             {per_chat_429} of the 429s for a chat's own limit"
        ),
    });
    Ok(())
}
