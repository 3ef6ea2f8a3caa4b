//! Documents as Discord responses: a document with a heading is an embed (the heading as title,
//! prose in the description, one field per quote, section or command, the footer), one without
//! is a plain message; actions are buttons. Personal documents are ephemeral. Discord's limits
//! hold for any pack ([`super::embed`]), and every message allows no mentions at all.

use serenity::all::{
    ButtonStyle, CreateActionRow, CreateAllowedMentions, CreateAutocompleteResponse, CreateButton,
    CreateEmbed, CreateEmbedFooter, CreateInteractionResponse, CreateInteractionResponseMessage,
    CreateSelectMenu, CreateSelectMenuKind, CreateSelectMenuOption,
};

use super::embed::{
    BUTTON_LABEL_MAX, CHOICE_MAX, CONTENT_MAX, CUSTOM_ID_MAX, Embed, OPTION_MAX, truncate,
};
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

/// Custom ids of the list menus and their page buttons.
pub const TOPICS_PICK: &str = "topics:pick";
pub const TOPICS_PAGE: &str = "topics:page:";
/// `topic:{index}:pick` and `topic:{index}:page:{n}`.
pub const TOPIC_PREFIX: &str = "topic:";
/// Custom ids of the button that posts a private answer for everyone: this, then the entry id.
pub const SHARE_PREFIX: &str = "share:";
/// Options in one select menu (Discord's limit).
pub const MENU_MAX: usize = 25;

/// Which page of a list a message shows: of the topics, or of one topic's questions (by the
/// topic's place in the list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Page {
    pub number: usize,
    pub topic: Option<usize>,
}

/// The message for a document. A personal document is ephemeral whatever `visibility` says.
/// It can mention no one: not @everyone, @here, a role or a user, whatever the question or the
/// knowledge text says.
pub fn message(document: &Document, visibility: Visibility) -> CreateInteractionResponseMessage {
    message_page(document, visibility, Page::default())
}

/// [`message`], showing page `page` of a list (topics, or a topic's questions) as a menu.
pub fn message_page(
    document: &Document,
    visibility: Visibility,
    page: Page,
) -> CreateInteractionResponseMessage {
    let mut message =
        CreateInteractionResponseMessage::new().allowed_mentions(CreateAllowedMentions::new());
    let ephemeral = document.personal || visibility.ephemeral;
    if ephemeral {
        // A public message carries no flags at all.
        message = message.ephemeral(true);
    }
    let sections: Vec<(&String, &Vec<String>, &Vec<String>)> = document
        .blocks
        .iter()
        .filter_map(|block| match block {
            Block::Section { title, items, ids } => Some((title, items, ids)),
            _ => None,
        })
        .collect();
    if !sections.is_empty() {
        let (embed, rows) = list(document, &sections, page);
        return message.embed(create_embed(embed)).components(rows);
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
        let mut row = vec![
            CreateButton::new(format!("{HELPFUL_PREFIX}{}", answered.id))
                .label(helpful)
                .style(ButtonStyle::Secondary),
            CreateButton::new(format!("{NOT_HELPFUL_PREFIX}{}", answered.id))
                .label(not_helpful)
                .style(ButtonStyle::Secondary),
        ];
        if ephemeral && SHARE_PREFIX.len() + answered.id.len() <= CUSTOM_ID_MAX {
            // A private answer can be posted for everyone, by the person who asked.
            row.push(
                CreateButton::new(format!("{SHARE_PREFIX}{}", answered.id))
                    .label(view::SHARE_LABEL)
                    .style(ButtonStyle::Primary),
            );
        }
        rows.push(CreateActionRow::Buttons(row));
    }
    if rows.is_empty() {
        message
    } else {
        message.components(rows)
    }
}

