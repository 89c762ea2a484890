//! The wire, where teloxide would hide it: method names, tokens, request bodies, server errors,
//! and the server stopping with its last handle.

use std::time::Duration;

use serde_json::{Value, json};
use telegram_fake::{Failure, FakeTelegram};

use crate::helpers::{TOKEN, http, start};

#[tokio::test]
async fn raw_http_names_tokens_and_bodies() {
    let (fake, _bot) = start().await;
    fake.add_user(1001, "Alice", None);
    let base = fake.api_url();
    let client = http();

    for method in ["getMe", "getme", "GETME", "GetMe"] {
        let r = client
            .get(format!("{base}/bot{TOKEN}/{method}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{method}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["ok"], true);
        assert_eq!(body["result"]["username"], "tglink_test_bot");
    }
    let encoded = TOKEN.replace(':', "%3A");
    let r = client
        .post(format!("{base}/bot{encoded}/getMe"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    let r = client
        .get(format!("{base}/bot999:wrong/getMe"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        body,
        json!({"ok": false, "error_code": 401, "description": "Unauthorized"})
    );

    let r = client
        .get(format!("{base}/bot{TOKEN}/noSuchMethod"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["description"], "Not Found: method not found");

    // urlencoded, and query-string parameters
    let r = client
        .post(format!("{base}/bot{TOKEN}/sendMessage"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("chat_id=1001&text=hi%20there&reply_markup=%7B%22inline_keyboard%22%3A%5B%5B%7B%22text%22%3A%22A%22%2C%22callback_data%22%3A%22a%22%7D%5D%5D%7D")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["result"]["text"], "hi there");
    assert_eq!(
        body["result"]["reply_markup"]["inline_keyboard"][0][0]["callback_data"],
        "a"
    );
    let r = client
        .get(format!("{base}/bot{TOKEN}/sendMessage?chat_id=1001&text=q"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    // junk never panics the fake: always a JSON 400
    let junk: [(&str, &[u8]); 5] = [
        ("application/json", b"{not json"),
        ("application/json", b"[1,2]"),
        ("multipart/form-data; boundary=xyz", b"--xyz\r\ngarbage"),
        ("multipart/form-data", b"no boundary at all"),
        ("application/x-www-form-urlencoded", b"\xff\xfe=\xff"),
    ];
    for (content_type, body) in junk {
        let r = client
            .post(format!("{base}/bot{TOKEN}/sendMessage"))
            .header("content-type", content_type)
            .body(body.to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{content_type}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["ok"], false);
        assert_eq!(body["error_code"], 400);
    }
    let r = client
        .post(format!("{base}/bot{TOKEN}/sendMessage"))
        .json(&json!({"chat_id": "not a number", "text": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = client
        .post(format!("{base}/bot{TOKEN}/getUpdates"))
        .json(&json!({"offset": "abc"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);

    // Still alive after all that.
    let r = client
        .get(format!("{base}/bot{TOKEN}/getMe"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

/// teloxide-core sleeps 10 s after a 5xx, so server errors are checked over raw HTTP.
#[tokio::test]
async fn down_answers_502_and_server_errors_are_json() {
    let (fake, _bot) = start().await;
    let base = fake.api_url();
    let client = http();
    fake.set_down(true);
    let r = client
        .get(format!("{base}/bot{TOKEN}/getMe"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 502);
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        body,
        json!({"ok": false, "error_code": 502, "description": "Bad Gateway"})
    );
    fake.set_down(false);

    fake.fail_next("getMe", None, 1, Failure::ServerError(500));
    let r = client
        .get(format!("{base}/bot{TOKEN}/getMe"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 500);
    let r = client
        .get(format!("{base}/bot{TOKEN}/getMe"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    fake.set_outage(Some(Failure::NetworkDrop));
    assert!(
        client
            .get(format!("{base}/bot{TOKEN}/getMe"))
            .send()
            .await
            .is_err()
    );
    fake.set_outage(None);
}

#[tokio::test]
async fn server_stops_when_the_last_handle_drops() {
    let fake = FakeTelegram::start(TOKEN).await.unwrap();
    let url = format!("{}/bot{TOKEN}/getMe", fake.api_url());
    let copy = fake.clone();
    drop(fake);
    assert_eq!(
        http().get(&url).send().await.unwrap().status(),
        200,
        "a clone keeps it up"
    );
    drop(copy);
    let mut stopped = false;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        if http().get(&url).send().await.is_err() {
            stopped = true;
            break;
        }
    }
    assert!(stopped);
}
