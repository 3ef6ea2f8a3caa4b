//! What the bot says, as a platform-neutral document. **All user-facing wording lives here**:
//! the router decides *what* to answer ([`Reply`]), this module decides how it reads
//! ([`Document`]), and each front-end only serializes documents into its platform's messages
//! (plain text, a Discord embed with buttons, Matrix `body` plus HTML).
//!
//! A document is a heading, a list of blocks, optional actions (questions to ask next) and a
//! footer. Commands inside the wording are written in the platform's [`Syntax`]: `/topics` on
//! the console and Discord, `!topics` in a Matrix room with the `!` prefix.

use crate::knowledge::StoryMeta;
use crate::metrics::Platform;
use crate::router::{
    Answer, CommandHelp, NoMatch, Paragraph, ParseError, Refusal, Reply, SmallTalkReply, StoryInfo,
    Suggestion, TopicList,
};

/// A reply, ready to be serialized by a front-end.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// What this is: the matched question, a list's title, a paragraph's number.
    pub heading: Option<Heading>,
    pub blocks: Vec<Block>,
    /// Questions the user may ask next (buttons on Discord, commands elsewhere).
    pub actions: Option<Actions>,
    /// A short closing line: the story, the confidence.
    pub footer: Option<String>,
    /// Only the asker needs to see it (Discord shows it ephemerally). Answers and the story's
    /// own text are public; lists, help and notices are personal.
    pub personal: bool,
    /// For an answer: which entry answered, so askers can rate it (buttons, reactions).
    pub answered: Option<Answered>,
    /// A notice already given to this user in this window ("slow down" again): a platform
    /// that may stay silent (a chat room) should.
    pub repeated: bool,
}

/// The entry an answer came from, the phrasing it matched, and what the asker wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered {
    pub id: String,
    pub question: String,
    /// The asker's own words (the service fills them in; else the matched phrasing).
    pub asked: String,
}

/// A heading, with a link (the story's URL) when there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub text: String,
    pub link: Option<String>,
}

/// One part of a document's body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Prose in the bot's own words.
    Text(String),
    /// A verbatim excerpt of the story, with its paragraph number.
    Quote { paragraph: usize, text: String },
    /// A whole paragraph of the story, verbatim.
    Passage(String),
    /// A titled list (a topic and its questions), with the entry id of each item.
    Section {
        title: String,
        items: Vec<String>,
        ids: Vec<String>,
    },
    /// Labelled values (the story's outlet, date, link).
    Details(Vec<(String, String)>),
    /// Commands: how to write each, and what it does.
    Usage(Vec<(String, String)>),
}

/// Questions offered to ask next.
#[derive(Debug, Clone, PartialEq)]
pub struct Actions {
    /// What the list is, as a line before it: "Related:", "Did you mean one of these?".
    pub label: String,
    pub items: Vec<Action>,
}

/// Asking one entry: by button (the entry id) or by typing `command`.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub id: String,
    pub question: String,
    /// How to ask it by typing, in the platform's syntax (`/ask Where was it announced?`).
    pub command: String,
}

/// How commands are written on a platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Syntax {
    /// Typed commands after a prefix: `/ask ...` on the console, `!ask ...` in Matrix rooms.
    Prefixed(String),
    /// Discord's slash commands with named options (`/source paragraph:N`).
    Slash,
}

impl Syntax {
    /// The console's syntax.
    pub fn console() -> Self {
        Self::Prefixed("/".to_owned())
    }

    /// `name` as a user types it, without arguments.
    pub fn command(&self, name: &str) -> String {
        match self {
            Self::Prefixed(prefix) => format!("{prefix}{name}"),
            Self::Slash => format!("/{name}"),
        }
    }

    /// Asking `question` by typing.
    pub fn ask(&self, question: &str) -> String {
        format!("{} {question}", self.command("ask"))
    }

    /// A command with its arguments, as shown in help.
    fn usage(&self, help: &CommandHelp) -> String {
        match (self, help.name) {
            (Self::Slash, "ask") => "/ask question:<your question>".to_owned(),
            (Self::Slash, "source") => "/source [paragraph:N]".to_owned(),
            (Self::Slash, name) => format!("/{name}"),
            (Self::Prefixed(prefix), name) => format!("{prefix}{name} {}", help.args)
                .trim_end()
                .to_owned(),
        }
    }

