//! The member's own account pages: changing the password (the old one stops working, every other
//! session ends, the linked chat is told) and the sessions page (each browser listed with what it
//! recorded at sign-in, signed out one by one or all but this one).
use reqwest::redirect::Policy;

use crate::helpers::{Browser, Intake, TestApp, location, spawn_app, spawn_app_with_telegram};

const PASSWORD: &str = "correct horse battery";
const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 \
                      (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

/// A browser that introduces itself with `user_agent`.
fn browser_as(app: &TestApp, user_agent: &str) -> Browser {
    let mut browser = app.new_browser();
    browser.client = reqwest::Client::builder()
        .redirect(Policy::none())
        .cookie_store(true)
        .user_agent(user_agent)
        .build()
        .expect("client");
    browser
}

/// Signed in as `username` (signed up elsewhere) from a browser with `user_agent`.
async fn logged_in(app: &TestApp, username: &str, user_agent: &str) -> Browser {
    let browser = browser_as(app, user_agent);
    let r = browser.log_in(username, PASSWORD).await;
    assert_eq!(r.status(), 303, "log in as {username}");
    browser
}

async fn change_password(
    browser: &Browser,
    current: &str,
    new: &str,
    confirm: &str,
) -> reqwest::Response {
    browser
        .submit(
            "/account/password",
            "/account/password",
            &[
                ("current_password", current),
                ("password", new),
                ("password_confirm", confirm),
            ],
        )
        .await
}

/// The first session id in (a part of) the sessions page.
fn first_sid(html: &str) -> String {
    let marker = "name=\"sid\" value=\"";
    let from = html.find(marker).expect("a session row") + marker.len();
    let to = html[from..].find('"').expect("the value's end") + from;
    html[from..to].to_string()
}

/// Whether the browser is still signed in (a member page answers instead of sending to login).
async fn signed_in(browser: &Browser) -> bool {
    browser.get("/account").await.status() == 200
}

#[tokio::test]
async fn changing_the_password_ends_every_other_session_and_tells_the_chat() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let laptop = app.signed_up("alice").await;
    app.link_telegram(&laptop, 4242, "Alice", Some("alice"))
        .await;
    let phone = logged_in(&app, "alice", IPHONE).await;
    assert!(signed_in(&phone).await);

    let new = "a brand new passphrase";
    let r = change_password(&laptop, PASSWORD, new, new).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/account?done=password");
    assert!(
        laptop
            .get_html("/account?done=password")
            .await
            .contains("Your password was changed"),
        "this browser stays signed in and is told"
    );
    assert!(!signed_in(&phone).await, "the other session ended");

    let stranger = app.new_browser();
    assert_eq!(
        stranger.log_in("alice", PASSWORD).await.status(),
        401,
        "old password refused"
    );
    assert_eq!(
        stranger.log_in("alice", new).await.status(),
        303,
        "new password works"
    );

    app.fake()
        .wait_until(crate::helpers::WAIT, |f| {
            f.messages_to(4242).iter().any(|m| {
                m.plain_text
                    .contains("password of your tglink account alice was changed")
            })
        })
        .await
        .expect("the chat is told of the new password");
}

#[tokio::test]
async fn a_wrong_current_password_or_a_mismatch_changes_nothing() {
    let app = spawn_app().await;
    let alice = app.signed_up("alice").await;

    let r = change_password(
        &alice,
        "not my password",
        "another passphrase",
        "another passphrase",
    )
    .await;
    assert_eq!(r.status(), 422);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("not your current password")
    );

    let r = change_password(&alice, PASSWORD, "another passphrase", "a different one!").await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("id=\"confirm-error\""), "{html}");

    assert_eq!(
        app.new_browser().log_in("alice", PASSWORD).await.status(),
        303
    );
    assert!(signed_in(&alice).await);
}

