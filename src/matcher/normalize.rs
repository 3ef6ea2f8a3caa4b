//! Text normalization shared by entries and queries: Unicode NFKC, case folding, quote and dash
//! variants, possessives, acronyms such as "U.S.", digit grouping and English number words.
//!
//! Stemming, stopwords and synonyms come after this, in `super::analyze`.

use unicode_normalization::UnicodeNormalization;

/// Splits `text` into normalized words: lowercase, alphanumeric, numbers as digits.
///
/// "U.S.’s 13-point plan, three thousand" becomes `usa 13 point plan 3000`.
pub fn words(text: &str) -> Vec<String> {
    // ASCII is already in NFKC; most text is ASCII, and normalizing is the costliest step.
    let normalized: String;
    let text = if text.is_ascii() {
        text
    } else {
        normalized = text.nfkc().collect();
        &normalized
    };
    let mut out = Vec::new();
    for chunk in text.split(|c: char| c.is_whitespace() || is_dash(c) || c == '/') {
        let trimmed = chunk.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
        let trimmed = strip_possessive(trimmed.trim_start_matches('.'));
        if let Some(acronym) = acronym(trimmed) {
            out.push(acronym);
        } else {
            fold_chunk(chunk, &mut out);
        }
    }
    numbers(out)
}

/// Whether `c` is a hyphen or dash of any kind.
pub fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}'
    )
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`')
}

fn strip_possessive(word: &str) -> &str {
    for suffix in ["'s", "\u{2019}s", "'S", "\u{2019}S"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            return stem;
        }
    }
    word
}

/// "U.S.", "U.S", "US" and "USA" (the country, written in capitals) become `usa`; other dotted
/// acronyms such as "A.I." lose their dots. Lowercase "us" stays a pronoun.
fn acronym(word: &str) -> Option<String> {
    if word == "US" || word == "USA" {
        return Some("usa".to_owned());
    }
    if !word.contains('.') {
        return None;
    }
    let letters: String = word.chars().filter(|&c| c != '.').collect();
    let dotted = word.contains('.')
        && letters.chars().count() >= 2
        && word.chars().all(|c| c.is_ascii_alphabetic() || c == '.')
        && word.split('.').all(|part| part.chars().count() <= 1);
    if !dotted {
        return None;
    }
    let letters = letters.to_lowercase();
    Some(if letters == "us" {
        "usa".to_owned()
    } else {
        letters
    })
}

/// Lowercases a chunk and splits it into alphanumeric words: "3,000" stays one number, "1.5"
/// keeps its point, "don't" becomes "dont" and "China's" becomes "china".
fn fold_chunk(chunk: &str, out: &mut Vec<String>) {
    // The common case, a plain ASCII word with punctuation around it ("proposal?"), needs no
    // character-by-character work.
    let core = chunk.trim_matches(|c: char| c.is_ascii_punctuation());
    if !core.is_empty() && core.bytes().all(|b| b.is_ascii_alphanumeric()) {
        out.push(core.to_ascii_lowercase());
        return;
    }
    let chars: Vec<char> = chunk.chars().flat_map(char::to_lowercase).collect();
    let mut word = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev_digit = i > 0 && chars[i - 1].is_ascii_digit();
        let next = chars.get(i + 1).copied();
        let next_digit = next.is_some_and(|n| n.is_ascii_digit());
        if c.is_alphanumeric() {
            word.push(c);
        } else if (c == ',' || c == '.') && prev_digit && next_digit && !word.is_empty() {
            if c == '.' {
                word.push('.');
            }
        } else if is_apostrophe(c) && !word.is_empty() && next.is_some_and(char::is_alphanumeric) {
            let after = chars.get(i + 2).copied();
            if next == Some('s') && !after.is_some_and(char::is_alphanumeric) {
                i += 1; // possessive or "it's": drop the "'s"
            }
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        i += 1;
    }
    if !word.is_empty() {
        out.push(word);
    }
}

/// Replaces runs of English number words with digits: "thirteen" -> 13, "three thousand" ->
/// 3000, "twenty five" -> 25. A lone "a" or "and" inside a run is not a number. Arithmetic is
/// checked: a run that would not fit in a `u64` ("nine hundred hundred hundred ...") ends where
/// it would overflow, and the word that would overflow it stays a word.
fn numbers(words: Vec<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(words.len());
    let mut number: Option<(u64, u64)> = None; // (total of finished scales, current group)
    let mut words = words.into_iter().peekable();
    while let Some(word) = words.next() {
        // A lone "one" is usually a pronoun ("which one"), not a number; "one hundred" is.
        let next_is_scale = words
            .peek()
            .is_some_and(|next| matches!(number_word(next), Some(NumberWord::Scale(_))));
        if word == "one" && number.is_none() && !next_is_scale {
            out.push(word);
            continue;
        }
        let grown = match (number_word(&word), number) {
            (Some(NumberWord::Unit(n)), Some((total, current))) if continues(current, n) => {
                current.checked_add(n).map(|current| Some((total, current)))
            }
            (Some(NumberWord::Unit(n)), _) => {
                flush(&mut number, &mut out);
                Some(Some((0, n)))
            }
            (Some(NumberWord::Scale(100)), Some((total, current))) => current
                .max(1)
                .checked_mul(100)
                .map(|current| Some((total, current))),
            (Some(NumberWord::Scale(scale)), Some((total, current))) => current
                .max(1)
                .checked_mul(scale)
                .and_then(|group| total.checked_add(group))
                .map(|total| Some((total, 0))),
            _ => None,
        };
        // The sum of the parts must fit too, since `flush` adds them.
        match grown.filter(|next| next.is_none_or(|(t, c)| t.checked_add(c).is_some())) {
            Some(next) => number = next,
            None => {
                flush(&mut number, &mut out);
                out.push(word);
            }
        }
    }
    flush(&mut number, &mut out);
    out
}

/// Whether unit `n` extends a number whose current group is `current`: "twenty" + "five",
/// "hundred" + "three", "thousand" + "two"; but not "five" + "six".
fn continues(current: u64, n: u64) -> bool {
    let rest = current % 100;
    rest == 0 && n < 100 || rest >= 20 && rest.is_multiple_of(10) && n < 10
}

fn flush(number: &mut Option<(u64, u64)>, out: &mut Vec<String>) {
    if let Some((total, current)) = number.take() {
        // Checked when the run grew; saturating only states that here.
        out.push(total.saturating_add(current).to_string());
    }
}

enum NumberWord {
    Unit(u64),
    Scale(u64),
}

fn number_word(word: &str) -> Option<NumberWord> {
    use NumberWord::{Scale, Unit};
    // One `match`: it dispatches on length before comparing, which matters because every word
    // of every text passes through here.
    Some(match word {
        "zero" => Unit(0),
        "one" => Unit(1),
        "two" => Unit(2),
        "three" => Unit(3),
        "four" => Unit(4),
        "five" => Unit(5),
        "six" => Unit(6),
        "seven" => Unit(7),
        "eight" => Unit(8),
        "nine" => Unit(9),
        "ten" => Unit(10),
        "eleven" => Unit(11),
        "twelve" => Unit(12),
        "thirteen" => Unit(13),
        "fourteen" => Unit(14),
        "fifteen" => Unit(15),
        "sixteen" => Unit(16),
        "seventeen" => Unit(17),
        "eighteen" => Unit(18),
        "nineteen" => Unit(19),
        "twenty" => Unit(20),
        "thirty" => Unit(30),
        "forty" => Unit(40),
        "fifty" => Unit(50),
        "sixty" => Unit(60),
        "seventy" => Unit(70),
        "eighty" => Unit(80),
        "ninety" => Unit(90),
        "hundred" => Scale(100),
        "thousand" => Scale(1_000),
        "million" => Scale(1_000_000),
        "billion" => Scale(1_000_000_000),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each case: input, expected words joined by spaces.
    const CASES: &[(&str, &str)] = &[
        ("Who announced it?", "who announced it"),
        ("WHO Announced IT", "who announced it"),
        ("China\u{2019}s proposal", "china proposal"),
        ("China's proposal", "china proposal"),
        ("the U.S. order", "the usa order"),
        (
            "the U.S.\u{2019}s deregulation-first strategy",
            "the usa deregulation first strategy",
        ),
        ("US export controls", "usa export controls"),
        ("tell us more", "tell us more"),
        ("US-China divergence", "usa china divergence"),
        ("A.I. chips", "ai chips"),
        ("a 13-point action plan", "a 13 point action plan"),
        (
            "more than 3,000 AI innovations",
            "more than 3000 ai innovations",
        ),
        ("thirteen points", "13 points"),
        ("three thousand innovations", "3000 innovations"),
        ("twenty five robots", "25 robots"),
        ("which one was absent", "which one was absent"),
        ("sixty humanoid robots", "60 humanoid robots"),
        ("one hundred and two", "100 and 2"),
        ("version 1.5, ok", "version 1.5 ok"),
        (
            "development\u{2014}such as cloud",
            "development such as cloud",
        ),
        ("don't isn't", "dont isnt"),
        ("\u{201C}woke AI,\u{201D}", "woke ai"),
        ("ｗａｉｃ２０２５", "waic2025"),
        ("tl;dr?", "tl dr"),
        ("   ", ""),
        ("???", ""),
    ];

    #[test]
    fn normalizes() {
        for (input, expected) in CASES {
            assert_eq!(words(input).join(" "), *expected, "input: {input:?}");
        }
    }
}
