//! Linking over HTTP and the fake Bot API: the Connect page, the deep link, the bot's
//! confirmation, and every way a token can be stale.
use telegram_fake::updates;

use crate::both_intakes;
use crate::helpers::{
    Intake, WAIT, deep_link_from, spawn_app_with_telegram, spawn_app_with_telegram_and, token_of,
};

both_intakes!(
    the_whole_journey,
    cancel_leaves_the_token_usable,
    a_replayed_token_is_refused
);

async fn the_whole_journey(intake: Intake) {
    let app = spawn_app_with_telegram(intake).await;
    let alice = app.signed_up("alice").await;

    let html = alice.get_html("/connect").await;
    let link = deep_link_from(&html).expect("deep link");
    let token = token_of(&link);
    assert_eq!(
        link,
        format!("https://t.me/{}?start={token}", app.fake().bot_username())
    );
    assert_eq!(token.len(), 43);
    assert!(html.contains("Open in Telegram"));
    assert!(
        html.contains(&format!("/start {token}")),
        "the copyable fallback"
    );
    assert!(
        html.contains("src=\"data:image/svg+xml;base64,"),
        "the QR code"
    );
    assert!(html.contains("alt=\"QR code"), "the QR code has alt text");
    assert!(
        html.contains("more minutes"),
        "says how long the link works"
    );
    assert!(html.contains("src=\"/static/connect.js\""));
    assert_eq!(alice.link_status().await["linked"], false);

    let user = app.fake().add_user(111, "Alice", Some("alice_tg"));
    user.open_link(&link).await.unwrap();
    let prompt = app.next_message_to(111).await;
    assert_eq!(
        prompt.plain_text,
        "Link this Telegram account to tglink account alice?\n\nOnly confirm if you opened this link yourself from the site."
    );
    assert_eq!(prompt.parse_mode.as_deref(), Some("HTML"));
    let labels: Vec<_> = prompt.buttons().into_iter().map(|b| b.text).collect();
    assert_eq!(labels, ["Confirm", "Cancel"]);
    assert_eq!(
        alice.link_status().await["linked"],
        false,
        "nothing linked before Confirm"
    );

    user.press_button(&prompt, &prompt.callback_data_for("Confirm").unwrap())
        .await
        .unwrap();
    let status = alice.wait_for_link_status(true).await;
    assert_eq!(status["telegram"], "@alice_tg");

    app.fake()
        .wait_until(WAIT, |f| !f.callback_answers().is_empty())
        .await
        .unwrap();
    // The toast is answered before the question is edited: wait for the update to be done.
    app.updates_handled().await;
    let edit = app.fake().edits().pop().expect("the question was edited");
    assert!(
        edit.text
            .as_deref()
            .unwrap_or_default()
            .starts_with("Linked ✓")
    );
    assert_eq!(edit.reply_markup, None, "the buttons are gone");
    assert_eq!(
        app.fake().callback_answers()[0].text.as_deref(),
        Some("Linked ✓")
    );

    let html = alice.get_html("/connect").await;
    assert!(html.contains("Connected to <strong>@alice_tg</strong>"));
    assert!(
        html.contains("href=\"/connect/unlink\""),
        "Unlink asks first"
    );
    assert!(deep_link_from(&html).is_none(), "no link once linked");
    assert_eq!(
        app.link_events().await,
        [("alice".into(), "linked".into(), "bot".into())]
    );
}

async fn cancel_leaves_the_token_usable(intake: Intake) {
    let app = spawn_app_with_telegram(intake).await;
    let alice = app.signed_up("alice").await;
    let link = alice.deep_link().await;
    let user = app.fake().add_user(111, "Alice", None);

    user.open_link(&link).await.unwrap();
    let prompt = app.next_message_to(111).await;
    user.press_button(&prompt, &prompt.callback_data_for("Cancel").unwrap())
        .await
        .unwrap();
    app.fake()
        .wait_until(WAIT, |f| !f.callback_answers().is_empty())
        .await
        .unwrap();
    app.updates_handled().await;
    let edit = app.fake().edits().pop().unwrap();
    assert!(edit.text.unwrap().starts_with("Cancelled"));
    assert_eq!(
        app.fake().callback_answers()[0].text.as_deref(),
        Some("Cancelled")
    );
    assert_eq!(alice.link_status().await["linked"], false);

    assert_eq!(
        alice.deep_link().await,
        link,
        "the page still shows the same, unused link"
    );
    user.open_link(&link).await.unwrap();
    let prompt = app.next_message_to(111).await;
    user.press_button(&prompt, &prompt.callback_data_for("Confirm").unwrap())
        .await
        .unwrap();
    let status = alice.wait_for_link_status(true).await;
    assert_eq!(
        status["telegram"], "Alice",
        "no username: the name is shown"
    );
}

