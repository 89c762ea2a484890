//! Connect Telegram in a browser: the button's deep link, the QR code of the same link, the bot's
//! confirmation in (fake) Telegram, the page switching to "Connected" by itself, and unlinking.
use std::time::Duration;

use crate::harness::{E2e, Viewport};

/// Decodes the QR code shown on the page from a screenshot of its image.
pub async fn qr_code_text(e2e: &E2e) -> String {
    // On a phone the QR comes after the button, below the first screen: an element's screenshot
    // holds only its visible part.
    e2e.browser
        .execute(
            "document.querySelector('.qr img').scrollIntoView({ block: 'center' });",
            vec![],
        )
        .await
        .expect("scroll to the QR code");
    let png = e2e
        .find(".qr img")
        .await
        .screenshot()
        .await
        .expect("QR screenshot");
    let image = image::load_from_memory(&png).expect("a PNG").to_luma8();
    let (w, h) = image.dimensions();
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(w as usize, h as usize, |x, y| {
            image.get_pixel(x as u32, y as u32).0[0]
        });
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "exactly one QR code in the image");
    let (_, content) = grids[0].decode().expect("the QR code decodes");
    content
}

async fn connect_journey(viewport: Viewport) {
    let e2e = E2e::start("connect", viewport).await;
    e2e.sign_up("alice", "correct horse battery").await;
    e2e.check_page().await;
    e2e.screenshot("connect").await;

    let href = e2e
        .find("#deep-link")
        .await
        .attr("href")
        .await
        .unwrap()
        .expect("href");
    let bot = e2e.telegram.bot_username();
    let prefix = format!("https://t.me/{bot}?start=");
    assert!(href.starts_with(&prefix), "{href}");
    let token = &href[prefix.len()..];
    assert_eq!(token.len(), 43, "32 random bytes, base64url");
    // On a phone the button comes first and the wait is said in the first screen; the QR (for
    // a phone other than this one) comes after.
    let (waiting, window) = e2e.bottom_and_window("#connect-waiting").await;
    let (button, _) = e2e.bottom_and_window("#deep-link").await;
    let (qr, _) = e2e.bottom_and_window(".qr").await;
    assert!(
        waiting <= window,
        "the wait is in the first screen ({waiting} > {window})"
    );
    if matches!(viewport, Viewport::Phone) {
        assert!(
            button < qr && waiting < qr,
            "the QR comes after the button on a phone"
        );
    }
    // The fallback message is folded away until asked for.
    e2e.click("#start-fallback summary").await;
    assert_eq!(e2e.text("#start-command").await, format!("/start {token}"));
    assert_eq!(
        qr_code_text(&e2e).await,
        href,
        "the QR code holds the same link"
    );

    // In Telegram: open the link, the bot asks, the user confirms.
    let phone = e2e.telegram.add_user(7001, "Alice", Some("alice_tg"));
    phone.open_link(&href).await.expect("deliver /start");
    let question = e2e
        .telegram
        .wait_for_message_to(7001, Duration::from_secs(10))
        .await
        .expect("the bot asks to confirm");
    assert!(
        question.plain_text.contains("alice"),
        "{}",
        question.plain_text
    );
    let confirm = question
        .callback_data_for("Confirm")
        .expect("a Confirm button");
    phone
        .press_button(&question, &confirm)
        .await
        .expect("press Confirm");

    // The page notices by itself, without anyone reloading it.
    e2e.wait_for_text("#connect", "Connected to", Duration::from_secs(15))
        .await;
    assert!(e2e.text("#connect").await.contains("@alice_tg"));
    e2e.check_page().await;
    e2e.screenshot("connected").await;

    // The next steps, then Unlink: a question first.
    e2e.find("#next-steps a[href='/account/notifications']")
        .await;
    e2e.click("#unlink").await;
    e2e.wait_for_text("h1", "Unlink Telegram?", Duration::from_secs(10))
        .await;
    e2e.check_page().await;
    e2e.click("form[action='/connect/unlink'] button").await;
    e2e.wait_for_text("#connect", "unlinked", Duration::from_secs(10))
        .await;
    e2e.find("#deep-link").await;
    e2e.check_page().await;
    e2e.screenshot("unlinked").await;
    e2e.close().await;
}

#[tokio::test]
async fn connect_telegram_on_a_phone() {
    connect_journey(Viewport::Phone).await;
}

#[tokio::test]
async fn connect_telegram_on_a_desktop() {
    connect_journey(Viewport::Desktop).await;
}
