//! Which room messages are meant for the bot, and as what: a prefixed command (`!ask ...`), a
//! question after a mention of the bot, or a reply to one of its answers. Everything else is
//! conversation between people, and the bot stays out of it. Pure functions, tested here.

use crate::router::{Command, ParseError, Parsed, parse};

/// Who the bot is in a room, to recognise mentions written as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The full user id, such as `@storybot:example.org`.
    pub user_id: String,
    /// The display name in the room, if any.
    pub display_name: Option<String>,
}

/// What an incoming message says to the bot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message<'a> {
    pub body: &'a str,
    /// Whether `m.mentions` names the bot (a pill).
    pub mentions_bot: bool,
    /// Whether it replies to an event the bot sent.
    pub replies_to_bot: bool,
    /// Whether a leading name ("storybot: ...") counts as a mention: only when the client sent
    /// no `m.mentions` (which would name the bot if it meant it).
    pub names_count: bool,
}

/// The parsed request, or `None` when the message is not for the bot.
pub fn interpret(message: &Message<'_>, bot: &Identity, prefix: &str) -> Option<Parsed> {
    let body = strip_reply_fallback(message.body).trim();
    if body.is_empty() {
        return None;
    }
    let addressed = message.mentions_bot || message.replies_to_bot;
    match parse(body, &[prefix]) {
        // Another bot's command (`!roll d20`) is none of ours, unless the bot is addressed.
        Parsed::Invalid(ParseError::UnknownCommand { .. }) if !addressed => return None,
        parsed @ (Parsed::Command(_) | Parsed::Invalid(_)) => return Some(parsed),
        Parsed::Text(_) => {}
    }
    let after_mention = if message.names_count {
        strip_mention(body, bot)
    } else {
        None
    };
    if message.mentions_bot || after_mention.is_some() || message.replies_to_bot {
        let text = after_mention.unwrap_or(body).trim();
        if text.is_empty() {
            return Some(Parsed::Command(Command::Help));
        }
        return Some(match parse(text, &[prefix]) {
            Parsed::Text(question) => Parsed::Command(Command::Ask { question }),
            other => other,
        });
    }
    None
}

/// Drops the quoted lines that older clients put before a reply (`> <@alice> question`).
fn strip_reply_fallback(body: &str) -> &str {
    if !body.starts_with("> ") {
        return body;
    }
    let mut rest = body;
    while let Some(line_end) = rest.find('\n') {
        if !rest.starts_with('>') {
            break;
        }
        rest = &rest[line_end + 1..];
    }
    if rest.starts_with('>') { "" } else { rest }
}

/// The text after a leading mention of the bot by user id, localpart or display name, followed
/// by `:`, `,` or a space ("storybot: who announced it?").
fn strip_mention<'a>(body: &'a str, bot: &Identity) -> Option<&'a str> {
    let localpart = bot
        .user_id
        .trim_start_matches('@')
        .split(':')
        .next()
        .unwrap_or_default();
    let names = [
        Some(bot.user_id.as_str()),
        bot.display_name.as_deref(),
        Some(localpart),
    ];
    names
        .into_iter()
        .flatten()
        .filter(|name| !name.is_empty())
        .find_map(|name| {
            let head = body.get(..name.len())?;
            if !head.eq_ignore_ascii_case(name) {
                return None;
            }
            let rest = &body[name.len()..];
            let rest = rest.strip_prefix([':', ',']).unwrap_or(rest);
            (rest.is_empty() || rest.starts_with(char::is_whitespace)).then_some(rest)
        })
}

/// Whether `html` has a pill (a `matrix.to` link) to exactly `user`, outside the quoted reply
/// (`<mx-reply>`) that some clients include.
pub fn has_pill(html: &str, user: &str) -> bool {
    let html = match (html.find("<mx-reply>"), html.find("</mx-reply>")) {
        (Some(start), Some(end)) if start < end => {
            format!("{}{}", &html[..start], &html[end + "</mx-reply>".len()..])
        }
        _ => html.to_owned(),
    };
    let link = format!("matrix.to/#/{user}");
    html.match_indices(&link).any(|(at, _)| {
        // The id must end there: not `@storybot:example.org.evil`.
        let after = html[at + link.len()..].chars().next();
        matches!(after, Some('"' | '\'' | '?' | '>') | None)
    })
}

