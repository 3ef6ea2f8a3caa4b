//! Documents as Discord responses: a document with a heading is an embed (the heading as title,
//! prose in the description, one field per quote, section or command, the footer), one without
//! is a plain message; actions are buttons. Personal documents are ephemeral. Discord's limits
//! hold for any pack ([`super::embed`]), and every message allows no mentions at all.

use serenity::all::{
    ButtonStyle, CreateActionRow, CreateAllowedMentions, CreateAutocompleteResponse, CreateButton,
    CreateEmbed, CreateEmbedFooter, CreateInteractionResponse, CreateInteractionResponseMessage,
};

use super::embed::{BUTTON_LABEL_MAX, CHOICE_MAX, CONTENT_MAX, CUSTOM_ID_MAX, Embed, truncate};
use crate::router::Suggestion;
use crate::view::{self, Action, Block, Document};

/// Custom ids of suggestion buttons: this prefix, then the entry id.
pub const ASK_BUTTON_PREFIX: &str = "ask:";
/// Custom ids of the rating buttons under an answer: this prefix, then the entry id.
pub const HELPFUL_PREFIX: &str = "fb:y:";
pub const NOT_HELPFUL_PREFIX: &str = "fb:n:";
/// The embed colour: a calm blue.
const COLOUR: u32 = 0x3b82f6;

/// How a reply is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visibility {
    /// Only the asker sees answers.
    pub ephemeral: bool,
}

impl Visibility {
    /// Only the asker sees it.
    pub const PERSONAL: Self = Self { ephemeral: true };
}

/// The response to a command or a button: a new message.
pub fn respond(document: &Document, visibility: Visibility) -> CreateInteractionResponse {
    CreateInteractionResponse::Message(message(document, visibility))
}

/// Autocomplete choices: at most 25, names and values within 100 characters. A question too long
/// to be a value is left out, since a cut value would ask something else.
pub fn choices(suggestions: &[Suggestion]) -> CreateInteractionResponse {
    let mut response = CreateAutocompleteResponse::new();
    for suggestion in suggestions
        .iter()
        .filter(|s| s.question.chars().count() <= CHOICE_MAX)
        .take(25)
    {
        response =
            response.add_string_choice(suggestion.question.clone(), suggestion.question.clone());
    }
    CreateInteractionResponse::Autocomplete(response)
}

/// The message for a document. A personal document is ephemeral whatever `visibility` says.
/// It can mention no one: not @everyone, @here, a role or a user, whatever the question or the
/// knowledge text says.
pub fn message(document: &Document, visibility: Visibility) -> CreateInteractionResponseMessage {
    let mut message =
        CreateInteractionResponseMessage::new().allowed_mentions(CreateAllowedMentions::new());
    if document.personal || visibility.ephemeral {
        // A public message carries no flags at all.
        message = message.ephemeral(true);
    }
    message = match &document.heading {
        Some(_) => message.embed(create_embed(embed(document))),
        None => message.content(truncate(&content(document), CONTENT_MAX)),
    };
    let mut rows = match &document.actions {
        Some(actions) => buttons(&actions.items),
        None => Vec::new(),
    };
    if let Some(answered) = &document.answered
        && NOT_HELPFUL_PREFIX.len() + answered.id.len() <= CUSTOM_ID_MAX
    {
        let (helpful, not_helpful) = view::RATING_LABELS;
        rows.push(CreateActionRow::Buttons(vec![
            CreateButton::new(format!("{HELPFUL_PREFIX}{}", answered.id))
                .label(helpful)
                .style(ButtonStyle::Secondary),
            CreateButton::new(format!("{NOT_HELPFUL_PREFIX}{}", answered.id))
                .label(not_helpful)
                .style(ButtonStyle::Secondary),
        ]));
    }
    if rows.is_empty() {
        message
    } else {
        message.components(rows)
    }
}

/// The message that replaces another one entirely: the parts a document does not have (text,
/// embeds, buttons) are sent empty, since Discord keeps whatever an update leaves out.
pub fn replacement(
    document: &Document,
    visibility: Visibility,
) -> CreateInteractionResponseMessage {
    let mut message = message(document, visibility);
    if document.heading.is_some() {
        message = message.content("");
    } else {
        message = message.embeds(Vec::new());
    }
    let has_buttons = document
        .actions
        .as_ref()
        .is_some_and(|a| !a.items.is_empty())
        || document.answered.is_some();
    if !has_buttons {
        message = message.components(Vec::new());
    }
    message
}

/// A document without a heading as one line of text: its prose, then what its buttons are.
fn content(document: &Document) -> String {
    let mut parts: Vec<&str> = document
        .blocks
        .iter()
        .filter_map(|block| match block {
            Block::Text(text) | Block::Passage(text) => Some(text.as_str()),
            _ => None,
        })
        .collect();
    if let Some(actions) = &document.actions {
        parts.push(&actions.label);
    }
    parts.join(" ")
}

