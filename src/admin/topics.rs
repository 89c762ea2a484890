//! `/admin/topics`: the topics members choose from. Create, change, delete (each audited, with a
//! flash); each with its default (on or off for members who have not chosen) and whether it is
//! critical (sent to every linked member, mutes or not).
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

use super::action::{self, Done, Refusal};
use super::audit::{Action, Entry};
use crate::accounts::AdminUser;
use crate::accounts::csrf::CsrfForm;
use crate::db::{self, Pool};
use crate::topics::{self, Topic, TopicError, TopicForm};
use crate::web::{NavUser, NoFields, PageError, render, render_status};

/// The form as typed, so a refused one comes back as it was.
#[derive(Deserialize, Default)]
pub struct TopicFields {
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    default_on: Option<String>,
    critical: Option<String>,
}

impl TopicFields {
    fn of(topic: &Topic) -> TopicFields {
        TopicFields {
            name: topic.name.clone(),
            description: topic.description.clone(),
            default_on: topic.default_on.then(|| "on".into()),
            critical: topic.critical.then(|| "on".into()),
        }
    }

    fn parse(&self) -> Result<TopicForm, TopicError> {
        TopicForm::parse(
            &self.name,
            &self.description,
            self.default_on.is_some(),
            self.critical.is_some(),
        )
    }
}

#[derive(Template)]
#[template(path = "admin/topics.html")]
struct TopicsPage {
    nav: Option<NavUser>,
    csrf_token: String,
    active: &'static str,
    flash: Option<crate::admin::flash::Flash>,
    topics: Vec<Topic>,
    /// The form: a new topic, or the one being changed.
    editing: Option<i64>,
    fields: TopicFields,
    name_error: Option<String>,
    description_error: Option<String>,
}

impl TopicsPage {
    fn new(admin: &AdminUser, topics: Vec<Topic>) -> TopicsPage {
        TopicsPage {
            nav: admin.0.nav(),
            csrf_token: admin.0.csrf_token.clone(),
            active: "topics",
            flash: crate::admin::flash::take(&admin.0),
            topics,
            editing: None,
            fields: TopicFields {
                default_on: Some("on".into()),
                ..TopicFields::default()
            },
            name_error: None,
            description_error: None,
        }
    }

    fn refused(mut self, error: TopicError) -> HttpResponse {
        match error {
            TopicError::Name(e) => self.name_error = Some(e),
            TopicError::Description(e) => self.description_error = Some(e),
        }
        render_status(StatusCode::UNPROCESSABLE_ENTITY, &self)
    }
}

#[get("/admin/topics")]
pub async fn topics_page(
    admin: AdminUser,
    pool: web::Data<Pool>,
) -> Result<HttpResponse, PageError> {
    let list = db::run(&pool, topics::list).await?;
    Ok(render(&TopicsPage::new(&admin, list)))
}

#[get("/admin/topics/{id}")]
pub async fn edit_page(
    admin: AdminUser,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let (list, topic) = db::run(&pool, move |conn| {
        Ok::<_, anyhow::Error>((topics::list(conn)?, topics::find(conn, id)?))
    })
    .await?;
    let Some(topic) = topic else {
        return Err(PageError::NotFound(NO_SUCH_TOPIC));
    };
    let mut page = TopicsPage::new(&admin, list);
    page.editing = Some(topic.id);
    page.fields = TopicFields::of(&topic);
    Ok(render(&page))
}

#[post("/admin/topics")]
pub async fn create(
    admin: AdminUser,
    pool: web::Data<Pool>,
    CsrfForm(fields): CsrfForm<TopicFields>,
) -> Result<HttpResponse, PageError> {
    let outcome = match fields.parse() {
        Err(e) => Err(e),
        Ok(form) => action::run(&admin, &pool, move |conn| {
            if !topics::create(conn, &form)? {
                return Err(Refusal::Said(crate::i18n::t("manage-topic-taken")));
            }
            Ok(Done::new(
                Some(Entry::thing(Action::CreateTopic, &form.name)),
                crate::i18n::t1("manage-topic-created", "name", form.name.as_str()),
            ))
        })
        .await?
        .map_err(TopicError::Name),
    };
    match outcome {
        Ok(done) => Ok(action::answer(&admin, "/admin/topics", &Ok(done))),
        Err(error) => {
            let list = db::run(&pool, topics::list).await?;
            let mut page = TopicsPage::new(&admin, list);
            page.fields = fields;
            Ok(page.refused(error))
        }
    }
}

#[post("/admin/topics/{id}")]
pub async fn update(
    admin: AdminUser,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
    CsrfForm(fields): CsrfForm<TopicFields>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let outcome = match fields.parse() {
        Err(e) => Err(e),
        Ok(form) => action::run(&admin, &pool, move |conn| {
            if topics::find(conn, id)?.is_none() {
                return Err(Refusal::NotFound(NO_SUCH_TOPIC));
            }
            if !topics::update(conn, id, &form)? {
                return Err(Refusal::Said(crate::i18n::t("manage-topic-taken")));
            }
            Ok(Done::new(
                Some(Entry::thing(Action::ChangeTopic, &form.name)),
                crate::i18n::t1("manage-topic-saved", "name", form.name.as_str()),
            ))
        })
        .await?
        .map_err(TopicError::Name),
    };
    match outcome {
        Ok(done) => Ok(action::answer(&admin, "/admin/topics", &Ok(done))),
        Err(error) => {
            let list = db::run(&pool, topics::list).await?;
            let mut page = TopicsPage::new(&admin, list);
            page.editing = Some(id);
            page.fields = fields;
            Ok(page.refused(error))
        }
    }
}

#[post("/admin/topics/{id}/delete")]
pub async fn delete(
    admin: AdminUser,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    action::perform(&admin, &pool, "/admin/topics", move |conn| {
        let Some(topic) = topics::find(conn, id)? else {
            return Ok(Done::new(
                None,
                crate::i18n::t("manage-topic-deleted-already"),
            ));
        };
        topics::delete(conn, id)?;
        Ok(Done::new(
            Some(Entry::thing(Action::DeleteTopic, &topic.name)),
            crate::i18n::t1("manage-topic-deleted", "name", topic.name.as_str()),
        ))
    })
    .await
}

/// The 404's sentence (a catalogue key).
const NO_SUCH_TOPIC: &str = "formats-error-no-such-topic";
