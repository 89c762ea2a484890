//! Composing a broadcast: the form with its live preview and live audience count, the Preview
//! button (how many messages a long text goes out as), "Send a test to me", and the POST that
//! queues it once: refused, with the reason, when it would reach nobody.
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::action::{self, Done, Refusal};
use super::audit::{Action, Entry};
use super::compose_form::{ButtonRow, Checked, ComposeForm, Written, check, chosen_topic};
use super::compose_variants::{self, VariantField};
use super::flash::{self, Flash};
use super::paid_cost::PaidCost;
use crate::accounts::csrf::CsrfForm;
use crate::accounts::{self, AdminUser};
use crate::db::schema::telegram_links;
use crate::db::{self, Pool};
use crate::delivery::audience::{self, Audience, Reach};
use crate::delivery::markdown;
use crate::delivery::options::MAX_BUTTONS;
use crate::delivery::split::MAX_PARTS;
use crate::delivery::store;
use crate::delivery::text::{Format, MAX_LEN, MessageText, subject};
use crate::telegram::Telegram;
use crate::topics::{self, Topic};
use crate::web::PageError;
use crate::web::format::{thousands, when_in};
use crate::web::{NavUser, render, render_status};

#[derive(Template, Default)]
#[template(path = "admin/compose.html")]
struct ComposePage {
    nav: Option<NavUser>,
    csrf_token: String,
    active: &'static str,
    flash: Option<Flash>,
    text: String,
    html: bool,
    /// Written in Markdown (sent as the Telegram HTML it becomes).
    markdown: bool,
    idempotency_key: String,
    /// How many chats the chosen audience and topic reach now.
    recipients: i64,
    recipients_label: String,
    /// Why it would reach nobody: Send is disabled and says so.
    nobody: Option<String>,
    admins: i64,
    /// The admin has linked Telegram: "Send a test to me" can reach them.
    linked: bool,
    max_len: usize,
    max_parts: usize,
    text_error: Option<String>,
    /// After Preview, for a text longer than one message: how many it goes out as.
    sent_as: Option<String>,
    /// After Preview, for a text longer than one message: the parts, as the worker sends them.
    parts: Vec<PreviewPart>,
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
    zones: Vec<&'static str>,
    /// A text area per language: the broadcast's variants (`_variants.html`).
    variants: Vec<VariantField>,
    /// With paid broadcasts on: what sending it costs in Stars (`_paid_cost.html`).
    paid: Option<PaidCost>,
}

/// One message of a text sent in parts, as the preview shows it.
pub struct PreviewPart {
    /// "Part 2 of 3".
    pub label: String,
    /// As sent: Telegram HTML when `html` (admin.js draws it), else plain text.
    pub text: String,
    pub html: bool,
}

impl PreviewPart {
    /// The parts of `text` with their labels; none for a text that fits in one message.
    pub fn all(text: &MessageText) -> Vec<PreviewPart> {
        let parts = text.parts();
        let total = parts.len();
        if total < 2 {
            return Vec::new();
        }
        let html = text.format() == Format::Html;
        parts
            .into_iter()
            .enumerate()
            .map(|(i, text)| PreviewPart {
                label: crate::i18n::t_args(
                    "editor-part-of",
                    &[("n", (i + 1).into()), ("total", total.into())],
                ),
                text,
                html,
            })
            .collect()
    }
}

/// "1,204 users", the noun in the reader's language and number.
fn users(n: i64) -> String {
    crate::i18n::t_args(
        "admin-users-count",
        &[("count", n.into()), ("shown", thousands(n).into())],
    )
}

/// Why a broadcast to this topic would reach nobody, when it would.
fn nobody(count: i64, topic: Option<&Topic>) -> Option<String> {
    (count == 0).then(|| match topic {
        Some(t) => crate::i18n::t_args(
            "admin-nobody-topic",
            &[
                ("topic", t.name.as_str().into()),
                ("default", if t.default_on { "on" } else { "off" }.into()),
            ],
        ),
        None => crate::i18n::t("admin-nobody-linked"),
    })
}

