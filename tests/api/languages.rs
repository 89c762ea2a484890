//! Issue 27: the site and the bot speak the reader's language. The bot follows the member's saved
//! choice, else Telegram's language_code; pages follow the saved choice, else the footer menu's
//! cookie, else Accept-Language, else TGLINK_DEFAULT_LANGUAGE; the command menu is registered
//! per language.
use crate::cli::tglink;
use crate::helpers::{
    Browser, Intake, TestApp, TestDb, location, spawn_app, spawn_app_with_telegram,
};

/// A page as a browser that sends `accept` as its Accept-Language.
async fn page_in(browser: &Browser, path: &str, accept: &str) -> String {
    browser
        .client
        .get(browser.url(path))
        .header("Accept-Language", accept)
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("body")
}

/// Links `browser`'s account from a Telegram app set to `code`; `confirm` is the Confirm button's
/// label in that language.
async fn link_speaking(
    app: &TestApp,
    browser: &Browser,
    id: i64,
    code: &str,
    confirm: &str,
) -> telegram_fake::FakeUser {
    let user = app.fake().add_user_speaking(id, "Member", None, code);
    let link = browser.deep_link().await;
    user.open_link(&link).await.expect("opens the deep link");
    let prompt = app.next_message_to(id).await;
    let data = prompt.callback_data_for(confirm).unwrap_or_else(|| {
        panic!(
            "the bot asks to confirm in {code}, got {:?}",
            prompt.plain_text
        )
    });
    user.press_button(&prompt, &data)
        .await
        .expect("presses Confirm");
    browser.wait_for_link_status(true).await;
    user
}

#[tokio::test]
async fn a_stranger_whose_telegram_says_ru_gets_the_bot_in_russian() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let stranger = app.fake().add_user_speaking(301, "Ivan", None, "ru");
    stranger.send_text("/help").await.unwrap();
    let reply = app.next_message_to(301).await;
    assert!(
        reply.plain_text.starts_with("Я бот сайта"),
        "{}",
        reply.plain_text
    );
}

#[tokio::test]
async fn a_linked_member_whose_telegram_says_ru_gets_the_bot_in_russian() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let alice = app.signed_up("alice").await;
    let user = link_speaking(&app, &alice, 302, "ru", "Подтвердить").await;
    // Confirming edits the question into the greeting (no new message).
    app.updates_handled().await;
    let edits = app.fake().calls_to("editMessageText");
    let greeting = edits
        .last()
        .expect("the question is edited into the greeting");
    let text = greeting.params["text"].as_str().unwrap_or_default();
    assert!(text.starts_with("Привязано ✓"), "{text}");
    user.send_text("/whoami").await.unwrap();
    app.updates_handled().await;
    let reply = app.next_message_to(302).await;
    assert!(
        reply.plain_text.starts_with("Вы — alice"),
        "{}",
        reply.plain_text
    );
}

