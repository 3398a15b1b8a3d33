//! In-template suppressions: CloudFormation `Metadata: {fislint: {ignore: [...]}}` on an
//! experiment resource or on the template, Terraform `# fislint: ignore FIS003 -- reason`
//! comments above or inside an `aws_fis_experiment_template` resource (`"//"` members in
//! `.tf.json`), and the findings about suppressions themselves.

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::rules::{self, SuppressionWithoutReason, UnusedSuppression};
use crate::source::{COMMENT_KEY, Node, Pointer, Span};
use crate::template::Experiment;
use crate::template::Form;

/// One entry of an `ignore` list, or an `ignore` that could not be read.
struct Entry<'a> {
    kind: EntryKind<'a>,
    span: Span,
    pointer: Pointer,
    /// The resource it applies to; `None` for the whole template.
    scope: Option<Pointer>,
    scope_label: String,
}

enum EntryKind<'a> {
    Code {
        code: &'a str,
        code_span: Span,
        has_reason: bool,
        /// Written as a Terraform comment rather than CloudFormation `Metadata`.
        comment: bool,
    },
    Malformed(&'static str),
    /// A Terraform `fislint:` comment, and what is wrong with it.
    MalformedComment(&'static str),
}

/// Every suppression a CloudFormation document declares, in source order.
fn collect<'a>(root: &'a Node, experiments: &[Experiment<'a>]) -> Vec<Entry<'a>> {
    let mut entries = Vec::new();
    if root.get("Resources").is_some() {
        read_metadata(root, &Pointer::root(), None, "the template", &mut entries);
    }
    for experiment in experiments {
        if let Some(resource) = &experiment.resource
            && experiment.form == Form::Terraform
        {
            read_comments(
                resource.node,
                &resource.pointer,
                &experiment.label(),
                &mut entries,
            );
        } else if let Some(resource) = &experiment.resource {
            read_metadata(
                resource.node,
                &resource.pointer,
                Some(resource.pointer.clone()),
                &experiment.label(),
                &mut entries,
            );
        }
    }
    entries
}

fn read_metadata<'a>(
    holder: &'a Node,
    at: &Pointer,
    scope: Option<Pointer>,
    scope_label: &str,
    entries: &mut Vec<Entry<'a>>,
) {
    let Some(fislint) = holder.get("Metadata").and_then(|m| m.member("fislint")) else {
        return;
    };
    let fislint_pointer = at.child("Metadata").child("fislint");
    let entry = |kind, span, pointer| Entry {
        kind,
        span,
        pointer,
        scope: scope.clone(),
        scope_label: scope_label.to_owned(),
    };
    let Some(ignore) = fislint.value.member("ignore") else {
        let what = EntryKind::Malformed("`fislint` metadata without an `ignore` list");
        entries.push(entry(what, fislint.key_span, fislint_pointer));
        return;
    };
    let ignore_pointer = fislint_pointer.child("ignore");
    let Some(items) = ignore.value.as_array() else {
        let what = EntryKind::Malformed("`ignore`");
        entries.push(entry(what, ignore.value.span, ignore_pointer));
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let kind = match (item.as_str(), item.get("code")) {
            (Some(code), _) => EntryKind::Code {
                code,
                code_span: item.span,
                has_reason: false,
                comment: false,
            },
            (None, Some(code)) => match code.as_str() {
                Some(text) => EntryKind::Code {
                    code: text,
                    code_span: code.span,
                    has_reason: item
                        .get("reason")
                        .and_then(Node::as_str)
                        .is_some_and(is_reason),
                    comment: false,
                },
                None => EntryKind::Malformed("the entry's `code`"),
            },
            (None, None) => EntryKind::Malformed("this `ignore` entry"),
        };
        entries.push(entry(kind, item.span, ignore_pointer.child(i)));
    }
}

/// Whether a suppression's reason says something: not empty, and not the `TODO` placeholder the
/// language server's "Suppress here" writes for the author to replace.
fn is_reason(reason: &str) -> bool {
    let reason = reason.trim();
    let placeholder = reason.get(..4).is_some_and(|head| {
        head.eq_ignore_ascii_case("todo") && !reason[4..].starts_with(|c: char| c.is_alphanumeric())
    });
    !reason.is_empty() && !placeholder
}

/// The `fislint: ignore CODE[, CODE…] [-- reason]` comments of a Terraform resource.
fn read_comments<'a>(
    resource: &'a Node,
    at: &Pointer,
    scope_label: &str,
    entries: &mut Vec<Entry<'a>>,
) {
    let comments = resource
        .as_object()
        .unwrap_or_default()
        .iter()
        .filter(|m| m.key == COMMENT_KEY);
    let pointer = at.child(COMMENT_KEY);
    for comment in comments {
        let Some(text) = comment.value.as_str() else {
            continue;
        };
        let Some(rest) = text.strip_prefix("fislint:") else {
            continue;
        };
        let entry = |kind, span| Entry {
            kind,
            span,
            pointer: pointer.clone(),
            scope: Some(at.clone()),
            scope_label: scope_label.to_owned(),
        };
        // In `.tf.json` the node's span holds the quotes around the text.
        let quote = usize::from(comment.value.span.len() == text.len() + 2);
        let text_start = comment.value.span.start() + quote;
        let exact = comment.value.span.len() == text.len() + 2 * quote;
        let span_of = |part: &str| {
            let offset = part.as_ptr() as usize - text.as_ptr() as usize;
            if exact {
                Span::new(text_start + offset, text_start + offset + part.len())
            } else {
                comment.value.span
            }
        };
        let (codes, reason) = match rest.split_once("--") {
            Some((codes, reason)) => (codes, reason.trim()),
            None => (rest, ""),
        };
        let Some(codes) = codes.trim_start().strip_prefix("ignore") else {
            let what = EntryKind::MalformedComment("is not an `ignore`");
            entries.push(entry(what, comment.value.span));
            continue;
        };
        let mut any = false;
        for code in codes.split([',', ' ', '\t']).filter(|c| !c.is_empty()) {
            any = true;
            let kind = EntryKind::Code {
                code,
                code_span: span_of(code),
                has_reason: is_reason(reason),
                comment: true,
            };
            entries.push(entry(kind, comment.value.span));
        }
        if !any {
            let what = EntryKind::MalformedComment("names no rule code");
            entries.push(entry(what, comment.value.span));
        }
    }
}

