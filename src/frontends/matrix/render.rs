//! Router replies as Matrix notices: a plain `body` and an HTML `formatted_body` (the answer,
//! then each citation as a blockquote with its paragraph number). All user and knowledge text
//! is escaped, so nothing in a question or a pack can inject markup.

use crate::router::{Reply, Suggestion};

/// A message ready to send: plain text and HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub body: String,
    pub html: String,
}

/// Renders `reply`; `prefix` is the command prefix shown in hints (for example `!`).
pub fn render(reply: &Reply, prefix: &str) -> Notice {
    let mut body = String::new();
    let mut html = String::new();
    match reply {
        Reply::Answer(answer) => {
            body.push_str(&answer.answer);
            html.push_str(&format!("<p>{}</p>", escape(&answer.answer)));
            for citation in &answer.citations {
                body.push_str(&format!(
                    "\n\n> \u{b6}{} \u{201C}{}\u{201D}",
                    citation.paragraph, citation.excerpt
                ));
                html.push_str(&format!(
                    "<blockquote><p><b>\u{b6}{}</b> \u{201C}{}\u{201D}</p></blockquote>",
                    citation.paragraph,
                    escape(&citation.excerpt)
                ));
            }
            let footer = format!(
                "Matched: {} \u{b7} confidence {:.0}%",
                answer.question,
                answer.score * 100.0
            );
            body.push_str(&format!("\n\n{footer}"));
            html.push_str(&format!("<p><em>{}</em></p>", escape(&footer)));
            suggestions(&answer.related, "Related", prefix, &mut body, &mut html);
        }
        Reply::NoMatch(no_match) => {
            let text = "I can't find an answer to that in the story, so I won't guess.";
            body.push_str(text);
            html.push_str(&format!("<p>{}</p>", escape(text)));
            if no_match.suggestions.is_empty() {
                let hint = format!("Try {prefix}topics to see what I can answer.");
                body.push_str(&format!(" {hint}"));
                html.push_str(&format!("<p>{}</p>", escape(&hint)));
            } else {
                suggestions(
                    &no_match.suggestions,
                    "Did you mean",
                    prefix,
                    &mut body,
                    &mut html,
                );
            }
        }
        Reply::Topics(topics) => {
            for topic in topics {
                body.push_str(&format!("{}\n", topic.name));
                html.push_str(&format!("<p><b>{}</b></p><ul>", escape(&topic.name)));
                for (_, question) in &topic.entries {
                    body.push_str(&format!("  \u{2022} {question}\n"));
                    html.push_str(&format!("<li>{}</li>", escape(question)));
                }
                html.push_str("</ul>");
            }
        }
        Reply::Story(info) => {
            let meta = &info.meta;
            body.push_str(&meta.title);
            html.push_str(&format!("<p><b>{}</b></p>", escape(&meta.title)));
            for (label, value) in meta.details() {
                body.push_str(&format!("\n{label}: {value}"));
                html.push_str(&format!("<p>{label}: {}</p>", escape(value)));
            }
            let hint = format!(
                "{} paragraphs, {} questions answered. {prefix}source N shows paragraph N.",
                info.paragraphs, info.entries
            );
            body.push_str(&format!("\n{hint}"));
            html.push_str(&format!("<p>{}</p>", escape(&hint)));
        }
        Reply::Paragraph(paragraph) => {
            let heading = format!(
                "\u{b6}{} of {} ({})",
                paragraph.number, paragraph.total, paragraph.title
            );
            body.push_str(&format!("{heading}\n{}", paragraph.text));
            html.push_str(&format!(
                "<p><b>{}</b></p><blockquote><p>{}</p></blockquote>",
                escape(&heading),
                escape(&paragraph.text)
            ));
        }
        Reply::Help(help) => {
            let intro = format!("I answer questions about: {}", help.story_title);
            body.push_str(&intro);
            html.push_str(&format!("<p>{}</p><ul>", escape(&intro)));
            for command in &help.commands {
                let usage = format!("{prefix}{} {}", command.name, command.args);
                body.push_str(&format!("\n  {}  {}", usage.trim_end(), command.summary));
                html.push_str(&format!(
                    "<li><code>{}</code> {}</li>",
                    escape(usage.trim_end()),
                    escape(command.summary)
                ));
            }
            let mention = "You can also mention me with a question, or reply to one of my answers.";
            body.push_str(&format!("\n{mention}"));
            html.push_str(&format!("</ul><p>{}</p>", escape(mention)));
        }
        Reply::About(about) => {
            let text = format!(
                "storybot {}: I answer questions about one story, quoting its exact words: {} ({} paragraphs, {} curated questions). When nothing matches, I say so.",
                about.version, about.story_title, about.paragraphs, about.entries
            );
            body.push_str(&text);
            html.push_str(&format!("<p>{}</p>", escape(&text)));
        }
        Reply::Completions(list) => suggestions(list, "Questions", prefix, &mut body, &mut html),
        Reply::Refused(refusal) => {
            let text = refusal.to_string();
            body.push_str(&text);
            html.push_str(&format!("<p>{}</p>", escape(&text)));
        }
    }
    Notice {
        body: body.trim().to_owned(),
        html,
    }
}

fn suggestions(
    list: &[Suggestion],
    label: &str,
    prefix: &str,
    body: &mut String,
    html: &mut String,
) {
    if list.is_empty() {
        return;
    }
    body.push_str(&format!("\n\n{label}:"));
    html.push_str(&format!("<p>{}:</p><ul>", escape(label)));
    for suggestion in list {
        body.push_str(&format!("\n  {prefix}ask {}", suggestion.question));
        html.push_str(&format!(
            "<li><code>{}ask {}</code></li>",
            escape(prefix),
            escape(&suggestion.question)
        ));
    }
    html.push_str("</ul>");
}

/// Escapes text for HTML. Written by hand: five replacements do not justify a dependency.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Citation;
    use crate::router::Answer;

    #[test]
    fn escapes_all_user_and_knowledge_text() {
        assert_eq!(
            escape("<b onclick='x'>&\"</b>"),
            "&lt;b onclick=&#39;x&#39;&gt;&amp;&quot;&lt;/b&gt;"
        );
        let reply = Reply::Answer(Answer {
            id: "x".into(),
            question: "<script>alert(1)</script>".into(),
            answer: "A & B <img src=x>".into(),
            score: 0.9,
            citations: vec![Citation {
                paragraph: 3,
                excerpt: "<a href='https://evil'>click</a>".into(),
            }],
            related: vec![Suggestion {
                id: "y".into(),
                question: "<i>related</i>".into(),
                score: 0.5,
            }],
        });
        let notice = render(&reply, "!");
        for raw in ["<script", "<img", "<a href", "<i>"] {
            assert!(!notice.html.contains(raw), "{raw} in {}", notice.html);
        }
        assert!(
            notice.html.contains("<blockquote><p><b>\u{b6}3</b>"),
            "{}",
            notice.html
        );
        assert!(
            notice
                .body
                .contains("> \u{b6}3 \u{201C}<a href='https://evil'>click</a>\u{201D}"),
            "{}",
            notice.body
        );
        assert!(notice.body.contains("!ask <i>related</i>"));
    }
}