#[tokio::test]
async fn pages_follow_accept_language_and_persian_is_right_to_left() {
    let app = spawn_app().await;
    let browser = app.new_browser();
    let es = page_in(&browser, "/", "es-ES,es;q=0.9,en;q=0.5").await;
    assert!(es.contains(r#"<html lang="es" dir="ltr">"#), "{es}");
    assert!(es.contains("Iniciar sesión"), "the header is Spanish");
    let fa = page_in(&browser, "/", "fa-IR").await;
    assert!(fa.contains(r#"<html lang="fa" dir="rtl">"#));
    assert!(fa.contains("ورود"));
    let other = page_in(&browser, "/", "de-DE, fr;q=0.5").await;
    assert!(
        other.contains(r#"<html lang="en" dir="ltr">"#),
        "the default"
    );
}

#[tokio::test]
async fn the_footer_menu_keeps_a_visitors_choice_in_a_cookie() {
    let app = spawn_app().await;
    let browser = app.new_browser();
    let home = page_in(&browser, "/login", "es").await;
    assert!(
        home.contains(r#"href="/language?lang=ru""#),
        "the footer offers Russian"
    );
    let chosen = browser
        .client
        .get(browser.url("/language?lang=ru"))
        .header("Referer", browser.url("/login"))
        .send()
        .await
        .unwrap();
    assert_eq!(chosen.status(), 303);
    assert_eq!(location(&chosen), "/login", "back where the menu was");
    let page = page_in(&browser, "/login", "es").await;
    assert!(
        page.contains(r#"<html lang="ru" dir="ltr">"#),
        "the cookie beats Accept-Language"
    );
    // Anything else leads home, never elsewhere.
    let odd = browser
        .client
        .get(browser.url("/language?lang=xx"))
        .header("Referer", "https://evil.example/x")
        .send()
        .await
        .unwrap();
    assert_eq!(location(&odd), "/");
}

#[tokio::test]
async fn choosing_pt_br_on_account_switches_the_site_and_the_bot() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let alice = app.signed_up("alice").await;
    let user = link_speaking(&app, &alice, 401, "ru", "Подтвердить").await;
    let before = page_in(&alice, "/account", "es").await;
    assert!(
        before.contains(r#"<html lang="es""#),
        "the browser's language until a choice"
    );

    let saved = alice
        .submit("/account", "/account/language", &[("language", "pt-BR")])
        .await;
    assert_eq!(saved.status(), 303);
    let after = page_in(&alice, "/account?done=language", "es").await;
    assert!(after.contains(r#"<html lang="pt-BR" dir="ltr">"#));
    assert!(after.contains("Seu idioma foi salvo"));
    user.send_text("/help").await.unwrap();
    let reply = app.next_message_to(401).await;
    assert!(
        reply.plain_text.starts_with("Você está vinculado"),
        "{}",
        reply.plain_text
    );

    // A value the select never offers is refused by the field, and nothing changes.
    let refused = alice
        .submit("/account", "/account/language", &[("language", "klingon")])
        .await;
    assert_eq!(refused.status(), 422);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("Escolha um dos idiomas")
    );
}

#[tokio::test]
async fn the_bots_language_command_saves_the_same_setting_as_the_site() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let alice = app.signed_up("alice").await;
    let user = app.link_telegram(&alice, 501, "Alice", None).await;
    user.send_text("/language").await.unwrap();
    let prompt = app.next_message_to(501).await;
    let data = prompt
        .callback_data_for("Español")
        .expect("a button per language");
    assert!(prompt.callback_data_for("فارسی").is_some());
    user.press_button(&prompt, &data).await.unwrap();
    app.updates_handled().await;
    let page = page_in(&alice, "/", "en").await;
    assert!(
        page.contains(r#"<html lang="es""#),
        "the site follows the bot's choice"
    );
    user.send_text("/help").await.unwrap();
    let reply = app.next_message_to(501).await;
    assert!(
        reply.plain_text.starts_with("Estás vinculado"),
        "{}",
        reply.plain_text
    );
}

#[tokio::test]
async fn the_command_menu_is_registered_in_every_language() {
    let app = spawn_app_with_telegram(Intake::Polling).await;
    let deadline = tokio::time::Instant::now() + crate::helpers::WAIT;
    while app.fake().commands_in("fa").is_empty() {
        assert!(tokio::time::Instant::now() < deadline, "no Persian menu");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let ru = app.fake().commands_in("ru");
    assert!(
        ru.contains(&("language".into(), "Выбрать язык бота".into())),
        "{ru:?}"
    );
    assert!(
        !app.fake().commands_in("pt").is_empty(),
        "Portuguese under Telegram's `pt`"
    );
    assert!(!app.fake().commands_in("es").is_empty());
    assert!(
        app.fake()
            .commands()
            .contains(&("help".into(), "What this bot can do".into()))
    );
}

#[test]
fn an_unknown_default_language_stops_the_start_with_one_line() {
    let db = TestDb::new();
    let out = tglink()
        .arg("serve")
        .env("DATABASE_URL", db.url())
        .env("TGLINK_BIND", "127.0.0.1:0")
        .env("TGLINK_DEFAULT_LANGUAGE", "xx")
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<_> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(lines[0].contains("TGLINK_DEFAULT_LANGUAGE"), "{stderr}");
}
