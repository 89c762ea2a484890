//! The test harness: spawn the real app on port 0 with a fresh database (a SQLite temp file, or a
//! new PostgreSQL database when TEST_DATABASE_URL is set) and talk HTTP to it.
use std::sync::LazyLock;
use std::time::Duration;

use diesel::{Connection, RunQueryDsl};
use reqwest::redirect::Policy;
use telegram_fake::{FakeTelegram, FakeUser, SentMessage};
use tglink::config::Config;
use tglink::startup::Application;

/// One tracing subscriber for the test binary; set TEST_LOG=1 to see the app's logs.
static TRACING: LazyLock<()> = LazyLock::new(|| {
    if std::env::var("TEST_LOG").is_ok() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("info"))
            .with_test_writer()
            .try_init();
    }
});

/// A database that exists for one test and is removed after it.
pub enum TestDb {
    Sqlite {
        _dir: tempfile::TempDir,
        url: String,
    },
    Postgres {
        admin_url: String,
        name: String,
        url: String,
    },
}

impl TestDb {
    /// PostgreSQL when TEST_DATABASE_URL is set, else a SQLite file.
    pub fn new() -> TestDb {
        match std::env::var("TEST_DATABASE_URL") {
            Ok(admin_url) if !admin_url.is_empty() => TestDb::postgres_at(admin_url),
            _ => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = dir.path().join("test.db").to_string_lossy().into_owned();
                TestDb::Sqlite { _dir: dir, url }
            }
        }
    }

    /// A PostgreSQL database for a test that needs PostgreSQL whatever the suite runs on:
    /// TEST_PG_URL (scripts/test sets it), TEST_DATABASE_URL, or the local server. Fails, saying
    /// how to fix it, when no server answers.
    pub fn postgres() -> TestDb {
        let admin_url = ["TEST_PG_URL", "TEST_DATABASE_URL"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|u| u.starts_with("postgres"))
            .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/postgres".into());
        TestDb::postgres_at(admin_url)
    }

    fn postgres_at(admin_url: String) -> TestDb {
        let name = format!("tglink_test_{}", uuid_like());
        let mut conn = diesel::PgConnection::establish(&admin_url).unwrap_or_else(|e| {
            panic!(
                "this test needs PostgreSQL, and {admin_url} cannot be reached ({e}): run \
                 scripts/test (it starts a throwaway server), or set TEST_PG_URL to an admin URL"
            )
        });
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .expect("create the test database");
        let url = replace_db_name(&admin_url, &name);
        TestDb::Postgres {
            admin_url,
            name,
            url,
        }
    }

    pub fn backend(&self) -> tglink::db::Backend {
        tglink::db::Backend::from_url(self.url()).expect("a test database URL")
    }

    pub fn url(&self) -> &str {
        match self {
            TestDb::Sqlite { url, .. } | TestDb::Postgres { url, .. } => url,
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let TestDb::Postgres {
            admin_url, name, ..
        } = self
        {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Drop runs inside the test's runtime: do the blocking work on a plain thread.
            let _ = std::thread::spawn(move || {
                if let Ok(mut conn) = diesel::PgConnection::establish(&admin_url) {
                    let _ =
                        diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                            .execute(&mut conn);
                }
            })
            .join();
        }
    }
}

fn uuid_like() -> String {
    use rand::RngCore;
    let mut b = [0u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut b);
    hex::encode(b)
}

fn replace_db_name(url: &str, name: &str) -> String {
    let mut parsed = url::Url::parse(url).expect("TEST_DATABASE_URL is a URL");
    parsed.set_path(&format!("/{name}"));
    parsed.to_string()
}

pub struct TestApp {
    pub address: String,
    pub port: u16,
    /// The default browser; `new_browser()` makes more.
    pub browser: Browser,
    pub pool: tglink::db::Pool,
    /// Dropped with the app: removes the test database.
    #[allow(dead_code)]
    pub db: TestDb,
    pub server: tokio::task::JoinHandle<anyhow::Result<()>>,
    /// The fake Bot API the app talks to, when spawned with `spawn_app_with_telegram*`.
    pub telegram: Option<FakeTelegram>,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Spawns the app with a test configuration that `configure` may change.
pub async fn spawn_app_with(configure: impl FnOnce(&mut Config)) -> TestApp {
    LazyLock::force(&TRACING);
    let db = TestDb::new();
    let mut config = Config::for_tests(db.url());
    // The tests' webhook receivers listen on this machine; tests of the refusal turn it off.
    config.webhook_allow_private = true;
    configure(&mut config);
    let app = Application::build(config).await.expect("the app builds");
    let port = app.port();
    let pool = app.pool();
    let server = tokio::spawn(app.run_until_stopped());
    let address = format!("http://127.0.0.1:{port}");
    TestApp {
        browser: Browser::new(&address),
        address,
        port,
        pool,
        db,
        server,
        telegram: None,
    }
}

/// The bot token the tests' fake Bot API accepts.
pub const BOT_TOKEN: &str = "123456:TEST-token_abc";

/// How long a test waits for something the app does in the background.
pub const WAIT: Duration = Duration::from_secs(10);

/// How the app under test receives updates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intake {
    /// TGLINK_PUBLIC_URL is the app's own address: the fake POSTs updates to its webhook.
    Webhook,
    /// No public URL: the app long-polls the fake's getUpdates.
    Polling,
}

