//! Composing a broadcast: the form with its live preview, the Preview button (how many messages a
//! long text goes out as), and the POST that queues it once.
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use diesel::prelude::*;
use serde::Deserialize;

use crate::accounts::csrf::CsrfForm;
use crate::accounts::{self, AdminUser};
use crate::db::schema::{telegram_links, users};
use crate::db::{self, Conn, Pool};
use crate::delivery::options::{self, MAX_BUTTONS, SendOptions, UrlButton};
use crate::delivery::split::MAX_PARTS;
use crate::delivery::store::{self, Audience};
use crate::delivery::text::{Format, MAX_LEN, MessageText};
use crate::telegram::Telegram;
use crate::topics::{self, Topic};
use crate::web::PageError;
use crate::web::format::thousands;
use crate::web::{NavUser, render, render_status, see_other};

#[derive(Template, Default)]
#[template(path = "admin/compose.html")]
struct ComposePage {
    nav: Option<NavUser>,
    csrf_token: String,
    active: &'static str,
    text: String,
    html: bool,
    idempotency_key: String,
    recipients: i64,
    recipients_label: String,
    admins: i64,
    max_len: usize,
    max_parts: usize,
    text_error: Option<String>,
    /// After Preview, for a text longer than one message: how many it goes out as.
    sent_as: Option<String>,
    bot_configured: bool,
    topics: Vec<Topic>,
    /// The chosen topic's id ("" for none).
    topic: String,
    topic_error: Option<String>,
    silent: bool,
    protect_content: bool,
    /// Connected groups and channels, and whether the broadcast goes to them too.
    groups: i64,
    to_groups: bool,
    buttons: Vec<ButtonRow>,
    send_at: String,
    time_zone: String,
    send_at_error: Option<String>,
    zones: &'static [Tz],
}

/// (all linked users, linked admins), disabled accounts left out as the broadcast leaves them.
fn audience_sizes(conn: &mut Conn) -> QueryResult<(i64, i64)> {
    let active = || {
        telegram_links::table
            .inner_join(users::table)
            .filter(users::disabled_at.is_null())
    };
    let all = active().count().get_result(conn)?;
    let admins = active()
        .filter(users::is_admin.eq(true))
        .count()
        .get_result(conn)?;
    Ok((all, admins))
}

async fn page(
    admin: &AdminUser,
    pool: &Pool,
    telegram: &Telegram,
) -> Result<ComposePage, PageError> {
    let admin_id = admin.0.id();
    let (recipients, admins, topics, zone, groups) = db::run(pool, move |conn| {
        let (all, admins) = audience_sizes(conn)?;
        Ok::<_, diesel::result::Error>((
            all,
            admins,
            topics::list(conn)?,
            accounts::store::time_zone(conn, admin_id)?,
            crate::linking::groups::count(conn)?,
        ))
    })
    .await?;
    Ok(ComposePage {
        nav: admin.0.nav(),
        csrf_token: admin.0.csrf_token.clone(),
        active: "compose",
        idempotency_key: crate::crypto::random_token(),
        recipients,
        recipients_label: format!(
            "{} {}",
            thousands(recipients),
            if recipients == 1 { "user" } else { "users" }
        ),
        admins,
        max_len: MAX_LEN,
        max_parts: MAX_PARTS,
        bot_configured: telegram.bot.is_some(),
        topics,
        groups,
        buttons: (0..MAX_BUTTONS).map(|_| ButtonRow::default()).collect(),
        time_zone: zone.map_or(String::new(), |z| z.name().to_string()),
        zones: &chrono_tz::TZ_VARIANTS,
        ..Default::default()
    })
}

#[get("/admin/broadcasts/new")]
pub async fn compose_page(
    admin: AdminUser,
    pool: web::Data<Pool>,
    telegram: web::Data<Telegram>,
) -> Result<HttpResponse, PageError> {
    Ok(render(&page(&admin, &pool, &telegram).await?))
}

