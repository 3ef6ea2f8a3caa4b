//! Documents as Matrix notices: a plain `body` and an HTML `formatted_body`, written by one walk
//! over the document so the two cannot drift (each part is written to both at once). All user
//! and knowledge text is escaped, so nothing in a question or a pack can inject markup.

use crate::view::{Block, Document};

/// A message ready to send: plain text and HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub body: String,
    pub html: String,
}

impl Notice {
    /// Serializes `document`.
    pub fn from_document(document: &Document) -> Self {
        let mut out = Out::default();
        if let Some(heading) = &document.heading {
            out.part(&heading.text, "<p><b>", "</b></p>");
        }
        for block in &document.blocks {
            match block {
                Block::Text(text) => out.part(text, "<p>", "</p>"),
                Block::Quote { paragraph, text } => out.raw(
                    &format!("> \u{b6}{paragraph} \u{201C}{text}\u{201D}"),
                    &format!(
                        "<blockquote><p><b>\u{b6}{paragraph}</b> \u{201C}{}\u{201D}</p></blockquote>",
                        escape(text)
                    ),
                ),
                Block::Passage(text) => out.part(text, "<blockquote><p>", "</p></blockquote>"),
                Block::Section { title, items, .. } => {
                    out.part(title, "<p><b>", "</b></p>");
                    out.list(items.iter().map(|item| (item.as_str(), false)));
                }
                Block::Details(details) => {
                    for (label, value) in details {
                        out.part(&format!("{label}: {value}"), "<p>", "</p>");
                    }
                }
                Block::Usage(commands) => out.list_with_code(commands),
            }
        }
        if let Some(footer) = &document.footer {
            out.part(footer, "<p><em>", "</em></p>");
        }
        if let Some(actions) = &document.actions {
            out.part(&actions.label, "<p>", "</p>");
            out.list(actions.items.iter().map(|a| (a.command.as_str(), true)));
        }
        Notice {
            body: out.body.trim().to_owned(),
            html: out.html,
        }
    }
}

/// The two renditions, written together.
#[derive(Default)]
struct Out {
    body: String,
    html: String,
}

impl Out {
    /// A part of its own: a paragraph in the body, `text` between `open` and `close` in HTML.
    fn part(&mut self, text: &str, open: &str, close: &str) {
        self.raw(text, &format!("{open}{}{close}", escape(text)));
    }

    /// A part whose HTML is already escaped.
    fn raw(&mut self, body: &str, html: &str) {
        if !self.body.is_empty() {
            self.body.push_str("\n\n");
        }
        self.body.push_str(body);
        self.html.push_str(html);
    }

    /// A bulleted list; items marked `true` are commands, shown as code.
    fn list<'a>(&mut self, items: impl Iterator<Item = (&'a str, bool)>) {
        let mut body = Vec::new();
        let mut html = String::from("<ul>");
        for (item, code) in items {
            body.push(format!("  \u{2022} {item}"));
            if code {
                html.push_str(&format!("<li><code>{}</code></li>", escape(item)));
            } else {
                html.push_str(&format!("<li>{}</li>", escape(item)));
            }
        }
        html.push_str("</ul>");
        self.body.push('\n');
        self.body.push_str(&body.join("\n"));
        self.html.push_str(&html);
    }

    /// Commands with what they do.
    fn list_with_code(&mut self, commands: &[(String, String)]) {
        let mut body = Vec::new();
        let mut html = String::from("<ul>");
        for (usage, summary) in commands {
            body.push(format!("  {usage}  {summary}"));
            html.push_str(&format!(
                "<li><code>{}</code> {}</li>",
                escape(usage),
                escape(summary)
            ));
        }
        html.push_str("</ul>");
        self.raw(&body.join("\n"), &html);
    }
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
    use std::sync::Arc;

    use super::*;
    use crate::knowledge::{Citation, StoryMeta};
    use crate::metrics::Platform;
    use crate::router::{Answer, Reply, Suggestion};
    use crate::view::{self, Syntax};

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
                start: 0,
                excerpt: "<a href='https://evil'>click</a>".into(),
            }],
            sources: Vec::new(),
            related: vec![Suggestion {
                id: "y".into(),
                question: "<i>related</i>".into(),
                score: 0.5,
            }],
            story: Arc::new(StoryMeta {
                title: "<u>story</u>".into(),
                outlet: None,
                url: None,
                published: None,
                event: None,
            }),
        });
        let syntax = Syntax::Prefixed("!".into());
        let notice = Notice::from_document(&view::render(&reply, &syntax, Platform::Matrix));
        for raw in ["<script", "<img", "<a href", "<i>", "<u>"] {
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

    #[test]
    fn body_and_html_carry_the_same_words() {
        let pack = crate::knowledge::KnowledgePack::load(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge"),
        )
        .unwrap();
        let router = crate::router::Router::new(pack, crate::router::RouterConfig::DEFAULT);
        let syntax = Syntax::Prefixed("!".into());
        for command in [
            crate::router::Command::Ask {
                question: "who announced it".into(),
            },
            crate::router::Command::Topics,
            crate::router::Command::Help,
            crate::router::Command::About,
            crate::router::Command::Source { paragraph: None },
            crate::router::Command::Source { paragraph: Some(3) },
        ] {
            let notice = Notice::from_document(&view::render(
                &router.handle(command),
                &syntax,
                Platform::Matrix,
            ));
            // Every word of the body is in the HTML once tags are removed and entities undone.
            let mut text = String::new();
            let mut in_tag = false;
            for c in notice.html.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => {
                        in_tag = false;
                        text.push(' ');
                    }
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            let text = text
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&#39;", "'")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
            for word in notice
                .body
                .split_whitespace()
                .filter(|w| *w != ">" && *w != "\u{2022}")
            {
                assert!(
                    text.contains(word),
                    "{word:?} missing from the HTML: {}",
                    notice.html
                );
            }
        }
    }
}
