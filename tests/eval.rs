//! Answer quality, measured: every question in `tests/eval/*.jsonl` goes through the real binary
//! (`storybot ask --json -`), and the share answered correctly must stay above the bar.
//!
//! Kinds: `in` must be answered with a citation containing one of `expect`; `oos` must be
//! declined; `near` (about the story's subjects, asking what it does not say) may be declined
//! or must cite one of `expect`. Phrases compare after folding case, whitespace, quotes, dashes.

use serde::Deserialize;
use serde_json::Value;

use crate::util::{run, stderr, stdout, storybot};

/// At least this share of in-scope questions must cite an expected phrase.
const MIN_IN_SCOPE: f64 = 0.95;
/// At least this share of off-topic questions must be declined.
const MIN_OFF_TOPIC: f64 = 0.90;
/// At least this share of near misses must be declined or cite the subject.
const MIN_NEAR: f64 = 0.90;

#[derive(Debug, Deserialize)]
struct Case {
    kind: String,
    q: String,
    expect: Vec<String>,
}

fn fold(text: &str) -> String {
    let mapped: String = text
        .to_lowercase()
        .chars()
        .map(|c| match c {
            '\u{201C}' | '\u{201D}' => '"',
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{2010}'..='\u{2015}' => '-',
            other => other,
        })
        .collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn cases() -> Vec<(String, Case)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/eval exists")
        .map(|entry| entry.expect("readable").path())
        .filter(|path| path.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        for (number, line) in std::fs::read_to_string(&file).unwrap().lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let case: Case =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{name}:{}: {e}", number + 1));
            assert!(
                matches!(case.kind.as_str(), "in" | "oos" | "near"),
                "{name}:{}: kind {}",
                number + 1,
                case.kind
            );
            cases.push((name.clone(), case));
        }
    }
    cases
}

#[test]
fn answers_meet_the_quality_bar() {
    let cases = cases();
    assert!(cases.len() >= 150, "only {} questions", cases.len());
    let input: String = cases.iter().map(|(_, c)| format!("{}\n", c.q)).collect();
    let output = run(storybot().args(["ask", "--json", "-"]), &input);
    assert!(output.status.success(), "{}", stderr(&output));
    let replies: Vec<Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("JSON line"))
        .collect();
    assert_eq!(replies.len(), cases.len(), "one reply per question");

    let mut tally: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    let mut failures = Vec::new();
    for ((file, case), reply) in cases.iter().zip(&replies) {
        let answered = reply["status"] == "answered";
        let cited = fold(&reply["citations"].to_string().replace("\\\"", "\""));
        let cites_expected = case
            .expect
            .iter()
            .any(|phrase| cited.contains(&fold(phrase)));
        let ok = match case.kind.as_str() {
            "in" => answered && cites_expected,
            "oos" => !answered,
            _ => !answered || cites_expected,
        };
        let entry = tally.entry(case.kind.as_str()).or_default();
        entry.1 += 1;
        if ok {
            entry.0 += 1;
        } else {
            failures.push(format!(
                "  {file} [{}] {:?} -> {} {} (score {})",
                case.kind, case.q, reply["status"], reply["id"], reply["score"]
            ));
        }
    }
    let share = |kind: &str| {
        tally
            .get(kind)
            .map_or(1.0, |(ok, all)| *ok as f64 / *all as f64)
    };
    let summary: Vec<String> = tally
        .iter()
        .map(|(kind, (ok, all))| {
            format!(
                "{kind}: {ok}/{all} ({:.1}%)",
                100.0 * *ok as f64 / *all as f64
            )
        })
        .collect();
    eprintln!(
        "eval: {}\nmisses:\n{}",
        summary.join(", "),
        failures.join("\n")
    );
    assert!(
        tally.get("in").is_some_and(|(_, all)| *all >= 100),
        "at least 100 in-scope questions"
    );
    assert!(
        share("in") >= MIN_IN_SCOPE,
        "in-scope below {MIN_IN_SCOPE}: {}",
        summary.join(", ")
    );
    assert!(
        share("oos") >= MIN_OFF_TOPIC,
        "off-topic below {MIN_OFF_TOPIC}: {}",
        summary.join(", ")
    );
    assert!(
        share("near") >= MIN_NEAR,
        "near misses below {MIN_NEAR}: {}",
        summary.join(", ")
    );
}
