//! `tglink demo` and its sandbox: the JSON API that plays simulated Telegram users, driven over
//! HTTP against a demo started in-process (on the suite's backend), and the binary's command.
use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};
use tglink::demo::{Demo, DemoArgs};

use crate::broadcast_support::broadcast_id;
use crate::helpers::{Browser, Intake, TestDb, WAIT, location, spawn_app_with_telegram, token_of};

/// A demo serving in this test, on a fresh database of the suite's backend.
struct DemoApp {
    base: String,
    admin_password: String,
    api: reqwest::Client,
    _db: TestDb,
}

async fn start_demo() -> DemoApp {
    let db = TestDb::new();
    let demo = Demo::start(DemoArgs {
        bind: "127.0.0.1:0".into(),
        database: db.backend(),
        fresh: false,
        telegram_limits: false,
    })
    .await
    .expect("the demo starts");
    let base = demo.url.trim_end_matches('/').to_string();
    let admin_password = demo.admin_password.clone();
    tokio::spawn(demo.run_until_stopped());
    DemoApp {
        base,
        admin_password,
        api: reqwest::Client::new(),
        _db: db,
    }
}

impl DemoApp {
    async fn get(&self, path: &str) -> (u16, Value) {
        let r = self
            .api
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("GET");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn post(&self, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self.api.post(format!("{}{path}", self.base));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let r = request.send().await.expect("POST");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// The user's chat, waiting until `wanted` finds a message in it.
    async fn wait_for_message(&self, user: i64, wanted: impl Fn(&Value) -> bool) -> Value {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let (status, chat) = self
                .get(&format!("/sandbox/api/users/{user}/messages"))
                .await;
            assert_eq!(status, 200, "{chat}");
            if let Some(m) = chat["messages"]
                .as_array()
                .and_then(|ms| ms.iter().find(|m| wanted(m)))
            {
                return m.clone();
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "no such message in the chat of {user}: {chat:#}"
            );
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
    }
}

fn has_button(message: &Value, label: &str) -> bool {
    message["buttons"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().into_iter().flatten())
        .any(|b| b["text"] == label)
}

/// The Connect page's "Open in Telegram" link.
fn open_link_from(html: &str) -> String {
    let marker = "id=\"deep-link\" class=\"button button-large\" href=\"";
    let start = html.find(marker).expect("an Open in Telegram button") + marker.len();
    let end = html[start..].find('"').expect("closing quote") + start;
    html[start..end]
        .replace("&#x3d;", "=")
        .replace("&#61;", "=")
}

#[tokio::test]
async fn a_member_links_in_the_sandbox_gets_a_broadcast_and_blocking_unlinks() {
    let demo = start_demo().await;
    let (status, zoe) = demo
        .post(
            "/sandbox/api/users",
            Some(json!({ "id": 4242, "username": "zoe_tg", "first_name": "Zoe" })),
        )
        .await;
    assert_eq!(status, 201, "{zoe}");
    assert_eq!(zoe["id"], 4242);

    // Sign up and open Connect: in a demo its link leads to the sandbox chat, not to t.me.
    let member = Browser::new(&demo.base);
    assert_eq!(
        member
            .sign_up("zoe", "a long enough password")
            .await
            .status(),
        303
    );
    let connect = member.get_html("/connect").await;
    assert!(connect.contains("Sandbox: no real Telegram"), "{connect}");
    assert!(!connect.contains("https://t.me/"), "{connect}");
    let link = open_link_from(&connect);
    assert!(
        link.starts_with(&format!("{}/sandbox?start=", demo.base)),
        "{link}"
    );
    let page = member.get(&link.replacen(&demo.base, "", 1)).await;
    assert_eq!(page.status(), 200);

    // What the chat page's START button does: /start <token> as the chosen user.
    let start = format!("/start {}", token_of(&link));
    let (status, sent) = demo
        .post(
            "/sandbox/api/users/4242/messages",
            Some(json!({ "text": start })),
        )
        .await;
    assert_eq!(status, 202, "{sent}");
    let question = demo
        .wait_for_message(4242, |m| m["from"] == "bot" && has_button(m, "Confirm"))
        .await;
    assert!(
        question["text"].as_str().unwrap_or("").contains("zoe"),
        "{question}"
    );
    let (status, pressed) = demo
        .post(
            "/sandbox/api/users/4242/press",
            Some(json!({ "button": "Confirm" })),
        )
        .await;
    assert_eq!(status, 202, "{pressed}");
    let linked = member.wait_for_link_status(true).await;
    assert_eq!(linked["telegram"], "@zoe_tg");

    // The admin (the printed login) broadcasts with HTML formatting; it arrives formatted.
    let admin = Browser::new(&demo.base);
    let login = admin.log_in("admin", &demo.admin_password).await;
    assert_eq!(login.status(), 303, "the printed admin login works");
    let compose = admin.get_html("/admin/broadcasts/new").await;
    let key_marker = "name=\"idempotency_key\" value=\"";
    let key_at = compose.find(key_marker).expect("an idempotency key") + key_marker.len();
    let key = compose[key_at..].split('"').next().unwrap_or_default();
    let csrf = crate::helpers::csrf_from(&compose);
    let sent = admin
        .post_form(
            "/admin/broadcasts",
            &[
                ("csrf_token", csrf.as_str()),
                ("idempotency_key", key),
                ("text", "Hello <b>sandbox</b> &amp; <i>friends</i>"),
                ("format", "html"),
                ("audience", "all"),
            ],
        )
        .await;
    assert_eq!(sent.status(), 303);
    broadcast_id(&location(&sent));
    let arrived = demo
        .wait_for_message(4242, |m| m["text"] == "Hello sandbox & friends")
        .await;
    assert_eq!(
        arrived["entities"],
        json!([
            { "type": "bold", "offset": 6, "length": 7 },
            { "type": "italic", "offset": 16, "length": 7 },
        ]),
        "{arrived}"
    );
    // The seeded linked members got it too.
    demo.wait_for_message(700_000_001, |m| m["text"] == "Hello sandbox & friends")
        .await;

    // Blocking the bot from the chat unlinks the member.
    let (status, blocked) = demo.post("/sandbox/api/users/4242/block", None).await;
    assert_eq!(
        (status, &blocked["blocked"]),
        (200, &json!(true)),
        "{blocked}"
    );
    member.wait_for_link_status(false).await;
    let (status, refused) = demo
        .post(
            "/sandbox/api/users/4242/messages",
            Some(json!({ "text": "hello?" })),
        )
        .await;
    assert_eq!(
        status, 409,
        "a user who blocked the bot must unblock first: {refused}"
    );
    let (status, unblocked) = demo.post("/sandbox/api/users/4242/unblock", None).await;
    assert_eq!((status, &unblocked["blocked"]), (200, &json!(false)));
}

#[tokio::test]
async fn the_sandbox_api_answers_mistakes_with_json_errors() {
    let demo = start_demo().await;
    let (status, users) = demo.get("/sandbox/api/users").await;
    assert_eq!(status, 200);
    let seeded = users["users"].as_array().map_or(0, Vec::len);
    assert!(seeded >= 4, "seeded simulated users: {users}");

    for (path, body) in [
        (
            "/sandbox/api/users/999/messages",
            Some(json!({ "text": "hi" })),
        ),
        (
            "/sandbox/api/users/999/press",
            Some(json!({ "button": "OK" })),
        ),
        ("/sandbox/api/users/999/block", None),
        ("/sandbox/api/users/999/unblock", None),
        ("/sandbox/api/users/nobody/block", None),
    ] {
        let (status, error) = demo.post(path, body).await;
        assert_eq!(status, 404, "{path}: {error}");
        assert!(error["error"].as_str().is_some(), "{path}: {error}");
    }
    let (status, error) = demo.get("/sandbox/api/users/999/messages").await;
    assert_eq!(status, 404, "{error}");
    let (status, error) = demo.get("/sandbox/api/nothing-here").await;
    assert_eq!(status, 404, "{error}");
    assert!(error["error"].is_string());

    let invalid = [
        (json!({ "username": "nobody_here" }), "first_name"),
        (json!({ "first_name": "" }), "first_name"),
        (json!({ "first_name": "Al", "username": "no!" }), "username"),
        (json!({ "first_name": "Al", "id": "7" }), "id"),
        (json!({ "first_name": "Al", "id": -7 }), "id"),
        (json!({ "first_name": "Al", "colour": "red" }), "colour"),
    ];
    for (body, field) in invalid {
        let (status, error) = demo.post("/sandbox/api/users", Some(body.clone())).await;
        assert_eq!(status, 422, "{body}: {error}");
        let message = error["error"].as_str().unwrap_or_default();
        assert!(message.starts_with(field), "{body}: {message}");
    }
    let (status, _) = demo
        .post(
            "/sandbox/api/users",
            Some(json!({ "id": 55, "first_name": "Al", "username": "al_one" })),
        )
        .await;
    assert_eq!(status, 201);
    let (status, error) = demo
        .post(
            "/sandbox/api/users",
            Some(json!({ "id": 55, "first_name": "Al again" })),
        )
        .await;
    assert_eq!(status, 409, "a taken id: {error}");
    let (status, error) = demo
        .post(
            "/sandbox/api/users",
            Some(json!({ "first_name": "Al again", "username": "AL_ONE" })),
        )
        .await;
    assert_eq!(status, 409, "a taken username: {error}");
    // Without an id the sandbox picks a free one.
    let (status, picked) = demo
        .post("/sandbox/api/users", Some(json!({ "first_name": "Bea" })))
        .await;
    assert_eq!(status, 201, "{picked}");
    assert!(picked["id"].as_i64().is_some_and(|id| id > 55), "{picked}");

    for (body, field) in [
        (json!({}), "text"),
        (json!({ "text": "   " }), "text"),
        (json!({ "text": "x".repeat(4097) }), "text"),
        (json!({ "text": 5 }), "text"),
        (json!({ "text": "hi", "silent": true }), "silent"),
    ] {
        let (status, error) = demo
            .post("/sandbox/api/users/55/messages", Some(body.clone()))
            .await;
        assert_eq!(status, 422, "{body}: {error}");
        assert!(
            error["error"]
                .as_str()
                .unwrap_or_default()
                .starts_with(field),
            "{body}: {error}"
        );
    }
    let (status, error) = demo
        .post(
            "/sandbox/api/users/55/press",
            Some(json!({ "button": "Nope" })),
        )
        .await;
    assert_eq!(status, 422, "no such button: {error}");
    let not_json = demo
        .api
        .post(format!("{}/sandbox/api/users/55/messages", demo.base))
        .header("content-type", "text/plain")
        .body("text=hi")
        .send()
        .await
        .expect("POST");
    assert_eq!(not_json.status(), 422);

    // Another site's page cannot act in the sandbox: a plain form needs no CORS preflight.
    let forged = demo
        .api
        .post(format!("{}/sandbox/api/users/55/block", demo.base))
        .header("origin", "https://evil.example")
        .send()
        .await
        .expect("POST");
    assert_eq!(forged.status(), 403);
    let (_, chat) = demo.get("/sandbox/api/users/55/messages").await;
    assert_eq!(
        chat["user"]["blocked"], false,
        "the forged block did nothing"
    );
    let (_, chat) = demo.get("/sandbox/api/users/55/messages").await;
    assert_eq!(chat["messages"], json!([]), "{chat}");
}

/// A DNS-rebinding page reaches the demo under its own name: only the Host the demo bound (a
/// loopback name or address with its port) is answered.
#[tokio::test]
async fn the_demo_answers_only_for_the_host_it_bound() {
    let demo = start_demo().await;
    let port = demo.base.rsplit(':').next().expect("a port").to_string();
    let with_host = |host: String| {
        let demo = &demo;
        async move {
            demo.api
                .get(format!("{}/sandbox/api/users", demo.base))
                .header("host", host)
                .send()
                .await
                .expect("GET")
                .status()
                .as_u16()
        }
    };
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(with_host(host.clone()).await, 200, "{host}");
    }
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("localhost.evil.example:{port}"),
        "127.0.0.1:1".to_string(),
        "localhost".to_string(),
        format!("127.0.0.1:{port}@evil.example"),
    ] {
        assert_eq!(with_host(host.clone()).await, 421, "{host}");
    }
    // A rebinding page POSTs as a same-origin form (no Origin to catch): refused too.
    let r = demo
        .api
        .post(format!("{}/sandbox/api/users/55/block", demo.base))
        .header("host", format!("rebind.example:{port}"))
        .send()
        .await
        .expect("POST");
    assert_eq!(r.status(), 421);
    let login = demo
        .api
        .get(format!("{}/login", demo.base))
        .header("host", format!("rebind.example:{port}"))
        .send()
        .await
        .expect("GET");
    assert_eq!(login.status(), 421, "every page, not only the sandbox");
}

