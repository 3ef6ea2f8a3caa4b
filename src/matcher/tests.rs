//! Scoring, data-driven: one `check(question, expected)` helper and many one-line cases over a
//! small pack, so that a change to the scoring shows here as a changed line, not a rewrite.

use std::path::Path;

use super::{Matcher, MatcherConfig};
use crate::knowledge::KnowledgePack;

const STORY: &str = "+++
title = \"Test story\"
+++

The mayor of Springfield opened a new bridge on Monday, calling it a \u{201C}link to the future.\u{201D}

The bridge cost 13 million dollars and took three years to build; engineers from Ogdenville designed it.

Residents worried about traffic and noise, while shop owners hoped for more visitors.
";

const QA: &str = r#"
[synonyms]
bridge = ["overpass", "crossing"]
mayor = ["city leader"]

[[qa]]
id = "who-opened"
questions = ["Who opened the bridge?", "Which official inaugurated the crossing?"]
answer = "The mayor of Springfield."
cite = ["The mayor of Springfield opened a new bridge on Monday, calling it a \"link to the future.\""]

[[qa]]
id = "when-opened"
questions = ["When did the bridge open?", "What day was the opening?"]
answer = "On Monday."
cite = ["opened a new bridge on Monday"]

[[qa]]
id = "cost"
questions = ["How much did the bridge cost?", "What was the price of the bridge?"]
answer = "13 million dollars."
cite = ["The bridge cost 13 million dollars"]

[[qa]]
id = "designers"
questions = ["Who designed the bridge?", "Which engineers built it?"]
answer = "Engineers from Ogdenville."
cite = ["engineers from Ogdenville designed it"]

[[qa]]
id = "concerns"
questions = ["What were residents worried about?", "Did people complain?"]
answer = "Traffic and noise."
cite = ["Residents worried about traffic and noise"]
"#;

/// A question phrased exactly like an entry's question scores this.
const EXACT: f32 = 1.0;
/// The default threshold between an answer and "no match".
const THRESHOLD: f32 = crate::router::RouterConfig::DEFAULT.threshold;

fn matcher() -> (KnowledgePack, Matcher) {
    matcher_of(QA)
}

/// A test pack of `qa` about the test story, and its matcher.
fn matcher_of(qa: &str) -> (KnowledgePack, Matcher) {
    let pack = KnowledgePack::from_sources(Path::new("test"), STORY, qa).expect("valid test pack");
    let matcher = Matcher::new(&pack, MatcherConfig::DEFAULT);
    (pack, matcher)
}

/// `expected`: the id of the entry that must answer, or `None` for "no match".
fn check(question: &str, expected: Option<&str>) {
    let (pack, matcher) = matcher();
    let best = matcher.ask(question, 3).into_iter().next();
    let answered = best
        .filter(|c| c.score >= THRESHOLD)
        .map(|c| pack.entries[c.entry].id.as_str());
    assert_eq!(answered, expected, "{question:?} (best: {best:?})");
}

#[test]
fn exact_phrasings_score_full_marks() {
    let (pack, matcher) = matcher();
    for (index, entry) in pack.entries.iter().enumerate() {
        for question in &entry.questions {
            let best = matcher.ask(question, 1)[0];
            assert_eq!(best.entry, index, "{question}");
            assert!(
                (best.score - EXACT).abs() < 1e-6,
                "{question}: {}",
                best.score
            );
        }
    }
}

#[test]
fn paraphrases_typos_synonyms_and_keywords_answer() {
    check("who opened the bridge", Some("who-opened"));
    check("Who opnened the brigde?", Some("who-opened"));
    check("which city leader opened the overpass", Some("who-opened"));
    check("bridge cost", Some("cost"));
    check("price", Some("cost"));
    check("how much was the price of the crossing", Some("cost"));
    check("ogdenville", Some("designers"));
    check("what day did it open", Some("when-opened"));
    check("traffic noise", Some("concerns"));
    check("link to the future", Some("who-opened"));
    // A slip of a function word ("ther", "thier", "excatly") is not a new subject.
    check("who designed thier bridge excatly", Some("designers"));
    // A key held down in a function word or a laugh ("whyyy", "lmaooo") is that word; a
    // subject spelt long is not read as the subject ("ogdenvilleee" is no question about it).
    check("whooo opened the bridge lmaooo", Some("who-opened"));
    check("ogdenvilleee", None);
}

