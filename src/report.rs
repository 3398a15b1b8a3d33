//! One linted file's findings, with its text for rendering; what fixing did in a run.

use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::source::SourceFile;

/// One file's findings, with its text for rendering.
#[derive(Debug)]
pub struct FileReport {
    pub source: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
    /// Experiment templates found in the file.
    pub templates: usize,
    /// The file parsed but holds no experiment template (reported only for a named file).
    pub holds_no_template: bool,
}

/// Which fixes a run applies and counts as fixable, and what applying them did.
#[derive(Debug, Default)]
pub struct FixRun {
    /// Unsafe fixes count too (`--unsafe-fixes`).
    pub unsafe_fixes: bool,
    /// Findings fixed (with `--diff`: that would be), over every file.
    pub fixed: usize,
    /// Files changed (with `--diff`: that would be).
    pub files: usize,
    /// With `--diff`, each changed file's text before and after, sorted by name.
    pub changes: Vec<Change>,
    /// With `--fix`, what standard input became (its bytes as read when nothing applied).
    pub stdin_text: Option<Vec<u8>>,
    /// What could not be fixed as asked: a pass thrown away, a file that kept changing.
    pub notes: Vec<String>,
}

impl FixRun {
    /// The most a fix may risk to be applied in this run.
    pub fn allowed(&self) -> Applicability {
        if self.unsafe_fixes {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        }
    }

    /// Whether this run applies `fix` (with `--fix`), and so marks its finding as fixable.
    pub fn applies(&self, fix: &Fix) -> bool {
        fix.applies_at(self.allowed())
    }
}

/// One file's text before and after fixing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub name: String,
    pub before: String,
    pub after: String,
}
