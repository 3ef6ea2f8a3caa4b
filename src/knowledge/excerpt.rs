//! Finding a curator's excerpt in the story, tolerating only whitespace, quote and dash variants.
//!
//! The loader (`super::qa`) resolves every `cite` through [`locate`]; when an excerpt is not
//! found, [`closest`] explains where it first departs from the story, so the curator can fix it.

use std::ops::Range;

/// Where an excerpt was found: a paragraph number (from 1) and the byte range of the story's own
/// text in that paragraph. The story's text, not the curator's, is what users are shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub paragraph: usize,
    pub range: Range<usize>,
}

/// The best partial match of an excerpt that was not found, for the error message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closest {
    pub paragraph: usize,
    /// How many characters (ignoring whitespace) matched before the first difference.
    pub matched_chars: usize,
    /// What the excerpt has from the first difference on (a few characters, as written).
    pub excerpt_has: String,
    /// What the story has there (a few characters, as written), empty at the paragraph's end.
    pub story_has: String,
}

/// Finds `excerpt` in one of `paragraphs` (numbered from 1), first paragraph first.
pub fn locate(paragraphs: &[String], excerpt: &str) -> Option<Located> {
    Finder::new(paragraphs).locate(excerpt)
}

/// The story folded once, for locating many excerpts (a pack may have thousands).
pub struct Finder {
    paragraphs: Vec<Vec<Folded>>,
}

impl Finder {
    pub fn new(paragraphs: &[String]) -> Self {
        Self {
            paragraphs: paragraphs.iter().map(|p| fold(p)).collect(),
        }
    }

    /// Finds `excerpt` in one of the paragraphs, first paragraph first.
    pub fn locate(&self, excerpt: &str) -> Option<Located> {
        let needle: Vec<char> = fold(excerpt).into_iter().map(|f| f.ch).collect();
        if needle.is_empty() {
            return None;
        }
        self.paragraphs.iter().enumerate().find_map(|(index, hay)| {
            hay.windows(needle.len())
                .find(|window| {
                    window[0].ch == needle[0]
                        && window.iter().map(|f| f.ch).eq(needle.iter().copied())
                })
                .map(|window| Located {
                    paragraph: index + 1,
                    range: window[0].range.start..window[window.len() - 1].range.end,
                })
        })
    }
}

/// The paragraph and position where the longest leading part of `excerpt` matches.
pub fn closest(paragraphs: &[String], excerpt: &str) -> Option<Closest> {
    let needle = fold(excerpt);
    let mut best: Option<(usize, usize, usize)> = None; // (matched, paragraph index, start)
    let folded: Vec<Vec<Folded>> = paragraphs.iter().map(|p| fold(p)).collect();
    for (index, hay) in folded.iter().enumerate() {
        for start in 0..hay.len() {
            let matched = hay[start..]
                .iter()
                .zip(&needle)
                .take_while(|(h, n)| h.ch == n.ch)
                .count();
            if matched > 0 && best.is_none_or(|(m, _, _)| matched > m) {
                best = Some((matched, index, start));
            }
        }
    }
    let (matched, index, start) = best?;
    // Show a few characters of each text as written, from the first difference on.
    let snippet = |text: &str, folded: &[Folded]| {
        folded.first().map_or(String::new(), |f| {
            text[f.range.start..].chars().take(16).collect()
        })
    };
    Some(Closest {
        paragraph: index + 1,
        matched_chars: matched,
        excerpt_has: snippet(excerpt, &needle[matched..]),
        story_has: snippet(&paragraphs[index], &folded[index][start + matched..]),
    })
}

/// One character of folded text and the byte range it came from.
struct Folded {
    ch: char,
    range: Range<usize>,
}

/// Drops whitespace and maps quote and dash variants to their ASCII forms; everything else,
/// case included, must match exactly, because a citation is a quotation.
fn fold(text: &str) -> Vec<Folded> {
    text.char_indices()
        .filter(|(_, c)| !c.is_whitespace())
        .map(|(at, c)| Folded {
            ch: fold_char(c),
            range: at..at + c.len_utf8(),
        })
        .collect()
}

fn fold_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story() -> Vec<String> {
        vec![
            "First paragraph here.".to_string(),
            "Describing AI as a \u{201C}new engine for growth,\u{201D} Li emphasized \u{2014} development\u{2014}such as".to_string(),
        ]
    }

    #[test]
    fn tolerates_quotes_dashes_and_whitespace() {
        let paragraphs = story();
        for excerpt in [
            "\"new engine for growth,\" Li",
            "new  engine\nfor growth",
            "development - such as",
            "development—such as",
        ] {
            let found = locate(&paragraphs, excerpt).unwrap_or_else(|| panic!("{excerpt}"));
            assert_eq!(found.paragraph, 2, "{excerpt}");
        }
    }

    #[test]
    fn returns_the_story_text_not_the_excerpt() {
        let paragraphs = story();
        let found = locate(&paragraphs, "\"new engine for growth,\"").unwrap();
        assert_eq!(
            &paragraphs[1][found.range],
            "\u{201C}new engine for growth,\u{201D}"
        );
    }

    #[test]
    fn is_case_sensitive_and_exact_otherwise() {
        let paragraphs = story();
        assert_eq!(locate(&paragraphs, "New engine for growth"), None);
        assert_eq!(locate(&paragraphs, "new engine of growth"), None);
        assert_eq!(locate(&paragraphs, "   "), None);
    }

    #[test]
    fn closest_names_the_first_difference() {
        let paragraphs = story();
        let closest = closest(&paragraphs, "new engine of growth").unwrap();
        assert_eq!(closest.paragraph, 2);
        assert_eq!(closest.matched_chars, "newengine".len());
        assert!(closest.excerpt_has.starts_with("of"), "{closest:?}");
        assert!(closest.story_has.starts_with("for"), "{closest:?}");
    }
}
