//! Every route's guards, by enumeration: the routes come from the app's source (`route_map.rs`),
//! so a route added tomorrow is checked without editing this file. For each route, with path
//! parameters filled by real ids of seeded rows (so the handler would act if its guard were
//! missing) and a form body the handler would accept:
//! - anonymous → 303 to `/login?next=…` (pages) or 401 (token-guarded routes);
//! - a signed-in member → 403 on `/admin…`;
//! - a POST without a CSRF token, and one with another session's token → 403;
//!
//! After every refused request the database (every table, as text) is what it was before.
use std::collections::BTreeMap;

use crate::broadcast_support::{compose, member, sign_in_admin, user_id, wait_until_drained};
use crate::db_dump::{Dump, Raw, differences};
use crate::helpers::{Browser, Intake, TestApp, WAIT, location, spawn_app_with_telegram};
use crate::route_map::{Route, routes};

/// Routes anyone may open: no sign-in. Their POSTs still need the session's CSRF token, which is
/// checked like everyone else's. `*` ends a prefix.
const PUBLIC: &[(&str, &str)] = &[
    (
        "/",
        "the home page shows anonymous visitors the way to sign up or sign in",
    ),
    ("/signup", "the sign-up form itself"),
    ("/login", "the sign-in form itself"),
    (
        "/password-reset",
        "for someone who cannot sign in: asks the bot for a reset link",
    ),
    (
        "/password-reset/{token}",
        "the reset link: the token in the path is the credential",
    ),
    (
        "/login/telegram-link",
        "asks the bot for a one-time sign-in link: for the locked-out",
    ),
    (
        "/login/telegram-link/{token}",
        "the one-time sign-in link: the token is the credential",
    ),
    (
        "/login/telegram",
        "Sign in with Telegram: approved in the bot",
    ),
    (
        "/login/telegram/status",
        "the waiting page's poll of its own sign-in attempt",
    ),
    (
        "/login/telegram/signup",
        "account creation from Telegram alone (TGLINK_PASSWORDLESS_SIGNUP)",
    ),
    (
        "/login/telegram/oidc",
        "starts Telegram's OpenID Connect sign-in",
    ),
    (
        "/login/telegram/oidc/callback",
        "the provider's redirect: guarded by its single-use state",
    ),
    ("/healthz", "the load balancer's probe"),
    (
        "/language",
        "a visitor's language choice from the footer: sets only the language cookie",
    ),
    (
        "/livez",
        "the liveness probe: says only that the process answers",
    ),
    (
        "/readyz",
        "the readiness probe: says whether the database answers and migrations are current",
    ),
    (
        "/metrics",
        "Prometheus: guarded by TGLINK_METRICS_TOKEN when set (tests/api/metrics.rs)",
    ),
    ("/static/{name}", "CSS and JS"),
    (
        "/widget/connect",
        "the embeddable widget: guarded by the site's HMAC signature (widget.rs)",
    ),
    (
        "/widget/status",
        "the widget's poll: guarded by the same signature (widget.rs)",
    ),
];

/// Routes guarded by a credential other than the session cookie: anonymous gets 401, and no CSRF
/// token applies (no cookie is read, so another site cannot ride on one).
const TOKEN: &[(&str, &str)] = &[
    ("/api/v1/*", "the JSON API: a bearer token"),
    (
        "/telegram/webhook",
        "Telegram's webhook: the secret header, compared in constant time",
    ),
];

/// Routes that `tglink serve` never registers.
const NOT_SERVED: &[(&str, &str)] = &[(
    "/sandbox*",
    "tglink demo only: same-origin checked instead of CSRF (tests/api/sandbox.rs)",
)];

/// `table.column`s that change on any request, refused or not.
const VOLATILE: &[&str] = &[
    // The session's idle timeout is extended on every request (TtlExtensionPolicy::OnEveryRequest).
    "sessions.expires_at",
];

/// Rows that change on their own, by table.
const VOLATILE_ROWS: &[(&str, &str)] = &[
    // The delivery worker's heartbeat (its send rate, its last error) for the admin overview.
    ("app_settings", "name <> 'queue_health'"),
];

pub(crate) const PW: &str = "correct horse battery";

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Guard {
    Public,
    Token,
    Member,
    Admin,
}

fn matches(list: &[(&str, &str)], path: &str) -> bool {
    list.iter().any(|(p, _)| match p.strip_suffix('*') {
        Some(prefix) => path.starts_with(prefix),
        None => *p == path,
    })
}

