//! Issue 27: dates, times and numbers in the reader's language (Persian digits, Russian and
//! Spanish separators), the errors a member or admin reads in their language (a message's text,
//! its send time, error pages), the bot's /settings in the member's language, and account notices
//! in the member's language rather than the page's.
use chrono::Datelike;
use diesel::prelude::*;
use tglink::db::schema::users;

use crate::broadcast_support::{compose, enqueue, link_users, sign_in_admin, user_id};
use crate::helpers::{Browser, Intake, TestApp, WAIT, spawn_app, spawn_app_with_telegram};

const PASSWORD: &str = "correct horse battery";

/// A page fetched with `accept` as the browser's Accept-Language.
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

/// `n` in Persian digits.
fn persian(n: impl ToString) -> String {
    n.to_string()
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(0x06F0 + d).unwrap_or(c),
            None => c,
        })
        .collect()
}

const RU_MONTHS: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

#[tokio::test]
async fn a_broadcast_page_writes_its_date_and_count_in_persian_and_russian() {
    let app = spawn_app().await;
    let boss = sign_in_admin(&app).await;
    link_users(&app.pool, None, "member", 1203, 10_000, false).await;
    let id = enqueue(
        &app.pool,
        boss,
        "Hello everyone",
        tglink::delivery::text::Format::Plain,
        tglink::delivery::store::Audience::All,
    )
    .await;
    let today = chrono::Utc::now().date_naive();
    let path = format!("/admin/broadcasts/{id}");

    let fa = page_in(&app, &path, "fa-IR").await;
    assert!(fa.contains(r#"<html lang="fa" dir="rtl">"#), "{fa}");
    assert!(fa.contains("۱٬۲۰۳"), "1,203 recipients in Persian: {fa}");
    let date = format!("{} ", persian(today.day()));
    let year = format!(" {}، ساعت ", persian(today.year()));
    assert!(
        fa.contains(&date) && fa.contains(&year) && fa.contains("به وقت UTC"),
        "the date in Persian digits and order: {fa}"
    );
    assert!(!fa.contains(&format!("{}-", today.year())), "no ISO date");

    let ru = page_in(&app, &path, "ru").await;
    assert!(
        ru.contains("1\u{202f}203"),
        "1 203 recipients in Russian: {ru}"
    );
    let date = format!(
        "{} {} {}, ",
        today.day(),
        RU_MONTHS[today.month0() as usize],
        today.year()
    );
    assert!(ru.contains(&date), "{date:?} in {ru}");

    // English as before; the machine values stay ISO in every language.
    let en = page_in(&app, &path, "en").await;
    assert!(en.contains("1,203"), "{en}");
    assert!(en.contains(&today.format("%Y-%m-%d").to_string()));
}

#[tokio::test]
async fn compose_says_what_is_wrong_in_spanish() {
    let app = spawn_app().await;
    sign_in_admin(&app).await;
    link_users(&app.pool, None, "member", 2, 10_000, false).await;
    let saved = app
        .submit("/account", "/account/language", &[("language", "es")])
        .await;
    assert_eq!(saved.status(), 303);

    for (text, format, errors) in [
        ("   ", "plain", &["Primero escribe el mensaje."][..]),
        (
            "<b>hola",
            "html",
            &[
                "Esto no es HTML de Telegram válido: <b> nunca se cierra: añade </b> (en el carácter 1).",
            ][..],
        ),
    ] {
        let r = compose(
            &app,
            &[("text", text), ("format", format), ("audience", "all")],
        )
        .await;
        assert_eq!(r.status(), 422, "{text}");
        // The page as read: askama writes < and > as character references.
        let page = r
            .text()
            .await
            .unwrap()
            .replace("&#60;", "<")
            .replace("&#62;", ">")
            .replace("&lt;", "<")
            .replace("&gt;", ">");
        for error in errors {
            assert!(page.contains(error), "{error} in {page}");
        }
    }

    let yesterday = (chrono::Utc::now() - chrono::Duration::days(1))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let r = compose(
        &app,
        &[
            ("text", "Mañana"),
            ("format", "plain"),
            ("audience", "all"),
            ("send_at", &yesterday),
            ("time_zone", "UTC"),
        ],
    )
    .await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("Esa hora ya pasó"), "{page}");
}

#[tokio::test]
async fn error_pages_speak_the_readers_language() {
    let app = spawn_app().await;
    let browser = app.new_browser();
    let missing = page_in(&browser, "/no/such/page", "ru").await;
    assert!(missing.contains("Страница не найдена"), "{missing}");
    let member = app.signed_up("alice").await;
    let forbidden = member
        .client
        .get(member.url("/admin"))
        .header("Accept-Language", "pt-BR")
        .send()
        .await
        .unwrap();
    assert_eq!(forbidden.status(), 403);
    let page = forbidden.text().await.unwrap();
    assert!(page.contains("Só para administradores"), "{page}");
}

/// Links `browser`'s account from a Telegram app set to `code`, confirming with `confirm`.
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
    let data = prompt
        .callback_data_for(confirm)
        .unwrap_or_else(|| panic!("Confirm in {code}: {:?}", prompt.plain_text));
    user.press_button(&prompt, &data).await.expect("Confirm");
    browser.wait_for_link_status(true).await;
    app.updates_handled().await;
    user
}

