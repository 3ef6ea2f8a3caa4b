//! The policy every front-end shares, in one place: the served router (hot-reloaded, see
//! [`Live`]), the per-user rate limit on every reply a user causes, the wording of replies
//! ([`crate::view`]), the metrics, and the log of unanswered questions. A front-end hands each
//! command to [`Service::handle`] and gets a [`Document`] back to serialize, so every platform
//! is limited, observed and worded the same way and none of them can forget to.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use crate::config::Settings;
use crate::metrics::{Metrics, Outcome, Platform};
use crate::ratelimit::RateLimiter;
use crate::reload::Live;
use crate::router::{Command, Parsed, Previous, Reply, Router, Suggestion};
use crate::unanswered::{self, Record, UnansweredLog};
use crate::view::{self, Answered, Document, Notice, Syntax};

/// Who asked, and where: the platform, the user's platform id (never stored raw; see
/// [`crate::unanswered`]) and how commands are written there. The console has no user and is
/// never rate-limited.
#[derive(Debug, Clone, Copy)]
pub struct Asker<'a> {
    pub platform: Platform,
    pub user: Option<&'a str>,
    pub syntax: &'a Syntax,
    /// Where the conversation happens (a channel, a room, a thread), so follow-up questions
    /// are read in the context of the asker's last answer there.
    pub place: &'a str,
    /// The shared room whose replies are limited together, so a crowd cannot flood it (empty:
    /// no room limit).
    pub room: &'a str,
}

impl<'a> Asker<'a> {
    pub fn new(platform: Platform, user: &'a str, syntax: &'a Syntax) -> Self {
        Self {
            platform,
            user: Some(user),
            syntax,
            place: "",
            room: "",
        }
    }

    /// The same asker, in the conversation at `place` (a channel, room or thread id).
    pub fn at(self, place: &'a str) -> Self {
        Self { place, ..self }
    }

    /// The same asker, in a room whose replies share a limit (see [`Service::with_room_limit`]).
    pub fn in_room(self, room: &'a str) -> Self {
        Self { room, ..self }
    }

    /// The local console's user: one conversation per session.
    pub fn console(syntax: &'a Syntax) -> Self {
        Self {
            platform: Platform::Console,
            user: None,
            syntax,
            place: "",
            room: "",
        }
    }
}

/// The router being served, and what limits and watches its use.
#[derive(Debug)]
pub struct Service {
    live: Arc<Live>,
    metrics: Arc<Metrics>,
    limiter: RateLimiter,
    /// Replies per room, across its users (off unless set).
    room_limiter: RateLimiter,
    conversations: Conversations,
    /// Ratings already given (asker and answer), so each asker rates an answer once.
    votes: Seen,
    /// When each user was last told to slow down.
    told: Told,
    unanswered: Option<Recorder>,
    /// Answers below this confidence are logged as weak.
    below: f32,
}

/// How many misses may wait for the writer before new ones are dropped (and counted).
const BACKLOG: usize = 4096;

/// Writes unanswered questions from a thread of its own, so neither the disk nor finding the
/// closest entries ever delays a reply. [`Service::flush`] waits for what is queued.
#[derive(Debug)]
struct Recorder {
    log: Arc<UnansweredLog>,
    queue: mpsc::SyncSender<Job>,
    /// Whether a full queue was already reported at warn level.
    warned: AtomicBool,
}

enum Job {
    /// A record whose candidates the writer finds, with the router that answered.
    Write(Record, Arc<Router>, Platform),
    /// Answered once everything queued before it is written.
    Flush(mpsc::Sender<()>),
}

impl Recorder {
    fn start(log: UnansweredLog, metrics: Arc<Metrics>) -> std::io::Result<Self> {
        let log = Arc::new(log);
        let (queue, jobs) = mpsc::sync_channel::<Job>(BACKLOG);
        // Detached: it ends when the queue's sender is dropped. Exits go through
        // `Service::flush`, which bounds the wait, so a hung disk cannot hold the process.
        {
            let log = log.clone();
            std::thread::Builder::new()
                .name("unanswered-log".into())
                .spawn(move || write_all(&log, &metrics, jobs))?;
        }
        Ok(Self {
            log,
            queue,
            warned: AtomicBool::new(false),
        })
    }
}

