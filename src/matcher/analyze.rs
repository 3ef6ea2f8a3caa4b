//! From normalized words to index terms: English stemming, synonym phrases mapped to one
//! canonical term, stopwords dropped, and (for queries) typo correction against the vocabulary.
//! Entries and queries go through the same steps, so they meet on the same terms.

// FxHash rather than SipHash: see `super`.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use rust_stemmers::{Algorithm, Stemmer};

use super::normalize;
use super::words::{
    AUXILIARIES, GENERIC_WORDS, PERSON_WORDS, PLACE_MARKERS, PLACE_NOUNS, SPEECH_VERBS, STOPWORDS,
    TIME_WORDS,
};
use crate::knowledge::SynonymGroup;

/// Question-word flags ("who", "how many", ...), used to prefer the phrasing that asks the same
/// kind of question.
pub type Wh = u16;

/// A term with how well the query's word matched it (1 for exact, less for a correction).
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub text: String,
    pub quality: f32,
    /// Whether the word is short (two characters or fewer), which weighs less when unknown.
    pub short: bool,
    /// The words this term came from: `words[first..first + count]`.
    pub first: usize,
    pub count: usize,
}

impl Term {
    /// Whether a synonym group produced this term.
    pub fn is_synonym(&self) -> bool {
        self.text.starts_with('~')
    }
}

/// A synonym phrase that an earlier group already claims (see [`Analyzer::with_conflicts`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynonymConflict {
    pub phrase: String,
    pub group: String,
    /// What already reads that way: an earlier group, or a common word.
    pub taken_by: String,
}

impl std::fmt::Display for SynonymConflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "synonym `{}`: \"{}\" reads the same as {} once stemmed",
            self.group, self.phrase, self.taken_by
        )
    }
}

/// Turns text into terms; built once per pack from its synonym groups.
pub struct Analyzer {
    stemmer: Stemmer,
    /// Synonym phrases by their first stemmed word: (stemmed words, canonical term).
    phrases: HashMap<String, Vec<(Vec<String>, String)>>,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("phrases", &self.phrases.len())
            .finish()
    }
}

impl Analyzer {
    pub fn new(groups: &[SynonymGroup]) -> Self {
        Self::with_conflicts(groups).0
    }

    /// Builds the analyzer and lists the synonym phrases that read the same as a phrase of an
    /// earlier group once stemmed ("directly" and "directive" both stem to `direct`): such a
    /// phrase silently belongs to the earlier group, which is rarely what the curator meant.
    pub fn with_conflicts(groups: &[SynonymGroup]) -> (Self, Vec<SynonymConflict>) {
        let mut conflicts = Vec::new();
        let mut analyzer = Self {
            stemmer: Stemmer::create(Algorithm::English),
            phrases: HashMap::default(),
        };
        for group in groups {
            let canonical = format!(
                "~{}",
                analyzer.stems(&normalize::words(&group.key)).join("_")
            );
            for phrase in std::iter::once(&group.key).chain(&group.equivalents) {
                let stems = analyzer.stems(&normalize::words(phrase));
                let Some(first) = stems.first().cloned() else {
                    continue;
                };
                if let [only] = stems.as_slice()
                    && let Some(common) = STOPWORDS.iter().find(|w| analyzer.stem(w) == *only)
                    && !is_stopword(phrase)
                {
                    // "willing" stems to `will`: the group would swallow every "will".
                    conflicts.push(SynonymConflict {
                        phrase: phrase.clone(),
                        group: group.key.clone(),
                        taken_by: format!("the common word \"{common}\""),
                    });
                }
                let list = analyzer.phrases.entry(first).or_default();
                match list.iter().find(|(existing, _)| *existing == stems) {
                    None => list.push((stems, canonical.clone())),
                    Some((_, owner)) if *owner != canonical => conflicts.push(SynonymConflict {
                        phrase: phrase.clone(),
                        group: group.key.clone(),
                        taken_by: format!(
                            "a phrase of the earlier group `{}`, so it belongs to that group",
                            owner.trim_start_matches('~').replace('_', " ")
                        ),
                    }),
                    Some(_) => {}
                }
            }
        }
        for list in analyzer.phrases.values_mut() {
            // Longest phrase first, so "united states of america" wins over "united states".
            list.sort_by_key(|(phrase, _)| std::cmp::Reverse(phrase.len()));
        }
        (analyzer, conflicts)
    }

