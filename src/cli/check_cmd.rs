//! `fislint check`.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;

use super::{CheckArgs, Format, exit, fail, fail_with, is_closed_pipe, warn};
use crate::cache::{CatalogRef, ChosenCatalog, RegionName, Store};
use crate::check::{Fixing, Input, Retain, STDIN_PATH, check};
use crate::config::{Config, ConfigError, Overrides};
use crate::emit::{
    Emitter, GithubEmitter, JsonEmitter, PrettyEmitter, Report, SarifEmitter, SourceRoot, plural,
};
use crate::escape::escaped;
use crate::lint::Settings;
use crate::walk::{Exclude, WalkOptions};

pub fn run(args: &CheckArgs) -> u8 {
    let resolved = match configure(args) {
        Ok(resolved) => resolved,
        Err(error) => return fail_with(&error),
    };
    let mut exclude = Vec::new();
    if !args.exclude.is_empty() {
        let lines: Vec<&str> = args.exclude.iter().map(String::as_str).collect();
        match Exclude::new(Path::new("."), &lines) {
            Ok(cli) => exclude.push(cli),
            Err(error) => return fail(format!("--exclude: {error}")),
        }
    }
    exclude.extend(resolved.exclude);
    let walk_options = WalkOptions {
        exclude,
        max_file_size: args.max_file_size,
        only_templates: args.only_templates,
    };
    let catalog = chosen_catalog(resolved.region.as_ref());
    let settings = Settings {
        catalog: &catalog,
        rules: resolved.rules,
    };
    let retain = match args.format {
        Format::Pretty => Retain::Text,
        Format::Json | Format::Sarif | Format::Github => Retain::FindingLines,
    };
    let input = Input {
        stdin_filename: args.stdin_filename.as_deref(),
        fixing: (args.fix || args.diff).then_some(Fixing {
            unsafe_fixes: args.unsafe_fixes,
            dry_run: args.diff,
        }),
    };
    let mut report = match check(&args.paths, &input, &walk_options, &settings, retain) {
        Ok(report) => report,
        Err(error) => return fail_with(&error),
    };
    // Without --fix, --unsafe-fixes still decides which findings are marked fixable.
    report.fixes.unsafe_fixes = args.unsafe_fixes;
    if args.diff {
        return show_diff(args, &report);
    }
    // With --fix, standard input's text is the output; the report goes to standard error.
    let stdin_text = report.fixes.stdin_text.take();
    let report_to_stderr = stdin_text.is_some() && args.output.is_none();

    let to_terminal = args.output.is_none() && !report_to_stderr && io::stdout().is_terminal();
    let emitter: Box<dyn Emitter> = match args.format {
        Format::Pretty => Box::new(PrettyEmitter {
            color: to_terminal && std::env::var_os("NO_COLOR").is_none(),
            width: terminal_width(),
        }),
        Format::Json => Box::new(JsonEmitter),
        Format::Sarif => Box::new(SarifEmitter {
            root: SourceRoot::discover(&args.paths),
        }),
        Format::Github => Box::new(GithubEmitter {
            root: SourceRoot::discover(&args.paths),
        }),
    };
    let written = match &args.output {
        Some(path) => File::create(path).and_then(|file| {
            let mut out = BufWriter::new(file);
            emitter.emit(&report, &mut out)?;
            out.flush()
        }),
        None if report_to_stderr => {
            let mut out = BufWriter::new(io::stderr().lock());
            emitter.emit(&report, &mut out).and_then(|()| out.flush())
        }
        None => {
            // Stdout is line-buffered: a report of thousands of lines would be as many writes.
            let mut out = BufWriter::new(io::stdout().lock());
            emitter.emit(&report, &mut out).and_then(|()| out.flush())
        }
    };
    // A reader that stopped early (`| head`) saw what it wanted: the status stays the lint's.
    if let Err(error) = written
        && !is_closed_pipe(&error)
    {
        return fail(format!("cannot write the report: {error}"));
    }
    if let Some(text) = stdin_text {
        let mut out = io::stdout().lock();
        if let Err(error) = out.write_all(&text).and_then(|()| out.flush())
            && !is_closed_pipe(&error)
        {
            return fail(format!("cannot write the fixed text: {error}"));
        }
    }

    warn_skipped_and_notes(&report);
    if args.fix {
        fix_summary(&report, "Fixed");
    }
    lint_status(&report, args)
}

