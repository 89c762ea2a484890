//! Deleting an account erases the member: after `/account/delete`, a dump of every table (each
//! row as text, read with the test's own SQL) names neither the site username nor the Telegram
//! account (id, @username, first name), though the member had a link, sessions, webhook events,
//! Telegram sign-in attempts, failed logins and deliveries. Counts stay. And the placeholder a
//! deleted account gets is a name no sign-up can take.
use std::time::Duration;

use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text};

use crate::broadcast_support::{enqueue, sign_in_admin, user_id, wait_until_drained};
use crate::external_subscribers::{app as fast_webhook_app, register};
use crate::helpers::{Browser, TestApp, TestDb, WAIT, csrf_from, deep_link_from};
use crate::webhook_receiver::Receiver;

const PASSWORD: &str = "correct horse battery";
const SITE_NAME: &str = "Erasable_Zed";
const TG_ID: i64 = 731_554_219;
const TG_USERNAME: &str = "zeb_on_tg";
const TG_FIRST_NAME: &str = "Zebulonia";

#[derive(QueryableByName)]
struct Text1 {
    #[diesel(sql_type = Nullable<Text>)]
    text: Option<String>,
}

/// Every row of every table as text, one table after another (lowercased).
pub async fn dump_every_table(db: &TestDb) -> String {
    let url = db.url().to_string();
    let postgres = matches!(db, TestDb::Postgres { .. });
    tokio::task::spawn_blocking(move || {
        let mut dump = String::new();
        if postgres {
            let mut conn = diesel::PgConnection::establish(&url).expect("connect");
            let tables: Vec<Text1> = diesel::sql_query(
                "SELECT tablename AS text FROM pg_tables WHERE schemaname = 'public'",
            )
            .load(&mut conn)
            .expect("tables");
            for table in tables.into_iter().filter_map(|t| t.text) {
                let rows: Vec<Text1> =
                    diesel::sql_query(format!("SELECT t::text AS text FROM \"{table}\" t"))
                        .load(&mut conn)
                        .expect("rows");
                push_rows(&mut dump, &table, rows);
            }
        } else {
            let mut conn = diesel::SqliteConnection::establish(&url).expect("connect");
            let tables: Vec<Text1> =
                diesel::sql_query("SELECT name AS text FROM sqlite_master WHERE type = 'table'")
                    .load(&mut conn)
                    .expect("tables");
            for table in tables.into_iter().filter_map(|t| t.text) {
                let columns: Vec<Text1> = diesel::sql_query(format!(
                    "SELECT name AS text FROM pragma_table_info('{table}')"
                ))
                .load(&mut conn)
                .expect("columns");
                let row = columns
                    .iter()
                    .filter_map(|c| c.text.as_deref())
                    .map(|c| format!("quote(\"{c}\")"))
                    .collect::<Vec<_>>()
                    .join(" || ',' || ");
                let rows: Vec<Text1> =
                    diesel::sql_query(format!("SELECT {row} AS text FROM \"{table}\""))
                        .load(&mut conn)
                        .expect("rows");
                push_rows(&mut dump, &table, rows);
            }
        }
        dump.to_lowercase()
    })
    .await
    .expect("the dump")
}

fn push_rows(dump: &mut String, table: &str, rows: Vec<Text1>) {
    for row in rows {
        dump.push_str(table);
        dump.push_str(": ");
        dump.push_str(row.text.as_deref().unwrap_or("NULL"));
        dump.push('\n');
    }
}

/// The lines of `dump` that contain `needle` (lowercase).
fn lines_with<'a>(dump: &'a str, needle: &str) -> Vec<&'a str> {
    dump.lines().filter(|l| l.contains(needle)).collect()
}

