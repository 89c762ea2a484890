//! Benchmark: webhook fan-out. Writes EVENTS events into the outbox (spread over SUBSCRIBERS
//! subscribers, so each subscriber's events go in order) for one endpoint whose receiver answers
//! every POST after DELAY_MS, then runs the real sender until all are accepted. Reports events/s.
//!
//! ```text
//! cargo run --release --example webhookbench -- [EVENTS] [SUBSCRIBERS] [DELAY_MS]   # 2000 1000 50
//! DATABASE_URL=postgres://… cargo run --release --example webhookbench              # an empty database
//! ```
//! Without DATABASE_URL it uses a fresh SQLite file in a temp folder. The receiver runs in this
//! process (actix-web, 2 workers).
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use actix_web::{App, HttpResponse, HttpServer, web};
use tglink::config::WebhookTiming;
use tglink::db;
use tglink::webhooks::{endpoints, outbox, sender::Sender};
use tokio_util::sync::CancellationToken;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut arg = |default: u64| -> anyhow::Result<u64> {
        Ok(args
            .next()
            .map(|a| a.parse())
            .transpose()?
            .unwrap_or(default))
    };
    let (events, subscribers, delay_ms) = (arg(2000)?, arg(1000)?.max(1), arg(50)?);
    let dir = tempfile::tempdir()?;
    let url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| dir.path().join("bench.db").to_string_lossy().into_owned());
    let backend = if url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let database = db::Backend::from_url(&url).map_err(anyhow::Error::msg)?;
    let pool = tokio::task::spawn_blocking(move || db::connect(&database)).await??;

    // The receiver: answers 200 after the delay, counts what it got.
    let received = Arc::new(AtomicUsize::new(0));
    let counter = web::Data::from(received.clone());
    let server = HttpServer::new(move || {
        App::new()
            .app_data(counter.clone())
            .default_service(web::to(move |count: web::Data<AtomicUsize>| async move {
                tokio::time::sleep(Duration::from_millis(delay_ms)).await;
                count.fetch_add(1, Ordering::SeqCst);
                HttpResponse::Ok().finish()
            }))
    })
    .workers(2)
    .disable_signals()
    .bind(("127.0.0.1", 0))?;
    let port = server.addrs()[0].port();
    let server = server.run();
    let handle = server.handle();
    tokio::spawn(server);

    let endpoint = url::Url::parse(&format!("http://127.0.0.1:{port}/hooks"))?;
    let setup = Instant::now();
    db::run(&pool, move |conn| {
        let users = tglink::db::seed::linked_users(conn, "sub", subscribers as usize, 1, false)?;
        endpoints::create(conn, &endpoint)?;
        for i in 0..events as usize {
            let user = users[i % users.len()].user_id;
            outbox::link_removed(conn, user, "site", "api")?;
        }
        Ok::<_, anyhow::Error>(())
    })
    .await?;
    let setup = setup.elapsed();

    // The receiver is on this machine.
    let local = tglink::webhooks::destination::Destinations {
        allow_private: true,
    };
    let sender = Sender::new(pool.clone(), WebhookTiming::default(), local)?;
    let stop = CancellationToken::new();
    let started = Instant::now();
    let running = tokio::spawn(sender.run(stop.clone()));
    let deadline = Instant::now() + Duration::from_secs(600);
    while received.load(Ordering::SeqCst) < events as usize {
        anyhow::ensure!(
            Instant::now() < deadline,
            "not all events arrived in 10 minutes"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let wall = started.elapsed();
    stop.cancel();
    running.await??;
    handle.stop(false).await;

    println!("backend              {backend}");
    println!("events               {events} over {subscribers} subscribers");
    println!("receiver delay       {delay_ms} ms per POST");
    println!(
        "outbox writes        {:.2} s (with the users)",
        setup.as_secs_f64()
    );
    println!(
        "delivered            {:.2} s, {:.0} events/s",
        wall.as_secs_f64(),
        events as f64 / wall.as_secs_f64()
    );
    Ok(())
}
