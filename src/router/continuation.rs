//! Requests to go on: "why?", "how so", "anything else?", "any evidence?", "is that it?" after
//! an answer name no subject of their own; what they ask for is the story's next words after
//! the excerpt just read. Matching their words finds nothing to go on (or the same entry
//! again), so they are answered by position instead: the pack's excerpt that follows what the
//! asker has read in the same paragraph; for more, else the next paragraph's first (the
//! story goes on there), or else the nearest before it in its own. Only excerpts some entry
//! cites can be quoted, so the answer is always a curated one.

use super::followup::is_why;
use super::has_word;
use crate::knowledge::{Citation, KnowledgePack};
use crate::matcher::{asks_something, normalize};

/// What a request to go on asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Way {
    /// A reason or an explanation of what was just read ("why?", "how so", "what does that
    /// mean"): the words around it, in the same paragraph.
    Why,
    /// More of the story ("anything else?", "go on", "any examples?"): what follows, in this
    /// paragraph or the next.
    More,
}

/// Words that say nothing but how a message is said: dropped before reading it.
const FILLERS: &[&str] = &[
    "so", "ok", "okay", "k", "and", "but", "then", "pls", "please", "plz", "pl", "lol", "tho",
    "though", "hmm", "hm", "um", "uh", "really", "just", "the", "a", "an", "any", "some", "me",
    "even", "exactly", "actually", "oh", "ah", "huh", "wait", "yeah", "bro", "dude", "mate", "rly",
];
/// Words a request to go on may be worded with, besides the words that make it one.
const GLUE: &[&str] = &[
    "is",
    "was",
    "are",
    "were",
    "that",
    "thats",
    "it",
    "its",
    "this",
    "there",
    "theres",
    "what",
    "whats",
    "wat",
    "wut",
    "wht",
    "do",
    "does",
    "did",
    "you",
    "u",
    "they",
    "their",
    "he",
    "his",
    "she",
    "her",
    "by",
    "have",
    "has",
    "got",
    "can",
    "could",
    "would",
    "give",
    "tell",
    "say",
    "said",
    "go",
    "on",
    "one",
    "ones",
    "to",
    "of",
    "for",
    "about",
    "again",
    "with",
    "all",
    "how",
    "not",
    "as",
    "like",
    "come",
    "comes",
    "in",
    "way",
    "know",
    "i",
    "want",
    "need",
    "something",
    "anything",
    "such",
    "keep",
    "going",
    "break",
    "down",
];
/// Words that ask for more of the story.
const MORE: &[&str] = &[
    "else",
    "more",
    "another",
    "next",
    "further",
    "details",
    "detail",
    "specific",
    "specifically",
    "specifics",
    "evidence",
    "proof",
    "prove",
    "elaborate",
    "expand",
    "continue",
    "other",
    "breakdown",
];
/// Word pairs that ask for more ("go on", "keep going"), besides [`EXAMPLE_PAIRS`].
const MORE_PAIRS: &[[&str; 2]] = &[
    ["go", "on"],
    ["keep", "going"],
    ["break", "it"],
    ["break", "down"],
    ["and", "then"],
    ["what", "then"],
    ["after", "that"],
    ["comes", "after"],
    ["comes", "next"],
];
/// Words that ask for examples, a kind of more ("example?", "e.g.?").
const EXAMPLE_WORDS: &[&str] = &["example", "examples", "eg", "instance", "including", "incl"];
/// Word pairs that ask for examples ("such as?", "like what").
const EXAMPLE_PAIRS: &[[&str; 2]] = &[["such", "as"], ["like", "what"]];
/// Word pairs that ask why ("how so", "how come", "what ... mean").
const WHY_PAIRS: &[[&str; 2]] = &[["how", "so"], ["how", "come"]];
/// Words that ask for a reason or an explanation.
const WHY: &[&str] = &["why", "whys", "whyd", "explain", "mean", "means", "meant"];
/// Words that ask for a reason in other words than "why" ("due to what", "reasoning?"),
/// which the pack's words would read as a subject of their own.
const REASON: &[&str] = &[
    "reason",
    "reasons",
    "reasoning",
    "rationale",
    "cause",
    "caused",
    "due",
    "because",
    // "What's their argument?" after the White House's criticism: why they say so, not the
    // entry whose phrasing asks for China's argument.
    "argument",
    "arguments",
    "justification",
];
/// Chat shorthand for "what do you mean".
const WDYM: &str = "wdym";
/// Words that ask what the words read mean rather than why it is so: those of [`WHY`] but
/// "why" itself, and "meaning", which is no request to go on ("meaning?" after why
/// governance fails finds why it fails by its words, not the story's next words).
const EXPLAIN: &[&str] = &["explain", "mean", "means", "meant", "meaning"];

/// The words of `question` but [`FILLERS`].
fn unfilled(question: &str) -> Vec<String> {
    normalize::words(question)
        .into_iter()
        .filter(|w| !FILLERS.contains(&w.as_str()))
        .collect()
}

/// Whether `word` asks what something means ("meaning?", "explain").
pub(super) fn asks_meaning(word: &str) -> bool {
    EXPLAIN.contains(&word)
}

/// Whether `words` has one of `pairs` as two words in a row ("how so", "like what").
fn has_pair(words: &[String], pairs: &[[&str; 2]]) -> bool {
    words
        .windows(2)
        .any(|w| pairs.iter().any(|p| w[0] == p[0] && w[1] == p[1]))
}

/// Whether `question` only asks to go on from the last answer, and how. Every word must be
/// one a request to go on is worded with; a word of its own ("why did musk skip it") makes
/// it a question of its own.
pub(super) fn asks_to_continue(question: &str) -> Option<Way> {
    let all = normalize::words(question);
    // "so" and "come" matter in pairs ("how so", "how come"); "going" after "keep".
    let pair = |pairs: &[[&str; 2]]| has_pair(&all, pairs);
    let words: Vec<&str> = all
        .iter()
        .map(String::as_str)
        .filter(|w| !FILLERS.contains(w))
        .collect();
    let worded = |w: &&str| {
        GLUE.contains(w) || MORE.contains(w) || EXAMPLE_WORDS.contains(w) || WHY.contains(w)
    };
    // "And then?" is all fillers, and asks to go on all the same.
    let every: Vec<&str> = all.iter().map(String::as_str).collect();
    if words.is_empty() && pair(MORE_PAIRS) || asks_by_naming(&every) {
        return Some(Way::More);
    }
    if words.is_empty() || !words.iter().all(|w| worded(w) || *w == "after") {
        return None;
    }
    // "is that it?", "is that all?": asks whether there is more.
    let ends_asking = question.trim_end().ends_with('?');
    let is_that_all = matches!(
        words.as_slice(),
        ["is", "that", "it" | "all"] | ["thats", "it" | "all"] | ["is", "it", "all"]
    ) && (words[0] == "is" || ends_asking);
    if words.iter().any(|w| WHY.contains(w)) || pair(WHY_PAIRS) {
        Some(Way::Why)
    } else if is_that_all
        || words
            .iter()
            .any(|w| MORE.contains(w) || EXAMPLE_WORDS.contains(w))
        || pair(MORE_PAIRS)
        || pair(EXAMPLE_PAIRS)
    {
        Some(Way::More)
    } else {
        None
    }
}

