//! The local console: the same commands as the chat front-ends (`/ask`, `/topics`, `/source 3`,
//! `/help`, or plain text), read from standard input, with documents serialized as plain text.
//! `/good` and `/bad` rate the last answer.

use std::io::{self, BufRead, IsTerminal, Write};
use std::sync::Arc;

use tokio::sync::mpsc;

use crate::lifecycle::Shutdown;
use crate::router::parse;
use crate::service::{Asker, Service, Verdict};
use crate::view::{self, Answered, Block, Document, Notice, Syntax};

/// Prefixes the console accepts for commands; plain text is a question.
pub const PREFIXES: &[&str] = &["/", "!"];

/// The console's own settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsoleSettings {
    /// Show a greeting and a prompt (when standard input is a terminal).
    pub interactive: bool,
}

impl ConsoleSettings {
    /// Interactive when standard input is a terminal.
    pub fn from_terminal() -> Self {
        Self {
            interactive: io::stdin().is_terminal(),
        }
    }
}

/// Answers lines from standard input on standard output until end of input, `/quit`, or
/// `shutdown`. A reply being written when shutdown comes is finished first.
pub async fn run(
    service: Arc<Service>,
    settings: ConsoleSettings,
    shutdown: Shutdown,
) -> anyhow::Result<()> {
    // Reading standard input blocks and cannot be cancelled, so a thread of its own reads it
    // and is left behind at exit. One line waits at a time.
    let (lines, mut received) = mpsc::channel::<io::Result<String>>(1);
    std::thread::Builder::new()
        .name("console-input".into())
        .spawn(move || {
            for line in io::stdin().lock().lines() {
                if lines.blocking_send(line).is_err() {
                    break;
                }
            }
        })?;
    let syntax = Syntax::console();
    let mut output = io::stdout();
    if settings.interactive {
        writeln!(
            output,
            "{}",
            view::greeting(&service.router().pack().story.meta)
        )?;
    }
    // The last answer, which `/good` and `/bad` rate, and how many answers came before it.
    let mut last: Option<(Answered, u64)> = None;
    let mut answers = 0_u64;
    loop {
        if settings.interactive {
            write!(output, "> ")?;
            output.flush()?;
        }
        let line = tokio::select! {
            line = received.recv() => line,
            () = shutdown.clone().wait() => None,
        };
        let Some(line) = line else { break };
        let line = line?;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if matches!(trimmed, "/quit" | "/exit" | "!quit" | "!exit") {
            break;
        }
        let asker = Asker::console(&syntax);
        let verdict = match trimmed {
            "/good" | "!good" => Some(Verdict::Helpful),
            "/bad" | "!bad" => Some(Verdict::NotHelpful),
            _ => None,
        };
        let document = match (verdict, &last) {
            (Some(verdict), Some((answered, number))) => {
                service.feedback(asker, answered, &format!("answer {number}"), verdict)
            }
            (Some(_), None) => view::notice(&Notice::NothingToRate, &syntax),
            (None, _) => {
                let document = service.handle_parsed(asker, parse(trimmed, PREFIXES));
                if let Some(answered) = &document.answered {
                    answers += 1;
                    last = Some((answered.clone(), answers));
                }
                document
            }
        };
        writeln!(output, "{}", to_text(&document))?;
        output.flush()?;
    }
    Ok(())
}

/// A document as plain text for a terminal, ending without a newline.
pub fn to_text(document: &Document) -> String {
    let mut out = Vec::<String>::new();
    if let Some(heading) = &document.heading {
        out.push(heading.text.clone());
    }
    for block in &document.blocks {
        match block {
            Block::Text(text) | Block::Passage(text) => out.push(text.clone()),
            Block::Quote { paragraph, text } => {
                out.push(format!("\n  \u{b6}{paragraph}  \u{201C}{text}\u{201D}"));
            }
            Block::Section { title, items, .. } => {
                out.push(format!("\n{title}"));
                out.extend(items.iter().map(|item| format!("  - {item}")));
            }
            Block::Details(details) => {
                out.extend(
                    details
                        .iter()
                        .map(|(label, value)| format!("{label}: {value}")),
                );
            }
            Block::Usage(commands) => {
                out.extend(
                    commands
                        .iter()
                        .map(|(usage, summary)| format!("  {usage:<18} {summary}")),
                );
            }
        }
    }
    if let Some(actions) = &document.actions {
        out.push(format!("\n{}", actions.label));
        out.extend(actions.items.iter().map(|a| format!("  {}", a.command)));
    }
    if let Some(footer) = &document.footer {
        out.push(format!("\n{footer}"));
    }
    out.join("\n").trim().to_owned()
}
