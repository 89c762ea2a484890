//! The results as Markdown: the machine, one table of measurements and one of faults per
//! backend, merged into the output file between per-backend markers.
use std::path::Path;

#[derive(Clone, Debug, Default)]
pub struct Row {
    pub scenario: String,
    pub throughput: String,
    pub p50: String,
    pub p99: String,
    pub errors: String,
    pub rss: String,
    pub notes: String,
}

#[derive(Clone, Debug, Default)]
pub struct FaultRow {
    pub fault: String,
    pub recipients: String,
    pub lost: String,
    pub duplicated: String,
    pub rss: String,
    pub notes: String,
}

pub fn ms(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0} ms")
    } else if v >= 10.0 {
        format!("{v:.1} ms")
    } else {
        format!("{v:.2} ms")
    }
}

pub fn rss(v: Option<f64>) -> String {
    v.map_or("n/a".into(), |m| format!("{m:.0} MiB"))
}

pub fn per_sec(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0}/s")
    } else {
        format!("{v:.1}/s")
    }
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

pub use crate::host::{load, machine};

pub struct Section {
    pub backend: String,
    pub mode: &'static str,
    pub started: String,
    pub load_before: String,
    pub load_after: String,
    pub rows: Vec<Row>,
    pub faults: Vec<FaultRow>,
    pub notes: Vec<String>,
}

impl Section {
    pub fn markdown(&self) -> String {
        let mut s = String::new();
        s.push_str(&format!(
            "### {} ({} mode, {}, commit {})\n\n",
            self.backend,
            self.mode,
            self.started,
            crate::app::commit()
        ));
        s.push_str(&format!(
            "Machine: {}. Before: {}; after: {}.\n\n",
            machine(),
            self.load_before,
            self.load_after
        ));
        s.push_str("| scenario | throughput | p50 | p99 | errors | app peak RSS | notes |\n");
        s.push_str("|---|---|---|---|---|---|---|\n");
        for r in &self.rows {
            s.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} |\n",
                cell(&r.scenario),
                cell(&r.throughput),
                cell(&r.p50),
                cell(&r.p99),
                cell(&r.errors),
                cell(&r.rss),
                cell(&r.notes)
            ));
        }
        if !self.faults.is_empty() {
            s.push_str("\n| fault | recipients | lost | duplicated | app peak RSS | notes |\n");
            s.push_str("|---|---|---|---|---|---|\n");
            for f in &self.faults {
                s.push_str(&format!(
                    "| {} | {} | {} | {} | {} | {} |\n",
                    cell(&f.fault),
                    cell(&f.recipients),
                    cell(&f.lost),
                    cell(&f.duplicated),
                    cell(&f.rss),
                    cell(&f.notes)
                ));
            }
        }
        if !self.notes.is_empty() {
            s.push('\n');
            for n in &self.notes {
                s.push_str(&format!("- {n}\n"));
            }
        }
        s
    }
}

const HEADER: &str = "# tglink benchmark results\n\n\
Written by `bench/run.sh` (see its header for what each scenario does). Each backend's section is \
replaced when that backend is measured again; the app, the fake Bot API and wrk share the same \
machine, so the numbers are for all three together.\n\n";

/// Puts `body` between the markers of `key` in the file, keeping the other sections.
pub fn merge_into(path: &Path, key: &str, body: &str) -> anyhow::Result<()> {
    let start = format!("<!-- loadbench:{key} -->");
    let end = format!("<!-- /loadbench:{key} -->");
    let block = format!("{start}\n{body}{end}\n");
    let old = std::fs::read_to_string(path).unwrap_or_default();
    let new = match (old.find(&start), old.find(&end)) {
        (Some(a), Some(b)) if b > a => {
            let after = &old[b + end.len()..];
            format!(
                "{}{block}{}",
                &old[..a],
                after.strip_prefix('\n').unwrap_or(after)
            )
        }
        _ if old.trim().is_empty() => format!("{HEADER}{block}"),
        _ => format!("{}\n{block}", old.trim_end()),
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, new)?;
    Ok(())
}
