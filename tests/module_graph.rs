//! No module imports one that imports it back: the `crate::` and `super::` paths in `src/` form an
//! acyclic graph of top-level modules, and of the direct submodules of every directory module.
//! Paths are read from the code with comments and string literals blanked out, so a doc comment
//! naming a module is no import; every path counts, in `use` lines and in code alike.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Module → the modules it names, each with the first place that names it.
type Graph = BTreeMap<String, BTreeMap<String, String>>;

#[test]
fn top_level_modules_form_no_cycle() {
    let graph = graph(&sources(), &[]);
    assert!(graph.len() > 10, "too few modules read: {graph:?}");
    if let Some(cycle) = cycle(&graph) {
        panic!(
            "modules import each other back:\n{}",
            describe(&graph, &cycle)
        );
    }
}

#[test]
fn submodules_of_every_directory_form_no_cycle() {
    let files = sources();
    // Every module with a submodule: `rules`, `rules/stale_target`, `mcp/http`, ...
    let directories: BTreeSet<Vec<String>> = files
        .iter()
        .flat_map(|(path, _)| {
            let module = module_of(path);
            (1..module.len()).map(move |n| module[..n].to_vec())
        })
        .collect();
    assert!(directories.contains(&vec!["rules".to_owned()]));
    for dir in &directories {
        let prefix: Vec<&str> = dir.iter().map(String::as_str).collect();
        let graph = graph(&files, &prefix);
        if let Some(cycle) = cycle(&graph) {
            panic!(
                "{}/ imports itself back:\n{}",
                dir.join("/"),
                describe(&graph, &cycle)
            );
        }
    }
}

#[test]
fn a_cycle_is_found_and_comments_and_strings_are_not_imports() {
    let files = vec![
        (
            "lint.rs".to_owned(),
            "use crate::config::RuleSet;\n".to_owned(),
        ),
        (
            "config/mod.rs".to_owned(),
            "mod set;\n/// See crate::walk::Exclude.\nfn f() { let _ = \"crate::walk\"; }\n"
                .to_owned(),
        ),
        (
            "config/set.rs".to_owned(),
            "use super::super::{walk::Exclude, template};\n".to_owned(),
        ),
        (
            "walk.rs".to_owned(),
            "/* crate::template */ mod tests { use super::*; fn g() { crate::lint::f(); } }\n"
                .to_owned(),
        ),
        (
            "template/mod.rs".to_owned(),
            "use super::source;\nuse super::Version;\n".to_owned(),
        ),
        ("source.rs".to_owned(), "pub struct Node;\n".to_owned()),
    ];
    let graph = graph(&files, &[]);
    let named = |from: &str| -> Vec<&str> { graph[from].keys().map(String::as_str).collect() };
    assert_eq!(named("config"), ["template", "walk"]);
    assert_eq!(named("walk"), ["lint"]);
    assert_eq!(named("template"), ["source"]);
    let cycle = cycle(&graph).expect("lint → config → walk → lint");
    let mut members = cycle.clone();
    members.sort();
    assert_eq!(members, ["config", "lint", "walk"]);
    assert!(describe(&graph, &cycle).contains("config/set.rs:1"));

    let siblings = vec![
        ("rules/a.rs".to_owned(), "use super::b::X;\n".to_owned()),
        (
            "rules/b.rs".to_owned(),
            "fn f() { crate::rules::a::g() }\n".to_owned(),
        ),
    ];
    assert!(self::cycle(&self::graph(&siblings, &[])).is_none());
    let cycle = self::cycle(&self::graph(&siblings, &["rules"])).expect("a → b → a");
    assert_eq!(cycle.len(), 2);
}

/// Every `.rs` file under `src/`, as its path relative to `src/` and its text.
fn sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).expect("src/ is readable") {
            let path = entry.expect("src/ is readable").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(&root).expect("walked from src/");
                let text = fs::read_to_string(&path).expect("sources are UTF-8");
                files.push((relative.to_string_lossy().replace('\\', "/"), text));
            }
        }
    }
    files.sort();
    files
}

/// The graph among the direct children of the module at `prefix` (the crate's top level when
/// empty) that are files of their own. A name the parent re-exports is not traced to the sibling
/// that defines it.
fn graph(files: &[(String, String)], prefix: &[&str]) -> Graph {
    let modules: BTreeSet<String> = files
        .iter()
        .filter_map(|(path, _)| child_of(prefix, &module_of(path)))
        .collect();
    let mut graph = Graph::new();
    for (path, text) in files {
        let module = module_of(path);
        let Some(from) = child_of(prefix, &module) else {
            continue;
        };
        graph.entry(from.clone()).or_default();
        let code = blank_comments_and_strings(text);
        for (line, target) in references(&code, &module) {
            // `super::Context` names an item the parent re-exports, not a sibling module.
            if let Some(to) = child_of(prefix, &target)
                && to != from
                && modules.contains(&to)
            {
                graph
                    .entry(from.clone())
                    .or_default()
                    .entry(to)
                    .or_insert_with(|| format!("src/{path}:{line}"));
            }
        }
    }
    graph
}

