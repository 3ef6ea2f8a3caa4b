//! The Matrix front-end: commands in rooms (`!ask ...`), questions after a mention of the bot
//! or in reply to its answers, answered with quiet notices (`m.notice`, empty `m.mentions`) as
//! replies, in the asker's thread when there is one. Only this module knows matrix-sdk.
//!
//! State that must survive restarts lives in `store_dir`: matrix-sdk's SQLite stores (sync token,
//! room state, encryption keys) and `session.json` (the login session, so a restart keeps its
//! device). A restored session resumes from the saved sync token, so nothing is answered twice.

pub mod incoming;
pub mod render;

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use anyhow::{Context as _, bail};
use matrix_sdk::authentication::matrix::MatrixSession;
use matrix_sdk::config::SyncSettings;
use matrix_sdk::deserialized_responses::TimelineEventKind;
use matrix_sdk::event_handler::{Ctx, RawEvent};
use matrix_sdk::ruma::api::error::ErrorKind;
use matrix_sdk::ruma::events::Mentions;
use matrix_sdk::ruma::events::room::encrypted::{
    OriginalSyncRoomEncryptedEvent, Relation as EncryptedRelation,
};
use matrix_sdk::ruma::events::room::member::{
    MembershipState, OriginalSyncRoomMemberEvent, StrippedRoomMemberEvent,
};
use matrix_sdk::ruma::events::room::message::{
    AddMentions, ForwardThread, MessageType, OriginalSyncRoomMessageEvent, Relation, ReplyMetadata,
    ReplyWithinThread, RoomMessageEventContent,
};
use matrix_sdk::ruma::serde::Raw;
use matrix_sdk::ruma::{
    MilliSecondsSinceUnixEpoch, OwnedEventId, OwnedRoomId, OwnedUserId, TransactionId, UserId,
};
use matrix_sdk::{Client, LoopCtrl, Room, RoomState, SessionMeta, SessionTokens};

use self::incoming::{Identity, Message, interpret, invite_allowed};
use crate::config::{MatrixSettings, Secret};
use crate::metrics::Platform;
use crate::ratelimit::RateLimiter;
use crate::router::{Parsed, Reply};
use crate::service::{Asker, InFlight, Service};

/// What users see when they ask too fast.
const SLOW_DOWN: &str =
    "You're asking faster than I can keep up. Please wait a few seconds and try again.";
/// What users see when the bot cannot read their encrypted message.
const CANNOT_DECRYPT: &str = "I couldn't decrypt your message, so I can't answer it. If you just invited me, \
                              please send it again; otherwise check that your client shares keys with unverified devices.";
/// How long to wait for a late room key before saying a message could not be decrypted.
const KEY_GRACE: Duration = Duration::from_secs(3);
/// How many answered event ids are remembered, so no event is answered twice.
const REMEMBERED: usize = 4096;
/// Replies in flight get this long to finish when the bot shuts down.
const DRAIN: Duration = Duration::from_secs(10);

/// The bot's shared state, handed to every event handler.
struct Bot {
    /// The router being served (replaced when the knowledge pack is reloaded), and its metrics.
    service: Arc<Service>,
    limiter: RateLimiter,
    prefix: String,
    allowlist: Vec<String>,
    /// Rooms joined by this process, with when: their pre-join history is never answered.
    joined_at: Mutex<HashMap<OwnedRoomId, MilliSecondsSinceUnixEpoch>>,
    /// Events answered or being answered (bounded), and events the bot sent (bounded).
    seen: Mutex<Remembered>,
    sent: Mutex<Remembered>,
    /// Rooms already told that a message could not be decrypted (once per room per run).
    told_undecryptable: Mutex<HashSet<OwnedRoomId>>,
    in_flight: Arc<InFlight>,
}

/// A bounded set of event ids, forgetting the oldest.
#[derive(Default)]
struct Remembered {
    order: VecDeque<OwnedEventId>,
    set: HashSet<OwnedEventId>,
}

impl Remembered {
    /// Adds `id`; false if it was already there.
    fn insert(&mut self, id: OwnedEventId) -> bool {
        if !self.set.insert(id.clone()) {
            return false;
        }
        self.order.push_back(id);
        if self.order.len() > REMEMBERED
            && let Some(old) = self.order.pop_front()
        {
            self.set.remove(&old);
        }
        true
    }

