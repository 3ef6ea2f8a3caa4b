//! Learning from misses: questions that got no answer, or only a weak one, are appended to
//! `unanswered.jsonl` (one JSON object per line), and `storybot unanswered` groups them so a
//! curator sees what to add to the knowledge pack.
//!
//! Askers are stored as a salted hash, never as raw ids: the salt is 32 random bytes made once
//! per installation (`unanswered.salt`, mode 0600), so the same person groups together but the
//! log cannot be joined with anything outside this installation. The log is rotated by size
//! (`unanswered.jsonl.1` is the newest old file).
//!
//! This module stores and reads the log; [`group`] groups what was read.
//!
//! Rotation is written here rather than taken from a logging crate: the rolling appenders
//! (tracing-appender, file-rotate) rotate by time, or own the file format; this is 30 lines.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::metrics::Platform;
use crate::router::Suggestion;

mod group;

pub use group::{Group, group, report};

/// The log's file name inside its directory.
pub const FILE_NAME: &str = "unanswered.jsonl";
/// The most rotated files there can be (the `unanswered.keep` setting's bound).
pub const MAX_KEEP: usize = 100;
const SALT_NAME: &str = "unanswered.salt";

/// One logged question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// RFC 3339, UTC, whole seconds.
    pub time: String,
    pub platform: String,
    /// The asker, as a salted hash (16 hex digits); absent for the console.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    pub question: String,
    /// `no_match`, or `low_confidence` when an answer was given below `unanswered.below`;
    /// `disliked` or `liked` when an asker rated an answer.
    pub outcome: String,
    /// The closest entries, best first (empty for ratings).
    pub candidates: Vec<Suggestion>,
    /// For ratings: the id of the entry that answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered: Option<String>,
    /// For a question asked in a conversation ("why?", "and the US?"): the id of the entry that
    /// answered just before, which the question was read with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

/// The outcome of a rating that marked an answer not helpful.
pub const DISLIKED: &str = "disliked";
/// The outcome of a rating that marked an answer helpful.
pub const LIKED: &str = "liked";

/// Appends records to the log, rotating it by size. Shared by every front-end; writes are
/// serialized by a mutex and each record is one `write` of one line.
#[derive(Debug)]
pub struct UnansweredLog {
    path: PathBuf,
    salt: [u8; 32],
    max_bytes: u64,
    keep: usize,
    file: Mutex<Option<(File, u64)>>,
    /// When rotation last failed: until [`ROTATION_RETRY`] later the log grows past its limit
    /// rather than dropping records, then rotation is tried again.
    rotation_failed: Mutex<Option<std::time::Instant>>,
    rotation_retry: Duration,
}

/// How long after a failed rotation it is tried again.
const ROTATION_RETRY: Duration = Duration::from_secs(60);

/// The log could not be opened.
#[derive(Debug, thiserror::Error)]
#[error("cannot keep the unanswered-question log in {dir}: {source}")]
pub struct OpenError {
    dir: PathBuf,
    source: io::Error,
}

