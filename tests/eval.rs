//! Answer quality, measured: every question in `tests/eval/*.jsonl`, `tests/eval/smalltalk/`,
//! `tests/eval/paraphrases/` and the dialogues of `tests/eval/dialogues/` goes through the real binary (`storybot ask
//! --json -`, with `--conversation` for dialogues), and the share answered correctly must stay
//! above the bar.
//!
//! Kinds: `in` must be answered with a citation containing one of `expect`; `oos` must be
//! declined; `near` (about the story's subjects, asking what it does not say) may be declined
//! or must cite one of `expect`; `smalltalk` must never get a story answer. Phrases compare
//! after folding case, whitespace, quotes, dashes. Answers' cited text is bounded too.

use serde::Deserialize;
use serde_json::Value;

use crate::util::{run, stderr, stdout, storybot};

/// At least this share of in-scope questions must cite an expected phrase.
const MIN_IN_SCOPE: f64 = 0.95;
/// At least this share of off-topic questions must be declined.
const MIN_OFF_TOPIC: f64 = 0.95;
/// At least this share of near misses must be declined or cite the subject.
const MIN_NEAR: f64 = 0.90;
/// At least this share of follow-up turns (the second and later of a dialogue) must be
/// answered right. The goal is 0.85; measured 0.69 when the dialogues were added, 0.80 with
/// the third blind set's dialogues (after tuning on them), 0.85 with the fourth's, 0.84 with
/// the sixth's and eighth's (406 turns), 0.838 with the eleventh's (591 turns, after tuning
/// on it), 0.786 with the thirteenth's (796 turns; 154 of its follow-ups, 60% answered right,
/// tuned on only a little), so the bar followed it down to 0.78; 0.778 with the fourteenth's
/// (1073 turns; 251 of its follow-ups, 62% right when measured blind), and 0.788 after the round
/// that added it; 0.766 with the seventeenth's (1398 turns; 271 of its in-scope follow-ups, 66%
/// right when measured blind, 61% with the code and pack of the round before), so the bar was
/// 0.76; 0.791 after the round that added the eighteenth's and twentieth's dialogues (1905
/// turns; 72.5% and 77.9% of their in-scope follow-ups right when measured blind), so the bar
/// was 0.78; 0.782 after the round that added the dialogues of sets 21 to 24 (2706 turns; 71.5%,
/// 71.9%, 71.0% and 62.0% of their in-scope follow-ups right when measured blind; set 24 was
/// written to ask about people the bot had declined, to doubt and to ask for rewording), and
/// 0.776 with set 25's, written near that round's end and not tuned on for follow-ups (2859
/// turns; 68.3% of its in-scope follow-ups right), so the bar was 0.77; 0.769 with sets 26 and
/// 27 (3201 turns; 75.2% and 68.3% of their in-scope follow-ups right when measured blind), and
/// 0.783 after the round that added them, so the bar was 0.78 (0.783 with set 28's too, added
/// at that round's end: 3365 turns; 69.3% of its in-scope follow-ups right when measured blind
/// with the round's starting code, 70.8% with its end); 0.794 after the round that added sets
/// 29 to 31 (4112 turns; 66.7% and 73.0% of sets 29 and 30's in-scope follow-ups right when
/// measured blind at that round's start, and 79.4% and 81.8% of set 31's, written after the
/// round's tuning, with its starting and end code), so the bar was 0.79; 0.804 after the round
/// that added sets 32 and 33 (4615 turns; 72.4% and 76.5% of their in-scope follow-ups right
/// when measured blind at that round's start, and 74.4% of set 32's, not tuned on, near its
/// end), and 0.814 once answers quoted whole sentences, so the bar is 0.81; 0.814 after the
/// round that added sets 34 and 35 (5103 turns; 73.7% and 77.8% of their in-scope follow-ups
/// right when measured blind at that round's start, and 77.8% of set 35's, not tuned on, at its
/// end); 0.813 with set 38's (5324 turns; 78.8% right with that round's starting and end code);
/// 0.815 with sets 39 and 40 (5851 turns; 80.2% and 80.3% of their in-scope follow-ups right
/// when measured blind at the start of the round that added them, 81.7% and 80.3% at its end,
/// set 40 not looked at); 0.823 with sets 41 to 43 (6122 turns; 86.2%, 91.9% and 80.4% of
/// their in-scope follow-ups right when measured blind at the start of the round that added
/// them, 91.4%, 93.5% and 84.1% at its end, set 43 not looked at), and 0.825 at that round's
/// end, so the bar was 0.82; 0.834 at the end of the round that added sets 44 to 46 and 48
/// (6433 turns; 87.7%, 77.4% and 81.8% of sets 44 to 46's in-scope follow-ups right when
/// measured blind at that round's start, 91.2%, 79.2% and 83.6% at its end, set 45 not looked
/// at until then; set 48, written near the round's end, 77.6% when measured once), so the bar
/// was 0.83. A second annotator who read only the story agreed with the writers' answer to
/// 84.7% of 111 in-scope follow-ups: the bar is near what two people agree on. 0.841 at the
/// end of the round that added sets 50 to 55 (6864 turns; 82.2%, 83.7%, 73.0%, 84.7% and 74.4%
/// of sets 50, 51, 52, 54 and 55's in-scope follow-ups right when measured blind at that
/// round's start; set 51 not looked at until its end, and the same then), so the bar is 0.835;
/// 0.840 with set 57's dialogues, written at that round's end (74.5% of their in-scope
/// follow-ups right, 76.4% with the round's starting code). 0.850 (6267 of 7373 turns, one
/// short) at the end of the round that added sets 58, 59 and 61 (86.4%, 82.4% and 82.2% of
/// their in-scope follow-ups right when measured blind at that round's start; set 59 not looked
/// at until its end, and the same then), so the bar is 0.845; 0.848 with set 62's dialogues,
/// written at that round's end (71.0% of their in-scope follow-ups right with its starting
/// and its end code). 0.851 (6469 of 7600) at the end of the round that added set 63 (83.0%
/// of its in-scope follow-ups right when measured blind at that round's start, 87.5% at its
/// end); 0.849 (6635 of 7813) with that round's gauge, set 65 (71.3% at its start, not looked
/// at, and the same at its end), and set 66, written then (75.7% with its starting and its
/// end code), so the bar stays 0.845. 0.850 (6642 of 7813) at the end of the round after;
/// 0.851 (6883 of 8090) with the sets it added, 67 to 69 (91.8%, 80.7% and 90.4% of their
/// in-scope follow-ups right when measured blind at its start; the gauge, 68, and the last
/// check, 69, gave the same replies with its end code before they were read), so the bar
/// stays 0.845. 0.852 (6894 of 8090) at the end of the round after; 0.852 (7404 of 8693) with
/// the sets it added, 70 to 75 (78.5%, 77.6% and 86.7% of the dev sets 70, 74 and 75's in-scope
/// follow-ups right at its start; 83.8% of the pooled gauge's, 71 to 73, at its start and,
/// before they were read, at its end), so the bar stays 0.845. 0.853 (7413 of 8693) later in
/// that round; 0.854 (7642 of 8949) with a second pooled gauge it wrote then, sets 76 to 78
/// (90.3% of their in-scope follow-ups right when measured blind, and the same before they
/// were read at its end), so the bar stays 0.845. 0.856 (8174 of 9552) with the two pooled
/// gauges the next round wrote at its start, sets 79 to 82 (89.2% of their follow-ups right
/// when measured blind) and 83 to 86 (86.5% at its start, 86.9% at its end before they were
/// read), so the bar stays 0.845. 0.857 (8495 of 9911) with the two gauges the round after
/// wrote at its start, sets 87 to 89 (89.7% of their follow-ups right when measured blind) and
/// 90 to 92 (87.4% at its start, 86.9% at its end before they were read), so the bar stays
/// 0.845. 0.859 (8889 of 10348) with the round after's sets 96 to 103 (set 97, its gauge: 78.2%
/// of its follow-ups right at its start, 80.0% at its end before it was read), so the bar stays
/// 0.845.
const MIN_FOLLOW_UP: f64 = 0.845;
/// At least this share of the paraphrases in `tests/eval/paraphrases/` must be answered quoting
/// one of their entry's excerpts. Helpers who read the story and each entry's id, first
/// question and answer (never its other phrasings) wrote 20, then 15, then 10 messages per
/// entry, as chat users would ask what it answers. What counts is the story's words quoted, as
/// for every other question here: entries share excerpts ("when did China announce it" is told
/// by the timing and by the dates alike), so the id answering matches the entry written for
/// less often (71%). The first two sets measured 0.834 when written (2365 of 2835); the third,
/// written after the round that added them had tuned on those, 0.835 with that round's starting
/// code and 0.853 with its code then (676 and 691 of 810); all three 0.862 (3143 of 3645).
const MIN_PARAPHRASED: f64 = 0.85;
/// And at least this share of each entry's: no entry is found only by its own words.
const MIN_PARAPHRASED_ENTRY: f64 = 0.5;
/// The median answer quotes at most this many characters, and none more than `MAX_CITED`.
const MEDIAN_CITED: usize = 250;
const MAX_CITED: usize = 500;

