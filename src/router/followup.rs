//! Follow-up questions: "where?", "why?", "and the US?" or "what did he say about it" after an
//! answer need the conversation to be understood. Such a question is read together with the
//! phrasing that the previous answer matched, without its question word, so "where?" after
//! "Who announced the proposal?" is read as "where ... announced the proposal".
//!
//! Only questions that cannot stand on their own are read in context: ones with no content
//! word, ones that refer back ("it", "he", "that"), and ones that start by adding to the last
//! ("and ...", "what about ..."). A question with a content word the pack never uses ("who is
//! the CEO of Amazon?") is a new topic and is never dragged toward the old one.

use super::has_word;
use crate::matcher::{
    Matcher, WHEN, WHERE, WHO, WHY, Wh, addresses_bot, asks_something, is_generic, is_stopword,
    kind_named, normalize, wh,
};

/// Words that refer back to what was said before, or only steer the conversation ("instead",
/// "tho"): they are not a subject of their own.
const REFERS_BACK: &[&str] = &[
    "it",
    "its",
    "he",
    "him",
    "his",
    "she",
    "her",
    "hers",
    "they",
    "them",
    "their",
    "theirs",
    "this",
    "that",
    "these",
    "those",
    "there",
    "then",
    "same",
    "such",
    "else",
    "other",
    "others",
    "one",
    "ones",
    "instead",
    "tho",
    "though",
    "too",
    "exactly",
    "actually",
    "really",
    "more",
    "again",
    "anything",
    "mostly",
    "mainly",
    "especially",
    "particularly",
];
/// Whether `word` refers back or steers ([`REFERS_BACK`]), "instead" as chat types it too.
fn refers_back_word(word: &str) -> bool {
    REFERS_BACK.contains(&word) || is_instead(word)
}

/// Words that ask for something besides the last answer ("what else?", "anything more?").
const BESIDES: &[&str] = &["else", "other", "others", "more", "another", "besides"];
/// Openings that add to the previous question.
const ADDS_TO: &[&[&str]] = &[
    &["and"],
    &["also"],
    &["so"],
    &["but"],
    &["what", "about"],
    &["how", "about"],
    &["what", "else"],
    &["who", "else"],
    &["anything", "else"],
];
/// Question words, dropped from the previous phrasing so the new question's own count.
const QUESTION_WORDS: &[&str] = &[
    "who", "whom", "whose", "what", "whats", "when", "where", "why", "how", "which", "did", "does",
    "do", "is", "are", "was", "were", "will", "would", "can", "could", "should",
];
/// A question with more content words than this stands on its own, whatever it refers to.
const MAX_CONTENT_WORDS: usize = 3;
/// A question with at most this many content words, all known, is read in context when it
/// gets no answer on its own. One: with two, "who is the ceo of amazon" after the keynote
/// speakers found Eric Schmidt, a former Google CEO.
const MAX_SHORT_WORDS: usize = 1;
/// A follow-up whose own words answer at least this well, and better than in context, is
/// read on its own: it names its subject, whatever "it" refers to.
pub(super) const STANDS_ALONE: f32 = 0.9;
/// An echo ("year?", "waic?") whose words alone answer at least this well is asked of the
/// entry the pack keeps for them (the conference's year, what WAIC is), not of the sentence
/// just read ([`echoed`]): the pack has that word as a phrasing, near enough word for word.
pub(super) const PHRASED_ALONE: f32 = 0.98;
/// A matched phrasing with fewer content words than this is short: a follow-up after it is
/// read with the entry's title question too.
pub(super) const SHORT_PHRASING: usize = 2;
/// How many candidates a follow-up read in context considers.
pub(super) const CANDIDATES: usize = 8;
/// How many a bare question word ("where?", "when?") considers, for the few entries that
/// answer that kind among the many that share the last question's words.
pub(super) const BARE_CANDIDATES: usize = 32;
/// Ranking bonuses in context: for an entry citing a paragraph the last answer cited, and
/// for one asking the same kind of question as the follow-up.
pub(super) const SAME_PASSAGE: f32 = 0.1;
pub(super) const SAME_KIND: f32 = 0.05;
/// Rank bonus, in a follow-up turning to another party ("and beijing's?"), for an entry
/// whose matched phrasing names that party. It outweighs staying on the passage and asking
/// the same kind (0.15 together): the party turned to is what the follow-up asks about. It
/// stays below a bare question's own kind (1.0). Measured flat from 0.2 to 0.5.
pub(super) const NAMES_NEW: f32 = 0.3;
/// Further bonus, for a bare request for more ("what else?"), for an entry on that passage.
pub(super) const MORE_OF_PASSAGE: f32 = 0.4;
/// Ranking bonus in context for the entry that the follow-up's own words answer alone.
pub(super) const ALONE: f32 = 0.1;

/// Whether `question` asks for something besides the last answer ("what else did he say?").
pub(super) fn wants_more(question: &str) -> bool {
    has_word(question, BESIDES)
}

/// Pronouns that stand for a person (or a group of people) named before.
pub(super) const PERSON_PRONOUNS: &[&str] = &[
    "he", "him", "his", "she", "her", "hers", "they", "them", "their", "theirs",
];

/// Whether `question` refers back to what was just said ("why is that a big deal").
pub(super) fn refers_back(question: &str) -> bool {
    normalize::words(question).iter().any(|w| {
        matches!(
            w.as_str(),
            "it" | "that" | "this" | "these" | "those" | "they" | "them"
        )
    })
}

/// Whether `question` asks again, in its own words, what was said before ("so what's the
/// main announcement again"): "again" refers back, but no pronoun stands for what was read
/// and no "else" asks for more.
pub(super) fn asks_own_again(question: &str) -> bool {
    has_word(question, &["again"])
        && !refers_back(question)
        && !stands_for_something(question)
        && !wants_more(question)
}

/// Whether `question` points at something by a pronoun that stands for it ("who runs it",
/// "when did those start", "who made that", "who's he talking about"). "This" and "that" do
/// not when the question asks the year, day or date ("what year was this"): of the event as
/// a whole, which its own words ask.
pub(super) fn stands_for_something(question: &str) -> bool {
    let words = normalize::words(question);
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    has(&["it", "its", "they", "them", "their", "those", "these"])
        || has(&["this", "that"]) && !has(DATE_UNITS)
        || names_a_person_by_pronoun(question)
}

/// Words that ask the date of something ("what year was this").
const DATE_UNITS: &[&str] = &["year", "years", "day", "date", "month"];

/// Words that open a turn to another party ("and china?", "what about washington").
const TURN_OPENINGS: &[&[&str]] = &[
    &["what", "about"],
    &["how", "about"],
    &["and", "what", "about"],
    &["and"],
    &["ok", "and"],
    &["so", "and"],
];
/// Whether `question` opens by turning to something else ([`TURN_OPENINGS`]): "and
/// sharing?", "what about the robots".
pub(super) fn opens_a_turn(question: &str) -> bool {
    turn_opening(&normalize::words(question)).is_some()
}

/// How many words of `words` open a turn to another party ([`TURN_OPENINGS`], the longest
/// that fits), with words after them.
fn turn_opening(words: &[String]) -> Option<usize> {
    TURN_OPENINGS
        .iter()
        .filter(|o| words.len() > o.len() && words.iter().zip(o.iter()).all(|(w, o)| w == o))
        .map(|o| o.len())
        .max()
}

/// Words for a party's stand that may follow its name in such a turn ("and china's take?").
const STANDS: &[&str] = &[
    "take",
    "view",
    "views",
    "side",
    "position",
    "stance",
    "approach",
    "strategy",
    "response",
    "angle",
    "thinks",
    "version",
    "counterpart",
    "counter",
    "attitude",
    "model",
    "policy",
    "answer",
];

/// What "whose" asks about, when a follow-up asks whose something is ("whose strategy",
/// "whose is it", "whose?"): its content words, none for a bare "whose?". `None` when it does
/// not open with "whose" or says more than a thing's name.
pub(super) fn asks_whose(question: &str) -> Option<Vec<String>> {
    let words = normalize::words(question);
    let (first, rest) = words.split_first()?;
    if first != "whose" {
        return None;
    }
    let content: Vec<String> = content_words(rest).into_iter().cloned().collect();
    (rest.len() <= MAX_WHOSE_WORDS && content.len() <= 1).then_some(content)
}

/// Something a short follow-up asks of the sentence just shown, which its own words would
/// find elsewhere: the words that ask it, others it may be asked with, and the words by which
/// a sentence says it.
struct AskedOfShown {
    asks: &'static [&'static str],
    glue: &'static [&'static str],
    /// Words that make the question another one ("who's missing?" asks who was absent).
    not_with: &'static [&'static str],
    says: &'static [&'static str],
}

const ASKED_OF_SHOWN: &[AskedOfShown] = &[
    // "Whose term?", "who used the term", "with what label" after "what it termed 'woke
    // AI'": where the story gives the name, which says whose it is ("term" alone finds what
    // WAIC stands for).
    AskedOfShown {
        asks: &["term", "terms", "label", "labels", "phrase", "wording"],
        glue: &[
            "used", "use", "uses", "using", "coined", "coin", "came", "invented", "exact", "actual",
        ],
        not_with: &[],
        says: &["termed", "labeled", "labelled", "dubbed", "coined"],
    },
    // "What's missing?" after "fragmented, lacking the coherence necessary ...": what the
    // sentence says is lacking ("missing" alone finds who was absent from the conference).
    AskedOfShown {
        asks: &["missing", "lacking", "lacks", "lack"],
        glue: &["exactly"],
        not_with: &[
            "who", "whos", "whom", "anyone", "anybody", "someone", "somebody", "people",
        ],
        says: LACK_WORDS,
    },
    // "Referring to what?" after "... limited international talent mobility—an implicit
    // reference to U.S. export controls": where the sentence says what it refers to (the
    // words alone find the story's other US party, Trump's order).
    AskedOfShown {
        asks: &[
            "reference",
            "references",
            "referring",
            "refer",
            "refers",
            "referenced",
        ],
        glue: &["implicit", "implicitly", "exactly"],
        // Whom someone meant is asked of him ("who is he referring to").
        not_with: &["who", "whos", "whom"],
        says: &["reference", "referring", "refers"],
    },
];

/// Words by which a sentence says something is lacking ("lacking the coherence necessary").
pub(super) const LACK_WORDS: &[&str] = &["lacking", "lacks", "lack", "missing", "without"];

/// A question asked of the sentence just shown has at most this many words ("who used the
/// term then").
const MAX_ASKED_OF_SHOWN_WORDS: usize = 5;

/// The words by which a sentence says what `question` asks of the one just shown ("whose
/// term": "termed", "labeled"), when it asks only that: one of the words that ask it, and
/// nothing else of its own.
pub(super) fn asked_of_shown(question: &str) -> Option<&'static [&'static str]> {
    let words = normalize::words(question);
    if words.len() > MAX_ASKED_OF_SHOWN_WORDS {
        return None;
    }
    let content = content_words(&words);
    ASKED_OF_SHOWN
        .iter()
        .find(|a| {
            words.iter().any(|w| a.asks.contains(&w.as_str()))
                && !words.iter().any(|w| a.not_with.contains(&w.as_str()))
                && content
                    .iter()
                    .all(|w| a.asks.contains(&w.as_str()) || a.glue.contains(&w.as_str()))
        })
        .map(|a| a.says)
}

/// "Whose strategy is that" has at most this many words after "whose".
const MAX_WHOSE_WORDS: usize = 3;

/// Words that judge what was just read as bad or weighty ("why is that a problem", "why's
/// that a big deal"): asked with "why" about it, they ask why it matters.
const WEIGHTY: &[&str] = &[
    "problem",
    "problems",
    "bad",
    "big",
    "deal",
    "issue",
    "concern",
    "concerning",
    "worrying",
    "important",
    "significant",
    "serious",
    "dangerous",
    "scary",
];

/// Whether `question` asks why what was just read is bad or weighty, in words of judgement
/// only ("why is that a problem", "why's that a big deal", "why is this bad"): it asks why
/// that matters, whatever other entries the judgement's words would find.
pub(super) fn asks_why_it_weighs(question: &str) -> bool {
    let words = normalize::words(question);
    let content = content_words(&words);
    words.first().is_some_and(|w| is_why(w))
        && refers_back(question)
        && !content.is_empty()
        && content.iter().all(|w| WEIGHTY.contains(&w.as_str()))
}

/// Whether `question` asks whom someone just read was speaking of: "who's he talking about",
/// "who was li talking about". Not "who talked about jobs", nor "what is he talking about".
pub(super) fn asks_whom_meant(question: &str) -> bool {
    let words = normalize::words(question);
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let Some((&first, rest)) = words.split_first() else {
        return false;
    };
    // "Who's" reads as "who" (its "'s" dropped as a possessive's).
    let rest = match rest {
        ["is" | "was" | "are" | "were", rest @ ..] => rest,
        rest => rest,
    };
    matches!(first, "who" | "whos" | "whore")
        && matches!(
            rest,
            [_, "talking" | "speaking", "about" | "of"]
                | [_, _, "talking" | "speaking", "about" | "of"]
        )
}

/// Nouns for a group an excerpt leaves unnamed after "a few" ("a few dominant powers", "a
/// few countries or corporations").
const FEW_OF: &[&str] = &[
    "powers",
    "countries",
    "corporations",
    "companies",
    "nations",
    "players",
    "states",
];

/// Whether `excerpt` speaks of "a few" of something ("not one monopolized by a few dominant
/// powers"): who they are is then a question of whom was meant. It does not look for names
/// after them; the story names none there.
pub(super) fn names_an_unnamed_few(excerpt: &str) -> bool {
    let words = normalize::words(excerpt);
    words.windows(2).enumerate().any(|(at, pair)| {
        pair == ["a", "few"]
            && words[at + 2..]
                .iter()
                .take(2)
                .any(|w| FEW_OF.contains(&w.as_str()))
    })
}

/// Words besides a question word that ask which of an unnamed few ("which powers tho", "like
/// who", "monopolized by who?", "who are they").
const WHICH_OF_FEW_GLUE: &[&str] = &[
    "like",
    "by",
    "ones",
    "them",
    "they",
    "those",
    "are",
    "is",
    "the",
    "so",
    "tho",
    "though",
    "exactly",
    "then",
    "monopolized",
    "monopolised",
    "dominant",
    "controlled",
    "dominated",
    "big",
    "few",
];

/// Whether `question` only asks which or who of a group just read ("which powers tho", "like
/// who", "monopolized by who?").
pub(super) fn asks_which_of_few(question: &str) -> bool {
    let words = normalize::words(question);
    words
        .iter()
        .any(|w| matches!(w.as_str(), "which" | "who" | "whom" | "whos"))
        && words.iter().all(|w| {
            matches!(w.as_str(), "which" | "who" | "whom" | "whos")
                || FEW_OF.contains(&w.as_str())
                || WHICH_OF_FEW_GLUE.contains(&w.as_str())
        })
}

/// Verbs that open a yes-or-no question of fact ("was he", "didn't they"). Not the modals of
/// the matcher's auxiliaries ("could this matter long term", "will it work"): they ask what
/// may be, which no sentence just read says.
const YES_NO_OPENINGS: &[&str] = &[
    "is", "was", "were", "are", "has", "had", "have", "did", "does", "do", "isnt", "wasnt",
    "werent", "arent", "hasnt", "hadnt", "didnt", "doesnt", "dont",
];
/// Verbs that say what may be, which nothing just read says.
const MODALS: &[&str] = &[
    "could", "would", "will", "should", "might", "may", "can", "must", "shall", "wont", "cant",
    "couldnt", "wouldnt", "shouldnt",
];
/// Pronouns that make such a question one about what was just read ("was he ...").
const READ_SUBJECTS: &[&str] = &["he", "she", "it", "they", "that", "this", "its", "thats"];

/// Whether `question` asks yes or no of someone or something just read, by a pronoun ("was
/// he a speaker before", "wasn't he a speaker there", "is that in shanghai", or as chat
/// asks it, a statement with a question mark: "he spoke there before?"), in words all of
/// which `understands` (not "did he sign it with a sharpie").
pub(super) fn asks_yes_no_of_read(question: &str, understands: impl Fn(&str) -> bool) -> bool {
    let mut words = normalize::words(question);
    // "So he spoke there before?": what leads a person's pronoun asks nothing ("and this
    // year's keynotes?" is no statement about "this").
    while words.len() > 3
        && matches!(words[0].as_str(), "so" | "and" | "oh" | "ah" | "wait")
        && matches!(words[1].as_str(), "he" | "she" | "they")
    {
        words.remove(0);
    }
    let asked = match words.as_slice() {
        [verb, subject, ..] if YES_NO_OPENINGS.contains(&verb.as_str()) => subject,
        // Not what may be ("it could matter long term?", as "could it" is left out) nor a
        // question word ("he said that where?").
        [subject, verb, _, ..]
            if question.trim_end().ends_with('?')
                && !MODALS.contains(&verb.as_str())
                && wh(&words) == 0 =>
        {
            subject
        }
        _ => return false,
    };
    READ_SUBJECTS.contains(&asked.as_str()) && content_words(&words).iter().all(|w| understands(w))
}

