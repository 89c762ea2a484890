//! Notices to a member about their own account (password changed, a one-time link, goodbye), sent
//! to their linked
//! chat at once rather than through the delivery queue: they are about this moment, and one that
//! cannot be sent is logged, not kept for later.
use crate::accounts::{UserId, language};
use crate::db::{self, Pool};
use crate::i18n;
use crate::linking::links;
use crate::telegram::Telegram;
use crate::telegram::html::escape;

/// Sends the notice `html` builds (Telegram HTML, already escaped) to the user's chat if they
/// linked one, written in the member's language (their saved choice, else their Telegram's, else
/// the site's default: `accounts::language::of_member`), not the page's that asked for it. Returns
/// at once; the lookup and the send happen in the background.
pub fn tell(
    telegram: &Telegram,
    pool: &Pool,
    user: UserId,
    html: impl FnOnce() -> String + Send + 'static,
) {
    let (telegram, pool) = (telegram.clone(), pool.clone());
    tokio::spawn(async move {
        let found = db::run(&pool, move |conn| {
            let Some(link) = links::find_by_user(conn, user)? else {
                return Ok::<_, diesel::result::Error>(None);
            };
            Ok(Some((link.chat_id, language::of_member(conn, user)?)))
        })
        .await;
        match found {
            Ok(Some((chat_id, lang))) => tell_chat(&telegram, chat_id, i18n::in_lang(lang, html)),
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "could not look up a chat for an account notice"),
        }
    });
}

/// Sends `html` to a chat in the background (a page answers at once, whatever happens here).
pub fn tell_chat(telegram: &Telegram, chat_id: i64, html: String) {
    let Some(bot) = telegram.bot.clone() else {
        return;
    };
    let budget = telegram.budget.clone();
    tokio::spawn(async move {
        if let Err(e) = crate::telegram::api::send_html(&bot, &budget, chat_id, html, None).await {
            tracing::warn!(error = %e, "could not send an account notice");
        }
    });
}

/// The greeting of a chat just linked, whichever way (the bot's Confirm, Telegram's login).
pub fn linked_greeting(site: &str, username: &str) -> String {
    crate::i18n::t_args(
        "linked-greeting",
        &[("site", site.into()), ("username", escape(username).into())],
    )
}
