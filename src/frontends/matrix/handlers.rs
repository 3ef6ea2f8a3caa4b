//! The event handlers: messages (commands, mentions, replies to the bot), messages that could
//! not be decrypted, invites, and the bot's own membership. Each turns an event into a command
//! for the service and the document it gets back into a notice.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use matrix_sdk::deserialized_responses::TimelineEventKind;
use matrix_sdk::event_handler::{Ctx, RawEvent};
use matrix_sdk::ruma::api::client::state::get_state_event_for_key;
use matrix_sdk::ruma::events::Mentions;
use matrix_sdk::ruma::events::StateEventType;
use matrix_sdk::ruma::events::reaction::OriginalSyncReactionEvent;
use matrix_sdk::ruma::events::room::encrypted::{
    OriginalSyncRoomEncryptedEvent, Relation as EncryptedRelation,
};
use matrix_sdk::ruma::events::room::member::{
    MembershipState, OriginalSyncRoomMemberEvent, RoomMemberEventContent, StrippedRoomMemberEvent,
};
use matrix_sdk::ruma::events::room::message::{
    MessageType, OriginalSyncRoomMessageEvent, Relation, ReplyMetadata,
};
use matrix_sdk::ruma::events::room::redaction::OriginalSyncRoomRedactionEvent;
use matrix_sdk::ruma::events::room::tombstone::OriginalSyncRoomTombstoneEvent;
use matrix_sdk::ruma::serde::Raw;
use matrix_sdk::ruma::{
    MilliSecondsSinceUnixEpoch, OwnedEventId, OwnedUserId, RoomOrAliasId, UserId,
};

use super::incoming;
use matrix_sdk::{Client, Room, RoomState};

use super::Bot;
use super::incoming::{Identity, Message, interpret, invite_allowed};
use super::render::Notice;
use super::send::{send_edit, send_reply};
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
    raw: RawEvent,
    room: Room,
    client: Client,
    bot: Ctx<Arc<Bot>>,
) {
    let bot = bot.0;
    let Some(me) = bot
        .admit(&room, &client, &event.sender, &raw, event.origin_server_ts)
        .await
    else {
        return;
    };
    if !bot.mark_seen(&event.event_id) {
        return;
    }
    // An edit (`m.replace`) is read for its new content; the question it edits is what the bot
    // answers (again).
    let (content, edits) = match &event.content.relates_to {
        Some(Relation::Replacement(replacement)) => (
            Content {
                msgtype: &replacement.new_content.msgtype,
                mentions: replacement.new_content.mentions.clone(),
            },
            Some(replacement.event_id.clone()),
        ),
        _ => (
            Content {
                msgtype: &event.content.msgtype,
                mentions: event.content.mentions.clone(),
            },
            None,
        ),
    };
    // Other bots (and this one) send notices: only text is a question.
    let MessageType::Text(text) = content.msgtype else {
        return;
    };
    let question = Question {
        body: text.body.clone(),
        html: text.formatted.as_ref().map(|f| f.body.clone()),
        mentions: content.mentions,
        edits,
    };
    if bot.in_flight.count() >= MAX_IN_FLIGHT {
        // A flood: drop rather than queue without bound.
        bot.service.metrics().error(Platform::Matrix, "overloaded");
        return;
    }
    let guard = bot.in_flight.start();
    tokio::spawn(async move {
        let _guard = guard;
        if let Err(error) = answer(&bot, &room, &me, &event, question).await {
            bot.service.metrics().error(Platform::Matrix, "send_failed");
            tracing::warn!(%error, room = %room.room_id(), "could not answer a Matrix message");
        }
    });
}

/// The part of a message that is read: its own content, or an edit's new content.
struct Content<'a> {
    msgtype: &'a MessageType,
    mentions: Option<Mentions>,
}

/// A text message, or the new text of an edited one.
struct Question {
    body: String,
    html: Option<String>,
    mentions: Option<Mentions>,
    /// The message this one edits, if it is an edit.
    edits: Option<OwnedEventId>,
}

