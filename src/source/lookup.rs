//! Pointer and member lookups that stay cheap when one object has very many members.

use std::cell::RefCell;
use std::collections::HashMap;

use super::{Member, Node, Pointer, Span};

/// Objects up to this size are scanned: an index would cost more than it saves.
const SCAN_LIMIT: usize = 16;

/// Resolves JSON Pointers under one root, indexing each large object the first time a lookup
/// goes through it, so many findings inside one huge mapping cost linear time in total.
pub struct Lookup<'a> {
    root: &'a Node,
    /// Keyed by the object's address, which is stable: the tree is borrowed for `'a`.
    indexes: RefCell<HashMap<*const Node, HashMap<&'a str, &'a Member>>>,
}

impl<'a> Lookup<'a> {
    pub fn new(root: &'a Node) -> Lookup<'a> {
        Lookup {
            root,
            indexes: RefCell::default(),
        }
    }

    /// The member named `key`; with duplicates the last one wins, as in [`Node::member`].
    pub fn member(&self, node: &'a Node, key: &str) -> Option<&'a Member> {
        let members = node.as_object()?;
        if members.len() <= SCAN_LIMIT {
            return node.member(key);
        }
        let mut indexes = self.indexes.borrow_mut();
        let index = indexes.entry(std::ptr::from_ref(node)).or_insert_with(|| {
            // Later members overwrite earlier ones, so the last duplicate wins.
            members.iter().map(|m| (m.key.as_str(), m)).collect()
        });
        index.get(key).copied()
    }

    pub fn get(&self, node: &'a Node, key: &str) -> Option<&'a Node> {
        self.member(node, key).map(|m| &m.value)
    }

    /// The node a JSON Pointer names, as [`Node::find`].
    pub fn find(&self, pointer: &str) -> Option<&'a Node> {
        let mut node = self.root;
        for segment in Pointer::segments(pointer)? {
            node = self.step(node, &segment)?;
        }
        Some(node)
    }

    /// The span of the key a JSON Pointer ends in, as [`Node::find_key_span`].
    pub fn find_key_span(&self, pointer: &str) -> Option<Span> {
        let mut node = self.root;
        let mut key_span = None;
        for segment in Pointer::segments(pointer)? {
            key_span = self.member(node, &segment).map(|m| m.key_span);
            node = self.step(node, &segment)?;
        }
        Some(key_span.unwrap_or(node.span))
    }

    /// One pointer segment down: a member of an object, an item of an array.
    pub fn step(&self, node: &'a Node, segment: &str) -> Option<&'a Node> {
        match node.as_array() {
            Some(items) => items.get(segment.parse::<usize>().ok()?),
            None => self.get(node, segment),
        }
    }

    /// How many objects have been indexed: small ones never are.
    pub fn indexed_objects(&self) -> usize {
        self.indexes.borrow().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Value;

    fn object(keys: &[&str]) -> Node {
        let members = keys
            .iter()
            .enumerate()
            .map(|(i, key)| Member {
                key: (*key).to_owned(),
                key_span: Span::new(i, i + 1),
                value: Node::new(Span::new(i, i + 1), Value::Number(i.to_string())),
            })
            .collect();
        Node::new(Span::default(), Value::Object(members))
    }

    fn value_of<'a>(lookup: &Lookup<'a>, node: &'a Node, key: &str) -> Option<&'a str> {
        lookup.get(node, key).and_then(Node::scalar_text)
    }

    #[test]
    fn the_last_duplicate_wins_in_small_and_large_objects() {
        let small = object(&["a", "b", "a"]);
        let mut keys = vec!["a"; 40];
        keys.push("b");
        keys.push("a");
        let large = object(&keys);
        let lookup = Lookup::new(&small);
        assert_eq!(value_of(&lookup, &small, "a"), Some("2"));
        assert_eq!(value_of(&lookup, &large, "a"), Some("41"));
        assert_eq!(value_of(&lookup, &large, "b"), Some("40"));
        assert_eq!(value_of(&lookup, &large, "c"), None);
        assert_eq!(
            lookup.indexed_objects(),
            1,
            "only the large object is indexed"
        );
    }

    #[test]
    fn pointers_resolve_through_large_objects() {
        let names: Vec<String> = (0..100).map(|i| format!("k{i}")).collect();
        let keys: Vec<&str> = names.iter().map(String::as_str).collect();
        let root = object(&keys);
        let lookup = Lookup::new(&root);
        for name in &names {
            let pointer = format!("/{name}");
            assert_eq!(lookup.find(&pointer), root.find(&pointer));
            assert_eq!(lookup.find_key_span(&pointer), root.find_key_span(&pointer));
        }
        assert_eq!(lookup.indexed_objects(), 1, "built once, not per lookup");
        assert!(lookup.find("/k100").is_none());
        assert!(lookup.find("/k1/0").is_none());
    }
}
