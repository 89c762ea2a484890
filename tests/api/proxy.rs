//! Behind a reverse proxy: a real nginx, configured with the README's own example (only its ports,
//! upstream and certificate paths rewritten), in front of the app. A client cannot forge its address
//! through it (login lockout, the sessions page, the bot's sign-in question), and `/metrics` is never
//! public through it. Also: IPv6 clients counted per /64, and a trusted proxy's request is remote.
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use tglink::web::client_ip::{ProxyHeader, TrustedProxies};

use crate::helpers::{
    Browser, Intake, TestApp, WAIT, csrf_from, deep_link_from, spawn_app_with,
    spawn_app_with_telegram_and,
};
use crate::readme::readme_code;

const PW: &str = "correct horse battery staple";
/// The README's nginx answers for this name; the test's client resolves it to loopback.
const SITE: &str = "your.site";
/// Where the test's client connects from: a loopback address that is not the proxy's own, as a
/// visitor's address would be.
const CLIENT: &str = "127.0.0.3";

/// nginx running the README's site in a temporary prefix, killed (its whole process group) on drop.
struct Nginx {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // The child leads its own process group: end it and anything it started.
        let pid = self.child.id() as i32;
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}

/// `text` with `from` replaced by `to`, which must occur exactly once (a changed README fails here).
fn rewrite(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "the README's nginx example should contain {from:?} once:\n{text}"
    );
    text.replace(from, to)
}

/// The README's nginx site, listening on `port` and forwarding to the app on `upstream`.
fn site_config(dir: &Path, port: u16, upstream: u16) -> String {
    let site = readme_code("nginx", "nginx");
    let site = rewrite(&site, "listen 443 ", &format!("listen 127.0.0.1:{port} "));
    let site = rewrite(
        &site,
        "proxy_pass http://127.0.0.1:8080;",
        &format!("proxy_pass http://127.0.0.1:{upstream};"),
    );
    let certs = dir.display().to_string();
    let site = site.replace("/etc/letsencrypt/live/your.site", &certs);
    let d = dir.display();
    format!(
        "daemon off;\nmaster_process off;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\n\
         events {{ worker_connections 64; }}\n\
         http {{\n  access_log {d}/access.log;\n  client_body_temp_path {d}/body;\n  \
         proxy_temp_path {d}/proxy;\n  fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  \
         scgi_temp_path {d}/scgi;\n{site}\n}}\n"
    )
}