/// A list as an embed and a menu, a page at a time: the topics (a menu of topics), or one
/// topic (a menu of its questions). Every item is on some page, whatever the pack's size;
/// the embed says which page this is.
fn list(
    document: &Document,
    sections: &[(&String, &Vec<String>, &Vec<String>)],
    page: Page,
) -> (Embed, Vec<CreateActionRow>) {
    let (choose_topic, choose_question) = view::MENU_PLACEHOLDERS;
    let heading = document.heading.as_ref();
    let intro: Vec<String> = document
        .blocks
        .iter()
        .filter_map(|block| match block {
            Block::Text(text) => Some(text.clone()),
            _ => None,
        })
        .collect();
    // (label, value, description) of every option, and what the menu and buttons are called.
    let (options, pick, page_id, placeholder, title): (
        Vec<(String, String)>,
        String,
        String,
        &str,
        String,
    ) = match (sections, page.topic) {
        ([(name, items, ids)], Some(topic)) => (
            items
                .iter()
                .zip(ids.iter())
                .map(|(question, id)| (question.clone(), id.clone()))
                .collect(),
            format!("{TOPIC_PREFIX}{topic}:pick"),
            format!("{TOPIC_PREFIX}{topic}:page:"),
            choose_question,
            (*name).clone(),
        ),
        _ => (
            sections
                .iter()
                .enumerate()
                .map(|(index, (name, items, _))| {
                    (format!("{name} ({})", items.len()), index.to_string())
                })
                .collect(),
            TOPICS_PICK.to_owned(),
            TOPICS_PAGE.to_owned(),
            choose_topic,
            heading.map(|h| h.text.clone()).unwrap_or_default(),
        ),
    };
    let pages = options.len().div_ceil(MENU_MAX).max(1);
    let number = page.number.min(pages - 1);
    let shown = &options[number * MENU_MAX..((number + 1) * MENU_MAX).min(options.len())];
    let mut description = intro;
    if page.topic.is_some() {
        description.extend(shown.iter().map(|(label, _)| format!("\u{2022} {label}")));
    }
    if pages > 1 {
        description.push(format!("Page {} of {pages}", number + 1));
    }
    let embed = Embed {
        title,
        url: heading.and_then(|h| h.link.clone()),
        description: description.join("\n"),
        fields: Vec::new(),
        footer: document.footer.clone().unwrap_or_default(),
    };
    let menu = CreateSelectMenu::new(
        pick,
        CreateSelectMenuKind::String {
            options: shown
                .iter()
                .map(|(label, value)| {
                    CreateSelectMenuOption::new(truncate(label, OPTION_MAX), value.clone())
                })
                .collect(),
        },
    )
    .placeholder(placeholder);
    let mut rows = vec![CreateActionRow::SelectMenu(menu)];
    if pages > 1 {
        let (previous, next) = view::PAGE_LABELS;
        rows.push(CreateActionRow::Buttons(vec![
            CreateButton::new(format!("{page_id}{}", number.saturating_sub(1)))
                .label(previous)
                .style(ButtonStyle::Secondary)
                .disabled(number == 0),
            CreateButton::new(format!("{page_id}{}", (number + 1).min(pages - 1)))
                .label(next)
                .style(ButtonStyle::Secondary)
                .disabled(number + 1 >= pages),
        ]));
    }
    (embed, rows)
}

/// The message that replaces another one entirely: the parts a document does not have (text,
/// embeds, buttons) are sent empty, since Discord keeps whatever an update leaves out.
pub fn replacement(
    document: &Document,
    visibility: Visibility,
    page: Page,
) -> CreateInteractionResponseMessage {
    let mut message = message_page(document, visibility, page);
    if document.heading.is_some() {
        message = message.content("");
    } else {
        message = message.embeds(Vec::new());
    }
    let has_components = document
        .actions
        .as_ref()
        .is_some_and(|a| !a.items.is_empty())
        || document.answered.is_some()
        || document
            .blocks
            .iter()
            .any(|b| matches!(b, Block::Section { .. }));
    if !has_components {
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
            Block::Section { title, items, .. } => {
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
                start: 0,
                excerpt: "The initiative was announced by Chinese Premier Li Qiang".into(),
            }],
            sources: Vec::new(),
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

    fn topic_list(topics: usize, per_topic: usize) -> Reply {
        Reply::Topics(TopicList {
            topics: (0..topics)
                .map(|t| Topic {
                    name: format!("Topic {t}"),
                    entries: (0..per_topic)
                        .map(|e| (format!("t{t}-e{e}"), format!("Question {e} of topic {t}?")))
                        .collect(),
                })
                .collect(),
            story: story(),
        })
    }

    #[test]
    fn topics_are_a_menu_paged_by_25() {
        let document = view::render(&topic_list(30, 2), &Syntax::Slash, Platform::Discord);
        let second = Page {
            number: 1,
            topic: None,
        };
        insta::assert_json_snapshot!(
            "topics_menu_page_2",
            CreateInteractionResponse::Message(message_page(&document, PUBLIC, second))
        );
    }

    #[test]
    fn a_topic_is_a_menu_of_its_questions() {
        let Reply::Topics(list) = topic_list(3, 4) else {
            unreachable!()
        };
        let one = Reply::Topics(TopicList {
            topics: vec![list.topics[2].clone()],
            story: story(),
        });
        let document = view::render(&one, &Syntax::Slash, Platform::Discord);
        let page = Page {
            number: 0,
            topic: Some(2),
        };
        insta::assert_json_snapshot!(
            "topic_menu",
            CreateInteractionResponse::UpdateMessage(replacement(&document, PUBLIC, page))
        );
    }

    #[test]
    fn a_private_answer_can_be_posted_and_a_posted_one_says_who_asked() {
        let reply = Reply::Answer(Answer {
            id: "who-announced".into(),
            question: "Who announced the proposal?".into(),
            answer: "Premier Li Qiang.".into(),
            score: 0.9,
            citations: vec![Citation {
                paragraph: 2,
                start: 0,
                excerpt: "The initiative was announced by Chinese Premier Li Qiang".into(),
            }],
            sources: Vec::new(),
            related: Vec::new(),
            story: story(),
        });
        let mut document = view::render(&reply, &Syntax::Slash, Platform::Discord);
        insta::assert_json_snapshot!(
            "private_answer_with_post_button",
            show(&reply, Visibility::PERSONAL)
        );
        view::attribute(&mut document, "Alice @everyone", "who announced it?");
        insta::assert_json_snapshot!("posted_answer", respond(&document, PUBLIC));
    }
}