/// A document with a heading as an embed.
fn embed(document: &Document) -> Embed {
    let mut description = Vec::new();
    let mut fields = Vec::new();
    for block in &document.blocks {
        match block {
            Block::Text(text) | Block::Passage(text) => description.push(text.clone()),
            Block::Details(details) => description.extend(
                details
                    .iter()
                    .map(|(label, value)| format!("**{label}:** {value}")),
            ),
            Block::Quote { paragraph, text } => fields.push((
                format!("\u{b6}{paragraph}"),
                format!("\u{201C}{text}\u{201D}"),
            )),
            Block::Section { title, items } => {
                let list: Vec<String> = items.iter().map(|q| format!("\u{2022} {q}")).collect();
                fields.push((title.clone(), list.join("\n")));
            }
            Block::Usage(commands) => fields.extend(commands.iter().cloned()),
        }
    }
    let heading = document.heading.as_ref();
    Embed {
        title: heading.map(|h| h.text.clone()).unwrap_or_default(),
        url: heading.and_then(|h| h.link.clone()),
        description: description.join("\n"),
        fields,
        footer: document.footer.clone().unwrap_or_default(),
    }
}

/// One row of up to three buttons, each asking a suggested entry.
fn buttons(actions: &[Action]) -> Vec<CreateActionRow> {
    let buttons: Vec<CreateButton> = actions
        .iter()
        .filter(|s| ASK_BUTTON_PREFIX.len() + s.id.len() <= CUSTOM_ID_MAX)
        .take(3)
        .map(|s| {
            CreateButton::new(format!("{ASK_BUTTON_PREFIX}{}", s.id))
                .label(truncate(&s.question, BUTTON_LABEL_MAX))
                .style(ButtonStyle::Secondary)
        })
        .collect();
    if buttons.is_empty() {
        Vec::new()
    } else {
        vec![CreateActionRow::Buttons(buttons)]
    }
}

/// serenity's builder for a fitted embed.
fn create_embed(embed: Embed) -> CreateEmbed {
    let embed = embed.fit();
    let mut out = CreateEmbed::new().title(embed.title).colour(COLOUR);
    if !embed.description.is_empty() {
        out = out.description(embed.description);
    }
    if let Some(url) = embed
        .url
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
    {
        out = out.url(url);
    }
    for (name, value) in embed.fields {
        out = out.field(name, value, false);
    }
    if !embed.footer.is_empty() {
        out = out.footer(CreateEmbedFooter::new(embed.footer));
    }
    out
}

#[cfg(test)]
mod tests {
    //! Rendered messages as snapshots (insta), reviewed like code: a change in what users see
    //! shows up as a diff of `snapshots/*.snap`.

    use std::sync::Arc;

    use super::*;
    use crate::knowledge::{Citation, StoryMeta};
    use crate::metrics::Platform;
    use crate::router::{Answer, NoMatch, Refusal, Reply, Topic, TopicList};
    use crate::view::{self, Syntax};

    /// The response for `reply`, worded for Discord.
    fn show(reply: &Reply, visibility: Visibility) -> CreateInteractionResponse {
        respond(
            &view::render(reply, &Syntax::Slash, Platform::Discord),
            visibility,
        )
    }

    fn story() -> Arc<StoryMeta> {
        Arc::new(StoryMeta {
            title: "A test story".into(),
            outlet: Some("The Daily Test".into()),
            url: Some("https://example.org/story".into()),
            published: None,
            event: None,
        })
    }

    fn suggestion(id: &str, question: &str) -> Suggestion {
        Suggestion {
            id: id.into(),
            question: question.into(),
            score: 0.4,
        }
    }

    const PUBLIC: Visibility = Visibility { ephemeral: false };

    #[test]
    fn an_answer_is_an_embed_with_cited_fields_and_related_buttons() {
        let reply = Reply::Answer(Answer {
            id: "who-announced".into(),
            question: "Who announced the proposal?".into(),
            answer: "Premier Li Qiang, at the opening of the conference. @everyone".into(),
            score: 0.93,
            citations: vec![Citation {
                paragraph: 2,
                excerpt: "The initiative was announced by Chinese Premier Li Qiang".into(),
            }],
            related: vec![suggestion("where", "Where was it announced?")],
            story: story(),
        });
        insta::assert_json_snapshot!(show(&reply, PUBLIC));
    }

    #[test]
    fn no_match_is_ephemeral_with_up_to_three_buttons() {
        let reply = Reply::NoMatch(NoMatch {
            suggestions: vec![
                suggestion("a", "Who announced the proposal?"),
                suggestion("b", &"A very long question ".repeat(10)),
                suggestion("c", "Where?"),
                suggestion("d", "Never shown: only three buttons"),
            ],
        });
        insta::assert_json_snapshot!(show(&reply, PUBLIC));
    }

    #[test]
    fn topics_and_refusals() {
        let topics = Reply::Topics(TopicList {
            topics: vec![Topic {
                name: "The announcement".into(),
                entries: vec![
                    ("who".into(), "Who announced it?".into()),
                    ("where".into(), "Where?".into()),
                ],
            }],
            story: story(),
        });
        insta::assert_json_snapshot!("topics", show(&topics, PUBLIC));
        let refused = Reply::Refused(Refusal::QuestionTooLong {
            length: 400,
            max: 300,
        });
        insta::assert_json_snapshot!("refused", show(&refused, PUBLIC));
    }

    #[test]
    fn autocomplete_choices_skip_questions_too_long_to_be_values() {
        let list = vec![
            suggestion("a", "Who announced it?"),
            suggestion("b", &"x".repeat(101)),
        ];
        insta::assert_json_snapshot!(choices(&list));
    }
}