/// `rules/stale_target/change.rs` → `[rules, stale_target, change]`; `lib.rs` → `[]`.
fn module_of(path: &str) -> Vec<String> {
    let mut segments: Vec<String> = path
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_owned)
        .collect();
    if matches!(segments.last().map(String::as_str), Some("mod")) {
        segments.pop();
    }
    if segments.len() == 1 && matches!(segments[0].as_str(), "lib" | "main") {
        segments.clear();
    }
    segments
}

/// The direct child of `prefix` that `module` lies in.
fn child_of(prefix: &[&str], module: &[String]) -> Option<String> {
    let inside = module.len() > prefix.len() && prefix.iter().zip(module).all(|(p, m)| p == m);
    inside.then(|| module[prefix.len()].clone())
}

/// The code with every comment and string or character literal replaced by spaces, lines kept.
fn blank_comments_and_strings(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let blank = |out: &mut String, c: char| out.push(if c == '\n' { '\n' } else { ' ' });
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                blank(&mut out, chars[i]);
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
        } else if let Some(hashes) = raw_string_start(&chars, i) {
            // `r#"…"#`: ends at a quote followed by as many hashes.
            let open = chars[i..].iter().position(|&c| c == '"').unwrap_or(0);
            for &c in &chars[i..=i + open] {
                blank(&mut out, c);
            }
            i += open + 1;
            while i < chars.len() {
                let closes =
                    chars[i] == '"' && (1..=hashes).all(|k| chars.get(i + k) == Some(&'#'));
                if closes {
                    out.push_str(&" ".repeat(hashes + 1));
                    i += hashes + 1;
                    break;
                }
                blank(&mut out, chars[i]);
                i += 1;
            }
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                let step = if chars[i] == '\\' { 2 } else { 1 };
                for &c in chars.iter().skip(i).take(step) {
                    blank(&mut out, c);
                }
                i += step;
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' {
            // A character literal (`'"'`, `'\''`, `'\u{1b}'`); otherwise a lifetime.
            let end = if next == Some('\\') {
                chars
                    .get(i + 3..)
                    .and_then(|rest| rest.iter().position(|&c| c == '\''))
                    .map(|p| i + 3 + p)
            } else {
                (chars.get(i + 2) == Some(&'\'')).then_some(i + 2)
            };
            match end {
                Some(end) => {
                    for &c in &chars[i..=end] {
                        blank(&mut out, c);
                    }
                    i = end + 1;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// The number of `#`s of a raw string literal (`r"`, `r#"`, `br##"`) starting at `i`.
fn raw_string_start(chars: &[char], i: usize) -> Option<usize> {
    let preceded_by_ident = i > 0 && is_ident(chars[i - 1]);
    if preceded_by_ident {
        return None;
    }
    let mut j = i;
    if chars.get(j) == Some(&'b') {
        j += 1;
    }
    if chars.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let hashes = chars[j..].iter().take_while(|&&c| c == '#').count();
    (chars.get(j + hashes) == Some(&'"')).then_some(hashes)
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Every module path the code names through `crate::`, `super::` or `self::`, absolute, with the
/// line it is named on. Inline `mod name { … }` blocks are followed, so `super::` in a file's
/// `mod tests` is the file itself.
fn references(code: &str, module: &[String]) -> Vec<(usize, Vec<String>)> {
    let chars: Vec<char> = code.chars().collect();
    let mut found = Vec::new();
    // Inline modules open at the brace depth before their `{`.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut line = 1;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\n' => line += 1,
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if inline.last().is_some_and(|&(_, open)| open == depth) {
                    inline.pop();
                }
            }
            _ => {}
        }
        let at_word = i == 0 || !is_ident(chars[i - 1]);
        if !(at_word && is_ident(c)) {
            i += 1;
            continue;
        }
        let word = word_at(&chars, i);
        let after = i + word.chars().count();
        if word == "mod"
            && let Some((name, brace)) = inline_module(&chars, after)
        {
            inline.push((name, depth));
            depth += 1;
            i = brace + 1;
            continue;
        }
        let here: Vec<String> = module
            .iter()
            .cloned()
            .chain(inline.iter().map(|(name, _)| name.clone()))
            .collect();
        // Where the path after `crate::`, `self::` or the last `super::` starts.
        let (base, start) = match word.as_str() {
            "crate" => (Vec::new(), after),
            "self" => (here, after),
            "super" => {
                let mut base = here;
                let mut j = i;
                while word_at(&chars, j) == "super" && followed_by_path(&chars, j + 5) {
                    base.pop();
                    j += "super::".len();
                }
                // `pub(super)` names no path.
                if j == i {
                    i = after;
                    continue;
                }
                (base, j - 2)
            }
            _ => {
                i = after;
                continue;
            }
        };
        if followed_by_path(&chars, start) {
            let mut end = start + 2;
            for path in use_tree(&chars, &mut end) {
                let mut target = base.clone();
                target.extend(path);
                found.push((line, target));
            }
            line += chars[i..end].iter().filter(|&&c| c == '\n').count();
            i = end;
        } else {
            i = after;
        }
    }
    found
}

fn word_at(chars: &[char], i: usize) -> String {
    chars[i.min(chars.len())..]
        .iter()
        .take_while(|&&c| is_ident(c))
        .collect()
}

fn followed_by_path(chars: &[char], i: usize) -> bool {
    chars.get(i) == Some(&':') && chars.get(i + 1) == Some(&':')
}

/// After `mod`: `name {` gives the name and the brace's index; `name;` is a file module.
fn inline_module(chars: &[char], mut i: usize) -> Option<(String, usize)> {
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    let name = word_at(chars, i);
    if name.is_empty() {
        return None;
    }
    i += name.chars().count();
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    (chars.get(i) == Some(&'{')).then_some((name, i))
}

/// The paths of a use tree (`a::b`, `a::{b, c::d}`), reading from `i` and leaving it after.
/// Only module-like leading segments matter, so a path ends at anything but `::` and braces.
fn use_tree(chars: &[char], i: &mut usize) -> Vec<Vec<String>> {
    let skip_space = |i: &mut usize| {
        while chars.get(*i).is_some_and(|c| c.is_whitespace()) {
            *i += 1;
        }
    };
    skip_space(i);
    if chars.get(*i) == Some(&'{') {
        *i += 1;
        let mut paths = Vec::new();
        loop {
            skip_space(i);
            match chars.get(*i) {
                None => return paths,
                Some('}') => {
                    *i += 1;
                    return paths;
                }
                Some(',') => *i += 1,
                Some(_) => {
                    let before = *i;
                    paths.extend(use_tree(chars, i));
                    if *i == before {
                        *i += 1;
                    }
                }
            }
        }
    }
    let word = word_at(chars, *i);
    if word.is_empty() {
        return vec![Vec::new()];
    }
    *i += word.chars().count();
    if !followed_by_path(chars, *i) {
        return vec![vec![word]];
    }
    *i += 2;
    use_tree(chars, i)
        .into_iter()
        .map(|rest| std::iter::once(word.clone()).chain(rest).collect())
        .collect()
}

/// One cycle of the graph, if it has any.
fn cycle(graph: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    let mut marks: BTreeMap<&str, Mark> = BTreeMap::new();
    for start in graph.keys() {
        if marks.contains_key(start.as_str()) {
            continue;
        }
        // Iterative depth-first search: the path, and each node's remaining successors.
        let mut path: Vec<&str> = vec![start];
        let mut pending: Vec<Vec<&str>> = vec![successors(graph, start)];
        marks.insert(start, Mark::Open);
        while let Some(next) = pending.last_mut() {
            match next.pop() {
                Some(to) => match marks.get(to) {
                    Some(Mark::Open) => {
                        let from = path.iter().position(|&m| m == to).unwrap_or(0);
                        return Some(path[from..].iter().map(|&m| m.to_owned()).collect());
                    }
                    Some(Mark::Done) => {}
                    None => {
                        marks.insert(to, Mark::Open);
                        path.push(to);
                        pending.push(successors(graph, to));
                    }
                },
                None => {
                    pending.pop();
                    if let Some(done) = path.pop() {
                        marks.insert(done, Mark::Done);
                    }
                }
            }
        }
    }
    None
}

fn successors<'a>(graph: &'a Graph, from: &str) -> Vec<&'a str> {
    graph
        .get(from)
        .map(|to| to.keys().map(String::as_str).rev().collect())
        .unwrap_or_default()
}

/// `a → b (src/a.rs:3)`, one line per edge of the cycle.
fn describe(graph: &Graph, cycle: &[String]) -> String {
    let mut lines = String::new();
    for (k, from) in cycle.iter().enumerate() {
        let to = &cycle[(k + 1) % cycle.len()];
        let site = graph
            .get(from)
            .and_then(|edges| edges.get(to))
            .map_or("?", String::as_str);
        lines.push_str(&format!("  {from} → {to} ({site})\n"));
    }
    lines
}
