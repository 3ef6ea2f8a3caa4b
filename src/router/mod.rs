//! The router: platform-neutral [`Command`]s in, [`Reply`] values out. No platform types and no
//! I/O here; the front-ends (`crate::frontends`) turn events into commands and render replies.
//! Parsing of text commands lives apart, in [`parse`].

pub mod parse;

use serde::Serialize;

use crate::knowledge::{Citation, KnowledgePack, StoryMeta};
use crate::matcher::{Candidate, Matcher, MatcherConfig};

pub use parse::{COMMAND_NAMES, ParseError, Parsed, parse};

/// What a user can ask of the bot, whatever the platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Answer a question.
    Ask {
        question: String,
    },
    /// Answer one entry by id (a suggestion button was pressed).
    AskEntry {
        id: String,
    },
    /// List the entries grouped by topic.
    Topics,
    /// The story's metadata, or one paragraph.
    Source {
        paragraph: Option<usize>,
    },
    Help,
    About,
    /// Known questions for a partly typed one (autocomplete).
    Complete {
        partial: String,
    },
}

impl Command {
    /// Whether this asks a question: what rate limits and the ask metrics count.
    pub fn asks(&self) -> bool {
        matches!(self, Self::Ask { .. } | Self::AskEntry { .. })
    }
}

/// What the bot answers. Front-ends render it; nothing here is platform-specific.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    Answer(Answer),
    NoMatch(NoMatch),
    Topics(Vec<Topic>),
    Story(StoryInfo),
    Paragraph(Paragraph),
    Help(Help),
    About(About),
    Completions(Vec<Suggestion>),
    /// The input could not be handled; the message says why, politely.
    Refused(Refusal),
}

/// An answer: the entry matched, its answer and verbatim citations, and related questions.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub id: String,
    /// The entry's phrasing that matched best.
    pub question: String,
    pub answer: String,
    pub score: f32,
    pub citations: Vec<Citation>,
    pub related: Vec<Suggestion>,
}

/// No entry matched well enough; the closest questions, if any are close at all.
#[derive(Debug, Clone, PartialEq)]
pub struct NoMatch {
    pub suggestions: Vec<Suggestion>,
}

/// A known question offered to the user.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub id: String,
    pub question: String,
    pub score: f32,
}

/// Entries under one topic, in pack order: (entry id, its first question).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    pub name: String,
    pub entries: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryInfo {
    pub meta: StoryMeta,
    pub paragraphs: usize,
    pub entries: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub number: usize,
    pub total: usize,
    pub text: String,
    pub title: String,
}

/// The commands, for front-ends to render with their own prefix or slash syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Help {
    pub commands: Vec<CommandHelp>,
    pub story_title: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandHelp {
    pub name: &'static str,
    /// Arguments as shown after the name, e.g. `QUESTION` or `[N]`.
    pub args: &'static str,
    pub summary: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct About {
    pub version: &'static str,
    pub story_title: String,
    pub entries: usize,
    pub paragraphs: usize,
}

/// Input the router will not handle, with a polite message for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("Please ask a question, for example: who announced the proposal?")]
    EmptyQuestion,
    #[error("That question is {length} characters long; please keep it to {max} or fewer.")]
    QuestionTooLong { length: usize, max: usize },
    #[error("The story has {total} paragraphs; ask for one from 1 to {total}.")]
    NoSuchParagraph { requested: usize, total: usize },
    #[error(
        "That question is no longer in the knowledge base. Please ask it again in your own words."
    )]
    UnknownEntry { id: String },
    #[error("Sorry, {0}")]
    BadCommand(#[from] ParseError),
}

/// The platform-neutral command help, in the order shown to users.
pub const COMMANDS: &[CommandHelp] = &[
    CommandHelp {
        name: "ask",
        args: "QUESTION",
        summary: "Ask a question about the story; the answer quotes the story's own words.",
    },
    CommandHelp {
        name: "topics",
        args: "",
        summary: "List the questions I can answer, by topic.",
    },
    CommandHelp {
        name: "source",
        args: "[N]",
        summary: "Show where the story comes from, or its paragraph N.",
    },
    CommandHelp {
        name: "help",
        args: "",
        summary: "Show this help.",
    },
    CommandHelp {
        name: "about",
        args: "",
        summary: "What this bot is and how it answers.",
    },
];

/// Bounds on input and the matcher's tuning.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RouterConfig {
    pub matcher: MatcherConfig,
    /// Questions longer than this many characters are refused politely.
    pub max_question_chars: usize,
    /// How many completions to return at most (Discord shows 25).
    pub max_completions: usize,
}

impl RouterConfig {
    pub const DEFAULT: Self = Self {
        matcher: MatcherConfig::DEFAULT,
        max_question_chars: 300,
        max_completions: 25,
    };
}

impl Default for RouterConfig {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Answers commands from one knowledge pack.
#[derive(Debug)]
pub struct Router {
    pack: KnowledgePack,
    matcher: Matcher,
    config: RouterConfig,
}

impl Router {
    /// Indexes `pack` and answers from it.
    pub fn new(pack: KnowledgePack, config: RouterConfig) -> Self {
        let matcher = Matcher::new(&pack, config.matcher);
        Self {
            pack,
            matcher,
            config,
        }
    }