/// The topic picked in the form: none, or one that exists (it may have been deleted meanwhile).
async fn chosen_topic(
    pool: &Pool,
    field: &str,
) -> Result<Result<Option<Topic>, String>, PageError> {
    if field.is_empty() {
        return Ok(Ok(None));
    }
    let Ok(id) = field.parse::<i64>() else {
        return Ok(Err("Choose a topic from the list.".into()));
    };
    let topic = db::run(pool, move |conn| topics::find(conn, id)).await?;
    Ok(topic
        .map(Some)
        .ok_or_else(|| "This topic no longer exists; choose another.".into()))
}

#[derive(Deserialize)]
pub struct ComposeForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    format: Format,
    #[serde(default)]
    audience: String,
    #[serde(default)]
    idempotency_key: String,
    /// A topic's id, or empty for everyone.
    #[serde(default)]
    topic: String,
    silent: Option<String>,
    protect_content: Option<String>,
    /// "Also post to connected groups and channels".
    to_groups: Option<String>,
    #[serde(default)]
    button_text_1: String,
    #[serde(default)]
    button_url_1: String,
    #[serde(default)]
    button_text_2: String,
    #[serde(default)]
    button_url_2: String,
    #[serde(default)]
    button_text_3: String,
    #[serde(default)]
    button_url_3: String,
    /// `datetime-local`: "2026-12-01T09:00", in `time_zone`; empty: at once.
    #[serde(default)]
    send_at: String,
    #[serde(default)]
    time_zone: String,
}

/// The start time picked on a form (`datetime-local` in `time_zone`), in UTC; `None`: at once.
pub fn scheduled_for(send_at: &str, time_zone: &str) -> Result<Option<NaiveDateTime>, String> {
    let typed = send_at.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    let local = NaiveDateTime::parse_from_str(typed, "%Y-%m-%dT%H:%M")
        .map_err(|_| "Give a date and time, like 2026-12-24T18:00.".to_string())?;
    let zone: Tz = time_zone
        .parse()
        .map_err(|_| "Choose the time zone of this time.".to_string())?;
    // A time skipped by a clock change does not exist; an ambiguous one takes its first meaning.
    let at = zone.from_local_datetime(&local).earliest().ok_or_else(|| {
        "This time does not exist in that time zone (the clocks skip it).".to_string()
    })?;
    options::check_send_at(at.naive_utc()).map(Some)
}

impl ComposeForm {
    /// The button rows as typed: (label, address).
    fn button_rows(&self) -> [(String, String); MAX_BUTTONS] {
        [
            (self.button_text_1.clone(), self.button_url_1.clone()),
            (self.button_text_2.clone(), self.button_url_2.clone()),
            (self.button_text_3.clone(), self.button_url_3.clone()),
        ]
    }

    /// The delivery options, or the rows as typed with an error next to each bad one. A row left
    /// empty is no button.
    fn options(&self) -> Result<SendOptions, Vec<ButtonRow>> {
        let rows: Vec<ButtonRow> = self
            .button_rows()
            .into_iter()
            .map(|(text, url)| {
                let blank = text.trim().is_empty() && url.trim().is_empty();
                let parsed = (!blank).then(|| UrlButton::parse(&text, &url));
                ButtonRow {
                    error: parsed.as_ref().and_then(|p| p.clone().err()),
                    button: parsed.and_then(Result::ok),
                    text,
                    url,
                }
            })
            .collect();
        if rows.iter().any(|r| r.error.is_some()) {
            return Err(rows);
        }
        Ok(SendOptions {
            silent: self.silent.is_some(),
            protect_content: self.protect_content.is_some(),
            buttons: rows.into_iter().filter_map(|r| r.button).collect(),
            send_at: None,
            to_groups: self.to_groups.is_some(),
        })
    }
}

/// One URL button's fields on the form.
#[derive(Default)]
struct ButtonRow {
    text: String,
    url: String,
    error: Option<String>,
    button: Option<UrlButton>,
}

/// Every field of a submitted form, checked.
struct Checked {
    text: Result<MessageText, String>,
    topic: Result<Option<Topic>, String>,
    options: Result<SendOptions, Vec<ButtonRow>>,
    send_at: Result<Option<NaiveDateTime>, String>,
    /// The idempotency key, if the form's is usable.
    key: Option<String>,
}

impl Checked {
    fn is_ok(&self) -> bool {
        self.text.is_ok()
            && self.topic.is_ok()
            && self.options.is_ok()
            && self.send_at.is_ok()
            && self.key.is_some()
    }
}

