//! What the machine running a benchmark is and how busy it is, for both orchestrators' reports
//! (examples/loadbench.rs and examples/answerbench.rs include this file).

/// Cores, CPU model and memory.
pub fn machine() -> String {
    let nproc = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or("unknown CPU".to_string(), |(_, m)| m.trim().to_string());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem = meminfo
        .lines()
        .find(|l| l.starts_with("MemTotal:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|k| k.parse::<f64>().ok())
        .map_or("unknown".to_string(), |k| {
            format!("{:.1} GiB", k / 1024.0 / 1024.0)
        });
    format!("{nproc} cores (nproc), {model}, {mem} RAM")
}

/// The load averages (1, 5 and 15 minutes).
pub fn load() -> String {
    let avg = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let parts: Vec<&str> = avg.split_whitespace().take(3).collect();
    format!("load average {}", parts.join(" "))
}
