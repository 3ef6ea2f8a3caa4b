//! storybot answers questions about one news story and quotes the story's own words.
//!
//! The flow goes one way: a platform event becomes a [`router::Command`]; the
//! [`service::Service`] limits it, has the [`router::Router`] answer it with a
//! [`router::Reply`] (data), observes it, and words it as a [`view::Document`]; the front-end
//! serializes the document into its platform's message.
//!
//! - [`config`]: typed settings from `config/default.toml`, an optional file and the environment
//!   (schema, secrets and validation apart).
//! - [`knowledge`]: loads and validates a pack (`story.md` + `qa.toml`); a loaded pack is valid.
//! - [`matcher`]: normalizes, indexes and scores entries for a question. No I/O; its word lists
//!   are data (`matcher/words.rs`).
//! - [`router`]: commands in, replies out; parses text commands; reads follow-up questions in
//!   the context of the last answer. No platform types, no I/O, no wording.
//! - [`smalltalk`]: everyday chat ("hi", "thx", "2+2") recognized and replied to in kind, from a
//!   built-in data file (`smalltalk/defaults.toml`) a pack may extend.
//! - [`view`]: replies as platform-neutral documents, and every word the bot says.
//! - [`ratelimit`]: a per-key sliding-window limiter, platform neutral.
//! - [`reload`]: the served router, swapped for a new one when the pack changes and is valid.
//! - [`service`]: the policy every front-end shares: the live router, the rate limit on every
//!   reply a user causes, the memory of conversations, ratings of answers, [`metrics`], the
//!   [`unanswered`] log, and the wording.
//! - [`lifecycle`]: the shutdown signal, the drain of work in flight, the one retry backoff.
//! - [`frontends`]: the console, the operators' HTTP routes, and behind the `discord` and
//!   `matrix` features the chat platforms. Each is `run(service, its own settings, shutdown)`;
//!   each turns events into commands and documents into messages, nothing more.
//! - [`runner`]: the runtime, signals, hot reload, the metrics listener and supervision of the
//!   front-ends (whichever stops, the rest stop).
//! - [`cli`]: the command line, which `main` only calls; it parses arguments and calls into
//!   [`runner`] or a one-off command.
//!
//! Answering a question takes a pack, a router and a command:
//!
//! ```
//! use std::path::Path;
//! use storybot::knowledge::KnowledgePack;
//! use storybot::router::{Command, Reply, Router, RouterConfig};
//!
//! let pack = KnowledgePack::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge"))?;
//! let router = Router::new(pack, RouterConfig::DEFAULT);
//! let question = "Who announced the proposal?".to_owned();
//! let Reply::Answer(answer) = router.handle(Command::Ask { question }) else {
//!     panic!("the shipped pack answers this");
//! };
//! assert!(answer.answer.contains("Li Qiang"));
//! assert_eq!(answer.citations[0].paragraph, 2);
//! # Ok::<(), storybot::knowledge::LoadError>(())
//! ```
//!
//! Invariants (`tests/architecture.rs` checks the first three):
//! - only `frontends::discord` imports serenity and only `frontends::matrix` imports matrix_sdk;
//! - no module imports a module that imports it back;
//! - user-facing wording lives only in [`view`] (and the small-talk data file, which a pack
//!   may override like its answers);
//! - the core never fails at run time ("no match" is a reply, not an error);
//! - every citation shown is the story's own text.
// matrix-sdk futures are deep; rustc >= 1.94 needs a higher limit to check them
// (matrix-org/matrix-rust-sdk#6551).
#![recursion_limit = "256"]

pub mod cli;
pub mod config;
pub mod frontends;
pub mod knowledge;
pub mod lifecycle;
pub mod matcher;
pub mod metrics;
pub mod ratelimit;
pub mod reload;
pub mod router;
pub mod runner;
pub mod service;
pub mod smalltalk;
pub mod unanswered;
pub mod view;
