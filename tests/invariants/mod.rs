//! The properties every input must keep, shared by `tests/mutation.rs` and the `fuzz/` targets.
//!
//! Each check runs the library the way its caller does and returns a description of the first
//! broken property; a panic inside fislint propagates as the crash it is.
#![allow(dead_code)]

use std::path::PathBuf;

use fislint::autofix::{Ending, Linted, fix_file};
use fislint::cache::{CacheFile, Ingested};
use fislint::catalog::Catalog;
use fislint::config::RuleSet;
use fislint::diagnostic::Applicability;
use fislint::emit::{
    Emitter, GithubEmitter, JsonEmitter, PrettyEmitter, Report, SarifEmitter, SourceRoot,
};
use fislint::explain::{ExperimentExplanation, mermaid, text};
use fislint::iam::PolicyReport;
use fislint::iam::snippet::{self, RoleSnippet};
use fislint::lint::{Settings, lint_file};
use fislint::mcp::{
    ExplainTemplateArgs, PolicyArgs, ValidateArgs, explain_template, generate_policy, validate,
};
use fislint::report::FileReport;
use fislint::source::{LineCol, SourceFile, Span, Syntax, parse};
use fislint::template::experiments;
use fislint::walk::FileOrigin;
use serde_json::Value;

/// A small template that exercises actions, targets, parameters and references: the text the
/// cache check lints against catalogs built from arbitrary data.
pub const PROBE_TEMPLATE: &str = r#"{
  "description": "probe",
  "roleArn": "arn:aws:iam::123456789012:role/fis",
  "stopConditions": [{"source": "none"}],
  "targets": {"web": {"resourceType": "aws:ec2:instance", "selectionMode": "COUNT(1)",
    "resourceTags": {"env": "test"}}},
  "actions": {
    "stop": {"actionId": "aws:ec2:stop-instances", "parameters": {"startInstancesAfterDuration": "PT5M"},
      "targets": {"Instances": "web"}},
    "wait": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}, "startAfter": ["stop"]}
  }
}"#;

/// Names the fuzz targets give arbitrary bytes, chosen by a selector byte: each syntax by
/// extension, and one left to content detection.
pub const FILE_NAMES: [&str; 5] = [
    "fuzz.json",
    "fuzz.yaml",
    "fuzz.template",
    "fuzz.tf",
    "fuzz.tf.json",
];

pub type Outcome = Result<(), String>;

/// One fuzz target's check over its raw input.
pub type Check = fn(&[u8]) -> Outcome;

macro_rules! ensure {
    ($cond:expr, $($why:tt)+) => {
        if !$cond {
            return Err(format!($($why)+));
        }
    };
}

/// The fuzz targets' inputs: a selector byte, then the data. Regression files keep this shape,
/// so one function per target serves the fuzzer and the replay in `tests/mutation.rs` alike.
pub const TARGETS: [(&str, Check); 3] = [
    ("lint_file", lint_file_target),
    ("validate_tool", validate_tool_target),
    ("cache_ingest", cache_ingest_target),
];

/// `lint_file`: the selector names the file `.json`, `.yaml`, `.template`, `.tf` or `.tf.json`.
pub fn lint_file_target(data: &[u8]) -> Outcome {
    let Some((&selector, bytes)) = data.split_first() else {
        return Ok(());
    };
    lint_bytes(FILE_NAMES[usize::from(selector) % FILE_NAMES.len()], bytes)
}

/// `validate_tool`: an even selector sends the bytes as the tool's JSON arguments, an odd one
/// as the template text.
pub fn validate_tool_target(data: &[u8]) -> Outcome {
    let Some((&selector, bytes)) = data.split_first() else {
        return Ok(());
    };
    if selector % 2 == 0 {
        validate_args(bytes)
    } else {
        std::str::from_utf8(bytes).map_or(Ok(()), validate_text)
    }
}

/// `cache_ingest`: an even selector reads the bytes as a stored cache file, an odd one as
/// refresh or import data.
pub fn cache_ingest_target(data: &[u8]) -> Outcome {
    let Some((&selector, bytes)) = data.split_first() else {
        return Ok(());
    };
    if selector % 2 == 0 {
        cache_file(bytes)
    } else {
        ingest(bytes)
    }
}

