//! Prometheus metrics, in the OpenMetrics text format that Prometheus scrapes. Every name starts
//! with `storybot_`. Front-ends do not touch these directly: [`crate::service::Service`] counts
//! what passes through it, and [`crate::reload::Live`] counts reloads.

use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::metrics::info::Info;
use prometheus_client::registry::{Registry, Unit};

/// The content type of [`Metrics::render`]'s output.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Where a request came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Platform {
    Console,
    Discord,
    Matrix,
}

impl Platform {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Console => "console",
            Self::Discord => "discord",
            Self::Matrix => "matrix",
        }
    }
}

/// How an ask ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Answered with citations.
    Answered,
    /// Nothing matched well enough; suggestions were offered.
    NoMatch,
    /// The input was refused (empty, too long, a stale button).
    Refused,
    /// Everyday chat, answered in kind.
    SmallTalk,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Answered => "answered",
            Self::NoMatch => "no_match",
            Self::Refused => "refused",
            Self::SmallTalk => "smalltalk",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct AskLabels {
    platform: &'static str,
    outcome: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct PlatformLabels {
    platform: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct CommandLabels {
    platform: &'static str,
    command: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct ErrorLabels {
    platform: &'static str,
    kind: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct FeedbackLabels {
    platform: &'static str,
    verdict: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct ReloadLabels {
    outcome: &'static str,
}

/// Every metric storybot exports, registered once. Cheap to update from any thread.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    asks: Family<AskLabels, Counter>,
    ask_seconds: Family<PlatformLabels, Histogram>,
    commands: Family<CommandLabels, Counter>,
    rate_limited: Family<PlatformLabels, Counter>,
    feedback: Family<FeedbackLabels, Counter>,
    errors: Family<ErrorLabels, Counter>,
    reloads: Family<ReloadLabels, Counter>,
    unanswered_logged: Counter,
    entries: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("storybot");
        let asks = Family::<AskLabels, Counter>::default();
        registry.register(
            "asks",
            "Questions asked, by platform and outcome (answered, no_match, refused, smalltalk)",
            asks.clone(),
        );
        // From 10 µs up to about 0.24 s: matching takes tens of microseconds, so the upper
        // buckets are there to show trouble.
        let ask_seconds =
            Family::<PlatformLabels, Histogram>::new_with_constructor(ask_histogram as fn() -> _);
        registry.register_with_unit(
            "ask_duration",
            "Time to match a question and build the reply",
            Unit::Seconds,
            ask_seconds.clone(),
        );
        let commands = Family::<CommandLabels, Counter>::default();
        registry.register(
            "commands",
            "Commands handled, by platform and command (ask, topics, source, help, about, complete)",
            commands.clone(),
        );
        let rate_limited = Family::<PlatformLabels, Counter>::default();
        registry.register(
            "rate_limited",
            "Requests refused because the user asked too fast",
            rate_limited.clone(),
        );
        let feedback = Family::<FeedbackLabels, Counter>::default();
        registry.register(
            "feedback",
            "Answers rated by askers, by platform and verdict (liked, disliked)",
            feedback.clone(),
        );
        let errors = Family::<ErrorLabels, Counter>::default();
        registry.register(
            "errors",
            "Errors, by platform and kind (e.g. bad_signature, malformed, send_failed)",
            errors.clone(),
        );
        let reloads = Family::<ReloadLabels, Counter>::default();
        registry.register(
            "reloads",
            "Knowledge pack reloads, by outcome (ok, failed)",
            reloads.clone(),
        );
        let unanswered_logged = Counter::default();
        registry.register(
            "unanswered_logged",
            "Questions written to the unanswered log",
            unanswered_logged.clone(),
        );
        let entries = Gauge::default();
        registry.register(
            "knowledge_entries",
            "Entries in the knowledge pack being served",
            entries.clone(),
        );
        registry.register(
            "build",
            "The running storybot's version",
            Info::new(vec![("version", env!("CARGO_PKG_VERSION"))]),
        );
        Self {
            registry,
            asks,
            ask_seconds,
            commands,
            rate_limited,
            feedback,
            errors,
            reloads,
            unanswered_logged,
            entries,
        }
    }

    /// Counts one ask and how long it took.
    pub fn ask(&self, platform: Platform, outcome: Outcome, took: Duration) {
        let platform = platform.as_str();
        self.asks
            .get_or_create(&AskLabels {
                platform,
                outcome: outcome.as_str(),
            })
            .inc();
        self.ask_seconds
            .get_or_create(&PlatformLabels { platform })
            .observe(took.as_secs_f64());
    }

    /// Counts one command of any kind.
    pub fn command(&self, platform: Platform, command: &'static str) {
        self.commands
            .get_or_create(&CommandLabels {
                platform: platform.as_str(),
                command,
            })
            .inc();
    }

    pub fn rate_limited(&self, platform: Platform) {
        self.rate_limited
            .get_or_create(&PlatformLabels {
                platform: platform.as_str(),
            })
            .inc();
    }

    /// Counts one rating of an answer; `verdict` is `liked` or `disliked`.
    pub fn feedback(&self, platform: Platform, verdict: &'static str) {
        self.feedback
            .get_or_create(&FeedbackLabels {
                platform: platform.as_str(),
                verdict,
            })
            .inc();
    }

    /// Counts an error; `kind` is a short snake_case name.
    pub fn error(&self, platform: Platform, kind: &'static str) {
        self.errors
            .get_or_create(&ErrorLabels {
                platform: platform.as_str(),
                kind,
            })
            .inc();
    }

    /// Counts a reload and, when it succeeded, the entries now served.
    pub fn reload(&self, entries: Option<usize>) {
        let outcome = if entries.is_some() { "ok" } else { "failed" };
        self.reloads.get_or_create(&ReloadLabels { outcome }).inc();
        if let Some(entries) = entries {
            self.serving(entries);
        }
    }

    /// Sets how many entries the pack being served has.
    pub fn serving(&self, entries: usize) {
        self.entries.set(i64::try_from(entries).unwrap_or(i64::MAX));
    }

    pub fn unanswered_logged(&self) {
        self.unanswered_logged.inc();
    }

    /// The metrics in the OpenMetrics text format ([`CONTENT_TYPE`]).
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

fn ask_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.000_01, 2.5, 12))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_prefixed_counters_histograms_and_eof() {
        let metrics = Metrics::new();
        metrics.ask(
            Platform::Discord,
            Outcome::Answered,
            Duration::from_micros(20),
        );
        metrics.ask(
            Platform::Matrix,
            Outcome::NoMatch,
            Duration::from_micros(20),
        );
        metrics.rate_limited(Platform::Discord);
        metrics.reload(None);
        metrics.reload(Some(77));
        let text = metrics.render();
        for line in [
            r#"storybot_asks_total{platform="discord",outcome="answered"} 1"#,
            r#"storybot_asks_total{platform="matrix",outcome="no_match"} 1"#,
            r#"storybot_ask_duration_seconds_bucket{le="0.000025",platform="discord"} 1"#,
            r#"storybot_ask_duration_seconds_count{platform="discord"} 1"#,
            r#"storybot_rate_limited_total{platform="discord"} 1"#,
            r#"storybot_reloads_total{outcome="failed"} 1"#,
            r#"storybot_reloads_total{outcome="ok"} 1"#,
            "storybot_knowledge_entries 77",
            r#"storybot_build_info{version=""#,
        ] {
            assert!(text.contains(line), "{line} in\n{text}");
        }
        assert!(text.ends_with("# EOF\n"));
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            assert!(line.starts_with("storybot_"), "{line}");
        }
    }
}
