//! `storybot ask`: one question (or one per line of standard input), printed as a person reads
//! it or as JSON, the stable contract for scripts and evaluation. It reads the pack directly:
//! no service, so nothing is rate-limited or logged.

use std::borrow::Cow;
use std::io::{BufRead, Write};

use anyhow::Context as _;
use serde::Serialize;

use crate::frontends::console;
use crate::knowledge::Citation;
use crate::metrics::Platform;
use crate::router::{Command, Previous, Reply, Router, Suggestion};
use crate::smalltalk::MIN_REMARK_ODDS;
use crate::view::{self, Syntax};

/// How `ask` reads and prints.
#[derive(Debug, Clone, Copy)]
pub struct Mode {
    pub json: bool,
    pub explain: bool,
    /// Lines are the turns of conversations (a blank line starts a new one): follow-up
    /// questions are read in the context of the last answer.
    pub conversation: bool,
}

/// Answers one question, in the context of `previous` (what the conversation remembers of
/// its last answer), and prints the reply. Returns what the conversation remembers after it,
/// when that changes ([`Router::remember`]).
pub fn ask_one(
    router: &Router,
    question: &str,
    previous: Option<&Previous>,
    mut out: impl Write,
    mode: Mode,
) -> anyhow::Result<Option<Previous>> {
    let reply = router.handle_in(
        Command::Ask {
            question: question.to_owned(),
        },
        previous,
    );
    let explained = mode.explain.then(|| router.matcher().explain(question));
    if mode.json {
        let mut json = serde_json::to_value(AskJson::from_reply(&reply))?;
        if let Some(terms) = explained {
            json["terms"] = serde_json::to_value(terms)?;
            json["remark_odds"] = serde_json::to_value(router.remark_odds(question, previous))?;
        }
        serde_json::to_writer(&mut out, &json)?;
        writeln!(out)?;
    } else {
        let syntax = Syntax::console();
        let document = view::render(&reply, &syntax, Platform::Console);
        writeln!(out, "{}", console::to_text(&document))?;
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
            match router.remark_odds(question, previous) {
                Some(odds) => writeln!(
                    out,
                    "It asks nothing by its form; log-odds that it is a remark: {odds:.2} \
                     (declined above {MIN_REMARK_ODDS:.2})."
                )?,
                None => writeln!(
                    out,
                    "The remark model does not read it (it asks by its form, or is too short)."
                )?,
            }
        }
    }
    Ok(router.remember(previous, question, &reply))
}

pub fn ask_lines(
    router: &Router,
    input: impl BufRead,
    mut out: impl Write,
    mode: Mode,
) -> anyhow::Result<()> {
    let mut previous: Option<Previous> = None;
    for line in input.lines() {
        let line = line.context("cannot read standard input")?;
        if mode.conversation {
            if line.trim().is_empty() {
                previous = None;
                continue;
            }
            if let Some(matched) = ask_one(router, &line, previous.as_ref(), &mut out, mode)? {
                previous = Some(matched);
            }
        } else {
            ask_one(router, &line, None, &mut out, mode)?;
        }
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
    /// The answer, or the small-talk reply.
    pub answer: Option<Cow<'a, str>>,
    pub citations: Option<&'a [Citation]>,
    pub suggestions: Vec<Suggestion>,
    /// Why the question was not looked up (empty or too long); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused: Option<String>,
}

impl<'a> AskJson<'a> {
    pub fn from_reply(reply: &'a Reply) -> Self {
        let suggestions = |list: &[Suggestion]| list.iter().map(Suggestion::rounded).collect();
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
                json.answer = Some(Cow::Borrowed(&answer.answer));
                json.citations = Some(&answer.citations);
                json.suggestions = suggestions(&answer.related);
            }
            Reply::NoMatch(no_match) => {
                json.score = no_match.suggestions.first().map_or(0.0, |s| round(s.score));
                json.suggestions = suggestions(&no_match.suggestions);
            }
            Reply::SmallTalk(reply) => {
                json.status = "smalltalk";
                json.score = 1.0;
                json.answer = Some(Cow::Owned(view::small_talk(reply, &Syntax::console())));
            }
            Reply::Refused(refusal) => {
                json.refused = Some(view::refused(refusal));
            }
            _ => {}
        }
        json
    }
}

/// The score as JSON shows it: three decimals, without f32 noise.
fn round(score: f32) -> f64 {
    (f64::from(score) * 1000.0).round() / 1000.0
}