/// Words around the sides of a choice that are no part of them ("just china-led", "companies
/// too", "the opening").
const CHOICE_GLUE: &[&str] = &[
    "just", "only", "too", "also", "the", "a", "an", "mostly", "more", "tho", "then", "lol", "pls",
    "so",
];

/// The two sides of a bare choice between words ("former or current?", "google or tesla",
/// "global or national?"), the second maybe left out ("current ceo or"): one "or" between a
/// word or two, and nothing that asks otherwise ("is it good or bad", "who or what").
pub(super) fn choice(question: &str) -> Option<[Vec<String>; 2]> {
    let words = words_but(question, CHOICE_GLUE);
    let at = words.iter().position(|w| w == "or")?;
    let (first, second) = (&words[..at], &words[at + 1..]);
    let plain = |side: &[String]| {
        side.len() <= 2
            && side
                .iter()
                .all(|w| w != "or" && !is_stopword(w) && wh(std::slice::from_ref(w)) == 0)
    };
    (!first.is_empty() && plain(first) && plain(second)).then(|| [first.to_vec(), second.to_vec()])
}

/// Words that may come around "so what" ("ok so what then").
const SO_WHAT_GLUE: &[&str] = &["and", "ok", "okay", "then", "tho", "though", "hmm", "well"];

/// Whether `question` is "so what" (with a word or two around it): after an answer, maybe a
/// shrug, maybe a question of why it matters.
pub(super) fn asks_so_what(question: &str) -> bool {
    words_but(question, SO_WHAT_GLUE) == ["so", "what"]
}

/// The words of `question` but those of `glue`.
fn words_but(question: &str, glue: &[&str]) -> Vec<String> {
    normalize::words(question)
        .into_iter()
        .filter(|w| !glue.contains(&w.as_str()))
        .collect()
}

/// Words that ask in looser words than [`AIMING`] whether what was read points at someone
/// ("like the us?", "is that about america", "thats the us right"): they also ask for
/// examples or a subject.
const LOOSELY_AIMED: &[&str] = &[
    "about",
    "like",
    "reference",
    "meant",
    "mean",
    "means",
    "talking",
    "right",
];
/// Words such a question may be worded with besides.
const AIMED_GLUE: &[&str] = &[
    "hmm",
    "hm",
    "ok",
    "oh",
    "wait",
    "yeah",
    "lol",
    "is",
    "was",
    "that",
    "thats",
    "it",
    "its",
    "this",
    "he",
    "hes",
    "she",
    "did",
    "does",
    "at",
    "so",
    "then",
    "to",
    "a",
    "an",
    "all",
    "basically",
    "mostly",
    "really",
];

/// Words that aim at someone in so many words ("who is it aimed at", "is that a dig at
/// someone", "so its anti us").
const AIMING: &[&str] = &[
    "aimed",
    "aim",
    "aiming",
    "target",
    "targeted",
    "targeting",
    "dig",
    "swipe",
    "jab",
    "hinting",
    "hint",
    "referring",
    "refer",
    "anti",
    "against",
    "directed",
];
/// Words for an unnamed someone aimed at.
const SOMEONE: &[&str] = &[
    "someone", "somebody", "anyone", "anybody", "who", "whom", "whos",
];

/// Whom a question asks whether what was read points at, and how plainly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Aimed {
    /// The party's name, or [`SOMEONE_AIMED_AT`] when it names no one.
    pub party: String,
    /// Asked in words of aiming ("aimed", "a dig at", "anti"), not looser ones ("like the
    /// us?", "is that about america") that also ask for examples or a subject.
    pub strong: bool,
}

/// Whom `question` asks whether what was read points at ("is that aimed at the us", "like
/// the us?", "thats the us right", "so its anti us", "who is it aimed at"), when that and
/// words of aiming are all it says.
pub(super) fn asks_if_aimed_at(question: &str) -> Option<Aimed> {
    let words = normalize::words(question);
    let aimed = |w: &str| AIMING.contains(&w) || LOOSELY_AIMED.contains(&w);
    if !words.iter().any(|w| aimed(w)) {
        return None;
    }
    let aiming = words.iter().position(|w| AIMING.contains(&w.as_str()));
    let strong = aiming.is_some();
    // "The" stays: "the us" is a party, "us" alone a pronoun. Aimed at in so many words, the
    // party comes after: in "is the us against it" the US is the one against.
    // "Who is it aimed at": the someone asked for may come first.
    let (before, after) = words.split_at(aiming.unwrap_or(0));
    let said = |w: &&str| !aimed(w) && !AIMED_GLUE.contains(w);
    let before: Vec<&str> = before.iter().map(String::as_str).filter(said).collect();
    let mut rest: Vec<&str> = after.iter().map(String::as_str).filter(said).collect();
    match before.as_slice() {
        [] => {}
        [someone] if SOMEONE.contains(someone) && rest.is_empty() => rest = before,
        _ => return None,
    }
    let party = match rest.as_slice() {
        [someone] if SOMEONE.contains(someone) => strong.then(|| SOMEONE_AIMED_AT.to_string()),
        _ => party_name(&rest),
    }?;
    Some(Aimed { party, strong })
}

/// The party [`asks_if_aimed_at`] gives for someone unnamed, and [`asks_if_named`] for a
/// pronoun: what was read.
pub(super) const SOMEONE_AIMED_AT: &str = "it";

/// Verbs by which a question asks whether someone named another ("did li mention the us",
/// "did he respond to it directly", "is the us cited by li?").
const NAMING: &[&str] = &[
    "mention",
    "mentioned",
    "name",
    "named",
    "cite",
    "cited",
    "respond",
    "responded",
    "reply",
    "replied",
    "react",
    "reacted",
    "address",
    "addressed",
    "criticize",
    "criticise",
    "criticized",
    "criticised",
    "namecheck",
    "reference",
    "referenced",
];
/// Verbs of saying that ask so only when said to be direct ("did he say 'us' explicitly").
const PLAINLY_SAID: &[&str] = &[
    "say", "said", "talk", "talked", "call", "called", "bring", "brought",
];
/// Words that say it was direct.
const DIRECTLY: &[&str] = &["directly", "explicitly", "openly", "loud", "outright"];
/// Words such a question may be worded with besides the asker, the verb, whom it names and
/// [`DIRECTLY`] ("name" as in "by name").
const NAMING_GLUE: &[&str] = &[
    "did", "does", "do", "has", "have", "was", "is", "so", "then", "ok", "hmm", "but", "wait",
    "ever", "never", "not", "actually", "even", "really", "to", "at", "about", "up", "out", "on",
    "by", "name", "all",
];
/// Pronouns a question may name the asker or the one named by.
const NAMING_PRONOUNS: &[&str] = &["he", "she", "him", "her", "it", "that", "them", "they"];

/// Whether `word` is one of the pronouns [`asks_if_named`] gives for the asker or the named.
pub(super) fn is_naming_pronoun(word: &str) -> bool {
    NAMING_PRONOUNS.contains(&word)
}

/// Verbs that, before "who" or "which ...", ask whether someone was named ("did he say who").
const SAYS_WHICH: &[&str] = &["say", "said", "specify", "tell", "mean"];

/// Whom a question asks whether someone named, and who: `(asker, named)` for "did li mention
/// the us" (`("li", "the us")`), "did he respond to it directly" (`("he", "it")`), "is the us
/// cited by li?" (`("li", "the us")`). `None` unless a naming verb (or saying, directly) and
/// those two are all it says.
pub(super) fn asks_if_named(question: &str) -> Option<(String, String)> {
    let words = normalize::words(question);
    // "Did he say who?", "did he say which countries": whether he named them, as "did he name
    // them" asks.
    if let Some(verb) = words.iter().position(|w| SAYS_WHICH.contains(&w.as_str()))
        && let [asked, rest @ ..] = &words[verb + 1..]
        && matches!(asked.as_str(), "who" | "whom" | "which")
        && rest.len() <= 1
        && let [.., asker] = &words[..verb]
        && NAMING_PRONOUNS.contains(&asker.as_str())
        && words[..verb - 1]
            .iter()
            .all(|w| NAMING_GLUE.contains(&w.as_str()))
    {
        return Some((asker.clone(), SOMEONE_AIMED_AT.to_owned()));
    }
    let verb = words.iter().position(|w| {
        NAMING.contains(&w.as_str())
            || PLAINLY_SAID.contains(&w.as_str())
                && words.iter().any(|d| DIRECTLY.contains(&d.as_str()))
    })?;
    fn part(range: &[String]) -> Vec<&str> {
        range
            .iter()
            .map(String::as_str)
            .filter(|w| !NAMING_GLUE.contains(w) && !DIRECTLY.contains(w))
            .collect()
    }
    let before = part(&words[..verb]);
    let after = &words[verb + 1..];
    // "Is the us cited by li": the asker after "by" ("by name" says how).
    let by = after
        .iter()
        .position(|w| w == "by")
        .filter(|&by| !part(&after[by + 1..]).is_empty());
    let (asker, named) = match by {
        Some(by) => (part(&after[by + 1..]), before),
        None => (before, part(after)),
    };
    let one = |words: &[&str]| -> Option<String> {
        match words {
            [pronoun] if NAMING_PRONOUNS.contains(pronoun) => Some((*pronoun).to_string()),
            _ => party_name(words),
        }
    };
    Some((one(&asker)?, one(&named)?))
}

/// Words that ask why something happens when it does ("why now?").
const NOW: &[&str] = &["now", "timing", "today", "currently"];
/// Words a "why now" may be worded with besides ("why is china doing this now").
const WHY_NOW_GLUE: &[&str] = &[
    "happening",
    "happen",
    "announce",
    "announced",
    "announcing",
    "propose",
    "proposed",
    "proposing",
    "doing",
    "all",
];

/// Whether `question` only asks why now ("why now?", "why is china doing this now";
/// `is_own_name` tells the story's own speakers and setting): the story says what the timing
/// stands against, which the words "why" and "now" alone find nothing for.
pub(super) fn asks_why_now(question: &str, is_own_name: impl Fn(&str) -> bool) -> bool {
    let words = normalize::words(question);
    words.first().is_some_and(|w| is_why(w))
        && words.iter().any(|w| NOW.contains(&w.as_str()))
        && content_words(&words).iter().all(|w| {
            NOW.contains(&w.as_str()) || WHY_NOW_GLUE.contains(&w.as_str()) || is_own_name(w)
        })
}

/// Whether `word` is "why" as the matcher reads it, chat spellings too ("whys that a
/// problem", "why'd he").
pub(super) fn is_why(word: &str) -> bool {
    wh(&[word.to_owned()]) == WHY
}

/// Words that ask for the story's end or start by place ("how does it end", "the final
/// sentence", "the opening paragraph").
const ENDING: &[&str] = &[
    "end",
    "ends",
    "ending",
    "last",
    "final",
    "closing",
    "conclude",
    "concludes",
];
const OPENING: &[&str] = &[
    "start",
    "starts",
    "begin",
    "begins",
    "beginning",
    "first",
    "opening",
];
/// What such a question may ask for the part of ("it" only with a verb of ending: "how
/// does it end").
const PARTS: &[&str] = &[
    "article",
    "story",
    "piece",
    "paragraph",
    "para",
    "sentence",
    "line",
];
/// Words such a question may be worded with besides ("what's the last paragraph saying").
const PLACE_GLUE: &[&str] = &[
    "say", "says", "saying", "said", "point", "bit", "part", "wrap", "up",
];

/// Whether `question` asks for a part of the story by its place, and which: (the end rather
/// than the start, a whole paragraph rather than a sentence). "How does the article end",
/// "what's the final sentence about", "what does the last paragraph say"; not "when does
/// waic end" or "the first day", which ask about the event.
pub(super) fn asks_by_place(question: &str) -> Option<(bool, bool)> {
    let words = normalize::words(question);
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    // Only about the part: "what tensions are mentioned at the end" asks about tensions, and
    // "what's deregulation-first" is no "first".
    let only_place = content_words(&words).iter().all(|w| {
        let w = w.as_str();
        ENDING.contains(&w) || OPENING.contains(&w) || PARTS.contains(&w) || PLACE_GLUE.contains(&w)
    });
    let ends_it = has(&["it"]) && has(&["end", "ends", "ending", "conclude"]);
    if !(has(PARTS) || ends_it) || !only_place || wh(&words) & (WHEN | WHERE | WHO) != 0 {
        return None;
    }
    let paragraph = has(&["paragraph", "para"]);
    match (has(ENDING), has(OPENING)) {
        (true, false) => Some((true, paragraph)),
        (false, true) if has(PARTS) => Some((false, paragraph)),
        _ => None,
    }
}

/// "Where" as chat spells it ("where's it gonna be").
const WHERE_WORDS: &[&str] = &["where", "wheres"];
/// Words that say a seat is to come ("where would it be"); [`GOING`] only with "be".
const TO_COME: &[&str] = &["would", "will"];
/// "Gonna", "going to": to come only with "be" ("where is this going" asks what comes of it).
const GOING: &[&str] = &["gonna", "going"];

/// Words a "where would it be" may be worded with besides "where" and those to come.
const SEAT_GLUE: &[&str] = &[
    "is",
    "to",
    "it",
    "that",
    "this",
    "be",
    "sit",
    "go",
    "live",
    "run",
    "from",
    "located",
    "based",
    "headquartered",
    "hq",
    "the",
    "org",
    "body",
    "organization",
    "organisation",
    "platform",
    "ai",
    "new",
    "proposed",
    "hqd",
    "global",
    "governance",
    "cooperation",
    "international",
    "so",
    "then",
    "ok",
    "and",
    "wait",
    "again",
];

/// Whether `question` only asks where something proposed would be ("where would it sit",
/// "where will it be based", "where would that be run from", "where's it gonna be"): a seat
/// to come, not where something was announced or held, which "where was it" asks.
pub(super) fn asks_where_it_would_be(question: &str) -> bool {
    let words = normalize::words(question);
    // "What city will the ai org hq be in": a place asked by its noun.
    let by_noun = words.windows(2).any(|pair| {
        matches!(pair[0].as_str(), "what" | "which") && PLACE_ASKED.contains(&pair[1].as_str())
    });
    (by_noun || words.iter().any(|w| WHERE_WORDS.contains(&w.as_str())))
        && words.iter().any(|w| to_come(w, &words))
        && words.iter().all(|w| {
            WHERE_WORDS.contains(&w.as_str())
                || to_come(w, &words)
                || SEAT_GLUE.contains(&w.as_str())
                || by_noun
                    && (PLACE_ASKED.contains(&w.as_str()) || PLACE_ASKED_GLUE.contains(&w.as_str()))
        })
}

/// Nouns that ask for a place after "what" or "which" ("what city will it be in").
const PLACE_ASKED: &[&str] = &["city", "country", "place", "location"];
/// Words a place asked by its noun may be worded with besides [`SEAT_GLUE`].
const PLACE_ASKED_GLUE: &[&str] = &["what", "which", "in"];

/// Whether `word` of `words` says something is to come ([`TO_COME`], or [`GOING`] with
/// "be": "where is this going" asks what comes of it).
fn to_come(word: &str, words: &[String]) -> bool {
    TO_COME.contains(&word) || GOING.contains(&word) && words.iter().any(|w| w == "be")
}

/// Whether `question` asks of something to come ("when will it start", "where would it be").
pub(super) fn asks_of_what_is_to_come(question: &str) -> bool {
    let words = normalize::words(question);
    words.iter().any(|w| to_come(w, &words))
}

/// Whether `question` is a bare "where?" that `before`, the question it follows, makes a
/// question of a seat to come: after "who would run it" or "who will be in it", "where?"
/// asks where the body would be, not where it was announced.
pub(super) fn where_after_what_will_be(question: &str, before: &str) -> bool {
    let words = normalize::words(question);
    !words.is_empty()
        && words.iter().all(|w| WHERE_WORDS.contains(&w.as_str()))
        && asks_of_what_is_to_come(before)
}

/// The titles ([`TITLES`]) `text` names with whose they are, as (title, a word that may name
/// the party):
/// "china's president" and "chinese president" (the word before it), "president of china"
/// (after "of", skipping "the"). Up to `before` words before a title may name its party
/// ("France's special envoy").
pub(super) fn titled(text: &str, before: usize) -> Vec<(&'static str, String)> {
    let words = normalize::words(text);
    let mut out = Vec::new();
    for (at, word) in words.iter().enumerate() {
        let Some(title) = TITLES.iter().copied().find(|t| t == word) else {
            continue;
        };
        let mut after = words[at + 1..].iter();
        if after.next().is_some_and(|w| w == "of")
            && let Some(party) = after.find(|w| !matches!(w.as_str(), "the" | "a"))
        {
            out.push((title, party.clone()));
        }
        for back in 1..=before.min(at) {
            out.push((title, words[at - back].clone()));
        }
    }
    out
}

