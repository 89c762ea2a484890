//! The client's address, for throttling and for what the sessions page and the bot show: the TCP
//! peer, or — when the peer is one of `TGLINK_TRUSTED_PROXIES` — the address those proxies say they
//! received the request from, in the one header they set (`TGLINK_PROXY_HEADER`: `X-Forwarded-For`
//! or RFC 7239 `Forwarded`), read right to left past every trusted hop. A client can write anything
//! into either header and nginx passes a client's `Forwarded` through, so only the chosen header is
//! read, and only from a proxy; the other one is ignored.
use std::net::IpAddr;
use std::str::FromStr;

use actix_web::HttpRequest;
use actix_web::http::header::HeaderMap;
use ipnet::IpNet;

/// The header the operator's proxies set (and append to) with the address they received from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ProxyHeader {
    /// `X-Forwarded-For: client, proxy1, …` (nginx's `$proxy_add_x_forwarded_for`).
    #[default]
    XForwardedFor,
    /// RFC 7239 `Forwarded: for=client, for=proxy1;proto=https, …`.
    Forwarded,
}

impl ProxyHeader {
    /// `x-forwarded-for` or `forwarded` (any case); the error is the line that stops the start.
    pub fn parse(value: &str) -> Result<ProxyHeader, String> {
        match value.trim().to_ascii_lowercase().as_str() {
            "x-forwarded-for" => Ok(ProxyHeader::XForwardedFor),
            "forwarded" => Ok(ProxyHeader::Forwarded),
            _ => Err(format!(
                "TGLINK_PROXY_HEADER must be x-forwarded-for or forwarded (RFC 7239), not {value:?}"
            )),
        }
    }

    fn name(self) -> &'static str {
        match self {
            ProxyHeader::XForwardedFor => "x-forwarded-for",
            ProxyHeader::Forwarded => "forwarded",
        }
    }
}

/// The networks whose forwarding header is believed (empty: none), and which header that is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies {
    nets: Vec<IpNet>,
    header: ProxyHeader,
}

impl TrustedProxies {
    pub fn new(nets: Vec<IpNet>) -> TrustedProxies {
        TrustedProxies {
            nets,
            header: ProxyHeader::default(),
        }
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
            .map(TrustedProxies::new)
    }

    /// The same proxies, setting `header` instead.
    pub fn reading(self, header: ProxyHeader) -> TrustedProxies {
        TrustedProxies { header, ..self }
    }

    pub fn is_empty(&self) -> bool {
        self.nets.is_empty()
    }

    /// Whether `ip` is one of the proxies (a request from one is never "this machine's").
    pub fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.nets.iter().any(|net| net.contains(&ip))
    }

    /// The client of a request that reached us from `peer` with these headers.
    pub fn client_of(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        let mut client = peer;
        for hop in forwarded_chain(headers, self.header).into_iter().rev() {
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

/// The addresses of the hops in `header`, client first, over every line of it. `None` for an
/// entry that is not an address (`unknown`, an obfuscated `_name`, garbage).
fn forwarded_chain(headers: &HeaderMap, header: ProxyHeader) -> Vec<Option<IpAddr>> {
    let lines = headers
        .get_all(header.name())
        .filter_map(|v| v.to_str().ok());
    match header {
        ProxyHeader::XForwardedFor => lines
            .flat_map(|v| v.split(','))
            .map(|s| parse_node(s.trim()))
            .collect(),
        ProxyHeader::Forwarded => lines
            .flat_map(|v| split_unquoted(v, ','))
            .map(|element| {
                split_unquoted(element, ';')
                    .into_iter()
                    .filter_map(|pair| pair.split_once('='))
                    .find(|(k, _)| k.trim().eq_ignore_ascii_case("for"))
                    .and_then(|(_, v)| parse_node(v.trim().trim_matches('"')))
            })
            .collect(),
    }
}

/// `text` split at `separator`s outside double-quoted strings (RFC 7239 values may be quoted).
fn split_unquoted(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            c if c == separator && !quoted => {
                parts.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
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

    use super::{ProxyHeader, TrustedProxies};

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
        assert_eq!(t.nets.len(), 3);
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
    fn by_default_only_x_forwarded_for_is_read_and_a_clients_forwarded_is_ignored() {
        let t = TrustedProxies::parse("127.0.0.1").unwrap();
        // nginx appended the real client to X-Forwarded-For and passed the forged Forwarded on.
        let h = headers(&[
            ("forwarded", "for=1.2.3.4"),
            ("x-forwarded-for", "203.0.113.9"),
        ]);
        assert_eq!(t.client_of(ip("127.0.0.1"), &h), ip("203.0.113.9"));
        let h = headers(&[("forwarded", "for=1.2.3.4")]);
        assert_eq!(t.client_of(ip("127.0.0.1"), &h), ip("127.0.0.1"));
    }

    #[test]
    fn forwarded_is_read_right_to_left_when_chosen_and_x_forwarded_for_is_ignored() {
        let t = TrustedProxies::parse("127.0.0.1, 10.0.0.0/8")
            .unwrap()
            .reading(ProxyHeader::Forwarded);
        let h = headers(&[
            (
                "forwarded",
                "for=1.2.3.4, for=\"[2001:db8::7]:4711\";proto=https, for=10.0.0.2",
            ),
            ("x-forwarded-for", "203.0.113.9"),
        ]);
        assert_eq!(t.client_of(ip("127.0.0.1"), &h), ip("2001:db8::7"));
        let h = headers(&[("forwarded", "for=192.0.2.60:8080;by=10.0.0.1")]);
        assert_eq!(t.client_of(ip("127.0.0.1"), &h), ip("192.0.2.60"));
        // A quoted comma does not split an element; what cannot be read stops the walk.
        let h = headers(&[
            ("forwarded", "for=1.2.3.4;host=\"a,b\", for=198.51.100.5"),
            ("forwarded", "for=10.9.9.9"),
        ]);
        assert_eq!(t.client_of(ip("127.0.0.1"), &h), ip("198.51.100.5"));
        let h = headers(&[("forwarded", "for=1.2.3.4, for=_hidden, for=10.0.0.3")]);
        assert_eq!(t.client_of(ip("127.0.0.1"), &h), ip("10.0.0.3"));
        let h = headers(&[("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(t.client_of(ip("127.0.0.1"), &h), ip("127.0.0.1"));
    }

    #[test]
    fn the_header_setting_takes_one_of_two_names() {
        assert_eq!(
            ProxyHeader::parse(" X-Forwarded-For ").unwrap(),
            ProxyHeader::XForwardedFor
        );
        assert_eq!(
            ProxyHeader::parse("forwarded").unwrap(),
            ProxyHeader::Forwarded
        );
        let e = ProxyHeader::parse("x-real-ip").unwrap_err();
        assert!(e.starts_with("TGLINK_PROXY_HEADER must be"), "{e}");
    }

    #[test]
    fn a_proxy_is_trusted_also_as_a_mapped_address() {
        let t = TrustedProxies::parse("127.0.0.1").unwrap();
        assert!(t.trusts(ip("127.0.0.1")) && t.trusts(ip("::ffff:127.0.0.1")));
        assert!(!t.trusts(ip("127.0.0.2")));
        assert!(!TrustedProxies::default().trusts(ip("127.0.0.1")));
    }
}
