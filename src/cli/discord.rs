//! `storybot discord ...` and `storybot invite-url`: starting the Discord front-end in either
//! mode, registering its commands, and the invite link. Only built with the `discord` feature.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, bail};
use clap::Subcommand;

use super::serve::{self, FrontEnd, runtime};
use crate::config::{DiscordMode, DiscordSettings, Settings};
use crate::frontends::discord::{self, Handler, http::Endpoint};
use crate::ratelimit::RateLimiter;
use crate::router::Router;
use crate::service::Service;

/// Requests or replies in flight get this long to finish when storybot shuts down.
const DRAIN: Duration = Duration::from_secs(10);

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
    /// Register the slash commands (to discord.guild_id if set, else globally) and exit.
    Register,
}

/// Runs a `storybot discord` subcommand.
pub fn run(
    command: DiscordCmd,
    settings: &Settings,
    dir: &Path,
    router: Router,
) -> anyhow::Result<()> {
    let mut discord = settings.discord_or_default();
    let listen = match command {
        // Registering is a one-off request: no pack watcher, no signal handling.
        DiscordCmd::Register => {
            return runtime()?.block_on(register(&discord, &router));
        }
        DiscordCmd::Http { listen } => {
            discord.mode = DiscordMode::Http;
            listen
        }
        DiscordCmd::Gateway => {
            discord.mode = DiscordMode::Gateway;
            None
        }
    };
    serve::run(
        settings,
        dir,
        router,
        vec![front_end(settings, discord, listen)],
    )
}

/// The Discord front-end in its configured mode; `listen` overrides `discord.listen`.
pub fn front_end(
    settings: &Settings,
    discord: DiscordSettings,
    listen: Option<String>,
) -> FrontEnd {
    let settings = settings.clone();
    Box::new(move |service, shutdown| {
        Box::pin(async move {
            match discord.mode {
                DiscordMode::Gateway => {
                    gateway(&settings, &discord, service, shutdown.wait()).await
                }
                DiscordMode::Http => {
                    serve_http(&settings, &discord, service, listen, shutdown.wait()).await
                }
            }
        })
    })
}

/// Prints the OAuth2 URL that adds the bot to a server.
pub fn invite_url(settings: &Settings) -> anyhow::Result<()> {
    let Some(id) = settings.discord.as_ref().and_then(|d| d.application_id) else {
        bail!(
            "set discord.application_id (or STORYBOT__DISCORD__APPLICATION_ID) to the application's id"
        );
    };
    println!("{}", discord::invite_url(id));
    Ok(())
}

fn handler(settings: &Settings, discord: &DiscordSettings, service: Arc<Service>) -> Arc<Handler> {
    let limits = &settings.limits;
    Arc::new(Handler {
        service,
        limiter: RateLimiter::new(
            limits.asks_per_window,
            Duration::from_secs(limits.window_seconds),
        ),
        ephemeral: discord.ephemeral,
    })
}

async fn serve_http(
    settings: &Settings,
    discord: &DiscordSettings,
    service: Arc<Service>,
    listen: Option<String>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let Some(public_key) = discord.public_key.as_deref() else {
        bail!(
            "HTTP interactions need the application's public key: set STORYBOT__DISCORD__PUBLIC_KEY or discord.public_key"
        );
    };
    let endpoint = Arc::new(Endpoint::new(
        handler(settings, discord, service),
        public_key,
    )?);
    let address = listen.unwrap_or_else(|| discord.listen.clone());
    let (listener, bound) = serve::bind(&address, "Discord interactions").await?;
    tracing::info!(%bound, "serving Discord interactions");
    eprintln!("storybot: serving Discord interactions on http://{bound}/interactions");
    discord::http::serve(
        listener,
        discord::http::app(endpoint, discord.max_body_bytes),
        shutdown,
        DRAIN,
    )
    .await?;
    Ok(())
}

async fn gateway(
    settings: &Settings,
    discord: &DiscordSettings,
    service: Arc<Service>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let Some(token) = discord.token()? else {
        bail!(
            "the Discord gateway needs the bot token: set STORYBOT__DISCORD__TOKEN or discord.token_file"
        );
    };
    discord::gateway::run(
        handler(settings, discord, service),
        discord,
        &token,
        shutdown,
        DRAIN,
    )
    .await
}

async fn register(discord: &DiscordSettings, router: &Router) -> anyhow::Result<()> {
    let Some(token) = discord.token()? else {
        bail!(
            "registering commands needs the bot token: set STORYBOT__DISCORD__TOKEN or discord.token_file"
        );
    };
    let http = discord::gateway::http(discord, &token);
    if discord.application_id.is_none() {
        let info = http
            .get_current_application_info()
            .await
            .context("cannot read the application's id")?;
        http.set_application_id(info.id);
    }
    let commands = discord::all_commands(
        router.config().max_question_chars,
        router.pack().story.paragraphs.len(),
    );
    let count = commands.len();
    discord::gateway::register(&http, discord.guild_id, commands).await?;
    let scope = discord
        .guild_id
        .map_or("globally".to_owned(), |g| format!("in guild {g}"));
    println!("registered {count} commands {scope}");
    Ok(())
}