/// The words of `question` from "the" before a party and a title ("the chinese president" of
/// "did the chinese president attend"), or from a title with "of" after it ("president of
/// china"), to its end: a title asked of a party, never of a holder named before it ("is li
/// premier").
pub(super) fn the_titled(question: &str) -> Option<String> {
    let words = normalize::words(question);
    let at = words.iter().position(|w| TITLES.contains(&w.as_str()))?;
    let from = if at >= 2 && words[at - 2] == "the" {
        at - 1
    } else if words.get(at + 1).is_some_and(|w| w == "of") {
        at
    } else {
        return None;
    };
    Some(words[from..].join(" "))
}

/// The question who holds a title, when `question` only asks that holder's name ("premier
/// name?", "whats the french envoys name", "name of the us president"): "who is the
/// premier". "Name" there is a noun, which the matcher would read as the verb of "did li name
/// the us".
pub(super) fn name_of_titled(question: &str) -> Option<String> {
    let words = normalize::words(question);
    let words: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .filter(|w| !matches!(*w, "so" | "and" | "ok" | "again" | "pls" | "please"))
        .collect();
    let rest = match words.as_slice() {
        ["what" | "whats", "is" | "was", rest @ ..] | ["what" | "whats", rest @ ..] => rest,
        rest => rest,
    };
    let held = match rest {
        ["the", "name", "of", held @ ..] | ["name", "of", held @ ..] => held,
        [held @ .., "name"] => held,
        _ => return None,
    };
    let held = match held {
        ["the", held @ ..] => held,
        held => held,
    };
    // A possessive typed without its apostrophe ("premiers name"): the title.
    let held: Vec<&str> = held
        .iter()
        .map(|w| {
            w.strip_suffix('s')
                .filter(|title| TITLES.contains(title))
                .unwrap_or(w)
        })
        .collect();
    (!held.is_empty() && held.len() <= MAX_TITLED_WORDS && held.iter().any(|w| TITLES.contains(w)))
        .then(|| format!("who is the {}", held.join(" ")))
}

/// At most this many words name the holder of a title whose name is asked ("the us
/// president").
const MAX_TITLED_WORDS: usize = 4;

/// At most this many words name whom a "who is" question asks about ("the president of the
/// united states").
const MAX_WHO_WORDS: usize = 7;

/// The words naming whom `question` asks who they are ("xi jinping" of "who is xi
/// jinping?", "who's anne bouverot"), if that is all it asks.
pub(super) fn who_is(question: &str) -> Option<String> {
    let words = normalize::words(question);
    // "Who's" loses its "'s" to the words, as a possessive would.
    let typed = question.trim_start().to_lowercase();
    let contracted = typed.starts_with("who's ") || typed.starts_with("who\u{2019}s ");
    let rest = match words.as_slice() {
        [who, be, rest @ ..] if who == "who" && matches!(be.as_str(), "is" | "was") => rest,
        [who, rest @ ..] if who == "whos" || who == "who" && contracted => rest,
        _ => return None,
    };
    (!rest.is_empty() && rest.len() <= MAX_WHO_WORDS).then(|| rest.join(" "))
}

/// Verbs of being by which "who was there" asks who attended ("who's there", "who were
/// there").
const ATTENDING: &[&str] = &["was", "is", "were", "are"];
/// Verbs of coming, with "there" ("who goes there") or without ("who comes?").
const COMING: &[&str] = &[
    "goes", "go", "went", "attends", "attend", "attended", "came", "comes", "come",
];
/// Words such a question may be worded with besides ("who's there usually").
const ATTENDING_GLUE: &[&str] = &["so", "and", "ok", "then", "usually", "else", "tho", "even"];

/// Whether `question` only asks who was at the place just spoken of ("who was there",
/// "whos there usually", "who goes there", "who comes?"): the router takes it for the event's
/// attendees when what was read names the event.
pub(super) fn asks_who_was_there(question: &str) -> bool {
    let coming = |verb: &String| COMING.contains(&verb.as_str());
    match words_but(question, ATTENDING_GLUE).as_slice() {
        [who, there] => {
            matches!(who.as_str(), "who" | "whos") && there == "there"
                || who == "who" && coming(there)
        }
        [who, verb, there] => {
            who == "who" && (ATTENDING.contains(&verb.as_str()) || coming(verb)) && there == "there"
        }
        _ => false,
    }
}

/// Words that ask by what channel something is done ("through which body", "via whom").
const THROUGH: &[&str] = &["through", "thru", "via"];
/// Words for a body something is done through ("through which org").
const CHANNELS: &[&str] = &[
    "body",
    "bodies",
    "org",
    "orgs",
    "organization",
    "organisation",
    "organizations",
    "organisations",
    "group",
    "agency",
    "institution",
    "channel",
    "channels",
];
/// Words a request for the channel may be worded with besides.
const THROUGH_GLUE: &[&str] = &[
    "which",
    "what",
    "whom",
    "who",
    "would",
    "will",
    "it",
    "they",
    "that",
    "work",
    "go",
    "be",
    "is",
    "does",
    "done",
    "international",
    "global",
    "collaborate",
    "cooperate",
    "operate",
];

/// Whether `question` only asks through which body or whom something is done ("through which
/// body", "thru which org", "through whom"). "Through" says nothing to the matcher, and
/// "which body" alone asks who proposed the body; "through what" asks the means ("through
/// open-source tools"), not a channel.
pub(super) fn asks_through_which(question: &str) -> bool {
    let mut words = normalize::words(question);
    if words
        .first()
        .is_some_and(|w| matches!(w.as_str(), "and" | "so"))
    {
        words.remove(0);
    }
    // "Thru which org", or with the preposition last: "which org does it go thru".
    let rest = match words.as_slice() {
        [through, rest @ ..] if THROUGH.contains(&through.as_str()) => rest,
        [rest @ .., through] if THROUGH.contains(&through.as_str()) => rest,
        _ => return false,
    };
    rest.iter()
        .any(|w| CHANNELS.contains(&w.as_str()) || matches!(w.as_str(), "whom" | "who"))
        && rest
            .iter()
            .all(|w| CHANNELS.contains(&w.as_str()) || THROUGH_GLUE.contains(&w.as_str()))
}

/// Words of what a party wants or does in place of something ("what does china want
/// instead", "and what does china stress instead").
const WANTS: &[&str] = &[
    "what", "whats", "does", "do", "did", "is", "are", "want", "wants", "stress", "push", "prefer",
    "propose", "doing", "offer", "and", "so", "then", "instead",
];

/// The party a follow-up asks for in place of what was read ("what does china want instead",
/// "and what's the us doing instead"): its name, when "instead" and words of wanting or doing
/// are all else it says.
pub(super) fn wants_instead(question: &str) -> Option<String> {
    let words = normalize::words(question);
    if !words.iter().any(|w| w == "instead") {
        return None;
    }
    let rest: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .filter(|w| !WANTS.contains(w))
        .collect();
    party_name(&rest)
}

/// Words that ask for a kind ("what kind of", "which sort of", "wat type").
const KIND_WORDS: &[&str] = &[
    "kind", "kinds", "sort", "sorts", "type", "types", "kinda", "sorta",
];
/// Words that may open a question asking for a kind ("and in what kind of ...").
const KIND_GLUE: &[&str] = &[
    "and", "so", "ok", "okay", "like", "but", "in", "through", "with", "by", "for",
];
/// A kind is asked of at most this many words ("what kind of safety standards").
const MAX_KIND_WORDS: usize = 2;

/// The words whose kind `question` asks and nothing more: "what kind of innovation",
/// "which sort of regulation tho", "what kind innovation". `None` when the question says
/// anything else ("what kind of governance does china push"): its words are read then.
pub(super) fn asks_kind_of(question: &str) -> Option<Vec<String>> {
    let words = normalize::words(question);
    let start = words
        .iter()
        .position(|w| !KIND_GLUE.contains(&w.as_str()))?;
    let rest = &words[start..];
    if !matches!(rest.first()?.as_str(), "what" | "which" | "wat" | "wht")
        || !KIND_WORDS.contains(&rest.get(1)?.as_str())
    {
        return None;
    }
    // "What kind of platform is it": the kind of the platform.
    let mut tail = &rest[2..];
    if let [head @ .., be, it] = tail
        && matches!(be.as_str(), "is" | "are" | "was" | "were")
        && matches!(it.as_str(), "it" | "that" | "this" | "they" | "those")
    {
        tail = head;
    }
    let asked: Vec<String> = tail
        .iter()
        .filter(|w| !matches!(w.as_str(), "of" | "tho" | "though" | "exactly" | "then"))
        .cloned()
        .collect();
    (!asked.is_empty() && asked.len() <= MAX_KIND_WORDS && !asked.iter().any(|w| is_stopword(w)))
        .then_some(asked)
}

/// Words that ask what completes a phrase just read ("leader in what", "not dominated by
/// who"), last in the question.
const WHAT_COMPLETES: &[&str] = &["what", "who", "whom", "which"];

/// Words that may open or close such a question ("so leader in what exactly").
const COMPLETES_GLUE: &[&str] = &[
    "and",
    "so",
    "but",
    "ok",
    "wait",
    "exactly",
    "tho",
    "though",
    "specifically",
    "then",
];

/// Prepositions that may join the phrase to its question word ("leader in what").
const JOINS: &[&str] = &[
    "in", "of", "as", "over", "by", "with", "w", "to", "for", "from", "on", "about", "against",
    "into", "between",
];

/// Words that compare rather than name a phrase to complete ("security vs what", "compared to
/// who"): those ask the other side.
const COMPARES: &[&str] = &[
    "vs", "versus", "compared", "like", "than", "unlike", "opposed",
];

/// A phrase is at most this many words ("not dominated").
const MAX_PHRASE_WORDS: usize = 2;

/// The words of a phrase that `question` asks to complete: "leader in what", "coordination
/// of what", "shared what", "not dominated by who", or with the question word left out,
/// "alarms over?". They ask what the words just read go on to say, which an excerpt just
/// read that has them says. `None` when a word of the phrase says nothing (a function word,
/// "it") or asks who said something ("says who").
pub(super) fn asks_what_completes(question: &str) -> Option<Completes> {
    let words = normalize::words(question);
    let mut rest: &[String] = &words;
    while let [head, tail @ ..] = rest
        && COMPLETES_GLUE.contains(&head.as_str())
    {
        rest = tail;
    }
    while let [head @ .., last] = rest
        && COMPLETES_GLUE.contains(&last.as_str())
    {
        rest = head;
    }
    // "Based on what values": the noun after the question word names what kind of thing is
    // asked, not the phrase.
    if let [head @ .., what, _kind] = rest
        && matches!(what.as_str(), "what" | "which")
        && is_content(rest, rest.len() - 1)
        && !head.is_empty()
    {
        rest = &rest[..rest.len() - 1];
    }
    // "To address what?": the infinitive's "to" is no join.
    if let [to, _, _] = rest
        && to == "to"
    {
        rest = &rest[1..];
    }
    let asked = question.trim_end().ends_with('?');
    let [head @ .., last] = rest else {
        return None;
    };
    let (phrase, join) = if WHAT_COMPLETES.contains(&last.as_str()) {
        match head {
            [phrase @ .., join] if JOINS.contains(&join.as_str()) => (phrase, Some(join)),
            phrase => (phrase, None),
        }
    } else if asked && JOINS.contains(&last.as_str()) {
        (head, Some(last))
    } else {
        return None;
    };
    let phrase = match phrase {
        [article, phrase @ ..] if matches!(article.as_str(), "a" | "an" | "the") => phrase,
        // "In contrast with what": the phrase is the contrast.
        [preposition, phrase @ ..] if preposition == "in" => phrase,
        phrase => phrase,
    };
    // "Positioning itself as what": the pronoun stands for what the verb acts on, which the
    // sentence read names ("positioning Beijing as").
    let phrase = match phrase {
        [verb @ .., object]
            if !verb.is_empty() && join.is_some() && OBJECTS.contains(&object.as_str()) =>
        {
            verb
        }
        phrase => phrase,
    };
    let content = |at: usize| {
        let word = phrase[at].as_str();
        is_content(phrase, at) && !is_saying(word) && !COMPARES.contains(&word)
            || word == "not" && at + 1 < phrase.len()
    };
    (!phrase.is_empty()
        && phrase.len() <= MAX_PHRASE_WORDS
        && (0..phrase.len()).all(content)
        && (0..phrase.len()).any(|at| is_content(phrase, at)))
    .then(|| Completes {
        phrase: phrase.to_vec(),
        // "Contrast w what": chat's "w" is "with".
        join: join.map(|j| {
            if j == "w" {
                "with".to_owned()
            } else {
                j.clone()
            }
        }),
    })
}

/// Words joined by another preposition in the story than the one people ask with: a
/// contrast is "with" something to the asker and "to" it in the story.
const OTHER_JOINS: &[(&[&str], &str, &str)] =
    &[(&["contrast", "contrasts", "contrasted"], "with", "to")];

/// `asked` with the join the story uses for its phrase ([`OTHER_JOINS`]), if it has another.
pub(super) fn joined_otherwise(mut asked: Completes) -> Option<Completes> {
    let last = asked.phrase.last()?;
    let &(_, _, story) = OTHER_JOINS.iter().find(|(words, asker, _)| {
        words.contains(&last.as_str()) && asked.join.as_deref() == Some(*asker)
    })?;
    asked.join = Some(story.to_owned());
    Some(asked)
}

/// The phrases a bare join and question word ("in what?", "as what") may ask to complete,
/// when it names none ([`asks_what_completes`]): each content word of `phrasing` (the
/// question just answered), the last first, with that join. "In what" after "is china trying
/// to be a leader" asks what the answer's "a leader in ..." goes on to say.
pub(super) fn borrowed_completions(question: &str, phrasing: &str) -> Vec<Completes> {
    let [join, asked] = words_but(question, COMPLETES_GLUE)
        .try_into()
        .unwrap_or_default();
    if !JOINS.contains(&join.as_str()) || !WHAT_COMPLETES.contains(&asked.as_str()) {
        return Vec::new();
    }
    let words = normalize::words(phrasing);
    (0..words.len())
        .rev()
        .filter(|&at| is_content(&words, at) && !is_saying(&words[at]))
        .take(MAX_BORROWED_WORDS)
        .map(|at| Completes {
            phrase: vec![words[at].clone()],
            join: Some(join.clone()),
        })
        .collect()
}

/// A bare join borrows at most this many words of a question, the last ones: each costs a
/// look through the story's excerpts.
const MAX_BORROWED_WORDS: usize = 3;

/// Words that may close an echo besides [`COMPLETES_GLUE`] ("countries only?", "in shanghai
/// too?").
const ECHO_GLUE: &[&str] = &["only", "just", "too", "really", "again", "huh", "hm", "hmm"];

/// An echo asks back at most this many words ("not dominated?").
const MAX_ECHO_WORDS: usize = 2;

/// The words of an echo: a word or two of the answer just read, asked back ("shanghai?",
/// "countries only?", "unified?", "in shanghai?"). The asker points at those words of what
/// they read, and the sentence that has them is the story's whole say on them. Only asked
/// (with a question mark), with no question word (those ask something of the words: "leader
/// in what", [`asks_what_completes`]), no opening of a turn to another subject ("and china?")
/// and no word that compares, names a stand or asks what is meant ("vs china?", "american
/// approach?", "meaning?"). `None` otherwise.
pub(super) fn echoed(question: &str) -> Option<Vec<String>> {
    // "And china?", "ok and media?", "but american?" turn to another subject ([`turns_to`]);
    // "china = ?" asks its stand. The mark may be a full-width one ("shanghai？").
    let words = normalize::words(question);
    let opens_a_turn = turn_opening(&words).is_some() || words.first().is_some_and(|w| w == "but");
    if !question.trim_end().ends_with(['?', '\u{FF1F}']) || question.contains('=') || opens_a_turn {
        return None;
    }
    let words: Vec<String> = words
        .into_iter()
        .filter(|w| !COMPLETES_GLUE.contains(&w.as_str()) && !ECHO_GLUE.contains(&w.as_str()))
        .collect();
    let echo = match words.as_slice() {
        [join, rest @ ..] if JOINS.contains(&join.as_str()) || join == "not" => rest,
        rest => rest,
    };
    let plain = |at: usize| {
        let word = echo[at].as_str();
        is_content(echo, at)
            && !QUESTION_WORDS.contains(&word)
            && !COMPARES.contains(&word)
            && !is_saying(word)
            && !STANDS.contains(&word)
            && !super::continuation::asks_meaning(word)
    };
    ((1..=MAX_ECHO_WORDS).contains(&echo.len()) && (0..echo.len()).all(plain))
        .then(|| echo.to_vec())
}

/// Prepositions that, alone with a question word ("on what?", "from who?", "over what?"),
/// ask what the words just read go on to say after them. "In", "of", "to" and "for" are left
/// out: the story has them everywhere, so they do not point to one place; "by who" asks who
/// did it ("announced by Li"), which the follow-up's reading answers.
const BARE_JOINS: &[&str] = &["on", "from", "between", "over", "against", "with"];

