//! Small talk: everyday chat that is not a question about the story ("hi", "thx", "who made
//! you", "what's 2+2", "asdfgh") gets a short reply in kind, never a story answer.
//!
//! The built-in set is data (`defaults.toml`, included at compile time); a pack may extend or
//! override it with an optional `smalltalk.toml` beside `qa.toml`, validated like the rest.
//! A message is small talk only when phrases of the set cover *all* of its words (filler words
//! may stand anywhere), so "hi, who announced it?" is a question: [`SmallTalk::strip_opening`]
//! drops the greeting and the rest is matched as usual. Pure: no I/O, no platform types.
//!
//! Written here rather than taken from an NLU crate: the crates that classify intents are
//! statistical (they need training data and can answer confidently on anything), while this
//! must say "small talk" only for text it fully recognizes.

mod remarks;

use std::cell::LazyCell;
use std::collections::HashMap;

use serde::Deserialize;

/// The optional file of a pack that extends or overrides the built-in small talk.
pub const FILE_NAME: &str = "smalltalk.toml";
/// The built-in small talk.
const DEFAULTS: &str = include_str!("defaults.toml");
/// Intents with a computed reply, which need no phrases.
const ARITHMETIC: &str = "arithmetic";
const GIBBERISH: &str = "gibberish";
const STATEMENT: &str = "statement";
const IDENTITY: &str = "identity";
const TOPIC_CHANGE: &str = "topic-change";
const GREETING: &str = "greeting";
/// A message asking what the bot is, by its words' order, has at most this many words.
const MAX_BOT_QUESTION_WORDS: usize = 8;
/// The placeholders a reply may use.
const PLACEHOLDERS: &[&str] = &["title", "topics", "help", "ask", "expression", "result"];
/// Bounds, so that a pack cannot make matching slow or replies huge.
const MAX_INTENTS: usize = 200;
const MAX_PHRASES: usize = 2_000;
const MAX_PHRASE_WORDS: usize = 10;
const MAX_REPLY_CHARS: usize = 1_000;
/// Only this many words of a message are read; longer messages are never small talk.
const MAX_WORDS: usize = 24;
/// The remark odds of a summary the asker tells ([`past_told_summary`]): above any threshold
/// the router sets.
const TOLD_SUMMARY_ODDS: f32 = 10.0;
/// A plural greeted ("gm philosophers") has at least this many letters: "hi its" greets no
/// one.
const MIN_ROOM_NAME: usize = 4;
/// A message read by [`SmallTalk::opens_by_telling`] has at least this many words; it opens,
/// and closes, on this many.
const MIN_OPENING_TOLD_WORDS: usize = 8;
const OPENING_WORDS: usize = 3;
/// A remark ([`SmallTalk::statement`]) has at most this many words.
const MAX_REMARK_WORDS: usize = 64;

/// A reply of the small-talk set, ready for the view to fill in the commands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The intent's id, such as `greeting`.
    pub id: String,
    /// The reply, with `{expression}` and `{result}` filled in; `{title}`, `{topics}`,
    /// `{help}` and `{ask}` are left for the view.
    pub reply: String,
}

/// A problem in a small-talk file, for `storybot check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub line: Option<usize>,
    pub intent: Option<String>,
    pub message: String,
}