/// What the bot remembers of a question it answered: its answer, who asked, and in which
/// conversation, so that an edit of the question edits the answer and a redaction removes it.
#[derive(Debug, Clone)]
pub(super) struct Answering {
    answer: OwnedEventId,
    asker: OwnedUserId,
    place: String,
}

/// Answers one text message if it is meant for the bot: in a reply (in its thread, if any), or
/// by editing the earlier answer when the message edits an answered question.
async fn answer(
    bot: &Arc<Bot>,
    room: &Room,
    me: &UserId,
    event: &OriginalSyncRoomMessageEvent,
    question: Question,
) -> anyhow::Result<()> {
    let earlier = question.edits.as_ref().and_then(|original| {
        bot.replies
            .lock()
            .ok()
            .and_then(|replies| replies.get(original).cloned())
    });
    if earlier
        .as_ref()
        .is_some_and(|earlier| earlier.asker != event.sender)
    {
        // Only the asker's own edits count (anyone else's are invalid per the spec).
        return Ok(());
    }
    // Mentions as the spec has them (`m.mentions`) when the client sends them; otherwise a pill
    // linking exactly to the bot, outside the quoted reply.
    let mentions_bot = match &question.mentions {
        Some(mentions) => mentions.user_ids.contains(me),
        None => question
            .html
            .as_deref()
            .is_some_and(|h| incoming::has_pill(h, me.as_str())),
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
    let replies_to_bot = earlier.is_some()
        || bot
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
        body: &question.body,
        mentions_bot: mentions_bot || direct,
        replies_to_bot,
        // With `m.mentions` present, a leading name is not a mention of the bot by itself.
        names_count: question.mentions.is_none(),
    };
    let Some(parsed) = interpret(&message, &identity, &bot.prefix) else {
        return Ok(());
    };
    // A conversation is one user's in one room, or in one thread of it.
    let place = match (&earlier, &event.content.relates_to) {
        (Some(earlier), _) => earlier.place.clone(),
        (None, Some(Relation::Thread(thread))) => format!("{} {}", room.room_id(), thread.event_id),
        (None, _) => room.room_id().to_string(),
    };
    let asker = Asker::new(Platform::Matrix, event.sender.as_str(), &bot.syntax)
        .at(&place)
        .in_room(room.room_id().as_str());
    let document = bot.service.handle_parsed(asker, parsed);
    if document.repeated {
        // "Slow down" was said in this window already: silence now.
        return Ok(());
    }
    let notice = Notice::from_document(&document);
    let answered_id = match &earlier {
        Some(earlier) => {
            send_edit(room, &earlier.answer, notice).await?;
            earlier.answer.clone()
        }
        None => {
            // An edit of a message not answered before (say, one that now mentions the bot)
            // is answered as a reply to the message itself.
            let question_id = question.edits.as_ref().unwrap_or(&event.event_id);
            let metadata = match &question.edits {
                Some(original) => ReplyMetadata::new(original, &event.sender, None),
                None => ReplyMetadata::from(event),
            };
            let in_thread = question.edits.is_none()
                && matches!(event.content.relates_to, Some(Relation::Thread(_)));
            let sent = send_reply(room, metadata, in_thread, notice).await?;
            if let Ok(mut replies) = bot.replies.lock() {
                replies.insert(
                    question_id.clone(),
                    Answering {
                        answer: sent.clone(),
                        asker: event.sender.clone(),
                        place,
                    },
                );
            }
            if let Ok(mut sent_ids) = bot.sent.lock() {
                sent_ids.insert(sent.clone(), ());
            }
            sent
        }
    };
    if let Ok(mut answers) = bot.answers.lock() {
        // So that a reaction to it can rate it (an edited answer rates its new entry).
        match document.answered {
            Some(answered) => {
                answers.insert(answered_id, answered);
            }
            None => {
                answers.take(&answered_id);
            }
        }
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
        .and_then(|mut replies| replies.take(&question))
        .map(|answering| answering.answer);
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
    raw: RawEvent,
    room: Room,
    client: Client,
    bot: Ctx<Arc<Bot>>,
) {
    let bot = bot.0;
    if bot
        .admit(&room, &client, &event.sender, &raw, event.origin_server_ts)
        .await
        .is_none()
        || !bot.mark_seen(&event.event_id)
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
/// arrive, so wait a moment and try again. A message still unreadable gets a notice only when
/// it was meant for the bot (in a direct message, or replying to the bot: relations are not
/// encrypted), once per room per run.
pub(super) async fn on_encrypted(
    event: OriginalSyncRoomEncryptedEvent,
    raw: RawEvent,
    room: Room,
    client: Client,
    bot: Ctx<Arc<Bot>>,
) {
    let bot = bot.0;
    if bot
        .admit(&room, &client, &event.sender, &raw, event.origin_server_ts)
        .await
        .is_none()
    {
        return;
    }
    if bot.in_flight.count() >= MAX_IN_FLIGHT {
        bot.service.metrics().error(Platform::Matrix, "overloaded");
        return;
    }
    let guard = bot.in_flight.start();
    tokio::spawn(async move {
        let _guard = guard;
        tokio::time::sleep(KEY_GRACE).await;
        let encrypted: Raw<OriginalSyncRoomEncryptedEvent> = Raw::from_json(raw.0.clone());
        let retried = room.decrypt_event(&encrypted, None).await;
        if let Ok(decrypted) = &retried
            && !matches!(decrypted.kind, TimelineEventKind::UnableToDecrypt { .. })
        {
            let json = decrypted.raw().json();
            match serde_json::from_str::<OriginalSyncRoomMessageEvent>(json.get()) {
                Ok(message) => {
                    let raw = RawEvent(json.to_owned());
                    on_message(message, raw, room, client, Ctx(bot.clone())).await;
                }
                Err(error) => tracing::debug!(%error, "a late-decrypted event is not a message"),
            }
            return;
        }
        bot.service
            .metrics()
            .error(Platform::Matrix, "undecryptable");
        tracing::warn!(room = %room.room_id(), event = %event.event_id, "could not decrypt a message");
        let (replied, thread) = match &event.content.relates_to {
            Some(EncryptedRelation::Reply(reply)) => (Some(&reply.in_reply_to.event_id), None),
            Some(EncryptedRelation::Thread(thread)) => (
                thread.in_reply_to.as_ref().map(|r| &r.event_id),
                Some(thread),
            ),
            _ => (None, None),
        };
        let to_bot = bot.sent.lock().is_ok_and(|sent| {
            replied
                .into_iter()
                .chain(thread.map(|t| &t.event_id))
                .any(|id| sent.contains(id))
        });
        if !to_bot && !room.is_direct().await.unwrap_or(false) {
            // Not for the bot, as far as anyone can tell: none of its business.
            return;
        }
        let first_time = bot
            .told_undecryptable
            .lock()
            .map(|mut told| told.insert(room.room_id().to_owned()))
            .unwrap_or(false);
        if !first_time || !bot.mark_seen(&event.event_id) {
            return;
        }
        let metadata = ReplyMetadata::new(&event.event_id, &event.sender, thread);
        let asker = Asker::new(Platform::Matrix, event.sender.as_str(), &bot.syntax)
            .in_room(room.room_id().as_str());
        let document = bot.service.notice(asker, view::Notice::CannotDecrypt);
        if document.repeated {
            return;
        }
        let notice = Notice::from_document(&document);
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
        // A store that lost its room state (a first sync cut short) can take a room the bot
        // is in for an invite; joining it again would replay its history as new.
        if already_joined(&room).await {
            tracing::debug!(room = %room.room_id(), "already in the room of an old invite");
            return;
        }
        // From a second, doubling, for about 17 minutes in all.
        let backoff = Backoff::new(Duration::from_secs(1), Duration::from_secs(512)).retries(10);
        if let Err(error) = backoff.retry("joining a room", || room.join()).await {
            tracing::error!(%error, room = %room.room_id(), "giving up joining a room");
            return;
        }
        tracing::info!(room = %room.room_id(), "joined a room");
        tracing::debug!(room = %room.room_id(), %inviter, "joined on the invite of");
    });
}

/// A room upgraded to a new version (`m.room.tombstone`) is followed into its successor.
pub(super) async fn on_tombstone(
    event: OriginalSyncRoomTombstoneEvent,
    room: Room,
    client: Client,
) {
    if room.state() != RoomState::Joined {
        return;
    }
    let successor = event.content.replacement_room.clone();
    // The upgrader's server is in the new room; room ids of new versions name no server.
    let via = vec![event.sender.server_name().to_owned()];
    tokio::spawn(async move {
        let backoff = Backoff::new(Duration::from_secs(1), Duration::from_secs(60)).retries(6);
        let successor_id = <&RoomOrAliasId>::from(&*successor);
        match backoff
            .retry("joining an upgraded room", || {
                client.join_room_by_id_or_alias(successor_id, &via)
            })
            .await
        {
            Ok(_) => {
                tracing::info!(old = %room.room_id(), new = %successor, "followed a room upgrade");
            }
            Err(error) => {
                tracing::error!(%error, new = %successor, "giving up following a room upgrade");
            }
        }
    });
}

/// Whether the homeserver says the bot is in the room already.
async fn already_joined(room: &Room) -> bool {
    let Some(me) = room.client().user_id().map(ToOwned::to_owned) else {
        return false;
    };
    let request = get_state_event_for_key::v3::Request::new(
        room.room_id().to_owned(),
        StateEventType::RoomMember,
        me.to_string(),
    );
    match room.client().send(request).await {
        Ok(response) => response
            .into_content()
            .deserialize_as_unchecked::<RoomMemberEventContent>()
            .is_ok_and(|member| member.membership == MembershipState::Join),
        Err(_) => false,
    }
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
    /// The bot's own user id, when an event is one to read: in a room the bot has joined,
    /// from someone else, and sent while the bot was in the room (see [`Bot::is_recent`]).
    pub(super) async fn admit(
        &self,
        room: &Room,
        client: &Client,
        sender: &UserId,
        raw: &RawEvent,
        sent: MilliSecondsSinceUnixEpoch,
    ) -> Option<OwnedUserId> {
        let me = client.user_id()?.to_owned();
        let admitted = room.state() == RoomState::Joined
            && sender != me
            && !self.history.contains(room.room_id(), sent)
            && self.is_recent(room, &me, raw, sent).await;
        admitted.then_some(me)
    }

    /// Marks an event seen; false if it was already.
    pub(super) fn mark_seen(&self, id: &OwnedEventId) -> bool {
        self.seen
            .lock()
            .map(|mut seen| seen.insert(id.clone(), ()))
            .unwrap_or(false)
    }

    /// Whether an event was sent while the bot was in the room, and within a day: history
    /// from before the bot joined is never answered, nor anything older than a day (after a
    /// long outage). Membership is decided by the room's state, not the clock: the
    /// homeserver's `unsigned.membership` (the bot's membership when the event was sent), or,
    /// from servers that do not send it, the bot's own membership event.
    async fn is_recent(
        &self,
        room: &Room,
        me: &UserId,
        raw: &RawEvent,
        sent: MilliSecondsSinceUnixEpoch,
    ) -> bool {
        let day_ago = SystemTime::now() - Duration::from_secs(24 * 3600);
        if sent.to_system_time().is_some_and(|t| t < day_ago) {
            return false;
        }
        match membership_when_sent(raw) {
            Some(membership) => membership == "join",
            None => match room.get_member_no_sync(me).await {
                Ok(Some(member)) => member
                    .event()
                    .origin_server_ts()
                    .is_none_or(|joined| sent >= joined),
                _ => true,
            },
        }
    }
}

/// The bot's membership in the room when the event was sent, as the homeserver says in
/// `unsigned.membership` (MSC4115, Matrix 1.11).
fn membership_when_sent(raw: &RawEvent) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Event {
        #[serde(default)]
        unsigned: Option<Unsigned>,
    }
    #[derive(serde::Deserialize)]
    struct Unsigned {
        #[serde(default)]
        membership: Option<String>,
    }
    serde_json::from_str::<Event>(raw.0.get())
        .ok()?
        .unsigned?
        .membership
}
