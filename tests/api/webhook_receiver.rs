//! A site's webhook receiver for the tests: a small HTTP server on port 0 that records every
//! POST, answers with the status the test chooses, and can go down and
//! come back on the same port. Signatures are checked here with `hmac` directly, as a site would,
//! not with tglink's own code.
use std::sync::atomic::{AtomicU16, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

/// One POST as it arrived.
#[derive(Debug, Clone)]
pub struct Received {
    pub id: String,
    pub timestamp: String,
    pub signature: String,
    pub content_type: String,
    pub body: String,
    /// What the receiver answered.
    pub answered: u16,
}

impl Received {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("the event body is JSON")
    }

    /// The Standard Webhooks check a receiver does: HMAC-SHA256 over "id.timestamp.body" with the
    /// secret's base64 bytes, compared with each `v1,` entry, and a timestamp within 5 minutes.
    pub fn signature_ok(&self, secret: &str) -> bool {
        let Ok(key) = STANDARD.decode(secret.trim_start_matches("whsec_")) else {
            return false;
        };
        let Ok(ts) = self.timestamp.parse::<i64>() else {
            return false;
        };
        if (chrono::Utc::now().timestamp() - ts).abs() > 300 {
            return false;
        }
        let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("any key length");
        mac.update(format!("{}.{}.{}", self.id, self.timestamp, self.body).as_bytes());
        let expected = mac.finalize().into_bytes();
        self.signature.split(' ').any(|entry| {
            entry
                .strip_prefix("v1,")
                .and_then(|b64| STANDARD.decode(b64).ok())
                .is_some_and(|sig| sig.as_slice() == expected.as_slice())
        })
    }
}

#[derive(Default)]
struct State {
    received: Mutex<Vec<Received>>,
    answer: AtomicU16,
    /// POSTs being held unanswered.
    hung: AtomicUsize,
    /// A POST whose body contains this is never answered.
    hang_on: Mutex<Option<String>>,
}

pub struct Receiver {
    pub port: u16,
    state: Arc<State>,
    server: Option<ServerHandle>,
}

async fn receive(req: HttpRequest, body: web::Bytes, state: web::Data<State>) -> HttpResponse {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let body = String::from_utf8_lossy(&body).into_owned();
    let hang = { state.hang_on.lock().unwrap().clone() };
    if hang.is_some_and(|marker| body.contains(&marker)) {
        state.hung.fetch_add(1, Ordering::SeqCst);
        std::future::pending::<()>().await;
    }
    let answer = state.answer.load(Ordering::SeqCst);
    state.received.lock().unwrap().push(Received {
        id: header("webhook-id"),
        timestamp: header("webhook-timestamp"),
        signature: header("webhook-signature"),
        content_type: header("content-type"),
        body,
        answered: answer,
    });
    HttpResponse::build(actix_web::http::StatusCode::from_u16(answer).unwrap()).finish()
}

impl Receiver {
    pub async fn start() -> Receiver {
        let state = Arc::new(State::default());
        state.answer.store(200, Ordering::SeqCst);
        let mut receiver = Receiver {
            port: 0,
            state,
            server: None,
        };
        receiver.listen(0);
        receiver
    }

    fn listen(&mut self, port: u16) {
        let state = web::Data::from(self.state.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .default_service(web::to(receive))
        })
        .workers(2)
        .disable_signals()
        .bind(("127.0.0.1", port))
        .expect("the receiver binds");
        self.port = server.addrs()[0].port();
        let server = server.run();
        self.server = Some(server.handle());
        tokio::spawn(server);
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/hooks/tglink", self.port)
    }

    /// Answers every POST from now on with `status`.
    pub fn answer_with(&self, status: u16) {
        self.state.answer.store(status, Ordering::SeqCst);
    }

    /// Never answers a POST whose body contains `marker` (say, one subscriber's external id).
    pub fn hang_on(&self, marker: &str) {
        *self.state.hang_on.lock().unwrap() = Some(marker.to_string());
    }

    /// How many POSTs are being held unanswered.
    pub fn hung(&self) -> usize {
        self.state.hung.load(Ordering::SeqCst)
    }

    /// Stops listening: connections are refused until `restart`.
    pub async fn stop(&mut self) {
        if let Some(server) = self.server.take() {
            server.stop(false).await;
        }
    }

    pub async fn restart(&mut self) {
        let port = self.port;
        self.listen(port);
    }

    pub fn all(&self) -> Vec<Received> {
        self.state.received.lock().unwrap().clone()
    }

    /// The POSTs answered 2xx, in arrival order.
    pub fn accepted(&self) -> Vec<Received> {
        self.all()
            .into_iter()
            .filter(|r| (200..300).contains(&r.answered))
            .collect()
    }

    /// Waits until `n` POSTs were accepted; panics with what arrived after `timeout`.
    pub async fn wait_for_accepted(&self, n: usize, timeout: Duration) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let accepted = self.accepted();
            if accepted.len() >= n {
                return accepted;
            }
            if tokio::time::Instant::now() > deadline {
                let types: Vec<String> = self
                    .all()
                    .iter()
                    .map(|r| format!("{} {}", r.answered, r.json()["type"]))
                    .collect();
                panic!(
                    "expected {n} accepted events, got {}: {types:?}",
                    accepted.len()
                );
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            // Ends the server task; the test is over.
            drop(server.stop(false));
        }
    }
}

/// A receiver that accepts every connection and never answers (nor reads): a hung site.
pub struct HungReceiver {
    pub port: u16,
    connections: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl HungReceiver {
    pub async fn start() -> HungReceiver {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("the hung receiver binds");
        let port = listener.local_addr().unwrap().port();
        let connections = Arc::new(AtomicUsize::new(0));
        let counted = connections.clone();
        let task = tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((stream, _)) = listener.accept().await {
                counted.fetch_add(1, Ordering::SeqCst);
                held.push(stream);
            }
        });
        HungReceiver {
            port,
            connections,
            task,
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/hooks/hung", self.port)
    }

    /// Connections accepted so far (each is held open, unanswered).
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for HungReceiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}
