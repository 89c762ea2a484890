//! OTLP traces: with OTEL_EXPORTER_OTLP_ENDPOINT set, the real binary POSTs its request and
//! update-handling spans as protobuf to `…/v1/traces` of a tiny local receiver.
use std::sync::{Arc, Mutex};
use std::time::Duration;

use telegram_fake::FakeTelegram;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

use crate::binary::Binary;
use crate::helpers::{BOT_TOKEN, TestDb, WAIT};

#[derive(Debug, Clone)]
struct Post {
    path: String,
    content_type: String,
    body: Vec<u8>,
}

type Posts = Arc<Mutex<Vec<Post>>>;

/// An HTTP/1.1 server that records every request and answers 200 with an empty body (an empty
/// ExportTraceServiceResponse).
async fn receiver() -> (String, Posts) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let posts: Posts = Arc::default();
    let seen = posts.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let seen = seen.clone();
            tokio::spawn(async move {
                let mut stream = BufReader::new(stream);
                loop {
                    let mut request_line = String::new();
                    if stream.read_line(&mut request_line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    let (mut length, mut content_type) = (0usize, String::new());
                    loop {
                        let mut header = String::new();
                        stream.read_line(&mut header).await.unwrap();
                        let header = header.trim_end();
                        if header.is_empty() {
                            break;
                        }
                        let (name, value) = header.split_once(':').unwrap();
                        match name.to_ascii_lowercase().as_str() {
                            "content-length" => length = value.trim().parse().unwrap(),
                            "content-type" => content_type = value.trim().to_string(),
                            _ => {}
                        }
                    }
                    let mut body = vec![0; length];
                    stream.read_exact(&mut body).await.unwrap();
                    let mut parts = request_line.split_whitespace();
                    if parts.next() == Some("POST") {
                        seen.lock().unwrap().push(Post {
                            path: parts.next().unwrap_or_default().to_string(),
                            content_type,
                            body,
                        });
                    }
                    let answer = "HTTP/1.1 200 OK\r\ncontent-type: application/x-protobuf\r\n\
                                  content-length: 0\r\n\r\n";
                    stream.get_mut().write_all(answer.as_bytes()).await.unwrap();
                }
            });
        }
    });
    (url, posts)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test]
async fn request_and_update_spans_go_to_the_otlp_endpoint() {
    let (endpoint, posts) = receiver().await;
    let fake = FakeTelegram::start(BOT_TOKEN).await.unwrap();
    let db = TestDb::new();
    let dir = tempfile::tempdir().unwrap();
    let binary = Binary::serve(dir.path(), |command, _| {
        command
            .env("DATABASE_URL", db.url())
            .env("TELEGRAM_BOT_TOKEN", BOT_TOKEN)
            .env("TELEGRAM_API_URL", fake.api_url())
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", &endpoint)
            .env("OTEL_BSP_SCHEDULE_DELAY", "100")
            .env_remove("OTEL_SERVICE_NAME")
            .env_remove("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    })
    .await;
    fake.wait_until(WAIT, |f| !f.calls_to("deleteWebhook").is_empty())
        .await
        .expect("the bot polls");
    reqwest::get(binary.url("/livez")).await.unwrap();
    let user = fake.add_user(8001, "Olga", None);
    user.send_text("/help").await.expect("send /help");
    fake.wait_for_message_to(8001, WAIT)
        .await
        .expect("the bot answers");

    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let got = posts.lock().unwrap().clone();
        let traces: Vec<&Post> = got.iter().filter(|p| p.path == "/v1/traces").collect();
        let has = |name: &[u8]| traces.iter().any(|p| contains(&p.body, name));
        if has(b"request") && has(b"update") {
            assert!(
                traces
                    .iter()
                    .all(|p| p.content_type == "application/x-protobuf"),
                "{traces:?}"
            );
            assert!(has(b"tglink"), "the service is named tglink");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no request and update spans at /v1/traces; posts: {:?}; log: {}",
            got.iter().map(|p| &p.path).collect::<Vec<_>>(),
            binary.log()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
