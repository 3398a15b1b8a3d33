//! One linted file's findings, with its text for rendering.

use crate::diagnostic::Diagnostic;
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
