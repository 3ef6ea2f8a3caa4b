//! Checks on settings that their types cannot express (ranges, key formats), each failing
//! with the key it is about.

use super::{DiscordSettings, MatrixSettings, Settings, SettingsError};

impl Settings {
    pub(super) fn validate(&self) -> Result<(), SettingsError> {
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
        if !(100..=600_000).contains(&self.http.header_timeout_ms) {
            return Err(SettingsError::OutOfRange {
                key: "http.header_timeout_ms",
                message: format!(
                    "{} is not between 100 and 600000",
                    self.http.header_timeout_ms
                ),
            });
        }
        if !(100..=600_000).contains(&self.http.request_timeout_ms) {
            return Err(SettingsError::OutOfRange {
                key: "http.request_timeout_ms",
                message: format!(
                    "{} is not between 100 and 600000",
                    self.http.request_timeout_ms
                ),
            });
        }
        if !(1..=65_536).contains(&self.http.max_connections) {
            return Err(SettingsError::OutOfRange {
                key: "http.max_connections",
                message: format!("{} is not between 1 and 65536", self.http.max_connections),
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
}

impl DiscordSettings {
    /// Checks the settings the Discord front-end needs; called when it starts, so a command
    /// that does not use Discord is never blocked by them.
    pub fn check(&self) -> Result<(), SettingsError> {
        if let Some(key) = self.public_key.as_deref()
            && (key.len() != 64 || !key.bytes().all(|b| b.is_ascii_hexdigit()))
        {
            return Err(SettingsError::OutOfRange {
                key: "discord.public_key",
                message: "must be 64 hexadecimal digits (Developer Portal, General Information)"
                    .to_owned(),
            });
        }
        for (key, values, known) in [
            (
                "discord.integration_types",
                &self.integration_types,
                &["guild", "user"][..],
            ),
            (
                "discord.contexts",
                &self.contexts,
                &["guild", "bot_dm", "private_channel"][..],
            ),
        ] {
            if values.is_empty() {
                return Err(SettingsError::OutOfRange {
                    key,
                    message: format!("needs at least one of {}", known.join(", ")),
                });
            }
            if let Some(unknown) = values.iter().find(|v| !known.contains(&v.as_str())) {
                return Err(SettingsError::OutOfRange {
                    key,
                    message: format!("{unknown:?} is not one of {}", known.join(", ")),
                });
            }
        }
        if let Some(bits) = &self.default_member_permissions
            && bits.parse::<u64>().is_err()
        {
            return Err(SettingsError::OutOfRange {
                key: "discord.default_member_permissions",
                message: format!(
                    "{bits:?} is not a permission number (decimal, as Discord writes them; \"0\": administrators only)"
                ),
            });
        }
        if let Some(shards) = self.shards {
            let message = if shards.total == 0 {
                Some("total must be at least 1".to_owned())
            } else if shards.last < shards.first {
                Some(format!(
                    "last ({}) is before first ({})",
                    shards.last, shards.first
                ))
            } else if shards.last >= shards.total {
                Some(format!(
                    "last ({}) must be below total ({}): shards are numbered from 0",
                    shards.last, shards.total
                ))
            } else {
                None
            };
            if let Some(message) = message {
                return Err(SettingsError::OutOfRange {
                    key: "discord.shards",
                    message,
                });
            }
        }
        Ok(())
    }
}

impl MatrixSettings {
    /// Checks the settings the Matrix front-end needs; called when it starts.
    pub fn check(&self) -> Result<(), SettingsError> {
        if self.homeserver_url.trim().is_empty() {
            return Err(SettingsError::OutOfRange {
                key: "matrix.homeserver_url",
                message:
                    "is required to run the Matrix front-end (STORYBOT__MATRIX__HOMESERVER_URL)"
                        .to_owned(),
            });
        }
        let user = self.user_id.trim();
        let valid_user = user
            .strip_prefix('@')
            .and_then(|rest| rest.split_once(':'))
            .is_some_and(|(local, server)| !local.is_empty() && !server.is_empty());
        if !valid_user {
            return Err(SettingsError::OutOfRange {
                key: "matrix.user_id",
                message: format!(
                    "{user:?} is not a Matrix user id such as @storybot:example.org (STORYBOT__MATRIX__USER_ID)"
                ),
            });
        }
        Ok(())
    }
}
