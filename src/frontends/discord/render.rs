//! Router replies as Discord responses: an answer is an embed (the matched question, the answer,
//! one field per citation, the story in the footer); no match is an ephemeral message with
//! buttons for the closest questions. Every message allows no mentions at all.

use serenity::all::{
    ButtonStyle, CreateActionRow, CreateAllowedMentions, CreateAutocompleteResponse, CreateButton,
    CreateEmbed, CreateEmbedFooter, CreateInteractionResponse, CreateInteractionResponseMessage,
};

use super::embed::{BUTTON_LABEL_MAX, CHOICE_MAX, CONTENT_MAX, CUSTOM_ID_MAX, Embed, truncate};
use crate::knowledge::StoryMeta;
use crate::router::{Reply, Suggestion};

/// Custom ids of suggestion buttons: this prefix, then the entry id.
pub const ASK_BUTTON_PREFIX: &str = "ask:";
/// The embed colour: a calm blue.
const COLOUR: u32 = 0x3b82f6;

/// How a reply is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visibility {
    /// Only the asker sees answers.
    pub ephemeral: bool,
}

impl Visibility {
    /// Marks `message` ephemeral if it should be; a public message carries no flags at all.
    fn apply(self, message: CreateInteractionResponseMessage) -> CreateInteractionResponseMessage {
        if self.ephemeral {
            message.ephemeral(true)
        } else {
            message
        }
    }
}

/// A message that can mention no one: not @everyone, @here, a role or a user, whatever the
/// question or the knowledge text says.
pub fn message() -> CreateInteractionResponseMessage {
    CreateInteractionResponseMessage::new().allowed_mentions(CreateAllowedMentions::new())
}

/// The response to a command or a button: a new message.
pub fn respond(
    reply: &Reply,
    story: &StoryMeta,
    visibility: Visibility,
) -> CreateInteractionResponse {
    CreateInteractionResponse::Message(render(reply, story, visibility))
}

/// A short ephemeral notice (rate limits, stale buttons, problems).
pub fn notice(text: &str) -> CreateInteractionResponse {
    CreateInteractionResponse::Message(
        message()
            .content(truncate(text, CONTENT_MAX))
            .ephemeral(true),
    )
}

/// Autocomplete choices: at most 25, names and values within 100 characters. A question too long
/// to be a value is left out, since a cut value would ask something else.
pub fn choices(reply: &Reply) -> CreateInteractionResponse {
    let mut response = CreateAutocompleteResponse::new();
    if let Reply::Completions(suggestions) = reply {
        for suggestion in suggestions
            .iter()
            .filter(|s| s.question.chars().count() <= CHOICE_MAX)
            .take(25)
        {
            response = response
                .add_string_choice(suggestion.question.clone(), suggestion.question.clone());
        }
    }
    CreateInteractionResponse::Autocomplete(response)
}

