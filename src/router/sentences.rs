//! Messages of several sentences: a question wrapped in others ("I am a student from
//! Vietnam. Which organisation does China want?") is found and matched on its own when the
//! whole message gets no answer.

use super::followup::PERSON_PRONOUNS;
use crate::matcher::{AUXILIARIES, asks_something, names_figures, normalize, wh};

/// The sentences of a message of several that ask something ("Which organisation does China
/// want?" of "I am a student from Vietnam. Which organisation does China want?"), and the
/// last clause of a sentence after a preamble ("what's china pitching here?" of "as a mod i
/// need a one-liner: what's china pitching here?"). A clause after the question ("which
/// chips are restricted, like nvidia h20?") qualifies it, so only the last clause counts.
/// None for a message of one sentence and one clause.
pub(super) fn questions_in(message: &str) -> Vec<&str> {
    fn trimmed(s: &str) -> Option<&str> {
        let s = s.trim();
        s.chars().any(char::is_alphanumeric).then_some(s)
    }
    let sentences: Vec<&str> = message
        .split_inclusive(['.', '?', '!', ';'])
        .filter_map(trimmed)
        .collect();
    let mut parts: Vec<(&str, bool)> = Vec::new();
    for sentence in &sentences {
        // A hyphen between spaces is a dash typed on a keyboard ("i'm an engineer - was musk
        // there?"); within a word it is not ("deregulation-first").
        let clauses: Vec<&str> = sentence
            .split_inclusive([':', ',', '\u{2014}', '\u{2013}'])
            .flat_map(|clause| clause.split_inclusive(" - "))
            .filter_map(trimmed)
            .collect();
        let first_sentence = parts.is_empty();
        parts.push((sentence, first_sentence));
        if let [_, .., last] = clauses.as_slice() {
            parts.push((last, false));
        }
        // A gloss closing the sentence ("what would that platform do, like its job") says the
        // question again in other words: the clause before it is the question, and when it
        // opens the message its "that" points at the story, as a first sentence's does.
        // So does a remark of the asker's that asks nothing ("..., im worried for my freelance
        // work"), after a clause that opens as a question; not choices offered ("..., water or
        // air") or an example ("..., like percentages"), which qualify the question.
        if let [.., question, gloss] = clauses.as_slice()
            && (glosses(gloss)
                || opens_asking(question) && !asks_something(gloss) && {
                    let words = normalize::words(gloss);
                    !words.iter().any(|w| matches!(w.as_str(), "whether" | "or"))
                        && words
                            .first()
                            .is_none_or(|w| !matches!(w.as_str(), "like" | "eg"))
                })
            && !parts.iter().any(|(part, _)| *part == *question)
        {
            parts.push((question, first_sentence && clauses.len() == 2));
        }
        // A chat aside ends a question before a remark ("how is china positioning itself here
        // ngl sounds like a power move"); what follows it is not read as a question.
        if let Some(at) = ASIDES.iter().filter_map(|aside| sentence.find(aside)).min()
            && let Some(question) = trimmed(&sentence[..at])
            && opens_asking(question)
            && !parts.iter().any(|(part, _)| *part == question)
        {
            parts.push((question, first_sentence && !question.contains(',')));
        }
        // A reason of the asker's own closing the sentence ("..., as I have a niece living in
        // Lyon who asked me") qualifies nothing asked: the clause before it is the question.
        let asker_reasons = clauses
            .iter()
            .rev()
            .take_while(|clause| gives_own_reason(clause))
            .count();
        if asker_reasons > 0 && clauses.len() > asker_reasons {
            parts.push((clauses[clauses.len() - asker_reasons - 1], false));
        }
    }
    if parts.len() < 2 {
        return Vec::new();
    }
    // A later part that refers back ("my cousin works at alibaba, who is their ceo?") means
    // what the earlier one names, so it does not stand alone. "This" is most often the story
    // itself ("writing a report, where did this happen?"), and after the asker only says who
    // they are ("sysadmin here, are they open-sourcing it?") a pronoun means the story's
    // people too.
    let introduces_asker = message
        .split_inclusive([':', ',', '\u{2014}', '\u{2013}'])
        .next()
        .is_some_and(|opening| {
            let words = normalize::words(opening);
            (2..=4).contains(&words.len()) && words.last().is_some_and(|w| w == "here")
        });
    parts
        .into_iter()
        .filter(|(part, first)| {
            let words = normalize::words(part);
            // "I was wondering whether ..." asks, as an indirect question.
            (asks_something(part) || words.iter().any(|w| w == "whether"))
                && (*first
                    || introduces_asker
                    || !words.iter().enumerate().any(|(at, w)| {
                        (PERSON_PRONOUNS.contains(&w.as_str()) && !generic_they(&words, at))
                            || matches!(w.as_str(), "it" | "that" | "these" | "those")
                    }))
        })
        .map(|(part, _)| part)
        .take(MAX_QUESTIONS_IN)
        .collect()
}

