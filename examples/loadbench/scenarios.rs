//! The measurements: webhook intake (ordinary messages; `/start <token>` + Confirm), pages and
//! the API, logins next to /healthz, and broadcasts at two rates plus a large enqueue.
use std::collections::HashMap;
use std::time::{Duration, Instant};

use anyhow::Context;
use telegram_fake::Failure;
use tglink::db;

use crate::app::WEBHOOK_SECRET;
use crate::http::{Browser, login_forms};
use crate::report::{Row, ms, per_sec, rss};
use crate::seed;
use crate::stage::{self, Ctx, Stage};
use crate::wrk::{self, Job, Script, Summary};

pub const BROADCAST_TEXT: &str = "Benchmark broadcast: <b>hello</b> from tglink";

/// Ordinary messages to the webhook from `nchats` chats; threads, connections, duration and
/// pacing are set by the caller.
fn messages_job(st: &Stage, first: i64, nchats: usize, id_base: u64, threads: u32) -> Job {
    Job {
        url: format!("{}/telegram/webhook", st.app.base()),
        script: Script::Messages,
        threads,
        connections: 16,
        duration: Duration::from_secs(2),
        headers: vec![],
        args: vec![
            first.to_string(),
            nchats.to_string(),
            id_base.to_string(),
            threads.to_string(),
            WEBHOOK_SECRET.into(),
        ],
        pace_ms: None,
    }
}

fn latency_row(
    scenario: String,
    s: &Summary,
    throughput: String,
    rss_mib: Option<f64>,
    notes: String,
) -> Row {
    Row {
        scenario,
        throughput,
        p50: ms(s.p50_ms()),
        p99: ms(s.p99_ms()),
        errors: s.errors(),
        rss: rss(rss_mib),
        notes,
    }
}

/// Waits until every stored update is handled (or nothing moved for 40 s: the inbox sweep runs
/// every 30 s, or 180 s in all); the handled count and when it last grew.
async fn drained(st: &Stage) -> anyhow::Result<(i64, Instant)> {
    let deadline = Instant::now() + Duration::from_secs(180);
    let mut last = seed::count_processed_updates(&st.pool).await?;
    let mut since = Instant::now();
    loop {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let handled = seed::count_processed_updates(&st.pool).await?;
        if handled != last {
            (last, since) = (handled, Instant::now());
        }
        let stored = seed::count_stored_updates(&st.pool).await?;
        if (handled >= stored && since.elapsed() > Duration::from_millis(500))
            || since.elapsed() > Duration::from_secs(40)
            || Instant::now() > deadline
        {
            return Ok((last, since));
        }
    }
}

