//! The Bot API methods the fake implements, with Telegram's checks and error texts.

use std::time::Instant;

use serde_json::{Value, json};

use super::{
    html::{self, Formatted},
    messages,
    params::Params,
    polling,
    records::{ApiError, CallbackAnswer, Failure, Reply, WebhookInfo},
    state::{InFlight, Inner, Shared, Webhook},
};

/// Methods the fake answers; anything else is 404 like an unknown Telegram method.
const METHODS: &[&str] = &[
    "getme",
    "getupdates",
    "setwebhook",
    "deletewebhook",
    "getwebhookinfo",
    "setmycommands",
    "getmycommands",
    "deletemycommands",
    "sendmessage",
    "editmessagetext",
    "editmessagereplymarkup",
    "deletemessage",
    "answercallbackquery",
    "sendchataction",
    "getchatmember",
];

pub(crate) fn is_known(method: &str) -> bool {
    METHODS.contains(&method)
}

/// Runs one call of a known, lower-cased method.
pub(crate) async fn call(shared: &Shared, method: &str, params: &Params) -> Reply {
    let chat_id = params.i64("chat_id").ok().flatten();
    let _in_flight = (method == "sendmessage").then(|| InFlight::start(shared, chat_id));
    if method == "sendmessage" {
        let latency = shared.lock().latency;
        if !latency.is_zero() {
            tokio::time::sleep(latency).await;
        }
    }
    let failure = shared.lock().take_failure(method, chat_id);
    // A failure that comes after the call ran: the bot does not learn that it did.
    let after = match failure {
        Some(f @ (Failure::ResponseLost | Failure::SentThenServerError(_))) => Some(f),
        Some(failure) => return Reply::from(&failure),
        None => None,
    };
    let reply = run(shared, method, params).await;
    match after {
        Some(failure) => Reply::from(&failure),
        None => reply,
    }
}

async fn run(shared: &Shared, method: &str, params: &Params) -> Reply {
    if method == "getupdates" {
        return polling::get_updates(shared, params).await;
    }
    let reply = {
        let mut inner = shared.lock();
        call_sync(shared, &mut inner, method, params)
    };
    match method {
        "sendmessage" => shared.messages_changed.notify_waiters(),
        "setwebhook" | "deletewebhook" => shared.updates_changed.notify_waiters(),
        _ => {}
    }
    reply.unwrap_or_else(Reply::Err)
}

fn call_sync(
    shared: &Shared,
    inner: &mut Inner,
    method: &str,
    params: &Params,
) -> Result<Reply, ApiError> {
    let ok = |v: Value| Ok(Reply::Ok(v));
    match method {
        "getme" => {
            let mut me = shared.bot.to_json();
            me["can_join_groups"] = json!(true);
            me["can_read_all_group_messages"] = json!(false);
            me["supports_inline_queries"] = json!(false);
            me["can_connect_to_business"] = json!(false);
            me["has_main_web_app"] = json!(false);
            ok(me)
        }
        "setwebhook" => set_webhook(inner, params),
        "deletewebhook" => {
            if params.bool("drop_pending_updates") {
                inner.queue.clear();
            }
            let described = match inner.webhook.take() {
                Some(_) => "Webhook was deleted",
                None => "Webhook is already deleted",
            };
            Ok(Reply::OkDescribed(json!(true), described))
        }
        "getwebhookinfo" => ok(webhook_info_json(inner)),
        "setmycommands" => set_my_commands(inner, params),
        "getmycommands" => {
            let list: Vec<Value> = inner
                .commands
                .iter()
                .map(|(c, d)| json!({ "command": c, "description": d }))
                .collect();
            ok(Value::Array(list))
        }
        "deletemycommands" => {
            inner.commands.clear();
            ok(json!(true))
        }
        "sendmessage" => messages::send_message(shared, inner, params).map(Reply::Ok),
        "editmessagetext" => messages::edit_message_text(inner, params),
        "editmessagereplymarkup" => messages::edit_reply_markup(inner, params),
        "deletemessage" => messages::delete_message(inner, params),
        "answercallbackquery" => answer_callback_query(inner, params),
        "getchatmember" => super::groups::get_chat_member(shared, inner, params).map(Reply::Ok),
        "sendchataction" => {
            messages::known_chat(inner, params, true)?;
            ok(json!(true))
        }
        _ => Err(ApiError::new(404, "Not Found: method not found")),
    }
}

