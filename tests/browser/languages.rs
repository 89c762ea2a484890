//! Issue 27's guard rail: every page in every language (en, es, pt-BR, ru, fa) at 390 and 1280 px
//! passes the page checks (axe-core, html-validate, the console and CSP), and in ru and fa no text
//! overflows its box and the page is no wider than the window. The pages come from the app's GET
//! routes (tests/api/route_map.rs): a route that is neither visited here (`PAGES`) nor said not to
//! be a page (`NOT_PAGES`) fails `every_get_route_is_a_visited_page_or_says_why_not`. The
//! failures are listed all at once, by page, language and width.
//!
//! And Persian right to left: a visitor picks فارسی in the footer, signs up, links Telegram, and
//! the page reads right to left.
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use serde_json::{Value, json};

use crate::harness::{AXE, E2e, HTML_VALIDATE, Viewport, e2e_tool};
use crate::route_map::routes;

const LANGS: [&str; 5] = ["en", "es", "pt-BR", "ru", "fa"];
/// The languages whose words are longest (ru) or run right to left (fa): checked for overflow.
const OVERFLOW_LANGS: [&str; 2] = ["ru", "fa"];
const WAIT: Duration = Duration::from_secs(15);
const WIDGET_SECRET: &str = "the shop's widget secret, 32+ characters";

/// Who is looking at a page, which decides how its language is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    /// Signed out; the language from the footer's menu (its cookie).
    Visitor,
    /// Signed out, with a "Sign in with Telegram" waiting in this browser.
    Waiting,
    /// Signed out, after a stranger's Telegram approved: the form that creates the account.
    TelegramSignup,
    /// A signed-in member without Telegram; the language saved on /account.
    Unlinked,
    /// The same member, linked.
    Linked,
    /// A signed-in admin; the language saved on /account.
    Admin,
    /// `tglink demo` (another app): the sandbox and its banner; the language from the cookie.
    Demo,
}

struct Page {
    /// The route as registered (route_map's pattern); "" for a page no route of its own shows
    /// (the error pages).
    route: &'static str,
    /// What to open: `{name}` is replaced by a value seeded before the pages are visited.
    path: &'static str,
    who: Who,
}

const fn page(route: &'static str, path: &'static str, who: Who) -> Page {
    Page { route, path, who }
}

/// Every page, and who sees it. A GET route that shows a page belongs here.
const PAGES: &[Page] = &[
    page("/", "/", Who::Visitor),
    page("/signup", "/signup", Who::Visitor),
    page("/login", "/login", Who::Visitor),
    page("/password-reset", "/password-reset", Who::Visitor),
    page("/password-reset/{token}", "{reset_link}", Who::Visitor),
    // A used or expired link: 410 and the page that says so.
    page(
        "/password-reset/{token}",
        "/password-reset/no-such-token",
        Who::Visitor,
    ),
    page(
        "/login/telegram-link/{token}",
        "{sign_in_link}",
        Who::Visitor,
    ),
    page("/widget/connect", "{widget}", Who::Visitor),
    page("", "/no-such-page", Who::Visitor),
    page("/login/telegram", "/login/telegram", Who::Waiting),
    page(
        "/login/telegram/signup",
        "/login/telegram/signup",
        Who::TelegramSignup,
    ),
    page("/", "/", Who::Unlinked),
    page("/connect", "/connect", Who::Unlinked),
    page("/", "/", Who::Linked),
    page("/connect", "/connect", Who::Linked),
    page("/connect/unlink", "/connect/unlink", Who::Linked),
    page("/account", "/account", Who::Linked),
    page("/account/password", "/account/password", Who::Linked),
    page("/account/sessions", "/account/sessions", Who::Linked),
    page(
        "/account/notifications",
        "/account/notifications",
        Who::Linked,
    ),
    page("/account/delete", "/account/delete", Who::Linked),
    // A member on an admin page: 403, signed in.
    page("", "/admin", Who::Linked),
    page("", "/no-such-page", Who::Linked),
    page("/admin", "/admin", Who::Admin),
    page("/admin/broadcasts/new", "/admin/broadcasts/new", Who::Admin),
    page("/admin/broadcasts", "/admin/broadcasts", Who::Admin),
    page(
        "/admin/broadcasts/{id}",
        "/admin/broadcasts/{sent}",
        Who::Admin,
    ),
    page(
        "/admin/broadcasts/{id}",
        "/admin/broadcasts/{scheduled}",
        Who::Admin,
    ),
    page(
        "/admin/broadcasts/{id}/recipients",
        "/admin/broadcasts/{sent}/recipients",
        Who::Admin,
    ),
    // A scheduled broadcast's schedule, and a sent one's text.
    page(
        "/admin/broadcasts/{id}/edit",
        "/admin/broadcasts/{scheduled}/edit",
        Who::Admin,
    ),
    page(
        "/admin/broadcasts/{id}/edit",
        "/admin/broadcasts/{sent}/edit",
        Who::Admin,
    ),
    page("/admin/topics", "/admin/topics", Who::Admin),
    page("/admin/topics/{id}", "/admin/topics/{topic}", Who::Admin),
    page("/admin/users", "/admin/users", Who::Admin),
    page("/admin/groups", "/admin/groups", Who::Admin),
    page("/admin/audit", "/admin/audit", Who::Admin),
    page("/admin/tokens", "/admin/tokens", Who::Admin),
    page("/admin/webhooks", "/admin/webhooks", Who::Admin),
    page("/sandbox", "/sandbox", Who::Demo),
    page("/", "/", Who::Demo),
];

