//! Output formats: one narrow trait, one file per format.

mod github;
mod json;
mod pretty;
mod root;
mod sarif;

use std::io;

pub use github::GithubEmitter;
pub use json::{JsonDiagnostic, JsonDiagnostics, JsonEmitter, JsonReport, JsonSummary};
pub use pretty::PrettyEmitter;
pub use root::SourceRoot;
pub use sarif::SarifEmitter;

use crate::diagnostic::Severity;
use crate::lint::FileReport;

/// Everything one `fislint check` run found.
#[derive(Debug, Default)]
pub struct Report {
    /// Files with findings, sorted by name.
    pub files: Vec<FileReport>,
    /// Files that held a template, failed to parse, or were named explicitly.
    pub files_checked: usize,
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

    /// `2 errors, 1 warning in 5 files`: the last line of human-facing output.
    pub fn summary(&self) -> String {
        let counts = self.counts();
        format!(
            "{}, {} in {}",
            plural(counts.errors, "error"),
            plural(counts.warnings, "warning"),
            plural(self.files_checked, "file")
        )
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
