//! The Discord front-end against the real binary: HTTP interactions signed exactly as Discord
//! signs them (Ed25519 over timestamp and body), and the gateway mode against a scripted fake
//! Discord (REST and WebSocket) on loopback.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

use ed25519_dalek::{Signer, SigningKey};
use serde_json::{Value, json};

use crate::util::{ScratchPack, storybot};

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
}

impl Server {
    fn start(extra_env: &[(&str, &str)], args: &[&str]) -> Self {
        let mut command = storybot();
        command
            .args(["discord", "http", "--listen", "127.0.0.1:0"])
            .args(args)
            .env("STORYBOT__DISCORD__PUBLIC_KEY", public_key())
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
        // Keep draining stderr so the bot never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Self { child, url }
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
    let mut interaction = base(2, 1200000000000000001, user);
    interaction["data"] =
        json!({"id": "1600000000000000001", "name": "ask", "type": 1, "options": options});
    interaction
}

fn command(name: &str, options: Value) -> Value {
    let mut interaction = base(2, 1200000000000000005, 1500000000000000009);
    interaction["data"] =
        json!({"id": "1600000000000000002", "name": name, "type": 1, "options": options});
    interaction
}

fn autocomplete(partial: &str) -> Value {
    let mut interaction = base(4, 1200000000000000003, 1500000000000000001);
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
    let mut interaction = base(3, 1200000000000000004, 1500000000000000001);
    interaction["data"] = json!({"custom_id": custom_id, "component_type": 2});
    interaction["message"] = message("1700000000000000002", "I can't find an answer...", 64);
    interaction
}

fn context_menu(content: &str) -> Value {
    let mut interaction = base(2, 1200000000000000002, 1500000000000000003);
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
        "Who is the mayor of Shanghai?",
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
    let server = Server::start(&[], &[]);
    let topics = server.interact(&command("topics", json!([])));
    assert!(
        embed(&topics)["fields"].as_array().unwrap().len() >= 5,
        "{topics}"
    );
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
    for name in ["help", "about"] {
        let response = server.interact(&command(name, json!([])));
        assert_eq!(response["type"], 4);
        assert_no_mentions(&response);
    }
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
    let huge = vec![b' '; 70 * 1024];
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
        "x".repeat(120),
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
