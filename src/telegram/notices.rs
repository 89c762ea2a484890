//! Notices to a member about their own account (the password was changed), sent to their linked
//! chat at once rather than through the delivery queue: they are about this moment, and one that
//! cannot be sent is logged, not kept for later.
use super::{Telegram, links};
use crate::accounts::UserId;
use crate::db::{self, Pool};

/// Sends `html` (Telegram HTML, already escaped) to the user's chat if they linked one; returns
/// at once, the send happens in the background.
pub fn tell(telegram: &Telegram, pool: &Pool, user: UserId, html: String) {
    let Some(bot) = telegram.bot.clone() else {
        return;
    };
    let (pool, budget) = (pool.clone(), telegram.budget.clone());
    tokio::spawn(async move {
        let link = match db::run(&pool, move |conn| links::find_by_user(conn, user)).await {
            Ok(Some(link)) => link,
            Ok(None) => return,
            Err(e) => {
                tracing::warn!(error = %e, "could not look up a chat for an account notice");
                return;
            }
        };
        if let Err(e) = super::api::send_html(&bot, &budget, link.chat_id, html, None).await {
            tracing::warn!(error = %e, "could not send an account notice");
        }
    });
}
