//! Server-side cost of one Discord HTTP interaction, in process (no sockets): the whole request
//! through the axum app (verify, parse, answer, render, serialize) for each kind, and the parts
//! that dominate it. Run with `cargo bench --bench interactions`. `benches/http_load.rs` measures
//! the same endpoint over loopback under concurrency.

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use axum::body::Body;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use ed25519_dalek::{Signer, SigningKey};
use serde_json::{Value, json};
use serenity::interactions_endpoint::Verifier;
use storybot::frontends::discord::Handler;
use storybot::frontends::discord::http::{Endpoint, app};
use storybot::knowledge::KnowledgePack;
use storybot::metrics::Metrics;
use storybot::ratelimit::RateLimiter;
use storybot::reload::Live;
use storybot::router::{Router, RouterConfig};
use storybot::service::Service;
use tower::ServiceExt;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn interaction(kind: u8, data: Value) -> Value {
    json!({
        "type": kind, "id": "1200000000000000001", "application_id": "1100000000000000001",
        "token": "itok", "version": 1, "channel_id": "1300000000000000001",
        "guild_id": "1400000000000000001",
        "member": {"user": {"id": "1500000000000000001", "username": "bench"}, "roles": [],
                   "deaf": false, "mute": false, "flags": 0},
        "locale": "en-US", "app_permissions": "0", "entitlements": [],
        "authorizing_integration_owners": {"0": "1400000000000000001"}, "context": 0,
        "attachment_size_limit": 10485760, "data": data
    })
}

fn ask(question: &str) -> Vec<u8> {
    interaction(
        2,
        json!({"id": "1600000000000000001", "name": "ask", "type": 1,
        "options": [{"name": "question", "type": 3, "value": question}]}),
    )
    .to_string()
    .into_bytes()
}

fn autocomplete(partial: &str) -> Vec<u8> {
    interaction(
        4,
        json!({"id": "1600000000000000001", "name": "ask", "type": 1,
        "options": [{"name": "question", "type": 3, "value": partial, "focused": true}]}),
    )
    .to_string()
    .into_bytes()
}

fn bench(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    let pack = KnowledgePack::load(&dir).expect("the shipped pack");
    let metrics = Arc::new(Metrics::new());
    let live = Arc::new(Live::new(
        Router::new(pack, RouterConfig::DEFAULT),
        metrics.clone(),
    ));
    let limiter = RateLimiter::new(0, Duration::from_secs(10));
    let service = Arc::new(Service::new(live, metrics, limiter, None, 0.6));
    let handler = Arc::new(Handler::new(service, false));
    let key = SigningKey::from_bytes(&[7u8; 32]);
    let public = hex(&key.verifying_key().to_bytes());
    let endpoint = Arc::new(Endpoint::new(handler, &public).expect("a valid key"));
    let app = app(endpoint, 65_536, true);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let timestamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .to_string();
    let signed = |body: &[u8]| hex(&key.sign(&[timestamp.as_bytes(), body].concat()).to_bytes());
    let request = |body: &[u8], signature: &str| {
        axum::http::Request::post("/interactions")
            .header("content-type", "application/json")
            .header("x-signature-ed25519", signature)
            .header("x-signature-timestamp", &timestamp)
            .body(Body::from(body.to_vec()))
            .unwrap()
    };

    let cases = [
        ("request/ask-hit", ask("Who announced the proposal?"), true),
        (
            "request/ask-miss",
            ask("Will the organization fix my printer?"),
            true,
        ),
        ("request/autocomplete", autocomplete("who ann"), true),
        (
            "request/bad-signature",
            ask("Who announced the proposal?"),
            false,
        ),
    ];
    // Every request a new interaction id (a served one is refused as a replay), signed in the
    // untimed setup: signing is Discord's cost, not ours.
    let mut next_id = 1_200_000_000_000_000_001_u64;
    for (name, body, valid) in &cases {
        let template = String::from_utf8(body.clone()).unwrap();
        c.bench_function(name, |b| {
            b.iter_batched(
                || {
                    next_id += 1;
                    let body = template
                        .replace("1200000000000000001", &next_id.to_string())
                        .into_bytes();
                    let signature = if *valid {
                        signed(&body)
                    } else {
                        "ab".repeat(64)
                    };
                    request(&body, &signature)
                },
                |request| {
                    let response = runtime.block_on(app.clone().oneshot(request)).unwrap();
                    let bytes = runtime
                        .block_on(axum::body::to_bytes(response.into_body(), usize::MAX))
                        .unwrap();
                    black_box(bytes)
                },
                BatchSize::SmallInput,
            )
        });
    }

    let body = ask("Who announced the proposal?");
    let signature = signed(&body);
    let verifier = Verifier::new(&public);
    c.bench_function("part/verify-signature", |b| {
        b.iter(|| black_box(verifier.verify(&signature, &timestamp, black_box(&body))))
    });
    c.bench_function("part/parse-interaction", |b| {
        b.iter(|| {
            black_box(
                serde_json::from_slice::<serenity::all::Interaction>(black_box(&body)).unwrap(),
            )
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