impl UnansweredLog {
    /// Opens (or creates) the log and its salt in `dir`, which is created with mode 0700.
    pub fn open(dir: &Path, max_bytes: u64, keep: usize) -> Result<Self, OpenError> {
        let fail = |source| OpenError {
            dir: dir.to_path_buf(),
            source,
        };
        create_private_dir(dir).map_err(fail)?;
        let salt = salt(&dir.join(SALT_NAME)).map_err(fail)?;
        Ok(Self {
            path: dir.join(FILE_NAME),
            salt,
            max_bytes,
            keep,
            file: Mutex::new(None),
            rotation_failed: Mutex::new(None),
            rotation_retry: ROTATION_RETRY,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The salted hash that stands for `user` of `platform`.
    pub fn pseudonym(&self, platform: Platform, user: &str) -> String {
        let mut hasher = Sha256::new();
        hasher.update(self.salt);
        hasher.update(platform.as_str().as_bytes());
        hasher.update([0]);
        hasher.update(user.as_bytes());
        hex(&hasher.finalize()[..8])
    }

    /// Appends `record` as one line, rotating first if the file would grow past the limit.
    pub fn append(&self, record: &Record) -> io::Result<()> {
        let mut line = serde_json::to_vec(record).map_err(io::Error::other)?;
        line.push(b'\n');
        let mut guard = self.file.lock().unwrap_or_else(|p| p.into_inner());
        let size = match guard.as_ref() {
            Some((_, size)) => *size,
            None => guard.insert(self.open_current()?).1,
        };
        if size > 0 && size + line.len() as u64 > self.max_bytes && self.may_rotate() {
            *guard = None;
            match self.rotate() {
                Ok(()) => {
                    *self
                        .rotation_failed
                        .lock()
                        .unwrap_or_else(|p| p.into_inner()) = None
                }
                Err(error) => {
                    // Keep the record: the log grows past its limit until rotation works.
                    tracing::warn!(path = %self.path.display(), %error, "cannot rotate the unanswered-question log; retrying later");
                    *self
                        .rotation_failed
                        .lock()
                        .unwrap_or_else(|p| p.into_inner()) = Some(std::time::Instant::now());
                }
            }
            *guard = Some(self.open_current()?);
        }
        let (file, size) = guard.as_mut().expect("opened above");
        if let Err(error) = file.write_all(&line) {
            // Part of the line may be written: reopen next time, which ends it with a newline.
            *guard = None;
            return Err(error);
        }
        *size += line.len() as u64;
        Ok(())
    }

    /// Whether rotation may be tried now: not within [`ROTATION_RETRY`] of a failure.
    fn may_rotate(&self) -> bool {
        self.rotation_failed
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_none_or(|failed| failed.elapsed() >= self.rotation_retry)
    }

    /// Opens the current file for appending. A torn last line (a crash mid-write) is ended
    /// with a newline, so the next record starts on a line of its own.
    fn open_current(&self) -> io::Result<(File, u64)> {
        let mut file = OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .mode_private()
            .open(&self.path)?;
        let mut size = file.metadata()?.len();
        if size > 0 {
            use std::io::{Read, Seek, SeekFrom};
            let mut last = [0u8];
            file.seek(SeekFrom::End(-1))?;
            file.read_exact(&mut last)?;
            if last[0] != b'\n' {
                file.write_all(b"\n")?;
                size += 1;
            }
        }
        Ok((file, size))
    }

    /// `unanswered.jsonl.{keep-1}` becomes `.{keep}` (the oldest is dropped), ..., and the
    /// current file becomes `.1`.
    fn rotate(&self) -> io::Result<()> {
        // Everything from `.keep` up goes (more than one file if `keep` was lowered).
        for n in self.keep.max(1)..=MAX_KEEP {
            ignore_missing(fs::remove_file(numbered(&self.path, n)))?;
        }
        if self.keep == 0 {
            return ignore_missing(fs::remove_file(&self.path));
        }
        for n in (1..self.keep).rev() {
            ignore_missing(fs::rename(
                numbered(&self.path, n),
                numbered(&self.path, n + 1),
            ))?;
        }
        ignore_missing(fs::rename(&self.path, numbered(&self.path, 1)))
    }
}

fn numbered(path: &Path, n: usize) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".{n}"));
    PathBuf::from(name)
}

