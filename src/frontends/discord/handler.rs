//! One function from a Discord `Interaction` to the response, shared by the gateway and the
//! HTTP interactions endpoint, so both modes behave the same. Interactions become commands for
//! the service; the documents it returns become Discord messages ([`super::render`]).

use std::sync::Arc;

use std::collections::{HashMap, VecDeque};

use serenity::all::{
    CreateInteractionResponse, Interaction, MessageFlags, MessageInteractionMetadata,
};

use super::commands::{self, Received};
use super::render::{self, ASK_BUTTON_PREFIX, HELPFUL_PREFIX, NOT_HELPFUL_PREFIX, Visibility};
use crate::metrics::Platform;
use crate::router::Command;
use crate::service::{Asker, Service, Verdict};
use crate::view::{self, Answered, Notice, Syntax};

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
                match commands::read(command) {
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
            Interaction::Component(component) => {
                let user = component.user.id.to_string();
                let asker = Asker::new(Platform::Discord, &user, &SYNTAX);
                let custom_id = component.data.custom_id.as_str();
                let rating = [
                    (HELPFUL_PREFIX, Verdict::Helpful),
                    (NOT_HELPFUL_PREFIX, Verdict::NotHelpful),
                ]
                .into_iter()
                .find_map(|(prefix, verdict)| Some((custom_id.strip_prefix(prefix)?, verdict)));
                if let Some((id, verdict)) = rating {
                    // What was asked, remembered by the interaction that made the answer; else
                    // the answer's title, the phrasing it matched.
                    let remembered = component
                        .message
                        .interaction_metadata
                        .as_deref()
                        .and_then(|metadata| match metadata {
                            MessageInteractionMetadata::Command(c) => Some(c.id),
                            MessageInteractionMetadata::Component(c) => Some(c.id),
                            _ => None,
                        })
                        .and_then(|interaction| self.asked.get(&interaction.get()))
                        .filter(|answered| answered.id == id);
                    let answered = remembered.unwrap_or_else(|| {
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
                    });
                    let message = component.message.id.to_string();
                    return render::respond(
                        &self.service.feedback(asker, &answered, &message, verdict),
                        Visibility::PERSONAL,
                    );
                }
                let Some(id) = custom_id.strip_prefix(ASK_BUTTON_PREFIX) else {
                    return render::respond(
                        &self.service.notice(asker, Notice::StaleButton),
                        Visibility::PERSONAL,
                    );
                };
                let document = self
                    .service
                    .handle(asker, Command::AskEntry { id: id.to_owned() });
                if document.personal {
                    // A notice (stale entry, slow down): a message of its own.
                    return render::respond(&document, Visibility::PERSONAL);
                }
                let ephemeral = component
                    .message
                    .flags
                    .is_some_and(|f| f.contains(MessageFlags::EPHEMERAL));
                // Only the person the message answered may replace it; anyone else pressing a
                // button on a public answer gets an answer of their own, seen by them alone.
                let asked_by =
                    component
                        .message
                        .interaction_metadata
                        .as_deref()
                        .and_then(|metadata| match metadata {
                            MessageInteractionMetadata::Command(c) => Some(c.user.id),
                            MessageInteractionMetadata::Component(c) => Some(c.user.id),
                            _ => None,
                        });
                let theirs = ephemeral || asked_by == Some(component.user.id);
                if !theirs {
                    return render::respond(&document, Visibility::PERSONAL);
                }
                // Replace the whole message: Discord keeps what an update leaves out, so the
                // old text and buttons are cleared explicitly.
                CreateInteractionResponse::UpdateMessage(render::replacement(
                    &document,
                    Visibility { ephemeral },
                ))
            }
            // No command of ours makes these (modals, ...): no user to limit, nothing answered.
            _ => render::respond(
                &view::notice(&Notice::Unsupported, &SYNTAX),
                Visibility::PERSONAL,
            ),
        }
    }
}
