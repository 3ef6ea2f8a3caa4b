//! `storybot matrix`: the Matrix front-end alone. Only built with the `matrix` feature.

use std::path::Path;
use std::time::Duration;

use anyhow::bail;

use super::serve::{self, FrontEnd};
use crate::config::{MatrixSettings, Settings};
use crate::ratelimit::RateLimiter;
use crate::router::Router;

/// Runs `storybot matrix` until a signal.
pub fn run_alone(settings: &Settings, dir: &Path, router: Router) -> anyhow::Result<()> {
    let Some(matrix) = settings.matrix.clone() else {
        bail!(
            "Matrix is not configured: set at least STORYBOT__MATRIX__HOMESERVER_URL, STORYBOT__MATRIX__USER_ID and STORYBOT__MATRIX__PASSWORD"
        );
    };
    serve::run(settings, dir, router, vec![front_end(settings, matrix)])
}

/// The Matrix front-end.
pub fn front_end(settings: &Settings, matrix: MatrixSettings) -> FrontEnd {
    let limits = &settings.limits;
    let limiter = RateLimiter::new(
        limits.asks_per_window,
        Duration::from_secs(limits.window_seconds),
    );
    Box::new(move |service, shutdown| {
        Box::pin(async move {
            crate::frontends::matrix::run(service, &matrix, limiter, shutdown.wait()).await
        })
    })
}