/// Whether `clause` opens as a question: a question word or an auxiliary first, past
/// openers ("so basically whats the big difference", "ok did they talk about jobs").
fn opens_asking(clause: &str) -> bool {
    normalize::words(clause)
        .into_iter()
        .find(|w| {
            !matches!(
                w.as_str(),
                "so" | "ok" | "okay" | "but" | "and" | "hey" | "basically"
            )
        })
        .is_some_and(|w| AUXILIARIES.contains(&w.as_str()) || !names_figures(&w) && wh(&[w]) != 0)
}

/// Whether `words[at]` is the "they" of the event's speakers as a whole ("did they talk
/// about employment at all", "what did they say about chips"): it asks what was said there,
/// not about someone an earlier clause names ("im worried about jobs, did they talk about
/// ai and employment"). Not "their", "them", nor "they" doing anything else ("who are they").
fn generic_they(words: &[String], at: usize) -> bool {
    words[at] == "they"
        && words.get(at + 1).is_some_and(|next| {
            matches!(
                next.as_str(),
                "talk" | "mention" | "discuss" | "say" | "cover" | "speak" | "address"
            )
        })
}

/// Whether `clause` glosses what was just asked ("like its job", "i mean its budget", "as in
/// who pays"): words of glossing first, and after "like" a word pointing back or asking, not
/// an example ("like nvidia h20" names one, which qualifies the question).
fn glosses(clause: &str) -> bool {
    let words = normalize::words(clause);
    match words.as_slice() {
        [like, next, ..] if like == "like" => matches!(
            next.as_str(),
            "its" | "it" | "his" | "her" | "their" | "the" | "what" | "whats" | "how" | "who"
        ),
        [first, ..] if matches!(first.as_str(), "ie" | "meaning") => true,
        [a, b, ..] => matches!((a.as_str(), b.as_str()), ("i", "mean") | ("as", "in")),
        _ => false,
    }
}

/// Whether `clause` gives a reason of the asker's own ("as i have a niece in lyon", "because
/// my class is on it"): a word of reason, then the asker.
fn gives_own_reason(clause: &str) -> bool {
    let words = normalize::words(clause);
    matches!(words.as_slice(), [reason, asker, ..]
        if matches!(reason.as_str(), "as" | "because" | "since" | "cause" | "cuz" | "coz" | "bc")
            && matches!(asker.as_str(), "i" | "im" | "ive" | "id" | "my" | "we" | "our" | "me"))
}

/// Chat asides that end a clause inside a sentence, spaces included.
const ASIDES: &[&str] = &[" ngl ", " tbh ", " imo ", " lol ", " lmao ", " honestly "];

