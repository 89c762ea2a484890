//! The pages of Telegram's login: two buttons that start an attempt (a CSRF form on the login
//! page, and one on the Connect page for a signed-in member) and the callback Telegram sends the
//! browser back to. Every outcome goes back to the page it started from with a fixed notice code
//! (`?telegram=…`), which that page turns into a message.
use actix_session::Session;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use diesel::Connection;
use serde::Deserialize;

use crate::accounts::auth::{session_user_id, start_session};
use crate::accounts::csrf::CsrfForm;
use crate::accounts::store::{self, User};
use crate::accounts::throttle::{self, Verdict};
use crate::accounts::{CurrentUser, UserId, device};
use crate::db::{self, Pool};
use crate::linking::links::{self, Via};
use crate::linking::notices;
use crate::linking::{self, LinkError, TelegramAccount};
use crate::signin::oidc::attempts::{self, Attempt, Purpose};
use crate::signin::oidc::provider::{Provider, ProviderError, TelegramIdentity};
use crate::telegram::Telegram;
use crate::web::client_ip::client_ip;
use crate::web::cookies::PrivateCookies;
use crate::web::{NoFields, PageError, local_path, see_other};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(start_sign_in)
        .service(start_link)
        .service(callback);
}

/// How an attempt ended, as the page it returns to says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Linked,
    Denied,
    ProviderError,
    Unavailable,
    Expired,
    Refused,
    Unknown,
    Disabled,
    TooMany,
    AlreadyLinked,
    TakenElsewhere,
    AccountHasLink,
}

const OUTCOMES: [Outcome; 12] = [
    Outcome::Linked,
    Outcome::Denied,
    Outcome::ProviderError,
    Outcome::Unavailable,
    Outcome::Expired,
    Outcome::Refused,
    Outcome::Unknown,
    Outcome::Disabled,
    Outcome::TooMany,
    Outcome::AlreadyLinked,
    Outcome::TakenElsewhere,
    Outcome::AccountHasLink,
];

impl Outcome {
    fn code(self) -> &'static str {
        match self {
            Outcome::Linked => "linked",
            Outcome::Denied => "denied",
            Outcome::ProviderError => "provider_error",
            Outcome::Unavailable => "unavailable",
            Outcome::Expired => "expired",
            Outcome::Refused => "refused",
            Outcome::Unknown => "unknown",
            Outcome::Disabled => "disabled",
            Outcome::TooMany => "too_many",
            Outcome::AlreadyLinked => "already_linked",
            Outcome::TakenElsewhere => "taken",
            Outcome::AccountHasLink => "account_has_link",
        }
    }

    /// What the page says about this outcome: a catalogue key.
    fn message(self) -> &'static str {
        match self {
            Outcome::Linked => "member-oidc-linked",
            Outcome::Denied => "member-oidc-denied",
            Outcome::ProviderError => "member-oidc-provider-error",
            Outcome::Unavailable => "member-oidc-unavailable",
            Outcome::Expired => "member-oidc-expired",
            Outcome::Refused => "member-oidc-refused",
            Outcome::Unknown => "member-oidc-unknown",
            Outcome::Disabled => store::DISABLED_MESSAGE,
            Outcome::TooMany => "member-oidc-too-many",
            Outcome::AlreadyLinked => "member-oidc-already-linked",
            Outcome::TakenElsewhere => "member-oidc-taken",
            Outcome::AccountHasLink => "member-oidc-account-has-link",
        }
    }
}

/// The message (a catalogue key) for a `?telegram=` code, and whether it is good news; `None` for codes we never
/// send (nothing from the URL reaches the page but these fixed texts).
pub fn notice(code: &str) -> Option<(&'static str, bool)> {
    OUTCOMES.into_iter().find(|o| o.code() == code).map(|o| {
        (
            o.message(),
            o == Outcome::Linked || o == Outcome::AlreadyLinked,
        )
    })
}

/// Back to the page the attempt started from, with its outcome.
fn back(purpose: Purpose, outcome: Outcome) -> HttpResponse {
    match purpose {
        Purpose::SignIn => see_other(&format!("/login?telegram={}", outcome.code())),
        Purpose::Link { .. } => see_other(&format!("/connect?telegram={}", outcome.code())),
    }
}

fn not_configured() -> PageError {
    PageError::NotFound("formats-error-no-oidc")
}

#[derive(Deserialize)]
struct StartForm {
    #[serde(default)]
    next: String,
}