/// Spawns the app with a fake Bot API, and returns once the bot is ready: its username known, its
/// commands set, and its webhook registered (webhook mode) or its polling started.
pub async fn spawn_app_with_telegram(intake: Intake) -> TestApp {
    spawn_app_with_telegram_and(intake, |_| {}).await
}

/// `spawn_app_with_telegram`, with a last say on the configuration.
pub async fn spawn_app_with_telegram_and(
    intake: Intake,
    configure: impl FnOnce(&mut Config),
) -> TestApp {
    let fake = FakeTelegram::start(BOT_TOKEN)
        .await
        .expect("the fake Bot API starts");
    let api_url = fake.api_url();
    let mut app = spawn_app_with(|config| {
        config.bot_token = Some(BOT_TOKEN.into());
        config.telegram_api_url = url::Url::parse(&api_url).expect("the fake's URL");
        if intake == Intake::Webhook {
            // Port 0: the app puts in the port it bound.
            config.public_url = Some(url::Url::parse("http://127.0.0.1:0").expect("static URL"));
        }
        configure(config);
    })
    .await;
    let ready = fake
        .wait_until(WAIT, |fake| match intake {
            Intake::Webhook => fake.webhook().is_some(),
            Intake::Polling => !fake.calls_to("deleteWebhook").is_empty(),
        })
        .await;
    ready.unwrap_or_else(|e| panic!("the bot did not get ready ({intake:?}): {e}"));
    app.telegram = Some(fake);
    app
}

impl TestApp {
    /// The fake Bot API; panics when the app was spawned without one.
    pub fn fake(&self) -> &FakeTelegram {
        self.telegram
            .as_ref()
            .expect("spawn the app with spawn_app_with_telegram")
    }

    /// The full linking journey for a signed-in `browser`: open Connect Telegram, follow the deep
    /// link as a new Telegram user, press Confirm, and wait until the page reports the link.
    pub async fn link_telegram(
        &self,
        browser: &Browser,
        tg_user_id: i64,
        first_name: &str,
        username: Option<&str>,
    ) -> FakeUser {
        let user = self.fake().add_user(tg_user_id, first_name, username);
        let link = browser.deep_link().await;
        user.open_link(&link)
            .await
            .expect("the user opens the deep link");
        let prompt = self.next_message_to(tg_user_id).await;
        let confirm = prompt
            .callback_data_for("Confirm")
            .unwrap_or_else(|| panic!("the bot asks to confirm, got {:?}", prompt.plain_text));
        user.press_button(&prompt, &confirm)
            .await
            .expect("the user presses Confirm");
        browser.wait_for_link_status(true).await;
        user
    }

    /// A new browser with a freshly signed-up account `username`.
    pub async fn signed_up(&self, username: &str) -> Browser {
        let browser = self.new_browser();
        let r = browser.sign_up(username, "correct horse battery").await;
        assert_eq!(r.status(), 303, "sign up {username}");
        browser
    }

    /// The link history, oldest first: (site username, "linked" | "unlinked", via).
    pub async fn link_events(&self) -> Vec<(String, String, String)> {
        use diesel::prelude::*;
        use tglink::db::schema::{link_events, users};
        tglink::db::run(&self.pool, |conn| {
            link_events::table
                .inner_join(users::table)
                .order(link_events::id.asc())
                .select((users::username, link_events::event, link_events::via))
                .load(conn)
        })
        .await
        .expect("link events")
    }

    /// The secret the app registered with its webhook.
    pub fn webhook_secret(&self) -> String {
        self.fake()
            .webhook()
            .and_then(|w| w.secret_token)
            .expect("a webhook with a secret")
    }

    /// POSTs `body` to the app's webhook as Telegram would, with `secret` as the secret header.
    pub async fn post_webhook(
        &self,
        secret: Option<&str>,
        body: impl Into<reqwest::Body>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url("/telegram/webhook"))
            .header("content-type", "application/json")
            .body(body);
        if let Some(secret) = secret {
            request = request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        request.send().await.expect("POST the webhook")
    }

