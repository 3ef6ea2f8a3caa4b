//! One function from a Discord `Interaction` to the response, shared by the gateway and the
//! HTTP interactions endpoint, so both modes behave the same. Interactions become commands for
//! the service; the documents it returns become Discord messages ([`super::render`]).

use std::sync::Arc;

use serenity::all::{CreateInteractionResponse, Interaction, MessageFlags};

use super::commands::{self, Received};
use super::render::{self, ASK_BUTTON_PREFIX, Visibility};
use crate::metrics::Platform;
use crate::router::Command;
use crate::service::{Asker, Service};
use crate::view::{self, Notice, Syntax};

/// How commands are written on Discord.
const SYNTAX: Syntax = Syntax::Slash;

/// What the Discord front-end needs to answer: the service (which limits, answers, words and
/// observes) and how answers are shown.
#[derive(Debug)]
pub struct Handler {
    pub service: Arc<Service>,
    /// Whether answers are ephemeral unless the asker says otherwise.
    pub ephemeral: bool,
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
                        let visibility = Visibility {
                            ephemeral: private.unwrap_or(self.ephemeral),
                        };
                        render::respond(&self.service.handle(asker, routed), visibility)
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
                let Some(id) = component.data.custom_id.strip_prefix(ASK_BUTTON_PREFIX) else {
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
                // Replace the "did you mean" message with the answer, for the same eyes.
                let ephemeral = component
                    .message
                    .flags
                    .is_some_and(|f| f.contains(MessageFlags::EPHEMERAL));
                CreateInteractionResponse::UpdateMessage(render::message(
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
