//! Machine output: a stable JSON document for scripts and agents (`"version": 1`).

use std::io;

use serde::Serialize;

use super::{Emitter, Report};
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::source::{Node, Pointer, SourceFile, Span, Value};
use crate::walk::SkipReason;

pub struct JsonEmitter;

/// The whole document, serialized straight from the report: a run with tens of thousands of
/// findings is written without a second copy of them in memory.
#[derive(Serialize)]
pub struct JsonReport<'a> {
    pub version: u32,
    pub files_checked: usize,
    pub diagnostics: JsonDiagnostics<'a>,
    pub summary: JsonSummary,
    /// Files not linted; added in the same `version: 1` (readers ignore fields they do not know).
    pub files_skipped: usize,
    pub skipped: Vec<JsonSkipped<'a>>,
}

/// A file that was not linted: its path, a stable reason word, and a sentence for people.
#[derive(Serialize)]
pub struct JsonSkipped<'a> {
    pub path: &'a str,
    pub reason: SkipReason,
    pub message: &'a str,
    /// Whether it made the run fail (exit status 2).
    pub failure: bool,
}

/// Every finding of a report, as [`JsonDiagnostic`]s made one at a time while writing.
pub struct JsonDiagnostics<'a>(&'a Report);

impl Serialize for JsonDiagnostics<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.files.iter().flat_map(|file| {
            file.diagnostics
                .iter()
                .map(|d| JsonDiagnostic::new(d, &file.source))
        }))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JsonSummary {
    pub errors: usize,
    pub warnings: usize,
}

/// One finding, located both by JSON Pointer and by 1-based line and character column. MCP tool
/// results carry the same objects, so the type also describes itself as a JSON Schema.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[schemars(transform = crate::portable_schema::nullable_as_any_of)]
pub struct JsonDiagnostic {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub file: String,
    pub pointer: String,
    /// 1-based line of the start, in the text the finding was made in. Absent for a template
    /// an MCP client sent as an object: it has no text, so the pointer alone locates it.
    // Described as plain integers: schemars' `uint` format is unknown to JSON Schema validators.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub line: Option<usize>,
    /// 1-based character column of the start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub column: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub end_line: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub end_column: Option<usize>,
    /// Edits that would resolve the finding, when fislint can say what was meant. Absent when
    /// there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "JsonFix")]
    pub fix: Option<JsonFix>,
}

/// A finding's fix: apply every edit or none. `safe` fixes are what `fislint check --fix`
/// applies; `unsafe` ones are plausible guesses to review (`--unsafe-fixes`).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct JsonFix {
    pub applicability: Applicability,
    /// What applying it does, for people.
    pub title: String,
    /// Non-overlapping, in text order.
    pub edits: Vec<JsonEdit>,
}

/// One edit of a fix. In a text: replace the characters from (`line`, `column`) up to
/// (`end_line`, `end_column`), exclusive, with `content` (written as the text's grammar needs,
/// quotes included). In a template sent as an object, which has no text: replace what `pointer`
/// names (its value, or with `"replaces": "key"` the key of that member) with `value`.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct JsonEdit {
    /// 1-based line of the first character replaced (text only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub line: Option<usize>,
    /// 1-based character column of the first character replaced (text only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub column: Option<usize>,
    /// Line of the end, exclusive (text only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub end_line: Option<usize>,
    /// Character column of the end, exclusive (text only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub end_column: Option<usize>,
    /// The replacement text (text only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub content: Option<String>,
    /// JSON Pointer of the member or item whose value or key is replaced (object only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub pointer: Option<String>,
    /// What at `pointer` is replaced: its `value`, or the member's `key` (object only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Replaced")]
    pub replaces: Option<Replaced>,
    /// The new value (a string, number or boolean), or the new key as a string (object only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "scalar_schema")]
    pub value: Option<serde_json::Value>,
}

/// A JSON scalar other than null: what a fix writes in place of a value or key.
fn scalar_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "anyOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}]
    })
}

/// What an edit located by pointer replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Replaced {
    Value,
    Key,
}

impl JsonFix {
    /// The fix with each edit located by line and column in `source`.
    pub fn in_text(fix: &Fix, source: &SourceFile) -> JsonFix {
        JsonFix {
            applicability: fix.applicability,
            title: fix.title.clone(),
            edits: fix
                .edits
                .iter()
                .map(|edit| {
                    let (start, end) = source.range(edit.span);
                    JsonEdit {
                        line: Some(start.line),
                        column: Some(start.column),
                        end_line: Some(end.line),
                        end_column: Some(end.column),
                        content: Some(edit.content.clone()),
                        pointer: None,
                        replaces: None,
                        value: None,
                    }
                })
                .collect(),
        }
    }

