//! Discord's embed limits, enforced for any pack: a plain `Embed` value is built from a reply,
//! then [`Embed::fit`] truncates it at word boundaries until every limit holds. serenity does
//! not check these limits, and a message over them is rejected by Discord, so we must.

/// Discord's limits, in characters (developer docs, "Embed Limits").
pub const TITLE_MAX: usize = 256;
pub const DESCRIPTION_MAX: usize = 4096;
pub const FIELD_NAME_MAX: usize = 256;
pub const FIELD_VALUE_MAX: usize = 1024;
pub const FIELDS_MAX: usize = 25;
pub const FOOTER_MAX: usize = 2048;
pub const TOTAL_MAX: usize = 6000;
/// Message content, button labels and autocomplete choices have their own limits.
pub const CONTENT_MAX: usize = 2000;
pub const BUTTON_LABEL_MAX: usize = 80;
pub const CHOICE_MAX: usize = 100;
pub const CUSTOM_ID_MAX: usize = 100;
/// A select menu option's label and value.
pub const OPTION_MAX: usize = 100;

/// An embed before it becomes serenity's builder.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Embed {
    pub title: String,
    pub url: Option<String>,
    pub description: String,
    pub fields: Vec<(String, String)>,
    pub footer: String,
}

impl Embed {
    /// Truncates every part to its limit, keeps at most [`FIELDS_MAX`] fields, and then
    /// shortens the description and drops trailing fields until the total is within
    /// [`TOTAL_MAX`]. Title and footer are kept whole where possible: they say what this is.
    pub fn fit(mut self) -> Self {
        self.title = truncate(&self.title, TITLE_MAX);
        self.footer = truncate(&self.footer, FOOTER_MAX);
        self.description = truncate(&self.description, DESCRIPTION_MAX);
        self.fields.truncate(FIELDS_MAX);
        for (name, value) in &mut self.fields {
            *name = truncate(name, FIELD_NAME_MAX);
            *value = truncate(value, FIELD_VALUE_MAX);
        }
        // Room left for the description once title, footer and fields are counted; the
        // description gets at least a sentence's worth, and fields go from the end if needed.
        const DESCRIPTION_FLOOR: usize = 300;
        let fixed = chars(&self.title) + chars(&self.footer);
        while !self.fields.is_empty()
            && fixed + self.fields_len() + DESCRIPTION_FLOOR.min(chars(&self.description))
                > TOTAL_MAX
        {
            self.fields.pop();
        }
        let room = TOTAL_MAX.saturating_sub(fixed + self.fields_len());
        if chars(&self.description) > room {
            self.description = truncate(&self.description, room);
        }
        self
    }

    /// The characters Discord counts towards [`TOTAL_MAX`].
    pub fn total_len(&self) -> usize {
        chars(&self.title) + chars(&self.description) + chars(&self.footer) + self.fields_len()
    }

    fn fields_len(&self) -> usize {
        self.fields
            .iter()
            .map(|(name, value)| chars(name) + chars(value))
            .sum()
    }
}

fn chars(text: &str) -> usize {
    text.chars().count()
}

/// `text` cut to at most `max` characters at a word boundary, with an ellipsis when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if chars(text) <= max {
        return text.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let keep: String = text.chars().take(max - 1).collect();
    // Back up to the last space, unless that would lose more than half of what fits.
    let cut = match keep.rfind(char::is_whitespace) {
        Some(at) if chars(&keep[..at]) >= (max - 1) / 2 => &keep[..at],
        _ => keep.as_str(),
    };
    let cut =
        cut.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-'));
    format!("{cut}\u{2026}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_at_a_word_boundary_with_an_ellipsis() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(
            truncate("the quick brown fox jumps", 12),
            "the quick\u{2026}"
        );
        assert_eq!(truncate("abcdefghijklmnop", 8), "abcdefg\u{2026}");
        assert_eq!(truncate("a, b, c, d, e, f", 7), "a, b\u{2026}");
        assert!(chars(&truncate(&"é".repeat(500), 256)) <= 256);
        assert_eq!(truncate("anything", 0), "");
    }

    #[test]
    fn every_limit_holds_for_oversized_embeds() {
        let huge = "word ".repeat(3000);
        let embed = Embed {
            title: huge.clone(),
            url: None,
            description: huge.clone(),
            fields: (0..40)
                .map(|i| (format!("¶{i} {huge}"), huge.clone()))
                .collect(),
            footer: huge.clone(),
        }
        .fit();
        assert!(chars(&embed.title) <= TITLE_MAX);
        assert!(chars(&embed.description) <= DESCRIPTION_MAX);
        assert!(chars(&embed.footer) <= FOOTER_MAX);
        assert!(embed.fields.len() <= FIELDS_MAX);
        for (name, value) in &embed.fields {
            assert!(chars(name) <= FIELD_NAME_MAX && chars(value) <= FIELD_VALUE_MAX);
        }
        assert!(embed.total_len() <= TOTAL_MAX, "{}", embed.total_len());
        assert!(embed.description.ends_with('\u{2026}'));
    }

    #[test]
    fn small_embeds_are_untouched() {
        let embed = Embed {
            title: "Q".into(),
            url: Some("https://example.org".into()),
            description: "A.".into(),
            fields: vec![("¶2".into(), "\u{201C}quote\u{201D}".into())],
            footer: "Story".into(),
        };
        assert_eq!(embed.clone().fit(), embed);
    }
}