/// The preposition of a follow-up that is only a preposition and a question word ("on what?"
/// after "U.S. export controls on advanced semiconductors", "from who?" after "further
/// consensus from the entire society"). `None` for anything more, or for "in what".
pub(super) fn asks_what_follows(question: &str) -> Option<&'static str> {
    match words_but(question, COMPLETES_GLUE).as_slice() {
        [join, asked] if WHAT_COMPLETES.contains(&asked.as_str()) || asked == "where" => {
            BARE_JOINS.iter().copied().find(|j| j == join)
        }
        _ => None,
    }
}

/// How many words `excerpt` has after the first `join` in it, or `None` when it has none.
pub(super) fn words_after_join(excerpt: &str, join: &str) -> Option<usize> {
    let words = normalize::words(excerpt);
    words
        .iter()
        .position(|w| w == join)
        .map(|at| words.len() - (at + 1))
}

/// A phrase a follow-up asks to complete ([`asks_what_completes`]): its words, and the
/// preposition joining it to what it asks ("in" of "leader in what").
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Completes {
    pub phrase: Vec<String>,
    pub join: Option<String>,
}

/// Pronouns that stand for what a phrase's verb acts on ("positioning itself as what").
const OBJECTS: &[&str] = &[
    "itself",
    "themselves",
    "it",
    "them",
    "him",
    "her",
    "himself",
];

/// At most this many words between a phrase's verb and its join ("positioning Beijing as").
const MAX_OBJECT_WORDS: usize = 2;

impl Completes {
    /// How many words `excerpt` has after the phrase's last word as written, and its join
    /// ("leader in"), or `None` when it does not have them so. The join may come a word or
    /// two after, past what the verb acts on ("positioning as what" after "positioning
    /// Beijing as a leader").
    pub fn words_after(&self, excerpt: &str) -> Option<usize> {
        let words = normalize::words(excerpt);
        let last = self.phrase.last()?;
        (0..words.len()).find_map(|at| {
            if words[at] != *last {
                return None;
            }
            let end = match &self.join {
                None => at,
                Some(join) => {
                    (at + 1..=at + 1 + MAX_OBJECT_WORDS).find(|&j| words.get(j) == Some(join))?
                }
            };
            Some(words.len() - (end + 1))
        })
    }

    /// Whether `excerpt` has the phrase's last word as written, joined or not.
    pub fn written_in(&self, excerpt: &str) -> bool {
        let words = normalize::words(excerpt);
        self.phrase.last().is_some_and(|last| words.contains(last))
    }
}

/// Words for the purpose of something ("what's the goal", "aim?").
const PURPOSE: &[&str] = &[
    "goal",
    "goals",
    "aim",
    "aims",
    "purpose",
    "point",
    "objective",
    "objectives",
    "intent",
    "intention",
    "motive",
    "end",
];

/// Whether `question` asks only the purpose of something, naming nothing ("what's the goal",
/// "aim?", "what's the end goal"): the purpose of what was just read, not whatever entry
/// speaks most of goals.
pub(super) fn asks_only_purpose(question: &str) -> bool {
    let words = normalize::words(question);
    let content = content_words(&words);
    !content.is_empty() && content.iter().all(|w| PURPOSE.contains(&w.as_str()))
}

/// A party's name has at most this many words ("the white house").
const MAX_PARTY_WORDS: usize = 3;

/// `words` as a party's name, if they can be one: a few words, none asking something more.
fn party_name(words: &[&str]) -> Option<String> {
    let asks_more = words.iter().any(|w| QUESTION_WORDS.contains(w));
    (!words.is_empty() && words.len() <= MAX_PARTY_WORDS && !asks_more).then(|| words.join(" "))
}

/// The party a follow-up turns to by its name alone ("and china?", "what about the us side",
/// "and beijing's take?", or asked with no opening: "beijing?"): the words between the
/// opening and any word for its stand. `None`
/// when it says anything more ("and china's plan for poor countries?").
pub(super) fn turns_to(question: &str) -> Option<String> {
    let words = normalize::words(question);
    // "Beijing?" alone, asked: a turn without an opening.
    let asked = question.trim_end().ends_with('?');
    let opening = turn_opening(&words).or(asked.then_some(0))?;
    let mut rest = &words[opening..];
    while let [head @ .., last] = rest
        && STANDS.contains(&last.as_str())
    {
        rest = head;
    }
    party_name(&rest.iter().map(String::as_str).collect::<Vec<_>>())
}

/// Words by which a question asks what a party wants or stands for ("what does beijing want",
/// "what is china proposing"), besides those of [`STANDS`].
const WANTING: &[&str] = &[
    "want",
    "wants",
    "propose",
    "proposes",
    "proposing",
    "push",
    "pushing",
    "seek",
    "seeks",
    "stand",
    "think",
    "vision",
    "goal",
    "goals",
];

/// Whether `question` asks a party's stand in words of stance or wanting ([`STANDS`],
/// [`WANTING`]).
pub(super) fn asks_a_stand(question: &str) -> bool {
    has_word(question, STANDS) || has_word(question, WANTING)
}

/// Whether `question` refers to someone only by a pronoun ("what did he talk about").
pub(super) fn names_a_person_by_pronoun(question: &str) -> bool {
    has_word(question, PERSON_PRONOUNS)
}

/// `question` with "he", "she", "his" or "her" replaced by `name` ("was he at waic" with
/// "elon": "was elon at waic"), if it has one.
pub(super) fn with_name(question: &str, name: &str) -> Option<String> {
    replacing(question, HE_OR_SHE, name)
}

/// `question` with "ones" read as `noun`, the things the question before asked about:
/// "any american ones" after "which companies were there" asks "any american companies".
/// None without "ones".
pub(super) fn with_ones(question: &str, noun: &str) -> Option<String> {
    replacing(question, &["ones"], noun)
}

