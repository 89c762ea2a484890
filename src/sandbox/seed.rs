//! What a demo starts with: an admin whose password is new at every start (printed, never
//! stored in clear), and on a new database a few members, some linked to simulated Telegram
//! users, plus a welcome broadcast, so the dashboard has life in it. The simulated users behind
//! every link in the database are (re)created in the fake, which forgets them between runs.
use diesel::Connection;
use telegram_fake::FakeTelegram;

use crate::accounts::{Username, password, store};
use crate::db::{self, Pool, seed};
use crate::delivery::store::{Audience, enqueue_broadcast};
use crate::delivery::text::{Format, MessageText};

pub const ADMIN: &str = "admin";

/// A simulated Telegram user: id, first name, username.
type TelegramUser = (i64, &'static str, &'static str);

/// Members of a new demo: their username, and the Telegram account linked to them.
const MEMBERS: &[(&str, Option<TelegramUser>)] = &[
    ("alice", Some((700_000_001, "Alice", "alice_tg"))),
    ("bob", Some((700_000_002, "Bob", "bob_builds"))),
    ("carol", Some((700_000_003, "Carol", "carol_c"))),
    ("dave", None),
    ("erin", None),
];

/// A simulated Telegram user linked to nobody: who opens the Connect page's link by default.
const NEWCOMER: TelegramUser = (700_000_010, "Dana", "dana_new");

const WELCOME: &str = "<b>Welcome to the tglink sandbox!</b>\nThis announcement went to every \
                       linked member. Try <i>Admin → Broadcast</i> to send another.";

/// The seeded members' password hash is not a hash: nobody logs in as them.
const NO_LOGIN: &str = "not a hash: nobody logs in as this demo member";

/// Seeds what is missing and returns the admin's fresh password.
pub async fn seed(pool: &Pool, fake: &FakeTelegram) -> anyhow::Result<String> {
    let admin_password = crate::crypto::random_token()[..20].to_string();
    let hash = password::hash(admin_password.clone()).await?;
    // The simulated users first: the welcome broadcast is sent to them as soon as it exists.
    for (id, name, username) in MEMBERS.iter().filter_map(|(_, tg)| *tg).chain([NEWCOMER]) {
        fake.add_user(id, name, Some(username));
    }
    db::run(pool, move |conn| {
        conn.transaction::<_, anyhow::Error, _>(|conn| {
            let fresh = store::count(conn)? == 0;
            let admin = admin_account(conn, &hash)?;
            if fresh {
                members(conn, admin)?;
            }
            Ok(())
        })
    })
    .await?;
    let linked = db::run(pool, seed::linked_accounts).await?;
    for (id, name, username) in linked {
        fake.add_user(id, &name, username.as_deref());
    }
    Ok(admin_password)
}

/// The admin account with this password hash, created or reset.
fn admin_account(conn: &mut db::Conn, hash: &str) -> anyhow::Result<crate::accounts::UserId> {
    let name = Username::parse(ADMIN).map_err(anyhow::Error::msg)?;
    let id = match store::find_by_username(conn, ADMIN)? {
        Some(user) => {
            store::set_password_hash(conn, user.id(), hash)?;
            store::set_admin(conn, user.id(), true)?;
            user.id()
        }
        None => store::create(conn, &name, hash, true)?
            .ok_or_else(|| anyhow::anyhow!("the admin account could not be created"))?
            .id(),
    };
    Ok(id)
}

fn members(conn: &mut db::Conn, admin: crate::accounts::UserId) -> anyhow::Result<()> {
    for (username, telegram) in MEMBERS {
        let name = Username::parse(username).map_err(anyhow::Error::msg)?;
        let Some(user) = store::create(conn, &name, NO_LOGIN, false)? else {
            continue;
        };
        if let Some((id, first_name, tg_username)) = telegram {
            seed::link(conn, user.id, *id, first_name, Some(tg_username))?;
        }
    }
    let text = MessageText::parse(WELCOME, Format::Html).map_err(anyhow::Error::msg)?;
    enqueue_broadcast(
        conn,
        admin,
        &text,
        Audience::All,
        "sandbox-welcome",
        None,
        &Default::default(),
    )?;
    Ok(())
}
