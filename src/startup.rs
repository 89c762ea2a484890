//! Builds the application from a `Config`: the pool (migrated), the HTTP server bound to its
//! listener, and the background tasks; `run_until_stopped` drives them together.
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_session::SessionMiddleware;
use actix_session::config::{PersistentSession, TtlExtensionPolicy};
use actix_web::cookie::{Key, SameSite, time};
use actix_web::dev::Server;
use actix_web::{App, HttpServer, middleware, web};
use sha2::{Digest, Sha512};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::accounts::session_store::DbSessionStore;
use crate::accounts::sign_ins::SignIns;
use crate::accounts::throttle::Refusals;
use crate::config::Config;
use crate::db::{self, Pool};
use crate::delivery::text::MAX_BODY_BYTES;
use crate::tasks::Tasks;
use crate::web::cookies::{PrivateCookies, cookie_name};

pub struct Application {
    port: u16,
    server: Server,
    pool: Pool,
    tasks: Vec<(&'static str, JoinHandle<anyhow::Result<()>>)>,
    shutdown: CancellationToken,
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        Self::build_with(config, None).await
    }

    /// `build`, with `tglink demo`'s sandbox (its routes, banner and deep links) when given.
    pub async fn build_with(
        mut config: Config,
        sandbox: Option<crate::sandbox::Sandbox>,
    ) -> anyhow::Result<Application> {
        config.demo = sandbox.is_some();
        crate::i18n::set_default(config.default_language);
        let database = config.database.clone();
        let pool = tokio::task::spawn_blocking(move || db::connect(&database)).await??;
        let key = cookie_key(&pool, &config).await?;
        let listener = TcpListener::bind(config.bind).map_err(|e| {
            anyhow::anyhow!(
                "cannot listen on {} ({e}); set TGLINK_BIND to a free address",
                config.bind
            )
        })?;
        let port = listener.local_addr()?.port();
        let config = config.with_bound_port(port);
        crate::accounts::password::warm_up();

        let config = Arc::new(config);
        let shutdown = CancellationToken::new();
        let mut tasks = Tasks::default();
        tasks.add("housekeeping", {
            let pool = pool.clone();
            let every = config.retention.prune_every;
            move |stop| housekeeping(pool, every, stop)
        });

        let telegram = crate::telegram::Telegram::start(
            pool.clone(),
            config.clone(),
            crate::bot::CONVERSATION,
            &mut tasks,
        )
        .await?;
        crate::delivery::start(
            pool.clone(),
            config.clone(),
            telegram.clone(),
            crate::linking::chat_changed,
            &mut tasks,
        )?;
        crate::webhooks::start(pool.clone(), &config, &mut tasks)?;

        let (sign_ins, sign_ins_heard) = SignIns::channel();
        tasks.add("sign-in-alerts", {
            let (telegram, pool) = (telegram.clone(), pool.clone());
            move |stop| crate::signin::alerts::run(sign_ins_heard, telegram, pool, stop)
        });
        let sign_ins = web::Data::new(sign_ins);
        // Registered only when configured: its routes answer 404 without it.
        let telegram_login = crate::signin::oidc::provider(&config)?.map(web::Data::new);
        let login_origin = telegram_login.as_ref().map(|p| p.origin());
        let refusals = web::Data::new(Refusals::new(config.refusal_memory));
        let server = {
            let (pool, config, telegram) = (pool.clone(), config.clone(), telegram.clone());
            HttpServer::new(move || {
                if sandbox.is_some() {
                    crate::sandbox::banner::mark_this_worker();
                }
                let sessions =
                    SessionMiddleware::builder(DbSessionStore::new(pool.clone()), key.clone())
                        .cookie_name(cookie_name("tglink_session", config.secure_cookies()))
                        .cookie_secure(config.secure_cookies())
                        .cookie_http_only(true)
                        .cookie_same_site(SameSite::Lax)
                        .session_lifecycle(
                            PersistentSession::default()
                                .session_ttl(time::Duration::days(
                                    crate::accounts::sessions::IDLE_DAYS,
                                ))
                                .session_ttl_extension_policy(TtlExtensionPolicy::OnEveryRequest),
                        )
                        .build();
                App::new()
                    // Inside the sessions: error pages learn who is signed in.
                    .wrap(middleware::from_fn(crate::accounts::viewer::error_pages))
                    .wrap(middleware::from_fn(
                        crate::accounts::page_language::page_language,
                    ))
                    .wrap(sessions)
                    .wrap(middleware::from_fn(crate::web::request_log::request_log))
                    .wrap(crate::web::headers::security_headers(
                        config.secure_cookies(),
                        login_origin.as_deref(),
                    ))
                    .wrap(middleware::from_fn(crate::web::headers::deny_framing))
                    .wrap(middleware::Condition::new(
                        sandbox.is_some(),
                        middleware::from_fn(crate::sandbox::host_guard::only_bound_host),
                    ))
                    .wrap(middleware::Compress::default())
                    .app_data(web::Data::new(pool.clone()))
                    .app_data(web::Data::from(config.clone()))
                    .app_data(web::Data::new(config.trusted_proxies.clone()))
                    .app_data(refusals.clone())
                    .app_data(sign_ins.clone())
                    .app_data(web::Data::new(PrivateCookies::new(
                        key.clone(),
                        config.secure_cookies(),
                    )))
                    .app_data(web::Data::new(telegram.clone()))
                    .configure(|cfg| {
                        if let Some(provider) = telegram_login.clone() {
                            cfg.app_data(provider);
                        }
                    })
                    .app_data(web::FormConfig::default().limit(MAX_BODY_BYTES))
                    .app_data(web::JsonConfig::default().limit(256 * 1024))
                    .configure(crate::health::routes)
                    .configure(crate::ops::probes::routes)
                    .configure(crate::web::assets::routes)
                    .configure(crate::signin::routes)
                    .configure(crate::account_pages::routes)
                    .configure(crate::telegram::routes)
                    .configure(crate::linking::routes)
                    .configure(crate::admin::routes)
                    .configure(crate::api::routes)
                    .configure(|cfg| crate::sandbox::routes(cfg, sandbox.as_ref()))
                    .default_service(web::to(crate::web::not_found))
            })
            .listen(listener)?
            .shutdown_timeout(10)
            .run()
        };

        let tasks = tasks
            .into_inner()
            .into_iter()
            .map(|(name, task)| (name, tokio::spawn(task(shutdown.child_token()))))
            .collect();
        Ok(Application {
            port,
            server,
            pool,
            tasks,
            shutdown,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn pool(&self) -> Pool {
        self.pool.clone()
    }

    /// Serves until the server stops (SIGINT/SIGTERM, graceful) or a background task fails; then
    /// asks the other tasks to finish their work in hand and waits for them.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let Application {
            server,
            tasks,
            shutdown,
            ..
        } = self;
        let (names, mut handles): (Vec<_>, Vec<_>) = tasks.into_iter().unzip();
        let outcome = if handles.is_empty() {
            server.await.map_err(anyhow::Error::from)
        } else {
            let server_handle = server.handle();
            let any_task = futures_util::future::select_all(handles.iter_mut());
            tokio::select! {
                r = server => r.map_err(anyhow::Error::from),
                (r, i, _) = any_task => {
                    server_handle.stop(true).await;
                    match r {
                        Ok(Ok(())) => Err(anyhow::anyhow!("background task {} stopped", names[i])),
                        Ok(Err(e)) => Err(e.context(format!("background task {} failed", names[i]))),
                        Err(e) => Err(anyhow::anyhow!("background task {} panicked: {e}", names[i])),
                    }
                }
            }
        };
        shutdown.cancel();
        for (name, handle) in names.iter().zip(handles) {
            if handle.is_finished() {
                continue;
            }
            match tokio::time::timeout(Duration::from_secs(30), handle).await {
                Ok(Ok(Err(e))) => {
                    tracing::error!(task = name, error = ?e, "task ended with an error")
                }
                Err(_) => tracing::error!(task = name, "task did not stop within 30 s"),
                _ => {}
            }
        }
        outcome
    }
}

/// The cookie key: from TGLINK_SECRET_KEY, or generated once and kept in the database so restarts
/// and other instances accept the same cookies.
async fn cookie_key(pool: &Pool, config: &Config) -> anyhow::Result<Key> {
    let secret = match &config.secret_key {
        Some(s) => s.clone(),
        None => {
            db::run(pool, |conn| {
                db::settings::get_or_create(conn, "secret_key", || {
                    format!(
                        "{}{}",
                        crate::crypto::random_token(),
                        crate::crypto::random_token()
                    )
                })
            })
            .await?
        }
    };
    Ok(Key::from(&Sha512::digest(secret.as_bytes())))
}

/// Forgets what has served its time, hourly (`Retention::prune_every`): expired sessions, login
/// failures older than the throttling window, handled updates, dead link, sign-in and group
/// tokens, finished login attempts.
async fn housekeeping(pool: Pool, every: Duration, stop: CancellationToken) -> anyhow::Result<()> {
    let mut tick = tokio::time::interval(every);
    loop {
        tokio::select! {
            _ = stop.cancelled() => return Ok(()),
            _ = tick.tick() => {}
        }
        let pruned = db::run(&pool, |conn| {
            let sessions = crate::accounts::session_store::prune_expired(conn)?;
            let failures = crate::accounts::throttle::prune(conn)?;
            let updates = crate::telegram::inbox::prune(conn)?;
            let tokens = crate::linking::link_tokens::prune(conn)?
                + crate::linking::groups::prune(conn)?
                + crate::signin::chat_tokens::prune(conn)?
                + crate::signin::login_attempts::prune(conn)?;
            Ok::<_, anyhow::Error>((sessions, failures, updates, tokens))
        })
        .await;
        match pruned {
            Ok((sessions, failures, updates, tokens)) => {
                tracing::debug!(sessions, failures, updates, tokens, "housekeeping done")
            }
            Err(e) => tracing::warn!(error = %e, "housekeeping failed; will retry"),
        }
    }
}
