//! HTTP interactions mode: an axum server where Discord posts interactions. Every request is
//! verified (Ed25519 signature over timestamp and body, timestamp within five minutes) before
//! its body is even parsed; anything else gets 401. Bodies are bounded (413).

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Json;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serenity::all::Interaction;
use serenity::interactions_endpoint::Verifier;

use anyhow::bail;

use super::Handler;
use crate::config::{DiscordSettings, HttpSettings};
use crate::frontends::{listener, observe};
use crate::lifecycle::{DRAIN, Shutdown};
use crate::metrics::Platform;

/// Requests signed longer ago (or further ahead) than this are refused as replays.
pub const MAX_CLOCK_SKEW: Duration = Duration::from_secs(5 * 60);

/// What the endpoint needs.
pub struct Endpoint {
    pub handler: Arc<Handler>,
    verifier: Verifier,
    /// Interactions already served, for the window a signature stays fresh.
    served: Mutex<Served>,
}

/// Interaction ids served within [`MAX_CLOCK_SKEW`] (and a little more), oldest first, so a
/// captured signed request cannot be replayed. Bounded by what Discord can send in the window.
#[derive(Default)]
struct Served {
    ids: HashSet<u64>,
    order: VecDeque<(Instant, u64)>,
}

/// At most this many ids are remembered; past it the oldest go (no one else can sign).
const MAX_SERVED: usize = 500_000;

impl Served {
    /// Records `id`; false if it was served already.
    fn first_time(&mut self, id: u64, now: Instant) -> bool {
        let window = MAX_CLOCK_SKEW * 2;
        while let Some(&(at, old)) = self.order.front() {
            if now.duration_since(at) <= window && self.order.len() < MAX_SERVED {
                break;
            }
            self.order.pop_front();
            self.ids.remove(&old);
        }
        if !self.ids.insert(id) {
            return false;
        }
        self.order.push_back((now, id));
        true
    }
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint").finish_non_exhaustive()
    }
}

/// A public key that is not 64 hex digits of a valid Ed25519 key.
#[derive(Debug, thiserror::Error)]
#[error("the Discord public key must be the application's 64-hex-digit Ed25519 key")]
pub struct BadPublicKey;

impl Endpoint {
    pub fn new(handler: Arc<Handler>, public_key: &str) -> Result<Self, BadPublicKey> {
        let key = parse_hex_32(public_key).ok_or(BadPublicKey)?;
        let verifier = Verifier::try_new(key).map_err(|_| BadPublicKey)?;
        Ok(Self {
            handler,
            verifier,
            served: Mutex::default(),
        })
    }
}

/// The routes: `POST /interactions` (bodies bounded to `max_body`), and the operators'
/// `GET /metrics` and `GET /healthz`.
pub fn app(endpoint: Arc<Endpoint>, max_body: usize, serve_metrics: bool) -> axum::Router {
    let service = endpoint.handler.service.clone();
    let operators = if serve_metrics {
        observe::routes(service)
    } else {
        observe::health(service)
    };
    axum::Router::new()
        .route("/interactions", post(interactions))
        .layer(DefaultBodyLimit::max(max_body))
        .with_state(endpoint)
        .merge(operators)
}

/// Serves the interactions endpoint on `discord.listen` until `shutdown`.
pub async fn run(
    handler: Arc<Handler>,
    settings: &DiscordSettings,
    http: &HttpSettings,
    shutdown: Shutdown,
) -> anyhow::Result<()> {
    let Some(public_key) = settings.public_key.as_deref() else {
        bail!(
            "HTTP interactions need the application's public key: set STORYBOT__DISCORD__PUBLIC_KEY or discord.public_key"
        );
    };
    let endpoint = Arc::new(Endpoint::new(handler, public_key)?);
    let listener = observe::bind_as(&settings.listen, "Discord interactions").await?;
    let bound = listener.local_addr()?;
    tracing::info!(%bound, "serving Discord interactions");
    eprintln!("storybot: serving Discord interactions on http://{bound}/interactions");
    listener::serve(
        listener,
        app(endpoint, settings.max_body_bytes, settings.serve_metrics),
        http,
        shutdown.wait(),
        DRAIN,
    )
    .await?;
    Ok(())
}

async fn interactions(
    State(endpoint): State<Arc<Endpoint>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    let (Some(signature), Some(timestamp)) = (
        header("x-signature-ed25519"),
        header("x-signature-timestamp"),
    ) else {
        return endpoint.unauthorized("missing signature headers");
    };
    if !is_fresh(timestamp, SystemTime::now()) {
        return endpoint.unauthorized("stale or malformed timestamp");
    }
    if endpoint
        .verifier
        .verify(signature, timestamp, &body)
        .is_err()
    {
        return endpoint.unauthorized("bad signature");
    }
    let interaction: Interaction = match serde_json::from_slice(&body) {
        Ok(interaction) => interaction,
        Err(error) => {
            endpoint
                .handler
                .service
                .metrics()
                .error(Platform::Discord, "malformed");
            tracing::warn!(%error, "signed interaction that does not parse");
            return (StatusCode::BAD_REQUEST, "malformed interaction\n").into_response();
        }
    };
    let id = interaction.id().get();
    let first_time = endpoint
        .served
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .first_time(id, Instant::now());
    if !first_time {
        endpoint
            .handler
            .service
            .metrics()
            .error(Platform::Discord, "replayed");
        tracing::debug!(id, "refused a replayed interaction");
        return (StatusCode::UNAUTHORIZED, "interaction already served\n").into_response();
    }
    Json(endpoint.handler.respond(&interaction)).into_response()
}

impl Endpoint {
    fn unauthorized(&self, why: &'static str) -> Response {
        tracing::debug!(why, "refused an interaction request");
        self.handler
            .service
            .metrics()
            .error(Platform::Discord, "bad_signature");
        (StatusCode::UNAUTHORIZED, "invalid request signature\n").into_response()
    }
}

/// Whether a Unix-seconds timestamp is within [`MAX_CLOCK_SKEW`] of `now`.
fn is_fresh(timestamp: &str, now: SystemTime) -> bool {
    let Ok(seconds) = timestamp.trim().parse::<u64>() else {
        return false;
    };
    let now = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    now.abs_diff(seconds) <= MAX_CLOCK_SKEW.as_secs()
}

/// 32 bytes from 64 hex digits. serenity's own parser is private, and a dependency for one
/// fixed-size key is not worth it.
fn parse_hex_32(hex: &str) -> Option<[u8; 32]> {
    let bytes = hex.trim().as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (byte, pair) in out.iter_mut().zip(bytes.chunks(2)) {
        *byte = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_older_or_newer_than_five_minutes_are_stale() {
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert!(is_fresh("1700000000", now));
        assert!(is_fresh("1699999700", now));
        assert!(is_fresh("1700000300", now));
        assert!(!is_fresh("1699999699", now));
        assert!(!is_fresh("1700000301", now));
        assert!(!is_fresh("", now));
        assert!(!is_fresh("soon", now));
        assert!(!is_fresh("-5", now));
    }

    #[test]
    fn public_keys_are_64_hex_digits() {
        assert!(parse_hex_32(&"0f".repeat(32)).is_some());
        assert!(parse_hex_32(&"0f".repeat(31)).is_none());
        assert!(parse_hex_32(&"zz".repeat(32)).is_none());
        assert!(parse_hex_32(&"é".repeat(32)).is_none());
    }
}