    fn contains(&self, id: &OwnedEventId) -> bool {
        self.set.contains(id)
    }
}

/// Runs the Matrix front-end until `shutdown` resolves or the session dies.
pub async fn run(
    service: Arc<Service>,
    settings: &MatrixSettings,
    limiter: RateLimiter,
    shutdown: impl std::future::Future<Output = ()> + Send,
) -> anyhow::Result<()> {
    let store = &settings.store_dir;
    create_private_dir(store)?;
    let client = Client::builder()
        .homeserver_url(&settings.homeserver_url)
        .sqlite_store(store.join("sdk"), None)
        .respect_login_well_known(false)
        .build()
        .await
        .context("cannot set up the Matrix client")?;
    let fresh = log_in(&client, settings).await?;
    let me = client
        .user_id()
        .context("logged in without a user id")?
        .to_owned();
    tracing::info!(user = %me, device = ?client.device_id(), fresh, "logged in to Matrix");

    let bot = Arc::new(Bot {
        service,
        limiter,
        prefix: settings.prefix.clone(),
        allowlist: settings.invite_allowlist.clone(),
        joined_at: Mutex::default(),
        seen: Mutex::default(),
        sent: Mutex::default(),
        told_undecryptable: Mutex::default(),
        in_flight: Arc::default(),
    });

    if fresh {
        // A first sync returns recent history; answer none of it. Invites pending from before
        // are handled once handlers exist (below).
        sync_once_with_retry(&client).await?;
    }
    client.add_event_handler_context(bot.clone());
    client.add_event_handler(on_message);
    client.add_event_handler(on_encrypted);
    client.add_event_handler(on_invite);
    client.add_event_handler(on_membership);
    for room in client.invited_rooms() {
        if let Ok(details) = room.invite_details().await
            && let Some(inviter) = details.inviter.map(|m| m.user_id().to_owned())
        {
            answer_invite(bot.clone(), room, inviter);
        }
    }

    tracing::info!("answering in Matrix rooms");
    tokio::select! {
        result = sync(&client, bot.service.clone()) => result?,
        () = shutdown => tracing::info!("stopping the Matrix sync"),
    }
    drain(&bot).await;
    Ok(())
}