/// GET routes that show no page of their own, and why. `*` ends a prefix.
const NOT_PAGES: &[(&str, &str)] = &[
    ("/static/{name}", "CSS, scripts and the icon"),
    ("/sandbox/static/{name}", "the sandbox's CSS and script"),
    ("/sandbox/api/*", "JSON for the sandbox page's script"),
    ("/api/v1/*", "the JSON API"),
    ("/admin/broadcasts/audience", "JSON: compose's live count"),
    (
        "/admin/broadcasts/{id}/progress",
        "JSON: the broadcast page's poll",
    ),
    ("/connect/status", "JSON: the Connect page's poll"),
    ("/login/telegram/status", "JSON: the waiting page's poll"),
    ("/widget/status", "JSON: the widget's poll"),
    (
        "/language",
        "the footer's menu: sets the cookie and goes back (how this test picks a visitor's language)",
    ),
    (
        "/login/telegram/oidc/callback",
        "the provider's redirect back: it answers with a redirect to /login or /connect",
    ),
    ("/healthz", "a probe"),
    ("/livez", "a probe"),
    ("/readyz", "a probe"),
    ("/metrics", "Prometheus"),
];

fn not_a_page(path: &str) -> bool {
    NOT_PAGES.iter().any(|(p, _)| match p.strip_suffix('*') {
        Some(prefix) => path.starts_with(prefix),
        None => *p == path,
    })
}

#[test]
fn every_get_route_is_a_visited_page_or_says_why_not() {
    let all = routes();
    let forgotten: Vec<String> = all
        .iter()
        .filter(|r| r.method == "GET")
        .filter(|r| !not_a_page(&r.path) && !PAGES.iter().any(|p| p.route == r.path))
        .map(|r| format!("GET {} ({})", r.path, r.at))
        .collect();
    assert!(
        forgotten.is_empty(),
        "pages the languages test does not visit; add them to PAGES in tests/browser/languages.rs \
         (or to NOT_PAGES, saying why they are no page):\n{}",
        forgotten.join("\n")
    );
    // Every entry names a route that exists: a stale one would mislead.
    for route in PAGES
        .iter()
        .map(|p| p.route)
        .filter(|r| !r.is_empty())
        .chain(NOT_PAGES.iter().map(|(p, _)| *p))
    {
        let prefix = route.trim_end_matches('*');
        assert!(
            all.iter().any(|r| r.method == "GET"
                && (r.path == route || (route.ends_with('*') && r.path.starts_with(prefix)))),
            "{route} is listed in tests/browser/languages.rs but no GET route has it"
        );
    }
}

/// The page checks over many pages, keeping every failure for one list at the end.
struct Checks {
    axe: String,
    failures: Vec<String>,
    /// The pages' HTML (as served and as left by their scripts), validated in one run at the end.
    html_dir: tempfile::TempDir,
    html_files: Vec<(PathBuf, String)>,
    visits: usize,
    /// The pages (by label without the width) whose HTML was already kept: once per language is
    /// enough, the server sends the same bytes at either width.
    html_kept: std::collections::BTreeSet<String>,
}

impl Checks {
    fn new() -> Checks {
        Checks {
            axe: std::fs::read_to_string(e2e_tool(AXE)).expect("axe.min.js"),
            failures: Vec::new(),
            html_dir: tempfile::tempdir().expect("temp dir"),
            html_files: Vec::new(),
            visits: 0,
            html_kept: Default::default(),
        }
    }

    fn fail(&mut self, label: &str, what: impl std::fmt::Display) {
        self.failures.push(format!("{label}: {what}"));
    }