#[tokio::test]
async fn outside_a_demo_there_is_no_sandbox() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    for path in [
        "/sandbox",
        "/sandbox?start=abc",
        "/sandbox/api/users",
        "/sandbox/static/sandbox.js",
    ] {
        assert_eq!(app.browser.get(path).await.status(), 404, "GET {path}");
    }
    let create = app
        .browser
        .client
        .post(app.browser.url("/sandbox/api/users"))
        .json(&json!({ "first_name": "Mallory" }))
        .send()
        .await
        .expect("POST");
    assert_eq!(create.status(), 404);
    let member = app.new_browser();
    member.sign_up("realuser", "a long enough password").await;
    let connect = member.get_html("/connect").await;
    assert!(!connect.contains("Sandbox: no real Telegram"), "{connect}");
    assert!(
        open_link_from(&connect).starts_with("https://t.me/"),
        "{connect}"
    );
}

#[test]
fn demo_refuses_to_start_with_a_real_bot_token() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_tglink"))
        .args(["demo", "--fresh", "--bind", "127.0.0.1:0"])
        .current_dir(dir.path())
        .env("TELEGRAM_BOT_TOKEN", "123456:real-looking-token")
        .env("TMPDIR", dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run tglink demo");
    // A demo that starts anyway would serve forever: give it a while, then fail.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while child.try_wait().expect("wait").is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("tglink demo started although TELEGRAM_BOT_TOKEN is set");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().expect("output");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains("TELEGRAM_BOT_TOKEN is set"), "{stderr}");
    assert!(output.stdout.is_empty(), "it printed no URL");
}

