//! Machine output: a stable JSON document for scripts and agents (`"version": 1`).

use std::io;

use serde::Serialize;

use super::{Emitter, Report};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceFile;
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
            ..JsonDiagnostic::at_pointer(diagnostic, &source.name)
        }
    }

    /// A finding located by its JSON Pointer alone, for a document that has no text of its own.
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
