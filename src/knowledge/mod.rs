//! The knowledge pack: the story (`story.md`) and the curated Q&A entries (`qa.toml`), loaded and
//! validated as a whole. The matcher (`crate::matcher`) indexes what this module loads.
//!
//! Invariant: a [`KnowledgePack`] value is always valid. Every citation it holds is the story's own
//! text, found in the paragraph it names; a pack with any problem is refused with all of them.

mod excerpt;
mod problem;
mod qa;
mod story;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

pub use excerpt::{Closest, Finder, Located, closest, locate};
pub use problem::{LoadError, Problem};
pub use qa::{DEFAULT_TOPIC, SynonymGroup};
pub use story::{Story, StoryMeta};

use crate::smalltalk::{self, SmallTalk};

use problem::Problems;

/// The largest files a pack may have: `story.md`, `qa.toml` (room for the largest packs
/// allowed), `smalltalk.toml`. A larger file is a problem, not read.
pub const MAX_STORY_BYTES: u64 = 4 * 1024 * 1024;
pub const MAX_QA_BYTES: u64 = 256 * 1024 * 1024;
pub const MAX_SMALLTALK_BYTES: u64 = 1024 * 1024;

/// The file names inside a pack directory.
pub const STORY_FILE: &str = "story.md";
pub const QA_FILE: &str = "qa.toml";

/// A cited excerpt: the paragraph number (from 1) and the story's own words.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Citation {
    pub paragraph: usize,
    pub excerpt: String,
    /// Where the excerpt starts in its paragraph (a byte offset), as the loader found it.
    #[serde(skip)]
    pub start: usize,
}

/// One curated question-and-answer entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub topic: String,
    /// One or more phrasings; the first is the entry's title.
    pub questions: Vec<String>,
    pub answer: String,
    pub citations: Vec<Citation>,
    /// Whether the answer says what the story does not tell ("The story does not say who
    /// would fund it"): in a conversation, it quotes what the story does say of the subject
    /// just read as well.
    pub gap: bool,
}

/// A valid pack: the story, its entries in file order, and the synonym groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnowledgePack {
    pub dir: PathBuf,
    pub story: Story,
    pub entries: Vec<Entry>,
    pub synonyms: Vec<SynonymGroup>,
    /// The small talk: built in, with the pack's `smalltalk.toml` if it has one.
    pub smalltalk: SmallTalk,
}

impl KnowledgePack {
    /// Loads and validates the pack in `dir` (`story.md` and `qa.toml`).
    pub fn load(dir: &Path) -> Result<Self, LoadError> {
        let story_path = dir.join(STORY_FILE);
        let qa_path = dir.join(QA_FILE);
        let problem = |path: &Path, message: String| Problem {
            file: path.to_path_buf(),
            line: None,
            entry: None,
            message,
        };
        let read = |path: &Path, max: u64| {
            let size = fs::metadata(path)
                .map_err(|error| problem(path, format!("cannot read: {error}")))?
                .len();
            if size > max {
                return Err(problem(
                    path,
                    format!("{size} bytes: this file may have at most {max}"),
                ));
            }
            fs::read_to_string(path).map_err(|error| problem(path, format!("cannot read: {error}")))
        };
        let smalltalk_path = dir.join(smalltalk::FILE_NAME);
        let smalltalk = if smalltalk_path.exists() {
            read(&smalltalk_path, MAX_SMALLTALK_BYTES).map(Some)
        } else {
            Ok(None)
        };
        match (
            read(&story_path, MAX_STORY_BYTES),
            read(&qa_path, MAX_QA_BYTES),
            smalltalk,
        ) {
            (Ok(story), Ok(qa), Ok(smalltalk)) => {
                Self::from_all_sources(dir, &story, &qa, smalltalk.as_deref())
            }
            (story, qa, smalltalk) => Err(LoadError {
                problems: [story.err(), qa.err(), smalltalk.err()]
                    .into_iter()
                    .flatten()
                    .collect(),
            }),
        }
    }

    /// Validates a pack from the texts of its two files; `dir` only names them in problems.
    pub fn from_sources(
        dir: &Path,
        story_source: &str,
        qa_source: &str,
    ) -> Result<Self, LoadError> {
        Self::from_all_sources(dir, story_source, qa_source, None)
    }