    /// The stem of one normalized word.
    pub fn stem(&self, word: &str) -> String {
        if word.bytes().any(|b| b.is_ascii_digit()) {
            return word.to_owned();
        }
        if let Some(&(_, own)) = OWN_STEMS.iter().find(|(w, _)| *w == word) {
            return own.to_owned();
        }
        self.stemmer.stem(word).into_owned()
    }

    fn stems(&self, words: &[String]) -> Vec<String> {
        words.iter().map(|w| self.stem(w)).collect()
    }

    /// The terms of entry text (no typo correction), in order, with repeats.
    pub fn terms(&self, text: &str) -> Vec<String> {
        let words = normalize::words(text);
        let qualities = vec![1.0; words.len()];
        self.terms_of(&words, &qualities)
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    /// The terms of already corrected words, each with the quality of its correction.
    pub fn terms_of(&self, words: &[String], qualities: &[f32]) -> Vec<Term> {
        self.terms_with_stems(words, &self.stems(words), qualities)
    }

    /// Like [`Analyzer::terms_of`], with the words' stems already known (indexing caches them).
    pub fn terms_with_stems<S: AsRef<str>>(
        &self,
        words: &[String],
        stems: &[S],
        qualities: &[f32],
    ) -> Vec<Term> {
        let mut out = Vec::with_capacity(words.len());
        let mut i = 0;
        while i < words.len() {
            if let Some((len, canonical)) = self.phrase_at(&stems[i..]) {
                let quality = qualities[i..i + len].iter().copied().fold(1.0, f32::min);
                out.push(Term {
                    text: canonical.to_owned(),
                    quality,
                    short: false,
                    first: i,
                    count: len,
                });
                i += len;
                continue;
            }
            if !is_stopword(&words[i]) {
                out.push(Term {
                    text: stems[i].as_ref().to_owned(),
                    quality: qualities[i],
                    short: words[i].chars().count() <= 2
                        && !NAMED_SHORT.contains(&&*words[i])
                        && !names_a_code(&words[i]),
                    first: i,
                    count: 1,
                });
            }
            i += 1;
        }
        out
    }

    /// Whether a synonym phrase starts with this stem.
    pub fn starts_phrase(&self, stem: &str) -> bool {
        self.phrases.contains_key(stem)
    }

    fn phrase_at<S: AsRef<str>>(&self, stems: &[S]) -> Option<(usize, &str)> {
        let candidates = self.phrases.get(stems.first()?.as_ref())?;
        candidates
            .iter()
            .find(|(phrase, _)| {
                phrase.len() <= stems.len()
                    && phrase.iter().zip(stems).all(|(p, s)| p == s.as_ref())
            })
            .map(|(phrase, canonical)| (phrase.len(), canonical.as_str()))
    }
}

/// Words the stemmer would merge with another of a different sense, with a stem of their own:
/// "positioning itself as a leader" is a role, "China's position" a stance. Found by stemming
/// every word of `english.txt` and reading those that share a stem with a word of the pack.
const OWN_STEMS: &[(&str, &str)] = &[
    ("positioning", "positioning"),
    ("positioned", "positioning"),
    // Not "position" ("was it all positive" asks no one's position).
    ("positive", "positive"),
    ("positives", "positive"),
    ("positively", "positive"),
    ("positivity", "positive"),
    // Nor is an engineer an engine ("new engine for growth"), carrying out a plan an
    // executive order, or being busy a business.
    ("engineer", "engineer"),
    ("engineers", "engineer"),
    ("engineering", "engineer"),
    ("engineered", "engineer"),
    ("execute", "execute"),
    ("executed", "execute"),
    ("executes", "execute"),
    ("executing", "execute"),
    ("execution", "execute"),
    ("executions", "execute"),
    ("busy", "busy"),
    ("busied", "busy"),
    ("busier", "busy"),
    ("busiest", "busy"),
    // What came first is no initiative ("what did li say initially").
    ("initial", "initial"),
    ("initially", "initial"),
];

/// The question words of normalized `words` as flags.
pub fn wh(words: &[String]) -> Wh {
    let mut flags = 0;
    for (i, word) in words.iter().enumerate() {
        flags |= match word.as_str() {
            // With "is", "are", "did" or "would" run in without an apostrophe, as chat does.
            "who" | "whom" | "whose" | "whos" | "whod" => 1,
            // "At what event", "which city", "what year": a place or a time, not a thing.
            "what" | "whats" | "which" if let Some(kind) = asks_by_noun(&words[i + 1..]) => kind,
            "what" | "whats" | "whatre" | "whatd" | "wat" | "wats" | "wut" | "wht" => 2,
            // "wtf is woke ai": chat's "what", before its verb; "wtf" alone exclaims.
            "wtf"
                if words
                    .get(i + 1)
                    .is_some_and(|next| AUXILIARIES.contains(&next.as_str())) =>
            {
                2
            }
            "when" | "whens" | "whend" | "wen" => 4,
            // "Where does the UN come in?" and "where does it fit" ask what part it plays.
            "where" | "wheres" | "whered" if plays_a_part(&words[i + 1..]) => 0,
            "where" | "wheres" | "whered" | "whr" | "wher" => 8,
            "why" | "whys" | "whyd" => 16,
            // "y does china ...", "y r they": chat's "why", opening a question before its verb.
            "y" if i == 0
                && words.get(1).is_some_and(|next| {
                    matches!(
                        next.as_str(),
                        "does"
                            | "do"
                            | "did"
                            | "is"
                            | "are"
                            | "r"
                            | "was"
                            | "were"
                            | "would"
                            | "should"
                            | "dont"
                            | "doesnt"
                            | "didnt"
                            | "isnt"
                            | "not"
                            | "cant"
                    )
                }) =>
            {
                16
            }
            "which" => 32,
            // "Waic numbers?", "stats on the robots": the figures, as "how many" asks them.
            word if names_figures(word) => 128,
            "hows" | "howd" => 64,
            // "how long" asks for a time and "how big" for a number, not how something is
            // done: a bare "how?" after an answer is not asking how long the forum runs.
            "how" => match words.get(i + 1).map(String::as_str) {
                Some("many" | "much" | "big" | "large" | "old" | "far" | "tall") => 128,
                Some("long" | "soon" | "often") => 4,
                _ => 64,
            },
            _ => 0,
        };
    }
    flags
}

/// Whether `word` names figures ("numbers", "stats"): in a question it asks how many, but
/// alone it does not make a message a question ("big numbers").
pub fn names_figures(word: &str) -> bool {
    matches!(word, "numbers" | "stats" | "statistics")
}

/// The kind a "what" or "which" asks by the noun right after it ("what event", "which city",
/// "what year"), if that noun names a place or a time.
fn asks_by_noun(rest: &[String]) -> Option<Wh> {
    kind_of_noun(rest.first()?)
}

/// The kind of question a noun asks after "what" or "which": a place ("city", "places") or a
/// time ("year").
fn kind_of_noun(noun: &str) -> Option<Wh> {
    match noun {
        "event" | "city" | "cities" | "place" | "places" | "venue" | "location" | "locations"
        | "conference" | "forum" => Some(8),
        "year" | "day" | "date" | "month" | "time" => Some(4),
        _ => None,
    }
}

/// The kind of answer `words[at]` asks for when it only names that kind after "what" or
/// "which" ("which places", "what year"): a question word, not a subject.
pub fn kind_named(words: &[String], at: usize) -> Option<Wh> {
    if at > 0 && matches!(words[at - 1].as_str(), "what" | "whats" | "which") {
        kind_of_noun(&words[at])
    } else {
        None
    }
}

/// Whether the words after "where" make it ask what part something plays or how it stands
/// ("come in", "fit", "where does china stand", "where is this heading").
fn plays_a_part(rest: &[String]) -> bool {
    rest.iter()
        .any(|w| matches!(w.as_str(), "fit" | "fits" | "stand" | "stands" | "heading"))
        || rest
            .windows(2)
            .any(|p| matches!(p[0].as_str(), "come" | "comes") && p[1] == "in")
}

/// Two-letter words that name something ("uk", "eu"): a subject of their own, not a slip or
/// chat shorthand like "u" and "ur".
const NAMED_SHORT: &[&str] = &["eu", "hk", "nz", "uk"];

/// Whether a short word mixes letters and digits, as the names of things do ("f1", "g7",
/// "5g"): a subject of its own, like [`NAMED_SHORT`]. Not chat's spellings ("b4", "w8").
fn names_a_code(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit())
        && word.chars().any(char::is_alphabetic)
        && !matches!(word, "b4" | "w8" | "l8" | "u2" | "2u" | "4u" | "2b")
}

