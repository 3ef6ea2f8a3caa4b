//! Syncing with the homeserver: a first sync whose history is never answered, then the sync
//! loop, both surviving homeserver restarts and network errors with the shared backoff.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use matrix_sdk::config::SyncSettings;
use matrix_sdk::{Client, LoopCtrl};

use super::session::{dead_session, is_dead_session};
use crate::lifecycle::Backoff;
use crate::metrics::Platform;
use crate::service::Service;

/// Retries of a failed sync wait from one second, doubling, up to a minute.
const BACKOFF: Backoff = Backoff::new(Duration::from_secs(1), Duration::from_secs(60));

/// A first sync, retried with backoff while the homeserver is unreachable.
pub(super) async fn sync_once_with_retry(client: &Client) -> anyhow::Result<()> {
    let mut backoff = BACKOFF;
    loop {
        match client.sync_once(SyncSettings::default()).await {
            Ok(_) => return Ok(()),
            Err(error) if is_dead_session(&error) => return Err(dead_session(error)),
            Err(error) => {
                tracing::warn!(%error, "first Matrix sync failed, retrying");
                backoff.wait().await;
            }
        }
    }
}

/// Syncs forever, surviving homeserver restarts and network errors with backoff; returns only
/// when the session is no longer valid.
pub(super) async fn sync(client: &Client, service: Arc<Service>) -> anyhow::Result<()> {
    let backoff = Arc::new(Mutex::new(BACKOFF));
    let settings = SyncSettings::default().timeout(Duration::from_secs(30));
    let result = client
        .sync_with_result_callback(settings, move |result| {
            let backoff = backoff.clone();
            let service = service.clone();
            async move {
                match result {
                    Ok(_) => {
                        backoff.lock().unwrap_or_else(|p| p.into_inner()).reset();
                        Ok(LoopCtrl::Continue)
                    }
                    Err(error) if is_dead_session(&error) => Err(error),
                    Err(error) => {
                        service.metrics().error(Platform::Matrix, "sync_failed");
                        let delay = backoff
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .next_delay()
                            .unwrap_or(BACKOFF_MAX);
                        tracing::warn!(%error, ?delay, "Matrix sync failed, retrying");
                        tokio::time::sleep(delay).await;
                        Ok(LoopCtrl::Continue)
                    }
                }
            }
        })
        .await;
    result.map_err(dead_session)
}

const BACKOFF_MAX: Duration = Duration::from_secs(60);