    /// A command shown inside prose: in backticks on Discord, where it renders as code.
    fn inline(&self, command: &str) -> String {
        match self {
            Self::Slash => format!("`{command}`"),
            Self::Prefixed(_) => command.to_owned(),
        }
    }
}

/// The label of the button that posts a private answer for everyone.
pub const SHARE_LABEL: &str = "Post to channel";
/// The labels of the buttons that page through a long list.
pub const PAGE_LABELS: (&str, &str) = ("\u{25c0} Previous", "Next \u{25b6}");
/// The placeholder of a menu of topics, and of a topic's questions.
pub const MENU_PLACEHOLDERS: (&str, &str) = ("Choose a topic", "Choose a question");

/// The labels of the buttons that rate an answer: helpful, not helpful.
pub const RATING_LABELS: (&str, &str) = ("\u{1f44d} Helpful", "\u{1f44e} Not helpful");

/// Short replies that are not answers: the front-ends' and the service's own notices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The asker is over the rate limit.
    SlowDown,
    /// A room over its shared limit.
    RoomBusy,
    /// An encrypted message the bot could not read.
    CannotDecrypt,
    /// "Ask storybot" on a message without text.
    EmptyMessage,
    /// A slash command this version does not know (registered by another version).
    UnknownCommand(String),
    /// A button this version does not know.
    StaleButton,
    /// An interaction of a kind the bot does not handle.
    Unsupported,
    /// Thanks for a rating: helpful (`true`) or not.
    Rated(bool),
    /// The asker rated this answer already.
    AlreadyRated,
    /// A rating with no answer to rate (the console's `/bad` before any answer).
    NothingToRate,
    /// Someone pressed a button of an answer given to someone else.
    NotYours,
    /// A user install in a server without the bot: nothing can be posted there.
    CannotPostHere,
}

/// The document for `reply`, worded for a platform.
pub fn render(reply: &Reply, syntax: &Syntax, platform: Platform) -> Document {
    match reply {
        Reply::Answer(answer) => render_answer(answer, syntax),
        Reply::NoMatch(no_match) => render_no_match(no_match, syntax),
        Reply::Topics(list) => render_topics(list, syntax),
        Reply::Story(info) => render_story(info, syntax),
        Reply::Paragraph(paragraph) => render_paragraph(paragraph),
        Reply::Help(help) => Document {
            heading: Some(plain_heading("storybot")),
            blocks: vec![
                Block::Text(format!("I answer questions about: {}", help.story.title)),
                Block::Usage(
                    help.commands
                        .iter()
                        .map(|c| (syntax.usage(c), c.summary.to_owned()))
                        .chain(platform_help(syntax, platform))
                        .collect(),
                ),
            ],
            personal: true,
            ..Document::default()
        },
        Reply::About(about) => Document {
            heading: Some(plain_heading(&format!("storybot {}", about.version))),
            blocks: vec![Block::Text(format!(
                "I answer questions about one story, quoting its exact words: {} ({} paragraphs, {} curated questions). \
                 Every answer cites the paragraphs it comes from; when nothing matches, I say so.",
                about.story.title, about.paragraphs, about.entries
            ))],
            personal: true,
            ..Document::default()
        },
        Reply::Completions(list) => Document {
            actions: actions("Questions:", list, syntax),
            personal: true,
            ..Document::default()
        },
        Reply::SmallTalk(reply) => text(small_talk(reply, syntax)),
        Reply::Refused(refusal) => text(refused(refusal)),
    }
}

/// A small-talk reply with the commands and the story it names filled in.
pub fn small_talk(reply: &SmallTalkReply, syntax: &Syntax) -> String {
    reply
        .text
        .replace("{title}", &reply.story.title)
        .replace("{topics}", &syntax.inline(&syntax.command("topics")))
        .replace("{help}", &syntax.inline(&syntax.command("help")))
        .replace("{ask}", &syntax.inline(&syntax.command("ask")))
}