fn ignore_missing(result: io::Result<()>) -> io::Result<()> {
    match result {
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// Owner-only permissions for files holding askers' questions and the salt, never followed
/// through a symbolic link (someone who can write the directory could point the log anywhere).
trait PrivateMode {
    fn mode_private(&mut self) -> &mut Self;
}

impl PrivateMode for OpenOptions {
    fn mode_private(&mut self) -> &mut Self {
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            self.mode(0o600).custom_flags(libc::O_NOFOLLOW);
        }
        self
    }
}

/// Creates `dir` with mode 0700, or checks that an existing one is a directory (not a link)
/// that this user owns and no one else may write (the files in it are 0600 whatever it is).
fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    let metadata = fs::symlink_metadata(dir)?;
    if !metadata.is_dir() {
        return Err(io::Error::other(format!(
            "{} is not a directory (a symbolic link is not accepted)",
            dir.display()
        )));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        if metadata.uid() != me {
            return Err(io::Error::other(format!(
                "{} belongs to user {}, not to this user ({me})",
                dir.display(),
                metadata.uid()
            )));
        }
        if metadata.mode() & 0o022 != 0 {
            return Err(io::Error::other(format!(
                "{} is writable by other users (mode {:o}): chmod 700 it",
                dir.display(),
                metadata.mode() & 0o777
            )));
        }
    }
    Ok(())
}

/// Reads the installation's salt, making it the first time.
fn salt(path: &Path) -> io::Result<[u8; 32]> {
    let read = || -> io::Result<Vec<u8>> {
        use std::io::Read;
        let mut bytes = Vec::new();
        OpenOptions::new()
            .read(true)
            .mode_private()
            .open(path)?
            .take(64)
            .read_to_end(&mut bytes)?;
        Ok(bytes)
    };
    match read() {
        Ok(bytes) => bytes.try_into().map_err(|_| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "{} is not 32 bytes; delete it to make a new one",
                    path.display()
                ),
            )
        }),
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            let mut salt = [0u8; 32];
            getrandom::fill(&mut salt).map_err(|e| io::Error::other(e.to_string()))?;
            // Written aside and linked into place, so a crash never leaves a short salt, and
            // of two first starts the second reads the first one's salt.
            let aside = path.with_extension(format!("salt.{}", std::process::id()));
            let create = || {
                OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode_private()
                    .open(&aside)
            };
            // A file left by a crashed start with the same process id is removed, not reused.
            let mut file = match create() {
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
                    fs::remove_file(&aside)?;
                    create()?
                }
                other => other?,
            };
            file.write_all(&salt)?;
            file.sync_all()?;
            let linked = fs::hard_link(&aside, path);
            let _ = fs::remove_file(&aside);
            match linked {
                Ok(()) => Ok(salt),
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => self::salt(path),
                Err(error) => Err(error),
            }
        }
        Err(error) => Err(error),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Now, as the log writes it.
pub fn now() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

/// What reading the log found.
#[derive(Debug, Default)]
pub struct Read {
    pub records: Vec<Record>,
    /// Lines that were not a record (a torn write, a hand edit).
    pub skipped: usize,
}

/// Reads every file of the log in `dir`, oldest first, keeping records since `since` (if given).
pub fn read(dir: &Path, since: Option<SystemTime>) -> io::Result<Read> {
    let path = dir.join(FILE_NAME);
    let mut files = Vec::new();
    for n in (1..=MAX_KEEP).rev() {
        let rotated = numbered(&path, n);
        if rotated.exists() {
            files.push(rotated);
        }
    }
    files.push(path);
    let mut read = Read::default();
    for file in files {
        let file = match File::open(&file) {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::NotFound => continue,
            Err(error) => return Err(error),
        };
        let mut reader = io::BufReader::new(file);
        let mut bytes = Vec::new();
        loop {
            bytes.clear();
            if reader.read_until(b'\n', &mut bytes)? == 0 {
                break;
            }
            // A torn line (a crash mid-write) may end inside a character: skip it, keep going.
            let Ok(line) = std::str::from_utf8(&bytes) else {
                read.skipped += 1;
                continue;
            };
            if line.trim().is_empty() {
                continue;
            }
            let Ok(record) = serde_json::from_str::<Record>(line) else {
                read.skipped += 1;
                continue;
            };
            let Ok(time) = humantime::parse_rfc3339_weak(&record.time) else {
                read.skipped += 1;
                continue;
            };
            if since.is_none_or(|since| time >= since) {
                read.records.push(record);
            }
        }
    }
    Ok(read)
}