pub(crate) fn guard_of(route: &Route) -> Option<Guard> {
    if matches(NOT_SERVED, &route.path) {
        None
    } else if matches(TOKEN, &route.path) {
        Some(Guard::Token)
    } else if matches(PUBLIC, &route.path) {
        Some(Guard::Public)
    } else if route.path.starts_with("/admin") {
        Some(Guard::Admin)
    } else {
        Some(Guard::Member)
    }
}

/// What the guard test acts with: the seeded app and the ids its routes are filled with.
pub(crate) struct World {
    pub(crate) app: TestApp,
    admin: Browser,
    member: Browser,
    /// Another member's session: its CSRF token is "another session's token".
    other: Browser,
    /// `{param}` (or `segment/{param}`) → value.
    pub(crate) params: BTreeMap<&'static str, String>,
    /// Form fields per route pattern, on top of `base_fields`.
    fields: BTreeMap<&'static str, Vec<(&'static str, String)>>,
    raw: Raw,
}

pub(crate) async fn seed() -> World {
    let app = spawn_app_with_telegram(Intake::Webhook).await;
    let hook = tglink::db::run(&app.pool, |conn| {
        let url = url::Url::parse("http://192.0.2.1:9/hook").map_err(anyhow::Error::from)?;
        tglink::webhooks::endpoints::create(conn, &url).map_err(anyhow::Error::from)
    })
    .await
    .expect("a webhook endpoint");
    sign_in_admin(&app).await;
    let admin = app.browser.clone();
    let (member_browser, _tg) = member(&app, "member", 7001).await;
    // A second session of the member, for "sign out that session".
    let member_elsewhere = app.new_browser();
    assert_eq!(member_elsewhere.log_in("member", PW).await.status(), 303);
    let other = app.signed_up("other").await;
    let member_id = user_id(&app.pool, "member").await;

    let r = compose(&app, &[("text", "Hello all"), ("audience", "all")]).await;
    assert_eq!(r.status(), 303, "a broadcast is sent");
    let broadcast = crate::broadcast_support::broadcast_id(&location(&r));
    wait_until_drained(&app.pool, WAIT).await;
    let r = app
        .submit(
            "/admin/topics",
            "/admin/topics",
            &[("name", "News"), ("description", "What is new")],
        )
        .await;
    assert_eq!(r.status(), 303, "a topic is created");

    let (_, api_token) = tglink::db::run(&app.pool, |conn| {
        tglink::api::api_tokens::create(conn, "shop").map_err(anyhow::Error::from)
    })
    .await
    .expect("an API token");
    let api = reqwest::Client::new();
    let r = api
        .post(app.url("/api/v1/notifications"))
        .bearer_auth(&api_token)
        .json(&serde_json::json!({"username": "member", "text": "Your order"}))
        .send()
        .await
        .expect("notify");
    assert_eq!(r.status(), 202);
    let notification = r.json::<serde_json::Value>().await.expect("JSON")["id"].to_string();
    let r = api
        .post(app.url("/api/v1/links"))
        .bearer_auth(&api_token)
        .json(&serde_json::json!({"external_id": "ext-1"}))
        .send()
        .await
        .expect("a link");
    assert!(r.status().is_success(), "{}", r.status());
    wait_until_drained(&app.pool, WAIT).await;

    let mut raw = Raw::open(&app.db);
    let now = if raw.is_pg() {
        "now()"
    } else {
        "datetime('now')"
    };
    let later = if raw.is_pg() {
        "now() + interval '10 minutes'"
    } else {
        "datetime('now', '+10 minutes')"
    };
    raw.execute(&format!(
        "INSERT INTO group_chats (chat_id, kind, title, user_id, connected_at) \
         VALUES (-100777, 'group', 'Team', {member_id}, {now})"
    ));
    for (token, purpose) in [
        ("signin-token-1", "signin"),
        ("reset-token-1", "password_reset"),
    ] {
        let hash = tglink::crypto::sha256_hex(token);
        raw.execute(&format!(
            "INSERT INTO signin_tokens (user_id, token_hash, created_at, expires_at, purpose) \
             VALUES ({member_id}, '{hash}', {now}, {later}, '{purpose}')"
        ));
    }
    // The endpoint's deliveries end failed (nobody listens there), so "Resend" would act, and
    // the sender leaves them alone during the test.
    raw.execute(&format!(
        "UPDATE webhook_deliveries SET status = 'failed', lease_until = NULL WHERE endpoint_id = {}",
        hook.0
    ));
    let first = |sql: &str, raw: &mut Raw| {
        raw.texts(sql)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("seeded: {sql}"))
    };
    let cast = if raw.is_pg() { "::text" } else { "" };
    let topic = first(&format!("SELECT id{cast} AS row FROM topics"), &mut raw);
    let api_token_id = first(&format!("SELECT id{cast} AS row FROM api_tokens"), &mut raw);
    let group = first(
        &format!("SELECT id{cast} AS row FROM group_chats"),
        &mut raw,
    );
    let hook_delivery = first(
        &format!("SELECT id{cast} AS row FROM webhook_deliveries"),
        &mut raw,
    );

    let sessions = member_browser.get_html("/account/sessions").await;
    let sid = sessions
        .split("name=\"sid\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_else(|| panic!("the sessions page offers to end a session:\n{sessions}"))
        .to_string();

    let params = BTreeMap::from([
        ("users/{id}", member_id.to_string()),
        // One route for every account action: `disable` would act without its guards.
        ("{action}", "disable".into()),
        ("broadcasts/{id}", broadcast.to_string()),
        ("topics/{id}", topic),
        ("webhooks/{id}", hook.0.to_string()),
        ("resend/{delivery_id}", hook_delivery),
        ("tokens/{id}", api_token_id),
        ("groups/{id}", group),
        ("notifications/{id}", notification),
        ("subscribers/{external_id}", "ext-1".into()),
        ("password-reset/{token}", "reset-token-1".into()),
        ("telegram-link/{token}", "signin-token-1".into()),
        ("static/{name}", "app.css".into()),
    ]);
    let fields = BTreeMap::from([
        (
            "/login",
            vec![("username", "member".into()), ("password", PW.into())],
        ),
        (
            "/signup",
            vec![
                ("username", "newcomer".into()),
                ("password", PW.into()),
                ("password_confirm", PW.into()),
            ],
        ),
        ("/password-reset", vec![("username", "member".into())]),
        ("/login/telegram-link", vec![("username", "member".into())]),
        ("/login/telegram", vec![("username", "member".into())]),
        (
            "/login/telegram/signup",
            vec![("username", "newcomer".into())],
        ),
        ("/account/sessions/end", vec![("sid", sid)]),
        ("/account/delete", vec![("password", PW.into())]),
        ("/admin/topics", vec![("name", "Sports".into())]),
    ]);
    World {
        app,
        admin,
        member: member_browser,
        other,
        params,
        fields,
        raw,
    }
}

