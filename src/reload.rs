//! Knowledge hot reload. The router lives behind an `ArcSwap`: a changed pack (the files were
//! written, or SIGHUP) is loaded and validated aside and swapped in only when valid, so requests
//! in flight finish on the pack they started with and a broken edit never goes live.
//! `storybot check` and the reload use the same validation (`KnowledgePack::load`).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use arc_swap::ArcSwap;
use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use crate::knowledge::{KnowledgePack, LoadError};
use crate::metrics::Metrics;
use crate::router::{Router, RouterConfig};

/// Writes that come together (an editor saving, `git pull`) are taken as one change after this.
const SETTLE: Duration = Duration::from_millis(300);

/// The router being served, replaceable while serving.
#[derive(Debug)]
pub struct Live {
    current: ArcSwap<Router>,
    dir: PathBuf,
    config: RouterConfig,
    metrics: Arc<Metrics>,
}

impl Live {
    /// Serves `router`, and reloads from the directory its pack came from; reloads are counted
    /// in `metrics`.
    pub fn new(router: Router, metrics: Arc<Metrics>) -> Self {
        let config = *router.config();
        metrics.serving(router.pack().entries.len());
        let dir = router.pack().dir.clone();
        Self {
            current: ArcSwap::from_pointee(router),
            dir,
            config,
            metrics,
        }
    }

    /// The router to answer one request with.
    pub fn router(&self) -> Arc<Router> {
        self.current.load_full()
    }

    /// Loads the pack again; swaps it in if valid, otherwise keeps the current one. Logs either.
    pub fn reload(&self) -> Result<(), LoadError> {
        match KnowledgePack::load(&self.dir) {
            Ok(pack) => {
                let entries = pack.entries.len();
                self.current.store(Arc::new(Router::new(pack, self.config)));
                self.metrics.reload(Some(entries));
                tracing::info!(dir = %self.dir.display(), entries, "knowledge pack reloaded");
                Ok(())
            }
            Err(error) => {
                self.metrics.reload(None);
                tracing::error!(dir = %self.dir.display(), "knowledge pack refused, still serving the previous one: {error}");
                Err(error)
            }
        }
    }

    /// Reloads whenever a file of the pack directory changes, until the returned watcher is
    /// dropped.
    pub fn watch(self: &Arc<Self>) -> notify::Result<RecommendedWatcher> {
        let (tx, rx) = mpsc::channel::<()>();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                if event.is_ok_and(|e| !e.kind.is_access()) {
                    let _ = tx.send(());
                }
            })?;
        // The directory, not the files: editors often save by writing a new file and renaming it.
        watcher.watch(&self.dir, RecursiveMode::NonRecursive)?;
        let live = self.clone();
        std::thread::Builder::new()
            .name("knowledge-watch".into())
            .spawn(move || {
                while rx.recv().is_ok() {
                    while rx.recv_timeout(SETTLE).is_ok() {}
                    let _ = live.reload();
                }
            })
            .map_err(notify::Error::io)?;
        tracing::info!(dir = %self.dir.display(), "watching the knowledge pack for changes");
        Ok(watcher)
    }
}
