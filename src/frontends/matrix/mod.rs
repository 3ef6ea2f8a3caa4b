//! The Matrix front-end: commands in rooms (`!ask ...`), questions after a mention of the bot
//! or in reply to its answers, answered with quiet notices (`m.notice`, empty `m.mentions`) as
//! replies, in the asker's thread when there is one. Only this module knows matrix-sdk.
//!
//! - [`session`]: logging in, or restoring the saved session;
//! - [`sync`]: the first sync and the sync loop, with backoff;
//! - [`handlers`]: events in (messages, undecryptable messages, invites, membership);
//! - [`incoming`]: which messages are for the bot, and as what (pure);
//! - [`render`]: documents as notices (`body` and HTML from one walk);
//! - [`send`]: replies out (and edits of them), retried;
//! - [`profile`]: the display name and avatar.
//!
//! State that must survive restarts lives in `store_dir`: matrix-sdk's SQLite stores (sync token,
//! room state, encryption keys) and `session.json` (the login session, so a restart keeps its
//! device). A restored session resumes from the saved sync token, so nothing is answered twice.

mod handlers;
pub mod incoming;
mod profile;
pub mod render;
mod send;
mod session;
mod sync;

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex};

use anyhow::Context as _;
use matrix_sdk::ruma::{
    MilliSecondsSinceUnixEpoch, OwnedDeviceId, OwnedEventId, OwnedRoomId, RoomId,
};
use matrix_sdk::sync::RoomUpdates;

use self::handlers::{
    Answering, answer_invite, on_encrypted, on_invite, on_membership, on_message, on_reaction,
    on_redaction, on_tombstone,
};
use self::session::{Session, dead_session, dead_session_kind};
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
    /// Events answered or being answered (bounded), and events the bot sent (bounded).
    seen: Mutex<Recent<()>>,
    sent: Mutex<Recent<()>>,
    /// The bot's answers (bounded), by event id, so reactions to them can rate them.
    answers: Mutex<Recent<Answered>>,
    /// The answer to each recent question (bounded), so that an edited question edits its
    /// answer and a redacted one takes it away.
    replies: Mutex<Recent<Answering>>,
    /// What the first sync returned, never answered however it arrives later.
    history: History,
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

/// Per room, the time of the last event a first sync returned: anything sent until then is
/// history, never answered, even if the homeserver hands an old event over again later (seen
/// once in CI after a restart on an emptied store, from a source not found). The mark is the
/// homeserver's own timestamp, compared with the homeserver's timestamps, so the bot's clock
/// plays no part. Bounded by the rooms the bot is in.
#[derive(Default)]
struct History(Mutex<HashMap<OwnedRoomId, MilliSecondsSinceUnixEpoch>>);

impl History {
    /// Marks, in each joined room of a first sync, the time of the last event it returned.
    fn mark(&self, first_sync: &RoomUpdates) {
        let Ok(mut marks) = self.0.lock() else {
            return;
        };
        for (room, update) in &first_sync.joined {
            let last = update
                .timeline
                .events
                .iter()
                .filter_map(|event| {
                    event
                        .raw()
                        .get_field::<MilliSecondsSinceUnixEpoch>("origin_server_ts")
                        .ok()
                        .flatten()
                })
                .max();
            if let Some(last) = last {
                marks.insert(room.clone(), last);
            }
        }
    }

    /// Whether an event in `room` sent at `sent` is history: sent by the time of the first
    /// sync's last event there.
    fn contains(&self, room: &RoomId, sent: MilliSecondsSinceUnixEpoch) -> bool {
        self.0
            .lock()
            .is_ok_and(|marks| marks.get(room).is_some_and(|&until| sent <= until))
    }
}

/// Runs the Matrix front-end until `shutdown` resolves or the session dies. A soft logout
/// (an expired token) logs in again with the same device and carries on.
pub async fn run(
    service: Arc<Service>,
    settings: MatrixSettings,
    shutdown: Shutdown,
) -> anyhow::Result<()> {
    let settings = &settings;
    let bot = Arc::new(Bot {
        service,
        syntax: Syntax::Prefixed(settings.prefix.clone()),
        prefix: settings.prefix.clone(),
        allowlist: settings.invite_allowlist.clone(),
        seen: Mutex::default(),
        sent: Mutex::default(),
        answers: Mutex::default(),
        replies: Mutex::default(),
        history: History::default(),
        told_undecryptable: Mutex::default(),
        in_flight: Arc::default(),
    });
    let mut relogin = None;
    let result = loop {
        let outcome = tokio::select! {
            outcome = serve(&bot, settings, relogin.take()) => outcome,
            () = shutdown.clone().wait() => {
                tracing::info!("stopping the Matrix sync");
                break Ok(());
            }
        };
        match outcome {
            Ok(Ended::SoftLogout(device)) if settings.password()?.is_some() => {
                tracing::warn!(
                    "the Matrix session expired (soft logout): logging in again with the same device"
                );
                relogin = Some(device);
            }
            Ok(Ended::SoftLogout(_)) => {
                break Err(anyhow::anyhow!(
                    "the Matrix session expired (soft logout) and no password is configured to log in again: set STORYBOT__MATRIX__PASSWORD or matrix.password_file, or give a new access token"
                ));
            }
            Ok(Ended::Dead(error)) => break Err(dead_session(error)),
            Err(error) => break Err(error),
        }
    };
    if !bot.in_flight.drain(DRAIN).await {
        tracing::warn!("stopped with replies still in flight");
    }
    result
}