#[derive(Debug, Deserialize)]
struct Case {
    kind: String,
    q: String,
    #[serde(default)]
    expect: Vec<String>,
    /// The pack entry a paraphrase was written for (`tests/eval/paraphrases/`).
    #[serde(default)]
    entry: Option<String>,
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

fn cases(sub: &str) -> Vec<(String, Case)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/eval")
        .join(sub);
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
                matches!(case.kind.as_str(), "in" | "oos" | "near" | "smalltalk"),
                "{name}:{}: kind {}",
                number + 1,
                case.kind
            );
            cases.push((name.clone(), case));
        }
    }
    cases
}

/// The replies of `storybot ask --json` (with `extra` arguments) to `input`, one per line.
fn ask(extra: &[&str], input: &str) -> Vec<Value> {
    let mut args = vec!["ask", "--json"];
    args.extend_from_slice(extra);
    args.push("-");
    let output = run(storybot().args(&args), input);
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("JSON line"))
        .collect()
}

/// Whether `reply` is right for `case`.
fn judge(case: &Case, reply: &Value) -> bool {
    let answered = reply["status"] == "answered";
    let cited = fold(&reply["citations"].to_string().replace("\\\"", "\""));
    let cites_expected = case
        .expect
        .iter()
        .any(|phrase| cited.contains(&fold(phrase)));
    match case.kind.as_str() {
        "in" => answered && cites_expected,
        "oos" | "smalltalk" => !answered,
        _ => !answered || cites_expected,
    }
}

