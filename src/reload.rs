//! Knowledge hot reload. The router lives behind an `ArcSwap`: a changed pack (the files were
//! written, or SIGHUP) is loaded and validated aside and swapped in only when valid, so requests
//! in flight finish on the pack they started with and a broken edit never goes live.
//! `storybot check` and the reload use the same validation (`KnowledgePack::load`).
//!
//! Reloads run one at a time, each reading the files as they are when it starts, so the newest
//! read is always the one stored last. A change is read only once the pack's files have stayed
//! the same across two settle periods, so a file still being written is not served half done.
//! The pack directory's parent is watched too: a directory replaced wholesale (a symlink swapped
//! to a new release) is watched again and reloaded.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use arc_swap::ArcSwap;
use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use crate::knowledge::{self, KnowledgePack, LoadError};
use crate::metrics::Metrics;
use crate::router::{Router, RouterConfig};

/// Writes that come together (an editor saving, `git pull`) are taken as one change after this
/// much quiet, and the files must then stay the same for as long again.
const SETTLE: Duration = Duration::from_millis(300);

/// The router being served, replaceable while serving.
#[derive(Debug)]
pub struct Live {
    current: ArcSwap<Router>,
    dir: PathBuf,
    config: RouterConfig,
    metrics: Arc<Metrics>,
    /// Held while a reload loads and swaps: reloads never overlap.
    reloading: Mutex<()>,
    /// Bumped at every swap, for whoever needs to know the pack changed.
    changes: tokio::sync::watch::Sender<u64>,
}

/// Keeps the pack watched; dropping it stops the watching.
pub struct Watching {
    _watcher: Arc<Mutex<RecommendedWatcher>>,
}

impl std::fmt::Debug for Watching {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watching").finish_non_exhaustive()
    }
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
            reloading: Mutex::new(()),
            changes: tokio::sync::watch::Sender::new(0),
        }
    }

    /// The router to answer one request with.
    pub fn router(&self) -> Arc<Router> {
        self.current.load_full()
    }

    /// Changes whenever a new pack is swapped in.
    pub fn subscribe(&self) -> tokio::sync::watch::Receiver<u64> {
        self.changes.subscribe()
    }

    /// Loads the pack again; swaps it in if valid, otherwise keeps the current one. Logs either.
    /// Blocks (loading and indexing a large pack takes seconds): call it off the async workers.
    pub fn reload(&self) -> Result<(), LoadError> {
        let _one_at_a_time = self.reloading.lock().unwrap_or_else(|p| p.into_inner());
        match KnowledgePack::load(&self.dir) {
            Ok(pack) => {
                let entries = pack.entries.len();
                self.current.store(Arc::new(Router::new(pack, self.config)));
                self.metrics.reload(Some(entries));
                self.changes.send_modify(|n| *n += 1);
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

    /// Reloads whenever a file of the pack directory changes (or the directory is replaced),
    /// until the returned handle is dropped.
    pub fn watch(self: &Arc<Self>) -> notify::Result<Watching> {
        let (tx, rx) = mpsc::channel::<()>();
        // Of the parent's events, only those about the pack directory itself count.
        let name = self.dir.file_name().map(ToOwned::to_owned);
        let about_the_pack = move |path: &Path| {
            name.is_some()
                && (path.file_name() == name.as_deref()
                    || path.parent().and_then(Path::file_name) == name.as_deref())
        };
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            if let Ok(event) = event
                && !event.kind.is_access()
                && event.paths.iter().any(|p| about_the_pack(p))
            {
                let _ = tx.send(());
            }
        })?;
        let watcher = Arc::new(Mutex::new(watcher));
        // What the directory is now, before it is watched: a swap from here on is seen.
        let mut target = std::fs::canonicalize(&self.dir).ok();
        {
            let mut watching = watcher.lock().unwrap_or_else(|p| p.into_inner());
            // The directory, not the files: editors often save by writing a new file and
            // renaming it. Its parent too, to see the directory itself replaced.
            watching.watch(&self.dir, RecursiveMode::NonRecursive)?;
            if let Some(parent) = parent_of(&self.dir) {
                watching.watch(&parent, RecursiveMode::NonRecursive)?;
            }
        }
        let live = self.clone();
        let rewatch = watcher.clone();
        std::thread::Builder::new()
            .name("knowledge-watch".into())
            .spawn(move || {
                while rx.recv().is_ok() {
                    settle(&rx, &live.dir);
                    // A swapped directory (or symlink) is a new inode: watch it afresh.
                    let now = std::fs::canonicalize(&live.dir).ok();
                    if now != target {
                        let mut watching = rewatch.lock().unwrap_or_else(|p| p.into_inner());
                        let _ = watching.unwatch(&live.dir);
                        if let Err(error) = watching.watch(&live.dir, RecursiveMode::NonRecursive)
                        {
                            tracing::warn!(dir = %live.dir.display(), %error, "cannot watch the replaced knowledge pack");
                        }
                        target = now;
                    }
                    let _ = live.reload();
                }
            })
            .map_err(notify::Error::io)?;
        tracing::info!(dir = %self.dir.display(), "watching the knowledge pack for changes");
        Ok(Watching { _watcher: watcher })
    }
}

