//! The Matrix front-end against a real homeserver: Synapse from PyPI on loopback, started by
//! `scripts/synapse.sh` (unless `STORYBOT_TEST_HOMESERVER` points at one already), the real
//! `storybot matrix` binary, and a matrix-sdk test client acting as a room member.
//!
//! One test walks through the scenarios in order, because they share one homeserver and one
//! bot: a plain room, a mention, a thread, people talking among themselves, an encrypted room,
//! a restart of the bot, a restart of the homeserver, and an invite from a stranger.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use matrix_sdk::config::SyncSettings;
use matrix_sdk::encryption::EncryptionSettings;
use matrix_sdk::ruma::TransactionId;
use matrix_sdk::ruma::api::client::message::send_message_event;
use matrix_sdk::ruma::api::client::room::create_room::v3::{
    Request as CreateRoomRequest, RoomPreset,
};
use matrix_sdk::ruma::events::AnyMessageLikeEventContent;
use matrix_sdk::ruma::events::reaction::ReactionEventContent;
use matrix_sdk::ruma::events::relation::{Annotation, Thread};
use matrix_sdk::ruma::events::room::encryption::RoomEncryptionEventContent;
use matrix_sdk::ruma::events::room::member::MembershipState;
use matrix_sdk::ruma::events::room::message::{
    AddMentions, ForwardThread, MessageType, OriginalSyncRoomMessageEvent, Relation,
    RoomMessageEventContent,
};
use matrix_sdk::ruma::events::{InitialStateEvent, Mentions};
use matrix_sdk::ruma::serde::Raw;
use matrix_sdk::ruma::{OwnedEventId, OwnedRoomId, OwnedUserId, UserId};
use matrix_sdk::{Client, Room};
use matrix_sdk_base::crypto::CollectStrategy;
use tokio::sync::mpsc;

/// The homeserver under test and its users.
struct Homeserver {
    url: String,
    bot: String,
    bot_password: String,
    tester: String,
    tester_password: String,
    /// Set when this test started the server (and so stops it).
    owned: Option<(PathBuf, u16)>,
}

impl Homeserver {
    /// A homeserver with every rate limit opened wide.
    fn start() -> Self {
        Self::start_with_limits("generous")
    }

    /// A homeserver with `limits`: "generous", or "synapse" for Synapse's own defaults (see
    /// `scripts/synapse.sh`). An external one (`STORYBOT_TEST_HOMESERVER`) has its own.
    fn start_with_limits(limits: &str) -> Self {
        Self::start_configured(limits, &[("STORYBOT_SYNAPSE_LIMITS", limits)])
    }

    /// A homeserver started with `env` for `scripts/synapse.sh`; `name` keeps its data
    /// directory apart from other tests'.
    fn start_configured(name: &str, env: &[(&str, &str)]) -> Self {
        if let Ok(url) = std::env::var("STORYBOT_TEST_HOMESERVER") {
            let var = |name: &str| {
                std::env::var(name)
                    .unwrap_or_else(|_| panic!("{name} is set with STORYBOT_TEST_HOMESERVER"))
            };
            return Self {
                url,
                bot: var("STORYBOT_TEST_BOT_USER"),
                bot_password: var("STORYBOT_TEST_BOT_PASSWORD"),
                tester: var("STORYBOT_TEST_USER"),
                tester_password: var("STORYBOT_TEST_PASSWORD"),
                owned: None,
            };
        }
        // One server starts at a time: a free port is found by binding and letting go, so two
        // tests starting at once could both be given it, and one would register its users on
        // the other's server ("HMAC incorrect"). Once started, the server holds its port.
        static STARTING: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let starting = STARTING
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let dir =
            std::env::temp_dir().join(format!("storybot-synapse-{}-{name}", std::process::id()));
        // Another process (a test's own listener on port 0) may take the port between its
        // release here and Synapse binding it: then start again on another one.
        let (port, output) = (1..=START_ATTEMPTS)
            .find_map(|attempt| {
                let port = std::net::TcpListener::bind("127.0.0.1:0")
                    .unwrap()
                    .local_addr()
                    .unwrap()
                    .port();
                let output = run_script(&dir, port, "start", env);
                let taken = String::from_utf8_lossy(&output.stderr).contains("already in use");
                (output.status.success() || !taken || attempt == START_ATTEMPTS)
                    .then(|| (port, checked(output, "start")))
            })
            .expect("the last attempt is kept");
        drop(starting);
        let exports = String::from_utf8_lossy(&output.stdout);
        let value = |name: &str| {
            exports
                .lines()
                .find_map(|line| line.strip_prefix(&format!("export {name}=")))
                .map(|v| v.trim_matches('\'').to_owned())
                .unwrap_or_else(|| panic!("scripts/synapse.sh start printed no {name}:\n{exports}"))
        };
        Self {
            url: value("STORYBOT_TEST_HOMESERVER"),
            bot: value("STORYBOT_TEST_BOT_USER"),
            bot_password: value("STORYBOT_TEST_BOT_PASSWORD"),
            tester: value("STORYBOT_TEST_USER"),
            tester_password: value("STORYBOT_TEST_PASSWORD"),
            owned: Some((dir, port)),
        }
    }

    fn restart(&self) {
        match &self.owned {
            Some((dir, port)) => {
                script(dir, *port, "restart");
            }
            None => panic!("restarting needs a homeserver this test started"),
        }
    }
}

