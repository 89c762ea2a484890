//! What every page shares: rendering askama templates, redirects, the one page error type,
//! formatting helpers, the CSRF-only form, security headers, the client's address, our own
//! cookies, request tracing and static files.
pub mod assets;
pub mod client_ip;
pub mod cookies;
pub mod format;
pub mod headers;
pub mod markup; // escaped pieces (a <time>, a link) that translated messages carry
pub mod request_log;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, HttpResponseBuilder, ResponseError};
use askama::Template;
use serde::Deserialize;

use crate::i18n::t;

/// The body of a form that carries nothing but its CSRF token (logout, revoke, cancel, unlink).
#[derive(Deserialize)]
pub struct NoFields {}

/// Errors of every HTML page: a friendly page for the user, the cause in the log.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    /// What is missing: the catalogue key of the sentence the page says
    /// (`formats-error-no-such-broadcast`: "There is no such broadcast.").
    #[error("not found: {0}")]
    NotFound(&'static str),
    /// Too much work in hand (the password-hashing line is full): 503 with Retry-After.
    #[error("too busy")]
    Busy,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<actix_web::Error> for PageError {
    fn from(e: actix_web::Error) -> PageError {
        PageError::Unexpected(anyhow::anyhow!("{e}"))
    }
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        match self {
            PageError::NotFound(_) => StatusCode::NOT_FOUND,
            PageError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            PageError::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            PageError::NotFound(what) => error_page(
                StatusCode::NOT_FOUND,
                &t("formats-error-not-found-title"),
                &t(what),
            ),
            PageError::Busy => {
                let mut page = error_page(
                    StatusCode::SERVICE_UNAVAILABLE,
                    &t("formats-error-busy-title"),
                    &t("formats-error-busy"),
                );
                page.headers_mut()
                    .insert(header::RETRY_AFTER, header::HeaderValue::from_static("5"));
                page
            }
            PageError::Unexpected(e) => {
                tracing::error!(error = ?e, "page failed");
                error_page(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    &t("formats-error-unexpected-title"),
                    &t("formats-error-unexpected"),
                )
            }
        }
    }
}

/// The signed-in user as the layout shows them (name in the header, Admin link for admins).
#[derive(Debug, Clone)]
pub struct NavUser {
    pub username: String,
    pub is_admin: bool,
}

/// Renders a template into an HTML response with the given status.
pub fn render_status<T: Template>(status: StatusCode, page: &T) -> HttpResponse {
    match page.render() {
        Ok(html) => HttpResponseBuilder::new(status)
            .content_type("text/html; charset=utf-8")
            .body(html),
        Err(e) => {
            tracing::error!(error = %e, "template failed to render");
            HttpResponse::InternalServerError()
                .content_type("text/plain; charset=utf-8")
                .body(t("formats-error-unexpected"))
        }
    }
}

pub fn render<T: Template>(page: &T) -> HttpResponse {
    render_status(StatusCode::OK, page)
}

/// What a Location header cannot carry as it is: controls, spaces, quotes and anything beyond
/// ASCII (a local `next` may hold them) go percent-encoded, as a browser would send them.
const NOT_IN_LOCATION: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`');

/// 303 See Other: after a POST the browser GETs the target.
pub fn see_other(location: &str) -> HttpResponse {
    let location = percent_encoding::utf8_percent_encode(location, NOT_IN_LOCATION).to_string();
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

/// The friendly error page. `nav` is None when the page does not know who is signed in. The
/// title and message are catalogue keys (`error.html` translates them; a text with a space is
/// shown as it is).
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage<'a> {
    pub nav: Option<NavUser>,
    pub csrf_token: &'a str,
    pub title: &'a str,
    pub message: &'a str,
}

/// What an error page says, kept on its response so that `accounts::viewer::error_pages` can
/// render it again with the signed-in header (this module cannot know who is signed in).
#[derive(Debug, Clone)]
pub struct ErrorPageText {
    pub title: String,
    pub message: String,
}

impl ErrorPageText {
    /// The page again, for `nav`, with the status and headers (Retry-After…) of `was`.
    pub fn render_for(&self, was: &HttpResponse, nav: NavUser, csrf_token: &str) -> HttpResponse {
        let mut page = render_status(
            was.status(),
            &ErrorPage {
                nav: Some(nav),
                csrf_token,
                title: &self.title,
                message: &self.message,
            },
        );
        for (name, value) in was.headers() {
            if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
                page.headers_mut().append(name.clone(), value.clone());
            }
        }
        page
    }
}

/// The friendly error page, first rendered for nobody: the viewer middleware puts the signed-in
/// header on it.
pub fn error_page(status: StatusCode, title: &str, message: &str) -> HttpResponse {
    let mut page = render_status(
        status,
        &ErrorPage {
            nav: None,
            csrf_token: "",
            title,
            message,
        },
    );
    page.extensions_mut().insert(ErrorPageText {
        title: title.to_string(),
        message: message.to_string(),
    });
    page
}

/// A path is safe to redirect to after login only if it stays on this site.
pub fn local_path(next: &str) -> Option<&str> {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control() || c == '\\');
    ok.then_some(next)
}

/// Anything no route matched.
pub async fn not_found() -> HttpResponse {
    error_page(
        StatusCode::NOT_FOUND,
        &t("formats-error-no-page-title"),
        &t("formats-error-no-page"),
    )
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn redirects_carry_only_ascii() {
        let r = super::see_other("/connect?q=ü b");
        let location = r.headers().get("location").expect("a location");
        assert_eq!(location.to_str().ok(), Some("/connect?q=%C3%BC%20b"));
    }

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path("/connect"), Some("/connect"));
        assert_eq!(local_path("/admin?x=1"), Some("/admin?x=1"));
        for bad in [
            "//evil.com",
            "https://evil.com",
            "/\\evil.com",
            "evil",
            "",
            "/\nx",
            "/a\\b",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
    }
}