async fn a_replayed_token_is_refused(intake: Intake) {
    let app = spawn_app_with_telegram(intake).await;
    let alice = app.signed_up("alice").await;
    let link = alice.deep_link().await;
    app.link_telegram(&alice, 111, "Alice", None).await;
    let first_prompt = app.fake().sent_messages().remove(0);

    // Someone else replays the used link.
    let mallory = app.fake().add_user(666, "Mallory", None);
    mallory.open_link(&link).await.unwrap();
    let reply = app.next_message_to(666).await;
    assert!(
        reply
            .plain_text
            .starts_with("This link has already been used."),
        "{}",
        reply.plain_text
    );
    assert!(reply.buttons().is_empty());

    // A forged press of the old Confirm button, by someone else in their own chat.
    let message = updates::text_message(
        1,
        &app.fake().bot(),
        mallory.person().private_chat_json(),
        0,
        "x",
        vec![],
    );
    let data = format!("link:{}", token_of(&link));
    app.fake()
        .send_update(updates::callback_query_update(
            0,
            "q1",
            &mallory.person(),
            message,
            &data,
        ))
        .await
        .unwrap();
    // (The fake, like Telegram, refuses to answer a query it never sent; the bot still tries.)
    app.fake()
        .wait_until(WAIT, |f| f.calls_to("answerCallbackQuery").len() == 2)
        .await
        .unwrap();
    // The edit goes out after the handler, after the toast.
    app.updates_handled().await;
    let answer = app.fake().calls_to("answerCallbackQuery").pop().unwrap();
    assert_eq!(answer.params["text"], "Not linked");
    let edit = app.fake().calls_to("editMessageText").pop().unwrap();
    assert!(
        edit.params["text"]
            .as_str()
            .unwrap()
            .starts_with("This link has already been used.")
    );
    assert_eq!(app.link_events().await.len(), 1, "still one link");
    assert_eq!(first_prompt.chat_id, 111);
}

#[tokio::test]
async fn the_page_reuses_its_token_and_a_newer_one_supersedes_it() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let alice = app.signed_up("alice").await;
    let first = alice.deep_link().await;
    assert_eq!(
        alice.deep_link().await,
        first,
        "a refresh shows the same link"
    );

    // Alice signs in on another device: that page mints a new link, which replaces the first.
    let other = app.new_browser();
    other.log_in("alice", "correct horse battery").await;
    let second = other.deep_link().await;
    assert_ne!(second, first);

    let user = app.fake().add_user(111, "Alice", None);
    user.open_link(&first).await.unwrap();
    let reply = app.next_message_to(111).await;
    assert!(
        reply
            .plain_text
            .starts_with("This link was replaced by a newer one."),
        "{}",
        reply.plain_text
    );
    assert!(
        reply.plain_text.contains("Connect Telegram"),
        "says where to get a fresh one"
    );

    user.open_link(&second).await.unwrap();
    let prompt = app.next_message_to(111).await;
    assert!(prompt.callback_data_for("Confirm").is_some());
}

#[tokio::test]
async fn an_expired_token_is_refused_at_start_and_at_confirm() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let alice = app.signed_up("alice").await;
    let link = alice.deep_link().await;
    let user = app.fake().add_user(111, "Alice", None);
    user.open_link(&link).await.unwrap();
    let prompt = app.next_message_to(111).await;

    expire_all_tokens(&app).await;
    user.press_button(&prompt, &prompt.callback_data_for("Confirm").unwrap())
        .await
        .unwrap();
    app.fake()
        .wait_until(WAIT, |f| !f.callback_answers().is_empty())
        .await
        .unwrap();
    // The toast is answered before the question is edited.
    app.updates_handled().await;
    let edit = app.fake().edits().pop().unwrap();
    assert!(edit.text.unwrap().starts_with("This link has expired."));
    assert_eq!(alice.link_status().await["linked"], false);

    user.open_link(&link).await.unwrap();
    let reply = app.next_message_to(111).await;
    assert!(
        reply.plain_text.starts_with("This link has expired."),
        "{}",
        reply.plain_text
    );

    let fresh = alice.deep_link().await;
    assert_ne!(fresh, link, "the page replaces an expired link");
}