/// `question` with each word of `words` (as written, any case or punctuation around it, but
/// no apostrophe: "which one's china" has no "ones") replaced by `by`; None when it has none
/// of them.
fn replacing(question: &str, words: &[&str], by: &str) -> Option<String> {
    let mut replaced = false;
    let read = question
        .split_whitespace()
        .map(|token| {
            let word: String = token
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
                .to_lowercase();
            if words.contains(&word.as_str()) && !token.contains(['\'', '\u{2019}']) {
                replaced = true;
                by
            } else {
                token
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    replaced.then_some(read)
}

/// Pronouns for one person.
const HE_OR_SHE: &[&str] = &["he", "him", "his", "she", "her", "hers"];

/// Whether `question` speaks of one person by "he" or "she" ("is he the president").
pub(super) fn names_one_person(question: &str) -> bool {
    has_word(question, HE_OR_SHE)
}

/// Words that ask what someone is, not what they did: their job, title or origin.
const PERSON_ATTRIBUTES: &[&str] = &[
    "job",
    "role",
    "position",
    "title",
    "country",
    "nationality",
    "from",
    "famous",
    "known",
    "background",
    "occupation",
    "profession",
    "career",
    "deal",
    "importance",
    "important",
];
/// Words that ask what someone is only of a person named by a pronoun or "that" ("what
/// company was he at", "was he a speaker"), as [`TITLES`] do ("is she a ceo?", "is that a
/// minister"): alone, "which company" or "which president" ask a question of their own.
const PERSON_ATTRIBUTES_OF_SOMEONE: &[&str] =
    &["company", "employer", "work", "works", "worked", "speaker"];

/// Titles by which an excerpt says what someone is ("Chinese Premier Li Qiang", "France's
/// special envoy on AI").
const TITLES: &[&str] = &[
    "premier",
    "president",
    "ceo",
    "envoy",
    "minister",
    "godfather",
    "founder",
    "chairman",
    "spokesperson",
];

/// Whom `question` asks whether they hold a title: "li qiang" of "is li qiang the president
/// of china?", "was hinton a ceo". The words between the verb and the title, at most
/// [`MAX_HOLDER_WORDS`], none pointing elsewhere ("is the us president there" names no one).
pub(super) fn holds_title(question: &str) -> Option<String> {
    let words = normalize::words(question);
    let (verb, rest) = words.split_first()?;
    if !matches!(verb.as_str(), "is" | "was" | "isnt" | "wasnt") {
        return None;
    }
    let at = rest.iter().position(|w| TITLES.contains(&w.as_str()))?;
    let mut name = &rest[..at];
    while let Some((last, before)) = name.split_last()
        && matches!(
            last.as_str(),
            "the" | "a" | "an" | "chinas" | "chinese" | "china" | "us" | "american" | "french"
        )
    {
        name = before;
    }
    (!name.is_empty()
        && name.len() <= MAX_HOLDER_WORDS
        && !name.iter().any(|w| {
            matches!(
                w.as_str(),
                "the" | "a" | "an" | "this" | "that" | "it" | "there"
            ) || PERSON_PRONOUNS.contains(&w.as_str())
        }))
    .then(|| name.join(" "))
}

/// At most this many words name whom [`holds_title`] asks about ("geoffrey hinton").
const MAX_HOLDER_WORDS: usize = 3;

/// Whether `excerpt` says what someone is, by a title.
pub(super) fn gives_a_title(excerpt: &str) -> bool {
    has_word(excerpt, TITLES)
}

/// Whether `question` asks what the person just named is ("what's her job", "which country
/// is she from", "why's he famous"): a pronoun for them, and otherwise only words that ask
/// what someone is.
pub(super) fn asks_who_they_are(question: &str) -> bool {
    let words = normalize::words(question);
    // "Is that a minister?": a title asked of "that" is asked of the person just named.
    let titled = words.iter().any(|w| TITLES.contains(&w.as_str()))
        && words
            .iter()
            .any(|w| matches!(w.as_str(), "that" | "this" | "thats"));
    let someone = names_a_person_by_pronoun(question) || titled;
    let attribute = |w: &str| {
        PERSON_ATTRIBUTES.contains(&w)
            || someone && (TITLES.contains(&w) || PERSON_ATTRIBUTES_OF_SOMEONE.contains(&w))
    };
    // "Her title?", "what country?": the attribute alone says whom it is about, the person
    // just answered about.
    let about_them = someone
        || words.iter().all(|w| {
            PERSON_ATTRIBUTES.contains(&w.as_str())
                || matches!(w.as_str(), "what" | "whats" | "which")
        });
    about_them
        && words.iter().any(|w| attribute(w))
        && words.iter().all(|w| {
            attribute(w)
                || PERSON_PRONOUNS.contains(&w.as_str())
                || is_stopword(w)
                || refers_back_word(w)
                || matches!(
                    w.as_str(),
                    "which" | "what" | "whats" | "why" | "whys" | "so" | "big" | "old" | "again"
                )
        })
}

/// Words of a bare question about a date ("what year", "which month was that").
const DATE_WORDS: &[&str] = &["year", "month", "day", "date"];
const DATE_QUESTION_WORDS: &[&str] = &[
    "what", "which", "was", "it", "that", "this", "then", "ok", "so", "and", "tho", "though",
    "again",
];

/// Whether `question` only asks for a date, without "is it", "today" or "now" ("what year",
/// "which year was that"): after an answer, it asks when that happened, not today's date.
pub(super) fn asks_date_of_previous(question: &str) -> bool {
    let words = normalize::words(question);
    words.iter().any(|w| DATE_WORDS.contains(&w.as_str()))
        && words
            .iter()
            .all(|w| DATE_WORDS.contains(&w.as_str()) || DATE_QUESTION_WORDS.contains(&w.as_str()))
}

/// Verbs by which a follow-up asks who made the statement just read: "who said that", "who
/// proposed it" (and [`CLAIMED`]: "according to whom"). Not "spoke": "who spoke" asks for
/// the speakers.
const SAYING: &[&str] = &[
    "announce",
    "announced",
    "floated",
    "mention",
    "mentioned",
    "pitched",
    "propose",
    "proposed",
    "pushed",
    "said",
    "say",
    "says",
    "stated",
    "suggested",
    "unveil",
    "unveiled",
];
/// Of [`SAYING`], the verbs of pitching an idea: "who pushed it" asks who made the story's
/// proposal only after its own passage, not after Washington's bet or the studies'.
const PITCHING: &[&str] = &["floated", "pitched", "pushed", "suggested"];

/// Whether `question` names the saying only by a verb of pitching ([`PITCHING`]).
pub(super) fn names_only_a_pitch(question: &str) -> bool {
    let words = normalize::words(question);
    words.iter().any(|w| PITCHING.contains(&w.as_str()))
        && !words
            .iter()
            .any(|w| is_saying(w) && !PITCHING.contains(&w.as_str()))
}

/// Whether `question` names the story's making by a verb of announcing or proposing it ("who
/// announced the org", "who pitched it"): [`SAYING`] but for saying in so many words.
pub(super) fn names_announcing(question: &str) -> bool {
    normalize::words(question)
        .iter()
        .any(|w| SAYING.contains(&w.as_str()) && !SAID.contains(&w.as_str()))
}

/// Of [`SAYING`], the verbs of saying in so many words, not of announcing or proposing (and,
/// like them, [`CLAIMED`]).
const SAID: &[&str] = &["mention", "mentioned", "said", "say", "says", "stated"];
/// Words by which a follow-up asks where or when a statement was made, or the event it was
/// made at was held: "where was he speaking", "which event was this", "where was it held".
const SPEAKING: &[&str] = &[
    "conference",
    "discussed",
    "event",
    "happen",
    "happened",
    "held",
    "host",
    "hosted",
    "place",
    "speak",
    "speaking",
    "speech",
    "spoke",
    "take",
    "talk",
    "talking",
    "took",
];
/// Words that only hold such a follow-up together ("so who said that exactly", "where
/// mainly").
const GLUE: &[&str] = &[
    "a",
    "again",
    "all",
    "and",
    "at",
    "by",
    "called",
    "did",
    "does",
    "exactly",
    "he",
    "in",
    "is",
    "it",
    "its",
    "ok",
    "okay",
    "she",
    "so",
    "that",
    "the",
    "then",
    "there",
    "they",
    "this",
    "was",
    "were",
    "whats",
    "what",
    "which",
    "specifically",
    "mainly",
    "mostly",
    "primarily",
    "particularly",
    "especially",
    "precisely",
];

/// Words by which a follow-up asks whose claim the last answer is ("according to whom",
/// "who claims that"): when the passage names no one saying it, the story itself does.
const CLAIMED: &[&str] = &["according", "claim", "claimed", "claims"];

/// Words by which a follow-up asks who says what was just read, now: "says who", "who says
/// so", as "according to whom" does; "who said that" asks who made a statement.
const SAYS: &[&str] = &["says"];

/// Whether `question` asks whose claim the last answer is ([`CLAIMED`], [`SAYS`]).
pub(super) fn asks_whose_claim(question: &str) -> bool {
    has_word(question, CLAIMED) || has_word(question, SAYS)
}

/// Whether `question` asks who said something in so many words ("who said that", "who
/// mentioned it"), rather than who made the announcement.
pub(super) fn names_saying(question: &str) -> bool {
    has_word(question, SAID) || has_word(question, CLAIMED)
}

/// Whether `word` asks who made a statement ([`SAYING`] or [`CLAIMED`]).
fn is_saying(word: &str) -> bool {
    SAYING.contains(&word) || CLAIMED.contains(&word)
}

/// The kind of question (who, where or when) by which `question` asks who made the
/// statement just read, where or when, and asks nothing else: "who said that", "who proposed
/// it", "where was he speaking", "where?", "at which event", "in which city" (a where). The
/// flag says whether it names the saying; a bare "where?" does not.
pub(super) fn asks_attribution(question: &str, matcher: &Matcher) -> Option<(Wh, bool)> {
    let words = normalize::words(question);
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    let mut kind = matcher.question_kind(question) & (WHO | WHERE | WHEN);
    if has(&["event", "conference"]) && has(&["which", "what", "whats"]) {
        kind |= WHERE;
    }
    let said = words.iter().any(|w| is_saying(w));
    // "Who is he" asks who someone is, and "who spoke" who the speakers were.
    if kind & WHO != 0 && !said {
        kind &= !WHO;
    }
    let only = words.iter().enumerate().all(|(at, w)| {
        let w = w.as_str();
        // "To" only in "according to": "who did he say that to" asks whom he spoke to.
        (w == "to" && at > 0 && words[at - 1] == "according")
            || is_saying(w)
            || SPEAKING.contains(&w)
            || GLUE.contains(&w)
            // Chat spellings too ("where'd he say it", "whod say that"), each word read
            // alone: "where" here is never "where does it fit".
            || (w != "whose" && wh(&words[at..=at]) & (WHO | WHERE | WHEN) != 0)
            || names_a_place(&words, at)
    });
    // "Did he say who?" asks whether he named someone ([`asks_if_named`]), not who said it.
    (kind != 0 && only && !addresses_bot(question) && asks_if_named(question).is_none())
        .then_some((kind, said || has(SPEAKING)))
}

/// The words to match for an attribution question of `kind` (see [`asks_attribution`]):
/// its question word and the verb of saying it names, if any.
pub(super) fn attribution_words(question: &str, kind: Wh) -> String {
    let word = match kind {
        WHO => "who",
        WHERE => "where",
        _ => "when",
    };
    std::iter::once(word)
        .chain(
            normalize::words(question)
                .iter()
                .map(String::as_str)
                .filter(|w| is_saying(w)),
        )
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `question` is only question words ("when?", "how many?", "why tho").
pub(super) fn is_bare(question: &str) -> bool {
    let words = normalize::words(question);
    (0..words.len()).all(|at| !is_content(&words, at))
}

/// Whether `question` asks for someone or something besides what was just said ("who
/// else?", "who spoke instead?").
pub(super) fn asks_for_another(question: &str) -> bool {
    wants_more(question) || asks_instead(question)
}

/// Whether `question` asks for someone or something in place of what was just said ("who
/// spoke instead?", "what does he want instead").
pub(super) fn asks_instead(question: &str) -> bool {
    normalize::words(question).iter().any(|w| is_instead(w))
}

/// Whether `word` is "instead", as chat types it too ("insted", "instaed": one slip).
fn is_instead(word: &str) -> bool {
    word == "instead" || word.len() >= 6 && strsim::osa_distance(word, "instead") == 1
}

/// Words by which a follow-up asks what someone wants in place of what they reject ("what
/// does it want instead", "so what do they want then").
const WANTING_INSTEAD: &[&str] = &["want", "wants", "prefer", "prefers", "seek", "seeks"];
const IN_PLACE: &[&str] = &["instead", "then", "rather"];
const ALTERNATIVE_GLUE: &[&str] = &[
    "what", "whats", "does", "do", "did", "so", "ok", "okay", "and", "it", "they", "he", "she",
    "would", "the",
];

/// Whether `question` only asks what someone wants in place of something ([`WANTING_INSTEAD`] and
/// [`IN_PLACE`]), naming no more than who (`is_name`): "what does it want instead".
pub(super) fn asks_alternative(question: &str, is_name: impl Fn(&str) -> bool) -> bool {
    asks_in_place(question, WANTING_INSTEAD, is_name)
}

/// Whether `question` only asks, by one of `verbs` and [`IN_PLACE`], what was wanted or said
/// in place of something, naming no more than who (`is_name`).
fn asks_in_place(question: &str, verbs: &[&str], is_name: impl Fn(&str) -> bool) -> bool {
    let words = normalize::words(question);
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    has(verbs)
        && has(IN_PLACE)
        && words.iter().all(|w| {
            let w = w.as_str();
            verbs.contains(&w)
                || IN_PLACE.contains(&w)
                || ALTERNATIVE_GLUE.contains(&w)
                || is_name(w)
        })
}

/// Words by which a follow-up asks what someone said in place of what they did not ("so what
/// did he say instead", "what did he say then").
const SAYING_INSTEAD: &[&str] = &["say", "said", "says", "mention", "mentioned"];

/// Whether `question` only asks what someone said in place of something ([`SAYING_INSTEAD`]
/// and [`IN_PLACE`]), naming no more than who (`is_name`).
pub(super) fn asks_said_instead(question: &str, is_name: impl Fn(&str) -> bool) -> bool {
    asks_in_place(question, SAYING_INSTEAD, is_name)
}

/// Whether `text` tells what someone did not do and then what they did: "Although Li did not
/// directly mention the U.S., he warned against ...".
pub(super) fn denies_then_tells(text: &str) -> bool {
    text.contains(" did not ") && text.contains(", ")
}

/// Whether `text` sets what is wanted against what is not, in one sentence: "a cooperative
/// global effort, not one monopolized by a few dominant powers".
pub(super) fn rejects_in_passing(text: &str) -> bool {
    text.contains(", not ")
}

/// Whether `question` asks who was present in place of someone ("who came instead", "who was
/// there instead"): "who was there" ([`asks_who_was_there`]) with "instead".
pub(super) fn asks_who_came_instead(question: &str) -> bool {
    let words = normalize::words(question);
    let rest: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .filter(|w| !is_instead(w))
        .collect();
    rest.len() < words.len() && asks_who_was_there(&rest.join(" "))
}

/// Whether `question` is bare and asks where with a noun ("which places", "what city")
/// rather than a question word alone.
pub(super) fn names_only_a_kind(question: &str) -> bool {
    let words = normalize::words(question);
    is_bare(question) && (0..words.len()).any(|at| names_a_place(&words, at))
}

/// Whether `words[at]` is the noun of "which places" or "what city": a question word asking
/// where. ("What year" keeps its noun: the year is what the story's entries say it with.)
fn names_a_place(words: &[String], at: usize) -> bool {
    kind_named(words, at).is_some_and(|kind| kind & WHERE != 0)
}

/// Whether `words[at]` says what a follow-up is about: not a function word, not a word that
/// refers back, not the noun of "which places" (a question word).
fn is_content(words: &[String], at: usize) -> bool {
    let word = words[at].as_str();
    !is_stopword(word) && !refers_back_word(word) && !names_a_place(words, at)
}

/// The words of `question` that say what it is about ([`is_content`]).
pub(super) fn content_of(question: &str) -> Vec<String> {
    let words = normalize::words(question);
    content_words(&words).into_iter().cloned().collect()
}

/// The words of `words` that say what a question is about ([`is_content`]).
fn content_words(words: &[String]) -> Vec<&String> {
    (0..words.len())
        .filter(|&at| is_content(words, at))
        .map(|at| &words[at])
        .collect()
}

/// A follow-up as the matcher reads it: its own words, and the words of the previous phrasing
/// that fill in what it leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct InContext {
    pub question: String,
    pub context: String,
}

/// The question to match for `question` in the context of `previous`, or `None` when
/// `question` stands on its own.
pub(super) fn contextual(question: &str, previous: &str, matcher: &Matcher) -> Option<InContext> {
    let words = normalize::words(question);
    if words.is_empty() {
        return None;
    }
    let content = content_words(&words);
    // A word the pack never uses means a new subject ("amazon"), unless it is an everyday
    // word that names no subject ("so what's his fix", "what kinds") or a slip of a word the
    // matcher knows ("has he been befroe").
    if content.len() > MAX_CONTENT_WORDS
        || content
            .iter()
            .any(|w| !matcher.understands(w) && !is_generic(w))
    {
        return None;
    }
    let refers_back = words.iter().any(|w| refers_back_word(w));
    let adds_to = ADDS_TO.iter().any(|opening| {
        words.len() >= opening.len() && words.iter().zip(opening.iter()).all(|(w, o)| w == o)
    });
    // A message to the bot ("you're a good bot", "what are you up to") is about the bot, not
    // a follow-up; a request ("can you explain why?") is one.
    let bare_question = content.is_empty() && !addresses_bot(question) && asks_something(question);
    if !(bare_question || refers_back || adds_to) {
        return None;
    }
    // "which places" asks where: its noun would match other words ("take place").
    let kept: Vec<&str> = (0..words.len())
        .map(|at| {
            if names_a_place(&words, at) {
                "where"
            } else {
                words[at].as_str()
            }
        })
        .filter(|w| !refers_back_word(w) && !matches!(*w, "and" | "also" | "so" | "but"))
        .collect();
    Some(InContext {
        question: kept.join(" "),
        context: context_of(previous),
    })
}

/// A short question read in the context of `previous` when it gets no answer on its own
/// ("rooted in what" after how China positions itself): at most `MAX_SHORT_WORDS` content
/// words, all of them words the matcher reads as ones the pack uses (slips included).
pub(super) fn short(question: &str, previous: &str, matcher: &Matcher) -> Option<InContext> {
    let words = normalize::words(question);
    if addresses_bot(question) || !asks_something(question) {
        return None;
    }
    let content = content_words(&words);
    if content.len() > MAX_SHORT_WORDS || content.iter().any(|w| !matcher.understands(w)) {
        return None;
    }
    Some(InContext {
        question: words.join(" "),
        context: context_of(previous),
    })
}

/// The previous phrasing without its question words.
fn context_of(previous: &str) -> String {
    normalize::words(previous)
        .into_iter()
        .filter(|w| !QUESTION_WORDS.contains(&w.as_str()))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::router::{Command, Previous, Reply, Router};

    fn matcher() -> Router {
        Router::shipped()
    }

    #[test]
    fn elliptical_questions_take_the_previous_subject() {
        let router = matcher();
        let previous = "Who announced the proposal?";
        let read = |q: &str| contextual(q, previous, router.matcher());
        assert_eq!(
            read("where?").unwrap(),
            InContext {
                question: "where".to_owned(),
                context: "announced the proposal".to_owned()
            }
        );
        assert!(read("what did he say about it").is_some());
        assert!(read("and the US?").is_some());
        assert!(read("how many?").is_some());
    }

    #[test]
    fn questions_that_stand_alone_are_read_alone() {
        let router = matcher();
        let previous = "Who announced the proposal?";
        let read = |q: &str| contextual(q, previous, router.matcher());
        assert_eq!(read("who is the ceo of amazon"), None);
        assert_eq!(
            read("where would the governance platform be headquartered"),
            None
        );
        assert_eq!(read("what is waic"), None);
    }

    #[test]
    fn bare_date_questions_ask_about_the_last_answer() {
        assert!(asks_date_of_previous("what year"));
        assert!(asks_date_of_previous("which year was that?"));
        assert!(asks_date_of_previous("ok what year tho"));
        assert!(!asks_date_of_previous("what year is it"));
        assert!(!asks_date_of_previous("what day is today"));
        assert!(!asks_date_of_previous("what happened"));
    }

    #[test]
    fn short_questions_may_be_read_in_context() {
        let router = matcher();
        let previous = "How is Beijing positioning itself?";
        let read = |q: &str| short(q, previous, router.matcher());
        assert!(read("rooted in what").is_some());
        assert_eq!(read("who is the ceo of amazon"), None);
        assert_eq!(read("what did li say about the chips and the talent"), None);
    }

    /// The text the last turn of a conversation quotes, if it was answered.
    fn last_cited(turns: &[&str]) -> Option<String> {
        let answer = matcher().converse(turns).pop()??;
        let excerpts: Vec<&str> = answer
            .citations
            .iter()
            .map(|c| c.excerpt.as_str())
            .collect();
        Some(excerpts.join(" "))
    }

    /// Asserts that the last turn of each conversation quotes its expected text.
    fn assert_last_cited(cases: &[(&[&str], &str)]) {
        for (turns, expected) in cases {
            let cited = last_cited(turns);
            assert!(
                cited.as_deref().is_some_and(|c| c.contains(expected)),
                "{turns:?}: {cited:?}"
            );
        }
    }

    #[test]
    fn follow_ups_are_answered_by_their_own_words_first() {
        let cases: &[(&[&str], &str)] = &[
            (
                &["what did china propose", "where would it be based"],
                "headquartered in Shanghai",
            ),
            (
                &["what were the export controls about", "whose?"],
                "U.S. export controls",
            ),
            (
                &["hows china positioning itself", "rooted in what"],
                "rooted in inclusivity",
            ),
            (
                &["who is li qiang", "what did he announce"],
                "cooperation organization",
            ),
            // "it" refers back, but the question names its subject and answers on its own.
            (&["who is hinton", "who announced it"], "Li Qiang"),
            // "aim" alone finds the proposal's purpose, but the order's entry, on the passage
            // just answered, says what it aims to do.
            (
                &["what did trump sign about ai", "what does it aim to do"],
                "aims to deregulate",
            ),
            // The matched phrasing "who proposed it" is short: the entry's title fills it in.
            (&["who proposed the ai org", "where?"], "in Shanghai"),
            // "where" after what Beijing unveiled: where it was announced, though many entries
            // know the words of the announcement better.
            (&["what did beijing unveil", "where"], "in Shanghai"),
            // After an answer, "what year" asks when that was, not today's date.
            (
                &["how many innovations were shown", "what year"],
                "2025 WAIC",
            ),
            // An everyday word the pack never uses ("lady", "sites") names no new subject.
            (
                &["which keynote speakers came", "and the lady from france?"],
                "Anne Bouverot",
            ),
            (
                &[
                    "does the article talk about jobs",
                    "what about the news sites",
                ],
                "traffic to news outlets",
            ),
            // Its own words answer from the passage just answered: "then" refers back, but
            // the speakers are what it asks for, not Musk again.
            (
                &[
                    "did elon musk come to waic",
                    "why did he skip it",
                    "who spoke then",
                ],
                "Keynote addresses",
            ),
            (
                &["where would the ai platform be", "what's it for"],
                "facilitate international dialogue",
            ),
            (
                &["does li think ai is good for growth", "what's the catch"],
                "risks",
            ),
            // "In 3 words" says how to answer, not what about.
            (
                &["what is china's approach to ai", "and the us in 3 words"],
                "deregulation-first",
            ),
            (
                &["whats the conference officially called", "acronym?"],
                "(WAIC)",
            ),
            // "he" is Schmidt: of the entry's excerpts, the one naming him.
            (
                &["what did eric schmidt used to do", "what did he talk about"],
                "Eric Schmidt",
            ),
        ];
        assert_last_cited(cases);
    }

    #[test]
    fn when_after_who_announced_it_asks_when_they_did() {
        let cases: &[(&[&str], &str)] = &[
            // When Li announced it, not when the organization will be set up.
            (&["who announced the org", "when"], "during the opening"),
            (&["who announced the org", "when", "where"], "in Shanghai"),
            // After the event's attendees, the event's own when.
            (
                &[
                    "hi! which conference is this story about",
                    "who usually attends",
                    "when was that",
                ],
                "The 2025 WAIC",
            ),
        ];
        assert_last_cited(cases);
    }

    #[test]
    fn where_after_a_question_of_what_will_be_asks_the_seat_to_come() {
        assert!(where_after_what_will_be("where?", "who would run it"));
        assert!(where_after_what_will_be("where", "who's gonna be in it"));
        assert!(!where_after_what_will_be("where", "who announced it"));
        assert!(!where_after_what_will_be(
            "where was it",
            "who would run it"
        ));
        let cases: &[(&[&str], &str)] = &[
            (
                &[
                    "what should the new organization do",
                    "who would run it",
                    "where",
                ],
                "headquartered in Shanghai",
            ),
            (
                &[
                    "what org is china proposing exactly",
                    "who will be in it",
                    "where",
                ],
                "headquartered in Shanghai",
            ),
        ];
        assert_last_cited(cases);
    }

    #[test]
    fn ones_are_the_things_asked_about_before() {
        assert_eq!(
            with_ones("any American ones?", "companies").as_deref(),
            Some("any American companies")
        );
        // "One's" is "one is".
        assert_eq!(with_ones("which one's china", "approaches"), None);
        // The excerpt just read names them (Tesla, Alphabet, Amazon): it answers again,
        // where "american" alone would find Li's silence on the US.
        let cases: &[(&[&str], &str)] = &[
            (
                &["which companies were there", "any american ones"],
                "Tesla",
            ),
            (&["which companies showed", "foreign ones?"], "Tesla"),
            (
                &["did any us companies show at waic", "and chinese ones"],
                "Huawei",
            ),
        ];
        assert_last_cited(cases);
    }

    #[test]
    fn he_or_she_after_a_declined_question_may_mean_whom_it_named() {
        assert_eq!(
            with_name("was he at waic, at least?", "elon").as_deref(),
            Some("was elon at waic, at least?")
        );
        assert_eq!(with_name("what do they want", "huawei"), None);
        // The story does not say what Musk is up to, but it does say he was not at WAIC.
        let cases: &[(&[&str], &str)] = &[
            (
                &["what's elon up to these days", "was he at waic at least"],
                "Elon Musk",
            ),
            (
                &[
                    "any mention of hinton's views on china's ai proposal",
                    "ok who is he then",
                ],
                "godfather",
            ),
        ];
        assert_last_cited(cases);
        // Only "he" or "she", and only one name: "they" after a declined question about
        // Huawei is still China, and "her" after "is bouverot married to schmidt" is not
        // Bouverot-and-Schmidt.
        assert!(
            last_cited(&[
                "what did china propose",
                "are huawei phones good",
                "what do they want to share"
            ])
            .is_some_and(|c| !c.contains("Huawei"))
        );
        assert!(
            last_cited(&[
                "who gave keynotes",
                "is bouverot married to schmidt",
                "what is her job"
            ])
            .is_none_or(|c| !c.starts_with("former Google CEO"))
        );
        // Read so, the question must still answer: Amazon's CEO is not in the story.
        assert_eq!(
            matcher().converse(&["who is the ceo of amazon", "where is he from"])[1],
            None
        );
        // A decline naming no one leaves the last answer to follow up on.
        assert!(
            last_cited(&[
                "who announced it",
                "what's the weather",
                "where was he speaking"
            ])
            .is_some_and(|c| c.contains("Shanghai"))
        );
    }

    #[test]
    fn the_goal_asked_alone_is_the_goal_of_what_was_read() {
        for purpose in ["what's the goal", "aim?", "whats the end goal"] {
            assert!(asks_only_purpose(purpose), "{purpose}");
        }
        for other in ["what's the goal of the platform", "why?", "what's it for"] {
            assert!(!asks_only_purpose(other), "{other}");
        }
        // "Goal" alone finds the platform's aims; after Trump's order it is the order's.
        let cited =
            last_cited(&["what did trump sign about ai", "what's the goal"]).expect("answered");
        assert!(
            cited.contains("deregulate") || cited.contains("ambition"),
            "{cited}"
        );
    }

    #[test]
    fn why_that_is_a_problem_asks_why_it_matters() {
        for weighs in [
            "why is that a problem",
            "why's that a big deal",
            "why is this bad",
        ] {
            assert!(asks_why_it_weighs(weighs), "{weighs}");
        }
        assert!(asks_so_what("so what?") && asks_so_what("ok so what then"));
        assert!(!asks_so_what("so what did he say"));
        for other in [
            "why is the ai org thing a big deal",
            "what's the problem",
            "why is that a problem for china's chips",
            "why?",
        ] {
            assert!(!asks_why_it_weighs(other), "{other}");
        }
        // "Problem" alone finds the story's challenges (chips and talent); "big deal" why
        // the story matters. After the news outlets' traffic, it is their worry.
        let cases: &[(&[&str], &str)] = &[
            (
                &["what about news media", "why is that a problem"],
                "sustainability of journalism",
            ),
            (
                &["what about news media", "why is that a big deal"],
                "sustainability of journalism",
            ),
        ];
        assert_last_cited(cases);
        // "So what?" after what Washington bets on: what the divergence could shape, which the
        // first answer did not say.
        let turns = matcher().converse(&["what does washington bet on", "so what"]);
        let (first, so_what) = (turns[0].as_ref(), turns[1].as_ref());
        assert!(
            first.is_some_and(|a| a
                .citations
                .iter()
                .all(|c| !c.excerpt.contains("could shape")))
                && so_what.is_some_and(|a| a
                    .citations
                    .iter()
                    .any(|c| c.excerpt.contains("could shape"))),
            "{turns:?}"
        );
        // "Why" and a word of what was read that is no place asks about that word: after the
        // plan, "why infrastructure?" is the plan's infrastructure, not the story's next words.
        let turns = matcher().converse(&["what's the 13 point plan about", "why infrastructure?"]);
        assert_eq!(
            turns[1].as_ref().map(|a| a.id.as_str()),
            Some("infrastructure-support")
        );
        // With nothing new to say, why what was read matters is that passage again: the blind
        // writers' dialogues all read "so what" after the news outlets' worry or Li's warning
        // as a question, answered by the sentence read. After a fact, it is a shrug.
        let turns = matcher().converse(&["what did li warn about", "so what"]);
        assert!(
            turns[1]
                .as_ref()
                .is_some_and(|a| a.citations.iter().any(|c| c.excerpt.contains("warned"))),
            "{turns:?}"
        );
        let turns = matcher().converse(&["where was waic held", "so what"]);
        assert!(turns[0].is_some() && turns[1].is_none(), "{turns:?}");
    }

    #[test]
    fn what_is_wanted_instead_names_no_more_than_who() {
        let is_name = |w: &str| matches!(w, "china" | "beijing");
        for alternative in [
            "what does it want instead",
            "so what does beijing want then",
        ] {
            assert!(asks_alternative(alternative, is_name), "{alternative}");
        }
        for other in [
            "what does china want",
            "what does it want instead of robots",
        ] {
            assert!(!asks_alternative(other, is_name), "{other}");
        }
    }

    #[test]
    fn who_came_instead_asks_who_was_present() {
        for instead in [
            "who came instead",
            "who was there instead?",
            "who comes instead",
            // As chat types it.
            "who came insted",
            "who was there instaed?",
        ] {
            assert!(asks_who_came_instead(instead), "{instead}");
        }
        assert!(refers_back_word("insted"));
        assert!(!refers_back_word("instant"));
        for other in ["who spoke instead", "who came", "who came to waic instead"] {
            assert!(!asks_who_came_instead(other), "{other}");
        }
    }

    #[test]
    fn who_someone_speaks_of_is_whom_they_meant() {
        for meant in [
            "who's he talking about",
            "who is she talking about?",
            "who was li talking about",
            "who was li qiang talking about",
            "whore they speaking of",
        ] {
            assert!(asks_whom_meant(meant), "{meant}");
        }
        for other in [
            "who talked about jobs",
            "what is he talking about",
            "who is talking about it",
            "who's he",
        ] {
            assert!(!asks_whom_meant(other), "{other}");
        }
    }

    #[test]
    fn a_yes_or_no_of_what_was_read_in_its_words_is_answered_by_it() {
        let knows = |w: &str| w != "sharpie";
        for asked in [
            "was he a speaker before",
            "wasnt he a speaker there",
            "is that in shanghai",
            "he spoke there before?",
            "so he spoke there before?",
            "and he spoke there before?",
        ] {
            assert!(asks_yes_no_of_read(asked, knows), "{asked}");
        }
        for other in [
            "was hinton a speaker",
            "who was a speaker",
            "did he sign it with a sharpie",
            // A statement, not asked; what may be; a question word.
            "he spoke there before",
            "he signed it with a sharpie?",
            "it could matter long term?",
            "he said that where?",
            "and this year's keynotes?",
        ] {
            assert!(!asks_yes_no_of_read(other, knows), "{other}");
        }
        // "A past WAIC speaker" just read says it; "speaker" alone finds the keynotes.
        assert_last_cited(&[
            (
                &["why wasnt musk at waic", "was he a speaker before"],
                "a past WAIC speaker",
            ),
            (
                &["who skipped", "he spoke there before?"],
                "a past WAIC speaker",
            ),
        ]);
    }

    #[test]
    fn what_was_said_instead_is_the_sentence_that_says_it() {
        let names = |w: &str| w == "li";
        assert!(asks_said_instead("so what did he say instead?", names));
        assert!(asks_said_instead("then what did li say", names));
        assert!(!asks_said_instead(
            "what did he say about chips instead",
            names
        ));
        assert!(!asks_said_instead("what did he say", names));
        assert!(denies_then_tells(
            "Although Li did not directly mention the U.S., he warned against it"
        ));
        assert!(!denies_then_tells("Li did not attend"));
        // After "did li name the us", the sentence read says what he said in its place; the
        // words of "say" alone find the White House's criticism.
        assert_last_cited(&[(
            &[
                "did Li name the US directly?",
                "so what did he say instead?",
            ],
            "he warned against the concentration of AI power",
        )]);
    }

    #[test]
    fn which_of_an_unnamed_few_asks_whom_the_speaker_meant() {
        assert!(names_an_unnamed_few(
            "not one monopolized by a few dominant powers"
        ));
        assert!(names_an_unnamed_few(
            "the concentration of AI power in the hands of a few countries or corporations"
        ));
        assert!(!names_an_unnamed_few("a few days of talks"));
        for which in [
            "which powers tho",
            "like who",
            "monopolized by who?",
            "by whom",
        ] {
            assert!(asks_which_of_few(which), "{which}");
        }
        for other in [
            "which powers dominate ai",
            "who spoke",
            "which countries signed up",
        ] {
            assert!(!asks_which_of_few(other), "{other}");
        }
        // After China's stand against a few dominant powers: whom the story says Li meant
        // (by implication, the US), not the stand again.
        let cases: &[(&[&str], &str)] = &[
            (
                &["china wants to stop ai monopolies?", "which powers tho"],
                "did not directly mention the U.S.",
            ),
            (
                &["what did li warn about", "like who"],
                "did not directly mention the U.S.",
            ),
        ];
        assert_last_cited(cases);
        // Not after a passage that speaks of no unnamed few: "which ones" after the count of
        // companies asks which companies.
        let said = last_cited(&["how many companies took part in waic", "which ones"]);
        assert!(
            said.is_some_and(|s| !s.contains("did not directly mention")),
            "which ones"
        );
    }

    #[test]
    fn aimed_at_asks_whether_the_speaker_meant_a_party() {
        for (aimed, party) in [
            ("is that aimed at the us", "the us"),
            ("like the us?", "the us"),
            ("thats the us right", "the us"),
            ("hmm is that about america", "america"),
        ] {
            assert_eq!(
                asks_if_aimed_at(aimed).map(|a| a.party).as_deref(),
                Some(party),
                "{aimed}"
            );
        }
        for other in [
            "what is it aimed at",
            "the us?",
            "is that about jobs in the us",
            "like who",
        ] {
            assert_eq!(asks_if_aimed_at(other), None, "{other}");
        }
        let someone = asks_if_aimed_at("is that aimed at someone").expect("aimed");
        assert_eq!(
            (someone.party.as_str(), someone.strong),
            (SOMEONE_AIMED_AT, true)
        );
        assert!(!asks_if_aimed_at("like the us?").expect("aimed").strong);
        assert_eq!(asks_if_aimed_at("is the us against it"), None);
        // After China's stand against a few dominant powers, or Li's own warning: what the
        // story says of Li and the US.
        let cases: &[(&[&str], &str)] = &[
            (
                &["what does china want to avoid", "is that aimed at the us"],
                "Li did not directly mention the U.S.",
            ),
            (
                &["what did li warn about", "thats the us right"],
                "Li did not directly mention the U.S.",
            ),
            (
                &["what does china want to avoid", "any hint at the us?"],
                "an implicit reference to U.S. export controls",
            ),
            (
                &["what did li warn about", "is that aimed at someone"],
                "Li did not directly mention the U.S.",
            ),
            // In looser words, only on Li's own passage: after the companies at the show,
            // "like the us?" asks for American ones; after Trump's order, it is the US's.
            (
                &["what companies were there", "like the us?"],
                "Tesla, Alphabet, and Amazon",
            ),
            (
                &["what did the white house say", "thats the us right"],
                "deregulation-first strategy",
            ),
            // After the US's own approach, that is theirs.
            (
                &["what is the us approach", "is that about the us"],
                "deregulation-first strategy",
            ),
        ];
        assert_last_cited(cases);
    }

    #[test]
    fn asks_if_named_reads_who_named_whom() {
        let named = |q: &str| asks_if_named(q).map(|(a, n)| format!("{a}/{n}"));
        assert_eq!(named("did li mention the us").as_deref(), Some("li/the us"));
        assert_eq!(
            named("did he respond to it directly").as_deref(),
            Some("he/it")
        );
        assert_eq!(
            named("is the us cited by li?").as_deref(),
            Some("li/the us")
        );
        assert_eq!(named("did li name him").as_deref(), Some("li/him"));
        assert_eq!(named("did li mention it by name").as_deref(), Some("li/it"));
        // "Did he say who?", "did he say which countries": whether he named them.
        assert_eq!(named("did he say who").as_deref(), Some("he/it"));
        assert_eq!(
            named("so did he say which countries").as_deref(),
            Some("he/it")
        );
        assert_eq!(named("did he say which countries are worst off"), None);
        assert_eq!(
            named("so he never said usa out loud?").as_deref(),
            Some("he/usa")
        );
        for other in [
            "did li say it too",
            "what did li mention",
            "did li mention jobs going away in ai",
        ] {
            assert_eq!(named(other), None, "{other}");
        }
        // After Trump's order or the White House's criticism, whether Li answered it: the
        // story says he did not name the US. After his warning against a few countries,
        // whether he said which.
        let cases: &[(&[&str], &str)] = &[
            (
                &["what did li warn about", "did he say which countries"],
                "Li did not directly mention the U.S.",
            ),
            (
                &[
                    "what did trump's executive order aim to do",
                    "did li respond to it directly",
                ],
                "Li did not directly mention the U.S.",
            ),
            (
                &[
                    "what did the white house criticize",
                    "did li respond to that",
                ],
                "Li did not directly mention the U.S.",
            ),
            (
                &["what did li warn about", "is the us cited by li?"],
                "Li did not directly mention the U.S.",
            ),
        ];
        assert_last_cited(cases);
        // "It" is what was read only when that names another party: after the news outlets'
        // worry, "did he mention it" is not about the US.
        let said = last_cited(&["what about journalism", "did he mention it"]);
        assert!(
            !said.is_some_and(|s| s.contains("did not directly mention")),
            "did he mention it"
        );
        // Whether the US responded to Li is not whether Li named the US: the entry on a US
        // response answers (it quotes Li's sentence too, beside the order it stands against).
        let said = last_cited(&["what did li warn about", "did the us respond to li"]);
        assert!(
            said.is_some_and(|s| s.contains("The timing of China’s announcement")),
            "did the us respond to li"
        );
    }

    #[test]
    fn where_would_it_be_asks_for_the_seat_to_come() {
        for seat in [
            "where would it sit",
            "where will it be based",
            "wait where would it be",
            "where's it gonna be then",
            "where is it going to be based",
        ] {
            assert!(asks_where_it_would_be(seat), "{seat}");
        }
        for other in [
            "where was it",
            "where would china sit on regulation",
            "where?",
            "where is this going",
        ] {
            assert!(!asks_where_it_would_be(other), "{other}");
        }
        // After who announced it or the organization's name: the platform's seat, not where
        // the announcement was made.
        let cases: &[(&[&str], &str)] = &[
            (
                &["who pitched it", "where would it be based"],
                "headquartered in Shanghai",
            ),
            (
                &["what did he propose", "where would it sit"],
                "headquartered in Shanghai",
            ),
        ];
        assert_last_cited(cases);
        // Not after Musk's absence: he proposed nothing.
        let said = last_cited(&["was musk at waic", "where would it sit"]);
        assert!(
            !said.is_some_and(|s| s.contains("headquartered")),
            "where would it be"
        );
    }

    #[test]
    fn a_question_of_a_kind_its_own_words_answer_is_read_on_its_own() {
        // "Who is the premier again?" after Li's words asks who he is, which the context
        // (Li's quote, which names no title) does not answer; "what year was this" too.
        for (first, next, id) in [
            (
                "what did li say about balance",
                "who is the premier again",
                "who-is-li-qiang",
            ),
            (
                "when did musk skip waic",
                "what year was this",
                "conference-year",
            ),
        ] {
            let turns = matcher().converse(&[first, next]);
            assert_eq!(
                turns[1].as_ref().map(|a| a.id.as_str()),
                Some(id),
                "{first} / {next}"
            );
        }
        // A pronoun that stands for what was read keeps the question on it: "who runs it"
        // after the platform is not who runs the new organization, which the story never says.
        assert!(stands_for_something("who runs it"));
        assert!(!stands_for_something("what year was this"));
        // So do "this" and "that" unless the question asks a date: "who made that" after
        // what woke AI is asks who termed it so, not who announced China's proposal.
        assert!(stands_for_something("who made that"));
        let turns = matcher().converse(&["is the platform open source", "who runs it"]);
        assert_eq!(
            turns[1].as_ref().map(|a| a.id.as_str()),
            Some("open-source-tools")
        );
        let turns = matcher().converse(&["what is woke ai", "who made that"]);
        assert_eq!(turns[1].as_ref().map(|a| a.id.as_str()), Some("woke-ai"));
    }

    #[test]
    fn a_question_of_the_sentence_just_shown_gets_where_it_says_it() {
        for question in [
            "whose term",
            "who used the term",
            "term used?",
            "with what label",
        ] {
            assert!(asked_of_shown(question).is_some(), "{question}");
        }
        for other in ["what does the term woke ai mean", "long term plans"] {
            assert!(asked_of_shown(other).is_none(), "{other}");
        }
        // "What's missing?" after governance "lacking the coherence ...": that, not who was
        // absent from the conference.
        let cited = last_cited(&["is global ai governance fragmented", "what's missing"]);
        assert!(
            cited
                .as_deref()
                .is_some_and(|c| c.contains("lacking the coherence")),
            "{cited:?}"
        );
        // But "who's missing?" asks who was absent.
        for who in ["who's missing", "anyone missing?"] {
            assert!(asked_of_shown(who).is_none(), "{who}");
        }
        // "Referring to what?" after Li's challenges: what the sentence says they refer to,
        // not Trump's order, the story's other US matter. Whom he meant is asked of him.
        let cited = last_cited(&["What did Li Qiang say about talent?", "referring to what"]);
        assert!(
            cited
                .as_deref()
                .is_some_and(|c| c.contains("reference to U.S. export controls")),
            "{cited:?}"
        );
        assert!(asked_of_shown("who is he referring to").is_none());
        // Not the conference's name, which "term" alone finds.
        for (first, named) in [
            ("what does woke ai mean", "termed"),
            ("what is patriotic ai", "labeled"),
        ] {
            for next in ["whose term", "who used the term"] {
                let cited = last_cited(&[first, next]);
                assert!(
                    cited.as_deref().is_some_and(|c| c.contains(named)),
                    "{first} / {next}: {cited:?}"
                );
            }
        }
    }

    #[test]
    fn a_bare_preposition_asks_what_the_words_read_go_on_to_say() {
        for (question, join) in [
            ("on what", "on"),
            ("from who?", "from"),
            ("ok between what exactly", "between"),
            ("over what", "over"),
            ("against who", "against"),
            ("with whom", "with"),
            ("from where", "from"),
        ] {
            assert_eq!(asks_what_follows(question), Some(join), "{question}");
        }
        for other in ["by who", "in what", "for what", "on what grounds", "what"] {
            assert_eq!(asks_what_follows(other), None, "{other}");
        }
        // The words after "on" in the excerpt just read, not Li's warning that "what" finds.
        let cited = last_cited(&["us export controls", "on what"]);
        assert!(
            cited
                .as_deref()
                .is_some_and(|c| c.contains("export controls on advanced semiconductors")),
            "{cited:?}"
        );
        // The words after "from" in the quote just shown.
        let cited = last_cited(&["what's the 'further consensus' quote", "from who"]);
        assert!(
            cited
                .as_deref()
                .is_some_and(|c| c.contains("from the entire society")),
            "{cited:?}"
        );
        // Only in what was shown: after who Bouverot is, "from" elsewhere on the paragraph
        // ("absent from this year's conference") says nothing of her.
        let router = matcher();
        for turns in [
            ["who is bouverot", "from where"],
            ["what did trump sign", "with who"],
        ] {
            let replies = router.converse(&turns);
            let cited = replies[1].as_ref().map(|a| {
                a.citations
                    .iter()
                    .map(|c| c.excerpt.as_str())
                    .collect::<String>()
            });
            assert!(
                !cited
                    .as_deref()
                    .is_some_and(|c| c.contains("absent from") || c.contains("Li underscored")),
                "{turns:?}: {cited:?}"
            );
        }
    }

    #[test]
    fn titles_are_read_with_the_word_naming_whose_they_are() {
        assert_eq!(
            titled("who is the president of china", 1),
            [
                ("president", "china".to_owned()),
                ("president", "the".to_owned())
            ]
        );
        assert_eq!(
            titled("Anne Bouverot, France's special envoy on AI", 3),
            [
                ("envoy", "special".to_owned()),
                ("envoy", "france".to_owned()),
                ("envoy", "bouverot".to_owned())
            ]
        );
        assert!(titled("who announced it", 1).is_empty());
    }

    #[test]
    fn who_was_there_asks_who_attends_the_event() {
        for question in [
            "who was there",
            "whos there usually",
            "who's there?",
            "who goes there",
            "who comes?",
        ] {
            assert!(asks_who_was_there(question), "{question}");
        }
        for other in [
            "was musk there",
            "who was there first",
            "why there",
            "who else spoke",
        ] {
            assert!(!asks_who_was_there(other), "{other}");
        }
        // Alone, "who's there" is small talk; "who was there" finds nothing. After what was
        // read of the event, they are its attendees; after someone else's passage, or places
        // the plan would reach, "there" is theirs.
        let router = matcher();
        for (turns, attendees) in [
            (["what's waic", "who's there"], true),
            (["what is the WAIC", "who comes"], true),
            (
                ["what's the white house stance on woke ai", "who was there"],
                false,
            ),
            (["what's the us approach", "who's there"], false),
            (["where would the platform be", "who's there"], false),
            (
                ["what did li share with developing countries", "who's there"],
                false,
            ),
        ] {
            let replies = router.converse(&turns);
            let id = replies[1].as_ref().map(|a| a.id.as_str());
            assert_eq!(id == Some("waic-attendees"), attendees, "{turns:?}: {id:?}");
        }
        // "Who else" after someone named: the others named with them.
        assert_last_cited(&[(&["who is hinton", "who else was there"], "Eric Schmidt")]);
    }

    #[test]
    fn words_just_read_asked_back_get_the_sentence_that_has_them() {
        for (question, words) in [
            ("shanghai?", &["shanghai"][..]),
            ("countries only?", &["countries"]),
            ("in shanghai?", &["shanghai"]),
            ("wait, prominently?", &["prominently"]),
            ("not dominated?", &["dominated"]),
        ] {
            let echo = echoed(question);
            let echo: Option<Vec<&str>> = echo
                .as_ref()
                .map(|words| words.iter().map(String::as_str).collect());
            assert_eq!(echo.as_deref(), Some(words), "{question}");
        }
        // Not asked, a question word, another subject, a comparison, a meaning asked, or
        // more than a word or two.
        for other in [
            "shanghai",
            "leader in what?",
            "and china?",
            "vs china?",
            "china = ?",
            "meaning?",
            "ok and media?",
            "but american?",
            "american approach?",
            "who said it?",
            "the platform in shanghai for ai governance?",
        ] {
            assert_eq!(echoed(other), None, "{other}");
        }
        assert_last_cited(&[
            // The platform just read is in Shanghai; "shanghai" alone finds where WAIC was.
            (
                &["what platform did the premier propose", "shanghai?"],
                "platform headquartered in Shanghai",
            ),
            // Li's warning names the few countries; "countries" alone finds his coordination.
            (
                &["what did li warn against", "countries only?"],
                "a few countries or corporations",
            ),
            (
                &["whats the ai cooperation orgs framework for", "unified?"],
                "calling for a unified global framework",
            ),
        ]);
        // An entry that quotes the sentence just shown for those words is kept: the devices
        // of the sentence on the models, devices and robots. So is one that says the words
        // elsewhere (the news outlets, for "media?" after the concerns that name media), and
        // a turn to the other party named in the sentence just read.
        let router = matcher();
        for (turns, id) in [
            (["how many llms were shown", "devices?"], "waic-devices"),
            (
                ["what are the concerns", "media?"],
                "journalism-sustainability",
            ),
            (["what are the risks", "challenges?"], "li-chips-talent"),
            (["what's the us approach", "china?"], "china-approach"),
            (
                ["what principles does china advocate", "american?"],
                "us-approach",
            ),
            // Words the pack keeps an entry for, near enough word for word: that entry.
            (["was musk at waic", "year?"], "conference-year"),
            (
                ["who would benefit from the proposal", "qiang?"],
                "who-is-li-qiang",
            ),
        ] {
            let replies = router.converse(&turns);
            assert_eq!(
                replies[1].as_ref().map(|a| a.id.as_str()),
                Some(id),
                "{turns:?}"
            );
        }
    }

    #[test]
    fn what_completes_a_phrase_is_what_was_read_goes_on_to_say() {
        for (question, phrase, join) in [
            ("leader in what", "leader", Some("in")),
            ("so a leader in what exactly?", "leader", Some("in")),
            ("not dominated by who", "not dominated", Some("by")),
            ("shared what", "shared", None),
            ("alarms over?", "alarms", Some("over")),
            ("based on what values", "based", Some("on")),
            ("positioning itself as what", "positioning", Some("as")),
            // The infinitive's "to" is no join.
            ("to address what?", "address", None),
            ("in contrast with what", "contrast", Some("with")),
            ("contrast w what", "contrast", Some("with")),
        ] {
            let asked = asks_what_completes(question);
            assert_eq!(
                asked
                    .as_ref()
                    .map(|a| (a.phrase.join(" "), a.join.as_deref())),
                Some((phrase.to_owned(), join)),
                "{question}"
            );
        }
        for other in [
            "says who",
            "by who",
            "in what",
            "security vs what",
            "like who",
            "alarms over",
            "what did he say about it",
            "who benefits from the plan",
        ] {
            assert_eq!(asks_what_completes(other), None, "{other}");
        }
        // A contrast is "with" what the story's sentence shown joins with "to": the order
        // that the timing of China's announcement stands in contrast to.
        for asked in ["contrast with what", "in contrast w what"] {
            let cited = last_cited(&["why did china propose this now", asked]);
            assert!(
                cited
                    .as_deref()
                    .is_some_and(|c| c.contains("stands in contrast to a recent executive order")),
                "{asked}: {cited:?}"
            );
        }
        // Past what the verb acts on: "positioning Beijing as a leader ...".
        let cited = last_cited(&[
            "what does china offer developing countries",
            "positioning itself as what",
        ]);
        assert!(
            cited.is_some_and(|c| c.contains("positioning Beijing as a leader")),
            "positioning itself as what"
        );
        // The excerpt that goes on after the words as written and joined so ("a leader in
        // shaping"), of the two just read: not "Beijing seeks to lead", which "lead" finds.
        let cited = last_cited(&["is beijing trying to be a leader", "a leader in what?"]);
        assert!(
            cited
                .as_deref()
                .is_some_and(|c| c.contains("a leader in shaping") && !c.contains("seeks to lead")),
            "{cited:?}"
        );
        // A bare join and question word takes its phrase from the question just answered,
        // in the asker's words ("leader", though the phrasing matched says "lead").
        let phrases = |question: &str| -> Vec<String> {
            borrowed_completions(question, "is china trying to be a leader")
                .into_iter()
                .map(|c| format!("{} {}", c.phrase.join(" "), c.join.unwrap_or_default()))
                .collect()
        };
        assert_eq!(phrases("in what?"), ["leader in", "trying in", "china in"]);
        assert_eq!(
            borrowed_completions("in what", "so is china trying to be a leader in ai or what")
                .len(),
            MAX_BORROWED_WORDS
        );
        assert!(phrases("in what way").is_empty());
        assert!(phrases("what").is_empty());
        for (turns, completed) in [
            (
                ["is china trying to be a leader", "in what"],
                "a leader in shaping",
            ),
            (
                ["how is china positioning itself", "as what"],
                "positioning Beijing as a leader",
            ),
        ] {
            let cited = last_cited(&turns);
            assert!(cited.is_some_and(|c| c.contains(completed)), "{turns:?}");
        }
        // Words read but not joined so do not say what completes them: "restricted by who"
        // after "restricted access to AI chips" is not that excerpt again, nor "standards for
        // what" the platform's sentence again.
        let router = matcher();
        for (turns, not) in [
            (
                ["what challenges did li highlight", "restricted by who"],
                "li-chips-talent",
            ),
            (
                ["what is the governance platform", "standards for what"],
                "governance-platform",
            ),
        ] {
            let replies = router.converse(&turns);
            let id = replies[1].as_ref().map(|a| a.id.as_str());
            assert_ne!(id, Some(not), "{turns:?}");
        }
        // A phrasing the pack has word for word is that entry's ("what principles does
        // China's proposal advocate"), unless the answer just read has the phrase: after
        // "a global AI regulatory landscape rooted in inclusivity", "based on what principles"
        // asks what it is rooted in (as the blind writers all read it).
        let replies = router.converse(&["what principles", "based on what principles"]);
        assert_eq!(
            replies[1].as_ref().map(|a| a.id.as_str()),
            Some("multilateralism")
        );
        let replies = router.converse(&[
            "does beijing want to lead on ai rules",
            "based on what principles",
        ]);
        assert!(
            replies[1].as_ref().is_some_and(|a| a
                .citations
                .iter()
                .any(|c| c.excerpt.contains("rooted in inclusivity"))),
            "{replies:?}"
        );
    }

    #[test]
    fn a_bare_choice_one_side_of_which_was_just_read_is_that_excerpt_again() {
        assert_eq!(
            choice("former or current?"),
            Some([vec!["former".to_owned()], vec!["current".to_owned()]])
        );
        assert!(choice("global or just china-led?").is_some());
        assert!(choice("current ceo or").is_some());
        for other in [
            "is it good or bad",
            "who or what",
            "or",
            "was it the opening or closing day of the forum",
        ] {
            assert_eq!(choice(other), None, "{other}");
        }
        let router = matcher();
        for turns in [
            ["google ceo at waic?", "current ceo or"],
            ["which ceo spoke", "google or tesla"],
        ] {
            let replies = router.converse(&turns);
            assert!(
                replies[1].as_ref().is_some_and(|a| a
                    .citations
                    .iter()
                    .any(|c| c.excerpt.contains("former Google CEO"))),
                "{turns:?}: {replies:?}"
            );
        }
    }

    #[test]
    fn the_name_of_a_titled_holder_asks_who_holds_the_title() {
        for (question, read) in [
            ("premier name?", "who is the premier"),
            (
                "whats the chinese premiers name",
                "who is the chinese premier",
            ),
            ("name of the us president", "who is the us president"),
            (
                "what is the name of the french envoy",
                "who is the french envoy",
            ),
        ] {
            assert_eq!(
                name_of_titled(question).as_deref(),
                Some(read),
                "{question}"
            );
        }
        for other in [
            "did li name the us",
            "whats the orgs name",
            "org name?",
            "name the speakers",
            "premier?",
        ] {
            assert_eq!(name_of_titled(other), None, "{other}");
        }
    }

    #[test]
    fn through_which_asks_for_the_channel() {
        for through in [
            "through which body",
            "thru which org",
            "through whom",
            "via who?",
            "and which org does it go thru",
            "what body would it work through",
        ] {
            assert!(asks_through_which(through), "{through}");
        }
        for other in [
            "through what",
            "which body",
            "through open source?",
            "via the un?",
            "which org is it",
            "what did they go through",
        ] {
            assert!(!asks_through_which(other), "{other}");
        }
        // After the platform's open-source tools too: not the platform's aims again.
        let cases: &[(&[&str], &str)] = &[
            (
                &["open source tools in china's plan?", "through who"],
                "through the United Nations",
            ),
            (
                &["how does china plan to support infra", "through whom"],
                "through the United Nations",
            ),
            (
                &[
                    "what tech is china offering to help build in poorer regions",
                    "thru which org",
                ],
                "through the United Nations",
            ),
            // After the plan, whose passage names the UN as the channel.
            (
                &["tell me abt the action plan thing", "through which org"],
                "through the United Nations",
            ),
        ];
        assert_last_cited(cases);
        // Not after Trump's order, which works through no body the story names.
        let said = last_cited(&["what did trump do", "through which body"]);
        assert!(
            !said.is_some_and(|s| s.contains("United Nations")),
            "through which body"
        );
        // The passage just read answering is an exception for the channel only: "why now?"
        // after Trump's order (whose sentence is the timing's) asks about the order, not
        // about China's timing.
        let answers = matcher().converse(&["what did trump do", "why now?"]);
        assert_ne!(
            answers[1].as_ref().map(|a| a.id.as_str()),
            Some("announcement-timing")
        );
    }

    #[test]
    fn why_now_asks_what_the_timing_stands_against() {
        for now in [
            "why now",
            "why now?",
            "why is china doing this now",
            "whys the timing",
        ] {
            assert!(asks_why_now(now, |w| w == "china"), "{now}");
        }
        for other in [
            "why?",
            "what now",
            "why is the us deregulating now",
            "now what",
        ] {
            assert!(!asks_why_now(other, |w| w == "china"), "{other}");
        }
        // "Why" and "now" alone find nothing; after the proposal, its purpose is not the
        // timing the story sets it against.
        let cases: &[(&[&str], &str)] = &[
            (
                &["china proposal", "why now?"],
                "The timing of China’s announcement",
            ),
            (
                &["what's the point of the global framework", "why now"],
                "The timing of China’s announcement",
            ),
        ];
        assert_last_cited(cases);
        // After someone else's words, "why now?" asks about them: Musk's absence is not the
        // timing of China's announcement.
        let said = last_cited(&["what did musk do", "why now?"]);
        assert!(
            !said.is_some_and(|s| s.contains("The timing of China")),
            "why now"
        );
    }

    #[test]
    fn whose_asks_about_the_excerpt_just_read() {
        assert_eq!(
            asks_whose("whose strategy is that"),
            Some(vec!["strategy".to_string()])
        );
        assert_eq!(asks_whose("whose?"), Some(Vec::new()));
        assert_eq!(
            asks_whose("whose idea was the organization in shanghai"),
            None
        );
        assert_eq!(asks_whose("who is it for"), None);
        // "Strategy" alone finds patriotic AI's "a strategy labeled"; the strategy read was
        // the deregulation-first one, and its excerpt says whose.
        let cases: &[(&[&str], &str)] = &[
            (
                &["whats the deregulation-first strategy", "whose strategy"],
                "the U.S.’s deregulation-first strategy",
            ),
            (
                &["ai chip restrictions mentioned?", "whose controls"],
                "U.S. export controls",
            ),
        ];
        assert_last_cited(cases);
    }

    #[test]
    fn who_else_after_a_list_of_people_read_is_that_list() {
        // The keynote speakers were all read: the companies at the show are not who else
        // spoke. After one person, "who else" still finds the others.
        let cases: &[(&[&str], &str)] = &[
            (&["who gave keynotes", "who else"], "Eric Schmidt"),
            (&["godfather of ai at waic?", "who else"], "Eric Schmidt"),
        ];
        assert_last_cited(cases);
        // One person and the event's name are not a list: Li's answer is not given again.
        let router = Router::shipped();
        let replies = router.converse(&["who announced the initiative", "who else?"]);
        assert!(
            replies[1]
                .as_ref()
                .is_none_or(|answer| answer.id != "who-announced"),
            "{:?}",
            replies[1].as_ref().map(|a| &a.id)
        );
    }

    #[test]
    fn turning_to_the_other_party_asks_its_stand() {
        for (turn, party) in [
            ("and china?", "china"),
            ("and china's take?", "china"),
            ("what about the us side", "the us"),
            ("and what about beijing?", "beijing"),
            ("ok and washington", "washington"),
            ("beijing?", "beijing"),
            ("and the us counterpart", "the us"),
        ] {
            assert_eq!(turns_to(turn).as_deref(), Some(party), "{turn}");
        }
        for other in [
            "and what's china's response",
            "and why now",
            "china",
            "and china's plan for poor countries in africa",
        ] {
            assert_eq!(turns_to(other), None, "{other}");
        }
        assert_eq!(
            wants_instead("and what does china stress instead").as_deref(),
            Some("china")
        );
        // "What's" and "the" as typed: "the us" is the country's name, "us" alone is not.
        assert_eq!(
            wants_instead("and what's the us doing instead").as_deref(),
            Some("the us")
        );
        assert_eq!(wants_instead("what does china want").as_deref(), None);
        assert_eq!(wants_instead("who spoke instead"), None);
        let cases: &[(&[&str], &str)] = &[
            (
                &["what did trump's order do", "and china?"],
                "advocates multilateralism",
            ),
            (
                &["what does washington bet on", "beijing?"],
                "Beijing seeks to lead",
            ),
            (
                &["what does china's proposal advocate", "and the us?"],
                "deregulation-first strategy",
            ),
            (
                &["what's in it for the UN", "what's the us doing instead"],
                "deregulation-first strategy",
            ),
            // The US named in passing ("In contrast to the American approach, China's
            // proposal advocates multilateralism"): its stand is still news.
            (
                &[
                    "multilateralism in the story - who advocates it",
                    "and the us?",
                ],
                "deregulation-first strategy",
            ),
            (
                &[
                    "what did trump's order do",
                    "and what does china want instead",
                ],
                "advocates multilateralism",
            ),
            // The answer to "why?" is patriotic AI's, whose question names no one: the
            // excerpt read names Washington.
            (
                &["trump ai order", "why?", "and china?"],
                "advocates multilateralism",
            ),
            // Asked what a party wants, the answer is its stand, whichever entry gave it (here
            // the proposal itself).
            (
                &["what does beijing want", "and washington?"],
                "deregulation-first strategy",
            ),
        ];
        assert_last_cited(cases);
        // A party's own companies are not its stand, and a word that names no party is
        // read as before.
        assert!(
            last_cited(&["any american companies at waic", "and chinese ones?"])
                .is_some_and(|c| c.contains("Chinese tech giants"))
        );
        assert!(last_cited(&["what did trump sign", "and the weather?"]).is_none());
        // After the Chinese companies at the show, "and the us?" asks about American ones;
        // after Li's complaint about chips, what he implied of the US. Neither read a stand.
        let cases: &[(&[&str], &str)] = &[
            (
                &["which chinese firms were at waic", "and the us?"],
                "Tesla, Alphabet, and Amazon",
            ),
            (
                &["what did li say about chips", "and the us?"],
                "did not directly mention the U.S.",
            ),
        ];
        assert_last_cited(cases);
    }

    #[test]
    fn why_that_is_so_is_read_on_the_passage_just_read() {
        let cases: &[(&[&str], &str)] = &[
            (
                &[
                    "what about ai summaries and news sites",
                    "why does that matter",
                ],
                "sustainability of journalism",
            ),
            (
                &[
                    "who does china want to share its ai with",
                    "why would they do that",
                ],
                "positioning Beijing as a leader",
            ),
        ];
        assert_last_cited(cases);
        // "Why shanghai?" after the platform's seat asks why it is there, which the story
        // does not say: not where WAIC was held, which "shanghai" alone finds.
        let router = matcher();
        let turns = router.converse(&["where would the platform be", "why shanghai?"]);
        assert!(turns[0].is_some() && turns[1].is_none(), "{turns:?}");
        // Without a word referring back, why the story matters is its own question.
        assert!(
            last_cited(&[
                "what about ai summaries and news sites",
                "why does the story matter"
            ])
            .is_some_and(|c| !c.contains("AI-generated summaries"))
        );
    }

    #[test]
    fn instead_asks_for_what_was_not_read() {
        assert!(asks_instead("who spoke instead then"));
        assert!(!asks_instead("who else spoke"));
        // Musk's absence was just quoted: the speakers are who spoke instead.
        let cases: &[(&[&str], &str)] = &[(
            &["why did musk skip waic", "who spoke instead then"],
            "Keynote addresses",
        )];
        assert_last_cited(cases);
    }

    #[test]
    fn who_alone_after_an_answer_about_no_one_is_who_did_it() {
        let cases: &[(&[&str], &str)] = &[
            (&["summarize the story", "who?"], "Li Qiang"),
            (&["what did china propose", "who?"], "Li Qiang"),
            // After a passage that names someone, it is them.
            (&["what is woke ai", "who?"], "The White House"),
            // With words of its own, it asks about the passage: who the controls are by.
            (
                &["what were the export controls about", "by who"],
                "U.S. export controls",
            ),
        ];
        assert_last_cited(cases);
    }

    #[test]
    fn asking_what_the_person_just_named_is_keeps_to_them() {
        assert!(asks_who_they_are("which country is she from"));
        assert!(asks_who_they_are("why's he famous"));
        assert!(asks_who_they_are("what was his old job"));
        assert!(
            !asks_who_they_are("how old is he"),
            "the story gives no ages"
        );
        assert!(!asks_who_they_are("what did she do there"));
        assert!(!asks_who_they_are("what is her job at google"));
        // The attribute alone asks about them too, when the last answer was about someone
        // (the router checks that): "what country?" after who Bouverot is.
        assert!(asks_who_they_are("which country"));
        assert!(!asks_who_they_are("which country announced it"));
        let cases: &[(&[&str], &str)] = &[
            (
                &["who is anne bouverot", "which country is she from"],
                "France",
            ),
            (&["who is geoffrey hinton", "why's he famous"], "godfather"),
            (&["anne bouverot?", "what country"], "France"),
            (
                &["who is eric schmidt", "what was his old job"],
                "Google CEO",
            ),
            // After an answer that gives someone's title, whatever it asked: "france
            // involvement" quotes Bouverot's.
            (&["france involvement", "what's her title"], "special envoy"),
            (
                &["was eric schmidt a speaker", "what company was he at"],
                "Google",
            ),
            (&["who spoke at waic", "is she a ceo?"], "special envoy"),
            (
                &["who represented france at waic", "is that a minister"],
                "special envoy",
            ),
            (
                &["who was absent at waic", "and was he speaker before?"],
                "past WAIC speaker",
            ),
        ];
        assert_last_cited(cases);
        // Without "he", "she" or "that", "which president" and "which company" ask questions
        // of their own: not the list of speakers or Trump's order again.
        assert!(
            last_cited(&["who spoke at waic", "which president"])
                .is_some_and(|c| !c.contains("Keynote addresses"))
        );
        assert!(
            last_cited(&["what did trump sign", "which company"])
                .is_some_and(|c| !c.contains("executive order"))
        );
        // An answer without a title (Li's words) is not what "is he the president" asks:
        // what the story says Li is, is.
        let cited = last_cited(&["what did li say", "is he the president"]);
        assert!(
            cited
                .as_deref()
                .is_some_and(|c| c.contains("Premier Li Qiang") && !c.contains("new engine")),
            "{cited:?}"
        );
    }

    #[test]
    fn turning_to_the_other_party_asks_about_it() {
        let router = matcher();
        let first = Command::Ask {
            question: "what is the american strategy for ai".to_owned(),
        };
        let Reply::Answer(us) = router.handle(first) else {
            panic!("the US strategy is answered");
        };
        assert_eq!(us.id, "us-approach");
        let then = Command::Ask {
            question: "and beijing's?".to_owned(),
        };
        let reply = router.handle_in(then, Some(&Previous::of(&us)));
        // China's approach, not the US-China contrast again.
        assert!(
            matches!(&reply, Reply::Answer(a) if a.id == "china-approach"),
            "{reply:?}"
        );
        // An entry whose phrasing names the party turned to, not one that only quotes it
        // ("The timing of China's announcement" in Trump's order).
        assert_last_cited(&[
            (
                &[
                    "what does the white house think about ethical safeguards",
                    "and what does china push instead",
                ],
                "China’s proposal advocates multilateralism",
            ),
            (
                &["deregulation first meaning?", "and beijing's"],
                "Beijing seeks to lead",
            ),
        ]);
    }

    #[test]
    fn short_questions_in_context_stay_on_the_last_passage() {
        let declined = [
            ["what did china propose", "who is the ceo of amazon"],
            ["who gave keynotes at waic", "who is the ceo of amazon"],
            ["how many companies were there", "who is the ceo of amazon"],
            ["what did china propose", "amazon prime"],
        ];
        for turns in declined {
            assert_eq!(last_cited(&turns), None, "{turns:?}");
        }
        // "Which places" asks where, as "where?" does: not where something "took place".
        assert_last_cited(&[
            (
                &["what infra does it mention", "for which places"],
                "under-resourced regions",
            ),
            (
                &["what infra does it mention", "where?"],
                "under-resourced regions",
            ),
            // A hedge holds it together as "exactly" does.
            (
                &["what about infrastucture", "where mainly"],
                "under-resourced regions",
            ),
            // The whole sentence shown says where the platform would be, though the excerpt
            // that answered was its safety standards.
            (
                &["safety standards, whats china plan on that", "where"],
                "headquartered in Shanghai",
            ),
            // After an answer to where, that answer again.
            (
                &["what does it lack", "solution?", "where"],
                "headquartered in Shanghai",
            ),
            // "From who?" has no words of its own to choose the excerpt by: the context's do.
            (
                &["what does li say needs consensus", "from who"],
                "consensus from the entire society",
            ),
            // A slip of a function word ("befroe") is no new subject.
            (
                &["was elon at waic", "has he been befroe"],
                "a past WAIC speaker",
            ),
            // Someone besides the one just named: not Musk again.
            (
                &["was musk there", "who spoke instead"],
                "Keynote addresses",
            ),
            // "Mostly", "especially" only steer the question.
            (
                &["what infra does chinas plan support", "where mostly"],
                "under-resourced regions",
            ),
            // "What year" keeps its noun: the year the story gives, not the excerpt just read.
            (&["when was it announced", "what year?"], "The 2025 WAIC"),
            // The plan's entry again, but not the excerpt just read.
            (
                &[
                    "does the proposal involve the un",
                    "what else is in the plan",
                ],
                "support infrastructure development",
            ),
        ]);
    }

    #[test]
    fn who_said_it_where_and_when_ask_about_the_statement() {
        let router = matcher();
        let asks = |q: &str| asks_attribution(q, router.matcher());
        assert_eq!(asks("who said that exactly"), Some((WHO, true)));
        assert_eq!(asks("according to whom"), Some((WHO, true)));
        assert_eq!(asks("says who"), Some((WHO, true)));
        assert_eq!(asks("who did he say that to"), None);
        assert_eq!(asks("did he say who"), None);
        assert_eq!(asks("where was he speaking"), Some((WHERE, true)));
        assert_eq!(asks("at which event"), Some((WHERE, true)));
        assert_eq!(asks("where was it held"), Some((WHERE, true)));
        assert_eq!(asks("where?"), Some((WHERE, false)));
        assert_eq!(asks("in which city"), Some((WHERE, false)));
        assert_eq!(asks("where'd he say it"), Some((WHERE, true)));
        assert_eq!(asks("whod say that"), Some((WHO, true)));
        // Who someone is, who the speakers were, or anything more, is not asked of the
        // statement.
        for other in [
            "who is he",
            "who spoke",
            "who else said it",
            "for who?",
            "whose",
            "where did you say that",
        ] {
            assert_eq!(asks(other), None, "{other}");
        }
        let cases: &[(&[&str], &str)] = &[
            (
                &[
                    "what does li think of global ai governance",
                    "who said that",
                ],
                "Li underscored",
            ),
            (
                &[
                    "what did li say about the risks of ai",
                    "who said it exactly",
                ],
                "Li emphasized",
            ),
            (
                &["what new body does china want", "who proposed it"],
                "announced by Chinese Premier Li Qiang",
            ),
            (
                &[
                    "china ai proposal whats that abt",
                    "why tho",
                    "who pushed it",
                ],
                "announced by Chinese Premier Li Qiang",
            ),
            (
                &["what did china propose at the ai conference", "where?"],
                "World Artificial Intelligence Conference (WAIC) in Shanghai",
            ),
            (
                &[
                    "who talked about balancing safety and progress",
                    "where did he say it",
                ],
                "World Artificial Intelligence Conference (WAIC) in Shanghai",
            ),
            (
                &["li title?", "where'd he say it"],
                "World Artificial Intelligence Conference (WAIC) in Shanghai",
            ),
            (
                &["what did the white house say about ethics", "who said that"],
                "The White House also criticized",
            ),
            // The phrase just read ("rooted in"), though its words alone find another entry
            // (the principles China advocates).
            (
                &[
                    "is china positioning itself as a leader",
                    "based on what values",
                ],
                "rooted in inclusivity",
            ),
            // What is wanted in place of what a sentence rejects in passing is that sentence.
            (
                &[
                    "does china want to monopolize ai",
                    "what does it want instead",
                ],
                "a cooperative global effort",
            ),
            // Who was present in place of the one absent: who spoke instead.
            (
                &["was musk at waic", "who came instead"],
                "Keynote addresses were delivered",
            ),
            // Evidence of a claim whose sentence gives its own figures is those figures.
            (
                &["china growing influence in ai?", "proof?"],
                "over 800 companies",
            ),
            // A breakdown of a quote that lists the parts is those parts, not the next words.
            (
                &["how many innovations were shown at waic", "break it down"],
                "60 humanoid robots",
            ),
            (
                &["how many ai innovations were there", "break down the 3000"],
                "60 humanoid robots",
            ),
            // Whom the speaker just read meant, not who gave talks.
            (
                &["monopoly concerns?", "who's he talking about"],
                "implicit reference",
            ),
            // The excerpt read ends a sentence whose opening, another entry's, names who.
            (
                &["export controls", "who said it"],
                "Although Li did not directly mention",
            ),
            (
                &[
                    "whats wrong with global ai governance rn",
                    "according to who",
                ],
                "Li underscored",
            ),
            // No one in the passage says the news outlets' worry: the story does, and its
            // words are the answer, not who made the story's announcement.
            (
                &["what about journalism", "according to whom"],
                "Recent studies suggesting",
            ),
            (
                &["are ai summaries bad for news sites", "who says?"],
                "Recent studies suggesting",
            ),
            // Another speaker than the story's own: not who announced the story's proposal.
            (
                &[
                    "what did the white house say about ethics",
                    "who proposed it",
                ],
                "The White House",
            ),
            (
                &["how many companies were at waic", "where was it held"],
                "World Artificial Intelligence Conference (WAIC) in Shanghai",
            ),
            (
                &["what infrastructure does the plan support", "where?"],
                "under-resourced regions",
            ),
            // After the plan's words, which say where its help goes: not where it was announced.
            (
                &["is the 13 point plan about infrastructure at all", "where"],
                "particularly in under-resourced regions",
            ),
            (
                &[
                    "does the plan mention cloud computing",
                    "where specifically",
                ],
                "particularly in under-resourced regions",
            ),
        ];
        assert_last_cited(cases);
    }

    #[test]
    fn a_thing_the_passage_just_read_never_says_is_asked_on_its_own() {
        // "The plan" is nowhere in the platform's sentence, and the question alone is a
        // phrasing of the plan's entry: the 13-point plan, not the platform again.
        assert_last_cited(&[(
            &["what did li propose", "and whats in the plan"],
            "13-point action plan",
        )]);
        let before = last_cited(&["what did li propose"]).expect("answered");
        assert!(!before.contains("13-point"), "{before}");
    }

    #[test]
    fn he_after_the_story_speaker_alone_is_the_speaker_named() {
        assert_last_cited(&[
            // Who Li is was read: "what did he call ai" asks it of Li, which the words of the
            // question before would answer with who he is again.
            (
                &["who is li qiang exactly", "what did he call ai"],
                "new engine for growth",
            ),
            (
                &["what's li qiang's job", "what did he say about security"],
                "balance between development and security",
            ),
            // Not after someone else: he is Musk.
            (
                &["was musk at waic", "has he been before"],
                "a past WAIC speaker",
            ),
            // Nor where or when he said it, which the story's own where and when answer, not
            // what he said there.
            (
                &["who is li qiang exactly", "where did he say it"],
                "in Shanghai",
            ),
        ]);
    }

    #[test]
    fn a_kind_asked_of_a_word_just_read_is_what_its_sentence_says() {
        assert_eq!(
            asks_kind_of("what kind of innovation?"),
            Some(vec!["innovation".to_owned()])
        );
        assert_eq!(
            asks_kind_of("and which sort of safety standards tho"),
            Some(vec!["safety".to_owned(), "standards".to_owned()])
        );
        assert_eq!(
            asks_kind_of("what kind innovation"),
            Some(vec!["innovation".to_owned()])
        );
        assert_eq!(
            asks_kind_of("what kind of platform is it"),
            Some(vec!["platform".to_owned()])
        );
        // A question of its own is read by its words.
        assert_eq!(
            asks_kind_of("what kind of governance does china push"),
            None
        );
        assert_eq!(asks_kind_of("what sort of projects would it fund"), None);
        assert_eq!(asks_kind_of("what kind"), None);
        assert_last_cited(&[
            // The platform's innovation is the inclusive one, through open-source tools, not
            // the 3,000 innovations shown at WAIC.
            (
                &["whats the platform for", "what kind of innovation"],
                "inclusive innovation through open-source tools",
            ),
            (
                &[
                    "beijing wants to lead global ai regulation?",
                    "what kind of regulation",
                ],
                "rooted in inclusivity",
            ),
        ]);
    }
}
