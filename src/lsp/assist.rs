//! `crate::assist`'s completions and hovers as LSP items.

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, HoverContents,
    MarkupContent, MarkupKind, TextEdit,
};

use super::diagnostics::MAX_LINTED_BYTES;
use super::document::Document;
use super::position::Encoding;
use crate::assist::{self, Completion, CompletionKind};
use crate::catalog::Catalog;

pub fn complete(
    document: &Document,
    offset: usize,
    catalog: &Catalog,
    encoding: Encoding,
) -> Vec<CompletionItem> {
    // A document too large to lint is too large to help with as keys are typed.
    if document.text.len() > MAX_LINTED_BYTES {
        return Vec::new();
    }
    assist::complete(&document.text, document.syntax(), offset, catalog)
        .into_iter()
        .map(|completion| item(document, completion, encoding))
        .collect()
}

pub fn hover(
    document: &Document,
    offset: usize,
    catalog: &Catalog,
    encoding: Encoding,
) -> Option<lsp_types::Hover> {
    if document.text.len() > MAX_LINTED_BYTES {
        return None;
    }
    let found = assist::hover(&document.text, document.syntax(), offset, catalog)?;
    Some(lsp_types::Hover {
        contents: HoverContents::Markup(markdown(found.markdown)),
        range: Some(document.range(found.span, encoding)),
    })
}

fn item(document: &Document, completion: Completion, encoding: Encoding) -> CompletionItem {
    let kind = match completion.kind {
        CompletionKind::ActionId => CompletionItemKind::FUNCTION,
        CompletionKind::ResourceType => CompletionItemKind::CLASS,
        CompletionKind::TargetKey | CompletionKind::Parameter => CompletionItemKind::PROPERTY,
        CompletionKind::TargetName | CompletionKind::ActionName => CompletionItemKind::REFERENCE,
        CompletionKind::Value => CompletionItemKind::ENUM_MEMBER,
    };
    let range = document.range(completion.replace, encoding);
    CompletionItem {
        // Clients filter on the text the edit replaces; the inserted text is what it should
        // match, which may differ from the label (quotes, a trailing colon).
        filter_text: (completion.insert != completion.label).then(|| completion.insert.clone()),
        label: completion.label,
        kind: Some(kind),
        detail: completion.detail,
        documentation: completion
            .documentation
            .map(|text| Documentation::MarkupContent(markdown(text))),
        sort_text: completion.sort_text,
        text_edit: Some(CompletionTextEdit::Edit(TextEdit {
            range,
            new_text: completion.insert,
        })),
        ..CompletionItem::default()
    }
}

fn markdown(value: String) -> MarkupContent {
    MarkupContent {
        kind: MarkupKind::Markdown,
        value,
    }
}
