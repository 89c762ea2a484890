//! The Connect page's "Groups and channels" section, for a member whose Telegram is linked: "Add to
//! a group" and "Add to a channel" open Telegram's picker (a `startgroup` link with a fresh
//! one-time token; a `startchannel` link asking for the right to post, after recording the
//! request the bot matches the channel by), and the member's connected chats with Disconnect.
use actix_web::{HttpResponse, post, web};

use crate::accounts::CurrentUser;
use crate::accounts::csrf::CsrfForm;
use crate::db::{self, Pool};
use crate::linking::ended::Ending;
use crate::linking::groups::{self, GroupChat};
use crate::linking::links::{self, Via};
use crate::telegram::Telegram;
use crate::web::format::Moment;
use crate::web::{NoFields, PageError, see_other};

/// The administrator right a channel must give the bot, as `startchannel` links name it.
const CHANNEL_RIGHTS: &str = "post_messages";

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(add_group)
        .service(add_channel)
        .service(disconnect);
}

/// One of the member's connected chats.
pub struct ChatRow {
    pub id: i64,
    pub title: String,
    /// "group", "supergroup" or "channel".
    pub kind: String,
    /// Posted in a forum topic, as the catalogue's selector says it: "yes" or "no".
    pub topic: &'static str,
    pub since: Moment,
}

/// What the section shows.
pub struct GroupsView {
    pub chats: Vec<ChatRow>,
    /// The member's Telegram is linked, so they may connect more.
    pub can_add: bool,
    pub just_disconnected: bool,
}

impl GroupsView {
    pub fn new(
        chats: Vec<GroupChat>,
        can_add: bool,
        just_disconnected: bool,
        zone: Option<chrono_tz::Tz>,
    ) -> GroupsView {
        GroupsView {
            can_add,
            chats: chats
                .into_iter()
                .map(|c| ChatRow {
                    id: c.id,
                    title: c.title,
                    kind: c.kind,
                    topic: if c.thread_id.is_some() { "yes" } else { "no" },
                    since: Moment::new(c.connected_at, zone),
                })
                .collect(),
            just_disconnected,
        }
    }
}

/// The bot's username when this member may connect chats: the bot is ready, the site is not the
/// demo sandbox (its chat page has no groups), and their Telegram is linked.
async fn may_connect(
    user: &CurrentUser,
    telegram: &Telegram,
    pool: &Pool,
) -> Result<Option<String>, PageError> {
    let Some(bot) = telegram.status().username().map(str::to_string) else {
        return Ok(None);
    };
    if telegram.config.demo {
        return Ok(None);
    }
    let id = user.id();
    let linked = db::run(pool, move |conn| links::find_by_user(conn, id)).await?;
    Ok(linked.map(|_| bot))
}

#[post("/connect/groups/add-group")]
#[tracing::instrument(skip_all, fields(user_id = %user.id()))]
async fn add_group(
    user: CurrentUser,
    _form: CsrfForm<NoFields>,
    telegram: web::Data<Telegram>,
    pool: web::Data<Pool>,
) -> Result<HttpResponse, PageError> {
    let Some(bot) = may_connect(&user, &telegram, &pool).await? else {
        return Ok(see_other("/connect"));
    };
    let (id, ttl) = (user.id(), telegram.config.link_ttl);
    let token = db::run(&pool, move |conn| groups::issue_group_token(conn, id, ttl)).await?;
    Ok(see_other(&format!(
        "https://t.me/{bot}?startgroup={}",
        token.start_payload()
    )))
}

#[post("/connect/groups/add-channel")]
#[tracing::instrument(skip_all, fields(user_id = %user.id()))]
async fn add_channel(
    user: CurrentUser,
    _form: CsrfForm<NoFields>,
    telegram: web::Data<Telegram>,
    pool: web::Data<Pool>,
) -> Result<HttpResponse, PageError> {
    let Some(bot) = may_connect(&user, &telegram, &pool).await? else {
        return Ok(see_other("/connect"));
    };
    let (id, ttl) = (user.id(), telegram.config.link_ttl);
    db::run(&pool, move |conn| groups::request_channel(conn, id, ttl)).await?;
    Ok(see_other(&format!(
        "https://t.me/{bot}?startchannel&admin={CHANNEL_RIGHTS}"
    )))
}

#[post("/connect/groups/{id}/disconnect")]
#[tracing::instrument(skip_all, fields(user_id = %user.id()))]
async fn disconnect(
    user: CurrentUser,
    id: web::Path<i64>,
    _form: CsrfForm<NoFields>,
    pool: web::Data<Pool>,
) -> Result<HttpResponse, PageError> {
    let (id, owner) = (id.into_inner(), user.id());
    let ended = db::run(&pool, move |conn| {
        let group = Ending::Group {
            id,
            owner: Some(owner),
        };
        crate::linking::ended::end(conn, group, Via::Page)
    })
    .await?;
    if !ended.groups.is_empty() {
        tracing::info!("a member disconnected a group or channel");
    }
    Ok(see_other("/connect?groups=disconnected#groups"))
}