/// The small-talk set in use: the built-in one, with a pack's changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmallTalk {
    intents: Vec<Intent>,
    /// Canonical phrase words -> the intent (index) it belongs to.
    phrases: HashMap<Vec<String>, usize>,
    /// Phrases written with a trailing `*`: they cover whatever follows them ("do you like *").
    open: HashMap<Vec<String>, usize>,
    filler: Vec<String>,
    longest: usize,
    /// Every word of the phrases and filler, sorted, for reading typos of them
    /// ([`Self::typo_of`]).
    vocabulary: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Intent {
    id: String,
    reply: String,
    opening: bool,
    enabled: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    filler: Vec<String>,
    #[serde(default)]
    smalltalk: Vec<RawIntent>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIntent {
    id: String,
    /// Phrases to add (or, with `replace_phrases`, to use instead of the built-in ones).
    #[serde(default)]
    phrases: Option<Vec<String>>,
    #[serde(default)]
    reply: Option<String>,
    /// May stand before a question ("hi, who announced it?") and is then dropped.
    #[serde(default)]
    opening: Option<bool>,
    #[serde(default)]
    replace_phrases: bool,
    /// `false` turns a built-in intent off.
    #[serde(default)]
    enabled: Option<bool>,
}

impl SmallTalk {
    /// The built-in set. It is checked by a test, so it always loads.
    pub fn builtin() -> Self {
        Self::with_pack(None).expect("the built-in small talk is valid")
    }

    /// The built-in set with the changes of a pack's `smalltalk.toml` (its text), or every
    /// problem found in it.
    pub fn with_pack(source: Option<&str>) -> Result<Self, Vec<Issue>> {
        let defaults: RawFile =
            toml::from_str(DEFAULTS).map_err(|error| vec![issue(&error, DEFAULTS)])?;
        let mut builder = Builder::default();
        builder.apply(defaults, true);
        if let Some(source) = source {
            let raw: RawFile =
                toml::from_str(source).map_err(|error| vec![issue(&error, source)])?;
            builder.apply(raw, false);
        }
        builder.finish()
    }

    /// The reply to `text` if all of it is small talk.
    pub fn classify(&self, text: &str) -> Option<Hit> {
        if let Some((expression, result)) = arithmetic(text) {
            return self.hit(ARITHMETIC, &expression, &result);
        }
        let words = words(text);
        if words.is_empty() || words.len() > MAX_WORDS {
            return None;
        }
        if announces_a_question(&plain_of(&words)) {
            return self.hit(TOPIC_CHANGE, "", "");
        }
        let canonical: Vec<String> = words.iter().map(|w| w.canonical.clone()).collect();
        // The bot named inside a phrase ("how does this bot work"): read without its name when
        // the message as written is not covered. Not other filler: "how does this really work"
        // after the plan asks about the plan.
        let covered = self.cover(&canonical).or_else(|| {
            let kept: Vec<String> = canonical
                .iter()
                .filter(|w| !BOT_NAMES.contains(&w.as_str()))
                .cloned()
                .collect();
            (kept.len() < canonical.len())
                .then(|| self.cover(&kept))
                .flatten()
        });
        // Typed in haste ("who made yuo", "whats the date todya", "thanks that helpd"): read
        // with the set's own words for the typos, when that covers the message.
        let covered = covered.or_else(|| {
            let fixed: Vec<String> = canonical
                .iter()
                .map(|w| self.typo_of(w).unwrap_or(w).to_owned())
                .collect();
            (fixed != canonical).then(|| self.cover(&fixed)).flatten()
        });
        // A greeting to the room by a name of its own ("gm philosophers", "evening nerds"):
        // a greeting, whatever the plural names.
        if covered.is_none()
            && !text.contains(QUESTION_MARKS)
            && let [first, room] = canonical.as_slice()
            && room.chars().count() >= MIN_ROOM_NAME
            && room.ends_with('s')
            && self
                .cover(std::slice::from_ref(first))
                .is_some_and(|found| found.iter().any(|&i| self.intents[i].id == GREETING))
        {
            return self.hit(GREETING, "", "");
        }
        let Some(covered) = covered else {
            return self
                .asks_about_the_bot(text)
                .then(|| self.hit(IDENTITY, "", ""))
                .flatten();
        };
        // The most telling intent: any but an opening one ("hi, who are you?" is about the
        // bot), in file order; else the first opening one.
        let pick = covered
            .iter()
            .copied()
            .filter(|&i| !self.intents[i].opening)
            .min()
            .or_else(|| covered.iter().copied().min())?;
        let intent = &self.intents[pick];
        Some(Hit {
            id: intent.id.clone(),
            reply: intent.reply.clone(),
        })
    }

    /// The gibberish reply, if `text` is only punctuation or letter-mashing with no word
    /// that `known` (the pack's vocabulary) recognizes.
    pub fn gibberish(&self, text: &str, known: impl Fn(&str) -> bool) -> Option<Hit> {
        let words = words(text);
        let mashed = if words.is_empty() {
            !text.trim().is_empty()
        } else {
            words
                .iter()
                .all(|w| !known(&w.lower) && looks_mashed(&w.lower))
        };
        if mashed {
            self.hit(GIBBERISH, "", "")
        } else {
            None
        }
    }

    /// The statement reply, if `text` tells something about the asker and asks nothing: it
    /// starts with "I", "I'm", "my" or "we", does not ask (`asks`) and asks for nothing ("i
    /// just got a new job!!", "my flight to china got delayed"). "i want to know who announced
    /// it" and "i heard china proposed something" are requests and get none. A short reaction
    /// that asks nothing ("cool robots 🤖", "wow 60 robots") is a remark too, as is one ending
    /// in a laugh or a chat aside ("safety first lol", "trump again smh"), an opinion ("robots
    /// are cool", "that is a cool title", "lmao classic") or one telling what something does to
    /// the asker ("ai scares me"), unless it asks by word order ("so is ai good or bad ...
    /// lol"). So are exclamations ("what a day") and riddles told with their punchline.
    pub fn statement(&self, text: &str, asks: impl Fn(&str) -> bool) -> Option<Hit> {
        self.remark(text, asks)
            .filter(|&by_emoji| !by_emoji)
            .and_then(|_| self.hit(STATEMENT, "", ""))
    }

    /// The statement reply for a remark that only its ending emoji makes one ("TRUMP AND CHINA
    /// AGAIN 😭", "bro said 13 point plan 💀"), or only its word order ("the us wont join
    /// this"): the caller gives it when the words alone do not ask something the story answers
    /// in full ("the 13 point plan 😂", "hinton never spoke at waic" do).
    pub fn emoji_remark(&self, text: &str, asks: impl Fn(&str) -> bool) -> Option<Hit> {
        self.remark(text, asks)
            .filter(|&by_emoji| by_emoji)
            .and_then(|_| self.hit(STATEMENT, "", ""))
    }

    /// Whether `text` asks nothing by its form: five words or more with no mark, no word that
    /// asks ([`asks_by_word`]) or requests, no verb first ([`opens_by_asking`]), difference
    /// ("diff between ...") or clause that asks ("trump signing exec orders like autographs").
    /// The router asks more of such a message before it answers it: on the blind sets it was
    /// a remark on the story far more often than a question.
    pub fn asks_nothing(&self, text: &str) -> bool {
        plain_words(text).len() >= MIN_TOLD_WORDS && self.asks_nothing_by_form(text)
    }

    /// The remark model's log-odds for `text` ([`remarks::odds`]), when it is long enough to be
    /// read by the model and asks nothing by its form: "data hubs in under resourced regions
    /// could actually change a lot" reads as a remark (above [`MIN_REMARK_ODDS`]), "number of
    /// humanoid robots shown" does not. Plainer than [`Self::asks_nothing`]: words that may
    /// ask or tell by the words around them ("want", "yeah") are left to the model. Right
    /// `after_answer`, two words are long enough ([`MIN_REMARK_WORDS_AFTER_ANSWER`]).
    pub fn remark_odds(&self, text: &str, after_answer: bool) -> Option<f32> {
        let told = past_told_summary(text);
        // A summary the asker tells ("tl;dr china wants a club, us wants no rules") is theirs,
        // a remark, whatever the model makes of its words.
        let summary_told = told.len() != text.len();
        let text = told;
        let plain = without_concession(plain_words(text));
        let asks = self.asks_by_structure(text, &plain)
            || plain.iter().any(|w| {
                is_question_word(w)
                    || misspells_a_question_word(w)
                    || ASKING_WORDS.contains(&w.as_str())
            })
            || requests_among(&plain, |w| PLAIN_REQUESTS.contains(&w))
            || wants_told(&plain)
            || SUMMARY_REQUESTS
                .iter()
                .any(|request| phrase_at(&plain, request).next().is_some())
            || plain
                .last()
                .is_some_and(|w| QUESTION_TAGS.contains(&w.as_str()))
                && !ends_elliptically(&plain);
        let least = if after_answer {
            MIN_REMARK_WORDS_AFTER_ANSWER
        } else {
            MIN_REMARK_WORDS
        };
        (plain.len() >= least && !asks).then(|| {
            if summary_told {
                TOLD_SUMMARY_ODDS
            } else {
                remarks::odds(text)
            }
        })
    }

    /// Whether `text`, at length and without a question mark, opens by telling: the words
    /// where it starts to say something are neither a question word nor a verb or request
    /// that asks, and no word of it asks to be told ("philosophy grads already unemployable,
    /// ai cant take what we never had"). Looser than [`Self::asks_nothing`], which a question
    /// word anywhere rules out: the router declines such a message only when it is matched
    /// weakly.
    pub fn opens_by_telling(&self, text: &str) -> bool {
        let plain = plain_words(text);
        let asks_word =
            |w: &String| is_question_word(w) || misspells_a_question_word(w) || is_request_word(w);
        // Every clause opens by telling: "export controls on semiconductors, how does this tie
        // in" asks in its second. A quotation ends a clause too ("'balance between development
        // and security' who said it").
        // Read last, as the costliest check.
        let clause_asks = || {
            text.split([
                ',', ':', ';', '.', '"', '\u{201c}', '\u{201d}', '\u{2014}', '\u{2013}',
            ])
            .flat_map(|clause| clause.split(" - "))
            .flat_map(|clause| clause.split("' "))
            .flat_map(|clause| clause.split("\u{2019} "))
            .any(|clause| {
                let words = plain_words(clause);
                let at = self.told_from(&words);
                opens_by_asking_from(&words, at) == Some(true)
                    || words[at..].iter().take(OPENING_WORDS).any(asks_word)
            })
        };
        plain.len() >= MIN_OPENING_TOLD_WORDS
            && !text.contains(QUESTION_MARKS)
            && !asks_difference(&plain)
            // Nor does it close on what it asks ("... cant cope with what exactly").
            && !plain.iter().rev().take(OPENING_WORDS).any(asks_word)
            && !requests_among(&plain, |w| PLAIN_REQUESTS.contains(&w))
            && !wants_told(&plain)
            && !plain.last().is_some_and(|w| QUESTION_TAGS.contains(&w.as_str()))
            && !clause_asks()
    }

    /// Whether `text` asks nothing by its form, at whatever length (see [`Self::asks_nothing`]).
    fn asks_nothing_by_form(&self, text: &str) -> bool {
        let plain = plain_words(text);
        self.told_from(&plain) < plain.len()
            && !self.asks_by_structure(text, &plain)
            && !plain.iter().any(|w| asks_by_word(w))
            && !requests_among(&plain, is_request_word)
    }

    /// Whether `text` (read as `plain` words) asks by its structure, whatever its words: a
    /// question mark, a difference ("diff between ..."), a clause that asks, or a verb or
    /// request first where it starts to say something ([`opens_by_asking_from`]).
    fn asks_by_structure(&self, text: &str, plain: &[String]) -> bool {
        text.contains(QUESTION_MARKS)
            || asks_difference(plain)
            || asks_in_a_clause(text, |w| self.is_filler(w))
            || opens_by_asking_from(plain, self.told_from(plain)) == Some(true)
    }

    /// Where `plain` starts to say something: past openers, filler, laughs and the people
    /// addressed ("lol bruh did elon skip it" from "did").
    fn told_from(&self, plain: &[String]) -> usize {
        plain
            .iter()
            .position(|w| {
                !(OPENERS.contains(&w.as_str())
                    || self.is_filler(w)
                    || ends_remark(w)
                    || ADDRESSED.contains(&w.as_str()))
            })
            .unwrap_or(plain.len())
    }

    /// Whether `word`, as plain words are written (doubled letters kept), is filler: the
    /// list holds its words as [`words`] reads them ("well" as "wel").
    fn is_filler(&self, word: &str) -> bool {
        let canonical = squeezed(word);
        self.filler.contains(&canonical)
    }

    /// [`Self::statement`] and [`Self::emoji_remark`] in one reading of `text`: the statement
    /// reply, and whether only an ending emoji makes the remark one.
    pub fn remark_reply(&self, text: &str, asks: impl Fn(&str) -> bool) -> Option<(Hit, bool)> {
        let by_emoji = self.remark(text, asks)?;
        Some((self.hit(STATEMENT, "", "")?, by_emoji))
    }

    /// Whether `text` is a remark that asks nothing ([`Self::statement`]), and if so whether
    /// only its ending emoji makes it one.
    fn remark(&self, text: &str, asks: impl Fn(&str) -> bool) -> Option<bool> {
        let text = past_told_summary(text);
        // A rhetorical question closing a remark ("deregulation-first strategy, what could
        // possibly go wrong"): what comes before it decides, and asks nothing here.
        // A laugh after it closes the remark too ("minimal oversight what could go wrong lol").
        let plain = plain_words(text);
        let body = plain
            .iter()
            .rposition(|w| !ends_remark(w))
            .map_or(&plain[..], |last| &plain[..=last]);
        let ending = RHETORICAL_ENDINGS
            .iter()
            .map(|ending| ending.split(' ').collect::<Vec<_>>())
            .find(|ending| {
                body.len() > ending.len() && body[body.len() - ending.len()..] == ending[..]
            })
            .map(|ending| ending.len())
            .or_else(|| verdict_ending(body));
        if let Some(ending) = ending {
            let before = &body[..body.len() - ending];
            // "a un-backed ai club, sure, what could possibly go wrong": "sure" acknowledges.
            let before = match before.split_last() {
                Some((last, rest)) if CLOSING_ACKS.contains(&last.as_str()) => rest,
                _ => before,
            };
            if !asks(&before.join(" ")) && !asks_or_requests(before) {
                return Some(false);
            }
        }
        // Surprise at a statement, then a remark on it ("france has an ai envoy?? thats wild",
        // "3 days?? thats a whole lan weekend"): the statement asks nothing without its
        // question marks ("is musk there?? thats weird" still asks).
        if let Some((head, tail)) = text.trim_end().rsplit_once('?') {
            let tail = plain_words(tail);
            let head = head.trim_end_matches(['?', '!']);
            let head_words = plain_words(head);
            // A longer statement so marked checks what was read ("so china says ai shouldnt be
            // controlled by a couple superpowers?? thats rich lmao"): it asks.
            if matches!(tail.first().map(String::as_str), Some("thats"))
                && !head_words.is_empty()
                && head_words.len() <= MAX_SURPRISE_REMARK_WORDS
                && tail.len() <= MAX_SURPRISE_REMARK_WORDS
                && !tail.iter().skip(1).any(|w| is_question_word(w))
                && !asks(head)
                && !asks_or_requests(&head_words)
            {
                return Some(false);
            }
        }
        // A scene of the asker's own, told as chat tells one ("me reading the ai summary of
        // this article 💀", "me pretending to understand ai governance at dinner parties"):
        // a remark, whatever story words it names, and what it does with them ("reading the
        // summary") is no request for them. Every such message in the sets is one; "me
        // wondering who ..." asks.
        if !text.contains(QUESTION_MARKS)
            && let [me, doing, rest @ ..] = plain.as_slice()
            && me == "me"
            && doing.len() >= MIN_SCENE_VERB
            && doing.ends_with("ing")
            && !rest.is_empty()
            && !is_request_word(doing)
            && !asks(text)
            && !asks_after(&plain, &[])
        {
            return Some(false);
        }
        // A quotation reacted to ("“monopolized by a few dominant powers” oof that's pointed",
        // "... chatbots saying "great question""): the words around it make the remark.
        if let Some(around) = unquoted(text) {
            let around_plain = plain_words(&around);
            if around_plain.len() >= MIN_AROUND_QUOTE
                && let Some(by_emoji) = self.remark_of(&around, around_plain, &asks)
            {
                return Some(by_emoji);
            }
        }
        self.remark_of(text, plain, &asks)
    }

    /// [`Self::remark`] of `text` as written, whose [`plain_words`] are `plain`.
    fn remark_of(
        &self,
        text: &str,
        plain: Vec<String>,
        asks: &impl Fn(&str) -> bool,
    ) -> Option<bool> {
        // A laugh in emoji ("woke ai 💀", "3000 😭") is read as one written out ("woke ai
        // lol"): on the eval sets, 134 messages ending on one without a question mark were
        // small talk, and the 2 questions among them had a question word.
        let mut plain = plain;
        if ends_laughing(text) && !plain.last().is_some_and(|w| ends_remark(w)) {
            plain.push("lol".to_owned());
        }
        // Past this, a message is read as a question, whatever it remarks: each rule below
        // walks the words, so the cost stays small however long the limit on input is set.
        if plain.len() > MAX_REMARK_WORDS {
            return None;
        }
        let first = plain.first()?.as_str();
        // Whether a clause asks by its verb ([`asks_in_a_clause`]): read once, when a rule
        // below needs it.
        let clause_asks = LazyCell::new(|| asks_in_a_clause(text, |w| self.is_filler(w)));
        // A reaction is short: "lol so china is positioning itself as the leader huh" asks.
        // Spelt long or not ("lmaooo the robots", "wowww"): letters doubled are read once.
        // "Figures they wouldn't say" shrugs; "figures on the robots" asks for numbers.
        // "Oh, Google." closed by a stop is one too; "oh export controls" asks.
        let reacts = (REACTIONS
            .iter()
            .any(|r| first.len() >= r.len() && squeezed(r) == squeezed(first))
            || matches!(first, "oh" | "ah")
                && text.trim_end().ends_with(['.', '!'])
                && plain.len() == 2
            // "Big event", "huge deal": a size said of an event, not asked ("big event?").
            || matches!(plain.as_slice(), [size, thing]
                if matches!(size.as_str(), "big" | "huge" | "massive")
                    && matches!(
                        thing.as_str(),
                        "event" | "deal" | "moment" | "news" | "show" | "day"
                    )
                    && !text.contains('?'))
            || first == "figures"
                && plain.get(1).is_some_and(|w| {
                    PRONOUNS.contains(&w.as_str())
                        || matches!(w.as_str(), "theyd" | "hed" | "shed" | "theyll" | "thats")
                }))
            && plain.len() <= MAX_REACTION_WORDS;
        // The first word after openers and filler ("ok give me the gist", "so is it ...").
        let opening_at = plain
            .iter()
            .position(|w| !OPENERS.contains(&w.as_str()) && !self.is_filler(w));
        let opening = opening_at.map_or(first, |at| plain[at].as_str());
        // Asked by word order: a verb opening the message ("should i be worried lol", "so is
        // ai good or bad ... lol"); a verb before a pronoun subject ("as a journalist should i
        // ..."); or "do" before a subject further on ("so if im a small country does chinas
        // plan help me"), not before a verb ("robots do look cool").
        let after_opening = plain.get(opening_at.unwrap_or(0) + 1).map(String::as_str);
        let inverted = INVERTING.contains(&opening) && !modal_ellipsis(opening, after_opening)
            || plain.windows(2).any(|pair| {
                INVERTING.contains(&pair[0].as_str()) && PRONOUNS.contains(&pair[1].as_str())
            })
            || plain.windows(2).any(|pair| {
                matches!(pair[0].as_str(), "do" | "does" | "did") && looks_like_subject(&pair[1])
            });
        // A remark ending in a laugh or a chat aside ("safety first lol", "trump again smh"),
        // unless it asks in chat spelling ("hw many ... lol"). Only at the end: "woke ai lol
        // meaning" asks.
        // A turn to something named, in a word or two, is asked, laugh or not: "and woke ai
        // lmao" after "patriotic ai" asks about woke AI ("and trump again lol" shrugs).
        let turns_to = matches!(plain.as_slice(), [and, named @ .., laugh]
            if and == "and"
                && ends_remark(laugh)
                && (1..=2).contains(&named.len())
                && !named.iter().any(|w| matches!(w.as_str(), "again" | "that" | "thats" | "there")));
        let laughs = plain.last().is_some_and(|w| ends_remark(w))
            && !plain
                .iter()
                .any(|w| CHAT_QUESTION_WORDS.contains(&w.as_str()))
            && !asks_difference(&plain)
            && !turns_to
            // "Woke ai meaning lol": asks what it means.
            && !plain
                .iter()
                .any(|w| matches!(w.as_str(), "meaning" | "mean" | "means" | "more" | "else"))
            // "Go on lol", "keep going 😂": a request to go on, laughing.
            && !opening_at.is_some_and(|at| matches!(&plain[at..], [verb, on, ..]
                if matches!((verb.as_str(), on.as_str()), ("keep", "going" | "on") | ("go" | "carry", "on"))));
        // An opinion: "robots are cool", "conferences are so boring", or of a thing named
        // last ("that is a cool title", "was a wild speech").
        // So may one clause of several be ("anne bouverot's title is so cool, special envoy on
        // ai"), or a judgement said of it after a comma ("all in one room, wild lineup").
        let clauses: Vec<Vec<String>> = clauses(text).map(plain_words).collect();
        // After a comma, a judgement or an acknowledgement closes a remark on words just read
        // ("new engine for growth, quite the phrase", "data hubs, sure"); before one, an
        // acknowledgement opens it when only small words follow ("fair, it kinda is").
        let acknowledged = clauses.len() > 1
            && matches!(clauses[0].as_slice(), [ack]
                if CLOSING_ACKS.contains(&ack.as_str()) || ack == "true")
            && clauses[1..]
                .iter()
                .flatten()
                .all(|w| SMALL_WORDS.contains(&w.as_str()));
        let judges = judges(&plain)
            || acknowledged
            || clauses.len() > 1
                && clauses.iter().enumerate().any(|(at, clause)| {
                    judges(clause) || at == clauses.len() - 1 && closes_a_remark(clause)
                });
        // A statement at length, with a verb that tells rather than asks ("Elon skipping WAIC
        // is the least surprising thing this year", "open-source tools is the only part of
        // this I actually care about"): a keyword query has no such verb, and a question has
        // a question word, a mark, a request or its verb first (`inverted`).
        // It must judge or speak of the asker: "hinton is the godfather of ai" states a fact
        // the story answers, and "the platform is in shanghai or beijing" asks which.
        let declares = plain.len() >= MIN_DECLARED_WORDS
            && plain.iter().any(|w| DECLARING.contains(&w.as_str()))
            && (plain.iter().any(|w| {
                JUDGEMENTS.contains(&w.as_str()) || STANDPOINT_WORDS.contains(&w.as_str())
            }) || plain.windows(2).any(|pair| {
                IMPRESSIONS
                    .iter()
                    .any(|i| i.split(' ').eq(pair.iter().map(String::as_str)))
            }))
            && !plain.iter().any(|w| w == "or")
            && !asks_after(&plain, QUESTION_TAGS)
            && !*clause_asks;
        // A statement of what someone or something did or is, read off its word order alone
        // ("eric schmidt gets invited to everything", "the us wont join this", "tech giants
        // gonna tech giant"): a subject, then a verb that tells, and nothing that asks: no
        // mark or question word (as chat misspells it too: "wich", "waht"), no verb first, no
        // alternative ("real or just talk"), tag ("right", "huh"), request ("i heard ...", "i
        // need ...", "tldr ...", "... said something about"), a reason left open ("... because")
        // or hearsay put to the bot ("ppl say china ...").
        let told_from = self.told_from(&plain);
        let tells = plain.len() >= MIN_TOLD_WORDS
            && !asks(text)
            && !inverted
            && !*clause_asks
            && opens_by_asking_from(&plain, told_from) == Some(false)
            && plain[told_from..]
                .iter()
                .skip(1)
                .any(|w| TELLING.contains(&w.as_str()))
            && !plain.iter().any(|w| asks_by_word(w))
            && !plain.windows(2).any(|pair| {
                FIRST_PERSON.contains(&pair[0].as_str())
                    && is_request_word(&pair[1])
                    || HEARSAY_SUBJECTS.contains(&pair[0].as_str())
                        && matches!(
                            pair[1].as_str(),
                            "say" | "says" | "said" | "saying" | "keep" | "keeps" | "claim" | "claims"
                        )
            })
            // "musk skipped waic because ...": the reason is asked for.
            && !plain
                .last()
                .is_some_and(|w| matches!(w.as_str(), "because" | "cuz" | "coz" | "bc"));
        // "Shanghai again", "40 llms is a lot": a shrug at a thing said again, an amount
        // remarked on.
        // So are "trump vs china again" and "13 points is a lot of points".
        let shrugs = !text.contains('?')
            && (plain.len() <= MAX_REACTION_WORDS
                && plain.len() >= 2
                && plain.last().is_some_and(|w| w == "again")
                || plain
                    .windows(3)
                    .any(|w| COPULAS.contains(&w[0].as_str()) && w[1] == "a" && w[2] == "lot")
                // "That is rather a lot to read."
                || plain.windows(4).any(|w| {
                    COPULAS.contains(&w[0].as_str())
                        && matches!(w[1].as_str(), "rather" | "quite" | "really" | "still")
                        && w[2] == "a"
                        && w[3] == "lot"
                }));
        // An opinion said as one ("i think both countries just want control tbh", "ngl i'd
        // rather have messy rules"): what follows is the asker's view, and a word of wanting
        // or needing in it is not theirs ("want" there is the countries').
        // Not when a verb that asks follows it ("tbh is chinas plan gonna work or nah").
        let opines = OPINION_OPENINGS.iter().chain(IMPRESSIONS).any(|opening| {
            let opening: Vec<&str> = opening.split(' ').collect();
            let next = plain
                .iter()
                .skip(opening.len())
                .find(|w| !OPENERS.contains(&w.as_str()) && !self.is_filler(w));
            plain.len() > opening.len()
                && plain.iter().zip(&opening).all(|(w, o)| w == o)
                && next.is_some_and(|w| {
                    !INVERTING.contains(&w.as_str()) && !IMPERATIVES.contains(&w.as_str())
                })
        }) && !inverted
            && !*clause_asks
            && !wants_told(&plain);
        // A remark closed by an aside of surprise or its lack ("china leading on ai governance,
        // didn't see that coming", "musk skipped it, called it").
        // An aside of three words or more may stand alone ("of course it is").
        // Its words ask nothing ("oh he used to come, didnt know"): how many there are.
        let aside_words = REMARK_ASIDES
            .iter()
            .map(|aside| aside.split(' ').collect::<Vec<&str>>())
            .find(|aside| {
                (plain.len() > aside.len() || plain.len() == aside.len() && aside.len() >= 3)
                    && plain[plain.len() - aside.len()..]
                        .iter()
                        .zip(aside)
                        .all(|(word, a)| squeezed(word) == squeezed(a))
            })
            .map_or(0, |aside| aside.len());
        let aside = aside_words > 0;
        // "Only 40? thought more", "expected less tbh": an amount set against what the asker
        // expected.
        let expected = plain.len() <= MAX_REACTION_WORDS + 1
            && !plain.iter().any(|w| is_question_word(w))
            && plain.windows(2).any(|pair| {
                matches!(
                    pair[0].as_str(),
                    "thought" | "expected" | "figured" | "assumed" | "imagined"
                ) && matches!(
                    pair[1].as_str(),
                    "more" | "less" | "fewer" | "bigger" | "smaller" | "higher" | "lower"
                )
            });
        // "Wild how different they are", "funny how nobody mentions the us": a judgement of
        // how something is, exclaimed ("crazy how?" asks).
        let judges_how = !text.contains('?')
            && plain.len() > 2
            && matches!(clauses.first().map(Vec::as_slice), Some([judgement, how, ..])
                if JUDGEMENTS.contains(&judgement.as_str()) && how == "how");
        // "That's a lot of robots", "thats so many", "soooo many robots": an amount remarked
        // on, not asked for.
        let remarks_an_amount = plain.windows(3).any(|w| {
            matches!(w[0].as_str(), "thats" | "its" | "theyre")
                && matches!(
                    [w[1].as_str(), w[2].as_str()],
                    ["a", "lot"] | ["so", "many"] | ["so", "much"]
                )
        }) || plain.len() <= MAX_REACTION_WORDS
            && (matches!(plain.as_slice(), [so, many, ..]
                if squeezed(so) == "so" && matches!(many.as_str(), "many" | "much"))
                // "Big numbers", "crazy stats lol": figures judged, unasked.
                || !text.contains('?')
                    && matches!(plain.as_slice(), [size, figures, ..]
                        if (JUDGEMENTS.contains(&size.as_str()) || REACTIONS.contains(&size.as_str()))
                            && names_figures(figures)));
        // Ending on an emoji of laughter, dismay or irony ("TRUMP AND CHINA AGAIN 😭", "bro said
        // 13 point plan 💀"): a reaction, as a laugh written out is. Not a short message ("go
        // on 😂", "and china 💀", "hinton 😂" ask on), nor one asking in chat spelling ("hw many
        // robots 😂") or opening as a request to go on or a turn ("say more", "and ...").
        let emoji_ending = plain.len() >= MIN_EMOJI_REMARK_WORDS
            && !plain.iter().any(|w| {
                is_question_word(w) || matches!(w.as_str(), "meaning" | "mean" | "more" | "else")
            })
            && !asks_difference(&plain)
            && !matches!(
                first,
                "and" | "so" | "but" | "go" | "say" | "tell" | "explain"
            )
            && text
                .trim_end()
                .chars()
                .rev()
                .find(|c| !matches!(c, '\u{200d}' | '\u{fe0f}') && !c.is_whitespace())
                .is_some_and(|c| REMARK_EMOJI.contains(&c));
        // A judgement after a laugh ("elon missing the party lmao classic"), which asks
        // nothing; a question word after one still asks ("woke ai lol meaning").
        let laughs_then_judges = matches!(
            plain.as_slice(),
            [.., laugh, last]
                if ends_remark(laugh) && JUDGEMENTS.contains(&last.as_str())
        );
        // A remark about what something does to the asker ("humanoid robots give me the
        // creeps", "ai scares me"), unless it opens with a request ("ok give me the gist") or
        // asks for something to be done for the asker ("describe the platform to me").
        let to_me = (plain.windows(2).any(|pair| {
            pair[1] == "me" && !matches!(pair[0].as_str(), "to" | "for" | "with" | "about")
        }) || plain.windows(3).any(|w| {
            matches!(w[0].as_str(), "make" | "makes" | "made")
                && w[1] == "my"
                && matches!(w[2].as_str(), "head" | "brain" | "day" | "eyes" | "blood")
        })) && !IMPERATIVES.contains(&opening);
        // What something is to the asker, said short ("hinton is my hero"): a remark.
        // Longer, it may lead to a question ("journalism is my field so is ai a risk to it").
        let mine = plain.len() <= MAX_MINE_WORDS
            && plain
                .windows(2)
                .any(|pair| COPULAS.contains(&pair[0].as_str()) && pair[1] == "my");
        // "Says the guy with 800 companies at his show": the retort, said of whoever spoke.
        let retorts = !text.contains('?')
            && matches!(plain.as_slice(), [says, the, who, _, ..]
            if matches!(says.as_str(), "says" | "said")
                && the == "the"
                && matches!(
                    who.as_str(),
                    "guy" | "man" | "woman" | "one" | "country" | "person" | "dude" | "people"
                ))
            && !plain.iter().skip(3).any(|w| is_question_word(w));
        // "Another day another AI headline": a sigh at the news, not a question.
        let sighs = matches!(plain.as_slice(), [another, day, again, ..]
            if another == "another" && day == "day" && again == "another");
        // A name said again around "gonna", "being" or "doing" ("trump gonna trump", "elon
        // doing elon things"): a shrug at someone, not a question about them.
        let says_again = matches!(
            plain.as_slice(),
            [name, verb, again, rest @ ..]
                if name == again
                    && matches!(verb.as_str(), "gonna" | "gon" | "being" | "doing" | "will")
                    && rest.len() <= 1
                    && rest.iter().all(|w| matches!(w.as_str(), "things" | "stuff"))
        );
        // "AI AI AI, that's all anyone talks about": a word chanted, then a remark.
        let chants = matches!(plain.as_slice(), [first, rest @ ..]
            if rest.len() >= MIN_CHANT
                && rest[..MIN_CHANT - 1].iter().all(|w| w == first)
                && !INSISTING.contains(&first.as_str()));
        // "Ok cool, noted on the chips thing": an acknowledgement said at length.
        // Not when a turn to something else follows ("cool noted and the us").
        let acknowledges = plain.len() <= MAX_ACKNOWLEDGED_WORDS
            && ACKNOWLEDGEMENTS.contains(&opening)
            && plain
                .iter()
                .position(|w| ACKNOWLEDGING.contains(&w.as_str()))
                .is_some_and(|at| !asks_after(&plain[at + 1..], TURNING));
        // "This is so 2025", "thats so last year", "it was so wild": an intensifier after
        // "this is", "that was", "thats" or the like, a judgement whatever word follows.
        let so_what_it_is = plain.len() <= MAX_REACTION_WORDS + 1
            && matches!(plain.as_slice(), [this, is, so, _, ..]
                if matches!(this.as_str(), "this" | "that" | "it")
                    && matches!(is.as_str(), "is" | "was")
                    && so == "so")
            || matches!(plain.as_slice(), [thats, so, _, ..]
                if matches!(thats.as_str(), "thats" | "its" | "this")
                    && so == "so"
                    && plain.len() <= MAX_REACTION_WORDS);
        // "Every politician says that", "they all say that lol": a shrug at what is said,
        // which says who says it and asks nothing ("who says that" asks).
        let generalizes = !text.contains('?')
            && matches!(plain.as_slice(), [.., say, that]
                if matches!(say.as_str(), "say" | "says" | "said") && that == "that")
            && plain.iter().any(|w| EVERYONE.contains(&w.as_str()))
            && !plain.iter().any(|w| QUESTION_WORDS.contains(&w.as_str()));
        // No question word anywhere: what the rules below need besides their own words.
        let no_question_word = !text.contains('?') && !plain.iter().any(|w| is_question_word(w));
        // "The robots > the speeches", "cloud + data hubs = infra win": a verdict written as
        // a sum or a comparison, which asks nothing.
        let weighs = no_question_word
            && plain.len() >= 2
            && [" > ", " < ", " = ", " >> "]
                .iter()
                .any(|sign| text.contains(sign));
        // A clause after the first that turns to something else ("and the us", "so ..."):
        // asked on, whatever came before it.
        let turns_on = |clause: &Vec<String>| {
            clause
                .first()
                .is_some_and(|w| TURNING.contains(&w.as_str()) || w == "so")
        };
        // "Eric schmidt at every ai event ever", "best keynote ever": hyperbole, unasked.
        let hyperbole = no_question_word
            && plain.len() >= 2
            && plain.last().is_some_and(|w| w == "ever")
            && plain
                .iter()
                .any(|w| w == "every" || SUPERLATIVES.contains(&w.as_str()));
        // "Both approaches sound bad", "the cloud thing sounds really nice": an impression
        // that judges ("does it sound good" asks by its word order).
        let impressed = no_question_word
            && plain.iter().enumerate().any(|(at, w)| {
                matches!(
                    w.as_str(),
                    "sound" | "sounds" | "seem" | "seems" | "look" | "looks" | "feels"
                ) && plain[at + 1..]
                    .iter()
                    .find(|w| !INTENSIFIERS.contains(&w.as_str()))
                    .is_some_and(|w| JUDGEMENTS.contains(&w.as_str()))
            });
        // "Trump would hate this", "musk is gonna love that": a feeling foretold or told of
        // someone, about what was just said.
        let feels_about_it = no_question_word
            && matches!(plain.as_slice(), [_, .., modal, feel, this]
                if (matches!(modal.as_str(), "would" | "will" | "gonna" | "wd" | "must" | "probably")
                    && matches!(feel.as_str(), "love" | "hate" | "like" | "enjoy" | "adore")
                    || matches!(feel.as_str(), "loves" | "hates"))
                    && matches!(this.as_str(), "this" | "that" | "it" | "these" | "them"));
        // "Meh, politicians announcing frameworks is nothing new": a reaction opening what
        // follows, with nothing asked and no turn to something else ("lol, and the us").
        let reaction_first = no_question_word
            && clauses.len() > 1
            && match clauses[0].as_slice() {
                [reaction] => REACTIONS
                    .iter()
                    .any(|r| reaction.len() >= r.len() && squeezed(r) == squeezed(reaction)),
                // "Oh great, more ai news".
                [oh, judgement] => {
                    matches!(squeezed(oh).as_str(), "oh" | "ah" | "wow")
                        && (JUDGEMENTS.contains(&judgement.as_str())
                            || CLOSING_ACKS.contains(&judgement.as_str()))
                }
                _ => false,
            }
            && !clauses[1].is_empty()
            && !turns_on(&clauses[1])
            && !*clause_asks;
        // "60 humanoid robots lol, skynet expo": a laugh closing a clause before the last, with
        // nothing asked and no turn after it ("robots lol, and the us").
        let laughs_midway = no_question_word
            && clauses.len() > 1
            && clauses[..clauses.len() - 1]
                .iter()
                .any(|clause| clause.len() >= 2 && clause.last().is_some_and(|w| ends_remark(w)))
            && !clauses[1..].iter().any(turns_on)
            && !*clause_asks;
        // So is a laugh inside a clause, two words or more in, with a short remark after it
        // ("60 humanoid robots lmaooo skynet loading", "... lmao so subtle"): not a request or
        // a turn after it ("woke ai lol meaning", "the 13 points lol list them", "lol so").
        let laughs_inside = no_question_word
            && !inverted
            && !*clause_asks
            && (2..plain.len().saturating_sub(1)).any(|at| {
                let after = &plain[at + 1..];
                ends_remark(&plain[at])
                    && after.len() < MAX_REACTION_WORDS
                    && after.first().is_some_and(|w| {
                        !IMPERATIVES.contains(&w.as_str())
                            && !is_request_word(w)
                            && !TURNING.contains(&w.as_str())
                            && (w != "so" || after.len() == 2)
                    })
                    && !after.iter().any(|w| {
                        matches!(
                            w.as_str(),
                            "meaning" | "mean" | "means" | "more" | "else" | "source"
                        )
                    })
            });
        let laughs_midway = laughs_midway || laughs_inside;
        // "Huawei always showing up in these", "trump always same": a habit remarked on ("is
        // china always leading" asks by its word order).
        let habitual = no_question_word
            && plain.len() >= 3
            && plain.iter().skip(1).any(|w| w == "always")
            && !*clause_asks;
        // "Washington be like rules? never heard of her": the meme, said of someone (not
        // "what would it be like").
        let be_like = plain.windows(3).any(|w| {
            w[1] == "be"
                && w[2] == "like"
                && !INVERTING.contains(&w[0].as_str())
                && !matches!(w[0].as_str(), "to" | "it" | "ai" | "gonna")
        }) && !plain.iter().any(|w| QUESTION_WORDS.contains(&w.as_str()));
        // "This article has so many big words", "too many models, not enough gpus": an
        // amount remarked on at length, with no
        // verb asking after it ("so many speakers did hinton speak").
        let so_many = !text.contains('?')
            && !plain
                .iter()
                .any(|w| is_question_word(w) && !matches!(w.as_str(), "many" | "much"))
            && plain.windows(2).enumerate().any(|(at, pair)| {
                (matches!(pair[0].as_str(), "so" | "too")
                    && matches!(pair[1].as_str(), "many" | "much")
                    || pair[0] == "not" && pair[1] == "enough")
                    && !plain[at..].iter().any(|w| INVERTING.contains(&w.as_str()))
            });
        // "US export controls on chips is the real plot", "china vs us ai is the new space
        // race".
        let the_real_one = no_question_word
            && matches!(plain.as_slice(), [_, .., is, the, real, _] | [_, .., is, the, real, _, _]
                if COPULAS.contains(&is.as_str())
                    && the == "the"
                    && matches!(real.as_str(), "real" | "new" | "actual"));
        // "Lmaooo ai gonna replce us all": a laugh, then a statement told.
        let laugh_first = no_question_word
            && plain.len() > 2
            && ends_remark(first)
            && !matches!(plain[1].as_str(), "so" | "and" | "but")
            && !INVERTING.contains(&plain[1].as_str())
            && plain[1..].iter().any(|w| DECLARING.contains(&w.as_str()))
            && !asks_after(&plain, QUESTION_TAGS)
            && !*clause_asks;
        // "Data hubs in under-resourced regions is actually a decent idea": a statement of any
        // length closed by a judgement its verb links to the subject ("is a big deal").
        let closes_judged = no_question_word && {
            let tail: Vec<&str> = plain
                .iter()
                .map(String::as_str)
                .rev()
                .skip_while(|w| ends_remark(w))
                .collect();
            // The judgement, then "a" before it when a noun follows it ("a bold move").
            let judged_at = match tail.as_slice() {
                [last, ..] if JUDGEMENTS.contains(last) => Some(1),
                [_, judgement, a, ..]
                    if JUDGEMENTS.contains(judgement) && matches!(*a, "a" | "an") =>
                {
                    Some(3)
                }
                _ => None,
            };
            judged_at.is_some_and(|at| {
                let mut before = tail[at..].iter().skip_while(|w| INTENSIFIERS.contains(w));
                before.next().is_some_and(|w| COPULAS.contains(w)) && before.next().is_some()
            })
        };
        // Each of those remarks asks nothing unless its word order asks.
        // So may a later clause open it ("journalist here. ... yeah, we noticed").
        let tells_of_self = clauses.iter().skip(1).any(|clause| {
            clause
                .iter()
                .find(|w| !OPENERS.contains(&w.as_str()) && !self.is_filler(w))
                .is_some_and(|w| matches!(w.as_str(), "i" | "im" | "ive" | "we" | "our" | "my"))
                // "..., guess i gotta vote now": a shrug before the "I".
                || matches!(clause.as_slice(), [guess, i, ..]
                    if guess == "guess" && STATEMENT_OPENINGS.contains(&i.as_str()))
        }) && !*clause_asks;
        // "Guess i'll google it": a shrug before the "I" still tells of the asker.
        // "Yeah i agree with ...", "nah we'll see": an "I" after a word of assent or dissent.
        let assents_then_tells = matches!(plain.as_slice(), [assent, i, _, ..]
            if matches!(squeezed(assent).as_str(), "yeah" | "yea" | "yep" | "ya" | "nah" | "nope" | "yes" | "no")
                && STATEMENT_OPENINGS.contains(&i.as_str()));
        let personal = STATEMENT_OPENINGS.contains(&first)
            || assents_then_tells
            || first == "guess"
                && plain
                    .get(1)
                    .is_some_and(|w| STATEMENT_OPENINGS.contains(&w.as_str()))
            || tells_of_self
            || reacts
            || opines
            || !inverted
                && (laughs
                    || shrugs
                    || declares
                    || laughs_then_judges
                    || judges
                    || remarks_an_amount
                    || aside
                    || to_me
                    || mine
                    || says_again
                    || sighs
                    || retorts
                    || weighs
                    || chants
                    || acknowledges
                    || so_what_it_is
                    || generalizes
                    || hyperbole
                    || impressed
                    || feels_about_it
                    || reaction_first
                    || laughs_midway
                    || habitual
                    || be_like
                    || so_many
                    || the_real_one
                    || laugh_first
                    || closes_judged);
        // A statement told by word order alone is, like one ending on an emoji, a remark only
        // when the story does not answer its words in full: "hinton never spoke at waic" is
        // put to the bot to be checked, "eric schmidt gets invited to everything" is not.
        // With a word of attitude ("very", "really", "tho", "gonna"), the teller's view is
        // in it, whatever the story answers: a remark.
        let tells_a_view = tells && plain.iter().any(|w| ATTITUDE.contains(&w.as_str()));
        let personal = personal || tells_a_view;
        let by_emoji = !personal && (!inverted && emoji_ending || tells);
        // "What a news!!!", "what a day": an exclamation, though it opens like a question. Not
        // "what a data hub is" or "what an envoy does", which ask what something is or does.
        // So is one closing a remark ("woke ai vs patriotic ai, what a timeline").
        let exclamation = |plain: &[String]| {
            matches!(
                plain,
                [what, a, .., last]
                    if matches!(what.as_str(), "what" | "such")
                        && matches!(a.as_str(), "a" | "an")
                        && !INVERTING.contains(&last.as_str())
                        && !matches!(last.as_str(), "means" | "mean")
            )
        };
        let exclaims = !text.contains('?')
            && ((text.contains('!') || plain.len() <= MAX_EXCLAMATION_WORDS)
                && exclamation(&plain)
                || clauses.len() > 1
                    && clauses
                        .last()
                        .is_some_and(|last| last.len() <= MAX_REACTION_WORDS && exclamation(last))
                // After a laugh: "godfather of ai lol what a title".
                || plain.iter().rposition(|w| ends_remark(w)).is_some_and(|at| {
                    at > 0
                        && plain.len() - at - 1 <= MAX_REACTION_WORDS
                        && exclamation(&plain[at + 1..])
                })
                // "Former Google CEO, how fancy."
                || clauses.len() > 1
                    && matches!(clauses.last().map(Vec::as_slice), Some([how, judgement])
                        if how == "how" && JUDGEMENTS.contains(&judgement.as_str())));
        // "Right, that's the bit i missed", "ahh right the shanghai part": the asker placing
        // what was said ("right, who announced it" asks on).
        let places = !text.contains('?')
            && plain.len() <= MAX_ACKNOWLEDGED_WORDS
            && plain
                .iter()
                .find(|w| {
                    !matches!(
                        squeezed(w).as_str(),
                        "ah" | "oh" | "ok" | "okay" | "quite" | "yeah" | "yes" | "thats"
                    )
                })
                .is_some_and(|w| squeezed(w) == "right")
            && !asks_after(&plain, &[]);
        // "He's everywhere", "she's busy posting": a short word on someone just spoken of,
        // unasked ("he's the premier?" and "he's the google guy right" ask).
        let on_someone = !text.contains('?')
            && plain.len() <= MAX_REACTION_WORDS + 1
            && plain.len() >= 2
            && matches!(plain[0].as_str(), "hes" | "shes" | "theyre")
            && !asks_or_requests(&plain);
        // "AI cooperation org? more like ai cooperation orgy lmao": a joke on words just said.
        let jokes = {
            let lower = text.to_lowercase();
            ["? more like ", ", more like ", "... more like "]
                .iter()
                .any(|joke| lower.contains(joke))
        };
        // "HINTON!!!": a name shouted in capitals, not asked about ("hinton?" asks, and
        // "export controls!!" may too).
        let shouts = !text.contains('?')
            && text.contains("!!")
            && !text.chars().any(char::is_lowercase)
            && plain.len() <= MAX_EXCLAMATION_WORDS
            && !plain.iter().any(|w| QUESTION_WORDS.contains(&w.as_str()));
        // "Anyone here going to a tech conference this year?": a question to the others in the
        // room about themselves, not to the bot ("anyone here know who spoke?" asks the story).
        // Nothing more asked after it: "anyone here reading this, who announced it" asks.
        let asks_the_room = matches!(plain.as_slice(), [anyone, here, doing, rest @ ..]
        if matches!(anyone.as_str(), "anyone" | "anybody" | "who")
            && here == "here"
            && doing.len() > 4
            && doing.ends_with("ing")
            && !text.contains(',')
            && !asks_after(rest, &[]));
        // "Am I the only one who skipped the keynotes?", "is it just me or ...": the asker
        // wonders about themselves, not the story. Not with another question after it.
        let wonders_aloud = RHETORICAL.iter().any(|opening| {
            let opening: Vec<&str> = opening.split(' ').collect();
            // "Who" right after it says who the one is ("the only one who skipped").
            let rest = match &plain.get(opening.len()..) {
                Some([who, rest @ ..]) if matches!(who.as_str(), "who" | "that") => rest,
                Some(rest) => rest,
                None => return false,
            };
            plain.len() > opening.len()
                && plain.iter().zip(&opening).all(|(w, o)| w == o)
                && !text.contains(',')
                && !asks_or_requests(rest)
                && !asks_after(rest, INVERTING)
        });
        // "13-point action plan, who even reads 13-point plans lol", "who even cares": a
        // question of what nobody does, asking nothing ("who even attends" may ask who does),
        // with no other question beside it.
        // So is one of what nobody does any more ("who even plays sage anymore"), or has time
        // for ("who has time to read all that").
        let rhetorical_who = |clause: &[String]| {
            matches!(clause, [who, even, verb, ..]
                if who == "who"
                    && matches!(even.as_str(), "even" | "tf")
                    && NOBODY_DOES.contains(&verb.as_str()))
                // "who has time to read all that lol"
                || matches!(clause, [who, has, time, ..]
                    if who == "who" && matches!(has.as_str(), "has" | "got")
                        && time == "time")
                || matches!(clause, [who, _, .., last]
                    if who == "who" && matches!(last.as_str(), "anymore" | "nowadays"))
        };
        let asks_nobody = clauses.iter().any(|clause| rhetorical_who(clause))
            && clauses.iter().all(|clause| {
                rhetorical_who(clause) || !clause.iter().any(|w| is_question_word(w))
            })
            && !*clause_asks;
        // "We know who u mean 👀", "everyone knew who he meant": who or what is meant, known
        // to the teller ("i dont know who spoke" and "does anyone know who" ask).
        let knows_who = !text.contains('?')
            && !inverted
            && plain.windows(3).any(|w| {
                matches!(
                    w[0].as_str(),
                    "we" | "everyone" | "everybody" | "yall" | "all"
                ) && matches!(w[1].as_str(), "know" | "knew" | "knows")
                    && is_question_word(&w[2])
            });
        // Praise or thanks for something read, said of what it was on ("good read on the
        // waic thing", "thanks for the info on the robots", "great breakdown of the us part"):
        // asks nothing of it ("the article on waic" and "quick summary of the plan" do).
        let praises_a_read = !text.contains(QUESTION_MARKS)
            && plain
                .iter()
                .position(|w| READ_THINGS.contains(&w.as_str()))
                .is_some_and(|at| {
                    plain[..at].iter().any(|w| PRAISING.contains(&w.as_str()))
                        && plain[..at].iter().all(|w| {
                            PRAISING.contains(&w.as_str()) || PRAISE_FILLER.contains(&w.as_str())
                        })
                        && plain.get(at + 1).is_some_and(|w| {
                            matches!(
                                w.as_str(),
                                "on" | "about" | "abt" | "re" | "regarding" | "of"
                            )
                        })
                        && !asks_or_requests(&plain[at + 2..])
                });
        // "Ethical safeguards bad? thats a take", "60 robots? insane": words just read, echoed
        // in disbelief, then judged. Not "is it bad? be honest", nor "hinton? who's that".
        let echoes_in_disbelief = text
            .rsplit_once(QUESTION_MARKS)
            .is_some_and(|(echo, after)| {
                let echo = plain_words(echo);
                let after = plain_words(after);
                (1..=MAX_REACTION_WORDS).contains(&echo.len())
                    && (1..=MAX_REACTION_WORDS).contains(&after.len())
                    && !echo.iter().chain(&after).any(|w| is_question_word(w))
                    && !INVERTING.contains(&echo[0].as_str())
                    && (matches!(after.as_slice(), [thats, a, take]
                    if matches!(thats.as_str(), "thats" | "what" | "such")
                        && a == "a"
                        && (take == "take" || JUDGEMENTS.contains(&take.as_str())))
                        || matches!(after.as_slice(), [judgement] | [judgement, _]
                        if JUDGEMENTS.contains(&judgement.as_str())))
            });
        // "If elon was there this would be all about him": a supposition told, its "would"
        // after its subject ("if china leads would the us join" asks by its word order).
        let supposes_aloud = first == "if"
            && !text.contains(QUESTION_MARKS)
            && !plain.iter().any(|w| is_question_word(w))
            && !plain.windows(2).any(|pair| {
                matches!(pair[0].as_str(), "would" | "will" | "could" | "should")
                    && PRONOUNS.contains(&pair[1].as_str())
            })
            && plain.windows(2).skip(2).any(|pair| {
                matches!(
                    pair[0].as_str(),
                    "this"
                        | "that"
                        | "it"
                        | "they"
                        | "he"
                        | "she"
                        | "we"
                        | "i"
                        | "everyone"
                        | "nobody"
                        | "there"
                ) && matches!(
                    pair[1].as_str(),
                    "would" | "wouldve" | "wouldnt" | "will" | "wont"
                )
            });
        if exclaims
            || supposes_aloud
            || echoes_in_disbelief
            || praises_a_read
            || knows_who
            || asks_nobody
            || places
            || on_someone
            || jokes
            || shouts
            || asks_the_room
            || wonders_aloud
            || expected
            || judges_how
            || tells_a_riddle(text)
        {
            return Some(false);
        }
        // "I want one tbh": wanting one of what was just spoken of, with a remark's ending,
        // is a remark; "i want one" alone may ask for a quote just offered, and "i want to
        // know who spoke" or "i need the gist" ask.
        let wants_one = plain.iter().position(|w| w == "want").is_some_and(|at| {
            matches!(&plain[at + 1..], [one, endings @ ..]
                if one == "one"
                    && !endings.is_empty()
                    && endings.iter().all(|w| ends_remark(w)))
                && plain[..at].iter().all(|w| !is_request_word(w))
        });
        // Not a closing acknowledgement's word: "sure" of "data hubs, sure" is no "not sure".
        let closing = clauses
            .last()
            .filter(|last| clauses.len() > 1 && closes_a_remark(last))
            .map_or(0, Vec::len);
        // Nor a word of an acknowledgement said at length ("true, it really is").
        // "RIP journalism if those summary studies are right": a lament asks nothing.
        let laments = opines && first == "rip";
        // A request for something opening it asks, however it ends ("give me all 13 points
        // lol"), and so does one for a summary closing it ("US strategy in one word lol").
        let asks = asks(text)
            || matches!(
                opening,
                "give" | "gimme" | "show" | "list" | "summarize" | "summarise"
            )
            || SUMMARY_REQUESTS.iter().any(|request| {
                phrase_at(&plain, request).any(|end| plain[end..].iter().all(|w| ends_remark(w)))
            })
            || !wants_one
                && !acknowledged
                && !laments
                && plain[..plain.len().saturating_sub(closing.max(aside_words))]
                    .iter()
                    .enumerate()
                    .any(|(at, w)| {
                        // "I know Alibaba!" says what the asker knows (one name, exclaimed);
                        // "i want to know" and "i know nothing about the chips part" ask.
                        let knows = w == "know"
                            && at > 0
                            && matches!(plain[at - 1].as_str(), "i" | "we")
                            && plain.len() == at + 2
                            && text.trim_end().ends_with('!');
                        // "I want to go one day" wants a trip, "when I tell him" tells someone
                        // else: no request to the bot. An opinion's wanting is someone else's
                        // ("i think both countries just want control").
                        // Nor is a need said in one ("agree tbh, we need some coordination").
                        let wants_else = matches!(w.as_str(), "want" | "wanna" | "need" | "needs")
                            && (opines
                                || matches!(&plain[at + 1..], [to, verb, ..]
                                if to == "to" && TRIPS.contains(&verb.as_str())));
                        let tells_else = w == "tell"
                            && at > 0
                            && plain.get(at + 1).is_some_and(|who| {
                                matches!(who.as_str(), "him" | "her" | "them" | "my")
                            });
                        // "I'd rather read the plan myself" prefers, it does not ask; "if
                        // those studies are right" judges, it asks no confirmation.
                        // "If this means more open weights im in": a condition, no request
                        // for a meaning.
                        let supposes = matches!(w.as_str(), "means" | "mean")
                            && at >= 2
                            && plain[at - 2] == "if";
                        // "I didnt even know waic was a thing" tells; "i dont know the us
                        // part" asks.
                        // Nor "never heard of her".
                        let unknown_till_now = matches!(w.as_str(), "know" | "heard")
                            && plain[..at]
                                .iter()
                                .rev()
                                .find(|w| !matches!(w.as_str(), "even" | "ever"))
                                .is_some_and(|w| {
                                    matches!(w.as_str(), "didnt" | "never" | "havent")
                                });
                        // "I want a humanoid robot": a thing wanted, not something to be
                        // told ("i want a summary" asks).
                        let wants_a_thing = w == "want"
                            && matches!(plain.get(at + 1).map(String::as_str), Some("a" | "an"))
                            && plain[at + 2..]
                                .iter()
                                .all(|w| !TOLD_THINGS.contains(&w.as_str()));
                        // "That is rather a lot to read": what reading would take, no request.
                        let to_read = w == "read" && at > 0 && plain[at - 1] == "to";
                        // "A good idea" judges; "any idea who spoke" asks.
                        let judged =
                            w == "idea" && at > 0 && JUDGEMENTS.contains(&plain[at - 1].as_str());
                        // "..., sure, very reassuring": an acknowledgement, not "not sure".
                        let acknowledges = w == "sure"
                            && !plain[..at].last().is_some_and(|before| {
                                matches!(before.as_str(), "not" | "unsure" | "make" | "be" | "im")
                            });
                        let prefers = at > 0
                            && (plain[at - 1] == "rather"
                                || matches!(w.as_str(), "right" | "correct" | "true")
                                    && COPULAS.contains(&plain[at - 1].as_str()));
                        is_request_word(w)
                            && !knows
                            && !wants_else
                            && !tells_else
                            && !prefers
                            && !acknowledges
                            && !judged
                            && !supposes
                            && !unknown_till_now
                            && !wants_a_thing
                            && !to_read
                    });
        ((personal || by_emoji) && !asks).then_some(by_emoji)
    }

    /// The remark reply for a short message after an answer that only says again words just
    /// read, with a word or an emoji that remarks on them ("800?? insane", "export controls,
    /// figured", "patriotic ai 💀"), and nothing that asks: no question word, no request, no
    /// turn ("and the us lol"), not closed by a question mark ("hinton again?" asks).
    /// `echoes` tells whether words were just read.
    pub fn echo_remark(&self, text: &str, echoes: impl Fn(&str) -> bool) -> Option<Hit> {
        let plain = plain_words(text);
        // An acknowledgement closing it ("security conscious sure") asks nothing, though
        // "sure" and "true" may ask elsewhere ("not sure who", "is that true").
        let body = match plain.split_last() {
            Some((last, body))
                if CLOSING_ACKS.contains(&last.as_str())
                    || ECHO_REMARKS.contains(&last.as_str()) =>
            {
                body
            }
            _ => &plain[..],
        };
        if plain.is_empty()
            || plain.len() > MAX_ECHO_WORDS
            || text.trim_end().ends_with('?')
            || asks_or_requests(body)
            || asks_in_a_clause(text, |w| self.is_filler(w))
            || plain.iter().any(|w| {
                IMPERATIVES.contains(&w.as_str())
                    || matches!(
                        w.as_str(),
                        "and" | "but" | "or" | "any" | "whos" | "wheres" | "hows" | "more" | "else"
                    )
            })
        {
            return None;
        }
        let remarks = |w: &str| {
            ECHO_REMARKS.contains(&w)
                || REACTIONS.iter().any(|r| squeezed(r) == squeezed(w))
                || JUDGEMENTS.contains(&w)
                || CLOSING_ACKS.contains(&w)
                || ends_remark(w)
        };
        // After an answer, any emoji on words just read reacts to them ("hinton 🐐", "open
        // source 👍"), but one that wonders ("robots 🤔", "schmidt 👀") may ask to hear more.
        let emoji = text
            .trim_end()
            .chars()
            .rev()
            .find(|c| !matches!(c, '\u{200d}' | '\u{fe0f}') && !c.is_whitespace())
            .is_some_and(|c| is_emoji(c) && !WONDERING_EMOJI.contains(&c));
        // "Ah the chip stuff": recognizing what was just read.
        let recognizes = matches!(squeezed(&plain[0]).as_str(), "ah" | "oh") && plain.len() > 1;
        if !emoji && !recognizes && !plain.iter().any(|w| remarks(w)) {
            return None;
        }
        let said: Vec<&String> = plain
            .iter()
            .skip(usize::from(recognizes))
            .filter(|w| {
                !remarks(w)
                    && !SMALL_WORDS.contains(&w.as_str())
                    && !ECHO_SMALL_WORDS.contains(&w.as_str())
            })
            .collect();
        // Only a reaction: the rest of the set reads it. The words are read together, as a
        // phrase of the pack may be ("export controls").
        let said: Vec<&str> = said.iter().map(|w| w.as_str()).collect();
        if said.is_empty() || !echoes(&said.join(" ")) {
            return None;
        }
        self.hit(STATEMENT, "", "")
    }

    /// The gibberish reply for a message with no word to read: only emoji or punctuation
    /// ("😂", "??", ":)"), one lone character ("a", "x"), or one word chanted ("chips chips
    /// chips"). Such a message is a reaction, never a question, even right after an answer.
    pub fn wordless(&self, text: &str) -> Option<Hit> {
        let words = words(text);
        let lone = match words.as_slice() {
            [] => !text.trim().is_empty(),
            [one] => one.lower.chars().count() == 1,
            // "why why why" and "more more more" still ask.
            [first, rest @ ..] => {
                words.len() >= MIN_CHANT
                    && rest.iter().all(|w| w.lower == first.lower)
                    && !INSISTING.contains(&first.lower.as_str())
            }
        };
        if lone {
            self.hit(GIBBERISH, "", "")
        } else {
            None
        }
    }

    /// `text` without a leading greeting, thanks or acknowledgement ("hi, who announced it?"
    /// gives "who announced it?"); `text` itself when nothing leads it or nothing follows.
    pub fn strip_opening<'t>(&self, text: &'t str) -> &'t str {
        let words = words(text);
        let mut at = 0;
        let mut end = None;
        while at < words.len() {
            let canonical: Vec<String> = words[at..].iter().map(|w| w.canonical.clone()).collect();
            if self.filler.contains(&canonical[0]) {
                end = Some(words[at].end);
                at += 1;
                continue;
            }
            let opening = (1..=self.longest.min(canonical.len())).rev().find(|&n| {
                self.phrases
                    .get(&canonical[..n])
                    .is_some_and(|&i| self.intents[i].opening && self.intents[i].enabled)
            });
            match opening {
                Some(n) => {
                    at += n;
                    end = Some(words[at - 1].end);
                }
                None => break,
            }
        }
        match end {
            Some(end) if at < words.len() => text[end..]
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .trim_end(),
            _ => text,
        }
    }

    /// Whether `text` asks what the bot is, in words no phrase lists: "is this the ai news
    /// bot", "are you the china bot", "lol this bot knows ai news?". After any greeting or
    /// filler ([`Self::strip_opening`]), a short message that opens "is this the" or "are you
    /// a" and ends with the bot's name, or asks (ends with a question mark) opening "this bot"
    /// and no question word ("this bot is useless" tells, and is no question about what it
    /// is; "this bot knows who proposed it?" asks about the story).
    fn asks_about_the_bot(&self, text: &str) -> bool {
        let asked = text.trim_end().ends_with('?');
        let words: Vec<String> = words(self.strip_opening(text))
            .into_iter()
            .map(|w| w.canonical)
            .collect();
        let rest: Vec<&str> = words.iter().map(String::as_str).collect();
        // One bot, the one asked ("humanoid bots" are the story's robots).
        let is_bot = |word: Option<&&str>| word.is_some_and(|w| matches!(*w, "bot" | "storybot"));
        // "Is this the ai news bot", "are you a china bot": not "is this about humanoid bots".
        let asks_what = [
            ["is", "this"],
            ["is", "that"],
            ["are", "you"],
            ["are", "u"],
            ["r", "u"],
        ]
        .iter()
        .any(|o| rest.starts_with(o))
            && rest
                .get(2)
                .is_some_and(|w| matches!(*w, "the" | "a" | "an" | "ur" | "your"));
        // "This bot knows ai news?", not "this bot knows who proposed it?", a story question.
        let about_it = asked
            && rest.first() == Some(&"this")
            && is_bot(rest.get(1))
            && !rest.iter().any(|w| QUESTION_WORDS.contains(w));
        rest.len() <= MAX_BOT_QUESTION_WORDS && (is_bot(rest.last()) && asks_what || about_it)
    }

    /// The one word of the set's phrases that `word` (canonical, as [`words`] reads it) mistypes,
    /// keeping its first letter: two letters swapped ("yuo", "todya"), one left out inside a
    /// word of six letters or more ("helpd", "figurd"), or any one-letter slip inside a word of
    /// [`MIN_RESPELLED_LONG`] or more. Never a letter more or less at the end: "total" is a
    /// word, not "totally" cut short, and "forecasts" is no typo of "forecast". None for a word
    /// of the set, a number, or more than one word it could be.
    fn typo_of(&self, word: &str) -> Option<&str> {
        if word.len() < 3
            || !word.chars().all(|c| c.is_ascii_alphabetic())
            || self
                .vocabulary
                .binary_search_by(|v| v.as_str().cmp(word))
                .is_ok()
        {
            return None;
        }
        let mut found = self.vocabulary.iter().filter(|known| {
            known.as_bytes().first() == word.as_bytes().first()
                && known.len().abs_diff(word.len()) <= 1
                && !known.starts_with(word)
                && !word.starts_with(known.as_str())
                && strsim::osa_distance(word, known) == 1
                && (known.len() == word.len() && strsim::hamming(word, known) == Ok(2)
                    || known.len() == word.len() + 1 && known.len() >= 6
                    || known.len() >= MIN_RESPELLED_LONG)
        });
        let first = found.next()?;
        found.next().is_none().then_some(first.as_str())
    }

    /// The intents (by index) whose phrases cover every non-filler word, longest phrases first.
    fn cover(&self, words: &[String]) -> Option<Vec<usize>> {
        let mut used = Vec::new();
        let mut at = 0;
        while at < words.len() {
            let found = (1..=self.longest.min(words.len() - at))
                .rev()
                .find_map(|n| {
                    let &intent = self.phrases.get(&words[at..at + n])?;
                    self.intents[intent].enabled.then_some((n, intent))
                });
            let open = (1..words.len() - at).rev().find_map(|n| {
                let &intent = self.open.get(&words[at..at + n])?;
                self.intents[intent].enabled.then_some(intent)
            });
            // A whole phrase that ends the message (filler aside) says more than an open one:
            // "how do i use this" asks for help, not for a task.
            let ends =
                found.is_some_and(|(n, _)| words[at + n..].iter().all(|w| self.filler.contains(w)));
            match (found, open) {
                (Some((n, intent)), Some(_)) if ends => {
                    used.push(intent);
                    at += n;
                }
                // "do you like pizza": the rest is what the open phrase takes.
                (_, Some(intent)) => {
                    used.push(intent);
                    at = words.len();
                }
                (Some((n, intent)), None) => {
                    used.push(intent);
                    at += n;
                }
                (None, None) if self.filler.contains(&words[at]) => at += 1,
                (None, None) => return None,
            }
        }
        (!used.is_empty()).then_some(used)
    }

    fn hit(&self, id: &str, expression: &str, result: &str) -> Option<Hit> {
        let intent = self.intents.iter().find(|i| i.id == id && i.enabled)?;
        Some(Hit {
            id: intent.id.clone(),
            reply: intent
                .reply
                .replace("{expression}", expression)
                .replace("{result}", result),
        })
    }
}

