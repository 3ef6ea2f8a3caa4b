//! The Discord front-end against the real binary: HTTP interactions signed exactly as Discord
//! signs them (Ed25519 over timestamp and body), and the gateway mode against a scripted fake
//! Discord (REST and WebSocket) on loopback.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

use ed25519_dalek::{Signer, SigningKey};
use serde_json::{Value, json};

use crate::util::{ScratchPack, metrics, sample, storybot};

/// A test key pair; Discord would hold the signing half.
fn key() -> SigningKey {
    SigningKey::from_bytes(&[7u8; 32])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn public_key() -> String {
    hex(&key().verifying_key().to_bytes())
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The bot serving HTTP interactions, stopped when dropped.
struct Server {
    child: Child,
    url: String,
    log: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Server {
    fn start(extra_env: &[(&str, &str)], args: &[&str]) -> Self {
        let mut command = storybot();
        command
            .args(["discord", "http", "--listen", "127.0.0.1:0"])
            .args(args)
            .env("STORYBOT__DISCORD__PUBLIC_KEY", public_key())
            // Most tests read the metrics here; serving them on this listener is opt-in.
            .env("STORYBOT__DISCORD__SERVE_METRICS", "true")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (key, value) in extra_env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("storybot starts");
        let stderr = child.stderr.take().expect("stderr");
        let mut lines = BufReader::new(stderr).lines();
        let url = loop {
            let line = lines
                .next()
                .expect("storybot prints where it listens")
                .expect("stderr line");
            if let Some(at) = line.find("http://") {
                break line[at..].trim_end_matches("/interactions").to_owned();
            }
        };
        // Keep reading stderr (the bot must never block on a full pipe), for tests to look at.
        let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                sink.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        Self { child, url, log }
    }

    fn post(
        &self,
        body: &[u8],
        timestamp: &str,
        signature: Option<String>,
    ) -> reqwest::blocking::Response {
        let mut request = reqwest::blocking::Client::new()
            .post(format!("{}/interactions", self.url))
            .header("content-type", "application/json")
            .body(body.to_vec());
        if let Some(signature) = signature {
            request = request
                .header("x-signature-ed25519", signature)
                .header("x-signature-timestamp", timestamp);
        }
        request.send().expect("the endpoint answers")
    }

    /// Posts `body` signed as Discord signs it.
    fn signed(&self, body: &[u8]) -> reqwest::blocking::Response {
        let timestamp = now().to_string();
        let signature = hex(&key()
            .sign(&[timestamp.as_bytes(), body].concat())
            .to_bytes());
        self.post(body, &timestamp, Some(signature))
    }

    /// Posts an interaction and returns the JSON response, asserting 200.
    fn interact(&self, interaction: &Value) -> Value {
        let response = self.signed(interaction.to_string().as_bytes());
        assert_eq!(response.status(), 200, "{interaction}");
        response.json().expect("JSON response")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The fields every interaction carries, as Discord sends them.
/// A new interaction id: Discord never sends one twice, and storybot refuses a replay.
fn next_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 =
        std::sync::atomic::AtomicU64::new(1_200_000_000_000_010_000);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

fn base(kind: u8, id: u64, user: u64) -> Value {
    json!({
        "type": kind,
        "id": id.to_string(),
        "application_id": "1100000000000000001",
        "token": format!("itok-{id}"),
        "version": 1,
        "channel_id": "1300000000000000001",
        "guild_id": "1400000000000000001",
        "member": {"user": {"id": user.to_string(), "username": "alice"}, "roles": [], "deaf": false, "mute": false, "flags": 0},
        "locale": "en-US",
        "guild_locale": "en-US",
        "app_permissions": "0",
        "entitlements": [],
        "authorizing_integration_owners": {"0": "1400000000000000001"},
        "context": 0,
        "attachment_size_limit": 10485760
    })
}

fn ask(question: &str, private: Option<bool>, user: u64) -> Value {
    let mut options = vec![json!({"name": "question", "type": 3, "value": question})];
    if let Some(private) = private {
        options.push(json!({"name": "private", "type": 5, "value": private}));
    }
    let mut interaction = base(2, next_id(), user);
    interaction["data"] =
        json!({"id": "1600000000000000001", "name": "ask", "type": 1, "options": options});
    interaction
}

fn command(name: &str, options: Value) -> Value {
    let mut interaction = base(2, next_id(), 1500000000000000009);
    interaction["data"] =
        json!({"id": "1600000000000000002", "name": name, "type": 1, "options": options});
    interaction
}

fn autocomplete(partial: &str) -> Value {
    let mut interaction = base(4, next_id(), 1500000000000000001);
    interaction["data"] = json!({"id": "1600000000000000001", "name": "ask", "type": 1,
        "options": [{"name": "question", "type": 3, "value": partial, "focused": true}]});
    interaction
}

fn message(id: &str, content: &str, flags: u64) -> Value {
    json!({"id": id, "channel_id": "1300000000000000001",
        "author": {"id": "1500000000000000002", "username": "bob"},
        "content": content, "timestamp": "2025-07-26T12:00:00.000000+00:00", "edited_timestamp": null,
        "tts": false, "mention_everyone": false, "mentions": [], "mention_roles": [],
        "attachments": [], "embeds": [], "pinned": false, "type": 0, "flags": flags})
}

fn button(custom_id: &str) -> Value {
    let mut interaction = base(3, next_id(), 1500000000000000001);
    interaction["data"] = json!({"custom_id": custom_id, "component_type": 2});
    interaction["message"] = message("1700000000000000002", "I can't find an answer...", 64);
    interaction
}

fn context_menu(content: &str) -> Value {
    let mut interaction = base(2, next_id(), 1500000000000000003);
    interaction["data"] = json!({"id": "1600000000000000003", "name": "Ask storybot", "type": 3,
        "target_id": "1700000000000000001",
        "resolved": {"messages": {"1700000000000000001": message("1700000000000000001", content, 0)}}});
    interaction
}

fn assert_no_mentions(response: &Value) {
    assert_eq!(
        response["data"]["allowed_mentions"],
        json!({"parse": [], "users": [], "roles": []}),
        "allowed_mentions must allow nothing: {response}"
    );
}

fn embed(response: &Value) -> &Value {
    &response["data"]["embeds"][0]
}

#[test]
fn ping_is_answered_with_pong() {
    let server = Server::start(&[], &[]);
    let response = server.interact(&json!({"type": 1, "id": "1200000000000000009",
        "application_id": "1100000000000000001", "token": "itok-ping", "version": 1}));
    assert_eq!(response["type"], 1);
}

#[test]
fn ask_is_answered_inline_with_a_cited_embed() {
    let server = Server::start(&[], &[]);
    let response = server.interact(&ask(
        "Who announced the proposal?",
        None,
        1500000000000000001,
    ));
    assert_eq!(response["type"], 4, "{response}");
    assert_no_mentions(&response);
    assert!(
        response["data"].get("flags").is_none(),
        "public by default: {response}"
    );
    let answer = embed(&response);
    assert_eq!(answer["title"], "Who announced the proposal?");
    assert!(
        answer["description"].as_str().unwrap().contains("Li Qiang"),
        "{answer}"
    );
    assert_eq!(answer["fields"][0]["name"], "\u{b6}2");
    let value = answer["fields"][0]["value"].as_str().unwrap();
    assert!(
        value.contains("The initiative was announced by Chinese Premier Li Qiang"),
        "{value}"
    );
    assert!(
        answer["footer"]["text"]
            .as_str()
            .unwrap()
            .contains("WAIC 2025"),
        "{answer}"
    );

    let private = server.interact(&ask(
        "how many humanoid robots",
        Some(true),
        1500000000000000001,
    ));
    assert_eq!(
        private["data"]["flags"], 64,
        "private answers are ephemeral: {private}"
    );
    assert!(
        embed(&private)["fields"]
            .to_string()
            .contains("60 humanoid robots")
    );
}

#[test]
fn no_match_is_ephemeral_with_suggestion_buttons_that_answer() {
    let server = Server::start(&[], &[]);
    let response = server.interact(&ask(
        "What did Hinton eat at WAIC?",
        None,
        1500000000000000001,
    ));
    assert_eq!(response["type"], 4);
    assert_eq!(response["data"]["flags"], 64, "{response}");
    assert_no_mentions(&response);
    assert!(
        response["data"]["content"]
            .as_str()
            .unwrap()
            .contains("won't guess")
    );
    let buttons = response["data"]["components"][0]["components"]
        .as_array()
        .expect("buttons");
    assert!(!buttons.is_empty() && buttons.len() <= 3, "{response}");
    let custom_id = buttons[0]["custom_id"].as_str().unwrap();
    assert!(custom_id.starts_with("ask:"), "{custom_id}");

    let pressed = server.interact(&button(custom_id));
    assert_eq!(
        pressed["type"], 7,
        "the no-match message becomes the answer: {pressed}"
    );
    assert_eq!(pressed["data"]["flags"], 64);
    assert_no_mentions(&pressed);
    // The whole message is replaced: Discord keeps what an update leaves out, so the old
    // "won't guess" text is sent empty.
    assert_eq!(pressed["data"]["content"], "", "{pressed}");
    assert!(pressed["data"]["components"].is_array(), "{pressed}");
    let entry = custom_id.trim_start_matches("ask:");
    let pack = storybot::knowledge::KnowledgePack::load(&crate::util::shipped_pack()).unwrap();
    assert_eq!(
        embed(&pressed)["title"],
        pack.entry(entry).unwrap().questions[0].as_str(),
        "{pressed}"
    );
    assert!(
        embed(&pressed)["fields"][0]["name"]
            .as_str()
            .unwrap()
            .starts_with('\u{b6}')
    );

    let stale = server.interact(&button("ask:an-entry-removed-by-a-reload"));
    assert_eq!(stale["type"], 4);
    assert_eq!(stale["data"]["flags"], 64);
    assert!(
        stale["data"]["content"]
            .as_str()
            .unwrap()
            .contains("no longer in the knowledge base"),
        "{stale}"
    );
    assert_no_mentions(&stale);
}

#[test]
fn autocomplete_offers_known_questions() {
    let server = Server::start(&[], &[]);
    let response = server.interact(&autocomplete("who ann"));
    assert_eq!(response["type"], 8, "{response}");
    let choices = response["data"]["choices"].as_array().expect("choices");
    assert!(!choices.is_empty() && choices.len() <= 25);
    assert!(
        choices
            .iter()
            .all(|c| c["name"].as_str().unwrap().chars().count() <= 100)
    );
    assert!(
        choices[0]["name"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("announ"),
        "{response}"
    );
    let empty = server.interact(&autocomplete(""));
    assert_eq!(empty["data"]["choices"].as_array().unwrap().len(), 25);
}

#[test]
fn the_context_menu_answers_the_message_it_is_used_on() {
    let server = Server::start(&[], &[]);
    let response = server.interact(&context_menu(
        "hey does anyone know who announced this AI org thing?",
    ));
    assert_eq!(response["type"], 4, "{response}");
    assert!(
        embed(&response)["fields"]
            .to_string()
            .contains("Premier Li Qiang"),
        "{response}"
    );
    let empty = server.interact(&context_menu("   "));
    assert_eq!(empty["data"]["flags"], 64);
    assert!(
        empty["data"]["content"]
            .as_str()
            .unwrap()
            .contains("no text")
    );
}

#[test]
fn other_commands_match_the_router() {
    // Six replies to one user: above the default limit, which every command counts against.
    let server = Server::start(&[("STORYBOT__LIMITS__ASKS_PER_WINDOW", "20")], &[]);
    let topics = server.interact(&command("topics", json!([])));
    let menu = &topics["data"]["components"][0]["components"][0];
    assert_eq!(menu["custom_id"], "topics:pick", "{topics}");
    assert!(menu["options"].as_array().unwrap().len() >= 5, "{topics}");
    let paragraph = server.interact(&command(
        "source",
        json!([{"name": "paragraph", "type": 4, "value": 3}]),
    ));
    assert!(
        embed(&paragraph)["description"]
            .as_str()
            .unwrap()
            .contains("new engine for growth")
    );
    let story = server.interact(&command("source", json!([])));
    assert!(
        embed(&story)["title"]
            .as_str()
            .unwrap()
            .contains("WAIC 2025")
    );
    let beyond = server.interact(&command(
        "source",
        json!([{"name": "paragraph", "type": 4, "value": 99}]),
    ));
    assert!(
        beyond["data"]["content"]
            .as_str()
            .unwrap()
            .contains("12 paragraphs"),
        "{beyond}"
    );
    for (name, says) in [
        ("help", "/ask question:"),
        ("about", "quoting its exact words"),
    ] {
        let response = server.interact(&command(name, json!([])));
        assert_eq!(response["type"], 4);
        assert!(response.to_string().contains(says), "{response}");
        assert_no_mentions(&response);
    }
}

#[test]
fn every_command_counts_against_the_rate_limit_not_only_questions() {
    let server = Server::start(
        &[
            ("STORYBOT__LIMITS__ASKS_PER_WINDOW", "3"),
            ("STORYBOT__LIMITS__WINDOW_SECONDS", "600"),
        ],
        &[],
    );
    let replies: Vec<Value> = ["help", "topics", "about", "help", "source"]
        .iter()
        .map(|name| server.interact(&command(name, json!([]))))
        .collect();
    let limited = |response: &Value| {
        response["data"]["content"]
            .as_str()
            .is_some_and(|c| c.contains("faster than I can keep up"))
    };
    assert!(replies[..3].iter().all(|r| !limited(r)), "{replies:?}");
    for reply in &replies[3..] {
        assert!(limited(reply), "{reply}");
        assert_eq!(reply["data"]["flags"], 64, "{reply}");
        assert_no_mentions(reply);
    }
    // Autocomplete is never limited: it shows nothing in a channel.
    let choices = server.interact(&autocomplete("who ann"));
    assert!(!choices["data"]["choices"].as_array().unwrap().is_empty());
    let metrics = reqwest::blocking::get(format!("{}/metrics", server.url))
        .unwrap()
        .text()
        .unwrap();
    assert!(
        metrics.contains(r#"storybot_rate_limited_total{platform="discord"} 2"#),
        "{metrics}"
    );
}

#[test]
fn mentions_in_questions_ping_no_one() {
    let server = Server::start(&[], &[]);
    for question in [
        "@everyone who announced it?",
        "<@1500000000000000002> @here what is woke ai <@&1400000000000000001>",
    ] {
        let response = server.interact(&ask(question, None, 1500000000000000004));
        assert_no_mentions(&response);
    }
}

#[test]
fn asking_too_fast_gets_a_polite_ephemeral_reply() {
    let server = Server::start(
        &[
            ("STORYBOT__LIMITS__ASKS_PER_WINDOW", "2"),
            ("STORYBOT__LIMITS__WINDOW_SECONDS", "60"),
        ],
        &[],
    );
    let user = 1500000000000000077;
    for _ in 0..2 {
        assert!(
            server.interact(&ask("hinton", None, user))["data"]
                .get("flags")
                .is_none()
        );
    }
    let limited = server.interact(&ask("hinton", None, user));
    assert_eq!(limited["data"]["flags"], 64, "{limited}");
    assert!(
        limited["data"]["content"]
            .as_str()
            .unwrap()
            .contains("faster than I can keep up")
    );
    assert_no_mentions(&limited);
    let other_user = server.interact(&ask("hinton", None, user + 1));
    assert!(
        embed(&other_user)["title"].is_string(),
        "other users are not limited"
    );
}

#[test]
fn requests_not_signed_by_discord_are_refused() {
    let server = Server::start(&[], &[]);
    let body = ask("hinton", None, 1).to_string();
    let timestamp = now().to_string();
    let good = hex(&key()
        .sign(&[timestamp.as_bytes(), body.as_bytes()].concat())
        .to_bytes());

    let other_key = SigningKey::from_bytes(&[9u8; 32]);
    let wrong = hex(&other_key
        .sign(&[timestamp.as_bytes(), body.as_bytes()].concat())
        .to_bytes());
    assert_eq!(
        server
            .post(body.as_bytes(), &timestamp, Some(wrong))
            .status(),
        401,
        "wrong key"
    );
    assert_eq!(
        server.post(body.as_bytes(), &timestamp, None).status(),
        401,
        "no headers"
    );
    assert_eq!(
        server
            .post(b"{\"type\":1}", &timestamp, Some(good.clone()))
            .status(),
        401,
        "tampered body"
    );
    assert_eq!(
        server
            .post(body.as_bytes(), &timestamp, Some("zz".repeat(64)))
            .status(),
        401,
        "garbage signature"
    );

    for stale in [now() - 301, now() + 400] {
        let timestamp = stale.to_string();
        let signature = hex(&key()
            .sign(&[timestamp.as_bytes(), body.as_bytes()].concat())
            .to_bytes());
        assert_eq!(
            server
                .post(body.as_bytes(), &timestamp, Some(signature))
                .status(),
            401,
            "replayed or future"
        );
    }
    assert_eq!(
        server
            .post(body.as_bytes(), &timestamp, Some(good))
            .status(),
        200,
        "the genuine request passes"
    );
}

#[test]
fn malformed_and_oversized_bodies_are_refused() {
    let server = Server::start(&[], &[]);
    assert_eq!(server.signed(b"{not json").status(), 400);
    assert_eq!(
        server.signed(b"{\"type\": 2}").status(),
        400,
        "signed but not an interaction"
    );
    let huge = vec![b' '; 1100 * 1024];
    assert_eq!(server.signed(&huge).status(), 413);
    let health = reqwest::blocking::get(format!("{}/healthz", server.url)).unwrap();
    assert_eq!(health.status(), 200);
}

#[test]
fn every_embed_limit_holds_for_an_oversized_pack() {
    let pack = ScratchPack::new();
    let long_answer = "An answer that goes on and on. ".repeat(400);
    let long_question = format!("Who announced {} the proposal?", "very ".repeat(100));
    let cites: Vec<String> = std::iter::repeat_n(
        "\"The initiative was announced by Chinese Premier Li Qiang during the opening of the World Artificial Intelligence Conference (WAIC) in Shanghai, a major three-day global tech forum that convenes government officials, researchers, and industry leaders from around the world.\"".to_owned(),
        40,
    )
    .collect();
    pack.write_qa(&format!(
        "[[qa]]\nid = \"{}\"\nquestions = [\"{long_question}\", \"who announced the proposal\"]\nanswer = \"{long_answer}\"\ncite = [{}]\n",
        "x".repeat(64),
        cites.join(", ")
    ));
    let server = Server::start(
        &[("STORYBOT__KNOWLEDGE__DIR", pack.path().to_str().unwrap())],
        &[],
    );
    let response = server.interact(&ask(
        "who announced the proposal",
        None,
        1500000000000000005,
    ));
    let answer = embed(&response);
    let len = |v: &Value| v.as_str().map_or(0, |s| s.chars().count());
    assert!(len(&answer["title"]) <= 256, "{}", len(&answer["title"]));
    assert!(len(&answer["description"]) <= 4096);
    assert!(len(&answer["footer"]["text"]) <= 2048);
    let fields = answer["fields"].as_array().unwrap();
    assert!(fields.len() <= 25);
    let mut total =
        len(&answer["title"]) + len(&answer["description"]) + len(&answer["footer"]["text"]);
    for field in fields {
        assert!(len(&field["name"]) <= 256 && len(&field["value"]) <= 1024);
        total += len(&field["name"]) + len(&field["value"]);
    }
    assert!(total <= 6000, "{total}");
    assert!(
        answer["description"]
            .as_str()
            .unwrap()
            .ends_with('\u{2026}')
    );
}

/// Gateway mode against a scripted fake Discord: its REST API (gateway URL, command
/// registration, interaction callbacks) and its gateway (HELLO, IDENTIFY, READY, then an
/// INTERACTION_CREATE), all on loopback.
mod gateway {
    use std::process::Stdio;
    use std::sync::Arc;
    use std::time::Duration;

    use axum::Json;
    use axum::body::Bytes;
    use axum::extract::{Path, State};
    use axum::http::StatusCode;
    use axum::routing::{get, post, put};
    use futures::{SinkExt, StreamExt};
    use serde_json::{Value, json};
    use tokio::io::AsyncReadExt;
    use tokio::sync::{Mutex, mpsc};
    use tokio_tungstenite::tungstenite::Message;

    use super::ask;

    const TOKEN: &str = "test-token-must-never-be-logged";

    /// What the fake Discord saw.
    #[derive(Debug)]
    enum Seen {
        Identify(Value),
        Commands(String, Value),
        Callback(String, Value),
        Closed(Option<u16>),
    }

    struct Fake {
        rest: String,
        seen: mpsc::UnboundedReceiver<Seen>,
    }

    async fn start_fake(interaction: Value) -> Fake {
        start_fake_with(interaction, 1).await
    }

    /// A fake Discord that sends READY `readies` times (as after reconnections).
    async fn start_fake_with(interaction: Value, readies: usize) -> Fake {
        let (tx, seen) = mpsc::unbounded_channel();
        let ws = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let ws_url = format!("ws://{}", ws.local_addr().unwrap());
        let gateway_tx = tx.clone();
        tokio::spawn(async move {
            let (stream, _) = ws.accept().await.unwrap();
            let mut socket = tokio_tungstenite::accept_async(stream).await.unwrap();
            let send = |value: Value| Message::Text(value.to_string());
            socket
                .send(send(json!({"op": 10, "d": {"heartbeat_interval": 45000}})))
                .await
                .unwrap();
            while let Some(Ok(frame)) = socket.next().await {
                match frame {
                    Message::Text(text) => {
                        let payload: Value = serde_json::from_str(&text).unwrap();
                        match payload["op"].as_u64() {
                            Some(2) => {
                                gateway_tx
                                    .send(Seen::Identify(payload["d"].clone()))
                                    .unwrap();
                                let ready = json!({"op": 0, "s": 1, "t": "READY", "d": {
                                    "v": 10, "user": {"id": "1100000000000000001", "username": "storybot", "bot": true},
                                    "guilds": [], "session_id": "fake-session", "resume_gateway_url": "ws://127.0.0.1:9",
                                    "shard": [0, 1], "application": {"id": "1100000000000000001", "flags": 0}}});
                                socket.send(send(ready.clone())).await.unwrap();
                                let create = json!({"op": 0, "s": 2, "t": "INTERACTION_CREATE", "d": interaction});
                                socket.send(send(create)).await.unwrap();
                                for n in 1..readies {
                                    let mut again = ready.clone();
                                    again["s"] = json!(2 + n);
                                    socket.send(send(again)).await.unwrap();
                                }
                            }
                            Some(1) => socket.send(send(json!({"op": 11}))).await.unwrap(),
                            _ => {}
                        }
                    }
                    Message::Close(frame) => {
                        gateway_tx
                            .send(Seen::Closed(frame.map(|f| f.code.into())))
                            .unwrap();
                        break;
                    }
                    _ => {}
                }
            }
        });

        let state = Arc::new(Mutex::new(tx));
        let rest = axum::Router::new()
            .route("/api/v10/gateway", get({
                let url = ws_url.clone();
                move || async move { Json(json!({"url": url})) }
            }))
            .route("/api/v10/gateway/bot", get({
                let url = ws_url.clone();
                move || async move {
                    Json(json!({"url": url, "shards": 1, "session_start_limit":
                        {"remaining": 1000, "reset_after": 0, "total": 1000, "max_concurrency": 1}}))
                }
            }))
            .route("/api/v10/applications/{app}/guilds/{guild}/commands", put(
                |State(tx): State<Arc<Mutex<mpsc::UnboundedSender<Seen>>>>, Path((_, guild)): Path<(String, String)>, body: Bytes| async move {
                    let body: Value = serde_json::from_slice(&body).unwrap();
                    tx.lock().await.send(Seen::Commands(guild, body)).unwrap();
                    Json(json!([]))
                },
            ))
            .route("/api/v10/applications/{app}/commands", put(
                |State(tx): State<Arc<Mutex<mpsc::UnboundedSender<Seen>>>>, body: Bytes| async move {
                    let body: Value = serde_json::from_slice(&body).unwrap();
                    tx.lock().await.send(Seen::Commands("global".to_owned(), body)).unwrap();
                    Json(json!([]))
                },
            ))
            .route("/api/v10/interactions/{id}/{token}/callback", post(
                |State(tx): State<Arc<Mutex<mpsc::UnboundedSender<Seen>>>>, Path((id, _)): Path<(String, String)>, body: Bytes| async move {
                    let body: Value = serde_json::from_slice(&body).unwrap();
                    tx.lock().await.send(Seen::Callback(id, body)).unwrap();
                    StatusCode::NO_CONTENT
                },
            ))
            .with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let rest_url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, rest).await.unwrap() });
        Fake {
            rest: rest_url,
            seen,
        }
    }

    async fn next(fake: &mut Fake) -> Seen {
        tokio::time::timeout(Duration::from_secs(30), fake.seen.recv())
            .await
            .expect("the bot acts within 30 s")
            .expect("the fake Discord is up")
    }

    /// The next commands registration within `within`, if any (skipping other events).
    async fn next_commands(fake: &mut Fake, within: Duration) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            match tokio::time::timeout_at(deadline, fake.seen.recv()).await {
                // Clearing the other scope sends an empty list: not a registration.
                Ok(Some(Seen::Commands(_, body))) if body != json!([]) => return Some(body),
                Ok(Some(_)) => continue,
                Ok(None) | Err(_) => return None,
            }
        }
    }

    #[tokio::test]
    async fn commands_are_registered_once_and_again_only_when_a_reload_changes_them() {
        let pack = crate::util::ScratchPack::new();
        let interaction = ask("Who announced the proposal?", None, 1500000000000000001);
        let mut fake = start_fake_with(interaction, 3).await;
        let mut bot = tokio::process::Command::new(env!("CARGO_BIN_EXE_storybot"))
            .args(["discord", "gateway"])
            .env("STORYBOT__DISCORD__TOKEN", TOKEN)
            .env("STORYBOT__DISCORD__API_URL", &fake.rest)
            .env("STORYBOT__DISCORD__GUILD_ID", "1400000000000000001")
            .env("STATE_DIRECTORY", pack.path())
            .env("STORYBOT__KNOWLEDGE__DIR", pack.path())
            .env("STORYBOT__UNANSWERED__ENABLED", "false")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("storybot starts");
        let first = next_commands(&mut fake, Duration::from_secs(30))
            .await
            .expect("registered at the first READY");
        assert_eq!(first[2]["options"][0]["max_value"], 12);
        assert!(
            next_commands(&mut fake, Duration::from_secs(3))
                .await
                .is_none(),
            "READY again (twice) registers nothing again"
        );
        // A reload that changes nothing the commands say registers nothing.
        let qa = std::fs::read_to_string(pack.path().join("qa.toml")).unwrap();
        pack.write_qa(&format!(
            "{qa}
# a comment
"
        ));
        assert!(
            next_commands(&mut fake, Duration::from_secs(3))
                .await
                .is_none()
        );
        // One that adds a paragraph does: /source now goes to 13.
        let story_path = pack.path().join("story.md");
        let story = std::fs::read_to_string(&story_path).unwrap();
        std::fs::write(
            &story_path,
            format!(
                "{story}
A thirteenth paragraph.
"
            ),
        )
        .unwrap();
        let again = next_commands(&mut fake, Duration::from_secs(30))
            .await
            .expect("registered again after the reload");
        assert_eq!(again[2]["options"][0]["max_value"], 13, "{again}");
        let _ = bot.kill().await;
    }

    #[tokio::test]
    async fn the_gateway_answers_an_interaction_and_closes_cleanly() {
        let interaction = ask("Who announced the proposal?", None, 1500000000000000001);
        let interaction_id = interaction["id"].as_str().unwrap().to_owned();
        let mut fake = start_fake(interaction).await;

        let mut bot = tokio::process::Command::new(env!("CARGO_BIN_EXE_storybot"))
            .args(["discord", "gateway"])
            .env("STORYBOT__DISCORD__TOKEN", TOKEN)
            .env("STORYBOT__DISCORD__API_URL", &fake.rest)
            .env("STORYBOT__DISCORD__GUILD_ID", "1400000000000000001")
            .env(
                "STATE_DIRECTORY",
                std::env::temp_dir().join("storybot-gateway-test"),
            )
            .env("STORYBOT__LOG__LEVEL", "debug")
            .env("STORYBOT__UNANSWERED__ENABLED", "false")
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("storybot starts");
        let mut stderr = bot.stderr.take().unwrap();
        let logs = tokio::spawn(async move {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text).await;
            text
        });

        let (mut identify, mut commands, mut callback) = (None, None, None);
        while identify.is_none() || commands.is_none() || callback.is_none() {
            match next(&mut fake).await {
                Seen::Identify(d) => identify = Some(d),
                // Registering to a guild also clears the global commands (sent empty).
                Seen::Commands(guild, body) if body != json!([]) => {
                    commands = Some((guild, body));
                }
                Seen::Commands(..) => {}
                Seen::Callback(id, body) => callback = Some((id, body)),
                Seen::Closed(code) => panic!("closed early: {code:?}"),
            }
        }
        let identify = identify.unwrap();
        assert_eq!(identify["token"], format!("Bot {TOKEN}"));
        assert_eq!(identify["intents"], 0, "no privileged intents: {identify}");

        let (guild, commands) = commands.unwrap();
        assert_eq!(guild, "1400000000000000001");
        let names: Vec<&str> = commands
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            ["ask", "topics", "source", "help", "about", "Ask storybot"]
        );
        let question = &commands[0]["options"][0];
        assert_eq!(
            (
                question["max_length"].as_u64(),
                question["autocomplete"].as_bool()
            ),
            (Some(300), Some(true))
        );
        assert_eq!(
            commands[2]["options"][0]["max_value"], 12,
            "paragraph numbers 1 to 12"
        );
        assert_eq!(commands[5]["type"], 3, "a message context-menu command");

        let (id, response) = callback.unwrap();
        assert_eq!(id, interaction_id);
        assert_eq!(response["type"], 4, "{response}");
        assert_eq!(
            response["data"]["allowed_mentions"],
            json!({"parse": [], "users": [], "roles": []})
        );
        assert_eq!(
            response["data"]["embeds"][0]["fields"][0]["name"], "\u{b6}2",
            "{response}"
        );

        // SIGTERM: the bot closes the gateway with a normal close and exits 0.
        let pid = bot.id().unwrap().to_string();
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap();
        match next(&mut fake).await {
            Seen::Closed(code) => assert_eq!(code, Some(1000)),
            other => panic!("expected a close, got {other:?}"),
        }
        let status = tokio::time::timeout(Duration::from_secs(20), bot.wait())
            .await
            .expect("exits")
            .unwrap();
        assert!(status.success(), "{status:?}");
        let logs = logs.await.unwrap();
        assert!(
            !logs.contains(TOKEN),
            "the token must never be logged:\n{logs}"
        );
        assert!(logs.contains("connected to the Discord gateway"), "{logs}");
    }

    /// The next `count` registrations: (scope, how many commands).
    async fn registrations(fake: &mut Fake, count: usize) -> Vec<(String, usize)> {
        let mut seen = Vec::new();
        for _ in 0..count {
            match next(fake).await {
                Seen::Commands(scope, body) => seen.push((scope, body.as_array().unwrap().len())),
                other => panic!("expected a registration, got {other:?}"),
            }
        }
        seen
    }

    #[tokio::test]
    async fn register_overwrites_the_commands_without_starting_the_bot() {
        let mut fake = start_fake(json!({})).await;
        let state = tempfile::tempdir().unwrap();
        let rest = fake.rest.clone();
        let register = |guild: Option<&str>| {
            let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_storybot"));
            command
                .args(["discord", "register"])
                .env("STORYBOT__UNANSWERED__ENABLED", "false")
                .env("STORYBOT__DISCORD__TOKEN", TOKEN)
                .env("STORYBOT__DISCORD__API_URL", &rest)
                .env("STORYBOT__DISCORD__APPLICATION_ID", "1100000000000000001")
                .env("STATE_DIRECTORY", state.path());
            if let Some(guild) = guild {
                command.env("STORYBOT__DISCORD__GUILD_ID", guild);
            }
            command.output()
        };
        // To a guild (for testing): the global commands are cleared, so none show twice.
        let output = register(Some("1400000000000000001")).await.unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let seen = registrations(&mut fake, 2).await;
        assert_eq!(
            seen,
            [
                ("1400000000000000001".to_owned(), 6),
                ("global".to_owned(), 0)
            ]
        );
        // Then globally: the guild's commands are removed, so they do not show twice there.
        let output = register(None).await.unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            stdout.contains("registered 6 commands globally"),
            "{stdout}"
        );
        let seen = registrations(&mut fake, 2).await;
        assert_eq!(
            seen,
            [
                ("global".to_owned(), 6),
                ("1400000000000000001".to_owned(), 0)
            ]
        );
    }
}

