//! Sending the bot's replies: quiet notices that mention no one, as replies (in the asker's
//! thread when there is one), retried with the shared backoff under one transaction id.

use std::time::Duration;

use matrix_sdk::Room;
use matrix_sdk::ruma::events::Mentions;
use matrix_sdk::ruma::events::room::message::{
    AddMentions, ForwardThread, ReplyMetadata, ReplyWithinThread, RoomMessageEventContent,
};
use matrix_sdk::ruma::{OwnedEventId, TransactionId};

use super::render::Notice;
use crate::lifecycle::Backoff;

/// Sends a notice replying to an event (within its thread if it has one). `m.mentions` is
/// empty, so no one is pinged; the same transaction id makes retries idempotent.
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
    let transaction = TransactionId::new();
    let mut backoff = Backoff::new(Duration::from_millis(500), Duration::from_secs(4)).retries(3);
    loop {
        match room
            .send(content.clone())
            .with_transaction_id(transaction.clone())
            .await
        {
            Ok(sent) => return Ok(sent.response.event_id),
            Err(error) => match backoff.next_delay() {
                Some(delay) => {
                    tracing::warn!(%error, ?delay, "sending a Matrix reply failed, retrying");
                    tokio::time::sleep(delay).await;
                }
                None => return Err(error.into()),
            },
        }
    }
}
