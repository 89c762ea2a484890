//! The compose form as submitted: its fields, and each one checked (text, topic, buttons, start
//! time, idempotency key) so a refused form comes back as typed with an error next to each field.
use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use serde::Deserialize;

use super::compose_variants::{self, VariantField};
use crate::db::{self, Pool};
use crate::delivery::audience::Audience;
use crate::delivery::markdown;
use crate::delivery::options::{self, MAX_BUTTONS, SendOptions, UrlButton};
use crate::delivery::text::{Format, MessageText};
use crate::delivery::variants::Variants;
use crate::i18n::Lang;
use crate::topics::{self, Topic};
use crate::web::PageError;

/// The topic picked in the form: none, or one that exists (it may have been deleted meanwhile).
pub async fn chosen_topic(
    pool: &Pool,
    field: &str,
) -> Result<Result<Option<Topic>, String>, PageError> {
    if field.is_empty() {
        return Ok(Ok(None));
    }
    let Ok(id) = field.parse::<i64>() else {
        return Ok(Err(crate::i18n::t("admin-topic-choose")));
    };
    let topic = db::run(pool, move |conn| topics::find(conn, id)).await?;
    Ok(topic
        .map(Some)
        .ok_or_else(|| crate::i18n::t("admin-topic-gone")))
}

/// How the admin wrote the message: Markdown becomes Telegram HTML before it is checked and
/// stored; plain text and Telegram HTML go as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Written {
    #[default]
    Plain,
    Html,
    Markdown,
}

impl Written {
    /// The text to send and its format.
    pub fn message(self, text: &str) -> (String, Format) {
        match self {
            Written::Plain => (text.to_string(), Format::Plain),
            Written::Html => (text.to_string(), Format::Html),
            Written::Markdown => (markdown::to_telegram_html(text), Format::Html),
        }
    }
}

#[derive(Deserialize)]
pub struct ComposeForm {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub format: Written,
    #[serde(default)]
    pub audience: String,
    #[serde(default)]
    pub idempotency_key: String,
    /// A topic's id, or empty for everyone.
    #[serde(default)]
    pub topic: String,
    pub silent: Option<String>,
    pub protect_content: Option<String>,
    /// "Also post to connected groups and channels".
    pub to_groups: Option<String>,
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
    pub send_at: String,
    #[serde(default)]
    pub time_zone: String,
    /// The variants per language (`translation_<tag>`); empty: none.
    #[serde(default)]
    translation_en: String,
    #[serde(default)]
    translation_es: String,
    #[serde(default, rename = "translation_pt-BR")]
    translation_pt_br: String,
    #[serde(default)]
    translation_ru: String,
    #[serde(default)]
    translation_fa: String,
}

impl ComposeForm {
    /// The variant typed for a language.
    pub fn translation(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.translation_en,
            Lang::Es => &self.translation_es,
            Lang::PtBr => &self.translation_pt_br,
            Lang::Ru => &self.translation_ru,
            Lang::Fa => &self.translation_fa,
        }
    }
}

/// The start time picked on a form (`datetime-local` in `time_zone`), in UTC; `None`: at once.
pub fn scheduled_for(send_at: &str, time_zone: &str) -> Result<Option<NaiveDateTime>, String> {
    let typed = send_at.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    let local = NaiveDateTime::parse_from_str(typed, "%Y-%m-%dT%H:%M")
        .map_err(|_| crate::i18n::t("admin-send-at-invalid"))?;
    let zone: Tz = time_zone
        .parse()
        .map_err(|_| crate::i18n::t("admin-zone-invalid"))?;
    // A time skipped by a clock change does not exist; an ambiguous one takes its first meaning.
    let at = zone
        .from_local_datetime(&local)
        .earliest()
        .ok_or_else(|| crate::i18n::t("admin-time-skipped"))?;
    options::check_send_at(at.naive_utc()).map(Some)
}

impl ComposeForm {
    /// The button rows as typed: (label, address).
    pub fn button_rows(&self) -> [(String, String); MAX_BUTTONS] {
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
            variants: Variants::default(),
        })
    }
}

/// One URL button's fields on the form.
#[derive(Default)]
pub struct ButtonRow {
    pub text: String,
    pub url: String,
    pub error: Option<String>,
    button: Option<UrlButton>,
}

/// Every field of a submitted form, checked.
impl ButtonRow {
    /// A row as typed, not checked yet.
    pub fn typed(text: String, url: String) -> ButtonRow {
        ButtonRow {
            text,
            url,
            ..Default::default()
        }
    }
}

pub struct Checked {
    pub text: Result<MessageText, String>,
    pub topic: Result<Option<Topic>, String>,
    pub options: Result<SendOptions, Vec<ButtonRow>>,
    pub send_at: Result<Option<NaiveDateTime>, String>,
    /// The idempotency key, if the form's is usable.
    pub key: Option<String>,
    /// The variants' fields as typed, with their errors; the variants when all are valid.
    pub variant_fields: Vec<VariantField>,
    pub variants: Option<Variants>,
}

impl Checked {
    pub fn is_ok(&self) -> bool {
        self.text.is_ok()
            && self.topic.is_ok()
            && self.options.is_ok()
            && self.send_at.is_ok()
            && self.key.is_some()
            && self.variants.is_some()
    }
}

pub async fn check(pool: &Pool, form: &ComposeForm) -> Result<Checked, PageError> {
    let key = form.idempotency_key.trim();
    let (variant_fields, variants) = compose_variants::check(form, form.format);
    Ok(Checked {
        text: {
            let (text, format) = form.format.message(&form.text);
            MessageText::parse(&text, format)
        },
        topic: chosen_topic(pool, &form.topic).await?,
        options: form.options(),
        send_at: scheduled_for(&form.send_at, &form.time_zone),
        key: (20..=100).contains(&key.len()).then(|| key.to_string()),
        variant_fields,
        variants,
    })
}

impl ComposeForm {
    /// Who the pressed button sends to: `admins` is the test send to the linked admins.
    pub fn audience(&self) -> Audience {
        match self.audience.as_str() {
            "admins" => Audience::Admins,
            _ => Audience::All,
        }
    }

    /// "Send a test to me" was pressed.
    pub fn to_me(&self) -> bool {
        self.audience == "me"
    }
}