#[tokio::test]
async fn the_sessions_page_lists_each_browser_and_signs_them_out() {
    let app = spawn_app().await;
    app.signed_up("alice").await;
    let desktop = logged_in(&app, "alice", FIREFOX).await;
    let phone = logged_in(&app, "alice", IPHONE).await;
    let other = logged_in(&app, "alice", FIREFOX).await;

    let page = desktop.get_html("/account/sessions").await;
    assert!(page.contains("Firefox on Linux"), "{page}");
    assert!(page.contains("Safari on iPhone"), "{page}");
    assert!(page.contains("127.0.0.1"), "the address it signed in from");
    assert_eq!(page.matches("This device").count(), 1);

    // Sign the phone out from the desktop: the sid of the row that names Safari.
    let row_start = page.find("Safari on iPhone").expect("the phone's row");
    let sid = first_sid(&page[row_start..]);
    let r = desktop
        .submit(
            "/account/sessions",
            "/account/sessions/end",
            &[("sid", &sid)],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert!(!signed_in(&phone).await, "the phone was signed out");
    assert!(signed_in(&desktop).await && signed_in(&other).await);

    let r = desktop
        .submit("/account/sessions", "/account/sessions/end-others", &[])
        .await;
    assert_eq!(location(&r), "/account?done=sessions");
    assert!(!signed_in(&other).await, "every other session ended");
    assert!(signed_in(&desktop).await, "this one stays");
    let page = desktop.get_html("/account/sessions").await;
    assert_eq!(page.matches("name=\"sid\"").count(), 1, "{page}");
}

#[tokio::test]
async fn nobody_else_can_end_a_session_and_forms_need_their_token() {
    let app = spawn_app().await;
    app.signed_up("alice").await;
    let alice = logged_in(&app, "alice", FIREFOX).await;
    let page = alice.get_html("/account/sessions").await;
    let sid = first_sid(&page);

    let mallory = app.signed_up("mallory").await;
    let r = mallory
        .submit(
            "/account/sessions",
            "/account/sessions/end",
            &[("sid", &sid)],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert!(signed_in(&alice).await, "another member's sid ends nothing");

    let r = alice
        .post_form("/account/sessions/end-others", &[("csrf_token", "forged")])
        .await;
    assert_eq!(r.status(), 403);
    let anonymous = app.new_browser();
    let r = anonymous.get("/account/password").await;
    assert_eq!(r.status(), 303);
    assert!(location(&r).starts_with("/login?next="));
}

/// The reset link the bot sent to `chat_id`, as the path to open.
async fn reset_link_in_chat(app: &TestApp, chat_id: i64) -> String {
    let message = app.next_message_to(chat_id).await;
    let text = message.plain_text;
    let at = text
        .find("/password-reset/")
        .unwrap_or_else(|| panic!("no reset link in {text:?}"));
    let path: String = text[at..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    path
}

async fn ask_for_reset(browser: &Browser, username: &str) -> reqwest::Response {
    browser
        .submit(
            "/password-reset",
            "/password-reset",
            &[("username", username)],
        )
        .await
}

#[tokio::test]
async fn a_password_is_reset_through_the_linked_chat_once() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let laptop = app.signed_up("alice").await;
    app.link_telegram(&laptop, 4242, "Alice", Some("alice"))
        .await;
    let visitor = app.new_browser();

    let r = ask_for_reset(&visitor, "Alice").await;
    assert_eq!(r.status(), 200);
    let link = reset_link_in_chat(&app, 4242).await;
    let form = visitor.get_html(&link).await;
    assert!(form.contains("Choose a new password"), "{form}");

    // A refused password keeps the link working.
    let r = visitor
        .submit(
            &link,
            &link,
            &[("password", "short"), ("password_confirm", "short")],
        )
        .await;
    assert_eq!(r.status(), 422);
    let new = "recovered passphrase";
    let r = visitor
        .submit(
            &link,
            &link,
            &[("password", new), ("password_confirm", new)],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/account?done=reset");
    assert!(signed_in(&visitor).await, "the reset signs this browser in");
    assert!(!signed_in(&laptop).await, "every other session ended");
    assert_eq!(
        app.new_browser().log_in("alice", PASSWORD).await.status(),
        401
    );
    assert_eq!(app.new_browser().log_in("alice", new).await.status(), 303);

    assert_eq!(visitor.get(&link).await.status(), 410, "used once");
    let again = app.new_browser();
    let token = again.csrf("/password-reset").await;
    let r = again
        .post_form(
            &link,
            &[
                ("csrf_token", &token),
                ("password", "another passphrase"),
                ("password_confirm", "another passphrase"),
            ],
        )
        .await;
    assert_eq!(r.status(), 410);
    assert_eq!(
        app.new_browser().log_in("alice", new).await.status(),
        303,
        "unchanged"
    );
}

#[tokio::test]
async fn a_newer_reset_link_replaces_the_older_and_links_expire() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let alice = app.signed_up("alice").await;
    app.link_telegram(&alice, 4242, "Alice", None).await;
    let visitor = app.new_browser();
    ask_for_reset(&visitor, "alice").await;
    let first = reset_link_in_chat(&app, 4242).await;
    ask_for_reset(&visitor, "alice").await;
    let second = reset_link_in_chat(&app, 4242).await;
    assert_eq!(
        visitor.get(&first).await.status(),
        410,
        "replaced by the newer"
    );
    assert_eq!(visitor.get(&second).await.status(), 200);

    // Fifteen minutes later (moved by the test's own SQL).
    {
        use diesel::prelude::*;
        use tglink::db::schema::signin_tokens as t;
        tglink::db::run(&app.pool, |conn| {
            diesel::update(t::table)
                .set(
                    t::expires_at.eq(chrono::Utc::now().naive_utc() - chrono::Duration::minutes(1)),
                )
                .execute(conn)
        })
        .await
        .expect("age the links");
    }
    assert_eq!(visitor.get(&second).await.status(), 410, "expired");
}

/// The request page answers alike whether the name is linked, unlinked or unknown, so it tells
/// nobody which accounts exist or are linked.
#[tokio::test]
async fn the_reset_request_does_not_reveal_accounts() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let linked = app.signed_up("linkedname").await;
    app.link_telegram(&linked, 4242, "L", None).await;
    app.signed_up("lonelyname").await;
    let visitor = app.new_browser();
    let mut answers = Vec::new();
    for name in ["linkedname", "lonelyname", "nobodyname"] {
        let r = ask_for_reset(&visitor, name).await;
        let status = r.status();
        let body = r.text().await.unwrap().replace(name, "NAME");
        answers.push((status, body));
    }
    assert_eq!(answers[0].0, 200);
    assert!(answers.iter().all(|a| *a == answers[0]), "{answers:#?}");
    // (The apostrophe comes escaped, as every catalogue text in a page.)
    assert!(answers[0].1.contains("ask the site&#39;s administrators"));
    // Only the linked account's chat got a link.
    reset_link_in_chat(&app, 4242).await;
}

/// The alert the bot sent to `chat_id` about a new sign-in, if any so far.
fn sign_in_alert(app: &TestApp, chat_id: i64) -> Option<telegram_fake::SentMessage> {
    app.fake()
        .messages_to(chat_id)
        .into_iter()
        .rfind(|m| m.plain_text.starts_with("New sign-in"))
}

#[tokio::test]
async fn a_sign_in_from_a_new_browser_is_told_and_can_be_ended_from_the_chat() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let laptop = app.signed_up("alice").await;
    let phone = app.link_telegram(&laptop, 4242, "Alice", None).await;

    let intruder = logged_in(&app, "alice", IPHONE).await;
    app.fake()
        .wait_until(crate::helpers::WAIT, |_| {
            sign_in_alert(&app, 4242).is_some()
        })
        .await
        .expect("an alert about the new browser");
    let alert = sign_in_alert(&app, 4242).unwrap();
    assert!(
        alert.plain_text.contains("as alice from Safari on iPhone"),
        "{}",
        alert.plain_text
    );
    let not_me = alert
        .callback_data_for("This wasn't me")
        .expect("the button");
    phone.press_button(&alert, &not_me).await.expect("press");
    app.fake()
        .wait_until(crate::helpers::WAIT, |f| {
            f.edits().iter().any(|e| {
                e.chat_id == 4242
                    && e.text
                        .as_deref()
                        .is_some_and(|t| t.contains("was signed out"))
            })
        })
        .await
        .expect("the alert says the session ended");
    assert!(!signed_in(&intruder).await, "that session ended");
    assert!(signed_in(&laptop).await, "the others stay");
}

