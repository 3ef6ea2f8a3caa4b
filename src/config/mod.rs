//! Typed settings, read once at start-up from layers: the built-in `config/default.toml`, an
//! optional file (`--config FILE`), then `STORYBOT__SECTION__KEY` environment variables.
//! The schema is in [`schema`], secrets apart in [`secrets`], checks in [`validate`]; this
//! module layers them and finds the knowledge pack.

use std::path::{Path, PathBuf};

use crate::matcher::MatcherConfig;
use crate::router::RouterConfig;

mod schema;
mod secrets;
mod validate;

pub use schema::*;
pub use secrets::{SECRET_VARS, Secret, SecretError};
pub use validate::avatar_mime;

/// The committed defaults, built in so the binary works from any directory.
pub const DEFAULT_TOML: &str = include_str!("../../config/default.toml");
/// Environment variables with this prefix (and `__` between section and key) override settings.
pub const ENV_PREFIX: &str = "STORYBOT";

/// Settings that could not be read, with a message that names the key or file. The message is
/// whole: the `config` crate's error is not kept as a source, so it is never said twice.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("invalid settings: {0}")]
    Invalid(String),
    #[error("invalid setting `{key}`: {message}")]
    OutOfRange { key: &'static str, message: String },
}

impl From<config::ConfigError> for SettingsError {
    fn from(error: config::ConfigError) -> Self {
        Self::Invalid(error.to_string())
    }
}

impl Settings {
    /// The Discord settings if the front-end is on: `discord.enabled`, or when unset, any of
    /// `application_id`, `public_key` or `guild_id`.
    pub fn discord_enabled(&self) -> Option<&DiscordSettings> {
        self.discord.as_ref().filter(|d| {
            d.enabled.unwrap_or(
                d.application_id.is_some() || d.public_key.is_some() || d.guild_id.is_some(),
            )
        })
    }

    /// The Matrix settings if the front-end is on: `matrix.enabled`, or when unset,
    /// `homeserver_url`.
    pub fn matrix_enabled(&self) -> Option<&MatrixSettings> {
        self.matrix
            .as_ref()
            .filter(|m| m.enabled.unwrap_or(!m.homeserver_url.trim().is_empty()))
    }

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
            .with_list_parse_key("discord.integration_types")
            .with_list_parse_key("discord.contexts")
            .source(env);
        let settings: Settings = builder.add_source(environment).build()?.try_deserialize()?;
        settings.validate()?;
        Ok(settings)
    }

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
        assert_eq!(settings.discord_enabled(), None);

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

        // A bad key blocks only Discord: settings load, and Discord's check names the key.
        let settings =
            Settings::load_with_env(None, env(&[("STORYBOT__DISCORD__PUBLIC_KEY", "xyz")]))
                .unwrap();
        let error = settings
            .discord_enabled()
            .unwrap()
            .check()
            .unwrap_err()
            .to_string();
        assert!(error.contains("discord.public_key"), "{error}");

        // A token file alone (as the systemd unit sets it) does not turn Discord on.
        let settings =
            Settings::load_with_env(None, env(&[("STORYBOT__DISCORD__TOKEN_FILE", "/x")])).unwrap();
        assert!(settings.discord.is_some() && settings.discord_enabled().is_none());
        let settings = Settings::load_with_env(
            None,
            env(&[
                ("STORYBOT__DISCORD__APPLICATION_ID", "1"),
                ("STORYBOT__DISCORD__ENABLED", "false"),
            ]),
        )
        .unwrap();
        assert!(settings.discord_enabled().is_none(), "enabled = false wins");
    }

    #[test]
    fn shards_are_checked_when_discord_starts() {
        for (first, last, total, says) in [
            ("2", "1", "4", "before first"),
            ("0", "4", "4", "below total"),
            ("0", "0", "0", "at least 1"),
        ] {
            let settings = Settings::load_with_env(
                None,
                env(&[
                    ("STORYBOT__DISCORD__SHARDS__FIRST", first),
                    ("STORYBOT__DISCORD__SHARDS__LAST", last),
                    ("STORYBOT__DISCORD__SHARDS__TOTAL", total),
                ]),
            )
            .unwrap();
            let error = settings.discord.unwrap().check().unwrap_err().to_string();
            assert!(
                error.contains("discord.shards") && error.contains(says),
                "{error}"
            );
        }
    }

    #[test]
    fn matrix_is_on_only_with_its_homeserver_and_errors_are_said_once() {
        // The unit's store_dir alone does not turn Matrix on, and blocks nothing.
        let settings =
            Settings::load_with_env(None, env(&[("STORYBOT__MATRIX__STORE_DIR", "/tmp/x")]))
                .unwrap();
        assert!(settings.matrix_enabled().is_none());
        let settings = Settings::load_with_env(
            None,
            env(&[("STORYBOT__MATRIX__HOMESERVER_URL", "http://127.0.0.1:1")]),
        )
        .unwrap();
        let error = settings
            .matrix_enabled()
            .unwrap()
            .check()
            .unwrap_err()
            .to_string();
        assert!(error.contains("matrix.user_id"), "{error}");
        let error = Settings::load_with_env(None, env(&[("STORYBOT__MATCHER__THRESHOLD", "x")]))
            .unwrap_err();
        let chain = format!("{:#}", anyhow::Error::new(error));
        assert_eq!(chain.matches("threshold").count(), 1, "{chain}");
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