/// Words that may stand in a request for a breakdown besides its own ("break it down pls").
const BREAKDOWN_GLUE: &[&str] = &[
    "break",
    "down",
    "breakdown",
    "it",
    "that",
    "this",
    "them",
    "the",
];

/// Whether `question` asks for a breakdown of what was read ("break it down", "breakdown?",
/// "break down the innovations"), and what of it: the words it names besides (`Some` of
/// none for "break it down").
pub(super) fn asks_breakdown(question: &str) -> Option<Vec<String>> {
    let words = unfilled(question);
    let has = |w: &str| words.iter().any(|x| x == w);
    (has("breakdown") || has("break") && has("down")).then(|| {
        words
            .into_iter()
            .filter(|w| !BREAKDOWN_GLUE.contains(&w.as_str()))
            .collect()
    })
}

/// Words that ask for evidence of what was read ("proof?", "any evidence?", "prove it,
/// numbers?"), and those they may be worded with.
const EVIDENCE: &[&str] = &["evidence", "proof", "prove", "numbers", "stats", "figures"];
/// Words that ask for evidence besides the nouns: "what proves that", "what backs it up".
const EVIDENCE_ASKS: &[&str] = &["evidence", "proof", "prove", "proves", "backs", "shows"];
const EVIDENCE_GLUE: &[&str] = &[
    "any", "it", "got", "what", "whats", "is", "the", "for", "that", "up",
];

/// Whether `excerpt` says something is lacking ("lacking the coherence necessary"), in
/// the words [`super::followup::LACK_WORDS`] lists.
pub(super) fn says_a_lack(excerpt: &str) -> bool {
    has_word(excerpt, super::followup::LACK_WORDS)
}

/// Whether `question` only asks why not ("why not?", "y not", "why not tho").
pub(super) fn asks_why_not(question: &str) -> bool {
    matches!(unfilled(question).as_slice(), [why, not] if is_why(why) && not == "not")
}

/// Whether `question` only asks for evidence of what was read: a word of [`EVIDENCE_ASKS`],
/// with [`EVIDENCE`] and glue besides ("proof?", "prove it, numbers?", "what backs it up").
pub(super) fn asks_evidence(question: &str) -> bool {
    let words = unfilled(question);
    words.iter().any(|w| EVIDENCE_ASKS.contains(&w.as_str()))
        && words.iter().all(|w| {
            EVIDENCE.contains(&w.as_str())
                || EVIDENCE_ASKS.contains(&w.as_str())
                || EVIDENCE_GLUE.contains(&w.as_str())
        })
}

/// How many of `text`'s words have a digit ("800", "3,000").
fn numbers_in(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
        .count()
}

/// Whether `text` gives figures: two numbers or more ("over 800 companies ... more than 3,000
/// AI innovations").
pub(super) fn gives_figures(text: &str) -> bool {
    numbers_in(text) >= 2
}

/// Whether `text` lists parts: three numbers or more ("40 large language models, 50 advanced
/// devices, and 60 humanoid robots"), or three items or more ("Tesla, Alphabet, and Amazon").
pub(super) fn itemizes(text: &str) -> bool {
    numbers_in(text) >= 3 || text.matches(", ").count() >= 2 && text.contains(" and ")
}

/// `question` in the words the checks after an answer read it by, when it asks why in other
/// words ("due to what?", "reasoning?" as "why?") or in shorthand ("wdym" as "what do you
/// mean"); else `None`.
pub(super) fn plainly(question: &str) -> Option<&'static str> {
    let words = unfilled(question);
    // Some of `asks`, the rest glue.
    let only = |asks: &dyn Fn(&str) -> bool| {
        words.iter().any(|w| asks(w)) && words.iter().all(|w| asks(w) || GLUE.contains(&w.as_str()))
    };
    // "Why tho, whats their reasoning": a "why" beside the reason asked is one question.
    if words.iter().any(|w| REASON.contains(&w.as_str()))
        && only(&|w| REASON.contains(&w) || WHY.contains(&w))
    {
        Some("why?")
    } else if only(&|w| w == WDYM) {
        Some("what do you mean")
    } else {
        None
    }
}

/// Whether `question`, a request to go on, only asks what the words read mean ("explain",
/// "meaning?", "what does that mean"), not why it is so ("why?", "how so").
pub(super) fn asks_to_explain(question: &str) -> bool {
    let words = unfilled(question);
    words.iter().any(|w| EXPLAIN.contains(&w.as_str()))
        && words
            .iter()
            .all(|w| EXPLAIN.contains(&w.as_str()) || GLUE.contains(&w.as_str()))
        && !words.iter().any(|w| w == "how")
}

/// Whether `question`, a request to go on, asks for examples ("like what", "such as?",
/// "example?", "any examples", "name some"), not for more in general ("go on", "what else").
pub(super) fn asks_for_examples(question: &str) -> bool {
    let words = normalize::words(question);
    let every: Vec<&str> = words.iter().map(String::as_str).collect();
    asks_to_continue(question) == Some(Way::More)
        && (words.iter().any(|w| EXAMPLE_WORDS.contains(&w.as_str()))
            || has_pair(&words, EXAMPLE_PAIRS)
            || asks_by_naming(&every))
}

/// Whether `words` ask for examples by name: "name some", "name a few",
/// "any big names". Not "name?" alone, which may ask what something is called.
fn asks_by_naming(words: &[&str]) -> bool {
    matches!(words, ["name", rest @ ..]
    if !rest.is_empty()
        && rest.iter().all(|w| {
            matches!(
                *w,
                "some" | "a" | "few" | "any" | "of" | "them" | "couple" | "pls" | "please" | "plz"
            )
        }))
        || matches!(words, [first, .., "names"]
            if words.iter().all(|w| matches!(*w, "any" | "big" | "some" | "famous" | "names" | "the"))
                && *first != "names")
}

/// Whether `excerpt` gives examples of what it speaks of ("infrastructure development—such as
/// cloud computing systems and data hubs", "giants like Huawei").
pub(super) fn gives_examples(excerpt: &str) -> bool {
    let words = normalize::words(excerpt);
    // "Like" gives examples before a name ("giants like Huawei"), not as a verb.
    let like_a_name = excerpt
        .split_whitespace()
        .collect::<Vec<_>>()
        .windows(2)
        .any(|w| w[0] == "like" && w[1].starts_with(char::is_uppercase));
    like_a_name
        || words
            .windows(2)
            .any(|w| w[0] == "such" && w[1] == "as" || w[0] == "for" && w[1] == "example")
        || words.iter().any(|w| w == "including")
}

/// Words by which a sentence gives a reason or a purpose ("The order reflects Washington's
/// ambition", "suggesting that excessive ethical constraints could hinder innovation").
const REASON_WORDS: &[&str] = &[
    "because",
    "reflects",
    "reflecting",
    "ambition",
    "suggesting",
    "ensure",
    "due",
    "driven",
    "reason",
    "aims",
];

/// Words by which a sentence says something is needed ("Li emphasized the urgent need for
/// international coordination"): the story's next words say why.
const NEED_WORDS: &[&str] = &["need", "needs", "needed", "urgent", "urgently"];

