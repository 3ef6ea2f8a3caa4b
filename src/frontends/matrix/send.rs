//! Sending the bot's replies: quiet notices that mention no one, as replies (in the asker's
//! thread when there is one) or as edits of earlier answers, retried with the shared backoff
//! under one transaction id.

use std::time::Duration;

use matrix_sdk::Room;
use matrix_sdk::ruma::events::Mentions;
use matrix_sdk::ruma::events::room::message::{
    AddMentions, ForwardThread, ReplacementMetadata, ReplyMetadata, ReplyWithinThread,
    RoomMessageEventContent,
};
use matrix_sdk::ruma::{OwnedEventId, TransactionId};

use super::render::Notice;
use crate::lifecycle::Backoff;

/// Sends a notice replying to an event (within its thread if it has one). `m.mentions` is
/// empty, so no one is pinged.
pub(super) async fn send_reply(
    room: &Room,
    metadata: ReplyMetadata<'_>,
    in_thread: bool,
    notice: Notice,
) -> anyhow::Result<OwnedEventId> {
    let base = RoomMessageEventContent::notice_html(notice.body, notice.html)
        .add_mentions(Mentions::new());
    let content = if in_thread {
        base.make_for_thread(metadata, ReplyWithinThread::Yes, AddMentions::No)
    } else {
        base.make_reply_to(metadata, ForwardThread::Yes, AddMentions::No)
    };
    send(room, content).await
}

/// Replaces one of the bot's answers with a new notice (`m.replace`), pinging no one.
pub(super) async fn send_edit(
    room: &Room,
    answer: &OwnedEventId,
    notice: Notice,
) -> anyhow::Result<OwnedEventId> {
    let content = RoomMessageEventContent::notice_html(notice.body, notice.html)
        .add_mentions(Mentions::new())
        .make_replacement(ReplacementMetadata::new(
            answer.clone(),
            Some(Mentions::new()),
        ));
    send(room, content).await
}

/// Sends an event, retried with the shared backoff under one transaction id (so retries are
/// idempotent) when the failure is worth another try.
async fn send(room: &Room, content: RoomMessageEventContent) -> anyhow::Result<OwnedEventId> {
    let transaction = TransactionId::new();
    // About a minute in all (0.5 + 1 + ... + 16 + 16 s): a homeserver restart is outlived.
    let mut backoff = Backoff::new(Duration::from_millis(500), Duration::from_secs(16)).retries(7);
    loop {
        match room
            .send(content.clone())
            .with_transaction_id(transaction.clone())
            .await
        {
            Ok(sent) => return Ok(sent.response.event_id),
            Err(error) => {
                let status = error.as_client_api_error().map(|e| e.status_code.as_u16());
                if !retryable(status) {
                    // Forbidden, too large, ...: the same request would fail again.
                    return Err(error.into());
                }
                match backoff.next_delay() {
                    Some(delay) => {
                        tracing::warn!(%error, ?delay, "sending a Matrix reply failed, retrying");
                        tokio::time::sleep(delay).await;
                    }
                    None => return Err(error.into()),
                }
            }
        }
    }
}

/// Whether a failed send is worth another try: no answer from the homeserver (a network error,
/// a restart), a rate limit (429) or a server error (5xx); not a refusal (other 4xx).
fn retryable(status: Option<u16>) -> bool {
    match status {
        None => true,
        Some(429) => true,
        Some(status) => status >= 500,
    }
}

#[cfg(test)]
mod tests {
    use super::retryable;

    #[test]
    fn refusals_are_final_and_outages_are_retried() {
        assert!(retryable(None), "network errors, homeserver restarts");
        assert!(retryable(Some(429)) && retryable(Some(502)) && retryable(Some(503)));
        for refused in [400, 403, 404, 413] {
            assert!(!retryable(Some(refused)), "{refused}");
        }
    }
}
