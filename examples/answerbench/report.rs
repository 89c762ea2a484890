//! The results as Markdown: the machine and the targets, one table per scenario with one row
//! per target, merged into bench/results.md as the section "## Bot answers end to end".
use std::path::Path;
use std::process::Command;
use std::time::Duration;

pub const HEADING: &str = "## Bot answers end to end";
const START_MARK: &str = "<!-- answerbench -->";
const END_MARK: &str = "<!-- /answerbench -->";

pub fn ms(d: Duration) -> String {
    let v = d.as_secs_f64() * 1000.0;
    if v >= 10_000.0 {
        format!("{:.1} s", v / 1000.0)
    } else if v >= 100.0 {
        format!("{v:.0} ms")
    } else if v >= 10.0 {
        format!("{v:.1} ms")
    } else {
        format!("{v:.2} ms")
    }
}

pub fn opt_ms(d: Option<Duration>) -> String {
    d.map_or("–".into(), ms)
}

pub fn secs(d: Duration) -> String {
    let v = d.as_secs_f64();
    if v >= 100.0 {
        format!("{v:.0} s")
    } else {
        format!("{v:.2} s")
    }
}

pub fn opt_secs(d: Option<Duration>) -> String {
    d.map_or("–".into(), secs)
}

pub fn per_sec(v: Option<f64>) -> String {
    match v {
        None => "–".into(),
        Some(v) if v >= 100.0 => format!("{v:.0}/s"),
        Some(v) => format!("{v:.1}/s"),
    }
}

pub fn ratio(a: Option<f64>, b: Option<f64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}×", a / b),
        _ => "–".into(),
    }
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// A scenario's table.
pub struct Table {
    pub title: String,
    pub about: String,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
    /// Lines after the table (ratios, remarks).
    pub after: Vec<String>,
}

impl Table {
    pub fn new(title: &str, about: &str, header: &[&'static str]) -> Table {
        Table {
            title: title.into(),
            about: about.into(),
            header: header.to_vec(),
            rows: Vec::new(),
            after: Vec::new(),
        }
    }

    /// A row for a target whose run failed: the error in the last column.
    pub fn failed(&mut self, target: &str, error: &str) {
        let mut row = vec![target.to_string()];
        row.extend((2..self.header.len()).map(|_| "–".to_string()));
        row.push(format!("FAILED: {error}"));
        self.rows.push(row);
    }

    pub fn markdown(&self) -> String {
        let mut s = format!("### {}\n\n{}\n\n", self.title, self.about);
        s.push_str(&format!("| {} |\n", self.header.join(" | ")));
        s.push_str(&format!("|{}\n", "---|".repeat(self.header.len())));
        for r in &self.rows {
            let cells: Vec<String> = r.iter().map(|c| cell(c)).collect();
            s.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        if !self.after.is_empty() {
            s.push('\n');
            for a in &self.after {
                s.push_str(a);
                s.push('\n');
            }
        }
        s.push('\n');
        s
    }
}

pub use crate::host::{load, machine};

/// The short commit of the working tree, "+ uncommitted changes" when it is dirty.
pub fn commit() -> String {
    let dir = env!("CARGO_MANIFEST_DIR");
    let head = Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(dir)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".into());
    let dirty = Command::new("git")
        .args([
            "status",
            "--porcelain",
            "--untracked-files=no",
            "--",
            "src",
            "migrations",
        ])
        .current_dir(dir)
        .output()
        .is_ok_and(|o| !o.stdout.is_empty());
    if dirty {
        format!("{head} + uncommitted changes in src/")
    } else {
        head
    }
}

/// Puts `body` (which starts with the section's heading) into the file: between the section's
/// markers when present, else in place of an unmarked "## Bot answers end to end" section (up to
/// the next `## ` heading or loadbench marker), else at the end.
pub fn merge_into(path: &Path, body: &str) -> anyhow::Result<()> {
    let block = format!("{START_MARK}\n{}\n{END_MARK}\n", body.trim_end());
    let old = std::fs::read_to_string(path).unwrap_or_default();
    let new = if let (Some(a), Some(b)) = (old.find(START_MARK), old.find(END_MARK))
        && b > a
    {
        let after = &old[b + END_MARK.len()..];
        format!(
            "{}{block}{}",
            &old[..a],
            after.strip_prefix('\n').unwrap_or(after)
        )
    } else if let Some(a) = find_line(&old, HEADING, 0) {
        let from = a + HEADING.len();
        let end = [
            find_line(&old, "## ", from),
            find_line(&old, "<!-- loadbench:", from),
        ]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(old.len());
        format!("{}{block}{}", &old[..a], &old[end..])
    } else if old.trim().is_empty() {
        format!("# tglink benchmark results\n\n{block}")
    } else {
        format!("{}\n\n{block}", old.trim_end())
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, new)?;
    Ok(())
}

/// The byte offset of the first line at or after `from` that starts with `prefix`.
fn find_line(text: &str, prefix: &str, from: usize) -> Option<usize> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if at >= from && line.starts_with(prefix) {
            return Some(at);
        }
        at += line.len();
    }
    None
}
