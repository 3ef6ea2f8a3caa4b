//! The command line: `ask`, `chat`, `check`, and (with no subcommand) the configured front-ends.
//! `main` only calls [`run`]. Doc comments on the commands below are the `--help` users read.

use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use serde::Serialize;

use crate::config::{LogFormat, Settings};
use crate::frontends::console;
use crate::knowledge::{Citation, KnowledgePack};
use crate::router::{Command, Reply, Router};
use crate::service::Service;
use crate::unanswered;

#[cfg(feature = "discord")]
mod discord;
#[cfg(feature = "matrix")]
mod matrix;
mod serve;

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
        /// (for curators tuning the knowledge pack).
        #[arg(long)]
        explain: bool,
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
    init_logging(&settings);
    let dir = settings.knowledge_dir(cli.knowledge.as_deref());
    match cli.command {
        Some(Cmd::Check) => Ok(check(&dir)),
        Some(Cmd::Unanswered { since, top, json }) => {
            show_unanswered(&settings, since, top, json, io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Ask {
            json,
            explain,
            question,
        }) => {
            let router = load_router(&dir, &settings)?;
            let question = question.join(" ");
            let stdout = io::stdout().lock();
            let mode = Mode { json, explain };
            if question == "-" {
                ask_lines(&router, io::stdin().lock(), stdout, mode)?;
            } else {
                ask_one(&router, &question, stdout, mode)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        #[cfg(feature = "discord")]
        Some(Cmd::Discord { command }) => {
            discord::run(command, &settings, &dir, load_router(&dir, &settings)?)?;
            Ok(ExitCode::SUCCESS)
        }
        #[cfg(feature = "discord")]
        Some(Cmd::InviteUrl) => {
            discord::invite_url(&settings)?;
            Ok(ExitCode::SUCCESS)
        }
        #[cfg(feature = "matrix")]
        Some(Cmd::Matrix) => {
            matrix::run_alone(&settings, &dir, load_router(&dir, &settings)?)?;
            Ok(ExitCode::SUCCESS)
        }
        None if settings.discord.is_some() || settings.matrix.is_some() => {
            let router = load_router(&dir, &settings)?;
            run_front_ends(&settings, &dir, router)?;
            Ok(ExitCode::SUCCESS)
        }
        command @ (Some(Cmd::Chat) | None) => {
            let router = load_router(&dir, &settings)?;
            if command.is_none() {
                eprintln!(
                    "storybot: no chat front-end is configured, so this is the local console.\n\
                     To connect Discord or Matrix, see \"Connecting a chat platform\" in README.md."
                );
            }
            chat(&settings, &dir, router)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Runs the configured chat front-ends.
fn run_front_ends(settings: &Settings, dir: &Path, router: Router) -> anyhow::Result<()> {
    serve::run(settings, dir, router, serve::configured(settings)?)
}

/// How long a console reply being written may delay a shutdown.
const CONSOLE_DRAIN: Duration = Duration::from_secs(5);

/// The local console, with the metrics server if configured. SIGTERM or SIGINT lets the reply
/// being written finish, then exits 0.
fn chat(settings: &Settings, dir: &Path, router: Router) -> anyhow::Result<()> {
    let greeting = greeting(&router);
    let runtime = serve::runtime()?;
    let _context = runtime.enter();
    let service = Arc::new(Service::from_settings(settings, dir, router));
    let (shutdown, _trigger) = serve::Shutdown::on_signal();
    if let Some(server) =
        runtime.block_on(serve::metrics_server(settings, &service, shutdown.clone()))?
    {
        runtime.spawn(async move {
            if let Err(error) = server.await {
                tracing::error!("{error:#}");
            }
        });
    }
    let busy = Arc::new(Mutex::new(()));
    let waiting = busy.clone();
    let stopping = service.clone();
    runtime.spawn(async move {
        shutdown.wait().await;
        // Reading standard input blocks and cannot be cancelled; let the reply being written
        // finish (bounded), then leave.
        let _ = tokio::task::spawn_blocking(move || {
            // Hold the console (when it frees up in time) until the exit, so no new reply
            // starts meanwhile.
            let deadline = std::time::Instant::now() + CONSOLE_DRAIN;
            let _held = loop {
                match waiting.try_lock() {
                    Ok(guard) => break Some(guard),
                    Err(_) if std::time::Instant::now() >= deadline => break None,
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            };
            stopping.flush(serve::FLUSH);
            std::process::exit(0);
        })
        .await;
    });
    let result = console::run(
        &service,
        &busy,
        io::stdin().lock(),
        io::stdout().lock(),
        &greeting,
    );
    // The misses of this session are written before the process ends.
    service.flush(serve::FLUSH);
    Ok(result?)
}

/// `storybot unanswered`: the log, grouped.
fn show_unanswered(
    settings: &Settings,
    since: Option<u32>,
    top: usize,
    json: bool,
    mut out: impl Write,
) -> anyhow::Result<()> {
    let Some(dir) = settings.unanswered.dir() else {
        anyhow::bail!("no directory for the unanswered-question log: set unanswered.dir");
    };
    let read = unanswered::read(&dir, since.map(unanswered::days_ago)).with_context(|| {
        format!(
            "cannot read the unanswered-question log in {}",
            dir.display()
        )
    })?;
    if read.skipped > 0 {
        eprintln!(
            "storybot: skipped {} lines of {} that are not records",
            read.skipped,
            dir.join(unanswered::FILE_NAME).display()
        );
    }
    let groups = unanswered::group(&read.records);
    let shown = if top == 0 {
        groups.len()
    } else {
        top.min(groups.len())
    };
    if json {
        for group in &groups[..shown] {
            serde_json::to_writer(&mut out, group)?;
            writeln!(out)?;
        }
        return Ok(());
    }
    let period = since.map_or("ever".to_owned(), |days| {
        format!("in the last {days} day{}", if days == 1 { "" } else { "s" })
    });
    if read.records.is_empty() {
        writeln!(
            out,
            "No unanswered questions {period} (log: {}).",
            dir.join(unanswered::FILE_NAME).display()
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "{} unanswered questions {period}, in {} groups, most asked first (log: {}):",
        read.records.len(),
        groups.len(),
        dir.join(unanswered::FILE_NAME).display()
    )?;
    for group in &groups[..shown] {
        let askers = if group.askers == 1 { "asker" } else { "askers" };
        writeln!(
            out,
            "\n{:>4} asked ({} {askers}, last {})  {:?}",
            group.count, group.askers, group.last_asked, group.question
        )?;
        for variant in group.variants.iter().take(5) {
            writeln!(out, "       also {variant:?}")?;
        }
        if group.variants.len() > 5 {
            writeln!(
                out,
                "       and {} more phrasings",
                group.variants.len() - 5
            )?;
        }
        match &group.closest {
            Some(closest) if closest.score >= settings.matcher.suggestion_floor => writeln!(
                out,
                "       closest entry: {} ({:.2}) {:?}: add these phrasings to it if it answers them",
                closest.id, closest.score, closest.question
            )?,
            _ => writeln!(out, "       no close entry: a new entry may be needed")?,
        }
    }
    if shown < groups.len() {
        writeln!(
            out,
            "\n{} more groups; --top 0 shows all.",
            groups.len() - shown
        )?;
    }
    Ok(())
}

fn greeting(router: &Router) -> String {
    format!(
        "Ask me about: {}\nType a question, /topics for what I know, /help for commands, /quit to leave.",
        router.pack().story.meta.title
    )
}

/// Loads and validates the pack, then indexes it.
pub fn load_router(dir: &Path, settings: &Settings) -> anyhow::Result<Router> {
    let pack = KnowledgePack::load(dir)
        .with_context(|| format!("cannot serve the knowledge pack in {}", dir.display()))?;
    tracing::debug!(dir = %dir.display(), entries = pack.entries.len(), "knowledge pack loaded");
    Ok(Router::new(pack, settings.router()))
}

/// How `ask` prints.
#[derive(Debug, Clone, Copy)]
struct Mode {
    json: bool,
    explain: bool,
}

fn ask_one(router: &Router, question: &str, mut out: impl Write, mode: Mode) -> anyhow::Result<()> {
    let reply = router.handle(Command::Ask {
        question: question.to_owned(),
    });
    let explained = mode.explain.then(|| router.matcher().explain(question));
    if mode.json {
        let mut json = serde_json::to_value(AskJson::from_reply(&reply))?;
        if let Some(terms) = explained {
            json["terms"] = serde_json::to_value(terms)?;
        }
        serde_json::to_writer(&mut out, &json)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}", console::render(&reply))?;
        if let Some(terms) = explained {
            writeln!(
                out,
                "\nHow the question was read (term, weight, match quality):"
            )?;
            for term in terms {
                let known = if term.known {
                    ""
                } else {
                    "  (not in the pack)"
                };
                writeln!(
                    out,
                    "  {:<24} {:<16} {:>5.2} {:>5.2}{known}",
                    term.words, term.term, term.weight, term.quality
                )?;
            }
        }
    }
    Ok(())
}

fn ask_lines(
    router: &Router,
    input: impl BufRead,
    mut out: impl Write,
    mode: Mode,
) -> anyhow::Result<()> {
    for line in input.lines() {
        let line = line.context("cannot read standard input")?;
        ask_one(router, &line, &mut out, mode)?;
        if !mode.json {
            writeln!(out)?;
        }
    }
    Ok(())
}

/// The JSON shape of one answer, a stable contract for scripts and evaluation.
#[derive(Debug, Serialize)]
pub struct AskJson<'a> {
    pub status: &'static str,
    pub id: Option<&'a str>,
    pub question: Option<&'a str>,
    pub score: f64,
    pub answer: Option<&'a str>,
    pub citations: Option<Vec<CitationJson<'a>>>,
    pub suggestions: Vec<SuggestionJson<'a>>,
    /// Why the question was not looked up (empty or too long); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct CitationJson<'a> {
    pub paragraph: usize,
    pub excerpt: &'a str,
}

#[derive(Debug, Serialize)]
pub struct SuggestionJson<'a> {
    pub id: &'a str,
    pub question: &'a str,
    pub score: f64,
}

impl<'a> AskJson<'a> {
    pub fn from_reply(reply: &'a Reply) -> Self {
        let suggestions = |list: &'a [crate::router::Suggestion]| {
            list.iter()
                .map(|s| SuggestionJson {
                    id: &s.id,
                    question: &s.question,
                    score: round(s.score),
                })
                .collect()
        };
        let citations = |list: &'a [Citation]| {
            list.iter()
                .map(|c| CitationJson {
                    paragraph: c.paragraph,
                    excerpt: &c.excerpt,
                })
                .collect()
        };
        let mut json = AskJson {
            status: "no_match",
            id: None,
            question: None,
            score: 0.0,
            answer: None,
            citations: None,
            suggestions: Vec::new(),
            refused: None,
        };
        match reply {
            Reply::Answer(answer) => {
                json.status = "answered";
                json.id = Some(&answer.id);
                json.question = Some(&answer.question);
                json.score = round(answer.score);
                json.answer = Some(&answer.answer);
                json.citations = Some(citations(&answer.citations));
                json.suggestions = suggestions(&answer.related);
            }
            Reply::NoMatch(no_match) => {
                json.score = no_match.suggestions.first().map_or(0.0, |s| round(s.score));
                json.suggestions = suggestions(&no_match.suggestions);
            }
            Reply::Refused(refusal) => json.refused = Some(refusal.to_string()),
            _ => {}
        }
        json
    }
}

/// Three decimals are plenty for a confidence, and keep f32 noise out of the JSON.
fn round(score: f32) -> f64 {
    (f64::from(score) * 1000.0).round() / 1000.0
}

/// Validates the pack in `dir` and prints what it covers.
fn check(dir: &Path) -> ExitCode {
    match KnowledgePack::load(dir) {
        Ok(pack) => {
            let questions: usize = pack.entries.iter().map(|e| e.questions.len()).sum();
            let mut topics: Vec<&str> = pack.entries.iter().map(|e| e.topic.as_str()).collect();
            topics.sort_unstable();
            topics.dedup();
            let paragraphs = pack.story.paragraphs.len();
            let uncovered = pack.uncovered_paragraphs();
            println!("{}: valid", dir.display());
            println!(
                "  story: {} ({paragraphs} paragraphs)",
                pack.story.meta.title
            );
            println!(
                "  {} entries, {questions} questions, {} topics, {} synonym groups",
                pack.entries.len(),
                topics.len(),
                pack.synonyms.len()
            );
            println!(
                "  paragraphs covered by citations: {} of {paragraphs}",
                paragraphs - uncovered.len()
            );
            if uncovered.is_empty() {
                println!("  paragraphs not covered: none");
            } else {
                let list: Vec<String> = uncovered.iter().map(ToString::to_string).collect();
                println!("  paragraphs not covered: {}", list.join(", "));
            }
            let (_, conflicts) = crate::matcher::Analyzer::with_conflicts(&pack.synonyms);
            for conflict in conflicts {
                println!(
                    "  warning: {}/{}: {conflict}",
                    dir.display(),
                    crate::knowledge::QA_FILE
                );
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

/// The filter for `log.level`. Plain `info` means storybot's info and other crates' warnings:
/// the Matrix and Discord libraries log user ids at info, and info is what runs for months.
/// Any other value (a level, or directives such as `info,serenity=debug`) applies as written.
fn log_directive(level: &str) -> String {
    if level.trim().eq_ignore_ascii_case("info") {
        "warn,storybot=info".to_owned()
    } else {
        level.to_owned()
    }
}

fn init_logging(settings: &Settings) {
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