/// The message for a reply.
pub fn render(
    reply: &Reply,
    story: &StoryMeta,
    visibility: Visibility,
) -> CreateInteractionResponseMessage {
    let message = message();
    match reply {
        Reply::Answer(answer) => {
            let fields = answer
                .citations
                .iter()
                .map(|c| {
                    (
                        format!("\u{b6}{}", c.paragraph),
                        format!("\u{201C}{}\u{201D}", c.excerpt),
                    )
                })
                .collect();
            let embed = Embed {
                title: answer.question.clone(),
                url: story.url.clone(),
                description: answer.answer.clone(),
                fields,
                footer: format!(
                    "{} \u{b7} confidence {:.0}%",
                    story.title,
                    answer.score * 100.0
                ),
            };
            let message = visibility.apply(message.embed(create_embed(embed)));
            if answer.related.is_empty() {
                message
            } else {
                message.components(buttons(&answer.related))
            }
        }
        Reply::NoMatch(no_match) => {
            let mut text =
                String::from("I can't find an answer to that in the story, so I won't guess.");
            text.push_str(if no_match.suggestions.is_empty() {
                " Try `/topics` to see what I can answer."
            } else {
                " Did you mean one of these?"
            });
            let message = message.content(text).ephemeral(true);
            if no_match.suggestions.is_empty() {
                message
            } else {
                message.components(buttons(&no_match.suggestions))
            }
        }
        Reply::Topics(topics) => {
            let fields = topics
                .iter()
                .map(|topic| {
                    let list: Vec<String> = topic
                        .entries
                        .iter()
                        .map(|(_, q)| format!("\u{2022} {q}"))
                        .collect();
                    (topic.name.clone(), list.join("\n"))
                })
                .collect();
            let embed = Embed {
                title: "What I can answer".to_owned(),
                description: format!("Questions about: {}. Ask with `/ask`.", story.title),
                fields,
                footer: story.title.clone(),
                url: story.url.clone(),
            };
            message.embed(create_embed(embed)).ephemeral(true)
        }
        Reply::Story(info) => {
            let meta = &info.meta;
            let mut lines = Vec::new();
            for (label, value) in meta.details() {
                lines.push(format!("**{label}:** {value}"));
            }
            lines.push(format!(
                "{} paragraphs, {} questions answered. `/source paragraph:N` shows paragraph N.",
                info.paragraphs, info.entries
            ));
            let embed = Embed {
                title: meta.title.clone(),
                url: meta.url.clone(),
                description: lines.join("\n"),
                fields: Vec::new(),
                footer: String::new(),
            };
            visibility.apply(message.embed(create_embed(embed)))
        }
        Reply::Paragraph(paragraph) => {
            let embed = Embed {
                title: format!("\u{b6}{} of {}", paragraph.number, paragraph.total),
                url: story.url.clone(),
                description: paragraph.text.clone(),
                fields: Vec::new(),
                footer: paragraph.title.clone(),
            };
            visibility.apply(message.embed(create_embed(embed)))
        }
        Reply::Help(help) => {
            let fields = help
                .commands
                .iter()
                .map(|c| {
                    let usage = match c.name {
                        "ask" => "/ask question:<your question>".to_owned(),
                        "source" => "/source [paragraph:N]".to_owned(),
                        name => format!("/{name}"),
                    };
                    (usage, c.summary.to_owned())
                })
                .chain(std::iter::once((
                    "Apps \u{2192} Ask storybot".to_owned(),
                    "On any message: answers the question in it.".to_owned(),
                )))
                .collect();
            let embed = Embed {
                title: "storybot".to_owned(),
                description: format!("I answer questions about: {}", help.story_title),
                fields,
                footer: String::new(),
                url: None,
            };
            message.embed(create_embed(embed)).ephemeral(true)
        }
        Reply::About(about) => {
            let embed = Embed {
                title: format!("storybot {}", about.version),
                description: format!(
                    "I answer questions about one story, quoting its exact words: {} ({} paragraphs, {} curated questions). Every answer cites the paragraphs it comes from; when nothing matches, I say so.",
                    about.story_title, about.paragraphs, about.entries
                ),
                fields: Vec::new(),
                footer: String::new(),
                url: None,
            };
            message.embed(create_embed(embed)).ephemeral(true)
        }
        Reply::Completions(suggestions) => {
            let list: Vec<String> = suggestions
                .iter()
                .map(|s| format!("\u{2022} {}", s.question))
                .collect();
            message
                .content(truncate(&list.join("\n"), CONTENT_MAX))
                .ephemeral(true)
        }
        Reply::Refused(refusal) => message
            .content(truncate(&refusal.to_string(), CONTENT_MAX))
            .ephemeral(true),
    }
}

/// One row of up to three buttons, each asking a suggested entry.
fn buttons(suggestions: &[Suggestion]) -> Vec<CreateActionRow> {
    let buttons: Vec<CreateButton> = suggestions
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

    use super::*;
    use crate::knowledge::Citation;
    use crate::router::{Answer, NoMatch, Refusal, Topic};

    fn story() -> StoryMeta {
        StoryMeta {
            title: "A test story".into(),
            outlet: Some("The Daily Test".into()),
            url: Some("https://example.org/story".into()),
            published: None,
            event: None,
        }
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
        });
        insta::assert_json_snapshot!(respond(&reply, &story(), PUBLIC));
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
        insta::assert_json_snapshot!(respond(&reply, &story(), PUBLIC));
    }

    #[test]
    fn topics_and_refusals() {
        let topics = Reply::Topics(vec![Topic {
            name: "The announcement".into(),
            entries: vec![
                ("who".into(), "Who announced it?".into()),
                ("where".into(), "Where?".into()),
            ],
        }]);
        insta::assert_json_snapshot!("topics", respond(&topics, &story(), PUBLIC));
        let refused = Reply::Refused(Refusal::QuestionTooLong {
            length: 400,
            max: 300,
        });
        insta::assert_json_snapshot!("refused", respond(&refused, &story(), PUBLIC));
    }

    #[test]
    fn autocomplete_choices_skip_questions_too_long_to_be_values() {
        let reply = Reply::Completions(vec![
            suggestion("a", "Who announced it?"),
            suggestion("b", &"x".repeat(101)),
        ]);
        insta::assert_json_snapshot!(choices(&reply));
    }
}