/// 1. Ordinary messages to the webhook: the most the app takes, then latency at half of it.
pub async fn webhook_messages(ctx: &Ctx, rows: &mut Vec<Row>) -> anyhow::Result<()> {
    let nchats = ctx.pick(2000, 500);
    let first = 700_000_000i64;
    let (db, pool) = stage::database(ctx, None).await?;
    let linked = nchats / 2;
    db::run(&pool, move |c| seed::users(c, "m", linked, Some(first))).await?;
    let fake = stage::fake(first..first + nchats as i64).await?;
    let st = stage::start(ctx, "webhook-messages", db, pool, fake, 30).await?;
    let dir = ctx.dir.path();

    wrk::run(
        dir,
        &Job {
            connections: 16,
            duration: Duration::from_secs(2),
            pace_ms: None,
            ..messages_job(&st, first, nchats, 100_000_000, 2)
        },
    )
    .await?;
    let (before, _) = drained(&st).await?;

    let started = Instant::now();
    let max = wrk::run(
        dir,
        &Job {
            connections: 64,
            duration: ctx.secs(10, 4),
            pace_ms: None,
            ..messages_job(&st, first, nchats, 200_000_000, 2)
        },
    )
    .await?;
    let load_secs = started.elapsed().as_secs_f64();
    let (after, last_change) = drained(&st).await?;
    let done = (after - before) as f64;
    let drain_secs = last_change.duration_since(started).as_secs_f64();
    let processed_rate = done / drain_secs.max(1e-9);
    rows.push(latency_row(
        "Webhook, ordinary messages: saturated (wrk -t2 -c64)".into(),
        &max,
        format!("{} acknowledged; {} handled", per_sec(max.ok_rate()), per_sec(processed_rate)),
        st.app.peak_rss_mib(),
        format!(
            "{} acknowledged, {done:.0} handled (stored, answered) within {drain_secs:.1} s of a {load_secs:.1} s load; {linked} of {nchats} chats linked",
            max.ok
        ),
    ));

    let sustained = max.ok_rate().min(processed_rate);
    let target = (sustained / 2.0).max(10.0);
    // Each connection sends, waits for the answer, then waits 10 ms: about 100 requests/s each.
    let connections = ((target / 100.0).round() as u32).max(1);
    let threads = connections.min(2);
    let (before, _) = drained(&st).await?;
    let half = wrk::run(
        dir,
        &Job {
            connections,
            duration: ctx.secs(10, 4),
            pace_ms: Some(10),
            ..messages_job(&st, first, nchats, 300_000_000, threads)
        },
    )
    .await?;
    let (after, _) = drained(&st).await?;
    rows.push(latency_row(
        format!(
            "Webhook, ordinary messages: paced at half the sustained rate (target {})",
            per_sec(target)
        ),
        &half,
        per_sec(half.ok_rate()),
        st.app.peak_rss_mib(),
        format!("{} acknowledged, {} handled", half.ok, after - before),
    ));

    // The HTTP side alone: bodies that are not Updates are acknowledged without being queued.
    let mut job = messages_job(&st, first, nchats, 800_000_000, 2);
    job.args.push("junk".into());
    let ack = wrk::run(
        dir,
        &Job {
            connections: 64,
            duration: ctx.secs(5, 3),
            ..job
        },
    )
    .await?;
    rows.push(latency_row(
        "Webhook ack path only: non-Update JSON, acknowledged and dropped (wrk -t2 -c64)".into(),
        &ack,
        per_sec(ack.ok_rate()),
        st.app.peak_rss_mib(),
        "secret check + JSON parse + 200, nothing queued (each logs one WARN line): the HTTP layer's ceiling".into(),
    ));

    // Real Telegram answers sendMessage in tens of milliseconds, not the fake's fraction of one.
    let latency = Duration::from_millis(50);
    st.fake.set_latency(latency);
    let (before, _) = drained(&st).await?;
    let started = Instant::now();
    let slow = wrk::run(
        dir,
        &Job {
            connections: 8,
            duration: ctx.secs(10, 4),
            ..messages_job(&st, first, nchats, 900_000_000, 1)
        },
    )
    .await?;
    let (after, last_change) = drained(&st).await?;
    st.fake.set_latency(Duration::ZERO);
    let done = (after - before) as f64;
    let drain_secs = last_change.duration_since(started).as_secs_f64();
    rows.push(latency_row(
        format!("Webhook, ordinary messages, Telegram answering in {} ms (fake latency), wrk -t1 -c8", latency.as_millis()),
        &slow,
        format!("{} acknowledged; {} handled", per_sec(slow.ok_rate()), per_sec(done / drain_secs.max(1e-9))),
        st.app.peak_rss_mib(),
        format!("{} acknowledged, {done:.0} handled within {drain_secs:.1} s: updates are handled one at a time, each waiting for its reply", slow.ok),
    ));
    Ok(())
}

