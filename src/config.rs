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

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub knowledge: KnowledgeSettings,
    pub matcher: MatcherSettings,
    pub limits: LimitSettings,
    pub log: LogSettings,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnowledgeSettings {
    /// The pack directory; unset means: look in the usual places (see [`Settings::knowledge_dir`]).
    #[serde(default)]
    pub dir: Option<PathBuf>,
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
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    pub level: String,
    pub format: LogFormat,
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
    /// Reads the layers: defaults, then `file` if given (it must exist), then the environment.
    pub fn load(file: Option<&Path>) -> Result<Self, SettingsError> {
        Self::load_with_env(file, None)
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
        if self.matcher.max_suggestions > 10 {
            return Err(SettingsError::OutOfRange {
                key: "matcher.max_suggestions",
                message: format!("{} is more than 10", self.matcher.max_suggestions),
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
                threshold: self.matcher.threshold,
                suggestion_floor: self.matcher.suggestion_floor,
                max_suggestions: self.matcher.max_suggestions,
                fuzzy: self.matcher.fuzzy,
            },
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
