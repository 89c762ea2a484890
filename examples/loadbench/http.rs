//! The few HTTP conversations the orchestrator has itself: signing in, collecting anonymous
//! login forms, and sending a broadcast through the admin compose form.
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use futures_util::StreamExt;
use reqwest::cookie::CookieStore;

/// A browser-like client: cookies kept, redirects not followed.
pub struct Browser {
    pub client: reqwest::Client,
    jar: Arc<reqwest::cookie::Jar>,
    base: String,
}

/// The value of `<input … name="NAME" value="…">` in a page.
pub fn hidden_field(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\""))?;
    let rest = &html[at..];
    let v = rest.find("value=\"")? + 7;
    let end = rest[v..].find('"')?;
    Some(rest[v..v + end].to_string())
}

impl Browser {
    pub fn new(base: &str) -> anyhow::Result<Browser> {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(600))
            .build()?;
        Ok(Browser {
            client,
            jar,
            base: base.to_string(),
        })
    }

    /// Signs in through the login form.
    pub async fn sign_in(base: &str, username: &str, password: &str) -> anyhow::Result<Browser> {
        let b = Browser::new(base)?;
        let page = b
            .client
            .get(format!("{base}/login"))
            .send()
            .await?
            .text()
            .await?;
        let csrf = hidden_field(&page, "csrf_token").context("no csrf_token on /login")?;
        let r = b
            .client
            .post(format!("{base}/login"))
            .form(&[
                ("csrf_token", csrf.as_str()),
                ("username", username),
                ("password", password),
            ])
            .send()
            .await?;
        if r.status() != 303 {
            bail!("login as {username} answered {}", r.status());
        }
        Ok(b)
    }

    /// The `Cookie:` header value this browser sends.
    pub fn cookie_header(&self) -> anyhow::Result<String> {
        let url = self.base.parse()?;
        let value = self.jar.cookies(&url).context("no cookies")?;
        Ok(value.to_str()?.to_string())
    }

    /// Sends a broadcast to all linked users through the compose form. Returns the broadcast id
    /// and how long the POST (which enqueues every delivery) took.
    pub async fn compose(&self, text: &str) -> anyhow::Result<(i64, Duration)> {
        let page = self
            .client
            .get(format!("{}/admin/broadcasts/new", self.base))
            .send()
            .await?;
        if page.status() != 200 {
            bail!("GET /admin/broadcasts/new answered {}", page.status());
        }
        let page = page.text().await?;
        let csrf =
            hidden_field(&page, "csrf_token").context("no csrf_token on the compose page")?;
        let key = hidden_field(&page, "idempotency_key")
            .context("no idempotency_key on the compose page")?;
        let started = Instant::now();
        let r = self
            .client
            .post(format!("{}/admin/broadcasts", self.base))
            .form(&[
                ("csrf_token", csrf.as_str()),
                ("idempotency_key", key.as_str()),
                ("text", text),
                ("format", "html"),
                ("audience", "all"),
            ])
            .send()
            .await?;
        let took = started.elapsed();
        let location = r
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        if r.status() != 303 {
            bail!(
                "the compose POST answered {}: {}",
                r.status(),
                r.text().await.unwrap_or_default()
            );
        }
        let id = location
            .rsplit('/')
            .next()
            .and_then(|s| s.parse().ok())
            .with_context(|| format!("no broadcast id in {location:?}"))?;
        Ok((id, took))
    }
}

/// `count` anonymous sessions with their login form's CSRF token: ("tglink_session=…", token).
pub async fn login_forms(base: &str, count: usize) -> anyhow::Result<Vec<(String, String)>> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let url = format!("{base}/login");
    let results: Vec<anyhow::Result<(String, String)>> = futures_util::stream::iter(0..count)
        .map(|_| {
            let (client, url) = (client.clone(), url.clone());
            async move {
                let r = client.get(&url).send().await?;
                let cookie = r
                    .headers()
                    .get_all("set-cookie")
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .find(|v| v.starts_with("tglink_session="))
                    .and_then(|v| v.split(';').next())
                    .context("GET /login set no session cookie")?
                    .to_string();
                let page = r.text().await?;
                let csrf = hidden_field(&page, "csrf_token").context("no csrf_token on /login")?;
                Ok((cookie, csrf))
            }
        })
        .buffer_unordered(16)
        .collect()
        .await;
    results.into_iter().collect()
}