/// Starts "Sign in with Telegram" in `browser` and has the member's chat open the deep link and
/// approve it: a finished attempt that recorded the @username, name, address and browser.
async fn sign_in_with_telegram(app: &TestApp, browser: &Browser, tg: &telegram_fake::FakeUser) {
    let login = browser.get_html("/login").await;
    let r = browser
        .post_form(
            "/login/telegram",
            &[("csrf_token", &csrf_from(&login)), ("next", "/account")],
        )
        .await;
    assert_eq!(r.status(), 303, "start the attempt");
    let html = browser.get_html("/login/telegram").await;
    let link = deep_link_from(&html).expect("the waiting page's deep link");
    tg.open_link(&link).await.expect("open the login link");
    let question = loop {
        let m = app.next_message_to(TG_ID).await;
        if m.plain_text.starts_with("Sign in to") {
            break m;
        }
    };
    let approve = question.callback_data_for("Approve").expect("Approve");
    tg.press_button(&question, &approve).await.expect("press");
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let status: serde_json::Value = browser
            .get("/login/telegram/status")
            .await
            .json()
            .await
            .expect("status JSON");
        if status["state"] == "signed_in" {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "stayed {status}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn delete_account(browser: &Browser) -> reqwest::Response {
    browser
        .submit(
            "/account/delete",
            "/account/delete",
            &[("password", PASSWORD)],
        )
        .await
}

#[tokio::test]
async fn a_deleted_member_leaves_no_row_that_names_them() {
    let app = fast_webhook_app().await;
    let receiver = Receiver::start().await;
    register(&app, &receiver).await;
    let admin = sign_in_admin(&app).await;

    let laptop = app.signed_up(SITE_NAME).await;
    let tg = app
        .link_telegram(&laptop, TG_ID, TG_FIRST_NAME, Some(TG_USERNAME))
        .await;
    // A failed login (the throttle's record), a second session, and a Telegram sign-in.
    let stranger = app.new_browser();
    assert_eq!(
        stranger
            .log_in(SITE_NAME, "not the password")
            .await
            .status(),
        401
    );
    let phone = app.new_browser();
    assert_eq!(phone.log_in(SITE_NAME, PASSWORD).await.status(), 303);
    sign_in_with_telegram(&app, &app.new_browser(), &tg).await;
    // A broadcast delivered to the member's chat.
    enqueue(
        &app.pool,
        admin,
        "Hello everyone",
        tglink::delivery::text::Format::Plain,
        tglink::delivery::store::Audience::All,
    )
    .await;
    wait_until_drained(&app.pool, WAIT).await;
    // The link.created event reached the site, its attempt recorded.
    receiver.wait_for_accepted(1, WAIT).await;

    let before = dump_every_table(&app.db).await;
    for needle in [
        SITE_NAME.to_lowercase(),
        TG_ID.to_string(),
        TG_USERNAME.into(),
        TG_FIRST_NAME.to_lowercase(),
    ] {
        assert!(before.contains(&needle), "the setup stored {needle}");
    }

    let r = delete_account(&laptop).await;
    assert_eq!(r.status(), 200);
    let after = dump_every_table(&app.db).await;
    let left: Vec<String> = [
        SITE_NAME.to_lowercase(),
        TG_ID.to_string(),
        TG_USERNAME.into(),
        TG_FIRST_NAME.to_lowercase(),
    ]
    .iter()
    .flat_map(|needle| {
        lines_with(&after, needle)
            .into_iter()
            .map(move |line| format!("{needle}: {line}"))
    })
    .collect();
    assert!(left.is_empty(), "still named:\n{}", left.join("\n"));

    // Counts stay: the account row, its link history and its delivery.
    use tglink::db::schema::{deliveries, link_events, users};
    let (accounts, events, delivered): (i64, i64, i64) = tglink::db::run(&app.pool, |conn| {
        Ok::<_, anyhow::Error>((
            users::table.count().get_result(conn)?,
            link_events::table.count().get_result(conn)?,
            deliveries::table.count().get_result(conn)?,
        ))
    })
    .await
    .unwrap();
    assert_eq!(accounts, 2, "boss and the deleted account");
    assert!(events >= 2, "linked and unlinked are still counted");
    assert_eq!(delivered, 1, "the broadcast's delivery is still counted");
    let users_page = app.get_html("/admin/users").await;
    assert!(users_page.contains("deleted account"), "{users_page}");
}

#[tokio::test]
async fn a_name_like_the_placeholder_neither_blocks_a_deletion_nor_can_be_taken() {
    let app = crate::helpers::spawn_app().await;
    let leaver = app.signed_up("leaver").await;
    let id = user_id(&app.pool, "leaver").await;
    // Yesterday's placeholder is an ordinary name anyone may take.
    app.signed_up(&format!("deleted-{id}")).await;
    let r = delete_account(&leaver).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap_or_default());

    // Today's placeholder cannot be signed up for, in any spelling.
    use tglink::db::schema::users;
    let shown: String = tglink::db::run(&app.pool, move |conn| {
        users::table
            .find(id)
            .select(users::username)
            .first::<String>(conn)
    })
    .await
    .unwrap();
    assert_ne!(shown, "leaver");
    for name in [shown.clone(), shown.to_uppercase()] {
        let r = app.new_browser().sign_up(&name, PASSWORD).await;
        assert_eq!(r.status(), 422, "{name} must be refused");
    }
    // Nor does it sign in.
    assert_eq!(
        app.new_browser().log_in(&shown, "!deleted").await.status(),
        401
    );
    assert_eq!(
        app.new_browser().log_in(&shown, PASSWORD).await.status(),
        401
    );
}