/// Fields every POST carries, enough for each form the app has (extra fields are ignored).
pub(crate) fn base_fields() -> Vec<(&'static str, String)> {
    let new_pw = "a brand new password 42";
    vec![
        ("text", "Changed by a forged request".into()),
        ("format", "plain".into()),
        ("audience", "all".into()),
        ("idempotency_key", tglink::crypto::random_token()),
        ("name", "Renamed".into()),
        ("description", "Changed".into()),
        ("default_on", "on".into()),
        ("critical", "on".into()),
        ("send_at", "2031-01-01T10:00".into()),
        ("time_zone", "UTC".into()),
        ("quiet", "on".into()),
        ("quiet_start", "22:00".into()),
        ("quiet_end", "07:00".into()),
        ("language", "es".into()),
        ("url", "https://hooks.example.com/tglink".into()),
        ("current_password", PW.into()),
        ("password", new_pw.into()),
        ("password_confirm", new_pw.into()),
        ("next", "/".into()),
    ]
}

impl World {
    pub(crate) fn path_of(&self, pattern: &str) -> String {
        let mut path = pattern.to_string();
        while let Some(open) = path.find('{') {
            let close = path[open..].find('}').expect("a closed {param}") + open;
            let segment_start = path[..open.saturating_sub(1)]
                .rfind('/')
                .map_or(0, |i| i + 1);
            let key = &path[segment_start..=close];
            // A segment named by its parameter alone (`{action}`) when no `segment/{param}` is.
            let bare = &path[open..=close];
            let value = self
                .params
                .get(key)
                .or_else(|| self.params.get(bare))
                .unwrap_or_else(|| {
                    panic!(
                        "{pattern}: no seeded value for `{key}`; seed a row and add it to `params`"
                    )
                });
            path.replace_range(open..=close, value);
        }
        path
    }

    pub(crate) fn body(&self, pattern: &str, csrf: Option<&str>) -> Vec<(&'static str, String)> {
        let mut body = base_fields();
        if let Some(own) = self.fields.get(pattern) {
            for (k, v) in own {
                body.retain(|(name, _)| name != k);
                body.push((k, v.clone()));
            }
        }
        if let Some(token) = csrf {
            body.push(("csrf_token", token.to_string()));
        }
        body
    }

    fn dump(&mut self) -> Dump {
        self.raw.dump(VOLATILE, VOLATILE_ROWS)
    }
}

