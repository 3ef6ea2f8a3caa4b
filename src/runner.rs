//! Running storybot as a service: the tokio runtime, one shutdown signal fanned out to every
//! front-end, the served router with hot reload, the operators' metrics endpoint, and
//! supervision (whichever front-end stops, the others stop too; errors are reported once all
//! have stopped). Every serving command (`storybot`, `storybot chat`, `storybot discord
//! http|gateway`, `storybot matrix`) goes through [`serve`]; `cli` only chooses the front-ends.
//!
//! Every front-end has the same shape, `run(service, its own settings, shutdown)`, and gets
//! only its own settings.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;

use crate::config::Settings;
use crate::frontends::console::{self, ConsoleSettings};
use crate::frontends::observe;
use crate::lifecycle::{Shutdown, Trigger};
use crate::router::Router;
use crate::service::Service;

/// How long front-ends may take to stop once asked: their own drains (10 s) and a margin. The
/// systemd unit's `TimeoutStopSec` is above it.
const STOP_LIMIT: Duration = Duration::from_secs(15);

/// How long the unanswered-question writer may take to catch up at exit.
const FLUSH: Duration = Duration::from_secs(5);

/// A front-end to run, with its own settings.
#[derive(Debug, Clone)]
pub enum FrontEnd {
    Console(ConsoleSettings),
    /// Discord, and the limits of its HTTP listener (in HTTP mode).
    #[cfg(feature = "discord")]
    Discord(crate::config::DiscordSettings, crate::config::HttpSettings),
    #[cfg(feature = "matrix")]
    Matrix(crate::config::MatrixSettings),
}

impl FrontEnd {
    /// Checks the front-end's own settings.
    fn check(&self) -> Result<(), crate::config::SettingsError> {
        match self {
            Self::Console(_) => Ok(()),
            #[cfg(feature = "discord")]
            Self::Discord(settings, _) => settings.check(),
            #[cfg(feature = "matrix")]
            Self::Matrix(settings) => settings.check(),
        }
    }

    fn is_chat(&self) -> bool {
        !matches!(self, Self::Console(_))
    }

    async fn run(self, service: Arc<Service>, shutdown: Shutdown) -> anyhow::Result<()> {
        match self {
            Self::Console(settings) => console::run(service, settings, shutdown).await,
            #[cfg(feature = "discord")]
            Self::Discord(settings, http) => {
                crate::frontends::discord::run(service, settings, http, shutdown).await
            }
            #[cfg(feature = "matrix")]
            Self::Matrix(settings) => {
                crate::frontends::matrix::run(service, settings, shutdown).await
            }
        }
    }
}

/// The chat front-ends that `settings` configure, for `storybot` with no subcommand. Empty when
/// none is configured (or configured ones were not built in; that is an error).
#[cfg_attr(
    not(any(feature = "discord", feature = "matrix")),
    allow(unused_mut, unused_variables)
)]
pub fn configured(settings: &Settings) -> anyhow::Result<Vec<FrontEnd>> {
    let mut front_ends = Vec::new();
    #[cfg(feature = "discord")]
    if let Some(discord) = settings.discord_enabled() {
        front_ends.push(FrontEnd::Discord(discord.clone(), settings.http.clone()));
    }
    #[cfg(feature = "matrix")]
    if let Some(matrix) = settings.matrix_enabled() {
        front_ends.push(FrontEnd::Matrix(matrix.clone()));
    }
    if front_ends.is_empty()
        && (settings.discord_enabled().is_some() || settings.matrix_enabled().is_some())
    {
        anyhow::bail!(
            "a chat front-end is configured, but this storybot was built without its feature"
        );
    }
    Ok(front_ends)
}

/// A multi-threaded runtime with every driver enabled.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

/// Runs `front_ends` (and the metrics server, if configured) until a signal, or until one of
/// them stops (which stops the others too). Each front-end's settings are checked first, so a
/// mistake is said at once, before anything starts. Chat front-ends get hot reload (file changes, and
/// SIGHUP). Errors are reported after everything stopped, and unanswered questions queued so
/// far are written (bounded) before returning.
pub fn serve(settings: &Settings, router: Router, front_ends: Vec<FrontEnd>) -> anyhow::Result<()> {
    for front_end in &front_ends {
        front_end.check()?;
    }
    runtime()?.block_on(async {
        let service = Arc::new(Service::from_settings(settings, router));
        // The console is for trying the bot: no reload, and no log lines in the conversation.
        let chat = front_ends.iter().any(FrontEnd::is_chat);
        let _watcher = if chat {
            if let Some(path) = service.unanswered_log() {
                tracing::info!(path = %path.display(), "logging unanswered questions");
            }
            reload(settings, &service)?
        } else {
            None
        };
        let (shutdown, trigger) = Shutdown::new();
        on_signal(trigger.clone());
        let mut tasks = tokio::task::JoinSet::new();
        if let Some(listen) = settings.metrics.listen.clone() {
            // Bound before anything else starts, so a taken address fails at once.
            let listener = observe::bind(&listen).await?;
            tasks.spawn(observe::run(
                service.clone(),
                listener,
                settings.http.clone(),
                shutdown.clone(),
            ));
        }
        for front_end in front_ends {
            tasks.spawn(front_end.run(service.clone(), shutdown.clone()));
        }
        let outcome = supervise(tasks, &shutdown, &trigger).await;
        let flushing = service.clone();
        let _ = tokio::task::spawn_blocking(move || flushing.flush(FLUSH)).await;
        if chat {
            tracing::info!("stopped");
        }
        outcome
    })
}

/// Waits for every task; the first to stop (or a signal) stops the rest, which then get
/// [`STOP_LIMIT`] before they are aborted. Returns the first error.
async fn supervise(
    mut tasks: tokio::task::JoinSet<anyhow::Result<()>>,
    shutdown: &Shutdown,
    trigger: &Trigger,
) -> anyhow::Result<()> {
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
        let result =
            finished.unwrap_or_else(|error| Err(anyhow::anyhow!("a front-end panicked: {error}")));
        // Whatever stops first, stop the rest: a bot half running is worse than none.
        trigger.pull();
        stop_by.get_or_insert_with(|| tokio::time::Instant::now() + STOP_LIMIT);
        if let Err(error) = result
            && outcome.is_ok()
        {
            outcome = Err(error);
        }
    }
    outcome
}

/// Pulls `trigger` on SIGINT (Ctrl-C) or SIGTERM. The handlers are installed now (not when
/// first polled), so a signal that arrives at once is not lost to the default action.
fn on_signal(trigger: Trigger) {
    #[cfg(unix)]
    let signal = {
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
    };
    #[cfg(not(unix))]
    let signal = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    tokio::spawn(async move {
        signal.await;
        tracing::info!("shutting down");
        trigger.pull();
    });
}

/// Reloads the served pack when its files change (if `knowledge.watch`) and on SIGHUP. Keep the
/// returned watcher alive as long as the front-ends run.
fn reload(
    settings: &Settings,
    service: &Arc<Service>,
) -> anyhow::Result<Option<crate::reload::Watching>> {
    let live = service.live().clone();
    let watcher = if settings.knowledge.watch {
        Some(live.watch().with_context(|| {
            format!(
                "cannot watch {} for changes",
                service.router().pack().dir.display()
            )
        })?)
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
            // Loading and indexing take seconds for a large pack: not on an async worker.
            let live = live.clone();
            let _ = tokio::task::spawn_blocking(move || live.reload()).await;
        }
    });
    Ok(watcher)
}
