//! HTTP routes for operators, the same in every mode: `GET /metrics` (Prometheus, in the
//! OpenMetrics text format) and `GET /healthz`. Served on `metrics.listen`, and always on the
//! Discord HTTP interactions listener too.

use std::sync::Arc;

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::metrics;
use crate::service::Service;

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

/// Serves [`routes`] on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    service: Arc<Service>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, routes(service))
        .with_graceful_shutdown(shutdown)
        .await
}
