//! Quick fixes for the findings in a range: each finding's own fix, and "Suppress FISnnn here".

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit, WorkspaceEdit,
};

use super::diagnostics::to_lsp;
use super::document::Document;
use super::position::Encoding;
use super::suppression;
use crate::diagnostic::{Applicability, Diagnostic, Edit};
use crate::source::{SourceFile, Span};
use crate::template;

/// How edits reach the client.
#[derive(Debug, Clone, Copy)]
pub struct EditSupport {
    pub encoding: Encoding,
    /// The client takes versioned `documentChanges`, so an edit for an older text is refused.
    pub document_changes: bool,
}

/// The actions for the findings whose span meets `range`.
pub fn code_actions(
    document: &Document,
    findings: &[Diagnostic],
    range: Span,
    support: EditSupport,
) -> Vec<CodeActionOrCommand> {
    let here: Vec<&Diagnostic> = findings
        .iter()
        .filter(|d| d.span.start <= range.end && range.start <= d.span.end)
        .collect();
    let mut actions = Vec::new();
    for finding in &here {
        if let Some(fix) = &finding.fix {
            let safe = fix.applicability == Applicability::Safe;
            actions.push(action(
                document,
                finding,
                fix.title.clone(),
                &fix.edits,
                safe,
                support,
            ));
        }
    }
    // Suppressions of suppression findings would only hide a suppression's own problem.
    let suppressible: Vec<&&Diagnostic> = here
        .iter()
        .filter(|d| d.code < crate::rules::UnusedSuppression::CODE)
        .collect();
    if suppressible.is_empty() {
        return actions;
    }
    let source = SourceFile::new(document.name.clone(), document.text.clone());
    let Ok(root) = template::read(&source) else {
        return actions;
    };
    let experiments = template::experiments(&root);
    let mut offered = Vec::new();
    for finding in suppressible {
        let Some(edit) =
            suppression::suppress(&document.text, document.syntax(), &experiments, finding)
        else {
            continue;
        };
        // One action per code and place: the same insertion would be offered twice.
        if offered.contains(&(finding.code, edit.span)) {
            continue;
        }
        offered.push((finding.code, edit.span));
        let title = format!("Suppress {} here", finding.code);
        actions.push(action(document, finding, title, &[edit], false, support));
    }
    actions
}

fn action(
    document: &Document,
    finding: &Diagnostic,
    title: String,
    edits: &[Edit],
    preferred: bool,
    support: EditSupport,
) -> CodeActionOrCommand {
    let text_edits: Vec<TextEdit> = edits
        .iter()
        .map(|edit| TextEdit {
            range: document.range(edit.span, support.encoding),
            new_text: edit.content.clone(),
        })
        .collect();
    let edit = if support.document_changes {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: document.uri.clone(),
                    version: Some(document.version),
                },
                edits: text_edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(document.uri.clone(), text_edits)])),
            ..WorkspaceEdit::default()
        }
    };
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![to_lsp(finding, document, support.encoding)]),
        edit: Some(edit),
        is_preferred: preferred.then_some(true),
        ..CodeAction::default()
    })
}