/// Question-word flags of the kinds `wh` also uses.
pub const WHO: Wh = 1;
pub const WHEN: Wh = 4;
pub const WHERE: Wh = 8;
pub const WHY: Wh = 16;
pub const HOW_MANY: Wh = 128;
/// Not a question word: a request for someone's own words ("any direct quotes?"), which an
/// excerpt that is mostly a quotation answers.
pub const QUOTE: Wh = 256;

/// Words by which a question asks for someone's own words.
const QUOTE_WORDS: &[&str] = &[
    "quote",
    "quotes",
    "quoted",
    "quotation",
    "quotations",
    "verbatim",
];

/// Whether normalized `words` ask for a quotation ("any direct quotes from the premier?").
pub fn asks_quote(words: &[String]) -> bool {
    words.iter().any(|w| QUOTE_WORDS.contains(&w.as_str()))
}

/// Whether at least half of `text` stands between quotation marks.
fn mostly_quoted(text: &str) -> bool {
    let (mut inside, mut quoted, mut total) = (false, 0, 0);
    for c in text.chars() {
        match c {
            '\u{201C}' => inside = true,
            '\u{201D}' => inside = false,
            '"' => inside = !inside,
            _ if c.is_alphanumeric() => {
                total += 1;
                quoted += usize::from(inside);
            }
            _ => {}
        }
    }
    total > 0 && quoted * 2 >= total
}

