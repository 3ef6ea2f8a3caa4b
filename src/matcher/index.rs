//! Building the matcher's index from a pack's entries: analysis of every text into term ids,
//! on two threads for large packs, merged into one vocabulary. `super` (the matcher) turns the
//! result into postings and scores queries against it.

use std::ops::Range;

// FxHash rather than SipHash: see `super`.
use rustc_hash::FxHashMap as HashMap;

use super::analyze::{self, Analyzer, Term, Wh, is_stopword};
use super::{IN_ANSWER, IN_CITE, IN_QUESTION, normalize, pair};
use crate::knowledge::Entry;

/// Packs smaller than this are indexed on one thread (a thread costs more than it saves).
const PARALLEL_FROM: usize = 2_000;

/// A term's id and the words it comes from.
type Span = (Range<usize>, u32);

/// What indexing produces: the vocabulary of terms and words, and each entry's terms.
pub(crate) struct Built {
    pub term_ids: HashMap<String, u32>,
    /// Every normalized word with how often the entries use it.
    pub words: HashMap<String, u32>,
    /// Phrasing word -> (term it contributes, how many phrasings), for completion by prefix.
    pub prefix: HashMap<String, Vec<(u32, u32)>>,
    pub entries: Vec<EntryIndex>,
}

/// One entry's terms, as ids.
pub(crate) struct EntryIndex {
    /// (term, field mask), sorted by term.
    pub terms: Vec<(u32, u8)>,
    /// Adjacent term pairs of its answer and excerpts, sorted.
    pub pairs: Vec<u64>,
    /// Hashes of words that synonym groups rewrote, sorted.
    pub surfaces: Vec<u64>,
    /// Each phrasing's sorted, unique terms, question words and sorted [`Self::surfaces`].
    pub phrasings: Vec<(Vec<u32>, Wh, Vec<u64>)>,
    /// Each cited excerpt's sorted, unique terms, to choose the cites that answer a question.
    pub cites: Vec<Vec<u32>>,
    /// Each cited excerpt's [`EntryIndex::surfaces`], of stems, so that of two excerpts matching through
    /// a synonym ("safety", "security"), the one with the asker's own word comes first.
    pub cite_surfaces: Vec<Vec<u64>>,
}

/// Indexes `entries`, on two threads when there are many (each half with its own vocabulary,
/// merged afterwards), so that a pack of 100k entries loads in seconds on a small machine.
pub(crate) fn build(analyzer: &Analyzer, entries: &[Entry]) -> Built {
    let index_half = |half: &[Entry]| {
        let mut builder = Builder::new(analyzer);
        let built: Vec<EntryIndex> = half.iter().map(|entry| builder.entry(entry)).collect();
        (builder, built)
    };
    let (mut builder, mut built) = if entries.len() < PARALLEL_FROM {
        index_half(entries)
    } else {
        let (first, second) = entries.split_at(entries.len() / 2);
        let ((builder, mut built), (other, rest)) = std::thread::scope(|scope| {
            let handle = scope.spawn(|| index_half(second));
            let first = index_half(first);
            (first, handle.join().expect("indexing thread"))
        });
        let mut builder = builder;
        let remap = builder.absorb(other);
        built.extend(rest.into_iter().map(|entry| entry.remap(&remap)));
        (builder, built)
    };
    built.shrink_to_fit();
    Built {
        words: builder
            .words
            .drain()
            .map(|(word, info)| (word, info.count))
            .collect(),
        term_ids: builder.term_ids,
        prefix: builder.prefix,
        entries: built,
    }
}

impl EntryIndex {
    /// The same entry with its term ids translated by `remap` (old id -> new id).
    fn remap(self, remap: &[u32]) -> Self {
        let id = |old: u32| remap[old as usize];
        let terms = merge_masks(
            self.terms
                .into_iter()
                .map(|(t, mask)| (id(t), mask))
                .collect(),
        );
        let mut pairs: Vec<u64> = self
            .pairs
            .into_iter()
            .map(|p| pair(id((p >> 32) as u32), id(p as u32)))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        let phrasings = self
            .phrasings
            .into_iter()
            .map(|(terms, wh, surfaces)| {
                let mut terms: Vec<u32> = terms.into_iter().map(id).collect();
                terms.sort_unstable();
                terms.dedup();
                (terms, wh, surfaces)
            })
            .collect();
        let cites = self
            .cites
            .into_iter()
            .map(|terms| {
                let mut terms: Vec<u32> = terms.into_iter().map(id).collect();
                terms.sort_unstable();
                terms.dedup();
                terms
            })
            .collect();
        Self {
            terms,
            pairs,
            surfaces: self.surfaces,
            phrasings,
            cites,
            cite_surfaces: self.cite_surfaces,
        }
    }
}

