//! Problems found while loading a knowledge pack, written for the curator who edits it.

use std::fmt;
use std::path::PathBuf;

/// One problem: where it is (file, line, entry) and what is wrong, in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    /// 1-based line, when the problem has a place in the file.
    pub line: Option<usize>,
    /// The id of the Q&A entry concerned, when there is one.
    pub entry: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": ")?;
        if let Some(entry) = &self.entry {
            write!(f, "entry `{entry}`: ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// Every problem found in a pack. A pack with problems is never served.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct LoadError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.problems.len();
        let noun = if count == 1 { "problem" } else { "problems" };
        write!(f, "the knowledge pack has {count} {noun}:")?;
        for problem in &self.problems {
            write!(f, "\n  {problem}")?;
        }
        Ok(())
    }
}

/// Collects problems for one file, turning byte offsets into line numbers.
pub(crate) struct Problems<'a> {
    file: PathBuf,
    source: &'a str,
    /// How many lines of the real file come before `source` (for front matter).
    line_offset: usize,
    /// Byte offsets where lines start, computed on the first problem: a pack with thousands of
    /// problems must not count newlines from the start for each one.
    line_starts: std::cell::OnceCell<Vec<usize>>,
    pub(crate) list: Vec<Problem>,
}

impl<'a> Problems<'a> {
    pub(crate) fn new(file: PathBuf, source: &'a str, line_offset: usize) -> Self {
        Self {
            file,
            source,
            line_offset,
            line_starts: std::cell::OnceCell::new(),
            list: Vec::new(),
        }
    }

    /// The 1-based line of a byte offset in the source.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        let starts = self.line_starts.get_or_init(|| {
            let newlines = self.source.bytes().enumerate().filter(|&(_, b)| b == b'\n');
            std::iter::once(0)
                .chain(newlines.map(|(at, _)| at + 1))
                .collect()
        });
        // The number of line starts at or before the offset is the 1-based line.
        self.line_offset + starts.partition_point(|&start| start <= offset)
    }

    pub(crate) fn at(&mut self, offset: usize, entry: Option<&str>, message: impl Into<String>) {
        let line = Some(self.line_of(offset));
        self.push(line, entry, message);
    }

    pub(crate) fn push(
        &mut self,
        line: Option<usize>,
        entry: Option<&str>,
        message: impl Into<String>,
    ) {
        self.list.push(Problem {
            file: self.file.clone(),
            line,
            entry: entry.map(str::to_owned),
            message: message.into(),
        });
    }
}