/// The kinds of question a story excerpt can answer by its form, as [`wh`] flags: a number
/// answers "how many", a time word ("during the opening", "recent") "when", a capitalized
/// word or a kind of place ("regions") after "in", "at" or "from" "where", and a person's
/// role ("premier", "officials") or a name saying something ("Li emphasized", or "Li ...,
/// he warned") "who". Read
/// from the excerpt as written, since capitals mark places.
pub fn excerpt_kinds(text: &str) -> Wh {
    let mut kinds = 0;
    let raw: Vec<&str> = text.split_whitespace().collect();
    for (i, token) in raw.iter().enumerate() {
        let word: String = token
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if word.chars().any(|c| c.is_ascii_digit()) {
            kinds |= HOW_MANY;
            if word.len() == 4 && (word.starts_with("19") || word.starts_with("20")) {
                kinds |= WHEN;
            }
        }
        // "three-day", "day-to-day": the parts of a hyphenated word count too.
        if word.split('-').any(|part| TIME_WORDS.contains(&part)) {
            kinds |= WHEN;
        }
        if PERSON_WORDS.contains(&word.as_str()) {
            kinds |= WHO;
        }
        let next_capitalized = raw
            .get(i + 1)
            .and_then(|next| next.chars().find(|c| c.is_alphabetic()))
            .is_some_and(char::is_uppercase);
        // "In under-resourced regions": a kind of place, named by its noun, within two words.
        let place_noun = || {
            raw.iter().skip(i + 1).take(2).any(|next| {
                let next = next
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase();
                PLACE_NOUNS.contains(&next.as_str())
            })
        };
        if PLACE_MARKERS.contains(&word.as_str()) && (next_capitalized || place_noun()) {
            kinds |= WHERE;
        }
        // A name saying something ("Li emphasized", "Trump said") tells who.
        let capitalized = token
            .chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_uppercase);
        // "The White House also criticized": "also" may stand between.
        let says = raw[i + 1..]
            .iter()
            .map(|next| {
                next.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .find(|next| next != "also")
            .is_some_and(|next| SPEECH_VERBS.contains(&next.as_str()));
        // "Although Li did not directly mention the U.S., he warned": a name before, then
        // "he" or "she" saying something.
        let named_before = raw.get(1..i).unwrap_or_default().iter().any(|before| {
            before
                .chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
        });
        let pronoun = matches!(word.as_str(), "he" | "she");
        if says && (capitalized || pronoun && named_before) {
            kinds |= WHO;
        }
    }
    if mostly_quoted(text) {
        kinds |= QUOTE;
    }
    kinds
}

/// Whether `word` (normalized, not stemmed) carries no meaning for matching.
pub fn is_stopword(word: &str) -> bool {
    static SET: std::sync::OnceLock<HashSet<&'static str>> = std::sync::OnceLock::new();
    SET.get_or_init(|| STOPWORDS.iter().copied().collect())
        .contains(word)
}

/// Whether `word` (normalized, not stemmed) is a generic English word: one that, when the pack
/// does not use it, says little about what a question is about ("normally", "guy", "heard").
/// Unknown content words ("mayor", "weather") keep their full weight; generic ones do not.
pub fn is_generic(word: &str) -> bool {
    static SET: std::sync::OnceLock<HashSet<&'static str>> = std::sync::OnceLock::new();
    SET.get_or_init(|| GENERIC_WORDS.iter().copied().collect())
        .contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn where_asks_for_a_place_unless_it_asks_what_part_something_plays() {
        let kind = |q: &str| wh(&crate::matcher::normalize::words(q));
        assert_ne!(kind("where was it announced") & WHERE, 0);
        assert_ne!(kind("wheres the hq") & WHERE, 0);
        assert_eq!(kind("where does the UN come in?") & WHERE, 0);
        assert_eq!(kind("where does trump fit in all this") & WHERE, 0);
        assert_ne!(kind("hows it going") & 64, 0);
        assert_eq!(kind("how long does waic run"), WHEN);
        assert_eq!(kind("how big is it"), HOW_MANY);
        // "Count" and "number" are verbs and quantities too: no count is asked.
        assert_eq!(kind("what does the us count on") & HOW_MANY, 0);
        assert_eq!(kind("why do a small number of powers matter") & HOW_MANY, 0);
        // "What" or "which" with a place or a time asks where or when.
        assert_eq!(kind("at what event was it announced"), WHERE);
        assert_eq!(kind("which city hosted it"), WHERE);
        assert_eq!(kind("what year was waic"), WHEN);
        // Chat spellings ask the same.
        assert_eq!(kind("wen was the announcement"), WHEN);
        assert_eq!(kind("wher was it anounced"), WHERE);
        assert_eq!(kind("wat is waic"), kind("what is waic"));
        assert_eq!(kind("what country is she from"), 2);
    }

    #[test]
    fn generic_words_are_sorted_and_unique() {
        assert!(
            GENERIC_WORDS.windows(2).all(|w| w[0] < w[1]),
            "{:?}",
            GENERIC_WORDS.windows(2).find(|w| w[0] >= w[1])
        );
    }

    #[test]
    fn stopwords_are_sorted_and_unique() {
        assert!(
            STOPWORDS.windows(2).all(|w| w[0] < w[1]),
            "{:?}",
            STOPWORDS.windows(2).find(|w| w[0] >= w[1])
        );
    }

    fn analyzer() -> Analyzer {
        Analyzer::new(&[
            SynonymGroup {
                key: "premier".into(),
                equivalents: vec!["prime minister".into(), "pm".into()],
            },
            SynonymGroup {
                key: "usa".into(),
                equivalents: vec!["united states".into(), "america".into(), "american".into()],
            },
        ])
    }

    #[test]
    fn a_word_of_another_sense_keeps_its_own_stem() {
        let analyzer = analyzer();
        // A role, not a stance: "positioning itself as a leader", "China's position".
        assert_eq!(analyzer.stem("positioning"), analyzer.stem("positioned"));
        assert_ne!(analyzer.stem("positioning"), analyzer.stem("position"));
        assert_eq!(analyzer.stem("positions"), analyzer.stem("position"));
        assert_ne!(analyzer.stem("engineers"), analyzer.stem("engine"));
        assert_ne!(analyzer.stem("executed"), analyzer.stem("executive"));
        assert_ne!(analyzer.stem("busy"), analyzer.stem("businesses"));
        assert_ne!(analyzer.stem("initially"), analyzer.stem("initiative"));
        // Nor is being positive a position.
        assert_ne!(analyzer.stem("positive"), analyzer.stem("position"));
        assert_eq!(analyzer.stem("positive"), analyzer.stem("positively"));
    }

    /// Each case: text, expected terms.
    const CASES: &[(&str, &str)] = &[
        ("Who announced the proposal?", "announc propos"),
        ("Which prime minister spoke?", "~premier spoke"),
        ("the premier's speech", "~premier speech"),
        ("What did the U.S. do?", "~usa"),
        ("the United States and America", "~usa ~usa"),
        ("American approach", "~usa approach"),
        ("tell us about robots", "robot"),
        (
            "How many humanoid robots were shown?",
            "humanoid robot shown",
        ),
        ("thirteen points", "13 point"),
    ];

    #[test]
    fn analyzes_like_entries_and_queries_alike() {
        let analyzer = analyzer();
        for (text, expected) in CASES {
            assert_eq!(analyzer.terms(text).join(" "), *expected, "{text:?}");
        }
    }

    #[test]
    fn reports_synonyms_that_stem_alike_across_groups() {
        let groups = [
            SynonymGroup {
                key: "executive order".into(),
                equivalents: vec!["directive".into()],
            },
            SynonymGroup {
                key: "direct".into(),
                equivalents: vec!["directly".into(), "explicitly".into()],
            },
        ];
        let (_, conflicts) = Analyzer::with_conflicts(&groups);
        let phrases: Vec<&str> = conflicts.iter().map(|c| c.phrase.as_str()).collect();
        assert_eq!(phrases, ["direct", "directly"]);
        assert!(
            conflicts[0]
                .to_string()
                .contains("earlier group `execut order`"),
            "{}",
            conflicts[0]
        );

        let willing = [SynonymGroup {
            key: "ready".into(),
            equivalents: vec!["willing".into()],
        }];
        let (_, conflicts) = Analyzer::with_conflicts(&willing);
        assert_eq!(conflicts.len(), 1, "{conflicts:?}");
        assert!(
            conflicts[0]
                .to_string()
                .contains("the common word \"will\""),
            "{}",
            conflicts[0]
        );
    }

    #[test]
    fn time_and_person_words_are_sorted_and_unique() {
        for list in [TIME_WORDS, PERSON_WORDS, SPEECH_VERBS] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }

    #[test]
    fn reads_what_an_excerpt_can_answer() {
        let cases: &[(&str, Wh)] = &[
            ("during the opening of the conference", WHEN),
            ("a major three-day global tech forum", WHEN),
            ("headquartered in Shanghai", WHERE),
            ("over 800 companies", HOW_MANY),
            ("The 2025 WAIC", HOW_MANY | WHEN),
            ("convenes government officials, researchers", WHO),
            ("Describing AI as an engine, Li emphasized the need", WHO),
            ("the need, Li emphasized", WHO),
            ("Although Li did not say so, he warned against it", WHO),
            ("he warned against it", 0),
            ("calling for a unified global framework", 0),
            ("in contrast to the American approach", 0),
            ("data hubs—particularly in under-resourced regions", WHERE),
            ("with developing countries", 0),
        ];
        for (text, kinds) in cases {
            assert_eq!(excerpt_kinds(text), *kinds, "{text:?}");
        }
    }

    #[test]
    fn reads_question_words() {
        let flags = |s: &str| wh(&normalize::words(s));
        assert_eq!(flags("Who announced it?"), 1);
        assert_eq!(flags("How many robots?"), 128);
        assert_eq!(flags("how was it"), 64);
        assert_eq!(flags("robots"), 0);
        // Chat's "y" is "why" only opening a question before its verb.
        assert_eq!(flags("y does china want this"), 16);
        assert_eq!(flags("y r they doing it"), 16);
        assert_eq!(flags("y axis"), 0);
        assert_eq!(flags("gen y"), 0);
    }
}