#[test]
fn a_key_held_down_is_typed_once_in_function_and_everyday_words_only() {
    let read = |word: &str| super::unstretched(word);
    assert_eq!(read("lmaooo").as_deref(), Some("lmao"));
    assert_eq!(read("whyyy").as_deref(), Some("why"));
    assert_eq!(read("sooo").as_deref(), Some("so"));
    for kept in ["alibabaaaa", "www", "iii", "google", "bridge"] {
        assert_eq!(read(kept), None, "{kept}");
    }
}

#[test]
fn off_topic_questions_are_declined() {
    check("What is the weather tomorrow?", None);
    check("qwertyuiop", None);
    check("good morning", None);
    check("", None);
    check("???", None);
    // Sharing one word with the story is not enough.
    check("Who is the mayor of Shelbyville?", None);
    check("What is the population of Springfield?", None);
    check("How long is the Golden Gate bridge?", None);
    check("what is the weather ther", None);
    // A word with another first letter is another word, not a typo ("graffic" is not
    // "traffic"), below eight letters.
    check("graffic", None);
    check("trafic", Some("concerns"));
    // The asker's own bridge is not the story's.
    check("when was my bridge opened", None);
    check("when was the bridge opened", Some("when-opened"));
    // What the asker writes for is no subject: it neither answers nor blocks an answer.
    check(
        "who designed the bridge? need it for my essay",
        Some("designers"),
    );
    check("what is the weather, for my essay", None);
}

#[test]
fn confidence_is_between_zero_and_one_and_ranked() {
    let (_, matcher) = matcher();
    for question in [
        "bridge",
        "who designed the bridge and how much did it cost",
        "mayor weather",
    ] {
        let candidates = matcher.ask(question, 5);
        assert!(
            candidates.iter().all(|c| (0.0..=1.0).contains(&c.score)),
            "{question}: {candidates:?}"
        );
        assert!(candidates.windows(2).all(|w| w[0].score
            + super::WH_BONUS
            + super::QUOTE_BONUS
            + super::SURFACE_BONUS
            >= w[1].score));
    }
}

#[test]
fn completion_ranks_known_questions_for_partial_input() {
    let (pack, matcher) = matcher();
    let first = |partial: &str| {
        matcher
            .complete(partial, 25)
            .first()
            .map(|c| pack.entries[c.entry].questions[c.question].clone())
    };
    assert_eq!(
        first("who des").as_deref(),
        Some("Who designed the bridge?")
    );
    assert_eq!(
        first("how much").as_deref(),
        Some("How much did the bridge cost?")
    );
    assert_eq!(
        first("resid").as_deref(),
        Some("What were residents worried about?")
    );
    assert_eq!(matcher.complete("", 25).len(), pack.entries.len());
    assert!(matcher.complete("b", 2).len() <= 2);
    let entries: Vec<usize> = matcher
        .complete("bridge ", 25)
        .iter()
        .map(|c| c.entry)
        .collect();
    let mut unique = entries.clone();
    unique.dedup();
    assert_eq!(entries, unique, "one phrasing per entry");
}

#[test]
fn large_packs_indexed_on_two_threads_answer_like_small_ones() {
    // Over `index::PARALLEL_FROM` entries, each half of the pack gets its own vocabulary, merged
    // afterwards; every entry, in either half, must still answer its own questions.
    let mut qa = String::from("[synonyms]\nbridge = [\"overpass\"]\n");
    let entries = 2_600;
    for i in 0..entries {
        qa.push_str(&format!(
            "[[qa]]\nid = \"e{i}\"\nquestions = [\"Who built span{i} overpass?\", \"cost of span{i}\"]\nanswer = \"Builders of span{i}.\"\ncite = [\"The bridge cost 13 million dollars\"]\n"
        ));
    }
    let (pack, matcher) = matcher_of(&qa);
    for i in [
        0,
        1,
        entries / 2 - 1,
        entries / 2,
        entries / 2 + 1,
        entries - 1,
    ] {
        for question in [
            format!("Who built span{i} bridge?"),
            format!("span{i} cost"),
        ] {
            let best = matcher.ask(&question, 1)[0];
            assert_eq!(pack.entries[best.entry].id, format!("e{i}"), "{question}");
            assert!(best.score >= THRESHOLD, "{question}: {}", best.score);
        }
        let completions = matcher.complete(&format!("cost of span{i}"), 3);
        assert_eq!(pack.entries[completions[0].entry].id, format!("e{i}"));
    }
}

