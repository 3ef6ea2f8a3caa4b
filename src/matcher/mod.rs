//! The matcher: normalizes, indexes and scores the pack's entries against a question. No I/O and
//! no platform types; the router (`crate::router`) turns its candidates into replies.
//!
//! Scoring, in short. Every term has an IDF weight over entries. An entry explains a query term
//! when the term is in its questions (full weight), answer or cited text (less). The confidence
//! is mostly *coverage*: the weighted share of the question's terms that the entry explains, so a
//! question that shares one name with the story but asks about something else ("who is the mayor
//! of Shanghai?") stays low. Unknown words weigh like the rarest terms. Typos are corrected
//! against the vocabulary first (with a lower match quality), and queries made only of words that
//! are everywhere in the pack ("ai") lack evidence and are scaled down. Of entries that explain
//! a question as well, the ranking prefers one with a single phrasing that has its words together.

mod analyze;
mod fuzzy;
mod index;
pub mod normalize;
#[cfg(test)]
mod tests;
mod words;

// FxHash rather than SipHash: indexing hashes millions of short keys. Keys come from the pack
// (the curator) or from one bounded question, so flooding the maps is not a concern.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use serde::Serialize;

pub use analyze::{
    Analyzer, HOW_MANY, SynonymConflict, Term, WHEN, WHERE, WHO, WHY, Wh, is_generic, is_stopword,
    kind_named, names_figures, wh,
};
pub use fuzzy::{Correction, FuzzyIndex};
pub use words::{AUXILIARIES, PLACE_MARKERS, STOPWORDS, THE_TEXT};

use crate::knowledge::KnowledgePack;
use index::surface_hash;

/// Tuning of the matcher itself. What counts as an answer (the threshold) is the router's call
/// (`crate::router::RouterConfig`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MatcherConfig {
    /// Whether to correct misspelled words against the vocabulary.
    pub fuzzy: bool,
}

impl MatcherConfig {
    pub const DEFAULT: Self = Self { fuzzy: true };
}

impl Default for MatcherConfig {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// An entry that may answer a question: which entry, which of its phrasings matched best, and
/// the confidence in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    pub entry: usize,
    pub question: usize,
    pub score: f32,
    /// The match rests on thin evidence: one query term only, and that term is short, generic
    /// or a number, or the question also has content words the pack never uses ("what's
    /// today's date" matches only "date"; "who is the CEO of Amazon" only "CEO"). Such a match
    /// may be suggested but is never answered.
    pub thin: bool,
}

/// Words by which a message speaks to the bot.
const ADDRESSING: &[&str] = &["you", "your", "yours", "yourself", "youre", "u", "ur"];
/// Verbs after "you" that make a request about the story, not a remark to the bot: "can you
/// tell me about waic", "do you know who hinton is", "what do you know about musk".
const REQUESTS: &[&str] = &[
    "tell",
    "know",
    "explain",
    "summarize",
    "summarise",
    "sum",
    "simplify",
    "paraphrase",
    "compare",
    "describe",
    "give",
    "show",
    "list",
    "help",
    "clarify",
    "recap",
    "remind",
    "share",
    "name",
    "quote",
    "repeat",
    "elaborate",
    "define",
    "break",
    "walk",
    "find",
    "have",
    "got",
    "able",
    "provide",
    "outline",
    "cite",
    "mention",
    "point",
];
/// Words that may stand between "you" and its verb ("can you please tell me").
const POLITE: &[&str] = &["please", "pls", "plz", "kindly", "just", "quickly", "maybe"];

/// Whether `question` speaks to the bot ("are you conscious", "how's your day") rather than
/// asking it for something about the story ("can you tell me about waic").
pub fn addresses_bot(question: &str) -> bool {
    let words = normalize::words(question);
    words.iter().enumerate().any(|(i, w)| {
        ADDRESSING.contains(&w.as_str()) && {
            let verb = words[i + 1..]
                .iter()
                .find(|next| !POLITE.contains(&next.as_str()));
            !verb.is_some_and(|v| is_request(v))
        }
    })
}

/// A verb of [`REQUESTS`], or one of its longer words mistyped by a letter ("can u sumarize
/// the story", "could you explian"): long words only, where one letter cannot make another
/// word ("quote" and "quite").
fn is_request(verb: &str) -> bool {
    REQUESTS.contains(&verb)
        || verb.len() >= MIN_MISTYPED_REQUEST
            && REQUESTS.iter().any(|request| {
                request.len() >= MIN_MISTYPED_REQUEST && strsim::osa_distance(verb, request) == 1
            })
}

/// The shortest request verb read through a typo ([`is_request`]).
const MIN_MISTYPED_REQUEST: usize = 6;

/// Whether `text` asks something, by a question mark, a question word (as chat spells them
/// too: "whos", "wheres", "when'd") or a yes-or-no opening typed without its mark ("did china
/// say ai is good", "r tensions rising", "any open source in it"): "why tho" and "rooted in
/// what?" do; "tbh", "im good" and "my cat is sick" do not.
pub fn asks_something(text: &str) -> bool {
    let words = normalize::words(text);
    // "Numbers", "stats" ask how many only in a question: "big numbers" remarks.
    let asking: Vec<String> = words
        .iter()
        .filter(|w| !analyze::names_figures(w))
        .cloned()
        .collect();
    // "R u sure", "r tensions rising" ask in chat spelling: "r" typed as a word, not the "R"
    // of "R&D".
    let typed_r = text
        .split_whitespace()
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("r"));
    text.contains('?')
        || analyze::wh(&asking) != 0
        // As chat misspells it ("whcih chinese firms were big at the show").
        || words
            .iter()
            .any(|w| crate::smalltalk::misspells_a_question_word(w))
        || match words.first().map(String::as_str) {
            // "Any open source in the plan lol" asks whether there is some; "any excuse to
            // ..." and "any day now" do not.
            Some("any") => !words.get(1).is_some_and(|w| {
                matches!(
                    w.as_str(),
                    "day" | "excuse" | "minute" | "moment" | "time" | "second"
                )
            }),
            Some("r") => typed_r,
            Some(w) => words::AUXILIARIES.contains(&w),
            None => false,
        }
}

/// In a message to the bot, a matched term weighing less than this ("china", "ai") says too
/// little to make it a story question: "do you work for china" is about the bot.
const ADDRESSED_SUBJECT_WEIGHT: f32 = 1.0;

/// Field weights: how much an entry explains a term found in each of its parts.
const QUESTION_WEIGHT: f32 = 1.0;
const ANSWER_WEIGHT: f32 = 0.7;
const CITE_WEIGHT: f32 = 0.55;
/// How much the length of an entry's answer and cited text tempers their weight (BM25's b).
const LENGTH_NORM: f32 = 0.5;
/// Field bits in an entry's term mask.
pub(crate) const IN_QUESTION: u8 = 1;
pub(crate) const IN_ANSWER: u8 = 2;
pub(crate) const IN_CITE: u8 = 4;
/// Match quality of a corrected word: one edit in a long word, one in a short one, two edits.
const ONE_EDIT_LONG: f32 = 0.9;
const ONE_EDIT_SHORT: f32 = 0.75;
const TWO_EDITS: f32 = 0.7;
/// Words up to this length are only corrected to words with the same first letter.
const SHORT_WORD: usize = 5;
/// A content word the pack never uses weighs this share of the IDF of a term in no entry.
const UNKNOWN_SHARE: f32 = 1.0;
/// A generic English word the pack never uses ("normally", "heard") weighs this much.
const GENERIC_UNKNOWN_WEIGHT: f32 = 0.7;
/// A generic English word the pack does use weighs at most this much.
const GENERIC_KNOWN_CAP: f32 = 1.2;
/// An unknown word of one or two letters weighs this share of a rare term.
const SHORT_UNKNOWN_SHARE: f32 = 0.5;
/// A question whose best entry matches one of its words is about a second subject when
/// another of its words, one the entry lacks, weighs at least this share of the matched one.
const SECOND_SUBJECT_SHARE: f32 = 0.75;
/// Below this matched IDF mass a query lacks evidence and its confidence is scaled down.
const MIN_EVIDENCE: f32 = 1.0;
/// How much the best phrasing's coverage (the entry side) adds to the confidence.
const PHRASING_SHARE: f32 = 0.15;
/// Words this long may be two dropped letters short of a vocabulary word ("anouncd").
const MIN_TWO_DROPPED: usize = 6;
/// English words of five letters or more (SCOWL, `english.txt`): a word typed that is one
/// was meant as written, so a one-letter slip is never read into it ("tramp" is not "trump",
/// "horse" not "house"). Kept here as data, not taken from a crate: the crates that ship a
/// word list are unmaintained, and only this check of whole words is needed.
const ENGLISH: &str = include_str!("english.txt");

/// Whether `word` (lowercase) is an English word of five letters or more ([`ENGLISH`]).
fn is_english(word: &str) -> bool {
    static WORDS: std::sync::OnceLock<HashSet<&'static str>> = std::sync::OnceLock::new();
    WORDS
        .get_or_init(|| {
            ENGLISH
                .lines()
                .filter(|line| !line.starts_with('#') && !line.is_empty())
                .collect()
        })
        .contains(word)
}

/// The everyday or function word an unknown word is one slip of (a letter added, dropped or
/// two swapped, never the first), from six letters on: "insted" is "instead", "actualy"
/// "actually". Such words are not in the pack's vocabulary, so without this a slip of one
/// reads as a heavy word the pack never uses and outweighs the question's real words ("who
/// spoke insted"). A word ending in an "s" the everyday word lacks is another form of it
/// ("everyones there"), not a slip.
fn everyday_slip(word: &str) -> Option<&'static str> {
    static INDEX: std::sync::OnceLock<FuzzyIndex> = std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| {
        FuzzyIndex::new(
            words::GENERIC_WORDS
                .iter()
                .chain(STOPWORDS)
                .filter(|w| w.chars().count() >= MIN_TWO_DROPPED)
                .map(|w| ((*w).to_owned(), 1)),
        )
    });
    if word.chars().count() < MIN_TWO_DROPPED || is_english(word) {
        return None;
    }
    index
        .correct(word, 1, |c| {
            near_short(word, c) && word.strip_suffix('s').is_none_or(|stem| stem != c)
        })
        .map(|found| found.word)
}

