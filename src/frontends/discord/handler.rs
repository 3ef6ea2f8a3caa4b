//! One function from a Discord `Interaction` to the response, shared by the gateway and the
//! HTTP interactions endpoint, so both modes behave the same. Interactions become commands for
//! the service; the documents it returns become Discord messages ([`super::render`]).

use std::sync::Arc;

use std::collections::{HashMap, VecDeque};

use serenity::all::{
    AuthorizingIntegrationOwner, ComponentInteraction, ComponentInteractionDataKind,
    CreateInteractionResponse, Interaction, InteractionContext, MessageFlags,
    MessageInteractionMetadata, UserId,
};

use super::commands::{self, Received};
use super::render::{
    self, ASK_BUTTON_PREFIX, HELPFUL_PREFIX, NOT_HELPFUL_PREFIX, Page, SHARE_PREFIX, TOPIC_PREFIX,
    TOPICS_PAGE, TOPICS_PICK, Visibility,
};
use crate::metrics::Platform;
use crate::router::Command;
use crate::service::{Asker, Service, Verdict};
use crate::view::{self, Answered, Block, Document, Notice, Syntax};

/// How commands are written on Discord.
const SYNTAX: Syntax = Syntax::Slash;

/// What the Discord front-end needs to answer: the service (which limits, answers, words and
/// observes) and how answers are shown.
#[derive(Debug)]
pub struct Handler {
    pub service: Arc<Service>,
    /// Whether answers are ephemeral unless the asker says otherwise.
    pub ephemeral: bool,
    /// What recent answers were asked, by the id of the interaction that asked, so a rating
    /// records the asker's words (bounded).
    pub asked: Asked,
}

impl Handler {
    pub fn new(service: Arc<Service>, ephemeral: bool) -> Self {
        Self {
            service,
            ephemeral,
            asked: Asked::default(),
        }
    }
}

/// Recent answers by interaction id, the oldest forgotten past [`ASKED`].
#[derive(Debug, Default)]
pub struct Asked(std::sync::Mutex<(HashMap<u64, Answered>, VecDeque<u64>)>);

/// How many answers' questions are remembered for ratings.
const ASKED: usize = 10_000;

impl Asked {
    fn insert(&self, interaction: u64, answered: Answered) {
        let mut inner = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let (map, order) = &mut *inner;
        if map.insert(interaction, answered).is_none() {
            order.push_back(interaction);
        }
        if order.len() > ASKED
            && let Some(old) = order.pop_front()
        {
            map.remove(&old);
        }
    }

    fn get(&self, interaction: &u64) -> Option<Answered> {
        let inner = self.0.lock().unwrap_or_else(|p| p.into_inner());
        inner.0.get(interaction).cloned()
    }
}

impl Handler {
    /// The response to `interaction`. Never fails: problems become a polite ephemeral notice.
    pub fn respond(&self, interaction: &Interaction) -> CreateInteractionResponse {
        match interaction {
            Interaction::Ping(_) => CreateInteractionResponse::Pong,
            Interaction::Autocomplete(command) => {
                let partial = command
                    .data
                    .autocomplete()
                    .map_or("", |option| option.value);
                let user = command.user.id.to_string();
                let asker = Asker::new(Platform::Discord, &user, &SYNTAX);
                render::choices(&self.service.complete(asker, partial))
            }
            Interaction::Command(command) => {
                let user = command.user.id.to_string();
                // A conversation is one user's in one channel (or DM).
                let channel = command.channel_id.to_string();
                let asker = Asker::new(Platform::Discord, &user, &SYNTAX).at(&channel);
                let max = self.service.router().config().max_question_chars;
                match commands::read(command, max) {
                    Received::Command {
                        command: routed,
                        private,
                    } => {
                        // An admin's `ephemeral = true` wins; otherwise the asker chooses.
                        let visibility = Visibility {
                            ephemeral: self.ephemeral || private.unwrap_or(false),
                        };
                        let document = self.service.handle(asker, routed);
                        if let Some(answered) = &document.answered {
                            self.asked.insert(command.id.get(), answered.clone());
                        }
                        render::respond(&document, visibility)
                    }
                    Received::EmptyMessage => render::respond(
                        &self.service.notice(asker, Notice::EmptyMessage),
                        Visibility::PERSONAL,
                    ),
                    Received::Unknown(name) => render::respond(
                        &self.service.notice(asker, Notice::UnknownCommand(name)),
                        Visibility::PERSONAL,
                    ),
                }
            }
            Interaction::Component(component) => self.component(component),
            // No command of ours makes these (modals, ...): no user to limit, nothing answered.
            _ => render::respond(
                &view::notice(&Notice::Unsupported, &SYNTAX),
                Visibility::PERSONAL,
            ),
        }
    }