/// The characters an answer quotes, each excerpt once: none is quoted again or inside
/// another of the same paragraph.
fn cited_length(reply: &Value) -> Option<usize> {
    let citations = reply["citations"].as_array()?;
    for (at, cite) in citations.iter().enumerate() {
        let excerpt = cite["excerpt"].as_str().unwrap_or_default();
        assert!(
            !citations.iter().enumerate().any(|(other, c)| other != at
                && c["paragraph"] == cite["paragraph"]
                && c["excerpt"].as_str().unwrap_or_default().contains(excerpt)),
            "quoted twice: {reply}"
        );
    }
    Some(
        citations
            .iter()
            .map(|c| c["excerpt"].as_str().unwrap_or_default().chars().count())
            .sum(),
    )
}

/// The median and the longest of `lengths` (of cited text).
fn median_and_longest(mut lengths: Vec<usize>) -> (usize, usize) {
    lengths.sort_unstable();
    let median = lengths[lengths.len() / 2];
    (median, lengths.last().copied().unwrap_or_default())
}

/// Cited text within [`MEDIAN_CITED`] at the median and [`MAX_CITED`] at most.
fn assert_cited_lengths(median: usize, longest: usize) {
    assert!(median <= MEDIAN_CITED, "median cited length {median}");
    assert!(
        longest <= MAX_CITED,
        "an answer quotes {longest} characters"
    );
}

