//! The sandbox API has no login (it is a demo on 127.0.0.1), so a state-changing request is taken
//! only from this site's own pages or from a program: a browser marks a cross-site request with
//! `Sec-Fetch-Site` and `Origin`, and such a request is refused (403) before it does anything.
//! This stops another site the visitor has open from posting forms (a plain form needs no CORS
//! preflight) to the sandbox. Reading is harmless: no CORS header is sent, so other sites cannot
//! read the answers.
use actix_web::HttpRequest;
use actix_web::http::{Method, header};

/// Whether `req` may change the sandbox.
pub fn allowed(req: &HttpRequest) -> bool {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site") {
        // "none": typed in the address bar or a bookmark; never a form of another site.
        if !matches!(site.to_str(), Ok("same-origin" | "none")) {
            return false;
        }
    }
    match headers.get(header::ORIGIN) {
        None => true,
        Some(origin) => {
            let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
            let origin_host = origin
                .to_str()
                .ok()
                .and_then(|o| url::Url::parse(o).ok())
                .and_then(|u| {
                    let host = u.host_str()?.to_owned();
                    Some(match u.port() {
                        Some(port) => format!("{host}:{port}"),
                        None => host,
                    })
                });
            matches!((host, origin_host), (Some(h), Some(o)) if h.eq_ignore_ascii_case(&o))
        }
    }
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::allowed;

    #[test]
    fn only_this_site_or_no_browser_may_post() {
        let post = || {
            TestRequest::post()
                .uri("/sandbox/api/users")
                .insert_header(("host", "127.0.0.1:8080"))
        };
        assert!(allowed(&post().to_http_request()), "a program");
        let same = post()
            .insert_header(("origin", "http://127.0.0.1:8080"))
            .insert_header(("sec-fetch-site", "same-origin"));
        assert!(allowed(&same.to_http_request()));
        let other = post().insert_header(("origin", "https://evil.example"));
        assert!(!allowed(&other.to_http_request()));
        let other_port = post().insert_header(("origin", "http://127.0.0.1:9999"));
        assert!(!allowed(&other_port.to_http_request()));
        let cross = post().insert_header(("sec-fetch-site", "cross-site"));
        assert!(!allowed(&cross.to_http_request()));
        let same_site = post().insert_header(("sec-fetch-site", "same-site"));
        assert!(!allowed(&same_site.to_http_request()));
        let null = post().insert_header(("origin", "null"));
        assert!(!allowed(&null.to_http_request()));
        let read = TestRequest::get()
            .insert_header(("origin", "https://evil.example"))
            .to_http_request();
        assert!(allowed(&read));
    }
}