    /// Validates a pack from the texts of its files, the optional `smalltalk.toml` included.
    pub fn from_all_sources(
        dir: &Path,
        story_source: &str,
        qa_source: &str,
        smalltalk_source: Option<&str>,
    ) -> Result<Self, LoadError> {
        let mut problems = Vec::new();
        let smalltalk = SmallTalk::with_pack(smalltalk_source).map_err(|issues| {
            issues
                .into_iter()
                .map(|issue| Problem {
                    file: dir.join(smalltalk::FILE_NAME),
                    line: issue.line,
                    entry: issue.intent,
                    message: issue.message,
                })
                .collect::<Vec<_>>()
        });
        let smalltalk = match smalltalk {
            Ok(smalltalk) => Some(smalltalk),
            Err(mut found) => {
                problems.append(&mut found);
                None
            }
        };
        let story = story::parse(&dir.join(STORY_FILE), story_source, &mut problems);

        let qa_path = dir.join(QA_FILE);
        let mut report = Problems::new(qa_path, qa_source, 0);
        let raw = qa::parse(qa_source, &mut report);
        let mut entries = Vec::with_capacity(raw.entries.len());
        if let Some(story) = &story {
            let mut finder = CachedFinder {
                finder: Finder::new(&story.paragraphs),
                found: HashMap::new(),
            };
            for entry in raw.entries {
                if let Some(entry) = resolve(entry, story, &mut finder, &mut report) {
                    entries.push(entry);
                }
            }
        }
        problems.append(&mut report.list);

        match (story, smalltalk) {
            (Some(story), Some(smalltalk)) if problems.is_empty() => Ok(Self {
                dir: dir.to_path_buf(),
                story,
                entries,
                synonyms: raw.synonyms,
                smalltalk,
            }),
            _ => Err(LoadError { problems }),
        }
    }

    /// Paragraph numbers (from 1) that no entry cites.
    pub fn uncovered_paragraphs(&self) -> Vec<usize> {
        (1..=self.story.paragraphs.len())
            .filter(|&n| {
                !self
                    .entries
                    .iter()
                    .any(|e| e.citations.iter().any(|c| c.paragraph == n))
            })
            .collect()
    }

    /// The entry with this id.
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|entry| entry.id == id)
    }
}

/// A [`Finder`] that remembers: entries often cite the same sentence.
struct CachedFinder {
    finder: Finder,
    found: HashMap<String, Option<Located>>,
}

impl CachedFinder {
    fn locate(&mut self, excerpt: &str) -> Option<Located> {
        if let Some(found) = self.found.get(excerpt) {
            return found.clone();
        }
        let found = self.finder.locate(excerpt);
        self.found.insert(excerpt.to_owned(), found.clone());
        found
    }
}

/// Resolves an entry's excerpts to paragraphs; reports each one not found.
fn resolve(
    raw: qa::RawEntry,
    story: &Story,
    finder: &mut CachedFinder,
    report: &mut Problems<'_>,
) -> Option<Entry> {
    let mut citations = Vec::with_capacity(raw.cite.len());
    let mut ok = true;
    for (number, (excerpt, offset)) in raw.cite.iter().enumerate() {
        match finder.locate(excerpt) {
            Some(found) => citations.push(Citation {
                paragraph: found.paragraph,
                start: found.range.start,
                excerpt: story.paragraphs[found.paragraph - 1][found.range].to_owned(),
            }),
            None => {
                ok = false;
                report.at(
                    *offset,
                    Some(&raw.id),
                    not_found_message(number + 1, excerpt, story),
                );
            }
        }
    }
    ok.then_some(Entry {
        id: raw.id,
        topic: raw.topic,
        questions: raw.questions,
        answer: raw.answer,
        citations,
        gap: raw.gap,
    })
}

fn not_found_message(number: usize, excerpt: &str, story: &Story) -> String {
    let mut message =
        format!("cite {number} is not a verbatim excerpt of any paragraph of the story");
    if let Some(near) = closest(&story.paragraphs, excerpt) {
        message.push_str(&format!(
            "; closest is paragraph {}, which matches the first {} characters, then the cite has {:?} where the story has {:?}",
            near.paragraph,
            near.matched_chars,
            near.excerpt_has,
            near.story_has
        ));
    }
    message
}
