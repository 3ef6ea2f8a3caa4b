//! Whole sentences: an excerpt the pack cites inside one sentence of the story is quoted as
//! that sentence when it is not long, so an answer reads as the story's own sentence and not
//! a clause cut from it ("calling for a unified global framework ..." is quoted with "China
//! has unveiled a proposal ..." before it). The curator's excerpt still chooses which
//! sentence answers, and the rules that read follow-ups keep working on it; a long sentence
//! keeps the excerpt, so quotes stay short.
//!
//! Written by hand because the splitting rules are the story's own: a full stop, question or
//! exclamation mark, perhaps inside a closing quotation mark, then a space and a capital or
//! an opening quotation mark; not after an initial ("U.S. President").

use crate::knowledge::Citation;

/// A sentence longer than this (in bytes) is not quoted whole: the excerpt alone is.
pub(super) const MAX_SENTENCE: usize = 360;

/// The byte spans of the sentences of each paragraph of a story, in order.
#[derive(Debug, Default)]
pub(super) struct Sentences {
    paragraphs: Vec<Vec<(usize, usize)>>,
}

impl Sentences {
    pub(super) fn new(paragraphs: &[String]) -> Self {
        Self {
            paragraphs: paragraphs.iter().map(|p| spans(p)).collect(),
        }
    }

    /// The byte span of the sentence `citation` lies in, whatever its length; `None` when it
    /// runs over more than one.
    pub(super) fn sentence_of(&self, citation: &Citation) -> Option<(usize, usize)> {
        let end = citation.start + citation.excerpt.len();
        self.paragraphs
            .get(citation.paragraph.checked_sub(1)?)?
            .iter()
            .copied()
            .find(|&(start, stop)| start <= citation.start && end <= stop)
    }

    /// `citation` as the whole sentence it lies in (of `texts`, the paragraphs these spans
    /// were found in), when that sentence is at most [`MAX_SENTENCE`] bytes; else `citation`
    /// itself.
    pub(super) fn whole(&self, texts: &[String], citation: &Citation) -> Citation {
        let whole = self.sentence_of(citation).and_then(|(start, stop)| {
            if stop - start > MAX_SENTENCE {
                return None;
            }
            Some(Citation {
                paragraph: citation.paragraph,
                excerpt: texts
                    .get(citation.paragraph - 1)?
                    .get(start..stop)?
                    .to_owned(),
                start,
            })
        });
        whole.unwrap_or_else(|| citation.clone())
    }
}

/// Closing quotation marks that may follow a sentence's end.
const CLOSING: &[char] = &['\u{201D}', '"', '\u{2019}', '\''];

/// The byte spans of the sentences of `text`.
fn spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        // Past any closing quotation mark.
        let mut j = i + 1;
        while chars.get(j).is_some_and(|&(_, c)| CLOSING.contains(&c)) {
            j += 1;
        }
        let end = chars.get(j).map_or(text.len(), |&(at, _)| at);
        let next_starts = chars.get(j).is_none()
            || chars.get(j).is_some_and(|&(_, c)| c.is_whitespace())
                && chars
                    .get(j + 1)
                    .is_some_and(|&(_, c)| c.is_uppercase() || c == '\u{201C}' || c == '"');
        // "U.S." or "e.g.": a letter alone before the full stop is an initial.
        let word_before = text[start..at]
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or_default();
        let initial = word_before
            .rsplit('.')
            .next()
            .is_some_and(|last| last.chars().count() == 1);
        if next_starts && !initial {
            spans.push((start, end));
            start = chars.get(j + 1).map_or(text.len(), |&(at, _)| at);
        }
    }
    if start < text.len() {
        spans.push((start, text.len()));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_up_to_the_bound_is_quoted_whole() {
        let sentence = |bytes: usize| format!("A{}.", "a".repeat(bytes - 2));
        for (bytes, whole) in [(MAX_SENTENCE, true), (MAX_SENTENCE + 1, false)] {
            let text = format!("Start. {} End.", sentence(bytes));
            let sentences = Sentences::new(std::slice::from_ref(&text));
            let cited = Citation {
                paragraph: 1,
                excerpt: "aaaa".to_owned(),
                start: 7,
            };
            let quoted = sentences.whole(std::slice::from_ref(&text), &cited);
            assert_eq!(quoted.excerpt.len() == bytes, whole, "{bytes}");
        }
    }

    #[test]
    fn sentences_end_at_stops_not_at_initials() {
        let text = "The order was signed by U.S. President Donald Trump. \u{201C}It is risky,\u{201D} \
                    he said. \u{201C}Balance is needed.\u{201D} Li spoke.";
        let sentences: Vec<&str> = spans(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(
            sentences,
            [
                "The order was signed by U.S. President Donald Trump.",
                "\u{201C}It is risky,\u{201D} he said.",
                "\u{201C}Balance is needed.\u{201D}",
                "Li spoke.",
            ]
        );
    }

    #[test]
    fn a_clause_is_quoted_as_its_sentence_unless_that_is_long() {
        let short = "China has unveiled a proposal, calling for a framework.".to_owned();
        let long = format!("It began, {}.", "and went on ".repeat(40));
        let texts = [short.clone(), long];
        let sentences = Sentences::new(&texts);
        let clause = Citation {
            paragraph: 1,
            excerpt: "calling for a framework".to_owned(),
            start: short.find("calling").expect("in the text"),
        };
        assert_eq!(sentences.whole(&texts, &clause).excerpt, short);
        assert_eq!(sentences.whole(&texts, &clause).start, 0);
        let in_long = Citation {
            paragraph: 2,
            excerpt: "It began".to_owned(),
            start: 0,
        };
        assert_eq!(sentences.whole(&texts, &in_long), in_long);
    }
}
