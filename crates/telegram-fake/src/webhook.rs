//! Delivering updates from "Telegram": queued for getUpdates, or POSTed to the webhook.
//!
//! The POST is a few lines over a `TcpStream` rather than an HTTP client crate: the crate's only
//! client (reqwest) is a dev-dependency, and the fake only talks plain http to a local app.

use std::time::Duration;

use anyhow::{Context, bail};
use serde_json::Value;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

use super::{FakeTelegram, messages::now_unix};

impl FakeTelegram {
    /// Sends an update from "Telegram". A missing `update_id` is filled in. With a webhook set
    /// it is POSTed there (with `X-Telegram-Bot-Api-Secret-Token`) and the app's HTTP status is
    /// returned; otherwise it is queued for `getUpdates` and `None` is returned. `None` too
    /// when `allowed_updates` filters it out (see [`Self::filtered_updates`]).
    pub async fn send_update(&self, mut update: Value) -> anyhow::Result<Option<u16>> {
        let shared = self.shared();
        let target = {
            let mut inner = shared.lock();
            let obj = update
                .as_object_mut()
                .context("an update is a JSON object")?;
            match obj.get("update_id").and_then(Value::as_i64) {
                Some(id) => inner.saw_update_id(id),
                None => {
                    let id = inner.next_update_id();
                    obj.insert("update_id".into(), id.into());
                }
            }
            if let Some(message) = update.get("message") {
                inner.remember_user_message(message);
            }
            if !inner.is_allowed(&update) {
                inner.filtered.push(update);
                return Ok(None);
            }
            match &inner.webhook {
                Some(w) => Some((w.info.url.clone(), w.info.secret_token.clone())),
                None => {
                    inner.queue.push_back(update.clone());
                    None
                }
            }
        };
        let Some((url, secret)) = target else {
            shared.updates_changed.notify_waiters();
            return Ok(None);
        };
        let body = serde_json::to_vec(&update)?;
        let result = post_update(&url, secret.as_deref(), &body).await;
        let error = match &result {
            Ok(status) if (200..300).contains(status) => None,
            Ok(status) => {
                let reason = actix_web::http::StatusCode::from_u16(*status)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                    .unwrap_or("");
                Some(format!(
                    "Wrong response from the webhook: {status} {reason}"
                ))
            }
            Err(e) => Some(format!("{e:#}")),
        };
        if let Some(message) = error {
            let mut inner = shared.lock();
            if let Some(hook) = inner.webhook.as_mut().filter(|w| w.info.url == url) {
                hook.last_error = Some((now_unix(), message));
            }
        }
        result
            .map(Some)
            .with_context(|| format!("delivering update to webhook {url}"))
    }
}

/// How long Telegram waits for a webhook to answer before calling it a failure.
pub(crate) const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(60);

/// POSTs `body` as JSON to `url` and returns the status the app answered.
pub(crate) async fn post_update(
    url: &str,
    secret: Option<&str>,
    body: &[u8],
) -> anyhow::Result<u16> {
    tokio::time::timeout(WEBHOOK_TIMEOUT, post(url, secret, body))
        .await
        .context("Read timeout expired")?
}

async fn post(url: &str, secret: Option<&str>, body: &[u8]) -> anyhow::Result<u16> {
    let uri: actix_web::http::Uri = url.parse().context("webhook URL does not parse")?;
    if uri.scheme_str() != Some("http") {
        bail!("the fake Bot API delivers webhooks over plain http only, not to {url}");
    }
    let host = uri.host().context("webhook URL has no host")?;
    let port = uri.port_u16().unwrap_or(80);
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let connect_host = host.trim_start_matches('[').trim_end_matches(']');
    let mut stream = TcpStream::connect((connect_host, port))
        .await
        .context("Connection refused")?;

    let mut head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    if let Some(secret) = secret {
        head.push_str(&format!("X-Telegram-Bot-Api-Secret-Token: {secret}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body).await?;
    stream.flush().await?;

    let mut response = Vec::new();
    let mut chunk = [0u8; 4096];
    while !response.windows(2).any(|w| w == b"\r\n") {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            bail!("the webhook closed the connection without answering");
        }
        response.extend_from_slice(&chunk[..n]);
    }
    let status_line = String::from_utf8_lossy(&response);
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .context("the webhook's answer is not HTTP")?;
    // Read the rest so the app sees an orderly close; its body does not matter.
    let _ = tokio::time::timeout(Duration::from_secs(5), async {
        while matches!(stream.read(&mut chunk).await, Ok(n) if n > 0) {}
    })
    .await;
    Ok(status)
}