/// 2. `/start <token>` for users with pre-issued tokens, then their Confirm presses.
pub async fn webhook_linking(ctx: &Ctx, rows: &mut Vec<Row>) -> anyhow::Result<()> {
    let m = ctx.pick(3000, 600);
    let first = 710_000_000i64;
    let (db, pool) = stage::database(ctx, None).await?;
    let ids = db::run(&pool, move |c| seed::users(c, "s", m, None)).await?;
    let tokens = seed::link_tokens(&pool, ids.clone()).await?;
    let fake = stage::fake(first..first + m as i64).await?;
    let st = stage::start(ctx, "webhook-linking", db, pool, fake, 30).await?;
    let dir = ctx.dir.path();
    let url = format!("{}/telegram/webhook", st.app.base());

    let start_file = ctx.path("start-tokens.txt");
    let lines: Vec<String> = tokens
        .iter()
        .enumerate()
        .map(|(i, t)| format!("{} {t}", first + i as i64))
        .collect();
    std::fs::write(&start_file, lines.join("\n") + "\n")?;
    let started = Instant::now();
    let job = Job {
        url: url.clone(),
        script: Script::Start,
        threads: 2,
        connections: 32,
        duration: Duration::from_secs(300),
        headers: vec![],
        args: vec![
            start_file.to_string_lossy().into(),
            "2".into(),
            "400000000".into(),
            WEBHOOK_SECRET.into(),
        ],
        pace_ms: None,
    };
    let starts = wrk::run(dir, &job).await?;
    let chats: std::collections::HashSet<i64> = (first..first + m as i64).collect();
    let (prompts, _) = stage::wait_sent(&st.fake, m, Duration::from_secs(180), |s| {
        s.reply_markup.is_some() && chats.contains(&s.chat_id)
    })
    .await;
    let prompt_secs = prompts
        .last()
        .map_or(0.0, |p| p.at.duration_since(started).as_secs_f64());
    rows.push(latency_row(
        "Webhook, `/start <token>` (valid tokens, unlinked users)".into(),
        &starts,
        format!(
            "{} acknowledged; {} prompts sent",
            per_sec(starts.ok_rate()),
            per_sec(prompts.len() as f64 / prompt_secs.max(1e-9))
        ),
        st.app.peak_rss_mib(),
        format!(
            "{} of {m} got the Confirm prompt, the last {prompt_secs:.1} s after the first request",
            prompts.len()
        ),
    ));

    let bot = st.fake.bot().id;
    let prompt_of: HashMap<i64, i64> = prompts.iter().map(|p| (p.chat_id, p.message_id)).collect();
    let confirm_file = ctx.path("confirm-tokens.txt");
    let lines: Vec<String> = tokens
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let chat = first + i as i64;
            prompt_of
                .get(&chat)
                .map(|mid| format!("{chat} {t} {mid} {bot}"))
        })
        .collect();
    std::fs::write(&confirm_file, lines.join("\n") + "\n")?;
    let started = Instant::now();
    let job = Job {
        script: Script::Confirm,
        args: vec![
            confirm_file.to_string_lossy().into(),
            "2".into(),
            "500000000".into(),
            WEBHOOK_SECRET.into(),
        ],
        ..job
    };
    let confirms = wrk::run(dir, &job).await?;
    let pool = st.pool.clone();
    let ids_probe = ids.clone();
    let mut linked_at = Instant::now();
    let mut linked = 0;
    let deadline = Instant::now() + Duration::from_secs(180);
    while Instant::now() < deadline {
        let n = seed::count_links_among(&pool, ids_probe.clone()).await?;
        if n != linked {
            linked = n;
            linked_at = Instant::now();
        }
        if n as usize >= lines.len() || linked_at.elapsed() > Duration::from_secs(5) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let link_secs = linked_at.duration_since(started).as_secs_f64();
    rows.push(latency_row(
        "Webhook, Confirm button (links the account)".into(),
        &confirms,
        format!(
            "{} acknowledged; {} linked",
            per_sec(confirms.ok_rate()),
            per_sec(linked as f64 / link_secs.max(1e-9))
        ),
        st.app.peak_rss_mib(),
        format!("{linked} of {m} users linked, the last {link_secs:.1} s after the first press"),
    ));
    Ok(())
}