/// "Fixed 3 findings in 2 files (7 remaining)", on stderr; `verb` is "Fixed" or "Would fix".
fn fix_summary(report: &Report, verb: &str) {
    let counts = report.counts();
    warn(format_args!(
        "{verb} {} in {} ({} remaining)",
        plural(report.fixes.fixed, "finding"),
        plural(report.fixes.files, "file"),
        counts.errors + counts.warnings
    ));
}

/// `--diff`: the unified diff of every file `--fix` would change, and what it would fix.
fn show_diff(args: &CheckArgs, report: &Report) -> u8 {
    let mut diff = String::new();
    for change in &report.fixes.changes {
        let name = escaped(&change.name);
        let text = similar::TextDiff::from_lines(&change.before, &change.after);
        diff.push_str(
            &text
                .unified_diff()
                .context_radius(3)
                .header(&name, &name)
                .to_string(),
        );
    }
    let written = match &args.output {
        Some(path) => std::fs::write(path, &diff),
        None => {
            let mut out = io::stdout().lock();
            out.write_all(diff.as_bytes()).and_then(|()| out.flush())
        }
    };
    if let Err(error) = written
        && !is_closed_pipe(&error)
    {
        return fail(format!("cannot write the diff: {error}"));
    }
    warn_skipped_and_notes(report);
    fix_summary(report, "Would fix");
    if report.has_failures() {
        exit::FAILURE
    } else if !report.fixes.changes.is_empty() {
        exit::FINDINGS
    } else {
        lint_status(report, args)
    }
}

fn warn_skipped_and_notes(report: &Report) {
    for skipped in &report.skipped {
        warn(format_args!(
            "{}: {}",
            escaped(&skipped.path),
            escaped(&skipped.message)
        ));
    }
    for note in &report.fixes.notes {
        warn(format_args!("warning: {note}"));
    }
}

/// 2 when a file failed, 1 for an error-level finding (unless --exit-zero), else 0.
fn lint_status(report: &Report, args: &CheckArgs) -> u8 {
    if report.has_failures() {
        exit::FAILURE
    } else if report.counts().errors > 0 && !args.exit_zero {
        exit::FINDINGS
    } else {
        exit::CLEAN
    }
}

/// The configuration file (named, or the nearest one above the first path) with the command
/// line's overrides applied.
fn configure(args: &CheckArgs) -> Result<crate::config::Resolved, ConfigError> {
    let config = match &args.config {
        Some(path) => Config::load(path)?,
        None => Config::discover(config_start(args))?,
    };
    config.resolve(&Overrides {
        select: args.select.as_deref(),
        ignore: args.ignore.as_deref(),
        region: args.region.as_ref(),
    })
}

/// Where the configuration search starts: the first path, or for standard input the name it
/// stands for.
fn config_start(args: &CheckArgs) -> &Path {
    match args.paths.first() {
        Some(first) if first.as_os_str() == STDIN_PATH => {
            args.stdin_filename.as_deref().unwrap_or(Path::new("."))
        }
        Some(first) => first,
        None => Path::new("."),
    }
}

/// The catalog to check against: the region's cache when fresh, the built-in catalog without a
/// region; the choice's notices go to stderr.
pub(super) fn chosen_catalog(region: Option<&RegionName>) -> CatalogRef {
    let chosen = match region {
        Some(region) => ChosenCatalog::for_region(Store::locate().ok().as_ref(), region),
        None => ChosenCatalog::builtin(),
    };
    for notice in &chosen.notices {
        warn(format_args!("note: {notice}"));
    }
    chosen.catalog
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w: &usize| w >= 40)
        .unwrap_or(100)
}
