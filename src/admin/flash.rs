//! The one-time message an admin page shows after an action ("Disabled erin.", "The last admin
//! stays: …"): kept in the server-side session between the POST and the page it redirects to, and
//! removed when that page shows it.
use actix_session::Session;
use serde::{Deserialize, Serialize};

use crate::accounts::CurrentUser;

const KEY: &str = "admin_flash";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Flash {
    /// False for a refusal: the page shows it as an alert.
    pub ok: bool,
    pub text: String,
}

impl Flash {
    pub fn done(text: impl Into<String>) -> Flash {
        Flash {
            ok: true,
            text: text.into(),
        }
    }

    pub fn refused(text: impl Into<String>) -> Flash {
        Flash {
            ok: false,
            text: text.into(),
        }
    }
}

/// Keeps `flash` for the next admin page this session opens.
pub fn set(session: &Session, flash: Flash) {
    if let Err(e) = session.insert(KEY, flash) {
        // The action itself is done; only its message is lost.
        tracing::warn!(error = %e, "could not keep the admin's flash message");
    }
}

/// The message waiting for this page, if any; it is shown once.
pub fn take(admin: &CurrentUser) -> Option<Flash> {
    let flash = admin.session.get::<Flash>(KEY).ok().flatten()?;
    admin.session.remove(KEY);
    Some(flash)
}