/// Words besides [`NEED_WORDS`] by which one asks why something is needed ("why
/// necessary"). Not "important", which asks why it matters (`followup::asks_why_it_weighs`).
const NEED_ASKED: &[&str] = &["necessary", "pressing"];
/// Words a question why something is needed may be worded with besides its need ("why is it
/// needed").
const NEED_GLUE: &[&str] = &["is", "it", "its", "that", "thats", "this", "was", "be"];

/// Whether `question` asks why and names only a need ("why urgent", "why is it needed", "why's
/// it so necessary").
pub(super) fn asks_why_needed(question: &str) -> bool {
    let needs = |w: &String| NEED_WORDS.contains(&w.as_str()) || NEED_ASKED.contains(&w.as_str());
    match unfilled(question).as_slice() {
        [why, rest @ ..] => {
            is_why(why)
                && rest.iter().any(needs)
                && rest
                    .iter()
                    .all(|w| needs(w) || NEED_GLUE.contains(&w.as_str()))
        }
        [] => false,
    }
}

/// Whether `excerpt` says something is needed ([`NEED_WORDS`]).
pub(super) fn says_a_need(excerpt: &str) -> bool {
    has_word(excerpt, NEED_WORDS)
}

/// Words a "what does he want" may be worded with besides ("so what does he want then",
/// "what does he want for that").
const WANTED_GLUE: &[&str] = &[
    "so", "then", "and", "really", "exactly", "for", "that", "this",
];

/// Whether `question` only asks what someone just read wants ("so what does he want", "what
/// did li want"; `is_name` tells the story's names): what the passage says they call for,
/// not the entry that "want" finds.
pub(super) fn asks_what_wanted(question: &str, is_name: impl Fn(&str) -> bool) -> bool {
    let words: Vec<String> = unfilled(question)
        .into_iter()
        .filter(|w| !WANTED_GLUE.contains(&w.as_str()))
        .collect();
    matches!(words.as_slice(), [what, verb, who, want]
        if matches!(what.as_str(), "what" | "whats")
            && matches!(verb.as_str(), "does" | "did" | "do")
            && (matches!(who.as_str(), "he" | "she" | "they") || is_name(who))
            && matches!(want.as_str(), "want" | "wants"))
}

/// Whether `excerpt` gives a reason or a purpose by its words: what a "why?" asks for.
pub(super) fn gives_a_reason(excerpt: &str) -> bool {
    has_word(excerpt, REASON_WORDS)
}

/// Words that ask what is feared ("what's the worry", "what's at stake", "who's at risk").
const WORRY: &[&str] = &[
    "worry", "worries", "fear", "fears", "alarm", "alarms", "stake", "stakes", "risk", "risks",
    "danger", "dangers", "concern",
];
/// Words such a question may be worded with besides ("what's the bigger fear", "what's
/// causing the alarm").
const WORRY_GLUE: &[&str] = &[
    "what", "whats", "who", "whos", "whom", "at", "is", "s", "the", "big", "bigger", "main",
    "real", "causing",
];
/// Words by which an excerpt says something is feared ("have raised alarms over the
/// sustainability of journalism", "he warned against").
const ALARMED: &[&str] = &[
    "alarm", "alarms", "warned", "warns", "worried", "fears", "feared",
];

/// Whether `question` only asks what is feared, naming nothing ("so what's the worry",
/// "whats at stake", "who's at risk", "what is the fear about that"): what the passage just
/// read says is feared.
pub(super) fn asks_the_worry(question: &str) -> bool {
    let words: Vec<String> = normalize::words(question)
        .into_iter()
        .filter(|w| {
            !FILLERS.contains(&w.as_str()) && !matches!(w.as_str(), "about" | "that" | "this")
        })
        .collect();
    words
        .first()
        .is_some_and(|w| matches!(w.as_str(), "what" | "whats" | "who" | "whos"))
        && words.iter().any(|w| WORRY.contains(&w.as_str()))
        && words
            .iter()
            .all(|w| WORRY.contains(&w.as_str()) || WORRY_GLUE.contains(&w.as_str()))
}

/// Whether `excerpt` says something is feared ([`ALARMED`]).
pub(super) fn says_what_is_feared(excerpt: &str) -> bool {
    has_word(excerpt, ALARMED)
}

/// Whether `question` only asks how what was just read is done ("how?", "how exactly"): not
/// "how so" or "how come", which ask why ([`WHY_PAIRS`]).
pub(super) fn asks_how(question: &str) -> bool {
    let all = normalize::words(question);
    if has_pair(&all, WHY_PAIRS) {
        return false;
    }
    let words: Vec<String> = all
        .into_iter()
        .filter(|w| !FILLERS.contains(&w.as_str()))
        .collect();
    words.first().is_some_and(|w| w == "how")
        && words[1..]
            .iter()
            .all(|w| matches!(w.as_str(), "exactly" | "then" | "precisely"))
}

/// Whether `excerpt` says by what means something is done ("through open-source tools",
/// "via the UN"): what a bare "how?" asks for.
pub(super) fn gives_a_means(excerpt: &str) -> bool {
    has_word(excerpt, &["through", "via"])
}

/// Words that ask where the last answer comes from ("source?", "citation pls").
const SOURCE: &[&str] = &[
    "source",
    "sources",
    "src",
    "citation",
    "citations",
    "cite",
    "ref",
    "refs",
    "reference",
    "references",
    "receipts",
];

/// Words that ask for the last answer in plainer words ("in plain english pls", "eli5"): the
/// answer is already the plainest the pack has, so it is given again. Each asks so alone;
/// "english", "simple" and "normal" only after "in" ("in simple terms"): alone, "simple" and
/// "english" are reactions or subjects.
const PLAINER: &[&str] = &[
    "plain", "plainer", "simpler", "simply", "simplify", "eli5", "layman", "laymans", "rephrase",
];
/// Words that ask for plainer words after "in" ("in english pls", "in simple terms").
const PLAINER_AFTER_IN: &[&str] = &["english", "simple", "normal"];
/// Words such a request may be worded with besides those and [`GLUE`].
const PLAINER_GLUE: &[&str] = &["words", "terms", "language", "dumb", "put"];
/// Words that doubt the last answer when asked ("is that true?", "really?", "is that
/// proven"): what the story says, quoted, is the bot's whole case. Said, not asked ("true",
/// "sure", "fr"), they agree, and get no answer again.
const DOUBT: &[&str] = &[
    "true",
    "proven",
    "confirmed",
    "accurate",
    "legit",
    "correct",
    "sure",
    "really",
    "seriously",
    "real",
    "fr",
    "rly",
    "srsly",
];
/// Words a doubt may be spelled out with besides ("is that true or just pr", "sounds like
/// hype").
const DOUBT_GLUE: &[&str] = &[
    "or",
    "pr",
    "propaganda",
    "spin",
    "hype",
    "marketing",
    "sounds",
    "seems",
];
/// Words of a request for the whole quote ("full quote?", "exact wording pls").
const QUOTE: &[&str] = &["quote", "quotes", "wording"];
const WHOLE: &[&str] = &["full", "whole", "complete", "exact"];
/// What such a request names as quoted ("quote the line pls", "exact words?").
const QUOTED: &[&str] = &["line", "lines", "sentence", "sentences", "passage", "words"];

