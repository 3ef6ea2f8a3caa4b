//! Syncing with the homeserver: a first sync whose history is never answered, then the sync
//! loop, both surviving homeserver restarts and network errors with the shared backoff.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use matrix_sdk::config::SyncSettings;
use matrix_sdk::ruma::api::client::filter::FilterDefinition;
use matrix_sdk::ruma::api::client::sync::sync_events::v3::Filter;
use matrix_sdk::sync::SyncResponse;
use matrix_sdk::{Client, LoopCtrl};

use super::session::is_dead_session;
use crate::lifecycle::Backoff;
use crate::metrics::Platform;
use crate::service::Service;

/// Retries of a failed sync wait from one second, doubling, up to a minute.
const BACKOFF: Backoff = Backoff::new(Duration::from_secs(1), Duration::from_secs(60));

/// Runs `op` until it succeeds, retrying failures with the backoff while the homeserver is
/// unreachable or failing. A failure saying the session is gone ends it, for the caller to
/// log in again or stop.
async fn retry<T, Fut>(what: &str, op: impl FnMut() -> Fut) -> Result<T, matrix_sdk::Error>
where
    Fut: Future<Output = Result<T, matrix_sdk::Error>>,
{
    BACKOFF.retry_unless(what, op, is_dead_session).await
}

/// The sync filter: members are lazy-loaded (only those who speak), so a large room does not
/// download its whole membership. Uploaded once and kept in the store.
pub(super) async fn settings(client: &Client) -> Result<SyncSettings, matrix_sdk::Error> {
    let id = retry("uploading the Matrix sync filter", || {
        client.get_or_upload_filter("storybot", FilterDefinition::with_lazy_loading())
    })
    .await?;
    Ok(SyncSettings::default().filter(Filter::FilterId(id)))
}

/// A first sync, retried with backoff while the homeserver is unreachable; returns what it
/// got, for the caller to mark as history.
pub(super) async fn sync_once_with_retry(
    client: &Client,
    settings: &SyncSettings,
) -> Result<SyncResponse, matrix_sdk::Error> {
    // Synapse caches sync responses by request for two minutes (`sync_response_cache_duration`),
    // the timeout included. A first sync cut short and retried soon after would get the old
    // response back, and then follow its stale tokens through history as if it were new. A
    // timeout of its own (between 1 and 2 s; a first sync returns at once anyway) makes every
    // first-sync request new.
    let jitter = u64::from(getrandom::u32().unwrap_or(0) % 1000);
    let settings = settings
        .clone()
        .timeout(Duration::from_millis(1000 + jitter));
    retry("the first Matrix sync", || {
        client.sync_once(settings.clone())
    })
    .await
}

/// Syncs forever, surviving homeserver restarts and network errors with backoff; returns only
/// when the session is no longer valid, with the error that says so.
pub(super) async fn sync(
    client: &Client,
    settings: SyncSettings,
    service: Arc<Service>,
) -> Result<(), matrix_sdk::Error> {
    let backoff = Arc::new(Mutex::new(BACKOFF));
    let settings = settings.timeout(Duration::from_secs(30));
    client
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
        .await
}

const BACKOFF_MAX: Duration = Duration::from_secs(60);
