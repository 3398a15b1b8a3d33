//! `fislint check`: walk the paths, lint every template found, and collect one report.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::emit::Report;
use crate::lint::{FileReport, Origin, Settings, lint_file, might_hold_template};
use crate::source::SourceFile;
use crate::walk::{Problem, WalkError, WalkOptions, display_name, walk};

/// How much of each file with findings the report keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retain {
    /// The whole text, for output that shows source snippets.
    Text,
    /// Only the lines the findings start and end on: enough for positions and fingerprints, and
    /// a fraction of the memory when thousands of files have findings.
    FindingLines,
}

pub struct CheckOutcome {
    pub report: Report,
    pub problems: Vec<Problem>,
}

pub fn check(
    paths: &[PathBuf],
    walk_options: &WalkOptions,
    settings: &Settings<'_>,
    retain: Retain,
) -> Result<CheckOutcome, WalkError> {
    let reports: Mutex<Vec<FileReport>> = Mutex::new(Vec::new());
    let files_checked = AtomicUsize::new(0);
    let mut problems = walk(paths, walk_options, |path, bytes, origin| {
        // Unrelated JSON and YAML is skipped after one scan, before any allocation.
        if origin == Origin::Discovered && !might_hold_template(bytes) {
            return;
        }
        let source = SourceFile::from_bytes(display_name(path), bytes.to_vec());
        let Some(mut report) = lint_file(source, settings, origin) else {
            return;
        };
        files_checked.fetch_add(1, Ordering::Relaxed);
        // A clean file's text is dropped here, on the thread that read it: the report keeps
        // only what the output will show.
        if !report.diagnostics.is_empty() {
            if retain == Retain::FindingLines {
                let spans = report.diagnostics.iter().map(|d| d.span);
                report.source.keep_only_lines_of(spans.collect::<Vec<_>>());
            }
            lock(&reports).push(report);
        }
    })?;
    let mut files = reports.into_inner().unwrap_or_else(|p| p.into_inner());
    files.sort_by(|a, b| a.source.name.cmp(&b.source.name));
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(CheckOutcome {
        report: Report {
            files,
            files_checked: files_checked.into_inner(),
        },
        problems,
    })
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
