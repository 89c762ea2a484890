//! Issue 26's "done when": a member's first minute (sign up, link in the fake Telegram, choose a
//! topic, set quiet hours) and an admin's week (compose with the formatting toolbar, schedule for
//! the topic, watch it send, edit it, delete it for everyone, read the audit log that shows it),
//! at a phone's and a desktop's size. Every page passes the checks and fits the window; with
//! TGLINK_SCREENSHOTS set every admin page leaves its picture for the README's gallery.
use std::time::Duration;

use crate::broadcast::promote;
use crate::harness::{E2e, Viewport};

const WAIT: Duration = Duration::from_secs(20);
const MIA: i64 = 7401;
const PW: &str = "correct horse battery";

/// The checks every page of the journey passes where it is now, and its gallery picture.
async fn settle(e2e: &E2e, name: &str) {
    e2e.check_page().await;
    assert_eq!(
        e2e.overflow_x().await,
        0,
        "{name} scrolls sideways ({})",
        e2e.viewport.name()
    );
    e2e.gallery(name).await;
}

async fn log_out(e2e: &E2e) {
    e2e.click("form[action='/logout'] button").await;
    e2e.find("form[action='/login']").await;
}

async fn log_in(e2e: &E2e, username: &str, password: &str) {
    e2e.goto("/login").await;
    e2e.fill("#username", username).await;
    e2e.fill("#password", password).await;
    e2e.click("form[action='/login'] button[type=submit]").await;
    e2e.find("form[action='/logout']").await;
}

/// Selects `needle` in the message field, as a mouse would.
async fn select(e2e: &E2e, needle: &str) {
    e2e.browser
        .execute(
            "const t = document.getElementById('text'); const at = t.value.indexOf(arguments[0]); \
             t.focus(); t.setSelectionRange(at, at + arguments[0].length);",
            vec![needle.into()],
        )
        .await
        .expect("select");
}

async fn value_of(e2e: &E2e, css: &str) -> String {
    e2e.find(css)
        .await
        .prop("value")
        .await
        .expect("prop")
        .unwrap_or_default()
}