/// The start of the last `days` days.
pub fn days_ago(days: u32) -> SystemTime {
    SystemTime::now()
        .checked_sub(Duration::from_secs(u64::from(days) * 86_400))
        .unwrap_or(SystemTime::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record asked by `user`, with its closest entry if any (for this module's tests and
    /// the grouping's).
    pub(super) fn record(question: &str, user: &str, closest: Option<(&str, f32)>) -> Record {
        Record {
            answered: None,
            after: None,
            time: "2026-11-01T10:00:00Z".to_owned(),
            platform: "discord".to_owned(),
            user: Some(user.to_owned()),
            question: question.to_owned(),
            outcome: "no_match".to_owned(),
            candidates: closest
                .map(|(id, score)| Suggestion {
                    id: id.to_owned(),
                    question: format!("about {id}"),
                    score,
                })
                .into_iter()
                .collect(),
        }
    }

    #[test]
    fn appends_rotates_and_reads_back_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let log = UnansweredLog::open(dir.path(), 4096, 2).unwrap();
        let mut written = 0;
        for i in 0..200 {
            log.append(&record(&format!("question number {i}"), "u", None))
                .unwrap();
            written += 1;
        }
        let current = fs::metadata(dir.path().join(FILE_NAME)).unwrap().len();
        assert!(current <= 4096, "{current}");
        assert!(numbered(&log.path, 1).exists() && numbered(&log.path, 2).exists());
        assert!(!numbered(&log.path, 3).exists(), "only `keep` old files");
        let read = read(dir.path(), None).unwrap();
        assert_eq!(read.skipped, 0);
        assert!(read.records.len() < written, "the oldest were rotated away");
        let numbers: Vec<usize> = read
            .records
            .iter()
            .map(|r| r.question.rsplit(' ').next().unwrap().parse().unwrap())
            .collect();
        assert!(numbers.windows(2).all(|w| w[1] == w[0] + 1), "{numbers:?}");
        assert_eq!(numbers.last(), Some(&199));
    }

    #[test]
    fn pseudonyms_are_stable_per_install_and_differ_between_installs() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let first = UnansweredLog::open(a.path(), 4096, 1).unwrap();
        let again = UnansweredLog::open(a.path(), 4096, 1).unwrap();
        let other = UnansweredLog::open(b.path(), 4096, 1).unwrap();
        let id = "123456789012345678";
        assert_eq!(
            first.pseudonym(Platform::Discord, id),
            again.pseudonym(Platform::Discord, id)
        );
        assert_ne!(
            first.pseudonym(Platform::Discord, id),
            other.pseudonym(Platform::Discord, id)
        );
        assert_ne!(
            first.pseudonym(Platform::Discord, id),
            first.pseudonym(Platform::Matrix, id)
        );
        assert_eq!(first.pseudonym(Platform::Discord, id).len(), 16);
        assert!(!first.pseudonym(Platform::Discord, id).contains(id));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(a.path().join(SALT_NAME))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_torn_write_costs_one_line_and_never_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let whole = serde_json::to_string(&record("whole", "u", None)).unwrap();
        // A crash in the middle of a multi-byte character.
        let mut torn = format!("{whole}\n").into_bytes();
        torn.extend_from_slice(&"{\"question\": \"caf\u{e9}".as_bytes()[..14]);
        fs::write(&path, &torn).unwrap();
        let log = UnansweredLog::open(dir.path(), 1 << 20, 1).unwrap();
        log.append(&record("after", "u", None)).unwrap();
        let read = read(dir.path(), None).unwrap();
        let questions: Vec<&str> = read.records.iter().map(|r| r.question.as_str()).collect();
        assert_eq!(questions, ["whole", "after"]);
        assert_eq!(read.skipped, 1);
    }

    #[test]
    fn lowering_keep_removes_the_older_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        for n in 1..=5 {
            fs::write(numbered(&path, n), "").unwrap();
        }
        let log = UnansweredLog::open(dir.path(), 4096, 2).unwrap();
        for i in 0..100 {
            log.append(&record(&format!("question {i}"), "u", None))
                .unwrap();
        }
        assert!(numbered(&path, 2).exists());
        assert!((3..=5).all(|n| !numbered(&path, n).exists()));
    }

    #[test]
    fn skips_torn_lines_and_filters_by_time() {
        let dir = tempfile::tempdir().unwrap();
        let mut old = record("an old question", "u", None);
        old.time = "2020-01-01T00:00:00Z".to_owned();
        let mut new = record("a new question", "u", None);
        new.time = now();
        let mut text = String::new();
        for r in [&old, &new] {
            text.push_str(&serde_json::to_string(r).unwrap());
            text.push('\n');
        }
        text.push_str("{\"time\": \"2026-11-");
        fs::write(dir.path().join(FILE_NAME), text).unwrap();
        let all = read(dir.path(), None).unwrap();
        assert_eq!((all.records.len(), all.skipped), (2, 1));
        let recent = read(dir.path(), Some(days_ago(7))).unwrap();
        assert_eq!(recent.records, vec![new]);
    }

    #[cfg(unix)]
    #[test]
    fn state_files_are_never_followed_through_links_and_the_directory_is_checked() {
        use std::os::unix::fs::{PermissionsExt, symlink};
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere");
        std::fs::write(&elsewhere, "precious\n").unwrap();
        let state = dir.path().join("state");
        std::fs::create_dir(&state).unwrap();
        std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o700)).unwrap();
        // The log, pointed elsewhere by a link: nothing is written through it.
        symlink(&elsewhere, state.join(FILE_NAME)).unwrap();
        let log = UnansweredLog::open(&state, 1 << 20, 3).unwrap();
        assert!(log.append(&record("q", "u", None)).is_err());
        assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "precious\n");
        // The salt, too.
        let state2 = dir.path().join("state2");
        std::fs::create_dir(&state2).unwrap();
        std::fs::set_permissions(&state2, std::fs::Permissions::from_mode(0o700)).unwrap();
        symlink(&elsewhere, state2.join(SALT_NAME)).unwrap();
        assert!(UnansweredLog::open(&state2, 1 << 20, 3).is_err());
        // A directory others may read, or a link to a directory, is refused.
        let open = dir.path().join("open");
        std::fs::create_dir(&open).unwrap();
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o777)).unwrap();
        let error = UnansweredLog::open(&open, 1 << 20, 3)
            .unwrap_err()
            .to_string();
        assert!(error.contains("chmod 700"), "{error}");
        let linked = dir.path().join("linked");
        symlink(&state2, &linked).unwrap();
        let error = UnansweredLog::open(&linked, 1 << 20, 3)
            .unwrap_err()
            .to_string();
        assert!(error.contains("not a directory"), "{error}");
    }

    #[test]
    fn a_failing_rotation_keeps_every_record_and_is_tried_again() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = UnansweredLog::open(dir.path(), 4096, 3).unwrap();
        log.rotation_retry = Duration::ZERO;
        // A directory where the oldest file should be: rotation cannot remove it.
        let blocker = numbered(&dir.path().join(FILE_NAME), 3);
        std::fs::create_dir(&blocker).unwrap();
        std::fs::write(blocker.join("x"), "x").unwrap();
        for i in 0..100 {
            log.append(&record(&format!("question number {i}"), "u", None))
                .expect("records are kept while rotation fails");
        }
        let current = std::fs::read_to_string(dir.path().join(FILE_NAME)).unwrap();
        assert_eq!(current.lines().count(), 100, "nothing dropped");
        // Once the way is clear, the next append rotates.
        std::fs::remove_dir_all(&blocker).unwrap();
        log.append(&record("after", "u", None)).unwrap();
        assert!(numbered(&dir.path().join(FILE_NAME), 1).exists());
        assert_eq!(read_all(dir.path()), 101);
    }

    fn read_all(dir: &Path) -> usize {
        read(dir, None).unwrap().records.len()
    }
}
