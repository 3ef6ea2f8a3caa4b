//! Typo-tolerant lookup of a word in the pack's vocabulary, without scanning the vocabulary.
//!
//! Written by hand because no maintained crate offers a small in-memory index with Damerau-style
//! edits ("premeir") at this cost: `fst`'s Levenshtein automata count a transposition as two
//! edits and are slow to build per query, and the symspell crates are unmaintained. This is the
//! symmetric-delete idea (SymSpell) at depth one, plus a bounded bucket scan for long words.

use std::collections::HashMap;
use std::hash::BuildHasher;

/// A word found for a misspelled one, and how far apart they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction<'a> {
    pub word: &'a str,
    pub distance: usize,
}

/// How a candidate ranks: lower is better (see `FuzzyIndex::consider`).
type Rank = (usize, bool, bool, std::cmp::Reverse<u32>, u32);

/// Whether the letters of `short` appear in `long` in order.
fn is_subsequence(short: &str, long: &str) -> bool {
    let mut letters = long.chars();
    short.chars().all(|c| letters.any(|l| l == c))
}

/// The vocabulary, indexed for corrections within one or two edits.
#[derive(Debug, Default)]
pub struct FuzzyIndex {
    words: Vec<String>,
    /// How often each word occurs in the pack, to prefer common words on ties.
    counts: Vec<u32>,
    /// Hashes of each word and of each one-deletion variant, with the word's index, sorted.
    deletes: Vec<(u64, u32)>,
    /// Words of eight or more characters by (first character, length), for two-edit lookups.
    long: HashMap<(char, usize), Vec<u32>>,
    hasher: std::hash::RandomState,
}

/// Words shorter than this are never corrected (too many neighbours).
pub const MIN_LEN: usize = 3;
/// Words at least this long may be corrected by two edits.
pub const LONG_LEN: usize = 8;

impl FuzzyIndex {
    /// Indexes `words` (with their counts); words shorter than [`MIN_LEN`] are left out.
    pub fn new(words: impl IntoIterator<Item = (String, u32)>) -> Self {
        let mut index = Self::default();
        for (word, count) in words {
            let len = word.chars().count();
            if len < MIN_LEN {
                continue;
            }
            let id = index.words.len() as u32;
            for variant in std::iter::once(word.clone()).chain(deletions(&word)) {
                index.deletes.push((index.hash(&variant), id));
            }
            if len >= LONG_LEN
                && let Some(first) = word.chars().next()
            {
                index.long.entry((first, len)).or_default().push(id);
            }
            index.words.push(word);
            index.counts.push(count);
        }
        index.deletes.sort_unstable();
        index.deletes.dedup();
        index
    }

