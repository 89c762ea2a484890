//! A call's parameters, from the query string and a JSON, urlencoded or multipart body, as one
//! JSON object, with typed accessors that accept numbers both as JSON and as strings (the way
//! Telegram reads form values).

use actix_multipart::Multipart;
use actix_web::{
    HttpRequest,
    web::{Bytes, Query},
};
use futures_util::StreamExt;
use serde_json::{Map, Value};

use super::records::ApiError;

/// Fields Telegram decodes as JSON when they arrive as form strings.
const JSON_FIELDS: &[&str] = &[
    "reply_markup",
    "allowed_updates",
    "entities",
    "caption_entities",
    "commands",
    "scope",
    "link_preview_options",
    "reply_parameters",
];

/// Largest multipart field read into memory; bigger uploads are not something the fake needs.
const FIELD_LIMIT: usize = 10 * 1024 * 1024;

#[derive(Debug, Clone, Default)]
pub(crate) struct Params(Map<String, Value>);

impl Params {
    pub async fn parse(req: &HttpRequest, body: Bytes) -> Result<Params, ApiError> {
        let mut map = Map::new();
        if !req.query_string().is_empty() {
            let pairs = Query::<Vec<(String, String)>>::from_query(req.query_string())
                .map_err(|_| ApiError::bad_request("can't parse query string"))?;
            insert_strings(&mut map, pairs.into_inner());
        }
        let content_type = req
            .headers()
            .get(actix_web::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        if content_type.starts_with("multipart/form-data") {
            insert_strings(&mut map, read_multipart(req, body).await?);
        } else if content_type.starts_with("application/x-www-form-urlencoded") {
            let text = std::str::from_utf8(&body)
                .map_err(|_| ApiError::bad_request("request body is not valid UTF-8"))?;
            let pairs = Query::<Vec<(String, String)>>::from_query(text)
                .map_err(|_| ApiError::bad_request("can't parse request body"))?;
            insert_strings(&mut map, pairs.into_inner());
        } else if !body.iter().all(u8::is_ascii_whitespace) {
            // Telegram reads JSON whatever the declared type, as long as it is an object.
            match serde_json::from_slice::<Value>(&body) {
                Ok(Value::Object(obj)) => map.extend(obj),
                _ => return Err(ApiError::bad_request("can't parse JSON object")),
            }
        }
        Ok(Params(map))
    }

    pub fn into_value(self) -> Value {
        Value::Object(self.0)
    }

    pub fn has(&self, key: &str) -> bool {
        self.0.get(key).is_some_and(|v| !v.is_null())
    }

    /// A string parameter; numbers and booleans are given in their text form.
    pub fn str(&self, key: &str) -> Option<String> {
        match self.0.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// An integer parameter; present but not an integer is a 400, as in Telegram.
    pub fn i64(&self, key: &str) -> Result<Option<i64>, ApiError> {
        let bad = || ApiError::bad_request(&format!("invalid {key} specified"));
        match self.0.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => n.as_i64().map(Some).ok_or_else(bad),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => s.trim().parse().map(Some).map_err(|_| bad()),
            Some(_) => Err(bad()),
        }
    }

    pub fn bool(&self, key: &str) -> bool {
        match self.0.get(key) {
            Some(Value::Bool(b)) => *b,
            Some(Value::Number(n)) => n.as_i64().is_some_and(|n| n != 0),
            Some(Value::String(s)) => matches!(s.to_ascii_lowercase().as_str(), "true" | "1"),
            _ => false,
        }
    }

    /// A JSON parameter, given either as JSON or as a string holding JSON.
    pub fn json(&self, key: &str) -> Result<Option<Value>, ()> {
        match self.0.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => serde_json::from_str(s).map(Some).map_err(|_| ()),
            Some(v) => Ok(Some(v.clone())),
        }
    }
}

fn insert_strings(map: &mut Map<String, Value>, pairs: Vec<(String, String)>) {
    for (k, v) in pairs {
        let value = if JSON_FIELDS.contains(&k.as_str()) {
            serde_json::from_str(&v).unwrap_or(Value::String(v))
        } else {
            Value::String(v)
        };
        map.insert(k, value);
    }
}

async fn read_multipart(req: &HttpRequest, body: Bytes) -> Result<Vec<(String, String)>, ApiError> {
    let bad = || ApiError::bad_request("can't parse multipart/form-data body");
    let stream = futures_util::stream::once(async move { Ok(body) });
    let mut multipart = Multipart::new(req.headers(), stream);
    let mut pairs = Vec::new();
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(|_| bad())?;
        let name = field.name().unwrap_or_default().to_owned();
        let is_file = field
            .content_disposition()
            .is_some_and(|cd| cd.get_filename().is_some());
        let bytes = field
            .bytes(FIELD_LIMIT)
            .await
            .map_err(|_| ApiError::new(413, "Request Entity Too Large"))?
            .map_err(|_| bad())?;
        let value = if is_file {
            format!("<file of {} bytes>", bytes.len())
        } else {
            String::from_utf8(bytes.to_vec()).map_err(|_| bad())?
        };
        pairs.push((name, value));
    }
    Ok(pairs)
}

/// Decodes `%XX` escapes (a token's colon may arrive as `%3A`); `None` if malformed.
pub(crate) fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}
