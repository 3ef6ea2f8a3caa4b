//! The bot's profile: its display name, set at every start, and its avatar, uploaded when the
//! configured image changes (the image's hash and the resulting `mxc://` URI are kept in the
//! store, so a restart uploads nothing).

use std::path::Path;

use anyhow::Context as _;
use matrix_sdk::Client;
use sha2::{Digest, Sha256};

use crate::config::{MatrixSettings, avatar_mime};

/// The largest avatar uploaded: avatars are small, and homeservers cap uploads.
const MAX_AVATAR_BYTES: u64 = 1024 * 1024;

/// Sets the display name and avatar as configured. Failures are logged, never fatal: the bot
/// answers under any name.
pub(super) async fn set_profile(client: &Client, settings: &MatrixSettings) {
    let account = client.account();
    if let Some(name) = settings
        .display_name
        .as_deref()
        .filter(|n| !n.trim().is_empty())
        && account.get_display_name().await.ok().flatten().as_deref() != Some(name)
        && let Err(error) = account.set_display_name(Some(name)).await
    {
        tracing::warn!(%error, "could not set the display name");
    }
    if let Some(avatar) = &settings.avatar
        && let Err(error) = set_avatar(client, avatar, &settings.store_dir).await
    {
        tracing::warn!("could not set the avatar: {error:#}");
    }
}

async fn set_avatar(client: &Client, path: &Path, store: &Path) -> anyhow::Result<()> {
    let mime = path
        .extension()
        .and_then(|e| e.to_str())
        .and_then(avatar_mime)
        .context("not a .png, .jpg, .gif or .webp image")?;
    let size = std::fs::metadata(path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .len();
    anyhow::ensure!(
        size <= MAX_AVATAR_BYTES,
        "{} is larger than 1 MiB",
        path.display()
    );
    let image = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let hash = format!("{:x}", Sha256::digest(&image));
    let record = store.join("avatar");
    let account = client.account();
    let current = account.get_avatar_url().await?;
    // "hash mxc-uri" of the last upload: unchanged image and unchanged profile, nothing to do.
    let recorded = std::fs::read_to_string(&record).unwrap_or_default();
    if let Some((was, uri)) = recorded.trim().split_once(' ')
        && was == hash
        && current.as_ref().is_some_and(|c| c.as_str() == uri)
    {
        return Ok(());
    }
    let uri = account
        .upload_avatar(&mime.parse::<mime::Mime>()?, image)
        .await?;
    std::fs::write(&record, format!("{hash} {uri}\n"))
        .with_context(|| format!("cannot write {}", record.display()))?;
    tracing::info!("set the avatar");
    Ok(())
}
