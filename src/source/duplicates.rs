//! Keys written twice in one object: found in one pass over the tree, in linear time.

use std::collections::{HashMap, HashSet};

use super::{Member, Node, Pointer, Span, Value};

/// Objects up to this size compare their keys pairwise: a map would cost more than it saves.
const SCAN_LIMIT: usize = 16;

/// A key that repeats an earlier key of the same object. Lookups read the last of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    pub key: String,
    /// The repeated key.
    pub span: Span,
    /// The first key of that name in the object.
    pub first: Span,
    /// The repeated member's pointer (which names the last member of that name).
    pub pointer: Pointer,
}

/// Every repeated key in the document, in source order of the objects that hold them.
pub fn duplicate_keys(root: &Node) -> Vec<DuplicateKey> {
    let mut found = Vec::new();
    let mut path = Vec::new();
    visit(root, &mut path, &mut found);
    // A YAML alias copies its anchor's members with their spans: one repeat, written once.
    let mut seen = HashSet::new();
    found.retain(|repeat| seen.insert(repeat.span));
    found
}

/// One step of the path to the object being visited; pointers are built only for a repeat.
#[derive(Clone, Copy)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Recursion is bounded by the parsers' nesting limit.
fn visit<'a>(node: &'a Node, path: &mut Vec<Step<'a>>, found: &mut Vec<DuplicateKey>) {
    match &node.value {
        Value::Object(members) => {
            report_repeats(members, path, found);
            for member in members {
                path.push(Step::Key(&member.key));
                visit(&member.value, path, found);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                path.push(Step::Index(index));
                visit(item, path, found);
                path.pop();
            }
        }
        _ => {}
    }
}

fn report_repeats(members: &[Member], path: &[Step<'_>], found: &mut Vec<DuplicateKey>) {
    let mut report = |member: &Member, first: Span| {
        // Terraform's JSON syntax writes comments as `//` members, as many as it likes.
        if member.key == super::COMMENT_KEY {
            return;
        }
        let mut pointer = Pointer::root();
        for step in path {
            pointer = match step {
                Step::Key(key) => pointer.child(key),
                Step::Index(index) => pointer.child(index.to_string()),
            };
        }
        found.push(DuplicateKey {
            key: member.key.clone(),
            span: member.key_span,
            first,
            pointer: pointer.child(&member.key),
        });
    };
    if members.len() <= SCAN_LIMIT {
        for (i, member) in members.iter().enumerate() {
            if let Some(first) = members[..i].iter().find(|m| m.key == member.key) {
                report(member, first.key_span);
            }
        }
        return;
    }
    let mut seen: HashMap<&str, Span> = HashMap::with_capacity(members.len());
    for member in members {
        match seen.get(member.key.as_str()) {
            Some(&first) => report(member, first),
            None => {
                seen.insert(&member.key, member.key_span);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Syntax, parse};

    fn repeats(text: &str, syntax: Syntax) -> Vec<(String, String, usize, usize)> {
        let root = parse(text, syntax).unwrap();
        duplicate_keys(&root)
            .into_iter()
            .map(|d| {
                (
                    d.key,
                    d.pointer.to_string(),
                    d.span.start(),
                    d.first.start(),
                )
            })
            .collect()
    }

    #[test]
    fn each_repeat_points_at_itself_and_at_the_first() {
        let text = r#"{"a": 1, "b": [{"c": 1, "c": 2, "c": 3}], "a": 2}"#;
        let expected = [
            ("a", "/a", 42, 1),
            ("c", "/b/0/c", 24, 16),
            ("c", "/b/0/c", 32, 16),
        ];
        let found = repeats(text, Syntax::Json);
        assert_eq!(found.len(), expected.len(), "{found:?}");
        for (got, want) in found.iter().zip(expected) {
            assert_eq!((got.0.as_str(), got.1.as_str(), got.2, got.3), want);
        }
    }

    #[test]
    fn large_objects_and_yaml_find_the_same_repeats() {
        let keys: Vec<String> = (0..40).map(|i| format!("\"k{}\": {i}", i % 30)).collect();
        let text = format!("{{{}}}", keys.join(", "));
        let found = repeats(&text, Syntax::Json);
        assert_eq!(found.len(), 10);
        assert!(
            found
                .iter()
                .all(|(key, pointer, at, first)| { pointer == &format!("/{key}") && first < at })
        );
        let yaml = "Resources:\n  A: {Type: x}\n  A: {Type: y}\n";
        assert_eq!(
            repeats(yaml, Syntax::Yaml),
            [("A".to_owned(), "/Resources/A".to_owned(), 28, 13)]
        );
        assert!(repeats(r#"{"a": {"b": 1}, "c": {"b": 1}}"#, Syntax::Json).is_empty());
        let aliased = "a: &x {k: 1, k: 2}\nb: *x\nc: *x\n";
        assert_eq!(
            repeats(aliased, Syntax::Yaml).len(),
            1,
            "reported where it is written"
        );
    }
}