/// Waits until no event came for [`SETTLE`] and the pack's files then stay the same for
/// [`SETTLE`] more: a file written in place, in parts, is read only once it is whole.
fn settle(events: &mpsc::Receiver<()>, dir: &Path) {
    loop {
        while events.recv_timeout(SETTLE).is_ok() {}
        let before = fingerprint(dir);
        std::thread::sleep(SETTLE);
        let quiet = events.try_recv().is_err();
        if quiet && fingerprint(dir) == before {
            return;
        }
    }
}

/// The size and modification time of each file of a pack.
fn fingerprint(dir: &Path) -> Vec<Option<(u64, SystemTime)>> {
    [
        knowledge::STORY_FILE,
        knowledge::QA_FILE,
        crate::smalltalk::FILE_NAME,
    ]
    .iter()
    .map(|name| {
        let metadata = std::fs::metadata(dir.join(name)).ok()?;
        Some((metadata.len(), metadata.modified().ok()?))
    })
    .collect()
}

/// The directory containing `dir` (`.` for a relative name without one).
fn parent_of(dir: &Path) -> Option<PathBuf> {
    match dir.parent() {
        Some(parent) if parent.as_os_str().is_empty() => Some(PathBuf::from(".")),
        Some(parent) => Some(parent.to_path_buf()),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;

    /// A pack of `entries` entries, each answering with `marker`.
    fn qa(marker: &str, entries: usize) -> String {
        (0..entries)
            .map(|i| {
                format!(
                    "[[qa]]\nid = \"entry-{i}\"\nquestions = [\"Who announced the proposal {i}?\"]\nanswer = \"{marker}\"\ncite = [\"The initiative was announced by Chinese Premier Li Qiang\"]\n\n"
                )
            })
            .collect()
    }

    fn pack_in(dir: &Path, marker: &str, entries: usize) {
        std::fs::create_dir_all(dir).unwrap();
        let story = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge/story.md");
        std::fs::copy(story, dir.join(knowledge::STORY_FILE)).unwrap();
        std::fs::write(dir.join(knowledge::QA_FILE), qa(marker, entries)).unwrap();
    }

    fn live(dir: &Path) -> (Arc<Live>, Arc<Metrics>) {
        let metrics = Arc::new(Metrics::new());
        let pack = KnowledgePack::load(dir).unwrap();
        let live = Arc::new(Live::new(
            Router::new(pack, RouterConfig::DEFAULT),
            metrics.clone(),
        ));
        (live, metrics)
    }

    fn served(live: &Live) -> (String, usize) {
        let router = live.router();
        let pack = router.pack();
        (pack.entries[0].answer.clone(), pack.entries.len())
    }

    /// Waits until `check` holds (at most 10 s).
    fn eventually(what: &str, check: impl Fn() -> bool) {
        let started = Instant::now();
        while !check() {
            assert!(started.elapsed() < Duration::from_secs(10), "{what}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    #[test]
    fn a_file_written_in_parts_is_read_once_whole() {
        let dir = tempfile::tempdir().unwrap();
        pack_in(dir.path(), "first", 1);
        let (live, metrics) = live(dir.path());
        let _watching = live.watch().unwrap();
        // Written in place in two parts, 400 ms apart: the first part alone is a valid pack.
        let whole = qa("second", 4);
        let cut = whole.match_indices("[[qa]]").nth(2).unwrap().0;
        let path = dir.path().join(knowledge::QA_FILE);
        std::fs::write(&path, &whole[..cut]).unwrap();
        std::thread::sleep(Duration::from_millis(400));
        std::fs::write(&path, &whole).unwrap();
        eventually("the whole file is served", || {
            served(&live) == ("second".into(), 4)
        });
        std::thread::sleep(Duration::from_millis(1000));
        let text = metrics.render();
        assert!(
            text.contains(r#"storybot_reloads_total{outcome="ok"} 1"#),
            "one reload, never the half-written file:\n{text}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_directory_is_watched_again() {
        let root = tempfile::tempdir().unwrap();
        let (v1, v2) = (root.path().join("v1"), root.path().join("v2"));
        pack_in(&v1, "one", 1);
        pack_in(&v2, "two", 1);
        let current = root.path().join("current");
        std::os::unix::fs::symlink(&v1, &current).unwrap();
        let (live, _) = live(&current);
        let _watching = live.watch().unwrap();
        // A release swapped in atomically: a new symlink renamed over the old one.
        let next = root.path().join("next");
        std::os::unix::fs::symlink(&v2, &next).unwrap();
        std::fs::rename(&next, &current).unwrap();
        eventually("the new release is served", || served(&live).0 == "two");
        // ... and edits to it are seen: it is the one watched now.
        std::fs::write(v2.join(knowledge::QA_FILE), qa("three", 2)).unwrap();
        eventually("an edit of the new release is served", || {
            served(&live) == ("three".into(), 2)
        });
    }

    #[test]
    fn reloads_never_overlap_and_the_last_one_reads_the_files_last() {
        let dir = tempfile::tempdir().unwrap();
        pack_in(dir.path(), "start", 1);
        let (live, _) = live(dir.path());
        let path = dir.path().join(knowledge::QA_FILE);
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    for _ in 0..5 {
                        let _ = live.reload();
                    }
                });
            }
            for n in 1..=20 {
                std::fs::write(&path, qa(&format!("v{n}"), 1)).unwrap();
            }
        });
        live.reload().unwrap();
        assert_eq!(served(&live).0, "v20");
        assert!(
            live.reloading.try_lock().is_ok(),
            "no reload left holding the lock"
        );
    }
}
