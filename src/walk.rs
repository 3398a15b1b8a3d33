//! Finding files to lint: named files always, and JSON/YAML files under named directories,
//! walked in parallel while honouring `.gitignore`, `.ignore` and `--exclude`.

use std::fs::File;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::{DirEntry, WalkBuilder, WalkState};

/// Extensions a walked file must have to be considered.
pub const EXTENSIONS: &[&str] = &["json", "yaml", "yml", "template", "tf"];

/// A thread keeps its read buffer up to this size between files; a rare large file does not
/// pin its memory for the rest of the walk.
const MAX_KEPT_BUFFER: usize = 1 << 20;

/// Directories never worth descending into, ignored or not.
const SKIPPED_DIRS: &[&str] = &[".git", ".hg", ".svn", "node_modules"];

/// Whether the user asked for a file by name or fislint found it by walking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileOrigin {
    Named,
    Discovered,
}

pub struct WalkOptions {
    /// Paths to leave out, named files included (from `--exclude` and the configuration).
    pub exclude: Vec<Exclude>,
    /// Files larger than this many bytes are reported and skipped.
    pub max_file_size: u64,
    /// Treat named files like discovered ones: skipped unless they look like templates
    /// (pre-commit names every changed JSON and YAML file).
    pub only_templates: bool,
}

/// A file that was not linted, and why: every output counts these, so nothing is left out
/// silently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: String,
    pub reason: SkipReason,
    pub message: String,
    /// The run failed (exit status 2): a named file, or any file that could not be read.
    pub is_failure: bool,
}

impl Skipped {
    /// A named file that holds no template: worth saying, but neither a problem nor a failure.
    pub fn no_template(path: String) -> Skipped {
        Skipped {
            path,
            reason: SkipReason::NoTemplate,
            message: "holds no FIS experiment template".into(),
            is_failure: false,
        }
    }

    pub fn is_note(&self) -> bool {
        self.reason == SkipReason::NoTemplate
    }
}

/// Why a file was not linted, as a stable kebab-case word for machine output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SkipReason {
    /// Over `--max-file-size`.
    TooLarge,
    /// Opening or reading it failed.
    Unreadable,
    /// Found by walking, but a FIFO, socket or device: reading it could block forever.
    NotARegularFile,
    /// Found by walking, but a symbolic link, which a walk never follows.
    SymbolicLink,
    /// Named, but matched by an exclude pattern.
    Excluded,
    /// Named, and read, but it holds no FIS experiment template: a note, not a failure.
    NoTemplate,
    /// Linted, but its fixes could not be written (`check --fix`): the file is left as it was.
    Unwritable,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum WalkError {
    #[error("{0}: no such file or directory")]
    #[diagnostic(code(fislint::walk::missing_path))]
    MissingPath(String),
}

/// An exclude pattern that does not parse: which line (in the order given, when one is to
/// blame) and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid exclude pattern{}: {reason}", named(.pattern.as_deref()))]
pub struct InvalidExclude {
    pub index: Option<usize>,
    pub pattern: Option<String>,
    pub reason: String,
}

/// ` `pattern`` when one pattern is to blame.
fn named(pattern: Option<&str>) -> String {
    pattern.map(|p| format!(" `{p}`")).unwrap_or_default()
}

/// Paths to leave out: `.gitignore` lines relative to a base directory.
#[derive(Debug, Clone)]
pub struct Exclude {
    base: PathBuf,
    cwd: PathBuf,
    matcher: Gitignore,
}

impl Exclude {
    pub fn new(base: &Path, lines: &[&str]) -> Result<Exclude, InvalidExclude> {
        let cwd = std::env::current_dir().unwrap_or_default();
        let base = absolute_path(&cwd, base);
        let mut builder = GitignoreBuilder::new(&base);
        for (index, line) in lines.iter().enumerate() {
            let invalid = |reason: String| InvalidExclude {
                index: Some(index),
                pattern: Some((*line).to_owned()),
                reason,
            };
            // The gitignore matcher takes an unclosed `[` literally; catch the typo instead.
            let glob = line.trim_start_matches('!').trim_matches('/');
            if let Err(e) = globset::Glob::new(glob) {
                return Err(invalid(e.kind().to_string()));
            }
            builder
                .add_line(None, line)
                .map_err(|e| invalid(e.to_string()))?;
        }
        let matcher = builder.build().map_err(|e| InvalidExclude {
            index: None,
            pattern: None,
            reason: e.to_string(),
        })?;
        Ok(Exclude { base, cwd, matcher })
    }

    /// Whether a path (relative to the working directory, or absolute) is left out.
    pub fn excludes(&self, path: &Path, is_dir: bool) -> bool {
        let absolute = absolute_path(&self.cwd, path);
        match absolute.strip_prefix(&self.base) {
            Ok(relative) if relative.as_os_str().is_empty() => false,
            // Parents too: a named file inside an excluded directory is excluded. The path is
            // relative, as this call requires.
            Ok(relative) => self
                .matcher
                .matched_path_or_any_parents(relative, is_dir)
                .is_ignore(),
            Err(_) => false,
        }
    }
}

