//! SARIF 2.1.0 for GitHub code scanning: one run, every rule, one result per diagnostic.
//!
//! Small serde structs rather than a generated SARIF model: fislint writes a fixed subset, and
//! owning the types keeps exactly what GitHub reads visible here (ruff does the same).

use std::collections::HashMap;
use std::io;

use serde::Serialize;

use super::root::{SourceRoot, encode_uri_path, file_uri};
use super::{Emitter, Report};
use crate::diagnostic::{Applicability, Diagnostic, Fix, RuleMeta, Severity};
use crate::rules::{self, ALL};
use crate::source::SourceFile;
use crate::walk::{SkipReason, Skipped};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";
/// GitHub shows at most 1024 characters of a rule description.
const MAX_DESCRIPTION: usize = 1024;

pub struct SarifEmitter {
    pub root: SourceRoot,
}

impl Emitter for SarifEmitter {
    fn emit(&self, report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &self.log(report))?;
        writeln!(out)
    }
}

impl SarifEmitter {
    fn log(&self, report: &Report) -> Log {
        let mut results = Vec::new();
        for file in &report.files {
            let location = self.artifact(&file.source.name);
            let mut seen: HashMap<String, usize> = HashMap::new();
            for diagnostic in &file.diagnostics {
                let hash = fingerprint(diagnostic, &file.source);
                let n = seen.entry(hash.clone()).or_insert(0);
                *n += 1;
                let mut result = SarifResult::new(
                    diagnostic,
                    &file.source,
                    rules::index_of(diagnostic.code),
                    location.clone(),
                    format!("{hash}:{n}"),
                );
                // The fixes `--fix` would apply in this run; unsafe ones only with
                // `--unsafe-fixes`, since SARIF has no way to say a fix is a guess.
                if let Some(fix) = diagnostic.fix.as_ref().filter(|f| report.fixes.applies(f)) {
                    result.fixes = vec![SarifFix::new(fix, &file.source, location.clone())];
                }
                results.push(result);
            }
        }
        Log {
            schema: SCHEMA,
            version: "2.1.0",
            runs: vec![Run {
                tool: Tool {
                    driver: Driver {
                        name: env!("CARGO_PKG_NAME"),
                        semantic_version: env!("CARGO_PKG_VERSION"),
                        information_uri: env!("CARGO_PKG_REPOSITORY"),
                        rules: ALL.iter().map(|rule| Rule::new(rule.meta())).collect(),
                    },
                },
                automation_details: AutomationDetails { id: "fislint/" },
                original_uri_base_ids: HashMap::from([(
                    SRCROOT,
                    BaseUri {
                        uri: file_uri(&self.root.dir, true),
                    },
                )]),
                column_kind: "unicodeCodePoints",
                invocations: vec![Invocation {
                    execution_successful: !report.has_failures(),
                    tool_execution_notifications: report
                        .skipped
                        .iter()
                        .map(|skipped| self.notification(skipped))
                        .collect(),
                }],
                results,
            }],
        }
    }

    /// A file that was not linted, as a notification about the run rather than a result.
    fn notification(&self, skipped: &Skipped) -> Notification {
        Notification {
            level: if skipped.is_failure {
                "error"
            } else if skipped.is_note() {
                "note"
            } else {
                "warning"
            },
            // Not `sentence`: a path keeps its case.
            message: Text {
                text: format!("{}: {}.", skipped.path, skipped.message),
            },
            locations: vec![NotificationLocation {
                physical_location: NotificationPhysicalLocation {
                    artifact_location: self.artifact(&skipped.path),
                },
            }],
            descriptor: Descriptor {
                id: reason_id(skipped.reason),
            },
        }
    }

    /// Relative to `%SRCROOT%` when the file lies inside it, else an absolute `file:` URI.
    fn artifact(&self, name: &str) -> ArtifactLocation {
        match self.root.relative(name) {
            Some(relative) => ArtifactLocation {
                uri: encode_uri_path(&relative),
                uri_base_id: Some(SRCROOT),
            },
            None => ArtifactLocation {
                uri: file_uri(&self.root.absolute(name), false),
                uri_base_id: None,
            },
        }
    }
}

