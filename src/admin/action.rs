//! The one shape of an admin's form action: it writes, records what it did in the audit log in the
//! same transaction, and answers with a flash message on the page it returns to. A refusal rolls
//! the transaction back and says why on that page.
use actix_web::HttpResponse;
use diesel::Connection;

use super::audit::{self, Entry};
use super::flash::{self, Flash};
use crate::accounts::AdminUser;
use crate::db::{self, Conn, Pool};
use crate::web::{PageError, see_other};

/// What an action did.
pub struct Done<T = ()> {
    /// What to record; `None` when nothing changed (a repeated click finds it done).
    pub entry: Option<Entry>,
    /// The message for the page it returns to.
    pub said: String,
    /// Anything the caller needs after the commit (a goodbye to send, a secret to show once).
    pub value: T,
}

impl Done {
    pub fn new(entry: Option<Entry>, said: impl Into<String>) -> Done {
        Done {
            entry,
            said: said.into(),
            value: (),
        }
    }
}

/// Why an action was not made.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    /// Said on the page it returns to, as an alert.
    #[error("{0}")]
    Said(String),
    /// What it acts on does not exist: the not-found page.
    #[error("not found: {0}")]
    NotFound(&'static str),
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

/// Runs `work` in one transaction with its audit entry; a refusal rolls both back.
pub async fn run<T: Send + 'static>(
    admin: &AdminUser,
    pool: &Pool,
    work: impl FnOnce(&mut Conn) -> Result<Done<T>, Refusal> + Send + 'static,
) -> Result<Result<Done<T>, String>, PageError> {
    let by = admin.0.id();
    // The work runs on a blocking thread: what it says is in the admin's language all the same.
    let lang = crate::i18n::current();
    let outcome = db::run(pool, move |conn| {
        Ok::<_, anyhow::Error>(conn.transaction(|conn| {
            let done = crate::i18n::in_lang(lang, || work(conn))?;
            if let Some(entry) = &done.entry {
                audit::write(conn, Some(by), entry)?;
            }
            Ok::<_, Refusal>(done)
        }))
    })
    .await?;
    match outcome {
        Ok(done) => {
            if let Some(entry) = &done.entry {
                tracing::info!(admin = %by, action = entry.action.as_str(), "admin action");
            }
            Ok(Ok(done))
        }
        Err(Refusal::Said(why)) => Ok(Err(why)),
        Err(Refusal::NotFound(what)) => Err(PageError::NotFound(what)),
        Err(Refusal::Db(e)) => Err(PageError::Unexpected(e.into())),
    }
}

/// Answers an action: back to `to`, with what it did or why not as the page's flash.
pub fn answer<T>(admin: &AdminUser, to: &str, outcome: &Result<Done<T>, String>) -> HttpResponse {
    let shown = match outcome {
        Ok(done) => Flash::done(done.said.clone()),
        Err(why) => Flash::refused(why.clone()),
    };
    flash::set(&admin.0.session, shown);
    see_other(to)
}

/// [`run`] then [`answer`]: the whole of most admin form actions.
pub async fn perform(
    admin: &AdminUser,
    pool: &Pool,
    to: &str,
    work: impl FnOnce(&mut Conn) -> Result<Done, Refusal> + Send + 'static,
) -> Result<HttpResponse, PageError> {
    let outcome = run(admin, pool, work).await?;
    Ok(answer(admin, to, &outcome))
}