/// Removes the findings the document's suppressions cover, and returns findings about the
/// suppressions: unused, unknown or malformed ones, and ones without a reason. `enabled` says
/// whether a code is on for this file: a suppression of a rule that is off is not unused.
pub fn apply(
    root: &Node,
    experiments: &[Experiment<'_>],
    diagnostics: &mut Vec<Diagnostic>,
    enabled: &dyn Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let entries = collect(root, experiments);
    let mut found = Vec::new();
    if entries.is_empty() {
        return found;
    }
    // Entries with the same code and scope act as one, and a finding is matched against the
    // scopes its own pointer lies in: the cost stays linear in findings plus entries.
    let mut groups: HashMap<(&str, Option<&str>), usize> = HashMap::new();
    for entry in &entries {
        if let EntryKind::Code { code, .. } = entry.kind {
            let next = groups.len();
            groups
                .entry((code, entry.scope.as_ref().map(Pointer::as_str)))
                .or_insert(next);
        }
    }
    let mut group_used = vec![false; groups.len()];
    diagnostics.retain(|diagnostic| {
        let pointer = diagnostic.pointer.as_str();
        let prefixes = pointer
            .match_indices('/')
            .map(|(at, _)| &pointer[..at])
            .chain([pointer]);
        let mut kept = true;
        for scope in std::iter::once(None).chain(prefixes.map(Some)) {
            if let Some(used) = groups
                .get(&(diagnostic.code, scope))
                .and_then(|&g| group_used.get_mut(g))
            {
                *used = true;
                kept = false;
            }
        }
        kept
    });
    let used: Vec<bool> = entries
        .iter()
        .map(|entry| match entry.kind {
            EntryKind::Code { code, .. } => {
                let scope = entry.scope.as_ref().map(Pointer::as_str);
                groups
                    .get(&(code, scope))
                    .and_then(|&g| group_used.get(g))
                    .is_some_and(|&used| used)
            }
            EntryKind::Malformed(_) | EntryKind::MalformedComment(_) => false,
        })
        .collect();
    for (entry, used) in entries.iter().zip(used) {
        let pointer = entry.pointer.clone();
        match entry.kind {
            EntryKind::Malformed(what) => {
                found.push(UnusedSuppression::malformed(what, entry.span, pointer));
            }
            EntryKind::MalformedComment(why) => {
                found.push(UnusedSuppression::malformed_comment(
                    why, entry.span, pointer,
                ));
            }
            EntryKind::Code {
                code,
                code_span,
                has_reason,
                comment,
            } => {
                if let Err(unknown) = rules::by_code(code) {
                    found.push(UnusedSuppression::unknown_code(
                        code, unknown, code_span, pointer,
                    ));
                    continue;
                }
                if !has_reason {
                    let without_reason = if comment {
                        SuppressionWithoutReason::for_comment
                    } else {
                        SuppressionWithoutReason::diagnostic
                    };
                    found.push(without_reason(code, entry.span, pointer.clone()));
                }
                if !used && enabled(code) {
                    found.push(UnusedSuppression::unused(
                        code,
                        &entry.scope_label,
                        code_span,
                        pointer,
                    ));
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::is_reason;

    #[test]
    fn a_todo_placeholder_is_no_reason() {
        assert!(is_reason("runs only in the sandbox account"));
        assert!(
            is_reason("Todoist integration is not in scope"),
            "a word, not the placeholder"
        );
        assert!(!is_reason("  "));
        assert!(!is_reason("TODO: say why FIS001 is acceptable here"));
        assert!(!is_reason("todo"));
    }
}
