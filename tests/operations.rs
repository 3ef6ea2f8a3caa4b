//! Running it for real, without a chat platform: the unanswered-question log and `storybot
//! unanswered`, metrics and health in console mode, and stopping on SIGTERM or SIGINT.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

use crate::util::{metrics, run, sample, stderr, stdout, storybot};

/// `storybot` with the unanswered log on, in `dir`.
fn logging_to(dir: &Path) -> std::process::Command {
    let mut command = storybot();
    command
        .env("STORYBOT__UNANSWERED__ENABLED", "true")
        .env("STORYBOT__UNANSWERED__DIR", dir);
    command
}

fn records(dir: &Path) -> Vec<Value> {
    std::fs::read_to_string(dir.join("unanswered.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is a JSON record"))
        .collect()
}

const PRINTER: &str = "Will the organization fix my printer?";

#[test]
fn console_misses_are_logged_and_unanswered_groups_them_most_asked_first() {
    let state = tempfile::tempdir().unwrap();
    let chat = run(
        logging_to(state.path()).arg("chat"),
        &format!(
            "{PRINTER}\nwill the organisation fix my printer\nWho announced the proposal?\n\
             What is the best way to bake sourdough bread?\n/topics\n"
        ),
    );
    assert!(chat.status.success(), "{}", stderr(&chat));

    let logged = records(state.path());
    assert_eq!(logged.len(), 3, "misses only: {logged:?}");
    let first = &logged[0];
    assert_eq!(first["platform"], "console");
    assert_eq!(first["question"], PRINTER);
    assert_eq!(first["outcome"], "no_match");
    assert!(first.get("user").is_none(), "the console has no user");
    let candidates = first["candidates"].as_array().unwrap();
    assert!(!candidates.is_empty() && candidates.len() <= 3);
    assert!(candidates[0]["id"].is_string() && candidates[0]["score"].is_number());

    // `ask` is a curator's tool: it never logs.
    let ask = run(logging_to(state.path()).args(["ask", PRINTER]), "");
    assert!(ask.status.success());
    assert_eq!(records(state.path()).len(), 3);

    let shown = run(logging_to(state.path()).arg("unanswered"), "");
    assert!(shown.status.success(), "{}", stderr(&shown));
    let text = stdout(&shown);
    assert!(
        text.contains("3 unanswered questions ever, in 2 groups"),
        "{text}"
    );
    let printer = text.find(PRINTER).expect("the printer group");
    let bread = text
        .find("What is the best way to bake sourdough bread?")
        .expect("the bread group");
    assert!(printer < bread, "most asked first:\n{text}");
    assert!(text.contains("2 asked"), "{text}");
    assert!(
        text.contains("also \"will the organisation fix my printer\""),
        "{text}"
    );

    let json = run(logging_to(state.path()).args(["unanswered", "--json"]), "");
    let groups: Vec<Value> = stdout(&json)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0]["count"], 2);
    assert_eq!(groups[0]["question"], PRINTER);
    assert!(groups[0]["closest"]["id"].is_string());

    let top = run(
        logging_to(state.path()).args(["unanswered", "--top", "1"]),
        "",
    );
    assert!(stdout(&top).contains("1 more groups"), "{}", stdout(&top));
}

#[test]
fn a_follow_up_miss_is_logged_with_the_answer_it_followed() {
    let state = tempfile::tempdir().unwrap();
    // The story never says why WAIC lasts three days: "why?" after how long it is is a miss,
    // and only the answer before it says what it asks.
    let chat = run(
        logging_to(state.path()).arg("chat"),
        "how long is waic?\nwhy?\n",
    );
    assert!(chat.status.success(), "{}", stderr(&chat));
    let logged = records(state.path());
    assert_eq!(logged.len(), 1, "{logged:?}");
    assert_eq!(logged[0]["question"], "why?");
    assert_eq!(logged[0]["outcome"], "no_match");
    assert_eq!(logged[0]["after"], "waic-duration", "{logged:?}");

    let shown = run(logging_to(state.path()).arg("unanswered"), "");
    let text = stdout(&shown);
    assert!(
        text.contains("asked right after an answer from waic-duration"),
        "{text}"
    );
}

#[test]
fn a_bad_answer_rated_in_the_console_is_shown_to_curators_and_small_talk_is_not_logged() {
    let state = tempfile::tempdir().unwrap();
    let chat = run(
        logging_to(state.path()).arg("chat"),
        "/bad\nwho announced it lol\n/bad\n/bad\nhi there\nthx\nhinton\n/good\n",
    );
    assert!(chat.status.success(), "{}", stderr(&chat));
    let text = stdout(&chat);
    assert!(text.contains("no answer to rate yet"), "{text}");
    assert!(text.contains("already rated"), "{text}");
    let logged = records(state.path());
    assert_eq!(logged.len(), 2, "two ratings, no small talk: {logged:?}");
    let report = run(logging_to(state.path()).args(["unanswered", "--json"]), "");
    let groups: Vec<Value> = stdout(&report)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(groups.len(), 1, "a liked answer is not a group: {groups:?}");
    assert_eq!(groups[0]["question"], "who announced it lol");
    assert_eq!(groups[0]["disliked"], "who-announced");
    let text = stdout(&run(logging_to(state.path()).arg("unanswered"), ""));
    assert!(
        text.contains("answered with who-announced; 1 asker marked it not helpful"),
        "{text}"
    );
}

