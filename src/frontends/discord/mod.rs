//! The Discord front-end: slash commands with autocomplete, a message context-menu command,
//! cited embeds and suggestion buttons, over the gateway or as an HTTP interactions endpoint.
//! Only this module knows serenity. [`handler`] turns interactions into commands for the
//! service, [`render`] turns the documents it returns into Discord messages; [`gateway`] and
//! [`http`] are the two ways interactions arrive.

mod commands;
pub mod embed;
pub mod gateway;
mod handler;
pub mod http;
mod render;

use std::sync::Arc;

use anyhow::{Context as _, bail};

pub use commands::{ASK_MESSAGE, all as all_commands};
pub use handler::Handler;
pub use render::ASK_BUTTON_PREFIX;

use crate::config::{DiscordMode, DiscordSettings, HttpSettings};
use crate::lifecycle::Shutdown;
use crate::service::Service;

/// Runs the Discord front-end in its configured mode until `shutdown`.
pub async fn run(
    service: Arc<Service>,
    settings: DiscordSettings,
    http: HttpSettings,
    shutdown: Shutdown,
) -> anyhow::Result<()> {
    let handler = Arc::new(Handler::new(service, settings.ephemeral));
    match settings.mode {
        DiscordMode::Gateway => gateway::run(handler, &settings, shutdown).await,
        DiscordMode::Http => http::run(handler, &settings, &http, shutdown).await,
    }
}

/// Registers the commands (to `discord.guild_id` if set, else globally) and says where.
/// `max_question_chars` bounds the question option and `paragraphs` the paragraph option.
pub async fn register(
    settings: &DiscordSettings,
    max_question_chars: usize,
    paragraphs: usize,
) -> anyhow::Result<String> {
    let Some(token) = settings.token()? else {
        bail!(
            "registering commands needs the bot token: set STORYBOT__DISCORD__TOKEN or discord.token_file"
        );
    };
    let http = gateway::http(settings, &token);
    if settings.application_id.is_none() {
        let info = http
            .get_current_application_info()
            .await
            .context("cannot read the application's id")?;
        http.set_application_id(info.id);
    }
    let commands = all_commands(max_question_chars, paragraphs, settings);
    let count = commands.len();
    gateway::register(&http, settings.guild_id, commands).await?;
    let scope = settings
        .guild_id
        .map_or("globally".to_owned(), |g| format!("in guild {g}"));
    Ok(format!("registered {count} commands {scope}"))
}

/// The OAuth2 URL that adds the bot to a server: scopes `bot` and `applications.commands`, and
/// no permissions, since every reply goes through the interaction itself, which needs none.
pub fn invite_url(application_id: u64) -> String {
    format!(
        "https://discord.com/oauth2/authorize?client_id={application_id}&integration_type=0&scope=bot%20applications.commands&permissions=0"
    )
}

/// The OAuth2 URL with which a person adds the app for themselves, to use its commands in any
/// server, DM or group DM: only `applications.commands`.
pub fn user_install_url(application_id: u64) -> String {
    format!(
        "https://discord.com/oauth2/authorize?client_id={application_id}&integration_type=1&scope=applications.commands"
    )
}

/// The commands exactly as registration sends them, as pretty JSON (`storybot discord
/// commands`): for review and scripts; it needs no token.
pub fn commands_json(
    settings: &DiscordSettings,
    max_question_chars: usize,
    paragraphs: usize,
) -> String {
    let commands = all_commands(max_question_chars, paragraphs, settings);
    serde_json::to_string_pretty(&commands).expect("commands serialize")
}