async fn journey(viewport: Viewport) {
    let e2e = E2e::start("journey", viewport).await;

    // The admin defines a topic members choose for themselves (off unless they turn it on).
    e2e.sign_up("boss", "the admin password").await;
    promote(&e2e, "boss");
    e2e.goto("/admin/topics").await;
    e2e.fill("#name", "Events").await;
    e2e.fill("#description", "Meetups and parties").await;
    e2e.click("#default_on").await;
    e2e.click("form[action='/admin/topics'] button[type=submit]")
        .await;
    e2e.wait_for_text("main", "Events", WAIT).await;
    settle(&e2e, "admin-topics").await;
    log_out(&e2e).await;

    // A member's first minute: sign up, link, choose the topic, set quiet hours.
    e2e.sign_up("mia", PW).await;
    let href = e2e
        .find("#deep-link")
        .await
        .attr("href")
        .await
        .expect("attr")
        .expect("href");
    let phone = e2e.telegram.add_user(MIA, "Mia", Some("mia_tg"));
    phone.open_link(&href).await.expect("deliver /start");
    let question = e2e
        .telegram
        .wait_for_message_to(MIA, WAIT)
        .await
        .expect("the bot asks");
    let confirm = question.callback_data_for("Confirm").expect("Confirm");
    phone
        .press_button(&question, &confirm)
        .await
        .expect("press");
    e2e.wait_for_text("#connect", "Connected to", WAIT).await;
    e2e.click("#next-steps a[href='/account/notifications']")
        .await;
    let events = e2e
        .browser
        .execute(
            "const l = Array.from(document.querySelectorAll('label')).find(l => l.textContent.includes('Events')); \
             return l ? l.htmlFor : '';",
            vec![],
        )
        .await
        .expect("the topic's box");
    let events = events.as_str().unwrap_or_default().to_string();
    assert!(events.starts_with("topic-"), "a box for Events: {events:?}");
    e2e.click(&format!("#{events}")).await;
    e2e.click("#quiet").await;
    e2e.click("#notifications-form button[type=submit]").await;
    e2e.wait_for_text(".alert-ok", "settings are saved", WAIT)
        .await;
    assert_eq!(
        e2e.find(&format!("#{events}"))
            .await
            .prop("checked")
            .await
            .expect("prop")
            .as_deref(),
        Some("true")
    );
    e2e.check_page().await;
    log_out(&e2e).await;

    // The admin's week.
    log_in(&e2e, "boss", "the admin password").await;
    e2e.goto("/admin").await;
    settle(&e2e, "admin-overview").await;

    // Compose: write, select two words, press Bold; the preview shows them bold.
    e2e.goto("/admin/broadcasts/new").await;
    let toolbar = e2e.find("[role=toolbar]").await;
    assert!(toolbar.is_displayed().await.expect("displayed"));
    assert_eq!(
        e2e.find("input[name=format][value=markdown]")
            .await
            .prop("checked")
            .await
            .expect("prop")
            .as_deref(),
        Some("true"),
        "Markdown is the default"
    );
    e2e.fill("#text", "Winter party on Friday at the club")
        .await;
    select(&e2e, "Winter party").await;
    e2e.click("[role=toolbar] button[data-mark=bold]").await;
    assert_eq!(
        value_of(&e2e, "#text").await,
        "**Winter party** on Friday at the club"
    );
    e2e.wait_for_text("#preview strong", "Winter party", WAIT)
        .await;
    // Ctrl+I on a selection: italic, by the keyboard.
    select(&e2e, "Friday").await;
    e2e.browser
        .execute(
            "document.getElementById('text').dispatchEvent(new KeyboardEvent('keydown', \
             {key: 'i', ctrlKey: true, bubbles: true, cancelable: true}));",
            vec![],
        )
        .await
        .expect("Ctrl+I");
    let typed = value_of(&e2e, "#text").await;
    assert_eq!(typed, "**Winter party** on _Friday_ at the club");
    e2e.wait_for_text("#preview em", "Friday", WAIT).await;
    // Bold again on the bold words unwraps them; once more wraps them again.
    select(&e2e, "Winter party").await;
    e2e.click("[role=toolbar] button[data-mark=bold]").await;
    assert!(value_of(&e2e, "#text").await.starts_with("Winter party on"));
    select(&e2e, "Winter party").await;
    e2e.click("[role=toolbar] button[data-mark=bold]").await;
    assert_eq!(
        value_of(&e2e, "#text").await,
        "**Winter party** on _Friday_ at the club"
    );
    // The toolbar is one tab stop; arrow keys move along it.
    let focused = e2e
        .browser
        .execute(
            "const b = document.querySelector('[role=toolbar] button[data-mark=bold]'); b.focus(); \
             b.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true})); \
             return [document.activeElement.dataset.mark, \
                     document.querySelectorAll('[role=toolbar] button[tabindex=\"0\"]').length];",
            vec![],
        )
        .await
        .expect("arrow");
    assert_eq!(focused, serde_json::json!(["italic", 1]));

    // For the topic, at the current minute: "Schedule for …", then it goes out.
    let topic = e2e
        .browser
        .execute(
            "const o = Array.from(document.querySelectorAll('#topic option')).find(o => o.dataset.name === 'Events'); \
             const s = document.getElementById('topic'); s.value = o.value; \
             s.dispatchEvent(new Event('change')); return o.value;",
            vec![],
        )
        .await
        .expect("choose Events");
    assert!(topic.as_str().is_some_and(|v| !v.is_empty()));
    e2e.wait_for_text("#audience-count", "1 user", WAIT).await;
    let now = chrono::Utc::now();
    if now.format("%S").to_string().parse::<u32>().unwrap_or(0) > 40 {
        // Not so close to the next minute that the time has passed by the time it is sent.
        tokio::time::sleep(Duration::from_secs(21)).await;
    }
    let at = chrono::Utc::now().format("%Y-%m-%dT%H:%M").to_string();
    e2e.browser
        .execute(
            "document.getElementById('send_at').value = arguments[0]; \
             const z = document.getElementById('time_zone'); z.value = 'UTC'; \
             document.getElementById('send_at').dispatchEvent(new Event('change')); \
             z.dispatchEvent(new Event('change'));",
            vec![at.into()],
        )
        .await
        .expect("a start time");
    let send = e2e.find("button[name=audience][value=all]").await;
    let label = send.text().await.expect("label");
    assert!(label.starts_with("Schedule for "), "{label}");
    settle(&e2e, "admin-compose").await;
    send.click().await.expect("schedule");
    e2e.browser.accept_alert().await.expect("confirm");
    tokio::time::sleep(Duration::from_secs(2)).await;
    let errors = e2e
        .browser
        .execute(
            "return Array.from(document.querySelectorAll('.error, .alert')).filter(e => !e.hidden).map(e => e.textContent).join(' | ');",
            vec![],
        )
        .await
        .expect("errors");
    assert!(
        e2e.path().await.starts_with("/admin/broadcasts/"),
        "not scheduled: {errors}"
    );
    e2e.wait_for_text("main", "Scheduled for", WAIT).await;
    e2e.telegram
        .wait_until(Duration::from_secs(60), |f| {
            f.messages_to(MIA)
                .iter()
                .any(|m| m.plain_text.starts_with("Winter party on Friday"))
        })
        .await
        .expect("mia gets it");
    e2e.wait_for_text("[data-field=sent]", "1", Duration::from_secs(30))
        .await;
    let got = e2e
        .telegram
        .messages_to(MIA)
        .into_iter()
        .find(|m| m.plain_text.starts_with("Winter party"))
        .expect("sent");
    assert_eq!(got.text, "<b>Winter party</b> on <i>Friday</i> at the club");
    settle(&e2e, "admin-broadcast").await;

    // Edit it: the toolbar is there too (HTML mode: Telegram's tags).
    e2e.click("a[href$='/edit']").await;
    e2e.find("form[action$='/revise']").await;
    e2e.find("form[action$='/revise'] [role=toolbar]").await;
    e2e.click("input[name=format][value=html]").await;
    e2e.fill("#text", "Winter party moved to Saturday").await;
    select(&e2e, "Saturday").await;
    e2e.click("[role=toolbar] button[data-mark=underline]")
        .await;
    assert_eq!(
        value_of(&e2e, "#text").await,
        "Winter party moved to <u>Saturday</u>"
    );
    settle(&e2e, "admin-edit").await;
    e2e.click("form[action$='/revise'] button[type=submit]")
        .await;
    e2e.telegram
        .wait_until(WAIT, |f| {
            f.conversation(MIA)
                .iter()
                .any(|m| m.text == "Winter party moved to Saturday")
        })
        .await
        .expect("edited in place");

    // Delete it for everyone.
    e2e.find("form[action$='/retract'] button[type=submit]")
        .await;
    e2e.click("form[action$='/retract'] button[type=submit]")
        .await;
    e2e.browser.accept_alert().await.expect("a confirmation");
    e2e.wait_for_text(".alert", "Deleted for everyone", WAIT)
        .await;
    e2e.telegram
        .wait_until(WAIT, |f| {
            !f.conversation(MIA)
                .iter()
                .any(|m| m.text.contains("Winter party"))
        })
        .await
        .expect("gone from the chat");

    // The history and the audit log say what happened, and who did it.
    e2e.goto("/admin/broadcasts").await;
    e2e.wait_for_text("main", "Winter party", WAIT).await;
    settle(&e2e, "admin-history").await;
    e2e.goto("/admin/audit").await;
    let log = e2e.text("main").await;
    for said in [
        "created a topic",
        "scheduled a broadcast",
        "edited a broadcast",
        "deleted a broadcast for everyone",
    ] {
        assert!(log.contains(said), "the audit log shows {said:?}: {log}");
    }
    assert!(log.contains("boss"), "who did it");
    settle(&e2e, "admin-audit").await;

    // The other admin pages, for the gallery and the checks.
    for (path, name) in [
        ("/admin/users", "admin-users"),
        ("/admin/groups", "admin-groups"),
        ("/admin/tokens", "admin-tokens"),
        ("/admin/webhooks", "admin-webhooks"),
    ] {
        e2e.goto(path).await;
        e2e.find("h1").await;
        settle(&e2e, name).await;
    }
    e2e.close().await;
}

#[tokio::test]
async fn a_members_first_minute_and_an_admins_week_on_a_phone() {
    journey(Viewport::Phone).await;
}

#[tokio::test]
async fn a_members_first_minute_and_an_admins_week_on_a_desktop() {
    journey(Viewport::Desktop).await;
}
