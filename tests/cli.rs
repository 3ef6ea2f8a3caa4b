//! The command line as people and scripts use it: `ask`, `ask --json`, `chat`, settings.

use serde_json::Value;
use storybot::knowledge::KnowledgePack;

use crate::util::{ScratchPack, run, shipped_pack, stderr, stdout, storybot};

fn ask_json(question: &str) -> Value {
    let output = run(storybot().args(["ask", "--json", question]), "");
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_str(stdout(&output).trim()).expect("one JSON object")
}

/// Every citation must be the story's own words, in the paragraph it names.
fn assert_verbatim(citations: &Value) {
    let pack = KnowledgePack::load(&shipped_pack()).expect("valid pack");
    let citations = citations.as_array().expect("citations array");
    assert!(!citations.is_empty());
    for citation in citations {
        let paragraph = citation["paragraph"].as_u64().expect("paragraph number") as usize;
        let excerpt = citation["excerpt"].as_str().expect("excerpt");
        let text = pack.story.paragraph(paragraph).expect("paragraph exists");
        assert!(
            text.contains(excerpt),
            "¶{paragraph} does not contain {excerpt:?}"
        );
    }
}

#[test]
fn explain_shows_why_a_remark_is_declined() {
    let remark = "data hubs in under resourced regions could actually change a lot";
    let output = run(storybot().args(["ask", "--explain", remark]), "");
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("can't find an answer"), "{text}");
    assert!(text.contains("log-odds that it is a remark"), "{text}");
    let output = run(
        storybot().args(["ask", "--explain", "data hubs for poorer regions"]),
        "",
    );
    let text = stdout(&output);
    assert!(!text.contains("can't find an answer"), "{text}");
    assert!(text.contains("log-odds that it is a remark: -"), "{text}");
    // With --json, the same figure as a field.
    let output = run(storybot().args(["ask", "--json", "--explain", remark]), "");
    let json: serde_json::Value =
        serde_json::from_str(stdout(&output).trim()).expect("one JSON line");
    assert!(
        json["remark_odds"].as_f64().is_some_and(|odds| odds > 2.0),
        "{json}"
    );
}

