//! CSRF protection: a random token per session, put in every form as `csrf_token`, checked in
//! constant time before a POST changes anything.
use std::future::Future;
use std::pin::Pin;

use actix_session::{Session, SessionExt};
use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, HttpResponse, ResponseError, web};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::crypto::{constant_time_eq, random_token};

const CSRF_KEY: &str = "csrf";

/// The session's CSRF token, created on first use.
pub fn token(session: &Session) -> String {
    if let Ok(Some(t)) = session.get::<String>(CSRF_KEY) {
        return t;
    }
    let t = random_token();
    if let Err(e) = session.insert(CSRF_KEY, &t) {
        tracing::error!(error = %e, "could not store a CSRF token in the session");
    }
    t
}

/// Replaces the session's token (at login and sign-up): one planted before is worthless after.
pub fn rotate(session: &Session) {
    session.remove(CSRF_KEY);
    token(session);
}

pub fn verify(session: &Session, submitted: &str) -> Result<(), CsrfError> {
    match session.get::<String>(CSRF_KEY) {
        Ok(Some(expected)) if !submitted.is_empty() && constant_time_eq(&expected, submitted) => {
            Ok(())
        }
        _ => Err(CsrfError),
    }
}

#[derive(Debug, thiserror::Error)]
#[error("the form's security token is missing or out of date")]
pub struct CsrfError;

impl ResponseError for CsrfError {
    fn status_code(&self) -> StatusCode {
        StatusCode::FORBIDDEN
    }

    fn error_response(&self) -> HttpResponse {
        crate::web::error_page(
            StatusCode::FORBIDDEN,
            "member-error-form-expired",
            "member-error-form-expired-text",
        )
    }
}

#[derive(Deserialize)]
struct WithToken<T> {
    #[serde(default)]
    csrf_token: String,
    #[serde(flatten)]
    fields: T,
}

/// A url-encoded form whose `csrf_token` matched the session's; otherwise the request ends with 403
/// before the handler runs.
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let session = req.get_session();
        let form = web::Form::<WithToken<T>>::from_request(req, payload);
        Box::pin(async move {
            let form = match form.await {
                Ok(f) => f.into_inner(),
                // A body we cannot read is refused the same way: nothing happens.
                Err(_) => return Err(CsrfError.into()),
            };
            verify(&session, &form.csrf_token)?;
            Ok(CsrfForm(form.fields))
        })
    }
}
