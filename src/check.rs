//! `fislint check`: walk the paths, lint every template found, and collect one report.

use std::path::PathBuf;
use std::sync::Mutex;

use crate::emit::Report;
use crate::lint::{FileReport, Settings, lint_file};
use crate::source::SourceFile;
use crate::walk::{Problem, WalkError, WalkOptions, walk};

pub struct CheckOutcome {
    pub report: Report,
    pub problems: Vec<Problem>,
}

pub fn check(
    paths: &[PathBuf],
    walk_options: &WalkOptions,
    settings: &Settings<'_>,
) -> Result<CheckOutcome, WalkError> {
    let reports: Mutex<Vec<FileReport>> = Mutex::new(Vec::new());
    let mut problems = walk(paths, walk_options, |name, bytes, origin| {
        let relevant =
            origin == crate::lint::Origin::Named || crate::lint::might_hold_template(&bytes);
        if !relevant {
            return;
        }
        let source = SourceFile::from_bytes(name, bytes);
        if let Some(report) = lint_file(source, settings, origin) {
            lock(&reports).push(report);
        }
    })?;
    let mut files = reports.into_inner().unwrap_or_else(|p| p.into_inner());
    files.sort_by(|a, b| a.source.name.cmp(&b.source.name));
    let files_checked = files.len();
    files.retain(|f| !f.diagnostics.is_empty() || f.templates > 0);
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(CheckOutcome {
        report: Report {
            files,
            files_checked,
        },
        problems,
    })
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