/// The writer thread: until every sender is gone.
fn write_all(log: &UnansweredLog, metrics: &Metrics, jobs: mpsc::Receiver<Job>) {
    let mut warned = false;
    for job in jobs {
        match job {
            Job::Write(mut record, router, platform) => {
                if record.answered.is_none() {
                    record.candidates = candidates(&router, &record.question);
                }
                drop(router);
                match log.append(&record) {
                    Ok(()) => metrics.unanswered_logged(),
                    Err(error) => {
                        metrics.error(platform, "unanswered_log");
                        if !std::mem::replace(&mut warned, true) {
                            tracing::warn!(path = %log.path().display(), %error, "cannot write the unanswered-question log (reported once)");
                        }
                    }
                }
            }
            Job::Flush(done) => {
                let _ = done.send(());
            }
        }
    }
}

impl Service {
    /// `limiter` bounds the replies each user causes; `below` is the confidence under which an
    /// answer is logged as weak.
    pub fn new(
        live: Arc<Live>,
        metrics: Arc<Metrics>,
        limiter: RateLimiter,
        unanswered: Option<UnansweredLog>,
        below: f32,
    ) -> Self {
        let unanswered = unanswered.and_then(|log| {
            Recorder::start(log, metrics.clone())
                .inspect_err(|error| tracing::warn!(%error, "cannot start the unanswered-question writer; not logging"))
                .ok()
        });
        Self {
            live,
            metrics,
            limiter,
            room_limiter: RateLimiter::new(0, Duration::from_secs(1)),
            conversations: Conversations::default(),
            votes: Seen::default(),
            told: Told::default(),
            unanswered,
            below,
        }
    }

    /// A service for `router` from `settings`: metrics, the rate limit, and the unanswered log
    /// if enabled. A log that cannot be opened is reported and left off; it never stops the bot
    /// from answering.
    pub fn from_settings(settings: &Settings, router: Router) -> Self {
        let metrics = Arc::new(Metrics::new());
        let live = Arc::new(Live::new(router, metrics.clone()));
        let limits = &settings.limits;
        let limiter = RateLimiter::new(
            limits.asks_per_window,
            Duration::from_secs(limits.window_seconds),
        );
        let log = &settings.unanswered;
        let unanswered = if !log.enabled {
            None
        } else if let Some(dir) = log.dir() {
            match UnansweredLog::open(&dir, log.max_bytes, log.keep) {
                Ok(opened) => {
                    tracing::debug!(path = %opened.path().display(), "logging unanswered questions");
                    Some(opened)
                }
                Err(error) => {
                    tracing::warn!("{error}; unanswered questions will not be logged");
                    None
                }
            }
        } else {
            tracing::warn!(
                "no directory for the unanswered-question log (set unanswered.dir); not logging"
            );
            None
        };
        Self::new(live, metrics, limiter, unanswered, log.below).with_room_limit(RateLimiter::new(
            limits.room_replies_per_window,
            Duration::from_secs(limits.window_seconds),
        ))
    }

    /// Where unanswered questions are logged, if they are.
    pub fn unanswered_log(&self) -> Option<&Path> {
        self.unanswered.as_ref().map(|recorder| recorder.log.path())
    }

    pub fn live(&self) -> &Arc<Live> {
        &self.live
    }

    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// The router being served now.
    pub fn router(&self) -> Arc<Router> {
        self.live.router()
    }

    /// Handles `command` for `asker`: limits, answers, observes, and words the reply.
    pub fn handle(&self, asker: Asker<'_>, command: Command) -> Document {
        if let Some(refusal) = self.over_limit(&asker) {
            return refusal;
        }
        let router = self.live.router();
        let name = command_name(&command);
        let asks = command.asks();
        // Kept only when a miss could be logged.
        let question = match (&command, &self.unanswered) {
            (Command::Ask { question }, Some(_)) => Some(question.clone()),
            _ => None,
        };
        let asked = match &command {
            Command::Ask { question } => Some(question.trim().to_owned()),
            _ => None,
        };
        let started = Instant::now();
        // The entry answered before in this conversation, logged with a miss read after it.
        let mut after = None;
        let reply = match &command {
            Command::Ask { .. } => {
                let key = conversation_key(&asker);
                let previous = self.conversations.last(&key, started);
                after = previous
                    .as_ref()
                    .map(|p| p.id.clone())
                    .filter(|id| !id.is_empty());
                let reply = router.handle_in(command, previous.as_ref());
                if let Some(asked) = &asked
                    && let Some(remembered) = router.remember(previous.as_ref(), asked, &reply)
                {
                    if matches!(reply, Reply::Answer(_)) {
                        self.conversations.answered(key, remembered, started);
                    } else {
                        self.conversations.noted(key, remembered, started);
                    }
                }
                reply
            }
            _ => router.handle(command),
        };
        self.metrics.command(asker.platform, name);
        if asks {
            self.observe_ask(
                asker,
                Asked {
                    question: question.as_deref(),
                    after,
                },
                &router,
                &reply,
                started.elapsed(),
            );
        }
        let mut document = view::render(&reply, asker.syntax, asker.platform);
        if let (Some(answered), Some(asked)) = (&mut document.answered, asked) {
            answered.asked = asked;
        }
        document
    }

