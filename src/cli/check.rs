//! `storybot check`: validates a knowledge pack and shows what it covers.

use std::path::Path;
use std::process::ExitCode;

use crate::knowledge::KnowledgePack;

/// Validates the pack in `dir` and prints what it covers.
pub fn check(dir: &Path) -> ExitCode {
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