/// Creates a topic on the admin page (the app's browser is the admin).
async fn create_topic(app: &TestApp, name: &str, critical: bool) {
    let mut fields = vec![("name", name), ("description", "About it")];
    if critical {
        fields.push(("critical", "on"));
    }
    let r = app.submit("/admin/topics", "/admin/topics", &fields).await;
    assert_eq!(r.status(), 303, "create topic {name}");
}

#[tokio::test]
async fn settings_in_the_bot_speak_the_members_telegram_language() {
    let app = spawn_app_with_telegram(Intake::Polling).await;
    sign_in_admin(&app).await;
    create_topic(&app, "Offers", false).await;
    create_topic(&app, "Security", true).await;
    create_topic(&app, "Alerts", true).await;
    let alice = app.signed_up("alice").await;
    let user = link_speaking(&app, &alice, 701, "ru", "Подтвердить").await;

    user.send_text("/settings").await.unwrap();
    let settings = app.next_message_to(701).await;
    assert!(
        settings.plain_text.starts_with("Что вам присылает tglink"),
        "{}",
        settings.plain_text
    );
    assert!(
        settings
            .plain_text
            .contains("Приходит всегда: Alerts, Security."),
        "{}",
        settings.plain_text
    );
    let toggle = settings
        .callback_data_for("⬜ Offers")
        .expect("a toggle for Offers");
    user.press_button(&settings, &toggle).await.unwrap();
    app.fake()
        .wait_until(WAIT, |f| {
            f.callback_answers()
                .iter()
                .any(|a| a.text.as_deref() == Some("«Offers»: включено"))
        })
        .await
        .expect("the toast in Russian");
}

#[tokio::test]
async fn a_notice_is_written_in_the_members_language_not_the_pages() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let alice = app.signed_up("alice").await;
    link_speaking(&app, &alice, 702, "ru", "Подтвердить").await;
    // This browser reads the site in Spanish (the footer menu's choice).
    let chosen = alice.get("/language?lang=es").await;
    assert_eq!(chosen.status(), 303);
    let page = alice.get_html("/account/password").await;
    assert!(page.contains(r#"<html lang="es""#));

    let new = "a brand new passphrase";
    let r = alice
        .submit(
            "/account/password",
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("password", new),
                ("password_confirm", new),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let month = RU_MONTHS[chrono::Utc::now().month0() as usize];
    app.fake()
        .wait_until(WAIT, |f| {
            f.messages_to(702).iter().any(|m| {
                m.plain_text
                    .starts_with("Пароль вашего аккаунта alice на tglink был изменён")
                    && m.plain_text.contains(month)
            })
        })
        .await
        .unwrap_or_else(|_| {
            let texts: Vec<String> = app
                .fake()
                .messages_to(702)
                .into_iter()
                .map(|m| m.plain_text)
                .collect();
            panic!("the notice in Russian, with a Russian date: {texts:?}")
        });
}

#[tokio::test]
async fn erasing_an_account_forgets_its_language() {
    let app = spawn_app().await;
    let leaver = app.signed_up("leaver").await;
    let saved = leaver
        .submit("/account", "/account/language", &[("language", "fa")])
        .await;
    assert_eq!(saved.status(), 303);
    let id = user_id(&app.pool, "leaver").await;
    assert_eq!(language_of(&app, id).await.as_deref(), Some("fa"));
    let r = leaver
        .submit(
            "/account/delete",
            "/account/delete",
            &[("password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        language_of(&app, id).await,
        None,
        "the kept row says nothing of the member"
    );
}

/// `users.language` of account `id`.
async fn language_of(app: &TestApp, id: i64) -> Option<String> {
    tglink::db::run(&app.pool, move |conn| {
        users::table
            .find(id)
            .select(users::language)
            .first::<Option<String>>(conn)
    })
    .await
    .expect("the row")
}