/// The document for a notice.
pub fn notice(notice: &Notice, syntax: &Syntax) -> Document {
    text(match notice {
        Notice::SlowDown => {
            "You're asking faster than I can keep up. Please wait a few seconds and try again."
                .to_owned()
        }
        Notice::RoomBusy => {
            "This room is asking faster than I can answer. Please give me a few seconds.".to_owned()
        }
        Notice::CannotDecrypt => {
            "I couldn't decrypt your message: its key hasn't reached me. Please send it \
             again in a moment."
                .to_owned()
        }
        Notice::EmptyMessage => "That message has no text I could answer.".to_owned(),
        Notice::UnknownCommand(name) => format!(
            "I don't know the command `{name}` any more. Try {}.",
            syntax.inline(&syntax.command("help"))
        ),
        Notice::StaleButton => "That button no longer does anything.".to_owned(),
        Notice::Unsupported => "I can't handle that kind of interaction.".to_owned(),
        Notice::Rated(true) => "Thanks! Glad it helped.".to_owned(),
        Notice::Rated(false) => {
            "Thanks for saying so. The people who curate my answers will see it.".to_owned()
        }
        Notice::AlreadyRated => "You already rated this answer.".to_owned(),
        Notice::NothingToRate => "There is no answer to rate yet: ask a question first.".to_owned(),
        Notice::NotYours => {
            "Only the person who asked can post this answer. Ask it yourself to get your own."
                .to_owned()
        }
        Notice::CannotPostHere => {
            "I can't post in this channel: I'm installed for you, not for this server. \
             Ask a server admin to add me, or share the answer yourself."
                .to_owned()
        }
    })
}

/// Why the input was refused, in the user's words. Also the `refused` field of `ask --json`.
pub fn refused(refusal: &Refusal) -> String {
    match refusal {
        Refusal::EmptyQuestion => {
            "Please ask a question, for example: who announced the proposal?".to_owned()
        }
        Refusal::QuestionTooLong { length, max } => format!(
            "That question is {length} characters long; please keep it to {max} or fewer."
        ),
        Refusal::NoSuchParagraph { total, .. } => {
            format!("The story has {total} paragraphs; ask for one from 1 to {total}.")
        }
        Refusal::NoSuchTopic => {
            "That list of topics is out of date. Please ask for the topics again.".to_owned()
        }
        Refusal::UnknownEntry { .. } => {
            "That question is no longer in the knowledge base. Please ask it again in your own words."
                .to_owned()
        }
        Refusal::BadCommand(error) => format!("Sorry, {}", parse_error(error)),
    }
}

/// A command line that does not parse. It is worded with the prefix the user typed.
fn parse_error(error: &ParseError) -> String {
    match error {
        ParseError::UnknownCommand {
            prefix,
            name,
            suggestion,
        } => {
            let hint = suggestion
                .as_ref()
                .map(|s| format!(" (did you mean `{prefix}{s}`?)"))
                .unwrap_or_default();
            format!("there is no command `{prefix}{name}`{hint}. Try `{prefix}help`.")
        }
        ParseError::BadParagraph { prefix, argument } => format!(
            "`{prefix}source` takes a paragraph number, like `{prefix}source 3`; `{argument}` is not one."
        ),
    }
}

/// `document` (an answer) posted for everyone by the person who asked: it says who asked
/// what, by name (never a mention).
pub fn attribute(document: &mut Document, asker: &str, asked: &str) {
    document.blocks.insert(
        0,
        Block::Text(format!("Asked by {asker}: \u{201C}{asked}\u{201D}")),
    );
}

/// The console's greeting, shown when it starts on a terminal.
pub fn greeting(story: &StoryMeta) -> String {
    format!(
        "Ask me about: {}\nType a question, /topics for what I know, /help for commands, /quit to leave.",
        story.title
    )
}

fn render_answer(answer: &Answer, syntax: &Syntax) -> Document {
    let mut blocks = vec![Block::Text(answer.answer.clone())];
    blocks.extend(answer.citations.iter().map(|c| Block::Quote {
        paragraph: c.paragraph,
        text: c.excerpt.clone(),
    }));
    Document {
        heading: Some(Heading {
            text: answer.question.clone(),
            link: answer.story.url.clone(),
        }),
        blocks,
        actions: actions("Related:", &answer.related, syntax),
        footer: Some(format!(
            "{} \u{b7} confidence {:.0}%",
            answer.story.title,
            answer.score * 100.0
        )),
        personal: false,
        answered: Some(Answered {
            id: answer.id.clone(),
            question: answer.question.clone(),
            asked: answer.question.clone(),
        }),
        repeated: false,
    }
}

