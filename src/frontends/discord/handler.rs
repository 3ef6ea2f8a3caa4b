//! One function from a Discord `Interaction` to the response, shared by the gateway and the
//! HTTP interactions endpoint, so both modes behave the same.

use std::sync::Arc;

use serenity::all::{CreateInteractionResponse, Interaction};

use super::commands::{self, Received};
use super::render::{self, ASK_BUTTON_PREFIX, Visibility};
use crate::metrics::Platform;
use crate::ratelimit::RateLimiter;
use crate::router::{Command, Reply};
use crate::service::{Asker, Service};

/// What the Discord front-end needs to answer: the service, the rate limiter and settings.
#[derive(Debug)]
pub struct Handler {
    /// The router being served (replaced when the knowledge pack is reloaded), and its metrics.
    pub service: Arc<Service>,
    pub limiter: RateLimiter,
    /// Whether answers are ephemeral unless the asker says otherwise.
    pub ephemeral: bool,
}

/// What users see when they ask too fast.
pub const SLOW_DOWN: &str =
    "You're asking faster than I can keep up. Please wait a few seconds and try again.";

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
                let (_, reply) = self.service.handle(
                    Asker::new(Platform::Discord, &user),
                    Command::Complete {
                        partial: partial.to_owned(),
                    },
                );
                render::choices(&reply)
            }
            Interaction::Command(command) => match commands::read(command) {
                Received::Command {
                    command: routed,
                    private,
                } => {
                    let user = command.user.id.to_string();
                    if routed.asks() && !self.allow(&user) {
                        return render::notice(SLOW_DOWN);
                    }
                    let visibility = Visibility {
                        ephemeral: private.unwrap_or(self.ephemeral),
                    };
                    let (router, reply) = self
                        .service
                        .handle(Asker::new(Platform::Discord, &user), routed);
                    render::respond(&reply, &router.pack().story.meta, visibility)
                }
                Received::EmptyMessage => {
                    render::notice("That message has no text I could answer.")
                }
                Received::Unknown(name) => render::notice(&format!(
                    "I don't know the command `{name}` any more. Try `/help`."
                )),
            },
            Interaction::Component(component) => {
                let Some(id) = component.data.custom_id.strip_prefix(ASK_BUTTON_PREFIX) else {
                    return render::notice("That button no longer does anything.");
                };
                let user = component.user.id.to_string();
                if !self.allow(&user) {
                    return render::notice(SLOW_DOWN);
                }
                let (router, reply) = self.service.handle(
                    Asker::new(Platform::Discord, &user),
                    Command::AskEntry { id: id.to_owned() },
                );
                let story = &router.pack().story.meta;
                match reply {
                    reply @ Reply::Answer(_) => {
                        // Replace the "did you mean" message with the answer, for the same eyes.
                        let ephemeral = component
                            .message
                            .flags
                            .is_some_and(|f| f.contains(serenity::all::MessageFlags::EPHEMERAL));
                        CreateInteractionResponse::UpdateMessage(render::render(
                            &reply,
                            story,
                            Visibility { ephemeral },
                        ))
                    }
                    reply => render::respond(&reply, story, Visibility { ephemeral: true }),
                }
            }
            _ => render::notice("I can't handle that kind of interaction."),
        }
    }

    /// Whether `user` may ask now; counts a refusal in the metrics.
    fn allow(&self, user: &str) -> bool {
        let allowed = self.limiter.allow(user);
        if !allowed {
            self.service.metrics().rate_limited(Platform::Discord);
        }
        allowed
    }
}