    /// Waits until every update in the inbox is handled, its replies included (they go out after
    /// the handler, before the update counts as handled). Read with the test's own SQL.
    pub async fn updates_handled(&self) {
        use diesel::prelude::*;
        use tglink::db::schema::processed_updates as inbox;
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let open: i64 = tglink::db::run(&self.pool, |conn| {
                inbox::table
                    .filter(inbox::handled_at.is_null())
                    .count()
                    .get_result(conn)
            })
            .await
            .expect("count unhandled updates");
            if open == 0 {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{open} updates still unhandled"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The next message the bot sends to `chat_id` (each message is handed out once).
    pub async fn next_message_to(&self, chat_id: i64) -> SentMessage {
        self.fake()
            .wait_for_message_to(chat_id, WAIT)
            .await
            .unwrap_or_else(|e| panic!("waiting for the bot: {e}"))
    }
}

impl TestApp {
    /// Another independent browser (its own cookies) against the same app.
    pub fn new_browser(&self) -> Browser {
        Browser::new(&self.address)
    }

    /// Makes an existing account an admin, directly in the database.
    pub async fn make_admin(&self, username: &str) {
        let name = username.to_string();
        tglink::db::run(&self.pool, move |conn| {
            let user = tglink::accounts::store::find_by_username(conn, &name)?
                .ok_or_else(|| anyhow::anyhow!("no user {name}"))?;
            tglink::accounts::store::set_admin(conn, user.id(), true)?;
            Ok::<_, anyhow::Error>(())
        })
        .await
        .expect("make admin");
    }
}

impl std::ops::Deref for TestApp {
    type Target = Browser;
    fn deref(&self) -> &Browser {
        &self.browser
    }
}

/// A browser-like client: keeps cookies, does not follow redirects (tests check them).
#[derive(Clone)]
pub struct Browser {
    pub address: String,
    pub client: reqwest::Client,
}

impl Browser {
    pub fn new(address: &str) -> Browser {
        let client = reqwest::Client::builder()
            .redirect(Policy::none())
            .cookie_store(true)
            .build()
            .expect("client");
        Browser {
            address: address.to_string(),
            client,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    pub async fn get_html(&self, path: &str) -> String {
        self.get(path).await.text().await.expect("body")
    }

    /// A page's CSRF token for this browser's session.
    pub async fn csrf(&self, path: &str) -> String {
        csrf_from(&self.get_html(path).await)
    }

    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .form(fields)
            .send()
            .await
            .expect("POST")
    }

    /// POSTs a form with the CSRF token taken from `page` first, as a browser would.
    pub async fn submit(
        &self,
        page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let token = self.csrf(page).await;
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.post_form(action, &all).await
    }

    /// Signs up, trying again while the app answers 503: the password-hashing line is shared by
    /// every app of this test process, and the whole suite at once can fill it.
    pub async fn sign_up(&self, username: &str, password: &str) -> reqwest::Response {
        for _ in 0..20 {
            let r = self
                .submit(
                    "/signup",
                    "/signup",
                    &[
                        ("username", username),
                        ("password", password),
                        ("password_confirm", password),
                    ],
                )
                .await;
            if r.status() != reqwest::StatusCode::SERVICE_UNAVAILABLE {
                return r;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        panic!("signing up {username}: the hashing line stayed full");
    }

    pub async fn log_in(&self, username: &str, password: &str) -> reqwest::Response {
        self.submit(
            "/login",
            "/login",
            &[("username", username), ("password", password)],
        )
        .await
    }

    pub async fn log_out(&self) -> reqwest::Response {
        self.submit("/connect", "/logout", &[]).await
    }

    /// The "Open in Telegram" deep link (`https://t.me/<bot>?start=<token>`) of the Connect page.
    pub async fn deep_link(&self) -> String {
        let html = self.get_html("/connect").await;
        deep_link_from(&html)
            .unwrap_or_else(|| panic!("the Connect page has no deep link:\n{html}"))
    }

    /// The Connect page's status JSON: `{"linked": bool, "telegram": "@name" | null, …}`.
    pub async fn link_status(&self) -> serde_json::Value {
        let r = self.get("/connect/status").await;
        assert_eq!(r.status(), 200, "GET /connect/status");
        r.json().await.expect("status JSON")
    }

    /// Waits until the status endpoint says `linked`, as the page's script does.
    pub async fn wait_for_link_status(&self, linked: bool) -> serde_json::Value {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let status = self.link_status().await;
            if status["linked"] == linked {
                return status;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "link status stayed {status}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// The deep link of a Connect page (the first t.me link with a start payload), entities decoded.
pub fn deep_link_from(html: &str) -> Option<String> {
    html.match_indices("href=\"https://t.me/")
        .find_map(|(i, _)| {
            let start = i + "href=\"".len();
            let end = html[start..].find('"')? + start;
            let link = html[start..end]
                .replace("&amp;", "&")
                .replace("&#x3d;", "=")
                .replace("&#61;", "=");
            link.contains("start=").then_some(link)
        })
}

/// The token of a deep link (`…?start=<token>`).
pub fn token_of(link: &str) -> String {
    link.split_once("start=")
        .map(|(_, t)| t.to_string())
        .expect("a start= link")
}

/// The value of the first `name="csrf_token"` input of a page.
pub fn csrf_from(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html
        .find(marker)
        .map(|i| i + marker.len())
        .expect("page has a csrf_token input");
    let end = html[start..].find('"').expect("closing quote") + start;
    html[start..end].to_string()
}

pub fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// Runs each `async fn name(intake: Intake)` in both intake modes, as tests
/// `name::webhook` and `name::polling`.
#[macro_export]
macro_rules! both_intakes {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test]
                async fn webhook() {
                    super::$name($crate::helpers::Intake::Webhook).await
                }

                #[tokio::test]
                async fn polling() {
                    super::$name($crate::helpers::Intake::Polling).await
                }
            }
        )+
    };
}