    /// The fix for a document that has no text of its own (a template sent as an object and
    /// linted as its JSON printing): each edit as the pointer of the whole value or key it
    /// replaces and the new value. `None` when an edit is not one whole value or key.
    pub fn at_pointers(fix: &Fix, root: &Node) -> Option<JsonFix> {
        let edits = fix
            .edits
            .iter()
            .map(|edit| {
                let (pointer, replaces) = locate(root, edit.span)?;
                let value: serde_json::Value = serde_json::from_str(&edit.content).ok()?;
                let scalar = value.is_string() || value.is_number() || value.is_boolean();
                if !scalar || (replaces == Replaced::Key && !value.is_string()) {
                    return None;
                }
                Some(JsonEdit {
                    line: None,
                    column: None,
                    end_line: None,
                    end_column: None,
                    content: None,
                    pointer: Some(pointer.to_string()),
                    replaces: Some(replaces),
                    value: Some(value),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(JsonFix {
            applicability: fix.applicability,
            title: fix.title.clone(),
            edits,
        })
    }
}

/// The pointer of the value or key whose span is exactly `span`, found by descending only into
/// the child that holds it.
fn locate(root: &Node, span: Span) -> Option<(Pointer, Replaced)> {
    let mut node = root;
    let mut pointer = Pointer::root();
    loop {
        if node.span == span {
            return Some((pointer, Replaced::Value));
        }
        let holds = |outer: Span| outer.start() <= span.start() && span.end() <= outer.end();
        match &node.value {
            Value::Object(members) => {
                let member = members
                    .iter()
                    .find(|m| holds(m.value.span) || m.key_span == span)?;
                pointer = pointer.child(&member.key);
                if member.key_span == span {
                    return Some((pointer, Replaced::Key));
                }
                node = &member.value;
            }
            Value::Array(items) => {
                let (index, item) = items
                    .iter()
                    .enumerate()
                    .find(|(_, item)| holds(item.span))?;
                pointer = pointer.child(index);
                node = item;
            }
            _ => return None,
        }
    }
}

impl JsonDiagnostic {
    pub fn new(diagnostic: &Diagnostic, source: &SourceFile) -> JsonDiagnostic {
        let start = source.line_col(diagnostic.span.start());
        let end = source.line_col(diagnostic.span.end());
        JsonDiagnostic {
            line: Some(start.line),
            column: Some(start.column),
            end_line: Some(end.line),
            end_column: Some(end.column),
            fix: diagnostic
                .fix
                .as_ref()
                .map(|fix| JsonFix::in_text(fix, source)),
            ..JsonDiagnostic::at_pointer(diagnostic, &source.name)
        }
    }

    /// A finding located by its JSON Pointer alone, for a document that has no text of its own;
    /// without its fix, which [`JsonFix::at_pointers`] gives.
    pub fn at_pointer(diagnostic: &Diagnostic, file: &str) -> JsonDiagnostic {
        JsonDiagnostic {
            code: diagnostic.code.to_owned(),
            name: diagnostic.name.to_owned(),
            severity: diagnostic.severity,
            message: diagnostic.message.clone(),
            help: diagnostic.help.clone(),
            file: file.to_owned(),
            pointer: diagnostic.pointer.to_string(),
            line: None,
            column: None,
            end_line: None,
            end_column: None,
            fix: None,
        }
    }
}

impl<'a> JsonReport<'a> {
    pub fn new(report: &'a Report) -> JsonReport<'a> {
        let counts = report.counts();
        JsonReport {
            version: 1,
            files_checked: report.files_checked,
            diagnostics: JsonDiagnostics(report),
            summary: JsonSummary {
                errors: counts.errors,
                warnings: counts.warnings,
            },
            files_skipped: report.skipped.len(),
            skipped: report
                .skipped
                .iter()
                .map(|s| JsonSkipped {
                    path: &s.path,
                    reason: s.reason,
                    message: &s.message,
                    failure: s.is_failure,
                })
                .collect(),
        }
    }
}

impl Emitter for JsonEmitter {
    fn emit(&self, report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &JsonReport::new(report))?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Edit;
    use crate::source::{Syntax, parse};

    fn fix_at(text: &str, old: &str, content: &str) -> Fix {
        let start = text.find(old).unwrap();
        Fix::new(
            Applicability::Safe,
            "t",
            vec![Edit {
                span: Span::new(start, start + old.len()),
                content: content.to_owned(),
            }],
        )
    }

    #[test]
    fn edits_of_a_printed_object_become_pointer_edits() {
        let text = "{\n  \"a\": [1, {\"actoinId\": \"x\"}],\n  \"b~/\": \"y\"\n}";
        let root = parse(text, Syntax::Json).unwrap();
        let pointed = |old: &str, content: &str| {
            let fix = JsonFix::at_pointers(&fix_at(text, old, content), &root)?;
            let edit = fix.edits.into_iter().next()?;
            Some((edit.pointer?, edit.replaces?, edit.value?))
        };
        assert_eq!(
            pointed("\"x\"", "\"z\""),
            Some(("/a/1/actoinId".into(), Replaced::Value, "z".into()))
        );
        assert_eq!(
            pointed("\"actoinId\"", "\"actionId\""),
            Some(("/a/1/actoinId".into(), Replaced::Key, "actionId".into()))
        );
        assert_eq!(
            pointed("\"y\"", "5"),
            Some(("/b~0~1".into(), Replaced::Value, 5.into()))
        );
        assert_eq!(
            pointed("1", "2"),
            Some(("/a/0".into(), Replaced::Value, 2.into()))
        );
        // Part of a value, or a key given a non-string, cannot be said by pointer.
        assert_eq!(pointed("actoin", "action"), None);
        assert_eq!(pointed("\"actoinId\"", "1"), None);
        assert_eq!(pointed("\"x\"", "{}"), None, "only scalars are written");
    }

    #[test]
    fn text_edits_are_located_by_line_and_character_column() {
        let source = SourceFile::new("t.yaml", "é: 1\nk: aws:x\n");
        let fix = JsonFix::in_text(&fix_at(&source.text, "aws:x", "aws:y"), &source);
        let edit = &fix.edits[0];
        assert_eq!(
            (edit.line, edit.column, edit.end_line, edit.end_column),
            (Some(2), Some(4), Some(2), Some(9))
        );
        assert_eq!(edit.content.as_deref(), Some("aws:y"));
        assert_eq!(edit.pointer, None);
    }
}
