//! `fislint check`: walk the paths, lint every template found, and collect one report.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::autofix::{self, Ending, MAX_PASSES};
use crate::diagnostic::Applicability;
use crate::emit::Report;
use crate::escape::escaped;
use crate::lint::{Settings, lint_file};
use crate::report::{Change, FileReport, FixRun};
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

/// What a run is asked besides the paths and the lint settings.
#[derive(Debug, Default)]
pub struct Input<'a> {
    /// The name standard input (`-`) is reported under, and matched against excludes and
    /// `per-file-ignores` with; its extension picks the syntax.
    pub stdin_filename: Option<&'a Path>,
    /// Apply fixes (`--fix`, `--diff`); `None` only reports.
    pub fixing: Option<Fixing>,
}

/// What `check` does with the fixes it applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fixing {
    /// Apply unsafe fixes too (`--unsafe-fixes`).
    pub unsafe_fixes: bool,
    /// Write nothing; keep each changed text for a diff (`--diff`).
    pub dry_run: bool,
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
    let fixer = input.fixing.map(|fixing| Fixer {
        settings,
        fixing,
        run: Mutex::new(FixRun {
            unsafe_fixes: fixing.unsafe_fixes,
            ..FixRun::default()
        }),
        unwritten: Mutex::new(Vec::new()),
    });
    let files_checked = AtomicUsize::new(0);
    let lint = |path: &Path, bytes: &[u8], origin: FileOrigin, from_stdin: bool| {
        // Standard input passes through `--fix` as it came unless a fix changes it.
        if let Some(fixer) = &fixer
            && from_stdin
            && !fixer.fixing.dry_run
        {
            lock(&fixer.run).stdin_text = Some(bytes.to_vec());
        }
        // Unrelated JSON and YAML is skipped after one scan, before any allocation.
        if origin == FileOrigin::Discovered && !might_hold_template(bytes) {
            return;
        }
        let source = SourceFile::from_bytes(display_name(path), bytes.to_vec());
        let report = match &fixer {
            None => lint_file(source, settings, origin),
            Some(fixer) => fixer.fix(path, source, origin, from_stdin),
        };
        let Some(mut report) = report else {
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
                let spans = report.diagnostics.iter().flat_map(|d| {
                    let edits = d.fix.iter().flat_map(|fix| &fix.edits);
                    std::iter::once(d.span).chain(edits.map(|edit| edit.span))
                });
                report.source.keep_only_lines_of(spans.collect::<Vec<_>>());
            }
            lock(&reports).push(report);
        }
    };
    let (stdin, files): (Vec<&PathBuf>, Vec<&PathBuf>) =
        paths.iter().partition(|p| p.as_os_str() == STDIN_PATH);
    let files: Vec<PathBuf> = files.into_iter().cloned().collect();
    let mut skipped = walk(&files, walk_options, |path, bytes, origin| {
        lint(path, bytes, origin, false);
    })?;
    // Standard input can be read once; naming `-` twice lints it once.
    if !stdin.is_empty() {
        let echo = fixer.as_ref();
        skipped.extend(check_stdin(
            input,
            walk_options,
            echo,
            |path, bytes, origin| {
                lint(path, bytes, origin, true);
            },
        ));
    }
    skipped.extend(no_template.into_inner().unwrap_or_else(|p| p.into_inner()));
    let mut files = reports.into_inner().unwrap_or_else(|p| p.into_inner());
    files.sort_by(|a, b| a.source.name.cmp(&b.source.name));
    let mut fixes = FixRun::default();
    if let Some(fixer) = fixer {
        fixes = fixer.run.into_inner().unwrap_or_else(|p| p.into_inner());
        fixes.changes.sort_by(|a, b| a.name.cmp(&b.name));
        fixes.notes.sort();
        skipped.extend(
            fixer
                .unwritten
                .into_inner()
                .unwrap_or_else(|p| p.into_inner()),
        );
    }
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Report {
        files,
        files_checked: files_checked.into_inner(),
        skipped,
        fixes,
    })
}

