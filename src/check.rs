//! `fislint check`: walk the paths, lint every template found, and collect one report.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::emit::Report;
use crate::lint::{Settings, lint_file};
use crate::report::FileReport;
use crate::source::SourceFile;
use crate::source::marker::might_hold_template;
use crate::walk::{
    FileOrigin, SkipReason, Skipped, WalkError, WalkOptions, display_name, read_stdin, walk,
};

/// The path that stands for standard input, as in ruff and eslint.
pub const STDIN_PATH: &str = "-";

/// How much of each file with findings the report keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retain {
    /// The whole text, for output that shows source snippets.
    Text,
    /// Only the lines the findings start and end on: enough for positions and fingerprints, and
    /// a fraction of the memory when thousands of files have findings.
    FindingLines,
}

/// Where the paths to check come from besides the file system.
#[derive(Debug, Default)]
pub struct Input<'a> {
    /// The name standard input (`-`) is reported under, and matched against excludes and
    /// `per-file-ignores` with; its extension picks the syntax.
    pub stdin_filename: Option<&'a Path>,
}

pub fn check(
    paths: &[PathBuf],
    input: &Input<'_>,
    walk_options: &WalkOptions,
    settings: &Settings<'_>,
    retain: Retain,
) -> Result<Report, WalkError> {
    let reports: Mutex<Vec<FileReport>> = Mutex::new(Vec::new());
    let no_template: Mutex<Vec<Skipped>> = Mutex::new(Vec::new());
    let files_checked = AtomicUsize::new(0);
    let lint = |path: &Path, bytes: &[u8], origin: FileOrigin| {
        // Unrelated JSON and YAML is skipped after one scan, before any allocation.
        if origin == FileOrigin::Discovered && !might_hold_template(bytes) {
            return;
        }
        let source = SourceFile::from_bytes(display_name(path), bytes.to_vec());
        let Some(mut report) = lint_file(source, settings, origin) else {
            return;
        };
        // Named, yet nothing to lint: say so rather than count it as a clean file.
        if report.holds_no_template && report.diagnostics.is_empty() {
            lock(&no_template).push(Skipped::no_template(report.source.name));
            return;
        }
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
    };
    let (stdin, files): (Vec<&PathBuf>, Vec<&PathBuf>) =
        paths.iter().partition(|p| p.as_os_str() == STDIN_PATH);
    let files: Vec<PathBuf> = files.into_iter().cloned().collect();
    let mut skipped = walk(&files, walk_options, lint)?;
    // Standard input can be read once; naming `-` twice lints it once.
    if !stdin.is_empty() {
        skipped.extend(check_stdin(input, walk_options, lint));
    }
    skipped.extend(no_template.into_inner().unwrap_or_else(|p| p.into_inner()));
    let mut files = reports.into_inner().unwrap_or_else(|p| p.into_inner());
    files.sort_by(|a, b| a.source.name.cmp(&b.source.name));
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Report {
        files,
        files_checked: files_checked.into_inner(),
        skipped,
    })
}

/// Lints standard input as a named file called `--stdin-filename` (or `-`).
fn check_stdin(
    input: &Input<'_>,
    walk_options: &WalkOptions,
    lint: impl Fn(&Path, &[u8], FileOrigin),
) -> Option<Skipped> {
    let name = input.stdin_filename.unwrap_or(Path::new(STDIN_PATH));
    let named = |skipped: Skipped| Skipped {
        path: display_name(name),
        ..skipped
    };
    let excluded = input.stdin_filename.is_some()
        && walk_options.exclude.iter().any(|e| e.excludes(name, false));
    if excluded {
        return Some(named(Skipped {
            path: String::new(),
            reason: SkipReason::Excluded,
            message: "skipped: matched by an exclude pattern".into(),
            is_failure: false,
        }));
    }
    let mut buffer = Vec::new();
    if let Err(skipped) = read_stdin(walk_options.max_file_size, &mut buffer) {
        return Some(named(skipped));
    }
    let origin = if walk_options.only_templates {
        FileOrigin::Discovered
    } else {
        FileOrigin::Named
    };
    lint(name, &buffer, origin);
    None
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
