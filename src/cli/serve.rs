//! Running storybot as a service: a tokio runtime, one shutdown signal fanned out to every
//! front-end, the served router with hot reload, and the operators' metrics endpoint. Every
//! serving command (`storybot`, `storybot discord http|gateway`, `storybot matrix`) goes
//! through [`run`].

use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;
use tokio::sync::watch;

use crate::config::Settings;
use crate::frontends::observe;
use crate::router::Router;
use crate::service::Service;

/// How long front-ends may take to stop once asked: their own drains (10 s) and a margin. The
/// systemd unit's `TimeoutStopSec` is above it.
const STOP_LIMIT: std::time::Duration = std::time::Duration::from_secs(15);

/// How long the unanswered-question writer may take to catch up at exit.
pub const FLUSH: std::time::Duration = std::time::Duration::from_secs(5);

pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM. The handlers are installed when this is called (not
/// when first polled), so a signal that arrives at once is not lost to the default action.
/// Call inside the runtime.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let interrupt = signal(SignalKind::interrupt());
        let terminate = signal(SignalKind::terminate());
        async move {
            match (interrupt, terminate) {
                (Ok(mut interrupt), Ok(mut terminate)) => {
                    tokio::select! {
                        _ = interrupt.recv() => {}
                        _ = terminate.recv() => {}
                    }
                }
                _ => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// One shutdown signal, which every front-end can wait for.
#[derive(Clone)]
pub struct Shutdown(watch::Receiver<bool>);

impl Shutdown {
    /// Listens for SIGINT/SIGTERM; `trigger` stops everything from inside too.
    pub fn on_signal() -> (Self, watch::Sender<bool>) {
        let (sender, receiver) = watch::channel(false);
        let trigger = sender.clone();
        let signal = shutdown_signal();
        tokio::spawn(async move {
            signal.await;
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

/// The service for `router`, reloaded when the pack's files change (if `knowledge.watch`) and
/// on SIGHUP. Keep the watcher alive as long as the front-ends run. Call inside the runtime.
pub fn service(
    settings: &Settings,
    dir: &Path,
    router: Router,
) -> anyhow::Result<(Arc<Service>, Option<notify::RecommendedWatcher>)> {
    let service = Arc::new(Service::from_settings(settings, dir, router));
    if let Some(path) = service.unanswered_log() {
        tracing::info!(path = %path.display(), "logging unanswered questions");
    }
    let live = service.live().clone();
    let watcher = if settings.knowledge.watch {
        Some(
            live.watch()
                .map_err(|e| anyhow::anyhow!("cannot watch {} for changes: {e}", dir.display()))?,
        )
    } else {
        None
    };
    #[cfg(unix)]
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
    Ok((service, watcher))
}

/// Binds `address` (port 0 picks a free port) and returns the address bound; `what` names the
/// server in the error.
pub async fn bind(
    address: &str,
    what: &str,
) -> anyhow::Result<(tokio::net::TcpListener, std::net::SocketAddr)> {
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| format!("cannot serve {what} on {address}"))?;
    let bound = listener.local_addr()?;
    Ok((listener, bound))
}

/// Binds `metrics.listen`, if set, and serves `/metrics` and `/healthz` there until `shutdown`.
/// Binding happens now, so a taken address is an error at startup.
pub async fn metrics_server(
    settings: &Settings,
    service: &Arc<Service>,
    shutdown: Shutdown,
) -> anyhow::Result<Option<impl Future<Output = anyhow::Result<()>> + Send + 'static>> {
    let Some(address) = settings.metrics.listen.clone() else {
        return Ok(None);
    };
    let (listener, bound) = bind(&address, "metrics (metrics.listen)").await?;
    tracing::info!(%bound, "serving /metrics and /healthz");
    eprintln!("storybot: metrics on http://{bound}/metrics, health on http://{bound}/healthz");
    let service = service.clone();
    Ok(Some(async move {
        observe::serve(listener, service, shutdown.wait())
            .await
            .context("the metrics server failed")
    }))
}

/// A chat front-end to run, with what it needs beyond the shared service.
pub type FrontEnd = Box<
    dyn FnOnce(
            Arc<Service>,
            Shutdown,
        ) -> std::pin::Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send>>
        + Send,
>;

/// Runs `front_ends` (and the metrics server, if configured) until a signal, or until one of
/// them stops (which stops the others too). Errors are reported after everything stopped.
pub fn run(
    settings: &Settings,
    dir: &Path,
    router: Router,
    front_ends: Vec<FrontEnd>,
) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        let (service, _watcher) = service(settings, dir, router)?;
        let (shutdown, trigger) = Shutdown::on_signal();
        let mut tasks = tokio::task::JoinSet::new();
        if let Some(server) = metrics_server(settings, &service, shutdown.clone()).await? {
            tasks.spawn(server);
        }
        for front_end in front_ends {
            tasks.spawn(front_end(service.clone(), shutdown.clone()));
        }
        let mut outcome = Ok(());
        // Once stopping, front-ends get a bounded time to finish (a gateway still connecting or a
        // Matrix login still retrying may never notice the signal); then they are aborted.
        let mut stop_by: Option<tokio::time::Instant> = None;
        loop {
            let finished = match stop_by {
                None => tokio::select! {
                    finished = tasks.join_next() => finished,
                    () = shutdown.clone().wait() => {
                        stop_by = Some(tokio::time::Instant::now() + STOP_LIMIT);
                        continue;
                    }
                },
                Some(deadline) => match tokio::time::timeout_at(deadline, tasks.join_next()).await {
                    Ok(finished) => finished,
                    Err(_) => {
                        tracing::warn!(limit = ?STOP_LIMIT, "front-ends did not stop in time; stopping them now");
                        tasks.abort_all();
                        while tasks.join_next().await.is_some() {}
                        break;
                    }
                },
            };
            let Some(finished) = finished else { break };
            let result = finished
                .unwrap_or_else(|error| Err(anyhow::anyhow!("a front-end panicked: {error}")));
            // Whatever stops first, stop the rest: a bot half running is worse than none.
            let _ = trigger.send(true);
            stop_by.get_or_insert_with(|| tokio::time::Instant::now() + STOP_LIMIT);
            if let Err(error) = result
                && outcome.is_ok()
            {
                outcome = Err(error);
            }
        }
        service.flush(FLUSH);
        tracing::info!("stopped");
        outcome
    })
}

/// Every configured chat front-end, for `storybot` with no subcommand.
#[cfg_attr(
    not(any(feature = "discord", feature = "matrix")),
    allow(unused_mut, unused_variables)
)]
pub fn configured(settings: &Settings) -> anyhow::Result<Vec<FrontEnd>> {
    let mut front_ends: Vec<FrontEnd> = Vec::new();
    #[cfg(feature = "discord")]
    if let Some(discord) = settings.discord.clone() {
        front_ends.push(super::discord::front_end(settings, discord, None));
    }
    #[cfg(feature = "matrix")]
    if let Some(matrix) = settings.matrix.clone() {
        front_ends.push(super::matrix::front_end(settings, matrix));
    }
    if front_ends.is_empty() {
        anyhow::bail!(
            "a chat front-end is configured, but this storybot was built without its feature"
        );
    }
    Ok(front_ends)
}