/// `(question, entry, expected)`: the excerpts `cites_for` quotes, most relevant first.
const CITES: &[(&str, &str, &[&str])] = &[
    // With no word in common, the excerpt that answers the kind asked ("when": a day).
    (
        "when was that",
        "opening",
        &["opened a new bridge on Monday"],
    ),
    ("how much was it", "opening", &["cost 13 million dollars"]),
    ("what did he call it", "opening", &["calling it a"]),
    // All three excerpts match through one synonym group: the one writing the asker's word,
    // in any form ("design", "designed"), comes first, not the curator's first.
    ("what about the design", "making", &["designed it"]),
    ("what about the build", "making", &["to build"]),
];

const CITE_QA: &str = r#"
[synonyms]
build = ["designed", "design", "cost"]

[[qa]]
id = "making"
questions = ["How was the bridge made?"]
answer = "It cost 13 million dollars and took three years to build; engineers from Ogdenville designed it."
cite = ["The bridge cost 13 million dollars", "took three years to build", "engineers from Ogdenville designed it"]

[[qa]]
id = "opening"
questions = ["Tell me about the bridge opening"]
answer = "The mayor opened it on Monday; it cost 13 million dollars."
cite = ["calling it a \u201Clink to the future", "opened a new bridge on Monday", "The bridge cost 13 million dollars"]
"#;

#[test]
fn cites_answer_the_kind_of_question_asked() {
    let (pack, matcher) = matcher_of(CITE_QA);
    for (question, id, expected) in CITES {
        let entry = pack.entries.iter().position(|e| e.id == *id).unwrap();
        let quoted: Vec<&str> = matcher
            .cites_for(question, entry)
            .into_iter()
            .map(|c| pack.entries[entry].citations[c].excerpt.as_str())
            .collect();
        let first = quoted.first().copied().unwrap_or_default();
        assert!(first.contains(expected[0]), "{question:?}: {quoted:?}");
    }
}

#[test]
fn a_second_subject_the_entry_lacks_makes_a_match_thin() {
    let (pack, matcher) = matcher();
    // "engineers" is the designers' entry and "noise" the residents' concerns: a question
    // naming both subjects, matched by an entry on one, is never answered by it.
    let best = matcher.ask("engineers noise", 1)[0];
    assert_eq!(pack.entries[best.entry].id, "designers");
    assert!(best.thin, "{best:?}");
    let best = matcher.ask("engineers", 1)[0];
    assert!(!best.thin, "{best:?}");
}

/// Whether the best match for `question` is answerable: above the threshold and not thin.
fn answers(question: &str) -> bool {
    let (_, matcher) = matcher();
    matcher
        .ask(question, 1)
        .first()
        .is_some_and(|c| c.score >= THRESHOLD && !c.thin)
}

#[test]
fn one_word_only_the_pack_adds_or_said_to_the_bot_is_not_a_question() {
    // "complain" is in a phrasing, not in the story: alone and unasked, it is chat.
    assert!(!answers("i complain"));
    assert!(answers("did people complain"));
    // Said to the bot, one word of the story is about the bot.
    assert!(!answers("are you worried"));
    assert!(answers("were residents worried"));
    // Asking the bot for something is a question all the same.
    assert!(answers("can you tell me who opened the bridge"));
    assert!(answers("do you know who designed the bridge"));
    // So is a request mistyped by a letter; a short word a letter off is not one ("quite").
    assert!(answers("can u explian who opened the bridge"));
    assert!(!answers("are you quite worried"));
}

