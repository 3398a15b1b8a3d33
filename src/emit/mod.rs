//! Output formats: one narrow trait, one file per format.

mod excerpt;
mod github;
mod json;
mod pretty;
mod root;
mod sarif;

use std::io;

pub use github::GithubEmitter;
pub use json::{
    JsonDiagnostic, JsonDiagnostics, JsonEdit, JsonEmitter, JsonFix, JsonReport, JsonSkipped,
    JsonSummary, Replaced,
};
pub use pretty::PrettyEmitter;
pub use root::SourceRoot;
pub use sarif::SarifEmitter;

use crate::diagnostic::Severity;
use crate::report::{FileReport, FixRun};
use crate::walk::Skipped;

/// Everything one `fislint check` run found.
#[derive(Debug, Default)]
pub struct Report {
    /// Files with findings, sorted by name.
    pub files: Vec<FileReport>,
    /// Files that held a template, or failed to parse and were named or looked like templates.
    pub files_checked: usize,
    /// Files that were not linted (too large, unreadable, not regular, excluded by name), and
    /// named files that hold no template.
    pub skipped: Vec<Skipped>,
    /// Which fixes count as fixable, and what `--fix` or `--diff` did.
    pub fixes: FixRun,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
}

impl Report {
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for diagnostic in self.files.iter().flat_map(|f| &f.diagnostics) {
            match diagnostic.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
            }
        }
        counts
    }

    /// `2 errors, 1 warning in 5 files (1 skipped)`: the last line of human-facing output.
    pub fn summary(&self) -> String {
        let counts = self.counts();
        let mut summary = format!(
            "{}, {} in {}",
            plural(counts.errors, "error"),
            plural(counts.warnings, "warning"),
            plural(self.files_checked, "file")
        );
        let notes = self.skipped.iter().filter(|s| s.is_note()).count();
        let skipped = self.skipped.len() - notes;
        if skipped > 0 {
            summary.push_str(&format!(" ({skipped} skipped)"));
        }
        match notes {
            0 => {}
            1 => summary.push_str("; 1 file named holds no FIS template"),
            n => summary.push_str(&format!("; {n} files named hold no FIS template")),
        }
        summary
    }

    /// `[*] 2 fixable with `--fix` (1 more with `--unsafe-fixes`)`, as ruff says it; `None`
    /// when no finding has a fix.
    pub fn fixable_hint(&self) -> Option<String> {
        let (mut fixable, mut hidden) = (0, 0);
        for fix in self
            .files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .filter_map(|d| d.fix.as_ref())
        {
            if self.fixes.applies(fix) {
                fixable += 1;
            } else {
                hidden += 1;
            }
        }
        let more = match hidden {
            0 => String::new(),
            n => format!(" ({n} more with `--unsafe-fixes`)"),
        };
        match (fixable, hidden) {
            (0, 0) => None,
            (0, n) => Some(format!(
                "No fixes available ({n} more with `--unsafe-fixes`)"
            )),
            (n, _) => Some(format!("[*] {n} fixable with `--fix`{more}")),
        }
    }

    /// Whether a file could not be read or a named file was not linted (exit status 2).
    pub fn has_failures(&self) -> bool {
        self.skipped.iter().any(|s| s.is_failure)
    }
}

pub trait Emitter {
    fn emit(&self, report: &Report, out: &mut dyn io::Write) -> io::Result<()>;
}

/// `1 error`, `2 warnings`.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
