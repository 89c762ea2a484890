//! Who is looking at a page: the one place that turns a session into the header's user (name,
//! Admin link, the logout form's token), for every page — the public ones (`Viewer`), the member
//! and admin pages (`CurrentUser::nav`) and the error pages (`error_pages`, a middleware).
use std::future::Future;
use std::pin::Pin;

use actix_session::{Session, SessionExt};
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpRequest, web};

use super::auth::session_user_id;
use super::store::{self, User};
use crate::db::{self, Pool};
use crate::web::{ErrorPageText, NavUser};

/// The header's user for a signed-in account.
pub fn nav_of(user: &User) -> NavUser {
    NavUser {
        username: user.username.clone(),
        is_admin: user.is_admin,
    }
}

/// A page's viewer, signed in or not: what the layout's header needs.
#[derive(Default)]
pub struct Viewer {
    pub nav: Option<NavUser>,
    /// The session's CSRF token when signed in (the logout form); empty otherwise.
    pub csrf_token: String,
    /// The signed-in account, for pages that say more to a member (home).
    pub user: Option<User>,
}

impl Viewer {
    /// Loads the signed-in account of `session`, if any is active; anonymous on any failure (a
    /// header is never worth an error page of its own).
    pub async fn load(req: &HttpRequest) -> Viewer {
        let session = req.get_session();
        let (Some(id), Some(pool)) = (session_user_id(&session), req.app_data::<web::Data<Pool>>())
        else {
            return Viewer::default();
        };
        let found = db::run(pool, move |conn| store::find_by_id(conn, id)).await;
        let user = match found {
            Ok(user) => user,
            Err(e) => {
                tracing::warn!(error = %e, "could not load the viewer for the header");
                None
            }
        };
        match user
            .filter(User::is_active)
            .filter(|u| u.external_id.is_none())
        {
            Some(user) => Viewer::of(user, &session),
            None => Viewer::default(),
        }
    }

    fn of(user: User, session: &Session) -> Viewer {
        Viewer {
            nav: Some(nav_of(&user)),
            csrf_token: super::csrf::token(session),
            user: Some(user),
        }
    }
}

impl FromRequest for Viewer {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    /// Never fails: an anonymous viewer is a viewer.
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { Ok(Viewer::load(&req).await) })
    }
}

/// Error pages (403, 404, refusals, 5xx) are rendered where the request is not at hand; this
/// middleware renders them again with the signed-in header, so a member is never shown
/// "Log in / Sign up" by a page that does not know them. Wrapped inside the session middleware.
pub async fn error_pages(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let response = next.call(req).await?.map_into_boxed_body();
    let Some(text) = response
        .response()
        .extensions()
        .get::<ErrorPageText>()
        .cloned()
    else {
        return Ok(response);
    };
    let viewer = Viewer::load(response.request()).await;
    let Some(nav) = viewer.nav else {
        return Ok(response);
    };
    let page = text.render_for(response.response(), nav, &viewer.csrf_token);
    Ok(response.into_response(page))
}
