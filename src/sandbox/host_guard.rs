//! `tglink demo` answers only requests addressed to it: `Host` must be `localhost`, a loopback
//! address or the address it bound, with its port. A DNS-rebinding page (`evil.example` that
//! resolves to 127.0.0.1 after it loaded) reaches the demo with its own name in `Host`, and is
//! answered 421 before anything runs, so it can neither read pages nor drive the sandbox.
use std::net::{IpAddr, SocketAddr};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};

use crate::config::Config;

pub async fn only_bound_host(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let bound = req.app_data::<web::Data<Config>>().map(|c| c.bind);
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    let ours = matches!((host, bound), (Some(host), Some(bound)) if addressed_to(host, bound));
    if !ours {
        let refusal = HttpResponse::build(StatusCode::MISDIRECTED_REQUEST)
            .content_type("text/plain; charset=utf-8")
            .body("tglink demo answers only at localhost or 127.0.0.1 with its port\n");
        return Ok(req.into_response(refusal).map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}

/// Whether a `Host` header names this demo, bound at `bound` (its real port).
fn addressed_to(host: &str, bound: SocketAddr) -> bool {
    let (name, port) = match host.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((ip, "")) => (ip, None),
            Some((ip, port)) => match port.strip_prefix(':') {
                Some(port) => (ip, Some(port)),
                None => return false,
            },
            None => return false,
        },
        None => match host.rsplit_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        },
    };
    let port = match port {
        Some(p) => p.parse::<u16>().ok(),
        None => Some(80),
    };
    if port != Some(bound.port()) {
        return false;
    }
    match name.parse::<IpAddr>() {
        Ok(ip) => {
            ip.is_loopback()
                || ip == bound.ip()
                // Listening everywhere: any of the machine's addresses; a page of another site
                // cannot make a browser send one of ours as Host, only its own name.
                || bound.ip().is_unspecified()
        }
        Err(_) => name.eq_ignore_ascii_case("localhost"),
    }
}

#[cfg(test)]
mod tests {
    use std::net::SocketAddr;

    use super::addressed_to;

    #[test]
    fn only_loopback_names_and_addresses_with_the_port_are_ours() {
        let bound: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        for host in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LocalHost:8080",
            "[::1]:8080",
        ] {
            assert!(addressed_to(host, bound), "{host}");
        }
        for host in [
            "evil.example:8080",
            "localhost.evil.example:8080",
            "localhost",
            "127.0.0.1:8081",
            "192.168.1.5:8080",
            "[::1]8080",
            "[::1",
            "127.0.0.1:8080@evil.example",
            "",
        ] {
            assert!(!addressed_to(host, bound), "{host}");
        }
        assert!(addressed_to("localhost", "127.0.0.1:80".parse().unwrap()));
        let everywhere: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        assert!(addressed_to("192.168.1.5:8080", everywhere));
        assert!(!addressed_to("evil.example:8080", everywhere));
    }
}
