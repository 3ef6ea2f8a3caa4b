//! HTTP routes for operators, the same in every mode: `GET /metrics` (Prometheus, in the
//! OpenMetrics text format) and `GET /healthz`. Served on `metrics.listen`, and always on the
//! Discord HTTP interactions listener too. [`bind`] opens both listeners.

use std::sync::Arc;

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::get;

use super::listener;
use crate::config::HttpSettings;
use crate::lifecycle::{DRAIN, Shutdown};
use crate::metrics;
use crate::service::Service;

/// `GET /healthz` alone, for a listener that faces the internet.
pub fn health(service: Arc<Service>) -> axum::Router {
    axum::Router::new()
        .route("/healthz", get(healthz))
        .with_state(service)
}

/// `GET /metrics` and `GET /healthz`, to serve alone or merge into another app.
pub fn routes(service: Arc<Service>) -> axum::Router {
    axum::Router::new()
        .route("/metrics", get(render))
        .route("/healthz", get(healthz))
        .with_state(service)
}

async fn render(State(service): State<Arc<Service>>) -> impl IntoResponse {
    (
        [(CONTENT_TYPE, metrics::CONTENT_TYPE)],
        service.metrics().render(),
    )
}

/// Up, with a valid knowledge pack being served (a loaded pack is always valid).
async fn healthz(State(service): State<Arc<Service>>) -> impl IntoResponse {
    format!("ok: {} entries\n", service.router().pack().entries.len())
}

/// Binds `address` (port 0 picks a free port); `what` names the listener in the error.
pub async fn bind_as(address: &str, what: &str) -> anyhow::Result<tokio::net::TcpListener> {
    use anyhow::Context as _;
    tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| format!("cannot serve {what} on {address}"))
}

/// Binds the metrics listener (`metrics.listen`).
pub async fn bind(address: &str) -> anyhow::Result<tokio::net::TcpListener> {
    bind_as(address, "metrics (metrics.listen)").await
}

/// Serves [`routes`] on `listener` until `shutdown`, within the `http` limits.
pub async fn run(
    service: Arc<Service>,
    listener: tokio::net::TcpListener,
    http: HttpSettings,
    shutdown: Shutdown,
) -> anyhow::Result<()> {
    let bound = listener.local_addr()?;
    tracing::info!(%bound, "serving /metrics and /healthz");
    eprintln!("storybot: metrics on http://{bound}/metrics, health on http://{bound}/healthz");
    listener::serve(listener, routes(service), &http, shutdown.wait(), DRAIN)
        .await
        .map_err(|error| anyhow::anyhow!("the metrics server failed: {error}"))
}
