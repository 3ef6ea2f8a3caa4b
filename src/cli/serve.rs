//! Running the chat front-ends in one process: a tokio runtime, one shutdown signal fanned out
//! to every front-end, and `storybot` with no subcommand running all that are configured.

use std::path::Path;
use std::sync::Arc;

use tokio::sync::watch;

use crate::config::Settings;
use crate::reload::Live;
use crate::router::Router;

pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let Ok(mut terminate) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        else {
            let _ = interrupt.await;
            return;
        };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}

/// One shutdown signal, which every front-end can wait for.
#[derive(Clone)]
pub struct Shutdown(watch::Receiver<bool>);

impl Shutdown {
    /// Listens for SIGINT/SIGTERM; `trigger` stops everything from inside too.
    pub fn on_signal() -> (Self, watch::Sender<bool>) {
        let (sender, receiver) = watch::channel(false);
        let trigger = sender.clone();
        tokio::spawn(async move {
            shutdown_signal().await;
            tracing::info!("shutting down");
            let _ = sender.send(true);
        });
        (Self(receiver), trigger)
    }

    /// Resolves when shutdown was asked for.
    pub async fn wait(mut self) {
        let _ = self.0.wait_for(|stop| *stop).await;
    }
}

/// The served router, reloaded when the pack's files change (if `knowledge.watch`) and on
/// SIGHUP. Keep the watcher alive as long as the front-ends run. Call inside the runtime.
pub fn live(
    settings: &Settings,
    dir: &Path,
    router: Router,
) -> anyhow::Result<(Arc<Live>, Option<notify::RecommendedWatcher>)> {
    let live = Arc::new(Live::new(router, dir));
    let watcher = if settings.knowledge.watch {
        Some(
            live.watch()
                .map_err(|e| anyhow::anyhow!("cannot watch {} for changes: {e}", dir.display()))?,
        )
    } else {
        None
    };
    #[cfg(unix)]
    {
        let live = live.clone();
        tokio::spawn(async move {
            let Ok(mut hangups) =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
            else {
                return;
            };
            while hangups.recv().await.is_some() {
                tracing::info!("SIGHUP: reloading the knowledge pack");
                let _ = live.reload();
            }
        });
    }
    Ok((live, watcher))
}

/// Runs every configured front-end until a signal, or until one of them fails (which stops the
/// others too).
pub fn run_all(settings: &Settings, dir: &Path, router: Router) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        let (router, _watcher) = live(settings, dir, router)?;
        let (shutdown, trigger) = Shutdown::on_signal();
        let mut tasks = tokio::task::JoinSet::new();
        #[cfg(feature = "discord")]
        if let Some(discord) = settings.discord.clone() {
            let (settings, router, shutdown) = (settings.clone(), router.clone(), shutdown.clone());
            tasks.spawn(async move {
                super::discord::run_mode(&settings, &discord, router, shutdown.wait()).await
            });
        }
        #[cfg(feature = "matrix")]
        if let Some(matrix) = settings.matrix.clone() {
            let (settings, router, shutdown) = (settings.clone(), router.clone(), shutdown.clone());
            tasks.spawn(async move {
                super::matrix::run(&settings, &matrix, router, shutdown.wait()).await
            });
        }
        if tasks.is_empty() {
            anyhow::bail!(
                "a chat front-end is configured, but this storybot was built without its feature"
            );
        }
        let mut outcome = Ok(());
        while let Some(finished) = tasks.join_next().await {
            let result = finished
                .unwrap_or_else(|error| Err(anyhow::anyhow!("a front-end panicked: {error}")));
            if let Err(error) = result {
                let _ = trigger.send(true);
                if outcome.is_ok() {
                    outcome = Err(error);
                }
            }
        }
        outcome
    })
}
