//! The Matrix login session: restored from `session.json` in the store directory, or made by
//! logging in (password or access token) and saved there, readable only by this user.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use matrix_sdk::authentication::matrix::MatrixSession;
use matrix_sdk::ruma::UserId;
use matrix_sdk::ruma::api::error::ErrorKind;
use matrix_sdk::{Client, SessionMeta, SessionTokens};

use crate::config::{MatrixSettings, Secret};

/// Restores the saved session, or logs in (with an access token or a password) and saves it.
/// Returns whether this is a fresh login.
pub(super) async fn log_in(client: &Client, settings: &MatrixSettings) -> anyhow::Result<bool> {
    let session_file = settings.store_dir.join("session.json");
    if session_file.exists() {
        let text = std::fs::read_to_string(&session_file)
            .with_context(|| format!("cannot read {}", session_file.display()))?;
        let session: MatrixSession = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a saved session", session_file.display()))?;
        if session.meta.user_id.as_str() != settings.user_id {
            bail!(
                "{} belongs to {}, not {}: use another store_dir or remove it",
                session_file.display(),
                session.meta.user_id,
                settings.user_id
            );
        }
        client
            .restore_session(session)
            .await
            .context("cannot restore the saved Matrix session")?;
        return Ok(false);
    }
    if let Some(token) = settings.access_token()? {
        let Some(device_id) = settings.device_id.as_deref() else {
            bail!("an access token needs its device: set matrix.device_id");
        };
        let user_id =
            UserId::parse(&settings.user_id).context("matrix.user_id is not a user id")?;
        let session = MatrixSession {
            meta: SessionMeta {
                user_id,
                device_id: device_id.into(),
            },
            tokens: SessionTokens {
                access_token: token.expose().to_owned(),
                refresh_token: None,
            },
        };
        client
            .restore_session(session)
            .await
            .context("cannot use the Matrix access token")?;
    } else if let Some(password) = settings.password()? {
        client
            .matrix_auth()
            .login_username(&settings.user_id, password.expose())
            .initial_device_display_name(&settings.device_name)
            .send()
            .await
            .context("Matrix login failed")?;
    } else {
        bail!(
            "Matrix needs a password (STORYBOT__MATRIX__PASSWORD or matrix.password_file) or an access token"
        );
    }
    let session = client
        .matrix_auth()
        .session()
        .context("no session after login")?;
    save_private(
        &session_file,
        &Secret::new(serde_json::to_string(&session)?),
    )?;
    Ok(true)
}

pub(super) fn is_dead_session(error: &matrix_sdk::Error) -> bool {
    matches!(
        error.client_api_error_kind(),
        Some(ErrorKind::UnknownToken { .. })
    )
}

pub(super) fn dead_session(error: matrix_sdk::Error) -> anyhow::Error {
    anyhow::Error::new(error).context(
        "the Matrix session is no longer valid (logged out elsewhere?): stop storybot, remove the store_dir, and start it again to log in afresh",
    )
}

/// Creates `dir` (and parents), readable only by this user: it holds keys and a session.
pub(super) fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .with_context(|| format!("cannot restrict {}", dir.display()))?;
    }
    Ok(())
}

/// Writes a secret file atomically, readable only by this user.
fn save_private(path: &Path, contents: &Secret) -> anyhow::Result<()> {
    let temporary: PathBuf = path.with_extension("tmp");
    {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        use std::io::Write;
        let mut file = options
            .open(&temporary)
            .with_context(|| format!("cannot write {}", temporary.display()))?;
        file.write_all(contents.expose().as_bytes())?;
        file.sync_all()?;
    }
    std::fs::rename(&temporary, path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