#[tokio::test]
async fn demo_prints_its_address_and_an_admin_login_that_works() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_tglink"))
        .args(["demo", "--fresh", "--bind", "127.0.0.1:0"])
        .current_dir(dir.path())
        .env_remove("TELEGRAM_BOT_TOKEN")
        .env("RUST_LOG", "warn")
        .env("TMPDIR", dir.path()) // where --fresh puts its database
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .expect("start tglink demo");
    /// Kills the demo's process group with the test.
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            if let Ok(pid) = i32::try_from(self.0.id()) {
                // SAFETY: kill(2) only sends a signal; it touches no memory of ours.
                unsafe { libc::kill(-pid, libc::SIGKILL) };
            }
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let stdout = child.stdout.take().expect("stdout");
    let child = Kill(child);
    let printed = tokio::task::spawn_blocking(move || {
        let mut lines = Vec::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.expect("a line");
            let done = line.contains("Press Ctrl+C");
            lines.push(line);
            if done {
                break;
            }
        }
        lines
    });
    let lines = tokio::time::timeout(Duration::from_secs(60), printed)
        .await
        .expect("the demo prints its address within a minute")
        .expect("read stdout");
    let field = |name: &str| {
        lines
            .iter()
            .find_map(|l| l.trim().strip_prefix(name))
            .map(str::trim)
            .unwrap_or_else(|| panic!("no {name} line in {lines:#?}"))
            .to_string()
    };
    let url = field("Open:");
    let login = field("Log in:");
    let (user, password) = login.split_once(" / ").expect("user / password");
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let browser = Browser::new(url.trim_end_matches('/'));
    let home = browser.get_html("/").await;
    assert!(home.contains("Sandbox: no real Telegram"), "{home}");
    assert_eq!(browser.log_in(user, password).await.status(), 303);
    let admin = browser.get_html("/admin/users").await;
    for member in ["alice", "bob", "dave"] {
        assert!(admin.contains(member), "seeded member {member}: {admin}");
    }
    // --fresh: the database is a temporary file, gone once the demo stops (Ctrl+C or SIGTERM).
    let fresh_files = || {
        std::fs::read_dir(dir.path())
            .expect("the temp dir")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with("tglink-demo-"))
            .count()
    };
    assert!(fresh_files() > 0, "the demo's database is in TMPDIR");
    let mut child = child;
    crate::binary::signal(child.0.id(), libc::SIGTERM);
    let stopped = tokio::task::spawn_blocking(move || {
        let status = child.0.wait();
        (child, status)
    });
    let (_child, status) = tokio::time::timeout(Duration::from_secs(30), stopped)
        .await
        .expect("the demo stops on SIGTERM")
        .expect("wait");
    assert!(status.is_ok_and(|s| s.success()), "a clean stop");
    assert_eq!(fresh_files(), 0, "the --fresh database was deleted");
}

