//! New sign-in alerts: a member whose account is linked hears in Telegram of every sign-in from a
//! browser that never signed in to the account before, with a "This wasn't me" button that ends
//! that session at once (handled in `bot/buttons.rs`). On by default; switchable on /account.
use teloxide_core::types::{InlineKeyboardButton, InlineKeyboardMarkup};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::accounts::sign_ins::SignIn;
use crate::accounts::store;
use crate::buttons::ButtonPress;
use crate::db::{self, Pool};
use crate::linking::links;
use crate::telegram::{Telegram, html};
use crate::web::format::when;

/// The "sign-in-alerts" task: sends an alert for each sign-in from a new browser until stopped.
pub async fn run(
    mut sign_ins: mpsc::UnboundedReceiver<SignIn>,
    telegram: Telegram,
    pool: Pool,
    stop: CancellationToken,
) -> anyhow::Result<()> {
    loop {
        let sign_in = tokio::select! {
            _ = stop.cancelled() => return Ok(()),
            s = sign_ins.recv() => s,
        };
        match sign_in {
            Some(s) if s.new_browser => alert(&telegram, &pool, s).await,
            Some(_) => {}
            None => {
                stop.cancelled().await;
                return Ok(());
            }
        }
    }
}

async fn alert(telegram: &Telegram, pool: &Pool, sign_in: SignIn) {
    let Some(bot) = telegram.bot.clone() else {
        return;
    };
    let user = sign_in.user;
    let found = db::run(pool, move |conn| {
        let Some(link) = links::find_by_user(conn, user)? else {
            return Ok::<_, anyhow::Error>(None);
        };
        let wants = store::signin_alerts(conn, user)?;
        let username = store::find_by_id(conn, user)?.map(|u| u.username);
        let lang = crate::accounts::language::of_member(conn, user)?;
        Ok(wants.then_some((link.chat_id, lang)).zip(username))
    })
    .await;
    let ((chat_id, lang), username) = match found {
        Ok(Some(found)) => found,
        Ok(None) => return,
        Err(e) => {
            tracing::warn!(error = %e, "could not look up a sign-in alert's chat");
            return;
        }
    };
    let (text, keyboard) = crate::i18n::in_lang(lang, || {
        let text = crate::i18n::t_args(
            "alert-new-sign-in",
            &[
                ("site", html::escape(&telegram.config.site_name).into()),
                ("username", html::escape(&username).into()),
                ("browser", html::escape(&sign_in.browser).into()),
                ("at", when(crate::db::now()).into()),
            ],
        );
        let keyboard = InlineKeyboardMarkup::new([[InlineKeyboardButton::callback(
            crate::i18n::t("button-not-me"),
            ButtonPress::not_me_data(&sign_in.sid),
        )]]);
        (text, keyboard)
    });
    let sent =
        crate::telegram::api::send_html(&bot, &telegram.budget, chat_id, text, Some(keyboard))
            .await;
    if let Err(e) = sent {
        tracing::warn!(error = %e, "could not send a sign-in alert");
    }
}
