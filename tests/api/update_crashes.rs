//! A chat's updates under crashes, with two instances sharing PostgreSQL: three updates queued in
//! one chat, the instance replying to the first killed with SIGKILL mid-reply. The other instance
//! takes the chat over once the dead one's lease runs out, and the chat gets all three answers in
//! order, the first at most twice (once from the dead process, if Telegram had taken it). And an
//! update whose reply takes longer than the lease (a slow Telegram) is never handled by both
//! instances at once: the heartbeat keeps the claim. Read from the fake's record.
use std::time::Duration;

use telegram_fake::FakeTelegram;
use tglink::config::Config;
use tglink::startup::Application;

use crate::binary::Binary;
use crate::db_dump::Raw;
use crate::helpers::{BOT_TOKEN, Intake, TestDb, WAIT, spawn_app_with_telegram_and};

/// Three commands and the start of each answer, in the order they are sent.
const SCRIPT: [(&str, &str); 3] = [
    ("/start not-a-token", "That doesn't look like a link"),
    ("/whoami", "I don't know you yet"),
    ("/help", "I am the bot of"),
];

/// Which command each answer the chat got answers, in the order they arrived.
fn answered(fake: &FakeTelegram, chat: i64) -> Vec<usize> {
    fake.messages_to(chat)
        .iter()
        .map(|m| {
            SCRIPT
                .iter()
                .position(|(_, answer)| m.plain_text.starts_with(answer))
                .unwrap_or_else(|| panic!("an answer to none of the commands: {}", m.plain_text))
        })
        .collect()
}

/// POSTs an update to one instance's webhook, as Telegram would.
async fn post_update(binary: &Binary, secret: &str, update: String) {
    let r = reqwest::Client::new()
        .post(binary.url("/telegram/webhook"))
        .header("content-type", "application/json")
        .header("X-Telegram-Bot-Api-Secret-Token", secret)
        .body(update)
        .send()
        .await
        .expect("POST the webhook");
    assert_eq!(r.status(), 200, "the update is stored");
}