#[test]
fn invite_url_asks_for_the_command_scopes_and_no_permissions() {
    let output = crate::util::run(
        storybot()
            .env("STORYBOT__DISCORD__APPLICATION_ID", "1100000000000000001")
            .arg("invite-url"),
        "",
    );
    assert!(output.status.success());
    let text = crate::util::stdout(&output);
    assert!(
        text.contains("https://discord.com/oauth2/authorize?client_id=1100000000000000001&integration_type=0&scope=bot%20applications.commands&permissions=0"),
        "{text}"
    );
    assert!(
        text.contains("https://discord.com/oauth2/authorize?client_id=1100000000000000001&integration_type=1&scope=applications.commands"),
        "the user install: {text}"
    );
    let output = crate::util::run(storybot().arg("invite-url"), "");
    assert_eq!(output.status.code(), Some(2));
    assert!(crate::util::stderr(&output).contains("application_id"));
}

#[test]
fn a_configured_front_end_runs_without_a_subcommand() {
    let mut child = storybot()
        .env("STORYBOT__DISCORD__PUBLIC_KEY", public_key())
        .env("STORYBOT__DISCORD__MODE", "http")
        .env("STORYBOT__DISCORD__LISTEN", "127.0.0.1:0")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let serving = lines
        .map_while(Result::ok)
        .find(|line| line.contains("http://"))
        .unwrap_or_default();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        serving.contains("serving Discord interactions on http://127.0.0.1:"),
        "{serving}"
    );
}

