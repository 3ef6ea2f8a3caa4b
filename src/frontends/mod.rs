//! Front-ends: each turns its platform's events into router commands and renders the router's
//! replies. Only `console` and `observe` (metrics and health over HTTP) exist in every build;
//! chat platforms sit behind cargo features.

pub mod console;
#[cfg(feature = "discord")]
pub mod discord;
pub mod listener;
#[cfg(feature = "matrix")]
pub mod matrix;
pub mod observe;
