//! A located value: a node of the tree, its JSON Pointer, and the form it is read in.

use super::{Field, Form};
use crate::source::{Node, Pointer, Span, Value};

/// A node together with where it is, so any value a rule looks at can be reported.
#[derive(Debug, Clone)]
pub struct Located<'a> {
    pub node: &'a Node,
    pub pointer: Pointer,
    /// The span of the key this value sits under, when it sits under one.
    pub key_span: Option<Span>,
    pub form: Form,
}

/// What a map- or list-valued property holds.
#[derive(Debug, Clone)]
pub enum Shape<T> {
    /// The property is not there.
    Absent,
    /// An intrinsic function: its contents are only known at deploy time.
    Deferred,
    /// Present but of the wrong JSON type (a schema violation; other rules skip it).
    Invalid,
    Known(Vec<T>),
}

impl<T> Shape<T> {
    /// The entries, or none when they are absent or unknowable.
    pub fn known(&self) -> &[T] {
        match self {
            Shape::Known(items) => items,
            _ => &[],
        }
    }

    /// Whether every entry is visible: absent counts as fully known (and empty).
    pub fn is_complete(&self) -> bool {
        matches!(self, Shape::Absent | Shape::Known(_))
    }
}

/// A named member of a map-valued property (a target, an action, a parameter, a tag).
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub name: &'a str,
    pub name_span: Span,
    pub value: Located<'a>,
}

impl<'a> Located<'a> {
    pub fn new(node: &'a Node, pointer: Pointer, form: Form) -> Located<'a> {
        Located {
            node,
            pointer,
            key_span: None,
            form,
        }
    }

    /// The property in this form's spelling, falling back to the other form's: a camelCase key
    /// in CloudFormation is a schema error of its own, and should not also hide every other check.
    pub fn field(&self, field: Field) -> Option<Located<'a>> {
        let member = self.node.member(self.form.key(field)).or_else(|| {
            self.form
                .fallback_key(field)
                .and_then(|other| self.node.member(other))
        })?;
        Some(Located {
            node: &member.value,
            pointer: self.pointer.child(&member.key),
            key_span: Some(member.key_span),
            form: self.form,
        })
    }

    /// A member by its literal name (keys FIS defines, such as parameter names, never change case).
    pub fn get(&self, name: &str) -> Option<Located<'a>> {
        let member = self.node.member(name)?;
        Some(Located {
            node: &member.value,
            pointer: self.pointer.child(&member.key),
            key_span: Some(member.key_span),
            form: self.form,
        })
    }

    /// The value as text when it is known text (see [`Form::text`]). Intrinsics, expressions
    /// and other types give `None`.
    pub fn text(&self) -> Option<&'a str> {
        self.form.text(self.node)
    }

    /// Text that is the value itself: not a template placeholder such as Terraform's `${var}`,
    /// which is filled in before the template reaches FIS.
    pub fn literal_text(&self) -> Option<&'a str> {
        self.text().filter(|text| !text.contains("${"))
    }

    pub fn is_deferred(&self) -> bool {
        self.node.intrinsic().is_some()
    }

    /// The span to underline when the value is the problem.
    pub fn span(&self) -> Span {
        self.node.span
    }

    /// The span to underline when the key itself is the problem.
    pub fn key_or_value_span(&self) -> Span {
        self.key_span.unwrap_or(self.node.span)
    }

    pub fn entries(&self) -> Shape<Entry<'a>> {
        if self.is_deferred() {
            return Shape::Deferred;
        }
        match &self.node.value {
            Value::Object(members) => Shape::Known(
                members
                    .iter()
                    .map(|m| Entry {
                        name: &m.key,
                        name_span: m.key_span,
                        value: Located {
                            node: &m.value,
                            pointer: self.pointer.child(&m.key),
                            key_span: Some(m.key_span),
                            form: self.form,
                        },
                    })
                    .collect(),
            ),
            _ => Shape::Invalid,
        }
    }

    pub fn items(&self) -> Shape<Located<'a>> {
        if self.is_deferred() {
            return Shape::Deferred;
        }
        match &self.node.value {
            Value::Array(items) => Shape::Known(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, node)| Located::new(node, self.pointer.child(i), self.form))
                    .collect(),
            ),
            _ => Shape::Invalid,
        }
    }
}

/// Reads an optional map-valued property.
pub fn entries_of<'a>(located: Option<Located<'a>>) -> Shape<Entry<'a>> {
    located.map_or(Shape::Absent, |l| l.entries())
}

/// Reads an optional list-valued property.
pub fn items_of<'a>(located: Option<Located<'a>>) -> Shape<Located<'a>> {
    located.map_or(Shape::Absent, |l| l.items())
}