#[test]
fn the_gateway_needs_a_token_and_says_where_to_put_it() {
    let output = crate::util::run(storybot().args(["discord", "gateway"]), "");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        crate::util::stderr(&output).contains("STORYBOT__DISCORD__TOKEN"),
        "{}",
        crate::util::stderr(&output)
    );
}

#[test]
fn the_token_may_come_from_a_file_and_problems_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty-token");
    std::fs::write(&empty, "  \n").unwrap();
    let output = crate::util::run(
        storybot()
            .env("STORYBOT__DISCORD__TOKEN_FILE", &empty)
            .args(["discord", "register"]),
        "",
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        crate::util::stderr(&output).contains("Discord token is empty"),
        "{}",
        crate::util::stderr(&output)
    );

    let missing = dir.path().join("no-such-file");
    let output = crate::util::run(
        storybot()
            .env("STORYBOT__DISCORD__TOKEN_FILE", &missing)
            .args(["discord", "gateway"]),
        "",
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        crate::util::stderr(&output).contains("no-such-file"),
        "{}",
        crate::util::stderr(&output)
    );
}

/// A one-entry pack whose answer says `marker`.
fn marker_pack(marker: &str) -> String {
    format!(
        "[[qa]]\nid = \"who-announced\"\nquestions = [\"Who announced the proposal?\"]\nanswer = \"{marker}\"\ncite = [\"The initiative was announced by Chinese Premier Li Qiang\"]\n"
    )
}

