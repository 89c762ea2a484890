//! A member's language (issue 27): the saved choice (`users.language`, set on /account or with
//! the bot's /language), else the `language_code` Telegram gave when they last wrote to the bot
//! (`telegram_links.language_code`), else the site's default.
use std::collections::HashMap;

use diesel::prelude::*;

use super::UserId;
use crate::db::Conn;
use crate::db::schema::{telegram_links, users};
use crate::i18n::{self, Lang};

/// The member's saved choice, if any (an unknown stored tag counts as none).
pub fn saved(conn: &mut Conn, user: UserId) -> QueryResult<Option<Lang>> {
    let tag: Option<Option<String>> = users::table
        .find(user.0)
        .select(users::language)
        .first(conn)
        .optional()?;
    Ok(tag.flatten().as_deref().and_then(Lang::from_tag))
}

/// Saves (or, with `None`, forgets) the member's choice.
pub fn save(conn: &mut Conn, user: UserId, lang: Option<Lang>) -> QueryResult<()> {
    diesel::update(users::table.find(user.0))
        .set(users::language.eq(lang.map(|l| l.tag().to_string())))
        .execute(conn)?;
    Ok(())
}

/// The rule, written once: the saved choice (a stored tag), else the `language_code` Telegram
/// gave (negotiated: `pt` → pt-BR), else the site's default. An unknown stored tag counts as none.
pub fn pick(saved: Option<&str>, code: Option<&str>) -> Lang {
    saved
        .and_then(Lang::from_tag)
        .or_else(|| code.and_then(Lang::negotiate))
        .unwrap_or_else(i18n::default_lang)
}

/// The language to write to the member in (`pick`); the default for an account that is gone.
pub fn of_member(conn: &mut Conn, user: UserId) -> QueryResult<Lang> {
    Ok(of_members(conn, &[user.0])?
        .remove(&user.0)
        .unwrap_or_else(i18n::default_lang))
}

/// `of_member` for many members at once (one query): the language to write to each of them.
pub fn of_members(conn: &mut Conn, ids: &[i64]) -> QueryResult<HashMap<i64, Lang>> {
    let rows: Vec<(i64, Option<String>, Option<String>)> = users::table
        .left_join(telegram_links::table)
        .filter(users::id.eq_any(ids))
        .select((
            users::id,
            users::language,
            telegram_links::language_code.nullable(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, saved, code)| (id, pick(saved.as_deref(), code.as_deref())))
        .collect())
}

/// Remembers the `language_code` Telegram sent with a linked chat's latest message.
pub fn note_chat_code(conn: &mut Conn, chat_id: i64, code: &str) -> QueryResult<()> {
    diesel::update(telegram_links::table.filter(telegram_links::chat_id.eq(chat_id)))
        .filter(
            telegram_links::language_code
                .ne(code)
                .or(telegram_links::language_code.is_null()),
        )
        .set(telegram_links::language_code.eq(code))
        .execute(conn)?;
    Ok(())
}

/// The saved choice of the member linked to a Telegram user, if any (one query).
pub fn saved_of_telegram_user(conn: &mut Conn, telegram_user_id: i64) -> QueryResult<Option<Lang>> {
    let linked = telegram_links::table
        .filter(telegram_links::telegram_user_id.eq(telegram_user_id))
        .select(telegram_links::user_id);
    let tag: Option<Option<String>> = users::table
        .filter(users::id.eq_any(linked))
        .select(users::language)
        .first(conn)
        .optional()?;
    Ok(tag.flatten().as_deref().and_then(Lang::from_tag))
}

#[cfg(test)]
mod tests {
    use super::pick;
    use crate::i18n::{Lang, default_lang};

    #[test]
    fn the_saved_choice_then_telegram_s_then_the_default() {
        assert_eq!(pick(Some("ru"), Some("es")), Lang::Ru);
        assert_eq!(pick(None, Some("pt")), Lang::PtBr);
        assert_eq!(pick(Some("xx"), Some("es-419")), Lang::Es);
        assert_eq!(pick(None, Some("uk")), default_lang());
        assert_eq!(pick(None, None), default_lang());
    }
}
