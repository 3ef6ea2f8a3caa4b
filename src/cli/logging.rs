//! Logging set-up: text or JSON on standard error, filtered by `log.level`.

use std::io;

use crate::config::{LogFormat, Settings};

/// The filter for `log.level`. Plain `info` means storybot's info and other crates' warnings:
/// the Matrix and Discord libraries log user ids at info, and info is what runs for months.
/// (matrix-sdk warns "no backup key was found" after every sync when key backup is off, as it
/// is without a recovery key: that one is kept to errors.) Any other value (a level, or
/// directives such as `info,serenity=debug`) applies as written.
fn log_directive(level: &str) -> String {
    if level.trim().eq_ignore_ascii_case("info") {
        "warn,storybot=info,matrix_sdk_crypto::backups=error".to_owned()
    } else {
        level.to_owned()
    }
}

pub fn init_logging(settings: &Settings) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .or_else(|_| tracing_subscriber::EnvFilter::try_new(log_directive(&settings.log.level)))
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(log_directive("info")));
    // Colours only on a terminal: a log file or journal gets plain text.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(io::IsTerminal::is_terminal(&io::stderr()))
        .with_writer(io::stderr);
    let _ = match settings.log.format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}
