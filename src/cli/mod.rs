//! The command line: arguments, and dispatch to what each subcommand does. `main` only calls
//! [`run`]. Doc comments on the commands below are the `--help` users read. Serving (the chat
//! front-ends, the console) is [`crate::runner`]'s; this module only chooses what to run.
//!
//! - [`ask`]: `storybot ask` and its JSON output;
//! - [`check`]: `storybot check`;
//! - [`unanswered`]: `storybot unanswered`;
//! - `discord`: `storybot discord ...` and `storybot invite-url`;
//! - [`logging`]: the log set-up every command shares.

use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use crate::config::Settings;
use crate::frontends::console::ConsoleSettings;
use crate::knowledge::KnowledgePack;
use crate::router::Router;
use crate::runner::{self, FrontEnd};

pub mod ask;
pub mod check;
#[cfg(feature = "discord")]
mod discord;
pub mod logging;
pub mod unanswered;

/// storybot answers questions about one news story and quotes the story's exact words.
///
/// With no subcommand it runs the configured chat front-ends; when none is configured, as in a
/// fresh clone, it starts the local console.
#[derive(Debug, Parser)]
#[command(name = "storybot", version, max_term_width = 100)]
pub struct Cli {
    /// Settings file (TOML), layered over the built-in defaults; STORYBOT__SECTION__KEY
    /// environment variables override both.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Knowledge pack directory (story.md and qa.toml). Default: the `knowledge.dir` setting,
    /// else ./knowledge, else knowledge/ next to the executable, else the source checkout the
    /// binary was built from.
    #[arg(long, global = true, value_name = "DIR")]
    pub knowledge: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Cmd>,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Answer one question and print the reply, with the story excerpts it cites.
    Ask {
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
        /// Also show how the question was read: its terms, their weights and typo corrections
        /// (for curators tuning the knowledge pack), and on standard error which pack answered.
        #[arg(long)]
        explain: bool,
        /// Read conversations from standard input (with `-`): consecutive non-blank lines are
        /// the turns of one conversation, a blank line starts a new one, and follow-up
        /// questions ("where?", "what did he say about it") are read in context.
        #[arg(long)]
        conversation: bool,
        /// The question (quotes are optional). `-` reads one question per line from standard
        /// input and answers each in turn (one JSON line each with --json).
        #[arg(required = true, num_args = 1.., value_name = "QUESTION")]
        question: Vec<String>,
    },
    /// Chat in the terminal with the same commands as in chat rooms: /ask, /topics, /source N,
    /// /help, or plain text. Works with piped standard input too.
    Chat,
    /// Validate a knowledge pack and show what it covers; exits non-zero on any problem.
    Check,
    /// Show the questions that got no answer (or only a weak one), grouped by similarity, most
    /// asked first, with the closest entry: what to add to the knowledge pack next.
    Unanswered {
        /// Only questions asked in the last DAYS days.
        #[arg(long, value_name = "DAYS")]
        since: Option<u32>,
        /// Show at most N groups (0: all).
        #[arg(long, value_name = "N", default_value_t = 20)]
        top: usize,
        /// Print one JSON object per group instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Run the Discord front-end: HTTP interactions, the gateway, or command registration.
    #[cfg(feature = "discord")]
    Discord {
        #[command(subcommand)]
        command: discord::DiscordCmd,
    },
    /// Print the URL that adds the bot to a Discord server (needs discord.application_id).
    #[cfg(feature = "discord")]
    InviteUrl,
    /// Run the Matrix front-end alone (STORYBOT__MATRIX__HOMESERVER_URL, __USER_ID, __PASSWORD,
    /// __STORE_DIR, __INVITE_ALLOWLIST).
    #[cfg(feature = "matrix")]
    Matrix,
}

/// Parses the command line, runs it, and turns errors into a message and an exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match execute(cli) {
        Ok(code) => code,
        // A reader that stops early (`storybot ask --json - | head`) is not an error.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("storybot: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .filter_map(|cause| cause.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

fn execute(cli: Cli) -> anyhow::Result<ExitCode> {
    let settings = Settings::load(cli.config.as_deref())?;
    logging::init_logging(&settings);
    let dir = settings.knowledge_dir(cli.knowledge.as_deref());
    let router = || load_router(&dir, &settings);
    match cli.command {
        Some(Cmd::Check) => return Ok(check::check(&dir)),
        Some(Cmd::Unanswered { since, top, json }) => {
            unanswered::show_unanswered(&settings, since, top, json, io::stdout().lock())?;
        }
        Some(Cmd::Ask {
            json,
            explain,
            conversation,
            question,
        }) => {
            let router = router()?;
            // A binary run outside its checkout finds the pack it was built from: say which.
            if explain {
                eprintln!("knowledge pack: {}", dir.display());
            }
            let question = question.join(" ");
            let stdout = io::stdout().lock();
            let mode = ask::Mode {
                json,
                explain,
                conversation,
            };
            if question == "-" {
                ask::ask_lines(&router, io::stdin().lock(), stdout, mode)?;
            } else if conversation {
                anyhow::bail!("--conversation reads the turns from standard input: use `-`");
            } else {
                ask::ask_one(&router, &question, None, stdout, mode)?;
            }
        }
        #[cfg(feature = "discord")]
        Some(Cmd::Discord { command }) => discord::run(command, &settings, router()?)?,
        #[cfg(feature = "discord")]
        Some(Cmd::InviteUrl) => discord::invite_url(&settings)?,
        #[cfg(feature = "matrix")]
        Some(Cmd::Matrix) => {
            let Some(matrix) = settings.matrix.clone().filter(|m| m.enabled != Some(false)) else {
                anyhow::bail!(
                    "Matrix is not configured: set at least STORYBOT__MATRIX__HOMESERVER_URL, STORYBOT__MATRIX__USER_ID and STORYBOT__MATRIX__PASSWORD"
                );
            };
            runner::serve(&settings, router()?, vec![FrontEnd::Matrix(matrix)])?;
        }
        Some(Cmd::Chat) => runner::serve(&settings, router()?, console())?,
        None => {
            let configured = runner::configured(&settings)?;
            if configured.is_empty() {
                eprintln!(
                    "storybot: no chat front-end is configured, so this is the local console.\n\
                     To connect Discord or Matrix, see \"Connecting a chat platform\" in README.md."
                );
                runner::serve(&settings, router()?, console())?;
            } else {
                runner::serve(&settings, router()?, configured)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The local console alone.
fn console() -> Vec<FrontEnd> {
    vec![FrontEnd::Console(ConsoleSettings::from_terminal())]
}

/// Loads and validates the pack, then indexes it.
pub fn load_router(dir: &Path, settings: &Settings) -> anyhow::Result<Router> {
    let pack = KnowledgePack::load(dir)
        .with_context(|| format!("cannot serve the knowledge pack in {}", dir.display()))?;
    tracing::debug!(dir = %dir.display(), entries = pack.entries.len(), "knowledge pack loaded");
    Ok(Router::new(pack, settings.router()))
}