/// Whether `plain` words announce a question about the story as a whole, to come ("quick q
/// about the waic article", "i have a question about this"): not one about a subject ("quick
/// question about the robots" asks about the robots).
fn announces_a_question(plain: &[String]) -> bool {
    let Some(about) = plain
        .iter()
        .position(|w| matches!(w.as_str(), "about" | "abt" | "on" | "re" | "regarding"))
    else {
        return false;
    };
    let (before, after) = (&plain[..about], &plain[about + 1..]);
    matches!(before, [.., q] if matches!(q.as_str(), "q" | "qs" | "question" | "questions"))
        && before[..before.len() - 1].iter().all(|w| {
            matches!(
                w.as_str(),
                "quick"
                    | "a"
                    | "one"
                    | "small"
                    | "random"
                    | "i"
                    | "have"
                    | "got"
                    | "ive"
                    | "just"
                    | "another"
                    | "simple"
                    | "silly"
                    | "dumb"
                    | "real"
                    | "serious"
                    | "few"
                    | "couple"
                    | "of"
                    | "some"
                    | "hi"
                    | "hey"
                    | "hello"
            )
        })
        && (1..=MAX_REACTION_WORDS).contains(&after.len())
        && after.last().is_some_and(|w| {
            matches!(
                w.as_str(),
                "article"
                    | "story"
                    | "piece"
                    | "news"
                    | "post"
                    | "thing"
                    | "stuff"
                    | "this"
                    | "that"
                    | "it"
                    | "topic"
            )
        })
}