fn render_no_match(no_match: &NoMatch, syntax: &Syntax) -> Document {
    let mut blocks = vec![Block::Text(
        "I can't find an answer to that in the story, so I won't guess.".to_owned(),
    )];
    if no_match.suggestions.is_empty() {
        blocks.push(Block::Text(format!(
            "Try {} to see what I can answer.",
            syntax.inline(&syntax.command("topics"))
        )));
    }
    Document {
        blocks,
        actions: actions("Did you mean one of these?", &no_match.suggestions, syntax),
        personal: true,
        ..Document::default()
    }
}

fn render_topics(list: &TopicList, syntax: &Syntax) -> Document {
    let mut blocks = vec![Block::Text(format!(
        "Questions about: {}. Ask with {}.",
        list.story.title,
        syntax.inline(&syntax.command("ask"))
    ))];
    blocks.extend(list.topics.iter().map(|topic| Block::Section {
        title: topic.name.clone(),
        items: topic.entries.iter().map(|(_, q)| q.clone()).collect(),
        ids: topic.entries.iter().map(|(id, _)| id.clone()).collect(),
    }));
    Document {
        heading: Some(Heading {
            text: "What I can answer".to_owned(),
            link: list.story.url.clone(),
        }),
        blocks,
        footer: Some(list.story.title.clone()),
        personal: true,
        ..Document::default()
    }
}

fn render_story(info: &StoryInfo, syntax: &Syntax) -> Document {
    let meta = &info.meta;
    let details = [
        ("Outlet", &meta.outlet),
        ("Published", &meta.published),
        ("Event", &meta.event),
        ("Link", &meta.url),
    ]
    .into_iter()
    .filter_map(|(label, value)| value.clone().map(|value| (label.to_owned(), value)))
    .collect::<Vec<_>>();
    let source = match syntax {
        Syntax::Slash => "`/source paragraph:N`".to_owned(),
        Syntax::Prefixed(prefix) => format!("{prefix}source N"),
    };
    let mut blocks = Vec::new();
    if !details.is_empty() {
        blocks.push(Block::Details(details));
    }
    blocks.push(Block::Text(format!(
        "{} paragraphs, {} questions answered. {source} shows paragraph N.",
        info.paragraphs, info.entries
    )));
    Document {
        heading: Some(Heading {
            text: meta.title.clone(),
            link: meta.url.clone(),
        }),
        blocks,
        ..Document::default()
    }
}

fn render_paragraph(paragraph: &Paragraph) -> Document {
    Document {
        heading: Some(Heading {
            text: format!("\u{b6}{} of {}", paragraph.number, paragraph.total),
            link: paragraph.story.url.clone(),
        }),
        blocks: vec![Block::Passage(paragraph.text.clone())],
        footer: Some(paragraph.story.title.clone()),
        ..Document::default()
    }
}

/// What only one platform offers, for its help.
fn platform_help(syntax: &Syntax, platform: Platform) -> Option<(String, String)> {
    match platform {
        Platform::Console => Some((
            "plain text".to_owned(),
            format!("Is a question too. {} leaves.", syntax.command("quit")),
        )),
        Platform::Discord => Some((
            "Apps \u{2192} Ask storybot".to_owned(),
            "On any message: answers the question in it.".to_owned(),
        )),
        Platform::Matrix => Some((
            "@mention".to_owned(),
            "You can also mention me with a question, or reply to one of my answers. \u{1f44d} or \u{1f44e} on an answer rates it.".to_owned(),
        )),
    }
}

fn actions(label: &str, list: &[Suggestion], syntax: &Syntax) -> Option<Actions> {
    (!list.is_empty()).then(|| Actions {
        label: label.to_owned(),
        items: list
            .iter()
            .map(|s| Action {
                id: s.id.clone(),
                question: s.question.clone(),
                command: syntax.ask(&s.question),
            })
            .collect(),
    })
}

fn plain_heading(text: &str) -> Heading {
    Heading {
        text: text.to_owned(),
        link: None,
    }
}

