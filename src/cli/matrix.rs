//! `storybot matrix`: the Matrix front-end alone. Only built with the `matrix` feature.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::bail;

use super::serve::{Shutdown, runtime};
use crate::config::{MatrixSettings, Settings};
use crate::ratelimit::RateLimiter;
use crate::reload::Live;
use crate::router::Router;

/// Runs `storybot matrix` until a signal.
pub fn run_alone(settings: &Settings, dir: &Path, router: Router) -> anyhow::Result<()> {
    let Some(matrix) = settings.matrix.clone() else {
        bail!(
            "Matrix is not configured: set at least STORYBOT__MATRIX__HOMESERVER_URL, STORYBOT__MATRIX__USER_ID and STORYBOT__MATRIX__PASSWORD"
        );
    };
    runtime()?.block_on(async {
        let (live, _watcher) = super::serve::live(settings, dir, router)?;
        let (shutdown, _trigger) = Shutdown::on_signal();
        run(settings, &matrix, live, shutdown.wait()).await
    })
}

pub async fn run(
    settings: &Settings,
    matrix: &MatrixSettings,
    live: Arc<Live>,
    shutdown: impl std::future::Future<Output = ()> + Send,
) -> anyhow::Result<()> {
    let limits = &settings.limits;
    let limiter = RateLimiter::new(
        limits.asks_per_window,
        Duration::from_secs(limits.window_seconds),
    );
    crate::frontends::matrix::run(live, matrix, limiter, shutdown).await
}
