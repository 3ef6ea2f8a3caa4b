//! A load test of the Discord HTTP interactions endpoint on loopback, against the real release
//! binary: N signed requests (default 20,000) at C concurrent (default 64), mixing `/ask` (hits
//! and misses), autocomplete and requests with bad signatures. It checks every status and
//! response type, and reports latency percentiles, throughput and the server's memory. During
//! the second round, S slow clients (default 400) trickle their headers a byte at a time and
//! reconnect when cut off, as an attacker would: the round must keep its latency, and the
//! server's memory must stay flat (within 20% and 16 MiB of the first round's).
//!
//! ```text
//! cargo bench --bench http_load --no-default-features --features discord
//! LOAD_REQUESTS=50000 LOAD_CONCURRENCY=128 cargo bench --bench http_load ...
//! ```
//!
//! It exits non-zero on any error or wrong status, when p99 latency is 20 ms or more, or when
//! memory grows during the slow-client round. It is a measurement, run by hand, not a test:
//! timings depend on the machine.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ed25519_dalek::{Signer, SigningKey};
use serde_json::{Value, json};

const P99_TARGET: Duration = Duration::from_millis(20);

/// What a request should get back.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    /// 200 with a channel message (type 4): an answer or a polite notice.
    Message,
    /// 200 with autocomplete choices (type 8).
    Choices,
    /// 401: the signature does not verify.
    Refused,
}

struct Request {
    body: Vec<u8>,
    timestamp: String,
    signature: String,
    expect: Expect,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn interaction(kind: u8, id: u64, user: u64, data: Value) -> Value {
    json!({
        "type": kind, "id": id.to_string(), "application_id": "1100000000000000001",
        "token": format!("itok-{id}"), "version": 1, "channel_id": "1300000000000000001",
        "guild_id": "1400000000000000001",
        "member": {"user": {"id": user.to_string(), "username": "load"}, "roles": [],
                   "deaf": false, "mute": false, "flags": 0},
        "locale": "en-US", "app_permissions": "0", "entitlements": [],
        "authorizing_integration_owners": {"0": "1400000000000000001"}, "context": 0,
        "attachment_size_limit": 10485760, "data": data
    })
}

/// The questions of the shipped evaluation set: hits, near misses and off-topic questions.
fn questions() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/eval");
    let mut questions = Vec::new();
    for entry in std::fs::read_dir(dir).expect("tests/eval") {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "jsonl") {
            for line in std::fs::read_to_string(&path).unwrap().lines() {
                if let Ok(case) = serde_json::from_str::<Value>(line)
                    && let Some(q) = case["q"].as_str()
                {
                    questions.push(q.to_owned());
                }
            }
        }
    }
    assert!(!questions.is_empty());
    questions
}

/// Requests signed ahead of time, so signing is not on the clock: of every 10, 6 asks, 3
/// autocompletes and 1 with a bad signature (wrong key, tampered body or garbage, in turn).
fn requests(count: usize, first_user: u64, key: &SigningKey) -> Vec<Request> {
    // Interaction ids follow the users: each is new (a served one would be refused as a replay).
    let first_id = first_user - 300_000_000_000_000_000;
    let questions = questions();
    let wrong_key = SigningKey::from_bytes(&[9u8; 32]);
    let timestamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .to_string();
    (0..count)
        .map(|i| {
            let id = first_id + i as u64;
            // A user per request: every ask is answered in full (the rate limiter still counts).
            let user = first_user + i as u64;
            let question = &questions[i % questions.len()];
            let (value, expect) = match i % 10 {
                0..=5 | 9 => (
                    interaction(2, id, user, json!({"id": "1600000000000000001", "name": "ask",
                        "type": 1, "options": [{"name": "question", "type": 3, "value": question}]})),
                    if i % 10 == 9 { Expect::Refused } else { Expect::Message },
                ),
                _ => {
                    let partial: String = question.chars().take(3 + i % 12).collect();
                    (
                        interaction(4, id, user, json!({"id": "1600000000000000001", "name": "ask",
                            "type": 1, "options": [{"name": "question", "type": 3,
                            "value": partial, "focused": true}]})),
                        Expect::Choices,
                    )
                }
            };
            let body = value.to_string().into_bytes();
            let message = [timestamp.as_bytes(), &body].concat();
            let signature = match (expect, i / 10 % 3) {
                (Expect::Refused, 0) => hex(&wrong_key.sign(&message).to_bytes()),
                (Expect::Refused, 1) => {
                    let signature = hex(&key.sign(&message).to_bytes());
                    let mut tampered = body.clone();
                    tampered.extend_from_slice(b" ");
                    return Request {
                        body: tampered,
                        timestamp: timestamp.clone(),
                        signature,
                        expect,
                    };
                }
                (Expect::Refused, _) => "ab".repeat(64),
                _ => hex(&key.sign(&message).to_bytes()),
            };
            Request {
                body,
                timestamp: timestamp.clone(),
                signature,
                expect,
            }
        })
        .collect()
}

