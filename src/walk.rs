//! Finding files to lint: named files always, and JSON/YAML files under named directories,
//! walked in parallel while honouring `.gitignore`, `.ignore` and `--exclude`.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::overrides::OverrideBuilder;
use ignore::{DirEntry, WalkBuilder, WalkState};

use crate::lint::Origin;

/// Extensions a walked file must have to be considered.
pub const EXTENSIONS: &[&str] = &["json", "yaml", "yml", "template"];

/// Directories never worth descending into, ignored or not.
const SKIPPED_DIRS: &[&str] = &[".git", ".hg", ".svn", "node_modules"];

pub struct WalkOptions {
    /// Glob patterns of paths to leave out, relative to the walked directory.
    pub exclude: Vec<String>,
    /// Files larger than this many bytes are reported and skipped.
    pub max_file_size: u64,
}

/// A file that could not be linted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
    /// An I/O failure (exit status 2), as opposed to a deliberate skip.
    pub is_failure: bool,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum WalkError {
    #[error("{0}: no such file or directory")]
    #[diagnostic(code(fislint::walk::missing_path))]
    MissingPath(String),
    #[error("invalid --exclude pattern `{pattern}`: {message}")]
    #[diagnostic(code(fislint::walk::bad_glob))]
    BadExclude { pattern: String, message: String },
}

/// Calls `visit` for each file to lint, in parallel, with its display name, its bytes and
/// whether it was named. Returns the files that could not be read or were skipped.
pub fn walk<F>(
    paths: &[PathBuf],
    options: &WalkOptions,
    visit: F,
) -> Result<Vec<Problem>, WalkError>
where
    F: Fn(String, Vec<u8>, Origin) + Sync,
{
    for path in paths {
        if std::fs::symlink_metadata(path).is_err() {
            return Err(WalkError::MissingPath(path.display().to_string()));
        }
    }
    let Some((first, rest)) = paths.split_first() else {
        return Ok(Vec::new());
    };
    let mut builder = WalkBuilder::new(first);
    for path in rest {
        builder.add(path);
    }
    builder
        .hidden(false)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|entry| {
            !(entry.depth() > 0
                && entry.file_type().is_some_and(|t| t.is_dir())
                && entry
                    .file_name()
                    .to_str()
                    .is_some_and(|n| SKIPPED_DIRS.contains(&n)))
        });
    if !options.exclude.is_empty() {
        let mut overrides = OverrideBuilder::new(first);
        for pattern in &options.exclude {
            overrides
                .add(&format!("!{pattern}"))
                .map_err(|e| WalkError::BadExclude {
                    pattern: pattern.clone(),
                    message: e.to_string(),
                })?;
        }
        let overrides = overrides.build().map_err(|e| WalkError::BadExclude {
            pattern: options.exclude.join(", "),
            message: e.to_string(),
        })?;
        builder.overrides(overrides);
    }

    let problems = Mutex::new(Vec::new());
    builder.build_parallel().run(|| {
        Box::new(|entry| {
            match entry {
                Ok(entry) => {
                    if let Some(problem) = visit_entry(&entry, options, &visit) {
                        push(&problems, problem);
                    }
                }
                Err(error) => push(
                    &problems,
                    Problem {
                        path: error_path(&error),
                        message: match error.io_error() {
                            Some(io) => format!("cannot read: {io}"),
                            None => error.to_string(),
                        },
                        is_failure: true,
                    },
                ),
            }
            WalkState::Continue
        })
    });
    let mut problems = problems
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(problems)
}

fn visit_entry<F>(entry: &DirEntry, options: &WalkOptions, visit: &F) -> Option<Problem>
where
    F: Fn(String, Vec<u8>, Origin),
{
    let named = entry.depth() == 0;
    let file_type = entry.file_type()?;
    if !(file_type.is_file() || named && file_type.is_symlink()) {
        return None;
    }
    if !named && !has_lintable_extension(entry.path()) {
        return None;
    }
    let name = display_name(entry.path());
    let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
    if size > options.max_file_size {
        return Some(Problem {
            message: format!(
                "skipped: {} bytes is over the {} byte limit (--max-file-size)",
                size, options.max_file_size
            ),
            path: name,
            // Skipping a file the user named means it was not linted: that is a failure.
            is_failure: named,
        });
    }
    match std::fs::read(entry.path()) {
        Ok(bytes) => {
            visit(
                name,
                bytes,
                if named {
                    Origin::Named
                } else {
                    Origin::Discovered
                },
            );
            None
        }
        Err(error) => Some(Problem {
            path: name,
            message: format!("cannot read: {error}"),
            is_failure: true,
        }),
    }
}

fn has_lintable_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|known| known.eq_ignore_ascii_case(e)))
}

/// The path as the user gave it, without the `./` a walk of `.` adds.
fn display_name(path: &Path) -> String {
    let shown = path.display().to_string();
    match shown.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => shown,
    }
}

fn error_path(error: &ignore::Error) -> String {
    match error {
        ignore::Error::WithPath { path, .. } => display_name(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => String::from("<walk>"),
    }
}

fn push<T>(list: &Mutex<Vec<T>>, item: T) {
    list.lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .push(item);
}
