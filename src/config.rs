//! Typed settings, read once at start-up from layers: the built-in `config/default.toml`, an
//! optional file (`--config FILE`), then `STORYBOT__SECTION__KEY` environment variables.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::matcher::MatcherConfig;
use crate::router::RouterConfig;

/// The committed defaults, built in so the binary works from any directory.
pub const DEFAULT_TOML: &str = include_str!("../config/default.toml");
/// Environment variables with this prefix (and `__` between section and key) override settings.
pub const ENV_PREFIX: &str = "STORYBOT";

/// Environment variables that hold secrets. They are read apart from the settings layers, so a
/// secret can never come from a config file, and [`Settings`] never holds one.
pub const SECRET_VARS: &[&str] = &[
    "STORYBOT__DISCORD__TOKEN",
    "STORYBOT__MATRIX__PASSWORD",
    "STORYBOT__MATRIX__ACCESS_TOKEN",
];

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
    /// Absent means the Discord front-end is off.
    #[serde(default)]
    pub discord: Option<DiscordSettings>,
    /// Absent means the Matrix front-end is off.
    #[serde(default)]
    pub matrix: Option<MatrixSettings>,
}

/// The Matrix front-end. Secrets are not here: the password comes from
/// `STORYBOT__MATRIX__PASSWORD` or `password_file`, an access token from
/// `STORYBOT__MATRIX__ACCESS_TOKEN` or `access_token_file`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatrixSettings {
    /// The homeserver's client API, such as `https://matrix.example.org`.
    pub homeserver_url: String,
    /// The bot's user id, such as `@storybot:example.org`.
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
    /// The name of the bot's device, shown to room members who verify devices.
    #[serde(default = "default_device_name")]
    pub device_name: String,
}

fn default_store_dir() -> PathBuf {
    PathBuf::from("storybot-matrix")
}

fn default_prefix() -> String {
    "!".to_owned()
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
    /// Register commands to this guild only (instant, for testing) instead of globally.
    #[serde(default)]
    pub guild_id: Option<u64>,
    /// Whether answers are visible only to the asker unless they choose otherwise.
    #[serde(default)]
    pub ephemeral: bool,
    /// Where `storybot discord http` listens.
    #[serde(default = "default_listen")]
    pub listen: String,
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

fn default_listen() -> String {
    "127.0.0.1:8080".to_owned()
}

fn default_max_body() -> usize {
    64 * 1024
}

/// Discord's API, which serenity addresses unless a proxy is configured.
pub const DEFAULT_DISCORD_API: &str = "https://discord.com";

fn default_api_url() -> String {
    DEFAULT_DISCORD_API.to_owned()
}

/// A secret (a bot token): its `Debug` and `Display` never show it, so it cannot reach a log.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Self {
        Self(value)
    }

    /// The secret itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(\"[redacted]\")")
    }
}

/// A secret that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("cannot read the secret file {path}: {source}")]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the {what} is empty ({var} or its *_file)")]
    Empty {
        what: &'static str,
        var: &'static str,
    },
}

/// A secret from the environment variable `var` if set, else from `file`; `None` if neither.
fn read_secret(
    var: &'static str,
    file: Option<&Path>,
    what: &'static str,
) -> Result<Option<Secret>, SecretError> {
    let value = match std::env::var(var) {
        Ok(value) => value,
        Err(_) => match file {
            Some(path) => std::fs::read_to_string(path).map_err(|source| SecretError::File {
                path: path.to_path_buf(),
                source,
            })?,
            None => return Ok(None),
        },
    };
    let value = value.trim();
    if value.is_empty() {
        return Err(SecretError::Empty { what, var });
    }
    Ok(Some(Secret(value.to_owned())))
}

impl DiscordSettings {
    /// The bot token: `STORYBOT__DISCORD__TOKEN` if set, else the contents of `token_file`;
    /// `None` when neither is given.
    pub fn token(&self) -> Result<Option<Secret>, SecretError> {
        read_secret(
            "STORYBOT__DISCORD__TOKEN",
            self.token_file.as_deref(),
            "Discord token",
        )
    }
}

