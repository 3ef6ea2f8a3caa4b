//! Speed of the answer engine: one `ask`, one follow-up read in context and one `complete` on
//! the shipped pack, the same on synthetic packs of 1k, 10k and 100k entries, and loading plus
//! indexing 100k entries.
//! Run with `cargo bench --bench matcher`; numbers go in closing notes, never in tests.

use std::hint::black_box;

// The same allocator as the `storybot` binary, so the numbers are the ones users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::Path;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, BenchmarkId, Criterion, criterion_group, criterion_main};
use storybot::knowledge::KnowledgePack;
use storybot::router::{Command, Previous, Router, RouterConfig};

/// Questions of every kind: in scope, typos, keywords, off-topic.
const QUESTIONS: &[&str] = &[
    "Who announced the proposal?",
    "wat did chna propose",
    "how many humanoid robots were shown",
    "headquaters of the platform",
    "Who is the mayor of Shanghai?",
    "What did Eric Schmidt talk about?",
    "export controls",
    "Is it going to rain?",
    "qwertyuiop",
    "what is washington's ai strategy called",
];

/// Conversations of two turns: an answer, then a follow-up read in its context. They go
/// through the router's follow-up rules, some of which walk every excerpt of the pack ("leader
/// in what", "so what's the worry", "on what").
const FOLLOW_UPS: &[(&str, &str)] = &[
    ("is china trying to be a leader", "a leader in what?"),
    ("what about news media", "so what's the worry"),
    ("us export controls", "on what"),
    ("what did trump sign", "why?"),
    ("what's the 13 point plan about", "go on"),
    ("what does beijing want", "and the us?"),
    ("who announced it", "where?"),
    ("what did li say about ai", "what did he say about chips"),
];

const PARTIALS: &[&str] = &["who ann", "how many h", "wh", "export con", "trump"];

fn shipped() -> Router {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    let pack = KnowledgePack::load(&dir).expect("the shipped pack is valid");
    Router::new(pack, RouterConfig::DEFAULT)
}

fn bench_shipped(c: &mut Criterion) {
    let router = shipped();
    let matcher = router.matcher();
    let mut i = 0;
    c.bench_function("ask/shipped", |b| {
        b.iter(|| {
            i = (i + 1) % QUESTIONS.len();
            black_box(matcher.ask(black_box(QUESTIONS[i]), 4))
        })
    });
    let mut group = c.benchmark_group("follow_up");
    bench_follow_ups(
        &mut group,
        BenchmarkId::from_parameter("shipped"),
        &router,
        FOLLOW_UPS,
    );
    group.finish();
    c.bench_function("complete/shipped", |b| {
        b.iter(|| {
            i = (i + 1) % PARTIALS.len();
            black_box(matcher.complete(black_box(PARTIALS[i]), 25))
        })
    });
}

/// A question, as a front-end sends it.
fn ask(question: &str) -> Command {
    Command::Ask {
        question: question.to_owned(),
    }
}

/// One follow-up through the router (`handle_in`), after its first turn has been answered and
/// remembered outside the timed loop.
fn bench_follow_ups(
    group: &mut BenchmarkGroup<'_, WallTime>,
    id: BenchmarkId,
    router: &Router,
    turns: &[(&str, &str)],
) {
    let conversations: Vec<(Option<Previous>, &str)> = turns
        .iter()
        .map(|&(first, next)| {
            let reply = router.handle_in(ask(first), None);
            (router.remember(None, first, &reply), next)
        })
        .collect();
    assert!(
        conversations.iter().all(|(previous, _)| previous.is_some()),
        "every first turn is answered, so the follow-up is read in its context"
    );
    let mut i = 0;
    group.bench_function(id, |b| {
        b.iter(|| {
            i = (i + 1) % conversations.len();
            let (previous, next) = &conversations[i];
            black_box(router.handle_in(black_box(ask(next)), previous.as_ref()))
        })
    });
}

/// A deterministic pseudo-random generator (xorshift), so the synthetic packs are the same on
/// every run without a `rand` dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// An index in `0..n`, skewed towards small values like word frequencies (Zipf-like).
    fn skewed(&mut self, n: usize) -> usize {
        let uniform = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        ((n as f64).powf(uniform) as usize)
            .saturating_sub(1)
            .min(n - 1)
    }
}

/// Pronounceable pseudo-words from syllables, so typo correction has realistic neighbours.
fn vocabulary(size: usize) -> Vec<String> {
    const SYLLABLES: &[&str] = &[
        "ba", "ko", "ri", "ten", "mal", "dor", "phi", "lu", "sen", "gra", "vo", "nir", "tas",
        "quel", "mi", "zan", "ro", "fel", "dex", "pa",
    ];
    let mut rng = Rng(0x5eed);
    let mut words = std::collections::BTreeSet::new();
    while words.len() < size {
        let len = 2 + rng.next() % 3;
        let word: String = (0..len)
            .map(|_| SYLLABLES[(rng.next() % SYLLABLES.len() as u64) as usize])
            .collect();
        words.insert(word);
    }
    words.into_iter().collect()
}

