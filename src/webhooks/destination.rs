//! Where webhooks may go: by default only public addresses over https, so an admin's endpoint
//! cannot make tglink POST to itself, the cloud's metadata service or a private network. Checked
//! when an endpoint is added (the URL's literal address, in any spelling the URL parser accepts)
//! and at send time after DNS, by the sender's resolver, whose checked addresses are the ones
//! connected to (a name cannot resolve to a public address for the check and a private one for
//! the connection).
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest12::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

/// The setting that lifts the rule, named in every refusal.
const SETTING: &str = "TGLINK_WEBHOOK_ALLOW_PRIVATE";

/// Whether endpoints may be internal (TGLINK_WEBHOOK_ALLOW_PRIVATE).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Destinations {
    pub allow_private: bool,
}

impl Destinations {
    /// The check of a new endpoint's URL: https (http only with the setting) and, unless allowed,
    /// a host that is not an internal address or a `localhost` name.
    pub fn check_new(self, url: &Url) -> Result<(), String> {
        if url.scheme() != "https" && !self.allow_private {
            return Err(format!(
                "Use an https:// URL: events carry your members' names. Plain http is for a \
                 receiver on your own network, with {SETTING}=on."
            ));
        }
        if let Some(Host::Domain(name)) = url.host()
            && !self.allow_private
            && is_local_name(name)
        {
            return Err(refused_message(name));
        }
        self.check_host(url)
    }

    /// The check made before each POST: the URL's literal address, if it has one (a name,
    /// `localhost` too, is checked by the resolver, after DNS).
    pub fn check_host(self, url: &Url) -> Result<(), String> {
        if self.allow_private {
            return Ok(());
        }
        let refused = match url.host() {
            Some(Host::Ipv4(ip)) => is_internal(IpAddr::V4(ip)).then(|| ip.to_string()),
            Some(Host::Ipv6(ip)) => is_internal(IpAddr::V6(ip)).then(|| ip.to_string()),
            Some(Host::Domain(_)) | None => None,
        };
        match refused {
            Some(address) => Err(refused_message(&address)),
            None => Ok(()),
        }
    }

    /// The resolver for the webhook client: `None` when everything is allowed (the default one).
    pub fn resolver(self) -> Option<std::sync::Arc<PublicOnly>> {
        (!self.allow_private).then(|| std::sync::Arc::new(PublicOnly))
    }
}

fn refused_message(address: &str) -> String {
    format!(
        "{address} is an internal address (this machine or a private or local network); \
         tglink sends webhooks to public addresses only. Set {SETTING}=on for a receiver on your \
         own network."
    )
}

/// `localhost` and its subdomains always mean this machine (RFC 6761).
fn is_local_name(name: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost")
}

/// True for an address that is not on the public internet: unspecified, loopback, private,
/// shared (CGNAT), link-local (with the metadata service at 169.254.169.254), multicast,
/// broadcast and reserved ranges, and the IPv6 forms that carry one of those IPv4 addresses.
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_internal_v4(v4),
        IpAddr::V6(v6) => is_internal_v6(v6),
    }
}

fn is_internal_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    ip.is_unspecified()
        || a == 0 // "this network", 0.0.0.0/8
        || ip.is_loopback()
        || ip.is_private()
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT), 100.64.0.0/10
        || ip.is_link_local()
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments, 192.0.0.0/24
        || (a == 198 && (b == 18 || b == 19)) // benchmarking, 198.18.0.0/15
        || ip.is_multicast()
        || a >= 240 // reserved, and the broadcast address
}

fn is_internal_v6(ip: Ipv6Addr) -> bool {
    let segments = ip.segments();
    if ip.is_unspecified() || ip.is_loopback() || ip.is_multicast() {
        return true;
    }
    if let Some(v4) = embedded_v4(ip) {
        return is_internal_v4(v4);
    }
    ip.is_unique_local() // fc00::/7
        || ip.is_unicast_link_local() // fe80::/10
        || (segments[0] & 0xffc0) == 0xfec0 // site-local (deprecated), fec0::/10
        || (segments[0] == 0x100 && segments[1..4] == [0, 0, 0]) // discard-only, 100::/64
}

/// The IPv4 address an IPv6 address stands for: IPv4-mapped (`::ffff:a.b.c.d`), IPv4-compatible
/// (`::a.b.c.d`), NAT64 (`64:ff9b::a.b.c.d`) and 6to4 (`2002:AABB:CCDD::`).
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let low =
        |hi: u16, lo: u16| Ipv4Addr::new((hi >> 8) as u8, hi as u8, (lo >> 8) as u8, lo as u8);
    match s {
        [0, 0, 0, 0, 0, 0xffff, hi, lo] | [0, 0, 0, 0, 0, 0, hi, lo] => Some(low(hi, lo)),
        [0x64, 0xff9b, 0, 0, 0, 0, hi, lo] => Some(low(hi, lo)),
        [0x2002, hi, lo, ..] => Some(low(hi, lo)),
        _ => None,
    }
}