/// Whether `question` only asks for the last answer again: its source ("source?", "what's
/// your source", "citation pls") or context ("in what context?", "context?"), which is the
/// excerpts it quoted; the same in plainer words
/// ("in plain english pls"); the whole quote ("full quote?", "quote the line", "exact
/// words?"); or whether it is so ("is that
/// true?", "really?"), which the story's words, quoted again, are the bot's answer to. Every
/// word must be one such a request is worded with, as for [`asks_to_continue`].
pub(super) fn asks_again(question: &str) -> bool {
    let all = normalize::words(question);
    let words: Vec<&str> = all
        .iter()
        .map(String::as_str)
        .filter(|w| !FILLERS.contains(w) && !matches!(*w, "your" | "ur"))
        .collect();
    let only = |lists: &[&[&str]]| {
        words
            .iter()
            .all(|w| GLUE.contains(w) || lists.iter().any(|list| list.contains(w)))
    };
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    // "In what context?", "context?": the sentence quoted is the story's context for it.
    // Not "what's the context", which asks for background.
    let context = matches!(words.as_slice(), ["context"] | ["in", "what", "context"]);
    let source = has(SOURCE) && only(&[SOURCE]) || context;
    let plain_after_in = words
        .windows(2)
        .any(|pair| pair[0] == "in" && PLAINER_AFTER_IN.contains(&pair[1]));
    let plainer =
        (has(PLAINER) || plain_after_in) && only(&[PLAINER, PLAINER_AFTER_IN, PLAINER_GLUE]);
    // Asked, not said: with a question mark or a question's word order ("is that true",
    // "are you sure"). "Really" is a filler elsewhere ("really, who spoke?"), so the words
    // are read with the fillers.
    let asked = question.trim_end().ends_with('?')
        || all
            .first()
            .is_some_and(|w| matches!(w.as_str(), "is" | "are" | "was" | "were" | "you"));
    // With the number doubted ("rly 3000?") or the doubt spelled out ("is that true or
    // just pr"), still a doubt of the answer.
    let doubts = asked
        && all.iter().any(|w| DOUBT.contains(&w.as_str()))
        && all.iter().all(|w| {
            DOUBT.contains(&w.as_str())
                || GLUE.contains(&w.as_str())
                || FILLERS.contains(&w.as_str())
                || DOUBT_GLUE.contains(&w.as_str())
                || w.chars().all(|c| c.is_ascii_digit())
        });
    let full_quote = [has(QUOTE), has(WHOLE), has(QUOTED)]
        .iter()
        .filter(|&&named| named)
        .count()
        >= 2
        && only(&[QUOTE, WHOLE, QUOTED]);
    source || plainer || doubts || full_quote
}

/// Words by which a follow-up asks what is proposed about what was just read: "so what's the
/// fix", "what does he want done about it", "and what did li offer instead".
const REMEDY: &[&str] = &[
    "fix",
    "fixes",
    "solution",
    "solutions",
    "remedy",
    "propose",
    "proposes",
    "proposed",
    "proposing",
    "suggest",
    "suggests",
    "suggested",
    "offer",
    "offers",
    "offered",
];
/// Words such a follow-up may be worded with besides.
const REMEDY_GLUE: &[&str] = &[
    "what", "whats", "is", "the", "his", "her", "their", "he", "she", "they", "does", "did", "do",
    "about", "it", "that", "this", "them", "want", "wants", "to", "instead", "exactly", "world",
    "then", "there", "for",
];

/// Words that name a fix itself, not someone's act of proposing one.
const FIX: &[&str] = &["fix", "fixes", "solution", "solutions", "remedy"];

/// Whether `question` asks for a fix in so many words ("so what's the fix", "solution?"),
/// rather than what someone proposes ("what does he propose").
pub(super) fn names_a_fix(question: &str) -> bool {
    has_word(question, FIX)
}

/// Whether `question` only asks what is proposed about the problem just read ("so what's the
/// fix", "what does he want done about it", "and what did li offer instead"; `is_name` tells
/// the story's names): the story says so right after the problem, in the same paragraph. It
/// must ask: "fix" or "done" alone is chat.
pub(super) fn asks_remedy(question: &str, is_name: impl Fn(&str) -> bool) -> bool {
    let words = unfilled(question);
    let has = |w: &str| words.iter().any(|x| x == w);
    // "Done" asks for a remedy only as what someone wants done.
    let wants_done = has("done") && (has("want") || has("wants"));
    let remedy = |w: &str| REMEDY.contains(&w) || w == "done" && wants_done;
    asks_something(question)
        && words.iter().any(|w| remedy(w))
        && words
            .iter()
            .all(|w| remedy(w) || REMEDY_GLUE.contains(&w.as_str()) || is_name(w))
}

/// Where one cited excerpt lies in its paragraph (byte offsets), and whose it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: usize,
    end: usize,
    entry: usize,
    cite: usize,
}

impl Span {
    fn overlaps(&self, other: (usize, usize)) -> bool {
        spans_overlap((self.start, self.end), other)
    }
}

