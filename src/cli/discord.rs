//! `storybot discord ...` and `storybot invite-url`. Only built with the `discord` feature.

use anyhow::bail;
use clap::Subcommand;

use crate::config::{DiscordMode, Settings};
use crate::frontends::discord;
use crate::router::Router;
use crate::runner::{self, FrontEnd};

#[derive(Debug, Subcommand)]
pub enum DiscordCmd {
    /// Serve Discord's HTTP interactions endpoint (POST /interactions; GET /metrics and /healthz
    /// for operators). Needs the application's public key (STORYBOT__DISCORD__PUBLIC_KEY); no bot
    /// token.
    Http {
        /// Address to listen on, such as 127.0.0.1:8080 (port 0 picks a free port).
        #[arg(long, value_name = "ADDR")]
        listen: Option<String>,
    },
    /// Connect to the Discord gateway and answer there. Needs the bot token
    /// (STORYBOT__DISCORD__TOKEN or discord.token_file).
    Gateway,
    /// Register the slash commands (to discord.guild_id if set, else globally) and exit. The
    /// commands are removed from the other scope, so they never show twice.
    Register,
    /// Print the commands as registration sends them (a JSON array), without a token.
    Commands,
}

/// Runs a `storybot discord` subcommand.
pub fn run(command: DiscordCmd, settings: &Settings, router: Router) -> anyhow::Result<()> {
    let mut discord = settings.discord_or_default();
    discord.check()?;
    match command {
        // Registering is a one-off request: no service, no pack watcher, no signal handling.
        DiscordCmd::Register => {
            let said = runner::runtime()?.block_on(discord::register(
                &discord,
                router.config().max_question_chars,
                router.pack().story.paragraphs.len(),
            ))?;
            println!("{said}");
            return Ok(());
        }
        DiscordCmd::Commands => {
            println!(
                "{}",
                discord::commands_json(
                    &discord,
                    router.config().max_question_chars,
                    router.pack().story.paragraphs.len(),
                )
            );
            return Ok(());
        }
        DiscordCmd::Http { listen } => {
            discord.mode = DiscordMode::Http;
            if let Some(listen) = listen {
                discord.listen = listen;
            }
        }
        DiscordCmd::Gateway => discord.mode = DiscordMode::Gateway,
    }
    runner::serve(
        settings,
        router,
        vec![FrontEnd::Discord(discord, settings.http.clone())],
    )
}

/// Prints the OAuth2 URL that adds the bot to a server.
pub fn invite_url(settings: &Settings) -> anyhow::Result<()> {
    let Some(id) = settings.discord.as_ref().and_then(|d| d.application_id) else {
        bail!(
            "set discord.application_id (or STORYBOT__DISCORD__APPLICATION_ID) to the application's id"
        );
    };
    println!("Add the bot to a server (server members use its commands):");
    println!("  {}", discord::invite_url(id));
    println!("Add the app for yourself (its commands in any server, DM or group DM):");
    println!("  {}", discord::user_install_url(id));
    Ok(())
}
