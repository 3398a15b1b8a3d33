//! The rules: one file per rule, each a documented struct registered once in [`ALL`].

mod dangling_target_reference;
mod invalid_syntax;
mod missing_action_target;
mod missing_stop_condition;
mod start_after_cycle;
mod suppression_without_reason;
mod target_type_mismatch;
mod unknown_action_id;
mod unknown_resource_type;
mod unknown_start_after;
mod unsupported_target_key;
mod unused_suppression;

pub use dangling_target_reference::DanglingTargetReference;
pub use invalid_syntax::InvalidSyntax;
pub use missing_action_target::MissingActionTarget;
pub use missing_stop_condition::MissingStopCondition;
pub use start_after_cycle::StartAfterCycle;
pub use suppression_without_reason::SuppressionWithoutReason;
pub use target_type_mismatch::TargetTypeMismatch;
pub use unknown_action_id::UnknownActionId;
pub use unknown_resource_type::UnknownResourceType;
pub use unknown_start_after::UnknownStartAfter;
pub use unsupported_target_key::UnsupportedTargetKey;
pub use unused_suppression::UnusedSuppression;

pub mod docs;

use crate::catalog::Catalog;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{Node, Span};
use crate::template::Experiment;

/// Every rule, in code order. Registering a rule is one line here.
pub static ALL: &[&dyn Rule] = &[
    &InvalidSyntax,
    &UnknownActionId,
    &UnknownResourceType,
    &MissingStopCondition,
    &DanglingTargetReference,
    &UnsupportedTargetKey,
    &TargetTypeMismatch,
    &MissingActionTarget,
    &UnknownStartAfter,
    &StartAfterCycle,
    // FIS100 and up: findings about fislint's own suppressions, judged after the rules run.
    &UnusedSuppression,
    &SuppressionWithoutReason,
];

/// A rule's identity and documentation; codes and names are a public contract.
#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// The rule's doc comment, verbatim (each line keeps the space after `///`).
    pub raw_docs: &'static str,
}

impl RuleMeta {
    /// The documentation as Markdown.
    pub fn docs(&self) -> String {
        let mut out = String::with_capacity(self.raw_docs.len());
        for line in self.raw_docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }

    /// The first sentence under `## What it does`, on one line.
    pub fn summary(&self) -> String {
        let docs = self.docs();
        let body = docs
            .split_once("## What it does")
            .map_or(docs.as_str(), |(_, rest)| rest);
        let paragraph = body
            .trim_start()
            .split("\n\n")
            .next()
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        match paragraph.find(". ") {
            Some(end) => paragraph[..=end].to_owned(),
            None => paragraph,
        }
    }
}

pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    /// Reports every finding of this rule in one experiment template.
    fn check(&self, ctx: &mut Context<'_>);
}

/// What a rule sees: one experiment, the catalog, and the document to locate pointers in.
pub struct Context<'a> {
    pub experiment: &'a Experiment<'a>,
    pub catalog: &'a Catalog,
    root: &'a Node,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Context<'a> {
    pub fn new(
        experiment: &'a Experiment<'a>,
        catalog: &'a Catalog,
        root: &'a Node,
    ) -> Context<'a> {
        Context {
            experiment,
            catalog,
            root,
            diagnostics: Vec::new(),
        }
    }

    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// The span of the value a JSON Pointer names.
    pub fn locate(&self, pointer: &str) -> Option<Span> {
        self.root.find(pointer).map(|node| node.span)
    }

    /// The span of the key a JSON Pointer ends in.
    pub fn locate_key(&self, pointer: &str) -> Option<Span> {
        self.root.find_key_span(pointer)
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }
}

/// The rule with this code.
pub fn by_code(code: &str) -> Option<&'static dyn Rule> {
    ALL.iter().copied().find(|rule| rule.meta().code == code)
}

/// Declares a rule struct whose doc comment is its documentation.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])+
        pub struct $name:ident {
            code: $code:literal,
            name: $rule_name:literal,
            severity: $severity:ident $(,)?
        }
    ) => {
        $(#[doc = $doc])+
        #[derive(Debug, Clone, Copy, Default)]
        pub struct $name;

        impl $name {
            pub const CODE: &'static str = $code;
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                code: $code,
                name: $rule_name,
                severity: $crate::diagnostic::Severity::$severity,
                raw_docs: concat!($($doc, "\n"),+),
            };
        }
    };
}
pub(crate) use declare_rule;
