//! Traces over OTLP/HTTP (protobuf) when `OTEL_EXPORTER_OTLP_ENDPOINT` (or
//! `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set: the request spans (`crate::web::request_log`) and
//! the update-handling spans (`crate::telegram::dispatch`) go to `…/v1/traces`, batched on the
//! exporter's own thread. The other standard `OTEL_*` variables (headers, service name, timeout,
//! batch delay) are read by the OpenTelemetry SDK. Unset: no exporter is built, nothing is sent.
use std::time::Duration;

use opentelemetry::trace::TracerProvider;
use opentelemetry_otlp::{Protocol, WithExportConfig, WithHttpConfig};
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::trace::SdkTracerProvider;
use tracing::Subscriber;
use tracing_subscriber::registry::LookupSpan;

/// Keeps the exporter; `shutdown` sends what is still batched before the process exits.
pub struct Traces(SdkTracerProvider);

impl Traces {
    pub fn shutdown(self) {
        if let Err(e) = self.0.shutdown() {
            eprintln!("warning: the last traces were not sent: {e}");
        }
    }
}

fn configured() -> bool {
    [
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    ]
    .iter()
    .any(|name| std::env::var(name).is_ok_and(|v| !v.trim().is_empty()))
}

/// The tracing layer that exports spans, and its provider; None when no endpoint is set. Must be
/// called before the async runtime starts (the HTTP client is a blocking one).
pub fn layer<S>() -> Result<Option<(impl tracing_subscriber::Layer<S>, Traces)>, String>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    if !configured() {
        return Ok(None);
    }
    // The client's TLS (an https:// collector) uses ring, as the rest of tglink does.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| format!("cannot build the OTLP HTTP client: {e}"))?;
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .with_protocol(Protocol::HttpBinary)
        .with_http_client(client)
        .build()
        .map_err(|e| format!("OTEL_EXPORTER_OTLP_ENDPOINT: cannot export traces ({e})"))?;
    let mut resource = Resource::builder();
    if std::env::var_os("OTEL_SERVICE_NAME").is_none() {
        resource = resource.with_service_name("tglink");
    }
    let provider = SdkTracerProvider::builder()
        .with_batch_exporter(exporter)
        .with_resource(resource.build())
        .build();
    let tracer = provider.tracer("tglink");
    let layer = tracing_opentelemetry::layer().with_tracer(tracer);
    Ok(Some((layer, Traces(provider))))
}