#[tokio::test]
async fn a_known_browser_or_a_member_who_turned_alerts_off_gets_none() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let laptop = app.signed_up("alice").await;
    app.link_telegram(&laptop, 4242, "Alice", None).await;
    // A browser that signed in to alice before is known (its device cookie).
    let desktop = logged_in(&app, "alice", FIREFOX).await;
    app.fake()
        .wait_until(crate::helpers::WAIT, |_| {
            sign_in_alert(&app, 4242).is_some()
        })
        .await
        .expect("the first time is new");
    let alerts = || {
        app.fake()
            .messages_to(4242)
            .iter()
            .filter(|m| m.plain_text.starts_with("New sign-in"))
            .count()
    };
    desktop.log_out().await;
    assert_eq!(desktop.log_in("alice", PASSWORD).await.status(), 303);

    // Alerts off: a new browser is not told either.
    let r = laptop.submit("/account", "/account/alerts", &[]).await;
    assert_eq!(location(&r), "/account?done=alerts");
    assert!(!laptop.get_html("/account").await.contains("checked"));
    logged_in(&app, "alice", IPHONE).await;

    // Alerts are sent in the order of sign-ins: once bob's arrives, alice's have been decided.
    let bob = app.signed_up("bob").await;
    app.link_telegram(&bob, 5353, "Bob", None).await;
    logged_in(&app, "bob", IPHONE).await;
    app.fake()
        .wait_until(crate::helpers::WAIT, |_| {
            sign_in_alert(&app, 5353).is_some()
        })
        .await
        .expect("bob's alert");
    assert_eq!(alerts(), 1, "only alice's first Firefox sign-in was told");
}

