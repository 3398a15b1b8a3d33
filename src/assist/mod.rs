//! Help while a template is being written, independent of any editor protocol: what may be typed
//! at a byte offset (completion) and what the thing under it is (hover). The language server
//! converts offsets and spans to its clients' positions.

mod complete;
mod cursor;
mod hover;
mod outline;
mod scan;

use crate::catalog::Catalog;
use crate::source::{Span, Syntax};

/// What a completion offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    ActionId,
    ResourceType,
    TargetKey,
    TargetName,
    Parameter,
    ActionName,
    /// A fixed value: a stop-condition source, a selection mode.
    Value,
}

/// One thing that may be typed at the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    pub kind: CompletionKind,
    /// One line shown beside the label (an action's description, "required").
    pub detail: Option<String>,
    /// Markdown shown for the selected item.
    pub documentation: Option<String>,
    /// The bytes the chosen item replaces (the partial word typed so far, quotes excluded).
    pub replace: Span,
    /// The text written over `replace`.
    pub insert: String,
    /// Orders items (required parameters first); the label when `None`.
    pub sort_text: Option<String>,
}

/// What the thing under the cursor is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hover {
    /// The word hovered.
    pub span: Span,
    pub markdown: String,
}

/// Completions at `offset` in `text`. The text need not parse: it is being typed. Every item is
/// returned, unfiltered; a client filters by the text `replace` covers. An offset inside a
/// character or past the end gives none.
pub fn complete(text: &str, syntax: Syntax, offset: usize, catalog: &Catalog) -> Vec<Completion> {
    match cursor::Cursor::at(text, syntax, offset) {
        Some(cursor) => complete::completions(&cursor, syntax, catalog),
        None => Vec::new(),
    }
}

/// Documentation for the action id, resource type, parameter name or rule code at `offset`.
pub fn hover(text: &str, syntax: Syntax, offset: usize, catalog: &Catalog) -> Option<Hover> {
    hover::hover(text, syntax, offset, catalog)
}

#[cfg(test)]
mod tests;
