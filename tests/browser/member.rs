//! A member's first minute and every member page, at a phone's and a desktop's size: sign up,
//! link, the next steps, the notification settings, the account pages, the error pages that know
//! who is signed in, Unlink that asks first, login back to the account, and the copy of sign-up
//! and reset. Every page passes the checks, fits the window without sideways scrolling (on a phone
//! at 360 px too), and with TGLINK_SCREENSHOTS set leaves its picture for the README's gallery.
use std::time::Duration;

use fantoccini::Locator;

use crate::harness::{E2e, Viewport};

const WAIT: Duration = Duration::from_secs(15);
const PW: &str = "correct horse battery";

/// The checks every member page must pass where it is now.
async fn settle(e2e: &E2e, name: &str) {
    e2e.check_page().await;
    let viewport = e2e.viewport.name();
    assert_eq!(
        e2e.overflow_x().await,
        0,
        "{name} scrolls sideways ({viewport})"
    );
    e2e.gallery(name).await;
    if matches!(e2e.viewport, Viewport::Phone) {
        // The narrowest phones in use.
        e2e.browser.set_window_size(360, 800).await.expect("resize");
        assert_eq!(
            e2e.overflow_x().await,
            0,
            "{name} scrolls sideways at 360 px"
        );
        e2e.browser.set_window_size(390, 844).await.expect("resize");
    }
}

async fn visit(e2e: &E2e, path: &str, name: &str) {
    e2e.goto(path).await;
    settle(e2e, name).await;
}

async fn member_journey(viewport: Viewport) {
    let e2e = E2e::start("member", viewport).await;
    visit(&e2e, "/", "home").await;
    e2e.sign_up("mia", PW).await;
    settle(&e2e, "connect").await;

    // Link in (fake) Telegram; the page turns to the next steps by itself.
    let href = e2e
        .find("#deep-link")
        .await
        .attr("href")
        .await
        .expect("attr")
        .expect("href");
    let phone = e2e.telegram.add_user(7301, "Mia", Some("mia_tg"));
    phone.open_link(&href).await.expect("deliver /start");
    let question = e2e
        .telegram
        .wait_for_message_to(7301, WAIT)
        .await
        .expect("the bot asks");
    let confirm = question.callback_data_for("Confirm").expect("Confirm");
    phone
        .press_button(&question, &confirm)
        .await
        .expect("press");
    e2e.wait_for_text("#connect", "Connected to", WAIT).await;
    e2e.find("#next-steps").await;
    // The member chose no zone: the time is the browser's own, written by local-time.js.
    let zone = e2e
        .find("#connect time[data-local]")
        .await
        .attr("data-zone")
        .await
        .expect("attr");
    assert!(zone.is_some(), "local-time.js rewrote the time");
    settle(&e2e, "connect-linked").await;

    // Home speaks to a linked member.
    visit(&e2e, "/", "home-linked").await;
    let invitations = e2e
        .browser
        .find_all(Locator::Css("main a[href='/connect']"))
        .await
        .expect("find");
    assert!(
        invitations.is_empty(),
        "no invitation to connect once linked"
    );
    e2e.find("main a[href='/account/notifications']").await;

    // The notification settings: one form, one Save.
    visit(&e2e, "/account/notifications", "notifications").await;
    e2e.click("#quiet").await;
    e2e.browser
        .execute(
            "document.getElementById('time_zone').value = 'Europe/Berlin';",
            vec![],
        )
        .await
        .expect("choose a zone");
    e2e.click("#notifications-form button[type=submit]").await;
    e2e.wait_for_text(".alert-ok", "settings are saved", WAIT)
        .await;
    assert_eq!(
        e2e.find("#quiet")
            .await
            .prop("checked")
            .await
            .expect("prop")
            .as_deref(),
        Some("true")
    );
    settle(&e2e, "notifications-saved").await;

    visit(&e2e, "/account", "account").await;
    visit(&e2e, "/account/sessions", "sessions").await;
    // The member's zone, chosen with the quiet hours: the server writes times in it.
    let signed_in = e2e.text(".session time").await;
    assert!(signed_in.contains("(Europe/Berlin)"), "{signed_in}");
    visit(&e2e, "/account/password", "password").await;
    visit(&e2e, "/account/delete", "delete").await;

    // Error pages know who is signed in.
    visit(&e2e, "/nowhere", "not-found").await;
    // html-validate's fetch of the page logs its 404 again: read it while still here.
    e2e.check_console().await;
    let header = e2e.text(".site-header").await;
    assert!(
        header.contains("mia") && header.contains("Log out"),
        "{header}"
    );
    assert!(!header.contains("Sign up"), "{header}");
    visit(&e2e, "/admin", "forbidden").await;
    e2e.check_console().await;
    assert!(e2e.text(".site-header").await.contains("mia"));

    // Unlink asks first; "Keep it linked" keeps it.
    e2e.goto("/connect").await;
    e2e.click("#unlink").await;
    e2e.wait_for_text("h1", "Unlink Telegram?", WAIT).await;
    settle(&e2e, "unlink").await;
    e2e.click("#unlink-confirm a[href='/connect']").await;
    e2e.wait_for_text("#connect", "Connected to", WAIT).await;

    // Logged out and back in: a linked member lands on the account.
    e2e.click("form[action='/logout'] button").await;
    e2e.find("form[action='/login']").await;
    settle(&e2e, "login").await;
    e2e.fill("#username", "mia").await;
    e2e.fill("#password", PW).await;
    e2e.click("form[action='/login'] button[type=submit]").await;
    e2e.wait_for_text("h1", "Your account", WAIT).await;
    assert_eq!(e2e.path().await, "/account");

    // Sign-up shows every mistake at once, each under its field.
    e2e.click("form[action='/logout'] button").await;
    e2e.find("form[action='/login']").await;
    e2e.goto("/signup").await;
    e2e.fill("#username", "mia").await;
    e2e.fill("#password", "short").await;
    e2e.fill("#password_confirm", "other").await;
    e2e.click("form[action='/signup'] button[type=submit]")
        .await;
    assert!(e2e.text("#username-error").await.contains("taken"));
    assert!(e2e.text("#password-error").await.contains("at least 10"));
    assert!(e2e.text("#confirm-error").await.contains("do not match"));
    settle(&e2e, "signup-errors").await;

    // The reset answer reads right whatever was typed.
    visit(&e2e, "/password-reset", "reset").await;
    e2e.fill("#username", "nobody").await;
    e2e.click("form[action='/password-reset'] button[type=submit]")
        .await;
    let answer = e2e.text("#reset-sent").await;
    assert!(!answer.contains("nobody"), "{answer}");
    settle(&e2e, "reset-sent").await;
    e2e.close().await;
}

#[tokio::test]
async fn a_members_pages_on_a_phone() {
    member_journey(Viewport::Phone).await;
}

#[tokio::test]
async fn a_members_pages_on_a_desktop() {
    member_journey(Viewport::Desktop).await;
}