fn set_webhook(inner: &mut Inner, params: &Params) -> Result<Reply, ApiError> {
    let url = params.str("url").unwrap_or_default();
    if url.trim().is_empty() {
        let described = match inner.webhook.take() {
            Some(_) => "Webhook was deleted",
            None => "Webhook is already deleted",
        };
        return Ok(Reply::OkDescribed(json!(true), described));
    }
    check_webhook_url(&url, inner.strict_urls)?;
    let secret_token = params.str("secret_token");
    if let Some(secret) = &secret_token {
        let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
        if secret.is_empty() || secret.len() > 256 || !secret.chars().all(allowed) {
            return Err(ApiError::bad_request(
                "secret token contains unallowed characters",
            ));
        }
    }
    if params.has("allowed_updates") {
        inner.allowed_updates = Some(allowed_updates(params)?);
    }
    let max_connections = params
        .i64("max_connections")?
        .map(|n| n.clamp(1, 100) as u32);
    if params.bool("drop_pending_updates") {
        inner.queue.clear();
    }
    let unchanged = inner.webhook.as_ref().is_some_and(|w| w.info.url == url);
    inner.webhook = Some(Webhook {
        info: WebhookInfo {
            url,
            secret_token,
            allowed_updates: inner.allowed_updates.clone(),
            max_connections,
        },
        last_error: None,
    });
    let described = if unchanged {
        "Webhook is already set"
    } else {
        "Webhook was set"
    };
    Ok(Reply::OkDescribed(json!(true), described))
}

/// Telegram wants HTTPS on ports 80, 88, 443 or 8443 at a public address; tests usually need
/// plain http on localhost, so that is only enforced with `strict_urls`.
fn check_webhook_url(url: &str, strict: bool) -> Result<(), ApiError> {
    let bad = |detail: &str| Err(ApiError::bad_request(&format!("bad webhook: {detail}")));
    let Ok(uri) = url.parse::<actix_web::http::Uri>() else {
        return bad("HTTPS url must be provided for webhook");
    };
    let scheme = uri.scheme_str().unwrap_or("");
    let Some(host) = uri.host().filter(|h| !h.is_empty()) else {
        return bad("HTTPS url must be provided for webhook");
    };
    if !(scheme == "https" || (!strict && scheme == "http")) {
        return bad("HTTPS url must be provided for webhook");
    }
    if strict {
        if !matches!(uri.port_u16().unwrap_or(443), 80 | 88 | 443 | 8443) {
            return bad("Webhook can be set up only on ports 80, 88, 443 or 8443");
        }
        if is_local_host(host) {
            return bad(&format!("IP address {host} is reserved"));
        }
    }
    Ok(())
}

pub(crate) fn is_local_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match host.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(ip)) => {
            ip.is_loopback() || ip.is_private() || ip.is_link_local() || ip.is_unspecified()
        }
        Ok(std::net::IpAddr::V6(ip)) => ip.is_loopback() || ip.is_unspecified(),
        Err(_) => false,
    }
}

pub(crate) fn allowed_updates(params: &Params) -> Result<Vec<String>, ApiError> {
    let bad = || ApiError::bad_request("can't parse allowed updates");
    let value = params.json("allowed_updates").map_err(|_| bad())?;
    let Some(Value::Array(items)) = value else {
        return Err(bad());
    };
    items
        .iter()
        .map(|v| v.as_str().map(str::to_owned).ok_or_else(bad))
        .collect()
}

