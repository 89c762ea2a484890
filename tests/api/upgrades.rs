//! Upgrades with data: a database at the schema of an older release (the migrations applied one
//! by one with diesel_migrations' API), realistic rows inserted with SQL, then the app started on
//! it (it runs the rest of the migrations): members sign in, a pending delivery goes out, an update
//! waiting in the inbox is answered. And every migration is run down and up again.
use diesel::migration::MigrationSource;
use diesel_migrations::{FileBasedMigrations, MigrationHarness};

use crate::db_dump::Raw;
use crate::helpers::{BOT_TOKEN, Browser, TestDb, WAIT};

const PW: &str = "correct horse battery";

fn folder(raw: &Raw) -> std::path::PathBuf {
    let backend = if raw.is_pg() { "postgres" } else { "sqlite" };
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(backend)
}

/// Applies the migrations whose folder name sorts at or before `…_{upto}`, in order.
fn migrate_to(raw: &mut Raw, upto: &str) {
    let source = FileBasedMigrations::from_path(folder(raw)).expect("the migrations folder");
    macro_rules! apply {
        ($c:expr, $backend:ty) => {{
            let mut all = MigrationSource::<$backend>::migrations(&source).expect("migrations");
            all.sort_by_key(|m| m.name().version().to_string());
            diesel::migration::MigrationConnection::setup($c).expect("the migrations table");
            for m in all {
                if m.name().version().to_string().as_str() <= upto {
                    $c.run_migration(&*m).expect("an old migration applies");
                }
            }
        }};
    }
    match raw {
        Raw::Sqlite(c) => apply!(c, diesel::sqlite::Sqlite),
        Raw::Pg(c) => apply!(c, diesel::pg::Pg),
    }
}

/// Every migration up, then every one down (newest first), then all up again.
fn down_and_up(raw: &mut Raw) -> usize {
    let source = FileBasedMigrations::from_path(folder(raw)).expect("the migrations folder");
    macro_rules! cycle {
        ($c:expr) => {{
            let n = $c.run_pending_migrations(source.clone()).expect("up").len();
            for _ in 0..n {
                $c.revert_last_migration(source.clone()).expect("down");
            }
            assert!($c.applied_migrations().expect("applied").is_empty());
            $c.run_pending_migrations(source.clone()).expect("up again");
            n
        }};
    }
    match raw {
        Raw::Sqlite(c) => cycle!(c),
        Raw::Pg(c) => cycle!(c),
    }
}

fn argon2_hash(password: &str) -> String {
    use argon2::password_hash::{PasswordHasher, SaltString, rand_core::OsRng};
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &SaltString::generate(&mut OsRng))
        .expect("hash")
        .to_string()
}

#[tokio::test]
async fn every_migration_runs_down_and_up_again() {
    let db = TestDb::new();
    let mut raw = Raw::open(&db);
    let n = down_and_up(&mut raw);
    assert!(n >= 10, "only {n} migrations");
    let tables = raw.tables();
    assert!(tables.iter().any(|t| t == "deliveries"), "{tables:?}");
}

#[tokio::test]
async fn a_database_from_release_000005_upgrades_with_its_members_queue_and_inbox() {
    upgrade_from("20261125000005").await;
}

#[tokio::test]
async fn a_database_from_release_000015_upgrades_with_its_members_queue_and_inbox() {
    upgrade_from("20261130000015").await;
}

async fn upgrade_from(version: &str) {
    let db = TestDb::new();
    let mut raw = Raw::open(&db);
    migrate_to(&mut raw, version);
    let (now, soon) = if raw.is_pg() {
        ("now()", "now() - interval '1 second'")
    } else {
        ("datetime('now')", "datetime('now', '-1 second')")
    };
    let hash = argon2_hash(PW);
    raw.execute(&format!(
        "INSERT INTO users (username, username_lower, password_hash, is_admin, created_at) \
         VALUES ('Alice', 'alice', '{hash}', {t}, {now}), ('bob', 'bob', '{hash}', {f}, {now})",
        t = if raw.is_pg() { "true" } else { "1" },
        f = if raw.is_pg() { "false" } else { "0" },
    ));
    raw.execute(&format!(
        "INSERT INTO telegram_links (user_id, telegram_user_id, chat_id, telegram_name, linked_at) \
         VALUES (2, 7002, 7002, 'Bob', {now})"
    ));
    raw.execute(&format!(
        "INSERT INTO messages (kind, author_id, text, format, audience, recipients, created_at) \
         VALUES ('broadcast', 1, 'Sent before the upgrade', 'plain', 'all', 1, {now}), \
                ('broadcast', 1, 'Queued before the upgrade', 'plain', 'all', 1, {now})"
    ));
    raw.execute(&format!(
        "INSERT INTO deliveries (message_id, user_id, chat_id, status, attempts, next_attempt_at, \
                                 telegram_message_id, updated_at) \
         VALUES (1, 2, 7002, 'sent', 1, {now}, 41, {now}), \
                (2, 2, 7002, 'pending', 0, {soon}, NULL, {now})"
    ));
    let update = serde_json::json!({"update_id": 900, "message": {"message_id": 5, "date": 1,
        "chat": {"id": 7002, "type": "private", "first_name": "Bob"},
        "from": {"id": 7002, "is_bot": false, "first_name": "Bob"}, "text": "/whoami"}});
    // From 000006 on, an update belongs to its chat's lane.
    let (lane, in_lane) = if version >= "20261130000006" {
        (", lane", ", 7002")
    } else {
        ("", "")
    };
    raw.execute(&format!(
        "INSERT INTO processed_updates (update_id, received_at, payload{lane}) \
         VALUES (900, {now}, '{update}'{in_lane})"
    ));

    let fake = telegram_fake::FakeTelegram::start(BOT_TOKEN)
        .await
        .expect("the fake Bot API");
    fake.add_user(7002, "Bob", None);
    let mut config = tglink::config::Config::for_tests(db.url());
    config.bot_token = Some(BOT_TOKEN.into());
    config.telegram_api_url = url::Url::parse(&fake.api_url()).expect("the fake's URL");
    let app = tglink::startup::Application::build(config)
        .await
        .expect("the app migrates and starts on the old database");
    let address = format!("http://127.0.0.1:{}", app.port());
    let server = tokio::spawn(app.run_until_stopped());

    let browser = Browser::new(&address);
    assert_eq!(
        browser.log_in("alice", PW).await.status(),
        303,
        "Alice signs in"
    );
    assert_eq!(browser.get("/admin").await.status(), 200, "still an admin");
    let queued = fake
        .wait_for_message_to(7002, WAIT)
        .await
        .expect("something reaches Bob");
    let mut texts = vec![queued.plain_text];
    texts.push(
        fake.wait_for_message_to(7002, WAIT)
            .await
            .expect("a second message reaches Bob")
            .plain_text,
    );
    assert!(
        texts.iter().any(|t| t == "Queued before the upgrade"),
        "the pending delivery went out: {texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("alice") || t.contains("bob")),
        "the update in the inbox was answered: {texts:?}"
    );
    assert!(
        !texts.iter().any(|t| t == "Sent before the upgrade"),
        "nothing sent twice: {texts:?}"
    );
    // The send reached Telegram; its outcome is recorded just after.
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let statuses = raw.texts("SELECT status AS row FROM deliveries ORDER BY id");
        if statuses == ["sent", "sent"] {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "deliveries: {statuses:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    server.abort();
    drop(db);
}