/// Resolves names with the system's resolver and keeps only public addresses; a name with none
/// left is an error that says which address was refused.
#[derive(Debug, Default)]
pub struct PublicOnly;

/// A name that resolved to internal addresses only (found in the error chain by the sender).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let public = keep_public(&found);
            match (public.is_empty(), found.first()) {
                (false, _) => Ok(Box::new(public.into_iter()) as Addrs),
                (true, Some(first)) => {
                    Err(Refused(refused_message(&format!("{host} ({})", first.ip()))).into())
                }
                (true, None) => Err(format!("{host} has no address").into()),
            }
        })
    }
}

fn keep_public(found: &[SocketAddr]) -> Vec<SocketAddr> {
    found
        .iter()
        .copied()
        .filter(|a| !is_internal(a.ip()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn internal_and_public_addresses() {
        for internal in [
            "0.0.0.0",
            "0.1.2.3",
            "127.0.0.1",
            "127.255.0.9",
            "10.0.0.1",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.0.1",
            "100.64.0.1",
            "100.127.255.254",
            "169.254.169.254",
            "192.0.0.170",
            "198.18.0.1",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "::10.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "febf::1",
            "fec0::1",
            "ff02::1",
            "100::1",
        ] {
            assert!(is_internal(ip(internal)), "{internal} is internal");
        }
        for public in [
            "1.1.1.1",
            "93.184.215.14",
            "100.63.255.255",
            "100.128.0.1",
            "172.32.0.1",
            "169.255.0.1",
            "2606:4700:4700::1111",
            "::ffff:1.1.1.1",
            "64:ff9b::101:101",
            "2002:101:101::",
        ] {
            assert!(!is_internal(ip(public)), "{public} is public");
        }
    }

    /// The URL parser (WHATWG) turns every numeric spelling of an IPv4 address into the address,
    /// so the check sees 127.0.0.1 however it was written.
    #[test]
    fn numeric_spellings_reach_the_check_as_addresses() {
        for spelled in [
            "https://0x7f000001/",
            "https://2130706433/",
            "https://0177.0.0.1/",
            "https://127.1/",
            "https://0x7f.1/",
            "https://127.0.0.1./",
            "https://[::ffff:127.0.0.1]/",
        ] {
            let url = Url::parse(spelled).unwrap();
            assert!(
                matches!(url.host(), Some(Host::Ipv4(_) | Host::Ipv6(_))),
                "{spelled} → {:?}",
                url.host()
            );
            let strict = Destinations {
                allow_private: false,
            };
            assert!(strict.check_new(&url).is_err(), "{spelled}");
            assert!(strict.check_host(&url).is_err(), "{spelled}");
        }
    }

    #[test]
    fn the_setting_allows_internal_addresses_and_http() {
        let open = Destinations {
            allow_private: true,
        };
        let strict = Destinations {
            allow_private: false,
        };
        let local = Url::parse("http://127.0.0.1:9000/hook").unwrap();
        assert!(open.check_new(&local).is_ok());
        assert!(open.resolver().is_none());
        let plain = Url::parse("http://shop.example/hook").unwrap();
        assert!(strict.check_new(&plain).unwrap_err().contains("https"));
        assert!(
            strict.check_host(&plain).is_ok(),
            "the name is checked after DNS"
        );
        assert!(
            strict
                .check_new(&Url::parse("https://shop.example/").unwrap())
                .is_ok()
        );
        assert!(
            strict
                .check_new(&Url::parse("https://LocalHost./").unwrap())
                .is_err()
        );
    }

    #[test]
    fn the_resolver_keeps_public_addresses_only() {
        let found: Vec<SocketAddr> = ["10.0.0.5:0", "93.184.215.14:0", "[::1]:0"]
            .iter()
            .map(|a| a.parse().unwrap())
            .collect();
        assert_eq!(keep_public(&found), ["93.184.215.14:0".parse().unwrap()]);
    }

    #[tokio::test]
    async fn the_resolver_refuses_a_name_of_this_machine() {
        let name: Name = "localhost".parse().unwrap();
        let refused = PublicOnly.resolve(name).await.err().expect("refused");
        assert!(
            refused.to_string().contains("internal address"),
            "{refused}"
        );
    }
}
