//! `Type=notify`: the binary sends READY=1 on NOTIFY_SOCKET once it serves, and WATCHDOG=1 pings
//! when the unit asks for them (WATCHDOG_USEC).
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
