//! The settings schema: every section and key, with its default. `config/default.toml`
//! documents them for admins; unknown keys are refused.

use std::path::PathBuf;

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub knowledge: KnowledgeSettings,
    pub matcher: MatcherSettings,
    pub limits: LimitSettings,
    pub log: LogSettings,
    pub unanswered: UnansweredSettings,
    #[serde(default)]
    pub metrics: MetricsSettings,
    pub http: HttpSettings,
    /// The Discord front-end's settings; it runs only when enabled (see
    /// [`Settings::discord_enabled`]).
    #[serde(default)]
    pub discord: Option<DiscordSettings>,
    /// The Matrix front-end's settings; it runs only when enabled (see
    /// [`Settings::matrix_enabled`]).
    #[serde(default)]
    pub matrix: Option<MatrixSettings>,
}

/// The Matrix front-end. Secrets are not here: the password comes from
/// `STORYBOT__MATRIX__PASSWORD` or `password_file`, an access token from
/// `STORYBOT__MATRIX__ACCESS_TOKEN` or `access_token_file`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatrixSettings {
    /// `true` or `false` turns the front-end on or off; unset, it is on when `homeserver_url`
    /// is set. Settings such as `store_dir` or `password_file` alone never turn it on.
    #[serde(default)]
    pub enabled: Option<bool>,
    /// The homeserver's client API, such as `https://matrix.example.org` (required when on).
    #[serde(default)]
    pub homeserver_url: String,
    /// The bot's user id, such as `@storybot:example.org` (required when on).
    #[serde(default)]
    pub user_id: String,
    #[serde(default)]
    pub password_file: Option<PathBuf>,
    #[serde(default)]
    pub access_token_file: Option<PathBuf>,
    /// The device of the access token (needed with an access token).
    #[serde(default)]
    pub device_id: Option<String>,
    /// Where the sync token, the login session and the encryption keys are kept.
    #[serde(default = "default_store_dir")]
    pub store_dir: PathBuf,
    /// The prefix of commands in rooms (`!ask`, `!topics`, ...).
    #[serde(default = "default_prefix")]
    pub prefix: String,
    /// Whose invites are accepted: user ids, `*:server` patterns, or `*`. Others are declined.
    #[serde(default)]
    pub invite_allowlist: Vec<String>,
    /// The bot's display name in rooms, set at every start (unset: left as it is).
    #[serde(default = "default_display_name")]
    pub display_name: Option<String>,
    /// The name of the bot's device, shown to room members who verify devices.
    #[serde(default = "default_device_name")]
    pub device_name: String,
    /// An image (PNG, JPEG, GIF or WebP, at most 1 MiB) to use as the bot's avatar, uploaded
    /// when it changes (unset: left as it is).
    #[serde(default)]
    pub avatar: Option<PathBuf>,
    /// The recovery key (a secret: `STORYBOT__MATRIX__RECOVERY_KEY` or this file). With it the
    /// bot turns on key backup and recovery, and a new device of the bot recovers its identity.
    #[serde(default)]
    pub recovery_key_file: Option<PathBuf>,
    /// The passphrase the encryption store is encrypted with (a secret:
    /// `STORYBOT__MATRIX__STORE_PASSPHRASE` or this file). Unset: the store is not encrypted
    /// at rest, only readable by this user.
    #[serde(default)]
    pub store_passphrase_file: Option<PathBuf>,
}

fn default_store_dir() -> PathBuf {
    PathBuf::from("storybot-matrix")
}

fn default_prefix() -> String {
    "!".to_owned()
}

fn default_display_name() -> Option<String> {
    Some("storybot".to_owned())
}

fn default_device_name() -> String {
    "storybot".to_owned()
}

impl Settings {
    /// The Discord settings, as configured or (for `storybot discord ...`) the defaults.
    pub fn discord_or_default(&self) -> DiscordSettings {
        self.discord.clone().unwrap_or_else(|| {
            config::Config::builder()
                .build()
                .and_then(|empty| empty.try_deserialize())
                .expect("every Discord setting has a default")
        })
    }
}

