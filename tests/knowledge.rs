//! Knowledge packs: the shipped one is valid and covers the story; broken ones are refused with
//! every problem named (file, line, entry id), by `storybot check` and by every other command.

use crate::util::{ScratchPack, run, shipped_pack, stderr, stdout, storybot};

#[test]
fn the_shipped_pack_is_valid_and_covers_every_paragraph() {
    let output = run(
        storybot().args(["check", "--knowledge", shipped_pack().to_str().unwrap()]),
        "",
    );
    let text = stdout(&output);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        text.contains("paragraphs covered by citations: 12 of 12"),
        "{text}"
    );
    assert!(text.contains("paragraphs not covered: none"), "{text}");
    // Nor any warning: what `check` tells a curator, the shipped pack heeds.
    let all = format!("{text}{}", stderr(&output));
    assert!(!all.contains("warning"), "{all}");

    let pack = storybot::knowledge::KnowledgePack::load(&shipped_pack()).expect("valid");
    assert!(pack.entries.len() >= 60, "{} entries", pack.entries.len());
    assert!(
        pack.entries.iter().all(|e| e.questions.len() >= 3),
        "every entry has several phrasings"
    );
    for paragraph in 1..=pack.story.paragraphs.len() {
        let cited = pack
            .entries
            .iter()
            .flat_map(|e| &e.citations)
            .filter(|c| c.paragraph == paragraph)
            .count();
        assert!(cited >= 2, "paragraph {paragraph} is cited {cited} times");
    }
}

#[test]
fn the_story_is_the_article_verbatim() {
    // The pack's story must be the published text, paragraph for paragraph.
    let pack = storybot::knowledge::KnowledgePack::load(&shipped_pack()).expect("valid");
    let story = std::fs::read_to_string(shipped_pack().join("story.md")).unwrap();
    assert_eq!(pack.story.paragraphs.len(), 12);
    assert!(
        pack.story.paragraphs[8].contains("800 companiesand showcasing"),
        "typo kept as published"
    );
    assert!(
        story.contains("\u{201C}new engine for growth,\u{201D}"),
        "curly quotes kept"
    );
}

/// Runs `check` on a pack whose `qa.toml` is `qa`; returns (exit code, stderr).
fn check(qa: &str) -> (Option<i32>, String) {
    let pack = ScratchPack::new();
    pack.write_qa(qa);
    let output = pack.check();
    (output.status.code(), stderr(&output))
}

const GOOD_ENTRY: &str = r#"
[[qa]]
id = "who-announced"
topic = "The announcement"
questions = ["Who announced the proposal?"]
answer = "Premier Li Qiang."
cite = ["The initiative was announced by Chinese Premier Li Qiang"]
"#;

#[test]
fn an_excerpt_not_in_the_story_is_refused_with_the_closest_paragraph() {
    let qa = format!(
        "{GOOD_ENTRY}\n[[qa]]\nid = \"engine\"\nquestions = [\"How did Li describe AI?\"]\nanswer = \"As an engine.\"\ncite = [\"Describing AI as a \\\"new engine of growth\\\"\"]\n"
    );
    let (code, error) = check(&qa);
    assert_eq!(code, Some(1), "{error}");
    assert!(
        error.contains("qa.toml:13: entry `engine`: cite 1 is not a verbatim excerpt"),
        "{error}"
    );
    assert!(error.contains("closest is paragraph 3"), "{error}");
    assert!(
        error.contains("the cite has \"of growth"),
        "where they differ: {error}"
    );
    assert!(
        error.contains("the story has \"for growth"),
        "where they differ: {error}"
    );
}

#[test]
fn quotes_dashes_and_whitespace_are_tolerated_in_excerpts() {
    let qa = format!(
        "{GOOD_ENTRY}\n[[qa]]\nid = \"infra\"\nquestions = [\"What infrastructure?\"]\nanswer = \"Cloud and data hubs.\"\ncite = [\"infrastructure   development - such as cloud computing systems\", \"Describing AI as a \\\"new engine for growth,\\\" Li\"]\n"
    );
    let (code, error) = check(&qa);
    assert_eq!(code, Some(0), "{error}");
}

