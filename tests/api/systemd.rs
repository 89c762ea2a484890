//! `Type=notify`: the binary sends READY=1 on NOTIFY_SOCKET once it serves, and WATCHDOG=1 pings
//! when the unit asks for them (WATCHDOG_USEC). And the unit's sandbox: `systemd-analyze security`
//! rates `packaging/tglink.service` at an exposure of 2.0 or lower, the number the README gives.
use std::path::Path;
use std::time::Duration;

use tokio::net::UnixDatagram;

use crate::binary::Binary;
use crate::helpers::{TestDb, WAIT};

async fn next_datagram(socket: &UnixDatagram) -> String {
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(WAIT, socket.recv(&mut buf))
        .await
        .expect("a notification in time")
        .expect("recv");
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

#[tokio::test]
async fn ready_and_watchdog_pings_arrive_on_notify_socket() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notify.sock");
    let socket = UnixDatagram::bind(&path).expect("bind the notify socket");
    let db = TestDb::new();
    let binary = Binary::serve(dir.path(), |command, _| {
        command
            .env("DATABASE_URL", db.url())
            .env("NOTIFY_SOCKET", &path)
            .env(
                "WATCHDOG_USEC",
                Duration::from_millis(400).as_micros().to_string(),
            );
    })
    .await;
    let first = next_datagram(&socket).await;
    assert!(
        first.lines().any(|l| l == "READY=1"),
        "{first:?}; log: {}",
        binary.log()
    );
    let mut pings = 0;
    while pings < 2 {
        if next_datagram(&socket)
            .await
            .lines()
            .any(|l| l == "WATCHDOG=1")
        {
            pings += 1;
        }
    }
}

/// The score in systemd-analyze's last line: "→ Overall exposure level for tglink.service: 1.2 OK".
fn exposure(report: &str) -> f64 {
    report
        .lines()
        .find_map(|l| l.split_once("Overall exposure level for tglink.service: "))
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .and_then(|score| score.parse().ok())
        .unwrap_or_else(|| panic!("no overall exposure in:\n{report}"))
}

#[test]
fn the_units_exposure_is_at_most_2_and_the_readme_says_what_it_is() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new("systemd-analyze")
        .args(["security", "--offline=yes"])
        .arg(root.join("packaging/tglink.service"))
        .output()
        .expect("systemd-analyze (Debian package systemd; scripts/test installs it)");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let score = exposure(&report);
    assert!(score <= 2.0, "exposure {score} is above 2.0:\n{report}");
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let readme = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    let said = format!("rates its exposure **{score:.1} ");
    assert!(
        readme.contains(&said),
        "the README should say the unit {said:?}, what systemd-analyze measures now"
    );
}