/// Applies fixes to each file `check` lints, and keeps what it did.
struct Fixer<'a> {
    settings: &'a Settings<'a>,
    fixing: Fixing,
    run: Mutex<FixRun>,
    /// Files whose fixes could not be written: failures of the run.
    unwritten: Mutex<Vec<Skipped>>,
}

impl Fixer<'_> {
    /// Lints and fixes one file: writes it back (with `--diff`, keeps the change; for standard
    /// input, its text), and returns the findings that remain in the file as it now is.
    fn fix(
        &self,
        path: &Path,
        source: SourceFile,
        origin: FileOrigin,
        from_stdin: bool,
    ) -> Option<FileReport> {
        let name = source.name.clone();
        let before = source.text.clone();
        let allowed = if self.fixing.unsafe_fixes {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        };
        let outcome = autofix::fix_file(source, self.settings, origin, allowed)?;
        if let Some(note) = ending_note(&name, outcome.ending) {
            lock(&self.run).notes.push(note);
        }
        let dry_run = self.fixing.dry_run;
        if !outcome.changed(&before) {
            return Some(outcome.linted);
        }
        if from_stdin && !dry_run {
            lock(&self.run).stdin_text = Some(outcome.text.clone().into_bytes());
        } else if dry_run {
            lock(&self.run).changes.push(Change {
                name: name.clone(),
                before,
                after: outcome.text.clone(),
            });
        } else if let Err(error) = write_atomically(path, &outcome.text) {
            lock(&self.unwritten).push(Skipped {
                path: name.clone(),
                reason: SkipReason::Unwritable,
                message: format!("cannot write the fixes ({error}); the file is left as it was"),
                is_failure: true,
            });
            // The findings reported are those of the file as it stays.
            return lint_file(SourceFile::new(name, before), self.settings, origin);
        }
        let mut run = lock(&self.run);
        run.fixed += outcome.fixed;
        run.files += 1;
        Some(outcome.linted)
    }
}

/// What to tell the user when fixing a file did not end cleanly.
fn ending_note(name: &str, ending: Ending) -> Option<String> {
    match ending {
        Ending::Stable => None,
        Ending::NotConverged => Some(format!(
            "{}: fixes were still changing the file after {MAX_PASSES} passes; the last pass \
             is kept",
            escaped(name)
        )),
        Ending::ParsedWorse { pass } => Some(format!(
            "{}: fix pass {pass} would have made the file parse worse, so it was not applied \
             (a fislint bug worth reporting)",
            escaped(name)
        )),
    }
}

/// Replaces a file's content all at once: a temporary file in the same directory, given the
/// original's permissions, renamed over it. A read-only file is refused, as an editor would.
fn write_atomically(path: &Path, text: &str) -> io::Result<()> {
    // Through a symbolic link to the file it names, which is what was read.
    let path = std::fs::canonicalize(path)?;
    let permissions = std::fs::metadata(&path)?.permissions();
    if permissions.readonly() {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the file is read-only",
        ));
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".fislint-fix-")
        .tempfile_in(dir)?;
    temp.write_all(text.as_bytes())?;
    temp.as_file().set_permissions(permissions)?;
    temp.as_file().sync_all()?;
    temp.persist(&path).map_err(|error| error.error)?;
    Ok(())
}

/// Lints standard input as a named file called `--stdin-filename` (or `-`).
fn check_stdin(
    input: &Input<'_>,
    walk_options: &WalkOptions,
    fixer: Option<&Fixer<'_>>,
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
        // `--fix -` is a filter: what it does not lint it passes through unchanged.
        if let Some(fixer) = fixer
            && !fixer.fixing.dry_run
        {
            let mut buffer = Vec::new();
            if read_stdin(walk_options.max_file_size, &mut buffer).is_ok() {
                lock(&fixer.run).stdin_text = Some(buffer);
            }
        }
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
