//! Helpers shared by the integration tests: running the real binary, and scratch packs.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The shipped knowledge pack.
pub fn shipped_pack() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")
}

/// The real binary, with no `STORYBOT__*` settings inherited from the environment, and the
/// unanswered-question log off (it would write to the user's state directory).
pub fn storybot() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_storybot"));
    for (key, _) in std::env::vars() {
        if key.starts_with("STORYBOT") {
            command.env_remove(key);
        }
    }
    command.env_remove("RUST_LOG");
    // Tests that want the unanswered-question log turn it on with a directory of their own.
    command.env("STORYBOT__UNANSWERED__ENABLED", "false");
    command
}

/// Runs `command` with `stdin` as its standard input and waits for it.
pub fn run(command: &mut Command, stdin: &str) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the storybot binary starts");
    let mut input = child.stdin.take().expect("stdin is piped");
    let stdin = stdin.to_owned();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(stdin.as_bytes());
    });
    let output = child.wait_with_output().expect("storybot runs to the end");
    writer.join().expect("stdin writer");
    output
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// A copy of the shipped pack in a temporary directory, to break on purpose.
pub struct ScratchPack {
    pub dir: tempfile::TempDir,
}

impl ScratchPack {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        for file in ["story.md", "qa.toml"] {
            std::fs::copy(shipped_pack().join(file), dir.path().join(file)).expect("copy the pack");
        }
        Self { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Replaces `qa.toml` with `text`.
    pub fn write_qa(&self, text: &str) {
        std::fs::write(self.dir.path().join("qa.toml"), text).expect("write qa.toml");
    }

    /// Runs `storybot check` on this pack.
    pub fn check(&self) -> Output {
        run(
            storybot().args(["check", "--knowledge", self.path().to_str().unwrap()]),
            "",
        )
    }
}

/// The Prometheus text at `base`/metrics, checking the content type Prometheus expects.
pub fn metrics(base: &str) -> String {
    let response = reqwest::blocking::get(format!("{base}/metrics")).expect("GET /metrics");
    assert_eq!(response.status(), 200);
    let kind = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(kind.starts_with("application/openmetrics-text"), "{kind}");
    let text = response.text().unwrap();
    assert!(text.ends_with("# EOF\n"), "{text}");
    text
}

/// The value of one sample (name and labels exactly as exported), 0 when absent.
pub fn sample(metrics: &str, name: &str) -> f64 {
    metrics
        .lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(' '))
        .map_or(0.0, |value| value.trim().parse().expect("a number"))
}