/// Whether byte spans `a` and `b` share a byte.
fn spans_overlap(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Every excerpt the pack cites, by paragraph, in the order of the story: built once per pack.
#[derive(Debug, Default)]
pub(super) struct Layout {
    /// Index 0 is paragraph 1.
    paragraphs: Vec<Vec<Span>>,
}

/// An excerpt going on past what was read adds at least this many words: not ", he said"
/// after a quote read without it. So too an excerpt that completes a phrase read.
pub(super) const MIN_NEW_WORDS: usize = 3;

impl Layout {
    pub(super) fn new(pack: &KnowledgePack) -> Self {
        let mut paragraphs = vec![Vec::new(); pack.story.paragraphs.len()];
        for (entry, e) in pack.entries.iter().enumerate() {
            for (cite, citation) in e.citations.iter().enumerate() {
                let (start, end) = span_of(citation);
                if let Some(spans) = citation
                    .paragraph
                    .checked_sub(1)
                    .and_then(|at| paragraphs.get_mut(at))
                {
                    spans.push(Span {
                        start,
                        end,
                        entry,
                        cite,
                    });
                }
            }
        }
        // In the story's order; of excerpts starting together, the entry with the fewest
        // excerpts (whose answer is about that one, not a list of people quoting it in
        // passing), then the shortest (the most precise).
        for spans in &mut paragraphs {
            spans.sort_by_key(|s| {
                (
                    s.start,
                    pack.entries[s.entry].citations.len(),
                    s.end,
                    s.entry,
                )
            });
        }
        Self { paragraphs }
    }

    /// How many words paragraph `paragraph` (counted from 1) of `texts` has from byte `from`
    /// to `to`.
    fn words_between(texts: &[String], paragraph: usize, from: usize, to: usize) -> usize {
        paragraph
            .checked_sub(1)
            .and_then(|at| texts.get(at))
            .and_then(|text| text.get(from..to))
            .map_or(0, |text| {
                text.split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .count()
            })
    }

    /// The entry and excerpt to go on with after `shown` (the excerpts just read; `earlier`,
    /// those read before them), or `None` when the pack cites nothing new there. `texts` are
    /// the story's paragraphs, whose words an excerpt must add.
    pub(super) fn next(
        &self,
        texts: &[String],
        shown: &[Citation],
        earlier: &[Citation],
        way: Way,
    ) -> Option<(usize, usize)> {
        let spans_of = |citations: &[Citation]| -> Vec<(usize, (usize, usize))> {
            citations
                .iter()
                .map(|c| (c.paragraph, span_of(c)))
                .collect()
        };
        let shown = spans_of(shown);
        let read: Vec<(usize, (usize, usize))> =
            shown.iter().copied().chain(spans_of(earlier)).collect();
        // The last of what was just read, in the story's order.
        let &(paragraph, (last_start, last_end)) =
            shown.iter().max_by_key(|(p, (_, end))| (*p, *end))?;
        // Read already: inside an excerpt read (`within`), or sharing words with one.
        let within = |p: usize, s: &Span| {
            read.iter()
                .any(|&(q, (start, end))| q == p && start <= s.start && s.end <= end)
        };
        let overlaps =
            |p: usize, s: &Span| read.iter().any(|&(q, span)| q == p && s.overlaps(span));
        let spans = self.paragraphs.get(paragraph.checked_sub(1)?)?;
        // What goes on from the end of what was read: an excerpt starting there or later, or
        // one that began in what was read and goes on past it (its new words start there).
        let after = spans
            .iter()
            .filter(|s| {
                s.end > last_end
                    && !within(paragraph, s)
                    && Self::words_between(texts, paragraph, s.start.max(last_end), s.end)
                        >= MIN_NEW_WORDS
            })
            .min_by_key(|s| (s.start.max(last_end), s.end, s.start));
        let before = || {
            // Reversed, so that of equal excerpts the one sorted first (the most precise
            // entry) is the last maximum.
            spans
                .iter()
                .rev()
                .filter(|s| s.end <= last_start && !overlaps(paragraph, s))
                .max_by_key(|s| (s.end, std::cmp::Reverse(s.start)))
        };
        let next_paragraph = || {
            self.paragraphs
                .get(paragraph)?
                .iter()
                .find(|s| !within(paragraph + 1, s))
        };
        // A reason is looked for only after what was read: when nothing follows there, the
        // answer just given is the best the pack has.
        let found = match way {
            Way::Why => after,
            Way::More => after.or_else(next_paragraph).or_else(before),
        };
        found.map(|s| (s.entry, s.cite))
    }

    /// Of the entries quoting from where excerpt `cite` of `entry` starts, one that leads with
    /// it (its first excerpt), whose answer is about those words; else `entry` itself. What
    /// Washington's ambition reflects is patriotic AI's answer, not the one on what the story
    /// leaves out of the order.
    pub(super) fn leading(
        &self,
        pack: &KnowledgePack,
        entry: usize,
        cite: usize,
    ) -> (usize, usize) {
        let citation = &pack.entries[entry].citations[cite];
        citation
            .paragraph
            .checked_sub(1)
            .and_then(|at| self.paragraphs.get(at))
            .and_then(|spans| {
                spans
                    .iter()
                    .find(|s| s.start == citation.start && s.cite == 0)
            })
            .map_or((entry, cite), |s| (s.entry, s.cite))
    }
}

/// The last of `shown` in the story's order: what [`Layout::next`] goes on from.
pub(super) fn last_read(shown: &[Citation]) -> Option<&Citation> {
    shown.iter().max_by_key(|c| (c.paragraph, span_of(c).1))
}

/// Whether `b` goes on after `a` in the same paragraph.
pub(super) fn goes_on_after(a: &Citation, b: &Citation) -> bool {
    a.paragraph == b.paragraph && span_of(b).0 >= span_of(a).1
}

/// Whether excerpts `a` and `b` share words: the same paragraph, overlapping spans.
pub(super) fn overlap(a: &Citation, b: &Citation) -> bool {
    a.paragraph == b.paragraph && spans_overlap(span_of(a), span_of(b))
}

/// The byte span of `citation`'s words in its paragraph: without the punctuation ending it, so
/// that "... ethical safeguards." does not go on past "... ethical safeguards" by a full stop.
fn span_of(citation: &Citation) -> (usize, usize) {
    let words = citation
        .excerpt
        .trim_end_matches(|c: char| !c.is_alphanumeric());
    (citation.start, citation.start + words.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_is_asked_of_what_was_read() {
        for evidence in [
            "proof?",
            "any evidence?",
            "prove it, numbers?",
            "evidence pls",
            "what proves that",
            "what backs it up",
        ] {
            assert!(asks_evidence(evidence), "{evidence}");
        }
        for other in [
            "numbers?",
            "proof of what",
            "is there evidence for the studies",
        ] {
            assert!(!asks_evidence(other), "{other}");
        }
        assert!(gives_figures(
            "drawing participation from over 800 companiesand showcasing more than 3,000 AI innovations"
        ));
        assert!(!gives_figures(
            "The 2025 WAIC highlighted China's growing influence"
        ));
    }

    #[test]
    fn a_breakdown_is_asked_of_what_was_read() {
        assert_eq!(asks_breakdown("break it down pls"), Some(vec![]));
        assert_eq!(asks_breakdown("breakdown?"), Some(vec![]));
        assert_eq!(
            asks_breakdown("break down the 3000"),
            Some(vec!["3000".to_owned()])
        );
        assert_eq!(
            asks_breakdown("did the talks break down"),
            Some(vec!["did".to_owned(), "talks".to_owned()])
        );
        assert_eq!(asks_breakdown("move fast and break things"), None);
        assert!(itemizes(
            "including 40 large language models, 50 advanced devices, and 60 humanoid robots"
        ));
        assert!(itemizes("such as Tesla, Alphabet, and Amazon"));
        assert!(!itemizes("drawing participation from over 800 companies"));
    }

    #[test]
    fn reasons_asked_in_other_words_ask_why() {
        for why in [
            "due to what",
            "caused by what?",
            "reasoning?",
            "the reason?",
            "whats their argument",
            "his justification?",
            "why tho, whats their reasoning",
        ] {
            assert_eq!(plainly(why), Some("why?"), "{why}");
        }
        assert_eq!(plainly("wdym"), Some("what do you mean"));
        for other in [
            "what caused the rift between china and the us",
            "why?",
            "reason for the order",
        ] {
            assert_eq!(plainly(other), None, "{other}");
        }
        // After the news outlets' worry, its cause is the sentence's own: quoted again.
        let replies = conversation(&["is anyone worried bout journalism", "due to what"]);
        let (_, cited) = replies[1].clone().expect("answered");
        assert!(cited[0].contains("AI-generated summaries"), "{cited:?}");
        // After the White House's criticism, their argument is the one it makes: not the
        // entry whose phrasing asks for China's argument.
        let replies = conversation(&[
            "what did the white house say about woke ai",
            "whats their argument",
        ]);
        let (_, cited) = replies[1].clone().expect("answered");
        assert!(
            cited[0].contains("excessive ethical constraints"),
            "{cited:?}"
        );
    }

    #[test]
    fn requests_to_go_on_are_told_from_questions_of_their_own() {
        for why in [
            "why?",
            "why tho",
            "why'd he do that",
            "how so",
            "why not",
            "what does that mean",
            "how come?",
        ] {
            assert_eq!(asks_to_continue(why), Some(Way::Why), "{why}");
        }
        for more in [
            "anything else?",
            "tell me more",
            "go on",
            "any evidence?",
            "is that it?",
            "another one pls",
            "like what",
            "any examples",
            "break it down pls",
            "breakdown?",
            "and then?",
            "ok and after that",
            "what comes after",
            "what comes next?",
        ] {
            assert_eq!(asks_to_continue(more), Some(Way::More), "{more}");
        }
        for own in [
            "why did musk skip it",
            "what else did china announce",
            "who else spoke",
            "where?",
            "what",
            "that's it, bye",
            "thats it",
            "ok",
            "more jobs please",
            "and then who spoke",
            "so",
        ] {
            assert_eq!(asks_to_continue(own), None, "{own}");
        }
    }

    #[test]
    fn how_asks_for_the_means_of_what_was_read() {
        for how in ["how", "how?", "ok how exactly"] {
            assert!(asks_how(how), "{how}");
        }
        for other in ["how come", "how so", "how many", "how does it work", "why"] {
            assert!(!asks_how(other), "{other}");
        }
        assert!(gives_a_means(
            "foster inclusive innovation through open-source tools"
        ));
        assert!(!gives_a_means("calling for a unified global framework"));
        // The aims just read say by what means: "through open-source tools", not how the
        // platform differs from the organization.
        let replies = conversation(&["what would the shanghai platform do", "how?"]);
        let (_, cited) = replies[1].clone().expect("answered");
        assert!(cited[0].contains("through open-source tools"), "{cited:?}");
        // Washington's ambition, cemented "through a strategy labeled 'patriotic AI'".
        let replies = conversation(&["what does washington want from ai", "how"]);
        let (id, cited) = replies[1].clone().expect("answered");
        assert_eq!(id, "us-approach");
        assert!(cited[0].contains("through a strategy"), "{cited:?}");
    }

    #[test]
    fn requests_to_explain_are_told_from_why() {
        for explain in [
            "explain",
            "meaning",
            "meaning?",
            "what does that mean",
            "explain pls",
        ] {
            assert!(asks_to_explain(explain), "{explain}");
        }
        for other in [
            "why?",
            "how so",
            "explain the order",
            "meaning of woke ai",
            "what",
        ] {
            assert!(!asks_to_explain(other), "{other}");
        }
        // Nothing follows Li's challenges in their paragraph: "explain" gets the excerpt just
        // read, which says what they refer to, rather than no answer.
        let replies = conversation(&["chips", "explain"]);
        let (id, cited) = replies[1].clone().expect("answered");
        assert_eq!(id, "li-chips-talent");
        assert!(cited[0].contains("an implicit reference to U.S. export controls"));
        // Said without a question mark, "meaning" too.
        let replies = conversation(&["what did the white house say", "meaning"]);
        let (_, cited) = replies[1].clone().expect("answered");
        assert!(cited[0].contains("suggesting that excessive ethical constraints"));
    }

    /// What each turn of a conversation answers: the entry and its excerpts.
    fn conversation(turns: &[&str]) -> Vec<Option<(String, Vec<String>)>> {
        crate::router::Router::shipped()
            .converse(turns)
            .into_iter()
            .map(|answer| {
                answer.map(|a| {
                    let cited = a.citations.iter().map(|c| c.excerpt.clone()).collect();
                    (a.id, cited)
                })
            })
            .collect()
    }

    #[test]
    fn a_fix_asked_after_a_problem_is_what_the_paragraph_proposes() {
        let replies = conversation(&["is global ai governance fragmented", "so whats the fix"]);
        let (_, cited) = replies[1].clone().expect("answered");
        assert!(
            cited[0].contains("he proposed an AI governance platform"),
            "{cited:?}"
        );
        // Not the rest of a sentence just read: "what did he propose" after who Li is asks
        // what he proposed, as "what did li propose" does.
        let replies = conversation(&["china premier ai", "what did he propose"]);
        let (id, cited) = replies[1].clone().expect("answered");
        assert!(
            cited
                .iter()
                .any(|c| c.contains("proposal to establish") || c.contains("he proposed")),
            "{id}: {cited:?}"
        );
        let alone = conversation(&["what did li propose"]);
        assert_eq!(Some(id), alone[0].clone().map(|(id, _)| id));
        // Nor the next excerpt when it says nothing of a proposal: after China's readiness to
        // share its AI, "positioning Beijing as a leader" is not what he proposes.
        let replies = conversation(&[
            "what is china's view on ai governance today",
            "why?",
            "so what does he propose",
        ]);
        let (_, cited) = replies[2].clone().expect("answered");
        assert!(
            !cited.iter().any(|c| c.contains("positioning Beijing")),
            "{cited:?}"
        );
        // When the paragraph goes on with no proposal (China's approach ends it), the fix is
        // the one the story proposes.
        let replies = conversation(&["what is china's approach", "so what's china's fix"]);
        let (_, cited) = replies[1].clone().expect("answered");
        assert!(
            cited[0].contains("China has unveiled a proposal"),
            "{cited:?}"
        );
        // Not after someone else's words (Schmidt's, the news outlets' worry): what he
        // proposes, or a fix for journalism, is not China's proposal.
        for turns in [
            ["who is eric schmidt", "what did he propose"],
            ["what about news media", "so what's the fix"],
            ["what did the white house criticize", "so what's their fix"],
        ] {
            let replies = conversation(&turns);
            assert!(
                replies[1]
                    .as_ref()
                    .is_none_or(|(id, _)| id != "what-china-proposed"),
                "{turns:?}: {replies:?}"
            );
        }
        let router = crate::router::Router::shipped();
        let is_name = |w: &str| router.matcher().is_name(w);
        assert!(asks_remedy("and what did li offer instead", is_name));
        assert!(asks_remedy("what does he want done about it", is_name));
        for other in [
            "what did li offer developing countries",
            "done",
            "ok done",
            "fix",
        ] {
            assert!(!asks_remedy(other, is_name), "{other}");
        }
    }

    #[test]
    fn source_plainer_words_or_doubt_quote_the_last_answer_again() {
        for source in [
            "source?",
            "whats ur source",
            "source pls",
            "citation?",
            "sources",
            "in plain english pls",
            "in english pls",
            "simpler words please",
            "is that proven",
            "really?",
            "is that true tho",
            "rly?",
            "full quote?",
            "quote the line pls",
            "exact words?",
            "rly 3000?",
            "is that true tho? sounds like pr",
            "in what context",
            "context?",
            "context pls",
        ] {
            assert!(asks_again(source), "{source}");
        }
        for other in [
            "open source?",
            "what is the source of the risks",
            "more",
            "why",
            "is the plan simple",
            "english speakers at waic?",
            "is it true that musk skipped it",
            "really, who spoke?",
            "is that true for the us?",
            "any quotes from li?",
            "exact dates?",
            "what lines were quoted",
            "what's woke ai in this context",
            "what's the context",
            "can you give me some context",
            // Said, not asked, these agree or react: the answer again would be a repeat.
            "true",
            "so true",
            "sure",
            "fr",
            "thats true",
            "simple",
            "english",
        ] {
            assert!(!asks_again(other), "{other}");
        }
        for first in [
            "how many companies were at waic",
            "what does the white house think of ethics rules",
        ] {
            for again in [
                "source?",
                "in plain english pls",
                "is that true?",
                "in what context",
            ] {
                let replies = conversation(&[first, again]);
                let (id, cited) = replies[0].clone().expect("answered");
                assert_eq!(replies[1], Some((id, cited)), "{first} / {again}");
            }
        }
    }

    #[test]
    fn why_after_an_answer_reads_on_from_it() {
        let replies = conversation(&["what does li want countries to do", "why?"]);
        let (_, cited) = replies[1].clone().expect("answered");
        assert!(cited[0].contains("The risks and challenges"), "{cited:?}");
    }

    #[test]
    fn what_the_story_does_not_say_of_a_subject_quotes_what_it_does() {
        // The entry saying the story does not tell who pays, and the data hubs just read,
        // where the asker can see it is not said.
        let replies = conversation(&["where r the data hubs gonna be", "who pays for them"]);
        let (id, cited) = replies[1].clone().expect("answered");
        assert_eq!(id, "org-members-funding");
        assert!(
            cited.len() == 2 && cited[1].contains("data hubs"),
            "{cited:?}"
        );
        // Alone, only its own excerpts; so too after an answer when the question names its
        // own subject ("did the us respond" after Li's warning is about the US), or when
        // both sentences would quote more than 500 characters (the announcement's, 272).
        let (_, alone) = conversation(&["who pays for it"])
            .remove(0)
            .expect("answered");
        assert_eq!(alone.len(), 1, "{alone:?}");
        for turns in [
            &["what did li warn about", "did the us respond"][..],
            &["who announced it", "who would fund it"],
        ] {
            let mut replies = conversation(turns);
            let (id, cited) = replies.pop().flatten().expect("answered");
            let (_, read) = replies.pop().flatten().expect("answered");
            assert!(
                !cited.iter().any(|excerpt| read.contains(excerpt)),
                "{turns:?}: {id} {cited:?}"
            );
        }
    }

    #[test]
    fn examples_asked_for_are_the_ones_the_story_gives() {
        for ask in [
            "like what",
            "such as?",
            "example?",
            "any examples",
            "e.g.?",
            "name some",
            "name a few",
            "any big names",
            "incl what",
            "including?",
        ] {
            assert!(asks_for_examples(ask), "{ask}");
        }
        for other in [
            "go on",
            "what else",
            "more",
            "why",
            "what is it like",
            "including china?",
        ] {
            assert!(!asks_for_examples(other), "{other}");
        }
        // The examples were in the excerpt just read: they are the answer, not the story's
        // next words (what the initiative seeks to ensure). Going on still goes on.
        let first = "what would china build in poor regions";
        // Slips too: the checks read the words as the matcher does.
        for ask in ["like what", "liek what"] {
            let replies = conversation(&[first, ask]);
            let (_, cited) = replies[1].clone().expect("answered");
            assert!(
                cited[0].contains("such as cloud computing"),
                "{ask}: {cited:?}"
            );
        }
        let replies = conversation(&[first, "go on"]);
        let (_, cited) = replies[1].clone().expect("answered");
        assert!(!cited[0].contains("such as cloud computing"), "{cited:?}");
        // Or in an excerpt of the same entry not read yet.
        let replies = conversation(&["who would benefit from the proposal", "example of that?"]);
        let (_, cited) = replies[1].clone().expect("answered");
        assert!(cited[0].contains("such as cloud computing"), "{cited:?}");
        // Or in the sentence shown whole, when the pack cut its examples into another entry's
        // excerpt (Li's warning, then the challenges he named).
        let replies = conversation(&["what did li warn about", "any examples?"]);
        let (_, cited) = replies[1].clone().expect("answered");
        assert!(
            cited[0].contains("restricted access to AI chips"),
            "{cited:?}"
        );
        // Not examples of something else in a sentence just cited ("including 40 large
        // language models" after the number of companies): the companies come next.
        let replies = conversation(&["how many companies were at waic", "any examples?"]);
        let (_, cited) = replies[1].clone().expect("answered");
        assert!(cited[0].contains("Huawei"), "{cited:?}");
        // An answer without examples: those of the question most related to it, not the
        // story's next list. After China's readiness to share its AI achievements with
        // developing countries, the infrastructure it would support there.
        let first = "is china gonna share its ai tech with poorer countries";
        let replies = conversation(&[first, "like what"]);
        let (id, cited) = replies[1].clone().expect("answered");
        assert_eq!(id, "infrastructure-support");
        assert!(cited[0].contains("such as cloud computing"), "{cited:?}");
        // Asked to go on, the story goes on.
        let replies = conversation(&[first, "go on"]);
        let (_, cited) = replies[1].clone().expect("answered");
        assert!(!cited[0].contains("such as cloud computing"), "{cited:?}");
    }

    #[test]
    fn why_gets_the_next_sentence_when_it_gives_a_reason() {
        // The story goes on from Trump's order with what it reflects: the reason, though
        // "why" with the order's words finds who Trump is.
        for first in ["trump ai order", "what did trump sign about ai"] {
            let replies = conversation(&[first, "why?"]);
            let (id, cited) = replies[1].clone().expect("answered");
            assert!(
                cited[0].contains("Washington’s ambition"),
                "{first}: {cited:?}"
            );
            // The answer that leads with those words, not the one on what the story leaves
            // out of the order (its name and date), which quotes them second.
            assert_eq!(id, "patriotic-ai", "{first}");
        }
        // After "reduced emphasis on ... ethical safeguards", the sentence that ends with the
        // same words and a full stop is not new: the White House's reason comes next.
        let replies = conversation(&["are there ethical safeguards in the us plan", "why not"]);
        let (_, cited) = replies[1].clone().expect("answered");
        assert!(cited[0].contains("could hinder innovation"), "{cited:?}");
        // After a need ("the urgent need for international coordination"), the next words
        // say why it is needed, whatever their own words.
        let replies = conversation(&["what did li say the world urgently needs", "why?"]);
        let (_, cited) = replies[1].clone().expect("answered");
        assert!(cited[0].contains("The risks and challenges"), "{cited:?}");
        // So for a why naming only the need ("why urgent"), which its word would answer with
        // the need again.
        for why in [
            "why urgent",
            "why's it so urgent",
            "why is it needed",
            "whyd it be urgent",
            "why necessary",
        ] {
            assert!(asks_why_needed(why), "{why}");
            let replies = conversation(&["what did li say the world urgently needs", why]);
            let (_, cited) = replies[1].clone().expect("answered");
            assert!(
                cited[0].contains("The risks and challenges"),
                "{why}: {cited:?}"
            );
        }
        assert!(!asks_why_needed("why is coordination needed"));
        assert!(!asks_why_needed("urgent?"));
        // "Why not?" after a sentence saying what is lacking: that is why not, quoted again.
        assert!(asks_why_not("why not tho"));
        assert!(!asks_why_not("why"));
        let replies = conversation(&["does china think ai governance is working rn", "why not"]);
        let (_, cited) = replies[1].clone().expect("answered");
        assert!(cited[0].contains("lacking the coherence"), "{cited:?}");
        // Only the words last read count: after Li's risks, quoted with the need before them,
        // why is what the story goes on to say of governance.
        let replies = conversation(&["what did li say about the risks of ai", "why?"]);
        let (_, cited) = replies[1].clone().expect("answered");
        assert!(cited[0].contains("remains fragmented"), "{cited:?}");
        assert!(says_a_need(
            "the urgent need for international coordination"
        ));
        assert!(!says_a_need("lacking the coherence necessary to address"));
        assert!(gives_a_reason("The order reflects Washington’s ambition"));
        assert!(gives_examples("Chinese tech giants like Huawei, Alibaba"));
        assert!(!gives_examples("how people like to use AI"));
        assert!(!gives_a_reason(
            "Keynote addresses were delivered by prominent figures"
        ));
    }

    #[test]
    fn why_keeps_an_answer_that_says_something_new() {
        // The entry on why Musk was absent says the story does not say; the words after
        // Musk's absence (the keynote speakers) would not be a reason.
        let replies = conversation(&["was musk at waic", "why not"]);
        assert_eq!(
            replies[1].as_ref().map(|r| r.0.as_str()),
            Some("why-musk-absent")
        );
        // Nor are the words after a fact: how long WAIC lasts is not why it does. With nothing
        // new to say, the same answer again would pretend to answer: the story does not say.
        assert_eq!(conversation(&["how long is waic", "why?"])[1], None);
    }

    #[test]
    fn something_else_after_part_of_a_sentence_is_the_part_before_it() {
        // Asked only of the talent, the answer tells chips and talent; the sentence shown opens
        // with Li's warning against a few dominant powers, which it did not tell.
        let replies = conversation(&["talent mobility?", "anything else?"]);
        let (id, cited) = replies[1].clone().expect("answered");
        assert_eq!(id, "li-concentration-warning", "{cited:?}");
        // "Go on" still goes on in the story.
        let replies = conversation(&["talent mobility?", "go on"]);
        let (id, _) = replies[1].clone().expect("answered");
        assert_ne!(id, "li-concentration-warning");
    }

    #[test]
    fn more_at_a_paragraphs_end_goes_on_in_the_next() {
        // The platform's aims end their paragraph: the story goes on with the action plan,
        // not back to where the platform would sit.
        let replies = conversation(&["what would the platform do", "go on"]);
        let (_, cited) = replies[1].clone().expect("answered");
        assert!(cited[0].contains("13-point action plan"), "{cited:?}");
        // The next paragraph opens with the timing of the announcement: the answer is the
        // entry about that, not the list of everyone the story mentions quoting it.
        let replies = conversation(&["what does china want to avoid", "go on"]);
        let (id, cited) = replies[1].clone().expect("answered");
        assert_ne!(id, "people-mentioned");
        assert!(cited[0].starts_with("The timing of China"), "{cited:?}");
        // After Li's risks read without their ", he said": his next sentence, not the same
        // quote again with those two words.
        let replies = conversation(&["what ai risks does the story mention", "more"]);
        let (_, cited) = replies[1].clone().expect("answered");
        assert!(cited[0].contains("How to find a balance"), "{cited:?}");
        // A sentence shown whole whose answer told only its first part goes on first: after
        // Li's warning against a few countries or corporations, the challenges he named next
        // in the same sentence.
        let replies = conversation(&["what did the premier warn against", "anything else?"]);
        let (id, _) = replies[1].clone().expect("answered");
        assert_eq!(id, "li-chips-talent");
    }

    #[test]
    fn the_worry_asked_is_what_the_passage_says_is_feared() {
        for worry in [
            "so what's the worry?",
            "what's at stake",
            "who is at risk",
            "whats the main fear about that",
        ] {
            assert!(asks_the_worry(worry), "{worry}");
        }
        for other in [
            "what risks did li mention",
            "is he worried about ai",
            "why at risk",
            "what other concerns came up",
        ] {
            assert!(!asks_the_worry(other), "{other}");
        }
        // After the news outlets' lost traffic: the alarm it raised, not the entry on the
        // event's concerns ("worry") or on why the story matters ("at stake").
        for worry in ["so what's the worry", "what's at stake"] {
            let replies = conversation(&["do ai summaries hurt news sites", worry]);
            let (_, cited) = replies[1].clone().expect("answered");
            assert!(
                cited.iter().any(|c| c.contains("raised alarms")),
                "{worry}: {cited:?}"
            );
        }
    }

    #[test]
    fn what_someone_wants_is_what_the_passage_says_is_needed() {
        let names = |w: &str| w == "li";
        for wanted in [
            "so what does he want",
            "what did li want",
            "what does he want for that",
            "ok so what do they want then",
        ] {
            assert!(asks_what_wanted(wanted, names), "{wanted}");
        }
        for other in [
            "what does he want instead",
            "what does the world want",
            "what does he want done about it",
            "what does he want to build",
        ] {
            assert!(!asks_what_wanted(other, names), "{other}");
        }
        // After Li's words on the risks (and the "new engine" sentence with them): the
        // consensus he says is urgently required, not the entry on why it is needed.
        for question in ["does li think ai is risky", "risks of ai quote from li?"] {
            let replies = conversation(&[question, "so what does he want"]);
            let (_, cited) = replies[1].clone().expect("answered");
            assert!(
                cited
                    .iter()
                    .any(|c| c.contains("urgently requires further consensus")),
                "{question}: {cited:?}"
            );
        }
        // Another party's want is not what Li said is needed.
        let replies = conversation(&["does li think ai is risky", "what does trump want"]);
        assert!(
            replies[1].as_ref().is_none_or(|(_, cited)| !cited
                .iter()
                .any(|c| c.contains("urgently requires further consensus"))),
            "{replies:?}"
        );
        // After the consensus: the coordination he says is urgently needed.
        let replies = conversation(&[
            "what did li say needs further consensus",
            "what did he want",
        ]);
        let (_, cited) = replies[1].clone().expect("answered");
        assert!(
            cited
                .iter()
                .any(|c| c.contains("the urgent need for international coordination")),
            "{cited:?}"
        );
    }

    #[test]
    fn more_after_the_last_paragraph_is_the_rest_of_the_entry() {
        // The story ends with the paragraph just quoted: the rest of the entry is what is
        // left to read.
        let replies = conversation(&["why is ai governance a big deal per li", "tell me more"]);
        let (first_id, first) = replies[0].clone().expect("answered");
        let (id, cited) = replies[1].clone().expect("more is answered");
        assert_eq!(id, first_id);
        assert!(
            cited.iter().all(|c| !first.contains(c)),
            "{first:?} {cited:?}"
        );
    }

    #[test]
    fn asking_for_more_again_and_again_walks_on_through_the_story() {
        let turns = [
            "did li mention the us",
            "anything specific?",
            "go on",
            "more",
            "more",
        ];
        let answers: Vec<_> = crate::router::Router::shipped()
            .converse(&turns)
            .into_iter()
            .zip(turns)
            .map(|(a, turn)| a.unwrap_or_else(|| panic!("{turn}: no answer")))
            .collect();
        // The first answer quotes Li's whole sentence, chips and all, and tells them: more is
        // what follows.
        assert!(
            answers[0].citations[0]
                .excerpt
                .contains("restricted access to AI chips")
        );
        assert!(
            answers[1].citations[0]
                .excerpt
                .starts_with("In contrast to the American approach")
        );
        // Each more tells something new, and the story only moves on: a sentence is quoted
        // again only by another entry telling the rest of it, right after it was shown.
        let mut told: Vec<&str> = answers.iter().map(|a| a.answer.as_str()).collect();
        told.sort_unstable();
        told.dedup();
        assert_eq!(told.len(), turns.len(), "{answers:?}");
        for pair in answers.windows(2) {
            let (before, after) = (&pair[0].citations[0], &pair[1].citations[0]);
            assert!(
                (after.paragraph, after.start) > (before.paragraph, before.start)
                    || after == before && pair[0].id != pair[1].id,
                "{answers:?}"
            );
        }
    }
}