/// A hash of what identifies a finding independently of where the file's lines moved: the rule,
/// the JSON Pointer, and the primary line's text with whitespace collapsed.
fn fingerprint(diagnostic: &Diagnostic, source: &SourceFile) -> String {
    let line: Vec<&str> = source
        .line_text(diagnostic.span.start())
        .split_whitespace()
        .collect();
    let mut hash = Fnv1a::default();
    for part in [
        diagnostic.code,
        diagnostic.pointer.as_str(),
        &line.join(" "),
    ] {
        hash.write(part.as_bytes());
        hash.write(&[0]);
    }
    format!("{:016x}", hash.0)
}

/// FNV-1a, 64 bits: fixed by its definition, so fingerprints never change with a Rust release.
struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// The JSON output's reason word, so both formats name a skip the same way.
fn reason_id(reason: SkipReason) -> String {
    serde_json::to_value(reason)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// Starts with a capital and ends with a full stop, as SARIF viewers expect of a message.
fn sentence(text: &str) -> String {
    let mut chars = text.trim().chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    if !out.ends_with(['.', '?', '!']) {
        out.push('.');
    }
    out
}

/// `unknown-action-id` → `UnknownActionId`: SARIF asks for Pascal-case rule names.
fn pascal_case(name: &str) -> String {
    name.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// The `## What it does` section on one line, within GitHub's length limit.
fn full_description(meta: &RuleMeta) -> String {
    let docs = meta.docs();
    let section = docs
        .split_once("## What it does")
        .map_or(docs.as_str(), |(_, rest)| rest);
    let section = section.split("\n## ").next().unwrap_or_default();
    let text = section.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.len() <= MAX_DESCRIPTION {
        return text;
    }
    let mut end = MAX_DESCRIPTION - 1;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end - 2])
}

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    automation_details: AutomationDetails,
    original_uri_base_ids: HashMap<&'static str, BaseUri>,
    column_kind: &'static str,
    invocations: Vec<Invocation>,
    results: Vec<SarifResult>,
}

/// The run itself: whether it did all it was asked, and the files it left out.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    locations: Vec<NotificationLocation>,
    descriptor: Descriptor,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NotificationLocation {
    physical_location: NotificationPhysicalLocation,
}

/// A location without a region: the whole file.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NotificationPhysicalLocation {
    artifact_location: ArtifactLocation,
}

#[derive(Serialize)]
struct Descriptor {
    id: String,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
struct AutomationDetails {
    id: &'static str,
}

#[derive(Serialize)]
struct BaseUri {
    uri: String,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    help_uri: String,
    default_configuration: Configuration,
    properties: RuleProperties,
}

impl Rule {
    fn new(meta: &RuleMeta) -> Rule {
        let docs = meta.docs();
        Rule {
            id: meta.code,
            name: pascal_case(meta.name),
            short_description: Text {
                text: meta.summary(),
            },
            full_description: Text {
                text: full_description(meta),
            },
            help: Help {
                text: docs.clone(),
                markdown: docs,
            },
            help_uri: format!(
                "{}/blob/main/rules/{}.md",
                env!("CARGO_PKG_REPOSITORY"),
                meta.code
            ),
            default_configuration: Configuration {
                level: level(meta.severity),
            },
            properties: RuleProperties {
                tags: vec!["correctness", "fis", meta.name],
                precision: "very-high",
                problem_severity: level(meta.severity),
            },
        }
    }
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<&'static str>,
    precision: &'static str,
    #[serde(rename = "problem.severity")]
    problem_severity: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    partial_fingerprints: Fingerprints,
    properties: ResultProperties,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
}

/// A fix as SARIF writes one: its title, and the replacements in the one file it changes.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Text,
    artifact_changes: Vec<ArtifactChange>,
    properties: FixProperties,
}