/// 3 and 4. The Connect page and the notify API, and logins next to a paced /healthz.
pub async fn pages_api_login(ctx: &Ctx, rows: &mut Vec<Row>) -> anyhow::Result<()> {
    let k = 1000usize;
    let first = 720_000_000i64;
    let (db, pool) = stage::database(ctx, None).await?;
    db::run(&pool, move |c| seed::users(c, "n", k, Some(first))).await?;
    seed::account(&pool, seed::MEMBER, false).await?;
    let token = seed::api_token(&pool).await?;
    let fake = stage::fake(first..first + k as i64).await?;
    let st = stage::start(ctx, "pages", db, pool, fake, 30).await?;
    let dir = ctx.dir.path();
    let base = st.app.base();

    let browser = Browser::sign_in(&base, seed::MEMBER, seed::PASSWORD).await?;
    let page = browser.client.get(format!("{base}/connect")).send().await?;
    anyhow::ensure!(
        page.status() == 200,
        "GET /connect answered {}",
        page.status()
    );
    let html = page.text().await?;
    anyhow::ensure!(
        html.contains("t.me/"),
        "the Connect page shows no deep link"
    );
    let cookie = browser.cookie_header()?;
    let get = |path: &str, connections: u32, duration: Duration, pace_ms: Option<u32>| Job {
        url: format!("{base}{path}"),
        script: Script::Get,
        threads: connections.min(2),
        connections,
        duration,
        headers: vec![format!("Cookie: {cookie}")],
        args: vec![],
        pace_ms,
    };
    let connect = wrk::run(dir, &get("/connect", 16, ctx.secs(10, 4), None)).await?;
    rows.push(latency_row(
        "GET /connect, signed in (deep link + QR code)".into(),
        &connect,
        per_sec(connect.ok_rate()),
        st.app.peak_rss_mib(),
        "wrk -t2 -c16; session cookie from a real login".into(),
    ));

    // Logins: argon2id must not starve other requests.
    let healthz = |duration| Job {
        headers: vec![],
        ..get("/healthz", 5, duration, Some(10))
    };
    let idle = wrk::run(dir, &healthz(ctx.secs(5, 3))).await?;
    rows.push(latency_row(
        "GET /healthz paced (5 connections, 10 ms apart), idle".into(),
        &idle,
        per_sec(idle.ok_rate()),
        st.app.peak_rss_mib(),
        "baseline for the next two rows".into(),
    ));
    let forms = login_forms(&base, ctx.pick(3000, 600)).await?;
    let forms_file = ctx.path("login-forms.txt");
    let lines: Vec<String> = forms.iter().map(|(c, t)| format!("{c}\t{t}")).collect();
    std::fs::write(&forms_file, lines.join("\n") + "\n")?;
    let duration = ctx.secs(20, 5);
    let login_job = Job {
        url: format!("{base}/login"),
        script: Script::Login,
        threads: 2,
        connections: 16,
        duration,
        headers: vec![],
        args: vec![
            forms_file.to_string_lossy().into(),
            "2".into(),
            seed::MEMBER.into(),
            seed::PASSWORD.into(),
        ],
        pace_ms: None,
    };
    let busy_job = healthz(duration);
    let (logins, busy) = tokio::join!(wrk::run(dir, &login_job), wrk::run(dir, &busy_job));
    let (logins, busy) = (logins?, busy?);
    let exhausted = if logins.real_sent as usize >= forms.len() {
        " (ran out of prepared forms)"
    } else {
        ""
    };
    rows.push(latency_row(
        "POST /login, valid passwords (argon2id), wrk -c16".into(),
        &logins,
        per_sec(logins.ok_rate()),
        st.app.peak_rss_mib(),
        format!(
            "{} logins answered 303{exhausted}; each with its own anonymous session + CSRF token",
            logins.ok
        ),
    ));
    let verdict = if busy.p99_ms() < 20.0 {
        "meets"
    } else {
        "misses"
    };
    rows.push(latency_row(
        "GET /healthz paced (5 connections, 10 ms apart) during those logins".into(),
        &busy,
        per_sec(busy.ok_rate()),
        st.app.peak_rss_mib(),
        format!(
            "{verdict} the p99 < 20 ms target (idle p99 {})",
            ms(idle.p99_ms())
        ),
    ));

    let notify = Job {
        url: format!("{base}/api/v1/notifications"),
        script: Script::Notify,
        threads: 2,
        connections: 32,
        duration: ctx.secs(10, 4),
        headers: vec![format!("Authorization: Bearer {token}")],
        args: vec!["n".into(), k.to_string(), "2".into()],
        pace_ms: None,
    };
    let notified = wrk::run(dir, &notify).await?;
    rows.push(latency_row(
        "POST /api/v1/notifications (Bearer token, varied users)".into(),
        &notified,
        per_sec(notified.ok_rate()),
        st.app.peak_rss_mib(),
        format!("{} queued (202) for {k} linked users", notified.ok),
    ));
    Ok(())
}