    /// Opens `path` and runs every check on it.
    async fn visit(&mut self, e2e: &E2e, page: &Page, path: &str, lang: &str) {
        self.visits += 1;
        let page_label = format!("{} as {:?} [{lang}", page.path, page.who);
        let label = format!("{page_label}, {}]", e2e.viewport.name());
        e2e.goto(path).await;
        let shown = html_lang(e2e).await;
        if shown != lang {
            self.fail(&label, format!("the page says lang={shown:?}"));
        }
        let dir = e2e
            .browser
            .execute("return document.documentElement.dir;", vec![])
            .await
            .expect("dir");
        let want = if lang == "fa" { "rtl" } else { "ltr" };
        if dir != json!(want) {
            self.fail(&label, format!("dir={dir}, not {want}"));
        }

        // The console: errors, uncaught exceptions, CSP violations. A refused page (403, 404, 410)
        // is logged as a failed load of its own URL; that one is expected.
        let url = e2e.browser.current_url().await.expect("url");
        let refused =
            format!("{url} - Failed to load resource: the server responded with a status of 4");
        let console: Vec<String> = e2e
            .console_errors()
            .await
            .into_iter()
            .filter(|e| !e.contains(&refused))
            .collect();
        if !console.is_empty() {
            self.fail(&label, format!("console: {}", console.join(" | ")));
        }

        if OVERFLOW_LANGS.contains(&lang) {
            for problem in overflow(e2e).await {
                self.fail(&label, format!("overflow: {problem}"));
            }
        }

        if self.html_kept.insert(page_label) {
            self.keep_html(e2e, &label).await;
        }

        for v in self.accessibility(e2e).await {
            self.fail(&label, format!("axe: {v}"));
        }
        if OVERFLOW_LANGS.contains(&lang) {
            let name = format!(
                "{lang}-{:?}-{}",
                page.who,
                page.path
                    .trim_start_matches('/')
                    .replace(['/', '{', '}', '?', '&', '='], "-")
            );
            e2e.screenshot(&name).await;
        }
    }

    async fn accessibility(&self, e2e: &E2e) -> Vec<String> {
        e2e.browser
            .execute(&self.axe, vec![])
            .await
            .expect("inject axe-core");
        let result = e2e
            .browser
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] })
                    .then(r => done(r.violations.map(v => v.id + ' (' + v.help + '): '
                        + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))))
                    .catch(e => done(['axe-error: ' + e]));",
                vec![],
            )
            .await
            .expect("axe.run");
        result
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|v| v.as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    async fn keep_html(&mut self, e2e: &E2e, label: &str) {
        let pages = e2e
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
            self.fail(
                label,
                format!("could not fetch the page to validate it: {error}"),
            );
            return;
        }
        // The fetch of a refused page logs its status again.
        let _ = e2e.console_errors().await;
        for version in ["served", "live"] {
            let n = self.html_files.len();
            let file = self.html_dir.path().join(format!("{n:04}-{version}.html"));
            std::fs::write(&file, pages[version].as_str().unwrap_or_default())
                .expect("write the page");
            self.html_files
                .push((file, format!("{label} ({version} HTML)")));
        }
    }

    /// html-validate over every page kept, in one run.
    fn validate_html(&mut self) {
        if self.html_files.is_empty() {
            return;
        }
        let out = Command::new("node")
            .arg(e2e_tool(HTML_VALIDATE))
            .arg("--config")
            .arg(e2e_tool("htmlvalidate.json"))
            .args(["--formatter", "json"])
            .args(self.html_files.iter().map(|(f, _)| f))
            .output()
            .expect("run html-validate (node)");
        if out.status.success() {
            return;
        }
        let Ok(report) = serde_json::from_slice::<Value>(&out.stdout) else {
            self.fail(
                "html-validate",
                format!(
                    "{}{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                ),
            );
            return;
        };
        let labels: BTreeMap<String, String> = self
            .html_files
            .iter()
            .map(|(f, l)| (f.to_string_lossy().into_owned(), l.clone()))
            .collect();
        for file in report.as_array().cloned().unwrap_or_default() {
            let path = file["filePath"].as_str().unwrap_or_default();
            let label = labels
                .iter()
                .find(|(f, _)| f.ends_with(path) || path.ends_with(f.as_str()))
                .map(|(_, l)| l.clone())
                .unwrap_or_else(|| path.to_string());
            for m in file["messages"].as_array().cloned().unwrap_or_default() {
                self.fail(
                    &label,
                    format!(
                        "html-validate {} at line {}: {}",
                        m["ruleId"].as_str().unwrap_or("?"),
                        m["line"],
                        m["message"].as_str().unwrap_or_default()
                    ),
                );
            }
        }
    }
}