/// Lints bytes as a named file through the CLI's path (parse, template, rules, suppressions) and
/// renders the report through every emitter, checking positions and output shapes.
pub fn lint_bytes(name: &str, bytes: &[u8]) -> Outcome {
    lint_with(name, bytes, Catalog::builtin())?;
    policy_of(name, bytes)?;
    explain_of(name, bytes)
}

/// `fislint explain` on any input: every view of every experiment is the same on a second run,
/// the JSON serializes, and the text and Mermaid carry no raw control character.
fn explain_of(name: &str, bytes: &[u8]) -> Outcome {
    let source = SourceFile::from_bytes(name, bytes.to_vec());
    let Ok(root) = source.parse() else {
        return Ok(());
    };
    for experiment in experiments(&root) {
        let first = ExperimentExplanation::new(&experiment, Catalog::builtin());
        let again = ExperimentExplanation::new(&experiment, Catalog::builtin());
        check_explanation(name, &first, &again)?;
    }
    Ok(())
}

/// One experiment's explanation against a second one of the same input.
fn check_explanation(
    name: &str,
    first: &ExperimentExplanation,
    again: &ExperimentExplanation,
) -> Outcome {
    let json = serde_json::to_string(first).map_err(|e| format!("explain JSON: {e}"))?;
    let json_again = serde_json::to_string(again).map_err(|e| format!("explain JSON: {e}"))?;
    ensure!(json == json_again, "explain JSON differs between two runs");
    let (text_first, chart) = (text(name, first), mermaid(first));
    ensure!(
        text_first == text(name, again) && chart == mermaid(again),
        "explain text or Mermaid differs between two runs"
    );
    no_raw_controls("explain text", &text_first)?;
    no_raw_controls("Mermaid", &chart)?;
    check_mermaid(&chart)
}

/// The shape every diagram keeps whatever the names: a known header, one statement a line,
/// no fence a Markdown block would end at, and a gantt task's name free of its `:` separator.
fn check_mermaid(chart: &str) -> Outcome {
    let mut lines = chart.lines();
    let header = lines.next().unwrap_or_default();
    ensure!(
        header == "gantt" || header == "flowchart LR",
        "Mermaid starts with {header:?}"
    );
    ensure!(!chart.contains("```"), "Mermaid holds a code fence");
    if header == "gantt" {
        for line in lines.filter(|l| l.contains(" :")) {
            let (name, _) = line.split_once(" :").unwrap_or_default();
            ensure!(
                !name.contains([':', ';', '#']),
                "a gantt task's name holds Mermaid syntax: {line:?}"
            );
        }
    }
    Ok(())
}

/// `fislint policy` on any input: each template's policy is valid IAM, and its CloudFormation
/// and Terraform renderings parse in their own languages.
fn policy_of(name: &str, bytes: &[u8]) -> Outcome {
    let source = SourceFile::from_bytes(name, bytes.to_vec());
    let Ok(root) = source.parse() else {
        return Ok(());
    };
    let found = experiments(&root);
    let reports: Vec<PolicyReport> = found
        .iter()
        .map(|e| PolicyReport::for_experiment(e, Catalog::builtin()))
        .collect();
    for report in &reports {
        let document = serde_json::to_value(&report.policy_document).map_err(|e| e.to_string())?;
        check_iam_document(&document)?;
    }
    if reports.is_empty() {
        return Ok(());
    }
    let snippets: Vec<RoleSnippet<'_>> = reports
        .iter()
        .map(|report| RoleSnippet {
            origin: name.to_owned(),
            stem: report.template.clone(),
            report,
        })
        .collect();
    let yaml = snippet::cfn_yaml(&snippets);
    parse(&yaml, Syntax::Yaml)
        .map_err(|e| format!("the CloudFormation YAML does not parse: {e:?}\n{yaml}"))?;
    let json = snippet::cfn_json(&snippets);
    serde_json::from_str::<Value>(&json)
        .map_err(|e| format!("the CloudFormation JSON does not parse: {e}"))?;
    let terraform = snippet::terraform(&snippets);
    hcl::from_str::<hcl::Body>(&terraform)
        .map_err(|e| format!("the Terraform does not parse: {e}\n{terraform}"))?;
    Ok(())
}

