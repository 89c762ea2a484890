//! The README's shell examples, run as written (with the address and database of a test app), so
//! the README cannot rot. A block follows a `<!-- readme-test: NAME -->` marker.
use std::path::Path;
use std::process::Command;

use crate::binary::Binary;
use crate::helpers::{Browser, Intake, spawn_app_with_telegram};

pub(crate) fn readme_block(name: &str) -> String {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let marker = format!("<!-- readme-test: {name} -->");
    let after = &readme[readme.find(&marker).expect("marker in README") + marker.len()..];
    let start = after.find("```sh\n").expect("a sh block after the marker") + "```sh\n".len();
    let end = after[start..].find("```").expect("block end") + start;
    after[start..end].to_string()
}

/// Runs a README block in bash with the built `tglink` first on PATH.
pub(crate) fn run_block(script: &str, dir: &Path, database_url: &str) -> std::process::Output {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_tglink"))
        .parent()
        .expect("bin dir");
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for tool in ["bash", "curl"] {
        assert!(
            Command::new("which")
                .arg(tool)
                .output()
                .is_ok_and(|o| o.status.success()),
            "{tool} is missing: apt-get install {tool}"
        );
    }
    Command::new("bash")
        .args(["-euo", "pipefail", "-c", script])
        .current_dir(dir)
        .env("PATH", path)
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "error")
        .output()
        .expect("run bash")
}

