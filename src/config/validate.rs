//! Checks on settings that their types cannot express (ranges, key formats), each failing
//! with the key it is about.

use super::{Settings, SettingsError};

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
}
