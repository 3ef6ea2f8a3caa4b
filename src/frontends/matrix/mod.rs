//! The Matrix front-end: commands in rooms (`!ask ...`), questions after a mention of the bot
//! or in reply to its answers, answered with quiet notices (`m.notice`, empty `m.mentions`) as
//! replies, in the asker's thread when there is one. Only this module knows matrix-sdk.
//!
//! - [`session`]: logging in, or restoring the saved session;
//! - [`sync`]: the first sync and the sync loop, with backoff;
//! - [`handlers`]: events in (messages, undecryptable messages, invites, membership);
//! - [`incoming`]: which messages are for the bot, and as what (pure);
//! - [`render`]: documents as notices (`body` and HTML from one walk);
//! - [`send`]: replies out, retried.
//!
//! State that must survive restarts lives in `store_dir`: matrix-sdk's SQLite stores (sync token,
//! room state, encryption keys) and `session.json` (the login session, so a restart keeps its
//! device). A restored session resumes from the saved sync token, so nothing is answered twice.

mod handlers;
pub mod incoming;
pub mod render;
mod send;
mod session;
mod sync;

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex};

use anyhow::Context as _;
use matrix_sdk::Client;
use matrix_sdk::ruma::{MilliSecondsSinceUnixEpoch, OwnedEventId, OwnedRoomId};

use self::handlers::{
    answer_invite, on_encrypted, on_invite, on_membership, on_message, on_reaction, on_redaction,
};
use self::session::{create_private_dir, log_in};
use self::sync::{sync, sync_once_with_retry};
use crate::config::MatrixSettings;
use crate::lifecycle::{DRAIN, InFlight, Shutdown};
use crate::service::Service;
use crate::view::{Answered, Syntax};

/// How many answered event ids are remembered, so no event is answered twice.
const REMEMBERED: usize = 4096;

/// The bot's shared state, handed to every event handler.
struct Bot {
    /// The router being served (replaced when the knowledge pack is reloaded), its limits and
    /// its metrics.
    service: Arc<Service>,
    /// How commands are written here: `!ask` with the default prefix.
    syntax: Syntax,
    prefix: String,
    allowlist: Vec<String>,
    /// Rooms joined by this process, with when: their pre-join history is never answered.
    joined_at: Mutex<HashMap<OwnedRoomId, MilliSecondsSinceUnixEpoch>>,
    /// Events answered or being answered (bounded), and events the bot sent (bounded).
    seen: Mutex<Recent<()>>,
    sent: Mutex<Recent<()>>,
    /// The bot's answers (bounded), by event id, so reactions to them can rate them.
    answers: Mutex<Recent<Answered>>,
    /// The answer to each recent question (bounded), so a redacted question takes its answer.
    replies: Mutex<Recent<OwnedEventId>>,
    /// Rooms already told that a message could not be decrypted (once per room per run).
    told_undecryptable: Mutex<HashSet<OwnedRoomId>>,
    in_flight: Arc<InFlight>,
}

/// Values by event id, for the most recent [`REMEMBERED`] events (the oldest forgotten): events
/// seen and sent (`Recent<()>`), the entries the bot's answers came from, and the answer to each
/// question.
struct Recent<V> {
    order: VecDeque<OwnedEventId>,
    map: HashMap<OwnedEventId, V>,
}

impl<V> Default for Recent<V> {
    fn default() -> Self {
        Self {
            order: VecDeque::new(),
            map: HashMap::new(),
        }
    }
}

impl<V> Recent<V> {
    /// Records `value` for `id`; false if `id` was there already (its value is replaced).
    fn insert(&mut self, id: OwnedEventId, value: V) -> bool {
        let new = self.map.insert(id.clone(), value).is_none();
        if new {
            self.order.push_back(id);
        }
        if self.order.len() > REMEMBERED
            && let Some(old) = self.order.pop_front()
        {
            self.map.remove(&old);
        }
        new
    }

    fn contains(&self, id: &OwnedEventId) -> bool {
        self.map.contains_key(id)
    }

    fn get(&self, id: &OwnedEventId) -> Option<&V> {
        self.map.get(id)
    }

    fn take(&mut self, id: &OwnedEventId) -> Option<V> {
        let value = self.map.remove(id)?;
        // Out of the order too, so that the id recorded again later is not forgotten early.
        self.order.retain(|kept| kept != id);
        Some(value)
    }
}

/// Runs the Matrix front-end until `shutdown` resolves or the session dies.
pub async fn run(
    service: Arc<Service>,
    settings: MatrixSettings,
    shutdown: Shutdown,
) -> anyhow::Result<()> {
    let settings = &settings;
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
    if let Some(name) = settings
        .display_name
        .as_deref()
        .filter(|n| !n.trim().is_empty())
    {
        let account = client.account();
        if account.get_display_name().await.ok().flatten().as_deref() != Some(name)
            && let Err(error) = account.set_display_name(Some(name)).await
        {
            tracing::warn!(%error, "could not set the display name");
        }
    }

    let bot = Arc::new(Bot {
        service,
        syntax: Syntax::Prefixed(settings.prefix.clone()),
        prefix: settings.prefix.clone(),
        allowlist: settings.invite_allowlist.clone(),
        joined_at: Mutex::default(),
        seen: Mutex::default(),
        sent: Mutex::default(),
        answers: Mutex::default(),
        replies: Mutex::default(),
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
    client.add_event_handler(on_reaction);
    client.add_event_handler(on_redaction);
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
        () = shutdown.wait() => tracing::info!("stopping the Matrix sync"),
    }
    if !bot.in_flight.drain(DRAIN).await {
        tracing::warn!("stopped with replies still in flight");
    }
    Ok(())
}
