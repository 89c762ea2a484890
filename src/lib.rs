//! tglink: let a website know its users on Telegram. The crate's map, one line per module:
pub mod account_pages; // the member's own pages: /account, password, sessions, notifications, delete
pub mod accounts; // users, passwords, sessions, CSRF, throttling, erasure, member and admin guards (no pages)
pub mod admin; // every /admin page: overview, compose, history, recipients, API tokens, users, audit
pub mod api; // JSON API for other services (notify one user), API tokens
pub mod bot; // the bot's conversation: commands, button presses, replies, settings, group commands
pub mod buttons; // the buttons under the site's messages and what each carries back
pub mod cli; // the `tglink` command line: serve, migrate, create-admin, create-api-token
pub mod config; // every setting, parsed and validated once into `Config`
pub mod crypto; // random tokens, hashes, constant-time compares
pub mod db; // backend (parsed once), pool, migrations, schema, settings table, seeding
pub mod delivery; // the outgoing side: queue, worker, pacing, outcomes, queue health
pub mod demo; // the `tglink demo` command: refuse a real token, start the fake and the app, seed
pub mod health; // GET /healthz and GET /metrics
pub mod i18n; // the languages tglink speaks, and how a tag becomes one of them
pub mod linking; // link tokens, linking, links and their end, Connect page, groups, widget
pub mod metrics; // the metrics registry: counters and histograms, rendered for Prometheus
pub mod ops; // production: backup, /livez and /readyz, healthcheck, log format, traces, systemd
pub mod sandbox; // tglink demo: the emulated Telegram, the /sandbox chat page and its JSON API
pub mod signin; // every way in: password, Telegram approval, one-time links, OpenID Connect
pub mod startup; // Application::build -> bound server + supervised background tasks
pub mod tasks; // the background task type, its list, and the shared backoff
pub mod telegram; // the transport: client, send budget, intake, inbox, dispatcher, setup, HTML
pub mod topics; // what a message is about; members' choices of what they receive
pub mod web; // rendering, page errors, formatting, CSRF-only form, headers, request log, assets
pub mod webhooks; // signed outgoing webhooks: outbox, sender, endpoints, signatures