/// Waits until the inbox has no unhandled update (the test's own SQL): nothing can be handled
/// again after that.
async fn all_handled(db: &TestDb) {
    let mut raw = Raw::open(db);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(40);
    loop {
        let open = raw.texts(
            "SELECT CAST(COUNT(*) AS TEXT) AS row FROM processed_updates WHERE handled_at IS NULL",
        );
        if open == ["0"] {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "updates still unhandled: {open:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// `first_reply` is how long Telegram takes with the first answer: within the dead process's
/// lease it lands (the chat gets it from the dead process, then again from the survivor); an hour
/// means it never does.
async fn kill_9_mid_reply(first_reply: Duration) -> Vec<usize> {
    let fake = FakeTelegram::start(BOT_TOKEN)
        .await
        .expect("the fake starts");
    let db = TestDb::postgres();
    let dir = tempfile::tempdir().expect("a temp dir");
    let mut first = Binary::start(&fake, &db, dir.path(), true).await;
    let secret = fake
        .wait_until(WAIT, |f| f.webhook().is_some())
        .await
        .map(|()| fake.webhook().and_then(|w| w.secret_token))
        .expect("the webhook is set")
        .expect("with a secret");
    let chat = 7100;
    let user = fake.add_user(chat, "Alice", None);
    fake.set_latency(first_reply);
    for (text, _) in SCRIPT {
        post_update(&first, &secret, user.message(text).to_string()).await;
    }
    fake.wait_until(WAIT, |f| f.sends_in_flight() == 1)
        .await
        .expect("the first instance is replying to the first update");
    let starting = std::time::Instant::now();
    let second = Binary::start(&fake, &db, dir.path(), true).await;
    assert!(
        fake.messages_to(chat).is_empty() && fake.sends_in_flight() == 1,
        "the first reply is still on its way when its sender dies (the second instance took \
         {:?} to start: a machine this slow cannot run this test)",
        starting.elapsed()
    );
    first.kill9();
    fake.set_latency(Duration::from_millis(100));

    // On PostgreSQL the dead process's lease runs out first (3 s).
    fake.wait_until(Duration::from_secs(40), |f| answered(f, chat).contains(&2))
        .await
        .unwrap_or_else(|e| {
            panic!(
                "every update answered: {e}; got {:?}",
                answered(&fake, chat)
            )
        });
    all_handled(&db).await;
    drop(second);
    answered(&fake, chat)
}

fn assert_in_order_first_at_most_twice(got: &[usize]) {
    let mut once = got.to_vec();
    once.dedup();
    assert_eq!(once, [0, 1, 2], "answered in order: {got:?}");
    let firsts = got.iter().filter(|i| **i == 0).count();
    assert!(firsts <= 2, "the first answered at most twice: {got:?}");
    assert_eq!(got.len(), firsts + 2, "the others answered once: {got:?}");
}

#[tokio::test]
async fn a_chats_updates_survive_a_kill_9_mid_reply_in_order() {
    let got = kill_9_mid_reply(Duration::from_secs(3600)).await;
    assert_in_order_first_at_most_twice(&got);
    assert_eq!(
        got,
        [0, 1, 2],
        "Telegram never took the dead process's reply"
    );
}

#[tokio::test]
async fn a_reply_the_dead_process_got_through_is_sent_again_but_nothing_goes_out_of_order() {
    // Lands 2.5 s after it was sent: after the kill, before the 3 s lease ran out.
    let got = kill_9_mid_reply(Duration::from_millis(2500)).await;
    assert_in_order_first_at_most_twice(&got);
    assert_eq!(
        got,
        [0, 0, 1, 2],
        "the dead process's reply, then the survivor's"
    );
}

/// A second in-process instance on the same database, receiving on its own webhook address.
async fn instance(db_url: &str, fake: &FakeTelegram) -> String {
    let mut config = Config::for_tests(db_url);
    config.bot_token = Some(BOT_TOKEN.into());
    config.telegram_api_url = fake.api_url().parse().expect("URL");
    config.public_url = Some("http://127.0.0.1:0".parse().expect("URL"));
    let other = Application::build(config).await.expect("a second instance");
    let url = format!("http://127.0.0.1:{}/telegram/webhook", other.port());
    tokio::spawn(other.run_until_stopped());
    url
}

#[tokio::test]
async fn a_reply_slower_than_the_lease_is_not_handled_by_both_instances() {
    let pg = TestDb::postgres();
    let pg_url = pg.url().to_string();
    let app = spawn_app_with_telegram_and(Intake::Webhook, |c| {
        c.database = pg_url.parse().expect("PostgreSQL URL");
    })
    .await;
    let fake = app.fake().clone();
    let secret = app.webhook_secret();
    let other = instance(&pg_url, &fake).await;
    // Each reply takes longer than a lease (3 s): only the heartbeat keeps the claim.
    fake.set_latency(Duration::from_millis(3500));
    let chat = 7200;
    let user = fake.add_user(chat, "Bob", None);
    let client = reqwest::Client::new();
    for (i, (text, _)) in SCRIPT.iter().enumerate() {
        let body = user.message(text).to_string();
        let status = if i % 2 == 0 {
            app.post_webhook(Some(&secret), body).await.status()
        } else {
            client
                .post(&other)
                .header("content-type", "application/json")
                .header("X-Telegram-Bot-Api-Secret-Token", &secret)
                .body(body)
                .send()
                .await
                .expect("POST the other instance")
                .status()
        };
        assert_eq!(status, 200);
    }
    fake.wait_until(Duration::from_secs(40), |f| f.messages_to(chat).len() >= 3)
        .await
        .expect("every update answered");
    all_handled(&pg).await;
    fake.wait_until(WAIT, |f| f.sends_in_flight() == 0)
        .await
        .expect("no send left on its way");
    assert_eq!(answered(&fake, chat), [0, 1, 2]);
    assert_eq!(
        fake.max_sends_in_flight_to_one_chat(),
        1,
        "an update was handled by both instances at once"
    );
    assert_eq!(fake.sends_received(), 3, "each update was handled once");
}
