//! Issue 27: the admin pages after compose speak the admin's language. An admin whose saved
//! language is Russian or Persian reads every admin page in it (no English left of a few key
//! phrases, no catalogue key shown raw); a flash after an action and the audit log's "who did
//! what" follow the admin's language too.
use tglink::delivery::store::Audience;
use tglink::delivery::text::Format;

use crate::broadcast_support::*;
use crate::helpers::{TestApp, location, spawn_app};

/// The app's default browser signed in as the admin "boss", whose saved language is `tag`.
async fn admin_speaking(tag: &str) -> (TestApp, i64) {
    let app = spawn_app().await;
    let boss = sign_in_admin(&app).await;
    let r = app
        .submit("/account", "/account/language", &[("language", tag)])
        .await;
    assert_eq!(r.status(), 303, "saving the language {tag}");
    (app, boss)
}

/// What the pages need to have something to show: linked members, a broadcast on its way, a
/// scheduled one, a topic, a webhook endpoint, a token. Returns (the broadcast, the scheduled one).
async fn something_to_show(app: &TestApp, boss: i64) -> (i64, i64) {
    link_users(&app.pool, None, "member", 3, 7100, false).await;
    let sent = enqueue(
        &app.pool,
        boss,
        "Winter party",
        Format::Plain,
        Audience::All,
    )
    .await;
    let later = (chrono::Utc::now() + chrono::Duration::days(2))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let r = compose(
        app,
        &[
            ("text", "Spring party"),
            ("format", "plain"),
            ("audience", "all"),
            ("send_at", &later),
            ("time_zone", "UTC"),
        ],
    )
    .await;
    assert_eq!(r.status(), 303, "scheduling: {:?}", r.text().await);
    let scheduled = broadcast_id(&location(&r));
    for (page, action, fields) in [
        (
            "/admin/topics",
            "/admin/topics",
            vec![("name", "News"), ("description", "What is new")],
        ),
        (
            "/admin/webhooks",
            "/admin/webhooks",
            vec![("url", "https://hooks.example.com/tglink")],
        ),
        ("/admin/tokens", "/admin/tokens", vec![("name", "shop")]),
    ] {
        let r = app.submit(page, action, &fields).await;
        assert!(r.status().is_success() || r.status() == 303, "{action}");
    }
    (sent, scheduled)
}

/// Every admin page after compose: (path, a phrase of its own in Russian, in Persian).
fn pages(sent: i64, scheduled: i64) -> Vec<(String, &'static str, &'static str)> {
    vec![
        ("/admin/broadcasts".into(), "Рассылки", "پیام‌های همگانی"),
        (
            format!("/admin/broadcasts/{sent}"),
            "Результат по каждому получателю",
            "نتیجه برای هر گیرنده",
        ),
        (
            format!("/admin/broadcasts/{sent}/recipients"),
            "Фильтр по результату",
            "فیلتر بر اساس نتیجه",
        ),
        (
            format!("/admin/broadcasts/{scheduled}/edit"),
            "Изменить запланированную рассылку",
            "تغییر پیام همگانی زمان‌بندی‌شدهٔ",
        ),
        ("/admin/users".into(), "Имя пользователя", "نام کاربری"),
        ("/admin/topics".into(), "Новая тема", "موضوع تازه"),
        ("/admin/webhooks".into(), "Добавить адрес", "افزودن نشانی"),
        (
            "/admin/groups".into(),
            "Группы и каналы",
            "گروه‌ها و کانال‌ها",
        ),
        ("/admin/tokens".into(), "Создать токен", "ساخت توکن"),
        ("/admin/audit".into(), "Все действия", "همهٔ کارها"),
    ]
}

/// English a page must not show once translated (headings, labels, buttons, pills, the nav).
const ENGLISH: [&str; 24] = [
    ">Broadcasts<",
    "everyone linked",
    "Outcome per recipient",
    "Cancel broadcast",
    "The message<",
    "Filter by outcome",
    ">Attempts<",
    "Change scheduled broadcast",
    "Save changes",
    "Username, or @username",
    ">Search<",
    "Last sign-in",
    "Make admin",
    "New topic",
    "Create topic",
    "Add an endpoint",
    "events waiting",
    "Groups and channels",
    "Create a token",
    "Every action",
    "Admin menu",
    ">Sending<",
    " pending<",
    " characters\"",
];