impl SarifFix {
    fn new(fix: &Fix, source: &SourceFile, artifact_location: ArtifactLocation) -> SarifFix {
        SarifFix {
            description: Text {
                text: sentence(&fix.title),
            },
            artifact_changes: vec![ArtifactChange {
                artifact_location,
                replacements: fix
                    .edits
                    .iter()
                    .map(|edit| {
                        let (start, end) = source.range(edit.span);
                        Replacement {
                            deleted_region: Region {
                                start_line: start.line,
                                start_column: start.column,
                                end_line: end.line,
                                end_column: end.column,
                            },
                            inserted_content: Content {
                                text: edit.content.clone(),
                            },
                        }
                    })
                    .collect(),
            }],
            properties: FixProperties {
                applicability: fix.applicability,
            },
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Content,
}

#[derive(Serialize)]
struct Content {
    text: String,
}

/// `safe` or `unsafe`, as in the JSON output, for consumers that tell them apart.
#[derive(Serialize)]
struct FixProperties {
    applicability: Applicability,
}

impl SarifResult {
    fn new(
        diagnostic: &Diagnostic,
        source: &SourceFile,
        rule_index: Option<usize>,
        artifact_location: ArtifactLocation,
        fingerprint: String,
    ) -> SarifResult {
        let (start, end) = source.range(diagnostic.span);
        let mut text = sentence(&diagnostic.message);
        if let Some(help) = &diagnostic.help {
            text.push(' ');
            text.push_str(&sentence(help));
        }
        SarifResult {
            rule_id: diagnostic.code,
            rule_index,
            level: level(diagnostic.severity),
            message: Text { text },
            locations: vec![Location {
                physical_location: PhysicalLocation {
                    artifact_location,
                    region: Region {
                        start_line: start.line,
                        start_column: start.column,
                        end_line: end.line,
                        end_column: end.column,
                    },
                },
            }],
            partial_fingerprints: Fingerprints {
                primary_location_line_hash: fingerprint,
            },
            properties: ResultProperties {
                pointer: diagnostic.pointer.to_string(),
            },
            fixes: Vec::new(),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fingerprints {
    primary_location_line_hash: String,
}

/// The JSON Pointer of the offending value, for consumers that fix by path.
#[derive(Serialize)]
struct ResultProperties {
    pointer: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RuleSet;
    use crate::lint::{Settings, lint_file};
    use crate::walk::FileOrigin;

    fn first_fingerprint(text: &str) -> String {
        let settings = Settings {
            catalog: crate::catalog::Catalog::builtin(),
            rules: RuleSet::default(),
        };
        let source = SourceFile::new("t.json", text);
        let report = lint_file(source, &settings, FileOrigin::Named).unwrap();
        let unknown = report
            .diagnostics
            .iter()
            .find(|d| d.code == crate::rules::UnknownActionId::CODE)
            .unwrap();
        fingerprint(unknown, &report.source)
    }

    #[test]
    fn fingerprints_survive_unrelated_edits_but_not_a_changed_finding() {
        let text = "{\n  \"actions\": {\"a\": {\"actionId\": \"aws:nope:x\"}},\n  \"stopConditions\": []\n}";
        let moved = text.replacen(
            "{\n",
            "{\n  \"description\": \"new\",\n\n  \"tags\": {},\n",
            1,
        );
        assert_eq!(first_fingerprint(text), first_fingerprint(&moved));
        let other = text.replace("aws:nope:x", "aws:nope:y");
        assert_ne!(first_fingerprint(text), first_fingerprint(&other));
    }

    #[test]
    fn names_and_messages_read_as_sarif_expects() {
        assert_eq!(pascal_case("unknown-action-id"), "UnknownActionId");
        assert_eq!(sentence("unknown action id `x`"), "Unknown action id `x`.");
        assert_eq!(sentence("did you mean `y`?"), "Did you mean `y`?");
        assert_eq!(sentence("`x` is wrong"), "`x` is wrong.");
    }
}