/// The text of a `qa.toml` with `entries` synthetic entries citing the shipped story.
fn synthetic_qa(entries: usize, vocabulary: &[String]) -> String {
    const CITES: &[&str] = &[
        "The initiative was announced by Chinese Premier Li Qiang",
        "he proposed an AI governance platform headquartered in Shanghai",
        "including 40 large language models, 50 advanced devices, and 60 humanoid robots",
        "Notably absent from this year’s conference was Elon Musk, a past WAIC speaker.",
    ];
    const OPENERS: &[&str] = &[
        "What is",
        "Who did",
        "How many",
        "Where was",
        "Why does",
        "When will",
    ];
    let mut rng = Rng(0xfeed);
    let mut out = String::from("[synonyms]\nbody = [\"organization\", \"agency\"]\n\n");
    let words = |rng: &mut Rng, n: usize| -> String {
        (0..n)
            .map(|_| vocabulary[rng.skewed(vocabulary.len())].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    for id in 0..entries {
        out.push_str(&format!(
            "[[qa]]\nid = \"entry-{id}\"\ntopic = \"Topic {}\"\nquestions = [",
            id % 40
        ));
        for q in 0..4 {
            let opener = OPENERS[(rng.next() % OPENERS.len() as u64) as usize];
            let length = 3 + (rng.next() % 4) as usize;
            let sep = if q == 0 { "" } else { ", " };
            out.push_str(&format!("{sep}\"{opener} {}?\"", words(&mut rng, length)));
        }
        let answer = words(&mut rng, 18);
        let cite = CITES[(rng.next() % CITES.len() as u64) as usize];
        out.push_str(&format!(
            "]\nanswer = \"{answer}.\"\ncite = [\"{cite}\"]\n\n"
        ));
    }
    out
}

fn synthetic(entries: usize) -> (String, String, Vec<String>) {
    let story =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge/story.md"))
            .expect("the shipped story");
    let vocabulary = vocabulary(20_000);
    let qa = synthetic_qa(entries, &vocabulary);
    (story, qa, vocabulary)
}

fn load(story: &str, qa: &str) -> Router {
    let pack = KnowledgePack::from_sources(Path::new("synthetic"), story, qa)
        .expect("valid synthetic pack");
    Router::new(pack, RouterConfig::DEFAULT)
}

fn bench_synthetic(c: &mut Criterion) {
    let mut group = c.benchmark_group("synthetic");
    for entries in [1_000, 10_000, 100_000] {
        let (story, qa, vocabulary) = synthetic(entries);
        let router = load(&story, &qa);
        let matcher = router.matcher();
        let mut rng = Rng(0xabc);
        // Questions built from the same vocabulary (some with a typo), and off-topic ones.
        let questions: Vec<String> = (0..64)
            .map(|i| {
                let mut words: Vec<String> = (0..5)
                    .map(|_| vocabulary[rng.skewed(vocabulary.len())].clone())
                    .collect();
                if i % 3 == 0 {
                    words[0].remove(1);
                }
                if i % 5 == 0 {
                    return "what is the weather like in paris today".to_owned();
                }
                format!("what {}", words.join(" "))
            })
            .collect();
        let partials: Vec<String> = questions
            .iter()
            .map(|q| q[..q.len().min(12)].to_owned())
            .collect();
        let mut i = 0;
        group.bench_function(BenchmarkId::new("ask", entries), |b| {
            b.iter(|| {
                i = (i + 1) % questions.len();
                black_box(matcher.ask(black_box(&questions[i]), 4))
            })
        });
        group.bench_function(BenchmarkId::new("complete", entries), |b| {
            b.iter(|| {
                i = (i + 1) % partials.len();
                black_box(matcher.complete(black_box(&partials[i]), 25))
            })
        });
        // Follow-ups after answers on the synthetic pack (its entries' first phrasings), through
        // the same rules.
        let firsts: Vec<&str> = qa
            .split("questions = [\"")
            .skip(1)
            .step_by(entries / 8)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        let follow_ups: Vec<(&str, &str)> = firsts
            .into_iter()
            .zip([
                "a leader in what?",
                "so what's the worry",
                "on what",
                "why?",
                "go on",
                "and the us?",
                "where?",
                "what did he say about it",
            ])
            .collect();
        bench_follow_ups(
            &mut group,
            BenchmarkId::new("follow_up", entries),
            &router,
            &follow_ups,
        );
        if entries == 100_000 {
            group.sample_size(10);
            group.bench_function(BenchmarkId::new("load_and_index", entries), |b| {
                // Dropping 100k entries is not part of loading them.
                b.iter_with_large_drop(|| load(black_box(&story), black_box(&qa)))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_shipped, bench_synthetic);
criterion_main!(benches);