#[test]
fn every_problem_is_reported_at_once() {
    let qa = format!(
        r#"{GOOD_ENTRY}
[[qa]]
id = "who-announced"
questions = ["Again?"]
answer = "Duplicate."
cite = ["The initiative was announced by Chinese Premier Li Qiang"]

[[qa]]
id = "Bad_Id"
questions = []
answer = ""
cite = ["Li Qiang"]
colour = "red"

[[qa]]
id = "no-cite"
questions = ["Where?"]
answer = "Shanghai."

[[qa]]
id = "gap-as-text"
questions = ["Who pays?"]
answer = "The story does not say."
cite = ["Li Qiang"]
gap = "yes"
"#
    );
    let (code, error) = check(&qa);
    assert_eq!(code, Some(1), "{error}");
    for expected in [
        "problems:",
        "qa.toml:10: entry `who-announced`: duplicate id: already used by the entry at line 3",
        "qa.toml:16: id `Bad_Id` must be kebab-case",
        "qa.toml:17: `questions` is empty",
        "qa.toml:18: `answer` is empty",
        "qa.toml:20: unknown key `colour`",
        "qa.toml:23: entry `no-cite`: entry has no `cite`",
        "qa.toml:32: entry `gap-as-text`: `gap` must be true or false",
    ] {
        assert!(
            error.contains(expected),
            "missing {expected:?} in:\n{error}"
        );
    }
}

#[test]
fn bad_toml_is_refused_with_its_line() {
    let (code, error) = check("[[qa]]\nid = \"x\"\nquestions = [\"unclosed\"\n");
    assert_eq!(code, Some(1), "{error}");
    assert!(error.contains("qa.toml:"), "{error}");
    assert!(error.contains("invalid TOML"), "{error}");
}

#[test]
fn a_broken_pack_is_never_served() {
    let pack = ScratchPack::new();
    pack.write_qa(&format!("{GOOD_ENTRY}{GOOD_ENTRY}"));
    for args in [
        vec!["ask", "Who announced the proposal?"],
        vec!["chat"],
        vec![],
    ] {
        let output = run(
            storybot().args(&args).arg("--knowledge").arg(pack.path()),
            "Who announced the proposal?\n",
        );
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains("duplicate id"),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stdout(&output).is_empty(),
            "{args:?}: nothing answered: {}",
            stdout(&output)
        );
    }
}

#[test]
fn a_bad_story_is_refused() {
    let pack = ScratchPack::new();
    std::fs::write(
        pack.path().join("story.md"),
        "+++\ntitle = \"T\"\nauthor = \"me\"\n+++\n\nOne paragraph.\n",
    )
    .unwrap();
    let output = pack.check();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("story.md:3: front matter: unknown field `author`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn packs_past_the_limits_are_refused_by_check() {
    let pack = ScratchPack::new();
    let questions: Vec<String> = (0..1001).map(|i| format!("\"Question {i}?\"")).collect();
    pack.write_qa(&format!(
        "[synonyms]\nbig = [{}]\n\n[[qa]]\nid = \"many\"\nquestions = [{}]\nanswer = \"A.\"\ncite = [\"The initiative was announced by Chinese Premier Li Qiang\"]\n",
        (0..201).map(|i| format!("\"w{i}\"")).collect::<Vec<_>>().join(", "),
        questions.join(", ")
    ));
    let output = pack.check();
    assert_eq!(output.status.code(), Some(1));
    let error = stderr(&output);
    assert!(
        error.contains("1001 questions: an entry has at most 1000"),
        "{error}"
    );
    assert!(error.contains("201 equivalents: at most 200"), "{error}");

    std::fs::write(
        pack.path().join("story.md"),
        format!("+++\ntitle = \"x\"\n+++\n\n{}", "word ".repeat(900_000)),
    )
    .unwrap();
    let output = pack.check();
    let error = stderr(&output);
    assert!(
        error.contains("story.md") && error.contains("at most 4194304"),
        "{error}"
    );
}

#[test]
fn a_small_talk_file_is_checked_like_the_rest() {
    let pack = ScratchPack::new();
    std::fs::write(
        pack.path().join("smalltalk.toml"),
        "[[smalltalk]]\nid = \"greeting\"\nreply = \"Hi {nobody}\"\n\n[[smalltalk]]\nid = \"coffee\"\nphrases = [\"coffee?\"]\n",
    )
    .unwrap();
    let output = pack.check();
    assert_eq!(output.status.code(), Some(1));
    let error = stderr(&output);
    assert!(
        error.contains("smalltalk.toml: entry `greeting`: unknown placeholder {nobody}"),
        "{error}"
    );
    assert!(
        error.contains("entry `coffee`: a new intent needs a reply"),
        "{error}"
    );
    std::fs::write(
        pack.path().join("smalltalk.toml"),
        "[[smalltalk]]\nid = \"coffee\"\nphrases = [\"coffee?\"]\nreply = \"No coffee, only {title}.\"\n",
    )
    .unwrap();
    let output = run(
        storybot().args([
            "ask",
            "--json",
            "--knowledge",
            pack.path().to_str().unwrap(),
            "coffee?",
        ]),
        "",
    );
    let json: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(json["status"], "smalltalk", "{json}");
    assert!(
        json["answer"]
            .as_str()
            .unwrap()
            .starts_with("No coffee, only China")
    );
}