/// First words of a message that tells something about the asker, their "I" said or left
/// out ("gotta go catch up on the news", "ttyl, off to work"). Not "were": "were any
/// companies there" asks.
const STATEMENT_OPENINGS: &[&str] = &[
    "i", "im", "ive", "id", "ill", "my", "we", "our", "gotta", "gtg", "ttyl", "brb",
];
/// A reaction has at most this many words.
const MAX_REACTION_WORDS: usize = 4;
/// Words that open a reaction to what was just said ("cool robots 🤖", "wow 60 robots"): with
/// nothing asked after them, the message remarks, it does not ask.
const REACTIONS: &[&str] = &[
    "figured",
    "cool",
    "nice",
    "wow",
    "whoa",
    "woah",
    "lol",
    "lmao",
    "haha",
    "omg",
    "interesting",
    "damn",
    "sweet",
    "awesome",
    "neat",
    "ooh",
    "yikes",
    "ugh",
    "wild",
    "crazy",
    "bruh",
    "sheesh",
    "dang",
    "jeez",
    "geez",
    "meh",
    "welp",
];
/// Acknowledgements that, after an opener, begin a remark of a few words ("ok cool, noted
/// on the chips thing"): with nothing asked, an acknowledgement said at length.
const ACKNOWLEDGEMENTS: &[&str] = &["cool", "noted", "gotcha", "nice", "great", "fair"];
/// Of those, the words that say it at length ("noted on ...").
const ACKNOWLEDGING: &[&str] = &["noted", "gotcha"];
/// Words that turn to something else after an acknowledgement ("cool noted and the us").
const TURNING: &[&str] = &["and", "but"];
/// Such a remark has at most this many words.
const MAX_ACKNOWLEDGED_WORDS: usize = 8;
/// Verbs that open a request ("give me the gist", "tell me more").
const IMPERATIVES: &[&str] = &[
    "give",
    "tell",
    "show",
    "explain",
    "list",
    "summarize",
    "summarise",
    "help",
    "let",
    "send",
    "remind",
    "teach",
    "walk",
    "break",
    "get",
    "find",
    "quote",
    "link",
    "point",
    "fill",
    "describe",
    "compare",
    "define",
    "recap",
    "outline",
    "clarify",
    "brief",
    "update",
    "catch",
    "spell",
    "run",
    "name",
];
/// Question words as chat spells them ("hw many", "wat"), and "many" or "much" that ask for
/// a number: a message with one asks, whatever it ends with.
const CHAT_QUESTION_WORDS: &[&str] = &[
    "hw", "wat", "wut", "wht", "whr", "wher", "wen", "y", "many", "much",
];

/// Whether `plain` words ask for a difference between things ("diff between patriotic ai
/// and woke ai lol"), which a laugh after them does not make a remark ("makes no difference
/// lol" asks nothing).
fn asks_difference(plain: &[String]) -> bool {
    plain.windows(2).any(|pair| {
        matches!(pair[0].as_str(), "diff" | "difference" | "differences")
            && matches!(pair[1].as_str(), "between" | "btwn" | "btw")
    })
}
/// A remark ending on an emoji has at least this many words: a shorter message may ask on
/// ("go on 😂", "and china 💀") or be a keyword query ("hinton 😂").
const MIN_EMOJI_REMARK_WORDS: usize = 3;
/// Emoji of laughter, read as a laugh written out ([`ends_laughing`]).
const LAUGHING_EMOJI: &[char] = &[
    '\u{1f480}', // 💀
    '\u{1f602}', // 😂
    '\u{1f923}', // 🤣
    '\u{1f62d}', // 😭
    '\u{1f606}', // 😆
    '\u{1f639}', // 😹
];

/// Whether `text` ends on an emoji of laughter ([`LAUGHING_EMOJI`]), with no question mark.
fn ends_laughing(text: &str) -> bool {
    !text.contains(QUESTION_MARKS)
        && text
            .trim_end()
            .chars()
            .rev()
            .find(|c| !matches!(c, '\u{200d}' | '\u{fe0f}') && !c.is_whitespace())
            .is_some_and(|c| LAUGHING_EMOJI.contains(&c))
}

/// Emoji of laughter, dismay or irony that end a remark ("woke ai 💀"). Not 🤔 or 👀, which
/// may ask to hear more.
const REMARK_EMOJI: &[char] = &[
    '\u{1f480}', // 💀
    '\u{1f602}', // 😂
    '\u{1f923}', // 🤣
    '\u{1f62d}', // 😭
    '\u{1f62c}', // 😬
    '\u{1f643}', // 🙃
    '\u{1f4ab}', // 💫 (of 😵‍💫)
    '\u{1f635}', // 😵
    '\u{1fae0}', // 🫠
    '\u{1f605}', // 😅
    '\u{1f921}', // 🤡
    '\u{1f644}', // 🙄
    '\u{1f926}', // 🤦
    '\u{1f972}', // 🥲
    '\u{1f606}', // 😆
    '\u{1f639}', // 😹
    '\u{2764}',  // ❤️
    '\u{1f60d}', // 😍
    '\u{1f525}', // 🔥
    '\u{1f44f}', // 👏
];

/// Question marks, the full-width and inverted ones too.
const QUESTION_MARKS: [char; 3] = ['?', '\u{ff1f}', '\u{bf}'];
/// Emoji that wonder, and so may ask to hear more.
const WONDERING_EMOJI: &[char] = &[
    '\u{1f914}', // 🤔
    '\u{1f440}', // 👀
    '\u{1f9d0}', // 🧐
    '\u{1f928}', // 🤨
    '\u{1f615}', // 😕
    '\u{1f64b}', // 🙋
    '\u{2753}',  // ❓
    '\u{2754}',  // ❔
];

/// The words of `text` in lower case, without apostrophes ("that's" is "thats").
fn plain_words(text: &str) -> Vec<String> {
    plain_of(&words(text))
}

/// `plain` without a concession ("whether the us likes it or not", "whether we like it or
/// not"), which asks nothing though it has "whether" and "or": "whether", at most
/// [`CONCESSION_WORDS`] words, then "it or not".
fn without_concession(mut plain: Vec<String>) -> Vec<String> {
    if let Some(at) = plain.iter().position(|w| w == "whether")
        && let Some(end) = (at + 1..plain.len().saturating_sub(2))
            .take(CONCESSION_WORDS + 1)
            .find(|&end| plain[end] == "it" && plain[end + 1] == "or" && plain[end + 2] == "not")
    {
        plain.drain(at..end + 3);
    }
    plain
}
/// At most this many words between "whether" and "it or not" in a concession.
const CONCESSION_WORDS: usize = 4;

/// [`plain_words`] of words already read.
fn plain_of(words: &[Word]) -> Vec<String> {
    words
        .iter()
        .map(|w| {
            w.lower
                .chars()
                .filter(|c| !matches!(c, '\'' | '\u{2019}'))
                .collect()
        })
        .collect()
}

/// Whether `plain` words are an opinion: "robots are cool", "conferences are so boring", of a
/// thing named last ("that is a cool title", "was a wild speech"), or of figures ("those are
/// big numbers").
fn judges(plain: &[String]) -> bool {
    let last_words: Vec<&str> = plain
        .iter()
        .rev()
        .map(String::as_str)
        .skip_while(|w| ends_remark(w) || TRAILING_ADVERBS.contains(w))
        .take(3)
        .collect();
    plain.len() <= MAX_OPINION_WORDS
        && match last_words.as_slice() {
            [last, ..] if JUDGEMENTS.contains(last) => true,
            [last, judgement, ..] if names_figures(last) => JUDGEMENTS.contains(judgement),
            [_, judgement, article, ..] => {
                JUDGEMENTS.contains(judgement) && matches!(*article, "a" | "an")
            }
            _ => false,
        }
        && plain.iter().any(|w| COPULAS.contains(&w.as_str()))
}

/// Adverbs that may close an opinion after its judgement ("safety standards are good
/// actually").
const TRAILING_ADVERBS: &[&str] = &[
    "actually", "honestly", "really", "tho", "though", "too", "lowkey", "tbh", "ngl",
];

/// Words that name figures ("numbers", "stats"): the matcher's `names_figures`, as its own
/// list, since small talk must not import the matcher (see [`INVERTING`]).
const FIGURES: &[&str] = &["numbers", "stats", "statistics"];

fn names_figures(word: &str) -> bool {
    FIGURES.contains(&word)
}

/// A quotation is taken out of a remark only when this many words are left around it.
const MIN_AROUND_QUOTE: usize = 3;

/// `text` without what it quotes in double quotes, straight or curly, if it quotes anything.
fn unquoted(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    // The mark that closes the quotation open, if any.
    let mut open: Option<char> = None;
    let mut quoted = false;
    for (at, &c) in chars.iter().enumerate() {
        let before = at.checked_sub(1).map(|b| chars[b]);
        let after = chars.get(at + 1).copied();
        let letter = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        // A single quotation mark opens before a word and closes after one; between letters
        // it is an apostrophe ("that's").
        let mark = match (open, c) {
            (None, '"') => Some('"'),
            (None, '\u{201C}') => Some('\u{201D}'),
            (None, '\'' | '\u{2018}') if !letter(before) && letter(after) => {
                Some(if c == '\'' { '\'' } else { '\u{2019}' })
            }
            (Some(close), _)
                if c == close && (close == '"' || close == '\u{201D}' || !letter(after)) =>
            {
                open = None;
                out.push(' ');
                continue;
            }
            _ => None,
        };
        if let Some(close) = mark {
            open = Some(close);
            quoted = true;
            out.push(' ');
        } else if open.is_none() {
            out.push(c);
        }
    }
    // An unclosed quote quotes nothing.
    (quoted && open.is_none()).then_some(out)
}

/// `word` with letters doubled or more read once ("lmaooo" as "lmao", "soooo" as "so").
fn squeezed(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// Whether `words` ask something: a question word, in chat spelling too, or one of `also`.
fn asks_after(words: &[String], also: &[&str]) -> bool {
    words.iter().any(|w| {
        let w = w.as_str();
        QUESTION_WORDS.contains(&w) || CHAT_QUESTION_WORDS.contains(&w) || also.contains(&w)
    })
}

/// `text` past a "tldr" that heads a summary the asker tells ("tl;dr china wants a global ai
/// club", "tldr: china says share, us says go fast"): a subject, then a verb that tells within
/// three words, and nothing that asks or requests. `text` itself otherwise: "tldr us vs china
/// approach" and "tldr what does beijing want" ask for one.
fn past_told_summary(text: &str) -> &str {
    let plain = plain_words(text);
    let heading = match plain.as_slice() {
        [tldr, ..] if tldr == "tldr" => 1,
        [tl, dr, ..] if tl == "tl" && dr == "dr" => 2,
        _ => return text,
    };
    let rest = &plain[heading..];
    let tells = rest.len() >= 3
        && !TELLING.contains(&rest[0].as_str())
        && !INVERTING.contains(&rest[0].as_str())
        && rest[1..4.min(rest.len())]
            .iter()
            .any(|w| TELLING.contains(&w.as_str()))
        && !asks_or_requests(rest)
        && !text.contains(QUESTION_MARKS);
    if !tells {
        return text;
    }
    let end = words(text)[heading - 1].end;
    text[end..]
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim_end()
}

/// Whether any of `words` asks ([`asks_after`]) or is a request word ([`is_request_word`]).
fn asks_or_requests(words: &[String]) -> bool {
    asks_after(words, &[]) || requests_among(words, is_request_word)
}

/// Whether `words` hold a word that `requests` ([`is_request_word`] or part of it), as asking:
/// not "know" of what the asker did not know ("didnt know that was a job", "never know what
/// they'll call it next"), which tells.
fn requests_among(words: &[String], requests: impl Fn(&str) -> bool) -> bool {
    // "And here i am asking a bot for a summary": the asker telling what they do, not asking
    // for it, nor for what they ask the bot for.
    let asks_a_bot = |at: usize| {
        matches!(words[at].as_str(), "asking" | "ask")
            && matches!(
                &words[at + 1..],
                [a, bot, ..] if matches!(a.as_str(), "a" | "an" | "the" | "this")
                    && matches!(bot.as_str(), "bot" | "chatbot" | "ai")
            )
    };
    let told_until = (0..words.len())
        .find(|&at| asks_a_bot(at))
        .unwrap_or(words.len());
    words[..told_until].iter().enumerate().any(|(at, w)| {
        // "We all know", "as we know" tell what everyone knows.
        let known = w == "know"
            && at > 0
            && (matches!(words[at - 1].as_str(), "didnt" | "never" | "all")
                || at > 1 && words[at - 1] == "we" && words[at - 2] == "as");
        requests(w) && !known
    })
}

/// Whether `word` is one of [`REMARK_ENDINGS`], however long it is spelt ("lmaooo").
fn ends_remark(word: &str) -> bool {
    let word = squeezed(word);
    REMARK_ENDINGS.iter().any(|r| squeezed(r) == word)
}

/// Question words that make a message ending on an emoji ask ("who announced it 😂").
const QUESTION_WORDS: &[&str] = &[
    "who", "whom", "whose", "what", "whats", "when", "where", "why", "how", "which",
];
/// Whether `word` asks by itself, as written or as chat spells it ("hw", "wat", "many").
fn is_question_word(word: &str) -> bool {
    QUESTION_WORDS.contains(&word) || CHAT_QUESTION_WORDS.contains(&word)
}

/// Words that make a remark about what is said a generalization ("every politician says
/// that", "they always say that").
const EVERYONE: &[&str] = &[
    "every",
    "everyone",
    "everyones",
    "everybody",
    "all",
    "always",
    "typical",
];
/// The bot's names, which may stand inside a small-talk phrase ("how does this bot work").
const BOT_NAMES: &[&str] = &["bot", "bots", "storybot"];
/// Laughs and chat asides that end a remark ("to be honest", "shaking my head").
const REMARK_ENDINGS: &[&str] = &[
    "lol", "lmao", "lmfao", "haha", "hahaha", "rofl", "xd", "lolol", "smh", "tbh", "ngl", "imo",
    "imho", "fr", "w", "l", "af", "asf",
    // British chat's tag of agreement ("big day for him innit"): every blind writer used it so.
    "innit",
];
/// Asides of surprise, or of its lack, or of cheer, that close a remark ("didn't see that
/// coming", "lol imagine", "let's gooo"), however long their words are spelt.
const REMARK_ASIDES: &[&str] = &[
    "goes hard",
    "go hard",
    "slaps",
    "hits different",
    "didnt know that",
    "good to know",
    "makes sense",
    "fair enough",
    "classic",
    "of course",
    "just saying",
    "just sayin",
    "respect",
    "as usual",
    "didnt see that coming",
    "saw that coming",
    "called it",
    "who knew",
    "not surprised",
    "no surprise",
    "as expected",
    "go figure",
    "imagine",
    "lets go",
    "never gets old",
    "hits close to home",
    "on paper",
    "the usual suspects",
    "usual suspects",
    "of course he was",
    "of course it was",
    "of course it is",
    "of course they did",
    "of course he did",
    "didnt know",
    "never knew",
    "cant make this up",
    "calling it now",
    "quite right",
    "quite right too",
    "no kidding",
    "no duh",
    "duh",
    "nothing new",
    "im in",
    "count me in",
    "sign me up",
    "at least",
    "obviously",
    "ofc",
    "naturally",
    "we get it",
    "i get it",
    "change my mind",
    "everyone knows it",
    "we all know it",
    "we know who",
    "i believe it",
    "believe it",
    "easier said than done",
    "easier said then done",
    "if it actually happens",
    "if it ever happens",
    "if it happens",
    "doing a lot of work there",
    "doing a lot of heavy lifting",
    "says it all",
    "that says it all",
    "sure thing",
];
/// Openings that say the rest is the asker's own view ("i think ...", "ngl ..."), besides
/// [`IMPRESSIONS`].
const OPINION_OPENINGS: &[&str] = &[
    "i think",
    "i feel like",
    "i guess",
    "i bet",
    // "Bet" alone is chat's "ok" ("bet, the chips part"); before a subject it wagers.
    "bet nobody",
    "bet no one",
    "bet noone",
    "bet they",
    "bet he",
    "bet she",
    "bet you",
    "bet u",
    "i reckon",
    "i believe",
    "imo",
    "imho",
    "ngl",
    "tbh",
    "honestly",
    "id rather",
    "rip",
    "no way",
    "imagine",
    "cant wait",
    "cannot wait",
    "back to",
    "big if true",
    "interesting that",
    "funny that",
    "wild that",
    "crazy that",
    "weird that",
    "cool that",
    "nice that",
    "sad that",
    "glad that",
    "good that",
    "glad to see",
    "good to see",
    "nice to see",
    "love to see",
    "finally someone",
    "finally somebody",
    "calling it now",
    "called it",
    "prediction",
    "bold prediction",
    "hot take",
    "unpopular opinion",
    "calling it",
    // Agreeing or not with what was said or read ("agree with the article tbh, ...",
    // "disagree, deregulation is ...").
    "agree",
    "agreed",
    "disagree",
    "i agree",
    "i disagree",
    "totally agree",
    "strongly agree",
    "strongly disagree",
];
/// Acknowledgements that may close a remark after a comma ("data hubs, sure") or open one
/// ("fair, it kinda is").
const CLOSING_ACKS: &[&str] = &[
    "ok", "okay", "sure", "fine", "noted", "gotcha", "cool", "fair", "yeah",
];
/// Words that say nothing of a subject, after an acknowledgement ("fair, it kinda is").
const SMALL_WORDS: &[&str] = &[
    "it", "its", "is", "was", "kinda", "sorta", "really", "sure", "does", "did", "they", "are",
    "that", "thats", "true", "so", "very", "pretty", "much", "i", "guess", "suppose",
];

/// Words that make a short message saying again what was just read a remark on it ("800??
/// insane", "shanghai hq, figured", "hinton again huh", "widespread attention indeed"),
/// besides [`REACTIONS`], [`JUDGEMENTS`], [`CLOSING_ACKS`] and laughs.
const ECHO_REMARKS: &[&str] = &[
    "again",
    "huh",
    "indeed",
    "figures",
    "obviously",
    "ofc",
    "true",
    "ikr",
    "yep",
    "yup",
    "lit",
    "short",
    "long",
];
/// Words that say nothing in such a message ("yeah jobs is the big one").
const ECHO_SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "one", "all", "just", "that", "thing", "things", "stuff", "part", "bit",
    "guy",
];
/// Such a message has at most this many words.
const MAX_ECHO_WORDS: usize = 6;

/// The clauses of `text`: split at commas, and at full stops that end a sentence ("ah so
/// multilateralism. got it"), not those inside a word ("u.s.").
fn clauses(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (end, width) = rest
            .char_indices()
            .find(|&(at, c)| {
                c == ','
                    || c == '.' && rest[at + 1..].starts_with(char::is_whitespace)
                    // "40 llms 😭 we only need like 2": an emoji between words parts them.
                    || is_emoji(c) && rest[at + c.len_utf8()..].contains(char::is_alphanumeric)
            })
            .map_or((rest.len(), 0), |(at, c)| (at, c.len_utf8()));
        let clause = &rest[..end];
        rest = rest.get(end + width..).unwrap_or_default();
        Some(clause)
    })
}

/// Whether `c` is an emoji (a pictograph, a dingbat or a letter of a flag). The remark
/// model's features read emoji so too (`scripts/train-remarks.py`).
fn is_emoji(c: char) -> bool {
    ('\u{1F000}'..='\u{1FAFF}').contains(&c) || ('\u{2600}'..='\u{27BF}').contains(&c)
}