/// Sorts (term, field) pairs by term and merges the fields of each term into one mask.
fn merge_masks(mut pairs: Vec<(u32, u8)>) -> Vec<(u32, u8)> {
    pairs.sort_unstable();
    let mut merged: Vec<(u32, u8)> = Vec::with_capacity(pairs.len());
    for (term, field) in pairs {
        match merged.last_mut() {
            Some((last, mask)) if *last == term => *mask |= field,
            _ => merged.push((term, field)),
        }
    }
    merged
}

/// Builds the index: interns terms, counts the vocabulary, and caches what is costly to
/// compute twice (stems of words, the analysis of texts that entries share, such as excerpts).
struct Builder<'a> {
    analyzer: &'a Analyzer,
    term_ids: HashMap<String, u32>,
    /// Every word seen (stemming is costly, and words repeat).
    words: HashMap<String, WordInfo>,
    texts: HashMap<String, Analyzed>,
    /// Phrasing word -> (term it contributes, how many phrasings), for completion by prefix.
    prefix: HashMap<String, Vec<(u32, u32)>>,
}

/// What indexing knows of a word.
struct WordInfo {
    count: u32,
    stem: String,
    /// Its stem's term, unless it is a stopword.
    id: Option<u32>,
    /// Whether a synonym phrase starts with its stem.
    phrase: bool,
}

/// The analysis of one text, as term ids.
#[derive(Clone)]
struct Analyzed {
    ids: Vec<u32>,
    /// Terms of the content words inside multi-word synonym phrases, which the phrase's
    /// canonical term hides: an entry saying "large language models" also answers "models".
    components: Vec<u32>,
    /// Adjacent term pairs (see [`pair`]).
    pairs: Vec<u64>,
    /// Hashes of the words that synonym groups rewrote (see [`surface_hash`]).
    surfaces: Vec<u64>,
    /// The same, of their stems.
    stem_surfaces: Vec<u64>,
    wh: Wh,
}

impl<'a> Builder<'a> {
    fn new(analyzer: &'a Analyzer) -> Self {
        Self {
            analyzer,
            term_ids: HashMap::default(),
            words: HashMap::default(),
            texts: HashMap::default(),
            prefix: HashMap::default(),
        }
    }

    /// Normalizes, counts and analyzes `text`: its words, and for each term the span of words
    /// it comes from with its id.
    fn analyze(&mut self, text: &str) -> (Vec<String>, Vec<Span>, Analyzed) {
        let words = normalize::words(text);
        let mut infos: Vec<(Option<u32>, bool)> = Vec::with_capacity(words.len());
        for word in &words {
            if let Some(info) = self.words.get_mut(word) {
                info.count += 1;
                infos.push((info.id, info.phrase));
                continue;
            }
            let stem = self.analyzer.stem(word);
            let id = (!is_stopword(word)).then(|| intern(&mut self.term_ids, &stem));
            let phrase = self.analyzer.starts_phrase(&stem);
            infos.push((id, phrase));
            self.words.insert(
                word.clone(),
                WordInfo {
                    count: 1,
                    stem,
                    id,
                    phrase,
                },
            );
        }
        let (spans, components, surfaces, stem_surfaces) =
            if infos.iter().any(|&(_, phrase)| phrase) {
                self.analyze_phrases(&words)
            } else {
                // No synonym phrase can start here: each content word is its own stem's term.
                let spans = infos
                    .iter()
                    .enumerate()
                    .filter_map(|(i, &(id, _))| Some((i..i + 1, id?)))
                    .collect();
                (spans, Vec::new(), Vec::new(), Vec::new())
            };
        let ids: Vec<u32> = spans.iter().map(|&(_, id)| id).collect();
        let analyzed = Analyzed {
            pairs: ids.windows(2).map(|w| pair(w[0], w[1])).collect(),
            surfaces,
            stem_surfaces,
            wh: analyze::wh(&words),
            ids,
            components,
        };
        (words, spans, analyzed)
    }

    /// The general case of [`Builder::analyze`], for text where a synonym phrase may start.
    #[allow(clippy::type_complexity)]
    fn analyze_phrases(
        &mut self,
        words: &[String],
    ) -> (Vec<(Range<usize>, u32)>, Vec<u32>, Vec<u64>, Vec<u64>) {
        let stems: Vec<&str> = words.iter().map(|w| self.words[w].stem.as_str()).collect();
        let terms = self
            .analyzer
            .terms_with_stems(words, &stems, &vec![1.0; words.len()]);
        let spans = terms
            .iter()
            .map(|t| {
                (
                    t.first..t.first + t.count,
                    intern(&mut self.term_ids, &t.text),
                )
            })
            .collect();
        let components = terms
            .iter()
            .filter(|t| t.is_synonym() && t.count > 1)
            .flat_map(|t| t.first..t.first + t.count)
            .filter_map(|i| self.words[&words[i]].id)
            .collect();
        let surfaces = terms
            .iter()
            .filter(|t| t.is_synonym())
            .map(|t| surface_hash(words, t))
            .collect();
        let stem_surfaces = terms
            .iter()
            .filter(|t| t.is_synonym())
            .map(|t| surface_hash(&stems, t))
            .collect();
        (spans, components, surfaces, stem_surfaces)
    }