    /// Limits the replies in each room (an [`Asker::in_room`]) across its users, besides each
    /// user's own limit.
    pub fn with_room_limit(mut self, limiter: RateLimiter) -> Self {
        self.room_limiter = limiter;
        self
    }

    /// Handles a parsed line of text. This is the one place that decides that plain text is a
    /// question.
    pub fn handle_parsed(&self, asker: Asker<'_>, parsed: Parsed) -> Document {
        match parsed {
            Parsed::Command(command) => self.handle(asker, command),
            Parsed::Text(question) => self.handle(asker, Command::Ask { question }),
            Parsed::Invalid(error) => {
                if let Some(refusal) = self.over_limit(&asker) {
                    return refusal;
                }
                self.metrics.command(asker.platform, "invalid");
                view::render(&Reply::Refused(error.into()), asker.syntax, asker.platform)
            }
        }
    }

    /// A notice that a user's action caused (a stale button, a message without text); it counts
    /// against their rate limit like any other reply.
    pub fn notice(&self, asker: Asker<'_>, notice: Notice) -> Document {
        self.over_limit(&asker)
            .unwrap_or_else(|| view::notice(&notice, asker.syntax))
    }

    /// Known questions for a partly typed one (Discord's autocomplete). Not rate-limited: it is
    /// asked on every keystroke, is cheap and bounded, and shows nothing in a channel.
    pub fn complete(&self, asker: Asker<'_>, partial: &str) -> Vec<Suggestion> {
        let reply = self.live.router().handle(Command::Complete {
            partial: partial.to_owned(),
        });
        self.metrics.command(asker.platform, "complete");
        match reply {
            Reply::Completions(list) => list,
            _ => Vec::new(),
        }
    }

    /// The "slow down" notice, marked repeated when this user was told within the window
    /// already (chat rooms then stay silent; Discord must answer every interaction).
    fn slow_down(&self, asker: &Asker<'_>) -> Document {
        let mut document = view::notice(&Notice::SlowDown, asker.syntax);
        let key = conversation_key(&Asker {
            place: "",
            ..*asker
        });
        document.repeated = !self
            .told
            .first_in(&key, self.limiter.window(), Instant::now());
        document
    }

    /// The "this room is busy" notice, said once per window in a room, then marked repeated.
    fn room_busy(&self, asker: &Asker<'_>) -> Document {
        let mut document = view::notice(&Notice::RoomBusy, asker.syntax);
        let key = format!("{} room {}", asker.platform.as_str(), asker.room);
        document.repeated = !self
            .told
            .first_in(&key, self.room_limiter.window(), Instant::now());
        document
    }

    /// The refusal for an asker over a limit, if they are: theirs first, then their room's.
    /// Counts the reply against both limits otherwise. The console (no user) is never
    /// limited.
    fn over_limit(&self, asker: &Asker<'_>) -> Option<Document> {
        let user = asker.user?;
        // One limiter for every platform: the key keeps their users apart.
        if !self
            .limiter
            .allow(&format!("{}:{user}", asker.platform.as_str()))
        {
            self.metrics.rate_limited(asker.platform);
            return Some(self.slow_down(asker));
        }
        if !asker.room.is_empty()
            && !self
                .room_limiter
                .allow(&format!("{}:{}", asker.platform.as_str(), asker.room))
        {
            self.metrics.rate_limited(asker.platform);
            return Some(self.room_busy(asker));
        }
        None
    }