/// The Discord front-end. Secrets are not here: the bot token comes from the environment
/// (`STORYBOT__DISCORD__TOKEN`) or from `token_file`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscordSettings {
    /// `true` or `false` turns the front-end on or off for `storybot` with no subcommand; unset,
    /// it is on when `application_id`, `public_key` or `guild_id` is set. `token_file` alone
    /// never turns it on.
    #[serde(default)]
    pub enabled: Option<bool>,
    /// How to receive interactions when `storybot` runs with no subcommand.
    #[serde(default)]
    pub mode: DiscordMode,
    /// The application's id (Developer Portal, General Information).
    #[serde(default)]
    pub application_id: Option<u64>,
    /// The application's public key, 64 hex digits, to verify HTTP interactions.
    #[serde(default)]
    pub public_key: Option<String>,
    /// A file holding the bot token (outside the repository), if not in the environment.
    #[serde(default)]
    pub token_file: Option<PathBuf>,
    /// Who can install the app: `guild` (a server adds the bot) and `user` (a person adds it for
    /// themselves, to use anywhere).
    #[serde(default = "default_integration_types")]
    pub integration_types: Vec<String>,
    /// Where the commands work: `guild` (servers), `bot_dm` (DMs with the bot) and
    /// `private_channel` (other DMs and group DMs, for user installs).
    #[serde(default = "default_contexts")]
    pub contexts: Vec<String>,
    /// Who sees the commands by default, as Discord's permission bits in decimal (`"0"`: only
    /// administrators; unset: everyone). Server admins can change it per command.
    #[serde(default)]
    pub default_member_permissions: Option<String>,
    /// Register commands to this guild only (instant, for testing) instead of globally.
    #[serde(default)]
    pub guild_id: Option<u64>,
    /// Whether answers are visible only to the asker unless they choose otherwise.
    #[serde(default)]
    pub ephemeral: bool,
    /// Where `storybot discord http` listens.
    #[serde(default = "default_listen")]
    pub listen: String,
    /// Serve `/metrics` on the interactions listener too (it faces the internet; off by
    /// default: use `metrics.listen` on loopback instead). `/healthz` is always served.
    #[serde(default)]
    pub serve_metrics: bool,
    /// The largest request body accepted, in bytes.
    #[serde(default = "default_max_body")]
    pub max_body_bytes: usize,
    /// The shards this process runs, `[first, last]`, and the total; unset: Discord's advice.
    #[serde(default)]
    pub shards: Option<ShardSettings>,
    /// Discord's API base URL; only for a proxy in front of Discord, or for tests.
    #[serde(default = "default_api_url")]
    pub api_url: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DiscordMode {
    /// A gateway connection (needs the bot token).
    #[default]
    Gateway,
    /// An HTTP endpoint Discord posts interactions to (needs the public key).
    Http,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShardSettings {
    pub first: u32,
    pub last: u32,
    pub total: u32,
}

fn default_integration_types() -> Vec<String> {
    vec!["guild".to_owned(), "user".to_owned()]
}

fn default_contexts() -> Vec<String> {
    vec![
        "guild".to_owned(),
        "bot_dm".to_owned(),
        "private_channel".to_owned(),
    ]
}

fn default_listen() -> String {
    "127.0.0.1:8080".to_owned()
}

/// Room for Discord's largest interactions: "Ask storybot" on a message with ten embeds of
/// 6,000 characters, its mentions and resolved members, escaped as JSON.
fn default_max_body() -> usize {
    1024 * 1024
}

/// Discord's API, which serenity addresses unless a proxy is configured.
pub const DEFAULT_DISCORD_API: &str = "https://discord.com";

fn default_api_url() -> String {
    DEFAULT_DISCORD_API.to_owned()
}

/// A secret (a bot token): its `Debug` and `Display` never show it, so it cannot reach a log.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnowledgeSettings {
    /// The pack directory; unset means: look in the usual places (see [`Settings::knowledge_dir`]).
    #[serde(default)]
    pub dir: Option<PathBuf>,
    /// Whether chat front-ends reload the pack when its files change (SIGHUP always reloads).
    #[serde(default = "yes")]
    pub watch: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatcherSettings {
    pub threshold: f32,
    pub suggestion_floor: f32,
    pub max_suggestions: usize,
    pub fuzzy: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitSettings {
    pub max_question_chars: usize,
    /// Each user may ask this many questions per window (0: no limit).
    pub asks_per_window: u32,
    /// The rate limit's window, in seconds.
    pub window_seconds: u64,
    /// All users of one Matrix room together may cause this many replies per window
    /// (0: no limit).
    pub room_replies_per_window: u32,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    pub level: String,
    pub format: LogFormat,
}

/// The log of questions that got no answer, or a weak one (see [`crate::unanswered`]).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnansweredSettings {
    pub enabled: bool,
    /// Where `unanswered.jsonl` and its salt live; unset means the state directory (see
    /// [`UnansweredSettings::dir`]).
    #[serde(default)]
    pub dir: Option<PathBuf>,
    /// Answers below this confidence are logged too.
    pub below: f32,
    /// The log is rotated when it would grow past this many bytes.
    pub max_bytes: u64,
    /// How many rotated files are kept (`unanswered.jsonl.1` is the newest).
    pub keep: usize,
}

impl UnansweredSettings {
    /// The configured directory, else systemd's `$STATE_DIRECTORY`, else
    /// `$XDG_STATE_HOME/storybot`, else `~/.local/state/storybot`. `None` when none is known.
    pub fn dir(&self) -> Option<PathBuf> {
        self.dir.clone().or_else(state_dir)
    }
}

/// storybot's state directory: systemd's `$STATE_DIRECTORY`, else `$XDG_STATE_HOME/storybot`,
/// else `~/.local/state/storybot`. `None` when none is known.
pub fn state_dir() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|value| !value.is_empty());
    // systemd may list several directories, separated by colons; the first is ours.
    var("STATE_DIRECTORY")
        .and_then(|dirs| std::env::split_paths(&dirs).next())
        .or_else(|| var("XDG_STATE_HOME").map(|dir| PathBuf::from(dir).join("storybot")))
        .or_else(|| var("HOME").map(|home| PathBuf::from(home).join(".local/state/storybot")))
}

/// Limits of every HTTP listener (Discord's interactions, the metrics), against slow, idle and
/// abandoned clients.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpSettings {
    /// A connection must send its request headers within this long (it also closes idle
    /// keep-alive connections).
    pub header_timeout_ms: u64,
    /// A request must be read and answered within this long (408 otherwise).
    pub request_timeout_ms: u64,
    /// At most this many connections per listener at once; more wait in the kernel's queue.
    pub max_connections: usize,
}

/// Where Prometheus metrics and the health check are served.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsSettings {
    /// `GET /metrics` and `GET /healthz` on this address; unset means not served (except on
    /// the Discord HTTP interactions listener, which always has both).
    #[serde(default)]
    pub listen: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}