fn answer_text(server: &Server) -> String {
    let response = server.interact(&ask(
        "Who announced the proposal?",
        None,
        1500000000000000042,
    ));
    embed(&response)["description"]
        .as_str()
        .map_or_else(|| response.to_string(), ToOwned::to_owned)
}

/// Polls until `check` holds, for at most ten seconds; returns how long it took.
fn eventually(what: &str, mut check: impl FnMut() -> bool) -> std::time::Duration {
    let start = std::time::Instant::now();
    while !check() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "{what} did not happen within 10 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    start.elapsed()
}

#[test]
fn an_edited_pack_goes_live_and_a_broken_one_is_refused() {
    let pack = ScratchPack::new();
    pack.write_qa(&marker_pack("MARKER one"));
    let dir = pack.path().to_str().unwrap();
    // Polling asks often: no rate limit here.
    let server = Server::start(
        &[
            ("STORYBOT__KNOWLEDGE__DIR", dir),
            ("STORYBOT__LIMITS__ASKS_PER_WINDOW", "0"),
        ],
        &[],
    );
    assert_eq!(answer_text(&server), "MARKER one");

    pack.write_qa(&marker_pack("MARKER two"));
    let took = eventually("the reload", || answer_text(&server) == "MARKER two");
    eprintln!("the edited pack answered {took:?} after the write");

    pack.write_qa(&format!(
        "{}{}",
        marker_pack("MARKER broken"),
        marker_pack("MARKER broken")
    ));
    eventually("the refusal", || {
        server
            .log
            .lock()
            .unwrap()
            .contains("knowledge pack refused")
    });
    let log = server.log.lock().unwrap().clone();
    assert!(
        log.contains("duplicate id"),
        "every problem is logged: {log}"
    );
    let metrics = metrics(&server.url);
    // A write may land in two settle windows, so "at least": one reload took, one was refused.
    assert!(sample(&metrics, r#"storybot_reloads_total{outcome="ok"}"#) >= 1.0);
    assert!(sample(&metrics, r#"storybot_reloads_total{outcome="failed"}"#) >= 1.0);
    assert_eq!(sample(&metrics, "storybot_knowledge_entries"), 1.0);
    assert_eq!(
        answer_text(&server),
        "MARKER two",
        "the previous pack keeps serving"
    );
}

#[test]
fn sighup_reloads_the_pack() {
    let pack = ScratchPack::new();
    pack.write_qa(&marker_pack("MARKER one"));
    let server = Server::start(
        &[
            ("STORYBOT__KNOWLEDGE__DIR", pack.path().to_str().unwrap()),
            ("STORYBOT__KNOWLEDGE__WATCH", "false"),
            ("STORYBOT__LIMITS__ASKS_PER_WINDOW", "0"),
        ],
        &[],
    );
    pack.write_qa(&marker_pack("MARKER hup"));
    std::thread::sleep(std::time::Duration::from_secs(1));
    assert_eq!(
        answer_text(&server),
        "MARKER one",
        "not watching: the write alone changes nothing"
    );
    std::process::Command::new("kill")
        .args(["-HUP", &server.child.id().to_string()])
        .status()
        .unwrap();
    eventually("the SIGHUP reload", || answer_text(&server) == "MARKER hup");
}

#[test]
fn metrics_health_and_misses_are_recorded_on_the_interactions_listener() {
    let state = tempfile::tempdir().unwrap();
    let server = Server::start(
        &[
            ("STORYBOT__UNANSWERED__ENABLED", "true"),
            ("STORYBOT__UNANSWERED__DIR", state.path().to_str().unwrap()),
            ("STORYBOT__LIMITS__ASKS_PER_WINDOW", "1"),
            ("STORYBOT__LIMITS__WINDOW_SECONDS", "600"),
        ],
        &[],
    );
    let health = reqwest::blocking::get(format!("{}/healthz", server.url)).unwrap();
    assert_eq!(health.status(), 200);
    assert!(health.text().unwrap().starts_with("ok"));

    let (alice, bob) = (1500000000000000101_u64, 1500000000000000102_u64);
    assert!(
        embed(&server.interact(&ask("Who announced the proposal?", None, alice)))["title"]
            .is_string()
    );
    let limited = server.interact(&ask("Who announced the proposal?", None, alice));
    assert_eq!(limited["data"]["flags"], 64, "{limited}");
    let missed = "Will the organization fix my printer?";
    assert_eq!(
        server.interact(&ask(missed, None, bob))["data"]["flags"],
        64
    );
    server.interact(&autocomplete("who ann"));
    let unsigned = server.post(b"{}", &now().to_string(), None);
    assert_eq!(unsigned.status(), 401);

    // Misses are written by a thread of their own: wait for it.
    eventually("the miss to be logged", || {
        sample(&metrics(&server.url), "storybot_unanswered_logged_total") == 1.0
    });
    let metrics = metrics(&server.url);
    for (name, value) in [
        (
            r#"storybot_asks_total{platform="discord",outcome="answered"}"#,
            1.0,
        ),
        (
            r#"storybot_asks_total{platform="discord",outcome="no_match"}"#,
            1.0,
        ),
        (
            r#"storybot_ask_duration_seconds_count{platform="discord"}"#,
            2.0,
        ),
        (r#"storybot_rate_limited_total{platform="discord"}"#, 1.0),
        (
            r#"storybot_errors_total{platform="discord",kind="bad_signature"}"#,
            1.0,
        ),
        (
            r#"storybot_commands_total{platform="discord",command="complete"}"#,
            1.0,
        ),
        ("storybot_unanswered_logged_total", 1.0),
    ] {
        assert_eq!(sample(&metrics, name), value, "{name} in\n{metrics}");
    }
    assert!(sample(&metrics, "storybot_knowledge_entries") > 50.0);
    assert!(
        metrics
            .lines()
            .all(|l| l.starts_with('#') || l.starts_with("storybot_"))
    );

    // The miss is in the log, with the asker as a salted hash, never the raw id.
    let log = std::fs::read_to_string(state.path().join("unanswered.jsonl")).unwrap();
    let lines: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{log}");
    let record = &lines[0];
    assert_eq!(record["platform"], "discord");
    assert_eq!(record["question"], missed);
    assert_eq!(record["outcome"], "no_match");
    let user = record["user"].as_str().unwrap();
    assert_eq!(user.len(), 16);
    assert!(!log.contains(&bob.to_string()) && !log.contains(&alice.to_string()));
    assert!(
        record["candidates"][0]["score"].as_f64().unwrap() < 0.5,
        "{record}"
    );
    assert!(record["time"].as_str().unwrap().ends_with('Z'));
}

#[test]
fn sigterm_lets_a_request_in_flight_finish_then_exits_0() {
    use std::io::{Read, Write};
    let mut server = Server::start(&[], &[]);
    let body = ask("Who announced the proposal?", None, 1500000000000000103).to_string();
    let timestamp = now().to_string();
    let signature = hex(&key()
        .sign(&[timestamp.as_bytes(), body.as_bytes()].concat())
        .to_bytes());
    let address = server.url.trim_start_matches("http://").to_owned();
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    let head = format!(
        "POST /interactions HTTP/1.1\r\nhost: {address}\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nx-signature-ed25519: {signature}\r\nx-signature-timestamp: {timestamp}\r\n\r\n",
        body.len()
    );
    let (first, rest) = body.as_bytes().split_at(body.len() / 2);
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(first).unwrap();
    stream.flush().unwrap();
    // Time for the server to read the headers: a request it has not started is not in flight.
    std::thread::sleep(std::time::Duration::from_millis(1000));

    // The request is half sent: SIGTERM now, and only then send the rest.
    std::process::Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    eventually("the shutdown to begin", || {
        server.log.lock().unwrap().contains("shutting down")
    });
    stream.write_all(rest).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("Li Qiang"), "{response}");

    let mut status = None;
    eventually("the exit", || {
        status = server.child.try_wait().unwrap();
        status.is_some()
    });
    assert!(status.unwrap().success(), "{:?}", status);
    assert!(
        std::net::TcpStream::connect(&address).is_err(),
        "no new work after the shutdown"
    );
}

#[test]
fn askers_rate_answers_once_each_and_curators_see_the_wrong_ones() {
    let state = tempfile::tempdir().unwrap();
    let server = Server::start(
        &[
            ("STORYBOT__UNANSWERED__ENABLED", "true"),
            ("STORYBOT__UNANSWERED__DIR", state.path().to_str().unwrap()),
        ],
        &[],
    );
    let asker = 1500000000000000201_u64;
    let mut question = ask("who announced it lol", None, asker);
    question["id"] = json!("1200000000000000777");
    let answer = server.interact(&question);
    // Under the answer: a row of related questions, then the two rating buttons.
    let rows = answer["data"]["components"].as_array().unwrap();
    let rating = &rows.last().unwrap()["components"];
    assert_eq!(rating[0]["custom_id"], "fb:y:who-announced", "{answer}");
    assert_eq!(rating[1]["custom_id"], "fb:n:who-announced", "{answer}");
    assert!(rows.len() <= 5);

    // The answer message, as Discord sends it back with a button press.
    let press = |user: u64, custom_id: &str| {
        let mut interaction = base(3, next_id(), user);
        interaction["data"] = json!({"custom_id": custom_id, "component_type": 2});
        let mut message = message("1700000000000000099", "", 0);
        message["embeds"] = json!([{"title": "Who announced the proposal?"}]);
        message["interaction_metadata"] = json!({"id": "1200000000000000777", "type": 2,
            "user": {"id": asker.to_string(), "username": "alice"},
            "authorizing_integration_owners": {"0": "1400000000000000001"}});
        interaction["message"] = message;
        interaction
    };
    let thanks = server.interact(&press(asker, "fb:n:who-announced"));
    assert_eq!(
        thanks["type"], 4,
        "a new message, the answer unchanged: {thanks}"
    );
    assert_eq!(thanks["data"]["flags"], 64, "{thanks}");
    assert!(
        thanks["data"]["content"]
            .as_str()
            .unwrap()
            .contains("Thanks")
    );
    assert_no_mentions(&thanks);
    let again = server.interact(&press(asker, "fb:y:who-announced"));
    assert!(
        again["data"]["content"]
            .as_str()
            .unwrap()
            .contains("already rated"),
        "one rating per asker and answer: {again}"
    );
    let other = server.interact(&press(asker + 1, "fb:y:who-announced"));
    assert!(
        other["data"]["content"]
            .as_str()
            .unwrap()
            .contains("Thanks")
    );

    eventually("the ratings to be logged", || {
        std::fs::read_to_string(state.path().join("unanswered.jsonl"))
            .is_ok_and(|log| log.lines().count() == 2)
    });
    let log = std::fs::read_to_string(state.path().join("unanswered.jsonl")).unwrap();
    let records: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records[0]["outcome"], "disliked");
    assert_eq!(records[0]["answered"], "who-announced");
    assert_eq!(
        records[0]["question"], "who announced it lol",
        "the asker's words"
    );
    assert!(
        !log.contains(&asker.to_string()),
        "askers are pseudonymous: {log}"
    );
    assert_eq!(records[1]["outcome"], "liked");
    let metrics = metrics(&server.url);
    for (name, value) in [
        (
            r#"storybot_feedback_total{platform="discord",verdict="disliked"}"#,
            1.0,
        ),
        (
            r#"storybot_feedback_total{platform="discord",verdict="liked"}"#,
            1.0,
        ),
    ] {
        assert_eq!(sample(&metrics, name), value, "{name} in\n{metrics}");
    }
}

#[test]
fn a_button_on_a_public_answer_replaces_it_only_for_the_asker() {
    let server = Server::start(&[], &[]);
    let asker = 1500000000000000301_u64;
    let mut question = ask("who announced the proposal?", None, asker);
    question["id"] = json!("1200000000000000901");
    let answer = server.interact(&question);
    assert!(answer["data"].get("flags").is_none(), "public: {answer}");
    let related = answer["data"]["components"][0]["components"][0]["custom_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(related.starts_with("ask:"), "{related}");
    let press = |user: u64| {
        let mut interaction = base(3, next_id(), user);
        interaction["data"] = json!({"custom_id": related, "component_type": 2});
        let mut message = message("1700000000000000300", "", 0);
        message["embeds"] = json!([{"title": "Who announced the proposal?"}]);
        message["interaction_metadata"] = json!({"id": "1200000000000000901", "type": 2,
            "user": {"id": asker.to_string(), "username": "alice"},
            "authorizing_integration_owners": {"0": "1400000000000000001"}});
        interaction["message"] = message;
        interaction
    };
    let by_someone_else = server.interact(&press(asker + 1));
    assert_eq!(
        by_someone_else["type"], 4,
        "a message of their own: {by_someone_else}"
    );
    assert_eq!(by_someone_else["data"]["flags"], 64, "{by_someone_else}");
    assert!(embed(&by_someone_else)["title"].is_string());
    let by_the_asker = server.interact(&press(asker));
    assert_eq!(
        by_the_asker["type"], 7,
        "the asker's answer is replaced: {by_the_asker}"
    );
    assert_eq!(by_the_asker["data"]["content"], "");
    assert!(by_the_asker["data"].get("flags").is_none(), "still public");
    assert_no_mentions(&by_the_asker);
}

#[test]
fn an_admins_ephemeral_setting_wins_over_private_false() {
    let server = Server::start(&[("STORYBOT__DISCORD__EPHEMERAL", "true")], &[]);
    let answer = server.interact(&ask("who announced it?", Some(false), 1500000000000000401));
    assert_eq!(answer["data"]["flags"], 64, "{answer}");
}

#[test]
fn a_signed_request_served_once_is_refused_when_replayed() {
    let server = Server::start(&[], &[]);
    let body = ask("who announced it?", None, 1500000000000000501).to_string();
    let timestamp = now().to_string();
    let signature = hex(&key()
        .sign(&[timestamp.as_bytes(), body.as_bytes()].concat())
        .to_bytes());
    let first = server.post(body.as_bytes(), &timestamp, Some(signature.clone()));
    assert_eq!(first.status(), 200);
    let again = server.post(body.as_bytes(), &timestamp, Some(signature));
    assert_eq!(again.status(), 401, "a captured request cannot be replayed");
    let metrics = metrics(&server.url);
    assert_eq!(
        sample(
            &metrics,
            r#"storybot_errors_total{platform="discord",kind="replayed"}"#
        ),
        1.0
    );
}

#[test]
fn metrics_on_the_interactions_listener_are_opt_in() {
    let server = Server::start(&[("STORYBOT__DISCORD__SERVE_METRICS", "false")], &[]);
    let get = |path: &str| reqwest::blocking::get(format!("{}{path}", server.url)).unwrap();
    assert_eq!(get("/metrics").status(), 404);
    assert_eq!(get("/healthz").status(), 200);
}

#[test]
fn an_ask_on_a_long_message_with_embeds_fits_the_body_limit() {
    let server = Server::start(&[], &[]);
    let mut interaction = context_menu("who announced the proposal?");
    // Ten embeds of about 6,000 characters each, as a forwarded news post may carry.
    let embeds: Vec<Value> = (0..10)
        .map(|i| json!({"title": format!("embed {i}"), "description": "\"quoted\" & <b>".repeat(430)}))
        .collect();
    let target = interaction["data"]["target_id"]
        .as_str()
        .unwrap()
        .to_owned();
    interaction["data"]["resolved"]["messages"][&target]["embeds"] = json!(embeds);
    assert!(interaction.to_string().len() > 64 * 1024);
    let response = server.interact(&interaction);
    assert!(embed(&response)["title"].is_string(), "{response}");
}

/// Connections that trickle their headers, or send nothing at all, cannot take the endpoint
/// down: signed requests keep being answered quickly, and the slow ones are closed after the
/// header timeout.
#[test]
fn slow_and_idle_clients_are_cut_off_while_discord_is_answered() {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    use std::time::{Duration, Instant};

    let server = Server::start(
        &[
            ("STORYBOT__HTTP__HEADER_TIMEOUT_MS", "1000"),
            ("STORYBOT__LIMITS__ASKS_PER_WINDOW", "0"),
        ],
        &[],
    );
    let address = server.url.trim_start_matches("http://").to_owned();
    let mut slow: Vec<TcpStream> = (0..300)
        .map(|_| TcpStream::connect(&address).expect("connects"))
        .collect();
    let idle: Vec<TcpStream> = (0..100)
        .map(|_| TcpStream::connect(&address).expect("connects"))
        .collect();
    // One byte of headers at a time, every 50 ms, on every slow connection.
    let request = b"POST /interactions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
    let trickle = std::thread::spawn(move || {
        let started = Instant::now();
        let mut at = 0;
        let mut closed = vec![false; slow.len()];
        while started.elapsed() < Duration::from_secs(4) && at < request.len() {
            for (stream, closed) in slow.iter_mut().zip(closed.iter_mut()) {
                if !*closed && stream.write_all(&request[at..at + 1]).is_err() {
                    *closed = true;
                }
            }
            at += 1;
            std::thread::sleep(Duration::from_millis(50));
        }
        slow
    });
    let mut slowest = Duration::ZERO;
    for i in 0..20 {
        let started = Instant::now();
        let answer = server.interact(&ask(
            "who announced the proposal?",
            None,
            1500000000000000600 + i,
        ));
        slowest = slowest.max(started.elapsed());
        assert!(embed(&answer)["title"].is_string());
    }
    assert!(
        slowest < Duration::from_secs(1),
        "an answer took {slowest:?}"
    );
    let slow = trickle.join().unwrap();
    // By now (4 s, header timeout 1 s) every slow and idle connection has been closed.
    let is_closed = |mut stream: &TcpStream| {
        stream
            .set_read_timeout(Some(Duration::from_secs(3)))
            .unwrap();
        let mut buffer = [0u8; 512];
        loop {
            match stream.read(&mut buffer) {
                Ok(0) => return true,
                // A 408 or an error response may come first; then the close.
                Ok(_) => continue,
                Err(error) => {
                    return !matches!(
                        error.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    );
                }
            }
        }
    };
    let open_slow = slow.iter().filter(|s| !is_closed(s)).count();
    let open_idle = idle.iter().filter(|s| !is_closed(s)).count();
    assert_eq!((open_slow, open_idle), (0, 0), "connections left open");
    // A keep-alive connection that goes quiet after a request is closed too.
    let mut kept = TcpStream::connect(&address).unwrap();
    kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut first = [0u8; 64];
    assert!(kept.read(&mut first).unwrap() > 0);
    std::thread::sleep(Duration::from_millis(1500));
    assert!(is_closed(&kept), "an idle keep-alive connection is closed");
}

/// An interaction from a DM with the bot (context 1) or a group DM (context 2): no guild, and
/// `user` instead of `member`, as Discord sends them for user installs.
fn in_private(mut interaction: Value, context: u8, user: u64) -> Value {
    let object = interaction.as_object_mut().unwrap();
    object.remove("guild_id");
    object.remove("member");
    object.insert(
        "user".into(),
        json!({"id": user.to_string(), "username": "dora", "global_name": "Dora"}),
    );
    object.insert("context".into(), json!(context));
    object.insert(
        "authorizing_integration_owners".into(),
        json!({"1": user.to_string()}),
    );
    interaction
}

#[test]
fn dms_and_group_dms_are_answered_and_rate_limited_like_any_other() {
    let server = Server::start(
        &[
            ("STORYBOT__LIMITS__ASKS_PER_WINDOW", "2"),
            ("STORYBOT__LIMITS__WINDOW_SECONDS", "600"),
        ],
        &[],
    );
    let user = 1500000000000000701_u64;
    let dm = server.interact(&in_private(ask("who announced it?", None, 0), 1, user));
    assert!(embed(&dm)["title"].is_string(), "{dm}");
    assert_no_mentions(&dm);
    let group = server.interact(&in_private(
        ask("where was it announced?", None, 0),
        2,
        user,
    ));
    assert!(embed(&group)["title"].is_string(), "{group}");
    let limited = server.interact(&in_private(command("help", json!([])), 1, user));
    assert!(
        limited["data"]["content"]
            .as_str()
            .is_some_and(|c| c.contains("faster than I can keep up")),
        "{limited}"
    );
}

/// A button press on the answer `answer` (sent to `asker` by interaction `asked`).
fn press_on(answer: &Value, custom_id: &str, presser: u64, asker: u64, asked: &str) -> Value {
    let mut interaction = base(3, next_id(), presser);
    interaction["data"] = json!({"custom_id": custom_id, "component_type": 2});
    interaction["member"]["user"]["global_name"] = json!("Alice");
    let mut message = message(
        "1700000000000000500",
        "",
        answer["data"]["flags"].as_u64().unwrap_or(0),
    );
    message["embeds"] = answer["data"]["embeds"].clone();
    message["interaction_metadata"] = json!({"id": asked, "type": 2,
        "user": {"id": asker.to_string(), "username": "alice"},
        "authorizing_integration_owners": {"0": "1400000000000000001"}});
    interaction["message"] = message;
    interaction
}

#[test]
fn a_private_answer_can_be_posted_by_its_asker_and_only_by_them() {
    let server = Server::start(&[], &[]);
    let asker = 1500000000000000801_u64;
    let mut question = ask("who announced it?", Some(true), asker);
    question["id"] = json!("1200000000000001801");
    let answer = server.interact(&question);
    assert_eq!(answer["data"]["flags"], 64);
    let share = answer["data"]["components"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row["components"].as_array().unwrap())
        .find(|button| button["custom_id"] == "share:who-announced")
        .unwrap_or_else(|| panic!("a Post to channel button: {answer}"))
        .clone();
    assert_eq!(share["label"], "Post to channel");

    let by_someone_else = server.interact(&press_on(
        &answer,
        "share:who-announced",
        asker + 1,
        asker,
        "1200000000000001801",
    ));
    assert_eq!(by_someone_else["data"]["flags"], 64, "{by_someone_else}");
    assert!(
        by_someone_else["data"]["content"]
            .as_str()
            .unwrap()
            .contains("Only the person")
    );

    let posted = server.interact(&press_on(
        &answer,
        "share:who-announced",
        asker,
        asker,
        "1200000000000001801",
    ));
    assert_eq!(posted["type"], 4, "{posted}");
    assert!(posted["data"].get("flags").is_none(), "public: {posted}");
    assert_no_mentions(&posted);
    let description = embed(&posted)["description"].as_str().unwrap();
    assert!(
        description.starts_with("Asked by Alice: \u{201C}who announced it?\u{201D}"),
        "{description}"
    );
    let buttons = posted["data"]["components"].to_string();
    assert!(
        !buttons.contains("share:"),
        "a public answer has nothing to post"
    );

    // Installed by the user alone, in a server without the bot: nothing can be posted there.
    let mut user_install = press_on(
        &answer,
        "share:who-announced",
        asker,
        asker,
        "1200000000000001801",
    );
    user_install["context"] = json!(0);
    user_install["authorizing_integration_owners"] = json!({"1": asker.to_string()});
    let refused = server.interact(&user_install);
    assert_eq!(refused["data"]["flags"], 64, "{refused}");
    assert!(
        refused["data"]["content"]
            .as_str()
            .unwrap()
            .contains("can't post")
    );
}

/// A pack of `topics` topics of `per_topic` entries each.
fn big_pack(topics: usize, per_topic: usize) -> crate::util::ScratchPack {
    let pack = crate::util::ScratchPack::new();
    let mut qa = String::new();
    for t in 0..topics {
        for e in 0..per_topic {
            qa.push_str(&format!(
                "[[qa]]\nid = \"t{t}-e{e}\"\ntopic = \"Topic number {t}\"\nquestions = [\"What is item {e} of topic {t}?\"]\nanswer = \"Item {e} of {t}.\"\ncite = [\"The initiative was announced by Chinese Premier Li Qiang\"]\n\n"
            ));
        }
    }
    pack.write_qa(&qa);
    pack
}

/// Every component of a response, and a check of Discord's limits on them.
fn components_within_limits(response: &Value) -> Vec<Value> {
    let rows = response["data"]["components"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(rows.len() <= 5, "at most 5 rows: {response}");
    let mut all = Vec::new();
    for row in rows {
        for component in row["components"].as_array().unwrap() {
            assert!(component["custom_id"].as_str().unwrap().chars().count() <= 100);
            if let Some(options) = component["options"].as_array() {
                assert!(options.len() <= 25, "{component}");
                for option in options {
                    assert!(option["label"].as_str().unwrap().chars().count() <= 100);
                    assert!(option["value"].as_str().unwrap().chars().count() <= 100);
                }
            }
            all.push(component.clone());
        }
    }
    all
}

fn select(custom_id: &str, value: &str, user: u64) -> Value {
    let mut interaction = base(3, next_id(), user);
    interaction["data"] = json!({"custom_id": custom_id, "component_type": 3, "values": [value]});
    interaction["message"] = message("1700000000000000600", "", 64);
    interaction
}

fn page_button(custom_id: &str, user: u64) -> Value {
    let mut interaction = base(3, next_id(), user);
    interaction["data"] = json!({"custom_id": custom_id, "component_type": 2});
    interaction["message"] = message("1700000000000000600", "", 64);
    interaction
}

#[test]
fn every_entry_of_a_large_pack_is_reachable_through_the_topics_menus() {
    let pack = big_pack(40, 5);
    let server = Server::start(
        &[
            ("STORYBOT__KNOWLEDGE__DIR", pack.path().to_str().unwrap()),
            ("STORYBOT__LIMITS__ASKS_PER_WINDOW", "0"),
        ],
        &[],
    );
    let user = 1500000000000000901_u64;
    let mut response = server.interact(&command("topics", json!([])));
    assert_eq!(response["data"]["flags"], 64, "ephemeral: {response}");
    let mut topics = Vec::new();
    loop {
        let components = components_within_limits(&response);
        let menu = components
            .iter()
            .find(|c| c["custom_id"] == "topics:pick")
            .unwrap();
        topics.extend(
            menu["options"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["value"].as_str().unwrap().to_owned()),
        );
        let next = components.iter().find(|c| {
            c["custom_id"].as_str().unwrap().starts_with("topics:page:")
                && c["label"].as_str().unwrap().starts_with("Next")
        });
        match next {
            Some(next) if next["disabled"] != true => {
                response = server.interact(&page_button(next["custom_id"].as_str().unwrap(), user));
                assert_eq!(response["type"], 7, "a page replaces the list: {response}");
            }
            _ => break,
        }
    }
    assert_eq!(topics.len(), 40, "every topic is offered: {topics:?}");
    let mut entries = std::collections::BTreeSet::new();
    for topic in &topics {
        let listed = server.interact(&select("topics:pick", topic, user));
        assert_eq!(listed["type"], 7, "{listed}");
        let components = components_within_limits(&listed);
        let menu = components
            .iter()
            .find(|c| c["custom_id"] == format!("topic:{topic}:pick"))
            .unwrap_or_else(|| panic!("{listed}"));
        for option in menu["options"].as_array().unwrap() {
            entries.insert(option["value"].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(entries.len(), 200, "no entry dropped");
    let answer = server.interact(&select("topic:0:pick", "t0-e3", user));
    assert_eq!(answer["type"], 7, "{answer}");
    assert_eq!(embed(&answer)["title"], "What is item 3 of topic 0?");
}

#[test]
fn ask_storybot_reads_embeds_forwards_and_the_first_question_of_long_messages() {
    let server = Server::start(&[], &[]);
    // Embeds only (a link preview, a bot's post).
    let mut embed_only = context_menu("");
    let target = embed_only["data"]["target_id"].as_str().unwrap().to_owned();
    embed_only["data"]["resolved"]["messages"][&target]["embeds"] =
        json!([{"title": "Breaking", "description": "Who announced the proposal?"}]);
    let answer = server.interact(&embed_only);
    // Answered, not merely suggested: the embed's title is not part of the question.
    assert!(
        embed(&answer)["description"]
            .as_str()
            .is_some_and(|d| d.contains("Li Qiang")),
        "{answer}"
    );
    // A forwarded message: its text is in the snapshot.
    let mut forwarded = context_menu("");
    forwarded["data"]["resolved"]["messages"][&target]["message_snapshots"] = json!([{"message": {
        "content": "how many humanoid robots were shown?", "timestamp": "2025-07-26T12:00:00.000000+00:00",
        "edited_timestamp": null, "mentions": [], "mention_roles": [], "attachments": [],
        "embeds": [], "type": 0, "flags": 0, "components": []}}]);
    let answer = server.interact(&forwarded);
    assert!(
        answer.to_string().contains("60 humanoid robots"),
        "{answer}"
    );
    // Longer than the question limit: its first question is asked.
    let long = format!(
        "{} So who announced the proposal? {}",
        "I read the whole article this morning. ".repeat(10),
        "Anyway, more thoughts. ".repeat(10)
    );
    assert!(long.len() > 300);
    let answer = server.interact(&context_menu(&long));
    assert_eq!(
        embed(&answer)["title"],
        "Who announced the proposal?",
        "{answer}"
    );
}

#[test]
fn discord_commands_prints_what_registration_sends() {
    let output = crate::util::run(storybot().args(["discord", "commands"]), "");
    assert!(output.status.success(), "{}", crate::util::stderr(&output));
    let commands: Value = serde_json::from_str(&crate::util::stdout(&output)).unwrap();
    let commands = commands.as_array().unwrap();
    assert_eq!(commands.len(), 6);
    for command in commands {
        // Chat commands may leave out their type (1).
        let kind = command["type"].as_u64().unwrap_or(1);
        assert!(kind == 1 || kind == 3, "{command}");
        assert!(command["name"].as_str().unwrap().chars().count() <= 32);
        assert_eq!(command["integration_types"], json!([0, 1]), "{command}");
        assert_eq!(command["contexts"], json!([0, 1, 2]), "{command}");
        if kind == 1 {
            let description = command["description"].as_str().unwrap();
            assert!((1..=100).contains(&description.chars().count()));
        }
        assert!(
            command
                .get("default_member_permissions")
                .is_none_or(Value::is_null)
        );
    }
    let question = &commands[0]["options"][0];
    assert_eq!(question["type"], 3);
    assert_eq!(question["max_length"], 300);
    assert_eq!(commands[2]["options"][0]["min_value"], 1);

    // Guild commands work in that guild only: no install types or contexts; permissions as set.
    let output = crate::util::run(
        storybot()
            .env("STORYBOT__DISCORD__GUILD_ID", "1400000000000000001")
            .env("STORYBOT__DISCORD__DEFAULT_MEMBER_PERMISSIONS", "32")
            .args(["discord", "commands"]),
        "",
    );
    let commands: Value = serde_json::from_str(&crate::util::stdout(&output)).unwrap();
    assert!(commands[0].get("integration_types").is_none(), "{commands}");
    assert_eq!(commands[0]["default_member_permissions"], "32");
    let bad = crate::util::run(
        storybot()
            .env("STORYBOT__DISCORD__CONTEXTS", "guild,everywhere")
            .args(["discord", "commands"]),
        "",
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(crate::util::stderr(&bad).contains("discord.contexts"));
}
