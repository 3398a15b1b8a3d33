//! The one spanned tree that JSON and YAML both parse into.

use super::{Pointer, Span};

/// A value and the byte range it occupies in the original text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub span: Span,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number exactly as written, so nothing is lost to floating point.
    Number(String),
    String(String),
    Array(Vec<Node>),
    /// Members in source order; duplicate keys are kept.
    Object(Vec<Member>),
    /// An expression the deploying tool evaluates (Terraform's `var.x`, `"${…}"`, a function
    /// call), kept as its source text: known only when the template is applied.
    Expression(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

impl Node {
    pub fn new(span: Span, value: Value) -> Node {
        Node { span, value }
    }

    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.value {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The text of a string, number or boolean: CloudFormation turns every scalar into a string.
    pub fn scalar_text(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) | Value::Number(s) => Some(s),
            Value::Bool(true) => Some("true"),
            Value::Bool(false) => Some("false"),
            _ => None,
        }
    }

    /// The member named `key`; with duplicates the last one wins, as in most JSON readers.
    pub fn member(&self, key: &str) -> Option<&Member> {
        self.as_object()?.iter().rev().find(|m| m.key == key)
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.member(key).map(|m| &m.value)
    }

    /// What makes this node's value known only at deploy time: the name of a CloudFormation
    /// intrinsic function (`Ref`, `Fn::Sub`, …) or the text of a Terraform expression.
    pub fn intrinsic(&self) -> Option<&str> {
        match &self.value {
            Value::Expression(text) => Some(text),
            Value::Object(members) => match members.as_slice() {
                [only] if is_intrinsic_name(&only.key) => Some(&only.key),
                _ => None,
            },
            _ => None,
        }
    }

    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
            Value::Expression(_) => "expression",
        }
    }

    /// The node a JSON Pointer names.
    pub fn find(&self, pointer: &str) -> Option<&Node> {
        let mut node = self;
        for segment in Pointer::segments(pointer)? {
            node = node.step(&segment)?;
        }
        Some(node)
    }

    /// The span of the object key a JSON Pointer ends in (the value's span for array items).
    pub fn find_key_span(&self, pointer: &str) -> Option<Span> {
        let mut node = self;
        let mut key_span = None;
        for segment in Pointer::segments(pointer)? {
            key_span = node.member(&segment).map(|m| m.key_span);
            node = node.step(&segment)?;
        }
        Some(key_span.unwrap_or(node.span))
    }

    fn step(&self, segment: &str) -> Option<&Node> {
        match &self.value {
            Value::Object(_) => self.get(segment),
            Value::Array(items) => items.get(segment.parse::<usize>().ok()?),
            _ => None,
        }
    }

    /// A plain JSON copy, for JSON Schema validation and for agents.
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(raw) => number_to_json(raw),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::Array(items) => items.iter().map(Node::to_json).collect(),
            Value::Object(members) => serde_json::Value::Object(
                members
                    .iter()
                    .map(|m| (m.key.clone(), m.value.to_json()))
                    .collect(),
            ),
            // Written as Terraform writes an interpolation, so schema checks read it as the
            // template variable it is.
            Value::Expression(text) => serde_json::Value::String(format!("${{{text}}}")),
        }
    }
}

/// `Ref`, `Condition` and every `Fn::*` name.
pub fn is_intrinsic_name(key: &str) -> bool {
    key == "Ref" || key == "Condition" || key.starts_with("Fn::")
}

fn number_to_json(raw: &str) -> serde_json::Value {
    let normalized = raw.strip_prefix('+').unwrap_or(raw);
    serde_json::from_str::<serde_json::Number>(normalized)
        .map(serde_json::Value::Number)
        // YAML spellings JSON lacks (`0x1F`, `.inf`) stay text rather than becoming a wrong number.
        .unwrap_or_else(|_| serde_json::Value::String(raw.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(value: Value) -> Node {
        Node::new(Span::default(), value)
    }

    fn object(members: Vec<(&str, Node)>) -> Node {
        leaf(Value::Object(
            members
                .into_iter()
                .map(|(k, v)| Member {
                    key: k.to_owned(),
                    key_span: Span::new(1, 2),
                    value: v,
                })
                .collect(),
        ))
    }

    #[test]
    fn intrinsic_is_a_single_member_function_object() {
        let r = object(vec![("Ref", leaf(Value::String("X".into())))]);
        assert_eq!(r.intrinsic(), Some("Ref"));
        let two = object(vec![
            ("Ref", leaf(Value::Null)),
            ("Other", leaf(Value::Null)),
        ]);
        assert_eq!(two.intrinsic(), None);
        let plain = object(vec![("Foo", leaf(Value::Null))]);
        assert_eq!(plain.intrinsic(), None);
    }

    #[test]
    fn pointers_walk_objects_and_arrays() {
        let tree = object(vec![(
            "a/b",
            leaf(Value::Array(vec![leaf(Value::Bool(true))])),
        )]);
        assert_eq!(
            tree.find("/a~1b/0").and_then(Node::scalar_text),
            Some("true")
        );
        assert!(tree.find("/a~1b/1").is_none());
        assert!(tree.find("nope").is_none());
        assert_eq!(tree.find_key_span("/a~1b"), Some(Span::new(1, 2)));
    }

    #[test]
    fn numbers_keep_their_exact_text() {
        assert_eq!(number_to_json("300"), serde_json::json!(300));
        assert_eq!(number_to_json("0x1F"), serde_json::json!("0x1F"));
    }
}
