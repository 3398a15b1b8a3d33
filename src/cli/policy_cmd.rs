//! `fislint policy`: the IAM policy each experiment template's role needs.

use std::path::Path;

use serde::Serialize;

use super::{PolicyArgs, PolicyFormat, exit, fail, inputs};
use crate::emit::escaped;
use crate::iam::PolicyReport;
use crate::iam::snippet::{self, RoleSnippet};
use crate::source::Syntax;

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
type Found = inputs::Found<PolicyReport>;

pub fn run(args: &PolicyArgs) -> u8 {
    let catalog = super::check_cmd::chosen_catalog(args.region.as_ref());
    let collected = inputs::collect(&args.paths, args.stdin_filename.as_deref(), |e| {
        PolicyReport::for_experiment(e, &catalog)
    });
    let (mut found, failed) = match collected {
        Ok(collected) => collected,
        Err(status) => return status,
    };
    if let Some(wanted) = &args.template {
        for file in &mut found {
            file.items.retain(|r| &r.template == wanted);
        }
        found.retain(|f| !f.items.is_empty());
    }
    let count: usize = found.iter().map(|f| f.items.len()).sum();
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
                        f.items
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
            let report = &found[0].items[0];
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

fn json_output(found: &[Found]) -> String {
    let policies = found
        .iter()
        .flat_map(|f| {
            f.items.iter().map(|report| FilePolicy {
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
            f.items.iter().map(move |report| {
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