/// How a session ended.
enum Ended {
    /// The token expired; the device remains.
    SoftLogout(OwnedDeviceId),
    /// Logged out, or the device was deleted.
    Dead(matrix_sdk::Error),
}

/// Logs in (or restores the session), then answers until the session ends.
async fn serve(
    bot: &Arc<Bot>,
    settings: &MatrixSettings,
    relogin: Option<OwnedDeviceId>,
) -> anyhow::Result<Ended> {
    let Session {
        client,
        synced_before,
    } = session::start(settings, relogin).await?;
    let me = client
        .user_id()
        .context("logged in without a user id")?
        .to_owned();
    if me.as_str() != settings.user_id.trim() {
        // A mixed-case id in the settings: the session holds the homeserver's form.
        tracing::debug!(configured = %settings.user_id, canonical = %me, "the homeserver's form of the user id");
    }
    tracing::info!(user = %me, device = ?client.device_id(), first_start = !synced_before, "logged in to Matrix");
    profile::set_profile(&client, settings).await;

    // However it is found, at the first request or later, a session that is gone ends this one.
    let ended = |error: matrix_sdk::Error| match (dead_session_kind(&error), client.device_id()) {
        (Some(true), Some(device)) => Ended::SoftLogout(device.to_owned()),
        _ => Ended::Dead(error),
    };
    let sync_settings = match sync::settings(&client).await {
        Ok(settings) => settings,
        Err(error) => return Ok(ended(error)),
    };
    if !synced_before {
        // A first sync returns recent history; answer none of it. Whether this is a first
        // start is decided by the store's sync token, so an interrupted first sync is simply
        // done again. Invites pending from before are handled once handlers exist (below).
        match sync_once_with_retry(&client, &sync_settings).await {
            Ok(first) => bot.history.mark(&first.rooms),
            Err(error) => return Ok(ended(error)),
        }
    }
    client.add_event_handler_context(bot.clone());
    client.add_event_handler(on_message);
    client.add_event_handler(on_encrypted);
    client.add_event_handler(on_invite);
    client.add_event_handler(on_membership);
    client.add_event_handler(on_reaction);
    client.add_event_handler(on_redaction);
    client.add_event_handler(on_tombstone);
    for room in client.invited_rooms() {
        if let Ok(details) = room.invite_details().await
            && let Some(inviter) = details.inviter.map(|m| m.user_id().to_owned())
        {
            answer_invite(bot.clone(), room, inviter);
        }
    }

    tracing::info!("answering in Matrix rooms");
    let error = match sync(&client, sync_settings, bot.service.clone()).await {
        Ok(()) => anyhow::bail!("the Matrix sync stopped"),
        Err(error) => error,
    };
    Ok(ended(error))
}

#[cfg(test)]
mod tests {
    use matrix_sdk::deserialized_responses::TimelineEvent;
    use matrix_sdk::ruma::serde::Raw;
    use matrix_sdk::ruma::{UInt, owned_room_id};
    use matrix_sdk::sync::JoinedRoomUpdate;

    use super::*;

    fn event(ts: u64) -> TimelineEvent {
        TimelineEvent::from_plaintext(
            Raw::new(&serde_json::json!({
                "type": "m.room.message",
                "event_id": format!("$e{ts}"),
                "sender": "@someone:localhost",
                "origin_server_ts": ts,
                "content": {"msgtype": "m.text", "body": "!ask hinton"},
            }))
            .unwrap()
            .cast_unchecked(),
        )
    }

    fn at(ms: u64) -> MilliSecondsSinceUnixEpoch {
        MilliSecondsSinceUnixEpoch(UInt::new(ms).unwrap())
    }

    #[test]
    fn a_first_syncs_events_stay_history_in_their_room_only() {
        let history = History::default();
        let mut first = RoomUpdates::default();
        let mut update = JoinedRoomUpdate::default();
        // Out of order on purpose: the mark is the latest, not the last listed.
        update.timeline.events = vec![event(1_000), event(3_000), event(2_000)];
        first
            .joined
            .insert(owned_room_id!("!talk:localhost"), update);
        first.joined.insert(
            owned_room_id!("!quiet:localhost"),
            JoinedRoomUpdate::default(),
        );
        history.mark(&first);

        let talk = owned_room_id!("!talk:localhost");
        assert!(
            history.contains(&talk, at(1_000)),
            "an old question replayed"
        );
        assert!(history.contains(&talk, at(3_000)), "the last event itself");
        assert!(
            !history.contains(&talk, at(3_001)),
            "said after the first sync"
        );
        // A room without events in the first sync, and a room joined later, have no history.
        assert!(!history.contains(&owned_room_id!("!quiet:localhost"), at(1)));
        assert!(!history.contains(&owned_room_id!("!new:localhost"), at(1)));
    }
}
