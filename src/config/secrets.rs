//! Secrets: the Discord token; the Matrix password or access token, recovery key and store
//! passphrase. They come only from the environment or from a file named in the settings
//! (outside the repository), never from a settings layer, and a [`Secret`] never shows its
//! value in logs or `Debug` output.

use std::path::{Path, PathBuf};

use super::{DiscordSettings, MatrixSettings};

/// Environment variables that hold secrets. They are read apart from the settings layers, so a
/// secret can never come from a config file, and [`Settings`] never holds one.
pub const SECRET_VARS: &[&str] = &[
    "STORYBOT__DISCORD__TOKEN",
    "STORYBOT__MATRIX__PASSWORD",
    "STORYBOT__MATRIX__ACCESS_TOKEN",
    "STORYBOT__MATRIX__RECOVERY_KEY",
    "STORYBOT__MATRIX__STORE_PASSPHRASE",
];

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

    /// The recovery key: `STORYBOT__MATRIX__RECOVERY_KEY` if set, else `recovery_key_file`.
    pub fn recovery_key(&self) -> Result<Option<Secret>, SecretError> {
        read_secret(
            "STORYBOT__MATRIX__RECOVERY_KEY",
            self.recovery_key_file.as_deref(),
            "Matrix recovery key",
        )
    }

    /// The store passphrase: `STORYBOT__MATRIX__STORE_PASSPHRASE` if set, else
    /// `store_passphrase_file`.
    pub fn store_passphrase(&self) -> Result<Option<Secret>, SecretError> {
        read_secret(
            "STORYBOT__MATRIX__STORE_PASSPHRASE",
            self.store_passphrase_file.as_deref(),
            "Matrix store passphrase",
        )
    }
}
