//! The event handlers: messages (commands, mentions, replies to the bot), messages that could
//! not be decrypted, invites, and the bot's own membership. Each turns an event into a command
//! for the service and the document it gets back into a notice.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use matrix_sdk::deserialized_responses::TimelineEventKind;
use matrix_sdk::event_handler::{Ctx, RawEvent};
use matrix_sdk::ruma::events::reaction::OriginalSyncReactionEvent;
use matrix_sdk::ruma::events::room::encrypted::{
    OriginalSyncRoomEncryptedEvent, Relation as EncryptedRelation,
};
use matrix_sdk::ruma::events::room::member::{
    MembershipState, OriginalSyncRoomMemberEvent, StrippedRoomMemberEvent,
};
use matrix_sdk::ruma::events::room::message::{
    MessageType, OriginalSyncRoomMessageEvent, Relation, ReplyMetadata,
};
use matrix_sdk::ruma::events::room::redaction::OriginalSyncRoomRedactionEvent;
use matrix_sdk::ruma::serde::Raw;
use matrix_sdk::ruma::{MilliSecondsSinceUnixEpoch, OwnedEventId, OwnedUserId, UserId};

use super::incoming;
use matrix_sdk::{Client, Room, RoomState};

use super::Bot;
use super::incoming::{Identity, Message, interpret, invite_allowed};
use super::render::Notice;
use super::send::send_reply;
use crate::lifecycle::Backoff;
use crate::metrics::Platform;
use crate::service::{Asker, Verdict};
use crate::view;

/// At most this many messages are worked on at once; more are dropped (and counted).
const MAX_IN_FLIGHT: usize = 64;
/// How long to wait for a late room key before saying a message could not be decrypted.
const KEY_GRACE: Duration = Duration::from_secs(3);

pub(super) async fn on_message(
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
    if bot.in_flight.count() >= MAX_IN_FLIGHT {
        // A flood: drop rather than queue without bound.
        bot.service.metrics().error(Platform::Matrix, "overloaded");
        return;
    }
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
    // Mentions as the spec has them (`m.mentions`) when the client sends them; otherwise a pill
    // linking exactly to the bot, outside the quoted reply.
    let mentions = event.content.mentions.as_ref();
    let mentions_bot = match mentions {
        Some(mentions) => mentions.user_ids.contains(me),
        None => html.is_some_and(|h| incoming::has_pill(h, me.as_str())),
    };
    // Replies and threads to an answer this process sent. Nothing is fetched from the
    // homeserver to find out: modern clients put the replied-to sender in `m.mentions`.
    let related: Vec<&OwnedEventId> = match &event.content.relates_to {
        Some(Relation::Reply(reply)) => vec![&reply.in_reply_to.event_id],
        Some(Relation::Thread(thread)) => thread
            .in_reply_to
            .as_ref()
            .map(|r| &r.event_id)
            .into_iter()
            .chain(std::iter::once(&thread.event_id))
            .collect(),
        _ => Vec::new(),
    };
    let replies_to_bot = bot
        .sent
        .lock()
        .map(|sent| related.iter().any(|id| sent.contains(id)))
        .unwrap_or(false);
    let display_name = match room.get_member_no_sync(me).await {
        Ok(Some(member)) => member.display_name().map(ToOwned::to_owned),
        _ => None,
    };
    let identity = Identity {
        user_id: me.to_string(),
        display_name,
    };
    // In a direct message with the bot, every message is for it.
    let direct = room.is_direct().await.unwrap_or(false);
    let message = Message {
        body,
        mentions_bot: mentions_bot || direct,
        replies_to_bot,
        // With `m.mentions` present, a leading name is not a mention of the bot by itself.
        names_count: mentions.is_none(),
    };
    let Some(parsed) = interpret(&message, &identity, &bot.prefix) else {
        return Ok(());
    };
    // A conversation is one user's in one room, or in one thread of it.
    let place = match &event.content.relates_to {
        Some(Relation::Thread(thread)) => format!("{} {}", room.room_id(), thread.event_id),
        _ => room.room_id().to_string(),
    };
    let asker = Asker::new(Platform::Matrix, event.sender.as_str(), &bot.syntax).at(&place);
    let document = bot.service.handle_parsed(asker, parsed);
    if document.repeated {
        // "Slow down" was said in this window already: silence now.
        return Ok(());
    }
    let notice = Notice::from_document(&document);
    let metadata = ReplyMetadata::from(event);
    let in_thread = matches!(event.content.relates_to, Some(Relation::Thread(_)));
    let sent = send_reply(room, metadata, in_thread, notice).await?;
    if let Some(answered) = document.answered
        && let Ok(mut answers) = bot.answers.lock()
    {
        // So that a reaction to it can rate it.
        answers.insert(sent.clone(), answered);
    }
    if let Ok(mut replies) = bot.replies.lock() {
        replies.insert(event.event_id.clone(), sent.clone());
    }
    if let Ok(mut sent_ids) = bot.sent.lock() {
        sent_ids.insert(sent, ());
    }
    Ok(())
}

