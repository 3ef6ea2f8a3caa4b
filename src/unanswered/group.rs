//! Grouping logged questions by similarity, for `storybot unanswered`: questions with the same
//! content terms after stemming, or nearly the same text, are one group, named by its most
//! asked phrasing and shown with the entry most often closest to it.

use std::collections::HashMap;

use serde::Serialize;

use super::Record;
use crate::matcher::{Analyzer, is_stopword, normalize};
use crate::router::Suggestion;

/// Questions that mean about the same thing, most asked first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// How many times a question of this group was asked.
    pub count: usize,
    /// How many different askers (console questions count as one).
    pub askers: usize,
    /// The most asked phrasing.
    pub question: String,
    /// Other phrasings, most asked first.
    pub variants: Vec<String>,
    /// The entry most often closest to these questions, with its best score.
    pub closest: Option<Suggestion>,
    pub last_asked: String,
    /// For questions with no word of their own ("why?"): the entry that answered before them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// For answers rated not helpful: the entry that answered. Such a group holds the questions
    /// it answered wrongly; `askers` is how many marked it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disliked: Option<String>,
}

/// Answers rated not helpful, one group per entry, most disliked first (by askers, then
/// ratings), then the unanswered questions grouped by similarity ([`group`]). Ratings of
/// helpful answers are not shown.
pub fn report(records: &[Record]) -> Vec<Group> {
    let mut by_entry: Vec<(String, Vec<Record>)> = Vec::new();
    let mut unanswered = Vec::new();
    for record in records {
        match (record.outcome.as_str(), &record.answered) {
            (super::DISLIKED, Some(id)) => match by_entry.iter_mut().find(|(e, _)| e == id) {
                Some((_, list)) => list.push(record.clone()),
                None => by_entry.push((id.clone(), vec![record.clone()])),
            },
            (super::LIKED, _) => {}
            _ => unanswered.push(record.clone()),
        }
    }
    let mut groups: Vec<Group> = by_entry
        .into_iter()
        .map(|(id, list)| {
            let mut phrasings = group(&list);
            let mut all: Vec<String> = Vec::new();
            for g in &mut phrasings {
                all.push(std::mem::take(&mut g.question));
                all.append(&mut g.variants);
            }
            let mut askers: Vec<&str> = list
                .iter()
                .map(|r| r.user.as_deref().unwrap_or(r.platform.as_str()))
                .collect();
            askers.sort_unstable();
            askers.dedup();
            Group {
                count: list.len(),
                askers: askers.len(),
                question: all.first().cloned().unwrap_or_default(),
                variants: all.into_iter().skip(1).collect(),
                closest: None,
                after: None,
                last_asked: list
                    .iter()
                    .map(|r| r.time.clone())
                    .max()
                    .unwrap_or_default(),
                disliked: Some(id),
            }
        })
        .collect();
    groups.sort_by(|a, b| b.askers.cmp(&a.askers).then(b.count.cmp(&a.count)));
    groups.extend(group(&unanswered));
    groups
}

/// Two questions go together when this share of their content terms is shared (Jaccard).
const SAME_TERMS: f64 = 0.5;
/// ...or when their normalized text is this similar (typos, word order).
const SAME_TEXT: f64 = 0.8;

