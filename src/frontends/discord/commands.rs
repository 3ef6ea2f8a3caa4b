//! The application commands storybot registers, and how a received command becomes a router
//! [`Command`]. Registration is a bulk overwrite, so it is idempotent.

use serenity::all::{
    CommandDataOptionValue, CommandInteraction, CommandOptionType, CommandType, CreateCommand,
    CreateCommandOption, Embed, InstallationContext, InteractionContext, Message, Permissions,
    ResolvedTarget,
};

use crate::config::DiscordSettings;

use crate::router::Command;

/// The message context-menu command: answers the text of the message it is used on.
pub const ASK_MESSAGE: &str = "Ask storybot";

/// Every command, for registration. `max_question_chars` bounds the question option and
/// `paragraphs` the paragraph option; `settings` say who may install and see them, and where
/// they work (global commands only: a guild's commands work in that guild alone).
pub fn all(
    max_question_chars: usize,
    paragraphs: usize,
    settings: &DiscordSettings,
) -> Vec<CreateCommand> {
    let max_length = u16::try_from(max_question_chars.min(6000)).unwrap_or(6000);
    let global = settings.guild_id.is_none();
    let install: Vec<InstallationContext> = settings
        .integration_types
        .iter()
        .filter_map(|kind| match kind.as_str() {
            "guild" => Some(InstallationContext::Guild),
            "user" => Some(InstallationContext::User),
            _ => None,
        })
        .collect();
    let contexts: Vec<InteractionContext> = settings
        .contexts
        .iter()
        .filter_map(|context| match context.as_str() {
            "guild" => Some(InteractionContext::Guild),
            "bot_dm" => Some(InteractionContext::BotDm),
            "private_channel" => Some(InteractionContext::PrivateChannel),
            _ => None,
        })
        .collect();
    let permissions = settings
        .default_member_permissions
        .as_deref()
        .and_then(|bits| bits.parse::<u64>().ok())
        .map(Permissions::from_bits_truncate);
    let scoped = |command: CreateCommand| {
        let command = match permissions {
            Some(permissions) => command.default_member_permissions(permissions),
            None => command,
        };
        if global {
            command
                .integration_types(install.clone())
                .contexts(contexts.clone())
        } else {
            command
        }
    };
    [
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
    .into_iter()
    .map(scoped)
    .collect()
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

/// Reads a command interaction; `max_question_chars` bounds what "Ask storybot" takes of a
/// long message.
pub fn read(interaction: &CommandInteraction, max_question_chars: usize) -> Received {
    let data = &interaction.data;
    if data.kind == CommandType::Message {
        let text = match data.target() {
            Some(ResolvedTarget::Message(message)) => message_text(message),
            _ => String::new(),
        };
        return match question_in(&text, max_question_chars) {
            Some(question) => Received::Command {
                command: Command::Ask { question },
                private: None,
            },
            None => Received::EmptyMessage,
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

/// The text of a message: its content; else its embeds' titles, descriptions and fields (a
/// link preview, a bot's post); else the forwarded message's content or embeds.
fn message_text(message: &Message) -> String {
    let embeds = |embeds: &[Embed]| {
        let mut parts = Vec::new();
        for embed in embeds {
            parts.extend(embed.title.clone());
            parts.extend(embed.description.clone());
            parts.extend(
                embed
                    .fields
                    .iter()
                    .map(|f| format!("{} {}", f.name, f.value)),
            );
        }
        // Each part is a sentence of its own: a title ("Breaking") is not the first word of
        // the question in the description.
        parts
            .iter()
            .map(|part| part.trim())
            .filter(|part| !part.is_empty())
            .map(|part| {
                if part.ends_with(['.', '?', '!', ':']) {
                    part.to_owned()
                } else {
                    format!("{part}.")
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let candidates = std::iter::once(message.content.clone())
        .chain(std::iter::once(embeds(&message.embeds)))
        .chain(
            message
                .message_snapshots
                .iter()
                .flat_map(|snapshot| [snapshot.content.clone(), embeds(&snapshot.embeds)]),
        );
    candidates
        .into_iter()
        .find(|text| !text.trim().is_empty())
        .unwrap_or_default()
}

/// The question to ask of `text`: all of it when it fits in `max` characters; else its first
/// sentence that asks something (ends with `?`) and fits; else its first sentences that fit
/// (cut at a word boundary if even the first does not). `None` for a text with no words.
pub fn question_in(text: &str, max: usize) -> Option<String> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return None;
    }
    if text.chars().count() <= max {
        return Some(text);
    }
    let mut sentences = Vec::new();
    let mut start = 0;
    for (at, c) in text.char_indices() {
        if matches!(c, '.' | '?' | '!') {
            let end = at + c.len_utf8();
            sentences.push(text[start..end].trim());
            start = end;
        }
    }
    sentences.push(text[start..].trim());
    sentences.retain(|s| !s.is_empty());
    if let Some(question) = sentences
        .iter()
        .find(|s| s.ends_with('?') && s.chars().count() <= max)
    {
        return Some((*question).to_owned());
    }
    let mut taken = String::new();
    for sentence in &sentences {
        let longer = if taken.is_empty() {
            (*sentence).to_owned()
        } else {
            format!("{taken} {sentence}")
        };
        if longer.chars().count() > max {
            break;
        }
        taken = longer;
    }
    if taken.is_empty() {
        // One sentence longer than the limit: its words up to the limit.
        for word in text.split(' ') {
            if taken.chars().count() + word.chars().count() + 1 > max {
                break;
            }
            if !taken.is_empty() {
                taken.push(' ');
            }
            taken.push_str(word);
        }
    }
    (!taken.is_empty()).then_some(taken)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_message_gives_its_first_question_or_first_sentences() {
        assert_eq!(
            question_in("who announced it?", 300).unwrap(),
            "who announced it?"
        );
        let long = format!(
            "{} Anyway, who announced the proposal? And where? {}",
            "Lots of context here. ".repeat(20),
            "More text. ".repeat(20)
        );
        assert_eq!(
            question_in(&long, 100).unwrap(),
            "Anyway, who announced the proposal?"
        );
        let statements = "China proposed a body. It would be in Shanghai. ".repeat(10);
        let taken = question_in(&statements, 60).unwrap();
        assert_eq!(taken, "China proposed a body. It would be in Shanghai.");
        let one = "word ".repeat(100);
        assert!(question_in(&one, 30).unwrap().chars().count() <= 30);
        assert_eq!(question_in("   ", 30), None);
    }
}