/// `path` made absolute against `cwd`, with `.` and `..` resolved lexically.
pub fn absolute_path(cwd: &Path, path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in cwd.join(path).components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Calls `visit` for each file to lint, in parallel, with its path, its bytes and whether it
/// was named. The bytes live in a buffer each thread reuses, so a file that turns out to be
/// unrelated costs no allocation. Returns the files that could not be read or were skipped.
/// Named paths that are not directories (pipes, devices, `/dev/stdin`) are read like files.
pub fn walk<F>(
    paths: &[PathBuf],
    options: &WalkOptions,
    visit: F,
) -> Result<Vec<Skipped>, WalkError>
where
    F: Fn(&Path, &[u8], FileOrigin) + Sync,
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
    let exclude = Arc::new(options.exclude.clone());
    builder
        .hidden(false)
        .require_git(false)
        .follow_links(false)
        .filter_entry(move |entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            let skipped = entry.depth() > 0
                && is_dir
                && entry
                    .file_name()
                    .to_str()
                    .is_some_and(|n| SKIPPED_DIRS.contains(&n));
            !skipped && !exclude.iter().any(|e| e.excludes(entry.path(), is_dir))
        });
    let problems = Mutex::new(Vec::new());
    let (visit, found) = (&visit, &problems);
    builder.build_parallel().run(|| {
        let mut buffer = Vec::new();
        Box::new(move |entry| {
            match entry {
                Ok(entry) => {
                    if let Some(problem) = visit_entry(&entry, options, &mut buffer, visit) {
                        push(found, problem);
                    }
                }
                Err(error) => push(
                    found,
                    Skipped {
                        path: error_path(&error),
                        reason: SkipReason::Unreadable,
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

fn visit_entry<F>(
    entry: &DirEntry,
    options: &WalkOptions,
    buffer: &mut Vec<u8>,
    visit: &F,
) -> Option<Skipped>
where
    F: Fn(&Path, &[u8], FileOrigin),
{
    let root = entry.depth() == 0;
    let named = root && !options.only_templates;
    let file_type = entry.file_type()?;
    if file_type.is_dir() {
        return None;
    }
    if !named && !has_lintable_extension(entry.path()) {
        return None;
    }
    let skip = |reason: SkipReason, message: &str| Skipped {
        path: display_name(entry.path()),
        reason,
        message: message.to_owned(),
        is_failure: false,
    };
    // A named path is read whatever it is (a FIFO, `/dev/stdin`, `<(cmd)`): the user asked for
    // it. A walk reads only regular files: a FIFO or device found there could block forever.
    if !root && file_type.is_symlink() {
        return Some(skip(
            SkipReason::SymbolicLink,
            "skipped: a symbolic link, which a walk does not follow",
        ));
    }
    if !root && !file_type.is_file() {
        return Some(skip(
            SkipReason::NotARegularFile,
            "skipped: not a regular file (a FIFO, socket or device)",
        ));
    }
    // The walker filters discovered entries; named files are checked here.
    if root
        && options
            .exclude
            .iter()
            .any(|e| e.excludes(entry.path(), false))
    {
        return Some(skip(
            SkipReason::Excluded,
            "skipped: matched by an exclude pattern",
        ));
    }
    let size = || {
        entry
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.len())
    };
    if let Err(skipped) = read_limited(
        File::open(entry.path()),
        options.max_file_size,
        buffer,
        size,
    ) {
        return Some(Skipped {
            path: display_name(entry.path()),
            // Skipping a file the user named means it was not linted: that is a failure.
            is_failure: skipped.reason == SkipReason::Unreadable || named,
            ..skipped
        });
    }
    let origin = if named {
        FileOrigin::Named
    } else {
        FileOrigin::Discovered
    };
    visit(entry.path(), buffer, origin);
    if buffer.capacity() > MAX_KEPT_BUFFER {
        buffer.clear();
        buffer.shrink_to(MAX_KEPT_BUFFER);
    }
    None
}

/// Reads standard input as `fislint check -` does, under the same size limit as any file.
pub fn read_stdin(max_file_size: u64, buffer: &mut Vec<u8>) -> Result<(), Skipped> {
    read_limited(Ok(std::io::stdin().lock()), max_file_size, buffer, || None)
}

/// Reads up to one byte past the limit rather than asking for the size first: one system call
/// fewer per file, only an oversized file pays for learning its size, and a pipe or device,
/// whose metadata says nothing of its length, is bounded all the same. The returned `Skipped`
/// has no path yet.
fn read_limited<R: Read>(
    source: std::io::Result<R>,
    max_file_size: u64,
    buffer: &mut Vec<u8>,
    size: impl FnOnce() -> Option<u64>,
) -> Result<(), Skipped> {
    let failure = |reason, message| Skipped {
        path: String::new(),
        reason,
        message,
        is_failure: true,
    };
    buffer.clear();
    let read = source.and_then(|reader| {
        reader
            .take(max_file_size.saturating_add(1))
            .read_to_end(buffer)
    });
    if let Err(error) = read {
        return Err(failure(
            SkipReason::Unreadable,
            format!("cannot read: {error}"),
        ));
    }
    if buffer.len() as u64 <= max_file_size {
        return Ok(());
    }
    buffer.clear();
    buffer.shrink_to(MAX_KEPT_BUFFER);
    let message = match size() {
        Some(size) => {
            format!(
                "skipped: {size} bytes is over the {max_file_size} byte limit (--max-file-size)"
            )
        }
        None => format!("skipped: more than the {max_file_size} byte limit (--max-file-size)"),
    };
    Err(failure(SkipReason::TooLarge, message))
}

fn has_lintable_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|known| known.eq_ignore_ascii_case(e)))
}

/// The path as the user gave it, without the `./` a walk of `.` adds.
pub fn display_name(path: &Path) -> String {
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