/// The login page's "Log in with Telegram".
#[post("/login/telegram/oidc")]
async fn start_sign_in(
    req: HttpRequest,
    session: Session,
    pool: web::Data<Pool>,
    provider: Option<web::Data<Provider>>,
    CsrfForm(form): CsrfForm<StartForm>,
) -> Result<HttpResponse, PageError> {
    let provider = provider.ok_or_else(not_configured)?;
    // A bounded local path, or nothing: it rides in the session until the callback.
    let next = local_path(&form.next)
        .filter(|n| n.len() <= 1024)
        .unwrap_or("")
        .to_string();
    if session_user_id(&session).is_some() {
        return Ok(see_other(if next.is_empty() { "/connect" } else { &next }));
    }
    begin(&req, &session, &pool, &provider, Purpose::SignIn, next).await
}

/// The Connect page's "Link with Telegram login": links in one step, and asks Telegram to let
/// the bot write to the user.
#[post("/connect/telegram-login")]
#[tracing::instrument(skip_all, fields(user_id = %user.id()))]
async fn start_link(
    req: HttpRequest,
    user: CurrentUser,
    pool: web::Data<Pool>,
    provider: Option<web::Data<Provider>>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, PageError> {
    let provider = provider.ok_or_else(not_configured)?;
    let id = user.id();
    let purpose = Purpose::Link { user_id: id.0 };
    if db::run(&pool, move |conn| links::find_by_user(conn, id))
        .await?
        .is_some()
    {
        return Ok(back(purpose, Outcome::AccountHasLink));
    }
    begin(
        &req,
        &user.session,
        &pool,
        &provider,
        purpose,
        String::new(),
    )
    .await
}

/// Counts the attempt against the address, records it, keeps it in the session and sends the
/// browser to Telegram.
async fn begin(
    req: &HttpRequest,
    session: &Session,
    pool: &Pool,
    provider: &Provider,
    purpose: Purpose,
    next: String,
) -> Result<HttpResponse, PageError> {
    let ip = client_ip(req);
    let verdict = db::run(pool, move |conn| throttle::reserve_oidc_login(conn, ip)).await?;
    if let Verdict::Refused { .. } = verdict {
        return Ok(back(purpose, Outcome::TooMany));
    }
    let bot_access = matches!(purpose, Purpose::Link { .. });
    let authorization = match provider.authorize(bot_access).await {
        Ok(a) => a,
        Err(e) => {
            tracing::warn!(error = %e, "cannot start a Telegram login");
            return Ok(back(purpose, Outcome::Unavailable));
        }
    };
    let state = authorization.state.clone();
    db::run(pool, move |conn| attempts::record(conn, &state)).await?;
    attempts::keep(
        session,
        &Attempt {
            state: authorization.state,
            nonce: authorization.nonce,
            pkce_verifier: authorization.pkce_verifier,
            purpose,
            next,
        },
    )?;
    Ok(see_other(authorization.url.as_str()))
}

#[derive(Deserialize)]
struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// Where Telegram sends the browser back: `?code=…&state=…`, or `?error=…&state=…`.
#[get("/login/telegram/oidc/callback")]
async fn callback(
    req: HttpRequest,
    session: Session,
    pool: web::Data<Pool>,
    telegram: web::Data<Telegram>,
    cookies: web::Data<PrivateCookies>,
    provider: Option<web::Data<Provider>>,
    query: web::Query<CallbackQuery>,
) -> Result<HttpResponse, PageError> {
    let provider = provider.ok_or_else(not_configured)?;
    let query = query.into_inner();
    let Some(attempt) = attempts::take(&session) else {
        // Not started in this browser (or already finished here).
        let purpose = match session_user_id(&session) {
            Some(id) => Purpose::Link { user_id: id.0 },
            None => Purpose::SignIn,
        };
        return Ok(back(purpose, Outcome::Expired));
    };
    let purpose = attempt.purpose;
    let state = query.state.unwrap_or_default();
    if !attempt.matches(&state) {
        tracing::info!("a Telegram login came back with another state");
        return Ok(back(purpose, Outcome::Expired));
    }
    if let Some(error) = query.error {
        let spent = state.clone();
        db::run(&pool, move |conn| attempts::spend(conn, &spent)).await?;
        tracing::info!(error = %error.chars().take(64).collect::<String>(), "Telegram login ended with an error");
        let outcome = if error == "access_denied" {
            Outcome::Denied
        } else {
            Outcome::ProviderError
        };
        return Ok(back(purpose, outcome));
    }
    let Some(code) = query.code.filter(|c| !c.is_empty()) else {
        return Ok(back(purpose, Outcome::ProviderError));
    };
    if let Some(user) = attempt.link_user()
        && session_user_id(&session) != Some(user)
    {
        // Signed out (or in as someone else) since the attempt started.
        return Ok(back(purpose, Outcome::Expired));
    }
    let live = state.clone();
    if !db::run(&pool, move |conn| attempts::is_live(conn, &live)).await? {
        return Ok(back(purpose, Outcome::Expired));
    }
    let identity = match provider
        .finish(code, attempt.pkce_verifier.clone(), &attempt.nonce)
        .await
    {
        Ok(identity) => identity,
        Err(ProviderError::Unreachable(e)) => {
            tracing::warn!(error = %e, "Telegram login: the provider did not answer as it should");
            return Ok(back(purpose, Outcome::Unavailable));
        }
        Err(ProviderError::CodeRefused(e)) => {
            tracing::warn!(error = %e, "Telegram login: the provider refused the code");
            return Ok(back(purpose, Outcome::ProviderError));
        }
        Err(ProviderError::Refused(e)) => {
            tracing::warn!(error = %e, "Telegram login: refused the ID token");
            return Ok(back(purpose, Outcome::Refused));
        }
    };
    match purpose {
        Purpose::SignIn => sign_in(&req, &session, &pool, &cookies, attempt, identity).await,
        Purpose::Link { user_id } => {
            link(&pool, &telegram, UserId(user_id), attempt, identity).await
        }
    }
}

/// Signs in the account linked to this Telegram account, as a right password would.
async fn sign_in(
    req: &HttpRequest,
    session: &Session,
    pool: &Pool,
    cookies: &PrivateCookies,
    attempt: Attempt,
    identity: TelegramIdentity,
) -> Result<HttpResponse, PageError> {
    let state = attempt.state.clone();
    let found = db::run(pool, move |conn| {
        conn.transaction::<_, anyhow::Error, _>(|conn| {
            // The write comes first: on SQLite the transaction takes the write lock at once.
            if !attempts::spend(conn, &state)? {
                return Ok(Err(Outcome::Expired));
            }
            let Some(link) = links::find_by_telegram_user(conn, identity.user_id)? else {
                return Ok(Err(Outcome::Unknown));
            };
            links::refresh_profile(
                conn,
                link.chat_id,
                identity.username.as_deref(),
                &identity.name,
            )?;
            Ok(store::signed_in(conn, UserId(link.user_id))?.ok_or(Outcome::Disabled))
        })
    })
    .await?;
    let user: User = match found {
        Ok(user) => user,
        Err(outcome) => return Ok(back(Purpose::SignIn, outcome)),
    };
    tracing::info!(user_id = user.id, "signed in with Telegram's login");
    start_session(req, session, &user)?;
    // Only a linked account signs in with Telegram's login: its next page is the account.
    let next = if attempt.next.is_empty() {
        "/account"
    } else {
        &attempt.next
    };
    let mut response = see_other(next);
    device::remember(&mut response, cookies, &throttle::name_key(&user.username));
    Ok(response)
}

/// Links the Telegram account to the member who started the attempt: its private chat is the
/// user id, and the bot may write there (`telegram:bot_access`).
async fn link(
    pool: &Pool,
    telegram: &Telegram,
    user_id: UserId,
    attempt: Attempt,
    identity: TelegramIdentity,
) -> Result<HttpResponse, PageError> {
    let account = TelegramAccount {
        telegram_user_id: identity.user_id,
        chat_id: identity.user_id,
        username: identity.username,
        name: identity.name,
    };
    let state = attempt.state;
    let linked = db::run(pool, move |conn| {
        conn.transaction::<_, anyhow::Error, _>(|conn| {
            if !attempts::spend(conn, &state)? {
                return Ok(Err(Outcome::Expired));
            }
            Ok(
                match linking::attach(conn, user_id, &account, Via::TelegramLogin) {
                    Ok((link, user)) => Ok((link, user)),
                    Err(LinkError::AlreadyLinked { .. }) => Err(Outcome::AlreadyLinked),
                    Err(LinkError::TakenElsewhere { .. }) => Err(Outcome::TakenElsewhere),
                    Err(LinkError::AccountHasLink { .. }) => Err(Outcome::AccountHasLink),
                    Err(LinkError::Unexpected(e)) => return Err(e),
                    Err(other) => {
                        tracing::info!(error = %other, "Telegram login could not link");
                        Err(Outcome::Expired)
                    }
                },
            )
        })
    })
    .await?;
    let (_link, user) = match linked {
        Ok(linked) => linked,
        Err(outcome) => return Ok(back(Purpose::Link { user_id: user_id.0 }, outcome)),
    };
    tracing::info!(user_id = user.id, "linked with Telegram's login");
    // The same greeting as a link confirmed in the bot, in the member's language (not the
    // page's); the page does not wait for it.
    let (site, username) = (telegram.config.site_name.clone(), user.username.clone());
    notices::tell(telegram, pool, UserId(user.id), move || {
        notices::linked_greeting(&site, &username)
    });
    Ok(back(Purpose::Link { user_id: user_id.0 }, Outcome::Linked))
}
