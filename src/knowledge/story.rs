//! Reading `story.md`: TOML front matter between `+++` lines, then paragraphs separated by blank
//! lines, numbered from 1.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::problem::Problems;

/// The story's metadata, from the front matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoryMeta {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
}

impl StoryMeta {
    /// The optional details that are set, labelled, in the order front-ends show them.
    pub fn details(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("Outlet", &self.outlet),
            ("Published", &self.published),
            ("Event", &self.event),
            ("Link", &self.url),
        ]
        .into_iter()
        .filter_map(|(label, value)| value.as_deref().map(|value| (label, value)))
    }
}

/// The story: metadata and its paragraphs, verbatim. Paragraph `n` is `paragraphs[n - 1]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Story {
    pub meta: StoryMeta,
    pub paragraphs: Vec<String>,
}

impl Story {
    /// Paragraph `number`, counted from 1.
    pub fn paragraph(&self, number: usize) -> Option<&str> {
        number
            .checked_sub(1)
            .and_then(|index| self.paragraphs.get(index))
            .map(String::as_str)
    }
}

/// Parses the story, adding what is wrong to `problems`; `None` when it cannot be used at all.
pub(crate) fn parse(
    path: &Path,
    source: &str,
    problems: &mut Vec<super::Problem>,
) -> Option<Story> {
    let mut report = Problems::new(path.to_path_buf(), source, 0);
    let story = parse_inner(path, source, &mut report);
    problems.append(&mut report.list);
    story
}

fn parse_inner(path: &Path, source: &str, report: &mut Problems<'_>) -> Option<Story> {
    let source = source.strip_prefix('\u{FEFF}').unwrap_or(source);
    let mut lines = source.split_inclusive('\n');
    if lines.next().map(str::trim_end) != Some("+++") {
        report.push(
            Some(1),
            None,
            "the story must start with TOML front matter between `+++` lines (title = \"...\")",
        );
        return None;
    }
    let front_start = source.find('\n').map_or(source.len(), |i| i + 1);
    let mut offset = front_start;
    let mut front_end = None;
    for line in lines {
        if line.trim_end() == "+++" {
            front_end = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((front_end, body_start)) = front_end else {
        report.push(Some(1), None, "the front matter has no closing `+++` line");
        return None;
    };

    let front = &source[front_start..front_end];
    let mut front_report = Problems::new(path.to_path_buf(), front, 1);
    let meta = match toml::from_str::<StoryMeta>(front) {
        Ok(meta) => Some(meta),
        Err(error) => {
            let offset = error.span().map_or(0, |span| span.start);
            front_report.at(offset, None, format!("front matter: {}", error.message()));
            None
        }
    };
    report.list.append(&mut front_report.list);
    if let Some(meta) = &meta
        && meta.title.trim().is_empty()
    {
        report.push(Some(2), None, "front matter: `title` is empty");
    }

    let paragraphs = paragraphs(&source[body_start..]);
    if paragraphs.is_empty() {
        report.at(
            body_start,
            None,
            "the story has no paragraphs after the front matter",
        );
    }
    Some(Story {
        meta: meta?,
        paragraphs,
    })
}

/// Splits text into paragraphs at blank lines; lines inside a paragraph are joined by one space.
fn paragraphs(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in body.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line.trim());
        }
    }
    if !current.is_empty() {
        out.push(current.join(" "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(source: &str) -> (Option<Story>, Vec<String>) {
        let mut problems = Vec::new();
        let story = parse(Path::new("story.md"), source, &mut problems);
        (story, problems.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn reads_front_matter_and_numbered_paragraphs() {
        let (story, problems) = load(
            "+++\ntitle = \"T\"\nurl = \"https://example.org\"\n+++\n\nOne.\n\nTwo,\nwrapped.\n\n\nThree.\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let story = story.unwrap();
        assert_eq!(story.meta.title, "T");
        assert_eq!(story.meta.url.as_deref(), Some("https://example.org"));
        assert_eq!(story.paragraphs, ["One.", "Two, wrapped.", "Three."]);
        assert_eq!(story.paragraph(2), Some("Two, wrapped."));
        assert_eq!(story.paragraph(0), None);
        assert_eq!(story.paragraph(4), None);
    }

    #[test]
    fn names_the_line_of_a_bad_front_matter_key() {
        let (_, problems) = load("+++\ntitle = \"T\"\nauthor = \"x\"\n+++\n\nOne.\n");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("story.md:3: front matter: unknown field `author`"),
            "{problems:?}"
        );
    }

    #[test]
    fn requires_front_matter_title_and_paragraphs() {
        let (_, problems) = load("Just text.\n");
        assert!(
            problems[0].contains("must start with TOML front matter"),
            "{problems:?}"
        );
        let (_, problems) = load("+++\nevent = \"x\"\n+++\n\nOne.\n");
        assert!(
            problems[0].contains("missing field `title`"),
            "{problems:?}"
        );
        let (_, problems) = load("+++\ntitle = \"T\"\n+++\n\n\n");
        assert!(problems[0].contains("no paragraphs"), "{problems:?}");
        let (_, problems) = load("+++\ntitle = \"T\"\n\nOne.\n");
        assert!(problems[0].contains("no closing"), "{problems:?}");
    }
}