/// The parts of the IAM policy grammar a generated policy must have.
pub fn check_iam_document(document: &Value) -> Outcome {
    ensure!(
        document["Version"] == "2012-10-17",
        "policy Version is {}",
        document["Version"]
    );
    let statements = document["Statement"]
        .as_array()
        .ok_or("no Statement array")?;
    let mut sids = std::collections::BTreeSet::new();
    for statement in statements {
        let sid = statement["Sid"].as_str().ok_or("a statement without Sid")?;
        ensure!(
            !sid.is_empty() && sid.chars().all(|c| c.is_ascii_alphanumeric()),
            "Sid {sid:?} is not alphanumeric"
        );
        ensure!(sids.insert(sid.to_owned()), "Sid {sid} repeats");
        ensure!(
            statement["Effect"] == "Allow",
            "Effect is {}",
            statement["Effect"]
        );
        for part in ["Action", "Resource"] {
            let items = statement[part]
                .as_array()
                .ok_or(format!("{part} is not a list"))?;
            ensure!(!items.is_empty(), "{part} is empty in {sid}");
            ensure!(
                items
                    .iter()
                    .all(|i| i.as_str().is_some_and(|t| !t.is_empty())),
                "{part} holds a non-string or empty value"
            );
        }
    }
    Ok(())
}

fn lint_with(name: &str, bytes: &[u8], catalog: &Catalog) -> Outcome {
    let settings = Settings {
        catalog,
        rules: RuleSet::default(),
    };
    let source = SourceFile::from_bytes(name, bytes.to_vec());
    let Some(mut file) = lint_file(source, &settings, FileOrigin::Named) else {
        return Err("a named file produced no report".into());
    };
    let positions = check_spans(&file)?;
    check_fixes(&file, &settings)?;

    // Pretty output keeps the whole text, as `check` does for it.
    let report = one_file_report(file);
    let pretty = render(
        &PrettyEmitter {
            color: false,
            width: 100,
        },
        &report,
    )?;
    ensure!(
        report.files[0].diagnostics.is_empty() || !pretty.is_empty(),
        "pretty output is empty for a file with findings"
    );
    no_raw_controls("pretty", &pretty)?;

    // The machine formats see only the lines findings touch (`Retain::FindingLines`); the
    // positions must not move when the rest of the text is let go.
    file = report
        .files
        .into_iter()
        .next()
        .ok_or("report lost its file")?;
    // As `check` keeps them: the lines of each finding and of its fix's edits.
    let spans: Vec<Span> = file
        .diagnostics
        .iter()
        .flat_map(|d| {
            let edits = d
                .fix
                .iter()
                .flat_map(|fix| fix.edits.iter().map(|e| e.span));
            std::iter::once(d.span).chain(edits)
        })
        .collect();
    file.source.keep_only_lines_of(spans);
    for (diagnostic, (start, end)) in file.diagnostics.iter().zip(&positions) {
        let kept = file.source.range(diagnostic.span);
        ensure!(
            same(kept.0, *start) && same(kept.1, *end),
            "{}: position moved once the text was trimmed to its finding lines",
            diagnostic.code
        );
    }
    let report = one_file_report(file);
    let count = report.files[0].diagnostics.len();
    check_json_output(&render(&JsonEmitter, &report)?, count)?;
    let root = SourceRoot::new(PathBuf::from("/fuzz"), PathBuf::from("/fuzz"));
    check_sarif_output(
        &render(&SarifEmitter { root: root.clone() }, &report)?,
        count,
    )?;
    let github = render(&GithubEmitter { root }, &report)?;
    no_raw_controls("GitHub", &github)?;
    check_github_output(&github, count)
}

/// Every fix's edits lie inside the text on character boundaries, in order; and fixing the
/// file as `check --fix --unsafe-fixes` does settles, never making the text parse worse.
fn check_fixes(file: &FileReport, settings: &Settings<'_>) -> Outcome {
    let text = &file.source.text;
    let mut any = false;
    for fix in file.diagnostics.iter().filter_map(|d| d.fix.as_ref()) {
        any = true;
        ensure!(!fix.edits.is_empty(), "{}: a fix without edits", fix.title);
        for edit in &fix.edits {
            let (start, end) = (edit.span.start(), edit.span.end());
            ensure!(
                start <= end
                    && end <= text.len()
                    && text.is_char_boundary(start)
                    && text.is_char_boundary(end),
                "{}: an edit at {start}..{end} is not within the text",
                fix.title
            );
        }
        ensure!(
            fix.edits
                .windows(2)
                .all(|pair| pair[0].span.end() <= pair[1].span.start()),
            "{}: edits overlap or are out of order",
            fix.title
        );
    }
    if !any {
        return Ok(());
    }
    let source = SourceFile::new(file.source.name.clone(), text.clone());
    let outcome = fix_file(source, settings, FileOrigin::Named, Applicability::Unsafe)
        .ok_or("a named file produced no report when fixed")?;
    ensure!(
        outcome.ending == Ending::Stable,
        "fixing did not end cleanly: {:?}",
        outcome.ending
    );
    ensure!(
        outcome.linted.parsed() >= file.parsed(),
        "the fixed text parses worse"
    );
    Ok(())
}

