//! Reading `qa.toml`: the `[synonyms]` table and the `[[qa]]` entries, checked key by key so that
//! one load reports every problem, each with its line.
//!
//! Why not `#[derive(Deserialize)]`: serde stops at the first error, and curators need them all.
//! So the file is parsed into spanned TOML values (`toml::de::DeTable`) and walked by hand.

use std::borrow::Cow;
use std::collections::HashMap;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::problem::Problems;

/// An entry as written, before its excerpts are resolved against the story.
#[derive(Debug, Clone)]
pub(crate) struct RawEntry {
    pub id: String,
    pub topic: String,
    pub questions: Vec<String>,
    pub answer: String,
    /// Each excerpt with the byte offset of its string in the file.
    pub cite: Vec<(String, usize)>,
    /// Byte offset of the entry's `id` value (or of the entry) in the file.
    pub offset: usize,
    /// Whether the answer says what the story does not tell (`gap = true`).
    pub gap: bool,
}

/// A synonym group as written: the key and its equivalents, all phrases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynonymGroup {
    pub key: String,
    pub equivalents: Vec<String>,
}

pub(crate) struct RawPack {
    pub synonyms: Vec<SynonymGroup>,
    pub entries: Vec<RawEntry>,
}

/// The topic of entries that name none.
pub const DEFAULT_TOPIC: &str = "General";

const ENTRY_KEYS: &[&str] = &["id", "topic", "questions", "answer", "cite", "gap"];

/// Bounds on a pack, so that no pack can make loading, indexing or matching unbounded (and no
/// index can wrap): entries, phrasings and excerpts per entry, synonym groups and their size.
pub const MAX_ENTRIES: usize = 200_000;
pub const MAX_QUESTIONS: usize = 1_000;
pub const MAX_CITES: usize = 50;
pub const MAX_SYNONYM_GROUPS: usize = 10_000;
pub const MAX_EQUIVALENTS: usize = 200;
pub const MAX_ID_LEN: usize = 64;

pub(crate) fn parse(source: &str, report: &mut Problems<'_>) -> RawPack {
    let mut pack = RawPack {
        synonyms: Vec::new(),
        entries: Vec::new(),
    };
    let (root, errors) = DeTable::parse_recoverable(source);
    if !errors.is_empty() {
        // A syntax error leaves the rest of the file in doubt: report only those.
        for error in errors {
            let offset = error.span().map_or(0, |span| span.start);
            report.at(
                offset,
                None,
                format!("invalid TOML: {}", error.message().trim_end()),
            );
        }
        return pack;
    }
    let mut qa_seen = false;
    for (key, value) in root.get_ref() {
        match key.get_ref().as_ref() {
            "synonyms" => pack.synonyms = synonyms(value, report),
            "qa" => {
                qa_seen = true;
                pack.entries = entries(value, report);
            }
            other => report.at(
                key.span().start,
                None,
                format!("unknown key `{other}` (expected `synonyms` or `[[qa]]` entries)"),
            ),
        }
    }
    if !qa_seen {
        report.push(None, None, "no `[[qa]]` entries");
    }
    if pack.entries.len() > MAX_ENTRIES {
        report.push(
            None,
            None,
            format!(
                "{} entries: a pack has at most {MAX_ENTRIES}",
                pack.entries.len()
            ),
        );
    }
    if pack.synonyms.len() > MAX_SYNONYM_GROUPS {
        report.push(
            None,
            None,
            format!(
                "{} synonym groups: a pack has at most {MAX_SYNONYM_GROUPS}",
                pack.synonyms.len()
            ),
        );
    }
    pack
}

fn synonyms(value: &Spanned<DeValue<'_>>, report: &mut Problems<'_>) -> Vec<SynonymGroup> {
    let DeValue::Table(table) = value.get_ref() else {
        report.at(
            value.span().start,
            None,
            "`synonyms` must be a table: word = [\"equivalent\", ...]",
        );
        return Vec::new();
    };
    let mut groups = Vec::new();
    for (key, value) in table {
        let name = key.get_ref().trim();
        let context = format!("synonym `{name}`");
        let Some(equivalents) = string_list(value, &context, None, report) else {
            continue;
        };
        if name.is_empty() {
            report.at(key.span().start, None, "a synonym key is empty");
            continue;
        }
        if equivalents.is_empty() {
            report.at(
                value.span().start,
                None,
                format!("{context} lists no equivalents"),
            );
            continue;
        }
        if equivalents.len() > MAX_EQUIVALENTS {
            report.at(
                value.span().start,
                None,
                format!(
                    "{context} lists {} equivalents: at most {MAX_EQUIVALENTS}",
                    equivalents.len()
                ),
            );
            continue;
        }
        groups.push(SynonymGroup {
            key: name.to_owned(),
            equivalents: equivalents.into_iter().map(|(text, _)| text).collect(),
        });
    }
    groups
}

