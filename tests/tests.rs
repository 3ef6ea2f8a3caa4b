//! Integration tests: the real `storybot` binary, driven as users and scripts drive it.
// matrix-sdk futures are deep; rustc >= 1.94 needs a higher limit to check them
// (matrix-org/matrix-rust-sdk#6551).
#![recursion_limit = "256"]

mod util;

mod architecture;
mod cli;
#[cfg(feature = "discord")]
mod discord;
mod eval;
mod hardening;
mod knowledge;
#[cfg(feature = "matrix")]
mod matrix;
mod operations;