/// Text for a terminal or a CI log carries no control character but newline and tab, and no
/// bidi override: whatever the file held is shown escaped.
fn no_raw_controls(format: &str, text: &str) -> Outcome {
    let raw = text.chars().find(|&c| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    });
    ensure!(
        raw.is_none(),
        "{format} output holds a raw control character {:?}",
        raw.unwrap_or_default()
    );
    Ok(())
}

/// Every span lies inside the text on character boundaries, and the line index agrees with a
/// count done from scratch. Returns each finding's start and end position.
fn check_spans(file: &FileReport) -> Result<Vec<(LineCol, LineCol)>, String> {
    let text = &file.source.text;
    let mut positions = Vec::new();
    for diagnostic in &file.diagnostics {
        let labels =
            std::iter::once(diagnostic.span).chain(diagnostic.secondary.iter().map(|l| l.span));
        for span in labels {
            ensure!(
                span.start() <= span.end() && span.end() <= text.len(),
                "{}: span {}..{} outside a text of {} bytes",
                diagnostic.code,
                span.start(),
                span.end(),
                text.len()
            );
            ensure!(
                text.is_char_boundary(span.start()) && text.is_char_boundary(span.end()),
                "{}: span {}..{} splits a character",
                diagnostic.code,
                span.start(),
                span.end()
            );
            for offset in [span.start(), span.end()] {
                let expected = line_col_from_scratch(text, offset);
                let actual = file.source.line_col(offset);
                ensure!(
                    same(actual, expected),
                    "{}: offset {offset} is reported at {}:{}, but the text puts it at {}:{}",
                    diagnostic.code,
                    actual.line,
                    actual.column,
                    expected.line,
                    expected.column
                );
            }
        }
        positions.push(file.source.range(diagnostic.span));
    }
    Ok(positions)
}

fn line_col_from_scratch(text: &str, offset: usize) -> LineCol {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    LineCol {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
    }
}

fn same(a: LineCol, b: LineCol) -> bool {
    a.line == b.line && a.column == b.column
}

// The update keeps this compiling when the report gains fields (skipped-file counts).
#[allow(clippy::needless_update)]
fn one_file_report(file: FileReport) -> Report {
    Report {
        files: vec![file],
        files_checked: 1,
        ..Report::default()
    }
}

fn render(emitter: &dyn Emitter, report: &Report) -> Result<String, String> {
    let mut out = Vec::new();
    emitter
        .emit(report, &mut out)
        .map_err(|e| format!("emitting into memory failed: {e}"))?;
    String::from_utf8(out).map_err(|e| format!("output is not UTF-8: {e}"))
}

/// `--format json`: the version 1 document with one entry per finding, positions 1-based.
pub fn check_json_output(text: &str, count: usize) -> Outcome {
    let doc: Value =
        serde_json::from_str(text).map_err(|e| format!("JSON output does not parse: {e}"))?;
    ensure!(doc["version"] == 1, "JSON output has no version 1");
    ensure!(
        doc["files_checked"].is_u64(),
        "JSON output lacks files_checked"
    );
    ensure!(doc["summary"].is_object(), "JSON output lacks summary");
    let diagnostics = doc["diagnostics"]
        .as_array()
        .ok_or("JSON output lacks diagnostics")?;
    ensure!(
        diagnostics.len() == count,
        "JSON output has {} diagnostics for {count} findings",
        diagnostics.len()
    );
    for d in diagnostics {
        check_json_diagnostic(d)?;
    }
    Ok(())
}