    /// An entry's answer or excerpt; identical texts are analyzed once.
    fn text(&mut self, text: &str) -> Analyzed {
        if let Some(analyzed) = self.texts.get(text) {
            return analyzed.clone();
        }
        let (_, _, analyzed) = self.analyze(text);
        self.texts.insert(text.to_owned(), analyzed.clone());
        analyzed
    }

    /// Indexes one entry: its phrasings, answer and excerpts.
    fn entry(&mut self, entry: &Entry) -> EntryIndex {
        let mut masks: Vec<(u32, u8)> = Vec::new();
        let mut phrasings = Vec::with_capacity(entry.questions.len());
        let mut surfaces = Vec::new();
        for question in &entry.questions {
            let analyzed = self.question(question);
            masks.extend(
                analyzed
                    .ids
                    .iter()
                    .chain(&analyzed.components)
                    .map(|&id| (id, IN_QUESTION)),
            );
            surfaces.extend_from_slice(&analyzed.surfaces);
            let mut ids = analyzed.ids;
            ids.sort_unstable();
            ids.dedup();
            let mut own = analyzed.surfaces;
            own.sort_unstable();
            own.dedup();
            phrasings.push((ids, analyzed.wh, own));
        }
        let mut pairs = Vec::new();
        let texts = std::iter::once((entry.answer.as_str(), IN_ANSWER)).chain(
            entry
                .citations
                .iter()
                .map(|c| (c.excerpt.as_str(), IN_CITE)),
        );
        let mut cites = Vec::with_capacity(entry.citations.len());
        let mut cite_surfaces = Vec::with_capacity(entry.citations.len());
        for (text, field) in texts {
            let analyzed = self.text(text);
            if field == IN_CITE {
                let mut written = analyzed.stem_surfaces.clone();
                written.sort_unstable();
                written.dedup();
                cite_surfaces.push(written);
                let mut terms: Vec<u32> = analyzed
                    .ids
                    .iter()
                    .chain(&analyzed.components)
                    .copied()
                    .collect();
                terms.sort_unstable();
                terms.dedup();
                cites.push(terms);
            }
            masks.extend(
                analyzed
                    .ids
                    .iter()
                    .chain(&analyzed.components)
                    .map(|&id| (id, field)),
            );
            surfaces.extend_from_slice(&analyzed.surfaces);
            pairs.extend_from_slice(&analyzed.pairs);
        }
        pairs.sort_unstable();
        pairs.dedup();
        surfaces.sort_unstable();
        surfaces.dedup();
        EntryIndex {
            terms: merge_masks(masks),
            pairs,
            surfaces,
            phrasings,
            cites,
            cite_surfaces,
        }
    }

    /// Takes in another builder's vocabulary; returns its term ids translated into ours.
    fn absorb(&mut self, other: Builder<'_>) -> Vec<u32> {
        let mut remap = vec![0; other.term_ids.len()];
        for (term, old) in other.term_ids {
            remap[old as usize] = intern(&mut self.term_ids, &term);
        }
        for (word, info) in other.words {
            match self.words.get_mut(&word) {
                Some(mine) => mine.count += info.count,
                None => {
                    let id = info.id.map(|old| remap[old as usize]);
                    self.words.insert(word, WordInfo { id, ..info });
                }
            }
        }
        for (word, list) in other.prefix {
            let mine = self.prefix.entry(word).or_default();
            for (old, count) in list {
                let id = remap[old as usize];
                match mine.iter_mut().find(|(t, _)| *t == id) {
                    Some((_, total)) => *total += count,
                    None => mine.push((id, count)),
                }
            }
        }
        remap
    }

    /// A phrasing; its words are also recorded for completion by prefix.
    fn question(&mut self, text: &str) -> Analyzed {
        let (words, spans, analyzed) = self.analyze(text);
        for (span, id) in spans {
            for word in &words[span] {
                let list = match self.prefix.get_mut(word) {
                    Some(list) => list,
                    None => self.prefix.entry(word.clone()).or_default(),
                };
                match list.iter_mut().find(|(t, _)| *t == id) {
                    Some((_, count)) => *count += 1,
                    None => list.push((id, 1)),
                }
            }
        }
        analyzed
    }
}

/// The id of `term`, interning it if new.
fn intern(term_ids: &mut HashMap<String, u32>, term: &str) -> u32 {
    if let Some(&id) = term_ids.get(term) {
        return id;
    }
    let id = term_ids.len() as u32;
    term_ids.insert(term.to_owned(), id);
    id
}

/// A stable hash of the words a term came from: of the stems, for choosing excerpts, where
/// "ethics" and "ethical" are one way of writing (and "ethics" and "morals" two); of the
/// words as written, for ranking entries.
pub(crate) fn surface_hash<S: AsRef<str>>(words: &[S], term: &Term) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    for word in &words[term.first..term.first + term.count] {
        word.as_ref().hash(&mut hasher);
    }
    hasher.finish()
}