    /// The closest indexed word within `max_distance` edits (insertions, deletions,
    /// substitutions, adjacent transpositions), preferring fewer edits, then common words.
    /// `accept` filters candidates (for example, only stopwords for very short words).
    pub fn correct(
        &self,
        word: &str,
        max_distance: usize,
        accept: impl Fn(&str) -> bool,
    ) -> Option<Correction<'_>> {
        if max_distance == 0 {
            return None;
        }
        let mut best: Option<Rank> = None;
        for variant in std::iter::once(word.to_owned()).chain(deletions(word)) {
            let hash = self.hash(&variant);
            let start = self.deletes.partition_point(|&(h, _)| h < hash);
            for &(_, id) in self.deletes[start..]
                .iter()
                .take_while(|&&(h, _)| h == hash)
            {
                self.consider(word, id, 1, &accept, &mut best);
            }
        }
        let len = word.chars().count();
        if best.is_none() && max_distance >= 2 && len >= LONG_LEN {
            let first = word.chars().next()?;
            for candidate_len in len - 2..=len + 2 {
                for &id in self.long.get(&(first, candidate_len)).into_iter().flatten() {
                    self.consider(word, id, 2, &accept, &mut best);
                }
            }
        }
        best.map(|(distance, _, _, _, id)| Correction {
            word: &self.words[id as usize],
            distance,
        })
    }

    /// The indexed word that `word` drops two letters of, keeping its first ("anouncd" for
    /// "announced", "compnis" for "companies"): two missed keys, where [`Self::correct`] allows
    /// a shorter word one edit only. Scans one bucket of the long words.
    pub fn correct_dropped(
        &self,
        word: &str,
        accept: impl Fn(&str) -> bool,
    ) -> Option<Correction<'_>> {
        let first = word.chars().next()?;
        let len = word.chars().count();
        let mut best: Option<Rank> = None;
        for &id in self.long.get(&(first, len + 2)).into_iter().flatten() {
            if is_subsequence(word, &self.words[id as usize]) {
                self.consider(word, id, 2, &accept, &mut best);
            }
        }
        best.map(|(distance, _, _, _, id)| Correction {
            word: &self.words[id as usize],
            distance,
        })
    }

    /// Keeps `id` in `best` if it is within `limit` edits and ranks better.
    fn consider(
        &self,
        word: &str,
        id: u32,
        limit: usize,
        accept: &impl Fn(&str) -> bool,
        best: &mut Option<Rank>,
    ) {
        let candidate = &self.words[id as usize];
        let distance = strsim::osa_distance(word, candidate);
        if distance == 0 || distance > limit || !accept(candidate) {
            return;
        }
        // Fewer edits first; then a word ending like the typo ("headquaterd" is more likely
        // "headquartered" than "headquarters"); then one the typo only drops letters of
        // ("unifed" is "unified" rather than "united": a missed key is the commonest slip);
        // then the more common; then the first indexed.
        let same_end = candidate.chars().last() == word.chars().last();
        let dropped = candidate.len() > word.len() && is_subsequence(word, candidate);
        let key = (
            distance,
            !same_end,
            !dropped,
            std::cmp::Reverse(self.counts[id as usize]),
            id,
        );
        if best.is_none_or(|old| key < old) {
            *best = Some(key);
        }
    }

    /// How many words are indexed.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether no word is indexed.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    fn hash(&self, text: &str) -> u64 {
        self.hasher.hash_one(text)
    }
}

/// The variants of `word` with one character deleted.
fn deletions(word: &str) -> impl Iterator<Item = String> + '_ {
    word.char_indices().map(move |(at, c)| {
        let mut variant = String::with_capacity(word.len());
        variant.push_str(&word[..at]);
        variant.push_str(&word[at + c.len_utf8()..]);
        variant
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> FuzzyIndex {
        let words = [
            "announced",
            "headquarters",
            "headquartered",
            "robots",
            "china",
            "premier",
            "what",
            "alibaba",
            "governance",
            "many",
            "main",
            "unified",
        ];
        // "united" is more common than "unified", as in the pack ("United States").
        FuzzyIndex::new(
            words
                .iter()
                .map(|w| (w.to_string(), 1))
                .chain([("united".to_string(), 5)]),
        )
    }

    /// Each case: misspelling, allowed edits, expected correction.
    const CASES: &[(&str, usize, Option<&str>)] = &[
        ("anounced", 1, Some("announced")),
        ("headquaters", 2, Some("headquarters")),
        ("headquaterd", 2, Some("headquartered")),
        ("robts", 1, Some("robots")),
        ("chna", 1, Some("china")),
        ("premeir", 1, Some("premier")),
        ("alibab", 1, Some("alibaba")),
        ("goverance", 1, Some("governance")),
        ("mnay", 1, Some("many")),
        ("wat", 1, Some("what")),
        // One edit from both: a dropped letter is likelier than a wrong one.
        ("unifed", 1, Some("unified")),
        ("qwertyuiop", 2, None),
        ("robots", 1, None),
        ("zzzz", 1, None),
        ("headquaterd", 1, None),
    ];

    #[test]
    fn corrects_within_the_allowed_edits() {
        let index = index();
        for &(typo, max, expected) in CASES {
            let found = index.correct(typo, max, |_| true).map(|c| c.word);
            assert_eq!(found, expected, "{typo}");
        }
    }

    #[test]
    fn two_dropped_letters_are_found_in_a_longer_word() {
        let index = index();
        let found = |typo: &str| index.correct_dropped(typo, |_| true).map(|c| c.word);
        assert_eq!(found("anouncd"), Some("announced"));
        assert_eq!(found("anouncx"), None, "a letter dropped, one wrong");
        assert_eq!(found("nnounce"), None, "the first letter is kept");
        assert_eq!(found("anoucd"), None, "three letters short is not two");
    }

    #[test]
    fn respects_the_filter() {
        let index = index();
        assert_eq!(index.correct("chna", 1, |w| w != "china"), None);
    }
}