/// Whether an invite from `inviter` may be accepted: `allowlist` holds user ids
/// (`@alice:example.org`), server patterns (`*:example.org`), or `*` for anyone.
pub fn invite_allowed(inviter: &str, allowlist: &[String]) -> bool {
    let server = inviter.split_once(':').map(|(_, server)| server);
    allowlist.iter().map(|entry| entry.trim()).any(|entry| {
        entry == "*"
            || entry == inviter
            || entry
                .strip_prefix("*:")
                .is_some_and(|pattern| Some(pattern) == server)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bot() -> Identity {
        Identity {
            user_id: "@storybot:localhost".into(),
            display_name: Some("Story Bot".into()),
        }
    }

    fn check(body: &str, mentions_bot: bool, replies_to_bot: bool) -> Option<Parsed> {
        interpret(
            &Message {
                body,
                mentions_bot,
                replies_to_bot,
                names_count: true,
            },
            &bot(),
            "!",
        )
    }

    fn ask(question: &str) -> Option<Parsed> {
        Some(Parsed::Command(Command::Ask {
            question: question.into(),
        }))
    }

    #[test]
    fn commands_mentions_and_replies_are_for_the_bot() {
        assert_eq!(
            check("!ask who announced it?", false, false),
            ask("who announced it?")
        );
        assert_eq!(
            check("!topics", false, false),
            Some(Parsed::Command(Command::Topics))
        );
        assert_eq!(
            check("!source 3", false, false),
            Some(Parsed::Command(Command::Source { paragraph: Some(3) }))
        );
        assert_eq!(
            check("storybot: who is hinton", false, false),
            ask("who is hinton")
        );
        assert_eq!(
            check("Story Bot, who is hinton", false, false),
            ask("who is hinton")
        );
        assert_eq!(
            check("@storybot:localhost who is hinton", false, false),
            ask("who is hinton")
        );
        assert_eq!(
            check("Story Bot: !source 2", false, false),
            Some(Parsed::Command(Command::Source { paragraph: Some(2) }))
        );
        assert_eq!(check("who is hinton", true, false), ask("who is hinton"));
        assert_eq!(
            check(
                "> <@storybot:localhost> Hinton is...\n\nand what about musk?",
                false,
                true
            ),
            ask("and what about musk?")
        );
        assert_eq!(
            check("storybot", false, false),
            Some(Parsed::Command(Command::Help))
        );
        assert!(matches!(
            check("!aks who", true, false),
            Some(Parsed::Invalid(_))
        ));
        assert!(matches!(
            check("!source three", false, false),
            Some(Parsed::Invalid(_))
        ));
    }

    #[test]
    fn conversation_between_people_is_left_alone() {
        assert_eq!(check("who announced it?", false, false), None);
        assert_eq!(check("storybots are neat", false, false), None);
        assert_eq!(
            check("> quoted\n\nreply to someone else", false, false),
            None
        );
        assert_eq!(check("   ", true, false), None);
        assert_eq!(check("?ask who", false, false), None);
        // Other bots' commands are not for this one.
        assert_eq!(check("!roll d20", false, false), None);
        assert_eq!(check("!aks who", false, false), None);
        // With m.mentions sent and not naming the bot, a leading name is not a mention.
        let named = Message {
            body: "storybot: who is hinton",
            mentions_bot: false,
            replies_to_bot: false,
            names_count: false,
        };
        assert_eq!(interpret(&named, &bot(), "!"), None);
    }

    #[test]
    fn pills_name_the_bot_exactly_and_not_inside_a_quoted_reply() {
        let me = "@storybot:localhost";
        assert!(has_pill(
            r#"<a href="https://matrix.to/#/@storybot:localhost">Story Bot</a>: hi"#,
            me
        ));
        assert!(!has_pill(
            r#"<a href="https://matrix.to/#/@storybot:localhost.evil">x</a>"#,
            me
        ));
        assert!(!has_pill(
            r#"<mx-reply><a href="https://matrix.to/#/@storybot:localhost">x</a></mx-reply>thanks"#,
            me
        ));
    }

    #[test]
    fn invites_follow_the_allowlist() {
        let allow = vec!["@admin:example.org".to_owned(), "*:trusted.org".to_owned()];
        assert!(invite_allowed("@admin:example.org", &allow));
        assert!(invite_allowed("@anyone:trusted.org", &allow));
        assert!(!invite_allowed("@other:example.org", &allow));
        assert!(!invite_allowed("@admin:example.org.evil", &allow));
        assert!(!invite_allowed("@x:untrusted.org", &allow));
        assert!(
            !invite_allowed("@x:trusted.org", &[]),
            "an empty allowlist accepts no one"
        );
        assert!(invite_allowed("@x:anywhere", &["*".to_owned()]));
    }
}
