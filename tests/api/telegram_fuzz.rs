//! The webhook under arbitrary input: whatever arrives with the right secret is acknowledged
//! with 200, never a 5xx; mangled real updates (each with a fresh update_id, so none is dropped
//! as a duplicate) reach the handlers, every one of them is handled, and the bot keeps answering.
//! Inputs come from proptest.
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;
use telegram_fake::updates;

use crate::helpers::{Intake, WAIT, spawn_app_with_telegram};

/// Arbitrary JSON, with a bias to the shapes Telegram sends.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,20}".prop_map(Value::from),
        "/(start|stop|whoami|help)( [A-Za-z0-9_-]{0,50})?".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        let keys = prop_oneof![
            Just("update_id".to_string()),
            Just("message".to_string()),
            Just("callback_query".to_string()),
            Just("my_chat_member".to_string()),
            Just("chat".to_string()),
            Just("from".to_string()),
            Just("id".to_string()),
            Just("text".to_string()),
            Just("data".to_string()),
            "[a-z_]{1,12}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::btree_map(keys, inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A real update with one field (other than its id) replaced by arbitrary JSON.
fn mangled_update(real: Vec<Value>) -> impl Strategy<Value = Value> {
    (0..real.len(), any::<prop::sample::Index>(), json_value()).prop_map(
        move |(i, at, replacement)| {
            let mut update = real[i].clone();
            let mut paths = Vec::new();
            collect_paths(&update, String::new(), &mut paths);
            paths.retain(|p| !p.is_empty() && p != "/update_id");
            let path = &paths[at.index(paths.len())];
            if let Some(slot) = update.pointer_mut(path) {
                *slot = replacement;
            }
            update
        },
    )
}

fn collect_paths(value: &Value, here: String, out: &mut Vec<String>) {
    out.push(here.clone());
    match value {
        Value::Object(map) => map
            .iter()
            .for_each(|(k, v)| collect_paths(v, format!("{here}/{k}"), out)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| collect_paths(v, format!("{here}/{i}"), out)),
        _ => {}
    }
}

#[derive(Debug, Clone)]
enum Case {
    Junk(Value),
    Mangled(Value),
    Bytes(Vec<u8>),
}

#[tokio::test]
async fn the_webhook_never_fails_on_arbitrary_input() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let secret = app.webhook_secret();
    let fake = app.fake();
    let user = fake.add_user(111, "Alice", Some("alice"));
    let prompt_like = updates::text_message(
        1,
        &fake.bot(),
        user.person().private_chat_json(),
        0,
        "x",
        vec![],
    );
    let real = vec![
        user.message("/start abc"),
        user.message(&format!("/start {}", "A".repeat(43))),
        updates::callback_query_update(
            1,
            "q",
            &user.person(),
            prompt_like,
            &format!("link:{}", "A".repeat(43)),
        ),
        updates::my_chat_member_update(2, &user.person(), &fake.bot(), 0, "member", "kicked"),
    ];
    let strategy = prop_oneof![
        1 => json_value().prop_map(Case::Junk),
        2 => mangled_update(real).prop_map(Case::Mangled),
        1 => prop::collection::vec(any::<u8>(), 0..2048).prop_map(Case::Bytes),
    ];
    // 300 cases unless PROPTEST_CASES asks for another number (the benchmark script runs more).
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300);
    let mut runner = TestRunner::new(Config::default());
    let mut mangled = Vec::new();
    for n in 0..cases {
        let body = match strategy.new_tree(&mut runner).expect("a case").current() {
            Case::Junk(v) => v.to_string().into_bytes(),
            Case::Bytes(b) => b,
            Case::Mangled(mut update) => {
                // A fresh id, as Telegram gives every update, so it is not a duplicate.
                let id = 900_000_000 + n as i64;
                update["update_id"] = id.into();
                mangled.push(id);
                update.to_string().into_bytes()
            }
        };
        let r = app.post_webhook(Some(&secret), body.clone()).await;
        assert_eq!(r.status(), 200, "{}", String::from_utf8_lossy(&body));
    }
    // The mangled updates reached the inbox (those that still parse as an update), and every
    // stored update gets handled: none is left behind, none wedges its chat.
    let inbox = |ids: Vec<i64>| async {
        use diesel::prelude::*;
        use tglink::db::schema::processed_updates as p;
        tglink::db::run(&app.pool, move |conn| {
            let stored: i64 = p::table
                .filter(p::update_id.eq_any(&ids))
                .count()
                .get_result(conn)?;
            let open: i64 = p::table
                .filter(p::handled_at.is_null())
                .count()
                .get_result(conn)?;
            Ok::<_, anyhow::Error>((stored, open))
        })
        .await
        .expect("read the inbox")
    };
    let (stored, _) = inbox(mangled.clone()).await;
    assert!(
        stored * 2 >= mangled.len() as i64,
        "only {stored} of {} mangled updates reached the inbox",
        mangled.len()
    );
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(120);
    while inbox(Vec::new()).await.1 > 0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "updates left unhandled"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    // The processing task survived whatever it was given.
    let probe = fake.add_user(222, "Probe", None);
    probe.send_text("/help").await.unwrap();
    app.fake()
        .wait_until(WAIT, |f| !f.messages_to(222).is_empty())
        .await
        .expect("the bot still answers");
    assert!(!app.server.is_finished(), "the app is still running");
}