#[tokio::test]
async fn the_readme_sandbox_example_runs() {
    let demo = start_demo().await;
    let script =
        crate::readme::readme_block("sandbox").replace("http://127.0.0.1:8080", &demo.base);
    // Off the test's runtime, which also drives the demo's server.
    let out = tokio::task::spawn_blocking(move || {
        let dir = tempfile::tempdir().expect("temp dir");
        crate::readme::run_block(&script, dir.path(), "unused.db")
    })
    .await
    .expect("the example ran");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The answers are JSON documents one after the other; the last is the chat.
    let chat = stdout
        .rfind("{\"messages\"")
        .and_then(|at| serde_json::from_str::<Value>(&stdout[at..]).ok())
        .unwrap_or_else(|| panic!("the last answer is the chat as JSON: {stdout}"));
    let messages = chat["messages"].as_array().cloned().unwrap_or_default();
    assert_eq!(messages.first().map(|m| &m["text"]), Some(&json!("/start")));
    assert!(
        messages.iter().any(|m| m["from"] == "bot"),
        "the bot answered within the example's second: {chat}"
    );
}

#[tokio::test]
async fn a_press_brings_the_bots_toast_and_sign_in_links_stay_in_the_sandbox() {
    let demo = start_demo().await;
    let (status, _) = demo
        .post(
            "/sandbox/api/users",
            Some(json!({ "id": 4343, "username": "yan_tg", "first_name": "Yan" })),
        )
        .await;
    assert_eq!(status, 201);
    let member = Browser::new(&demo.base);
    assert_eq!(
        member
            .sign_up("yan", "a long enough password")
            .await
            .status(),
        303
    );
    let link = open_link_from(&member.get_html("/connect").await);
    let start = format!("/start {}", token_of(&link));
    demo.post(
        "/sandbox/api/users/4343/messages",
        Some(json!({ "text": start })),
    )
    .await;
    let question = demo
        .wait_for_message(4343, |m| m["from"] == "bot" && has_button(m, "Confirm"))
        .await;
    assert_eq!(question["edited"], false);

    // The press answers with the bot's toast (its answerCallbackQuery text).
    let (status, pressed) = demo
        .post(
            "/sandbox/api/users/4343/press",
            Some(json!({ "button": "Confirm" })),
        )
        .await;
    assert_eq!(status, 202, "{pressed}");
    assert_eq!(pressed["answer"]["text"], "Linked ✓", "{pressed}");
    assert_eq!(pressed["answer"]["show_alert"], false, "{pressed}");
    // The question's text was edited: marked, as Telegram marks a text edit.
    let edited = demo
        .wait_for_message(4343, |m| m["id"] == question["id"] && m["edited"] == true)
        .await;
    assert!(
        edited["text"].as_str().unwrap_or("").contains("Linked"),
        "{edited}"
    );

    // Sign in with Telegram, in a demo: its button and its QR lead into the sandbox, not t.me.
    member.log_out().await;
    let r = member
        .submit("/login", "/login/telegram", &[("next", "")])
        .await;
    assert_eq!(r.status(), 303);
    let waiting = member.get_html("/login/telegram").await;
    assert!(!waiting.contains("https://t.me/"), "{waiting}");
    let sign_in = open_link_from(&waiting);
    assert!(
        sign_in.starts_with(&format!("{}/sandbox?start=", demo.base)),
        "{sign_in}"
    );
}