async fn send(
    browser: &Browser,
    route: &Route,
    path: &str,
    body: &[(&str, String)],
) -> reqwest::Response {
    let url = browser.url(path);
    let request = match route.method.as_str() {
        "GET" => browser.client.get(url),
        method => browser
            .client
            .request(method.parse().expect("an HTTP method"), url)
            .form(body),
    };
    request.send().await.expect("the request is answered")
}

/// A case that went wrong, for the one list printed at the end.
fn refuse(failures: &mut Vec<String>, route: &Route, case: &str, why: String) {
    failures.push(format!(
        "{} {} ({}) — {case}: {why}",
        route.method, route.path, route.at
    ));
}

#[tokio::test]
async fn every_route_refuses_the_wrong_caller_and_changes_nothing() {
    let mut world = seed().await;
    let all = routes();
    let member_token = world.member.csrf("/account").await;
    let admin_token = world.admin.csrf("/account").await;
    let other_token = world.other.csrf("/account").await;
    assert_ne!(member_token, other_token);
    let mut before = world.dump();
    let mut failures = Vec::new();
    let mut checked = 0;

    for route in &all {
        let Some(guard) = guard_of(route) else {
            continue;
        };
        let path = world.path_of(&route.path);
        let post = route.method != "GET";
        let mut cases: Vec<(&str, Browser, Option<String>, Expect)> = Vec::new();
        // Anonymous, with its own valid token: only the sign-in guard stands in the way.
        let anonymous = world.app.new_browser();
        let anonymous_token = anonymous.csrf("/login").await;
        match guard {
            Guard::Member | Guard::Admin => cases.push((
                "anonymous",
                anonymous.clone(),
                Some(anonymous_token.clone()),
                Expect::Login,
            )),
            Guard::Token => cases.push(("anonymous", anonymous.clone(), None, Expect::Status(401))),
            Guard::Public => {}
        }
        if guard == Guard::Admin {
            cases.push((
                "a member on an admin route",
                world.member.clone(),
                Some(member_token.clone()),
                Expect::Status(403),
            ));
        }
        if post && guard != Guard::Token {
            let (who, own) = match guard {
                Guard::Admin => (world.admin.clone(), admin_token.clone()),
                Guard::Member => (world.member.clone(), member_token.clone()),
                _ => (anonymous.clone(), anonymous_token.clone()),
            };
            assert_ne!(own, other_token);
            cases.push(("no CSRF token", who.clone(), None, Expect::Status(403)));
            cases.push((
                "another session's CSRF token",
                who,
                Some(other_token.clone()),
                Expect::Status(403),
            ));
        }
        for (case, browser, token, expect) in cases {
            checked += 1;
            let body = world.body(&route.path, token.as_deref());
            let r = send(&browser, route, &path, &body).await;
            let (status, to) = (r.status().as_u16(), location(&r));
            let ok = match expect {
                Expect::Login => status == 303 && to.starts_with("/login?next="),
                Expect::Status(s) => status == s,
            };
            if !ok {
                refuse(
                    &mut failures,
                    route,
                    case,
                    format!("expected {expect:?}, got {status} {to}"),
                );
            }
            let after = world.dump();
            let changed = differences(&before, &after);
            if !changed.is_empty() {
                refuse(
                    &mut failures,
                    route,
                    case,
                    format!("the database changed: {changed:?}"),
                );
                before = after;
            }
        }
    }
    assert!(
        checked > 60,
        "only {checked} cases: did the route reader find the routes?"
    );
    assert!(
        failures.is_empty(),
        "{} of {checked} refusals did not hold:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[derive(Debug, Clone, Copy)]
enum Expect {
    /// 303 to `/login?next=…`.
    Login,
    Status(u16),
}

#[test]
fn the_route_reader_finds_the_routes_the_contract_names() {
    let all = routes();
    let has = |method: &str, path: &str| all.iter().any(|r| r.method == method && r.path == path);
    for (method, path) in [
        ("POST", "/admin/broadcasts/{id}/retract"),
        ("POST", "/admin/webhooks"),
        ("GET", "/api/v1/notifications/{id}"),
        ("DELETE", "/api/v1/subscribers/{external_id}/link"),
        ("POST", "/telegram/webhook"),
        ("GET", "/sandbox/api/users"),
        ("GET", "/account"),
    ] {
        assert!(has(method, path), "{method} {path} not found in {all:#?}");
    }
    // Every exception names a route that exists: a stale entry would hide nothing but mislead.
    for (pattern, _) in PUBLIC.iter().chain(TOKEN).chain(NOT_SERVED) {
        let prefix = pattern.trim_end_matches('*');
        assert!(
            all.iter()
                .any(|r| r.path == *pattern
                    || (pattern.ends_with('*') && r.path.starts_with(prefix))),
            "the exception {pattern} matches no route"
        );
    }
}