/// "The text" framing a question ("what does the text say about china's influence") names
/// no subject when another term the pack knows weighs at least this share of it: the pack may
/// use the word rarely ("Full text of the action plan"), which makes it weigh much.
const FRAME_SHARE: f32 = 0.5;

/// A question naming at least this many subjects the pack knows is about the story, so an
/// English word in it that the pack never uses is more likely another way of saying something
/// the story says than a subject of its own ([`ASKED_UNKNOWN_CAP`]).
const KNOWN_SUBJECTS: usize = 3;
/// What such a word weighs at most then, instead of the weight of a term in no entry: "does
/// the action plan involve building physical or digital infrastructure" asks about the
/// infrastructure support, while "what is the tallest building in shanghai" (one subject
/// known) stays off-topic.
const ASKED_UNKNOWN_CAP: f32 = 2.5;

/// Weighs the unknown English words of `text` at most [`ASKED_UNKNOWN_CAP`] when it asks
/// something and names [`KNOWN_SUBJECTS`] subjects the pack knows. A remark keeps the full
/// weights: "cloud computing for under-resourced regions, meanwhile my university can't keep
/// the wifi up" quotes the story and asks nothing of it.
fn lighten_unknown_words(text: &str, terms: &mut [QueryTerm], corrected: &[String]) {
    let known = terms
        .iter()
        .filter(|t| t.id.is_some() && !t.generic && t.weight >= 1.0)
        .count();
    if known < KNOWN_SUBJECTS || !asks_something(text) {
        return;
    }
    for term in terms.iter_mut() {
        if term.id.is_none() && !term.generic && !term.short && is_english(&corrected[term.first]) {
            term.weight = term.weight.min(ASKED_UNKNOWN_CAP);
        }
    }
}

/// [`Matcher::respelled_all`] respells a content word from this many letters: a slip of a
/// long word is more surely that word ("soluton", "problm"), and the matcher then reads it
/// at full quality.
const MIN_RESPELLED_CONTENT: usize = 6;
/// An unknown word this long one letter away from a function word is that word mistyped.
const MIN_MISTYPED_FUNCTION_WORD: usize = 5;
/// Ranking bonus for a phrasing that asks the same kind of question (who, how many, ...).
const WH_BONUS: f32 = 0.1;
/// Ranking bonus, times the share of the question one phrasing has by itself.
const SAID_TOGETHER_BONUS: f32 = 0.2;
/// Ranking bonus for an entry whose answer or cited text contains two adjacent query terms.
const QUOTE_BONUS: f32 = 0.04;
/// Ranking bonus when the phrasing that matched asks the question's kind too: of two entries
/// that "what is waic" matches fully, "What is WAIC?" beats "Where was WAIC held?".
const PHRASING_KIND_BONUS: f32 = 0.005;
/// Ranking bonus for an entry that uses the very words a synonym stood for in the question.
const SURFACE_BONUS: f32 = 0.02;
/// Ranking bonus for an entry whose best phrasing uses the very words a synonym stood for:
/// "what does beijing want" is asked as "What does Beijing want?" rather than as "What does
/// China want?", though both are one name to the matcher.
const WORDED_BONUS: f32 = 0.015;
/// Ranking bonus for an entry that also has a generic word of the question ("say" in "what
/// did li say"): such words never count against an entry, but of two entries that explain the
/// rest alike, the one that has them is about the question ("What did Li Qiang say?" rather
/// than "Who is Li Qiang?").
const GENERIC_BONUS: f32 = 0.03;
/// How much a word of a follow-up's context counts, against the follow-up's own words.
const CONTEXT_SHARE: f32 = 0.5;
/// Two excerpts are quoted together only up to this many characters in all.
const MAX_CITED_CHARS: usize = 500;
/// How much a query word counts again, in choosing excerpts, where an excerpt has it as
/// written rather than through a synonym.
const LITERAL_SHARE: f32 = 0.5;
/// How much an excerpt that answers the kind of question asked (a time for "when", a number
/// for "how many") counts, in choosing excerpts: like one query word of ordinary weight.
const KIND_WEIGHT: f32 = 1.5;
/// Only this many words of a query are read (inputs are bounded before, but the matcher is a
/// library too).
const MAX_QUERY_WORDS: usize = 64;
/// How many entries get exact scoring after candidate generation.
const RESCORE: usize = 64;
/// Terms in more than this share of entries do not generate candidates when rarer terms do.
const COMMON_SHARE: f32 = 0.25;
/// A name in more than this share of the entries ("AI") is the story's subject, not one of
/// the things a follow-up may turn to.
const NAME_SHARE_NUM: usize = 3;
const NAME_SHARE_DEN: usize = 4;
/// A word typed so far matches at most this many vocabulary words by prefix.
const MAX_PREFIX_WORDS: usize = 32;
/// Autocomplete scores at most this many phrasings.
const MAX_COMPLETION_CANDIDATES: usize = 4096;
/// While the first word is typed, each word it may become contributes this many phrasings.
const PREFIX_SAMPLE: usize = 256;
/// Weight of a word being typed (matched by prefix), like a term of ordinary weight.
const PREFIX_WEIGHT: f32 = 1.5;

/// Two adjacent terms as one key; unordered, so that "growth engine" finds "engine for growth".
pub(crate) fn pair(a: u32, b: u32) -> u64 {
    let (low, high) = if a <= b { (a, b) } else { (b, a) };
    (u64::from(low) << 32) | u64::from(high)
}

/// The index over a pack's entries.
#[derive(Debug)]
pub struct Matcher {
    config: MatcherConfig,
    analyzer: Analyzer,
    fuzzy: FuzzyIndex,
    /// Every normalized word of the pack (entries, story, synonyms).
    known_words: HashSet<String>,
    term_ids: HashMap<String, u32>,
    idf: Vec<f32>,
    /// Term -> entries that contain it, ascending.
    postings: Vec<Vec<u32>>,
    /// Entry -> its terms with field masks, sorted by term.
    entry_terms: Vec<Vec<(u32, u8)>>,
    /// Entry -> pairs of adjacent terms in its answer and cited text, sorted, so that a query
    /// quoting the story ("new engine for growth") counts as fully explained.
    phrases: Vec<Vec<u64>>,
    /// Entry -> hashes of the words it writes that a synonym group rewrote, sorted, so that of
    /// two entries saying "chips" and "semiconductors", the one using the user's word wins.
    surfaces: Vec<Vec<u64>>,
    /// Entry -> how much its answer and cited text count, lower for long ones (as in BM25): an
    /// entry that says a lot matches many words without being about any of them.
    text_weight: Vec<f32>,
    /// Entry -> its phrasings.
    questions: Vec<Vec<Phrasing>>,
    /// Entry -> each cited excerpt's sorted terms, and its length in characters.
    cite_terms: Vec<Vec<Vec<u32>>>,
    cite_lengths: Vec<Vec<usize>>,
    /// Entry -> each cited excerpt's hashes of the stems of words a synonym group rewrote,
    /// sorted.
    cite_surfaces: Vec<Vec<Vec<u64>>>,
    /// Entry -> the kinds of question each cited excerpt answers by its form (`analyze::excerpt_kinds`).
    cite_kinds: Vec<Vec<Wh>>,
    /// Term -> (entry, phrasing) that contain it, for completion.
    question_postings: Vec<Vec<(u32, u16)>>,
    /// Words of the phrasings, sorted, with the term each contributes and its phrasing count.
    prefix_words: Vec<(String, u32, u32)>,
    /// Terms the story's own text uses. A term only the curated phrasings add ("bad" of "is
    /// AI bad for jobs", "problem", "back") is everyday English: alone, in a message with no
    /// question word, it answers only a phrasing that is just that word, so "my bad" or "no
    /// problem" is not a story question.
    story_terms: HashSet<u32>,
    /// The words of four to six letters that read as a name the story writes, however many
    /// entries use it: "china", "trump", "tesla", but also "white" and "house" of "the White
    /// House". A five-letter unknown word one letter from one is that name mistyped ("chena",
    /// "trimp"), unless it is English of its own ("horse" is not "house").
    story_name_words: HashSet<String>,
    /// For each entry, the terms of the story's title names ("China", "AI", "WAIC") that the
    /// paragraphs it quotes use: what a question answered by it is about, said or not, so
    /// never a second subject ("what did china say about infrastructure" is the plan's, whose
    /// paragraph is "China's initiative"; "what does china think of france" is not the
    /// keynote speakers', whose paragraph never names China).
    setting_terms: Vec<Vec<u32>>,
    /// Terms the story writes as names, capitalized inside a sentence ("Beijing", "Trump",
    /// "Shanghai"), except those in nearly every entry ("AI"). A follow-up naming one ("and
    /// Beijing?") asks about it instead of the names of the previous question.
    name_terms: HashSet<u32>,
    unknown_idf: f32,
}

#[derive(Debug)]
struct Phrasing {
    /// Sorted, unique terms.
    terms: Vec<u32>,
    /// Sum of their IDF weights.
    mass: f32,
    wh: Wh,
    /// Sorted hashes of the words its synonyms were written with ("Beijing" for China).
    surfaces: Box<[u64]>,
}

/// One term of a question as the matcher reads it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExplainedTerm {
    /// The (corrected) words it comes from.
    pub words: String,
    /// The index term: a stem, or `~key` for a synonym group.
    pub term: String,
    /// Its IDF weight; unknown terms weigh like the rarest.
    pub weight: f32,
    /// 1 for the word as typed; less when it was corrected from a typo.
    pub quality: f32,
    /// Whether any entry contains it.
    pub known: bool,
}