/// Whether `clause`, after a comma, closes a remark: a judgement of a thing ("wild lineup"),
/// "quite the phrase", or an acknowledgement ("sure", "got it", "ok got it", "makes sense").
fn closes_a_remark(clause: &[String]) -> bool {
    let got_it = |got: &str, it: &str| got == "got" && it == "it";
    match clause {
        [first, second] => {
            JUDGEMENTS.contains(&first.as_str())
                // "engine for growth, very corporate": a quality said of it.
                || matches!(first.as_str(), "very" | "so" | "pretty" | "quite" | "super")
                    && !QUESTION_WORDS.contains(&second.as_str())
                // "a few corporations, sounds right".
                || matches!(first.as_str(), "sounds" | "seems" | "looks")
                    && (JUDGEMENTS.contains(&second.as_str())
                        || matches!(second.as_str(), "right" | "true" | "fair" | "about"))
                || got_it(first, second)
                || first == "makes" && second == "sense"
                || first == "i" && second == "see"
        }
        [quite, the, _] if quite == "quite" && the == "the" => true,
        [ack, got, it] if got_it(got, it) => {
            CLOSING_ACKS.contains(&ack.as_str()) || matches!(ack.as_str(), "ah" | "oh")
        }
        // "Very dramatic ending", "very neutral location": a quality said of a thing.
        [very, judgement, _]
            if matches!(very.as_str(), "very" | "so" | "pretty" | "quite" | "super")
                && JUDGEMENTS.contains(&judgement.as_str()) =>
        {
            true
        }
        [very, quality, thing]
            if matches!(
                very.as_str(),
                "very" | "pretty" | "quite" | "super" | "rather"
            ) && ![quality, thing].iter().any(|w| {
                QUESTION_WORDS.contains(&w.as_str()) || matches!(w.as_str(), "many" | "much")
            }) =>
        {
            true
        }
        // "Big day for shanghai", "bold move by beijing": a judgement opening a few words.
        [judgement, rest @ ..]
            if (2..=3).contains(&rest.len()) && JUDGEMENTS.contains(&judgement.as_str()) =>
        {
            !rest.iter().any(|w| QUESTION_WORDS.contains(&w.as_str()))
        }
        // "Could have been a 3 point plan", "would have been entertaining": what might have
        // been, said of what came before.
        [modal, have, rest @ ..] if modal_ellipsis(modal, Some(have.as_str())) => {
            !rest.iter().any(|w| QUESTION_WORDS.contains(&w.as_str()))
        }
        // "Shocking", "pain": one word that judges what came before.
        [ack] => {
            CLOSING_ACKS.contains(&ack.as_str())
                || ack == "understood"
                || JUDGEMENTS.contains(&ack.as_str())
        }
        _ => false,
    }
}
/// Whether a clause of `text` (after a comma, colon, dash or emoji) opens with a verb that
/// asks, past openers and `filler`: "librarian here, is china's approach more open", "diff
/// q: was musk at the shanghai thing", "nurse here on break 😅 did china say ...".
fn asks_in_a_clause(text: &str, filler: impl Fn(&str) -> bool) -> bool {
    // One pass: at a clause's start, and past "so", "and" or "but" inside it ("journalism is
    // my field so is ai a risk to it"), the first word that is neither opener nor filler.
    text.split(|c: char| {
        !(c.is_alphanumeric() || c.is_whitespace() || matches!(c, '\'' | '\u{2019}'))
    })
    .any(|clause| {
        let mut at_start = true;
        let words = plain_words(clause);
        words.iter().enumerate().any(|(at, w)| {
            let opener = OPENERS.contains(&w.as_str());
            let asks = at_start
                && !opener
                && !filler(w)
                && INVERTING.contains(&w.as_str())
                && !modal_ellipsis(w, words.get(at + 1).map(String::as_str));
            if opener {
                at_start = true;
            } else if !filler(w) {
                at_start = false;
            }
            asks
        })
    })
}

/// Where `phrase` (words split by spaces) stands in `plain`: the index just past each place.
fn phrase_at<'a>(plain: &'a [String], phrase: &'a str) -> impl Iterator<Item = usize> + 'a {
    let length = phrase.split(' ').count();
    plain
        .windows(length)
        .enumerate()
        .filter_map(move |(at, window)| {
            window
                .iter()
                .zip(phrase.split(' '))
                .all(|(word, p)| word == p)
                .then_some(at + length)
        })
}

/// Whether the words of `plain` from `at`, where it starts to say something, open by asking
/// ([`opens_by_asking`]); None when nothing is said from there.
fn opens_by_asking_from(plain: &[String], at: usize) -> Option<bool> {
    plain
        .get(at)
        .map(|first| opens_by_asking(first, plain.get(at + 1).map(String::as_str)))
}

/// Whether `first`, then `next`, opens a message by asking: a verb before its subject ("did
/// elon skip it", not "could have been"), a request ("explain the plan", "keep going") or
/// "anyone".
fn opens_by_asking(first: &str, next: Option<&str>) -> bool {
    INVERTING.contains(&first) && !modal_ellipsis(first, next)
        || IMPERATIVES.contains(&first)
        || matches!(
            (first, next),
            ("keep", Some("going" | "on")) | ("go" | "carry", Some("on"))
        )
        || matches!(first, "any" | "anyone" | "anybody" | "someone" | "somebody")
}

/// Whether `word` makes a message ask wherever it stands: a question word (as chat misspells
/// it too: "wich", "waht"), an alternative ("real or just talk"), a tag ("right", "huh"), a
/// request for a summary ("tldr"), a question named or something left open ("... said
/// something about").
fn asks_by_word(word: &str) -> bool {
    word == "or"
        || is_question_word(word)
        || misspells_a_question_word(word)
        || QUESTION_TAGS.contains(&word)
        || SUMMARY_REQUESTS.contains(&word)
        || matches!(
            word,
            "q" | "qs" | "question" | "something" | "smth" | "sth" | "anything"
        )
}

/// Whether `verb`, then `next`, opens a clause whose subject is left out rather than put
/// after the verb: "could have been a 3 point plan", "would be nice" tell; "could it" asks.
fn modal_ellipsis(verb: &str, next: Option<&str>) -> bool {
    matches!(verb, "could" | "would" | "should" | "might" | "must")
        && matches!(next, Some("have" | "of" | "be" | "been" | "ve"))
}

/// What "want to" may want that asks nothing of the bot ("i want to go one day").
const TRIPS: &[&str] = &["go", "visit", "attend", "travel", "move", "live", "work"];

/// A statement of at least this many words may be a remark ([`DECLARING`]).
const MIN_DECLARED_WORDS: usize = 6;
/// Verbs that tell: a message with one, at length, and nothing that asks, states. Not "said"
/// or "says", which a request for a quote may be worded around ("li said something about
/// chips").
const DECLARING: &[&str] = &[
    "is", "are", "was", "were", "isnt", "arent", "wasnt", "werent", "thats", "its", "theyre", "im",
    "hes", "shes", "be", "been", "love", "loves", "hate", "hates", "care", "cares", "think",
    "thinks", "seems", "looks", "sounds", "feels", "feel", "gonna", "going", "got", "gets",
    "makes", "made", "goes", "went", "want", "wanna",
];
/// A statement told by word order alone ([`SmallTalk::remark`]'s `tells`) has at least this
/// many words: fewer may be a keyword query with a verb in it ("hinton was there").
const MIN_TOLD_WORDS: usize = 5;
/// The "-ing" word of a scene the asker tells ("me reading ...") has at least this many
/// letters: not "me thing".
const MIN_SCENE_VERB: usize = 5;
/// A message read by the remark model ([`SmallTalk::remark_odds`]) has at least this many
/// words, and the model's log-odds for a remark above this: one or two words are keyword
/// queries far more often than the sets' small talk ("shanghai", "3000 innovations").
const MIN_REMARK_WORDS: usize = 3;
/// After an answer, two words are enough for the model to read: there they are a reaction
/// ("big crowd", "very corporate") far more often than a keyword query. Held out by set
/// file, 2 of the eval's 961 two-word follow-up questions without a mark scored above
/// [`MIN_REMARK_ODDS`], and 777 of its 804 two-word reactions.
const MIN_REMARK_WORDS_AFTER_ANSWER: usize = 2;
/// The log-odds above which the remark model's reading declines a message
/// ([`SmallTalk::remark_odds`]): held out by set file, 0.34% of the eval's questions without
/// a mark score above it.
pub const MIN_REMARK_ODDS: f32 = 2.0;
/// Words that ask wherever they stand, of a message the remark model reads, besides the
/// [`PLAIN_REQUESTS`]: a correction ("i meant the robots"), an alternative and a thing asked
/// for ("something", "q"). The [`CONTEXT_REQUESTS`] ("want", "heard", "yeah") ask or tell by
/// the words around them, which the model weighs.
const ASKING_WORDS: &[&str] = &[
    "meant",
    "or",
    "q",
    "qs",
    "something",
    "smth",
    "sth",
    "anything",
];
/// Verbs and verb-like words that tell, after a subject: "... gets invited", "... wont join",
/// "... really said", "... gonna".
const TELLING: &[&str] = &[
    "is", "are", "was", "were", "isnt", "arent", "wasnt", "werent", "said", "says", "gets", "got",
    "goes", "went", "wants", "knew", "knows", "keeps", "loves", "hates", "has", "had", "hasnt",
    "hadnt", "cant", "wont", "didnt", "doesnt", "dont", "gonna", "will", "really", "always",
    "never", "made", "makes", "took", "takes", "showed", "shows", "skipped", "missed",
];
/// Words by which a statement carries the teller's view or forecast ("is very france",
/// "really said", "is real tho", "gonna tech giant", "wont join").
const ATTITUDE: &[&str] = &[
    "very",
    "really",
    "so",
    "literally",
    "totally",
    "super",
    "tho",
    "though",
    "rn",
    "af",
    "lowkey",
    "highkey",
    "honestly",
    "obviously",
    "clearly",
    "basically",
    "gonna",
    "wont",
    "cant",
    "will",
    "always",
    "bet",
    "probably",
    "prob",
    "def",
    "definitely",
    "surely",
];
/// Things read that a message may praise or thank for, of what they were on ("good read on
/// the waic thing"): not "summary", which is asked for ("quick summary of the plan").
const READ_THINGS: &[&str] = &[
    "read",
    "article",
    "story",
    "piece",
    "writeup",
    "info",
    "stuff",
    "answer",
    "answers",
    "news",
    "breakdown",
    "overview",
    "explanation",
    "post",
    "reporting",
    "coverage",
];
/// Words of praise or thanks for something read ([`READ_THINGS`]).
const PRAISING: &[&str] = &[
    "good",
    "nice",
    "great",
    "interesting",
    "cool",
    "solid",
    "fun",
    "fascinating",
    "informative",
    "excellent",
    "neat",
    "awesome",
    "amazing",
    "helpful",
    "useful",
    "thanks",
    "thx",
    "ty",
    "thank",
    "thanx",
    "tysm",
    "love",
    "loved",
    "appreciate",
];
/// The small words between praise and the thing read ("thanks for the info", "really good
/// read", "loved this piece").
const PRAISE_FILLER: &[&str] = &[
    "you", "u", "for", "the", "that", "this", "a", "an", "really", "very", "so", "quite", "such",
    "pretty", "super", "ok", "lol",
];
/// Who a chat message addresses before it says anything ("bruh", "guys").
const ADDRESSED: &[&str] = &[
    "bruh", "bro", "dude", "man", "guys", "yall", "fam", "mate", "folks", "bot", "chat", "lads",
    "gang", "peeps", "gents",
];
/// Whether `word` is a question word misspelt by one letter ("wich", "waht", "whihc"), as
/// chat types them: only the longer ones, and not the words one letter away from them
/// ("were", "whole").
pub fn misspells_a_question_word(word: &str) -> bool {
    (4..=6).contains(&word.len())
        && word.starts_with('w')
        && !matches!(
            word,
            "were" | "whole" | "wheat" | "whale" | "whine" | "white" | "wear"
        )
        && ["what", "which", "where", "whats", "wheres", "whose"]
            .iter()
            .any(|q| *q != word && strsim::osa_distance(word, q) == 1)
}
/// Whether `plain` ends on a subject and its auxiliary, a statement cut short ("sure he
/// didnt", "china wants rules, us doesnt"), not a tag that asks ("he did, didnt he").
fn ends_elliptically(plain: &[String]) -> bool {
    matches!(plain, [.., subject, aux]
        if !TELLING.contains(&subject.as_str())
            && !INVERTING.contains(&subject.as_str())
            && matches!(aux.as_str(), "isnt" | "wasnt" | "didnt" | "doesnt" | "arent"))
}
/// Tags that turn a statement into a question ("china is leading huh", "that's the us
/// right").
const QUESTION_TAGS: &[&str] = &[
    "huh", "right", "correct", "yes", "no", "eh", "wtf", "isnt", "wasnt", "didnt", "doesnt",
    "arent", "innit", "yeah", "ya",
];
/// Words by which a statement at length judges or speaks of the asker: besides
/// [`JUDGEMENTS`], "the least surprising", "the only part i care about".
const STANDPOINT_WORDS: &[&str] = &[
    "least",
    "most",
    "only",
    "care",
    "love",
    "hate",
    "i",
    "im",
    "my",
    "me",
    "we",
    "our",
    "better",
    "worse",
    "best",
    "worst",
    "just",
    "literally",
    "basically",
    "actually",
    "such",
    "whole",
];
/// Rhetorical questions that close a remark, asking nothing ("..., what could possibly go
/// wrong").
const RHETORICAL_ENDINGS: &[&str] = &[
    "what could possibly go wrong",
    "what could go wrong",
    "what else is new",
    "tell me something new",
    "who knew",
    "who would have thought",
    "who wouldve thought",
    "who could have guessed",
    "what a surprise",
    "just what we needed",
    "just what we need",
    "just what the world needed",
    "just what the world needs",
    "exactly what we needed",
    "isnt that what everyone says",
    // Not a question, but a question word in it: what comes before it decides.
    "i said what i said",
    "ill believe it when i see it",
    "believe it when i see it",
    // Verdicts closing a remark ("news outlets losing traffic to ai summaries sounds about
    // right", "... getting wrecked, nothing new").
    "sounds about right",
    "sounds right",
    "checks out",
    "that tracks",
    "nothing new",
    "is right",
    "is spot on",
    "thats what matters",
    "well well",
    "well well well",
    "times have changed",
    "how times have changed",
    "like it or not",
    // Sighs that ask nothing ("woke ai lol what next", "2025 already, where does the time
    // go").
    "what next",
    "what even",
    "where does the time go",
    "where did the time go",
    // A shrug at the words before it ("media ecosystems lol whatever that means").
    "whatever that means",
    "whatever that even means",
    "whatever that is",
];

/// At most this many words in a surprised statement and in the remark after it ("france has an
/// ai envoy?? thats wild").
const MAX_SURPRISE_REMARK_WORDS: usize = 6;

/// Verbs of a one-word verdict closing a remark ("chipmaking equipment, sounds expensive",
/// "the data hubs part looks solid").
const VERDICT_VERBS: &[&str] = &["sounds", "seems", "looks"];

/// The length of a one-word verdict ending `body` ("sounds expensive"), if it ends so after
/// other words: a verb of [`VERDICT_VERBS`] and a word that asks nothing.
fn verdict_ending(body: &[String]) -> Option<usize> {
    match body {
        [_, .., verb, word]
            if VERDICT_VERBS.contains(&verb.as_str())
                && word.chars().all(|c| c.is_ascii_alphabetic())
                && !is_question_word(word)
                && !matches!(word.as_str(), "like" | "to" | "so") =>
        {
            Some(2)
        }
        _ => None,
    }
}
/// Verbs after "who even" that ask what nobody does ("who even reads 13-point plans").
const NOBODY_DOES: &[&str] = &[
    "reads",
    "cares",
    "asked",
    "uses",
    "needs",
    "wants",
    "remembers",
    "believes",
    "trusts",
    "likes",
    "watches",
    "says",
    "talks",
    "names",
    "calls",
];
/// Openings of a question the asker asks about themselves ("am i the only one who ...").
const RHETORICAL: &[&str] = &["am i the only one", "is it just me"];
/// A word said this many times in a row, and nothing else, is a chant, not a question.
const MIN_CHANT: usize = 3;
/// Words that still ask when chanted ("why why why", "more more more").
const INSISTING: &[&str] = &["why", "how", "what", "who", "where", "when", "more", "huh"];
/// An exclamation without "!" ("what a day") has at most this many words.
const MAX_EXCLAMATION_WORDS: usize = 3;
/// A remark on what something is to the asker ("hinton is my hero") has at most this many
/// words.
const MAX_MINE_WORDS: usize = 5;
/// An opinion ("robots are cool") has at most this many words.
const MAX_OPINION_WORDS: usize = 8;
/// Words that judge, ending an opinion.
const JUDGEMENTS: &[&str] = &[
    "cool",
    "big",
    "massive",
    "good",
    "bad",
    "smart",
    "wrong",
    "boring",
    "scary",
    "creepy",
    "amazing",
    "awesome",
    "great",
    "huge",
    "wild",
    "crazy",
    "insane",
    "dumb",
    "stupid",
    "overrated",
    "underrated",
    "overhyped",
    "interesting",
    "fascinating",
    "impressive",
    "terrifying",
    "terrible",
    "awful",
    "fun",
    "funny",
    "hilarious",
    "sus",
    "mid",
    "cringe",
    "nuts",
    "weird",
    "strange",
    "odd",
    "sad",
    "cute",
    "neat",
    "dope",
    "lame",
    "annoying",
    "wholesome",
    "bleak",
    "pretty",
    "beautiful",
    "gorgeous",
    "busy",
    "classic",
    "typical",
    "predictable",
    "iconic",
    "legit",
    "based",
    "fire",
    "peak",
    "messy",
    "chaotic",
    "shady",
    "sketchy",
    "bold",
    "brave",
    "genius",
    "ironic",
    "unreal",
    "incredible",
    "brand",
    "vibes",
    "vibe",
    "mood",
    "pointed",
    "spicy",
    "harsh",
    "savage",
    "ambitious",
    "happy",
    "fancy",
    "nice",
    "decent",
    "shocking",
    "surprising",
    "unsurprising",
    "dramatic",
    "subtle",
    "pain",
    "painful",
    "exhausting",
    "promising",
    "ridiculous",
    "absurd",
    "dystopian",
    "naive",
    "pointless",
    "hypocritical",
    "unrealistic",
    "shocker",
    "relatable",
    // "The man is everywhere", "they're everywhere": said of someone, a judgement.
    "everywhere",
];
/// Words that give the asker's impression, opening a remark ("sounds like a UN for AI") or
/// in one at length ("60 robots in one place sounds like a movie").
const IMPRESSIONS: &[&str] = &["sounds like", "seems like", "looks like", "feels like"];
/// Whether `plain` words want something told ([`TOLD_THINGS`], or figures and names) within a
/// few words of "want" or "need": "ngl i just want the li qiang quotes, all of em", "need the
/// numbers". Not "want to see the 60 robots do a dance".
fn wants_told(plain: &[String]) -> bool {
    plain.iter().enumerate().any(|(at, w)| {
        matches!(w.as_str(), "want" | "wanna" | "need" | "needed")
            && plain[at + 1..].iter().take(4).any(|thing| {
                TOLD_THINGS.contains(&thing.as_str()) && thing != "one"
                    || thing
                        .strip_suffix('s')
                        .is_some_and(|one| TOLD_THINGS.contains(&one))
                    || names_figures(thing)
                    || matches!(thing.as_str(), "facts" | "names")
            })
    })
}

/// Things a message may want to be told ("i want a summary", "i want an explanation"): a
/// request, not a thing wanted.
const TOLD_THINGS: &[&str] = &[
    "summary",
    "explanation",
    "answer",
    "quote",
    "list",
    "breakdown",
    "recap",
    "overview",
    "tldr",
    "rundown",
    "source",
    "link",
    "detail",
    "details",
    "short",
    "quick",
    "simple",
    "better",
    "clear",
    "clearer",
    "one",
    "word",
    "sentence",
    "gist",
    "update",
];
/// Superlatives that make a message ending in "ever" hyperbole ("best keynote ever").
const SUPERLATIVES: &[&str] = &[
    "best", "worst", "biggest", "greatest", "dumbest", "wildest", "weirdest", "funniest", "most",
    "least",
];
/// Words that may stand between a verb and the judgement it links ("is actually a decent
/// idea", "sounds really nice").
const INTENSIFIERS: &[&str] = &[
    "actually",
    "really",
    "kinda",
    "kind",
    "of",
    "pretty",
    "so",
    "very",
    "quite",
    "honestly",
    "lowkey",
    "highkey",
    "genuinely",
    "just",
    "such",
    "totally",
    "super",
    "rather",
    "a",
    "an",
    "bit",
    "lil",
    "little",
    "too",
];
/// Verbs that link an opinion to what it is about.
const COPULAS: &[&str] = &[
    "is", "are", "r", "was", "were", "be", "isnt", "arent", "thats", "its", "theyre", "seems",
    "seem", "looks", "look", "sounds", "sound", "feels", "getting", "gets",
];
/// Verbs that ask when they come before their subject ("should i", "is it"). Like the
/// matcher's auxiliaries, but its own list: small talk is read by the knowledge pack, which the
/// matcher depends on, so it must not import the matcher (`tests/architecture.rs`).
const INVERTING: &[&str] = &[
    "is", "are", "was", "were", "do", "does", "did", "can", "could", "should", "would", "will",
    "has", "have", "may", "might", "must", "shall",
];
/// Whether `word`, after "do", may be its subject: a pronoun or article ("does the plan"),
/// or a possessive or plural noun ("does chinas plan", "do robots"), not a verb ("do look").
fn looks_like_subject(word: &str) -> bool {
    PRONOUNS.contains(&word)
        || matches!(word, "the" | "a" | "an")
        || word.len() > 3 && word.ends_with('s') && !word.ends_with("ss")
}

/// How riddles open ("why did the robot go to waic?", "what do you call a robot that ...?").
const RIDDLE_OPENINGS: &[&[&str]] = &[
    &["why", "did", "the"],
    &["why", "does", "the"],
    &["why", "do"],
    &["what", "do", "you", "call"],
    &["what", "did", "the"],
    &["how", "do", "you"],
];
/// Words by which a punchline speaks of the asker ("because i have no idea lol"): then the
/// question was asked, not told.
const FIRST_PERSON: &[&str] = &["i", "im", "ive", "id", "me", "my", "we", "us", "our"];

/// Whether `text` tells a riddle with its own punchline: a question that opens as riddles do,
/// then its answer opening "to" or "because", ending in a laugh ("why did the robot go to
/// waic? to meet its 59 cousins lol"). A question followed by the asker's own reason ("what
/// is woke ai? because i have no idea lol") still asks.
fn tells_a_riddle(text: &str) -> bool {
    let Some((question, punchline)) = text.split_once('?') else {
        return false;
    };
    let lower = |text: &str| -> Vec<String> {
        words(text)
            .into_iter()
            .map(|w| w.lower.replace(['\'', '\u{2019}'], ""))
            .collect()
    };
    let (question, punchline) = (lower(question), lower(punchline));
    let opens_as_riddle = RIDDLE_OPENINGS
        .iter()
        .any(|o| question.len() > o.len() && question.iter().zip(o.iter()).all(|(w, o)| w == o));
    opens_as_riddle
        && !punchline.iter().any(|w| FIRST_PERSON.contains(&w.as_str()))
        && matches!(
            punchline.as_slice(),
            [first, _, .., last]
                if matches!(first.as_str(), "to" | "because" | "cause" | "cuz" | "coz" | "bc")
                    && ends_remark(last)
        )
}

