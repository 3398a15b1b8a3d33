//! "Suppress FISnnn here": the edit that adds an in-template suppression for a finding, in the
//! shape `crate::suppress` reads. CloudFormation gets an entry in the resource's
//! `Metadata: {fislint: {ignore: [...]}}` (added to what is there, in the file's own style),
//! Terraform a `# fislint: ignore FISnnn -- reason` line above the resource (a `"//"` member in
//! `.tf.json`). A raw API template has no place for one.

use crate::diagnostic::{Diagnostic, Edit};
use crate::source::{COMMENT_KEY, Node, Span, Syntax};
use crate::template::{Experiment, Form};

/// What the inserted suppression gives as its reason: an obvious to-do, for the person to
/// replace with why the finding is acceptable in this place.
pub fn placeholder_reason(code: &str) -> String {
    format!("TODO: say why {code} is acceptable here")
}

/// The edit suppressing `finding` in the resource that holds it, if it lies in one.
pub fn suppress(
    text: &str,
    syntax: Syntax,
    experiments: &[Experiment<'_>],
    finding: &Diagnostic,
) -> Option<Edit> {
    let pointer = finding.pointer.as_str();
    let experiment = experiments.iter().find(|experiment| {
        experiment.resource.as_ref().is_some_and(|resource| {
            let at = resource.pointer.as_str();
            pointer == at || pointer.strip_prefix(at).is_some_and(|r| r.starts_with('/'))
        })
    })?;
    let resource = experiment.resource.as_ref()?;
    let writer = Writer::new(text, syntax);
    match (experiment.form, syntax) {
        (Form::Terraform, Syntax::Hcl) => writer.comment_above(resource.node, finding.code),
        (Form::Terraform, _) => {
            // One `"//"` member per object: a second would be a duplicate key.
            if resource.node.member(COMMENT_KEY).is_some() {
                return None;
            }
            let comment = format!(
                "fislint: ignore {} -- {}",
                finding.code,
                placeholder_reason(finding.code)
            );
            writer.insert_member(resource.node, COMMENT_KEY, &Shape::Text(comment))
        }
        (Form::CloudFormation, _) => writer.metadata_entry(resource.node, finding.code),
        (Form::Api, _) => None,
    }
}

/// A value to write, nested in as many mappings as the file lacks.
enum Shape {
    /// `{key: inner}`.
    Map(&'static str, Box<Shape>),
    /// `[{code, reason}]`.
    Entries(&'static str),
    Text(String),
}

/// How the collection being added to is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Json,
    /// YAML `{...}` and `[...]`.
    Flow,
    /// YAML indentation.
    Block,
}

struct Writer<'t> {
    text: &'t str,
    syntax: Syntax,
    newline: &'static str,
}

impl<'t> Writer<'t> {
    fn new(text: &'t str, syntax: Syntax) -> Writer<'t> {
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        Writer {
            text,
            syntax,
            newline,
        }
    }

    fn style(&self, node: &Node) -> Style {
        match self.syntax {
            Syntax::Json | Syntax::Hcl => Style::Json,
            Syntax::Yaml => match self.text.as_bytes().get(node.span.start()) {
                Some(b'{' | b'[') => Style::Flow,
                _ => Style::Block,
            },
        }
    }

    /// A CloudFormation resource's suppression entry, added at the deepest level that exists.
    fn metadata_entry(&self, resource: &Node, code: &'static str) -> Option<Edit> {
        let entries = || Shape::Entries(code);
        let Some(metadata) = resource.get("Metadata") else {
            let fislint = Shape::Map(
                "fislint",
                Box::new(Shape::Map("ignore", Box::new(entries()))),
            );
            return self.insert_member(resource, "Metadata", &fislint);
        };
        let Some(fislint) = metadata.get("fislint") else {
            let ignore = Shape::Map("ignore", Box::new(entries()));
            return self.insert_member(metadata, "fislint", &ignore);
        };
        match fislint.get("ignore") {
            None => self.insert_member(fislint, "ignore", &entries()),
            Some(ignore) => self.append_entry(ignore, code),
        }
    }

    /// Adds `key: shape` as the first member of `object`.
    fn insert_member(&self, object: &Node, key: &str, shape: &Shape) -> Option<Edit> {
        let members = object.as_object()?;
        let style = self.style(object);
        let Some(first) = members.iter().map(|m| self.token_start(m.key_span)).min() else {
            // Only an empty `{}` can be written into; an empty block mapping is a null.
            if style == Style::Block || !self.text[object.span.start()..].starts_with('{') {
                return None;
            }
            let member = self.flow_member(key, shape, style);
            return Some(replace(object.span, format!("{{{member}}}")));
        };
        let (line_start, prefix) = self.line_prefix(first);
        let at_line_start = prefix.chars().all(|c| c == ' ' || c == '\t');
        if style == Style::Block {
            let indent = if at_line_start {
                prefix.to_owned()
            } else {
                " ".repeat(prefix.chars().count())
            };
            let lines = self.block_member(key, shape, &indent);
            return Some(if at_line_start {
                insert(
                    line_start,
                    format!("{}{}", lines.join(self.newline), self.newline),
                )
            } else {
                let rest = lines.join(self.newline);
                let rest = rest.strip_prefix(indent.as_str()).unwrap_or(&rest);
                insert(first, format!("{rest}{}{indent}", self.newline))
            });
        }
        let member = self.flow_member(key, shape, style);
        Some(if at_line_start {
            insert(first, format!("{member},{}{prefix}", self.newline))
        } else {
            insert(first, format!("{member}, "))
        })
    }

    /// Adds a `{code, reason}` entry at the end of an `ignore` list.
    fn append_entry(&self, list: &Node, code: &'static str) -> Option<Edit> {
        let items = list.as_array()?;
        let style = self.style(list);
        let entry = self.flow_entry(code, style);
        let (Some(first), Some(last)) = (items.first(), items.last()) else {
            if style == Style::Block || !self.text[list.span.start()..].starts_with('[') {
                return None;
            }
            return Some(replace(list.span, format!("[{entry}]")));
        };
        if style != Style::Block {
            return Some(insert(last.span.end(), format!(", {entry}")));
        }
        let (_, prefix) = self.line_prefix(first.span.start());
        let dash = prefix.rfind('-')?;
        let indent = " ".repeat(prefix[..dash].chars().count());
        let end = self.line_end(last.span.end().max(first.span.start()));
        let newline = self.newline;
        let reason = placeholder_reason(code);
        Some(insert(
            end,
            format!("{newline}{indent}- code: {code}{newline}{indent}  reason: \"{reason}\""),
        ))
    }

    /// A Terraform comment line above the block starting at `block`'s span.
    fn comment_above(&self, block: &Node, code: &str) -> Option<Edit> {
        let (line_start, prefix) = self.line_prefix(block.span.start());
        let indent: String = prefix
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        let reason = placeholder_reason(code);
        Some(insert(
            line_start,
            format!(
                "{indent}# fislint: ignore {code} -- {reason}{}",
                self.newline
            ),
        ))
    }

    /// Where a key's token starts: before its opening quote.
    fn token_start(&self, key: Span) -> usize {
        let start = key.start();
        let quoted = matches!(self.text.as_bytes().get(start), Some(b'"' | b'\''));
        match self.text.as_bytes().get(start.wrapping_sub(1)) {
            Some(b'"' | b'\'') if !quoted => start - 1,
            _ => start,
        }
    }

    /// The start of the line holding `offset`, and the text between it and `offset`.
    fn line_prefix(&self, offset: usize) -> (usize, &'t str) {
        let before = &self.text[..offset];
        let start = before.rfind(['\n', '\r']).map_or(0, |at| at + 1);
        (start, &before[start..])
    }

    /// The end of the line holding `offset`, before its line break.
    fn line_end(&self, offset: usize) -> usize {
        self.text[offset..]
            .find(['\n', '\r'])
            .map_or(self.text.len(), |at| offset + at)
    }

    fn flow_member(&self, key: &str, shape: &Shape, style: Style) -> String {
        format!(
            "{}: {}",
            self.flow_key(key, style),
            self.flow_value(shape, style)
        )
    }

    fn flow_key(&self, key: &str, style: Style) -> String {
        match style {
            Style::Json => json_string(key),
            Style::Flow | Style::Block => key.to_owned(),
        }
    }

    fn flow_value(&self, shape: &Shape, style: Style) -> String {
        match shape {
            Shape::Map(key, inner) => format!("{{{}}}", self.flow_member(key, inner, style)),
            Shape::Entries(code) => format!("[{}]", self.flow_entry(code, style)),
            Shape::Text(text) => json_string(text),
        }
    }

    fn flow_entry(&self, code: &str, style: Style) -> String {
        let reason = json_string(&placeholder_reason(code));
        match style {
            Style::Json => format!("{{\"code\": \"{code}\", \"reason\": {reason}}}"),
            Style::Flow | Style::Block => format!("{{code: {code}, reason: {reason}}}"),
        }
    }

    fn block_member(&self, key: &str, shape: &Shape, indent: &str) -> Vec<String> {
        let inner = format!("{indent}  ");
        match shape {
            Shape::Map(child, value) => {
                let mut lines = vec![format!("{indent}{key}:")];
                lines.extend(self.block_member(child, value, &inner));
                lines
            }
            Shape::Entries(code) => vec![
                format!("{indent}{key}:"),
                format!("{inner}- code: {code}"),
                format!(
                    "{inner}  reason: {}",
                    json_string(&placeholder_reason(code))
                ),
            ],
            Shape::Text(text) => vec![format!("{indent}{key}: {}", json_string(text))],
        }
    }
}

/// A JSON string literal (also a YAML double-quoted scalar).
fn json_string(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}

fn insert(at: usize, content: String) -> Edit {
    Edit {
        span: Span::empty_at(at),
        content,
    }
}

fn replace(span: Span, content: String) -> Edit {
    Edit { span, content }
}
