//! The bot's conversation once it knows (or does not know) who it talks to: /whoami, /help,
//! /stop, blocking, groups, one Telegram account per site account, and unlinking from the page.
use crate::both_intakes;
use crate::helpers::{Intake, WAIT, spawn_app_with_telegram, spawn_app_with_telegram_and};

both_intakes!(
    stop_unlinks_and_the_history_says_how,
    blocking_the_bot_unlinks
);

async fn stop_unlinks_and_the_history_says_how(intake: Intake) {
    let app = spawn_app_with_telegram(intake).await;
    let alice = app.signed_up("alice").await;
    let user = app
        .link_telegram(&alice, 111, "Alice", Some("alice_tg"))
        .await;

    user.send_text("/stop").await.unwrap();
    let reply = app.next_message_to(111).await;
    assert!(
        reply.plain_text.starts_with("Unlinked."),
        "{}",
        reply.plain_text
    );
    assert!(reply.plain_text.contains("alice"));
    alice.wait_for_link_status(false).await;
    assert_eq!(
        app.link_events().await,
        [
            ("alice".into(), "linked".into(), "bot".into()),
            ("alice".into(), "unlinked".into(), "stop".into())
        ]
    );

    user.send_text("/stop").await.unwrap();
    assert!(
        app.next_message_to(111)
            .await
            .plain_text
            .contains("not linked to any tglink account")
    );
    let html = alice.get_html("/connect").await;
    assert!(
        html.contains("Open in Telegram"),
        "the page offers a new link"
    );
}

async fn blocking_the_bot_unlinks(intake: Intake) {
    let app = spawn_app_with_telegram(intake).await;
    let alice = app.signed_up("alice").await;
    let user = app.link_telegram(&alice, 111, "Alice", None).await;
    user.block().await.unwrap();
    alice.wait_for_link_status(false).await;
    assert_eq!(
        app.link_events().await[1],
        ("alice".into(), "unlinked".into(), "blocked".into())
    );
}

#[tokio::test]
async fn one_telegram_account_links_one_site_account() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let alice = app.signed_up("alice").await;
    let user = app.link_telegram(&alice, 111, "Alice", None).await;

    let bob = app.signed_up("bob").await;
    user.open_link(&bob.deep_link().await).await.unwrap();
    let reply = app.next_message_to(111).await;
    assert!(
        reply.plain_text.starts_with(
            "This Telegram account is already linked to another tglink account (alice)."
        ),
        "{}",
        reply.plain_text
    );
    assert!(reply.plain_text.contains("/stop"));
    assert!(reply.buttons().is_empty());
    assert_eq!(bob.link_status().await["linked"], false);

    // After /stop, the same link works for bob.
    user.send_text("/stop").await.unwrap();
    app.next_message_to(111).await;
    user.open_link(&bob.deep_link().await).await.unwrap();
    let prompt = app.next_message_to(111).await;
    assert!(prompt.plain_text.contains("account bob?"));
    user.press_button(&prompt, &prompt.callback_data_for("Confirm").unwrap())
        .await
        .unwrap();
    bob.wait_for_link_status(true).await;
    assert_eq!(alice.link_status().await["linked"], false);
}

#[tokio::test]
async fn the_same_account_opening_its_link_again_is_told_it_is_linked() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let alice = app.signed_up("alice").await;
    let link = alice.deep_link().await;
    let user = app.link_telegram(&alice, 111, "Alice", None).await;
    user.open_link(&link).await.unwrap();
    let reply = app.next_message_to(111).await;
    assert!(
        reply
            .plain_text
            .starts_with("This Telegram account is already linked to tglink account alice."),
        "{}",
        reply.plain_text
    );
}

#[tokio::test]
async fn whoami_and_help_answer_as_the_site_user() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let stranger = app.fake().add_user(999, "Stranger", None);
    stranger.send_text("/whoami").await.unwrap();
    let reply = app.next_message_to(999).await.plain_text;
    assert!(reply.starts_with("I don't know you yet"), "{reply}");
    assert!(reply.contains("Connect Telegram"), "says how to connect");
    stranger.send_text("/start").await.unwrap();
    assert!(
        app.next_message_to(999)
            .await
            .plain_text
            .contains("Open in Telegram"),
        "bare /start explains"
    );
    stranger.send_text("hello there").await.unwrap();
    assert!(
        app.next_message_to(999)
            .await
            .plain_text
            .starts_with("I don't know you yet")
    );

    let alice = app.signed_up("alice").await;
    let user = app.link_telegram(&alice, 111, "Alice", None).await;
    user.send_text("/whoami").await.unwrap();
    assert_eq!(
        app.next_message_to(111).await.plain_text,
        "You are alice on tglink (a member)."
    );
    user.send_text("/help").await.unwrap();
    let help = app.next_message_to(111).await.plain_text;
    assert!(
        help.contains("/stop") && help.contains("/whoami") && !help.contains("administrator"),
        "{help}"
    );
    user.send_text("/frobnicate").await.unwrap();
    assert!(
        app.next_message_to(111)
            .await
            .plain_text
            .starts_with("I didn't understand that.")
    );

    app.make_admin("alice").await;
    user.send_text("/WhoAmI").await.unwrap();
    assert_eq!(
        app.next_message_to(111).await.plain_text,
        "You are alice on tglink (an administrator)."
    );
    user.send_text("/help").await.unwrap();
    let help = app.next_message_to(111).await.plain_text;
    assert!(
        help.contains("As an administrator") && help.contains("/admin"),
        "{help}"
    );
}

