//! `fislint explain`: when each action of each experiment template runs, as text, JSON or Mermaid.

use super::{ExplainArgs, ExplainFormat, exit, fail, inputs};
use crate::emit::{escaped, shown};
use crate::explain::{self, Document, ExperimentExplanation, FileExperiment, VERSION};

pub fn run(args: &ExplainArgs) -> u8 {
    let catalog = super::check_cmd::chosen_catalog(args.region.as_ref());
    let collected = inputs::collect(&args.paths, args.stdin_filename.as_deref(), |e| {
        ExperimentExplanation::new(e, &catalog)
    });
    let (mut found, failed) = match collected {
        Ok(collected) => collected,
        Err(status) => return status,
    };
    if let Some(wanted) = &args.template {
        for file in &mut found {
            file.items.retain(|e| &e.template == wanted);
        }
        found.retain(|f| !f.items.is_empty());
    }
    let all: Vec<(&str, &ExperimentExplanation)> = found
        .iter()
        .flat_map(|f| f.items.iter().map(move |e| (f.file.as_str(), e)))
        .collect();
    if all.is_empty() {
        return fail(match &args.template {
            Some(wanted) => format!("no experiment template named `{}` found", escaped(wanted)),
            None => "no FIS experiment template found".to_owned(),
        });
    }
    let text = match args.format {
        ExplainFormat::Text => all
            .iter()
            .map(|(file, e)| explain::text(file, e))
            .collect::<Vec<_>>()
            .join("\n"),
        ExplainFormat::Json => {
            let output = Document {
                version: VERSION,
                experiments: all
                    .iter()
                    .map(|&(file, explanation)| FileExperiment { file, explanation })
                    .collect(),
            };
            let mut json = serde_json::to_string_pretty(&output).unwrap_or_default();
            json.push('\n');
            json
        }
        ExplainFormat::Mermaid => all
            .iter()
            .map(|(file, e)| markdown(file, e))
            .collect::<Vec<_>>()
            .join("\n"),
    };
    out!("{text}");
    if failed { exit::FAILURE } else { exit::CLEAN }
}

/// A heading naming the file and the template, then the diagram in a fence GitHub renders.
fn markdown(file: &str, explanation: &ExperimentExplanation) -> String {
    format!(
        "#### {}\n\n```mermaid\n{}```\n",
        markdown_text(&format!("{file}: {}", explanation.label)),
        explain::mermaid(explanation)
    )
}

/// Text Markdown shows as written: its markup characters escaped, on one line.
fn markdown_text(text: &str) -> String {
    let mut out = String::new();
    for c in shown(text).chars() {
        if "\\`*_[]<>#|~!&".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
