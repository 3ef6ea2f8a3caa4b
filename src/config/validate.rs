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
        if let Err(problem) = check_user_id(self.user_id.trim()) {
            return Err(SettingsError::OutOfRange {
                key: "matrix.user_id",
                message: format!(
                    "{:?} is not a Matrix user id such as @storybot:example.org ({problem}; STORYBOT__MATRIX__USER_ID)",
                    self.user_id.trim()
                ),
            });
        }
        if let Some(avatar) = &self.avatar {
            let known = avatar
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| avatar_mime(e).is_some());
            if !known {
                return Err(SettingsError::OutOfRange {
                    key: "matrix.avatar",
                    message: format!(
                        "{} is not a .png, .jpg, .gif or .webp image",
                        avatar.display()
                    ),
                });
            }
        }
        Ok(())
    }
}

/// The media type of an avatar image, by its file extension.
pub fn avatar_mime(extension: &str) -> Option<&'static str> {
    match extension.to_ascii_lowercase().as_str() {
        "png" => Some("image/png"),
        "jpg" | "jpeg" => Some("image/jpeg"),
        "gif" => Some("image/gif"),
        "webp" => Some("image/webp"),
        _ => None,
    }
}

/// Checks a user id's grammar (the spec's appendix on identifiers): `@localpart:server`, the
/// localpart printable ASCII without `:`, the server a host name, IPv4 or `[IPv6]` literal with
/// an optional port, 255 bytes at most. Case is not checked: homeservers match it loosely at
/// login, and the session's own id is the canonical one.
fn check_user_id(user: &str) -> Result<(), &'static str> {
    if user.len() > 255 {
        return Err("longer than 255 bytes");
    }
    let Some(rest) = user.strip_prefix('@') else {
        return Err("it must start with @");
    };
    let Some((local, server)) = rest.split_once(':') else {
        return Err("it needs a :server part");
    };
    if local.is_empty() || !local.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
        return Err("the part before : must be printable ASCII without spaces");
    }
    let (host, port) = match server.rsplit_once(':') {
        Some((host, port)) if !host.ends_with(']') || server.starts_with('[') => {
            if host.starts_with('[') || !host.contains(':') {
                (host, Some(port))
            } else {
                (server, None)
            }
        }
        _ => (server, None),
    };
    if let Some(port) = port
        && (port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err("the port must be a number");
    }
    let valid_host = if let Some(inner) = host.strip_prefix('[') {
        inner.strip_suffix(']').is_some_and(|v6| {
            !v6.is_empty()
                && v6
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        })
    } else {
        !host.is_empty()
            && host.len() <= 230
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
    };
    if !valid_host {
        return Err("the server must be a host name or IP address");
    }
    Ok(())
}

#[cfg(test)]
mod user_id_tests {
    use super::check_user_id;

    #[test]
    fn user_ids_are_checked_by_the_spec_grammar() {
        for good in [
            "@storybot:example.org",
            "@StoryBot:Example.org",
            "@bot:localhost:8448",
            "@bot:127.0.0.1",
            "@bot:[::1]:8448",
            "@a.b_c=d/e+f:matrix.example.org",
        ] {
            assert!(check_user_id(good).is_ok(), "{good}");
        }
        for bad in [
            "storybot:example.org",
            "@storybot",
            "@:example.org",
            "@story bot:example.org",
            "@storybot:",
            "@storybot:exa mple.org",
            "@storybot:example.org:port",
            "@storybot:[::1",
            "@bot:example.org:99999999",
        ] {
            assert!(check_user_id(bad).is_err(), "{bad}");
        }
    }
}
