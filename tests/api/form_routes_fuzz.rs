//! Every form the app serves, under arbitrary fields: each form POST route comes from the app's
//! source (`route_map.rs`, as the guard test reads it), so a form added tomorrow is fuzzed
//! without editing this file. Each case gets a fresh account of the route's role (admin, member,
//! or none), a fresh session signed in over HTTP, that session's CSRF token and no throttle on
//! record, so it reaches the handler instead of a CSRF refusal, a lockout or a deleted account;
//! its fields are mostly valid values with some replaced by generated ones or left out. The answer
//! is never a 5xx (nor a dropped connection), a redirect never leaves the site, and a share of the
//! cases gets past validation.
//!
//! The seed is printed; `FORMS_FUZZ_SEED=N` replays a run, `FORMS_FUZZ_CASES=N` sets the cases per
//! route (3 by default). A failing case is written to `tests/api/fuzz_regressions/` (or
//! `FORMS_FUZZ_REGRESSIONS`), and every file there is replayed on every run.
use std::collections::BTreeMap;
use std::path::PathBuf;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde::{Deserialize, Serialize};

use crate::db_dump::Raw;
use crate::guards::{Guard, PW, World, guard_of, seed};
use crate::helpers::{Browser, location};
use crate::route_map::routes;

/// One request of the fuzz: enough to replay it against a freshly seeded app.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Case {
    /// The route's pattern, e.g. `/admin/topics/{id}/update`: its ids are the seeded rows'.
    route: String,
    fields: Vec<(String, String)>,
    /// Why it was kept.
    #[serde(default)]
    found: String,
}

/// How a case ended.
#[derive(Debug, PartialEq)]
enum Answer {
    /// The handler acted (2xx, or a redirect that is not to the login page).
    Accepted,
    /// The handler answered, refusing the input (a form error, 404, …).
    Refused,
    /// Stopped before the handler: sign-in or throttle (what a case must avoid).
    Stopped,
}

/// Fields the app's forms use (`name="…"` in the templates); a case sends each or not.
const NAMES: &[&str] = &[
    "text",
    "format",
    "audience",
    "idempotency_key",
    "name",
    "description",
    "default_on",
    "critical",
    "send_at",
    "time_zone",
    "quiet",
    "quiet_start",
    "quiet_end",
    "language",
    "url",
    "current_password",
    "password",
    "password_confirm",
    "next",
    "username",
    "sid",
    "topic",
    "silent",
    "protect_content",
    "to_groups",
    "signin_alerts",
    "first_name",
    "button_text_1",
    "button_url_1",
    "q",
];

fn junk() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        ".{0,300}",
        "[ -~]{0,40}",
        "-?[0-9]{1,25}",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}",
        "[0-9]{1,3}:[0-9]{1,3}",
        Just(String::new()),
        Just("on".to_string()),
        Just("x".repeat(70_000)),
        Just("<b>unclosed".to_string()),
        Just("//evil.example".to_string()),
    ]
}

/// Per field: 0 keeps the valid value, 1 replaces it, 2 leaves the field out.
fn choices() -> impl Strategy<Value = Vec<(u8, String)>> {
    let one = (
        prop_oneof![7 => Just(0u8), 2 => Just(1u8), 1 => Just(2u8)],
        junk(),
    );
    proptest::collection::vec(one, NAMES.len())
}

fn seed_of_run() -> u64 {
    match std::env::var("FORMS_FUZZ_SEED") {
        Ok(s) => s.trim().parse().expect("FORMS_FUZZ_SEED is a number"),
        Err(_) => rand::random(),
    }
}

fn cases_per_route() -> usize {
    std::env::var("FORMS_FUZZ_CASES")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(3)
}

fn regressions_dir() -> PathBuf {
    std::env::var_os("FORMS_FUZZ_REGRESSIONS").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/api/fuzz_regressions"),
        PathBuf::from,
    )
}

/// The form POST routes a browser can reach: not the JSON API, Telegram's webhook or the demo.
fn form_routes() -> Vec<(String, Guard)> {
    routes()
        .into_iter()
        .filter(|r| r.method == "POST")
        .filter_map(|r| guard_of(&r).map(|g| (r.path, g)))
        .filter(|(_, g)| *g != Guard::Token)
        .collect()
}

