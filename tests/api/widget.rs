//! The Connect widget a site embeds: only a URL signed with TGLINK_WIDGET_SECRET and not expired
//! shows a link; only the allowed origins may frame it; it turns "Connected" once linked.
use reqwest::StatusCode;
use tglink::config::WidgetConfig;

use crate::helpers::{Intake, TestApp, spawn_app_with_telegram_and};

const SECRET: &str = "widget secret shared with the site, 32+ chars";

async fn app() -> TestApp {
    spawn_app_with_telegram_and(Intake::Webhook, |c| {
        c.widget = Some(WidgetConfig {
            secret: SECRET.into(),
            origins: vec![
                "https://shop.example".into(),
                "http://127.0.0.1:9999".into(),
            ],
        })
    })
    .await
}

/// The URL a site makes, signed as the README says: hex HMAC-SHA256 over "id\nname\nexpires".
fn signed(path: &str, secret: &str, id: &str, name: &str, expires: i64) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{id}\n{name}\n{expires}").as_bytes());
    let signature = hex::encode(mac.finalize().into_bytes());
    let enc = |s: &str| {
        percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    format!(
        "{path}?external_id={}&name={}&expires={expires}&signature={signature}",
        enc(id),
        enc(name)
    )
}

fn soon() -> i64 {
    chrono::Utc::now().timestamp() + 600
}

#[tokio::test]
async fn a_forged_or_expired_widget_url_is_refused_and_a_signed_one_links() {
    let app = app().await;
    let good = signed("/widget/connect", SECRET, "user-9", "Nina", soon());
    let refused = [
        signed(
            "/widget/connect",
            "another secret of 32 characters!!",
            "user-9",
            "Nina",
            soon(),
        ),
        signed(
            "/widget/connect",
            SECRET,
            "user-9",
            "Nina",
            chrono::Utc::now().timestamp() - 5,
        ),
        signed(
            "/widget/connect",
            SECRET,
            "user-9",
            "Nina",
            soon() + 3 * 86400,
        ),
        // The signature of one id does not open another.
        good.replace("external_id=user%2D9", "external_id=user%2D8"),
        good.replace("name=Nina", "name=Mallory"),
    ];
    for url in refused {
        let r = app.get(&url).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{url}");
        let html = r.text().await.unwrap();
        assert!(!html.contains("t.me/"), "no link for {url}");
        let status = app
            .get(&url.replace("/widget/connect", "/widget/status"))
            .await;
        assert_eq!(status.status(), StatusCode::FORBIDDEN);
    }

    let r = app.get(&good).await;
    assert_eq!(r.status(), 200);
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csp.ends_with("frame-ancestors https://shop.example http://127.0.0.1:9999"),
        "{csp}"
    );
    // Its frame-ancestors is the rule: an X-Frame-Options: DENY would forbid every frame.
    assert!(
        !r.headers().contains_key("x-frame-options"),
        "{:?}",
        r.headers()
    );
    // Every other page still refuses to be framed.
    let login = app.get("/login").await;
    assert_eq!(login.headers()["x-frame-options"], "DENY");
    assert!(
        login.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .ends_with("frame-ancestors 'none'")
    );
    let html = r.text().await.unwrap();
    let link = crate::helpers::deep_link_from(&html).expect("a deep link");
    assert!(html.contains("/start "));
    assert!(html.contains("data:image/svg+xml;base64,"), "the QR code");

    let status_url = good.replace("/widget/connect", "/widget/status");
    let status: serde_json::Value = app.get(&status_url).await.json().await.unwrap();
    assert_eq!(status["linked"], false);
    let nina = app.fake().add_user(8001, "Nina", Some("nina_tg"));
    nina.open_link(&link).await.unwrap();
    let prompt = app.next_message_to(8001).await;
    assert!(
        prompt.plain_text.contains("tglink account Nina?"),
        "{}",
        prompt.plain_text
    );
    nina.press_button(&prompt, &prompt.callback_data_for("Confirm").unwrap())
        .await
        .unwrap();
    let deadline = tokio::time::Instant::now() + crate::helpers::WAIT;
    loop {
        let status: serde_json::Value = app.get(&status_url).await.json().await.unwrap();
        if status["linked"] == true {
            assert_eq!(status["telegram"], "@nina_tg");
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "never linked");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let html = app.get_html(&good).await;
    assert!(
        html.contains("Connected to <strong>@nina_tg</strong>"),
        "{html}"
    );
}

#[tokio::test]
async fn without_a_widget_secret_there_is_no_widget() {
    let app = crate::helpers::spawn_app().await;
    let url = signed("/widget/connect", SECRET, "user-9", "", soon());
    assert_eq!(app.get(&url).await.status(), StatusCode::NOT_FOUND);
}

#[test]
fn widget_settings_are_checked_at_start() {
    assert!(WidgetConfig::parse(None, "").unwrap().is_none());
    assert!(WidgetConfig::parse(Some("short"), "https://a.example").is_err());
    let secret = "x".repeat(32);
    assert!(
        WidgetConfig::parse(Some(&secret), "")
            .unwrap_err()
            .contains("TGLINK_WIDGET_ORIGINS")
    );
    assert!(WidgetConfig::parse(Some(&secret), "https://a.example/path").is_err());
    assert!(WidgetConfig::parse(Some(&secret), "a.example").is_err());
    let ok = WidgetConfig::parse(Some(&secret), "https://a.example, http://127.0.0.1:8000")
        .unwrap()
        .unwrap();
    assert_eq!(ok.origins, ["https://a.example", "http://127.0.0.1:8000"]);
}