async fn pages_speak(
    tag: &str,
    pick: fn(&(String, &'static str, &'static str)) -> &'static str,
) -> TestApp {
    let (app, boss) = admin_speaking(tag).await;
    let (sent, scheduled) = something_to_show(&app, boss).await;
    for page in pages(sent, scheduled) {
        let (path, own) = (&page.0, pick(&page));
        let r = app.get(path).await;
        assert_eq!(r.status(), 200, "{path}");
        let html = r.text().await.expect("body");
        assert!(html.contains(&format!("<html lang=\"{tag}\"")), "{path}");
        assert!(html.contains(own), "{path} in {tag} says {own:?}:\n{html}");
        for english in ENGLISH {
            assert!(
                !html.contains(english),
                "{path} in {tag} still says {english:?}"
            );
        }
        // The tabs are named, not shown as their catalogue keys.
        assert!(
            !html.contains(">admin-nav-"),
            "{path}: a raw key in the nav"
        );
        assert!(!html.contains("manage-"), "{path}: a raw catalogue key");
    }
    app
}

#[tokio::test]
async fn an_admin_who_reads_russian_gets_every_admin_page_in_russian() {
    let app = pages_speak("ru", |p| p.1).await;
    let history = app.get_html("/admin/broadcasts").await;
    assert!(history.contains("Обзор"), "the tabs in Russian");
    assert!(
        history.contains("ожидают: <strong"),
        "the counts in Russian"
    );
    assert!(
        history.contains("Отправляется"),
        "the status pill in Russian"
    );
    // admin.js gets its words from the page.
    let compose = app.get_html("/admin/broadcasts/new").await;
    assert!(
        compose.contains("data-characters=\"Символов: {len} / {max}\""),
        "{compose}"
    );
    assert!(
        history.contains("data-eta=\"· осталось около {time}"),
        "{history}"
    );
}

#[tokio::test]
async fn an_admin_who_reads_persian_gets_every_admin_page_in_persian_right_to_left() {
    let app = pages_speak("fa", |p| p.2).await;
    let users = app.get_html("/admin/users").await;
    assert!(users.contains("dir=\"rtl\""));
    assert!(users.contains("نمای کلی"), "the tabs in Persian");
}

/// The text of the page's flash message, if it has one.
fn flash(html: &str) -> Option<String> {
    let start = html.find("flash\" role=\"")?;
    let text = &html[start..];
    let text = &text[text.find('>')? + 1..];
    Some(text[..text.find("</p>")?].to_string())
}

#[tokio::test]
async fn a_spanish_admin_reads_the_flash_after_an_action_in_spanish() {
    let (app, _) = admin_speaking("es").await;
    app.signed_up("erin").await;
    let erin = user_id(&app.pool, "erin").await;
    let r = app
        .submit("/admin/users", &format!("/admin/users/{erin}/disable"), &[])
        .await;
    let page = app.get_html(&location(&r)).await;
    assert_eq!(
        flash(&page).as_deref(),
        Some("erin está desactivado: sus sesiones terminaron y no se le envía nada más."),
        "{page}"
    );
    let r = app
        .submit("/admin/topics", "/admin/topics", &[("name", "Ofertas")])
        .await;
    let page = app.get_html(&location(&r)).await;
    assert_eq!(flash(&page).as_deref(), Some("Se creó el tema Ofertas."));
    // A refusal too: the same name again re-renders the form with the error in Spanish.
    let again = app
        .submit("/admin/topics", "/admin/topics", &[("name", "Ofertas")])
        .await;
    assert_eq!(again.status(), 422);
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("Ya hay otro tema con este nombre.")
    );
}

#[tokio::test]
async fn a_portuguese_admin_reads_who_did_what_in_the_audit_log_in_portuguese() {
    let (app, _) = admin_speaking("pt-BR").await;
    app.signed_up("erin").await;
    let erin = user_id(&app.pool, "erin").await;
    let r = app
        .submit("/admin/users", &format!("/admin/users/{erin}/disable"), &[])
        .await;
    assert_eq!(r.status(), 303);
    let r = app
        .submit("/admin/topics", "/admin/topics", &[("name", "Novidades")])
        .await;
    assert_eq!(r.status(), 303);
    let audit = app.get_html("/admin/audit").await;
    let rows: Vec<&str> = audit.split("<tr class=\"audit-entry\">").skip(1).collect();
    assert!(
        rows.iter()
            .any(|r| r.contains("<td>boss</td><td>desativou</td><td>erin</td>")),
        "{audit}"
    );
    assert!(
        rows.iter().any(|r| r.contains("<td>criou um assunto</td>")),
        "{audit}"
    );
    assert!(!audit.contains("disabled<"), "{audit}");
    // The filter speaks Portuguese as well.
    assert!(audit.contains(">Comunicados</option>"), "{audit}");
}