#[test]
fn short_words_become_function_words_only_as_question_words_or_swapped_letters() {
    let (_, matcher) = matcher();
    let read =
        |q: &str| -> Vec<String> { matcher.explain(q).into_iter().map(|t| t.words).collect() };
    // "kids" is a word of its own, not "kinds" one letter short: it stays a content word, and
    // "kinds" (a function word) would have dropped it.
    assert!(read("how many kids does the mayor have").contains(&"kids".to_owned()));
    // "whos" and "hows" are question words, "whta" a swapped "what", and longer words with two
    // letters swapped ("thier", "befroe") function words too: none is left as a content word.
    // The matcher reads them as words it knows, so a follow-up with one refers back.
    assert!(matcher.understands("befroe") && !matcher.understands("zebra"));
    // An everyday word is not a slip, whatever function word its letters make ("quite").
    assert!(read("was the bridge quiet").contains(&"quiet".to_owned()));
    for typo in [
        "whos opened the bridge",
        "hows the bridge",
        "whta did it cost",
        "thier bridge",
        "was it open befroe monday",
    ] {
        let words = read(typo);
        assert!(
            !words
                .iter()
                .any(|w| ["whos", "hows", "whta", "thier", "befroe"].contains(&w.as_str())),
            "{typo}: {words:?}"
        );
    }
}

#[test]
fn a_phrasing_with_all_the_question_words_beats_words_spread_over_phrasings() {
    // Both entries know "mayor" and "bridge"; only "opening" says them in one phrasing.
    let qa = r#"
[[qa]]
id = "spread"
questions = ["Who is the mayor?", "Where is the bridge?"]
answer = "The mayor of Springfield."
cite = ["The mayor of Springfield opened a new bridge on Monday"]

[[qa]]
id = "opening"
questions = ["Did the mayor open the bridge?"]
answer = "Yes, on Monday."
cite = ["opened a new bridge on Monday"]
"#;
    let (pack, matcher) = matcher_of(qa);
    let best = matcher.ask("mayor bridge", 2);
    assert_eq!(pack.entries[best[0].entry].id, "opening", "{best:?}");
}

#[test]
fn explained_terms_keep_their_words_when_a_word_before_them_is_dropped() {
    let (_, matcher) = matcher();
    // "What's the deal w" asks what about, and "deal" is dropped: the terms read are the
    // bridge and its cost, each beside its own words, not the dropped "deal" beside the
    // bridge's.
    let words: Vec<String> = matcher
        .explain("what's the deal w the bridge cost")
        .into_iter()
        .map(|t| t.words)
        .collect();
    assert_eq!(words, ["bridge", "cost"]);
}

#[test]
fn the_text_talking_says_what_it_is_about_not_that_someone_gave_a_talk() {
    let (_, matcher) = matcher();
    let words = |question: &str| -> Vec<String> {
        matcher
            .explain(question)
            .into_iter()
            .map(|t| t.words)
            .collect()
    };
    assert!(!words("what noise is the article talking about").contains(&"talking".to_owned()));
    assert!(!words("does the story talk about traffic").contains(&"talk".to_owned()));
    // Someone talking is still read.
    assert!(words("what was the mayor talking about").contains(&"talking".to_owned()));
    // Talking about something is saying it; a talk about something is a talk.
    assert!(!words("did the mayor talk about traffic").contains(&"talk".to_owned()));
    assert!(words("was his talk about traffic").contains(&"talk".to_owned()));
}

#[test]
fn a_misspelt_question_word_asks() {
    for asked in [
        "whcih chinese firms were big at the show",
        "wich companies came",
        "waht did li say",
        "wtf is woke ai lol",
    ] {
        assert!(super::asks_something(asked), "{asked}");
    }
    for told in [
        "chinese firms were big at the show",
        "whole thing was wild",
        "wtf lol",
    ] {
        assert!(!super::asks_something(told), "{told}");
    }
}

#[test]
fn a_slip_of_a_long_everyday_word_is_that_word() {
    assert_eq!(super::everyday_slip("insted"), Some("instead"));
    assert_eq!(super::everyday_slip("instaed"), Some("instead"));
    assert_eq!(super::everyday_slip("actualy"), Some("actually"));
    // An English word is meant as written, a short one has too many neighbours, and the first
    // letter is never the slip.
    assert_eq!(super::everyday_slip("instant"), None);
    assert_eq!(super::everyday_slip("insed"), None);
    assert_eq!(super::everyday_slip("onstead"), None);
    // Nor is another form of the word: "everyones" is "everyone's".
    assert_eq!(super::everyday_slip("everyones"), None);
}
