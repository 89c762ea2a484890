//! Issue 27, the member's side: every page a member reads (home, sign-up, Connect, the account
//! pages, password reset, sign-in links, Telegram login, error pages) and the messages those
//! pages show (form errors, notices) come in the reader's language, with no English left in the
//! phrases checked here.
use crate::helpers::{Browser, Intake, TestApp, spawn_app_with_telegram};

/// A browser whose every request says `accept` as its Accept-Language.
fn browser_speaking(app: &TestApp, accept: &str) -> Browser {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::ACCEPT_LANGUAGE,
        reqwest::header::HeaderValue::from_str(accept).expect("a header value"),
    );
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .default_headers(headers)
        .build()
        .expect("client");
    Browser {
        address: app.address.clone(),
        client,
    }
}

/// Signs up `username` in `browser` (its pages then follow its Accept-Language: no saved choice).
async fn sign_up(browser: &Browser, username: &str) {
    let r = browser.sign_up(username, "correct horse battery").await;
    assert_eq!(r.status(), 303, "sign up {username}");
}

/// `page` has each of `present` and none of `absent` (English phrases that must be gone).
fn check(path: &str, page: &str, present: &[&str], absent: &[&str]) {
    for p in present {
        assert!(page.contains(p), "{path}: expected {p:?} in\n{page}");
    }
    for a in absent {
        assert!(!page.contains(a), "{path}: English {a:?} left in\n{page}");
    }
}

/// What each page says in one language, and English it must not say.
struct Expect {
    accept: &'static str,
    home_visitor: &'static str,
    signup: &'static str,
    reset_request: &'static str,
    connect: &'static str,
    password: &'static str,
    sessions: &'static str,
    notifications: &'static str,
    delete: &'static str,
    home_member: &'static str,
    not_found: &'static str,
}

const SPANISH: Expect = Expect {
    accept: "es-ES,es;q=0.9,en;q=0.5",
    home_visitor: "Tus notificaciones, en Telegram",
    signup: "Crea tu cuenta",
    reset_request: "Enviamos un enlace para elegir una nueva contraseña",
    connect: "Abrir en Telegram",
    password: "Contraseña actual",
    sessions: "Cerrar sesión en todos los demás",
    notifications: "Horas de silencio",
    delete: "Tu contraseña, para confirmar",
    home_member: "Hola, ",
    not_found: "Página no encontrada",
};

const RUSSIAN: Expect = Expect {
    accept: "ru-RU,ru;q=0.9",
    home_visitor: "Ваши уведомления — в Telegram",
    signup: "Создайте аккаунт",
    reset_request: "Мы отправим ссылку для нового пароля",
    connect: "Открыть в Telegram",
    password: "Текущий пароль",
    sessions: "Завершить все другие сеансы",
    notifications: "Тихие часы",
    delete: "Ваш пароль для подтверждения",
    home_member: "Здравствуйте, ",
    not_found: "Страница не найдена",
};

const PERSIAN: Expect = Expect {
    accept: "fa-IR,fa;q=0.9",
    home_visitor: "اعلان‌های شما، در تلگرام",
    signup: "حساب خود را بسازید",
    reset_request: "پیوندی برای انتخاب گذرواژهٔ تازه",
    connect: "باز کردن در تلگرام",
    password: "گذرواژهٔ فعلی",
    sessions: "خروج از همهٔ جاهای دیگر",
    notifications: "ساعت‌های سکوت",
    delete: "گذرواژهٔ شما، برای تأیید",
    home_member: "سلام ",
    not_found: "صفحه پیدا نشد",
};

async fn every_member_page_speaks(app: &TestApp, expect: &Expect, username: &str) {
    let browser = browser_speaking(app, expect.accept);
    let pages = [
        (
            "/",
            expect.home_visitor,
            &[
                "Your notifications, on Telegram",
                "How it works",
                "Sign up</strong>",
            ][..],
        ),
        (
            "/signup",
            expect.signup,
            &[
                "Create your account",
                "Confirm password",
                "At least 10 characters",
            ][..],
        ),
        (
            "/password-reset",
            expect.reset_request,
            &["We send a link", "Send me a link in Telegram"][..],
        ),
    ];
    for (path, present, absent) in pages {
        let page = browser.get_html(path).await;
        check(path, &page, &[present], absent);
    }
    let missing = browser.get("/no/such/page").await;
    assert_eq!(missing.status(), 404);
    let page = missing.text().await.expect("body");
    check(
        "/no/such/page",
        &page,
        &[expect.not_found],
        &["Page not found", "Back to the start page"],
    );

    sign_up(&browser, username).await;
    let pages = [
        ("/", expect.home_member, &["Hello, ", "Get this site"][..]),
        (
            "/connect",
            expect.connect,
            &[
                "Open in Telegram",
                "Waiting for you to confirm",
                "This link works for",
                "more minutes",
                "Scan this with your phone",
            ][..],
        ),
        (
            "/account/password",
            expect.password,
            &["Current password", "New password", "Back to your account"][..],
        ),
        (
            "/account/sessions",
            expect.sessions,
            &["Sign out everywhere else", "This device", "Signed in "][..],
        ),
        (
            "/account/notifications",
            expect.notifications,
            &["Quiet hours", "Silence messages at night", "Your time zone"][..],
        ),
        (
            "/account/delete",
            expect.delete,
            &[
                "Delete my account",
                "Your password, to confirm",
                "It cannot be undone",
            ][..],
        ),
    ];
    for (path, present, absent) in pages {
        let page = browser.get_html(path).await;
        check(path, &page, &[present], absent);
    }
}

