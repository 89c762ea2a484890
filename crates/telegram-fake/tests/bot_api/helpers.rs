//! Shared by the test modules: a fake with a teloxide `Bot` pointed at it, raw HTTP, and a
//! stand-in webhook endpoint.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use serde_json::Value;
use telegram_fake::FakeTelegram;
use teloxide_core::{Bot, types::Update};

pub const TOKEN: &str = "123456:TEST-token_abc";
pub const WAIT: Duration = Duration::from_secs(5);

pub fn bot(fake: &FakeTelegram) -> Bot {
    let url = fake.api_url().parse().expect("the fake's URL parses");
    Bot::new(TOKEN).set_api_url(url)
}

pub async fn start() -> (FakeTelegram, Bot) {
    let fake = FakeTelegram::start(TOKEN).await.expect("fake starts");
    let bot = bot(&fake);
    (fake, bot)
}

/// Parses an update the way the app must: from JSON text. teloxide-core 0.13's `Update` does
/// not deserialise from a `serde_json::Value` (see `update_from_value_is_a_trap`).
pub fn parse_update(v: &Value) -> Update {
    serde_json::from_str(&v.to_string()).expect("an Update")
}

pub fn http() -> reqwest::Client {
    reqwest::Client::new()
}

/// Each webhook POST: its secret-token header and its JSON body.
pub type Received = Arc<Mutex<Vec<(Option<String>, Value)>>>;

/// A stand-in for the app's webhook endpoint: remembers each POST and answers `status`.
pub struct WebhookSink {
    pub url: String,
    pub received: Received,
    _server: actix_web::dev::ServerHandle,
}

pub async fn webhook_sink(status: u16) -> WebhookSink {
    use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
    let received: Received = Arc::default();
    let store = received.clone();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = HttpServer::new(move || {
        let store = store.clone();
        App::new().route(
            "/hook",
            web::post().to(move |req: HttpRequest, body: web::Json<Value>| {
                let store = store.clone();
                async move {
                    let secret = req
                        .headers()
                        .get("X-Telegram-Bot-Api-Secret-Token")
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned);
                    store.lock().unwrap().push((secret, body.into_inner()));
                    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap())
                        .finish()
                }
            }),
        )
    })
    .workers(1)
    .disable_signals()
    .listen(listener)
    .unwrap()
    .run();
    let handle = server.handle();
    tokio::spawn(server);
    WebhookSink {
        url: format!("http://127.0.0.1:{port}/hook"),
        received,
        _server: handle,
    }
}
