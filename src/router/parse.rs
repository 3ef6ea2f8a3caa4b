//! Parsing text commands (`/ask ...`, `!ask ...`, `/source 3`) into [`Command`]s: pure, no side
//! effects. The console and the Matrix front-end use it; Discord has typed slash commands.
//! Whether plain text is a question is decided in one place, `Service::handle_parsed`.

use super::Command;

/// What a line of text is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// A command, written with one of the prefixes.
    Command(Command),
    /// Not a command: plain text. The console treats it as a question; a chat room may ignore it.
    Text(String),
    /// A prefixed word that is not a valid command, or a command with a bad argument.
    Invalid(ParseError),
}

/// Why a prefixed line is not a valid command, with the prefix the user typed;
/// [`crate::view`] words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    UnknownCommand {
        prefix: String,
        name: String,
        /// The known command closest to `name`, if one is close.
        suggestion: Option<String>,
    },
    BadParagraph {
        prefix: String,
        argument: String,
    },
}

/// The command names, as users type them after a prefix.
pub const COMMAND_NAMES: &[&str] = &["ask", "topics", "source", "help", "about"];

/// Parses one line. `prefixes` are the command prefixes in use (for example `["/", "!"]`).
pub fn parse(input: &str, prefixes: &[&str]) -> Parsed {
    let text = input.trim();
    let Some((prefix, rest)) = prefixes
        .iter()
        .filter(|p| !p.is_empty())
        .find_map(|p| text.strip_prefix(p).map(|rest| (*p, rest)))
    else {
        return Parsed::Text(text.to_owned());
    };
    let name_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let (name, argument) = (&rest[..name_end], rest[name_end..].trim());
    if name.is_empty() || !name.chars().all(char::is_alphanumeric) {
        // "/ what?" or "!!!" is not a command: treat it as text.
        return Parsed::Text(text.to_owned());
    }
    let command = match name.to_lowercase().as_str() {
        "ask" | "q" => Command::Ask {
            question: argument.to_owned(),
        },
        "topics" | "topic" => Command::Topics,
        "source" | "story" | "paragraph" => {
            if argument.is_empty() {
                Command::Source { paragraph: None }
            } else {
                let digits = argument.trim_start_matches('¶').trim_start_matches('#');
                match digits.parse::<usize>() {
                    Ok(n) => Command::Source { paragraph: Some(n) },
                    Err(_) => {
                        return Parsed::Invalid(ParseError::BadParagraph {
                            prefix: prefix.to_owned(),
                            argument: argument.chars().take(20).collect(),
                        });
                    }
                }
            }
        }
        "help" | "commands" => Command::Help,
        "about" => Command::About,
        other => {
            let suggestion = COMMAND_NAMES
                .iter()
                .map(|known| (strsim::osa_distance(other, known), *known))
                .filter(|(distance, _)| *distance <= 2)
                .min()
                .map(|(_, known)| known.to_owned());
            return Parsed::Invalid(ParseError::UnknownCommand {
                prefix: prefix.to_owned(),
                name: other.chars().take(32).collect(),
                suggestion,
            });
        }
    };
    Parsed::Command(command)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PREFIXES: &[&str] = &["/", "!"];

    fn ask(q: &str) -> Parsed {
        Parsed::Command(Command::Ask { question: q.into() })
    }

    #[test]
    fn parses_commands_and_text() {
        let cases: &[(&str, Parsed)] = &[
            ("/ask who announced it?", ask("who announced it?")),
            ("!ask   who announced it?  ", ask("who announced it?")),
            ("/ASK Who", ask("Who")),
            ("/ask", ask("")),
            ("/topics", Parsed::Command(Command::Topics)),
            (
                "!source",
                Parsed::Command(Command::Source { paragraph: None }),
            ),
            (
                "/source 3",
                Parsed::Command(Command::Source { paragraph: Some(3) }),
            ),
            (
                "/source ¶12",
                Parsed::Command(Command::Source {
                    paragraph: Some(12),
                }),
            ),
            ("/help", Parsed::Command(Command::Help)),
            ("!about", Parsed::Command(Command::About)),
            (
                "who announced it?",
                Parsed::Text("who announced it?".into()),
            ),
            ("  plain  ", Parsed::Text("plain".into())),
            ("/ what", Parsed::Text("/ what".into())),
            ("", Parsed::Text(String::new())),
        ];
        for (input, expected) in cases {
            assert_eq!(&parse(input, PREFIXES), expected, "{input:?}");
        }
    }

    #[test]
    fn invalid_commands_say_what_was_typed_and_the_closest_command() {
        assert_eq!(
            parse("/aks who", PREFIXES),
            Parsed::Invalid(ParseError::UnknownCommand {
                prefix: "/".into(),
                name: "aks".into(),
                suggestion: Some("ask".into()),
            })
        );
        assert_eq!(
            parse("!frobnicate", PREFIXES),
            Parsed::Invalid(ParseError::UnknownCommand {
                prefix: "!".into(),
                name: "frobnicate".into(),
                suggestion: None,
            })
        );
        assert_eq!(
            parse("/source three", PREFIXES),
            Parsed::Invalid(ParseError::BadParagraph {
                prefix: "/".into(),
                argument: "three".into(),
            })
        );
    }

    #[test]
    fn only_the_given_prefixes_make_commands() {
        assert_eq!(parse("!ask x", &["/"]), Parsed::Text("!ask x".into()));
        assert_eq!(parse("?ask x", &["?"]), ask("x"));
    }
}
