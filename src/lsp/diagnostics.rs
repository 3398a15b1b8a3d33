//! One document's findings, from the same engine `check` runs, as LSP diagnostics.

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location,
    NumberOrString, Uri,
};

use super::document::Document;
use super::position::Encoding;
use super::workspace::FileSettings;
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::{Settings, lint_file};
use crate::rules::UnusedSuppression;
use crate::source::SourceFile;
use crate::source::marker::might_hold_template;
use crate::walk::FileOrigin;

/// Documents larger than this are not linted: `check`'s default `--max-file-size`.
pub const MAX_LINTED_BYTES: usize = 10 * 1024 * 1024;

/// The findings for a document's current text: none for text that holds no template (one
/// marker scan), or that is too large.
pub fn lint(document: &Document, settings: FileSettings<'_>) -> Vec<Diagnostic> {
    let text = &document.text;
    if text.len() > MAX_LINTED_BYTES || !might_hold_template(text.as_bytes()) {
        return Vec::new();
    }
    let source = SourceFile::new(document.name.clone(), text.clone());
    let settings = Settings {
        catalog: settings.catalog,
        rules: settings.resolved.rules,
    };
    // A file the marker scan let through that still holds no template (a `package.json`
    // naming `resourceType`) reports nothing, as when `check` walks a directory.
    lint_file(source, &settings, FileOrigin::Discovered)
        .map(|report| report.diagnostics)
        .unwrap_or_default()
}

/// The page documenting a rule: the URL SARIF's `helpUri` gives.
pub fn rule_page(code: &str) -> Option<Uri> {
    format!("{}/blob/main/rules/{code}.md", env!("CARGO_PKG_REPOSITORY"))
        .parse()
        .ok()
}

/// A finding as the client shows it.
pub fn to_lsp(
    finding: &Diagnostic,
    document: &Document,
    encoding: Encoding,
) -> lsp_types::Diagnostic {
    let mut message = finding.message.clone();
    if let Some(help) = &finding.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = finding
        .secondary
        .iter()
        .map(|label| DiagnosticRelatedInformation {
            location: Location::new(document.uri.clone(), document.range(label.span, encoding)),
            message: label.message.clone(),
        })
        .collect();
    lsp_types::Diagnostic {
        range: document.range(finding.span, encoding),
        severity: Some(match finding.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(finding.code.to_owned())),
        code_description: rule_page(finding.code).map(|href| CodeDescription { href }),
        source: Some("fislint".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        // Editors grey out what is unnecessary: a suppression that suppresses nothing.
        tags: (finding.code == UnusedSuppression::CODE).then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: None,
    }
}
