//! A message's variants per language (issue 27): the text a member of that language gets instead
//! of the default one. Each variant is checked like the main text (`MessageText`), in the
//! message's format.
//!
//! Which variant a member gets is chosen when the delivery is queued and stored on its row
//! (`deliveries.language`): the enqueue of a broadcast without variants stays one `INSERT …
//! SELECT`, one with variants adds one `UPDATE` per variant; the recipients page can say what each
//! member got, and an edit or delete reaches the message the member really has, even if they
//! changed their language since.
use std::collections::HashMap;

use diesel::prelude::*;

use super::text::{Format, MessageText};
use crate::db::Conn;
use crate::db::schema::{deliveries, message_translations, telegram_links, users};
use crate::i18n::Lang;

/// A message's variants, at most one per language, in `Lang::ALL`'s order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Variants(Vec<(Lang, MessageText)>);

impl Variants {
    /// Checks each `(tag, text)` as the main text is checked. An error names the variant's tag
    /// as it was sent, with the sentence to show next to its field.
    pub fn parse<'a>(
        raw: impl IntoIterator<Item = (&'a str, &'a str)>,
        format: Format,
    ) -> Result<Variants, (String, String)> {
        let mut variants: Vec<(Lang, MessageText)> = Vec::new();
        for (tag, text) in raw {
            let Some(lang) = Lang::from_tag(tag) else {
                let tags: Vec<&str> = Lang::ALL.iter().map(|l| l.tag()).collect();
                return Err((
                    tag.to_string(),
                    format!("not a language tglink speaks (one of {})", tags.join(", ")),
                ));
            };
            if variants.iter().any(|(l, _)| *l == lang) {
                return Err((tag.to_string(), "this language is given twice".into()));
            }
            let text = MessageText::parse(text, format).map_err(|e| (tag.to_string(), e))?;
            variants.push((lang, text));
        }
        variants.sort_by_key(|(l, _)| Lang::ALL.iter().position(|a| a == l));
        Ok(Variants(variants))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &(Lang, MessageText)> {
        self.0.iter()
    }

    pub fn get(&self, lang: Lang) -> Option<&MessageText> {
        self.0.iter().find(|(l, _)| *l == lang).map(|(_, t)| t)
    }

    fn languages(&self) -> Vec<Lang> {
        self.0.iter().map(|(l, _)| *l).collect()
    }
}

/// A member's language for the site's messages: the one they chose, else the closest to their
/// Telegram's `language_code`.
pub fn member_language(chosen: Option<&str>, telegram: Option<&str>) -> Option<Lang> {
    match chosen.and_then(Lang::from_tag) {
        Some(lang) => Some(lang),
        None => telegram.and_then(Lang::negotiate),
    }
}

/// The variant a member gets, if the message has one in their language.
pub fn choose(variants: &[Lang], chosen: Option<&str>, telegram: Option<&str>) -> Option<Lang> {
    member_language(chosen, telegram).filter(|l| variants.contains(l))
}