/// Words that may come before a message's first real word: a request's verb ("ok give me the
/// gist") or a question's opening verb ("so is it ...").
const OPENERS: &[&str] = &[
    "so", "and", "but", "ok", "okay", "k", "alright", "then", "also", "wait", "hmm", "well", "yo",
    "hey", "hi", "hello", "now", "pls", "plz", "please", "like",
];
/// The subjects a verb asks before further into a message ("as a journalist should i"): a
/// verb before an article there is mostly a statement's ("shanghai is a cool city").
const PRONOUNS: &[&str] = &[
    "i", "you", "u", "we", "they", "he", "she", "it", "this", "that", "there",
];
/// Requests for a summary, which make a message ask when they close it, before any laugh
/// ("US strategy in one word lol"); not "in short, trump wants zero rules lol".
const SUMMARY_REQUESTS: &[&str] = &[
    "in one word",
    "in a word",
    "in one sentence",
    "in a sentence",
    "in one line",
    "in short",
    "in a nutshell",
    "tldr",
    "tl dr",
    "eli5",
];
/// Words by which a message about the asker asks for something ("i want to know ...", "i
/// don't get the chips thing", "i forgot who spoke", "my teacher says china proposed it, true"):
/// the [`PLAIN_REQUESTS`] and the [`CONTEXT_REQUESTS`].
fn is_request_word(word: &str) -> bool {
    PLAIN_REQUESTS.contains(&word) || CONTEXT_REQUESTS.contains(&word)
}
/// Request words that ask wherever they stand, even in a message the remark model reads:
/// "know", "explain", "pls", "tldr".
const PLAIN_REQUESTS: &[&str] = &[
    "know",
    "learn",
    "understand",
    "tell",
    "explain",
    "explained",
    "info",
    "information",
    "wonder",
    "wondering",
    "curious",
    "question",
    "questions",
    "ask",
    "asking",
    "please",
    "pls",
    "plz",
    "confirm",
    "summary",
    "tldr",
];
/// Request words that ask or tell by the words around them: "i want to know" asks, "i want
/// one of those robots" tells; "heard", "true", "right".
const CONTEXT_REQUESTS: &[&str] = &[
    "interested",
    "heard",
    "read",
    "saw",
    "seen",
    "need",
    "want",
    "looking",
    "confused",
    "mean",
    "means",
    "talk",
    "discuss",
    "get",
    "sure",
    "unclear",
    "clear",
    "follow",
    "lost",
    "idea",
    "clue",
    "remember",
    "forgot",
    "wanna",
    "true",
    "right",
    "correct",
    "check",
];

/// Collects intents from the built-in file, then a pack's, checking each.
#[derive(Default)]
struct Builder {
    intents: Vec<Intent>,
    phrases: Vec<(Vec<String>, usize)>,
    open: Vec<(Vec<String>, usize)>,
    filler: Vec<String>,
    issues: Vec<Issue>,
}

impl Builder {
    fn apply(&mut self, raw: RawFile, builtin: bool) {
        for word in raw.filler {
            let canonical = words(&word);
            match canonical.as_slice() {
                [one] => self.filler.push(one.canonical.clone()),
                _ => self.problem(None, format!("filler {word:?} must be one word")),
            }
        }
        let mut seen: Vec<String> = Vec::new();
        for intent in raw.smalltalk {
            let id = intent.id.trim().to_owned();
            if id.is_empty()
                || !id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                self.problem(
                    Some(&id),
                    "the id must be kebab-case, such as `greeting`".to_owned(),
                );
                continue;
            }
            if seen.contains(&id) {
                self.problem(Some(&id), "duplicate id in this file".to_owned());
                continue;
            }
            seen.push(id.clone());
            let existing = self.intents.iter().position(|i| i.id == id);
            let index = match existing {
                Some(index) => index,
                None => {
                    let Some(reply) = intent.reply.clone() else {
                        self.problem(Some(&id), "a new intent needs a reply".to_owned());
                        continue;
                    };
                    let special = id == ARITHMETIC || id == GIBBERISH || id == STATEMENT;
                    if !special && intent.phrases.as_ref().is_none_or(Vec::is_empty) {
                        self.problem(Some(&id), "a new intent needs phrases".to_owned());
                        continue;
                    }
                    self.intents.push(Intent {
                        id: id.clone(),
                        reply,
                        opening: false,
                        enabled: true,
                    });
                    self.intents.len() - 1
                }
            };
            if let Some(reply) = &intent.reply {
                match check_reply(reply) {
                    Ok(()) => self.intents[index].reply = reply.trim().to_owned(),
                    Err(message) => self.problem(Some(&id), message),
                }
            }
            if let Some(opening) = intent.opening {
                self.intents[index].opening = opening;
            }
            if let Some(enabled) = intent.enabled {
                self.intents[index].enabled = enabled;
            }
            if intent.replace_phrases {
                self.phrases.retain(|(_, i)| *i != index);
                self.open.retain(|(_, i)| *i != index);
            }
            for phrase in intent.phrases.unwrap_or_default() {
                if let Some(head) = phrase.trim_end().strip_suffix('*') {
                    let canonical: Vec<String> =
                        words(head).into_iter().map(|w| w.canonical).collect();
                    if canonical.len() < 2 || canonical.len() > MAX_PHRASE_WORDS {
                        self.problem(
                            Some(&id),
                            format!("phrase {phrase:?} needs 2 to {MAX_PHRASE_WORDS} words before its `*`"),
                        );
                        continue;
                    }
                    self.open.retain(|(p, _)| *p != canonical);
                    self.open.push((canonical, index));
                    continue;
                }
                let canonical: Vec<String> =
                    words(&phrase).into_iter().map(|w| w.canonical).collect();
                if canonical.is_empty() || canonical.len() > MAX_PHRASE_WORDS {
                    self.problem(
                        Some(&id),
                        format!("phrase {phrase:?} must have 1 to {MAX_PHRASE_WORDS} words"),
                    );
                    continue;
                }
                if builtin && self.phrases.iter().any(|(p, _)| *p == canonical) {
                    self.problem(Some(&id), format!("phrase {phrase:?} is in two intents"));
                    continue;
                }
                // A pack's phrase moves to its intent.
                self.phrases.retain(|(p, _)| *p != canonical);
                self.phrases.push((canonical, index));
            }
        }
        if self.intents.len() > MAX_INTENTS || self.phrases.len() > MAX_PHRASES {
            self.problem(
                None,
                format!("at most {MAX_INTENTS} intents and {MAX_PHRASES} phrases in all"),
            );
        }
    }

    fn problem(&mut self, intent: Option<&str>, message: String) {
        self.issues.push(Issue {
            line: None,
            intent: intent.map(str::to_owned),
            message,
        });
    }

    fn finish(self) -> Result<SmallTalk, Vec<Issue>> {
        if !self.issues.is_empty() {
            return Err(self.issues);
        }
        let longest = self.phrases.iter().map(|(p, _)| p.len()).max().unwrap_or(1);
        let mut vocabulary: Vec<String> = self
            .phrases
            .iter()
            .chain(&self.open)
            .flat_map(|(phrase, _)| phrase.iter().cloned())
            .chain(self.filler.iter().cloned())
            .collect();
        vocabulary.sort_unstable();
        vocabulary.dedup();
        Ok(SmallTalk {
            intents: self.intents,
            phrases: self.phrases.into_iter().collect(),
            open: self.open.into_iter().collect(),
            filler: self.filler,
            longest,
            vocabulary,
        })
    }
}

/// A TOML error, with the line it is on.
fn issue(error: &toml::de::Error, source: &str) -> Issue {
    let line = error.span().map(|span| {
        source
            .get(..span.start)
            .map_or(0, |before| before.matches('\n').count())
            + 1
    });
    Issue {
        line,
        intent: None,
        message: error.message().trim().to_owned(),
    }
}