/// The valid value of each field for `route`: the guard test's form bodies (which its handlers
/// accept), plus the fields only some forms have.
fn valid_fields(world: &World, route: &str) -> BTreeMap<String, String> {
    let mut valid: BTreeMap<String, String> = world
        .body(route, None)
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    let topic = world.params.get("topics/{id}").cloned().unwrap_or_default();
    for (k, v) in [
        ("topic", topic.as_str()),
        ("silent", "on"),
        ("protect_content", "on"),
        ("to_groups", "on"),
        ("signin_alerts", "on"),
        ("first_name", "Ann"),
        ("button_text_1", "Open"),
        ("button_url_1", "https://example.com/page"),
        ("q", "mem"),
    ] {
        valid.entry(k.into()).or_insert_with(|| v.into());
    }
    valid
}

/// The seeded accounts a case's fresh account copies: their password hashes as seeded (a case
/// may change or reset the originals' passwords) and their role.
struct Templates {
    admin: String,
    member: String,
}

impl Templates {
    fn read(raw: &mut Raw) -> Templates {
        let mut hash = |name: &str| {
            raw.texts(&format!(
                "SELECT password_hash AS row FROM users WHERE username = '{name}'"
            ))
            .pop()
            .unwrap_or_else(|| panic!("the seeded {name}"))
        };
        Templates {
            admin: hash("boss"),
            member: hash("member"),
        }
    }
}

/// A fresh account like the seeded admin or member (same password, same role), so what one case
/// does to its account (delete it, change its password, sign it out everywhere) leaves the next
/// alone.
fn fresh_account(raw: &mut Raw, templates: &Templates, admin: bool, n: usize) -> String {
    let (name, hash) = if admin {
        (format!("fz{n}admin"), &templates.admin)
    } else {
        (format!("fz{n}member"), &templates.member)
    };
    let (is_admin, now) = match (raw.is_pg(), admin) {
        (true, a) => (a.to_string(), "now()"),
        (false, a) => (i32::from(a).to_string(), "datetime('now')"),
    };
    raw.execute(&format!(
        "INSERT INTO users (username, username_lower, password_hash, is_admin, created_at, \
         signin_alerts) VALUES ('{name}', '{name}', '{hash}', {is_admin}, {now}, {is_admin})"
    ));
    name
}

/// A new browser signed in as a fresh account of `guard`'s role (or anonymous), and its token.
async fn session_for(
    world: &World,
    raw: &mut Raw,
    templates: &Templates,
    guard: Guard,
    n: usize,
) -> (Browser, String) {
    // No throttle on record: every case meets the form, not a lockout.
    raw.execute("DELETE FROM auth_attempts");
    let browser = world.app.new_browser();
    let admin = match guard {
        Guard::Admin => true,
        Guard::Member => false,
        Guard::Public | Guard::Token => {
            let token = browser.csrf("/login").await;
            return (browser, token);
        }
    };
    let name = fresh_account(raw, templates, admin, n);
    let password = if admin { "a long admin password" } else { PW };
    let r = browser.log_in(&name, password).await;
    assert_eq!(r.status(), 303, "the fresh account {name} signs in");
    let token = browser.csrf("/account").await;
    (browser, token)
}

/// Sends one case with a fresh session; `Err` says what went wrong.
async fn run_case(
    world: &World,
    raw: &mut Raw,
    templates: &Templates,
    case: &Case,
    n: usize,
) -> Result<Answer, String> {
    let guard = form_routes()
        .into_iter()
        .find(|(r, _)| *r == case.route)
        .map(|(_, g)| g)
        .ok_or_else(|| format!("no form route {} any more", case.route))?;
    let (browser, token) = session_for(world, raw, templates, guard, n).await;
    let mut body: Vec<(String, String)> = vec![("csrf_token".into(), token)];
    body.extend(case.fields.iter().cloned());
    let path = world.path_of(&case.route);
    let r = browser
        .client
        .post(browser.url(&path))
        .form(&body)
        .send()
        .await
        .map_err(|e| format!("no answer (a panic?): {e}"))?;
    let status = r.status().as_u16();
    let to = location(&r);
    let text = r.text().await.unwrap_or_default();
    if status >= 500 {
        return Err(format!(
            "{status}: {}",
            text.chars().take(300).collect::<String>()
        ));
    }
    if (300..400).contains(&status)
        && (!to.starts_with('/') || to.starts_with("//") || to.starts_with("/\\"))
    {
        return Err(format!("redirected off the site to {to:?}"));
    }
    // (A 403 "This form has expired" here is a body the form could not read, e.g. a number
    // field holding text: the token is always the session's. That is the form's refusal.)
    let stopped = status == 429 || to.starts_with("/login?next=");
    if stopped {
        println!("stopped: {} → {status} {to}", case.route);
    }
    Ok(if stopped {
        Answer::Stopped
    } else if status < 400 {
        Answer::Accepted
    } else {
        Answer::Refused
    })
}

