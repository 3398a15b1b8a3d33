//! `fislint policy`: the IAM policy each experiment template's role needs.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;

use super::{PolicyArgs, PolicyFormat, exit, fail, warn};
use crate::cache::CatalogRef;
use crate::check::STDIN_PATH;
use crate::emit::escaped;
use crate::iam::PolicyReport;
use crate::iam::snippet::{self, RoleSnippet};
use crate::lint::Origin;
use crate::source::{SourceFile, Syntax};
use crate::template::experiments;
use crate::walk::{WalkOptions, display_name, read_stdin, walk};

/// The same limit as `check`'s default `--max-file-size`.
const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// The JSON output: a stable contract, like `check --format json`.
#[derive(Serialize)]
struct PolicyOutput<'r> {
    version: u32,
    policies: Vec<FilePolicy<'r>>,
}

#[derive(Serialize)]
struct FilePolicy<'r> {
    file: &'r str,
    #[serde(flatten)]
    report: &'r PolicyReport,
}

/// The reports of one file.
struct Found {
    file: String,
    syntax: Syntax,
    reports: Vec<PolicyReport>,
}

pub fn run(args: &PolicyArgs) -> u8 {
    let catalog = match super::check_cmd::catalog_for_region(args.region.as_deref()) {
        Ok(catalog) => catalog,
        Err(status) => return status,
    };
    let (mut found, failed) = match collect(args, &catalog) {
        Ok(collected) => collected,
        Err(status) => return status,
    };
    if let Some(wanted) = &args.template {
        for file in &mut found {
            file.reports.retain(|r| &r.template == wanted);
        }
        found.retain(|f| !f.reports.is_empty());
    }
    let count: usize = found.iter().map(|f| f.reports.len()).sum();
    if count == 0 {
        return fail(match &args.template {
            Some(wanted) => format!("no experiment template named `{}` found", escaped(wanted)),
            None => "no FIS experiment template found".to_owned(),
        });
    }
    let text = match args.format {
        PolicyFormat::Json => json_output(&found),
        PolicyFormat::Document => {
            if count > 1 {
                let names: Vec<String> = found
                    .iter()
                    .flat_map(|f| {
                        f.reports
                            .iter()
                            .map(move |r| format!("{}#{}", f.file, r.template))
                    })
                    .collect();
                return fail(format!(
                    "--format document prints one policy, and {count} templates were found ({}); \
                     name one file, and --template LOGICAL_ID for a file with several",
                    escaped(&names.join(", "))
                ));
            }
            let report = &found[0].reports[0];
            pretty_json(&report.policy_document)
        }
        PolicyFormat::Cfn => {
            let snippets = snippets(&found);
            // YAML in, YAML out: the snippet is pasted into the same template.
            if found[0].syntax == Syntax::Yaml {
                snippet::cfn_yaml(&snippets)
            } else {
                snippet::cfn_json(&snippets)
            }
        }
        PolicyFormat::Terraform => snippet::terraform(&snippets(&found)),
    };
    out!("{text}");
    if failed { exit::FAILURE } else { exit::CLEAN }
}

/// Parses every file named or found and builds each template's report. Returns whether a named
/// file could not be read or parsed.
fn collect(args: &PolicyArgs, catalog: &CatalogRef) -> Result<(Vec<Found>, bool), u8> {
    let found = Mutex::new(Vec::new());
    let failed = Mutex::new(false);
    let visit = |path: &Path, bytes: &[u8], origin: Origin| {
        let name = display_name(path);
        match reports_of(&name, bytes, catalog) {
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
        args.paths.iter().partition(|p| p.as_os_str() == STDIN_PATH);
    let files: Vec<PathBuf> = files.into_iter().cloned().collect();
    let options = WalkOptions {
        exclude: Vec::new(),
        max_file_size: DEFAULT_MAX_FILE_SIZE,
        only_templates: false,
    };
    let skipped = walk(&files, &options, visit).map_err(fail)?;
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
        let name = args
            .stdin_filename
            .as_deref()
            .unwrap_or(Path::new(STDIN_PATH));
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

fn reports_of(name: &str, bytes: &[u8], catalog: &CatalogRef) -> Result<Option<Found>, String> {
    let source = SourceFile::from_bytes(name, bytes.to_vec());
    let root = source
        .parse()
        .map_err(|e| format!("cannot parse: {}", e.message))?;
    let experiments = experiments(&root);
    if experiments.is_empty() {
        return Ok(None);
    }
    let reports = experiments
        .iter()
        .map(|experiment| PolicyReport::for_experiment(experiment, catalog))
        .collect();
    Ok(Some(Found {
        file: name.to_owned(),
        syntax: source.syntax(),
        reports,
    }))
}

fn json_output(found: &[Found]) -> String {
    let policies = found
        .iter()
        .flat_map(|f| {
            f.reports.iter().map(|report| FilePolicy {
                file: &f.file,
                report,
            })
        })
        .collect();
    pretty_json(&PolicyOutput {
        version: 1,
        policies,
    })
}

fn pretty_json(value: &impl Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

fn snippets(found: &[Found]) -> Vec<RoleSnippet<'_>> {
    found
        .iter()
        .flat_map(|f| {
            f.reports.iter().map(move |report| {
                let stem = if report.template == "template" {
                    Path::new(&f.file).file_stem().map_or_else(
                        || "experiment".to_owned(),
                        |s| s.to_string_lossy().into_owned(),
                    )
                } else {
                    report.template.clone()
                };
                RoleSnippet {
                    origin: if report.pointer.is_empty() {
                        f.file.clone()
                    } else {
                        format!("{}#{}", f.file, report.pointer)
                    },
                    stem,
                    report,
                }
            })
        })
        .collect()
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