fn webhook_info_json(inner: &Inner) -> Value {
    let pending = inner.queue.len();
    let Some(hook) = &inner.webhook else {
        return json!({ "url": "", "has_custom_certificate": false, "pending_update_count": pending });
    };
    let mut info = json!({
        "url": hook.info.url,
        "has_custom_certificate": false,
        "pending_update_count": pending,
        "ip_address": "127.0.0.1",
        "max_connections": hook.info.max_connections.unwrap_or(40),
    });
    if let Some(list) = &hook.info.allowed_updates {
        info["allowed_updates"] = json!(list);
    }
    if let Some((date, message)) = &hook.last_error {
        info["last_error_date"] = json!(date);
        info["last_error_message"] = json!(message);
    }
    info
}

fn set_my_commands(inner: &mut Inner, params: &Params) -> Result<Reply, ApiError> {
    let bad = || ApiError::bad_request("can't parse commands JSON object");
    let Some(Value::Array(items)) = params.json("commands").map_err(|_| bad())? else {
        return Err(bad());
    };
    let mut commands = Vec::new();
    for item in &items {
        let field = |k: &str| item.get(k).and_then(Value::as_str).map(str::to_owned);
        let (Some(command), Some(description)) = (field("command"), field("description")) else {
            return Err(bad());
        };
        let valid = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_';
        if command.is_empty() || command.len() > 32 || !command.chars().all(valid) {
            return Err(ApiError::bad_request("BOT_COMMAND_INVALID"));
        }
        if description.trim().is_empty() || description.chars().count() > 256 {
            return Err(ApiError::bad_request("command description is invalid"));
        }
        commands.push((command, description));
    }
    // The default scope is remembered, per language too; other scopes are visible in `calls()`.
    if !params.has("scope") {
        match params.str("language_code").filter(|c| !c.is_empty()) {
            Some(code) => {
                inner.commands_by_language.insert(code, commands);
            }
            None => inner.commands = commands,
        }
    }
    Ok(Reply::Ok(json!(true)))
}

fn answer_callback_query(inner: &mut Inner, params: &Params) -> Result<Reply, ApiError> {
    let id = params.str("callback_query_id").unwrap_or_default();
    // A query can be answered once; a second answer is as invalid as an unknown id.
    if !inner.open_callback_queries.remove(&id) {
        return Err(ApiError::bad_request(
            "query is too old and response timeout expired or query id is invalid",
        ));
    }
    inner.callback_answers.push(CallbackAnswer {
        callback_query_id: id,
        text: params.str("text"),
        show_alert: params.bool("show_alert"),
        url: params.str("url"),
        at: Instant::now(),
    });
    Ok(Reply::Ok(json!(true)))
}

/// The text as the user will see it, or Telegram's complaint about it.
pub(crate) fn format_text(
    text: Option<String>,
    parse_mode: Option<&str>,
    params: &Params,
) -> Result<Formatted, ApiError> {
    let text = text.unwrap_or_default();
    let mode = parse_mode.unwrap_or("").to_ascii_lowercase();
    let formatted = match mode.as_str() {
        "" => {
            let entities = match params.json("entities") {
                Ok(Some(Value::Array(list))) => list,
                Ok(_) => Vec::new(),
                Err(()) => return Err(ApiError::bad_request("can't parse entities JSON object")),
            };
            html::trim(text, entities)
        }
        "html" => html::parse(&text)
            .map_err(|e| ApiError::bad_request(&format!("can't parse entities: {e}")))?,
        // Markdown is passed through unchecked; its markup stays in the plain text.
        "markdown" | "markdownv2" => html::trim(text, Vec::new()),
        _ => return Err(ApiError::bad_request("unsupported parse_mode")),
    };
    if formatted.text.is_empty() {
        return Err(ApiError::bad_request("message text is empty"));
    }
    if formatted.text.chars().count() > 4096 {
        return Err(ApiError::bad_request("message is too long"));
    }
    Ok(formatted)
}