impl Nginx {
    /// Starts nginx in front of the app on `upstream`; fails loudly when nginx is missing.
    fn start(upstream: u16) -> Nginx {
        let dir = tempfile::tempdir().expect("a temp dir");
        let openssl = Command::new("openssl")
            .args(["req", "-x509", "-newkey", "ec", "-pkeyopt"])
            .args(["ec_paramgen_curve:P-256", "-nodes", "-days", "2"])
            .args(["-subj", &format!("/CN={SITE}")])
            .arg("-keyout")
            .arg(dir.path().join("privkey.pem"))
            .arg("-out")
            .arg(dir.path().join("fullchain.pem"))
            .output()
            .expect("openssl (Debian package openssl) makes a test certificate");
        assert!(openssl.status.success(), "openssl: {openssl:?}");
        // A port found free may be taken before nginx binds it: try a few.
        for _ in 0..5 {
            let port = free_port();
            let conf = dir.path().join("nginx.conf");
            std::fs::write(&conf, site_config(dir.path(), port, upstream)).expect("nginx.conf");
            let mut child = Command::new("nginx")
                .arg("-p")
                .arg(dir.path())
                .arg("-c")
                .arg(&conf)
                .arg("-e")
                .arg(dir.path().join("error.log"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .process_group(0)
                .spawn()
                .expect("nginx (Debian package nginx; scripts/test installs it)");
            let deadline = std::time::Instant::now() + WAIT;
            loop {
                if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return Nginx {
                        child,
                        port,
                        _dir: dir,
                    };
                }
                if let Some(status) = child.try_wait().expect("nginx's status") {
                    let log =
                        std::fs::read_to_string(dir.path().join("error.log")).unwrap_or_default();
                    if log.contains("Address already in use") {
                        break;
                    }
                    panic!("nginx ended ({status}):\n{log}");
                }
                assert!(std::time::Instant::now() < deadline, "nginx did not listen");
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        panic!("nginx found no free port in five tries");
    }

    /// A browser that reaches the site through nginx from `CLIENT`, sending `headers` on every
    /// request (a client's forgeries).
    fn browser(&self, headers: &[(&'static str, &str)]) -> Browser {
        let mut map = reqwest::header::HeaderMap::new();
        for (name, value) in headers {
            map.insert(*name, value.parse().expect("a header value"));
        }
        let client = reqwest::Client::builder()
            .local_address(CLIENT.parse::<IpAddr>().expect("an address"))
            .resolve(SITE, SocketAddr::from(([127, 0, 0, 1], self.port)))
            .tls_danger_accept_invalid_certs(true)
            .default_headers(map)
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            .build()
            .expect("client");
        Browser {
            address: format!("https://{SITE}:{}", self.port),
            client,
        }
    }
}

fn trust_loopback(c: &mut tglink::config::Config) {
    c.trusted_proxies = TrustedProxies::parse("127.0.0.1").expect("a proxy list");
}

/// The address the sessions page shows for the browser's own session.
async fn shown_address(browser: &Browser) -> String {
    let html = browser.get_html("/account/sessions").await;
    let from = html
        .find(" from ")
        .unwrap_or_else(|| panic!("no address:\n{html}"))
        + 6;
    let end = html[from..].find(' ').expect("the address ends") + from;
    html[from..end].to_string()
}

#[tokio::test]
async fn through_the_readme_nginx_a_client_cannot_forge_its_address() {
    let app = spawn_app_with_telegram_and(Intake::Polling, trust_loopback).await;
    app.new_browser().sign_up("alice", PW).await;
    let bob = app.new_browser();
    assert_eq!(bob.sign_up("bob", PW).await.status(), 303);
    let tg = app.link_telegram(&bob, 222, "Bob", Some("bob_tg")).await;
    assert_eq!(bob.log_out().await.status(), 303);
    let nginx = Nginx::start(app.port);

    let guesser = nginx.browser(&[]);
    for i in 0..10 {
        let r = guesser.log_in("alice", "wrong password").await;
        assert_eq!(r.status(), 401, "guess {i}");
    }
    assert_eq!(guesser.log_in("alice", PW).await.status(), 429);
    for forged in [
        ("forwarded", "for=198.51.100.1"),
        ("forwarded", "for=\"[2001:db8::1]\""),
        ("x-forwarded-for", "198.51.100.2"),
        ("x-forwarded-for", "198.51.100.3, 127.0.0.1"),
    ] {
        let r = nginx.browser(&[forged]).log_in("alice", PW).await;
        assert_eq!(r.status(), 429, "{forged:?} bought another guess");
    }

    // The real address, not a forged one, is what the sessions page and the bot show.
    let forger = nginx.browser(&[
        ("forwarded", "for=198.51.100.9"),
        ("x-forwarded-for", "198.51.100.8"),
    ]);
    assert_eq!(forger.log_in("bob", PW).await.status(), 303);
    assert_eq!(shown_address(&forger).await, CLIENT);

    let stranger = nginx.browser(&[
        ("forwarded", "for=198.51.100.7"),
        ("x-forwarded-for", "198.51.100.6"),
    ]);
    let login = stranger.get_html("/login").await;
    let r = stranger
        .post_form(
            "/login/telegram",
            &[("csrf_token", &csrf_from(&login)), ("next", "/account")],
        )
        .await;
    assert_eq!(r.status(), 303, "start a Telegram sign-in");
    let waiting = stranger.get_html("/login/telegram").await;
    let link = deep_link_from(&waiting).expect("the waiting page's deep link");
    tg.open_link(&link).await.expect("open the link");
    let question = loop {
        let m = app.next_message_to(222).await;
        if m.plain_text.starts_with("Sign in to") {
            break m;
        }
    };
    assert!(
        question
            .plain_text
            .contains(&format!("Address: {CLIENT}\n")),
        "{}",
        question.plain_text
    );

    // /metrics through the proxy is someone else's request: refused without the token.
    let r = nginx.browser(&[]).get("/metrics").await;
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn a_request_from_a_trusted_proxy_never_gets_local_metrics() {
    let app = spawn_app_with(trust_loopback).await;
    let r = app.get("/metrics").await;
    assert_eq!(
        r.status(),
        403,
        "a proxy that sets no header is still a proxy"
    );
    // Without proxies configured, this machine may scrape.
    let app = spawn_app_with(|_| {}).await;
    assert_eq!(app.get("/metrics").await.status(), 200);
}

/// Logs alice in from IPv6 `client` through the trusted proxy (the test itself, on 127.0.0.1).
async fn log_in_from(app: &TestApp, client: &str, password: &str) -> u16 {
    log_in_with(app, &[("x-forwarded-for", client)], password).await
}

#[tokio::test]
async fn ipv6_clients_are_counted_per_64() {
    let app = spawn_app_with(trust_loopback).await;
    app.new_browser().sign_up("alice", PW).await;
    // One machine owns a /64 and can pick any address in it.
    for i in 1..=10 {
        let me = format!("2001:db8:1:2::{i:x}");
        assert_eq!(log_in_from(&app, &me, "wrong password").await, 401);
    }
    assert_eq!(log_in_from(&app, "2001:db8:1:2:ffff::1", PW).await, 429);
    // Another network is another client.
    assert_eq!(log_in_from(&app, "2001:db8:1:3::1", PW).await, 303);
}

/// Logs alice in through the trusted proxy (the test, on 127.0.0.1) with these headers.
async fn log_in_with(app: &TestApp, headers: &[(&'static str, &str)], password: &str) -> u16 {
    let mut map = reqwest::header::HeaderMap::new();
    for (name, value) in headers {
        map.insert(*name, value.parse().expect("a header value"));
    }
    let browser = Browser {
        address: app.address.clone(),
        client: reqwest::Client::builder()
            .default_headers(map)
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            .build()
            .expect("client"),
    };
    browser.log_in("alice", password).await.status().as_u16()
}

#[tokio::test]
async fn with_proxy_header_forwarded_only_forwarded_is_believed() {
    let app = spawn_app_with(|c| {
        c.trusted_proxies = TrustedProxies::parse("127.0.0.1")
            .expect("a proxy list")
            .reading(ProxyHeader::Forwarded)
    })
    .await;
    app.new_browser().sign_up("alice", PW).await;
    // Our proxy appended the attacker's real address; the attacker varies X-Forwarded-For.
    for i in 0..10 {
        let forged = format!("198.51.100.{i}");
        let headers = [
            ("forwarded", "for=1.2.3.4, for=203.0.113.7"),
            ("x-forwarded-for", forged.as_str()),
        ];
        assert_eq!(log_in_with(&app, &headers, "wrong password").await, 401);
    }
    let attacker = [
        ("forwarded", "for=9.9.9.9, for=203.0.113.7"),
        ("x-forwarded-for", "198.51.100.99"),
    ];
    assert_eq!(log_in_with(&app, &attacker, PW).await, 429);
    let owner = [("forwarded", "for=\"[2001:db8::5]:4711\";proto=https")];
    assert_eq!(log_in_with(&app, &owner, PW).await, 303);
}