/// Restores the saved session, or logs in (with an access token or a password) and saves it.
/// Returns whether this is a fresh login.
async fn log_in(client: &Client, settings: &MatrixSettings) -> anyhow::Result<bool> {
    let session_file = settings.store_dir.join("session.json");
    if session_file.exists() {
        let text = std::fs::read_to_string(&session_file)
            .with_context(|| format!("cannot read {}", session_file.display()))?;
        let session: MatrixSession = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a saved session", session_file.display()))?;
        if session.meta.user_id.as_str() != settings.user_id {
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
        return Ok(false);
    }
    if let Some(token) = settings.access_token()? {
        let Some(device_id) = settings.device_id.as_deref() else {
            bail!("an access token needs its device: set matrix.device_id");
        };
        let user_id =
            UserId::parse(&settings.user_id).context("matrix.user_id is not a user id")?;
        let session = MatrixSession {
            meta: SessionMeta {
                user_id,
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
    } else if let Some(password) = settings.password()? {
        client
            .matrix_auth()
            .login_username(&settings.user_id, password.expose())
            .initial_device_display_name(&settings.device_name)
            .send()
            .await
            .context("Matrix login failed")?;
    } else {
        bail!(
            "Matrix needs a password (STORYBOT__MATRIX__PASSWORD or matrix.password_file) or an access token"
        );
    }
    let session = client
        .matrix_auth()
        .session()
        .context("no session after login")?;
    save_private(
        &session_file,
        &Secret::new(serde_json::to_string(&session)?),
    )?;
    Ok(true)
}

/// A first sync, retried with backoff while the homeserver is unreachable.
async fn sync_once_with_retry(client: &Client) -> anyhow::Result<()> {
    let mut delay = Duration::from_secs(1);
    loop {
        match client.sync_once(SyncSettings::default()).await {
            Ok(_) => return Ok(()),
            Err(error) if is_dead_session(&error) => return Err(dead_session(error)),
            Err(error) => {
                tracing::warn!(%error, ?delay, "first Matrix sync failed, retrying");
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(60));
            }
        }
    }
}

/// Syncs forever, surviving homeserver restarts and network errors with backoff; returns only
/// when the session is no longer valid.
async fn sync(client: &Client, service: Arc<Service>) -> anyhow::Result<()> {
    let failures = Arc::new(AtomicU32::new(0));
    let settings = SyncSettings::default().timeout(Duration::from_secs(30));
    let result = client
        .sync_with_result_callback(settings, move |result| {
            let failures = failures.clone();
            let service = service.clone();
            async move {
                match result {
                    Ok(_) => {
                        failures.store(0, Ordering::Relaxed);
                        Ok(LoopCtrl::Continue)
                    }
                    Err(error) if is_dead_session(&error) => Err(error),
                    Err(error) => {
                        service.metrics().error(Platform::Matrix, "sync_failed");
                        let n = failures.fetch_add(1, Ordering::Relaxed).min(6);
                        let delay = Duration::from_secs(1 << n);
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

fn is_dead_session(error: &matrix_sdk::Error) -> bool {
    matches!(
        error.client_api_error_kind(),
        Some(ErrorKind::UnknownToken { .. })
    )
}

fn dead_session(error: matrix_sdk::Error) -> anyhow::Error {
    anyhow::Error::new(error).context(
        "the Matrix session is no longer valid (logged out elsewhere?): stop storybot, remove the store_dir, and start it again to log in afresh",
    )
}

/// Waits (bounded) for replies in flight.
async fn drain(bot: &Bot) {
    if !bot.in_flight.drain(DRAIN).await {
        tracing::warn!("stopped with replies still in flight");
    }
}

async fn on_message(
    event: OriginalSyncRoomMessageEvent,
    room: Room,
    client: Client,
    bot: Ctx<Arc<Bot>>,
) {
    let bot = bot.0;
    if room.state() != RoomState::Joined
        || !bot.is_new(&room, &event.event_id, event.origin_server_ts)
    {
        return;
    }
    let Some(me) = client.user_id().map(ToOwned::to_owned) else {
        return;
    };
    if event.sender == me {
        return;
    }
    // Other bots (and this one) send notices; edits of earlier messages are not new questions.
    let MessageType::Text(text) = &event.content.msgtype else {
        return;
    };
    if matches!(event.content.relates_to, Some(Relation::Replacement(_))) {
        return;
    }
    let body = text.body.clone();
    let html = text.formatted.as_ref().map(|f| f.body.clone());
    let guard = bot.in_flight.start();
    tokio::spawn(async move {
        let _guard = guard;
        if let Err(error) = answer(&bot, &room, &me, &event, &body, html.as_deref()).await {
            bot.service.metrics().error(Platform::Matrix, "send_failed");
            tracing::warn!(%error, room = %room.room_id(), "could not answer a Matrix message");
        }
    });
}

/// Answers one text message if it is meant for the bot.
async fn answer(
    bot: &Arc<Bot>,
    room: &Room,
    me: &UserId,
    event: &OriginalSyncRoomMessageEvent,
    body: &str,
    html: Option<&str>,
) -> anyhow::Result<()> {
    let pill = format!("matrix.to/#/{me}");
    let mentions_bot = event
        .content
        .mentions
        .as_ref()
        .is_some_and(|m| m.user_ids.contains(me))
        || html.is_some_and(|h| h.contains(&pill));
    let replied_to = match &event.content.relates_to {
        Some(Relation::Reply(reply)) => Some(reply.in_reply_to.event_id.clone()),
        Some(Relation::Thread(thread)) if !thread.is_falling_back => {
            thread.in_reply_to.as_ref().map(|r| r.event_id.clone())
        }
        _ => None,
    };
    let replies_to_bot = match replied_to {
        Some(id) if bot.sent.lock().map(|s| s.contains(&id)).unwrap_or(false) => true,
        // After a restart the bot no longer remembers what it sent: ask the homeserver.
        Some(id) => room
            .event(&id, None)
            .await
            .ok()
            .and_then(|e| e.raw().get_field::<OwnedUserId>("sender").ok().flatten())
            .is_some_and(|sender| sender == me),
        None => false,
    };
    let display_name = match room.get_member_no_sync(me).await {
        Ok(Some(member)) => member.display_name().map(ToOwned::to_owned),
        _ => None,
    };
    let identity = Identity {
        user_id: me.to_string(),
        display_name,
    };
    let message = Message {
        body,
        mentions_bot,
        replies_to_bot,
    };
    let Some(parsed) = interpret(&message, &identity, &bot.prefix) else {
        return Ok(());
    };
    let asks = matches!(&parsed, Parsed::Command(command) if command.asks());
    let notice = if asks && !bot.limiter.allow(event.sender.as_str()) {
        bot.service.metrics().rate_limited(Platform::Matrix);
        render::Notice {
            body: SLOW_DOWN.to_owned(),
            html: format!("<p>{}</p>", render::escape(SLOW_DOWN)),
        }
    } else {
        let asker = Asker::new(Platform::Matrix, event.sender.as_str());
        let (_, reply): (_, Reply) = bot.service.handle_parsed(asker, parsed);
        render::render(&reply, &bot.prefix)
    };
    let metadata = ReplyMetadata::from(event);
    let in_thread = matches!(event.content.relates_to, Some(Relation::Thread(_)));
    let sent = send_reply(room, metadata, in_thread, notice).await?;
    if let Ok(mut sent_ids) = bot.sent.lock() {
        sent_ids.insert(sent);
    }
    Ok(())
}

/// Sends a notice replying to an event (within its thread if it has one). `m.mentions` is
/// empty, so no one is pinged; the same transaction id makes retries idempotent.
async fn send_reply(
    room: &Room,
    metadata: ReplyMetadata<'_>,
    in_thread: bool,
    notice: render::Notice,
) -> anyhow::Result<OwnedEventId> {
    let base = RoomMessageEventContent::notice_html(notice.body, notice.html)
        .add_mentions(Mentions::new());
    let content = if in_thread {
        base.make_for_thread(metadata, ReplyWithinThread::Yes, AddMentions::No)
    } else {
        base.make_reply_to(metadata, ForwardThread::Yes, AddMentions::No)
    };
    let transaction = TransactionId::new();
    let mut delay = Duration::from_millis(500);
    for attempt in 1..=4 {
        match room
            .send(content.clone())
            .with_transaction_id(transaction.clone())
            .await
        {
            Ok(sent) => return Ok(sent.response.event_id),
            Err(error) if attempt < 4 => {
                tracing::warn!(%error, attempt, "sending a Matrix reply failed, retrying");
                tokio::time::sleep(delay).await;
                delay *= 2;
            }
            Err(error) => return Err(error.into()),
        }
    }
    unreachable!("the last attempt returns")
}

/// An encrypted event reaches this handler only if it could not be decrypted. Keys may still
/// arrive, so wait a moment and try again before saying so (once per room per run).
async fn on_encrypted(
    event: OriginalSyncRoomEncryptedEvent,
    raw: RawEvent,
    room: Room,
    client: Client,
    bot: Ctx<Arc<Bot>>,
) {
    let bot = bot.0;
    if room.state() != RoomState::Joined || client.user_id().is_some_and(|me| event.sender == me) {
        return;
    }
    if !bot.is_recent(&room, event.origin_server_ts) {
        return;
    }
    let guard = bot.in_flight.start();
    tokio::spawn(async move {
        let _guard = guard;
        tokio::time::sleep(KEY_GRACE).await;
        let raw: Raw<OriginalSyncRoomEncryptedEvent> = Raw::from_json(raw.0);
        let retried = room.decrypt_event(&raw, None).await;
        if let Ok(decrypted) = &retried
            && !matches!(decrypted.kind, TimelineEventKind::UnableToDecrypt { .. })
        {
            match serde_json::from_str::<OriginalSyncRoomMessageEvent>(decrypted.raw().json().get())
            {
                Ok(message) => on_message(message, room, client, Ctx(bot.clone())).await,
                Err(error) => tracing::debug!(%error, "a late-decrypted event is not a message"),
            }
            return;
        }
        bot.service
            .metrics()
            .error(Platform::Matrix, "undecryptable");
        tracing::warn!(room = %room.room_id(), event = %event.event_id, "could not decrypt a message");
        let first_time = bot
            .told_undecryptable
            .lock()
            .map(|mut told| told.insert(room.room_id().to_owned()))
            .unwrap_or(false);
        if !first_time || !bot.is_new(&room, &event.event_id, event.origin_server_ts) {
            return;
        }
        let thread = match &event.content.relates_to {
            Some(EncryptedRelation::Thread(thread)) => Some(thread),
            _ => None,
        };
        let metadata = ReplyMetadata::new(&event.event_id, &event.sender, thread);
        let notice = render::Notice {
            body: CANNOT_DECRYPT.to_owned(),
            html: format!("<p>{}</p>", render::escape(CANNOT_DECRYPT)),
        };
        if let Err(error) = send_reply(&room, metadata, thread.is_some(), notice).await {
            tracing::warn!(%error, "could not say that a message was undecryptable");
        }
    });
}

async fn on_invite(event: StrippedRoomMemberEvent, room: Room, client: Client, bot: Ctx<Arc<Bot>>) {
    if event.content.membership != MembershipState::Invite
        || client.user_id().is_none_or(|me| event.state_key != me)
        || room.state() != RoomState::Invited
    {
        return;
    }
    answer_invite(bot.0, room, event.sender);
}

/// Joins (with retries) when the inviter is allowed, otherwise declines.
fn answer_invite(bot: Arc<Bot>, room: Room, inviter: OwnedUserId) {
    tokio::spawn(async move {
        if !invite_allowed(inviter.as_str(), &bot.allowlist) {
            // User ids stay out of info-level logs; debug shows who it was.
            tracing::info!(room = %room.room_id(), "declining an invite from outside the allowlist");
            tracing::debug!(room = %room.room_id(), %inviter, "declined inviter");
            if let Err(error) = room.leave().await {
                tracing::warn!(%error, "could not decline an invite");
            }
            return;
        }
        let mut delay = Duration::from_secs(1);
        loop {
            match room.join().await {
                Ok(()) => break,
                Err(error) if delay < Duration::from_secs(600) => {
                    tracing::warn!(%error, ?delay, "joining a room failed, retrying");
                    tokio::time::sleep(delay).await;
                    delay *= 2;
                }
                Err(error) => {
                    tracing::error!(%error, room = %room.room_id(), "giving up joining a room");
                    return;
                }
            }
        }
        if let Ok(mut joined) = bot.joined_at.lock() {
            joined.insert(room.room_id().to_owned(), MilliSecondsSinceUnixEpoch::now());
        }
        tracing::info!(room = %room.room_id(), "joined a room");
        tracing::debug!(room = %room.room_id(), %inviter, "joined on the invite of");
    });
}

/// Leaves cleanly when removed: forgets the room rather than trying to come back.
async fn on_membership(event: OriginalSyncRoomMemberEvent, room: Room, client: Client) {
    let Some(me) = client.user_id() else { return };
    if event.state_key != me || event.sender == me {
        return;
    }
    if matches!(
        event.content.membership,
        MembershipState::Leave | MembershipState::Ban
    ) && matches!(room.state(), RoomState::Left | RoomState::Banned)
    {
        tracing::info!(room = %room.room_id(), "removed from a room");
        tracing::debug!(room = %room.room_id(), by = %event.sender, "removed by");
        if let Err(error) = room.forget().await {
            tracing::debug!(%error, "could not forget a room");
        }
    }
}

impl Bot {
    /// Whether an event may be answered: not seen before, and not history from before the bot
    /// joined the room. Marks it seen.
    fn is_new(&self, room: &Room, id: &OwnedEventId, sent: MilliSecondsSinceUnixEpoch) -> bool {
        self.is_recent(room, sent)
            && self
                .seen
                .lock()
                .map(|mut seen| seen.insert(id.clone()))
                .unwrap_or(false)
    }

    /// Whether an event is newer than the bot's join of the room by this process (if it joined
    /// it), and than a day: older history is never answered.
    fn is_recent(&self, room: &Room, sent: MilliSecondsSinceUnixEpoch) -> bool {
        let day_ago = SystemTime::now() - Duration::from_secs(24 * 3600);
        let too_old = sent.to_system_time().is_some_and(|t| t < day_ago);
        let before_join = self
            .joined_at
            .lock()
            .ok()
            .and_then(|joined| joined.get(room.room_id()).copied())
            .is_some_and(|joined| sent < joined);
        !too_old && !before_join
    }
}

/// Creates `dir` (and parents), readable only by this user: it holds keys and a session.
fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .with_context(|| format!("cannot restrict {}", dir.display()))?;
    }
    Ok(())
}

/// Writes a secret file atomically, readable only by this user.
fn save_private(path: &Path, contents: &Secret) -> anyhow::Result<()> {
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
        file.write_all(contents.expose().as_bytes())?;
        file.sync_all()?;
    }
    std::fs::rename(&temporary, path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