/// A question removed by its sender (or a moderator) takes the bot's answer with it.
pub(super) async fn on_redaction(
    event: OriginalSyncRoomRedactionEvent,
    room: Room,
    client: Client,
    bot: Ctx<Arc<Bot>>,
) {
    let bot = bot.0;
    if room.state() != RoomState::Joined || client.user_id().is_some_and(|me| event.sender == me) {
        return;
    }
    let Some(question) = event
        .content
        .redacts
        .clone()
        .or_else(|| event.redacts.clone())
    else {
        return;
    };
    let answer = bot
        .replies
        .lock()
        .ok()
        .and_then(|mut replies| replies.take(&question));
    if let Some(answer) = answer
        && let Err(error) = room
            .redact(&answer, Some("the question was removed"), None)
            .await
    {
        tracing::warn!(%error, "could not remove the answer to a removed question");
    }
}

/// 👍 or 👎 on one of the bot's answers rates it (once per user and answer); nothing is sent.
pub(super) async fn on_reaction(
    event: OriginalSyncReactionEvent,
    room: Room,
    client: Client,
    bot: Ctx<Arc<Bot>>,
) {
    let bot = bot.0;
    if room.state() != RoomState::Joined
        || client.user_id().is_none_or(|me| event.sender == me)
        || !bot.is_new(&room, &event.event_id, event.origin_server_ts)
    {
        return;
    }
    let annotation = &event.content.relates_to;
    let verdict = match annotation.key.trim_end_matches(|c: char| {
        // Variation selectors and skin tones.
        c == '\u{fe0f}' || ('\u{1f3fb}'..='\u{1f3ff}').contains(&c)
    }) {
        "\u{1f44d}" | "+1" => Verdict::Helpful,
        "\u{1f44e}" | "-1" => Verdict::NotHelpful,
        _ => return,
    };
    let answered = bot
        .answers
        .lock()
        .ok()
        .and_then(|answers| answers.get(&annotation.event_id).cloned());
    let Some(answered) = answered else { return };
    let asker = Asker::new(Platform::Matrix, event.sender.as_str(), &bot.syntax)
        .at(room.room_id().as_str());
    bot.service
        .feedback(asker, &answered, annotation.event_id.as_str(), verdict);
}

/// An encrypted event reaches this handler only if it could not be decrypted. Keys may still
/// arrive, so wait a moment and try again before saying so (once per room per run).
pub(super) async fn on_encrypted(
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
        let asker = Asker::new(Platform::Matrix, event.sender.as_str(), &bot.syntax);
        let notice = Notice::from_document(&bot.service.notice(asker, view::Notice::CannotDecrypt));
        if let Err(error) = send_reply(&room, metadata, thread.is_some(), notice).await {
            tracing::warn!(%error, "could not say that a message was undecryptable");
        }
    });
}

pub(super) async fn on_invite(
    event: StrippedRoomMemberEvent,
    room: Room,
    client: Client,
    bot: Ctx<Arc<Bot>>,
) {
    if event.content.membership != MembershipState::Invite
        || client.user_id().is_none_or(|me| event.state_key != me)
        || room.state() != RoomState::Invited
    {
        return;
    }
    answer_invite(bot.0, room, event.sender);
}

/// Joins (with retries) when the inviter is allowed, otherwise declines.
pub(super) fn answer_invite(bot: Arc<Bot>, room: Room, inviter: OwnedUserId) {
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
        // From a second, doubling, for about 17 minutes in all.
        let mut backoff =
            Backoff::new(Duration::from_secs(1), Duration::from_secs(512)).retries(10);
        loop {
            match room.join().await {
                Ok(()) => break,
                Err(error) => match backoff.next_delay() {
                    Some(delay) => {
                        tracing::warn!(%error, ?delay, "joining a room failed, retrying");
                        tokio::time::sleep(delay).await;
                    }
                    None => {
                        tracing::error!(%error, room = %room.room_id(), "giving up joining a room");
                        return;
                    }
                },
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
pub(super) async fn on_membership(event: OriginalSyncRoomMemberEvent, room: Room, client: Client) {
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
    pub(super) fn is_new(
        &self,
        room: &Room,
        id: &OwnedEventId,
        sent: MilliSecondsSinceUnixEpoch,
    ) -> bool {
        self.is_recent(room, sent)
            && self
                .seen
                .lock()
                .map(|mut seen| seen.insert(id.clone(), ()))
                .unwrap_or(false)
    }

    /// Whether an event is newer than the bot's join of the room by this process (if it joined
    /// it), and than a day: older history is never answered.
    pub(super) fn is_recent(&self, room: &Room, sent: MilliSecondsSinceUnixEpoch) -> bool {
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