#[tokio::test]
async fn group_chats_are_sent_to_a_private_chat() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let alice = app.signed_up("alice").await;
    let link = alice.deep_link().await;
    let user = app.fake().add_user(111, "Alice", None);
    app.fake().add_group(-500, "Team");

    // Chatter is ignored; a command gets the pointer to the private chat.
    app.fake()
        .send_update(user.group_message(-500, "hello all").unwrap())
        .await
        .unwrap();
    let token = crate::helpers::token_of(&link);
    app.fake()
        .send_update(
            user.group_message(-500, &format!("/start {token}"))
                .unwrap(),
        )
        .await
        .unwrap();
    let reply = app.next_message_to(-500).await;
    assert!(
        reply
            .plain_text
            .starts_with("Linking works only in a private chat."),
        "{}",
        reply.plain_text
    );
    assert!(
        reply
            .plain_text
            .contains(&format!("@{}", app.fake().bot_username()))
    );
    assert!(reply.buttons().is_empty());
    assert_eq!(alice.link_status().await["linked"], false);
}

#[tokio::test]
async fn the_commands_are_registered() {
    let app = spawn_app_with_telegram(Intake::Polling).await;
    let names: Vec<_> = app.fake().commands().into_iter().map(|(c, _)| c).collect();
    assert_eq!(
        names,
        ["start", "stop", "whoami", "settings", "language", "help"]
    );
}

#[tokio::test]
async fn messages_escape_what_the_site_supplies() {
    let app =
        spawn_app_with_telegram_and(Intake::Webhook, |c| c.site_name = "<Acme & Co>".into()).await;
    let alice = app.signed_up("alice").await;
    let user = app.fake().add_user(111, "Alice", None);
    user.open_link(&alice.deep_link().await).await.unwrap();
    let prompt = app.next_message_to(111).await;
    assert!(
        prompt
            .text
            .contains("&lt;Acme &amp; Co&gt; account <b>alice</b>"),
        "{}",
        prompt.text
    );
    assert!(prompt.plain_text.contains("<Acme & Co> account alice?"));
}

#[tokio::test]
async fn unlink_from_the_page_needs_the_form_token_and_tells_the_chat() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let alice = app.signed_up("alice").await;
    app.link_telegram(&alice, 111, "Alice", None).await;

    let r = alice
        .post_form("/connect/unlink", &[("csrf_token", "forged")])
        .await;
    assert_eq!(r.status(), 403);
    assert_eq!(alice.link_status().await["linked"], true);

    let r = alice.submit("/connect", "/connect/unlink", &[]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(crate::helpers::location(&r), "/connect?unlinked=1");
    assert_eq!(alice.link_status().await["linked"], false);
    assert!(
        alice
            .get_html("/connect?unlinked=1")
            .await
            .contains("Your Telegram account was unlinked.")
    );
    let note = app.fake().wait_for_message_to(111, WAIT).await.unwrap();
    assert!(
        note.plain_text
            .contains("unlinked from tglink account alice"),
        "{}",
        note.plain_text
    );
    assert_eq!(
        app.link_events().await[1],
        ("alice".into(), "unlinked".into(), "page".into())
    );
}

#[tokio::test]
async fn the_connect_page_needs_a_sign_in() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    for path in ["/connect", "/connect/status"] {
        let r = app.get(path).await;
        assert_eq!(r.status(), 303, "{path}");
        assert!(crate::helpers::location(&r).starts_with("/login"));
    }
}

#[tokio::test]
async fn a_renamed_telegram_account_is_shown_with_its_new_name() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let alice = app.signed_up("alice").await;
    app.link_telegram(&alice, 111, "Alice", Some("alice_tg"))
        .await;
    let renamed = app.fake().add_user(111, "Alice", Some("alice_new"));
    renamed.send_text("/whoami").await.unwrap();
    app.next_message_to(111).await;
    assert_eq!(alice.link_status().await["telegram"], "@alice_new");
}
