//! Hardening: arbitrary input (any Unicode, control characters, long and deeply nested text)
//! must never panic the normalizer, the matcher, the text-command parser or the pack loader.

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use storybot::knowledge::KnowledgePack;
use storybot::matcher::normalize;
use storybot::router::{Command, Reply, Router, RouterConfig, parse};

fn router() -> &'static Router {
    static ROUTER: OnceLock<Router> = OnceLock::new();
    ROUTER.get_or_init(|| {
        let pack = KnowledgePack::load(&crate::util::shipped_pack()).expect("valid pack");
        Router::new(pack, RouterConfig::DEFAULT)
    })
}

/// Text of every kind: any Unicode, with control characters, quotes, dashes and digits mixed in.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\\PC\\p{Cc}\u{2018}-\u{201F}\u{2010}-\u{2015}0-9 .,'-]{0,400}",
        "(who|what|how many|the|U\\.S\\.|thirteen|3,000|\u{201C}|\u{2014}| )*",
        // Number words with scales, in any order and number: their value must never overflow.
        "((one|nine|twenty|ninety|a|and|hundred|thousand|million|billion|trillion) ){0,60}",
    ]
}

/// The number words that once overflowed a `u64` (84 characters, inside the question limit): a
/// debug build (as the tests run) panics on overflow, a release build would silently wrap.
#[test]
fn number_words_too_large_for_any_integer_are_words() {
    let question =
        "nine hundred hundred hundred hundred hundred hundred hundred hundred hundred hundred";
    assert!(question.len() <= 300);
    // Nine hundreds fit (9 * 10^18); the tenth would overflow and stays a word.
    assert_eq!(
        normalize::words(question),
        ["9000000000000000000", "hundred"]
    );
    let output = crate::util::run(
        crate::util::storybot().args(["ask", "--json", question]),
        "",
    );
    assert!(output.status.success(), "{}", crate::util::stderr(&output));
    let huge = "nine trillion ".repeat(20);
    assert!(!normalize::words(&huge).is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, ..ProptestConfig::default() })]

    #[test]
    fn normalizing_never_panics_and_yields_lowercase_words(input in text()) {
        for word in normalize::words(&input) {
            prop_assert!(!word.is_empty());
            let lowered: String = word.chars().flat_map(char::to_lowercase).collect();
            prop_assert_eq!(&lowered, &word, "words are already lowercase");
            prop_assert!(!word.chars().any(char::is_whitespace), "{:?}", word);
        }
    }

    #[test]
    fn asking_anything_gives_a_bounded_reply(input in text()) {
        let router = router();
        for candidate in router.matcher().ask(&input, 5) {
            prop_assert!((0.0..=1.0).contains(&candidate.score));
        }
        prop_assert!(router.matcher().complete(&input, 25).len() <= 25);
        match router.handle(Command::Ask { question: input.clone() }) {
            Reply::Answer(answer) => prop_assert!(!answer.citations.is_empty()),
            Reply::NoMatch(no_match) => prop_assert!(no_match.suggestions.len() <= 3),
            Reply::Refused(_) => {}
            Reply::SmallTalk(reply) => prop_assert!(!reply.text.is_empty()),
            other => prop_assert!(false, "unexpected reply {other:?}"),
        }
    }

    #[test]
    fn parsing_any_line_never_panics(input in text(), prefix in "[!/?.]{1,2}") {
        let _ = parse(&input, &[prefix.as_str(), "/"]);
    }

    #[test]
    fn loading_any_files_never_panics(story in text(), qa in text()) {
        let _ = KnowledgePack::from_sources(Path::new("fuzz"), &story, &qa);
        let story = format!("+++\ntitle = \"T\"\n+++\n\n{story}\n");
        let _ = KnowledgePack::from_sources(Path::new("fuzz"), &story, &qa);
    }
}

#[test]
fn hundred_kilobyte_inputs_are_handled() {
    let router = router();
    let long = "who announced the proposal ".repeat(4000);
    assert!(long.len() > 100_000);
    assert!(!normalize::words(&long).is_empty());
    let _ = router.matcher().ask(&long, 5);
    let _ = router.matcher().complete(&long, 25);
    assert!(matches!(
        router.handle(Command::Ask {
            question: long.clone()
        }),
        Reply::Refused(_)
    ));
    let noise: String = (0..100_000u32)
        .map(|i| char::from_u32(0x20 + (i * 7919) % 0x2fff).unwrap_or('?'))
        .collect();
    let _ = router.matcher().ask(&noise, 5);
    let _ = parse(&noise, &["!"]);
}

#[test]
fn huge_and_deeply_nested_toml_is_refused_not_fatal() {
    let story = "+++\ntitle = \"T\"\n+++\n\nOne paragraph.\n";
    let nested = format!("x = {}1{}", "[".repeat(5_000), "]".repeat(5_000));
    assert!(KnowledgePack::from_sources(Path::new("fuzz"), story, &nested).is_err());
    let tables = format!("x = {}1{}", "{ a = ".repeat(5_000), " }".repeat(5_000));
    assert!(KnowledgePack::from_sources(Path::new("fuzz"), story, &tables).is_err());
    let many = "[[qa]]\nid = \"a\"\n".repeat(20_000);
    let error = KnowledgePack::from_sources(Path::new("fuzz"), story, &many).unwrap_err();
    assert!(error.problems.len() >= 20_000, "every problem reported");
}