#[test]
fn answers_meet_the_quality_bar() {
    let mut all = cases("");
    all.extend(cases("smalltalk"));
    let cases = all;
    assert!(cases.len() >= 150, "only {} questions", cases.len());
    let input: String = cases.iter().map(|(_, c)| format!("{}\n", c.q)).collect();
    let replies = ask(&[], &input);
    assert_eq!(replies.len(), cases.len(), "one reply per question");

    let mut tally: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    let mut failures = Vec::new();
    let mut lengths = Vec::new();
    for ((file, case), reply) in cases.iter().zip(&replies) {
        let ok = judge(case, reply);
        lengths.extend(cited_length(reply));
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
    let (median, longest) = median_and_longest(lengths);
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
        "eval: {}; cited length median {median}, longest {longest}\nmisses:\n{}",
        summary.join(", "),
        failures.join("\n")
    );
    assert_eq!(
        share("smalltalk"),
        1.0,
        "small talk got a story answer: {}",
        summary.join(", ")
    );
    assert_cited_lengths(median, longest);
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

#[test]
fn paraphrases_quote_what_their_entry_quotes() {
    let cases = cases("paraphrases");
    assert!(cases.len() >= 1000, "only {} paraphrases", cases.len());
    let input: String = cases.iter().map(|(_, c)| format!("{}\n", c.q)).collect();
    let replies = ask(&[], &input);
    assert_eq!(replies.len(), cases.len(), "one reply per question");
    let mut per_entry: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    let mut failures = Vec::new();
    for ((file, case), reply) in cases.iter().zip(&replies) {
        assert_eq!(case.kind, "in", "{file}: {:?}", case.q);
        let entry = case
            .entry
            .as_deref()
            .expect("each paraphrase names its entry");
        let ok = judge(case, reply);
        let tally = per_entry.entry(entry).or_default();
        tally.1 += 1;
        if ok {
            tally.0 += 1;
        } else {
            failures.push(format!(
                "  {file} [{entry}] {:?} -> {} {}",
                case.q, reply["status"], reply["id"]
            ));
        }
    }
    let right: usize = per_entry.values().map(|(ok, _)| ok).sum();
    let share = right as f64 / cases.len() as f64;
    let weakest: Vec<String> = per_entry
        .iter()
        .filter(|(_, (ok, all))| (*ok as f64) < MIN_PARAPHRASED_ENTRY * *all as f64)
        .map(|(entry, (ok, all))| format!("{entry} {ok}/{all}"))
        .collect();
    eprintln!(
        "paraphrases: {right}/{} ({:.1}%)\nmisses:\n{}",
        cases.len(),
        100.0 * share,
        failures.join("\n")
    );
    assert!(
        share >= MIN_PARAPHRASED,
        "paraphrases {right}/{}",
        cases.len()
    );
    assert!(weakest.is_empty(), "entries rarely found: {weakest:?}");
}

#[derive(Debug, Deserialize)]
struct Dialogue {
    turns: Vec<Case>,
}

#[test]
fn follow_up_questions_are_read_in_context() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval/dialogues");
    let mut dialogues = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/eval/dialogues exists") {
        let path = entry.unwrap().path();
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            if !line.trim().is_empty() {
                let dialogue: Dialogue = serde_json::from_str(line).expect("a dialogue");
                dialogues.push(dialogue);
            }
        }
    }
    assert!(dialogues.len() >= 30, "{} dialogues", dialogues.len());
    // Turns of a conversation on consecutive lines; a blank line between conversations.
    let input: String = dialogues
        .iter()
        .map(|d| {
            let turns: Vec<&str> = d.turns.iter().map(|t| t.q.as_str()).collect();
            format!("{}\n\n", turns.join("\n"))
        })
        .collect();
    let replies = ask(&["--conversation"], &input);
    let turns: usize = dialogues.iter().map(|d| d.turns.len()).sum();
    assert_eq!(replies.len(), turns, "one reply per turn");
    let (mut right, mut follow_ups, mut first_right) = (0, 0, 0);
    // Small talk after an answer ("😂", "you're a good bot") is held to the same bar as small
    // talk anywhere: never a story answer. It is counted apart, so easy turns do not lift the
    // follow-up share.
    let mut smalltalk_answered = Vec::new();
    let mut failures = Vec::new();
    // Cited length, as for single questions: a summary asked for may quote more.
    let summary = &ask(&[], "summarize the story\n")[0]["id"];
    let mut lengths = Vec::new();
    let mut replies = replies.iter();
    for dialogue in &dialogues {
        for (at, turn) in dialogue.turns.iter().enumerate() {
            let reply = replies.next().unwrap();
            if &reply["id"] != summary {
                lengths.extend(cited_length(reply));
            }
            let ok = judge(turn, reply);
            if at == 0 {
                first_right += usize::from(ok);
                continue;
            }
            if turn.kind == "smalltalk" {
                if !ok {
                    smalltalk_answered.push(format!("  {:?} -> {}", turn.q, reply["id"]));
                }
                continue;
            }
            follow_ups += 1;
            right += usize::from(ok);
            if !ok {
                failures.push(format!(
                    "  {:?} -> {} {}",
                    turn.q, reply["status"], reply["id"]
                ));
            }
        }
    }
    let share = right as f64 / follow_ups as f64;
    let (median, longest) = median_and_longest(lengths);
    eprintln!(
        "dialogues: first turns {first_right}/{}, follow-ups {right}/{follow_ups} ({:.1}%); cited length median {median}, longest {longest} (but the summary)\nmisses:\n{}",
        dialogues.len(),
        share * 100.0,
        failures.join("\n")
    );
    assert_cited_lengths(median, longest);
    assert!(share >= MIN_FOLLOW_UP, "follow-ups {right}/{follow_ups}");
    assert!(
        smalltalk_answered.is_empty(),
        "small talk answered from the story in conversation:\n{}",
        smalltalk_answered.join("\n")
    );
}