impl Drop for Homeserver {
    fn drop(&mut self) {
        if let Some((dir, port)) = &self.owned {
            let _ = std::process::Command::new("bash")
                .arg(repo().join("scripts/synapse.sh"))
                .arg("stop")
                .env("STORYBOT_SYNAPSE_DIR", dir)
                .env("STORYBOT_SYNAPSE_PORT", port.to_string())
                .status();
            // Kept after a failure, to read the homeserver's log; otherwise nothing is left.
            if !std::thread::panicking() {
                let _ = std::fs::remove_dir_all(dir);
            }
        }
    }
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn script(dir: &Path, port: u16, action: &str) -> std::process::Output {
    script_with(dir, port, action, &[])
}

fn script_with(dir: &Path, port: u16, action: &str, env: &[(&str, &str)]) -> std::process::Output {
    checked(run_script(dir, port, action, env), action)
}

/// How many times a homeserver is started, each on a new port, while its port was taken.
const START_ATTEMPTS: usize = 3;

fn run_script(dir: &Path, port: u16, action: &str, env: &[(&str, &str)]) -> std::process::Output {
    std::process::Command::new("bash")
        .arg(repo().join("scripts/synapse.sh"))
        .arg(action)
        .env("STORYBOT_SYNAPSE_DIR", dir)
        .env("STORYBOT_SYNAPSE_PORT", port.to_string())
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("bash runs scripts/synapse.sh")
}

/// `output` of `scripts/synapse.sh action`, which must have succeeded.
fn checked(output: std::process::Output, action: &str) -> std::process::Output {
    assert!(
        output.status.success(),
        "scripts/synapse.sh {action} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The bot process, stopped (SIGTERM) when dropped.
struct Bot {
    child: tokio::process::Child,
    log: PathBuf,
}

impl Bot {
    /// Starts the bot with a generous rate limit (the scenario asks quickly; limiting has its
    /// own step), metrics on a free port, and the unanswered log in `state/` beside the store.
    fn start(server: &Homeserver, store: &Path, log: &Path) -> Self {
        let state = store.with_file_name("state");
        let env = [
            ("STORYBOT__LIMITS__ASKS_PER_WINDOW", "1000".to_owned()),
            ("STORYBOT__UNANSWERED__ENABLED", "true".to_owned()),
            ("STORYBOT__UNANSWERED__DIR", state.display().to_string()),
            ("STORYBOT__METRICS__LISTEN", "127.0.0.1:0".to_owned()),
        ];
        Self::start_with(server, store, log, &env, true)
    }

    /// Starts the bot with only the settings the contract names (homeserver, user, password,
    /// store, invite allowlist) plus `extra`, and nothing else of the environment but `PATH`
    /// and a `HOME` in `home`.
    fn start_bare(
        server: &Homeserver,
        home: &Path,
        store: &Path,
        log: &Path,
        extra: &[(&str, String)],
    ) -> Self {
        let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_storybot"));
        command
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", home)
            .env("STORYBOT__MATRIX__HOMESERVER_URL", &server.url)
            .env("STORYBOT__MATRIX__USER_ID", &server.bot)
            .env("STORYBOT__MATRIX__PASSWORD", &server.bot_password)
            .env("STORYBOT__MATRIX__STORE_DIR", store)
            .env("STORYBOT__MATRIX__INVITE_ALLOWLIST", &server.tester)
            .envs(extra.iter().map(|(k, v)| (*k, v.as_str())));
        Self::spawn(command, log)
    }

    /// Runs `command` as `storybot matrix`, its log appended to `log`.
    fn spawn(mut command: tokio::process::Command, log: &Path) -> Self {
        let log_file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .unwrap();
        let child = command
            .arg("matrix")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log_file)
            .kill_on_drop(true)
            .spawn()
            .expect("storybot starts");
        Self {
            child,
            log: log.to_owned(),
        }
    }

    /// The metrics address of the latest start.
    fn metrics_url(&self) -> String {
        let log = self.log();
        let line = log
            .lines()
            .rfind(|line| line.contains("metrics on http://"))
            .expect("the bot says where its metrics are");
        let at = line.find("http://").unwrap();
        line[at..].split("/metrics").next().unwrap().to_owned()
    }

    /// Starts the bot with extra settings; `password` passes the password in the environment.
    fn start_with(
        server: &Homeserver,
        store: &Path,
        log: &Path,
        env: &[(&str, String)],
        password: bool,
    ) -> Self {
        let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_storybot"));
        // Off unless a step turns it on (it would write to the user's state directory).
        command.env("STORYBOT__UNANSWERED__ENABLED", "false");
        if password {
            command.env("STORYBOT__MATRIX__PASSWORD", &server.bot_password);
        }
        for (key, value) in env {
            command.env(key, value);
        }
        command
            .env("STORYBOT__MATRIX__HOMESERVER_URL", &server.url)
            .env("STORYBOT__MATRIX__USER_ID", &server.bot)
            .env("STORYBOT__MATRIX__STORE_DIR", store)
            .env(
                "STORYBOT__MATRIX__INVITE_ALLOWLIST",
                format!("{},*:trusted.example", server.tester),
            )
            .env_remove("RUST_LOG");
        Self::spawn(command, log)
    }

    /// SIGTERM, then the exit status.
    async fn stop(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().expect("running").to_string();
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap();
        tokio::time::timeout(Duration::from_secs(30), self.child.wait())
            .await
            .expect("the bot exits after SIGTERM")
            .unwrap()
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Waits until the bot has started answering `starts` times (counting earlier runs).
    async fn ready(&self, starts: usize) {
        let wait = async {
            while self.log().matches("answering in Matrix rooms").count() < starts {
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        };
        tokio::time::timeout(Duration::from_secs(60), wait)
            .await
            .expect("the bot gets ready");
    }
}

/// What kind of client a tester uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Plain,
    /// Shares room keys only with devices their owner cross-signed (as Element's "exclude
    /// insecure devices" does), and is cross-signed itself.
    Strict,
    /// Logs in with a refresh token and refreshes it, so its session outlives a homeserver's
    /// short access-token lifetime.
    Refreshing,
}

/// A room member driving the conversation, with every bot message it sees on a channel.
struct Tester {
    client: Client,
    from_bot: mpsc::UnboundedReceiver<OriginalSyncRoomMessageEvent>,
    sync: tokio::task::JoinHandle<()>,
}

impl Tester {
    async fn log_in(server: &Homeserver, user: &str, password: &str) -> Self {
        Self::log_in_as(server, user, password, Kind::Plain).await
    }

    async fn log_in_as(server: &Homeserver, user: &str, password: &str, kind: Kind) -> Self {
        let mut builder = Client::builder()
            .homeserver_url(&server.url)
            .respect_login_well_known(false);
        if kind == Kind::Refreshing {
            builder = builder.handle_refresh_tokens();
        }
        if kind == Kind::Strict {
            builder = builder
                .with_room_key_recipient_strategy(CollectStrategy::IdentityBasedStrategy)
                .with_encryption_settings(EncryptionSettings {
                    auto_enable_cross_signing: true,
                    ..Default::default()
                });
        }
        let client = builder.build().await.unwrap();
        let mut login = client.matrix_auth().login_username(user, password);
        if kind == Kind::Refreshing {
            login = login.request_refresh_token();
        }
        login.send().await.unwrap();
        client
            .encryption()
            .wait_for_e2ee_initialization_tasks()
            .await;
        client.sync_once(SyncSettings::default()).await.unwrap();
        let (tx, from_bot) = mpsc::unbounded_channel();
        let bot = UserId::parse(&server.bot).unwrap();
        client.add_event_handler(move |event: OriginalSyncRoomMessageEvent| {
            let (tx, bot) = (tx.clone(), bot.clone());
            async move {
                if event.sender == bot {
                    let _ = tx.send(event);
                }
            }
        });
        let syncing = client.clone();
        let sync = tokio::spawn(async move {
            loop {
                if let Err(error) = syncing
                    .sync(SyncSettings::default().timeout(Duration::from_secs(5)))
                    .await
                {
                    eprintln!("test client sync: {error}");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
            }
        });
        Self {
            client,
            from_bot,
            sync,
        }
    }

    async fn room_with_bot(&self, bot: &str, encrypted: bool) -> Room {
        self.create_with_bot(bot, encrypted, false).await
    }

    /// A direct-message room with the bot (`is_direct`, as clients create DMs).
    async fn dm_with_bot(&self, bot: &str) -> Room {
        self.create_with_bot(bot, false, true).await
    }

    async fn create_with_bot(&self, bot: &str, encrypted: bool, direct: bool) -> Room {
        let mut request = CreateRoomRequest::new();
        request.is_direct = direct;
        request.preset = Some(RoomPreset::PrivateChat);
        request.invite = vec![OwnedUserId::try_from(bot).unwrap()];
        if encrypted {
            request.initial_state = vec![
                InitialStateEvent::with_empty_state_key(
                    RoomEncryptionEventContent::with_recommended_defaults(),
                )
                .to_raw_any(),
            ];
        }
        let room = self.client.create_room(request).await.unwrap();
        wait_for_membership(&room, bot, MembershipState::Join).await;
        room
    }

    async fn say(&self, room: &Room, content: RoomMessageEventContent) -> OwnedEventId {
        room.send(content).await.unwrap().response.event_id
    }

    /// The bot's next message, which must reply to `question`; fails after 60 s. A bot message
    /// replying to anything else fails the test: it would answer an old or unaddressed message.
    async fn reply_to(&mut self, question: &OwnedEventId) -> OriginalSyncRoomMessageEvent {
        let event = tokio::time::timeout(Duration::from_secs(60), self.from_bot.recv())
            .await
            .expect("the bot answers within 60 s")
            .expect("the test client is syncing");
        let target = replied_to(&event);
        assert_eq!(
            target.as_ref(),
            Some(question),
            "the bot replied to another event: {:?}",
            event.content.body()
        );
        event
    }

    /// The bot's next message, whatever it relates to; fails after 60 s.
    async fn next_from_bot(&mut self) -> OriginalSyncRoomMessageEvent {
        tokio::time::timeout(Duration::from_secs(60), self.from_bot.recv())
            .await
            .expect("the bot says something within 60 s")
            .expect("the test client is syncing")
    }

    /// Asserts the bot says nothing for a while.
    async fn expect_silence(&mut self, how_long: Duration) {
        if let Ok(Some(event)) = tokio::time::timeout(how_long, self.from_bot.recv()).await {
            panic!(
                "the bot should have stayed quiet, but said {:?} (replying to {:?})",
                event.content.body(),
                replied_to(&event)
            );
        }
    }
}

impl Drop for Tester {
    fn drop(&mut self) {
        self.sync.abort();
    }
}

fn replied_to(event: &OriginalSyncRoomMessageEvent) -> Option<OwnedEventId> {
    match &event.content.relates_to {
        Some(Relation::Reply(reply)) => Some(reply.in_reply_to.event_id.clone()),
        Some(Relation::Thread(thread)) => thread.in_reply_to.as_ref().map(|r| r.event_id.clone()),
        _ => None,
    }
}

async fn wait_for_membership(room: &Room, user: &str, wanted: MembershipState) {
    let user = UserId::parse(user).unwrap();
    let wait = async {
        loop {
            if let Ok(Some(member)) = room.get_member(&user).await
                && *member.membership() == wanted
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(60), wait)
        .await
        .unwrap_or_else(|_| panic!("{user} did not reach {wanted:?} in {}", room.room_id()));
}

/// Asserts a reply is a quiet notice citing the story: plain body, HTML with a blockquote per
/// citation, no mentions.
fn assert_cited_notice(event: &OriginalSyncRoomMessageEvent, expected: &str) {
    let MessageType::Notice(notice) = &event.content.msgtype else {
        panic!("not a notice: {:?}", event.content.msgtype);
    };
    assert!(notice.body.contains(expected), "{:?}", notice.body);
    let html = &notice.formatted.as_ref().expect("formatted_body").body;
    assert!(
        html.contains("<blockquote>") && html.contains('\u{b6}'),
        "{html}"
    );
    assert_no_mentions(event);
}

/// `m.mentions` is present and empty: `{}`.
fn assert_no_mentions(event: &OriginalSyncRoomMessageEvent) {
    let mentions: Option<&Mentions> = event.content.mentions.as_ref();
    let mentions =
        mentions.expect("m.mentions is set, so clients do not guess mentions from the text");
    assert!(
        mentions.user_ids.is_empty() && !mentions.room,
        "{mentions:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_answers_in_rooms_on_a_real_homeserver() {
    let server = Homeserver::start();
    let work = WorkDir::new();
    let store = work.path().join("store");
    let log = work.path().join("bot.log");
    let bot = Bot::start(&server, &store, &log);
    let mut tester = Tester::log_in(&server, &server.tester, &server.tester_password).await;

    // A plain room: the bot joins on invite and answers a command as a reply.
    let room = tester.room_with_bot(&server.bot, false).await;
    let question = tester
        .say(
            &room,
            RoomMessageEventContent::text_plain("!ask who announced the proposal?"),
        )
        .await;
    let answer = tester.reply_to(&question).await;
    assert_cited_notice(&answer, "Li Qiang");
    assert!(
        matches!(answer.content.relates_to, Some(Relation::Reply(_))),
        "{:?}",
        answer.content.relates_to
    );
    let first_answer = answer.event_id.clone();

    // People talking among themselves are left alone; a mention is answered.
    tester
        .say(
            &room,
            RoomMessageEventContent::text_plain("hello everyone, what do you think of the news?"),
        )
        .await;
    // In a DM with the bot, every message is a question: no prefix, no mention.
    let dm = tester.dm_with_bot(&server.bot).await;
    let plain = tester
        .say(
            &dm,
            RoomMessageEventContent::text_plain("who announced the proposal?"),
        )
        .await;
    let dm_answer = tester.reply_to(&plain).await;
    assert_cited_notice(&dm_answer, "Li Qiang");
    // A question removed takes its answer with it.
    dm.redact(&plain, Some("oops"), None).await.unwrap();
    let mut removed = false;
    for _ in 0..100 {
        let event = dm.event(&dm_answer.event_id, None).await.unwrap();
        let raw: serde_json::Value = serde_json::from_str(event.raw().json().get()).unwrap();
        if raw["unsigned"].get("redacted_because").is_some() {
            removed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(removed, "the answer to a redacted question is redacted");

    // Another bot's command is none of ours: no "there is no command" reply.
    tester
        .say(&room, RoomMessageEventContent::text_plain("!roll d20"))
        .await;
    tester.expect_silence(Duration::from_secs(3)).await;
    let mention = tester
        .say(
            &room,
            RoomMessageEventContent::text_plain("storybot: who is hinton"),
        )
        .await;
    assert_cited_notice(&tester.reply_to(&mention).await, "Hinton");

    // In a thread, the answer stays in the thread.
    let root = tester
        .say(
            &room,
            RoomMessageEventContent::text_plain("thread about Musk"),
        )
        .await;
    let mut in_thread = RoomMessageEventContent::text_plain("!ask why was musk absent");
    in_thread.relates_to = Some(Relation::Thread(Thread::plain(root.clone(), root.clone())));
    let threaded = tester.say(&room, in_thread).await;
    let answer = tester.reply_to(&threaded).await;
    match &answer.content.relates_to {
        Some(Relation::Thread(thread)) => assert_eq!(thread.event_id, root),
        other => panic!("not in the thread: {other:?}"),
    }

    // A reply to one of the bot's answers is a follow-up question.
    let follow_up = RoomMessageEventContent::text_plain("and who gave the keynotes?")
        .make_reply_to(&answer, ForwardThread::No, AddMentions::No);
    let follow_up = tester.say(&room, follow_up).await;
    assert_cited_notice(&tester.reply_to(&follow_up).await, "Keynote");

    // Notices (what bots send) are not questions.
    tester
        .say(
            &room,
            RoomMessageEventContent::notice_plain("!ask who is hinton"),
        )
        .await;
    tester.expect_silence(Duration::from_secs(3)).await;
    // An edited question edits its answer (`m.replace`), pinging no one.
    room.send_raw(
        "m.room.message",
        serde_json::json!({
            "msgtype": "m.text",
            "body": "* !ask who is hinton",
            "m.new_content": {"msgtype": "m.text", "body": "!ask who is hinton"},
            "m.relates_to": {"rel_type": "m.replace", "event_id": question.to_string()}
        }),
    )
    .await
    .unwrap();
    let edit = tester.next_from_bot().await;
    match &edit.content.relates_to {
        Some(Relation::Replacement(replacement)) => {
            assert_eq!(replacement.event_id, first_answer, "edits the first answer");
            assert!(
                replacement.new_content.msgtype.body().contains("Hinton"),
                "{:?}",
                replacement.new_content.msgtype.body()
            );
            let mentions = replacement
                .new_content
                .mentions
                .as_ref()
                .expect("m.mentions");
            assert!(mentions.user_ids.is_empty() && !mentions.room);
        }
        other => panic!("not an edit of the answer: {other:?}"),
    }
    assert_no_mentions(&edit);
    // Nothing else is said.
    tester.expect_silence(Duration::from_secs(2)).await;

    // Mentions in the question ping no one, and markup is escaped.
    let sneaky = tester
        .say(
            &room,
            RoomMessageEventContent::text_plain("!ask @room <b>who</b> is @tester:localhost"),
        )
        .await;
    let reply = tester.reply_to(&sneaky).await;
    assert_no_mentions(&reply);

    // An encrypted room works the same.
    let secret_room = tester.room_with_bot(&server.bot, true).await;
    assert!(
        secret_room
            .latest_encryption_state()
            .await
            .unwrap()
            .is_encrypted()
    );
    let question = tester
        .say(
            &secret_room,
            RoomMessageEventContent::text_plain("!ask how many humanoid robots were shown?"),
        )
        .await;
    let secret_answer = tester.reply_to(&question).await;
    assert_cited_notice(&secret_answer, "60 humanoid robots");

    // A message the bot cannot decrypt gets one polite notice instead of silence, when it was
    // meant for the bot (here: a reply to its answer; relations are not encrypted). Other
    // undecryptable messages are none of its business.
    let bogus = |reply_to: Option<&OwnedEventId>| {
        let mut content = serde_json::json!({
            "algorithm": "m.megolm.v1.aes-sha2",
            "ciphertext": "AwgAEnACgAkLmt6qF84IK++J7UDH2Za1YVchHyprqTqsg2yyOwAtHaZTwyNg37afzg8f3r9IsN9r4RNFg7MaZencUJe4qvELiDiopUjy5wYVDAtqdBzer5bWRD9ldxp1FLgbQvBcjkkywYjCsmsq6+hArLd9oAQZnGKn/qLsK+5uNX3PaWzDRC9wZPQvWYYPCTov3jCwXKTPsLKIiTrcCXDqMvnn8m+T3zF/I2zqxg158tnUwWWIw51UO",
            "device_id": "RJYKSTBOIE",
            "sender_key": "IlRMeOPX2e0MurIyfWEucYBRVOEEUMrOHqn/8mLqMjA",
            "session_id": "X3lUlvLELLYxeTx4yOVu6UDpasGEVO0Jbu+QFnm0cKQ"
        });
        if let Some(event) = reply_to {
            content["m.relates_to"] =
                serde_json::json!({"m.in_reply_to": {"event_id": event.to_string()}});
        }
        let content: Raw<AnyMessageLikeEventContent> = Raw::new(&content).unwrap().cast_unchecked();
        send_message_event::v3::Request::new_raw(
            secret_room.room_id().to_owned(),
            TransactionId::new(),
            "m.room.encrypted".into(),
            content,
        )
    };
    tester.client.send(bogus(None)).await.unwrap();
    tester.expect_silence(Duration::from_secs(6)).await;
    let undecryptable = tester
        .client
        .send(bogus(Some(&secret_answer.event_id)))
        .await
        .unwrap()
        .event_id;
    let notice = tester.reply_to(&undecryptable).await;
    assert!(
        notice.content.body().contains("couldn't decrypt"),
        "{:?}",
        notice.content.body()
    );

    // A restart keeps the device and answers nothing old again.
    let status = bot.stop().await;
    assert!(status.success(), "{status:?}");
    let bot = Bot::start(&server, &store, &log);
    let question = tester
        .say(&room, RoomMessageEventContent::text_plain("!ask hinton"))
        .await;
    let hinton = tester.reply_to(&question).await;
    assert_cited_notice(&hinton, "Hinton");
    tester.expect_silence(Duration::from_secs(3)).await;

    // A first sync that never finished (the session saved, no sync token in the store: the
    // state and event stores as the first sync left them, empty) is done again on the next
    // start, and what was said meanwhile is history, not questions. (Synapse caches sync
    // responses for two minutes; a retried first sync must not be served the old one.)
    let status = bot.stop().await;
    assert!(status.success(), "{status:?}");
    for entry in std::fs::read_dir(store.join("sdk")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("matrix-sdk-state.sqlite3")
            || name.starts_with("matrix-sdk-event-cache.sqlite3")
        {
            std::fs::remove_file(&path).unwrap();
        }
    }
    tester
        .say(
            &room,
            RoomMessageEventContent::text_plain("!ask while you were away?"),
        )
        .await;
    let starts = std::fs::read_to_string(&log)
        .unwrap()
        .matches("answering in Matrix rooms")
        .count();
    let bot = Bot::start(&server, &store, &log);
    bot.ready(starts + 1).await;
    let question = tester
        .say(&room, RoomMessageEventContent::text_plain("!ask hinton"))
        .await;
    let hinton = tester.reply_to(&question).await;
    assert_cited_notice(&hinton, "Hinton");
    tester.expect_silence(Duration::from_secs(3)).await;

    // History from before the bot was invited is never answered, however recent.
    let mut request = CreateRoomRequest::new();
    request.preset = Some(RoomPreset::PrivateChat);
    let old_room = tester.client.create_room(request).await.unwrap();
    for text in ["!ask who is hinton", "storybot: where was it held?"] {
        tester
            .say(&old_room, RoomMessageEventContent::text_plain(text))
            .await;
    }
    old_room
        .invite_user_by_id(&OwnedUserId::try_from(server.bot.as_str()).unwrap())
        .await
        .unwrap();
    wait_for_membership(&old_room, &server.bot, MembershipState::Join).await;
    let question = tester
        .say(
            &old_room,
            RoomMessageEventContent::text_plain("!ask who is musk"),
        )
        .await;
    assert_cited_notice(&tester.reply_to(&question).await, "Musk");
    tester.expect_silence(Duration::from_secs(3)).await;

    // A room upgraded to a new version is followed into its successor.
    let mut request = CreateRoomRequest::new();
    request.preset = Some(RoomPreset::PublicChat);
    request.invite = vec![OwnedUserId::try_from(server.bot.as_str()).unwrap()];
    let old_version = tester.client.create_room(request).await.unwrap();
    wait_for_membership(&old_version, &server.bot, MembershipState::Join).await;
    let upgraded: serde_json::Value = reqwest::Client::new()
        .post(format!(
            "{}/_matrix/client/v3/rooms/{}/upgrade",
            server.url,
            old_version.room_id()
        ))
        .bearer_auth(tester.client.access_token().unwrap())
        .json(&serde_json::json!({"new_version": "12"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let successor = OwnedRoomId::try_from(
        upgraded["replacement_room"]
            .as_str()
            .unwrap_or_else(|| panic!("no upgrade: {upgraded}")),
    )
    .unwrap();
    let new_version = loop {
        if let Some(room) = tester.client.get_room(&successor) {
            break room;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    wait_for_membership(&new_version, &server.bot, MembershipState::Join).await;
    let question = tester
        .say(
            &new_version,
            RoomMessageEventContent::text_plain("!ask who is hinton"),
        )
        .await;
    assert_cited_notice(&tester.reply_to(&question).await, "Hinton");

    // 👎 on an answer rates it for the curators; the bot says nothing in the room.
    room.send(ReactionEventContent::new(Annotation::new(
        hinton.event_id.clone(),
        "\u{1f44e}\u{fe0f}".to_owned(),
    )))
    .await
    .unwrap();
    tester.expect_silence(Duration::from_secs(2)).await;

    // A question it cannot answer is logged for curators, the asker only as a salted hash; the
    // metrics count both.
    let miss = tester
        .say(
            &room,
            RoomMessageEventContent::text_plain("!ask will the organization fix my printer?"),
        )
        .await;
    let declined = tester.reply_to(&miss).await;
    assert!(
        declined.content.body().contains("won't guess"),
        "{}",
        declined.content.body()
    );
    // Misses are written by a thread of their own: wait for it.
    let log_file = work.path().join("state/unanswered.jsonl");
    let mut unanswered = String::new();
    for _ in 0..100 {
        unanswered = std::fs::read_to_string(&log_file).unwrap_or_default();
        if unanswered.contains("printer") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let record: serde_json::Value =
        serde_json::from_str(unanswered.lines().last().unwrap()).unwrap();
    assert_eq!(record["platform"], "matrix");
    assert_eq!(record["question"], "will the organization fix my printer?");
    let rated: serde_json::Value = unanswered
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .find(|record| record["outcome"] == "disliked")
        .expect("the rating is logged");
    assert_eq!(rated["answered"], "who-is-hinton", "{rated}");
    assert_eq!(rated["question"], "hinton", "{rated}");
    assert_eq!(record["user"].as_str().unwrap().len(), 16);
    for line in unanswered.lines() {
        let user: serde_json::Value = serde_json::from_str(line).unwrap();
        let user = user["user"].as_str().unwrap();
        assert!(
            user.len() == 16 && user.bytes().all(|b| b.is_ascii_hexdigit()),
            "{user}"
        );
    }
    let base = bot.metrics_url();
    let metrics = tokio::task::spawn_blocking(move || crate::util::metrics(&base))
        .await
        .unwrap();
    for (name, value) in [
        (
            r#"storybot_asks_total{platform="matrix",outcome="answered"}"#,
            3.0,
        ),
        (
            r#"storybot_asks_total{platform="matrix",outcome="no_match"}"#,
            1.0,
        ),
        (
            r#"storybot_feedback_total{platform="matrix",verdict="disliked"}"#,
            1.0,
        ),
    ] {
        assert_eq!(
            crate::util::sample(&metrics, name),
            value,
            "{name} in\n{metrics}"
        );
    }

    let devices = bot.log().matches("logged in to Matrix").count();
    assert_eq!(devices, 3, "three starts:\n{}", bot.log());
    assert_eq!(
        bot.log().matches("first_start=true").count(),
        2,
        "the first start and the one after the emptied store; the plain restart resumed from its sync token:\n{}",
        bot.log()
    );
    let log_text = bot.log();
    let devices: std::collections::HashSet<&str> = log_text
        .lines()
        .filter(|line| line.contains("logged in to Matrix"))
        .filter_map(|line| line.split("device=").nth(1))
        .map(|rest| rest.split_whitespace().next().unwrap_or_default())
        .collect();
    assert_eq!(
        devices.len(),
        1,
        "the restart kept its device:\n{}",
        bot.log()
    );

    // The homeserver restarts; the bot rides it out and answers afterwards.
    if server.owned.is_some() {
        server.restart();
        let question = tester
            .say(
                &room,
                RoomMessageEventContent::text_plain("!ask what is woke ai"),
            )
            .await;
        assert_cited_notice(&tester.reply_to(&question).await, "woke AI");
    }

    // An invite from someone not on the allowlist is declined.
    let stranger_name = "stranger";
    register(&server, &tester, stranger_name).await;
    let stranger = Tester::log_in(&server, stranger_name, "stranger-password").await;
    let mut request = CreateRoomRequest::new();
    request.invite = vec![OwnedUserId::try_from(server.bot.as_str()).unwrap()];
    let stranger_room = stranger.client.create_room(request).await.unwrap();
    wait_for_membership(&stranger_room, &server.bot, MembershipState::Leave).await;

    // Kicked from a room, the bot leaves it cleanly.
    let bot_id = UserId::parse(&server.bot).unwrap();
    room.kick_user(&bot_id, Some("testing")).await.unwrap();
    let kicked = async {
        while !bot.log().contains("removed from a room") {
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(30), kicked)
        .await
        .expect("the bot notices the kick");

    let status = bot.stop().await;
    assert!(status.success(), "{status:?}");

    // The password from a file, a fresh store (a new device), and the per-user rate limit.
    // A 1x1 PNG.
    let avatar = work.path().join("avatar.png");
    std::fs::write(
        &avatar,
        [
            0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
            0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
            0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78,
            0xda, 0x63, 0x60, 0x60, 0xf8, 0x5f, 0x0f, 0x00, 0x02, 0x87, 0x01, 0x80, 0xeb, 0x47,
            0xba, 0x92, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
        ],
    )
    .unwrap();
    let password_file = work.path().join("password");
    std::fs::write(&password_file, &server.bot_password).unwrap();
    let limited_env = [
        (
            "STORYBOT__MATRIX__PASSWORD_FILE",
            password_file.display().to_string(),
        ),
        ("STORYBOT__LIMITS__ASKS_PER_WINDOW", "1".to_owned()),
        ("STORYBOT__LIMITS__WINDOW_SECONDS", "3600".to_owned()),
        ("STORYBOT__MATRIX__DISPLAY_NAME", "Story Helper".to_owned()),
        ("STORYBOT__MATRIX__AVATAR", avatar.display().to_string()),
    ];
    let limited = Bot::start_with(
        &server,
        &work.path().join("store-2"),
        &log,
        &limited_env,
        false,
    );
    limited.ready(4).await;
    // The bot sets its display name.
    let bot_id = UserId::parse(&server.bot).unwrap();
    let profile = tester
        .client
        .account()
        .fetch_user_profile_of(&bot_id)
        .await
        .unwrap();
    assert_eq!(
        profile.get("displayname").and_then(|v| v.as_str()),
        Some("Story Helper"),
        "{profile:?}"
    );
    // And its avatar, uploaded once: the image's hash is kept with the store.
    assert!(
        profile
            .get("avatar_url")
            .and_then(|v| v.as_str())
            .is_some_and(|url| url.starts_with("mxc://")),
        "{profile:?}"
    );
    assert_eq!(limited.log().matches("set the avatar").count(), 1);
    assert!(work.path().join("store-2").join("avatar").exists());
    let room2 = tester.room_with_bot(&server.bot, false).await;
    let first = tester
        .say(&room2, RoomMessageEventContent::text_plain("!ask hinton"))
        .await;
    assert_cited_notice(&tester.reply_to(&first).await, "Hinton");
    let second = tester
        .say(&room2, RoomMessageEventContent::text_plain("!ask musk"))
        .await;
    let slow_down = tester.reply_to(&second).await;
    assert!(
        slow_down
            .content
            .body()
            .contains("faster than I can keep up"),
        "{:?}",
        slow_down.content.body()
    );
    assert_no_mentions(&slow_down);
    // Told once per window, then silence: a flood gets no flood of notices back.
    for _ in 0..3 {
        tester
            .say(&room2, RoomMessageEventContent::text_plain("!help"))
            .await;
    }
    tester.expect_silence(Duration::from_secs(3)).await;
    assert!(limited.stop().await.success());

    // An access token (and its device) instead of a password; a pill-only mention.
    let session = Client::builder()
        .homeserver_url(&server.url)
        .respect_login_well_known(false)
        .build()
        .await
        .unwrap();
    session
        .matrix_auth()
        .login_username(&server.bot, &server.bot_password)
        .send()
        .await
        .unwrap();
    let token_env = [
        (
            "STORYBOT__MATRIX__ACCESS_TOKEN",
            session.access_token().unwrap(),
        ),
        (
            "STORYBOT__MATRIX__DEVICE_ID",
            session.device_id().unwrap().to_string(),
        ),
    ];
    // So far the bot logged at the default level, info: user ids must not be in it.
    let at_info = std::fs::read_to_string(&log).unwrap();
    // The last start logs everything at debug, where the secrets must not appear either.
    let token_env = [
        token_env[0].clone(),
        token_env[1].clone(),
        ("STORYBOT__LOG__LEVEL", "debug".to_owned()),
    ];
    let with_token = Bot::start_with(
        &server,
        &work.path().join("store-3"),
        &log,
        &token_env,
        false,
    );
    with_token.ready(5).await;
    let bot_id = UserId::parse(&server.bot).unwrap();
    let pill = RoomMessageEventContent::text_plain("what is patriotic ai?")
        .add_mentions(Mentions::with_user_ids([bot_id]));
    let pill = tester.say(&room2, pill).await;
    assert_cited_notice(&tester.reply_to(&pill).await, "patriotic AI");
    assert!(with_token.stop().await.success());

    let log = std::fs::read_to_string(&log).unwrap();
    assert!(
        !log.contains(&server.bot_password),
        "the password must never be logged"
    );
    assert!(
        !log.contains(token_env[0].1.as_str()),
        "the access token must never be logged"
    );
    // User ids (the inviter, the stranger, whoever kicked it) appear at debug level only.
    assert!(at_info.contains("declining an invite") && at_info.contains("removed from a room"));
    assert!(!at_info.contains(" DEBUG "), "the default level is info");
    for line in at_info.lines().filter(|line| line.contains(" INFO ")) {
        assert!(
            !line.contains(&server.tester) && !line.contains("@stranger"),
            "a user id at info level: {line}"
        );
    }
}

/// Registers a user through the admin API, as the (admin) tester.
async fn register(server: &Homeserver, admin: &Tester, name: &str) {
    let token = admin.client.access_token().expect("logged in");
    let user_id = format!("@{name}:localhost");
    let response = reqwest::Client::new()
        .put(format!("{}/_synapse/admin/v2/users/{user_id}", server.url))
        .bearer_auth(token)
        .json(&serde_json::json!({"password": "stranger-password", "admin": false}))
        .send()
        .await
        .unwrap();
    assert!(
        response.status().is_success(),
        "{:?}",
        response.text().await
    );
}

/// The contract for external checks: `storybot matrix` with only the homeserver, the user, the
/// password, the store and the invite allowlist, on a homeserver with Synapse's own rate
/// limits (for the bot; the tester who floods on purpose is exempt). The bot's device is
/// cross-signed, so a client that shares keys only with cross-signed devices gets answers;
/// DMs need no prefix; other bots' commands are ignored; a flood gets the limit and one notice.
/// Then: key backup and recovery with a recovery key, a new device that recovers the
/// identity, and a store encrypted at rest.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_only_the_required_settings_the_bot_is_verified_and_holds_back_floods() {
    let server = Homeserver::start_with_limits("synapse");
    let work = WorkDir::new();
    let store = work.path().join("store");
    let log = work.path().join("bot.log");
    let mut tester = Tester::log_in_as(
        &server,
        &server.tester,
        &server.tester_password,
        Kind::Strict,
    )
    .await;
    exempt_from_rate_limits(&server, &tester, &server.tester).await;
    let bot = Bot::start_bare(&server, work.path(), &store, &log, &[]);
    bot.ready(1).await;

    // /keys/query: the bot's master and self-signing keys, and its device signed.
    let first_device = session_of(&store)["device_id"].as_str().unwrap().to_owned();
    assert_cross_signed(&server, &tester, &first_device).await;
    // Its sync filter lazy-loads members (large rooms do not send their whole membership).
    let filter: serde_json::Value = reqwest::Client::new()
        .get(format!(
            "{}/_matrix/client/v3/user/{}/filter/0",
            server.url, server.bot
        ))
        .bearer_auth(session_of(&store)["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        filter["room"]["state"]["lazy_load_members"],
        serde_json::json!(true),
        "{filter}"
    );

    // A client that shares room keys only with cross-signed devices, in an encrypted room.
    let secret_room = tester.room_with_bot(&server.bot, true).await;
    let question = tester
        .say(
            &secret_room,
            RoomMessageEventContent::text_plain("!ask how many humanoid robots were shown?"),
        )
        .await;
    assert_cited_notice(&tester.reply_to(&question).await, "60 humanoid robots");

    // A direct message needs no prefix.
    let dm = tester.dm_with_bot(&server.bot).await;
    let question = tester
        .say(
            &dm,
            RoomMessageEventContent::text_plain("who announced the proposal?"),
        )
        .await;
    assert_cited_notice(&tester.reply_to(&question).await, "Li Qiang");

    // Another bot's command is ignored.
    let room = tester.room_with_bot(&server.bot, false).await;
    tester
        .say(&room, RoomMessageEventContent::text_plain("!roll d20"))
        .await;
    tester.expect_silence(Duration::from_secs(3)).await;

    // A burst of 15 `!help` and 5 unknown commands: at most the per-user limit (5 per 10 s),
    // plus one notice. (The earlier questions leave the window first.)
    tokio::time::sleep(Duration::from_secs(10)).await;
    for n in 0..15 {
        tester
            .say(&room, RoomMessageEventContent::text_plain("!help"))
            .await;
        if n % 3 == 0 {
            // Other bots' commands in between: ignored, and not counted.
            tester
                .say(&room, RoomMessageEventContent::text_plain("!roll d20"))
                .await;
        }
    }
    let (mut helps, mut notices) = (0, 0);
    while let Ok(Some(event)) =
        tokio::time::timeout(Duration::from_secs(8), tester.from_bot.recv()).await
    {
        assert_no_mentions(&event);
        if event.content.body().contains("faster") {
            notices += 1;
        } else {
            helps += 1;
        }
    }
    assert!(
        (1..=5).contains(&helps) && notices == 1,
        "{helps} help replies and {notices} notices"
    );

    // At the default level the log is storybot's, plus libraries' warnings that matter: not
    // matrix-sdk's warning, after every sync, that key backup is off.
    assert!(
        !bot.log().contains("no backup key was found"),
        "{}",
        bot.log()
    );

    // With a recovery key, the next start turns on secret storage and key backup.
    let recovery = [(
        "STORYBOT__MATRIX__RECOVERY_KEY",
        "correct horse battery staple for storybot".to_owned(),
    )];
    let status = bot.stop().await;
    assert!(status.success(), "{status:?}");
    // The user id as an admin might type it, in other case: the saved session still matches.
    let bot = Bot::start_bare(
        &server,
        work.path(),
        &store,
        &log,
        &[
            recovery[0].clone(),
            (
                "STORYBOT__MATRIX__USER_ID",
                server.bot.replacen("storybot", "StoryBot", 1),
            ),
        ],
    );
    bot.ready(2).await;
    let token = session_of(&store)["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let http = reqwest::Client::new();
    let default_key = http
        .get(format!(
            "{}/_matrix/client/v3/user/{}/account_data/m.secret_storage.default_key",
            server.url, server.bot
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert!(default_key.status().is_success(), "no secret storage");
    let backup = http
        .get(format!(
            "{}/_matrix/client/v3/room_keys/version",
            server.url
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert!(backup.status().is_success(), "no key backup");
    let status = bot.stop().await;
    assert!(status.success(), "{status:?}");

    // A new device (a fresh store, encrypted with a passphrase) recovers the identity with
    // the recovery key: it is cross-signed too, and answers in the encrypted room.
    let new_store = work.path().join("new-store");
    let passphrase = (
        "STORYBOT__MATRIX__STORE_PASSPHRASE",
        "a passphrase for the store".to_owned(),
    );
    let bot = Bot::start_bare(
        &server,
        work.path(),
        &new_store,
        &log,
        &[recovery[0].clone(), passphrase.clone()],
    );
    bot.ready(3).await;
    let new_device = session_of(&new_store)["device_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(new_device, first_device);
    assert_cross_signed(&server, &tester, &new_device).await;
    assert!(bot.log().contains("recovered the bot's identity"));
    let question = tester
        .say(
            &secret_room,
            RoomMessageEventContent::text_plain("!ask where was the conference?"),
        )
        .await;
    assert_cited_notice(&tester.reply_to(&question).await, "Shanghai");
    let status = bot.stop().await;
    assert!(status.success(), "{status:?}");

    // The store is encrypted at rest: without its passphrase the bot stops with a clear error.
    let mut bot = Bot::start_bare(&server, work.path(), &new_store, &log, &recovery);
    let status = tokio::time::timeout(Duration::from_secs(30), bot.child.wait())
        .await
        .expect("the bot stops")
        .unwrap();
    assert!(!status.success());
    assert!(
        bot.log().contains("is encrypted: set its passphrase"),
        "{}",
        bot.log()
    );
    assert!(!bot.log().contains("a passphrase for the store"));
    assert!(!bot.log().contains("correct horse"));

    // An access token must be the bot's own: `whoami` is asked before it is used.
    let mut bot = Bot::start_bare(
        &server,
        work.path(),
        &work.path().join("token-store"),
        &log,
        &[
            (
                "STORYBOT__MATRIX__ACCESS_TOKEN",
                tester.client.access_token().unwrap(),
            ),
            ("STORYBOT__MATRIX__DEVICE_ID", "NOTMINE".to_owned()),
        ],
    );
    let status = tokio::time::timeout(Duration::from_secs(30), bot.child.wait())
        .await
        .expect("the bot stops")
        .unwrap();
    assert!(!status.success());
    assert!(
        bot.log()
            .contains(&format!("the access token belongs to {}", server.tester)),
        "{}",
        bot.log()
    );

    // A saved session whose encryption store is gone is an error, not a new Olm account under
    // the old device id.
    let lost = work.path().join("lost-store");
    std::fs::create_dir_all(&lost).unwrap();
    std::fs::copy(store.join("session.json"), lost.join("session.json")).unwrap();
    let mut bot = Bot::start_bare(&server, work.path(), &lost, &log, &[]);
    let status = tokio::time::timeout(Duration::from_secs(30), bot.child.wait())
        .await
        .expect("the bot stops")
        .unwrap();
    assert!(!status.success());
    assert!(
        bot.log().contains("the device's keys are lost"),
        "{}",
        bot.log()
    );
}

/// The bot's store and log: removed after a pass, kept (and named) after a failure.
struct WorkDir(Option<tempfile::TempDir>);

impl WorkDir {
    fn new() -> Self {
        Self(Some(tempfile::tempdir().unwrap()))
    }

    fn path(&self) -> &Path {
        self.0.as_ref().unwrap().path()
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        if std::thread::panicking()
            && let Some(dir) = self.0.take()
        {
            eprintln!(
                "the bot's store and log are kept in {}",
                dir.keep().display()
            );
        }
    }
}

/// The saved session (`session.json`) in a store directory.
fn session_of(store: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(store.join("session.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Lifts Synapse's rate limits for one user (the admin API's per-user override).
async fn exempt_from_rate_limits(server: &Homeserver, admin: &Tester, user: &str) {
    let token = admin.client.access_token().expect("logged in");
    let response = reqwest::Client::new()
        .post(format!(
            "{}/_synapse/admin/v1/users/{user}/override_ratelimit",
            server.url
        ))
        .bearer_auth(token)
        .json(&serde_json::json!({"messages_per_second": 0, "burst_count": 0}))
        .send()
        .await
        .unwrap();
    assert!(
        response.status().is_success(),
        "{:?}",
        response.text().await
    );
}

/// Asserts, from `/keys/query` as another user sees it, that the bot has a master key and a
/// self-signing key signed by it, and that `device` is signed by the self-signing key.
async fn assert_cross_signed(server: &Homeserver, tester: &Tester, device: &str) {
    let token = tester.client.access_token().expect("logged in");
    let bot = server.bot.as_str();
    let mut last = serde_json::Value::Null;
    for _ in 0..50 {
        let keys: serde_json::Value = reqwest::Client::new()
            .post(format!("{}/_matrix/client/v3/keys/query", server.url))
            .bearer_auth(&token)
            .json(&serde_json::json!({"device_keys": {bot: []}}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let key_id = |kind: &str| {
            keys[kind][bot]["keys"]
                .as_object()
                .and_then(|k| k.keys().next().cloned())
        };
        if let (Some(master), Some(self_signing)) =
            (key_id("master_keys"), key_id("self_signing_keys"))
        {
            let signed_by =
                |value: &serde_json::Value, key: &str| value["signatures"][bot].get(key).is_some();
            assert!(
                signed_by(&keys["self_signing_keys"][bot], &master),
                "the self-signing key is signed by the master key: {keys}"
            );
            if signed_by(&keys["device_keys"][bot][device], &self_signing) {
                return;
            }
        }
        last = keys;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("{bot}'s device {device} is not cross-signed: {last}");
}

/// A soft logout (the homeserver's access token expired, the device remains) logs in again
/// with the password and the same device, and the bot answers on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_token_logs_in_again_with_the_same_device() {
    if std::env::var("STORYBOT_TEST_HOMESERVER").is_ok() {
        eprintln!("skipped: needs a homeserver this test configures (short token lifetime)");
        return;
    }
    let server =
        Homeserver::start_configured("expiring", &[("STORYBOT_SYNAPSE_TOKEN_LIFETIME", "8s")]);
    let work = WorkDir::new();
    let store = work.path().join("store");
    let log = work.path().join("bot.log");
    let mut tester = Tester::log_in_as(
        &server,
        &server.tester,
        &server.tester_password,
        Kind::Refreshing,
    )
    .await;
    let bot = Bot::start(&server, &store, &log);
    bot.ready(1).await;
    let device = session_of(&store)["device_id"].as_str().unwrap().to_owned();
    let room = tester.room_with_bot(&server.bot, false).await;
    let question = tester
        .say(
            &room,
            RoomMessageEventContent::text_plain("!ask who is hinton"),
        )
        .await;
    assert_cited_notice(&tester.reply_to(&question).await, "Hinton");

    // The bot's token expires; its next request is refused with `soft_logout: true`. People
    // talking wake its long poll, so that request comes soon.
    tokio::time::sleep(Duration::from_secs(9)).await;
    tester
        .say(&room, RoomMessageEventContent::text_plain("anyone around?"))
        .await;
    bot.ready(2).await;
    let log_text = bot.log();
    assert!(
        log_text.contains("logging in again with the same device"),
        "{log_text}"
    );
    assert_eq!(
        session_of(&store)["device_id"].as_str(),
        Some(device.as_str()),
        "the same device"
    );
    let question = tester
        .say(
            &room,
            RoomMessageEventContent::text_plain("!ask who is musk"),
        )
        .await;
    assert_cited_notice(&tester.reply_to(&question).await, "Musk");
    let status = bot.stop().await;
    assert!(status.success(), "{status:?}");

    // A token that expired while the bot was stopped is found at its first sync after the
    // start: the same again, not a fatal "session no longer valid". The bot is ready twice
    // on this start: before that sync, and after logging in again.
    tokio::time::sleep(Duration::from_secs(9)).await;
    let bot = Bot::start(&server, &store, &log);
    bot.ready(4).await;
    assert_eq!(
        bot.log()
            .matches("logging in again with the same device")
            .count(),
        2,
        "{}",
        bot.log()
    );
    assert_eq!(
        session_of(&store)["device_id"].as_str(),
        Some(device.as_str())
    );
    let question = tester
        .say(
            &room,
            RoomMessageEventContent::text_plain("!ask where was waic"),
        )
        .await;
    assert_cited_notice(&tester.reply_to(&question).await, "Shanghai");
    assert!(!bot.log().contains(&server.bot_password));
    let status = bot.stop().await;
    assert!(status.success(), "{status:?}");
}
