//! `TGLINK_LOG_FORMAT=json`: every line of the real binary's log is one JSON object with the
//! time, level, target, message and fields, request lines carry the request id, and no secret
//! (bot token, password, link token) is in it. Nor is one in the default text log, which has no
//! terminal colours when it goes to a file or the journal.
use serde_json::Value;
use telegram_fake::FakeTelegram;

use crate::binary::Binary;
use crate::helpers::{BOT_TOKEN, Browser, TestDb, WAIT, token_of};

const PASSWORD: &str = "a password to hide";
const WRONG_PASSWORD: &str = "not the password at all";

/// The real binary's log (`TGLINK_LOG_FORMAT=format`, or the default when `None`, with debug for
/// tglink so every request gets a line) over the requests that carry secrets: a sign-up, a failed
/// log-in and linking Telegram. Returns the log and the secrets that went through it.
async fn log_of_secret_requests(format: Option<&str>) -> (String, Vec<String>) {
    let fake = FakeTelegram::start(BOT_TOKEN).await.unwrap();
    let db = TestDb::new();
    let dir = tempfile::tempdir().unwrap();
    let mut binary = Binary::serve(dir.path(), |command, _| {
        command
            .env("DATABASE_URL", db.url())
            .env("TELEGRAM_BOT_TOKEN", BOT_TOKEN)
            .env("TELEGRAM_API_URL", fake.api_url())
            .env("RUST_LOG", "info,tglink=debug")
            .env_remove("TGLINK_LOG_FORMAT");
        if let Some(format) = format {
            command.env("TGLINK_LOG_FORMAT", format);
        }
    })
    .await;
    fake.wait_until(WAIT, |f| !f.calls_to("deleteWebhook").is_empty())
        .await
        .expect("the bot polls");

    let browser = Browser::new(&binary.url(""));
    assert_eq!(browser.sign_up("alice", PASSWORD).await.status(), 303);
    let stranger = Browser::new(&binary.url(""));
    stranger.log_in("alice", WRONG_PASSWORD).await;
    let link = browser.deep_link().await;
    let link_token = token_of(&link);
    let user = fake.add_user(7001, "Alice", None);
    user.open_link(&link).await.expect("open the deep link");
    let prompt = fake
        .wait_for_message_to(7001, WAIT)
        .await
        .expect("a prompt");
    let confirm = prompt
        .callback_data_for("Confirm")
        .expect("a Confirm button");
    user.press_button(&prompt, &confirm)
        .await
        .expect("press Confirm");
    browser.wait_for_link_status(true).await;
    binary.kill9();

    let secrets = [BOT_TOKEN, PASSWORD, WRONG_PASSWORD, &link_token]
        .map(String::from)
        .to_vec();
    (binary.log(), secrets)
}

fn no_secret_in(log: &str, secrets: &[String]) {
    for secret in secrets {
        assert!(!log.contains(secret), "{secret:?} is in the log:\n{log}");
    }
}

#[tokio::test]
async fn json_logs_are_one_object_a_line_with_request_ids_and_no_secrets() {
    let (log, secrets) = log_of_secret_requests(Some("json")).await;
    let mut request_ids = 0;
    let mut lines = 0;
    for line in log.lines().filter(|l| !l.trim().is_empty()) {
        lines += 1;
        let value: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("not one JSON object ({e}): {line}"));
        for key in ["time", "level", "target", "message", "fields"] {
            assert!(value.get(key).is_some(), "no {key}: {line}");
        }
        assert!(value["fields"].is_object(), "{line}");
        chrono::DateTime::parse_from_rfc3339(value["time"].as_str().expect("time")).expect("time");
        if let Some(id) = value.get("request_id") {
            request_ids += 1;
            assert_eq!(id.as_str().map(str::len), Some(16), "{line}");
        }
    }
    assert!(lines > 5, "too few lines to judge: {log}");
    assert!(request_ids > 0, "no line carries a request id: {log}");
    no_secret_in(&log, &secrets);
}

#[tokio::test]
async fn text_logs_are_the_default_and_carry_no_secrets_either() {
    let (log, secrets) = log_of_secret_requests(None).await;
    let lines: Vec<&str> = log.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(lines.len() > 5, "too few lines to judge: {log}");
    assert!(
        lines
            .iter()
            .all(|l| serde_json::from_str::<Value>(l).is_err()),
        "text, not JSON, unless asked: {log}"
    );
    // Not a terminal here (a file, as journald or a collector would be): no colour codes, which
    // make journalctl show each line as "[… blob data]".
    assert!(!log.contains('\u{1b}'), "escape codes in the log: {log:?}");
    no_secret_in(&log, &secrets);
}

#[tokio::test]
async fn an_unknown_log_format_stops_the_start_with_one_line() {
    let out = crate::cli::tglink()
        .args(["migrate"])
        .env("TGLINK_LOG_FORMAT", "xml")
        .env("DATABASE_URL", ":memory:")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("TGLINK_LOG_FORMAT"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}