/// Of the in-scope questions answered right as written, at least this share must still be
/// answered right with one letter mistyped in one of their longer words. Measured 0.889 at the
/// start of the round that added this test and 0.935 at its end (an unknown word one slip from
/// a function word weighs as that word; one letter from a name the story writes is that
/// name), so the bar is 0.92. Off-topic questions declined as written must stay declined as
/// often as [`MIN_OFF_TOPIC`] asks (0.996 at that round's end).
const MIN_ONE_TYPO: f64 = 0.92;

/// A deterministic pseudo-random generator (xorshift), so the typos are the same on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// `question` with one slip of the keyboard in one of its words of five letters or more: two
/// letters swapped, one dropped, one added or one replaced, never the first letter, and never
/// one that leaves the word as it was. `None` when it has no such word. Seeded by the question
/// itself, so a question's typo does not depend on the questions before it.
fn mistyped(question: &str) -> Option<String> {
    let seed = question.bytes().fold(0x7e57_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let mut rng = Rng(seed | 1);
    (0..MAX_TYPO_TRIES)
        .filter_map(|_| slip(question, &mut rng))
        .find(|typed| typed != question)
}

/// How many slips [`mistyped`] tries before it finds one that changes the question.
const MAX_TYPO_TRIES: usize = 8;

/// One slip of the keyboard in `question` ([`mistyped`]), which may change nothing.
fn slip(question: &str, rng: &mut Rng) -> Option<String> {
    let mut words: Vec<String> = question.split(' ').map(str::to_owned).collect();
    let long: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].chars().filter(char::is_ascii_alphabetic).count() >= 5)
        .collect();
    if long.is_empty() {
        return None;
    }
    let at = long[rng.below(long.len())];
    let mut letters: Vec<char> = words[at].chars().collect();
    // Inside the word: the first letter is rarely mistyped.
    let inner: Vec<usize> = (1..letters.len().saturating_sub(1))
        .filter(|&i| letters[i].is_ascii_alphabetic())
        .collect();
    let &k = inner.get(rng.below(inner.len().max(1)))?;
    let typed = ['a', 'e', 'i', 'o', 'u', 'r', 's', 't', 'n', 'l'][rng.below(10)];
    match rng.below(4) {
        0 if letters[k + 1].is_ascii_alphabetic() => letters.swap(k, k + 1),
        1 => {
            letters.remove(k);
        }
        2 => letters.insert(k, typed),
        _ => letters[k] = typed,
    }
    words[at] = letters.into_iter().collect();
    Some(words.join(" "))
}

/// The questions of `kind` judged right as written, asked again with a typo ([`mistyped`]):
/// how many were, and those no longer judged right.
fn retyped(kind: &str) -> (usize, Vec<String>) {
    let asked: Vec<Case> = cases("")
        .into_iter()
        .map(|(_, case)| case)
        .filter(|case| case.kind == kind)
        .collect();
    let input: String = asked.iter().map(|c| format!("{}\n", c.q)).collect();
    let replies = ask(&[], &input);
    let typed: Vec<(&Case, String)> = asked
        .iter()
        .zip(&replies)
        .filter(|(case, reply)| judge(case, reply))
        .filter_map(|(case, _)| Some((case, mistyped(&case.q)?)))
        .collect();
    let input: String = typed.iter().map(|(_, q)| format!("{q}\n")).collect();
    let replies = ask(&[], &input);
    let misses = typed
        .iter()
        .zip(&replies)
        .filter(|((case, _), reply)| !judge(case, reply))
        .map(|((_, typed), _)| typed.clone())
        .collect();
    (typed.len(), misses)
}

#[test]
fn a_typo_in_a_question_rarely_changes_its_answer() {
    // (kind, the share that must stay right, what right means)
    for (kind, bar, right) in [
        ("in", MIN_ONE_TYPO, "right"),
        // A slip is never read into a word of the story when the word typed is one of its
        // own ("tramp", "dying"): off-topic questions stay declined.
        ("oos", MIN_OFF_TOPIC, "declined"),
    ] {
        let (typed, misses) = retyped(kind);
        assert!(typed >= 900, "only {typed} {kind} questions to mistype");
        let share = 1.0 - misses.len() as f64 / typed as f64;
        eprintln!(
            "one typo, {kind}: {}/{typed} still {right} ({:.1}%)",
            typed - misses.len(),
            share * 100.0
        );
        assert!(
            share >= bar,
            "{kind}: {share:.3} < {bar}; first misses: {:?}",
            &misses[..misses.len().min(20)]
        );
    }
}
