//! Bulk data for tests, benchmarks and demos: many users already linked to Telegram, inserted in
//! chunks inside one transaction (thousands in a blink, no bot journey). Not used by the app itself.
use diesel::prelude::*;

use super::schema::{telegram_links, users};
use super::{Conn, now};

/// A user created by `linked_users`.
#[derive(Debug, Clone)]
pub struct Linked {
    pub user_id: i64,
    pub chat_id: i64,
    pub username: String,
}

/// Creates `count` users named `{prefix}{i}` (admins when `admin`), linked to the Telegram chats
/// `first_chat + i`. Their password hash is not a hash: nobody can log in as them.
pub fn linked_users(
    conn: &mut Conn,
    prefix: &str,
    count: usize,
    first_chat: i64,
    admin: bool,
) -> QueryResult<Vec<Linked>> {
    const CHUNK: usize = 500;
    conn.transaction(|conn| {
        let now = now();
        let mut linked = Vec::with_capacity(count);
        for start in (0..count).step_by(CHUNK) {
            let names: Vec<String> = (start..count.min(start + CHUNK))
                .map(|i| format!("{prefix}{i}"))
                .collect();
            let rows: Vec<_> = names
                .iter()
                .map(|name| {
                    (
                        users::username.eq(name.clone()),
                        users::username_lower.eq(name.to_ascii_lowercase()),
                        users::password_hash.eq("not a hash: nobody logs in as this user"),
                        users::is_admin.eq(admin),
                        users::created_at.eq(now),
                    )
                })
                .collect();
            // Multi-row inserts need the concrete backend (MultiConnection has none).
            let insert = diesel::insert_into(users::table)
                .values(rows)
                .returning(users::id);
            let ids: Vec<i64> = match conn {
                Conn::Pg(c) => insert.get_results(c)?,
                Conn::Sqlite(c) => insert.get_results(c)?,
            };
            let chunk: Vec<Linked> = ids
                .into_iter()
                .zip(names)
                .enumerate()
                .map(|(j, (user_id, username))| Linked {
                    user_id,
                    chat_id: first_chat + (start + j) as i64,
                    username,
                })
                .collect();
            let links: Vec<_> = chunk
                .iter()
                .map(|l| {
                    (
                        telegram_links::user_id.eq(l.user_id),
                        telegram_links::telegram_user_id.eq(l.chat_id),
                        telegram_links::chat_id.eq(l.chat_id),
                        telegram_links::telegram_name.eq(format!("Tg {}", l.chat_id)),
                        telegram_links::linked_at.eq(now),
                    )
                })
                .collect();
            let insert = diesel::insert_into(telegram_links::table).values(links);
            match conn {
                Conn::Pg(c) => insert.execute(c)?,
                Conn::Sqlite(c) => insert.execute(c)?,
            };
            linked.extend(chunk);
        }
        Ok(linked)
    })
}
