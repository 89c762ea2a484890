//! `/admin/topics`: the topics members choose from. Create, change, delete; each with its
//! default (on or off for members who have not chosen) and whether it is critical (sent to every
//! linked member, mutes or not).
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

use crate::accounts::AdminUser;
use crate::accounts::csrf::CsrfForm;
use crate::db::{self, Pool};
use crate::topics::{self, Topic, TopicError, TopicForm};
use crate::web::{NavUser, NoFields, PageError, render, render_status, see_other};

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
        return Err(PageError::NotFound("There is no such topic."));
    };
    let mut page = TopicsPage::new(&admin, list);
    page.editing = Some(topic.id);
    page.fields = TopicFields::of(&topic);
    Ok(render(&page))
}

#[post("/admin/topics")]
#[tracing::instrument(skip_all, fields(admin = %admin.0.id()))]
pub async fn create(
    admin: AdminUser,
    pool: web::Data<Pool>,
    CsrfForm(fields): CsrfForm<TopicFields>,
) -> Result<HttpResponse, PageError> {
    let parsed = fields.parse();
    let created = match &parsed {
        Ok(form) => {
            let form = form.clone();
            db::run(&pool, move |conn| topics::create(conn, &form)).await?
        }
        Err(_) => false,
    };
    if created {
        tracing::info!("topic created");
        return Ok(see_other("/admin/topics"));
    }
    let list = db::run(&pool, topics::list).await?;
    let mut page = TopicsPage::new(&admin, list);
    let error = parsed.err().unwrap_or_else(taken);
    page.fields = fields;
    Ok(page.refused(error))
}

#[post("/admin/topics/{id}")]
#[tracing::instrument(skip_all, fields(admin = %admin.0.id()))]
pub async fn update(
    admin: AdminUser,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
    CsrfForm(fields): CsrfForm<TopicFields>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let parsed = fields.parse();
    let (updated, exists) = match &parsed {
        Ok(form) => {
            let form = form.clone();
            db::run(&pool, move |conn| {
                let exists = topics::find(conn, id)?.is_some();
                Ok::<_, anyhow::Error>((exists && topics::update(conn, id, &form)?, exists))
            })
            .await?
        }
        Err(_) => (false, true),
    };
    if !exists {
        return Err(PageError::NotFound("There is no such topic."));
    }
    if updated {
        tracing::info!(topic = id, "topic changed");
        return Ok(see_other("/admin/topics"));
    }
    let list = db::run(&pool, topics::list).await?;
    let mut page = TopicsPage::new(&admin, list);
    page.editing = Some(id);
    page.fields = fields;
    Ok(page.refused(parsed.err().unwrap_or_else(taken)))
}

#[post("/admin/topics/{id}/delete")]
#[tracing::instrument(skip_all, fields(admin = %admin.0.id()))]
pub async fn delete(
    admin: AdminUser,
    pool: web::Data<Pool>,
    id: web::Path<i64>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    if db::run(&pool, move |conn| topics::delete(conn, id)).await? {
        tracing::info!(topic = id, "topic deleted");
    }
    Ok(see_other("/admin/topics"))
}

fn taken() -> TopicError {
    TopicError::Name("Another topic has this name.".into())
}