    pub fn pack(&self) -> &KnowledgePack {
        &self.pack
    }

    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    pub fn config(&self) -> &RouterConfig {
        &self.config
    }

    /// Handles one command. Never fails: problems with the input are a [`Reply::Refused`].
    pub fn handle(&self, command: Command) -> Reply {
        match command {
            Command::Ask { question } => self.ask(&question),
            Command::AskEntry { id } => self.ask_entry(&id),
            Command::Topics => Reply::Topics(self.topics()),
            Command::Source { paragraph: None } => Reply::Story(StoryInfo {
                meta: self.pack.story.meta.clone(),
                paragraphs: self.pack.story.paragraphs.len(),
                entries: self.pack.entries.len(),
            }),
            Command::Source {
                paragraph: Some(number),
            } => self.paragraph(number),
            Command::Help => Reply::Help(Help {
                commands: COMMANDS.to_vec(),
                story_title: self.pack.story.meta.title.clone(),
            }),
            Command::About => Reply::About(About {
                version: env!("CARGO_PKG_VERSION"),
                story_title: self.pack.story.meta.title.clone(),
                entries: self.pack.entries.len(),
                paragraphs: self.pack.story.paragraphs.len(),
            }),
            Command::Complete { partial } => Reply::Completions(self.complete(&partial)),
        }
    }

    /// Handles a parsed line of text, treating plain text as a question.
    pub fn handle_parsed(&self, parsed: Parsed) -> Reply {
        match parsed {
            Parsed::Command(command) => self.handle(command),
            Parsed::Text(text) => self.ask(&text),
            Parsed::Invalid(error) => Reply::Refused(error.into()),
        }
    }

    fn ask(&self, question: &str) -> Reply {
        let question = question.trim();
        if question.is_empty() {
            return Reply::Refused(Refusal::EmptyQuestion);
        }
        let length = question.chars().count();
        if length > self.config.max_question_chars {
            return Reply::Refused(Refusal::QuestionTooLong {
                length,
                max: self.config.max_question_chars,
            });
        }
        let config = self.matcher.config();
        let candidates = self.matcher.ask(question, config.max_suggestions + 1);
        match candidates.split_first() {
            Some((best, rest)) if best.score >= config.threshold => {
                Reply::Answer(self.answer(best, self.suggestions(rest)))
            }
            _ => Reply::NoMatch(NoMatch {
                suggestions: self.suggestions(&candidates),
            }),
        }
    }

    fn ask_entry(&self, id: &str) -> Reply {
        let Some(index) = self.pack.entries.iter().position(|e| e.id == id) else {
            return Reply::Refused(Refusal::UnknownEntry { id: id.to_owned() });
        };
        let entry = &self.pack.entries[index];
        let best = Candidate {
            entry: index,
            question: 0,
            score: 1.0,
        };
        let related: Vec<Candidate> = self
            .matcher
            .ask(
                &entry.questions[0],
                self.matcher.config().max_suggestions + 1,
            )
            .into_iter()
            .filter(|c| c.entry != index)
            .collect();
        Reply::Answer(self.answer(&best, self.suggestions(&related)))
    }

    fn answer(&self, best: &Candidate, related: Vec<Suggestion>) -> Answer {
        let entry = &self.pack.entries[best.entry];
        Answer {
            id: entry.id.clone(),
            question: entry.questions[best.question].clone(),
            answer: entry.answer.clone(),
            score: best.score,
            citations: entry.citations.clone(),
            related,
        }
    }

    fn suggestions(&self, candidates: &[Candidate]) -> Vec<Suggestion> {
        let config = self.matcher.config();
        candidates
            .iter()
            .filter(|c| c.score >= config.suggestion_floor)
            .take(config.max_suggestions)
            .map(|c| self.suggestion(c))
            .collect()
    }

    fn suggestion(&self, candidate: &Candidate) -> Suggestion {
        let entry = &self.pack.entries[candidate.entry];
        Suggestion {
            id: entry.id.clone(),
            question: entry.questions[candidate.question].clone(),
            score: candidate.score,
        }
    }

    fn topics(&self) -> Vec<Topic> {
        let mut topics: Vec<Topic> = Vec::new();
        for entry in &self.pack.entries {
            let item = (entry.id.clone(), entry.questions[0].clone());
            match topics.iter_mut().find(|t| t.name == entry.topic) {
                Some(topic) => topic.entries.push(item),
                None => topics.push(Topic {
                    name: entry.topic.clone(),
                    entries: vec![item],
                }),
            }
        }
        topics
    }

    fn paragraph(&self, number: usize) -> Reply {
        let story = &self.pack.story;
        match story.paragraph(number) {
            Some(text) => Reply::Paragraph(Paragraph {
                number,
                total: story.paragraphs.len(),
                text: text.to_owned(),
                title: story.meta.title.clone(),
            }),
            None => Reply::Refused(Refusal::NoSuchParagraph {
                requested: number,
                total: story.paragraphs.len(),
            }),
        }
    }

    fn complete(&self, partial: &str) -> Vec<Suggestion> {
        // Autocomplete sees every keystroke; bound the work like a question, but never refuse.
        let partial: String = partial
            .chars()
            .take(self.config.max_question_chars)
            .collect();
        self.matcher
            .complete(&partial, self.config.max_completions)
            .iter()
            .map(|c| self.suggestion(c))
            .collect()
    }
}
