//! The log: plain text on standard error (the default; coloured only on a terminal), or with
//! `TGLINK_LOG_FORMAT=json` one JSON object a line for a log collector: `time`, `level`,
//! `target`, `message`, `fields` (the event's own), `span` (the enclosing spans' fields, e.g.
//! method and route) and `request_id` when the line belongs to a request. What is logged is the
//! same in both: no token, password or link token is ever a field (the request span holds the
//! route pattern, never the path).
use std::fmt;
use std::io::IsTerminal;

use serde_json::{Map, Value};
use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber};
use tracing_subscriber::fmt::format::{JsonFields, Writer};
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields, FormattedFields};
use tracing_subscriber::registry::LookupSpan;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

impl LogFormat {
    /// TGLINK_LOG_FORMAT: unset or `text`, or `json`; anything else is refused with what to set.
    pub fn from_env() -> Result<LogFormat, String> {
        match std::env::var("TGLINK_LOG_FORMAT").as_deref().map(str::trim) {
            Err(_) | Ok("") | Ok("text") => Ok(LogFormat::Text),
            Ok("json") => Ok(LogFormat::Json),
            Ok(other) => Err(format!(
                "TGLINK_LOG_FORMAT {other:?} is not a log format: use text or json"
            )),
        }
    }
}

/// The fmt layer for `format`, writing to standard error.
pub fn layer<S>(format: LogFormat) -> Box<dyn tracing_subscriber::Layer<S> + Send + Sync>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    // Colours only on a terminal: escape codes in a file or the journal make every line a blob
    // that `journalctl` will not show.
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    match format {
        LogFormat::Text => Box::new(layer),
        // JsonFields keeps each span's fields as a JSON object, which the lines copy from.
        LogFormat::Json => Box::new(layer.fmt_fields(JsonFields::new()).event_format(JsonLines)),
    }
}

/// One JSON object a line.
struct JsonLines;

impl<S, N> FormatEvent<S, N> for JsonLines
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let mut fields = FieldMap::default();
        event.record(&mut fields);
        let meta = event.metadata();
        let mut line = Map::new();
        line.insert(
            "time".into(),
            chrono::Utc::now()
                .to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
                .into(),
        );
        line.insert("level".into(), meta.level().as_str().into());
        line.insert("target".into(), meta.target().into());
        line.insert(
            "message".into(),
            fields.message.take().unwrap_or_default().into(),
        );
        line.insert("fields".into(), Value::Object(fields.map));
        let mut span_fields = Map::new();
        if let Some(scope) = ctx.event_scope() {
            for span in scope.from_root() {
                let extensions = span.extensions();
                let Some(stored) = extensions.get::<FormattedFields<N>>() else {
                    continue;
                };
                let Ok(Value::Object(map)) = serde_json::from_str::<Value>(stored) else {
                    continue;
                };
                for (key, value) in map {
                    // The request span's `id` is the request id (also sent as X-Request-Id).
                    if span.name() == "request" && key == "id" {
                        line.insert("request_id".into(), value);
                    } else {
                        span_fields.insert(key, value);
                    }
                }
            }
        }
        if !span_fields.is_empty() {
            line.insert("span".into(), Value::Object(span_fields));
        }
        let text = serde_json::to_string(&Value::Object(line)).map_err(|_| fmt::Error)?;
        writeln!(writer, "{text}")
    }
}

/// An event's fields as JSON values, its message apart.
#[derive(Default)]
struct FieldMap {
    message: Option<String>,
    map: Map<String, Value>,
}

impl FieldMap {
    fn put(&mut self, field: &Field, value: Value) {
        if field.name() == "message" {
            self.message = Some(match value {
                Value::String(s) => s,
                other => other.to_string(),
            });
        } else {
            self.map.insert(field.name().to_string(), value);
        }
    }
}

impl Visit for FieldMap {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.put(field, format!("{value:?}").into());
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.put(field, value.into());
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.put(field, value.into());
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.put(field, value.into());
    }
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.put(field, value.into());
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.put(field, value.into());
    }
    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.put(field, value.to_string().into());
    }
}

/// Installs the process's subscriber: the log in the format of TGLINK_LOG_FORMAT, filtered by
/// RUST_LOG (default `info`), and the trace exporter when OTEL_EXPORTER_OTLP_ENDPOINT is set
/// (kept by the caller, to send the last spans at exit). Each has its own filter: a quiet log
/// (RUST_LOG=warn) still exports tglink's request and update spans.
pub fn init() -> Result<Option<super::traces::Traces>, String> {
    use tracing_subscriber::Layer;
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let format = LogFormat::from_env()?;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let (traces_layer, traces) = match super::traces::layer()? {
        Some((layer, traces)) => (Some(layer), Some(traces)),
        None => (None, None),
    };
    let tglink_spans =
        tracing_subscriber::filter::Targets::new().with_target("tglink", tracing::Level::INFO);
    tracing_subscriber::registry()
        .with(layer(format).with_filter(filter))
        .with(traces_layer.with_filter(tglink_spans))
        .try_init()
        .map_err(|e| format!("cannot set up logging: {e}"))?;
    Ok(traces)
}
