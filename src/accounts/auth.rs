//! Who is asking: the `CurrentUser` and `AdminUser` extractors. Anonymous visitors of member pages
//! are sent to `/login?next=…`; members who are not admins get 403 on admin pages.
use std::future::Future;
use std::pin::Pin;

use actix_session::{Session, SessionExt};
use actix_web::dev::Payload;
use actix_web::http::{StatusCode, header};
use actix_web::{FromRequest, HttpRequest, HttpResponse, ResponseError, web};

use crate::accounts::domain::UserId;
use crate::accounts::password::Lane;
use crate::accounts::session_store::USER_ID_KEY;
use crate::accounts::sign_ins::{SignIn, SignIns};
use crate::accounts::store::{self, User};
use crate::db::{self, Pool};
use crate::web::NavUser;
use crate::web::cookies::PrivateCookies;

/// A signed-in user, loaded from the database on each request (so a deleted or demoted account
/// takes effect at once), with the session's CSRF token for the page's forms.
pub struct CurrentUser {
    pub user: User,
    pub session: Session,
    pub csrf_token: String,
}

impl CurrentUser {
    pub fn id(&self) -> UserId {
        self.user.id()
    }

    pub fn nav(&self) -> Option<NavUser> {
        Some(super::viewer::nav_of(&self.user))
    }
}

/// A signed-in admin.
pub struct AdminUser(pub CurrentUser);

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("sign-in required")]
    LoginRequired { next: String },
    #[error("admins only")]
    Forbidden,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl ResponseError for AuthError {
    fn status_code(&self) -> StatusCode {
        match self {
            AuthError::LoginRequired { .. } => StatusCode::SEE_OTHER,
            AuthError::Forbidden => StatusCode::FORBIDDEN,
            AuthError::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            AuthError::LoginRequired { next } => {
                let location = format!("/login?next={}", urlencode(next));
                HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, location))
                    .finish()
            }
            AuthError::Forbidden => crate::web::error_page(
                StatusCode::FORBIDDEN,
                "member-error-admins-only",
                "member-error-admins-only-text",
            ),
            AuthError::Unexpected(e) => {
                tracing::error!(error = ?e, "could not load the signed-in user");
                crate::web::error_page(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "member-error-unexpected",
                    "member-error-account-text",
                )
            }
        }
    }
}

pub fn urlencode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// Signs the user in on a fresh session id and a fresh CSRF token, so neither a session nor a
/// token planted before is worth anything after; records the sign-in for the sessions page and
/// tells the sign-in's listener (new-browser alerts).
pub fn start_session(
    req: &HttpRequest,
    session: &Session,
    user: &User,
) -> Result<(), crate::web::PageError> {
    // A subscriber known by an external id has no sign-in of its own; every path that gets here
    // already refused it (`store::signed_in`), this is the last line.
    if user.external_id.is_some() {
        return Err(anyhow::anyhow!("refused a session for an external subscriber").into());
    }
    session.renew();
    session
        .insert(USER_ID_KEY, user.id)
        .map_err(|e| anyhow::anyhow!("cannot store the session: {e}"))?;
    let (sid, browser) = crate::accounts::sessions::record_sign_in(session, req)?;
    crate::accounts::csrf::rotate(session);
    if let Some(sign_ins) = req.app_data::<web::Data<SignIns>>() {
        let name = crate::accounts::throttle::name_key(&user.username);
        let new_browser = req
            .app_data::<web::Data<PrivateCookies>>()
            .is_none_or(|cookies| {
                crate::accounts::device::lane(req, cookies, &name) == Lane::Stranger
            });
        sign_ins.emit(SignIn {
            user: user.id(),
            sid,
            browser,
            new_browser,
        });
    }
    Ok(())
}

/// The signed-in user's id from the session, if any.
pub fn session_user_id(session: &Session) -> Option<UserId> {
    session.get::<i64>(USER_ID_KEY).ok().flatten().map(UserId)
}

async fn load_current(req: HttpRequest) -> Result<CurrentUser, AuthError> {
    let session = req.get_session();
    let next = req
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_string();
    let Some(id) = session_user_id(&session) else {
        return Err(AuthError::LoginRequired { next });
    };
    let pool = req
        .app_data::<web::Data<Pool>>()
        .ok_or_else(|| anyhow::anyhow!("no database pool in app data"))?
        .clone();
    let user = db::run(&pool, move |conn| store::find_by_id(conn, id)).await?;
    match user
        .filter(User::is_active)
        .filter(|u| u.external_id.is_none())
    {
        Some(user) => {
            let csrf_token = crate::accounts::csrf::token(&session);
            Ok(CurrentUser {
                user,
                session,
                csrf_token,
            })
        }
        // Gone or disabled: the session ends here, whatever its row says.
        None => {
            session.purge();
            Err(AuthError::LoginRequired { next })
        }
    }
}

impl FromRequest for CurrentUser {
    type Error = AuthError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        Box::pin(load_current(req.clone()))
    }
}

impl FromRequest for AdminUser {
    type Error = AuthError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let current = load_current(req).await?;
            if current.user.is_admin {
                Ok(AdminUser(current))
            } else {
                Err(AuthError::Forbidden)
            }
        })
    }
}
