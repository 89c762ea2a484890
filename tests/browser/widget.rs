//! The Connect widget embedded in a site's page from another origin: the site's page (served here
//! on its own port) frames a URL it signed; the button, the `/start` text and the QR code show in
//! the frame, the bot's confirmation turns it "Connected" by itself, and a page from an origin not
//! in TGLINK_WIDGET_ORIGINS cannot frame it.
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{App, HttpResponse, HttpServer, web};
use fantoccini::Locator;
use hmac::{Hmac, Mac};

use crate::harness::{E2e, Viewport};

const SECRET: &str = "the shop's widget secret, 32+ characters";

/// A site's page that frames whatever URL is put in it; its port.
fn site_page(frame: Arc<Mutex<String>>) -> u16 {
    let server = HttpServer::new(move || {
        let frame = frame.clone();
        App::new().default_service(web::to(move || {
            let src = frame.lock().unwrap().replace('&', "&amp;");
            async move {
                HttpResponse::Ok().content_type("text/html; charset=utf-8").body(format!(
                    "<!doctype html><html lang=\"en\"><head><title>Shop account</title></head><body>\
                     <h1>Your shop account</h1>\
                     <iframe id=\"tglink\" title=\"Connect Telegram\" src=\"{src}\" width=\"480\" height=\"900\"></iframe>\
                     </body></html>"
                ))
            }
        }))
    })
    .workers(1)
    .disable_signals()
    .bind(("127.0.0.1", 0))
    .expect("the site binds");
    let port = server.addrs()[0].port();
    tokio::spawn(server.run());
    port
}

fn signed_path(id: &str, name: &str) -> String {
    let expires = chrono::Utc::now().timestamp() + 900;
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(format!("{id}\n{name}\n{expires}").as_bytes());
    format!(
        "/widget/connect?external_id={id}&name={name}&expires={expires}&signature={}",
        hex::encode(mac.finalize().into_bytes())
    )
}

async fn widget_journey(viewport: Viewport) {
    let allowed_frame = Arc::new(Mutex::new(String::new()));
    let other_frame = Arc::new(Mutex::new(String::new()));
    let allowed = site_page(allowed_frame.clone());
    let other = site_page(other_frame.clone());
    let origin = format!("http://127.0.0.1:{allowed}");
    let e2e = E2e::start_with(
        "widget",
        viewport,
        &[
            ("TGLINK_WIDGET_SECRET", SECRET),
            ("TGLINK_WIDGET_ORIGINS", &origin),
        ],
    )
    .await;
    let widget = e2e.url(&signed_path("member-17", "Maya"));
    *allowed_frame.lock().unwrap() = widget.clone();
    *other_frame.lock().unwrap() = widget.clone();

    // On its own, the widget page passes the same checks as every page.
    e2e.browser.goto(&widget).await.unwrap();
    e2e.check_page().await;

    // Framed by the shop's page, from the shop's origin.
    e2e.browser.goto(&format!("{origin}/")).await.unwrap();
    e2e.browser.enter_frame(0).await.expect("the frame");
    let href = e2e
        .find("#deep-link")
        .await
        .attr("href")
        .await
        .unwrap()
        .expect("href");
    let bot = e2e.telegram.bot_username();
    assert!(
        href.starts_with(&format!("https://t.me/{bot}?start=")),
        "{href}"
    );
    let token = href.rsplit('=').next().unwrap().to_string();
    assert_eq!(e2e.text("#start-command").await, format!("/start {token}"));
    e2e.find(".qr img").await;
    e2e.browser.enter_parent_frame().await.unwrap();
    e2e.screenshot("framed").await;
    e2e.browser.enter_frame(0).await.unwrap();

    let phone = e2e.telegram.add_user(9101, "Maya", Some("maya_tg"));
    phone.open_link(&href).await.expect("deliver /start");
    let question = e2e
        .telegram
        .wait_for_message_to(9101, Duration::from_secs(10))
        .await
        .expect("the bot asks to confirm");
    assert!(
        question.plain_text.contains("Maya"),
        "{}",
        question.plain_text
    );
    let confirm = question.callback_data_for("Confirm").expect("Confirm");
    phone
        .press_button(&question, &confirm)
        .await
        .expect("press Confirm");
    // The frame notices by itself.
    e2e.wait_for_text("#connect", "Connected to", Duration::from_secs(15))
        .await;
    assert!(e2e.text("#connect").await.contains("@maya_tg"));
    e2e.browser.enter_parent_frame().await.unwrap();
    e2e.screenshot("connected").await;
    // Framing from the allowed origin logged nothing: no CSP violation, no error.
    e2e.check_console().await;

    // Another origin gets no widget in its frame.
    e2e.browser
        .goto(&format!("http://127.0.0.1:{other}/"))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    e2e.browser.enter_frame(0).await.expect("the frame element");
    assert!(
        e2e.browser.find(Locator::Css("#connect")).await.is_err(),
        "a page from another origin must not show the widget"
    );
    e2e.browser.enter_parent_frame().await.unwrap();
    e2e.screenshot("refused-elsewhere").await;
    let errors = e2e.console_errors().await;
    assert!(
        errors.iter().any(|e| e.contains("frame-ancestors")),
        "Chromium refused the frame because of frame-ancestors: {errors:?}"
    );
    e2e.close().await;
}

#[tokio::test]
async fn the_widget_embedded_in_a_site_on_a_phone() {
    widget_journey(Viewport::Phone).await;
}

#[tokio::test]
async fn the_widget_embedded_in_a_site_on_a_desktop() {
    widget_journey(Viewport::Desktop).await;
}
