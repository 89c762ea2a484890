//! Starts chromedriver, the release-like `tglink` binary and a fake Telegram, and gives tests a
//! WebDriver session with helpers for screenshots and page checks: accessibility (axe-core),
//! console errors and CSP violations (Chromium's log), and valid HTML (html-validate).
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use telegram_fake::FakeTelegram;

pub const BOT_TOKEN: &str = "123456:browser-test-token";

/// The two window sizes every journey is run at.
#[derive(Debug, Clone, Copy)]
pub enum Viewport {
    Phone,
    Desktop,
}

impl Viewport {
    fn size(self) -> (u32, u32) {
        match self {
            Viewport::Phone => (390, 844),
            Viewport::Desktop => (1280, 900),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Viewport::Phone => "phone",
            Viewport::Desktop => "desktop",
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn require(path: &str, install: &str) {
    if !Path::new(path).exists() {
        panic!("{path} is missing: the browser tests need it. Install it with: {install}");
    }
}

/// A child process killed when the test ends.
struct Guard {
    child: Child,
    /// Started as the leader of its own process group: the whole group is killed.
    group: bool,
}

impl Drop for Guard {
    fn drop(&mut self) {
        // chromedriver's group holds its Chromium, which would otherwise outlive a test that
        // failed before closing its session.
        if self.group
            && let Ok(pid) = i32::try_from(self.child.id())
        {
            // SAFETY: kill(2) only sends a signal; it touches no memory of ours.
            unsafe { libc::kill(-pid, libc::SIGKILL) };
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn wait_for_http(url: &str) {
    let client = reqwest::Client::new();
    for _ in 0..200 {
        if client.get(url).send().await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{url} did not come up within 10 s");
}

/// Everything one browser test needs; dropping it stops the app, the browser and the driver.
pub struct E2e {
    pub browser: Client,
    pub base: String,
    pub telegram: FakeTelegram,
    pub database_url: String,
    pub viewport: Viewport,
    test_name: String,
    step: std::sync::atomic::AtomicUsize,
    driver_url: String,
    _app: Guard,
    _driver: Guard,
    _dir: tempfile::TempDir,
}

impl E2e {
    pub async fn start(test_name: &str, viewport: Viewport) -> E2e {
        E2e::start_with(test_name, viewport, &[]).await
    }

    /// `start`, with more settings for the app (`TGLINK_…` environment variables); `{base}` in a
    /// value is replaced by the app's own address.
    pub async fn start_with(test_name: &str, viewport: Viewport, settings: &[(&str, &str)]) -> E2e {
        let telegram = FakeTelegram::start(BOT_TOKEN)
            .await
            .expect("fake Telegram starts");
        let dir = tempfile::tempdir().expect("temp dir");
        let database_url = dir.path().join("e2e.db").to_string_lossy().into_owned();
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let app = Command::new(env!("CARGO_BIN_EXE_tglink"))
            .arg("serve")
            .env("TGLINK_BIND", format!("127.0.0.1:{port}"))
            .env("DATABASE_URL", &database_url)
            .env("TELEGRAM_BOT_TOKEN", BOT_TOKEN)
            .env("TELEGRAM_API_URL", telegram.api_url())
            .env("TGLINK_SEND_RATE", "1000")
            .env("TGLINK_PAID_BROADCASTS", "on")
            .env("TGLINK_SITE_NAME", "Example Club")
            .env("RUST_LOG", "warn")
            .env_remove("TGLINK_PUBLIC_URL")
            .envs(
                settings
                    .iter()
                    .map(|(k, v)| (*k, v.replace("{base}", &base))),
            )
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("start tglink");
        let app = Guard {
            child: app,
            group: true,
        };
        E2e::launch(test_name, viewport, telegram, dir, database_url, port, app).await
    }

    /// `tglink demo` instead of `serve`: the app brings its own simulated Telegram (the
    /// `telegram` field is then an idle fake nobody talks to). Returns the admin password the
    /// demo printed.
    pub async fn start_demo(test_name: &str, viewport: Viewport) -> (E2e, String) {
        use std::io::{BufRead, BufReader};
        let dir = tempfile::tempdir().expect("temp dir");
        let database_url = dir.path().join("demo.db").to_string_lossy().into_owned();
        let port = free_port();
        let mut app = Command::new(env!("CARGO_BIN_EXE_tglink"))
            .args(["demo", "--bind", &format!("127.0.0.1:{port}")])
            .args(["--database-url", &database_url])
            .env("RUST_LOG", "warn")
            .env_remove("TELEGRAM_BOT_TOKEN")
            .current_dir(dir.path())
            .stdout(Stdio::piped())
            .process_group(0)
            .spawn()
            .expect("start tglink demo");
        let stdout = app.stdout.take().expect("stdout");
        let app = Guard {
            child: app,
            group: true,
        };
        let password = tokio::task::spawn_blocking(move || {
            let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
            let password = lines.by_ref().find_map(|line| {
                let login = line.trim().strip_prefix("Log in:")?.trim().to_owned();
                Some(login.split_once(" / ")?.1.to_owned())
            });
            // Keep reading, so the demo never writes into a closed pipe.
            std::thread::spawn(move || lines.for_each(drop));
            password
        });
        let password = tokio::time::timeout(Duration::from_secs(60), password)
            .await
            .ok()
            .and_then(Result::ok)
            .flatten()
            .expect("tglink demo prints the admin login");
        let idle = FakeTelegram::start(BOT_TOKEN)
            .await
            .expect("fake Telegram starts");
        let e2e = E2e::launch(test_name, viewport, idle, dir, database_url, port, app).await;
        (e2e, password)
    }

    async fn launch(
        test_name: &str,
        viewport: Viewport,
        telegram: FakeTelegram,
        dir: tempfile::TempDir,
        database_url: String,
        port: u16,
        app: Guard,
    ) -> E2e {
        require(
            "/usr/bin/chromium",
            "sudo apt-get install -y chromium chromium-driver",
        );
        require(
            "/usr/bin/chromedriver",
            "sudo apt-get install -y chromium-driver",
        );
        ensure_page_checkers();
        let base = format!("http://127.0.0.1:{port}");
        let driver_port = free_port();
        let driver = Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={driver_port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let driver = Guard {
            child: driver,
            group: true,
        };
        wait_for_http(&format!("http://127.0.0.1:{driver_port}/status")).await;
        wait_for_http(&format!("{base}/healthz")).await;

        let profile = dir.path().join("chromium-profile");
        let mut caps = serde_json::Map::new();
        // Keeps console messages (errors, CSP violations) for `check_console`.
        caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--no-first-run",
                    "--disable-sync", "--disable-quic", "--hide-scrollbars",
                    format!("--user-data-dir={}", profile.display()),
                ]
            }),
        );
        // Both rustls providers are in this test binary's graph; pick one before fantoccini asks.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let driver_url = format!("http://127.0.0.1:{driver_port}");
        let browser = ClientBuilder::rustls()
            .expect("tls")
            .capabilities(caps)
            .connect(&driver_url)
            .await
            .expect("a WebDriver session in Chromium");
        let (w, h) = viewport.size();
        browser.set_window_size(w, h).await.expect("window size");
        E2e {
            browser,
            base,
            telegram,
            database_url,
            viewport,
            test_name: test_name.to_string(),
            step: Default::default(),
            driver_url,
            _app: app,
            _driver: driver,
            _dir: dir,
        }
    }

    /// Resizes the window to `viewport`, for a test that visits its pages at both sizes in one
    /// session.
    pub async fn set_viewport(&mut self, viewport: Viewport) {
        let (w, h) = viewport.size();
        self.browser
            .set_window_size(w, h)
            .await
            .expect("window size");
        self.viewport = viewport;
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn goto(&self, path: &str) {
        self.browser.goto(&self.url(path)).await.expect("navigate");
    }

    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        self.browser
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
    }

    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.find(css).await;
        field.clear().await.expect("clear");
        field.send_keys(text).await.expect("type");
    }

    pub async fn click(&self, css: &str) {
        self.find(css).await.click().await.expect("click");
    }

    pub async fn path(&self) -> String {
        let url = self.browser.current_url().await.expect("url");
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        }
    }

    pub async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.expect("text")
    }

    /// Waits until `css` exists and its text contains `needle`.
    pub async fn wait_for_text(&self, css: &str, needle: &str, within: Duration) {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            if let Ok(el) = self.browser.find(Locator::Css(css)).await
                && el.text().await.is_ok_and(|t| t.contains(needle))
            {
                return;
            }
            if tokio::time::Instant::now() > deadline {
                self.screenshot("timeout").await;
                panic!("{css} never showed {needle:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Saves a screenshot as target/e2e-screenshots/<test>-<viewport>-<nn>-<step>.png.
    pub async fn screenshot(&self, step: &str) -> PathBuf {
        let n = self.step.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        let file = dir.join(format!(
            "{}-{}-{:02}-{step}.png",
            self.test_name,
            self.viewport.name(),
            n
        ));
        let png = self.browser.screenshot().await.expect("screenshot");
        std::fs::write(&file, png).expect("write screenshot");
        file
    }

    /// Everything a page must pass: no console error or CSP violation since the last check,
    /// valid HTML (as served and as its scripts left it), no accessibility violation.
    pub async fn check_page(&self) {
        self.check_console().await;
        self.check_html().await;
        self.check_accessibility().await;
    }

    /// Fails on any console error, uncaught exception or CSP violation that Chromium logged since
    /// the last check (the driver hands each entry out once).
    pub async fn check_console(&self) {
        // A refused form comes back as the page itself with a 4xx status, which Chromium logs;
        // the journeys check those pages by what they show.
        let url = self.browser.current_url().await.expect("url");
        let refused_form =
            format!("{url} - Failed to load resource: the server responded with a status of 4");
        let errors: Vec<String> = self
            .console_errors()
            .await
            .into_iter()
            .filter(|e| !e.contains(&refused_form))
            .collect();
        let page = self.path().await;
        assert!(
            errors.is_empty(),
            "console errors or CSP violations up to {page} ({}):\n{}",
            self.viewport.name(),
            errors.join("\n")
        );
    }

    /// Chromium's log entries of level warning and above since the last call.
    pub async fn console_errors(&self) -> Vec<String> {
        let session = self
            .browser
            .session_id()
            .await
            .expect("session id")
            .expect("a WebDriver session");
        let log: Value = reqwest::Client::new()
            .post(format!("{}/session/{session}/se/log", self.driver_url))
            .json(&json!({ "type": "browser" }))
            .send()
            .await
            .expect("chromedriver answers the log request")
            .json()
            .await
            .expect("the browser log as JSON");
        let entries = log["value"]
            .as_array()
            .unwrap_or_else(|| panic!("chromedriver gave no browser log: {log}"));
        entries
            .iter()
            .filter(|e| matches!(e["level"].as_str(), Some("SEVERE" | "WARNING")))
            .map(|e| format!("{} {}", e["level"], e["message"]))
            .collect()
    }

    /// Fails unless the page is valid HTML, both as the server sends it and as its scripts left it.
    pub async fn check_html(&self) {
        if let Some(problems) = self.html_problems().await {
            let page = self.path().await;
            panic!(
                "invalid HTML on {page} ({}):\n{problems}",
                self.viewport.name()
            );
        }
    }

    /// What html-validate finds in the bytes the server sends for this URL and in the document as
    /// its scripts have changed it; `None` when both are valid.
    pub async fn html_problems(&self) -> Option<String> {
        let pages = self
            .browser
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 const live = '<!DOCTYPE html>\\n' + document.documentElement.outerHTML;
                 fetch(location.href, { credentials: 'same-origin' })
                    .then(r => r.text())
                    .then(served => done({ served, live }))
                    .catch(e => done({ error: String(e) }));",
                vec![],
            )
            .await
            .expect("read the page");
        if let Some(error) = pages.get("error") {
            panic!("could not fetch the page to validate it: {error}");
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let mut files = Vec::new();
        for version in ["served", "live"] {
            let file = dir.path().join(format!("{version}.html"));
            let html = pages[version].as_str().expect("page text");
            std::fs::write(&file, html).expect("write the page");
            files.push(file);
        }
        let out = Command::new("node")
            .arg(e2e_tool(HTML_VALIDATE))
            .arg("--config")
            .arg(e2e_tool("htmlvalidate.json"))
            .args(&files)
            .output()
            .expect("run html-validate (node)");
        (!out.status.success()).then(|| {
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        })
    }

    /// Runs axe-core in the page and fails on any violation, listing them.
    pub async fn check_accessibility(&self) {
        let axe = std::fs::read_to_string(e2e_tool(AXE)).expect("axe.min.js");
        self.browser
            .execute(&axe, vec![])
            .await
            .expect("inject axe-core");
        let result = self
            .browser
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] })
                    .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) }))))
                    .catch(e => done([{ id: 'axe-error', help: String(e) }]));",
                vec![],
            )
            .await
            .expect("axe.run");
        let violations = result.as_array().cloned().unwrap_or_default();
        let page = self.path().await;
        assert!(
            violations.is_empty(),
            "accessibility violations on {page} ({}): {}",
            self.viewport.name(),
            serde_json::to_string_pretty(&Value::Array(violations)).unwrap_or_default()
        );
    }

    /// Signs up through the form and lands on the Connect page.
    pub async fn sign_up(&self, username: &str, password: &str) {
        self.goto("/signup").await;
        self.fill("#username", username).await;
        self.fill("#password", password).await;
        self.fill("#password_confirm", password).await;
        self.click("form[action='/signup'] button[type=submit]")
            .await;
        self.wait_for_text("h1", "Connect Telegram", Duration::from_secs(10))
            .await;
    }

    /// A member who signed up and linked Telegram, done over plain HTTP and the fake's chat
    /// (the browser journey of linking is in connect.rs).
    pub async fn linked_member(&self, username: &str, telegram_id: i64) {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("client");
        let page = http
            .get(self.url("/signup"))
            .send()
            .await
            .expect("signup page");
        let html = page.text().await.expect("html");
        let token = between(&html, "name=\"csrf_token\" value=\"", "\"");
        let password = "member password 1";
        let connect = http
            .post(self.url("/signup"))
            .form(&[
                ("csrf_token", token.as_str()),
                ("username", username),
                ("password", password),
                ("password_confirm", password),
            ])
            .send()
            .await
            .expect("sign up");
        let html = connect.text().await.expect("connect page");
        let link = between(
            &html,
            "id=\"deep-link\" class=\"button button-large\" href=\"",
            "\"",
        );
        let phone = self
            .telegram
            .add_user(telegram_id, username, Some(username));
        phone.open_link(&link).await.expect("open the link");
        let question = self
            .telegram
            .wait_for_message_to(telegram_id, Duration::from_secs(10))
            .await
            .expect("the bot asks");
        let confirm = question.callback_data_for("Confirm").expect("Confirm");
        phone
            .press_button(&question, &confirm)
            .await
            .expect("confirm");
        self.telegram
            .wait_until(Duration::from_secs(10), |f| {
                f.edits().iter().any(|e| e.chat_id == telegram_id)
            })
            .await
            .expect("linked");
    }

    /// The README gallery's picture of this page, `<name>-<viewport>.png` in the folder named
    /// by TGLINK_SCREENSHOTS (e.g. `docs/screenshots`, relative to the crate); nothing without
    /// it, so a plain test run never writes tracked files.
    pub async fn gallery(&self, name: &str) {
        let Some(dir) = std::env::var_os("TGLINK_SCREENSHOTS") else {
            return;
        };
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        std::fs::create_dir_all(&dir).expect("the screenshots folder");
        self.browser
            .execute("window.scrollTo(0, 0);", vec![])
            .await
            .expect("scroll to the top");
        let png = self.browser.screenshot().await.expect("screenshot");
        let file = dir.join(format!("{name}-{}.png", self.viewport.name()));
        std::fs::write(&file, png).expect("write the gallery picture");
    }

    /// How much wider than the window the page is, in CSS pixels (0: no sideways scrolling).
    pub async fn overflow_x(&self) -> i64 {
        self.browser
            .execute(
                "return document.scrollingElement.scrollWidth - window.innerWidth;",
                vec![],
            )
            .await
            .expect("measure the page")
            .as_i64()
            .unwrap_or(i64::MAX)
    }

    /// The bottom of `css`'s box and the window's height, in CSS pixels.
    pub async fn bottom_and_window(&self, css: &str) -> (f64, f64) {
        let v = self
            .browser
            .execute(
                "const el = document.querySelector(arguments[0]);
                 return [el ? el.getBoundingClientRect().bottom : 1e9, window.innerHeight];",
                vec![json!(css)],
            )
            .await
            .expect("measure the element");
        (
            v[0].as_f64().unwrap_or(f64::MAX),
            v[1].as_f64().unwrap_or(0.0),
        )
    }

    /// Ends the session; fails if anything since the last check logged an error.
    pub async fn close(self) {
        self.check_console().await;
        let _ = self.browser.clone().close().await;
    }
}

fn between(haystack: &str, start: &str, end: &str) -> String {
    let from = haystack
        .find(start)
        .map(|i| i + start.len())
        .unwrap_or_else(|| panic!("{start} not in the page"));
    let to = haystack[from..].find(end).expect("end marker") + from;
    haystack[from..to].replace("&amp;", "&")
}

fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("e2e-screenshots")
}

/// axe-core and html-validate come from the npm registry (e2e/package-lock.json); scripts/test
/// installs them (`npm ci --prefix e2e`) before any test runs, so no test downloads anything.
fn ensure_page_checkers() {
    for tool in [AXE, HTML_VALIDATE] {
        require(&e2e_tool(tool).to_string_lossy(), "npm ci --prefix e2e");
    }
}

pub const AXE: &str = "node_modules/axe-core/axe.min.js";
pub const HTML_VALIDATE: &str = "node_modules/html-validate/bin/html-validate.mjs";

/// A file of e2e/: the page checkers (`AXE`, `HTML_VALIDATE`) and their configuration.
pub fn e2e_tool(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("e2e").join(path)
}