    /// Counts an ask by outcome and time, and queues it for the unanswered log if it was a
    /// miss or a weak answer to a typed question.
    fn observe_ask(
        &self,
        asker: Asker<'_>,
        asked: Asked<'_>,
        router: &Arc<Router>,
        reply: &Reply,
        took: Duration,
    ) {
        let (outcome, weak) = match reply {
            Reply::Answer(answer) => (Outcome::Answered, answer.score < self.below),
            Reply::NoMatch(_) => (Outcome::NoMatch, true),
            // Chat, not a question the pack could learn to answer: never logged.
            Reply::SmallTalk(_) => (Outcome::SmallTalk, false),
            _ => (Outcome::Refused, false),
        };
        self.metrics.ask(asker.platform, outcome, took);
        if let (Some(question), true, Some(recorder)) = (asked.question, weak, &self.unanswered) {
            let outcome = match outcome {
                Outcome::Answered => "low_confidence",
                _ => "no_match",
            };
            // The closest entries are found by the writer, off the request path.
            let mut record = new_record(recorder, &asker, question, outcome, None);
            record.after = asked.after;
            self.queue(recorder, record, router, asker.platform);
        }
    }

    /// Hands a record to the writer, or counts it dropped when the writer is behind.
    fn queue(&self, recorder: &Recorder, record: Record, router: &Arc<Router>, platform: Platform) {
        if recorder
            .queue
            .try_send(Job::Write(record, router.clone(), platform))
            .is_err()
        {
            self.metrics.error(platform, "unanswered_dropped");
            if !recorder.warned.swap(true, Ordering::Relaxed) {
                tracing::warn!(
                    "the unanswered-question log is falling behind; dropping records (reported once)"
                );
            }
        }
    }

    /// Records that `asker` rated `answer` (helpful or not), once per asker and `answer_key`
    /// (the message that carried the answer): counted, and logged for curators so that wrong
    /// answers show up next to unanswered questions. Returns the notice to show the asker.
    pub fn feedback(
        &self,
        asker: Asker<'_>,
        answer: &Answered,
        answer_key: &str,
        verdict: Verdict,
    ) -> Document {
        if let Some(refusal) = self.over_limit(&asker) {
            return refusal;
        }
        let key = format!("{}\u{0}{answer_key}", conversation_key(&asker));
        if !self.votes.insert(key) {
            return view::notice(&Notice::AlreadyRated, asker.syntax);
        }
        self.metrics.feedback(asker.platform, verdict.as_str());
        if let Some(recorder) = &self.unanswered {
            let record = new_record(
                recorder,
                &asker,
                &answer.asked,
                verdict.as_str(),
                Some(answer.id.clone()),
            );
            self.queue(recorder, record, &self.live.router(), asker.platform);
        }
        view::notice(&Notice::Rated(verdict == Verdict::Helpful), asker.syntax)
    }

    /// Waits (at most `limit`, however slow the disk) until every unanswered question queued so
    /// far is written. Call it before exiting.
    pub fn flush(&self, limit: Duration) {
        let Some(recorder) = &self.unanswered else {
            return;
        };
        let deadline = Instant::now() + limit;
        let (done, finished) = mpsc::channel();
        let mut job = Job::Flush(done);
        loop {
            match recorder.queue.try_send(job) {
                Ok(()) => break,
                Err(mpsc::TrySendError::Full(back)) if Instant::now() < deadline => {
                    job = back;
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(_) => {
                    tracing::warn!("stopped before every unanswered question was written");
                    return;
                }
            }
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if finished.recv_timeout(left).is_err() {
            tracing::warn!("stopped before every unanswered question was written");
        }
    }
}

/// An asker's rating of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Helpful,
    NotHelpful,
}

impl Verdict {
    /// The outcome in the log and the metric's label.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Helpful => unanswered::LIKED,
            Self::NotHelpful => unanswered::DISLIKED,
        }
    }
}

/// At most this many ratings are remembered to refuse a second one; the oldest go first.
const MAX_VOTES: usize = 100_000;

/// A bounded set, forgetting the oldest entries first.
#[derive(Debug, Default)]
struct Seen {
    inner: std::sync::Mutex<(
        std::collections::HashSet<String>,
        std::collections::VecDeque<String>,
    )>,
}