/// Groups `records` by similarity: the same content terms after stemming, or nearly the same
/// text. Greedy and single-pass over distinct phrasings, most asked first, so a group is named by
/// its most asked phrasing.
pub fn group(records: &[Record]) -> Vec<Group> {
    let analyzer = Analyzer::new(&[]);
    // Distinct phrasings (by normalized text), with their records.
    let mut phrasings: Vec<Phrasing> = Vec::new();
    let mut by_text: HashMap<(String, Option<String>), usize> = HashMap::new();
    for (index, record) in records.iter().enumerate() {
        let words = normalize::words(&record.question);
        let text = words.join(" ");
        // A question with no word of its own ("why?", "how come?") means something else after
        // each entry; one with words means them, whatever came before.
        let after = words
            .iter()
            .all(|w| is_stopword(w))
            .then(|| record.after.clone())
            .flatten();
        let slot = *by_text
            .entry((text.clone(), after.clone()))
            .or_insert_with(|| {
                let mut terms: Vec<String> = words
                    .iter()
                    .filter(|w| !is_stopword(w))
                    .map(|w| analyzer.stem(w))
                    .collect();
                terms.sort();
                terms.dedup();
                phrasings.push(Phrasing {
                    text,
                    after,
                    terms,
                    records: Vec::new(),
                });
                phrasings.len() - 1
            });
        phrasings[slot].records.push(index);
    }
    phrasings.sort_by_key(|p| std::cmp::Reverse(p.records.len()));

    // Each phrasing is compared only with groups whose first phrasing shares a term (through an
    // index), the biggest first and at most MAX_COMPARED of them, so grouping tens of thousands
    // of distinct questions stays fast.
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    let mut by_term: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut termless: Vec<usize> = Vec::new();
    for (index, phrasing) in phrasings.iter().enumerate() {
        let mut candidates: Vec<usize> = if phrasing.terms.is_empty() {
            termless.clone()
        } else {
            phrasing
                .terms
                .iter()
                .filter_map(|term| by_term.get(term.as_str()))
                .flatten()
                .copied()
                .collect()
        };
        candidates.sort_unstable();
        candidates.dedup();
        let home = candidates.into_iter().take(MAX_COMPARED).find(|&cluster| {
            let head = &phrasings[clusters[cluster][0]];
            head.after == phrasing.after
                && (jaccard(&head.terms, &phrasing.terms) >= SAME_TERMS
                    || similar_text(&head.text, &phrasing.text))
        });
        match home {
            Some(cluster) => clusters[cluster].push(index),
            None => {
                let cluster = clusters.len();
                clusters.push(vec![index]);
                if phrasing.terms.is_empty() {
                    termless.push(cluster);
                }
                for term in &phrasing.terms {
                    by_term.entry(term.as_str()).or_default().push(cluster);
                }
            }
        }
    }

    let mut groups: Vec<Group> = clusters
        .iter()
        .map(|cluster| summarize(cluster, &phrasings, records))
        .collect();
    groups.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| b.last_asked.cmp(&a.last_asked))
    });
    groups
}

/// How many candidate groups one phrasing is compared with at most.
const MAX_COMPARED: usize = 32;

/// Nearly the same text (typos, a word more or less). Texts whose lengths differ by more than
/// the threshold allows cannot reach it, so those skip the edit distance.
fn similar_text(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() {
        (a.len(), b.len())
    } else {
        (b.len(), a.len())
    };
    if long == 0 || (short as f64) < SAME_TEXT * long as f64 {
        return long == 0;
    }
    strsim::normalized_levenshtein(a, b) >= SAME_TEXT
}

struct Phrasing {
    text: String,
    /// The entry answered before it, for a question with no word of its own.
    after: Option<String>,
    terms: Vec<String>,
    records: Vec<usize>,
}

/// The share of terms two questions have in common, where nearly equal terms (a typo, a
/// British spelling) count as one.
fn jaccard(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let alike = |x: &String, y: &String| {
        x == y || (x.len() >= 4 && y.len() >= 4 && strsim::jaro_winkler(x, y) >= 0.9)
    };
    let shared = a.iter().filter(|x| b.iter().any(|y| alike(x, y))).count();
    shared as f64 / (a.len() + b.len() - shared) as f64
}