/// Checks a reply's length and placeholders.
fn check_reply(reply: &str) -> Result<(), String> {
    let reply = reply.trim();
    if reply.is_empty() {
        return Err("the reply is empty".to_owned());
    }
    if reply.chars().count() > MAX_REPLY_CHARS {
        return Err(format!(
            "the reply is longer than {MAX_REPLY_CHARS} characters"
        ));
    }
    let mut rest = reply;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            return Err("the reply has a `{` without `}`".to_owned());
        };
        let name = &rest[open + 1..open + close];
        if !PLACEHOLDERS.contains(&name) {
            return Err(format!(
                "unknown placeholder {{{name}}}; use {}",
                PLACEHOLDERS
                    .iter()
                    .map(|p| format!("{{{p}}}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        rest = &rest[open + close + 1..];
    }
    Ok(())
}

/// What an asker says a question is for, after "for my" ("for my policy class - how did the
/// premier describe AI?").
const ASKED_FOR: &[&str] = &[
    "assignment",
    "blog",
    "class",
    "course",
    "debate",
    "essay",
    "exam",
    "homework",
    "lecture",
    "newsletter",
    "paper",
    "podcast",
    "presentation",
    "project",
    "report",
    "research",
    "seminar",
    "thesis",
];

/// A self-introduction before a question is at most this many words ("high schooler here"),
/// or `MAX_SELF_WORDS` when it says "I'm" ("im an ml engineer on a visa").
const MAX_INTRODUCTION_WORDS: usize = 5;
const MAX_SELF_WORDS: usize = 7;
/// After "for my" (or "for a"), a purpose is said in fewer words than this ("for my current
/// events class", "for a class on global inequality").
const MAX_PURPOSE_WORDS: usize = 6;

/// Words after "I'm" or "I am" by which the asker says who or where they are ("im a
/// copywriter", "im from kenya").
const INTRODUCES_SELF: &[&str] = &["a", "an", "from", "in", "based"];

/// Marks that end a self-introduction and start the question: a comma, a colon, a
/// semicolon, a full stop, an exclamation mark, or a dash set off by spaces (not the hyphen
/// of "us-china").
const INTRODUCTION_ENDS: &[&str] = &[
    ", ",
    ": ",
    "; ",
    ". ",
    "! ",
    " - ",
    " \u{2013} ",
    " \u{2014} ",
];

/// What comes before the first mark that may end an introduction ([`INTRODUCTION_ENDS`]), and
/// what comes after it.
fn introduction_and_rest(text: &str) -> Option<(&str, &str)> {
    let (at, len) = INTRODUCTION_ENDS
        .iter()
        .filter_map(|mark| text.find(mark).map(|at| (at, mark.len())))
        .min()?;
    Some((&text[..at], text[at + len..].trim()))
}

/// `text` without a leading statement of what the question is for, when at least two words
/// follow it: "for my policy class - how did ...", "for a school report: who is li qiang",
/// "for a class on global inequality: did china pledge ...". Such words never carry the
/// story's subject (the matcher would read "class" as one it does not know, or "report" as
/// the story), so they are read past whatever the whole would answer. Not "for my sake, ..."
/// nor "for developing countries: ...", which name no purpose.
pub fn strip_purpose(text: &str, asks: impl Fn(&str) -> bool) -> &str {
    read_past(text, asks, |said| {
        matches!(said, ["for", "my" | "a" | "an" | "our" | "the", more @ ..]
            if more.len() < MAX_PURPOSE_WORDS && more.iter().any(|w| ASKED_FOR.contains(w)))
    })
}

/// `text` without a leading self-introduction, when at least two words follow it: who the
/// asker is ("sysadmin here, are they gonna push open-source tooling", "as a us skeptic:
/// ...", "im from kenya, does this plan do anything for countries like mine"). Those words
/// say nothing of the story, and the matcher would read "sysadmin" as a subject it does not
/// know. Not a clause that `asks` ("is china ahead here, or the us?"): the question starts
/// there. What a question is for is [`strip_purpose`]'s.
pub fn strip_introduction(text: &str, asks: impl Fn(&str) -> bool) -> &str {
    read_past(text, asks, |said| {
        let most = match said {
            [.., "here"] if said.len() >= 2 => MAX_INTRODUCTION_WORDS,
            ["as", "a" | "an", _, ..] => MAX_INTRODUCTION_WORDS,
            ["im", how, _, ..] | ["i", "am", how, _, ..] if INTRODUCES_SELF.contains(how) => {
                MAX_SELF_WORDS
            }
            _ => 0,
        };
        said.len() <= most
    })
}

/// Who is said to be talking about a thing, closing a question about it: "whats this WAIC
/// thing ppl keep talking about", "this china ai thing everyone's posting about".
const HEARSAY_SUBJECTS: &[&str] = &[
    "ppl",
    "people",
    "everyone",
    "everyones",
    "everybody",
    "everybodys",
    "folks",
    "internet",
];
/// Words between who is talking and "about" ("keep talking", "are all posting").
const HEARSAY_VERBS: &[&str] = &[
    "keep",
    "keeps",
    "kept",
    "are",
    "r",
    "is",
    "been",
    "have",
    "has",
    "were",
    "was",
    "all",
    "always",
    "talking",
    "saying",
    "posting",
    "tweeting",
    "mentioning",
    "hearing",
    "going",
    "on",
    "raving",
    "yapping",
];
/// Words that close a hearsay clause.
const HEARSAY_ABOUT: &[&str] = &["about", "abt", "bout"];
/// Words that lead to who is talking ("that everyone", "the internet", "all these people").
const HEARSAY_LEADS: &[&str] = &[
    "that", "which", "the", "these", "those", "all", "some", "my",
];
/// Words before the clause that make it what is asked: "what are people talking about", "so
/// who's everyone talking about" (canonical forms, as [`words`] reads them).
const ASKS_OF_HEARSAY: &[&str] = &[
    "are", "r", "is", "was", "were", "do", "does", "did", "whos", "whys", "hows", "whatre",
    "wheres", "whens",
];

/// `text` without a closing clause of hearsay ("... ppl keep talking about", "... that
/// everyone's posting about"), when at least two words come before it: who talks about the
/// thing asked is no subject of the story, and the matcher would read "talking" as the
/// keynotes and "ppl" as a word it does not know. Not when the words before it ask of the
/// clause ("what are people talking about", "who's everyone talking about"), and not for
/// talk by anyone else ("who's he talking about").
pub fn strip_hearsay(text: &str) -> &str {
    let said = words(text);
    let lower: Vec<String> = said.iter().map(|w| w.lower.replace('\'', "")).collect();
    let Some(at) = lower
        .iter()
        .rposition(|w| HEARSAY_SUBJECTS.contains(&w.as_str()))
    else {
        return text;
    };
    let hearsay = match &lower[at + 1..] {
        [verbs @ .., about] if !verbs.is_empty() => {
            HEARSAY_ABOUT.contains(&about.as_str())
                && verbs.iter().all(|w| HEARSAY_VERBS.contains(&w.as_str()))
        }
        _ => false,
    };
    let mut start = at;
    while start > 0 && HEARSAY_LEADS.contains(&lower[start - 1].as_str()) {
        start -= 1;
    }
    if !hearsay || start < 2 {
        return text;
    }
    let before = &said[start - 1].canonical;
    if QUESTION_WORDS.contains(&before.as_str())
        || CHAT_QUESTION_WORDS.contains(&before.as_str())
        || ASKS_OF_HEARSAY.contains(&before.as_str())
    {
        return text;
    }
    &text[..said[start - 1].end]
}

/// Words that dismiss what was asked as empty talk, in a closing alternative ("... or just
/// hype", "or was it all marketing").
const EMPTY_TALK: &[&str] = &[
    "hype",
    "marketing",
    "propaganda",
    "fluff",
    "pr",
    "bs",
    "posturing",
    "spin",
    "talk",
];
/// Words such a closing alternative may be worded with besides ("or was it all hype and no
/// substance ngl").
const EMPTY_TALK_GLUE: &[&str] = &[
    "or",
    "was",
    "is",
    "it",
    "its",
    "just",
    "only",
    "all",
    "pure",
    "mostly",
    "tbh",
    "lol",
    "lmao",
    "a",
    "bunch",
    "of",
    "and",
    "no",
    "substance",
    "ngl",
    "imo",
    "honestly",
    "empty",
    "big",
];
/// Words that only color a question when they close it ("what would it do all day", "why did
/// china propose this in the first place").
const CLOSING_IDIOMS: &[&[&str]] = &[
    &["all", "day"],
    &["all", "day", "long"],
    &["in", "the", "first", "place"],
];
/// At least this many words stay before a closing that is read past.
const MIN_BEFORE_CLOSING: usize = 4;

/// `text` without what closes it without asking: a dismissive alternative ("did li say
/// anything about the risks or was it all hype", "... or just hype hype hype"), an idiom
/// ("what would this platform actually do all day"), or hearsay ([`strip_hearsay`]). The
/// matcher would read "hype" as a subject the story does not have, and "day" as a date.
pub fn strip_closing(text: &str) -> &str {
    // Each reading splits the words; most questions have none of the words they look for.
    let lower = text.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    let mut text = text;
    // A dismissive alternative needs its "or" ("pr" is in many words).
    if has(EMPTY_TALK) && lower.contains(" or ") {
        text = strip_empty_talk(text);
    }
    if has(&["day", "first place"]) {
        text = strip_idiom(text);
    }
    if has(&["heard"]) {
        text = strip_unheard(text);
    }
    if has(HEARSAY_ABOUT) {
        text = strip_hearsay(text);
    }
    text
}

/// [`strip_closing`]'s dismissive alternative: the words from the last "or", when all of them
/// are [`EMPTY_TALK`] and its glue, with one of [`EMPTY_TALK`].
fn strip_empty_talk(text: &str) -> &str {
    let said = words(text);
    let lower: Vec<String> = said.iter().map(|w| w.lower.replace('\'', "")).collect();
    let Some(or) = lower.iter().rposition(|w| w == "or") else {
        return text;
    };
    let rest = &lower[or..];
    let empty = rest.iter().any(|w| EMPTY_TALK.contains(&w.as_str()))
        && rest
            .iter()
            .all(|w| EMPTY_TALK.contains(&w.as_str()) || EMPTY_TALK_GLUE.contains(&w.as_str()));
    if !empty || or < MIN_BEFORE_CLOSING {
        return text;
    }
    &text[..said[or - 1].end]
}

/// Words by which an asker says they never heard of what they ask about, closing a question
/// ("who's anne bouverot, never heard of her").
const UNHEARD: &[&str] = &["never", "not", "havent", "hadnt", "hasnt"];
/// What "heard of" may be said of, after it.
const UNHEARD_OF: &[&str] = &["her", "him", "it", "them", "em", "this", "that", "before"];
/// At least this many words stay before "never heard of ...": the subject asked about.
const MIN_BEFORE_UNHEARD: usize = 2;

/// [`strip_closing`]'s admission: "never heard of her" (or "i've not heard of it before") as
/// the last words, a laugh after them aside, with at least [`MIN_BEFORE_UNHEARD`] words before.
fn strip_unheard(text: &str) -> &str {
    let said = words(text);
    let lower: Vec<String> = said.iter().map(|w| w.lower.replace('\'', "")).collect();
    let end = lower
        .iter()
        .rposition(|w| !ends_remark(w))
        .map_or(0, |last| last + 1);
    let Some(heard) = lower[..end].iter().rposition(|w| w == "heard") else {
        return text;
    };
    let after = &lower[heard + 1..end];
    let tells = match after {
        [] => true,
        [of, rest @ ..] => {
            of == "of" && rest.len() <= 2 && rest.iter().all(|w| UNHEARD_OF.contains(&w.as_str()))
        }
    };
    if !tells || heard == 0 || !UNHEARD.contains(&lower[heard - 1].as_str()) {
        return text;
    }
    // Back over "i've", "i", "ive" before the negation.
    let mut at = heard - 1;
    while at > 0 && matches!(lower[at - 1].as_str(), "i" | "ive" | "id" | "have" | "had") {
        at -= 1;
    }
    if at < MIN_BEFORE_UNHEARD {
        return text;
    }
    &text[..said[at - 1].end]
}

/// [`strip_closing`]'s idiom: [`CLOSING_IDIOMS`] as the last words, a laugh after them aside.
fn strip_idiom(text: &str) -> &str {
    let said = words(text);
    let lower: Vec<String> = said.iter().map(|w| w.lower.clone()).collect();
    let end = lower
        .iter()
        .rposition(|w| !ends_remark(w))
        .map_or(0, |last| last + 1);
    let Some(idiom) = CLOSING_IDIOMS
        .iter()
        .find(|idiom| end >= idiom.len() && lower[end - idiom.len()..end].iter().eq(idiom.iter()))
    else {
        return text;
    };
    let at = end - idiom.len();
    if at < MIN_BEFORE_CLOSING {
        return text;
    }
    &text[..said[at - 1].end]
}

/// What follows the words before the first mark that may end an introduction
/// ([`INTRODUCTION_ENDS`]), when `opens` takes those words (lowercase, as written, without
/// apostrophes: "i'm" is "im", and "class" stays unsqueezed), they do not `ask`, and at least
/// two words follow; else `text` as it is.
fn read_past(text: &str, asks: impl Fn(&str) -> bool, opens: impl Fn(&[&str]) -> bool) -> &str {
    let Some((head, rest)) = introduction_and_rest(text) else {
        return text;
    };
    let said: Vec<String> = words(head)
        .iter()
        .map(|w| w.lower.replace('\'', ""))
        .collect();
    let said: Vec<&str> = said.iter().map(String::as_str).collect();
    if opens(&said) && !asks(head) && words(rest).len() >= 2 {
        rest
    } else {
        text
    }
}

/// A word of a message: where it ends in the text, lowercase, and its canonical form.
#[derive(Debug)]
struct Word {
    end: usize,
    lower: String,
    /// Lowercase, without apostrophes, runs of a repeated letter as one ("thxxx" -> "thx",
    /// "good" -> "god"), and "what" as chat spells it read as "what" ("wat ur name"): phrases
    /// are compared in this form, so they need no spelling variants.
    canonical: String,
}

fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut end = 0;
    let flush = |current: &mut String, end: usize, out: &mut Vec<Word>| {
        if current.is_empty() {
            return;
        }
        let lower = std::mem::take(current);
        let mut canonical = String::with_capacity(lower.len());
        let mut last = None;
        for c in lower.chars().filter(|c| *c != '\'') {
            if c.is_alphabetic() && last == Some(c) {
                continue;
            }
            canonical.push(c);
            last = Some(c);
        }
        // "What" as chat spells it ("wat ur name", "wats up"), and the weather as it is
        // mistyped ("whats the wether in paris"): phrases need not list them.
        // A word of small talk's own mistyped ("interestng", "tahts"), as the matcher reads
        // the story's words through typos: in both spellings the rules read.
        let (lower, canonical) = match respelled(&lower) {
            Some(word) => (word.to_owned(), squeezed(word)),
            None => (lower, canonical),
        };
        let canonical = match canonical.as_str() {
            "wat" | "wut" | "wht" => "what".to_string(),
            "wats" | "wuts" | "whts" => "whats".to_string(),
            "wether" | "wheather" | "wheater" | "weahter" | "weater" | "weathr" => {
                "weather".to_string()
            }
            // "Really" reads "realy" here, doubled letters once.
            "rly" | "relly" => "realy".to_string(),
            "teh" | "hte" => "the".to_string(),
            "beleive" | "belive" | "beleve" => "believe".to_string(),
            _ => canonical,
        };
        if !canonical.is_empty() {
            out.push(Word {
                end,
                lower,
                canonical,
            });
        }
    };
    for (at, c) in text.char_indices() {
        if c.is_alphanumeric() || c == '\'' || c == '\u{2019}' {
            current.extend(
                c.to_lowercase()
                    .map(|c| if c == '\u{2019}' { '\'' } else { c }),
            );
            end = at + c.len_utf8();
        } else {
            flush(&mut current, end, &mut out);
        }
    }
    flush(&mut current, end, &mut out);
    out
}

/// Words the remark rules and phrases key on, read through a typo by [`respelled`].
const RESPELLED: &[&str] = &[
    "interesting",
    "thought",
    "thats",
    "honestly",
    "actually",
    "literally",
    "basically",
    "expected",
    "surprised",
    "surprising",
    "coincidence",
    "hilarious",
    "amazing",
    "awesome",
    "incredible",
    "impressive",
    "exhausting",
    "ridiculous",
    "definitely",
    "seriously",
    "probably",
    "perfect",
    "helpful",
    "believe",
    "would",
    "could",
    "should",
    "something",
    "someone",
    "anyone",
    "everyone",
    "figured",
    // Judgements that close a remark ("a global framework, ambitous").
    "ambitious",
    "fascinating",
    "terrifying",
    "predictable",
    "hypocritical",
    "unrealistic",
    "overrated",
    "overhyped",
    "dystopian",
    "pointless",
    "wholesome",
];
/// Real words one letter from a word of [`RESPELLED`], kept as they are.
const NOT_TYPOS: &[&str] = &[
    "though",
    "honesty",
    "thank",
    "thoughts",
    "expects",
    "perfects",
    "figure",
    "ambitions",
    "predictably",
    "overrates",
];
/// A word of [`RESPELLED`] that `word` mistypes: two letters swapped ("tahts", "tohught"), in
/// a long word one letter added, left out or changed ("coincedence", "interestng"), and from
/// six letters on one left out ("someon", "anyne"). The
/// first letter is kept, as typing mostly does; a word of its own ([`NOT_TYPOS`]) is not read
/// so. Written here, not with the matcher's corrector: small talk must not import the
/// matcher, and it needs only this short list.
fn respelled(word: &str) -> Option<&'static str> {
    if word.len() < 5 || RESPELLED.contains(&word) || NOT_TYPOS.contains(&word) {
        return None;
    }
    let mut found = RESPELLED.iter().filter(|known| {
        known.as_bytes()[0] == word.as_bytes()[0]
            && match strsim::osa_distance(word, known) {
                1 => {
                    known.len() >= MIN_RESPELLED_LONG
                        || known.len() >= MIN_RESPELLED_DROPPED && word.len() + 1 == known.len()
                        || word.len() == known.len() && strsim::hamming(word, known) == Ok(2)
                }
                _ => false,
            }
    });
    let first = found.next()?;
    found.next().is_none().then_some(*first)
}

/// The shortest word of [`RESPELLED`] read through any one-letter typo; shorter ones only
/// through two letters swapped.
const MIN_RESPELLED_LONG: usize = 8;
/// The shortest word of [`RESPELLED`] read through one letter left out.
const MIN_RESPELLED_DROPPED: usize = 6;

/// Letter-mashing: no vowel, a letter three times in a row, or a run along a keyboard row.
fn looks_mashed(word: &str) -> bool {
    if word.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let letters: Vec<char> = word.chars().collect();
    let no_vowel = letters.len() >= 3 && !letters.iter().any(|c| "aeiouy".contains(*c));
    let repeated = letters.windows(3).any(|w| w[0] == w[1] && w[1] == w[2]);
    let rows = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
    let along_a_row = letters.len() >= 4
        && letters.windows(4).any(|w| {
            let run: String = w.iter().collect();
            rows.iter().any(|row| row.contains(&run))
        });
    no_vowel || repeated || along_a_row
}

/// A sum such as "2+2", "what's 12 times 7?" or "100 / 8 =": its expression and result.
fn arithmetic(text: &str) -> Option<(String, String)> {
    const LEAD: &[&str] = &[
        "what",
        "whats",
        "what's",
        "is",
        "calculate",
        "compute",
        "solve",
        "how",
        "much",
        "does",
        "do",
        "equal",
        "equals",
        "quick",
        "math",
        "the",
        "answer",
        "to",
        "please",
        "pls",
        "bot",
        "storybot",
        "hey",
        "hi",
        "yo",
        "can",
        "you",
        "u",
        "tell",
        "me",
        // "whats 2+2 lol": a laugh around a sum is still the sum.
        "lol",
        "lmao",
        "haha",
        "bruh",
        "=",
        "?",
    ];
    let lower = text.to_lowercase().replace('\u{2019}', "'");
    // Split numbers, operators and words apart: "2+2" is three tokens.
    let mut tokens: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in lower.chars() {
        let joins = |w: &str| {
            w.chars().next().is_some_and(|f| f.is_ascii_digit()) == (c.is_ascii_digit() || c == '.')
        };
        if c.is_alphanumeric()
            || c == '\''
            || (c == '.' && word.chars().all(|d| d.is_ascii_digit()) && !word.is_empty())
        {
            if !word.is_empty() && !joins(&word) {
                tokens.push(std::mem::take(&mut word));
            }
            word.push(c);
        } else {
            if !word.is_empty() {
                tokens.push(std::mem::take(&mut word));
            }
            if "+-*/x×÷=?".contains(c) {
                tokens.push(c.to_string());
            }
        }
    }
    if !word.is_empty() {
        tokens.push(word);
    }
    let mut rest: Vec<&str> = tokens
        .iter()
        .map(String::as_str)
        .filter(|t| !LEAD.contains(t))
        .collect();
    // Operator words, including two-word ones.
    let mut joined = Vec::new();
    let mut i = 0;
    while i < rest.len() {
        match (rest[i], rest.get(i + 1).copied()) {
            ("multiplied" | "times", Some("by")) | ("divided", Some("by")) => {
                joined.push(rest[i]);
                i += 2;
            }
            (token, _) => {
                joined.push(token);
                i += 1;
            }
        }
    }
    rest = joined;
    let [a, op, b] = rest.as_slice() else {
        return None;
    };
    let a: i64 = a.parse().ok()?;
    let b: i64 = b.parse().ok()?;
    let (symbol, result) = match *op {
        "+" | "plus" => ("+", a.checked_add(b).map(|r| r.to_string())),
        "-" | "minus" => ("-", a.checked_sub(b).map(|r| r.to_string())),
        "*" | "x" | "×" | "times" | "multiplied" => ("×", a.checked_mul(b).map(|r| r.to_string())),
        "/" | "÷" | "divided" | "over" => (
            "÷",
            (b != 0).then(|| {
                if a % b == 0 {
                    (a / b).to_string()
                } else {
                    format!("{:.2}", a as f64 / b as f64)
                }
            }),
        ),
        _ => return None,
    };
    Some((format!("{a} {symbol} {b}"), result?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> Option<String> {
        SmallTalk::builtin().classify(text).map(|hit| hit.id)
    }

    #[test]
    fn small_talk_typed_in_haste_is_read_through_its_typos() {
        for (typed, meant) in [
            ("who made yuo", "who made you"),
            ("whats the date todya", "whats the date today"),
            ("thanks that helpd", "thanks that helped"),
        ] {
            assert!(id(meant).is_some(), "{meant}");
            assert_eq!(id(typed), id(meant), "{typed}");
        }
        let set = SmallTalk::builtin();
        // A word one letter short of another at its end is a word ("total", not "totally").
        assert_eq!(set.typo_of("total"), None);
        assert_eq!(set.typo_of("you"), None);
        assert_eq!(set.typo_of("12"), None);
        assert_eq!(id("ok total then"), None);
        // A plural is no typo ("forecasts" of "forecast").
        assert_eq!(id("forecasts for ai growth"), None);
    }

    #[test]
    fn a_long_message_opening_by_telling_is_told() {
        let set = SmallTalk::builtin();
        for told in [
            "philosophy grads already unemployable, ai cant take what we never had",
            "global ai governance is just a group project where nobody does the reading",
            "implicit reference to export controls lol they didnt even try to hide it",
        ] {
            assert!(set.opens_by_telling(told), "{told}");
        }
        for asked in [
            "export controls on semiconductors, how does this tie in",
            "sysadmin q: does the china plan mention open source at all",
            "'balance between development and security' who said it and what was the full line",
            "li says the patchwork of rules cant cope with what exactly",
            "diff between patriotic ai and woke ai lol",
            "i want to know what li said about the chips",
            "what did li say about chips and talent exchange",
            "the robots at waic",
        ] {
            assert!(!set.opens_by_telling(asked), "{asked}");
        }
    }

    #[test]
    fn a_greeting_to_the_room_is_a_greeting() {
        let set = SmallTalk::builtin();
        let id = |text: &str| set.classify(text).map(|hit| hit.id);
        for text in [
            "gm philosophers \u{2600}\u{fe0f}",
            "evening nerds",
            "hey robots",
        ] {
            assert_eq!(id(text), Some(GREETING.into()), "{text}");
        }
        // Not a greeting and a question, nor a word too short to name anyone.
        assert_eq!(id("hi dates?"), None);
        assert_eq!(id("hi its"), None);
        assert_eq!(id("thanks robots"), None);
    }

    #[test]
    fn telling_forms_that_look_like_asking_are_left_to_the_model() {
        let set = SmallTalk::builtin();
        // A concession, what everyone knows, asking a bot as something done, a statement cut
        // short: the remark model reads them.
        for (text, after_answer) in [
            (
                "this ai org is gonna happen whether the us likes it or not",
                false,
            ),
            ("talent mobility = visas, we all know", false),
            ("as we know the us skipped it", false),
            (
                "ai summaries killing news traffic and here i am asking a bot for a summary",
                false,
            ),
            ("sure he didnt \u{1f60f}", true),
            ("tldr china wants rules, us doesnt", false),
            ("tl;dr china wants a club, us wants no rules", false),
        ] {
            assert!(set.remark_odds(text, after_answer).is_some(), "{text}");
        }
        // Still asking: "whether" without the concession, a wish to know, a tag.
        for (text, after_answer) in [
            ("i want to know whether the us likes it", false),
            ("i want to know if the us likes it or not", false),
            ("can i get a summary", false),
            ("li didnt name the us, did he", true),
            ("china is leading huh", true),
        ] {
            assert_eq!(set.remark_odds(text, after_answer), None, "{text}");
        }
        assert_eq!(
            without_concession(plain_words("gonna happen whether we like it or not lol")),
            plain_words("gonna happen lol")
        );
        assert_eq!(
            set.classify("which one is better tho").map(|hit| hit.id),
            Some("opinion".into())
        );
    }

    #[test]
    fn wanting_something_told_asks() {
        let set = SmallTalk::builtin();
        let words = |text: &str| plain_words(text);
        for text in [
            "ngl i just want the li qiang quotes, all of em",
            "i need a quote from li qiang for my paper",
            "need the numbers",
            "i want the facts on the org",
        ] {
            assert!(wants_told(&words(text)), "{text}");
            // Asking, the message is never read as a remark by the model.
            assert_eq!(set.remark_odds(text, false), None, "{text}");
        }
        for text in [
            "want to see the 60 robots do a dance",
            "i want one of those robots",
            "need a nap after reading all that",
        ] {
            assert!(!wants_told(&words(text)), "{text}");
        }
    }

    #[test]
    fn an_emoji_ending_makes_a_longer_message_a_remark() {
        let set = SmallTalk::builtin();
        let asks = |text: &str| text.contains('?') || text.split_whitespace().any(|t| t == "who");
        // A laugh in emoji is one written out: a remark outright, as "hinton lol" is.
        for text in [
            "TRUMP AND CHINA AT IT \u{1f62d}",
            "bro said 13 point plan \u{1f480}",
            "hinton \u{1f602}",
        ] {
            assert_eq!(
                set.statement(text, asks).map(|h| h.id).as_deref(),
                Some(STATEMENT),
                "{text}"
            );
        }
        // Another emoji of irony makes a remark only by itself: the router gives this reply
        // when the words alone are no question the story answers in full.
        let text = "an org to govern the orgs that govern ai \u{1f635}\u{200d}\u{1f4ab}";
        assert_eq!(
            set.emoji_remark(text, asks).map(|h| h.id).as_deref(),
            Some(STATEMENT),
            "{text}"
        );
        assert_eq!(set.statement(text, asks), None, "{text}");
        for text in [
            "go on \u{1f602}",
            "and china \u{1f480}",
            "who announced it \u{1f602}",
            "woke ai meaning \u{1f602}",
            "hw many robots r there \u{1f602}",
            "export controls \u{1f440}",
        ] {
            assert_eq!(set.emoji_remark(text, asks), None, "{text}");
            assert_eq!(set.statement(text, asks), None, "{text}");
        }
    }

    #[test]
    fn a_statement_told_by_its_word_order_is_a_remark() {
        let set = SmallTalk::builtin();
        let asks = |text: &str| {
            text.contains('?')
                || ["why", "what", "who", "where", "when", "how", "which"]
                    .iter()
                    .any(|w| text.split_whitespace().any(|t| t == *w))
        };
        // With the teller's view in it: a remark, whatever the story answers.
        for text in [
            "the us wont sign up for any of this",
            "schmidt really is at every ai thing",
            "big tech gonna big tech",
            "the open source pitch is very on message",
        ] {
            assert_eq!(
                set.statement(text, asks).map(|h| h.id).as_deref(),
                Some(STATEMENT),
                "{text}"
            );
        }
        // Without: a remark only when the story does not answer its words in full, which the
        // router checks ("hinton never spoke at waic" is put to the bot to be checked).
        for text in [
            "schmidt keeps showing up to these things",
            "beijing said they would host the group chat",
            "hinton never spoke at waic",
        ] {
            assert_eq!(set.statement(text, asks), None, "{text}");
            assert_eq!(
                set.emoji_remark(text, asks).map(|h| h.id).as_deref(),
                Some(STATEMENT),
                "{text}"
            );
        }
        // A verb first past a laugh or a name for the room, a question word as chat misspells
        // it, a request, an open "something", hearsay put to the bot, a tag or an alternative.
        for text in [
            "bruh did elon skip the china ai thing",
            "hey quick q is alibaba involved",
            "wich companies were at the expo",
            "lol explain the plan for the us",
            "the white house said something about woke ai",
            "ppl say china wants control of ai",
            "the org is really in shanghai right",
            "the org is real or just talk",
            "i heard the org will be in shanghai",
        ] {
            assert_eq!(set.emoji_remark(text, asks), None, "{text}");
            assert_eq!(set.statement(text, asks), None, "{text}");
        }
    }

    #[test]
    fn the_built_in_set_loads_and_every_phrase_is_in_one_intent() {
        let set = SmallTalk::builtin();
        assert!(set.intents.len() >= 12);
        for intent in &set.intents {
            check_reply(&intent.reply).unwrap();
        }
    }

    #[test]
    fn everyday_chat_is_recognized_whatever_the_spelling() {
        let cases = [
            ("hi", "greeting"),
            ("Heyyy!!", "greeting"),
            ("good morning bot", "greeting"),
            ("hello world", "greeting"),
            // The room addressed as chat does ("lads" is no "leads").
            ("morning lads", "greeting"),
            ("evening folks", "greeting"),
            ("is this bot open source", "identity"),
            ("who set up this bot anyways", "identity"),
            ("Thank you, that is very helpful.", "thanks"),
            // Filler inside a phrase: "how does this work" with "bot" in it.
            ("how does this bot work", "help"),
            ("what llm is this", "identity"),
            ("perfect, exactly what i needed", "thanks"),
            // Mistyped: two letters swapped in a short word.
            ("perfect, tahts what i needed", "thanks"),
            ("what day is it even", "time-and-date"),
            ("whats teh date", "time-and-date"),
            // Help with something it does not name.
            ("can u help me with somethin", "help"),
            // Everyday words mistyped: one letter left out of six or more, two swapped.
            ("can you help me with somethign", "help"),
            ("can someon help me with this bot", "help"),
            ("anyne else reading this", "ping"),
            ("nevermind figurd it out", "acknowledgement"),
            ("who built this thing", "identity"),
            ("could you help me with a question", "help"),
            // What the thanks are for: not the story's sharing of its AI.
            ("interesting read, thanks for sharing", "thanks"),
            ("interesting article, thanks for share", "thanks"),
            ("thanks for the read", "thanks"),
            ("which day is today", "time-and-date"),
            ("what date is it", "time-and-date"),
            ("hola! first time here", "greeting"),
            ("whats the wether like in shanghai rn", "weather"),
            ("jk", "acknowledgement"),
            ("mostly", "acknowledgement"),
            ("good idea", "acknowledgement"),
            ("big plan", "reaction"),
            ("on brand", "reaction"),
            ("called it", "reaction"),
            ("thx thats realy helpful", "thanks"),
            ("!help i'm new to this platform", "help"),
            ("snowing here!! \u{2744}\u{fe0f}", "weather"),
            ("thx", "thanks"),
            ("thanks so much, that helped", "thanks"),
            // "Helps" is the story's support for poor countries to the matcher, not here.
            ("thx this helps for my essay", "thanks"),
            ("this helps a lot", "thanks"),
            ("Thank you, most helpful.", "thanks"),
            ("quite helpful actually", "thanks"),
            ("lol", "acknowledgement"),
            ("ok cool", "acknowledgement"),
            ("who are you?", "identity"),
            ("hi, who made you", "identity"),
            ("what's your name bot", "identity"),
            ("what can you do", "capabilities"),
            ("what is this bot for", "capabilities"),
            ("subtle", "reaction"),
            ("big if true", "reaction"),
            ("can you help", "help"),
            ("quick q about the waic article", "topic-change"),
            ("i have a few questions about this", "topic-change"),
            ("what can u help with", "help"),
            ("what kinds of things can you help me with", "help"),
            ("how can you help me?", "help"),
            ("can someone help me with this bot", "help"),
            ("can u help me with my care plan", "task"),
            ("can u help me w my care plan", "task"),
            ("anyone help", "help"),
            ("good luck with that", "reaction"),
            ("ambitious", "reaction"),
            ("what's today's date", "time-and-date"),
            ("weather tomorrow?", "weather"),
            ("tell me a joke", "joke"),
            ("ping", "ping"),
            ("good bot", "compliment"),
            ("ur dumb", "insult"),
            ("cya", "goodbye"),
            ("do you like pizza?", "identity"),
            ("what's the weather in Paris tomorrow", "weather"),
            ("is it raining in shanghai rn", "weather"),
            ("whats the wether in shanghai this week", "weather"),
            ("yeah figures", "acknowledgement"),
            ("hey bot, can you speak chinese", "identity"),
            ("can we talk about something else", "topic-change"),
            ("salam", "greeting"),
            ("bonjour bot", "greeting"),
            ("so who's right", "opinion"),
            ("ok but is that good", "opinion"),
            ("which one is better", "opinion"),
            ("nice summary bot", "compliment"),
            ("what time is it for u", "time-and-date"),
            ("what timezone is shanghai in", "time-and-date"),
            ("helo is this the ai news bot", "identity"),
            ("lol this bot knows ai news?", "identity"),
            ("are you the china ai bot?", "identity"),
        ];
        for (text, expected) in cases {
            assert_eq!(id(text).as_deref(), Some(expected), "{text}");
        }
    }

    #[test]
    fn questions_about_the_story_are_not_small_talk() {
        for text in [
            "who announced it?",
            "hi, who announced it?",
            "what is the date of the conference",
            "what can you tell me about waic",
            "how does the governance platform work",
            "help for developing countries?",
            "how can it help developing countries",
            "can you help me understand the proposal",
            "is this the first time china proposed something like this",
            "is this bot's answer from the article",
            "this bot is useless",
            "is this about humanoid bots",
            "is that the 60 humanoid bots",
            "are you one of the humanoid bots",
            "this bot knows who proposed it?",
            "hinton",
            // A verdict asked of, not closing a remark.
            "which part of the plan looks solid",
            "does the plan sound good",
            "which approach is right",
            "who tf announced this",
            // A reaction or goodbye before a question does not make it small talk.
            "sheesh what did li say",
            "brb who announced it",
            // After the innovations shown, this asks which.
            "what kinds of things?",
            "what sort of things",
        ] {
            assert_eq!(id(text), None, "{text}");
        }
    }

    #[test]
    fn sums_are_worked_out_with_checked_arithmetic() {
        let set = SmallTalk::builtin();
        let reply = |text: &str| set.classify(text).map(|hit| hit.reply);
        assert!(reply("whats 2+2").unwrap().starts_with("2 + 2 = 4."));
        assert!(reply("whats 2+2 lol").unwrap().starts_with("2 + 2 = 4."));
        assert!(reply("12 times 7?").unwrap().starts_with("12 × 7 = 84."));
        assert!(
            reply("10 divided by 4")
                .unwrap()
                .starts_with("10 ÷ 4 = 2.50.")
        );
        assert_eq!(
            reply("9223372036854775807 + 1"),
            None,
            "overflow is no answer"
        );
        assert_eq!(reply("1 / 0"), None);
        assert_eq!(reply("800 companies"), None);
    }

    #[test]
    fn what_closes_a_question_without_asking_is_stripped() {
        for (text, kept) in [
            // A dismissive alternative, an idiom.
            (
                "did li say anything abt risks of ai or only hype",
                "did li say anything abt risks of ai",
            ),
            (
                "did he talk abt risks at all or just hype hype hype",
                "did he talk abt risks at all",
            ),
            (
                "did the premier say anything abt the risks or was it all hype tbh",
                "did the premier say anything abt the risks",
            ),
            (
                "did the premier say anything about the risks or was it all hype and no substance",
                "did the premier say anything about the risks",
            ),
            (
                "will this org actually work or is it just PR imo",
                "will this org actually work",
            ),
            (
                "so what would this platform actually do all day lol",
                "so what would this platform actually do",
            ),
            // Hearsay.
            (
                "whats this WAIC thing ppl keep talking about",
                "whats this WAIC thing",
            ),
            (
                "yo whats this china ai thing everyone's posting about?",
                "yo whats this china ai thing",
            ),
            ("the platform that people are talking abt", "the platform"),
            (
                "whats this thing the internet is going on about",
                "whats this thing",
            ),
        ] {
            assert_eq!(strip_closing(text), kept, "{text}");
        }
        for text in [
            // Hype as the subject, an alternative that asks, too few words before it.
            "ai hype is getting out of hand",
            "is it all hype",
            "was it real or hype",
            "is it cooperative or china-led",
            "open all day",
            // Talk by someone named, not hearsay.
            "who's he talking about",
            // The words before the hearsay ask of it.
            "what are people talking about",
            "so who's everyone talking about",
            "who are the people talking about",
            "whats the internet going on about",
            // Too few words before it, or no "about" to close it.
            "waic people keep talking about",
            "people keep talking about waic",
            "is everyone going",
        ] {
            assert_eq!(strip_closing(text), text, "{text}");
        }
    }

    #[test]
    fn openings_are_stripped_from_questions() {
        let set = SmallTalk::builtin();
        assert_eq!(
            set.strip_opening("hi, who announced it?"),
            "who announced it?"
        );
        assert_eq!(
            set.strip_opening("real talk is china trying to lead ai globally"),
            "is china trying to lead ai globally"
        );
        // A reaction is no opening: "savage trump" remarks on him.
        assert_eq!(set.strip_opening("savage trump"), "savage trump");
        assert_eq!(
            set.strip_opening("Good morning bot! did Musk attend?"),
            "did Musk attend?"
        );
        assert_eq!(set.strip_opening("who announced it?"), "who announced it?");
        assert_eq!(set.strip_opening("hello"), "hello");
        // A reaction to the last answer, then the next question.
        for reaction in ["weird.", "strange,", "that is odd!"] {
            assert_eq!(
                set.strip_opening(&format!("{reaction} has he spoken there before")),
                "has he spoken there before"
            );
        }
    }

    #[test]
    fn self_introductions_are_stripped_from_questions() {
        // The router asks the matcher whether a clause asks; a question mark or a leading
        // question word does here.
        let asks = |text: &str| {
            text.contains('?')
                || text
                    .split_whitespace()
                    .next()
                    .is_some_and(|w| ["is", "what's", "who's"].contains(&w))
        };
        for (text, question) in [
            (
                "teacher here - does china want to go it alone?",
                "does china want to go it alone?",
            ),
            ("high schooler here, why chips?", "why chips?"),
            (
                "as a US skeptic: what is patriotic ai",
                "what is patriotic ai",
            ),
            (
                "I'm an ml engineer on a visa, anything about talent?",
                "anything about talent?",
            ),
            (
                "im a local reporter. does this piece say ai is hurting news",
                "does this piece say ai is hurting news",
            ),
        ] {
            assert_eq!(strip_introduction(text, asks), question, "{text}");
        }
        // A clause that asks, a reason that is no reason for asking, less than a question
        // after it, or a hyphen, which is no dash: the text as it is.
        for text in [
            "what's the big picture here, us vs china",
            "is china ahead here, or the us?",
            "for my sake, who announced it",
            "student here, hi",
            "sysadmin here-does china share its ai",
            "i'm tired, ok",
            "who is li qiang",
        ] {
            assert_eq!(strip_introduction(text, asks), text, "{text}");
        }
        for (text, question) in [
            (
                "for my policy class \u{2014} how did the premier describe AI?",
                "how did the premier describe AI?",
            ),
            (
                "for a school report: who is li qiang and what did he do?",
                "who is li qiang and what did he do?",
            ),
            (
                "for a class on global inequality: did china pledge to share ai?",
                "did china pledge to share ai?",
            ),
            (
                "for my IR seminar: how does it relate to the UN?",
                "how does it relate to the UN?",
            ),
        ] {
            assert_eq!(strip_purpose(text, asks), question, "{text}");
        }
        for text in [
            "for my sake, who announced it",
            "for developing countries: what does china offer?",
            "for my class, hi",
        ] {
            assert_eq!(strip_purpose(text, asks), text, "{text}");
        }
    }

    #[test]
    fn a_statement_about_the_asker_is_not_a_question() {
        let set = SmallTalk::builtin();
        // The router asks the matcher; a question mark or a question word does here.
        let asks = |text: &str| {
            text.contains('?')
                || ["why", "what", "who", "where", "when", "how"]
                    .iter()
                    .any(|w| text.split_whitespace().any(|t| t == *w))
        };
        for text in [
            "i just got a new job!!",
            // Said again, a lot, exclaimed, joked, never old, disbelieved, imagined.
            "trump vs china again \u{1f644}",
            "13 points is a lot of points",
            "woke ai vs patriotic ai, what a timeline",
            "ai cooperation org? more like ai cooperation orgy lmao",
            "the godfather of ai nickname never gets old",
            "no way the us signs up for this",
            "imagine being one of the 60 humanoid robots just standing there all day",
            // Asides, rhetorical endings, openings of a view, and the asker placing what was
            // said.
            "a un-backed ai club, sure, what could possibly go wrong",
            "interesting that musk skipped it this year",
            "the bit about ai summaries killing news traffic hits close to home",
            "open source tools + shared policy frameworks, sounds nice on paper",
            "huawei alibaba unitree, the usual suspects",
            "godfather of ai at waic, of course he was",
            "can't wait for the 14th point",
            "right, that's the bit i missed",
            "ahh right the shanghai part",
            "engine for growth, very corporate",
            "back to studying i guess",
            "oh he used to come, didnt know",
            "he's everywhere",
            "she's busy posting",
            "That is rather a lot of points.",
            "a few corporations, sounds right",
            "Former Google CEO, how fancy.",
            "Quite right too.",
            "can't make this up",
            "open source W",
            "agree with the article tbh, we need some coordination",
            "says the guy with 800 companies at his show",
            "the robots > the speeches",
            "ethical safeguards bad? thats a take",
            "60 robots? insane",
            "if elon was there this would be all about him",
            "cloud computing + data hubs = infra win",
            "balance between dev and security, relatable",
            "big show",
            "strongly disagree, regulation helps",
            "I'm visiting Shanghai next month",
            "my cat is sick",
            "cool robots \u{1f916}",
            "wow 60 humanoid robots",
            "safety first lol",
            "patriotic ai lmaooo",
            "global south x ai, let's gooo",
            "ttyl, gotta go catch up on the news",
            "AI AI AI, that's all anyone talks about anymore",
            "ok cool, noted on the chips thing",
            "this is so 2025",
            "bruh 3000 innovations",
            "anyone here going to a tech conference this year?",
            "the cloud is down at work again lol",
            "humanoid robots give me the creeps",
            "trump again smh",
            "robots are cool",
            "robots r cool",
            "shanghai is so pretty",
            "conferences are so boring tbh",
            "the event was huge and was fun lol",
            "ai is cool but is scary lol",
            "robots do look cool lol",
            "china did well lol",
            "people do love robots lol",
            // A verb before an article further on is a statement's: "is a" is not "is it".
            "shanghai is a cool city tbh",
            "china is so big",
            "ai is bad",
            "hinton is my hero",
            "WHAT A NEWS!!!",
            "what a day",
            "premier li sounds busy",
            "60 humanoid robots in one place sounds like a movie",
            "trump vs china on ai is gonna be a whole thing",
            "lol that's a lot of robots",
            "big numbers",
            "crazy stats lol",
            // A scene of the asker's own, whatever it names.
            "me reading ai summary of this article right now \u{1f480}",
            "me pretending to understand ai governance at dinner parties",
            "finally someone talks about ethics",
            "good to see someone pushing for open source tools",
            // An aside, an opinion's opening, one clause of several, or a quotation remarked on.
            "trump signed an order, of course",
            "the us went the other way, just saying",
            "i think they both want the same thing tbh",
            "ngl i'd rather read the plan myself",
            "am i the only one who missed the keynotes?",
            "the keynote list is so cool, hinton and schmidt",
            "800 companies in one expo, wild lineup",
            "\u{201C}woke AI\u{201D} again, that's spicy",
            "rip news sites if ai summaries take over",
            // Closed by a judgement or an acknowledgement, opened by one before small words,
            // a thing said again, slang that judges.
            "13 points, quite the list",
            "the un part, sure",
            "true, it really is",
            "trump again",
            "60 robots is a lot",
            "the keynote list goes hard",
            "sounds like a club for ai",
            "oh, alibaba.",
            "figures they'd skip it",
            "i know hinton!",
            // A quotation in single marks remarked on; a rhetorical question closing a remark.
            "'fragmented governance' sounds like my group chat lol",
            "patriotic ai plus deregulation, what could possibly go wrong",
            "reporter here. yeah, we noticed that drop too",
            // A statement at length with a verb that tells, and nothing that asks.
            "musk skipping waic is the least surprising thing this year",
            "open source tools is the only part i actually care about",
            "ah nice, i want to go one day",
            "numbers are crazy",
            "those are big numbers",
            "stats are insane",
            "china leading on ai governance, didn't see that coming",
            "musk skipped waic again, called it",
            "60 humanoid robots lol imagine",
            "i want one tbh",
            "godfather of ai is a cool title",
            "musk skipping waic is so on brand",
            "elon missing the party lmao classic",
            "why did the robot go to waic? to meet its 59 cousins lol",
            "trump gonna trump",
            "elon doing elon things",
            "ai regulation debates make my head hurt",
            "another day another ai headline",
            "lmaooo the robots",
            "soooo many robots",
            "HINTON!!!",
            "lol every politician says that",
            "they all say that",
            "bet nobody reads 13 point plans",
            "and trump again lol",
            "makes no difference lol",
            // Judgements closing a clause or a statement at length, hyperbole, a feeling
            // foretold, and a reaction or a laugh opening what follows.
            "li qiang opening waic, big day for shanghai",
            "lol musk skipping waic, shocking",
            "3 days of keynotes, pain",
            "the last line, very dramatic ending",
            "hinton keynoting in shanghai, the man is everywhere",
            "data hubs in under-resourced regions is actually a decent idea",
            "honestly a global ai org sounds like a good idea to me",
            "both approaches sound bad in different ways",
            "subtle af",
            "eric schmidt at every ai event ever",
            "best keynote ever",
            "trump would hate this",
            "trump woudl hate this",
            "news outlets losing traffic to ai summaries sounds about right",
            "meh, politicians announcing frameworks is nothing new",
            "chipmaking equipment, sounds expensive",
            "the data hubs part looks solid",
            "media ecosystems lol whatever that means",
            "woke ai lol what next",
            "woke ai lol what even",
            "2025 already, where does the time go",
            "stark contrast is right",
            "china wanting to lead on safety, well well",
            "hope it helps the poorer countries, thats what matters",
            "the premier talking ai, times have changed",
            "this will shape the future whether we like it or not",
            "who tf names something patriotic ai lmao",
            "a global framework, ambitous",
            "france has an ai envoy?? thats wild",
            "3 days?? thats a whole lan weekend",
            "60 humanoid robots lol, skynet expo",
            "drew widespread attention, yeah no kidding",
            "13-point action plan, who even reads 13-point plans lol",
            "minimal oversight what could go wrong lol",
            "who even cares",
            // Praise or thanks for something read, of what it was on; a summary told after
            // "tldr"; what the asker did not know.
            "good read on the waic thing",
            "thanks for the info on the robots",
            "great breakdown of the us part",
            "tl;dr china wants ai friends lol",
            // A laugh in emoji, an exclamation after a laugh, the asker asking a bot, a
            // rhetorical question closing a remark.
            "woke ai \u{1f480}",
            "3000 \u{1f62d}",
            "godfather of ai lol what a title",
            "washington wants dominance, what else is new",
            "anothr ai org, just what we needed \u{1f644}",
            "who has time to read all that lol",
            "anne bouverot being frances envoy, didnt know that was a job lol",
            "if this means more open weights im in",
            "musk absent = fewer tweets about it at least",
            // A habit, the meme, an amount at length, "the real plot", an aside closing it,
            // "didnt even know", a shrug before "i", an adverb after the judgement.
            "huawei always showing up in these",
            "washington be like rules, never heard of her",
            "us export controls on chips is the real plot",
            "hq in shanghai obviously",
            "trump signing another exec order, shocker",
            "stark contrast stark contrast stark contrast, we get it",
            "i didnt even know waic was a thing",
            "li qiang said consensus from the entire society, guess i gotta vote now",
            "safety standards are good actualy",
            "regulation kills innovation change my mind",
            "i want a humanoid robot tbh",
            "trump always same",
            "lmaooo ai gonna replce us all",
            "oh great, more ai news",
            "china vs us ai is the new space race",
            "that line was a subtweet and everyone knows it",
            "too many models, not enough gpus",
            "That is rather a lot to read.",
            "ai summaries killing news sites, yeah i beleive it",
            "balance between development and security, easier said then done",
            "calling it now, the us wont join",
            "good for developing countries if it actually happens",
            "\"security-conscious\" is doing a lot of work there",
            // Who is meant, known to the teller; what nobody does any more; a laugh inside a
            // clause with a short remark after it.
            "we know who they mean",
            "yeah i agree with the multilateral part",
            // Closings and openings of a view: an idiom with a question word in it, a shrug,
            // a forecast announced.
            "robot dogs are creepy, i said what i said",
            "hinton came and musk didnt, says it all",
            "global ai club, sure thing",
            "an hq in shanghai, very convenient location",
            // What might have been; a shrug at a promise.
            "a 13 point plan, could have been a 3 point plan",
            "musk skipped it, would have been fun",
            "open source tools. ill believe it when i see it",
            "800 companies, sure, very believable",
            "prediction: the us never joins",
            "hot take: three days is too long for a conference",
            "li opening waic, proper big day for him innit",
            "nah i think they wont bother",
            "everyone knew who he meant there",
            "who even uses fax machines anymore",
            "40 language models lmao printer still broken",
            "hinton at waic lol so fitting",
        ] {
            assert_eq!(
                set.statement(text, asks).map(|h| h.id).as_deref(),
                Some(STATEMENT),
                "{text}"
            );
        }
        for text in [
            "he's the google guy right",
            "he's the premier?",
            "is it bad? be honest",
            "hinton? who's that",
            "if the us joins would it matter",
            "if china leads would they share the tools",
            "i want to know who announced it",
            // A question after a remark to the room or an acknowledgement still asks.
            "anybody here reading the article? who announced it",
            "anyone here following this, what did li say about the us?",
            "cool noted and the us",
            "great gotcha and hinton",
            "why does everyone say that",
            "and woke ai lmao",
            "bet and the us",
            "diff between patriotic ai and woke ai lol",
            // After an offer of a quote or a list, these ask for it.
            "i want one",
            "i need them",
            "i want those",
            "i heard china proposed something",
            "me wondering who announced it",
            "me asking for the summary",
            "lol so china is positioning itself as the good guy leader huh",
            "wow who spoke?",
            "my question is about the 13 points",
            "were any american companies there",
            "im visiting shanghai, where is waic held?",
            "as a journalist should i be worried lol",
            "so is ai good or bad according to the chinese premier lol",
            "hw many compnies showed up lol",
            "give me the gist of the proposal",
            "ok give me the gist",
            "describe the platform to me",
            "run the UN part by me",
            "compare china and the us for me",
            "so if im a small country does chinas plan help me",
            "is ai scary",
            "why is ai so scary",
            "is the plan good",
            "trump gonna sign what",
            "lol any details on the 13 point plan",
            "haha more about hinton the godfather of ai",
            "lol the 13 point plan",
            "go on \u{1f602}",
            "and china \u{1f480}",
            "woke ai meaning \u{1f602}",
            "hw many robots r there \u{1f602}",
            "oh export controls",
            "oh is china leading",
            "export controls!!",
            "so many speakers did hinton speak",
            "ai summaries make my site lose traffic",
            "who announced it \u{1f602}",
            "export controls \u{1f440}",
            "so many companies?",
            "hinton?",
            "who spoke!!",
            "as a small country is it good for us lol",
            "what a proposal means?",
            "does li always talk about growth",
            "what is my role here",
            // Statements of the story's facts, keyword queries and questions with an aside
            // in them ask: the review of this round found each answered as small talk.
            "musk never showed up",
            "hinton never spoke at waic",
            "what a data hub is",
            "what an envoy does",
            "the 13 point plan anyway",
            "woke ai lol meaning",
            "as a journalist is this bad",
            "journalism is my field so is ai a risk to it",
            "is waic a big event",
            "is that a lot of robots",
            // Without a mark or a question word: the rules above must not read these as
            // remarks (a review found each read so).
            "the platform is in shanghai or beijing",
            "hinton is the godfather of ai",
            "li qiang is the premier isnt he",
            "ngl so is china leading",
            "ngl well is china leading",
            "honestly just give me the summary",
            "ngl li qiang is the premier right",
            "li qiang is the premier, right",
            "800 companies, right",
            "i know nothing about the chips part",
            "i want to compare china and the us",
            "i cant tell if li mentioned the us",
            "am i the only one who doesnt get the 13 point plan",
            "figures on the robots",
            "the article on waic",
            "quick summary of the plan",
            "good read on the waic thing, who spoke?",
            "tldr us vs china ai approach",
            "and china \u{1f480}",
            "what did the premier call ai \u{1f480}",
            "im asking the bot who announced it",
            "tldr what does beijing want",
            "what could possibly go wrong with the plan",
            "teacher here, we need the 13 points explained",
            "do we know who runs it",
            "yeah i want to know who announced it",
            "im not sure who announced it",
            "could it be in beijing",
            "would the org be in shanghai",
            "not sure about the us part",
            "i dont know who spoke",
            "who spoke at waic this year",
            "the 13 points lol list them",
            "export controls lol explain",
            "'patriotic ai' what does it mean",
            "oh export controls!",
            "i want to see the 13 points",
            "librarian here, is china's approach more open than the us one",
            "diff q: was musk at the shanghai thing",
            "so china is positioning itself as the good guy leader huh",
            "tbh is chinas plan gonna work or nah",
            "i want to understand the 13 point plan better",
            "did anyone see that coming",
            "who knew",
            "how many is a lot",
            "why is this a big deal",
            "who announced it? lol",
            "why did china propose it? to lead?",
            "who proposed it? cause i missed that lol",
            "when is waic? bc i wanna go lol",
            "what is woke ai? because i have no idea lol",
            "who is hinton? to be honest i dont know lol",
            "how many robots? because that sounds wild haha",
            "why did the premier propose it? because i missed it lol",
            // Asked by word order, a question word or a turn, whatever judges in them.
            "would trump hate this",
            "does it sound good",
            "who was at every ai event ever",
            "robots lol, and the us",
            "sorry lol. did li mention chips in the speech",
            "meh, and the united states response",
            "any idea who spoke",
            "is a data hub in poor regions a good idea",
            "why is the plan a good idea",
            "who even attends waic",
            "who even cares, who spoke",
            "what does it mean if this fails",
            "is china always leading",
            "would it be like the un",
            "is the us the real winner",
            "i dont know the us part",
            "i want a summary of the plan",
            "i want to read the 13 points",
            "lol is china leading the ai race now",
            "are there too many robots",
        ] {
            assert!(set.statement(text, asks).is_none(), "{text}");
        }
    }

    #[test]
    fn remark_words_are_read_through_typos_and_story_words_are_not() {
        let set = SmallTalk::builtin();
        let asks = |text: &str| text.contains('?');
        for text in [
            "interestng that musk skipped it this year",
            "honsetly the us will never join",
            "thats ridiculus",
        ] {
            assert!(set.statement(text, asks).is_some(), "{text}");
        }
        // Real words a letter from one of the list stay as written ("though", "thank"), and
        // so does every word of the shipped story and pack.
        let shipped = [
            include_str!("../../knowledge/story.md"),
            include_str!("../../knowledge/qa.toml"),
        ];
        for word in shipped.iter().flat_map(|text| words(text)).map(|w| w.lower) {
            assert_eq!(respelled(&word), None, "{word}");
        }
        assert_eq!(respelled("though"), None);
        assert_eq!(respelled("tohught"), Some("thought"));
        assert_eq!(respelled("someon"), Some("someone"));
        assert_eq!(respelled("figure"), None);
        // One letter changed in a short word is another word more often than a typo.
        assert_eq!(respelled("anyane"), None);
    }

    #[test]
    fn a_whole_phrase_beats_an_open_one() {
        let set = SmallTalk::builtin();
        let id = |text: &str| set.classify(text).map(|h| h.id);
        assert_eq!(id("how do i use this").as_deref(), Some("help"));
        assert_eq!(id("how do i get a job there").as_deref(), Some("task"));
        assert_eq!(id("do you like pizza").as_deref(), Some("identity"));
    }

    #[test]
    fn gibberish_is_mashing_or_punctuation_the_pack_does_not_know() {
        let set = SmallTalk::builtin();
        let unknown = |_: &str| false;
        for text in ["asdfgh", "jjjjj", "?!?", "qwerty zxcvb", "hjkl"] {
            assert!(set.gibberish(text, unknown).is_some(), "{text}");
        }
        for text in ["waic", "what", "xyz corp"] {
            assert!(set.gibberish(text, |w| w == "waic").is_none(), "{text}");
        }
    }

    #[test]
    fn emoji_punctuation_and_lone_characters_are_wordless() {
        let set = SmallTalk::builtin();
        for text in [
            "😂",
            "👍👍",
            "??",
            "...",
            ":(",
            "a",
            "x!",
            "chips chips chips",
        ] {
            assert!(set.wordless(text).is_some(), "{text}");
        }
        for text in [
            "",
            "why",
            "us?",
            "who is li",
            "chips chips",
            "why why why",
            "more more more",
        ] {
            assert!(set.wordless(text).is_none(), "{text}");
        }
    }

    #[test]
    fn a_pack_extends_overrides_and_is_checked() {
        let custom = SmallTalk::with_pack(Some(
            r#"
            [[smalltalk]]
            id = "greeting"
            reply = "Welcome to the newsroom! Ask about {title}."
            phrases = ["ahoy"]

            [[smalltalk]]
            id = "joke"
            enabled = false

            [[smalltalk]]
            id = "coffee"
            phrases = ["coffee?", "want coffee"]
            reply = "No coffee here, only the story."
            "#,
        ))
        .unwrap();
        let hit = custom.classify("ahoy").unwrap();
        assert_eq!(hit.id, "greeting");
        assert!(hit.reply.starts_with("Welcome to the newsroom"));
        assert_eq!(custom.classify("hello").unwrap().id, "greeting");
        assert_eq!(custom.classify("tell me a joke"), None);
        assert_eq!(custom.classify("want coffee").unwrap().id, "coffee");

        let issues = SmallTalk::with_pack(Some(
            r#"
            [[smalltalk]]
            id = "Bad Id"
            phrases = ["x"]
            reply = "y"

            [[smalltalk]]
            id = "new-one"
            phrases = ["zzz"]

            [[smalltalk]]
            id = "greeting"
            reply = "Hi {name}"
            "#,
        ))
        .unwrap_err();
        let messages: Vec<&str> = issues.iter().map(|i| i.message.as_str()).collect();
        assert_eq!(issues.len(), 3, "{messages:?}");
        assert!(
            messages[2].contains("unknown placeholder {name}"),
            "{messages:?}"
        );
        let syntax =
            SmallTalk::with_pack(Some("[[smalltalk]]\nid = \"x\"\nphrase = []\n")).unwrap_err();
        assert!(syntax[0].message.contains("phrase"), "{syntax:?}");
    }
}