/// Stores a new message's variants.
pub fn save(conn: &mut Conn, message_id: i64, variants: &Variants) -> QueryResult<()> {
    for (lang, text) in variants.iter() {
        diesel::insert_into(message_translations::table)
            .values((
                message_translations::message_id.eq(message_id),
                message_translations::language.eq(lang.tag()),
                message_translations::text.eq(text.as_str()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Replaces the text of variants a message has (an edit); returns the languages whose text
/// changed.
pub fn replace(conn: &mut Conn, message_id: i64, variants: &Variants) -> QueryResult<Vec<Lang>> {
    let stored = load_one(conn, message_id)?;
    let mut changed = Vec::new();
    for (lang, text) in variants.iter() {
        if stored.get(lang.tag()).map(String::as_str) == Some(text.as_str()) {
            continue;
        }
        diesel::delete(message_translations::table.find((message_id, lang.tag()))).execute(conn)?;
        diesel::insert_into(message_translations::table)
            .values((
                message_translations::message_id.eq(message_id),
                message_translations::language.eq(lang.tag()),
                message_translations::text.eq(text.as_str()),
            ))
            .execute(conn)?;
        changed.push(*lang);
    }
    Ok(changed)
}

/// One message's variants: language tag → text.
pub fn load_one(conn: &mut Conn, message_id: i64) -> QueryResult<HashMap<String, String>> {
    message_translations::table
        .filter(message_translations::message_id.eq(message_id))
        .select((message_translations::language, message_translations::text))
        .load::<(String, String)>(conn)
        .map(|rows| rows.into_iter().collect())
}

/// The variants of these messages: (message, language tag) → text.
pub fn load(conn: &mut Conn, message_ids: &[i64]) -> QueryResult<HashMap<(i64, String), String>> {
    let rows: Vec<(i64, String, String)> = message_translations::table
        .filter(message_translations::message_id.eq_any(message_ids))
        .select((
            message_translations::message_id,
            message_translations::language,
            message_translations::text,
        ))
        .load(conn)?;
    Ok(rows.into_iter().map(|(m, l, t)| ((m, l), t)).collect())
}

/// Marks which of a broadcast's member deliveries carry a variant. The members' languages take
/// few distinct values, so they are read once, matched here (`Lang::negotiate` stays the one rule)
/// and written back with one `UPDATE` per variant. Groups and channels keep the default text.
pub fn assign(conn: &mut Conn, message_id: i64, variants: &Variants) -> QueryResult<()> {
    if variants.is_empty() {
        return Ok(());
    }
    let offered = variants.languages();
    let pairs: Vec<(Option<String>, Option<String>)> = deliveries::table
        .inner_join(users::table)
        .inner_join(
            telegram_links::table.on(telegram_links::user_id
                .eq(deliveries::user_id)
                .and(telegram_links::chat_id.eq(deliveries::chat_id))),
        )
        .filter(deliveries::message_id.eq(message_id))
        .select((users::language, telegram_links::language_code))
        .distinct()
        .load(conn)?;
    for lang in offered.iter().copied() {
        // Members who chose no language, by the Telegram codes that come closest to this one.
        let codes: Vec<String> = pairs
            .iter()
            .filter(|(chosen, _)| chosen.as_deref().and_then(Lang::from_tag).is_none())
            .filter_map(|(_, code)| code.clone())
            .filter(|code| Lang::negotiate(code) == Some(lang))
            .collect();
        let members = telegram_links::table
            .inner_join(users::table)
            .filter(
                users::language.eq(lang.tag()).or(users::language
                    .is_null()
                    .and(telegram_links::language_code.eq_any(codes))),
            )
            .select(telegram_links::chat_id);
        diesel::update(
            deliveries::table
                .filter(deliveries::message_id.eq(message_id))
                .filter(deliveries::chat_id.eq_any(members)),
        )
        .set(deliveries::language.eq(lang.tag()))
        .execute(conn)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chosen_language_wins_over_telegrams() {
        let offered = [Lang::Fa, Lang::Ru];
        assert_eq!(choose(&offered, Some("fa"), Some("ru")), Some(Lang::Fa));
        assert_eq!(choose(&offered, None, Some("ru-UA")), Some(Lang::Ru));
        // A member who chose English gets the default text, whatever Telegram says.
        assert_eq!(choose(&offered, Some("en"), Some("ru")), None);
        assert_eq!(choose(&offered, None, Some("de")), None);
    }

    #[test]
    fn variants_are_checked_and_named_by_their_tag() {
        let ok = Variants::parse([("ru", "Привет"), ("fa", "سلام")], Format::Plain).unwrap();
        assert_eq!(ok.languages(), [Lang::Ru, Lang::Fa]);
        let bad = Variants::parse([("xx", "hi")], Format::Plain).unwrap_err();
        assert_eq!(bad.0, "xx");
        let empty = Variants::parse([("ru", " ")], Format::Plain).unwrap_err();
        assert_eq!(empty, ("ru".into(), "Write the message first.".into()));
        assert!(Variants::parse([("ru", "<b>x")], Format::Html).is_err());
    }
}