impl Seen {
    /// Adds `key`; false if it was there already.
    fn insert(&self, key: String) -> bool {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let (set, order) = &mut *inner;
        if !set.insert(key.clone()) {
            return false;
        }
        order.push_back(key);
        if order.len() > MAX_VOTES
            && let Some(old) = order.pop_front()
        {
            set.remove(&old);
        }
        true
    }
}

/// When users were last told to slow down (bounded like the rate limiter's own memory).
#[derive(Debug, Default)]
struct Told(std::sync::Mutex<std::collections::HashMap<String, Instant>>);

impl Told {
    /// Whether `key` was not told within `window` before `now`; records `now` if so.
    fn first_in(&self, key: &str, window: Duration, now: Instant) -> bool {
        let mut told = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if told.len() > MAX_CONVERSATIONS {
            told.retain(|_, at| now.duration_since(*at) < window);
        }
        match told.get(key) {
            Some(at) if now.duration_since(*at) < window => false,
            _ => {
                told.insert(key.to_owned(), now);
                true
            }
        }
    }
}

/// How long a conversation remembers its last answer.
const FOLLOW_UP_WINDOW: Duration = Duration::from_secs(10 * 60);
/// At most this many conversations are remembered; past it, the oldest are forgotten.
const MAX_CONVERSATIONS: usize = 10_000;

/// The last answer of each recent conversation (per platform, user and place), so that
/// follow-up questions can be read in its context. Bounded in count and time.
#[derive(Debug, Default)]
struct Conversations {
    last: std::sync::Mutex<std::collections::HashMap<String, (Instant, Previous)>>,
}

impl Conversations {
    /// The conversation's last answer, if it is recent.
    fn last(&self, key: &str, now: Instant) -> Option<Previous> {
        let last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        last.get(key)
            .filter(|(at, _)| now.duration_since(*at) < FOLLOW_UP_WINDOW)
            .map(|(_, phrasing)| phrasing.clone())
    }

    /// Remembers what a reply that is no answer leaves (a name a declined question gave),
    /// within the time of the last answer: declines do not keep an old answer alive.
    fn noted(&self, key: String, phrasing: Previous, now: Instant) {
        let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((at, kept)) = last.get_mut(&key)
            && now.duration_since(*at) < FOLLOW_UP_WINDOW
        {
            *kept = phrasing;
            return;
        }
        drop(last);
        self.answered(key, phrasing, now);
    }

