//! Integration tests: the real `storybot` binary, driven as users and scripts drive it.

mod util;

mod cli;
mod eval;
mod knowledge;