impl MatrixSettings {
    /// The password: `STORYBOT__MATRIX__PASSWORD` if set, else the contents of `password_file`.
    pub fn password(&self) -> Result<Option<Secret>, SecretError> {
        read_secret(
            "STORYBOT__MATRIX__PASSWORD",
            self.password_file.as_deref(),
            "Matrix password",
        )
    }

    /// An access token: `STORYBOT__MATRIX__ACCESS_TOKEN` if set, else `access_token_file`.
    pub fn access_token(&self) -> Result<Option<Secret>, SecretError> {
        read_secret(
            "STORYBOT__MATRIX__ACCESS_TOKEN",
            self.access_token_file.as_deref(),
            "Matrix access token",
        )
    }
}

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
        let var = |name: &str| std::env::var_os(name).filter(|value| !value.is_empty());
        self.dir
            .clone()
            .or_else(|| {
                // systemd may list several directories, separated by colons; the first is ours.
                var("STATE_DIRECTORY").and_then(|dirs| std::env::split_paths(&dirs).next())
            })
            .or_else(|| var("XDG_STATE_HOME").map(|dir| PathBuf::from(dir).join("storybot")))
            .or_else(|| var("HOME").map(|home| PathBuf::from(home).join(".local/state/storybot")))
    }
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

/// Settings that could not be read, with a message that names the key or file.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("invalid settings: {0}")]
    Invalid(#[from] config::ConfigError),
    #[error("invalid setting `{key}`: {message}")]
    OutOfRange { key: &'static str, message: String },
}

impl Settings {
    /// Reads the layers: defaults, then `file` if given (it must exist), then the environment
    /// (all `STORYBOT__*` variables but the [`SECRET_VARS`]).
    pub fn load(file: Option<&Path>) -> Result<Self, SettingsError> {
        let env = std::env::vars()
            .filter(|(key, _)| key.starts_with(ENV_PREFIX) && !SECRET_VARS.contains(&key.as_str()))
            .collect();
        Self::load_with_env(file, Some(env))
    }

    /// Like [`Settings::load`], with the environment given as a map (for tests).
    pub fn load_with_env(
        file: Option<&Path>,
        env: Option<std::collections::HashMap<String, String>>,
    ) -> Result<Self, SettingsError> {
        let mut builder = config::Config::builder().add_source(config::File::from_str(
            DEFAULT_TOML,
            config::FileFormat::Toml,
        ));
        if let Some(file) = file {
            builder = builder.add_source(config::File::from(file).required(true));
        }
        let environment = config::Environment::with_prefix(ENV_PREFIX)
            .prefix_separator("__")
            .separator("__")
            .try_parsing(true)
            .list_separator(",")
            .with_list_parse_key("matrix.invite_allowlist")
            .source(env);
        let settings: Settings = builder.add_source(environment).build()?.try_deserialize()?;
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<(), SettingsError> {
        let unit = |key: &'static str, value: f32| {
            if (0.0..=1.0).contains(&value) {
                Ok(())
            } else {
                Err(SettingsError::OutOfRange {
                    key,
                    message: format!("{value} is not between 0 and 1"),
                })
            }
        };
        unit("matcher.threshold", self.matcher.threshold)?;
        unit("matcher.suggestion_floor", self.matcher.suggestion_floor)?;
        unit("unanswered.below", self.unanswered.below)?;
        if self.unanswered.max_bytes < 4096 {
            return Err(SettingsError::OutOfRange {
                key: "unanswered.max_bytes",
                message: format!("{} is less than 4096", self.unanswered.max_bytes),
            });
        }
        if self.unanswered.keep > crate::unanswered::MAX_KEEP {
            return Err(SettingsError::OutOfRange {
                key: "unanswered.keep",
                message: format!(
                    "{} is more than {}",
                    self.unanswered.keep,
                    crate::unanswered::MAX_KEEP
                ),
            });
        }
        if self.matcher.max_suggestions > 10 {
            return Err(SettingsError::OutOfRange {
                key: "matcher.max_suggestions",
                message: format!("{} is more than 10", self.matcher.max_suggestions),
            });
        }
        if let Some(key) = self.discord.as_ref().and_then(|d| d.public_key.as_deref())
            && (key.len() != 64 || !key.bytes().all(|b| b.is_ascii_hexdigit()))
        {
            return Err(SettingsError::OutOfRange {
                key: "discord.public_key",
                message: "must be 64 hexadecimal digits (Developer Portal, General Information)"
                    .to_owned(),
            });
        }
        if self.limits.window_seconds == 0 {
            return Err(SettingsError::OutOfRange {
                key: "limits.window_seconds",
                message: "must be at least 1".to_owned(),
            });
        }
        if !(1..=4000).contains(&self.limits.max_question_chars) {
            return Err(SettingsError::OutOfRange {
                key: "limits.max_question_chars",
                message: format!(
                    "{} is not between 1 and 4000",
                    self.limits.max_question_chars
                ),
            });
        }
        Ok(())
    }

    /// The router's configuration from these settings.
    pub fn router(&self) -> RouterConfig {
        RouterConfig {
            matcher: MatcherConfig {
                fuzzy: self.matcher.fuzzy,
            },
            threshold: self.matcher.threshold,
            suggestion_floor: self.matcher.suggestion_floor,
            max_suggestions: self.matcher.max_suggestions,
            max_question_chars: self.limits.max_question_chars,
            ..RouterConfig::DEFAULT
        }
    }

    /// Where the knowledge pack is: `flag` (`--knowledge`), else the `knowledge.dir` setting, else
    /// the first of `./knowledge`, `knowledge/` next to the executable, and the source checkout
    /// the binary was built from that holds a `qa.toml`; else `./knowledge` (to name in errors).
    pub fn knowledge_dir(&self, flag: Option<&Path>) -> PathBuf {
        if let Some(dir) = flag.or(self.knowledge.dir.as_deref()) {
            return dir.to_path_buf();
        }
        let beside_exe = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join("knowledge")));
        let candidates = [
            Some(PathBuf::from("knowledge")),
            beside_exe,
            Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")),
        ];
        candidates
            .into_iter()
            .flatten()
            .find(|dir| dir.join(crate::knowledge::QA_FILE).is_file())
            .unwrap_or_else(|| PathBuf::from("knowledge"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> Option<HashMap<String, String>> {
        Some(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn defaults_match_the_router_defaults() {
        let settings = Settings::load_with_env(None, env(&[])).unwrap();
        assert_eq!(settings.router(), RouterConfig::DEFAULT);
        assert_eq!(settings.log.format, LogFormat::Text);
    }

    #[test]
    fn environment_overrides_defaults() {
        let settings = Settings::load_with_env(
            None,
            env(&[
                ("STORYBOT__MATCHER__THRESHOLD", "0.7"),
                ("STORYBOT__LIMITS__MAX_QUESTION_CHARS", "120"),
                ("STORYBOT__KNOWLEDGE__DIR", "/srv/pack"),
                ("STORYBOT__LOG__FORMAT", "json"),
            ]),
        )
        .unwrap();
        assert_eq!(settings.matcher.threshold, 0.7);
        assert_eq!(settings.limits.max_question_chars, 120);
        assert_eq!(
            settings.knowledge.dir.as_deref(),
            Some(Path::new("/srv/pack"))
        );
        assert_eq!(settings.log.format, LogFormat::Json);
    }

    #[test]
    fn a_file_overrides_defaults_and_unknown_keys_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("storybot.toml");
        std::fs::write(&file, "[matcher]\nthreshold = 0.4\n").unwrap();
        let settings = Settings::load_with_env(Some(&file), env(&[])).unwrap();
        assert_eq!(settings.matcher.threshold, 0.4);

        std::fs::write(&file, "[matcher]\nthresold = 0.4\n").unwrap();
        let error = Settings::load_with_env(Some(&file), env(&[]))
            .unwrap_err()
            .to_string();
        assert!(error.contains("thresold"), "{error}");

        let error = Settings::load_with_env(None, env(&[("STORYBOT__MATCHER__FUZY", "true")]))
            .unwrap_err()
            .to_string();
        assert!(error.contains("fuzy"), "{error}");
    }

    #[test]
    fn discord_is_off_unless_configured_and_secrets_never_come_from_settings() {
        let settings = Settings::load_with_env(None, env(&[])).unwrap();
        assert_eq!(settings.discord, None);

        let key = "ab".repeat(32);
        let settings = Settings::load_with_env(
            None,
            env(&[
                ("STORYBOT__DISCORD__PUBLIC_KEY", key.as_str()),
                ("STORYBOT__DISCORD__MODE", "http"),
            ]),
        )
        .unwrap();
        let discord = settings.discord.unwrap();
        assert_eq!(discord.public_key.as_deref(), Some(key.as_str()));
        assert_eq!(discord.mode, DiscordMode::Http);
        assert_eq!(discord.listen, "127.0.0.1:8080");

        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("storybot.toml");
        std::fs::write(&file, "[discord]\ntoken = \"secret\"\n").unwrap();
        let error = Settings::load_with_env(Some(&file), env(&[]))
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("token"),
            "a token in a file is refused: {error}"
        );

        let error = Settings::load_with_env(None, env(&[("STORYBOT__DISCORD__PUBLIC_KEY", "xyz")]))
            .unwrap_err()
            .to_string();
        assert!(error.contains("discord.public_key"), "{error}");
    }

    #[test]
    fn matrix_settings_come_from_the_environment() {
        let settings = Settings::load_with_env(
            None,
            env(&[
                ("STORYBOT__MATRIX__HOMESERVER_URL", "http://127.0.0.1:8448"),
                ("STORYBOT__MATRIX__USER_ID", "@storybot:localhost"),
                ("STORYBOT__MATRIX__STORE_DIR", "/var/lib/storybot"),
                (
                    "STORYBOT__MATRIX__INVITE_ALLOWLIST",
                    "@alice:localhost,*:example.org",
                ),
            ]),
        )
        .unwrap();
        let matrix = settings.matrix.unwrap();
        assert_eq!(matrix.homeserver_url, "http://127.0.0.1:8448");
        assert_eq!(matrix.store_dir, Path::new("/var/lib/storybot"));
        assert_eq!(
            matrix.invite_allowlist,
            ["@alice:localhost", "*:example.org"]
        );
        assert_eq!(matrix.prefix, "!");
        let error = Settings::load_with_env(None, env(&[("STORYBOT__MATRIX__PASSWORD", "x")]));
        assert!(
            error.is_err(),
            "a password is not a setting; Settings::load never passes it in"
        );
    }

    #[test]
    fn out_of_range_values_are_refused() {
        let error = Settings::load_with_env(None, env(&[("STORYBOT__MATCHER__THRESHOLD", "1.5")]))
            .unwrap_err()
            .to_string();
        assert!(error.contains("matcher.threshold"), "{error}");
        let error =
            Settings::load_with_env(None, env(&[("STORYBOT__LIMITS__MAX_QUESTION_CHARS", "0")]))
                .unwrap_err()
                .to_string();
        assert!(error.contains("limits.max_question_chars"), "{error}");
    }

    #[test]
    fn a_missing_config_file_is_an_error() {
        let error =
            Settings::load_with_env(Some(Path::new("/nonexistent/storybot.toml")), env(&[]))
                .unwrap_err()
                .to_string();
        assert!(error.contains("/nonexistent/storybot.toml"), "{error}");
    }
}
