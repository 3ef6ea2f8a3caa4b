//! storybot answers questions about one news story and quotes the story's own words.
//!
//! The flow goes one way: a platform event becomes a [`router::Command`], the [`router::Router`]
//! answers it with a [`router::Reply`], and the platform renders the reply.
//!
//! - [`config`]: typed settings from `config/default.toml`, an optional file and the environment.
//! - [`knowledge`]: loads and validates a pack (`story.md` + `qa.toml`); a loaded pack is valid.
//! - [`matcher`]: normalizes, indexes and scores entries for a question. No I/O.
//! - [`router`]: commands in, replies out; parses text commands. No platform types, no I/O.
//! - [`ratelimit`]: per-user limits for the chat front-ends, platform neutral.
//! - [`reload`]: the served router, swapped for a new one when the pack changes and is valid.
//! - [`service`]: what every front-end shares: the live router, [`metrics`] and the
//!   [`unanswered`] log; front-ends hand commands to it so every platform is observed alike.
//! - [`frontends`]: the console, and behind the `discord` and `matrix` features the chat
//!   platforms, turn events into commands and render replies.
//! - [`cli`]: the command line, which `main` only calls; it starts the front-ends.
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
//! Invariants: only `frontends::discord` may import serenity and only `frontends::matrix` may
//! import matrix_sdk; the core never fails at run time ("no match" is a reply, not an error);
//! every citation shown is the story's own text.
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
pub mod unanswered;
pub mod view;
