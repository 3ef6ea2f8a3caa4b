//! The Matrix login session and the bot's cryptographic identity.
//!
//! The store directory holds matrix-sdk's SQLite stores in `sdk/` (sync token, room state,
//! encryption keys; encrypted with the store passphrase when one is set), `session.json` (the
//! login: user, device, access token) and `store.json` (what the store must be opened with,
//! and the device's signing key, so a store lost or swapped is found before it does harm). All
//! are readable only by this user.
//!
//! - A first start logs in (password or access token) and saves the session; later starts
//!   restore it, so the device (and its keys) stay the same.
//! - Cross-signing is set up on the first login with the password (which serves the
//!   homeserver's user-interactive auth), so the bot's device is signed by its own identity
//!   and clients that trust only cross-signed devices share their room keys with it.
//! - With a recovery key, key backup and recovery are on: the first start stores the
//!   identity's keys in secret storage under it, and a new device of the bot recovers them.
//! - A soft logout (an expired access token) logs in again with the same device.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use matrix_sdk::authentication::matrix::MatrixSession;
use matrix_sdk::encryption::recovery::RecoveryState;
use matrix_sdk::encryption::{BackupDownloadStrategy, EncryptionSettings};
use matrix_sdk::ruma::api::client::uiaa::{
    AuthData, MatrixUserIdentifier, Password, UserIdentifier,
};
use matrix_sdk::ruma::api::error::ErrorKind;
use matrix_sdk::ruma::{OwnedDeviceId, UserId};
use matrix_sdk::store::{StateStoreDataKey, StateStoreDataValue};
use matrix_sdk::{Client, SessionMeta, SessionTokens};
use serde::{Deserialize, Serialize};

use crate::config::{MatrixSettings, Secret};

/// The SQLite stores' directory, inside the store directory.
const SDK_DIR: &str = "sdk";
/// The file of the encryption store, present once the store was created.
const CRYPTO_FILE: &str = "matrix-sdk-crypto.sqlite3";

/// What the store was created with, and the device key it holds.
#[derive(Debug, Default, Serialize, Deserialize)]
struct StoreRecord {
    /// Whether the SQLite stores are encrypted with the store passphrase.
    encrypted: bool,
    /// The device's Ed25519 key, once logged in.
    #[serde(default)]
    ed25519: Option<String>,
}

/// A logged-in client, and whether its store has synced before (so history is not new).
pub(super) struct Session {
    pub client: Client,
    pub synced_before: bool,
}

