//! Integration tests: the real `storybot` binary, driven as users and scripts drive it.

mod util;

mod cli;
#[cfg(feature = "discord")]
mod discord;
mod eval;
mod knowledge;