/// A query term with its weight and, if the pack knows it, its id.
#[derive(Debug)]
struct QueryTerm {
    id: Option<u32>,
    /// A generic word the pack knows counts only where it matches ("work", "stand").
    generic: bool,
    /// For a synonym, the hash of the words the user wrote.
    surface: Option<u64>,
    /// The same of their stems ("ethical" is written as "ethics" is).
    stem_surface: Option<u64>,
    weight: f32,
    quality: f32,
    /// One word that is a number or generic English: not enough, alone, to say what a
    /// question is about.
    thin: bool,
    /// One or two letters ("u", "ur"): an unknown short word says nothing about the subject.
    short: bool,
    /// Where its words start in the question (for `explain`: some words read are dropped).
    first: usize,
}

impl Matcher {
    /// Indexes every entry of `pack`.
    pub fn new(pack: &KnowledgePack, config: MatcherConfig) -> Self {
        let analyzer = Analyzer::new(&pack.synonyms);
        let index::Built {
            term_ids,
            words,
            prefix,
            entries: built,
        } = index::build(&analyzer, &pack.entries);
        let mut entry_terms = Vec::with_capacity(built.len());
        let mut phrases = Vec::with_capacity(built.len());
        let mut surfaces = Vec::with_capacity(built.len());
        let mut text_lengths = Vec::with_capacity(built.len());
        let mut phrasing_terms = Vec::with_capacity(built.len());
        let mut cite_terms = Vec::with_capacity(built.len());
        let mut cite_surfaces = Vec::with_capacity(built.len());
        for entry in built {
            let text_length = entry
                .terms
                .iter()
                .filter(|(_, mask)| mask & (IN_ANSWER | IN_CITE) != 0)
                .count();
            text_lengths.push(text_length as f32);
            entry_terms.push(entry.terms);
            phrases.push(entry.pairs);
            surfaces.push(entry.surfaces);
            phrasing_terms.push(entry.phrasings);
            cite_terms.push(entry.cites);
            cite_surfaces.push(entry.cite_surfaces);
        }
        let mut word_counts = words;
        let mut count_words = |text: &str| {
            for word in normalize::words(text) {
                *word_counts.entry(word).or_default() += 1;
            }
        };
        for paragraph in &pack.story.paragraphs {
            count_words(paragraph);
        }
        for group in &pack.synonyms {
            for phrase in std::iter::once(&group.key).chain(&group.equivalents) {
                count_words(phrase);
            }
        }
        for stopword in STOPWORDS {
            word_counts.entry((*stopword).to_owned()).or_default();
        }

        let entries = pack.entries.len();
        let average = text_lengths.iter().sum::<f32>() / entries.max(1) as f32;
        let text_weight = text_lengths
            .iter()
            .map(|&length| 1.0 / (1.0 - LENGTH_NORM + LENGTH_NORM * length / average.max(1.0)))
            .collect();
        let mut postings = vec![Vec::new(); term_ids.len()];
        for (entry, terms) in entry_terms.iter().enumerate() {
            for &(term, _) in terms {
                postings[term as usize].push(entry as u32);
            }
        }
        let idf_of = |df: usize| {
            let (n, df) = (entries as f32, df as f32);
            (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
        };
        let idf: Vec<f32> = postings.iter().map(|p| idf_of(p.len())).collect();

        let mut question_postings = vec![Vec::new(); term_ids.len()];
        let questions = phrasing_terms
            .into_iter()
            .enumerate()
            .map(|(entry, phrasings)| {
                phrasings
                    .into_iter()
                    .enumerate()
                    .map(|(index, (terms, wh, surfaces))| {
                        for &term in &terms {
                            // Both fit: a pack has at most `MAX_ENTRIES` entries of at most
                            // `MAX_QUESTIONS` phrasings; a bigger library value is a bug.
                            let entry = u32::try_from(entry).expect("entries fit in u32");
                            let index = u16::try_from(index).expect("phrasings fit in u16");
                            question_postings[term as usize].push((entry, index));
                        }
                        let mass = terms.iter().map(|&t| idf[t as usize]).sum();
                        Phrasing {
                            terms,
                            mass,
                            wh,
                            surfaces: surfaces.into_boxed_slice(),
                        }
                    })
                    .collect()
            })
            .collect();

        let mut prefix_words: Vec<(String, u32, u32)> = prefix
            .into_iter()
            .flat_map(|(word, terms)| {
                terms
                    .into_iter()
                    .map(move |(term, count)| (word.clone(), term, count))
            })
            .collect();
        prefix_words.sort_unstable();

        // The index terms of some texts of the story.
        let terms_in = |texts: &mut dyn Iterator<Item = String>| -> HashSet<u32> {
            texts
                .flat_map(|text| {
                    let words = normalize::words(&text);
                    analyzer.terms_of(&words, &vec![1.0; words.len()])
                })
                .filter_map(|term| term_ids.get(&term.text).copied())
                .collect()
        };
        let story_terms = terms_in(&mut pack.story.paragraphs.iter().cloned());
        // The names of the story's title ("China", "AI", "WAIC"): its capitalized words that
        // the story also writes as names (so not every word of a title in title case).
        let story_names = terms_in(&mut pack.story.paragraphs.iter().flat_map(|p| names_in(p)));
        let mut title_words = pack
            .story
            .meta
            .title
            .split_whitespace()
            .filter(|word| word.starts_with(char::is_uppercase))
            .map(str::to_owned);
        let title_terms: HashSet<u32> = terms_in(&mut title_words)
            .intersection(&story_names)
            .copied()
            .collect();
        // Each paragraph's title names, found once; an entry has those of the paragraphs it
        // quotes.
        let paragraph_settings: Vec<HashSet<u32>> = pack
            .story
            .paragraphs
            .iter()
            .map(|p| {
                terms_in(&mut std::iter::once(p.clone()))
                    .intersection(&title_terms)
                    .copied()
                    .collect()
            })
            .collect();
        let setting_terms: Vec<Vec<u32>> = pack
            .entries
            .iter()
            .map(|entry| {
                let mut terms: Vec<u32> = entry
                    .citations
                    .iter()
                    .filter_map(|c| paragraph_settings.get(c.paragraph.checked_sub(1)?))
                    .flatten()
                    .copied()
                    .collect();
                terms.sort_unstable();
                terms.dedup();
                terms
            })
            .collect();
        let name_terms: HashSet<u32> = story_names
            .iter()
            .copied()
            .filter(|&term| {
                postings[term as usize].len() * NAME_SHARE_DEN <= entries * NAME_SHARE_NUM
            })
            .collect();
        let known_words: HashSet<String> = word_counts.keys().cloned().collect();
        // The words that read as one of the story's names ("china", "trump"), found once, for
        // correcting a name mistyped: only those one letter from a five-letter word.
        let story_name_words: HashSet<String> = known_words
            .iter()
            .filter(|word| word.chars().count().abs_diff(SHORT_WORD) <= 1)
            .filter(|word| {
                let one = [(*word).clone()];
                analyzer
                    .terms_of(&one, &[1.0])
                    .iter()
                    .filter_map(|term| term_ids.get(&term.text))
                    .any(|id| story_names.contains(id))
            })
            .cloned()
            .collect();
        let fuzzy = FuzzyIndex::new(word_counts);
        Self {
            config,
            analyzer,
            fuzzy,
            known_words,
            term_ids,
            idf,
            postings,
            entry_terms,
            phrases,
            surfaces,
            text_weight,
            questions,
            cite_terms,
            cite_surfaces,
            cite_lengths: pack
                .entries
                .iter()
                .map(|e| {
                    e.citations
                        .iter()
                        .map(|c| c.excerpt.chars().count())
                        .collect()
                })
                .collect(),
            cite_kinds: pack
                .entries
                .iter()
                .map(|e| {
                    e.citations
                        .iter()
                        .map(|c| analyze::excerpt_kinds(&c.excerpt))
                        .collect()
                })
                .collect(),
            question_postings,
            prefix_words,
            story_terms,
            story_name_words,
            setting_terms,
            name_terms,
            unknown_idf: idf_of(0),
        }
    }

    /// The kinds of question (who, where, how many, ...) `question` asks, as flags.
    pub fn question_kind(&self, question: &str) -> Wh {
        analyze::wh(&normalize::words(question))
    }

    /// Whether `entry` has a phrasing asking one of the kinds `wh` (false for none).
    pub fn asks_kind(&self, wh: Wh, entry: usize) -> bool {
        wh != 0 && self.questions[entry].iter().any(|p| p.wh & wh != 0)
    }

    /// Whether `entry` can answer a question of kind `wh` ("how many" or "how big", when,
    /// where): a phrasing asks it, or an excerpt has a number, a time or a place.
    pub fn answers_kind(&self, wh: Wh, entry: usize) -> bool {
        self.asks_kind(wh, entry) || self.cite_kinds[entry].iter().any(|k| k & wh != 0)
    }

    /// Whether excerpt `cite` of `entry` answers one of the kinds `wh` by its form: a number,
    /// a time, a place, or someone named saying something ([`analyze::excerpt_kinds`]).
    pub fn cite_answers_kind(&self, wh: Wh, entry: usize, cite: usize) -> bool {
        self.cite_kinds[entry]
            .get(cite)
            .is_some_and(|kinds| kinds & wh != 0)
    }

    /// Whether phrasing `question` of `entry` asks one of the kinds `wh` (false for none).
    pub fn phrasing_asks_kind(&self, wh: Wh, entry: usize, question: usize) -> bool {
        wh != 0
            && self.questions[entry]
                .get(question)
                .is_some_and(|p| p.wh & wh != 0)
    }

    /// Whether `question` asks the same kind of question as `phrasing` (both "where", ...);
    /// true when `question` has no question word.
    pub fn asks_like_phrasing(&self, question: &str, phrasing: &str) -> bool {
        let wh = analyze::wh(&normalize::words(question));
        wh == 0 || analyze::wh(&normalize::words(phrasing)) & wh != 0
    }

    /// Whether `entry` has every content word of `question` the pack knows, in its questions,
    /// answer or cited text (false when the question has none): "what does it aim to do"
    /// after Trump's order is explained by the order's entry, whose answer says it "aims to
    /// deregulate".
    pub fn explains(&self, question: &str, entry: usize) -> bool {
        let (terms, _) = self.query(question);
        let fields = &self.entry_terms[entry];
        let mut content = terms
            .iter()
            .filter_map(|t| t.id.filter(|_| !t.generic))
            .peekable();
        content.peek().is_some()
            && content.all(|id| fields.binary_search_by_key(&id, |&(t, _)| t).is_ok())
    }

    /// Whether excerpt `cite` of `entry` has every content word of `question` the pack knows,
    /// besides names (true when it has none): "so what does he propose" after the state of
    /// AI governance is answered by "he proposed an AI governance platform".
    pub fn cite_has_words(&self, question: &str, entry: usize, cite: usize) -> bool {
        self.cite_terms_found(question, entry, cite)
            .is_some_and(|(found, _)| found)
    }

    /// Whether the excerpt `cite` of `entry` has all the words of `phrase` that say what it
    /// is about, and there is at least one: a phrase of names or everyday words alone says
    /// nothing of an excerpt.
    pub fn cite_says(&self, phrase: &str, entry: usize, cite: usize) -> bool {
        self.cite_has_terms(&self.counted_terms(phrase), entry, cite)
    }

    /// The terms of `phrase` that [`Self::cite_says`] looks for, read once for many excerpts.
    pub fn counted_terms(&self, phrase: &str) -> Vec<u32> {
        let (terms, _) = self.query(phrase);
        terms
            .iter()
            .filter_map(|t| {
                t.id.filter(|id| !t.generic && !self.name_terms.contains(id))
            })
            .collect()
    }

    /// All the pack's terms in `phrase`, everyday words and names too: what a follow-up
    /// brings that was not read before it.
    pub fn known_terms(&self, phrase: &str) -> Vec<u32> {
        let (terms, _) = self.query(phrase);
        terms.iter().filter_map(|t| t.id).collect()
    }

    /// [`Self::cite_says`] with the phrase's terms read already ([`Self::counted_terms`]).
    pub fn cite_has_terms(&self, terms: &[u32], entry: usize, cite: usize) -> bool {
        let Some(cite_terms) = self.cite_terms[entry].get(cite) else {
            return false;
        };
        !terms.is_empty() && terms.iter().all(|id| cite_terms.binary_search(id).is_ok())
    }

    /// Whether the excerpt has all the words of `question` that are not names or everyday
    /// words, and how many such words there are; `None` when there is no such excerpt.
    fn cite_terms_found(&self, question: &str, entry: usize, cite: usize) -> Option<(bool, usize)> {
        let (terms, _) = self.query(question);
        let cite_terms = self.cite_terms[entry].get(cite)?;
        let counted: Vec<u32> = terms
            .iter()
            .filter_map(|t| {
                t.id.filter(|id| !t.generic && !self.name_terms.contains(id))
            })
            .collect();
        let found = counted
            .iter()
            .all(|id| cite_terms.binary_search(id).is_ok());
        Some((found, counted.len()))
    }

    /// Whether the pack uses `word` (normalized, lowercase), as written or as a stem.
    pub fn knows(&self, word: &str) -> bool {
        self.known_words.contains(word) || self.term_ids.contains_key(&self.analyzer.stem(word))
    }

    /// Whether the pack uses `word`, or `word` is a slip of a word it uses or of a function
    /// word ("soluton", "befroe"): whether the matcher reads it as a word it knows.
    pub fn understands(&self, word: &str) -> bool {
        if self.knows(word) {
            return true;
        }
        let (fixed, _) = self.correct(word.to_owned());
        fixed != word && (is_stopword(&fixed) || self.knows(&fixed))
    }

    /// `text`'s words, each slip of a word the matcher knows spelled as it reads it ("who is
    /// the presidnt of china" as "who is the president of china"), for checks that read words
    /// as written.
    /// Only content words are respelled; the rest is kept as typed ("who's").
    pub fn respelled(&self, text: &str) -> String {
        self.respell(text, false)
    }

    /// `text` with each slip that is no English word of its own spelled as the matcher reads
    /// it, function words too ("liek what" as "like what", "and whats his soluton" as "and
    /// whats his solution"), keeping what opens and ends each word ("liek?" as "like?"): for
    /// the checks that read a follow-up's words as written. An English word stays as typed,
    /// though the matcher may read it as another ("raining" is no "raising"), and so does a
    /// content word shorter than [`MIN_RESPELLED_CONTENT`] letters ("best" is no "bets"). The
    /// matcher then reads a respelled word at full quality, not as a correction.
    pub fn respelled_all(&self, text: &str) -> String {
        self.respell(text, true)
    }

    fn respell(&self, text: &str, function_words: bool) -> String {
        text.split_whitespace()
            .map(|token| {
                self.respell_token(token, function_words)
                    .unwrap_or_else(|| token.to_owned())
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// `token` respelled ([`Self::respell`]), keeping what opens and ends it ("“soluton?",
    /// "presidnt's"), or `None` to keep it as typed: a word the matcher reads, or a token that
    /// is no one word in ASCII ("u.s.", "naïve").
    fn respell_token(&self, token: &str, function_words: bool) -> Option<String> {
        let start = token.len()
            - token
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .len();
        let end = token
            .trim_end_matches(|c: char| !c.is_alphanumeric())
            .len()
            .max(start);
        // What follows the word within the token: a possessive ("presidnt's"), kept.
        let core = &token[start..end];
        let (word, rest) = match normalize::words(core).as_slice() {
            [word] if core.is_ascii() && core.to_ascii_lowercase().starts_with(word.as_str()) => {
                (word.clone(), &core[word.len()..])
            }
            _ => return None,
        };
        // A function word as written needs no respelling, nor a lookup of its neighbours.
        if !matches!(rest, "" | "'s") || is_stopword(&word) {
            return None;
        }
        let (fixed, _) = self.correct(word.clone());
        let respell = fixed != word
            && if function_words {
                !is_english(&word)
                    && (is_stopword(&fixed) || word.chars().count() >= MIN_RESPELLED_CONTENT)
            } else {
                !is_stopword(&fixed)
            };
        respell.then(|| format!("{}{fixed}{rest}{}", &token[..start], &token[end..]))
    }

    /// The terms of `text` as an entry's are read (stems and synonym groups), for
    /// [`Self::says_again`].
    pub fn terms_read(&self, text: &str) -> Vec<String> {
        self.analyzer.terms(text)
    }

    /// Whether `words` say again only what a text whose terms are `read` says
    /// ([`Self::terms_read`]): the same words, their stems or synonyms ("hq" of
    /// "headquartered"). Words with no term (function words) say nothing again.
    pub fn says_again(&self, words: &str, read: &[String]) -> bool {
        let terms = self.analyzer.terms(words);
        !terms.is_empty() && terms.iter().all(|t| read.contains(t))
    }

    /// Whether words `a` and `b` share their stem ("innovations", "innovation").
    pub fn same_term(&self, a: &str, b: &str) -> bool {
        a == b || self.analyzer.stem(a) == self.analyzer.stem(b)
    }

    /// The configuration this matcher was built with.
    pub fn config(&self) -> &MatcherConfig {
        &self.config
    }

    /// Ranks entries for `question`, best first: at most `limit` candidates, all with a
    /// confidence above zero. Empty when nothing in the question is known to the pack.
    pub fn ask(&self, question: &str, limit: usize) -> Vec<Candidate> {
        let (terms, wh) = self.query(question);
        self.rank(&terms, wh, addresses_bot(question), limit)
    }

    /// Ranks entries for a follow-up `question` read with `context` (words of the previous
    /// question): the context's words count, at `CONTEXT_SHARE` of their weight, where the
    /// question does not say them itself, so that the question's own words decide what it
    /// asks ("what did he call ai") and the context only fills in what it leaves out ("where?").
    pub fn ask_in_context(&self, question: &str, context: &str, limit: usize) -> Vec<Candidate> {
        let (mut terms, wh) = self.query(question);
        let (extra, _) = self.query(context);
        // "and Beijing?" after Washington's bet asks about Beijing instead.
        let turns_to_other = self.turns(&terms, &extra);
        for mut term in extra {
            let known = term.id.is_some();
            if turns_to_other && term.id.is_some_and(|id| self.name_terms.contains(&id)) {
                continue;
            }
            if known && !terms.iter().any(|t| t.id == term.id) {
                term.weight *= CONTEXT_SHARE;
                terms.push(term);
            }
        }
        self.rank(&terms, wh, addresses_bot(question), limit)
    }

    /// Whether `question` names something the story names ("Beijing") that `context` does
    /// not, while `context` names something else ("Washington"): a follow-up that turns to
    /// another party.
    pub fn turns_to_another_name(&self, question: &str, context: &str) -> bool {
        self.turns(&self.query(question).0, &self.query(context).0)
    }

    /// The names `asked` gives that `context` does not ("beijing" in "and beijing's?" after
    /// the US's approach), as term ids.
    pub fn new_names(&self, asked: &str, context: &str) -> Vec<u32> {
        let before = self.names(&self.query(context).0);
        self.names(&self.query(asked).0)
            .into_iter()
            .filter(|id| !before.contains(id))
            .collect()
    }

    /// Whether phrasing `question` of `entry` gives every one of `names` (none: false): "What
    /// is China's approach to AI?" for "beijing".
    pub fn phrasing_names(&self, entry: usize, question: usize, names: &[u32]) -> bool {
        let Some(phrasing) = self.questions[entry].get(question) else {
            return false;
        };
        !names.is_empty()
            && names
                .iter()
                .all(|id| phrasing.terms.binary_search(id).is_ok())
    }

    /// The names (term ids) excerpt `cite` of `entry` gives ("Li", "White House").
    pub fn names_in_cite(&self, entry: usize, cite: usize) -> Vec<u32> {
        self.cite_terms[entry]
            .get(cite)
            .map(|terms| {
                terms
                    .iter()
                    .copied()
                    .filter(|id| self.name_terms.contains(id))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Whether `word` is (part of) a name the story gives ("beijing", "li").
    pub fn is_name(&self, word: &str) -> bool {
        self.query(word)
            .0
            .iter()
            .any(|t| t.id.is_some_and(|id| self.name_terms.contains(&id)))
    }

    /// The names `text` gives, as term ids ("china", "li").
    pub fn names_of(&self, text: &str) -> Vec<u32> {
        self.names(&self.query(text).0)
    }

    /// Whether every word of `text` the matcher reads is a name ("the us", "beijing"), and it
    /// reads one at least: not "the us ones".
    pub fn names_only(&self, text: &str) -> bool {
        let terms = self.query(text).0;
        !terms.is_empty()
            && terms
                .iter()
                .all(|t| t.id.is_some_and(|id| self.name_terms.contains(&id)))
    }

    /// [`Self::turns_to_another_name`] on analyzed terms.
    fn turns(&self, asked: &[QueryTerm], before: &[QueryTerm]) -> bool {
        let (asked, before) = (self.names(asked), self.names(before));
        asked.iter().any(|id| !before.contains(id)) && before.iter().any(|id| !asked.contains(id))
    }

    /// The names among analyzed terms, as term ids.
    fn names(&self, terms: &[QueryTerm]) -> Vec<u32> {
        terms
            .iter()
            .filter_map(|t| t.id.filter(|id| self.name_terms.contains(id)))
            .collect()
    }

    /// Ranks entries for analyzed query terms, best first (see [`Self::ask`]). `addressed`:
    /// the question speaks to the bot ("you", "your").
    fn rank(&self, terms: &[QueryTerm], wh: Wh, addressed: bool, limit: usize) -> Vec<Candidate> {
        let total: f32 = terms.iter().map(|t| t.weight).sum();
        if total <= 0.0 || limit == 0 {
            return Vec::new();
        }
        let known: Vec<&QueryTerm> = terms.iter().filter(|t| t.id.is_some()).collect();
        let common = (self.entry_terms.len() as f32 * COMMON_SHARE).max(1.0) as usize;
        let rare: Vec<&QueryTerm> = known
            .iter()
            .copied()
            .filter(|t| self.postings[t.id.unwrap_or_default() as usize].len() <= common)
            .collect();
        let generators = if rare.is_empty() { &known } else { &rare };

        let mut upper: HashMap<u32, f32> = HashMap::default();
        for term in generators {
            let id = term.id.unwrap_or_default() as usize;
            for &entry in &self.postings[id] {
                *upper.entry(entry).or_default() += term.weight * term.quality;
            }
        }
        let mut pool: Vec<(u32, f32)> = upper.into_iter().collect();
        if pool.len() > RESCORE {
            pool.select_nth_unstable_by(RESCORE, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            pool.truncate(RESCORE);
        }

        let mut scored: Vec<(Candidate, f32)> = pool
            .into_iter()
            .map(|(entry, _)| self.score(entry as usize, terms, total, wh, addressed))
            .filter(|(candidate, _)| candidate.score > 0.0)
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.entry.cmp(&b.0.entry)));
        scored
            .into_iter()
            .take(limit)
            .map(|(candidate, _)| candidate)
            .collect()
    }

    /// Known phrasings ranked for a partly typed question (for autocomplete): at most `limit`,
    /// one per entry. The last word counts as a prefix unless the input ends with a space.
    pub fn complete(&self, partial: &str, limit: usize) -> Vec<Candidate> {
        let mut words = normalize::words(partial);
        let wh = analyze::wh(&words);
        let typing = partial.chars().last().is_some_and(char::is_alphanumeric);
        let prefix = if typing { words.pop() } else { None };
        let (terms, _) = self.query_words(words);
        let prefix_terms = prefix
            .as_deref()
            .map(|p| self.prefix_terms(p))
            .unwrap_or_default();

        let known: Vec<(u32, &QueryTerm)> = terms.iter().filter_map(|t| Some((t.id?, t))).collect();
        let candidates = self.completion_candidates(&known, &prefix_terms);
        if candidates.is_empty() {
            if terms.is_empty() && prefix_terms.is_empty() {
                return self.first_questions(wh, limit);
            }
            return self.ask(partial, limit);
        }
        // A word still being typed says little about which word it will be ("ann": "anne" or
        // "announced"), so every completion of it weighs the same; common words rank first
        // through the order of `prefix_terms`, shorter phrasings through the tie-break below.
        let prefix_weight = |phrasing: &Phrasing| {
            let completes = prefix_terms
                .iter()
                .any(|t| phrasing.terms.binary_search(t).is_ok());
            if completes { PREFIX_WEIGHT } else { 0.0 }
        };
        let best_prefix = if prefix_terms.is_empty() {
            0.0
        } else {
            PREFIX_WEIGHT
        };
        let total: f32 = terms.iter().map(|t| t.weight).sum::<f32>() + best_prefix;
        let hits = candidates.into_iter().filter_map(|(entry, question)| {
            let phrasing = &self.questions[entry as usize][question as usize];
            let matched: f32 = known
                .iter()
                .filter(|(id, _)| phrasing.terms.binary_search(id).is_ok())
                .map(|(_, t)| t.weight * t.quality)
                .sum::<f32>()
                + prefix_weight(phrasing);
            (matched > 0.0).then_some(((entry, question), matched))
        });
        let mut ranked: Vec<(Candidate, f32)> = hits
            .map(|((entry, question), matched)| {
                let phrasing = &self.questions[entry as usize][question as usize];
                let same_kind = wh != 0 && phrasing.wh & wh != 0;
                let score = (matched / total.max(f32::EPSILON)).min(1.0);
                // Prefer the same kind of question, then the shortest phrasing that matches.
                let rank = score + if same_kind { WH_BONUS } else { 0.0 } - phrasing.mass * 1e-3;
                let candidate = Candidate {
                    entry: entry as usize,
                    question: question as usize,
                    score,
                    thin: false,
                };
                (candidate, rank)
            })
            .collect();
        ranked.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then(a.0.entry.cmp(&b.0.entry))
                .then(a.0.question.cmp(&b.0.question))
        });
        let mut seen = HashSet::default();
        ranked
            .into_iter()
            .map(|(candidate, _)| candidate)
            .filter(|candidate| seen.insert(candidate.entry))
            .take(limit)
            .collect()
    }

    /// How a question is read: each term with its weight and match quality, and whether the
    /// pack knows it. For curators (`storybot ask --explain`), to see why a question matched.
    pub fn explain(&self, question: &str) -> Vec<ExplainedTerm> {
        let words = normalize::words(question);
        let (mut terms, corrected) = self.query_words(words);
        lighten_unknown_words(question, &mut terms, &corrected);
        let analyzed = self
            .analyzer
            .terms_of(&corrected, &vec![1.0; corrected.len()]);
        // Each term read, by where its words start: the words dropped as saying nothing of
        // the subject ("this year", "the deal") have no term.
        terms
            .into_iter()
            .filter_map(|query| {
                let term = analyzed.iter().find(|t| t.first == query.first)?;
                Some(ExplainedTerm {
                    words: corrected[term.first..term.first + term.count].join(" "),
                    term: term.text.clone(),
                    weight: query.weight,
                    quality: query.quality,
                    known: query.id.is_some(),
                })
            })
            .collect()
    }

    /// `question`'s words without those the synonym group `key` reads ("in one line" for a
    /// request for a summary); `None` when no words are read so. Read as written, without
    /// typo correction: this runs for every question, and correction is the costly part.
    pub fn without_group(&self, question: &str, key: &str) -> Option<String> {
        let words = normalize::words(question);
        let term = format!("~{key}");
        let mut dropped = vec![false; words.len()];
        for t in self
            .analyzer
            .terms_of(&words, &vec![1.0; words.len()])
            .iter()
            .filter(|t| t.text == term)
        {
            dropped[t.first..t.first + t.count].fill(true);
        }
        dropped.contains(&true).then(|| {
            words
                .iter()
                .zip(&dropped)
                .filter(|&(_, &d)| !d)
                .map(|(w, _)| w.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
    }

    /// The analyzed terms of a query, with weights, after typo correction.
    fn query(&self, text: &str) -> (Vec<QueryTerm>, Wh) {
        let words = normalize::words(text);
        let wh = analyze::wh(&words);
        let (mut terms, corrected) = self.query_words(words);
        lighten_unknown_words(text, &mut terms, &corrected);
        (terms, wh)
    }

    fn query_words(&self, mut words: Vec<String>) -> (Vec<QueryTerm>, Vec<String>) {
        // A question is a few dozen words at most; a longer input would only cost time.
        words.truncate(MAX_QUERY_WORDS);
        // "us approach to ai regulation?", "china vs us", "between us and china": "us" opening
        // a question, after "vs" or "any", or beside China, is the country, which the pack
        // calls "the us".
        let china = |at: Option<&String>| {
            at.is_some_and(|w| matches!(w.as_str(), "china" | "chinese" | "chinas" | "beijing"))
        };
        for at in 0..words.len() {
            let country = at == 0
                || matches!(words[at - 1].as_str(), "vs" | "versus" | "any")
                || words
                    .get(at + 1)
                    .is_some_and(|next| matches!(next.as_str(), "vs" | "versus"))
                // Not the asker's "us" ("tell us china's plan", "give us chinese views").
                || !(at > 0 && words::TAKES_US.contains(&words[at - 1].as_str()))
                    && (china(words.get(at + 1))
                        || china(words.get(at.wrapping_sub(1)))
                        || (words.get(at + 1).is_some_and(|next| next == "and")
                            && china(words.get(at + 2)))
                        || (at >= 2 && words[at - 1] == "and" && china(words.get(at - 2))));
            if words[at] == "us" && country && words.len() > 1 {
                words[at] = "usa".to_owned();
            }
        }
        let mut corrected = Vec::with_capacity(words.len());
        let mut qualities = Vec::with_capacity(words.len());
        for word in &words {
            let (word, quality) = self.correct(word.clone());
            corrected.push(word);
            qualities.push(quality);
        }
        let mut out: Vec<QueryTerm> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::default();
        // "who is li qiang in this story", "did the article mention the un": where to look,
        // which says nothing of what is asked when anything else does (then dropped below);
        // "what's in the article" asks it.
        let mut frame: Option<usize> = None;
        // "This article", "the story": the text the bot answers about.
        let is_the_text = |at: usize| {
            at > 0
                && words::THE_TEXT.contains(&corrected[at].as_str())
                && matches!(corrected[at - 1].as_str(), "this" | "the")
        };
        // Stemmed once: the terms and the stems of the words a synonym stood for.
        let stems: Vec<String> = corrected.iter().map(|w| self.analyzer.stem(w)).collect();
        for term in self
            .analyzer
            .terms_with_stems(&corrected, &stems, &qualities)
        {
            if let Some(&at) = seen.get(&term.text) {
                out[at].quality = out[at].quality.max(term.quality);
                continue;
            }
            // "a quote for my article": the asker's purpose, nothing to match.
            if term.first > 1
                && corrected[term.first - 2] == "for"
                && matches!(corrected[term.first - 1].as_str(), "my" | "our")
                && term.count == 1
                && words::PURPOSES.contains(&corrected[term.first].as_str())
            {
                continue;
            }
            // "what's the deal w 'woke ai'", "eric schmidt, what's his deal": what about the
            // subject named, not whether something is a big deal. Only with a subject: "what's
            // the deal" alone (or after an answer) may ask why it matters. ("The deal with" is
            // the pack's phrase for managing something.)
            if term.count == 1
                && corrected[term.first] == "deal"
                && term.first >= 2
                && matches!(corrected[term.first - 2].as_str(), "what" | "whats")
                && matches!(
                    corrected[term.first - 1].as_str(),
                    "the" | "his" | "her" | "their"
                )
                && match corrected.get(term.first + 1) {
                    Some(next) => {
                        matches!(next.as_str(), "w" | "in") && term.first + 2 < corrected.len()
                    }
                    None => corrected[..term.first - 2]
                        .iter()
                        .any(|w| !analyze::is_stopword(w)),
                }
            {
                continue;
            }
            // Talking about something is saying it, not giving a talk (the keynotes the word
            // finds): "what tensions is the article talking about", "did the conference talk
            // about jobs". "His talk about ...", "were there talks about ..." are talks, and so
            // is "what did schmidt talk about (exactly)", which asks what his keynote said:
            // but for the text, only words of substance are talked about.
            if term.count == 1
                && matches!(
                    corrected[term.first].as_str(),
                    "talk" | "talks" | "talking" | "talked"
                )
                && (term.first >= 1 && is_the_text(term.first - 1)
                    || talks_of_something(&corrected, term.first))
            {
                continue;
            }
            // "where was waic held this year": when the story happens, not a year asked for.
            if term.first > 0
                && term.count == 1
                && corrected[term.first - 1] == "this"
                && matches!(
                    corrected[term.first].as_str(),
                    "year" | "yr" | "time" | "week" | "month"
                )
            {
                continue;
            }
            let the_text = term.count == 1 && is_the_text(term.first);
            let framed = term.first > 1
                && words::TEXT_FRAMES.contains(&corrected[term.first - 2].as_str())
                || corrected
                    .get(term.first + 1)
                    .is_some_and(|next| words::TEXT_SAYS.contains(&next.as_str()));
            if the_text && framed {
                frame = Some(out.len());
            }
            // "my todo list", "my job": the asker's own, not the story's.
            let mine = term.first > 0 && corrected[term.first - 1] == "my";
            let id = if mine {
                None
            } else {
                self.term_ids.get(&term.text).copied()
            };
            // Generic by its word ("normally"), or a synonym group named by a generic word
            // ("tldr": a request for a summary says how to answer, not what about). A generic
            // word in a group named by a content word ("call" for `label`) means that content.
            let generic = if term.is_synonym() {
                analyze::is_generic(&term.text[1..])
            } else {
                term.count == 1 && analyze::is_generic(&corrected[term.first])
            };
            // An unknown word one slip from a function word ("ther", "thier", "excatly") is most
            // likely that word mistyped: it weighs like a generic word, not like a new subject.
            // As typed: "thre" is "there", though a word of a synonym phrase ("threw shade")
            // was nearer.
            let generic = generic
                || id.is_none()
                    && term.count == 1
                    && (self.near_function_word(&corrected[term.first])
                        || self.near_function_word(&words[term.first]));
            let weight = match id {
                // Generic words ("work", "stand") must not steer a match on their own.
                Some(id) if generic => self.idf[id as usize].min(GENERIC_KNOWN_CAP),
                Some(id) => self.idf[id as usize],
                None if generic => GENERIC_UNKNOWN_WEIGHT,
                None if term.short => self.unknown_weight() * SHORT_UNKNOWN_SHARE,
                None => self.unknown_weight(),
            };
            let surface = term.is_synonym().then(|| surface_hash(&corrected, &term));
            let stem_surface = term.is_synonym().then(|| surface_hash(&stems, &term));
            let thin = generic
                || term.count == 1 && corrected[term.first].chars().all(|c| c.is_ascii_digit());
            seen.insert(term.text, out.len());
            out.push(QueryTerm {
                id,
                generic,
                surface,
                stem_surface,
                weight,
                quality: term.quality,
                thin,
                short: term.short,
                first: term.first,
            });
        }
        if let Some(at) = frame
            && out.iter().enumerate().any(|(i, t)| {
                i != at && t.id.is_some() && !t.generic && t.weight >= FRAME_SHARE * out[at].weight
            })
        {
            out.remove(at);
        }
        (out, corrected)
    }

    /// The weight of a content word the pack never uses.
    fn unknown_weight(&self) -> f32 {
        self.unknown_idf * UNKNOWN_SHARE
    }

    /// Whether `word` (a vocabulary word) is a name the story writes.
    fn names_the_story(&self, word: &str) -> bool {
        self.story_name_words.contains(word)
    }

    /// Whether unknown `word` is one added, dropped or swapped letter from a function word,
    /// keeping its first letter; or, from five letters on, one letter mistyped ("theue" for
    /// "there", "asout" for "about") when it is no English word of its own ("dying" is not
    /// "doing", nor "court" "count").
    fn near_function_word(&self, word: &str) -> bool {
        let len = word.chars().count();
        len >= fuzzy::MIN_LEN
            && self
                .fuzzy
                .correct(word, 1, |c| {
                    is_stopword(c)
                        && !words::SHORTHAND.contains(&c)
                        && (near_short(word, c)
                            || len >= MIN_MISTYPED_FUNCTION_WORD
                                && c.chars().next() == word.chars().next()
                                && !is_english(word))
                })
                .is_some()
    }

    /// A known word unchanged; an unknown one corrected to the closest vocabulary word when the
    /// pack has one within reach, with the quality of that correction.
    fn correct(&self, word: String) -> (String, f32) {
        let len = word.chars().count();
        let known = |word: &str| {
            self.known_words.contains(word) || self.term_ids.contains_key(&self.analyzer.stem(word))
        };
        if known(&word) || word.bytes().any(|b| b.is_ascii_digit()) {
            return (word, 1.0);
        }
        if !self.config.fuzzy {
            return (word, 1.0);
        }
        if let Some(word) = unstretched(&word) {
            return (word, 1.0);
        }
        // A key held a moment too long at the end ("upp", "chinaa"): the word without it, when
        // that is a word known.
        let mut letters = word.chars().rev();
        if let (Some(last), Some(before)) = (letters.next(), letters.next())
            && last == before
            && last.is_alphabetic()
        {
            let short = &word[..word.len() - last.len_utf8()];
            if is_stopword(short) || known(short) {
                return (short.to_owned(), 1.0);
            }
        }
        // Chat spells "-ight" as "-ite" ("highlite"): read in full when that is a word known.
        if let Some(stem) = word.strip_suffix("ite") {
            let full = format!("{stem}ight");
            if known(&full) {
                return (full, 1.0);
            }
        }
        if len < fuzzy::MIN_LEN {
            return (word, 1.0);
        }
        // Short words have many real-word neighbours ("joke" and "woke", "mayor" and "major"):
        // a short word is corrected only by adding, dropping or swapping letters, never by
        // replacing one, and keeps its first letter, which people rarely mistype.
        let near_short = |candidate: &str| near_short(&word, candidate);
        // Two letters swapped in a function word, unless the word is an everyday one of its
        // own ("quiet" is not "quite").
        let swapped_slip =
            |candidate: &str| swapped(&word, candidate) && !analyze::is_generic(&word);
        let found = match len {
            // Three letters: only typos of function words ("wat", "teh"), never of content.
            3 => self.fuzzy.correct(&word, 1, |c| {
                is_stopword(c) && !words::SHORTHAND.contains(&c) && near_short(c)
            }),
            // Four letters may be a mistyped function word: a question word ("whos", "hows")
            // or swapped letters ("whta", "teh"), but "kids" is not "kinds".
            // Five letters may be a name of the story with one letter mistyped ("chena",
            // "trimp"), keeping its first, unless the word typed is English ("tramp").
            // Nor a five-letter English word into a longer or shorter one ("lunch" is no
            // "launch").
            _ if len <= SHORT_WORD => self.fuzzy.correct(&word, 1, |c| {
                near_short(c)
                    && !(is_english(&word) && c.chars().count() != len)
                    && (!is_stopword(c)
                        || swapped_slip(c)
                        || len <= 4 && analyze::wh(&[c.to_owned()]) != 0)
                    || len == SHORT_WORD
                        && c.chars().next() == word.chars().next()
                        && self.names_the_story(c)
                        && !is_english(&word)
            }),
            // A longer unknown word is more likely a real word than a misspelled function word
            // ("turing" is not "during"), so it is only corrected to content words, or to
            // function words with two letters swapped ("befroe", "thier").
            // Nor is its first letter mistyped: "posting" is a word of its own, not "hosting".
            // From six letters, two missed keys in a word no English speaker would write
            // ("anouncd"), when no single slip explains it.
            _ if len < fuzzy::LONG_LEN => self
                .fuzzy
                .correct(&word, 1, |c| {
                    (!is_stopword(c) || swapped_slip(c)) && c.chars().next() == word.chars().next()
                })
                .or_else(|| {
                    (len >= MIN_TWO_DROPPED && !is_english(&word))
                        .then(|| self.fuzzy.correct_dropped(&word, |c| !is_stopword(c)))
                        .flatten()
                }),
            _ => self.fuzzy.correct(&word, 2, |c| !is_stopword(c)),
        };
        // An everyday word is spelled as meant, or slipped into another everyday word ("seen"
        // for "see"), never into a subject: "getting" is not "gutting".
        let found = found.filter(|c| {
            !analyze::is_generic(&word) || analyze::is_generic(c.word) || is_stopword(c.word)
        });
        match found {
            Some(Correction {
                word: fixed,
                distance: 1,
            }) if len >= 6 => (fixed.to_owned(), ONE_EDIT_LONG),
            Some(Correction {
                word: fixed,
                distance: 1,
            }) => (fixed.to_owned(), ONE_EDIT_SHORT),
            Some(Correction { word: fixed, .. }) => (fixed.to_owned(), TWO_EDITS),
            None => match everyday_slip(&word) {
                Some(everyday) => (everyday.to_owned(), 1.0),
                None => (word, 1.0),
            },
        }
    }

    /// The exact confidence of one entry, and its ranking key.
    fn score(
        &self,
        entry: usize,
        terms: &[QueryTerm],
        total: f32,
        wh: Wh,
        addressed: bool,
    ) -> (Candidate, f32) {
        let fields = &self.entry_terms[entry];
        let phrases = &self.phrases[entry];
        let quoted: Vec<bool> = (0..terms.len())
            .map(|i| {
                let adjacent = |a: &QueryTerm, b: &QueryTerm| match (a.id, b.id) {
                    (Some(a), Some(b)) => phrases.binary_search(&pair(a, b)).is_ok(),
                    _ => false,
                };
                i > 0 && adjacent(&terms[i - 1], &terms[i])
                    || i + 1 < terms.len() && adjacent(&terms[i], &terms[i + 1])
            })
            .collect();
        let mut matched = 0.0;
        let mut in_query: Vec<(u32, f32, f32)> = Vec::with_capacity(terms.len());
        let quotes = quoted.iter().any(|&q| q);
        let same_words = terms
            .iter()
            .filter_map(|t| t.surface)
            .any(|hash| self.surfaces[entry].binary_search(&hash).is_ok());
        let mut total = total;
        let mut generic_matched = false;
        for (term, quoted) in terms.iter().zip(quoted) {
            let Some(id) = term.id else { continue };
            let Ok(at) = fields.binary_search_by_key(&id, |&(t, _)| t) else {
                if term.generic {
                    total -= term.weight;
                }
                continue;
            };
            let mask = fields[at].1;
            generic_matched |= term.generic;
            let field = if mask & IN_QUESTION != 0 || quoted {
                QUESTION_WEIGHT
            } else if mask & IN_ANSWER != 0 {
                (ANSWER_WEIGHT * self.text_weight[entry]).min(QUESTION_WEIGHT)
            } else {
                (CITE_WEIGHT * self.text_weight[entry]).min(QUESTION_WEIGHT)
            };
            matched += term.weight * term.quality * field;
            in_query.push((id, term.quality, term.weight));
        }
        in_query.sort_unstable_by_key(|&(id, _, _)| id);

        let asks_same_kind = wh != 0 && self.questions[entry].iter().any(|p| p.wh & wh != 0);
        // For each phrasing: how much of it the question covers, whether it asks the question's
        // kind, and how much of the question it says by itself.
        let phrasings = self.questions[entry]
            .iter()
            .enumerate()
            .map(|(index, phrasing)| {
                let (shared, together) = phrasing
                    .terms
                    .iter()
                    .filter_map(|t| {
                        in_query
                            .binary_search_by_key(t, |&(id, _, _)| id)
                            .ok()
                            .map(|at| (t, in_query[at]))
                    })
                    .fold(
                        (0.0, 0.0),
                        |(shared, together), (t, (_, quality, weight))| {
                            (
                                shared + self.idf[*t as usize] * quality,
                                together + weight * quality,
                            )
                        },
                    );
                let coverage = if phrasing.mass > 0.0 {
                    shared / phrasing.mass
                } else {
                    0.0
                };
                let same_kind = wh != 0 && phrasing.wh & wh != 0;
                let worded = terms
                    .iter()
                    .filter_map(|t| t.surface)
                    .any(|hash| phrasing.surfaces.binary_search(&hash).is_ok());
                (index, coverage, same_kind, together, worded)
            });
        let key = |x: &(usize, f32, bool, f32, bool)| {
            x.1 + if x.2 { WH_BONUS } else { 0.0 } + if x.4 { WORDED_BONUS } else { 0.0 }
        };
        let mut best = (0, 0.0, false, 0.0, false);
        // Of two entries that know all the question's words, the one with a phrasing that has
        // them all ("china ai organization") is the closer match than one whose phrasings
        // share them out. A question of a kind ("what was unveiled in shanghai") counts the
        // phrasings of that kind, when the entry has some.
        let mut said_together: f32 = 0.0;
        for candidate in phrasings {
            if !asks_same_kind || candidate.2 {
                said_together = said_together.max(candidate.3);
            }
            if candidate.0 == 0 || key(&candidate) > key(&best) {
                best = candidate;
            }
        }
        let said_together = said_together / total.max(f32::EPSILON);
        let (question, phrasing, phrasing_same_kind, _, worded) = best;

        // One matched term carries the whole match: thin if the question also says things the
        // pack never mentions, or two more things this entry does not, or one more and the
        // term is generic or a number ("good first date idea"; "can you help"). A generic
        // term alone ("tl;dr?") may still match a phrasing that is just that.
        //
        // Thin too if another content word of the question, about as rare as the matched one,
        // is one this entry does not have: "alibaba ceo" names a company the story lists, but
        // asks for its CEO, which the story never says.
        //
        // The story's title names that the entry's paragraphs use ([`Self::setting_terms`])
        // are no more things of the question: "what did china say about infrastructure".
        let thin = in_query.len() == 1 && {
            let only = in_query[0].0;
            let unmatched = terms
                .iter()
                .filter(|t| {
                    t.id != Some(only)
                        && t.id
                            .is_none_or(|id| self.setting_terms[entry].binary_search(&id).is_err())
                })
                .count();
            let only_thin = terms.iter().any(|t| t.id == Some(only) && t.thin);
            let only_weight = terms
                .iter()
                .find(|t| t.id == Some(only))
                .map_or(0.0, |t| t.weight);
            unmatched >= 2
                || only_thin && unmatched >= 1
                || terms
                    .iter()
                    .any(|t| t.id.is_none() && !t.generic && !t.short)
                || terms.iter().any(|t| {
                    t.id.is_some()
                        && t.id != Some(only)
                        && !t.generic
                        && t.weight >= SECOND_SUBJECT_SHARE * only_weight
                })
        };
        // Only without a question word: "what obstacles did he list" asks, in the pack's
        // words for the story's barriers; "my bad" and "no problem" do not ask at all. A
        // message that speaks to the bot on one word is about the bot ("what model are you
        // running on", "how's your day", "are you conscious"), even when a phrasing is just that
        // word ("how many days was it").
        let substantive = terms
            .iter()
            .filter(|t| {
                t.id.is_some_and(|id| in_query.binary_search_by_key(&id, |&(i, _, _)| i).is_ok())
            })
            .filter(|t| t.weight >= ADDRESSED_SUBJECT_WEIGHT)
            .count();
        let thin = thin
            || addressed && substantive <= 1
            || in_query.len() == 1
                && wh == 0
                && phrasing < 1.0
                && !self.story_terms.contains(&in_query[0].0);
        let coverage = if total > 0.0 { matched / total } else { 0.0 };
        let evidence = (matched / MIN_EVIDENCE).min(1.0);
        let score = (coverage * (1.0 - PHRASING_SHARE + PHRASING_SHARE * phrasing) * evidence)
            .clamp(0.0, 1.0);
        let rank = score
            + if asks_same_kind { WH_BONUS } else { 0.0 }
            + if phrasing_same_kind {
                PHRASING_KIND_BONUS
            } else {
                0.0
            }
            + if quotes { QUOTE_BONUS } else { 0.0 }
            + if same_words { SURFACE_BONUS } else { 0.0 }
            + if worded { WORDED_BONUS } else { 0.0 }
            + if generic_matched { GENERIC_BONUS } else { 0.0 }
            + SAID_TOGETHER_BONUS * said_together;
        (
            Candidate {
                entry,
                question,
                score,
                thin,
            },
            rank,
        )
    }

    /// Which of `entry`'s cited excerpts answer `question`, most relevant first: the excerpt
    /// sharing the most (IDF-weighted) terms with the question, then a second only if it holds
    /// question terms the first lacks. With no term in common, the curator's first excerpt.
    pub fn cites_for(&self, question: &str, entry: usize) -> Vec<usize> {
        self.cites_in_context(question, "", entry)
    }

    /// Like [`Matcher::cites_for`], for a follow-up read in `context` (the words of the
    /// question before): the context's words count for less than the follow-up's own, so
    /// "what did he talk about" after Eric Schmidt quotes the excerpt naming Schmidt.
    pub fn cites_in_context(&self, question: &str, context: &str, entry: usize) -> Vec<usize> {
        let cites = &self.cite_terms[entry];
        if cites.len() <= 1 {
            return (0..cites.len()).collect();
        }
        let words = normalize::words(question);
        let kind = analyze::wh(&words)
            & (analyze::WHO | analyze::WHEN | analyze::WHERE | analyze::HOW_MANY)
            | if analyze::asks_quote(&words) {
                analyze::QUOTE
            } else {
                0
            };
        let (terms, corrected) = self.query_words(words);
        let mut known: Vec<(u32, f32)> = terms
            .iter()
            .filter_map(|t| Some((t.id?, t.weight * t.quality)))
            .collect();
        // Words a synonym group stood for count again where an excerpt writes them so: of
        // "promote safety standards" and "a more coordinated, security-conscious approach",
        // "which side is more security focused" quotes the second.
        let written: Vec<u64> = terms
            .iter()
            .filter(|t| t.id.is_some())
            .filter_map(|t| t.stem_surface)
            .collect();
        let surfaces = &self.cite_surfaces[entry];
        let writes = |c: usize| {
            written
                .iter()
                .filter(|hash| surfaces[c].binary_search(hash).is_ok())
                .count()
        };
        // The words as written count again, so that of two excerpts matching through a synonym
        // ("coordinated", "collaboration"), the one with the user's own word comes first.
        for word in corrected.iter().filter(|w| !is_stopword(w)) {
            if let Some(&id) = self.term_ids.get(&self.analyzer.stem(word))
                && !known.iter().any(|(k, _)| *k == id)
            {
                known.push((id, self.idf[id as usize] * LITERAL_SHARE));
            }
        }
        // An excerpt that answers the kind of question asked ("when" and "during the opening")
        // counts as if it held one more query word.
        let kinds = &self.cite_kinds[entry];
        let answers_kind = |c: usize| kind != 0 && kinds[c] & kind != 0;
        if !context.is_empty() {
            let (context_terms, _) = self.query_words(normalize::words(context));
            for term in context_terms {
                if let Some(id) = term.id
                    && !known.iter().any(|(k, _)| *k == id)
                {
                    known.push((id, term.weight * term.quality * CONTEXT_SHARE));
                }
            }
        }
        let covered = |c: usize, skip: Option<usize>| -> f32 {
            let terms: f32 = known
                .iter()
                .filter(|(id, _)| {
                    cites[c].binary_search(id).is_ok()
                        && skip.is_none_or(|s| cites[s].binary_search(id).is_err())
                })
                .map(|(_, weight)| weight)
                .sum();
            let kind_bonus = if answers_kind(c) && skip.is_none_or(|s| !answers_kind(s)) {
                KIND_WEIGHT
            } else {
                0.0
            };
            terms + kind_bonus
        };
        // The most covered; of excerpts that cover as much, the one writing more of the
        // asker's words a synonym stood for, then the curator's order.
        let key = |c: usize| (covered(c, None) * 1000.0).round() as i64;
        let best = (0..cites.len())
            .max_by(|&a, &b| {
                key(a)
                    .cmp(&key(b))
                    .then(writes(a).cmp(&writes(b)))
                    .then(b.cmp(&a))
            })
            .unwrap_or(0);
        if key(best) <= 0 {
            return vec![0];
        }
        // A second excerpt when it holds question terms the first lacks, or when it matches the
        // question just as well (then which one answers is not clear, and both are shown), and
        // only while the two stay short enough to read.
        let lengths = &self.cite_lengths[entry];
        let second = (0..cites.len())
            .filter(|&c| c != best && lengths[best] + lengths[c] <= MAX_CITED_CHARS)
            .map(|c| {
                let extra = covered(c, Some(best));
                let tie = key(c) == key(best);
                (c, extra, tie)
            })
            .filter(|(_, extra, tie)| *extra > 0.0 || *tie)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        match second {
            Some((second, _, _)) => vec![best, second],
            None => vec![best],
        }
    }

    /// Terms of the phrasing words that start with `prefix`, best candidates first.
    fn prefix_terms(&self, prefix: &str) -> Vec<u32> {
        let start = self
            .prefix_words
            .partition_point(|(word, _, _)| word.as_str() < prefix);
        let mut matches: Vec<(bool, u32, usize, u32)> = self.prefix_words[start..]
            .iter()
            .take_while(|(word, _, _)| word.starts_with(prefix))
            .map(|(word, term, count)| (word == prefix, *count, word.len(), *term))
            .collect();
        // The word itself if complete, then the most used, then the shortest completions.
        matches.sort_unstable_by(|a, b| {
            b.0.cmp(&a.0)
                .then(b.1.cmp(&a.1))
                .then(a.2.cmp(&b.2))
                .then(a.3.cmp(&b.3))
        });
        let mut terms: Vec<u32> = matches.into_iter().map(|(_, _, _, term)| term).collect();
        let mut seen = HashSet::default();
        terms.retain(|term| seen.insert(*term));
        terms.truncate(MAX_PREFIX_WORDS);
        terms
    }

    /// Phrasings worth scoring for a completion: those with the query's rarer full words, or
    /// (while the first word is being typed) a sample of those with a word the prefix starts.
    /// Bounded, so that a common word in a huge pack cannot make autocomplete slow.
    fn completion_candidates(
        &self,
        known: &[(u32, &QueryTerm)],
        prefix_terms: &[u32],
    ) -> Vec<(u32, u16)> {
        let mut candidates: Vec<(u32, u16)> = Vec::new();
        if known.is_empty() {
            for &term in prefix_terms {
                let postings = &self.question_postings[term as usize];
                candidates.extend_from_slice(&postings[..postings.len().min(PREFIX_SAMPLE)]);
            }
        } else {
            let mut by_rarity: Vec<&Vec<(u32, u16)>> = known
                .iter()
                .map(|(id, _)| &self.question_postings[*id as usize])
                .collect();
            by_rarity.sort_by_key(|postings| postings.len());
            for postings in by_rarity {
                if !candidates.is_empty()
                    && candidates.len() + postings.len() > MAX_COMPLETION_CANDIDATES
                {
                    break;
                }
                candidates
                    .extend_from_slice(&postings[..postings.len().min(MAX_COMPLETION_CANDIDATES)]);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        candidates
    }

    /// The first phrasing of the first entries (of the same kind of question, if any).
    fn first_questions(&self, wh: Wh, limit: usize) -> Vec<Candidate> {
        self.questions
            .iter()
            .enumerate()
            .filter_map(|(entry, phrasings)| {
                let question = phrasings.iter().position(|p| wh == 0 || p.wh & wh != 0)?;
                Some(Candidate {
                    entry,
                    question,
                    score: 0.0,
                    thin: false,
                })
            })
            .take(limit)
            .collect()
    }
}

/// Whether the talk word at `at` of `words` says something is talked about ("did the
/// conference talk about jobs"): "about" follows, then a word of substance, and no
/// determiner makes it a talk ("his talk about", "any talks about"; "any talk about
/// risks?" asks whether they came up).
fn talks_of_something(words: &[String], at: usize) -> bool {
    let talks = words[at] == "talks";
    let determined = at > 0 && {
        let before = words[at - 1].as_str();
        matches!(
            before,
            "a" | "the" | "his" | "her" | "their" | "its" | "this" | "that" | "my" | "s"
        ) || talks && matches!(before, "any" | "some" | "no" | "there")
    };
    words
        .get(at + 1)
        .is_some_and(|next| matches!(next.as_str(), "about" | "abt" | "bout"))
        && words[at + 2..]
            .iter()
            .any(|word| !analyze::is_stopword(word) && !analyze::is_generic(word))
        && !determined
}

/// `word` with a key held down typed once ("lmaooo", "whyyy", "sooo") or twice ("gooood"),
/// when that is a function or everyday word of two letters or more ("www" is no "w"). Words
/// rarely have a letter three times in a row. A subject spelt long ("alibabaaaa") is left as
/// typed: said so, it is a cheer, not a question about the subject.
fn unstretched(word: &str) -> Option<String> {
    let chars: Vec<char> = word.chars().collect();
    if !chars.windows(3).any(|w| w[0] == w[1] && w[1] == w[2]) {
        return None;
    }
    [1, 2].into_iter().find_map(|keep| {
        let mut out = String::with_capacity(word.len());
        for run in chars.chunk_by(|a, b| a == b) {
            let times = if run.len() >= 3 { keep } else { run.len() };
            out.extend(std::iter::repeat_n(run[0], times));
        }
        (out.chars().count() >= 2 && (is_stopword(&out) || analyze::is_generic(&out)))
            .then_some(out)
    })
}

/// Whether `candidate` has the letters of `word` in another order.
fn swapped(word: &str, candidate: &str) -> bool {
    let sorted = |s: &str| {
        let mut letters: Vec<char> = s.chars().collect();
        letters.sort_unstable();
        letters
    };
    sorted(word) == sorted(candidate)
}

/// Whether `candidate` may be a slip of `word` that keeps its first letter, which people
/// rarely mistype: a letter added or dropped, or two swapped, never one replaced.
fn near_short(word: &str, candidate: &str) -> bool {
    candidate.chars().next() == word.chars().next()
        && (candidate.chars().count() != word.chars().count() || swapped(word, candidate))
}

/// The words the text writes capitalized inside a sentence: names ("Beijing", "Li Qiang"),
/// not the first word of a sentence.
fn names_in(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut sentence_start = true;
    for token in text.split_whitespace() {
        let first = token.chars().find(|c| c.is_alphanumeric());
        if !sentence_start && first.is_some_and(char::is_uppercase) {
            names.push(token.to_owned());
        }
        if first.is_some() {
            sentence_start = token.ends_with(['.', '!', '?', ':'])
                && !token
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase);
        }
    }
    names
}
