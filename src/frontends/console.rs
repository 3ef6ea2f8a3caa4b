//! The local console: the same commands as the chat front-ends (`/ask`, `/topics`, `/source 3`,
//! `/help`, or plain text), read from standard input and rendered as a chat would show them.

use std::fmt::Write as _;
use std::io::{self, BufRead, IsTerminal, Write};

use std::sync::Mutex;

use crate::router::{Reply, parse};
use crate::service::{Asker, Service};

/// Prefixes the console accepts for commands; plain text is a question.
pub const PREFIXES: &[&str] = &["/", "!"];

/// Reads lines from `input` until end of input or `/quit`, answering each on `output`.
/// Shows a prompt and a greeting only when standard input is a terminal. `busy` is held while a
/// reply is worked out and written, so a shutdown can wait for it.
pub fn run(
    service: &Service,
    busy: &Mutex<()>,
    input: impl BufRead,
    mut output: impl Write,
    greeting: &str,
) -> io::Result<()> {
    let interactive = io::stdin().is_terminal();
    if interactive {
        writeln!(output, "{greeting}")?;
    }
    let mut lines = input.lines();
    loop {
        if interactive {
            write!(output, "> ")?;
            output.flush()?;
        }
        let Some(line) = lines.next() else { break };
        let line = line?;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if matches!(trimmed, "/quit" | "/exit" | "!quit" | "!exit") {
            break;
        }
        let _busy = busy.lock().unwrap_or_else(|p| p.into_inner());
        let (_, reply) = service.handle_parsed(Asker::CONSOLE, parse(trimmed, PREFIXES));
        writeln!(output, "{}", render(&reply))?;
        output.flush()?;
    }
    Ok(())
}

/// Renders a reply as plain text for a terminal, ending without a newline.
pub fn render(reply: &Reply) -> String {
    let mut out = String::new();
    match reply {
        Reply::Answer(answer) => {
            let _ = writeln!(out, "{}  (confidence {:.2})", answer.question, answer.score);
            let _ = writeln!(out, "{}", answer.answer);
            for citation in &answer.citations {
                let _ = write!(
                    out,
                    "\n  ¶{}  \u{201C}{}\u{201D}",
                    citation.paragraph, citation.excerpt
                );
            }
            out.push('\n');
            if !answer.related.is_empty() {
                let _ = write!(out, "\nRelated:");
                for suggestion in &answer.related {
                    let _ = write!(out, "\n  /ask {}", suggestion.question);
                }
                out.push('\n');
            }
        }
        Reply::NoMatch(no_match) => {
            out.push_str("I can't find an answer to that in the story, so I won't guess.\n");
            if no_match.suggestions.is_empty() {
                out.push_str("Try /topics to see what I can answer.\n");
            } else {
                out.push_str("Did you mean:\n");
                for suggestion in &no_match.suggestions {
                    let _ = writeln!(out, "  /ask {}", suggestion.question);
                }
            }
        }
        Reply::Topics(topics) => {
            for topic in topics {
                let _ = writeln!(out, "{}", topic.name);
                for (_, question) in &topic.entries {
                    let _ = writeln!(out, "  - {question}");
                }
            }
        }
        Reply::Story(info) => {
            let meta = &info.meta;
            let _ = writeln!(out, "{}", meta.title);
            for (label, value) in meta.details() {
                let _ = writeln!(out, "{label}: {value}");
            }
            let _ = writeln!(
                out,
                "{} paragraphs, {} questions answered. /source N shows paragraph N.",
                info.paragraphs, info.entries
            );
        }
        Reply::Paragraph(paragraph) => {
            let _ = writeln!(
                out,
                "¶{} of {} ({})",
                paragraph.number, paragraph.total, paragraph.title
            );
            let _ = writeln!(out, "{}", paragraph.text);
        }
        Reply::Help(help) => {
            let _ = writeln!(out, "I answer questions about: {}", help.story_title);
            for command in &help.commands {
                let usage = format!("/{} {}", command.name, command.args);
                let _ = writeln!(out, "  {:<18} {}", usage.trim_end(), command.summary);
            }
            out.push_str("Plain text is a question too. /quit leaves.\n");
        }
        Reply::About(about) => {
            let _ = writeln!(
                out,
                "storybot {}: answers questions about one story, quoting its exact words.",
                about.version
            );
            let _ = writeln!(
                out,
                "Story: {} ({} paragraphs, {} curated questions).",
                about.story_title, about.paragraphs, about.entries
            );
            out.push_str("Every answer cites the paragraphs it comes from; when nothing matches, I say so.\n");
        }
        Reply::Completions(suggestions) => {
            for suggestion in suggestions {
                let _ = writeln!(out, "  {}", suggestion.question);
            }
        }
        Reply::Refused(refusal) => {
            let _ = writeln!(out, "{refusal}");
        }
    }
    out.trim_end().to_owned()
}