#[tokio::test]
async fn the_api_example_queues_and_delivers_a_notification() {
    let app = spawn_app_with_telegram(Intake::Polling).await;
    let alice = app.signed_up("alice").await;
    app.link_telegram(&alice, 4242, "Alice", Some("alice"))
        .await;
    let script = readme_block("api").replace("http://127.0.0.1:8080", &app.address);
    let dir = tempfile::tempdir().unwrap();
    let out = run_block(&script, dir.path(), app.db.url());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains(r#"{"id":1}"#), "{stdout}");
    let sent = app.next_message_to(4242).await;
    assert_eq!(sent.plain_text, "Your invoice #42 is ready");
    assert_eq!(sent.parse_mode.as_deref(), Some("HTML"));
    // The second call printed the notification's status as JSON.
    let status = stdout
        .split_once(r#"{"id":1}"#)
        .map(|(_, rest)| rest)
        .unwrap_or_default();
    let status: serde_json::Value = serde_json::from_str(status.trim()).expect("status JSON");
    assert_eq!(status["id"], 1, "{status}");
}

#[tokio::test]
async fn the_edit_example_edits_then_deletes_the_notification_in_the_chat() {
    let app = spawn_app_with_telegram(Intake::Polling).await;
    let alice = app.signed_up("alice").await;
    app.link_telegram(&alice, 4243, "Alice", Some("alice"))
        .await;
    // The first example queues it; the glue waits until it is in the chat, as a reader would.
    let wait = "\nfor _ in $(seq 100); do curl -fsS http://127.0.0.1:8080/api/v1/notifications/1 \
        -H \"Authorization: Bearer $TOKEN\" | grep -q '\"status\":\"sent\"' && break; sleep 0.2; done\n";
    let script = [readme_block("api"), wait.into(), readme_block("api-edit")]
        .concat()
        .replace("http://127.0.0.1:8080", &app.address);
    let dir = tempfile::tempdir().unwrap();
    // On a thread of its own: the script waits for the app, which runs on this test's runtime.
    let (path, url) = (dir.path().to_path_buf(), app.db.url().to_string());
    let out = tokio::task::spawn_blocking(move || run_block(&script, &path, &url))
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains(r#""action":"edit""#), "{stdout}");
    assert!(stdout.contains(r#""action":"delete""#), "{stdout}");
    let fake = app.fake().clone();
    fake.wait_until(std::time::Duration::from_secs(20), |f| {
        !f.deleted_messages().is_empty()
    })
    .await
    .unwrap_or_else(|e| panic!("the message is not deleted from the chat: {e}\n{stdout}"));
    assert!(
        fake.conversation(4243)
            .iter()
            .all(|m| !m.text.starts_with("Your invoice")),
        "nothing of it is left in the chat"
    );
}

/// The backup runs while tglink serves and writes: the copy holds what was written, also what
/// was still only in the WAL.
#[tokio::test]
async fn the_backup_example_copies_a_live_database() {
    let dir = tempfile::tempdir().unwrap();
    let setup = Command::new(env!("CARGO_BIN_EXE_tglink"))
        .args(["create-admin", "root"])
        .current_dir(dir.path())
        .env("DATABASE_URL", "tglink.db")
        .stdin(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(b"root password 1\n")?;
            child.wait()
        })
        .expect("create-admin");
    assert!(setup.success());
    let server = Binary::serve(dir.path(), |command, _| {
        command.env("DATABASE_URL", "tglink.db");
    })
    .await;
    // A write while serving.
    let bob = Browser::new(&server.url(""));
    assert_eq!(bob.sign_up("bob", "bob password 1").await.status(), 303);

    let out = run_block(&readme_block("backup"), dir.path(), "tglink.db");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    drop(server);
    // The copy is a working tglink database with both accounts in it.
    for name in ["root", "bob"] {
        let check = Command::new(env!("CARGO_BIN_EXE_tglink"))
            .args(["promote", name])
            .current_dir(dir.path())
            .env("DATABASE_URL", "tglink-backup.db")
            .output()
            .unwrap();
        assert!(
            String::from_utf8_lossy(&check.stdout).contains(&format!("{name} is now an admin")),
            "{name}: {}",
            String::from_utf8_lossy(&check.stderr)
        );
    }
}

/// The README's code block of `lang` after `<!-- readme-test: NAME -->`.
pub(crate) fn readme_code(name: &str, lang: &str) -> String {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let marker = format!("<!-- readme-test: {name} -->");
    let after = &readme[readme.find(&marker).expect("marker in README") + marker.len()..];
    let fence = format!("```{lang}\n");
    let start = after.find(&fence).expect("a block after the marker") + fence.len();
    let end = after[start..].find("```").expect("block end") + start;
    after[start..end].to_string()
}

/// "Add Telegram to your existing site": the link, notify and unlink examples run as written
/// against a site's receiver, and the Python verifier accepts what tglink signed and nothing else.
#[tokio::test]
async fn the_existing_site_examples_link_notify_unlink_and_verify_webhooks() {
    use crate::webhook_receiver::Receiver;
    let app = crate::external_subscribers::app().await;
    let receiver = Receiver::start().await;
    let dir = tempfile::tempdir().unwrap();
    let local = |block: String| {
        block
            .replace("http://127.0.0.1:8080", &app.address)
            .replace("https://shop.example/hooks/tglink", &receiver.url())
    };
    // The test's receiver listens on this machine, which only the setting allows.
    let script = "export TGLINK_WEBHOOK_ALLOW_PRIVATE=on\n".to_string()
        + &local(readme_block("site-link"))
        + "\necho\necho \"TOKEN=$TOKEN\"\necho \"SECRET=$SECRET\"\n";
    let out = run_block(&script, dir.path(), app.db.url());
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let value = |key: &str| {
        stdout
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{key}=")))
            .unwrap_or_else(|| panic!("no {key} in {stdout}"))
            .to_string()
    };
    let (token, secret) = (value("TOKEN"), value("SECRET"));
    let link: serde_json::Value = serde_json::from_str(
        stdout
            .lines()
            .find(|l| l.starts_with('{'))
            .expect("the JSON answer"),
    )
    .expect("JSON");
    let alice = app.fake().add_user(7001, "Alice", Some("alice_tg"));
    alice
        .open_link(link["url"].as_str().unwrap())
        .await
        .unwrap();
    let prompt = app.next_message_to(7001).await;
    assert!(
        prompt.plain_text.contains("tglink account Alice?"),
        "{}",
        prompt.plain_text
    );
    let confirm = prompt.callback_data_for("Confirm").unwrap();
    alice.press_button(&prompt, &confirm).await.unwrap();
    receiver.wait_for_accepted(1, crate::helpers::WAIT).await;

    let script = format!("TOKEN={token}\n{}", local(readme_block("site-notify")));
    let out = run_block(&script, dir.path(), app.db.url());
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains(r#""linked":true"#), "{stdout}");
    assert!(stdout.contains(r#"{"id":"#), "{stdout}");
    assert!(stdout.contains(r#"{"linked":false}"#), "{stdout}");
    let events = receiver.wait_for_accepted(3, crate::helpers::WAIT).await;
    let mut types: Vec<String> = events
        .iter()
        .map(|e| e.json()["type"].as_str().unwrap().to_string())
        .collect();
    // The unlink may overtake the send queued just before it: then the notification is cancelled
    // (nothing reaches a chat that was unlinked) and the site hears `delivery.failed`.
    types[1..].sort();
    let shipped = app
        .fake()
        .messages_to(7001)
        .iter()
        .any(|m| m.plain_text == "Your order has shipped");
    let outcome = if shipped {
        "delivery.sent"
    } else {
        "delivery.failed"
    };
    assert_eq!(types, ["link.created", outcome, "link.removed"]);

    // The Python verifier, run as written, on each event as it arrived.
    let verifier = readme_code("verify-webhook", "python")
        + "\nimport json, sys\nprint(verify(sys.argv[1], json.loads(sys.argv[2]), sys.stdin.buffer.read()))\n";
    let verify = |secret: &str, e: &crate::webhook_receiver::Received, body: &str| {
        let headers = serde_json::json!({
            "webhook-id": e.id, "webhook-timestamp": e.timestamp, "webhook-signature": e.signature,
        });
        let mut child = Command::new("python3")
            .args(["-c", &verifier, secret, &headers.to_string()])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("python3 is missing: apt-get install python3");
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(body.as_bytes())
            .unwrap();
        String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap()
    };
    for e in &events {
        assert_eq!(verify(&secret, e, &e.body).trim(), "True");
        assert_eq!(
            verify(&secret, e, &e.body.replace("user-42", "user-43")).trim(),
            "False"
        );
        assert_eq!(
            verify("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", e, &e.body).trim(),
            "False"
        );
    }
}

/// The README's Languages section names every catalogue file a language has: whoever adds a
/// language copies the folder it describes.
#[test]
fn the_languages_section_names_every_catalogue_file() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let start = readme.find("## Languages\n").expect("a Languages section");
    let section = &readme[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    let missing: Vec<String> = tglink::i18n::catalogue::AREAS
        .iter()
        .map(|area| format!("`{area}.ftl`"))
        .filter(|file| {
            !section.contains(file.as_str()) && !section.contains(&format!("/{}", &file[1..]))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "README's Languages section does not name {missing:?}"
    );
}