#[test]
fn unanswered_filters_by_days_and_skips_torn_lines() {
    let state = tempfile::tempdir().unwrap();
    let old = r#"{"time":"2020-01-02T03:04:05Z","platform":"matrix","user":"00112233445566778","question":"An old question about budgets?","outcome":"no_match","candidates":[]}"#;
    let recent = serde_json::json!({
        "time": humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
        "platform": "discord",
        "user": "8899aabbccddeeff",
        "question": "A recent question about budgets?",
        "outcome": "low_confidence",
        "candidates": [{"id": "x", "question": "X?", "score": 0.55}],
    });
    std::fs::write(
        state.path().join("unanswered.jsonl"),
        format!("{old}\n{recent}\n{{\"time\": \"2026-"),
    )
    .unwrap();
    let all = run(logging_to(state.path()).arg("unanswered"), "");
    assert!(
        stdout(&all).contains("2 unanswered questions ever"),
        "{}",
        stdout(&all)
    );
    assert!(stderr(&all).contains("skipped 1 lines"), "{}", stderr(&all));
    let week = run(
        logging_to(state.path()).args(["unanswered", "--since", "7"]),
        "",
    );
    let text = stdout(&week);
    assert!(
        text.contains("1 unanswered questions in the last 7 days"),
        "{text}"
    );
    assert!(text.contains("A recent question") && !text.contains("An old question"));

    let empty = tempfile::tempdir().unwrap();
    let none = run(logging_to(empty.path()).arg("unanswered"), "");
    assert!(none.status.success());
    assert!(
        stdout(&none).starts_with("No unanswered questions ever"),
        "{}",
        stdout(&none)
    );
}

#[test]
fn unanswered_settings_are_checked() {
    let out = run(
        storybot()
            .env("STORYBOT__UNANSWERED__BELOW", "1.5")
            .args(["ask", "hi"]),
        "",
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("unanswered.below"),
        "{}",
        stderr(&out)
    );
}

/// The console, running with its standard input held open.
struct Console {
    child: Child,
    stdin: std::process::ChildStdin,
    lines: mpsc::Receiver<String>,
    errors: mpsc::Receiver<String>,
}

impl Console {
    fn start(env: &[(&str, &str)]) -> Self {
        let mut command = storybot();
        command
            .arg("chat")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("storybot starts");
        let stdin = child.stdin.take().unwrap();
        let lines = forward(child.stdout.take().unwrap());
        let errors = forward(child.stderr.take().unwrap());
        Self {
            child,
            stdin,
            lines,
            errors,
        }
    }

    /// Sends `question` and waits for a reply line containing `expected`.
    fn ask(&mut self, question: &str, expected: &str) {
        writeln!(self.stdin, "{question}").unwrap();
        self.stdin.flush().unwrap();
        wait_for(&self.lines, expected);
    }

