//! `tglink healthcheck [--url URL]`: asks a running tglink's `/readyz` and exits 0 when it is
//! ready, 1 otherwise, for a container HEALTHCHECK or a monitor on an image without curl.
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};
use std::time::Duration;

use anyhow::Context;

#[derive(clap::Args, Debug)]
pub struct HealthcheckArgs {
    /// The URL to ask. Default: /readyz on the address `tglink serve` listens on (TGLINK_BIND).
    #[arg(long)]
    pub url: Option<String>,

    /// Where `tglink serve` listens, read to build the default URL.
    #[arg(
        long,
        env = "TGLINK_BIND",
        default_value = "127.0.0.1:8080",
        hide = true
    )]
    pub bind: String,
}

/// A probe that takes longer than this counts as failed: a health check must not hang.
const TIMEOUT: Duration = Duration::from_secs(5);

pub async fn run(args: &HealthcheckArgs) -> anyhow::Result<()> {
    let url = match &args.url {
        Some(url) => url.clone(),
        None => default_url(&args.bind)?,
    };
    let client = reqwest12::Client::builder()
        .timeout(TIMEOUT)
        .redirect(reqwest12::redirect::Policy::none())
        .build()
        .context("cannot build the HTTP client")?;
    let response = client
        .get(&url)
        .send()
        .await
        .with_context(|| format!("{url} did not answer"))?;
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    let body = body.trim();
    if status.is_success() {
        println!("{url}: {status} {body}");
        Ok(())
    } else {
        anyhow::bail!("{url}: {status} {body}")
    }
}

/// `/readyz` on the listening address; an address that listens everywhere is asked on loopback.
fn default_url(bind: &str) -> anyhow::Result<String> {
    let addr = bind
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .with_context(|| format!("TGLINK_BIND {bind:?} is not an address; give --url"))?;
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    Ok(format!(
        "http://{}/readyz",
        SocketAddr::new(ip, addr.port())
    ))
}

#[cfg(test)]
mod tests {
    use super::default_url;

    #[test]
    fn everywhere_is_asked_on_loopback() {
        assert_eq!(
            default_url("0.0.0.0:9000").unwrap(),
            "http://127.0.0.1:9000/readyz"
        );
        assert_eq!(default_url("[::]:80").unwrap(), "http://[::1]:80/readyz");
        assert_eq!(
            default_url("10.0.0.5:8080").unwrap(),
            "http://10.0.0.5:8080/readyz"
        );
    }
}