#[tokio::test]
async fn every_member_page_is_spanish_for_a_spanish_browser() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    every_member_page_speaks(&app, &SPANISH, "lucia").await;
}

#[tokio::test]
async fn every_member_page_is_russian_for_a_russian_browser() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    every_member_page_speaks(&app, &RUSSIAN, "ivan").await;
}

#[tokio::test]
async fn every_member_page_is_persian_for_a_persian_browser() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    every_member_page_speaks(&app, &PERSIAN, "dariush").await;
}

#[tokio::test]
async fn a_refused_sign_up_shows_every_error_in_spanish() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let browser = browser_speaking(&app, "es");
    let r = browser
        .submit(
            "/signup",
            "/signup",
            &[
                ("username", "x"),
                ("password", "short"),
                ("password_confirm", "other"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.expect("body");
    check(
        "POST /signup",
        &page,
        &[
            "Elige un nombre de usuario de al menos 3 caracteres.",
            "Usa una contraseña de al menos 10 caracteres.",
            "Las dos contraseñas no coinciden.",
        ],
        &[
            "Choose a username of at least 3 characters.",
            "Use a password of at least 10 characters.",
            "The two passwords do not match.",
        ],
    );
    // A taken name, in the same language.
    let first = app.signed_up("rosa").await;
    drop(first);
    let r = browser.sign_up("rosa", "correct horse battery").await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.expect("body");
    check(
        "POST /signup (taken)",
        &page,
        &["Ese nombre de usuario ya está en uso."],
        &["That username is taken."],
    );
}

#[tokio::test]
async fn a_wrong_login_and_a_wrong_current_password_are_russian() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    app.signed_up("olga").await;
    let browser = browser_speaking(&app, "ru");
    let r = browser.log_in("olga", "not her password").await;
    assert_eq!(r.status(), 401);
    let page = r.text().await.expect("body");
    check(
        "POST /login",
        &page,
        &["Неверное имя пользователя или пароль."],
        &["Wrong username or password."],
    );
    sign_up(&browser, "pavel").await;
    let r = browser
        .submit(
            "/account/password",
            "/account/password",
            &[
                ("current_password", "wrong wrong wrong"),
                ("password", "a new long password"),
                ("password_confirm", "a new long password"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.expect("body");
    check(
        "POST /account/password",
        &page,
        &["Это не ваш текущий пароль."],
        &["That is not your current password."],
    );
    let r = browser
        .submit(
            "/account/notifications",
            "/account/notifications",
            &[
                ("quiet", "on"),
                ("quiet_start", "25:00"),
                ("quiet_end", "07:00"),
                ("time_zone", "UTC"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.expect("body");
    check(
        "POST /account/notifications",
        &page,
        &["С: Укажите время, например 22:00."],
        &["From: Give a time like 22:00."],
    );
}

#[tokio::test]
async fn the_connect_page_of_a_linked_member_is_portuguese() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let browser = browser_speaking(&app, "pt-BR,pt;q=0.9");
    sign_up(&browser, "joana").await;
    app.link_telegram(&browser, 7101, "Joana", Some("joana_tg"))
        .await;
    let page = browser.get_html("/connect").await;
    check(
        "/connect (linked)",
        &page,
        &[
            "Conectada a <strong>@joana_tg</strong>",
            "Próximo passo: deixe do seu jeito",
            "Desvincular o Telegram…",
            "Grupos e canais",
        ],
        &[
            "Connected to",
            "Next: make it yours",
            "Unlink Telegram",
            "Groups and channels",
        ],
    );
    let unlink = browser.get_html("/connect/unlink").await;
    check(
        "/connect/unlink",
        &unlink,
        &["Desvincular o Telegram?", "Manter vinculada"],
        &["Unlink Telegram?", "Keep it linked"],
    );
    let home = browser.get_html("/").await;
    check(
        "/ (linked)",
        &home,
        &["Escolher assuntos e horário silencioso"],
        &["Choose topics and quiet hours"],
    );
}

#[tokio::test]
async fn a_member_page_refusal_and_an_expired_form_are_persian() {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let browser = browser_speaking(&app, "fa");
    sign_up(&browser, "sara").await;
    // A member on an admin page: 403, in Persian, with the signed-in header.
    let r = browser.get("/admin").await;
    assert_eq!(r.status(), 403);
    let page = r.text().await.expect("body");
    check(
        "/admin",
        &page,
        &["فقط برای مدیران", "این صفحه برای مدیران سایت است."],
        &["Admins only", "administrators."],
    );
    // A form without its CSRF token.
    let r = browser
        .post_form("/account/alerts", &[("signin_alerts", "on")])
        .await;
    assert_eq!(r.status(), 403);
    let page = r.text().await.expect("body");
    check(
        "POST /account/alerts (no token)",
        &page,
        &["این فرم منقضی شده است"],
        &["This form has expired"],
    );
}