    fn answered(&self, key: String, phrasing: Previous, now: Instant) {
        let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        if last.len() >= MAX_CONVERSATIONS && !last.contains_key(&key) {
            last.retain(|_, (at, _)| now.duration_since(*at) < FOLLOW_UP_WINDOW);
            if last.len() >= MAX_CONVERSATIONS {
                // All recent: forget the oldest half, so pruning stays rare.
                let mut times: Vec<Instant> = last.values().map(|(at, _)| *at).collect();
                times.sort_unstable();
                let cut = times[times.len() / 2];
                last.retain(|_, (at, _)| *at > cut);
            }
        }
        last.insert(key, (now, phrasing));
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.last.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

/// The key of an asker's conversation.
fn conversation_key(asker: &Asker<'_>) -> String {
    format!(
        "{}\u{0}{}\u{0}{}",
        asker.platform.as_str(),
        asker.user.unwrap_or_default(),
        asker.place
    )
}

/// A record of `question` by `asker` (pseudonymous), with no candidates yet.
fn new_record(
    recorder: &Recorder,
    asker: &Asker<'_>,
    question: &str,
    outcome: &str,
    answered: Option<String>,
) -> Record {
    Record {
        time: unanswered::now(),
        platform: asker.platform.as_str().to_owned(),
        user: asker
            .user
            .map(|user| recorder.log.pseudonym(asker.platform, user)),
        question: question.trim().to_owned(),
        outcome: outcome.to_owned(),
        candidates: Vec::new(),
        answered,
        after: None,
    }
}

/// A question as asked: its text when a miss could be logged, and the entry answered before it
/// in the conversation.
struct Asked<'a> {
    question: Option<&'a str>,
    after: Option<String>,
}

/// The three entries closest to `question`, for the curator.
fn candidates(router: &Router, question: &str) -> Vec<Suggestion> {
    router
        .matcher()
        .ask(question, 3)
        .iter()
        .map(|candidate| router.suggestion(candidate).rounded())
        .collect()
}

/// The metric label for a command.
fn command_name(command: &Command) -> &'static str {
    match command {
        Command::Ask { .. } => "ask",
        Command::AskEntry { .. } => "ask_entry",
        Command::Topics => "topics",
        Command::Topic { .. } => "topic",
        Command::Source { .. } => "source",
        Command::Help => "help",
        Command::About => "about",
        Command::Complete { .. } => "complete",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::router::RouterConfig;

    fn service(per_window: u32) -> Service {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
        let pack = crate::knowledge::KnowledgePack::load(&dir).unwrap();
        let metrics = Arc::new(Metrics::new());
        let live = Arc::new(Live::new(
            Router::new(pack, RouterConfig::DEFAULT),
            metrics.clone(),
        ));
        let limiter = RateLimiter::new(per_window, Duration::from_secs(600));
        Service::new(live, metrics, limiter, None, 0.6)
    }

    fn is_slow(document: &Document) -> bool {
        format!("{:?}", document.blocks).contains("faster than I can keep up")
    }

    #[test]
    fn every_reply_a_user_causes_counts_against_one_limit() {
        let service = service(3);
        let syntax = Syntax::Prefixed("!".into());
        let alice = Asker::new(Platform::Matrix, "@alice:example.org", &syntax);
        assert!(!is_slow(&service.handle(alice, Command::Help)));
        assert!(!is_slow(
            &service.handle_parsed(alice, crate::router::parse("!frob", &["!"]))
        ));
        assert!(!is_slow(&service.notice(alice, Notice::EmptyMessage)));
        // The fourth reply of any kind is over the limit.
        assert!(is_slow(&service.handle(alice, Command::Topics)));
        assert!(is_slow(&service.handle(
            alice,
            Command::Ask {
                question: "who announced it".into()
            }
        )));
        // Autocomplete is not a reply in a channel and is never limited.
        assert!(!service.complete(alice, "who").is_empty());
        // Another user, and the same id on another platform, have their own limits.
        let bob = Asker::new(Platform::Matrix, "@bob:example.org", &syntax);
        assert!(!is_slow(&service.handle(bob, Command::Help)));
        let discord = Asker::new(Platform::Discord, "@alice:example.org", &Syntax::Slash);
        assert!(!is_slow(&service.handle(discord, Command::Help)));
        assert!(
            service
                .metrics()
                .render()
                .contains(r#"storybot_rate_limited_total{platform="matrix"} 2"#),
            "{}",
            service.metrics().render()
        );
    }

    #[test]
    fn slow_down_is_said_once_per_window_then_marked_repeated() {
        let service = service(1);
        let syntax = Syntax::Prefixed("!".into());
        let alice = Asker::new(Platform::Matrix, "@alice:example.org", &syntax).at("room");
        let first = service.handle(alice, Command::Help);
        assert!(!all_text(&first).contains("faster"));
        let told = service.handle(alice, Command::Help);
        assert!(all_text(&told).contains("faster"), "{told:?}");
        assert!(!told.repeated);
        let again = service.handle(alice.at("another room"), Command::Topics);
        assert!(
            again.repeated,
            "once per user and window, whatever the room"
        );
    }

    #[test]
    fn a_room_shares_a_limit_across_its_users_and_is_told_once() {
        let service = service(5).with_room_limit(RateLimiter::new(3, Duration::from_secs(600)));
        let syntax = Syntax::Prefixed("!".into());
        let users: Vec<String> = (0..6).map(|n| format!("@user{n}:example.org")).collect();
        let documents: Vec<Document> = users
            .iter()
            .map(|user| {
                let asker = Asker::new(Platform::Matrix, user, &syntax).in_room("!room");
                service.handle(asker, Command::Help)
            })
            .collect();
        let busy: Vec<bool> = documents
            .iter()
            .map(|d| all_text(d).contains("This room is asking faster"))
            .collect();
        assert_eq!(busy, [false, false, false, true, true, true]);
        let repeated: Vec<bool> = documents.iter().map(|d| d.repeated).collect();
        assert_eq!(repeated, [false, false, false, false, true, true]);
        // Another room, and the same users outside any room, are not held back.
        let elsewhere = Asker::new(Platform::Matrix, &users[0], &syntax).in_room("!other");
        assert!(!all_text(&service.handle(elsewhere, Command::Help)).contains("faster"));
        let direct = Asker::new(Platform::Matrix, &users[1], &syntax);
        assert!(!all_text(&service.handle(direct, Command::Help)).contains("faster"));
    }

    fn all_text(document: &Document) -> String {
        format!("{:?}", document.blocks)
    }

    #[test]
    fn the_console_is_never_limited_and_plain_text_is_a_question() {
        let service = service(1);
        let syntax = Syntax::console();
        for _ in 0..5 {
            let document = service.handle_parsed(
                Asker::console(&syntax),
                Parsed::Text("who announced it".into()),
            );
            assert!(
                document.heading.is_some() && !document.personal,
                "{document:?}"
            );
        }
    }

    #[test]
    fn follow_ups_are_read_per_user_and_place_and_forgotten_after_ten_minutes() {
        let service = service(0);
        let syntax = Syntax::Slash;
        let alice = Asker::new(Platform::Discord, "1", &syntax).at("channel-a");
        let first = service.handle(
            alice,
            Command::Ask {
                question: "who announced the proposal?".into(),
            },
        );
        assert!(first.heading.is_some());
        let where_ = || Command::Ask {
            question: "where?".into(),
        };
        let followed = service.handle(alice, where_());
        let heading = followed.heading.expect("answered in context").text;
        assert!(heading.to_lowercase().contains("where"), "{heading}");
        // Another channel, or another user, has no context.
        let elsewhere = service.handle(alice.at("channel-b"), where_());
        assert!(elsewhere.heading.is_none(), "{elsewhere:?}");
        let bob = Asker::new(Platform::Discord, "2", &syntax).at("channel-a");
        assert!(service.handle(bob, where_()).heading.is_none());
        // After ten minutes the context is gone.
        let key = conversation_key(&alice);
        let later = Instant::now() + FOLLOW_UP_WINDOW + Duration::from_secs(1);
        assert!(service.conversations.last(&key, later).is_none());
    }

    #[test]
    fn a_declined_question_naming_someone_is_remembered_for_he_or_she() {
        let service = service(0);
        let syntax = Syntax::Slash;
        let alice = Asker::new(Platform::Discord, "1", &syntax).at("channel-a");
        let ask = |question: &str| {
            service.handle(
                alice,
                Command::Ask {
                    question: question.into(),
                },
            )
        };
        assert!(ask("what's elon up to these days").heading.is_none());
        let followed = ask("was he at waic at least");
        assert!(
            all_text(&followed).contains("Elon Musk, a past WAIC speaker"),
            "{followed:?}"
        );
    }

    /// What a conversation remembers of some answer.
    fn an_answer() -> Previous {
        Previous {
            id: "x".into(),
            question: "X?".into(),
            asked: "x?".into(),
            cited: Vec::new(),
            shown: Vec::new(),
            read: Vec::new(),
            named: None,
        }
    }

    #[test]
    fn a_decline_does_not_keep_an_old_answer_alive() {
        let conversations = Conversations::default();
        let now = Instant::now();
        let previous = an_answer();
        conversations.answered("alice".into(), previous.clone(), now);
        let later = now + FOLLOW_UP_WINDOW - Duration::from_secs(60);
        let named = Previous {
            named: Some("elon".into()),
            ..previous
        };
        conversations.noted("alice".into(), named.clone(), later);
        assert_eq!(conversations.last("alice", later), Some(named));
        // The window still runs from the answer.
        let after = now + FOLLOW_UP_WINDOW + Duration::from_secs(1);
        assert!(conversations.last("alice", after).is_none());
    }

    #[test]
    fn conversation_memory_is_bounded() {
        let conversations = Conversations::default();
        let now = Instant::now();
        let previous = an_answer();
        for i in 0..MAX_CONVERSATIONS + 100 {
            let at = now + Duration::from_millis(i as u64);
            conversations.answered(format!("user {i}"), previous.clone(), at);
        }
        assert!(conversations.len() <= MAX_CONVERSATIONS);
        let last = now + Duration::from_millis((MAX_CONVERSATIONS + 99) as u64);
        assert!(
            conversations
                .last(&format!("user {}", MAX_CONVERSATIONS + 99), last)
                .is_some()
        );
    }
}
