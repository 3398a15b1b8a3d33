//! The experiment templates of the paths a command names, for the commands that read templates
//! rather than lint them (`policy`, `explain`): walked as `check` walks, `-` read as standard
//! input, and a named file that does not parse reported as a failure.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{fail_with, warn};
use crate::check::STDIN_PATH;
use crate::emit::escaped;
use crate::lint::Origin;
use crate::source::{SourceFile, Syntax};
use crate::template::{Experiment, experiments};
use crate::walk::{WalkOptions, display_name, read_stdin, walk};

/// The same limit as `check`'s default `--max-file-size`.
const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// What a command made of one file's experiment templates, in document order.
pub struct Found<T> {
    pub file: String,
    pub syntax: Syntax,
    pub items: Vec<T>,
}

/// Parses every file named or found and makes one item per experiment template with `build`.
/// Returns the files sorted by name, and whether a named file could not be read or parsed.
pub fn collect<T: Send>(
    paths: &[PathBuf],
    stdin_filename: Option<&Path>,
    build: impl Fn(&Experiment<'_>) -> T + Sync,
) -> Result<(Vec<Found<T>>, bool), u8> {
    let found = Mutex::new(Vec::new());
    let failed = Mutex::new(false);
    let visit = |path: &Path, bytes: &[u8], origin: Origin| {
        let name = display_name(path);
        match items_of(&name, bytes, &build) {
            Ok(Some(file)) => lock(&found).push(file),
            Ok(None) if origin == Origin::Named => {
                warn(format_args!(
                    "{}: holds no FIS experiment template",
                    escaped(&name)
                ));
            }
            Ok(None) => {}
            Err(message) if origin == Origin::Named => {
                warn(format_args!(
                    "error: {}: {}",
                    escaped(&name),
                    escaped(&message)
                ));
                *lock(&failed) = true;
            }
            // A file found while walking that does not parse is `check`'s business.
            Err(_) => {}
        }
    };
    let (stdin, files): (Vec<&PathBuf>, Vec<&PathBuf>) =
        paths.iter().partition(|p| p.as_os_str() == STDIN_PATH);
    let files: Vec<PathBuf> = files.into_iter().cloned().collect();
    let options = WalkOptions {
        exclude: Vec::new(),
        max_file_size: DEFAULT_MAX_FILE_SIZE,
        only_templates: false,
    };
    let skipped = walk(&files, &options, visit).map_err(|error| fail_with(&error))?;
    for skip in &skipped {
        warn(format_args!(
            "{}: {}",
            escaped(&skip.path),
            escaped(&skip.message)
        ));
        if skip.is_failure {
            *lock(&failed) = true;
        }
    }
    if !stdin.is_empty() {
        let name = stdin_filename.unwrap_or(Path::new(STDIN_PATH));
        let mut buffer = Vec::new();
        match read_stdin(options.max_file_size, &mut buffer) {
            Ok(()) => visit(name, &buffer, Origin::Named),
            Err(skip) => {
                warn(format_args!(
                    "{}: {}",
                    escaped(&display_name(name)),
                    escaped(&skip.message)
                ));
                *lock(&failed) = true;
            }
        }
    }
    let mut found = found.into_inner().unwrap_or_else(|p| p.into_inner());
    found.sort_by(|a, b| a.file.cmp(&b.file));
    let failed = failed.into_inner().unwrap_or_else(|p| p.into_inner());
    Ok((found, failed))
}

fn items_of<T>(
    name: &str,
    bytes: &[u8],
    build: &impl Fn(&Experiment<'_>) -> T,
) -> Result<Option<Found<T>>, String> {
    let source = SourceFile::from_bytes(name, bytes.to_vec());
    let root =
        crate::template::read(&source).map_err(|e| format!("cannot parse: {}", e.message))?;
    let experiments = experiments(&root);
    if experiments.is_empty() {
        return Ok(None);
    }
    Ok(Some(Found {
        file: name.to_owned(),
        syntax: source.syntax(),
        items: experiments.iter().map(build).collect(),
    }))
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