    fn signal(&self, name: &str) {
        let status = std::process::Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Waits (at most 10 s) for the process to exit.
    fn exit_status(&mut self) -> std::process::ExitStatus {
        for _ in 0..200 {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("storybot did not exit within 10 s of the signal");
    }
}

impl Drop for Console {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn forward(stream: impl std::io::Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// The first line from `lines` that contains `expected` (waiting at most 30 s).
fn wait_for(lines: &mpsc::Receiver<String>, expected: &str) -> String {
    loop {
        match lines.recv_timeout(Duration::from_secs(30)) {
            Ok(line) if line.contains(expected) => return line,
            Ok(_) => {}
            Err(error) => panic!("no line with {expected:?}: {error}"),
        }
    }
}

#[test]
fn the_console_serves_metrics_and_health_and_stops_cleanly_on_sigterm() {
    let mut console = Console::start(&[("STORYBOT__METRICS__LISTEN", "127.0.0.1:0")]);
    let line = wait_for(&console.errors, "metrics on http://");
    let at = line.find("http://").unwrap();
    let base = line[at..].split("/metrics").next().unwrap().to_owned();

    console.ask("Who announced the proposal?", "Li Qiang");
    console.ask(PRINTER, "won't guess");
    console.ask("/topics", "  - ");
    let health = reqwest::blocking::get(format!("{base}/healthz")).unwrap();
    assert_eq!(health.status(), 200);
    let metrics = metrics(&base);
    for (name, value) in [
        (
            r#"storybot_asks_total{platform="console",outcome="answered"}"#,
            1.0,
        ),
        (
            r#"storybot_asks_total{platform="console",outcome="no_match"}"#,
            1.0,
        ),
        (
            r#"storybot_commands_total{platform="console",command="topics"}"#,
            1.0,
        ),
    ] {
        assert_eq!(sample(&metrics, name), value, "{name} in\n{metrics}");
    }

    console.signal("TERM");
    let status = console.exit_status();
    assert!(status.success(), "SIGTERM exits 0: {status:?}");
    assert!(
        reqwest::blocking::get(format!("{base}/healthz")).is_err(),
        "the metrics server is gone"
    );
}

#[test]
fn the_console_stops_cleanly_on_sigint() {
    let mut console = Console::start(&[]);
    console.ask("Who announced the proposal?", "Li Qiang");
    console.signal("INT");
    let status = console.exit_status();
    assert!(status.success(), "SIGINT exits 0: {status:?}");
}

/// The `Environment=` lines of the shipped unit, with `%d` (its credentials directory) as given.
fn unit_environment(credentials: &Path) -> Vec<(String, String)> {
    let unit = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/storybot.service"),
    )
    .unwrap();
    unit.lines()
        .filter_map(|line| line.strip_prefix("Environment="))
        .map(|pair| {
            let (key, value) = pair.split_once('=').expect("KEY=VALUE");
            (
                key.to_owned(),
                value.replace("%d", credentials.to_str().unwrap()),
            )
        })
        .collect()
}

#[test]
fn the_unit_runs_discord_only_matrix_only_or_both() {
    let work = tempfile::tempdir().unwrap();
    let credentials = work.path().join("credentials");
    std::fs::create_dir(&credentials).unwrap();
    let environment = unit_environment(&credentials);
    assert!(
        environment
            .iter()
            .any(|(k, _)| k.starts_with("STORYBOT__MATRIX__"))
    );
    let discord = "[discord]\nmode = \"gateway\"\napplication_id = 123456789012345678\n";
    let matrix =
        "[matrix]\nhomeserver_url = \"http://127.0.0.1:9\"\nuser_id = \"@bot:localhost\"\n";
    let with = |name: &str, toml: &str| {
        let file = work.path().join(name);
        std::fs::write(&file, toml).unwrap();
        let mut command = storybot();
        command.arg("--config").arg(&file);
        for (key, value) in &environment {
            command.env(key, value);
        }
        command
    };
    // Whatever the deployment, commands that need no front-end run, and nothing is said twice.
    for (name, toml) in [
        ("none.toml", String::new()),
        ("discord.toml", discord.to_owned()),
        ("matrix.toml", matrix.to_owned()),
        ("both.toml", format!("{discord}{matrix}")),
    ] {
        let asked = run(with(name, &toml).args(["ask", "who announced it?"]), "");
        assert!(asked.status.success(), "{name}: {}", stderr(&asked));
        assert!(stdout(&asked).contains("Li Qiang"), "{name}");
        let checked = run(with(name, &toml).arg("check"), "");
        assert!(checked.status.success(), "{name}: {}", stderr(&checked));
    }
    // Discord alone (HTTP) starts, without a word about Matrix.
    let key: String = ed25519_dalek::SigningKey::from_bytes(&[7; 32])
        .verifying_key()
        .to_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut child = with(
        "discord-http.toml",
        &format!("[discord]\nmode = \"http\"\npublic_key = \"{key}\"\nlisten = \"127.0.0.1:0\"\n"),
    )
    .stdin(Stdio::null())
    .stdout(Stdio::null())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let lines = forward(child.stderr.take().unwrap());
    let serving = wait_for(&lines, "serving Discord interactions");
    let _ = child.kill();
    let _ = child.wait();
    assert!(!serving.contains("matrix"), "{serving}");
    // Matrix turned on without its user id: one clear error, said once, before anything starts.
    let broken = run(
        &mut with(
            "matrix-broken.toml",
            "[matrix]\nhomeserver_url = \"http://127.0.0.1:9\"\n",
        ),
        "",
    );
    assert_eq!(broken.status.code(), Some(2), "{}", stderr(&broken));
    let error = stderr(&broken);
    assert_eq!(error.matches("matrix.user_id").count(), 1, "{error}");
    // The example configuration is valid with the unit's environment too.
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/storybot.toml");
    let mut command = storybot();
    command
        .arg("--config")
        .arg(&example)
        .args(["ask", "hinton"]);
    for (key, value) in &environment {
        command.env(key, value);
    }
    let asked = run(&mut command, "");
    assert!(asked.status.success(), "{}", stderr(&asked));
}