/// What overflows on this page: text wider than its box (an element with text of its own that
/// does not scroll and whose content is wider than it), and a page wider than the window.
async fn overflow(e2e: &E2e) -> Vec<String> {
    let found = e2e
        .browser
        .execute(
            "const problems = [];
             const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                 + (el.classList.length ? '.' + [...el.classList].join('.') : '')
                 + ' \"' + el.textContent.trim().replace(/\\s+/g, ' ').slice(0, 40) + '\"';
             // Off screen or clipped to a pixel for screen readers only (visually hidden).
             const hidden = el => {
                 for (let a = el; a && a !== document.body; a = a.parentElement) {
                     const s = getComputedStyle(a);
                     if (a.classList.contains('skip-link')) return true;
                     if (s.position === 'absolute' && (s.clip !== 'auto' || s.clipPath !== 'none'))
                         return true;
                 }
                 return false;
             };
             const page = document.scrollingElement.scrollWidth;
             if (page > window.innerWidth) {
                 const wide = [...document.body.querySelectorAll('*')].filter(el => {
                     const r = el.getBoundingClientRect();
                     return !hidden(el) && r.width > 0
                         && (r.right > window.innerWidth + 1 || r.left < -1);
                 }).slice(-3).map(describe);
                 problems.push('the page is ' + page + ' px wide in a ' + window.innerWidth
                     + ' px window (sticking out: ' + wide.join('; ') + ')');
             }
             // Boxes with text in them whose content is wider than they are, and that do not
             // scroll; only the innermost of nested ones.
             const skip = ['TEXTAREA', 'SELECT', 'OPTION', 'SCRIPT', 'STYLE', 'svg', 'title'];
             const tight = [...document.body.querySelectorAll('*')].filter(el => {
                 if (skip.includes(el.tagName) || el.clientWidth === 0 || hidden(el)) return false;
                 if (!el.textContent.trim()) return false;
                 const style = getComputedStyle(el);
                 if (['auto', 'scroll'].includes(style.overflowX)) return false;
                 if (style.textOverflow === 'ellipsis') return false;
                 return el.scrollWidth > el.clientWidth + 1;
             });
             for (const el of tight) {
                 if (tight.some(inner => inner !== el && el.contains(inner))) continue;
                 problems.push(describe(el) + ' needs ' + el.scrollWidth + ' px in '
                     + el.clientWidth + ' px');
             }
             return problems;",
            vec![],
        )
        .await
        .expect("measure the page");
    found
        .as_array()
        .map(|a| {
            a.iter()
                .map(|v| v.as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

async fn html_lang(e2e: &E2e) -> String {
    e2e.browser
        .execute("return document.documentElement.lang;", vec![])
        .await
        .expect("lang")
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Waits until the page in the window is in `lang`.
async fn wait_for_lang(e2e: &E2e, lang: &str) {
    let deadline = Instant::now() + WAIT;
    while html_lang(e2e).await != lang {
        assert!(
            Instant::now() < deadline,
            "the page never turned {lang}: {}",
            e2e.path().await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A visitor's choice: the footer menu's link (it sets the cookie and comes back).
async fn choose_as_visitor(e2e: &E2e, lang: &str) {
    e2e.goto(&format!("/language?lang={lang}")).await;
    wait_for_lang(e2e, lang).await;
}

/// A member's choice: the select on /account, saved.
async fn choose_on_account(e2e: &E2e, lang: &str) {
    e2e.goto("/account").await;
    e2e.find("#language").await;
    e2e.browser
        .execute(
            "document.getElementById('language').value = arguments[0];",
            vec![json!(lang)],
        )
        .await
        .expect("choose");
    e2e.click("form[action='/account/language'] button[type=submit]")
        .await;
    let deadline = Instant::now() + WAIT;
    while !e2e.path().await.contains("done=language") {
        assert!(Instant::now() < deadline, "the language was not saved");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    wait_for_lang(e2e, lang).await;
}

/// Visits every page of `who` in every language at both sizes, choosing the language with
/// `choose`.
async fn visit_all(e2e: &mut E2e, checks: &mut Checks, who: Who, seeded: &BTreeMap<&str, String>) {
    let started = Instant::now();
    let pages: Vec<&Page> = PAGES.iter().filter(|p| p.who == who).collect();
    for lang in LANGS {
        match who {
            Who::Unlinked | Who::Linked | Who::Admin => choose_on_account(e2e, lang).await,
            _ => choose_as_visitor(e2e, lang).await,
        }
        let _ = e2e.console_errors().await;
        for viewport in [Viewport::Phone, Viewport::Desktop] {
            e2e.set_viewport(viewport).await;
            for page in &pages {
                let path = fill(page.path, seeded);
                checks.visit(e2e, page, &path, lang).await;
            }
        }
    }
    eprintln!(
        "languages: {who:?}: {} pages × {} languages × 2 sizes in {:.1} s",
        pages.len(),
        LANGS.len(),
        started.elapsed().as_secs_f64()
    );
}

/// `path` with its `{name}`s replaced by the seeded values.
fn fill(path: &str, seeded: &BTreeMap<&str, String>) -> String {
    let mut out = path.to_string();
    for (name, value) in seeded {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    assert!(!out.contains('{'), "{path}: nothing seeded for it");
    out
}

/// A browser of our own over plain HTTP, to seed what the pages show.
struct Http {
    client: reqwest::Client,
    base: String,
}

impl Http {
    fn new(e2e: &E2e) -> Http {
        Http {
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            base: e2e.base.clone(),
        }
    }

    async fn html(&self, path: &str) -> String {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("GET")
            .text()
            .await
            .expect("body")
    }

    /// Posts `fields` with the CSRF token of `form_page`; the redirect's target.
    async fn post(&self, form_page: &str, action: &str, fields: &[(&str, &str)]) -> String {
        let html = self.html(form_page).await;
        let csrf = between(&html, "name=\"csrf_token\" value=\"", "\"");
        let mut body = vec![("csrf_token", csrf.as_str())];
        body.extend_from_slice(fields);
        let r = self
            .client
            .post(format!("{}{action}", self.base))
            .form(&body)
            .send()
            .await
            .expect("POST");
        let status = r.status();
        let location = r
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .unwrap_or_default()
            .to_string();
        if !(status.is_redirection() || status.is_success()) {
            let page = r.text().await.unwrap_or_default();
            let errors: Vec<&str> = page
                .lines()
                .filter(|l| l.contains("error") || l.contains("alert"))
                .collect();
            panic!("POST {action}: {status}\n{}", errors.join("\n"));
        }
        location
    }

    async fn sign_up(e2e: &E2e, username: &str) -> Http {
        let http = Http::new(e2e);
        let pw = "a long enough password";
        let to = http
            .post(
                "/signup",
                "/signup",
                &[
                    ("username", username),
                    ("password", pw),
                    ("password_confirm", pw),
                ],
            )
            .await;
        assert!(!to.is_empty(), "{username} signed up");
        http
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

/// Links the member behind `http` to Telegram user `id` through the fake: the deep link, the
/// bot's question, its first button (Confirm, in whatever language the bot speaks).
async fn link(e2e: &E2e, http: &Http, id: i64, name: &str) -> telegram_fake::FakeUser {
    let html = http.html("/connect").await;
    // The tag of the Connect button, whatever the order of its attributes.
    let at = html.find("id=\"deep-link\"").expect("the Connect button");
    let open = html[..at].rfind('<').expect("its tag");
    let close = at + html[at..].find('>').expect("its tag's end");
    let deep_link = between(&html[open..close], "href=\"", "\"");
    let phone = e2e.telegram.add_user(id, name, Some(&format!("{name}_tg")));
    phone.open_link(&deep_link).await.expect("open the link");
    let question = e2e
        .telegram
        .wait_for_message_to(id, WAIT)
        .await
        .expect("the bot asks");
    let confirm = question
        .buttons()
        .into_iter()
        .find_map(|b| b.callback_data)
        .expect("a Confirm button");
    phone
        .press_button(&question, &confirm)
        .await
        .expect("confirm");
    e2e.telegram
        .wait_until(WAIT, |f| f.edits().iter().any(|e| e.chat_id == id))
        .await
        .expect("linked");
    phone
}

/// The path of the one-time link (`marker` starts it) in the next message to `chat` that has one.
async fn link_in_chat(e2e: &E2e, chat: i64, marker: &str) -> String {
    loop {
        let text = e2e
            .telegram
            .wait_for_message_to(chat, WAIT)
            .await
            .unwrap_or_else(|e| panic!("the bot sends a {marker} link: {e}"))
            .plain_text;
        if let Some(link) = text
            .split_whitespace()
            .find_map(|w| w.find(marker).map(|i| w[i..].to_string()))
        {
            return link;
        }
    }
}

fn signed_widget_path() -> String {
    let (id, name) = ("member-17", "Maya");
    let expires = chrono::Utc::now().timestamp() + 3600;
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(WIDGET_SECRET.as_bytes()).expect("a key");
    mac.update(format!("{id}\n{name}\n{expires}").as_bytes());
    format!(
        "/widget/connect?external_id={id}&name={name}&expires={expires}&signature={}",
        hex::encode(mac.finalize().into_bytes())
    )
}

/// What the pages show: a linked member with a group, an admin's topic, webhook, token, a sent
/// and a scheduled broadcast (and so an audit log), one-time links. Done over HTTP, in English.
async fn seed(e2e: &E2e) -> BTreeMap<&'static str, String> {
    let alice = Http::sign_up(e2e, "alice").await;
    let phone = link(e2e, &alice, 7101, "alice").await;
    let add = alice
        .post("/connect", "/connect/groups/add-group", &[])
        .await;
    e2e.telegram.add_group(-100_200_300, "Club chat");
    phone
        .add_bot_to_group(&add, -100_200_300)
        .await
        .expect("add the bot to a group");
    e2e.telegram
        .wait_for_message_to(-100_200_300, WAIT)
        .await
        .expect("the bot greets the group");

    let boss = Http::sign_up(e2e, "boss").await;
    crate::broadcast::promote(e2e, "boss");
    boss.post(
        "/admin/topics",
        "/admin/topics",
        &[("name", "Community news"), ("description", "What is new")],
    )
    .await;
    boss.post(
        "/admin/webhooks",
        "/admin/webhooks",
        &[("url", "https://hooks.example.com/tglink/events")],
    )
    .await;
    boss.post("/admin/tokens", "/admin/tokens", &[("name", "shop")])
        .await;
    let topics = boss.html("/admin/topics").await;
    let topic = between(&topics, "href=\"/admin/topics/", "\"");
    let mut broadcasts = Vec::new();
    let in_two_days = (chrono::Utc::now() + chrono::Duration::days(2))
        .format("%Y-%m-%dT10:00")
        .to_string();
    for send_at in ["", in_two_days.as_str()] {
        let compose = boss.html("/admin/broadcasts/new").await;
        let key = between(&compose, "name=\"idempotency_key\" value=\"", "\"");
        let to = boss
            .post(
                "/admin/broadcasts/new",
                "/admin/broadcasts",
                &[
                    ("idempotency_key", key.as_str()),
                    ("text", "Winter party on Friday at the club house"),
                    ("format", "plain"),
                    ("audience", "all"),
                    ("send_at", send_at),
                    ("time_zone", "UTC"),
                    ("topic", ""),
                ],
            )
            .await;
        let id = to
            .strip_prefix("/admin/broadcasts/")
            .unwrap_or_else(|| panic!("a broadcast's page, not {to:?}"))
            .to_string();
        broadcasts.push(id);
    }
    e2e.telegram
        .wait_until(WAIT, |f| {
            f.messages_to(7101)
                .iter()
                .any(|m| m.plain_text.contains("Winter party"))
        })
        .await
        .expect("the broadcast reaches alice");

    let visitor = Http::new(e2e);
    visitor
        .post(
            "/password-reset",
            "/password-reset",
            &[("username", "alice")],
        )
        .await;
    let reset = link_in_chat(e2e, 7101, "/password-reset/").await;
    visitor
        .post("/login", "/login/telegram-link", &[("username", "alice")])
        .await;
    let sign_in = link_in_chat(e2e, 7101, "/login/telegram-link/").await;

    BTreeMap::from([
        ("reset_link", reset),
        ("sign_in_link", sign_in),
        ("widget", signed_widget_path()),
        ("topic", topic),
        ("sent", broadcasts[0].clone()),
        ("scheduled", broadcasts[1].clone()),
    ])
}

/// Signs in through the form as `username`.
async fn log_in(e2e: &E2e, username: &str, password: &str) {
    e2e.goto("/login").await;
    e2e.fill("#username", username).await;
    e2e.fill("#password", password).await;
    e2e.click("form[action='/login'] button[type=submit]").await;
    let deadline = Instant::now() + WAIT;
    while e2e.path().await.starts_with("/login") {
        assert!(Instant::now() < deadline, "{username} could not log in");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn log_out(e2e: &E2e) {
    e2e.click("form[action='/logout'] button[type=submit]")
        .await;
    e2e.find("form[action='/login/telegram-link'], a[href='/login']")
        .await;
}

// Not in the default run yet: 400 visits take about 12 minutes, and after the merge of every
// page's translations it has not had a complete green run. Run it with
// `cargo test --test browser -- --ignored every_page`; issue 27 stays open until it passes in CI.
#[tokio::test]
#[ignore = "12 minutes; not yet green after the translations merged (issue 27)"]
async fn every_page_in_every_language_at_both_sizes() {
    let started = Instant::now();
    let mut e2e = E2e::start_with(
        "languages",
        Viewport::Phone,
        &[
            ("TGLINK_PASSWORDLESS_SIGNUP", "on"),
            ("TGLINK_WIDGET_SECRET", WIDGET_SECRET),
            ("TGLINK_WIDGET_ORIGINS", "https://shop.example"),
        ],
    )
    .await;
    let seeded = seed(&e2e).await;
    eprintln!(
        "languages: seeded in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let mut checks = Checks::new();

    visit_all(&mut e2e, &mut checks, Who::Visitor, &seeded).await;

    // Sign in with Telegram, waiting in this browser; then a stranger's Telegram approves, and
    // the browser is offered to create an account.
    e2e.goto("/login").await;
    e2e.click("#telegram-signin button[type=submit]").await;
    let deep_link = e2e
        .find("#deep-link")
        .await
        .attr("href")
        .await
        .expect("attr")
        .expect("the waiting page's link");
    visit_all(&mut e2e, &mut checks, Who::Waiting, &seeded).await;
    let stranger = e2e.telegram.add_user(7202, "Newbie", Some("newbie_tg"));
    stranger.open_link(&deep_link).await.expect("open the link");
    let offer = e2e
        .telegram
        .wait_for_message_to(7202, WAIT)
        .await
        .expect("the bot offers an account");
    let create = offer
        .callback_data_for("Create account")
        .expect("a Create account button");
    stranger.press_button(&offer, &create).await.expect("press");
    e2e.telegram
        .wait_until(WAIT, |f| !f.callback_answers().is_empty())
        .await
        .expect("the press is answered");
    visit_all(&mut e2e, &mut checks, Who::TelegramSignup, &seeded).await;

    // A member, first without Telegram, then linked.
    let bob = "member password 1";
    e2e.goto("/signup").await;
    e2e.fill("#username", "bob").await;
    e2e.fill("#password", bob).await;
    e2e.fill("#password_confirm", bob).await;
    e2e.click("form[action='/signup'] button[type=submit]")
        .await;
    e2e.find("#deep-link").await;
    visit_all(&mut e2e, &mut checks, Who::Unlinked, &seeded).await;
    // The bot speaks the member's saved language: back to English to link.
    choose_on_account(&e2e, "en").await;
    e2e.goto("/connect").await;
    let href = e2e
        .find("#deep-link")
        .await
        .attr("href")
        .await
        .expect("attr")
        .expect("href");
    let phone = e2e.telegram.add_user(7303, "Bob", Some("bob_tg"));
    phone.open_link(&href).await.expect("open the link");
    let question = e2e
        .telegram
        .wait_for_message_to(7303, WAIT)
        .await
        .expect("the bot asks");
    let confirm = question.callback_data_for("Confirm").expect("Confirm");
    phone
        .press_button(&question, &confirm)
        .await
        .expect("confirm");
    e2e.find("#unlink").await;
    visit_all(&mut e2e, &mut checks, Who::Linked, &seeded).await;

    log_out(&e2e).await;
    log_in(&e2e, "boss", "a long enough password").await;
    visit_all(&mut e2e, &mut checks, Who::Admin, &seeded).await;
    // Not `close()`: a stray console line must not hide the list of failures below.
    let _ = e2e.browser.clone().close().await;
    drop(e2e);

    // The sandbox is `tglink demo`'s alone.
    let (mut demo, _) = E2e::start_demo("languages_demo", Viewport::Phone).await;
    visit_all(&mut demo, &mut checks, Who::Demo, &BTreeMap::new()).await;
    let _ = demo.browser.clone().close().await;
    drop(demo);

    let validating = Instant::now();
    checks.validate_html();
    eprintln!(
        "languages: html-validate over {} documents in {:.1} s; {} visits in {:.1} s in all",
        checks.html_files.len(),
        validating.elapsed().as_secs_f64(),
        checks.visits,
        started.elapsed().as_secs_f64()
    );
    assert!(
        checks.failures.is_empty(),
        "{} failures over {} page visits (screenshots of ru and fa in target/e2e-screenshots/):\n{}",
        checks.failures.len(),
        checks.visits,
        checks.failures.join("\n")
    );
}

/// Where an element's box is: [left, right].
async fn left_right(e2e: &E2e, css: &str) -> (f64, f64) {
    let v = e2e
        .browser
        .execute(
            "const r = document.querySelector(arguments[0]).getBoundingClientRect();
             return [r.left, r.right];",
            vec![json!(css)],
        )
        .await
        .expect("measure");
    (
        v[0].as_f64().unwrap_or_default(),
        v[1].as_f64().unwrap_or_default(),
    )
}

/// The page reads right to left: `dir=rtl`, the brand at the right and the nav at the left of the
/// header, the nav's first item right of its last, text starting at the right.
async fn assert_right_to_left(e2e: &E2e) {
    assert_eq!(html_lang(e2e).await, "fa");
    let dir = e2e
        .browser
        .execute("return document.documentElement.dir;", vec![])
        .await
        .expect("dir");
    assert_eq!(dir, json!("rtl"));
    let (_, brand_right) = left_right(e2e, ".brand").await;
    let (first_left, first_right) = left_right(e2e, ".nav-list > li:first-child").await;
    let (last_left, _) = left_right(e2e, ".nav-list > li:last-child").await;
    let width = e2e
        .browser
        .execute("return window.innerWidth;", vec![])
        .await
        .expect("width")
        .as_f64()
        .unwrap_or_default();
    assert!(
        brand_right > width * 0.8,
        "the brand starts the header at the right ({brand_right} of {width})"
    );
    assert!(
        first_left > last_left && first_right > last_left,
        "the nav's first item is right of its last ({first_left} vs {last_left})"
    );
    // The heading's text starts at the right of its box.
    let gaps = e2e
        .browser
        .execute(
            "const h = document.querySelector('main h1');
             const range = document.createRange();
             range.selectNodeContents(h);
             const text = range.getBoundingClientRect(), box = h.getBoundingClientRect();
             return [text.left - box.left, box.right - text.right];",
            vec![],
        )
        .await
        .expect("measure the heading");
    let (left_gap, right_gap) = (
        gaps[0].as_f64().unwrap_or_default(),
        gaps[1].as_f64().unwrap_or(f64::MAX),
    );
    assert!(
        right_gap < 2.0 && right_gap <= left_gap,
        "the heading's text starts at the right (gaps: left {left_gap}, right {right_gap})"
    );
    assert_eq!(e2e.overflow_x().await, 0, "no sideways scrolling");
}

/// Issue 27's Persian journey: a visitor picks فارسی in the footer, signs up, opens Connect,
/// links through (fake) Telegram, and the site reads right to left at both sizes.
#[tokio::test]
async fn a_persian_visitor_signs_up_and_links_right_to_left() {
    let mut e2e = E2e::start("languages_fa", Viewport::Desktop).await;
    e2e.goto("/").await;
    e2e.click("footer a[href='/language?lang=fa']").await;
    wait_for_lang(&e2e, "fa").await;
    assert_eq!(e2e.path().await, "/", "back where the menu was");
    assert_right_to_left(&e2e).await;
    e2e.check_page().await;
    e2e.screenshot("home").await;

    e2e.click("a[href='/signup']").await;
    e2e.find("form[action='/signup']").await;
    wait_for_lang(&e2e, "fa").await;
    e2e.check_page().await;
    e2e.screenshot("signup").await;
    let password = "رمز عبور بسیار طولانی";
    e2e.fill("#username", "sara").await;
    e2e.fill("#password", password).await;
    e2e.fill("#password_confirm", password).await;
    e2e.click("form[action='/signup'] button[type=submit]")
        .await;
    let deep_link = e2e
        .find("#deep-link")
        .await
        .attr("href")
        .await
        .expect("attr")
        .expect("href");
    assert_eq!(e2e.path().await, "/connect");
    assert_right_to_left(&e2e).await;
    e2e.check_page().await;
    e2e.screenshot("connect").await;

    // In Telegram (set to Persian): the link, the bot's question, Confirm.
    let phone = e2e
        .telegram
        .add_user_speaking(7401, "سارا", Some("sara_tg"), "fa");
    phone.open_link(&deep_link).await.expect("open the link");
    let question = e2e
        .telegram
        .wait_for_message_to(7401, WAIT)
        .await
        .expect("the bot asks");
    let confirm = question
        .callback_data_for("تأیید")
        .expect("the bot asks in Persian, with a Confirm button");
    phone
        .press_button(&question, &confirm)
        .await
        .expect("confirm");
    // The page turns connected by itself.
    e2e.find("#unlink").await;
    e2e.wait_for_text("#connect", "@sara_tg", WAIT).await;
    assert_right_to_left(&e2e).await;
    e2e.check_page().await;
    e2e.screenshot("connected").await;

    e2e.set_viewport(Viewport::Phone).await;
    e2e.goto("/connect").await;
    assert_right_to_left(&e2e).await;
    e2e.check_page().await;
    e2e.screenshot("connected").await;
    e2e.close().await;
}
