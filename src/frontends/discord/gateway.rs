//! Gateway mode: a serenity client with no privileged intents (interactions need none), which
//! answers every interaction through the shared handler. The commands are registered once per
//! process (at the first READY of any shard) and again only when their definitions change: a
//! reload that changes the story's paragraph count changes `/source`'s bounds.

use std::sync::Arc;

use anyhow::bail;
use serenity::all::{
    ApplicationId, Command, Context, CreateInteractionResponse, EventHandler, GatewayIntents,
    GuildId, Http, HttpBuilder, Interaction, Ready,
};
use serenity::async_trait;

use super::{Handler, commands};
use crate::config::{DEFAULT_DISCORD_API, DiscordSettings, Secret};
use crate::lifecycle::{DRAIN, InFlight, Shutdown};
use crate::metrics::Platform;

/// Runs the gateway until `shutdown`, then closes the connection cleanly and gives replies in
/// flight up to [`DRAIN`] to be sent.
pub async fn run(
    handler: Arc<Handler>,
    settings: &DiscordSettings,
    shutdown: Shutdown,
) -> anyhow::Result<()> {
    let Some(token) = settings.token()? else {
        bail!(
            "the Discord gateway needs the bot token: set STORYBOT__DISCORD__TOKEN or discord.token_file"
        );
    };
    let http = http(settings, &token);
    let in_flight = Arc::new(InFlight::default());
    let events = Events {
        handler,
        registrar: Arc::new(Registrar {
            settings: settings.clone(),
            registered: tokio::sync::Mutex::new(None),
        }),
        watching: std::sync::atomic::AtomicBool::new(false),
        in_flight: in_flight.clone(),
    };
    let mut client = serenity::all::ClientBuilder::new_with_http(http, GatewayIntents::empty())
        .event_handler(events)
        .await?;
    let shards = client.shard_manager.clone();
    tokio::spawn(async move {
        shutdown.wait().await;
        tracing::info!("closing the Discord gateway");
        shards.shutdown_all().await;
    });
    match settings.shards {
        // serenity's range end is inclusive, as ours is.
        Some(range) => {
            client
                .start_shard_range(range.first..range.last, range.total)
                .await?
        }
        None => client.start_autosharded().await?,
    }
    if !in_flight.drain(DRAIN).await {
        tracing::warn!(?DRAIN, "stopped with replies still in flight");
    }
    Ok(())
}

/// Registers the commands (a bulk overwrite, so running it twice changes nothing): to
/// `guild_id` if set, else globally.
pub async fn register(
    http: &Http,
    guild_id: Option<u64>,
    commands: Vec<serenity::all::CreateCommand>,
) -> anyhow::Result<usize> {
    let count = commands.len();
    // The guild storybot last registered to, so that going global removes the commands there.
    let remembered = crate::config::state_dir().map(|dir| dir.join("discord-guild"));
    match guild_id {
        Some(guild) => {
            GuildId::new(guild).set_commands(http, commands).await?;
            // Registered to a guild: none globally, or they would show twice there.
            Command::set_global_commands(http, Vec::new()).await?;
            if let Some(path) = &remembered {
                let _ = path
                    .parent()
                    .map(std::fs::create_dir_all)
                    .transpose()
                    .and_then(|_| std::fs::write(path, guild.to_string()));
            }
        }
        None => {
            Command::set_global_commands(http, commands).await?;
            let previous = remembered
                .as_ref()
                .and_then(|path| std::fs::read_to_string(path).ok())
                .and_then(|text| text.trim().parse::<u64>().ok());
            if let Some(previous) = previous {
                GuildId::new(previous)
                    .set_commands(http, Vec::new())
                    .await?;
                if let Some(path) = &remembered {
                    let _ = std::fs::remove_file(path);
                }
            }
        }
    }
    Ok(count)
}

/// A REST client for Discord (or the configured proxy). Requests through a proxy skip
/// serenity's rate limiter, which would otherwise bypass the proxy (see serenity's
/// `http/ratelimiting.rs`); a proxy in front of Discord handles rate limits itself.
pub fn http(settings: &DiscordSettings, token: &Secret) -> Http {
    let mut builder = HttpBuilder::new(token.expose());
    if settings.api_url.trim_end_matches('/') != DEFAULT_DISCORD_API {
        builder = builder
            .proxy(settings.api_url.clone())
            .ratelimiter_disabled(true);
    }
    if let Some(id) = settings.application_id {
        builder = builder.application_id(ApplicationId::new(id));
    }
    builder.build()
}

struct Events {
    handler: Arc<Handler>,
    registrar: Arc<Registrar>,
    /// Whether the task that re-registers after reloads was started (at the first READY).
    watching: std::sync::atomic::AtomicBool,
    in_flight: Arc<InFlight>,
}

/// Registers the commands when their definitions differ from those last registered.
struct Registrar {
    settings: DiscordSettings,
    /// The definitions last registered, as sent.
    registered: tokio::sync::Mutex<Option<String>>,
}

impl Registrar {
    async fn register_if_changed(&self, http: &Http, handler: &Handler) {
        let router = handler.service.router();
        let commands = commands::all(
            router.config().max_question_chars,
            router.pack().story.paragraphs.len(),
            &self.settings,
        );
        let definitions = serde_json::to_string(&commands).unwrap_or_default();
        let mut registered = self.registered.lock().await;
        if registered.as_deref() == Some(definitions.as_str()) {
            tracing::debug!("the commands are registered already");
            return;
        }
        let guild = self.settings.guild_id;
        match register(http, guild, commands).await {
            Ok(count) => {
                tracing::info!(count, ?guild, "registered the commands");
                *registered = Some(definitions);
            }
            Err(error) => tracing::warn!(%error, "could not register the commands"),
        }
    }
}

#[async_trait]
impl EventHandler for Events {
    async fn ready(&self, ctx: Context, ready: Ready) {
        tracing::info!(bot = %ready.user.name, shard = ?ready.shard, "connected to the Discord gateway");
        self.registrar
            .register_if_changed(&ctx.http, &self.handler)
            .await;
        if !self
            .watching
            .swap(true, std::sync::atomic::Ordering::SeqCst)
        {
            // Reloads may change the definitions: check after each.
            let mut changes = self.handler.service.live().subscribe();
            let (registrar, handler, http) = (
                self.registrar.clone(),
                self.handler.clone(),
                ctx.http.clone(),
            );
            tokio::spawn(async move {
                while changes.changed().await.is_ok() {
                    registrar.register_if_changed(&http, &handler).await;
                }
            });
        }
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        let _working = self.in_flight.start();
        let response: CreateInteractionResponse = self.handler.respond(&interaction);
        let sent = match &interaction {
            Interaction::Command(command) | Interaction::Autocomplete(command) => {
                command.create_response(&ctx.http, response).await
            }
            Interaction::Component(component) => {
                component.create_response(&ctx.http, response).await
            }
            Interaction::Modal(modal) => modal.create_response(&ctx.http, response).await,
            _ => Ok(()),
        };
        if let Err(error) = sent {
            self.handler
                .service
                .metrics()
                .error(Platform::Discord, "send_failed");
            tracing::warn!(%error, kind = ?interaction.kind(), "could not answer an interaction");
        }
    }
}
