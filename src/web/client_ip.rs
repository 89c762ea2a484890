//! The client's address, for throttling: the TCP peer, or — when the peer is one of
//! `TGLINK_TRUSTED_PROXIES` — the address those proxies say they received the request from
//! (`Forwarded: for=`, else `X-Forwarded-For`), read right to left past every trusted hop.
//! A client can write anything into those headers, so they are believed only from a proxy.
use std::net::IpAddr;
use std::str::FromStr;

use actix_web::HttpRequest;
use actix_web::http::header::HeaderMap;
use ipnet::IpNet;

/// The networks whose forwarding headers are believed (empty: none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    pub fn new(nets: Vec<IpNet>) -> TrustedProxies {
        TrustedProxies(nets)
    }

    /// `10.0.0.0/8, 127.0.0.1, ::1`: CIDRs or single addresses, separated by commas or spaces.
    pub fn parse(list: &str) -> Result<TrustedProxies, String> {
        list.split([',', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                IpNet::from_str(s)
                    .or_else(|_| IpAddr::from_str(s).map(IpNet::from))
                    .map_err(|_| {
                        format!(
                            "TGLINK_TRUSTED_PROXIES: {s:?} is not a CIDR (like 10.0.0.0/8) or an IP address"
                        )
                    })
            })
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client of a request that reached us from `peer` with these headers.
    pub fn client_of(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        let mut client = peer;
        for hop in forwarded_chain(headers).into_iter().rev() {
            // A hop we cannot read ends the walk at the last proxy we trust.
            let Some(hop) = hop else { break };
            client = canonical(hop);
            if !self.trusts(client) {
                break;
            }
        }
        client
    }
}

/// The client address of `req` (see the module's comment); `0.0.0.0` when there is no peer
/// (only in unit tests of handlers).
pub fn client_ip(req: &HttpRequest) -> IpAddr {
    let peer = req
        .peer_addr()
        .map_or(IpAddr::from([0, 0, 0, 0]), |a| a.ip());
    match req.app_data::<actix_web::web::Data<TrustedProxies>>() {
        Some(trusted) => trusted.client_of(peer, req.headers()),
        None => peer,
    }
}

/// An IPv4 address mapped into IPv6 is the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The addresses of the hops, client first: from `Forwarded` when present, else from every
/// `X-Forwarded-For` header. `None` for an entry that is not an address (`unknown`, a name).
fn forwarded_chain(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let forwarded: Vec<&str> = headers
        .get_all("forwarded")
        .filter_map(|v| v.to_str().ok())
        .collect();
    if !forwarded.is_empty() {
        return forwarded
            .iter()
            .flat_map(|v| v.split(','))
            .map(|element| {
                element
                    .split(';')
                    .filter_map(|pair| pair.split_once('='))
                    .find(|(k, _)| k.trim().eq_ignore_ascii_case("for"))
                    .and_then(|(_, v)| parse_node(v.trim().trim_matches('"')))
            })
            .collect();
    }
    headers
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|s| parse_node(s.trim()))
        .collect()
}

/// `192.0.2.1`, `192.0.2.1:4711`, `[2001:db8::1]`, `[2001:db8::1]:4711` or `2001:db8::1`.
fn parse_node(s: &str) -> Option<IpAddr> {
    if let Ok(ip) = IpAddr::from_str(s) {
        return Some(ip);
    }
    if let Some(rest) = s.strip_prefix('[') {
        return rest.split_once(']').and_then(|(ip, _)| ip.parse().ok());
    }
    s.rsplit_once(':').and_then(|(ip, _)| ip.parse().ok())
}

#[cfg(test)]
mod tests {
    use std::net::IpAddr;

    use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue};

    use super::TrustedProxies;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(HeaderName::from_static(k), HeaderValue::from_static(v));
        }
        map
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn settings_parse_cidrs_and_addresses_and_name_the_bad_one() {
        let t = TrustedProxies::parse("10.0.0.0/8, 127.0.0.1 ::1").unwrap();
        assert_eq!(t.0.len(), 3);
        assert!(TrustedProxies::parse("").unwrap().is_empty());
        let e = TrustedProxies::parse("10.0.0.0/8,10.0.0/8").unwrap_err();
        assert!(e.contains("\"10.0.0/8\""), "{e}");
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
    }

    #[test]
    fn headers_are_believed_only_from_a_trusted_peer() {
        let t = TrustedProxies::parse("127.0.0.1/32, 10.0.0.0/8").unwrap();
        let h = headers(&[("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(t.client_of(ip("198.51.100.1"), &h), ip("198.51.100.1"));
        assert_eq!(t.client_of(ip("127.0.0.1"), &h), ip("203.0.113.9"));
        assert_eq!(
            TrustedProxies::default().client_of(ip("127.0.0.1"), &h),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn the_client_is_the_first_untrusted_hop_from_the_right() {
        let t = TrustedProxies::parse("127.0.0.1/32, 10.0.0.0/8").unwrap();
        // The client forged the first entry; our proxies appended the real ones.
        let h = headers(&[("x-forwarded-for", "1.2.3.4, 203.0.113.9, 10.1.2.3")]);
        assert_eq!(t.client_of(ip("127.0.0.1"), &h), ip("203.0.113.9"));
        let h = headers(&[
            ("x-forwarded-for", "1.2.3.4"),
            ("x-forwarded-for", "203.0.113.9"),
        ]);
        assert_eq!(t.client_of(ip("127.0.0.1"), &h), ip("203.0.113.9"));
        let h = headers(&[("x-forwarded-for", "garbage, 10.1.2.3")]);
        assert_eq!(t.client_of(ip("127.0.0.1"), &h), ip("10.1.2.3"));
        assert_eq!(
            t.client_of(ip("::ffff:127.0.0.1"), &headers(&[])),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn forwarded_wins_over_x_forwarded_for() {
        let t = TrustedProxies::parse("127.0.0.1").unwrap();
        let h = headers(&[
            (
                "forwarded",
                "for=1.2.3.4, for=\"[2001:db8::7]:4711\";proto=https",
            ),
            ("x-forwarded-for", "203.0.113.9"),
        ]);
        assert_eq!(t.client_of(ip("127.0.0.1"), &h), ip("2001:db8::7"));
        let h = headers(&[("forwarded", "for=192.0.2.60:8080;by=10.0.0.1")]);
        assert_eq!(t.client_of(ip("127.0.0.1"), &h), ip("192.0.2.60"));
    }
}