async fn page(
    admin: &AdminUser,
    pool: &Pool,
    telegram: &Telegram,
    topic: Option<Topic>,
    to_groups: bool,
) -> Result<ComposePage, PageError> {
    let admin_id = admin.0.id();
    let reach = Reach::new(Audience::All, topic.as_ref().map(Topic::rule), to_groups);
    let (recipients, admins, linked, topics, zone, groups) = db::run(pool, move |conn| {
        let tests = Reach::new(Audience::Admins, None, false);
        Ok::<_, diesel::result::Error>((
            audience::count(conn, &reach)?,
            audience::count(conn, &tests)?,
            telegram_links::table
                .find(admin_id.0)
                .count()
                .get_result::<i64>(conn)?
                > 0,
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
        flash: flash::take(&admin.0),
        idempotency_key: crate::crypto::random_token(),
        recipients,
        recipients_label: users(recipients),
        nobody: nobody(recipients, topic.as_ref()),
        admins,
        linked,
        max_len: MAX_LEN,
        max_parts: MAX_PARTS,
        bot_configured: telegram.bot.is_some(),
        topics,
        groups,
        buttons: (0..MAX_BUTTONS).map(|_| ButtonRow::default()).collect(),
        time_zone: zone.map_or(String::new(), |z| z.name().to_string()),
        zones: super::zones::offered(zone),
        variants: compose_variants::blank(),
        paid: PaidCost::of(&telegram.config, recipients, None),
        // Markdown unless the admin picks another: the toolbar writes it.
        markdown: true,
        ..Default::default()
    })
}

#[get("/admin/broadcasts/new")]
pub async fn compose_page(
    admin: AdminUser,
    pool: web::Data<Pool>,
    telegram: web::Data<Telegram>,
) -> Result<HttpResponse, PageError> {
    Ok(render(&page(&admin, &pool, &telegram, None, false).await?))
}

#[derive(Deserialize)]
pub struct AudienceQuery {
    #[serde(default)]
    topic: String,
    to_groups: Option<String>,
}

/// What compose's script asks as the admin picks a topic: how many a broadcast would reach now.
#[derive(Serialize)]
struct AudienceCount {
    count: i64,
    /// "1,204 users".
    label: String,
    /// Why it would reach nobody, when it would.
    nobody: Option<String>,
}

#[get("/admin/broadcasts/audience")]
pub async fn audience_count(
    _admin: AdminUser,
    pool: web::Data<Pool>,
    query: web::Query<AudienceQuery>,
) -> Result<HttpResponse, PageError> {
    let answer = match chosen_topic(&pool, &query.topic).await? {
        Err(why) => AudienceCount {
            count: 0,
            label: users(0),
            nobody: Some(why),
        },
        Ok(topic) => {
            let reach = Reach::new(
                Audience::All,
                topic.as_ref().map(Topic::rule),
                query.to_groups.is_some(),
            );
            let count = db::run(&pool, move |conn| audience::count(conn, &reach)).await?;
            AudienceCount {
                count,
                label: users(count),
                nobody: nobody(count, topic.as_ref()),
            }
        }
    };
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(answer))
}

/// The form again as it was typed, with an error next to each field that has one, how many it
/// reaches, and how many messages the text goes out as when that is more than one.
async fn refill(
    admin: &AdminUser,
    pool: &Pool,
    telegram: &Telegram,
    form: ComposeForm,
    checked: Checked,
) -> Result<ComposePage, PageError> {
    let topic = checked.topic.clone().ok().flatten();
    let to_groups = form.to_groups.is_some();
    let mut page = page(admin, pool, telegram, topic, to_groups).await?;
    page.send_at_error = checked.send_at.err();
    page.html = form.format == Written::Html;
    page.markdown = form.format == Written::Markdown;
    page.silent = form.silent.is_some();
    page.protect_content = form.protect_content.is_some();
    page.to_groups = to_groups;
    page.buttons = match checked.options {
        Err(rows) => rows,
        Ok(_) => form
            .button_rows()
            .into_iter()
            .map(|(text, url)| ButtonRow::typed(text, url))
            .collect(),
    };
    page.topic_error = checked.topic.err();
    page.variants = checked.variant_fields;
    let valid_key = checked.key.is_some();
    if let Some(key) = checked.key {
        page.idempotency_key = key;
    }
    match checked.text {
        Err(e) => page.text_error = Some(e),
        Ok(text) => {
            if !valid_key {
                page.text_error = Some(crate::i18n::t("admin-form-stale"));
            }
            page.parts = PreviewPart::all(&text);
            let parts = text.parts().len();
            if parts > 1 {
                // Each part is a message Telegram charges for.
                page.paid = PaidCost::of(&telegram.config, page.recipients * parts as i64, None);
                page.sent_as = Some(crate::i18n::t_args(
                    "admin-sent-as-parts",
                    &[
                        ("parts", parts.into()),
                        ("max", thousands(MAX_LEN as i64).into()),
                    ],
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
    let checked = check(&pool, &form).await?;
    let (Ok(text), Ok(topic), Ok(options), Ok(send_at), Some(key), Some(variants)) = (
        &checked.text,
        &checked.topic,
        &checked.options,
        &checked.send_at,
        &checked.key,
        &checked.variants,
    ) else {
        let page = refill(&admin, &pool, &telegram, form, checked).await?;
        return Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
    };
    let (text, topic, mut options, send_at, key, variants) = (
        text.clone(),
        topic.clone(),
        options.clone(),
        *send_at,
        key.clone(),
        variants.clone(),
    );
    let me = admin.0.id();
    if form.to_me() {
        // A test to the admin's own chat: the form stays as typed, with the outcome above it.
        let outcome = action::run(&admin, &pool, move |conn| {
            store::enqueue_test_message(conn, me, me, &text)?
                .ok_or_else(|| Refusal::Said(crate::i18n::t("admin-test-needs-link")))?;
            Ok(Done::new(
                Some(Entry::account(Action::TestMessage, me)),
                crate::i18n::t("admin-test-on-its-way"),
            ))
        })
        .await?;
        let mut page = refill(&admin, &pool, &telegram, form, checked).await?;
        page.flash = Some(match outcome {
            Ok(done) => Flash::done(done.said),
            Err(why) => Flash::refused(why),
        });
        return Ok(render(&page));
    }
    options.send_at = send_at;
    options.variants = variants;
    let audience = form.audience();
    let zone = form.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let outcome = action::run(&admin, &pool, move |conn| {
        let queued = store::enqueue_broadcast(
            conn,
            me,
            &text,
            audience,
            &key,
            topic.as_ref().map(Topic::rule),
            &options,
        )?;
        if queued.created && queued.recipients == 0 {
            // Rolled back: a broadcast to nobody would only sit in the history as "done".
            let why = nobody(0, topic.as_ref()).unwrap_or_default();
            return Err(Refusal::Said(why));
        }
        Ok(broadcast_done(queued, audience, send_at, zone, &text))
    })
    .await?;
    match outcome {
        Ok(done) => {
            let to = format!("/admin/broadcasts/{}", done.value);
            Ok(action::answer(&admin, &to, &Ok(done)))
        }
        Err(why) => {
            let mut page = refill(&admin, &pool, &telegram, form, checked).await?;
            page.nobody = Some(why);
            Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}

/// What a queued broadcast records and says: sent, scheduled, or a test to the admins.
fn broadcast_done(
    queued: store::Enqueued,
    audience: Audience,
    send_at: Option<chrono::NaiveDateTime>,
    zone: chrono_tz::Tz,
    text: &crate::delivery::text::MessageText,
) -> Done<i64> {
    let named = format!("#{} {}", queued.id, subject(text.as_str(), text.format()));
    let reach = users(queued.recipients);
    let (action, said) = match (audience, send_at) {
        (Audience::Admins, _) => (
            Action::TestBroadcast,
            crate::i18n::t1("admin-sending-test-admins", "reach", reach),
        ),
        (Audience::All, Some(at)) => (
            Action::ScheduleBroadcast,
            crate::i18n::t_args(
                "admin-scheduled-for",
                &[("at", when_in(at, zone).into()), ("reach", reach.into())],
            ),
        ),
        (Audience::All, None) => (
            Action::SendBroadcast,
            crate::i18n::t1("admin-sending-to", "reach", reach),
        ),
    };
    let said = match queued.created {
        true => said,
        false => crate::i18n::t("admin-queued-already"),
    };
    Done {
        entry: queued.created.then(|| Entry::thing(action, named)),
        said,
        value: queued.id,
    }
}

#[derive(Deserialize)]
pub struct MarkdownForm {
    #[serde(default)]
    text: String,
}

/// The live preview of a Markdown text: the Telegram HTML it becomes (admin.js draws it as
/// Telegram would). Nothing is stored.
#[post("/admin/broadcasts/markdown")]
pub async fn markdown_preview(
    _admin: AdminUser,
    CsrfForm(form): CsrfForm<MarkdownForm>,
) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(serde_json::json!({ "html": markdown::to_telegram_html(&form.text) }))
}

#[derive(Deserialize)]
pub struct PartsForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    format: Written,
}

/// The messages a text goes out as, each as Telegram will get it: the delivery's own splitter
/// (`MessageText::parts`, which the worker calls again at send time), so the preview numbers
/// exactly the parts members will receive. `html` says whether they are Telegram HTML (editor.js
/// draws them as Telegram would); a text that cannot be sent has no parts and says why.
#[post("/admin/broadcasts/parts")]
pub async fn parts_preview(_admin: AdminUser, CsrfForm(form): CsrfForm<PartsForm>) -> HttpResponse {
    let (text, format) = form.format.message(&form.text);
    let answer = match MessageText::parse(&text, format) {
        Ok(text) => serde_json::json!({
            "parts": text.parts(),
            "html": text.format() == Format::Html,
        }),
        Err(why) => serde_json::json!({ "parts": [], "error": why }),
    };
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(answer)
}