async fn expire_all_tokens(app: &crate::helpers::TestApp) {
    use diesel::prelude::*;
    use tglink::db::schema::link_tokens;
    tglink::db::run(&app.pool, |conn| {
        let past = tglink::db::now() - chrono::Duration::minutes(1);
        diesel::update(link_tokens::table)
            .set(link_tokens::expires_at.eq(past))
            .execute(conn)
            .map_err(anyhow::Error::from)
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn unknown_and_malformed_tokens_get_a_helpful_reply() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let user = app.fake().add_user(111, "Alice", None);
    user.send_text(&format!("/start {}", "A".repeat(43)))
        .await
        .unwrap();
    assert!(
        app.next_message_to(111)
            .await
            .plain_text
            .starts_with("I don't recognise this link.")
    );
    user.send_text("/start hello").await.unwrap();
    assert!(
        app.next_message_to(111)
            .await
            .plain_text
            .starts_with("That doesn't look like a link from tglink.")
    );
}

#[tokio::test]
async fn the_copied_start_command_links_too() {
    let app = spawn_app_with_telegram(Intake::Polling).await;
    let alice = app.signed_up("alice").await;
    let token = token_of(&alice.deep_link().await);
    let user = app.fake().add_user(111, "Alice", None);
    user.send_text(&format!("/start {token}")).await.unwrap();
    let prompt = app.next_message_to(111).await;
    user.press_button(&prompt, &prompt.callback_data_for("Confirm").unwrap())
        .await
        .unwrap();
    alice.wait_for_link_status(true).await;
}

#[tokio::test]
async fn two_chats_confirming_one_token_at_once_link_it_once() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let alice = app.signed_up("alice").await;
    let link = alice.deep_link().await;
    let (one, two) = (
        app.fake().add_user(111, "One", None),
        app.fake().add_user(222, "Two", None),
    );
    one.open_link(&link).await.unwrap();
    two.open_link(&link).await.unwrap();
    let (p1, p2) = (
        app.next_message_to(111).await,
        app.next_message_to(222).await,
    );
    let d = p1.callback_data_for("Confirm").unwrap();
    let (r1, r2) = tokio::join!(one.press_button(&p1, &d), two.press_button(&p2, &d));
    r1.unwrap();
    r2.unwrap();
    app.fake()
        .wait_until(WAIT, |f| f.callback_answers().len() == 2)
        .await
        .unwrap();
    let mut toasts: Vec<_> = app
        .fake()
        .callback_answers()
        .into_iter()
        .filter_map(|a| a.text)
        .collect();
    toasts.sort();
    assert_eq!(toasts, ["Linked ✓", "Not linked"]);
    assert_eq!(app.link_events().await.len(), 1);
}

/// The atomicity itself, below the bot: many threads redeem one token with different Telegram
/// accounts at the same moment; exactly one wins (SQLite and PostgreSQL).
#[tokio::test]
async fn concurrent_redemptions_of_one_token_succeed_exactly_once() {
    use tglink::linking::{self, LinkError, TelegramAccount};
    let app = spawn_app_with_telegram_and(Intake::Webhook, |_| {}).await;
    app.signed_up("alice").await;
    let pool = app.pool.clone();
    let token = tglink::db::run(&pool, |conn| {
        let user = tglink::accounts::store::find_by_username(conn, "alice")?.unwrap();
        Ok::<_, anyhow::Error>(
            tglink::linking::link_tokens::issue(
                conn,
                user.id(),
                std::time::Duration::from_secs(600),
            )?
            .0,
        )
    })
    .await
    .unwrap();
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(8));
    let handles: Vec<_> = (0..8)
        .map(|i| {
            let (pool, token, barrier) = (pool.clone(), token.clone(), barrier.clone());
            std::thread::spawn(move || {
                let mut conn = pool.get().unwrap();
                let account = TelegramAccount {
                    telegram_user_id: 1000 + i,
                    chat_id: 1000 + i,
                    username: None,
                    name: format!("T{i}"),
                };
                barrier.wait();
                linking::confirm(&mut conn, &token, &account)
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let wins = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(wins, 1, "{results:?}");
    for r in results.iter().filter_map(|r| r.as_ref().err()) {
        assert!(
            matches!(r, LinkError::Used),
            "losers see a used token, not an error: {r:?}"
        );
    }
}