#[test]
fn explain_shows_how_the_question_was_read_and_which_pack_answered() {
    let output = run(
        storybot().args(["ask", "--explain", "who anounced the proposal?"]),
        "",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("How the question was read"), "{text}");
    // The typo is read as the pack's word, with a lower match quality.
    assert!(text.contains("~announc"), "{text}");
    assert!(
        stderr(&output).contains("knowledge pack: ") && stderr(&output).contains("knowledge"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn ask_prints_the_answer_with_cited_paragraphs() {
    let output = run(storybot().args(["ask", "Who announced the proposal?"]), "");
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(text.contains("Li Qiang"), "{text}");
    assert!(text.contains("¶2"), "{text}");
    assert!(
        text.contains("announced by Chinese Premier Li Qiang"),
        "{text}"
    );
}

#[test]
fn ask_takes_an_unquoted_question() {
    let output = run(
        storybot().args(["ask", "--json", "who", "announced", "it"]),
        "",
    );
    let json: Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(json["status"], "answered", "{json}");
}

#[test]
fn ask_json_has_the_documented_shape() {
    let json = ask_json("How many humanoid robots were shown?");
    assert_eq!(json["status"], "answered");
    assert!(json["id"].as_str().is_some_and(|id| !id.is_empty()));
    assert!(json["question"].as_str().is_some_and(|q| !q.is_empty()));
    assert!(
        json["answer"].as_str().is_some_and(|a| a.contains("60")),
        "{json}"
    );
    let score = json["score"].as_f64().expect("score");
    assert!((0.0..=1.0).contains(&score), "{score}");
    assert_verbatim(&json["citations"]);
    assert!(
        json["citations"].to_string().contains("60 humanoid robots"),
        "{json}"
    );
    for suggestion in json["suggestions"].as_array().expect("suggestions") {
        assert!(suggestion["id"].is_string() && suggestion["question"].is_string());
        assert!(
            suggestion["score"]
                .as_f64()
                .is_some_and(|s| s < score + 1e-9)
        );
    }
    assert!(json["suggestions"].as_array().unwrap().len() <= 3);
}

#[test]
fn off_topic_questions_get_no_match_without_an_answer() {
    for question in [
        "Who won the Super Bowl?",
        "What is the best way to bake sourdough bread?",
        "What is the best pizza topping?",
    ] {
        let json = ask_json(question);
        assert_eq!(json["status"], "no_match", "{question}: {json}");
        assert!(json["id"].is_null() && json["answer"].is_null() && json["citations"].is_null());
        assert!(json["suggestions"].as_array().unwrap().len() <= 3);
    }
}

#[test]
fn small_talk_gets_a_reply_in_kind_and_never_a_story_answer() {
    for (text, says) in [
        ("hi", "Hi!"),
        ("thx!!", "welcome"),
        ("who made you?", "storybot"),
        ("what's 12 times 7", "84"),
        ("can you help", "/help"),
        ("asdfgh", "didn't catch"),
    ] {
        let json = ask_json(text);
        assert_eq!(json["status"], "smalltalk", "{text}: {json}");
        assert!(
            json["id"].is_null() && json["citations"].is_null(),
            "{json}"
        );
        let answer = json["answer"].as_str().unwrap();
        assert!(answer.contains(says), "{text}: {answer}");
    }
    // A story question after a greeting is still answered.
    let json = ask_json("hey! who announced it?");
    assert_eq!(json["status"], "answered", "{json}");
    assert_eq!(json["id"], "who-announced");
}

#[test]
fn conversations_read_follow_ups_in_context() {
    let input = "who announced the proposal?\nwhere?\n\nwhere?\n";
    let output = run(
        storybot().args(["ask", "--json", "--conversation", "-"]),
        input,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let lines: Vec<Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 3, "one line per non-blank line");
    assert_eq!(lines[0]["id"], "who-announced");
    assert_eq!(lines[1]["status"], "answered", "{}", lines[1]);
    assert!(lines[1]["citations"].to_string().contains("Shanghai"));
    // A blank line starts a new conversation: "where?" alone has no subject.
    assert_ne!(lines[2]["status"], "answered", "{}", lines[2]);
    let refused = run(storybot().args(["ask", "--conversation", "where"]), "");
    assert!(!refused.status.success());
}

#[test]
fn a_near_miss_offers_suggestions() {
    let json = ask_json("Who is the mayor of Shanghai?");
    assert_eq!(json["status"], "no_match", "{json}");
    let output = run(
        storybot().args(["ask", "Who is the mayor of Shanghai?"]),
        "",
    );
    assert!(
        stdout(&output).contains("won't guess"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn ask_dash_answers_one_json_line_per_input_line() {
    let input = "Who announced the proposal?\n\nqwertyuiop\nhow many llms were shown\n";
    let output = run(storybot().args(["ask", "--json", "-"]), input);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines: Vec<Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["status"], "answered");
    assert_eq!(lines[1]["status"], "no_match");
    assert!(
        lines[1]["refused"]
            .as_str()
            .is_some_and(|r| r.contains("ask a question"))
    );
    // Letter-mashing is small talk: a reply in kind, not a story answer.
    assert_eq!(lines[2]["status"], "smalltalk");
    assert!(lines[2].get("refused").is_none());
    assert_eq!(lines[3]["status"], "answered");
    assert!(
        lines[3]["citations"]
            .to_string()
            .contains("40 large language models")
    );
}

#[test]
fn question_length_is_bounded_with_a_polite_reply() {
    let at_limit = format!("Who announced the proposal? {}", "x".repeat(300 - 28));
    assert_eq!(at_limit.chars().count(), 300);
    assert!(ask_json(&at_limit).get("refused").is_none());

    let over = "x".repeat(301);
    let json = ask_json(&over);
    assert_eq!(json["status"], "no_match");
    assert!(
        json["refused"].as_str().unwrap().contains("301 characters"),
        "{json}"
    );

    let output = run(storybot().args(["ask", "   "]), "");
    assert!(output.status.success());
    assert!(
        stdout(&output).contains("Please ask a question"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn chat_speaks_the_chat_commands_on_piped_input() {
    let input = "/topics\n/source 3\n/source 99\n/source x\n/help\n!ask who announced it\nhow many robots\n/aks it\n/quit\nWho announced it?\n";
    let output = run(storybot().arg("chat"), input);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("The conference"), "topics: {text}");
    assert!(text.contains("¶3 of 12"), "source 3: {text}");
    assert!(text.contains("new engine for growth"), "source 3: {text}");
    assert!(
        text.contains("The story has 12 paragraphs; ask for one from 1 to 12."),
        "{text}"
    );
    assert!(text.contains("`x` is not one"), "{text}");
    assert!(text.contains("/ask QUESTION"), "help: {text}");
    assert!(
        text.contains("announced by Chinese Premier Li Qiang"),
        "{text}"
    );
    assert!(text.contains("60 humanoid robots"), "{text}");
    assert!(text.contains("did you mean `/ask`?"), "{text}");
    // Nothing after /quit is answered.
    assert_eq!(
        text.matches("announced by Chinese Premier Li Qiang")
            .count(),
        1,
        "{text}"
    );
    assert!(
        !text.contains("> "),
        "no prompt when input is piped: {text}"
    );
}

#[test]
fn no_subcommand_starts_the_console_and_says_how_to_connect() {
    let output = run(&mut storybot(), "Who announced the proposal?\n");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("no chat front-end is configured"),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("README"), "{}", stderr(&output));
    assert!(stdout(&output).contains("Li Qiang"), "{}", stdout(&output));
}

const MARKER_PACK: &str = r#"
[[qa]]
id = "marker"
questions = ["Who announced the proposal?"]
answer = "MARKER answer"
cite = ["The initiative was announced by Chinese Premier Li Qiang"]
"#;

#[test]
fn knowledge_option_works_before_or_after_the_subcommand() {
    let pack = ScratchPack::new();
    pack.write_qa(MARKER_PACK);
    let dir = pack.path().to_str().unwrap();
    for args in [
        vec!["--knowledge", dir, "ask", "Who announced the proposal?"],
        vec!["ask", "--knowledge", dir, "Who announced the proposal?"],
    ] {
        let output = run(storybot().args(&args), "");
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        assert!(
            stdout(&output).contains("MARKER answer"),
            "{args:?}: {}",
            stdout(&output)
        );
    }
    let output = run(storybot().args(["check", "--knowledge", dir]), "");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains(dir), "{}", stdout(&output));
}

#[test]
fn the_shipped_pack_is_found_from_another_directory() {
    let elsewhere = tempfile::tempdir().unwrap();
    let output = run(
        storybot()
            .current_dir(elsewhere.path())
            .args(["ask", "--json", "hinton"]),
        "",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("Geoffrey Hinton"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_missing_pack_is_a_clear_error() {
    let output = run(
        storybot().args(["--knowledge", "/nonexistent/pack", "ask", "hi"]),
        "",
    );
    assert_eq!(output.status.code(), Some(2));
    let error = stderr(&output);
    assert!(error.contains("/nonexistent/pack"), "{error}");
    assert!(error.contains("cannot read"), "{error}");
}

#[test]
fn settings_come_from_a_file_and_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("storybot.toml");
    std::fs::write(&file, "[limits]\nmax_question_chars = 10\n").unwrap();
    let output = run(
        storybot().args([
            "--config",
            file.to_str().unwrap(),
            "ask",
            "--json",
            "Who announced it?",
        ]),
        "",
    );
    assert!(
        stdout(&output).contains("keep it to 10 or fewer"),
        "{}",
        stdout(&output)
    );

    let output = run(
        storybot()
            .env("STORYBOT__LIMITS__MAX_QUESTION_CHARS", "12")
            .args([
                "--config",
                file.to_str().unwrap(),
                "ask",
                "--json",
                "Who announced it?",
            ]),
        "",
    );
    assert!(
        stdout(&output).contains("keep it to 12 or fewer"),
        "env overrides the file: {}",
        stdout(&output)
    );
}

#[test]
fn unknown_settings_are_named_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("storybot.toml");
    std::fs::write(&file, "[matcher]\ntreshold = 0.5\n").unwrap();
    let output = run(
        storybot().args(["--config", file.to_str().unwrap(), "ask", "hi"]),
        "",
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("treshold"), "{}", stderr(&output));

    let output = run(
        storybot()
            .env("STORYBOT__MATCHER__FUZZZY", "true")
            .args(["ask", "hi"]),
        "",
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("fuzzzy"), "{}", stderr(&output));
}

#[test]
fn help_describes_the_commands() {
    let output = run(storybot().arg("--help"), "");
    let text = stdout(&output);
    for word in ["ask", "chat", "check", "--knowledge", "--config"] {
        assert!(text.contains(word), "{word}: {text}");
    }
    let output = run(storybot().args(["ask", "--help"]), "");
    let text = stdout(&output)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("--json"), "{text}");
    assert!(
        text.contains("one question per line from standard input"),
        "{text}"
    );
}