async fn delete_account(browser: &Browser, password: &str) -> reqwest::Response {
    browser
        .submit(
            "/account/delete",
            "/account/delete",
            &[("password", password)],
        )
        .await
}

#[tokio::test]
async fn a_deleted_account_is_erased_its_chat_told_and_history_keeps_its_counts() {
    use crate::broadcast_support::{enqueue, sign_in_admin, wait_until_drained};
    use diesel::prelude::*;
    use tglink::db::schema::{deliveries, telegram_links, users};

    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let admin = sign_in_admin(&app).await;
    let laptop = app.signed_up("alice").await;
    app.link_telegram(&laptop, 4242, "Alice", None).await;
    let phone = logged_in(&app, "alice", IPHONE).await;
    let broadcast = enqueue(
        &app.pool,
        admin,
        "Before she left",
        tglink::delivery::text::Format::Plain,
        tglink::delivery::store::Audience::All,
    )
    .await;
    wait_until_drained(&app.pool, std::time::Duration::from_secs(30)).await;

    let r = delete_account(&laptop, "not my password").await;
    assert_eq!(r.status(), 422);
    assert!(signed_in(&laptop).await, "a wrong password deletes nothing");

    let r = delete_account(&laptop, PASSWORD).await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("Your account was deleted"));
    assert!(!signed_in(&laptop).await && !signed_in(&phone).await);
    assert_eq!(
        app.new_browser().log_in("alice", PASSWORD).await.status(),
        401
    );
    app.fake()
        .wait_until(crate::helpers::WAIT, |f| {
            f.messages_to(4242)
                .iter()
                .any(|m| m.plain_text.contains("was deleted"))
        })
        .await
        .expect("the bot says goodbye");

    let (names, links, delivered): (Vec<String>, i64, i64) =
        tglink::db::run(&app.pool, move |conn| {
            let names = users::table.select(users::username).load(conn)?;
            let links = telegram_links::table.count().get_result(conn)?;
            let delivered = deliveries::table
                .filter(deliveries::message_id.eq(broadcast))
                .count()
                .get_result(conn)?;
            Ok::<_, anyhow::Error>((names, links, delivered))
        })
        .await
        .unwrap();
    assert!(!names.iter().any(|n| n == "alice"), "{names:?}");
    assert!(
        names.iter().any(|n| n.starts_with("deleted account #")),
        "{names:?}"
    );
    assert_eq!(links, 0, "the Telegram link ended");
    assert_eq!(delivered, 1, "the broadcast's history keeps its delivery");
    // The name is free again.
    let newcomer = app.new_browser();
    let r = newcomer.sign_up("alice", "a second alice here").await;
    assert_eq!(r.status(), 303);
}

#[tokio::test]
async fn the_last_admin_cannot_delete_their_account() {
    let app = spawn_app().await;
    crate::broadcast_support::sign_in_admin(&app).await;
    let boss = app.new_browser();
    assert_eq!(
        boss.log_in("boss", "a long admin password").await.status(),
        303
    );
    let r = delete_account(&boss, "a long admin password").await;
    assert_eq!(r.status(), 409);
    assert!(r.text().await.unwrap().contains("last administrator"));
    assert!(signed_in(&boss).await);
}
