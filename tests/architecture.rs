//! The code map's invariants (`src/lib.rs`), checked on the source itself so they stay true:
//! which modules may know the chat libraries, that no module imports one that imports it back,
//! and that what the bot says is worded in one place.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `src`, with its code: comments and `#[cfg(test)]` modules left out.
fn sources() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && path.file_name().is_some_and(|n| n != "tests.rs")
            {
                let text = std::fs::read_to_string(&path).unwrap();
                let code = text
                    .split("#[cfg(test)]")
                    .next()
                    .unwrap()
                    .lines()
                    .filter(|line| !line.trim_start().starts_with("//"))
                    .collect::<Vec<_>>()
                    .join("\n");
                files.push((path.strip_prefix(&root).unwrap().to_path_buf(), code));
            }
        }
    }
    files.sort();
    files
}

/// The top-level module a file belongs to (`frontends/discord/http.rs` -> `frontends`).
fn module(path: &Path) -> String {
    let first = path.components().next().unwrap().as_os_str();
    first.to_string_lossy().trim_end_matches(".rs").to_owned()
}

#[test]
fn only_their_front_ends_know_the_chat_libraries() {
    for (path, code) in sources() {
        let shown = path.display().to_string();
        if code.contains("serenity::") {
            assert!(
                shown.starts_with("frontends/discord/"),
                "{shown} uses serenity"
            );
        }
        if code.contains("matrix_sdk::") {
            assert!(
                shown.starts_with("frontends/matrix/"),
                "{shown} uses matrix_sdk"
            );
        }
    }
}

#[test]
fn no_module_imports_a_module_that_imports_it_back() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, code) in sources() {
        let from = module(&path);
        let uses = graph.entry(from.clone()).or_default();
        for (at, _) in code.match_indices("crate::") {
            let name: String = code[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name != from {
                uses.insert(name);
            }
        }
        // `use super::...` stays within a module; `crate::{a, b}` lists are not used here.
        assert!(
            !code.contains("crate::{"),
            "{}: name imported modules one per path",
            path.display()
        );
    }
    // Depth-first search for a cycle, reporting it whole.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if let Some(at) = path.iter().position(|n| n == node) {
            panic!("import cycle: {} -> {node}", path[at..].join(" -> "));
        }
        if done.contains(node) {
            return;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            visit(next, graph, path, done);
        }
        path.pop();
        done.insert(node.to_owned());
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        visit(node, &graph, &mut Vec::new(), &mut done);
    }
    assert!(graph["cli"].contains("runner") && graph["runner"].contains("frontends"));
}

#[test]
fn what_the_bot_says_is_worded_only_in_the_view() {
    let phrases = [
        "won't guess",
        "faster than I can keep up",
        "I answer questions about",
        "couldn't decrypt",
        "no longer in the knowledge base",
        "Did you mean",
        "Please ask a question",
        "paragraphs; ask for one",
        "no longer does anything",
    ];
    for (path, code) in sources() {
        for phrase in phrases {
            if code.contains(phrase) {
                assert_eq!(
                    path,
                    Path::new("view.rs"),
                    "{phrase:?} is worded in {}",
                    path.display()
                );
            }
        }
    }
    let view =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/view.rs")).unwrap();
    for phrase in phrases {
        assert!(view.contains(phrase), "{phrase:?} is no longer in view.rs");
    }
}