/// Builds a client on the store directory and logs in: restores the saved session, or logs in
/// afresh and saves it (`relogin`: the device of a session that was soft-logged-out, logged in
/// again with the password). Then makes sure the device is cross-signed.
pub(super) async fn start(
    settings: &MatrixSettings,
    relogin: Option<OwnedDeviceId>,
) -> anyhow::Result<Session> {
    let store = &settings.store_dir;
    create_private_dir(store)?;
    let session_file = store.join("session.json");
    let record_file = store.join("store.json");
    let passphrase = settings.store_passphrase()?;
    let recovery_key = settings.recovery_key()?;
    let crypto_exists = store.join(SDK_DIR).join(CRYPTO_FILE).exists();
    let record: Option<StoreRecord> =
        if record_file.exists() {
            let text = std::fs::read_to_string(&record_file)
                .with_context(|| format!("cannot read {}", record_file.display()))?;
            Some(serde_json::from_str(&text).with_context(|| {
                format!("{} is not storybot's store record", record_file.display())
            })?)
        } else {
            None
        };
    if session_file.exists() && !crypto_exists {
        bail!(
            "{} holds a login, but the encryption store beside it ({}) is missing: the device's keys are lost. \
             Restore the store from a backup, or remove {} to log in as a new device",
            session_file.display(),
            store.join(SDK_DIR).display(),
            session_file.display()
        );
    }
    match (&record, &passphrase) {
        (Some(record), None) if record.encrypted => bail!(
            "the Matrix store in {} is encrypted: set its passphrase (STORYBOT__MATRIX__STORE_PASSPHRASE or matrix.store_passphrase_file)",
            store.display()
        ),
        (Some(record), Some(_)) if !record.encrypted && crypto_exists => bail!(
            "the Matrix store in {} was created without a passphrase and cannot be encrypted afterwards: \
             unset the store passphrase, or remove the store directory to start afresh (a new device)",
            store.display()
        ),
        _ => {}
    }
    let mut record = record.unwrap_or_default();
    record.encrypted = passphrase.is_some();

    let client = Client::builder()
        .homeserver_url(&settings.homeserver_url)
        .sqlite_store(store.join(SDK_DIR), passphrase.as_ref().map(Secret::expose))
        .respect_login_well_known(false)
        .with_encryption_settings(EncryptionSettings {
            auto_enable_cross_signing: true,
            auto_enable_backups: recovery_key.is_some(),
            backup_download_strategy: if recovery_key.is_some() {
                BackupDownloadStrategy::AfterDecryptionFailure
            } else {
                BackupDownloadStrategy::default()
            },
        })
        .build()
        .await
        .context("cannot open the Matrix store (is the store passphrase right?)")?;

    let password = settings.password()?;
    if let Some(device) = relogin {
        let password = password
            .as_ref()
            .context("logging in again after a soft logout needs the password")?;
        client
            .matrix_auth()
            .login_username(&settings.user_id, password.expose())
            .device_id(device.as_str())
            .initial_device_display_name(&settings.device_name)
            .send()
            .await
            .context("logging in again after a soft logout failed")?;
        save_session(&client, &session_file)?;
    } else if session_file.exists() {
        let text = std::fs::read_to_string(&session_file)
            .with_context(|| format!("cannot read {}", session_file.display()))?;
        let session: MatrixSession = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a saved session", session_file.display()))?;
        // Homeservers match user ids loosely at login and answer with the canonical one.
        if !session
            .meta
            .user_id
            .as_str()
            .eq_ignore_ascii_case(settings.user_id.trim())
        {
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
    } else if let Some(token) = settings.access_token()? {
        let Some(device_id) = settings.device_id.as_deref() else {
            bail!("an access token needs its device: set matrix.device_id");
        };
        let user_id =
            UserId::parse(settings.user_id.trim()).context("matrix.user_id is not a user id")?;
        // The token must be the bot's, on that device: ask the homeserver before using it.
        let session = MatrixSession {
            meta: SessionMeta {
                user_id: user_id.clone(),
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
        let whoami = client
            .whoami()
            .await
            .context("the homeserver does not accept the Matrix access token")?;
        if !whoami
            .user_id
            .as_str()
            .eq_ignore_ascii_case(user_id.as_str())
        {
            bail!(
                "the access token belongs to {}, not {}",
                whoami.user_id,
                settings.user_id
            );
        }
        if whoami.device_id.as_deref().map(|d| d.as_str()) != Some(device_id) {
            bail!(
                "the access token belongs to device {}, not matrix.device_id {device_id}",
                whoami.device_id.as_ref().map_or("(none)", |d| d.as_str())
            );
        }
        save_session(&client, &session_file)?;
    } else if let Some(password) = &password {
        client
            .matrix_auth()
            .login_username(settings.user_id.trim(), password.expose())
            .initial_device_display_name(&settings.device_name)
            .send()
            .await
            .context("Matrix login failed")?;
        save_session(&client, &session_file)?;
    } else {
        bail!(
            "Matrix needs a password (STORYBOT__MATRIX__PASSWORD or matrix.password_file) or an access token"
        );
    }

    // The device key must be the one this store was made with: a store swapped under a saved
    // session would otherwise be a second device under the same id.
    let key = client
        .encryption()
        .ed25519_key()
        .await
        .context("the encryption store has no device key")?;
    match &record.ed25519 {
        Some(saved) if *saved != key => bail!(
            "the encryption store in {} does not belong to the saved session (another device key): \
             restore the right store, or remove the store directory to log in as a new device",
            store.join(SDK_DIR).display()
        ),
        _ => {}
    }
    record.ed25519 = Some(key);
    save_private(&record_file, &serde_json::to_string(&record)?)?;

    let synced_before = client
        .state_store()
        .get_kv_data(StateStoreDataKey::SyncToken)
        .await
        .context("cannot read the Matrix store")?
        .and_then(StateStoreDataValue::into_sync_token)
        .is_some();
    secure_identity(&client, settings, password.as_ref(), recovery_key.as_ref()).await;
    Ok(Session {
        client,
        synced_before,
    })
}

/// Makes sure the bot's device is signed by its own cross-signing identity, with key backup
/// and recovery when a recovery key is configured. Problems are logged, never fatal: the bot
/// still answers, though clients that trust only cross-signed devices will not share keys.
async fn secure_identity(
    client: &Client,
    settings: &MatrixSettings,
    password: Option<&Secret>,
    recovery_key: Option<&Secret>,
) {
    let encryption = client.encryption();
    // The first login's cross-signing bootstrap runs in the background: let it finish.
    encryption.wait_for_e2ee_initialization_tasks().await;
    if let Some(key) = recovery_key {
        let recovery = encryption.recovery();
        let result = match recovery.state() {
            // No secret storage on the account yet: create it, under the configured key.
            RecoveryState::Disabled => recovery
                .enable()
                .with_passphrase(key.expose())
                .await
                .map(|_generated| tracing::info!("turned on key backup and recovery")),
            // Secret storage exists, but this device lacks its secrets: recover them.
            RecoveryState::Incomplete => recovery
                .recover(key.expose())
                .await
                .map(|()| tracing::info!("recovered the bot's identity and key backup")),
            RecoveryState::Enabled | RecoveryState::Unknown => Ok(()),
        };
        if let Err(error) = result {
            tracing::warn!(%error, "could not set up key backup and recovery (is the recovery key right?)");
        }
    }
    if is_cross_signed(client).await {
        tracing::info!("the device is cross-signed by the bot's identity");
        return;
    }
    // Not signed: a session from before cross-signing, or an access token (no password was
    // used to log in). With the password, set it up now (a no-op if an identity exists).
    if let Some(password) = password {
        let auth = AuthData::Password(Password::new(
            UserIdentifier::Matrix(MatrixUserIdentifier::new(
                settings.user_id.trim().to_owned(),
            )),
            password.expose().to_owned(),
        ));
        if let Err(error) = encryption
            .bootstrap_cross_signing_if_needed(Some(auth))
            .await
        {
            tracing::warn!(%error, "could not set up cross-signing");
        }
    }
    if is_cross_signed(client).await {
        tracing::info!("the device is cross-signed by the bot's identity");
    } else {
        tracing::warn!(
            "the device is not cross-signed: clients that trust only verified devices will not share their keys with it. \
             If the account has an identity from another device, configure its recovery key (matrix.recovery_key_file)"
        );
    }
}

async fn is_cross_signed(client: &Client) -> bool {
    client
        .encryption()
        .get_own_device()
        .await
        .ok()
        .flatten()
        .is_some_and(|device| device.is_cross_signed_by_owner())
}

/// Whether a failed request says the session is gone; `Some(true)` when it is a soft logout
/// (the token expired, the device remains: log in again with it).
pub(super) fn dead_session_kind(error: &matrix_sdk::Error) -> Option<bool> {
    match error.client_api_error_kind() {
        Some(ErrorKind::UnknownToken(data)) => Some(data.soft_logout),
        _ => None,
    }
}

pub(super) fn is_dead_session(error: &matrix_sdk::Error) -> bool {
    dead_session_kind(error).is_some()
}

pub(super) fn dead_session(error: matrix_sdk::Error) -> anyhow::Error {
    anyhow::Error::new(error).context(
        "the Matrix session is no longer valid (logged out elsewhere?): stop storybot, remove the store_dir, and start it again to log in afresh",
    )
}

fn save_session(client: &Client, path: &Path) -> anyhow::Result<()> {
    let session = client
        .matrix_auth()
        .session()
        .context("no session after login")?;
    save_private(path, &serde_json::to_string(&session)?)
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

/// Writes a file atomically, readable only by this user (it may hold a secret).
fn save_private(path: &Path, contents: &str) -> anyhow::Result<()> {
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
        file.write_all(contents.as_bytes())?;
        file.sync_all()?;
    }
    std::fs::rename(&temporary, path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