/// One `JsonDiagnostic`, as `--format json` and `validate_fis_template` write it.
fn check_json_diagnostic(d: &Value) -> Outcome {
    let at = |key: &str| d[key].as_u64().unwrap_or(0);
    ensure!(
        at("line") >= 1 && at("column") >= 1 && at("end_line") >= 1 && at("end_column") >= 1,
        "a diagnostic has a position below 1:1: {d}"
    );
    ensure!(
        (at("line"), at("column")) <= (at("end_line"), at("end_column")),
        "a diagnostic ends before it starts: {d}"
    );
    ensure!(
        d["code"].as_str().is_some_and(|c| c.starts_with("FIS")),
        "a diagnostic has no FIS code: {d}"
    );
    for edit in d["fix"]["edits"].as_array().into_iter().flatten() {
        let at = |key: &str| edit[key].as_u64().unwrap_or(0);
        ensure!(
            at("line") >= 1
                && at("column") >= 1
                && (at("line"), at("column")) <= (at("end_line"), at("end_column"))
                && edit["content"].is_string(),
            "a fix edit is not a range with content: {d}"
        );
    }
    Ok(())
}

/// `--format sarif`: SARIF 2.1.0, one run, one result per finding with a 1-based region.
pub fn check_sarif_output(text: &str, count: usize) -> Outcome {
    let doc: Value =
        serde_json::from_str(text).map_err(|e| format!("SARIF output does not parse: {e}"))?;
    ensure!(
        doc["version"] == "2.1.0",
        "SARIF output is not version 2.1.0"
    );
    let runs = doc["runs"].as_array().ok_or("SARIF output lacks runs")?;
    ensure!(runs.len() == 1, "SARIF output has {} runs", runs.len());
    ensure!(
        runs[0]["tool"]["driver"]["name"] == "fislint",
        "SARIF output does not name its tool"
    );
    let results = runs[0]["results"]
        .as_array()
        .ok_or("SARIF output lacks results")?;
    ensure!(
        results.len() == count,
        "SARIF output has {} results for {count} findings",
        results.len()
    );
    for result in results {
        let region = &result["locations"][0]["physicalLocation"]["region"];
        ensure!(
            region["startLine"].as_u64().is_some_and(|l| l >= 1)
                && region["startColumn"].as_u64().is_some_and(|c| c >= 1),
            "a SARIF result has no 1-based region: {result}"
        );
    }
    Ok(())
}

/// `--format github`: one workflow command per finding (a message cannot break the line) and
/// the summary.
pub fn check_github_output(text: &str, count: usize) -> Outcome {
    let lines: Vec<&str> = text.lines().collect();
    ensure!(
        lines.len() == count + 1,
        "GitHub output has {} lines for {count} findings",
        lines.len()
    );
    for line in &lines[..count] {
        ensure!(
            line.starts_with("::error file=") || line.starts_with("::warning file="),
            "GitHub output line is not a workflow command: {line:?}"
        );
    }
    ensure!(
        lines[count].starts_with("fislint: "),
        "GitHub output does not end with the summary"
    );
    Ok(())
}

/// Bytes as the arguments of the `validate_fis_template` tool, through the function the tool
/// calls: every accepted call yields a consistent result.
pub fn validate_args(bytes: &[u8]) -> Outcome {
    if let Ok(args) = serde_json::from_slice::<PolicyArgs>(bytes) {
        policy_call(args)?;
    }
    if let Ok(args) = serde_json::from_slice::<ExplainTemplateArgs>(bytes) {
        explain_call(args)?;
    }
    let Ok(args) = serde_json::from_slice::<ValidateArgs>(bytes) else {
        return Ok(());
    };
    validate_call(args)
}

/// `generate_fis_iam_policy` with the same arguments: every policy it returns is valid IAM.
fn policy_call(args: PolicyArgs) -> Outcome {
    let Ok(result) = generate_policy(None, args) else {
        return Ok(());
    };
    for report in &result.policies {
        let document = serde_json::to_value(&report.policy_document).map_err(|e| e.to_string())?;
        check_iam_document(&document)?;
    }
    Ok(())
}

/// `explain_fis_template` with the same arguments: the result serializes, is the same twice,
/// and each diagram keeps its shape.
fn explain_call(args: ExplainTemplateArgs) -> Outcome {
    let again = ExplainTemplateArgs {
        template: args.template.clone(),
        region: args.region.clone(),
    };
    let (Ok(first), Ok(second)) = (explain_template(None, args), explain_template(None, again))
    else {
        return Ok(());
    };
    let first = serde_json::to_value(&first).map_err(|e| format!("explain result: {e}"))?;
    let second = serde_json::to_value(&second).map_err(|e| format!("explain result: {e}"))?;
    ensure!(
        first == second,
        "explain_fis_template differs between two calls"
    );
    for experiment in first["experiments"].as_array().into_iter().flatten() {
        check_mermaid(experiment["mermaid"].as_str().unwrap_or_default())?;
    }
    Ok(())
}

