//! How much a message that asks nothing by its form reads as a remark rather than a question:
//! the log-odds of a naive Bayes model over its words, word pairs, first and last word, length
//! and marks, trained by `scripts/train-remarks.py` on the eval sets (small talk against
//! in-scope questions) and shipped in `remark-weights.tsv`.
//!
//! Written here rather than taken from a crate: scoring is a sum over a table, and the crates
//! that train such models (linfa and its kin) would bring a linear-algebra stack for it. The
//! features must be read exactly as the script reads them.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::is_emoji;

const WEIGHTS: &str = include_str!("remark-weights.tsv");

/// Lengths past this count as this one (the script's `LONGEST`).
const LONGEST: usize = 8;

static MODEL: LazyLock<Model> = LazyLock::new(|| Model::parse(WEIGHTS));

struct Model {
    bias: f32,
    weights: HashMap<String, f32>,
}

impl Model {
    fn parse(text: &str) -> Self {
        let mut bias = 0.0;
        let mut weights = HashMap::new();
        for line in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let (feature, weight) = line
                .split_once('\t')
                .expect("remark-weights.tsv: a feature and its weight on every line");
            let weight: f32 = weight
                .parse()
                .expect("remark-weights.tsv: weights are numbers");
            if feature == "bias" {
                bias = weight;
            } else {
                weights.insert(feature.to_owned(), weight);
            }
        }
        Self { bias, weights }
    }

    fn odds(&self, text: &str) -> f32 {
        self.bias
            + features(text)
                .iter()
                .filter_map(|f| self.weights.get(f))
                .sum::<f32>()
    }
}

/// The log-odds that `text` is a remark on the story rather than a question of it, as the
/// eval sets' messages without a question mark were: above 0 more often a remark.
pub fn odds(text: &str) -> f32 {
    MODEL.odds(text)
}

fn tokens(text: &str) -> Vec<String> {
    let lower: String = text
        .to_lowercase()
        .chars()
        .filter(|&c| c != '\'' && c != '\u{2019}')
        .collect();
    lower
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The features of `text`, each once, as `scripts/train-remarks.py` reads them.
fn features(text: &str) -> Vec<String> {
    let words = tokens(text);
    let mut found: Vec<String> = words.iter().map(|w| format!("w:{w}")).collect();
    if let (Some(first), Some(last)) = (words.first(), words.last()) {
        found.push(format!("first:{first}"));
        found.push(format!("last:{last}"));
    }
    found.extend(
        words
            .windows(2)
            .map(|pair| format!("b:{}_{}", pair[0], pair[1])),
    );
    found.push(format!("len:{}", words.len().min(LONGEST)));
    if text.chars().any(is_emoji) {
        found.push("emoji".to_owned());
    }
    if text.contains('!') {
        found.push("bang".to_owned());
    }
    if text.contains(':') {
        found.push("colon".to_owned());
    }
    found.sort_unstable();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_weights_is_read() {
        let lines = WEIGHTS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .count();
        assert_eq!(MODEL.weights.len() + 1, lines);
        assert!(
            MODEL.bias < 0.0,
            "the sets hold more questions than remarks"
        );
    }

    #[test]
    fn features_are_read_as_the_training_script_reads_them() {
        assert_eq!(
            features("Li’s plan, LOL!! 🤖"),
            [
                "b:lis_plan",
                "b:plan_lol",
                "bang",
                "emoji",
                "first:lis",
                "last:lol",
                "len:3",
                "w:lis",
                "w:lol",
                "w:plan",
            ]
        );
        assert_eq!(features(""), ["len:0"]);
    }

    #[test]
    fn remarks_read_as_remarks_and_keyword_queries_as_questions() {
        for remark in [
            "data hubs in poor regions could really change a lot",
            "ngl the summaries killing news traffic thing is real",
            "lowkey want to see the robots do a dance",
        ] {
            assert!(odds(remark) > 0.0, "{remark}: {}", odds(remark));
        }
        for question in [
            "number of humanoid robots shown",
            "role of the un in chinas plan",
            "trump ai executive order details",
        ] {
            assert!(odds(question) < 0.0, "{question}: {}", odds(question));
        }
    }
}