async fn check(pool: &Pool, form: &ComposeForm) -> Result<Checked, PageError> {
    let key = form.idempotency_key.trim();
    Ok(Checked {
        text: MessageText::parse(&form.text, form.format),
        topic: chosen_topic(pool, &form.topic).await?,
        options: form.options(),
        send_at: scheduled_for(&form.send_at, &form.time_zone),
        key: (20..=100).contains(&key.len()).then(|| key.to_string()),
    })
}

/// The form again as it was typed, with an error next to each field that has one, and how many
/// messages the text goes out as when that is more than one.
async fn refill(
    admin: &AdminUser,
    pool: &Pool,
    telegram: &Telegram,
    form: ComposeForm,
    checked: Checked,
) -> Result<ComposePage, PageError> {
    let mut page = page(admin, pool, telegram).await?;
    page.send_at_error = checked.send_at.err();
    page.html = form.format == Format::Html;
    page.silent = form.silent.is_some();
    page.protect_content = form.protect_content.is_some();
    page.to_groups = form.to_groups.is_some();
    page.buttons = match checked.options {
        Err(rows) => rows,
        Ok(_) => form
            .button_rows()
            .into_iter()
            .map(|(text, url)| ButtonRow {
                text,
                url,
                ..Default::default()
            })
            .collect(),
    };
    page.topic_error = checked.topic.err();
    let valid_key = checked.key.is_some();
    if let Some(key) = checked.key {
        page.idempotency_key = key;
    }
    match checked.text {
        Err(e) => page.text_error = Some(e),
        Ok(text) => {
            if !valid_key {
                page.text_error = Some("This form is out of date; send it again.".into());
            }
            let parts = text.parts().len();
            if parts > 1 {
                page.sent_as = Some(format!(
                    "Sent as {parts} messages (Telegram allows {} characters in one).",
                    thousands(MAX_LEN as i64)
                ));
            }
        }
    }
    page.send_at = form.send_at;
    page.time_zone = form.time_zone;
    page.text = form.text;
    page.topic = form.topic;
    Ok(page)
}

/// The Preview button: the form again, saying how many messages the text goes out as and what is
/// wrong with it, if anything. Nothing is queued.
#[post("/admin/broadcasts/preview")]
#[tracing::instrument(skip_all, fields(admin = %admin.0.id()))]
pub async fn preview(
    admin: AdminUser,
    pool: web::Data<Pool>,
    telegram: web::Data<Telegram>,
    CsrfForm(form): CsrfForm<ComposeForm>,
) -> Result<HttpResponse, PageError> {
    let checked = check(&pool, &form).await?;
    let status = if checked.is_ok() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = refill(&admin, &pool, &telegram, form, checked).await?;
    Ok(render_status(status, &page))
}

#[post("/admin/broadcasts")]
#[tracing::instrument(skip_all, fields(admin = %admin.0.id()))]
pub async fn create(
    admin: AdminUser,
    pool: web::Data<Pool>,
    telegram: web::Data<Telegram>,
    CsrfForm(form): CsrfForm<ComposeForm>,
) -> Result<HttpResponse, PageError> {
    let audience = if form.audience == "admins" {
        Audience::Admins
    } else {
        Audience::All
    };
    let checked = check(&pool, &form).await?;
    let Checked {
        text: Ok(text),
        topic: Ok(topic),
        options: Ok(mut options),
        send_at: Ok(send_at),
        key: Some(key),
    } = checked
    else {
        let page = refill(&admin, &pool, &telegram, form, checked).await?;
        return Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
    };
    options.send_at = send_at;
    let author = admin.0.id();
    let queued = db::run(&pool, move |conn| {
        store::enqueue_broadcast(
            conn,
            author,
            &text,
            audience,
            &key,
            topic.as_ref().map(Topic::rule),
            &options,
        )
    })
    .await?;
    if queued.created {
        tracing::info!(
            broadcast = queued.id,
            recipients = queued.recipients,
            audience = audience.as_str(),
            "broadcast queued"
        );
    }
    Ok(see_other(&format!("/admin/broadcasts/{}", queued.id)))
}