/// At most this many sentences of one message are matched on their own: each costs a full
/// match, and "a? a? a? ..." must not cost a hundred.
const MAX_QUESTIONS_IN: usize = 4;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::router::{Command, Reply, Router};

    #[test]
    fn a_question_wrapped_in_other_sentences_is_answered() {
        let router = Router::shipped();
        let ask = |q: &str| {
            router.handle(Command::Ask {
                question: q.to_owned(),
            })
        };
        let reply =
            ask("Hello, I am a student from Vietnam. What organisation does China want to create?");
        assert!(
            matches!(&reply, Reply::Answer(a) if a.citations.iter().any(|c| c.excerpt.contains("cooperation organization"))),
            "{reply:?}"
        );
        assert!(matches!(ask("thanks! what's 2+2?"), Reply::SmallTalk(_)));
        // A remark after a laugh is a remark; a question after one is still answered.
        assert!(matches!(
            ask("lol i just ordered smth from amazon"),
            Reply::SmallTalk(_)
        ));
        assert!(matches!(ask("lol who announced it"), Reply::Answer(_)));
        assert!(matches!(
            ask("cool story. what is 7 times 8?"),
            Reply::SmallTalk(_)
        ));
        for off_topic in [
            "nice bot. who is the ceo of amazon?",
            "I read the article. Who won the world cup?",
            "china proposed something. how do i cook rice?",
        ] {
            assert!(matches!(ask(off_topic), Reply::NoMatch(_)), "{off_topic}");
        }
        assert_eq!(questions_in("who announced it?"), Vec::<&str>::new());
        assert!(
            !questions_in("my cousin works at alibaba, who is their ceo?")
                .contains(&"who is their ceo?")
        );
        // "They" of what was said there is the event's speakers, not whom the opening names.
        assert!(
            questions_in("as a future nurse im worried about jobs, did they talk about employment")
                .contains(&"did they talk about employment")
        );
        assert!(
            !questions_in("my cousin works at alibaba, are they at waic?")
                .contains(&"are they at waic?")
        );
        assert_eq!(
            questions_in("as a mod i need a one-liner: what's china pitching?"),
            vec![
                "as a mod i need a one-liner: what's china pitching?",
                "what's china pitching?"
            ]
        );
        // A spaced hyphen is a dash; a hyphen in a word is not.
        assert!(
            questions_in("i'm a retired engineer - was musk skipping waic this year?")
                .contains(&"was musk skipping waic this year?")
        );
        assert_eq!(
            questions_in("is the deregulation-first approach bad"),
            Vec::<&str>::new()
        );
        // A clause after the question qualifies it.
        assert!(
            !questions_in("which chips are restricted, like nvidia h20?")
                .contains(&"which chips are restricted,")
        );
        assert!(
            questions_in("im writing a school report, what event did this happen at")
                .contains(&"what event did this happen at")
        );
        // A yes-or-no question needs no question mark.
        assert!(
            questions_in("nurse here. did china say ai is good for the economy")
                .contains(&"did china say ai is good for the economy")
        );
        // Who the asker is names nothing for a pronoun to mean.
        assert!(
            questions_in("sysadmin here, are they open-sourcing the tools?")
                .contains(&"are they open-sourcing the tools?")
        );
        // A reason of the asker's own after the question qualifies nothing.
        assert!(
            questions_in(
                "Hello, I was wondering whether anyone from France took part, as I have a niece \
                 living in Lyon who asked me."
            )
            .contains(&"I was wondering whether anyone from France took part,")
        );
        // A gloss after the question says it again: the question before it counts.
        assert!(
            questions_in("what would that platform actualy do, like its job")
                .contains(&"what would that platform actualy do,")
        );
        // So does a remark after it, after a comma or a chat aside.
        for (message, question) in [
            (
                "how is china positioning itself here ngl sounds like a power move",
                "how is china positioning itself here",
            ),
            (
                "what's the worry for news sites, im a journalist",
                "what's the worry for news sites,",
            ),
        ] {
            assert!(questions_in(message).contains(&question), "{message}");
        }
        // Not a remark that only holds a question word, nor a rhetorical question after an
        // aside.
        for remark in [
            "love how it ends with the world stage, very dramatic",
            "deregulation first lmao what could go wrong",
            "how are data centers cooled, water or air",
            "how bad is it, like percentages",
        ] {
            assert!(
                questions_in(remark).iter().all(|part| *part == remark),
                "{remark}"
            );
        }
        assert_eq!(questions_in(&"why? ".repeat(100)).len(), MAX_QUESTIONS_IN);
        assert_eq!(
            questions_in("I'm new here. Where was the proposal announced? Thanks"),
            vec!["Where was the proposal announced?"]
        );
    }
}
