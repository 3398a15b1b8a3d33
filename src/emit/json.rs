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
    // Described as plain integers: schemars' `uint` format is unknown to JSON Schema validators.
    #[schemars(with = "i64")]
    pub line: usize,
    #[schemars(with = "i64")]
    pub column: usize,
    #[schemars(with = "i64")]
    pub end_line: usize,
    #[schemars(with = "i64")]
    pub end_column: usize,
}

impl JsonDiagnostic {
    pub fn new(diagnostic: &Diagnostic, source: &SourceFile) -> JsonDiagnostic {
        let start = source.line_col(diagnostic.span.start());
        let end = source.line_col(diagnostic.span.end());
        JsonDiagnostic {
            code: diagnostic.code.to_owned(),
            name: diagnostic.name.to_owned(),
            severity: diagnostic.severity,
            message: diagnostic.message.clone(),
            help: diagnostic.help.clone(),
            file: source.name.clone(),
            pointer: diagnostic.pointer.to_string(),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
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