fn entries(value: &Spanned<DeValue<'_>>, report: &mut Problems<'_>) -> Vec<RawEntry> {
    let DeValue::Array(items) = value.get_ref() else {
        report.at(
            value.span().start,
            None,
            "`qa` must be an array of tables: write each entry under `[[qa]]`",
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    // Offsets, not lines: counting lines is only worth it for a problem.
    let mut first_offset_of: HashMap<String, usize> = HashMap::new();
    for item in items {
        let DeValue::Table(table) = item.get_ref() else {
            report.at(
                item.span().start,
                None,
                "each `[[qa]]` entry must be a table",
            );
            continue;
        };
        let Some(entry) = entry(table, item.span().start, report) else {
            continue;
        };
        if let Some(&first) = first_offset_of.get(&entry.id) {
            let first = report.line_of(first);
            report.at(
                entry.offset,
                Some(&entry.id),
                format!("duplicate id: already used by the entry at line {first}"),
            );
            continue;
        }
        first_offset_of.insert(entry.id.clone(), entry.offset);
        out.push(entry);
    }
    out
}

/// Checks one entry; `None` when it has problems (all of them reported).
fn entry(table: &DeTable<'_>, offset: usize, report: &mut Problems<'_>) -> Option<RawEntry> {
    let before = report.list.len();
    let field = |name: &str| table.get(name);

    let id_value = field("id");
    let id = match id_value.map(|v| (v.get_ref(), v.span().start)) {
        // Ids go into buttons and menus, whose values Discord bounds at 100 characters.
        Some((DeValue::String(id), at)) if id.len() > MAX_ID_LEN => {
            report.at(
                at,
                None,
                format!("id `{id}` is longer than {MAX_ID_LEN} characters"),
            );
            None
        }
        Some((DeValue::String(id), _)) if is_kebab_case(id) => Some(id.to_string()),
        Some((DeValue::String(id), at)) => {
            report.at(at, None, format!("id `{id}` must be kebab-case: lowercase letters and digits joined by single hyphens"));
            None
        }
        Some((_, at)) => {
            report.at(at, None, "`id` must be a string");
            None
        }
        None => {
            report.at(offset, None, "entry has no `id`");
            None
        }
    };
    let offset = id_value.map_or(offset, |v| v.span().start);
    let label = id.as_deref();

    for (key, _) in table {
        let key_name: &str = key.get_ref();
        if !ENTRY_KEYS.contains(&key_name) {
            report.at(
                key.span().start,
                label,
                format!(
                    "unknown key `{key_name}` (entries have {})",
                    ENTRY_KEYS.join(", ")
                ),
            );
        }
    }

    let topic = match field("topic") {
        None => Some(DEFAULT_TOPIC.to_owned()),
        Some(value) => nonempty_string(value, "topic", label, report),
    };
    let answer = match field("answer") {
        None => {
            report.at(offset, label, "entry has no `answer`");
            None
        }
        Some(value) => nonempty_string(value, "answer", label, report),
    };
    let gap = match field("gap").map(|v| (v.get_ref(), v.span().start)) {
        None => Some(false),
        Some((DeValue::Boolean(gap), _)) => Some(*gap),
        Some((_, at)) => {
            report.at(at, label, "`gap` must be true or false");
            None
        }
    };
    let questions = required_list(field("questions"), "questions", offset, label, report);
    let cite = required_list(field("cite"), "cite", offset, label, report);
    for (list, name, max) in [
        (&questions, "questions", MAX_QUESTIONS),
        (&cite, "cite", MAX_CITES),
    ] {
        if let Some(list) = list
            && list.len() > max
        {
            report.at(
                offset,
                label,
                format!("{} {name}: an entry has at most {max}", list.len()),
            );
        }
    }

    if report.list.len() > before {
        return None;
    }
    Some(RawEntry {
        id: id?,
        topic: topic?,
        questions: questions?.into_iter().map(|(text, _)| text).collect(),
        answer: answer?,
        cite: cite?,
        offset,
        gap: gap?,
    })
}

fn nonempty_string(
    value: &Spanned<DeValue<'_>>,
    name: &str,
    label: Option<&str>,
    report: &mut Problems<'_>,
) -> Option<String> {
    match value.get_ref() {
        DeValue::String(text) if !text.trim().is_empty() => Some(text.trim().to_owned()),
        DeValue::String(_) => {
            report.at(value.span().start, label, format!("`{name}` is empty"));
            None
        }
        _ => {
            report.at(
                value.span().start,
                label,
                format!("`{name}` must be a string"),
            );
            None
        }
    }
}

fn required_list(
    value: Option<&Spanned<DeValue<'_>>>,
    name: &str,
    offset: usize,
    label: Option<&str>,
    report: &mut Problems<'_>,
) -> Option<Vec<(String, usize)>> {
    let Some(value) = value else {
        report.at(offset, label, format!("entry has no `{name}`"));
        return None;
    };
    let list = string_list(value, &format!("`{name}`"), label, report)?;
    if list.is_empty() {
        report.at(
            value.span().start,
            label,
            format!("`{name}` is empty: give at least one"),
        );
        return None;
    }
    Some(list)
}

/// An array of non-empty strings, each with its offset; problems reported, `None` if any.
fn string_list(
    value: &Spanned<DeValue<'_>>,
    context: &str,
    label: Option<&str>,
    report: &mut Problems<'_>,
) -> Option<Vec<(String, usize)>> {
    let DeValue::Array(items) = value.get_ref() else {
        report.at(
            value.span().start,
            label,
            format!("{context} must be an array of strings"),
        );
        return None;
    };
    let mut out = Vec::with_capacity(items.len());
    let mut ok = true;
    for (index, item) in items.iter().enumerate() {
        match item.get_ref() {
            DeValue::String(text) if !text.trim().is_empty() => {
                out.push((Cow::as_ref(text).trim().to_owned(), item.span().start));
            }
            DeValue::String(_) => {
                report.at(
                    item.span().start,
                    label,
                    format!("{context}: item {} is empty", index + 1),
                );
                ok = false;
            }
            _ => {
                report.at(
                    item.span().start,
                    label,
                    format!("{context}: item {} must be a string", index + 1),
                );
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}