fn keep(case: &Case) -> PathBuf {
    let dir = regressions_dir();
    std::fs::create_dir_all(&dir).expect("the regressions folder");
    let json = serde_json::to_string_pretty(case).expect("a case as JSON");
    let name = format!(
        "{}-{}.json",
        case.route
            .trim_matches('/')
            .replace(['/', '{', '}'], "_")
            .replace("__", "_"),
        &tglink::crypto::sha256_hex(&json)[..12]
    );
    let file = dir.join(name);
    std::fs::write(&file, json).expect("write the regression file");
    file
}

#[tokio::test]
async fn every_form_route_survives_arbitrary_fields() {
    let run_seed = seed_of_run();
    println!("forms fuzz seed: {run_seed} (replay with FORMS_FUZZ_SEED={run_seed})");
    let world = seed().await;
    let mut raw = Raw::open(&world.app.db);
    let templates = Templates::read(&mut raw);
    let forms = form_routes();
    assert!(forms.len() > 30, "only {} form routes found", forms.len());
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&run_seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let strategy = choices();
    let mut tally: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut n = 0;
    for _ in 0..cases_per_route() {
        for (route, _) in &forms {
            n += 1;
            let valid = valid_fields(&world, route);
            let picks = strategy.new_tree(&mut runner).expect("a case").current();
            let fields = NAMES
                .iter()
                .zip(picks)
                .filter_map(|(name, (pick, junk))| match pick {
                    0 => valid.get(*name).map(|v| (name.to_string(), v.clone())),
                    1 => Some((name.to_string(), junk)),
                    _ => None,
                })
                .collect();
            let case = Case {
                route: route.clone(),
                fields,
                found: String::new(),
            };
            match run_case(&world, &mut raw, &templates, &case, n).await {
                Ok(answer) => {
                    let counts = tally.entry(route.clone()).or_default();
                    counts[answer as usize] += 1;
                }
                Err(why) => {
                    let kept = keep(&Case {
                        found: format!("seed {run_seed}: {why}"),
                        ..case
                    });
                    failures.push(format!("{route}: {why} (kept in {})", kept.display()));
                }
            }
        }
    }
    assert_eq!(
        world.app.get("/healthz").await.status(),
        200,
        "still serving"
    );
    assert!(
        failures.is_empty(),
        "seed {run_seed}: {} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    let total: [usize; 3] = tally.values().fold([0; 3], |mut sum, c| {
        for i in 0..3 {
            sum[i] += c[i];
        }
        sum
    });
    let all: usize = total.iter().sum();
    let stopped: Vec<_> = tally
        .iter()
        .filter(|(_, c)| c[2] > 0)
        .map(|(r, c)| format!("{r} {c:?}"))
        .collect();
    println!(
        "forms fuzz: {all} cases over {} routes: {} accepted, {} refused by the handler, {} \
         stopped before it {stopped:?}",
        forms.len(),
        total[0],
        total[1],
        total[2]
    );
    assert!(
        total[2] * 20 <= all,
        "more than 5% of the cases never reached their handler: {stopped:#?}"
    );
    assert!(
        total[0] * 5 >= all,
        "fewer than a fifth of the cases got past validation: {tally:#?}"
    );
}

#[tokio::test]
async fn every_kept_fuzz_case_still_passes() {
    let dir = regressions_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|f| f.extension().is_some_and(|e| e == "json"));
    files.sort();
    assert!(
        !files.is_empty(),
        "no regression files in {}",
        dir.display()
    );
    let world = seed().await;
    let mut raw = Raw::open(&world.app.db);
    let templates = Templates::read(&mut raw);
    let mut failures = Vec::new();
    for (n, file) in files.iter().enumerate() {
        let text = std::fs::read_to_string(file).expect("read a regression file");
        let case: Case = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: not a case: {e}", file.display()));
        if let Err(why) = run_case(&world, &mut raw, &templates, &case, n).await {
            failures.push(format!("{}: {why}", file.display()));
        }
    }
    assert_eq!(
        world.app.get("/healthz").await.status(),
        200,
        "still serving"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