/// The tool with `template` as a string (JSON or YAML text, as agents send files).
pub fn validate_text(text: &str) -> Outcome {
    policy_call(PolicyArgs {
        template: Value::String(text.to_owned()),
        region: String::new(),
    })?;
    explain_call(ExplainTemplateArgs {
        template: Value::String(text.to_owned()),
        region: String::new(),
    })?;
    validate_call(ValidateArgs {
        template: Value::String(text.to_owned()),
        region: String::new(),
    })
}

fn validate_call(args: ValidateArgs) -> Outcome {
    let Ok(result) = validate(None, args) else {
        // An argument error is a result the client reads, not a failure.
        return Ok(());
    };
    let doc = serde_json::to_value(&result)
        .map_err(|e| format!("validate result does not serialize: {e}"))?;
    let errors = doc["errors"].as_array().map_or(0, Vec::len);
    ensure!(
        doc["valid"] == (errors == 0),
        "valid is {} with {errors} errors",
        doc["valid"]
    );
    let diagnostics = doc["diagnostics"]
        .as_array()
        .ok_or("validate result lacks diagnostics")?;
    let error_findings = diagnostics
        .iter()
        .filter(|d| d["severity"] == "error")
        .count();
    ensure!(
        (errors == 0) == (error_findings == 0),
        "{errors} error sentences for {error_findings} error diagnostics"
    );
    let by_pointer = doc["positions"] == "pointer";
    for d in diagnostics {
        if by_pointer {
            // An object has no text: its findings carry a pointer and no position.
            ensure!(
                d.get("line").is_none() && d["pointer"].is_string(),
                "a finding in an object template has a line or no pointer: {d}"
            );
            for edit in d["fix"]["edits"].as_array().into_iter().flatten() {
                ensure!(
                    edit["pointer"].is_string() && edit.get("value").is_some(),
                    "a fix edit in an object template is not a pointer and a value: {d}"
                );
            }
        } else {
            check_json_diagnostic(d)?;
        }
    }
    ensure!(
        by_pointer
            || doc.get("fixed_template").is_none()
            || diagnostics
                .iter()
                .any(|d| d["fix"]["applicability"] == "safe"),
        "a fixed template without a safe fix"
    );
    Ok(())
}

/// Bytes as a stored cache file: a file that parses yields a catalog the probe template lints
/// against, and writing it back gives a file that reads as the same.
pub fn cache_file(bytes: &[u8]) -> Outcome {
    let Ok(file) = serde_json::from_slice::<CacheFile>(bytes) else {
        return Ok(());
    };
    round_trip_and_lint(&file)
}

/// Bytes as refresh or import data (one document, or an array of documents imported
/// together): what is accepted is stored, read back and linted against.
pub fn ingest(bytes: &[u8]) -> Outcome {
    let Ok(data) = serde_json::from_slice::<Value>(bytes) else {
        return Ok(());
    };
    let documents = match &data {
        Value::Array(documents) if !documents.is_empty() => documents.clone(),
        _ => vec![data],
    };
    let mut ingested = Ingested::default();
    for document in &documents {
        if ingested.add(document).is_err() {
            return Ok(());
        }
    }
    let file = CacheFile::new(
        "fuzz-region",
        "2026-01-01T00:00:00+00:00".into(),
        ingested.actions,
        ingested.resource_types,
    );
    round_trip_and_lint(&file)
}

fn round_trip_and_lint(file: &CacheFile) -> Outcome {
    let written = serde_json::to_vec_pretty(file)
        .map_err(|e| format!("a cache file does not serialize: {e}"))?;
    let read: CacheFile = serde_json::from_slice(&written)
        .map_err(|e| format!("a written cache file does not read back: {e}"))?;
    ensure!(
        read == *file,
        "a cache file reads back different from what was written"
    );
    let catalog = file.catalog("fuzz-region");
    lint_with("probe.json", PROBE_TEMPLATE.as_bytes(), &catalog)
}