fn summarize(cluster: &[usize], phrasings: &[Phrasing], records: &[Record]) -> Group {
    let members: Vec<&Record> = cluster
        .iter()
        .flat_map(|&p| phrasings[p].records.iter().map(|&r| &records[r]))
        .collect();
    // Phrasings are shown as first asked (the original text, not the normalized one).
    let shown = |p: usize| records[phrasings[p].records[0]].question.trim().to_owned();
    let mut askers: Vec<&str> = members
        .iter()
        .map(|r| r.user.as_deref().unwrap_or(r.platform.as_str()))
        .collect();
    askers.sort_unstable();
    askers.dedup();
    // The entry that is most often the best candidate, with the best score it got.
    let mut closest: HashMap<&str, (usize, &Suggestion)> = HashMap::new();
    for candidate in members.iter().filter_map(|r| r.candidates.first()) {
        let slot = closest
            .entry(candidate.id.as_str())
            .or_insert((0, candidate));
        slot.0 += 1;
        if candidate.score > slot.1.score {
            slot.1 = candidate;
        }
    }
    let closest = closest
        .into_values()
        .max_by(|a, b| a.0.cmp(&b.0).then(a.1.score.total_cmp(&b.1.score)))
        .map(|(_, scored)| scored.clone());
    Group {
        count: members.len(),
        askers: askers.len(),
        question: shown(cluster[0]),
        variants: cluster[1..].iter().map(|&p| shown(p)).collect(),
        closest,
        after: phrasings[cluster[0]].after.clone(),
        disliked: None,
        last_asked: members
            .iter()
            .map(|r| r.time.as_str())
            .max()
            .unwrap_or_default()
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unanswered::tests::record;

    #[test]
    fn questions_asked_after_an_answer_group_by_that_answer() {
        let after = |question: &str, user: &str, entry: &str| Record {
            after: Some(entry.to_owned()),
            ..record(question, user, None)
        };
        let records = [
            after("why?", "a", "platform-location"),
            after("how come?", "b", "platform-location"),
            after("why?", "c", "waic-duration"),
            record("why?", "d", None),
            // A question with words of its own is one question, whatever came before it.
            after("who is the mayor of shanghai", "e", "platform-location"),
            after("who is the mayor of shanghai", "f", "waic-duration"),
            after("who is the mayor of shanghai?", "g", "waic-duration"),
        ];
        let groups = group(&records);
        assert_eq!(groups.len(), 4, "{groups:#?}");
        assert_eq!(groups[0].count, 3);
        assert_eq!(groups[0].question, "who is the mayor of shanghai");
        assert!(groups[0].variants.is_empty(), "one phrasing: {groups:#?}");
        assert_eq!(groups[0].after, None, "asked after different entries");
        assert_eq!(groups[1].count, 2);
        assert_eq!(groups[1].after.as_deref(), Some("platform-location"));
        assert_eq!(groups[1].variants, ["how come?"]);
        assert!(
            groups
                .iter()
                .any(|g| g.after.is_none() && g.question == "why?")
        );
    }

    #[test]
    fn groups_paraphrases_and_typos_most_asked_first() {
        let records = vec![
            record(
                "Who pays for the organization?",
                "a",
                Some(("funding", 0.4)),
            ),
            record("who is paying for the organisation", "b", None),
            record("What is the weather in Shanghai?", "a", None),
            record(
                "who pays for the organization",
                "c",
                Some(("funding", 0.45)),
            ),
            record(
                "Who pays for teh organization?",
                "a",
                Some(("members", 0.3)),
            ),
        ];
        let groups = group(&records);
        assert_eq!(groups.len(), 2, "{groups:#?}");
        let first = &groups[0];
        assert_eq!(first.count, 4);
        assert_eq!(first.askers, 3);
        assert_eq!(first.question, "Who pays for the organization?");
        assert_eq!(first.variants.len(), 2, "{first:#?}");
        let closest = first.closest.as_ref().expect("a closest entry");
        assert_eq!((closest.id.as_str(), closest.score), ("funding", 0.45));
        assert_eq!(groups[1].question, "What is the weather in Shanghai?");
        assert_eq!(groups[1].count, 1);
    }
}