/// The server's resident and peak memory, in KiB, from /proc.
fn memory(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

struct Round {
    latencies: Vec<Duration>,
    wall: Duration,
    errors: usize,
    wrong: usize,
}

async fn round(
    client: &reqwest::Client,
    url: &str,
    requests: Arc<Vec<Request>>,
    concurrency: usize,
) -> Round {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    // On the current-thread runtime, these tasks take turns on the one client thread.
    for _ in 0..concurrency {
        let (client, url, requests, next) = (
            client.clone(),
            url.to_owned(),
            requests.clone(),
            next.clone(),
        );
        workers.spawn(async move {
            let (mut latencies, mut errors, mut wrong) = (Vec::new(), 0, 0);
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(request) = requests.get(i) else {
                    break;
                };
                let sent = Instant::now();
                let response = client
                    .post(&url)
                    .header("content-type", "application/json")
                    .header("x-signature-ed25519", &request.signature)
                    .header("x-signature-timestamp", &request.timestamp)
                    .body(request.body.clone())
                    .send()
                    .await;
                let outcome = match response {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        match response.bytes().await {
                            Ok(body) => Some((status, body)),
                            Err(_) => None,
                        }
                    }
                    Err(_) => None,
                };
                latencies.push(sent.elapsed());
                let Some((status, body)) = outcome else {
                    errors += 1;
                    continue;
                };
                // The response type is the first field serenity writes; checking the prefix keeps
                // the client's work (which shares this machine's cores) small.
                let right = match request.expect {
                    Expect::Message => status == 200 && body.starts_with(br#"{"type":4"#),
                    Expect::Choices => status == 200 && body.starts_with(br#"{"type":8"#),
                    Expect::Refused => status == 401,
                };
                if !right {
                    wrong += 1;
                    if wrong <= 3 {
                        eprintln!("wrong response to request {i}: {status} {body:?}");
                    }
                }
            }
            (latencies, errors, wrong)
        });
    }
    let mut result = Round {
        latencies: Vec::with_capacity(requests.len()),
        wall: Duration::ZERO,
        errors: 0,
        wrong: 0,
    };
    while let Some(done) = workers.join_next().await {
        let (latencies, errors, wrong) = done.expect("a worker");
        result.latencies.extend(latencies);
        result.errors += errors;
        result.wrong += wrong;
    }
    result.wall = started.elapsed();
    result.latencies.sort_unstable();
    result
}

/// `count` connections to `address` that send request headers a byte every 100 ms, and connect
/// again when the server cuts them off (counted in `cut`), until `stop`.
fn trickle(
    address: &str,
    count: usize,
    stop: Arc<std::sync::atomic::AtomicBool>,
    cut: Arc<AtomicUsize>,
) -> std::thread::JoinHandle<()> {
    use std::io::Write;
    let address = address.to_owned();
    std::thread::spawn(move || {
        let request = b"POST /interactions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n";
        let connect = || std::net::TcpStream::connect(&address).ok();
        let mut streams: Vec<(Option<std::net::TcpStream>, usize)> =
            (0..count).map(|_| (connect(), 0)).collect();
        while !stop.load(Ordering::Relaxed) {
            for (stream, at) in &mut streams {
                let sent = match stream {
                    Some(s) => s.write_all(&request[*at % request.len()..][..1]).is_ok(),
                    None => false,
                };
                if sent {
                    *at += 1;
                } else {
                    if stream.is_some() {
                        cut.fetch_add(1, Ordering::Relaxed);
                    }
                    *stream = connect();
                    *at = 0;
                }
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    })
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument is a filter this bench does not use.
    let count = env_usize("LOAD_REQUESTS", 20_000);
    let concurrency = env_usize("LOAD_CONCURRENCY", 64);
    let key = SigningKey::from_bytes(&[7u8; 32]);
    let state = tempfile::tempdir().unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_storybot"))
        .args(["discord", "http", "--listen", "127.0.0.1:0"])
        .env(
            "STORYBOT__DISCORD__PUBLIC_KEY",
            hex(&key.verifying_key().to_bytes()),
        )
        .env("STORYBOT__UNANSWERED__DIR", state.path())
        .env("STORYBOT__DISCORD__SERVE_METRICS", "true")
        .env("STORYBOT__HTTP__HEADER_TIMEOUT_MS", "500")
        .env("STORYBOT__LOG__LEVEL", "warn")
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the storybot binary starts");
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let base = loop {
        let line = lines
            .next()
            .expect("storybot says where it listens")
            .unwrap();
        if let Some(at) = line.find("http://") {
            break line[at..].trim_end_matches("/interactions").to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    let url = format!("{base}/interactions");
    let pid = child.id();

    // One thread for the client, so the server under test keeps the rest of the machine.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // Idle connections are given up before the server's header timeout closes them.
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .pool_idle_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let users = 1_500_000_000_000_000_000;
    let warmup = Arc::new(requests(2_000, users, &key));
    let first_load = Arc::new(requests(count, users + 2_000, &key));
    let second_load = Arc::new(requests(count, users + 2_000 + count as u64, &key));

    let start_memory = memory(pid);
    let warm = runtime.block_on(round(&client, &url, warmup, concurrency));
    let after_warmup = memory(pid);
    let first = runtime.block_on(round(&client, &url, first_load, concurrency));
    let after_first = memory(pid);
    let slow_clients = env_usize("LOAD_SLOW_CLIENTS", 400);
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let cut = Arc::new(AtomicUsize::new(0));
    let trickling = trickle(
        base.trim_start_matches("http://"),
        slow_clients,
        stop.clone(),
        cut.clone(),
    );
    // The slow clients are at it before and after the round too, so the server cuts some off
    // (and they come back) while it runs.
    std::thread::sleep(Duration::from_secs(1));
    let second = runtime.block_on(round(&client, &url, second_load, concurrency));
    std::thread::sleep(Duration::from_secs(1));
    let after_second = memory(pid);
    stop.store(true, Ordering::Relaxed);
    let _ = trickling.join();
    let metrics = runtime.block_on(async {
        client
            .get(format!("{base}/metrics"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    });

    let _ = child.kill();
    let _ = child.wait();

    println!(
        "storybot HTTP interactions load test: {count} requests at {concurrency} concurrent, twice"
    );
    println!("  mix per 10: 6 /ask (hits and misses), 3 autocomplete, 1 bad signature");
    println!(
        "  round 2 with {slow_clients} slow clients trickling headers (header timeout 0.5 s): \
         {} of their connections cut off by the server",
        cut.load(Ordering::Relaxed)
    );
    let mut failed = warm.errors + warm.wrong > 0;
    for (name, r) in [("round 1", &first), ("round 2", &second)] {
        let p = |q| percentile(&r.latencies, q).as_secs_f64() * 1000.0;
        println!(
            "  {name}: {:.0} req/s, p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms, \
             errors {}, wrong statuses {}",
            r.latencies.len() as f64 / r.wall.as_secs_f64(),
            p(0.5),
            p(0.9),
            p(0.99),
            p(1.0),
            r.errors,
            r.wrong
        );
        failed |= r.errors + r.wrong > 0 || percentile(&r.latencies, 0.99) >= P99_TARGET;
    }
    let kib = |m: (u64, u64)| {
        format!(
            "{:.1} MiB (peak {:.1})",
            m.0 as f64 / 1024.0,
            m.1 as f64 / 1024.0
        )
    };
    println!("  server memory: at start {}", kib(start_memory));
    println!(
        "                 after 2,000 warm-up requests {}",
        kib(after_warmup)
    );
    println!("                 after round 1 {}", kib(after_first));
    println!("                 after round 2 {}", kib(after_second));
    let flat = after_second.0 as f64 <= after_first.0 as f64 * 1.2 + 16.0 * 1024.0;
    if !flat {
        eprintln!("memory grew during the slow-client round");
        failed = true;
    }
    let logged = std::fs::read_to_string(state.path().join("unanswered.jsonl"))
        .map_or(0, |text| text.lines().count());
    println!("  unanswered questions logged: {logged}");
    for line in metrics.lines().filter(|l| {
        l.starts_with("storybot_asks_total")
            || l.starts_with("storybot_rate_limited_total")
            || l.starts_with("storybot_errors_total")
    }) {
        println!("  {line}");
    }
    if failed {
        eprintln!("FAILED: errors, wrong statuses, or p99 at or above {P99_TARGET:?}");
        std::process::exit(1);
    }
}