/// 5. One broadcast through the compose form at `rate`, against a fake enforcing that rate.
pub async fn broadcast_rate(
    ctx: &Ctx,
    rows: &mut Vec<Row>,
    rate: u32,
    n: usize,
) -> anyhow::Result<()> {
    let first = 730_000_000i64;
    let (db, pool) = stage::database(ctx, None).await?;
    db::run(&pool, move |c| seed::users(c, "b", n, Some(first))).await?;
    seed::account(&pool, seed::ADMIN, true).await?;
    let fake = stage::fake(first..first + n as i64).await?;
    fake.enforce_rate_limits(rate, 1);
    let st = stage::start(ctx, &format!("broadcast-{rate}"), db, pool, fake, rate).await?;
    let admin = Browser::sign_in(&st.app.base(), seed::ADMIN, seed::PASSWORD).await?;
    let posted = Instant::now();
    let (_, took) = admin.compose(BROADCAST_TEXT).await?;
    let timeout = Duration::from_secs(n as u64 / u64::from(rate) * 3 + 60);
    let (sent, complete) =
        stage::wait_sent(&st.fake, n, timeout, |m| m.text == BROADCAST_TEXT).await;
    let achieved = stage::achieved_rate(&sent);
    let wall = sent
        .last()
        .map_or(0.0, |m| m.at.duration_since(posted).as_secs_f64());
    let incomplete = if complete {
        String::new()
    } else {
        format!(" (stopped waiting after {timeout:?})")
    };
    rows.push(Row {
        scenario: format!("Broadcast at TGLINK_SEND_RATE={rate}, {n} recipients, fake enforcing {rate}/s and 1/s per chat"),
        throughput: format!("{} achieved ({:.1}% of {rate}/s)", per_sec(achieved), achieved / f64::from(rate) * 100.0),
        p50: "–".into(),
        p99: "–".into(),
        errors: format!("{} × 429", st.fake.count_429()),
        rss: rss(st.app.peak_rss_mib()),
        notes: format!(
            "{} of {n} delivered, last {wall:.1} s after the compose POST{incomplete}; compose POST took {}",
            sent.len(),
            ms(took.as_secs_f64() * 1000.0)
        ),
    });
    Ok(())
}

/// 5. The time to enqueue a large broadcast: the compose POST with `n` linked users.
pub async fn enqueue_large(ctx: &Ctx, rows: &mut Vec<Row>, n: usize) -> anyhow::Result<()> {
    let first = 740_000_000i64;
    let (db, pool) = stage::database(ctx, None).await?;
    let seeded = Instant::now();
    db::run(&pool, move |c| seed::users(c, "e", n, Some(first))).await?;
    let seed_secs = seeded.elapsed().as_secs_f64();
    seed::account(&pool, seed::ADMIN, true).await?;
    let fake = stage::fake([]).await?;
    let st = stage::start(ctx, "enqueue", db, pool, fake, 30).await?;
    // Only the enqueue is measured: the worker's sends fail fast and are retried later.
    st.fake.set_outage(Some(Failure::NetworkDrop));
    let admin = Browser::sign_in(&st.app.base(), seed::ADMIN, seed::PASSWORD).await?;
    let (id, took) = admin.compose(BROADCAST_TEXT).await?;
    let state = seed::deliveries_of(&st.pool, id)
        .await
        .context("reading the deliveries")?;
    let queued: i64 = state.by_status.iter().map(|(_, c)| c).sum();
    rows.push(Row {
        scenario: format!("Enqueue a broadcast to {n} recipients (compose POST)"),
        throughput: format!("{} rows/s", per_sec(n as f64 / took.as_secs_f64()).trim_end_matches("/s")),
        p50: ms(took.as_secs_f64() * 1000.0),
        p99: "–".into(),
        errors: if queued as usize == n { "0".into() } else { format!("{queued} of {n} queued") },
        rss: rss(st.app.peak_rss_mib()),
        notes: format!("one POST, INSERT … SELECT in one transaction; {queued} delivery rows (seeding the users took {seed_secs:.1} s)"),
    });
    Ok(())
}
