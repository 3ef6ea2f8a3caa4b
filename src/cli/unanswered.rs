//! `storybot unanswered`: the log of unanswered questions, grouped, for curators.

use std::io::Write;

use anyhow::Context as _;

use crate::config::Settings;
use crate::unanswered;

/// `storybot unanswered`: the log, grouped.
pub fn show_unanswered(
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
    let groups = unanswered::report(&read.records);
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
    let ratings = |outcome: &str| read.records.iter().filter(|r| r.outcome == outcome).count();
    let (disliked, liked) = (ratings(unanswered::DISLIKED), ratings(unanswered::LIKED));
    if disliked + liked > 0 {
        writeln!(
            out,
            "{disliked} answers rated not helpful and {liked} helpful {period}; the not helpful ones first."
        )?;
    }
    writeln!(
        out,
        "{} unanswered questions {period}, in {} groups, most asked first (log: {}):",
        read.records.len() - disliked - liked,
        groups.len(),
        dir.join(unanswered::FILE_NAME).display()
    )?;
    for group in &groups[..shown] {
        let askers = if group.askers == 1 { "asker" } else { "askers" };
        if let Some(id) = &group.disliked {
            writeln!(
                out,
                "\n answered with {id}; {} {askers} marked it not helpful (last {})",
                group.askers, group.last_asked
            )?;
            for question in std::iter::once(&group.question)
                .chain(&group.variants)
                .take(6)
            {
                writeln!(out, "       for {question:?}")?;
            }
            writeln!(
                out,
                "       check that {id} answers these; if not, move them to a better entry"
            )?;
            continue;
        }
        writeln!(
            out,
            "\n{:>4} asked ({} {askers}, last {})  {:?}",
            group.count, group.askers, group.last_asked, group.question
        )?;
        if let Some(after) = &group.after {
            writeln!(out, "       asked right after an answer from {after}")?;
        }
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