    /// A button pressed or a menu used.
    fn component(&self, component: &ComponentInteraction) -> CreateInteractionResponse {
        let user = component.user.id.to_string();
        let asker = Asker::new(Platform::Discord, &user, &SYNTAX);
        let custom_id = component.data.custom_id.as_str();
        let personal = |document: &Document| render::respond(document, Visibility::PERSONAL);
        let metadata = component.message.interaction_metadata.as_deref();
        // Who the message answered, and the interaction that asked.
        let (asked_by, asking) = match metadata {
            Some(MessageInteractionMetadata::Command(c)) => (Some(c.user.id), Some(c.id)),
            Some(MessageInteractionMetadata::Component(c)) => (Some(c.user.id), Some(c.id)),
            _ => (None, None),
        };
        let remembered = |id: &str| {
            asking
                .and_then(|interaction| self.asked.get(&interaction.get()))
                .filter(|answered| answered.id == id)
                .unwrap_or_else(|| {
                    // Else the answer's title: the phrasing it matched.
                    let question = component
                        .message
                        .embeds
                        .first()
                        .and_then(|embed| embed.title.clone())
                        .unwrap_or_else(|| id.to_owned());
                    Answered {
                        id: id.to_owned(),
                        asked: question.clone(),
                        question,
                    }
                })
        };
        let ephemeral = component
            .message
            .flags
            .is_some_and(|f| f.contains(MessageFlags::EPHEMERAL));
        // A menu's or page button's new content replaces the message it is on.
        let update = |document: &Document, page: Page| {
            if document.personal
                && document
                    .blocks
                    .iter()
                    .all(|b| !matches!(b, Block::Section { .. }))
            {
                // A notice (slow down, out of date): a message of its own.
                return personal(document);
            }
            CreateInteractionResponse::UpdateMessage(render::replacement(
                document,
                Visibility { ephemeral },
                page,
            ))
        };
        let rating = [
            (HELPFUL_PREFIX, Verdict::Helpful),
            (NOT_HELPFUL_PREFIX, Verdict::NotHelpful),
        ]
        .into_iter()
        .find_map(|(prefix, verdict)| Some((custom_id.strip_prefix(prefix)?, verdict)));
        if let Some((id, verdict)) = rating {
            let message = component.message.id.to_string();
            return personal(
                &self
                    .service
                    .feedback(asker, &remembered(id), &message, verdict),
            );
        }
        if let Some(id) = custom_id.strip_prefix(SHARE_PREFIX) {
            return self.share(component, asker, &remembered(id), asked_by);
        }
        if let Some(page) = custom_id.strip_prefix(TOPICS_PAGE) {
            let page = Page {
                number: page.parse().unwrap_or(0),
                topic: None,
            };
            return update(&self.service.handle(asker, Command::Topics), page);
        }
        if custom_id == TOPICS_PICK {
            let Some(index) = selected(component).and_then(|v| v.parse::<usize>().ok()) else {
                return personal(&self.service.notice(asker, Notice::StaleButton));
            };
            let page = Page {
                number: 0,
                topic: Some(index),
            };
            return update(&self.service.handle(asker, Command::Topic { index }), page);
        }
        if let Some(rest) = custom_id.strip_prefix(TOPIC_PREFIX) {
            let mut parts = rest.split(':');
            let index = parts.next().and_then(|i| i.parse::<usize>().ok());
            match (index, parts.next(), parts.next()) {
                (Some(index), Some("page"), Some(number)) => {
                    let page = Page {
                        number: number.parse().unwrap_or(0),
                        topic: Some(index),
                    };
                    return update(&self.service.handle(asker, Command::Topic { index }), page);
                }
                (Some(_), Some("pick"), None) => {
                    let Some(id) = selected(component) else {
                        return personal(&self.service.notice(asker, Notice::StaleButton));
                    };
                    let document = self.service.handle(asker, Command::AskEntry { id });
                    return update(&document, Page::default());
                }
                _ => return personal(&self.service.notice(asker, Notice::StaleButton)),
            }
        }
        let Some(id) = custom_id.strip_prefix(ASK_BUTTON_PREFIX) else {
            return personal(&self.service.notice(asker, Notice::StaleButton));
        };
        let document = self
            .service
            .handle(asker, Command::AskEntry { id: id.to_owned() });
        if document.personal {
            // A notice (stale entry, slow down): a message of its own.
            return personal(&document);
        }
        // Only the person the message answered may replace it; anyone else pressing a button
        // on a public answer gets an answer of their own, seen by them alone.
        if !(ephemeral || asked_by == Some(component.user.id)) {
            return personal(&document);
        }
        // Replace the whole message: Discord keeps what an update leaves out, so the old text
        // and buttons are cleared explicitly.
        update(&document, Page::default())
    }

    /// "Post to channel" on a private answer: the same answer for everyone, saying who asked.
    fn share(
        &self,
        component: &ComponentInteraction,
        asker: Asker<'_>,
        answered: &Answered,
        asked_by: Option<UserId>,
    ) -> CreateInteractionResponse {
        let personal = |document: &Document| render::respond(document, Visibility::PERSONAL);
        if asked_by.is_some_and(|user| user != component.user.id) {
            return personal(&self.service.notice(asker, Notice::NotYours));
        }
        // In a server, an app installed only by a user (not by the server) cannot post there.
        let in_server = matches!(component.context, Some(InteractionContext::Guild));
        let server_install = component
            .authorizing_integration_owners
            .0
            .iter()
            .any(|owner| matches!(owner, AuthorizingIntegrationOwner::GuildInstall(_)));
        if in_server && !server_install {
            return personal(&self.service.notice(asker, Notice::CannotPostHere));
        }
        let mut document = self.service.handle(
            asker,
            Command::AskEntry {
                id: answered.id.clone(),
            },
        );
        if document.personal {
            return personal(&document);
        }
        let name = component
            .user
            .global_name
            .clone()
            .unwrap_or_else(|| component.user.name.clone());
        view::attribute(&mut document, &name, &answered.asked);
        render::respond(&document, Visibility { ephemeral: false })
    }
}

/// The value chosen in a select menu.
fn selected(component: &ComponentInteraction) -> Option<String> {
    match &component.data.kind {
        ComponentInteractionDataKind::StringSelect { values } => values.first().cloned(),
        _ => None,
    }
}
