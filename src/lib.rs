//! tglink: let a website know its users on Telegram. The crate's map, one line per module:
pub mod accounts; // users, passwords, sessions, CSRF, login/signup/logout, admin guard
pub mod api; // JSON API for other services (notify one user), API tokens
pub mod broadcast; // admin dashboard, broadcasts, the delivery queue and its worker
pub mod cli; // the `tglink` command line: serve, migrate, create-admin
pub mod config; // every setting, validated once
pub mod crypto; // random tokens, hashes, constant-time compares
pub mod db; // pool, backend choice, migrations, schema, settings table
pub mod health; // GET /healthz
pub mod startup; // Application::build -> server + background tasks
pub mod telegram; // bot client, update intake, deep-link tokens, linking; fake Bot API for tests
pub mod web; // rendering, error page, security headers, static files
