//! Fuzzing inside the benchmark: the proptest-based tests for the update handler and the account
//! forms, each given a share of the time budget, filled by runs with PROPTEST_CASES sized from
//! the previous run's pace (each run draws a fresh random seed).
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::bail;

/// (what it feeds, test name)
const TARGETS: &[(&str, &str)] = &[
    (
        "webhook: arbitrary JSON, mangled real updates, arbitrary bytes",
        "telegram_fuzz::the_webhook_never_fails_on_arbitrary_input",
    ),
    (
        "account forms: arbitrary field values",
        "forms_fuzz::account_forms_never_answer_5xx_to_arbitrary_fields",
    ),
    (
        "account forms: arbitrary bodies and content types",
        "forms_fuzz::account_forms_never_answer_5xx_to_arbitrary_bodies",
    ),
];

const CALIBRATION_CASES: u64 = 64;

async fn cargo_test(args: &[&str], cases: Option<u64>) -> anyhow::Result<(bool, String)> {
    let mut cmd =
        tokio::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.args(["test", "-q", "--test", "api"])
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .kill_on_drop(true);
    if let Some(n) = cases {
        cmd.env("PROPTEST_CASES", n.to_string());
    }
    let out = cmd.output().await?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Ok((out.status.success(), text))
}

fn failure_line(text: &str) -> String {
    text.lines()
        .find(|l| l.contains("panicked") || l.contains("assertion"))
        .unwrap_or("failed (see the output above)")
        .to_string()
}

/// Runs every target for its share of `budget`; returns the Markdown section.
pub async fn run(budget: Duration) -> anyhow::Result<String> {
    eprintln!("fuzz: building the test binary");
    let (built, text) = cargo_test(&["--no-run"], None).await?;
    if !built {
        bail!("the tests do not build:\n{text}");
    }
    let started = Instant::now();
    let share = budget / TARGETS.len() as u32;
    let mut s = String::from("| target | cases | time | result |\n|---|---|---|---|\n");
    let mut failed = 0;
    for (label, name) in TARGETS {
        // Run after run with a fresh seed, each sized from the last one's pace, until the
        // target's share of the time is used (a run's fixed cost, building the app, is paid each
        // time, so the first small run overestimates the cost of a case).
        let began = Instant::now();
        let (mut cases, mut runs, mut next) = (0u64, 0u32, CALIBRATION_CASES);
        let (mut ok, mut text) = (true, String::new());
        while ok {
            let t = Instant::now();
            (ok, text) = cargo_test(&["--", "--exact", name], Some(next)).await?;
            let took = t.elapsed().as_secs_f64();
            cases += next;
            runs += 1;
            let left = share.saturating_sub(began.elapsed()).as_secs_f64();
            if left < 3.0 {
                break;
            }
            next = ((next as f64 * left / took.max(0.1) * 0.9) as u64)
                .clamp(CALIBRATION_CASES, next * 8);
        }
        eprintln!("fuzz: {name}: {cases} cases in {runs} runs");
        let took = began.elapsed();
        let result = if ok {
            "no panic, no 5xx, still serving".to_string()
        } else {
            failed += 1;
            eprintln!("fuzz: {name} FAILED:\n{text}");
            format!("FAILED: {}", failure_line(&text))
        };
        s.push_str(&format!(
            "| {label} (`{name}`) | {cases} | {:.0} s | {result} |\n",
            took.as_secs_f64()
        ));
    }
    let head = format!(
        "### Fuzzing ({:.0} s in all, {}{})\n\n",
        started.elapsed().as_secs_f64(),
        crate::report::load(),
        if failed > 0 {
            format!(", {failed} FAILED")
        } else {
            String::new()
        }
    );
    Ok(format!(
        "{head}{s}\nEach target runs again and again with PROPTEST_CASES sized to fill its share of the time; proptest draws a fresh random seed per run.\n"
    ))
}
