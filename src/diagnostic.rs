//! The one owned finding type every rule produces and every output format reads.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::source::{Pointer, Span};

/// How serious a finding is: the rule's default, or what the configuration makes it.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

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

/// A second site worth showing next to the primary one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// What is wrong: lowercase, one sentence, no trailing period, the offending value quoted.
    pub message: String,
    /// What to do about it, with a concrete suggestion where one exists.
    pub help: Option<String>,
    /// The primary site: the offending value, key, or (for something missing) its container.
    pub span: Span,
    /// A short caption under the primary span.
    pub label: Option<String>,
    pub secondary: Vec<Label>,
    /// The JSON Pointer of the offending value: agents fix by path, people by line.
    pub pointer: Pointer,
    /// Rests on a catalog fact marked uncertain: reported as a warning at most.
    pub tentative: bool,
    /// Edits that would resolve the finding, when the rule can say what was meant.
    pub fix: Option<Fix>,
}

/// Whether a fix can be applied without a person looking at it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// The intent is certain (a single close name, a casing slip, a unit in the wrong case):
    /// `check --fix` applies it.
    Safe,
    /// A plausible guess (one of several candidates, a number read as seconds): applied only
    /// with `--unsafe-fixes`, offered to people and agents as a suggestion.
    Unsafe,
}

impl fmt::Display for Applicability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        })
    }
}

/// Replaces the bytes of `span` with `content`, written as the file's grammar needs (quotes
/// and escapes included), so applying it keeps everything outside the span as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub content: String,
}

/// What would resolve a finding: one or more edits applied together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub applicability: Applicability,
    /// What applying it does, for people: "replace `a` with `b`".
    pub title: String,
    /// Non-overlapping, in the order they appear in the text.
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn new(
        applicability: Applicability,
        title: impl Into<String>,
        mut edits: Vec<Edit>,
    ) -> Fix {
        edits.sort_by_key(|edit| (edit.span.start, edit.span.end));
        Fix {
            applicability,
            title: title.into(),
            edits,
        }
    }

    /// Whether a run that applies fixes up to `allowed` applies this one: `Safe` takes safe
    /// fixes only, `Unsafe` (`--unsafe-fixes`) both kinds.
    pub fn applies_at(&self, allowed: Applicability) -> bool {
        self.applicability <= allowed
    }
}

impl Diagnostic {
    pub fn new(
        rule: &RuleMeta,
        message: impl Into<String>,
        span: Span,
        pointer: Pointer,
    ) -> Diagnostic {
        Diagnostic {
            code: rule.code,
            name: rule.name,
            severity: rule.severity,
            message: message.into(),
            help: None,
            span,
            label: None,
            secondary: Vec::new(),
            pointer,
            tentative: false,
            fix: None,
        }
    }

    /// Marks the finding as resting on an uncertain fact when `uncertain` holds.
    pub fn tentative_if(self, uncertain: bool) -> Diagnostic {
        if uncertain { self.tentative() } else { self }
    }

    /// Marks the finding as resting on an uncertain fact.
    pub fn tentative(mut self) -> Diagnostic {
        self.tentative = true;
        self.severity = Severity::Warning;
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    /// Attaches a fix, when the rule could write one (`None` leaves the finding without).
    pub fn with_fix(mut self, fix: Option<Fix>) -> Diagnostic {
        self.fix = fix;
        self
    }

    pub fn with_secondary(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.secondary.push(Label {
            span,
            message: message.into(),
        });
        self
    }
}

/// `` `value` ``: how messages quote what the template says.
pub fn quoted(value: impl fmt::Display) -> String {
    format!("`{value}`")
}
