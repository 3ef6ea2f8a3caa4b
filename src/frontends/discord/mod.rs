//! The Discord front-end: slash commands with autocomplete, a message context-menu command,
//! cited embeds and suggestion buttons, over the gateway or as an HTTP interactions endpoint.
//! Only this module knows serenity; it turns interactions into router commands and router
//! replies into Discord responses, through one shared [`Handler`].

mod commands;
pub mod embed;
pub mod gateway;
mod handler;
pub mod http;
mod render;

pub use commands::{ASK_MESSAGE, all as all_commands};
pub use handler::{Handler, SLOW_DOWN};
pub use render::ASK_BUTTON_PREFIX;

/// The OAuth2 URL that adds the bot to a server: scopes `bot` and `applications.commands`, and
/// no permissions, since every reply goes through the interaction itself, which needs none.
pub fn invite_url(application_id: u64) -> String {
    format!(
        "https://discord.com/oauth2/authorize?client_id={application_id}&scope=bot%20applications.commands&permissions=0"
    )
}
