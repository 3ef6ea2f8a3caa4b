//! The application commands storybot registers, and how a received command becomes a router
//! [`Command`]. Registration is a bulk overwrite, so it is idempotent.

use serenity::all::{
    CommandDataOptionValue, CommandInteraction, CommandOptionType, CommandType, CreateCommand,
    CreateCommandOption, ResolvedTarget,
};

use crate::router::Command;

/// The message context-menu command: answers the text of the message it is used on.
pub const ASK_MESSAGE: &str = "Ask storybot";

/// Every command, for registration. `max_question_chars` bounds the question option and
/// `paragraphs` the paragraph option.
pub fn all(max_question_chars: usize, paragraphs: usize) -> Vec<CreateCommand> {
    let max_length = u16::try_from(max_question_chars.min(6000)).unwrap_or(6000);
    vec![
        CreateCommand::new("ask")
            .description("Ask a question about the story; the answer quotes the story's own words")
            .add_option(
                CreateCommandOption::new(CommandOptionType::String, "question", "Your question")
                    .required(true)
                    .max_length(max_length)
                    .set_autocomplete(true),
            )
            .add_option(CreateCommandOption::new(
                CommandOptionType::Boolean,
                "private",
                "Show the answer only to you",
            )),
        CreateCommand::new("topics").description("List the questions I can answer, by topic"),
        CreateCommand::new("source")
            .description("Where the story comes from, or one of its paragraphs")
            .add_option(
                CreateCommandOption::new(
                    CommandOptionType::Integer,
                    "paragraph",
                    "Paragraph number",
                )
                .min_int_value(1)
                .max_int_value(paragraphs.max(1) as u64),
            ),
        CreateCommand::new("help").description("How to use storybot"),
        CreateCommand::new("about").description("What storybot is and how it answers"),
        CreateCommand::new(ASK_MESSAGE).kind(CommandType::Message),
    ]
}

/// What a received command asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Received {
    /// A router command; `private` is the asker's choice of visibility, if they made one.
    Command {
        command: Command,
        private: Option<bool>,
    },
    /// A context-menu command on a message without text.
    EmptyMessage,
    /// A command this version does not know (registered by an older or newer one).
    Unknown(String),
}

/// Reads a command interaction.
pub fn read(interaction: &CommandInteraction) -> Received {
    let data = &interaction.data;
    if data.kind == CommandType::Message {
        return match data.target() {
            Some(ResolvedTarget::Message(message)) if !message.content.trim().is_empty() => {
                Received::Command {
                    command: Command::Ask {
                        question: message.content.clone(),
                    },
                    private: None,
                }
            }
            _ => Received::EmptyMessage,
        };
    }
    let option = |name: &str| {
        data.options
            .iter()
            .find(|o| o.name == name)
            .map(|o| &o.value)
    };
    let private = match option("private") {
        Some(CommandDataOptionValue::Boolean(private)) => Some(*private),
        _ => None,
    };
    let command = match data.name.as_str() {
        "ask" => Command::Ask {
            question: match option("question") {
                Some(CommandDataOptionValue::String(question)) => question.clone(),
                _ => String::new(),
            },
        },
        "topics" => Command::Topics,
        "source" => Command::Source {
            paragraph: match option("paragraph") {
                // Out of range (negative, or beyond the story) gets the router's polite reply.
                Some(CommandDataOptionValue::Integer(n)) => Some(usize::try_from(*n).unwrap_or(0)),
                _ => None,
            },
        },
        "help" => Command::Help,
        "about" => Command::About,
        other => return Received::Unknown(other.chars().take(32).collect()),
    };
    Received::Command { command, private }
}