/// A personal document of one line of prose.
fn text(line: String) -> Document {
    Document {
        blocks: vec![Block::Text(line)],
        personal: true,
        ..Document::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::router::{Command, Parsed, Router, parse};

    fn router() -> Router {
        Router::shipped()
    }

    fn all_text(document: &Document) -> String {
        let mut text = String::new();
        for block in &document.blocks {
            match block {
                Block::Text(t) | Block::Passage(t) => text.push_str(t),
                Block::Quote { text: t, .. } => text.push_str(t),
                Block::Section { title, items, .. } => {
                    text.push_str(title);
                    text.push_str(&items.join(" "));
                }
                Block::Details(pairs) | Block::Usage(pairs) => {
                    for (a, b) in pairs {
                        text.push_str(&format!("{a} {b} "));
                    }
                }
            }
            text.push('\n');
        }
        text
    }

    #[test]
    fn invalid_commands_are_worded_with_the_prefix_typed() {
        let worded = |line: &str| match parse(line, &["/", "!"]) {
            Parsed::Invalid(error) => refused(&Refusal::BadCommand(error)),
            other => panic!("{line} parsed as {other:?}"),
        };
        assert_eq!(
            worded("/aks who"),
            "Sorry, there is no command `/aks` (did you mean `/ask`?). Try `/help`."
        );
        assert_eq!(
            worded("!frobnicate"),
            "Sorry, there is no command `!frobnicate`. Try `!help`."
        );
        assert!(worded("/source three").contains("`three` is not one"));
    }

    #[test]
    fn commands_in_the_wording_follow_the_platform_syntax() {
        let router = router();
        let no_match = router.handle(Command::Ask {
            question: "zxqv plorp".into(),
        });
        let cases = [
            (Syntax::console(), Platform::Console, "Try /topics"),
            (
                Syntax::Prefixed("!".into()),
                Platform::Matrix,
                "Try !topics",
            ),
            (Syntax::Slash, Platform::Discord, "Try `/topics`"),
        ];
        for (syntax, platform, hint) in cases {
            let document = render(&no_match, &syntax, platform);
            assert!(all_text(&document).contains(hint), "{document:?}");
            let help = all_text(&render(&router.handle(Command::Help), &syntax, platform));
            let ask = match &syntax {
                Syntax::Slash => "/ask question:<your question>".to_owned(),
                Syntax::Prefixed(prefix) => format!("{prefix}ask QUESTION"),
            };
            assert!(help.contains(&ask), "{help}");
        }
        let answer = router.handle(Command::Ask {
            question: "who announced it".into(),
        });
        let matrix = render(&answer, &Syntax::Prefixed("!".into()), Platform::Matrix);
        let related = matrix.actions.expect("related questions");
        assert!(related.items.iter().all(|a| a.command.starts_with("!ask ")));
    }

    #[test]
    fn answers_and_the_story_are_public_lists_help_and_notices_personal() {
        let router = router();
        let syntax = Syntax::Slash;
        let public = [
            Command::Ask {
                question: "who announced it".into(),
            },
            Command::Source { paragraph: None },
            Command::Source { paragraph: Some(2) },
        ];
        for command in public {
            let document = render(&router.handle(command.clone()), &syntax, Platform::Discord);
            assert!(!document.personal, "{command:?}");
            assert!(document.heading.is_some(), "{command:?}");
        }
        let personal = [
            Command::Topics,
            Command::Help,
            Command::About,
            Command::Source {
                paragraph: Some(999),
            },
            Command::Ask {
                question: "zxqv plorp".into(),
            },
        ];
        for command in personal {
            let document = render(&router.handle(command.clone()), &syntax, Platform::Discord);
            assert!(document.personal, "{command:?}");
        }
        for notice in [
            Notice::SlowDown,
            Notice::RoomBusy,
            Notice::CannotDecrypt,
            Notice::EmptyMessage,
            Notice::UnknownCommand("x".into()),
            Notice::StaleButton,
            Notice::Unsupported,
        ] {
            let document = super::notice(&notice, &syntax);
            assert!(document.personal && !all_text(&document).trim().is_empty());
        }
    }

    #[test]
    fn an_answer_quotes_its_citations_verbatim_with_paragraph_numbers() {
        let router = router();
        let Reply::Answer(answer) = router.handle(Command::Ask {
            question: "who announced it".into(),
        }) else {
            panic!("answered");
        };
        let document = render(
            &Reply::Answer(answer.clone()),
            &Syntax::Slash,
            Platform::Discord,
        );
        let quotes: Vec<(usize, &str)> = document
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Quote { paragraph, text } => Some((*paragraph, text.as_str())),
                _ => None,
            })
            .collect();
        let cited: Vec<(usize, &str)> = answer
            .citations
            .iter()
            .map(|c| (c.paragraph, c.excerpt.as_str()))
            .collect();
        assert_eq!(quotes, cited);
        let footer = document.footer.unwrap();
        assert!(footer.contains("confidence") && footer.contains(&answer.story.title));
    }
}
