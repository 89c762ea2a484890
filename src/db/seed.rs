//! Bulk data for tests, benchmarks and demos: many users, optionally already linked to Telegram,
//! inserted in chunks inside one transaction (thousands in a blink, no bot journey). Not used by
//! the app itself.
use diesel::prelude::*;

use super::schema::{telegram_links, users};
use super::{Conn, now};

const CHUNK: usize = 500;

/// A user created by `linked_users`.
#[derive(Debug, Clone)]
pub struct Linked {
    pub user_id: i64,
    pub chat_id: i64,
    pub username: String,
}

/// Creates `count` users named `{prefix}{i}` (admins when `admin`) and returns their ids in order.
/// Their password hash is not a hash: nobody can log in as them.
pub fn users(conn: &mut Conn, prefix: &str, count: usize, admin: bool) -> QueryResult<Vec<i64>> {
    conn.transaction(|conn| {
        let now = now();
        let mut ids = Vec::with_capacity(count);
        for start in (0..count).step_by(CHUNK) {
            let rows: Vec<_> = (start..count.min(start + CHUNK))
                .map(|i| {
                    let name = format!("{prefix}{i}");
                    (
                        users::username_lower.eq(name.to_ascii_lowercase()),
                        users::username.eq(name),
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
            ids.extend(match conn {
                Conn::Pg(c) => insert.get_results::<i64>(c)?,
                Conn::Sqlite(c) => insert.get_results::<i64>(c)?,
            });
        }
        Ok(ids)
    })
}

/// `users`, each linked to the Telegram chat `first_chat + i`.
pub fn linked_users(
    conn: &mut Conn,
    prefix: &str,
    count: usize,
    first_chat: i64,
    admin: bool,
) -> QueryResult<Vec<Linked>> {
    conn.transaction(|conn| {
        let now = now();
        let linked: Vec<Linked> = users(conn, prefix, count, admin)?
            .into_iter()
            .enumerate()
            .map(|(i, user_id)| Linked {
                user_id,
                chat_id: first_chat + i as i64,
                username: format!("{prefix}{i}"),
            })
            .collect();
        for chunk in linked.chunks(CHUNK) {
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
        }
        Ok(linked)
    })
}

/// Links `user_id` to the Telegram user (and private chat) `telegram_user_id`, as the demo's
/// seeded members are.
pub fn link(
    conn: &mut Conn,
    user_id: i64,
    telegram_user_id: i64,
    name: &str,
    username: Option<&str>,
) -> QueryResult<()> {
    diesel::insert_into(telegram_links::table)
        .values((
            telegram_links::user_id.eq(user_id),
            telegram_links::telegram_user_id.eq(telegram_user_id),
            telegram_links::chat_id.eq(telegram_user_id),
            telegram_links::telegram_username.eq(username),
            telegram_links::telegram_name.eq(name),
            telegram_links::linked_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Every linked Telegram account: (telegram user id, name, username), by id.
pub fn linked_accounts(conn: &mut Conn) -> QueryResult<Vec<(i64, String, Option<String>)>> {
    telegram_links::table
        .select((
            telegram_links::telegram_user_id,
            telegram_links::telegram_name,
            telegram_links::telegram_username,
        ))
        .order(telegram_links::telegram_user_id)
        .load(conn)
}
