//! `explain_fis_template`: when each action of a template runs, what it acts on and what stops
//! it, as `fislint explain` writes it, so an agent can check the order FIS will run is the order
//! it meant.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::choice::{CatalogUsed, choose};
use super::input::{TemplateText, parse_for_tool, template_schema};
use super::policy::templates_in;
use crate::cache::Store;
use crate::explain::{ExperimentExplanation, VERSION, mermaid};
use crate::source::SourceFile;

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ExplainTemplateArgs {
    /// The experiment template: a JSON object (a `create-experiment-template` body or a
    /// CloudFormation template with `AWS::FIS::ExperimentTemplate` resources), or the same as
    /// JSON or YAML text, or Terraform HCL text with `aws_fis_experiment_template` resources.
    #[schemars(schema_with = "template_schema")]
    pub template: Value,
    /// Region whose cached catalog gives the actions' descriptions and which parameter sets
    /// each one's length; default: as validate_fis_template chooses.
    #[serde(default)]
    pub region: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ExplainTemplateResult {
    /// The shape of `experiments`, as `fislint explain --format json` writes it.
    pub version: u32,
    /// One per experiment template, in document order.
    pub experiments: Vec<ExplainedExperiment>,
    pub catalog: CatalogUsed,
    /// Notes about the catalog used, and about times the template leaves unknown.
    pub warnings: Vec<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ExplainedExperiment {
    #[serde(flatten)]
    pub explanation: ExperimentExplanation,
    /// The same as a Mermaid diagram: a `gantt` chart when every time is known, else a
    /// `flowchart` of the startAfter order (put it in a ```mermaid block to render it).
    pub mermaid: String,
}

pub fn explain(
    store: Option<&Store>,
    args: ExplainTemplateArgs,
) -> Result<ExplainTemplateResult, String> {
    let TemplateText { text, .. } = TemplateText::from_argument(args.template)?;
    let chosen = choose(store, &args.region)?;
    let source = SourceFile::new("<template>", text);
    let root = parse_for_tool(&source)?;
    let found = templates_in(&root)?;
    let mut warnings = chosen.notices;
    let experiments: Vec<ExplainedExperiment> = found
        .iter()
        .map(|experiment| {
            let explanation = ExperimentExplanation::new(experiment, &chosen.catalog);
            ExplainedExperiment {
                mermaid: mermaid(&explanation),
                explanation,
            }
        })
        .collect();
    for explained in &experiments {
        warnings.extend(unknown_times(&explained.explanation));
    }
    Ok(ExplainTemplateResult {
        version: VERSION,
        experiments,
        catalog: CatalogUsed::of(&chosen.catalog, &args.region),
        warnings,
    })
}

/// Why some times are missing, and what to do, when they are.
fn unknown_times(explanation: &ExperimentExplanation) -> Option<String> {
    let label = &explanation.label;
    if explanation.cyclic {
        Some(format!(
            "In {label}, actions wait for each other in a cycle (FIS012): FIS would reject the \
             template, and their times are unknown. Break the cycle in startAfter"
        ))
    } else if !explanation.complete {
        Some(format!(
            "In {label}, an intrinsic function or a startAfter name the template does not \
             define hides part of the order (see unresolvedAfter): the times shown assume \
             those waits away"
        ))
    } else {
        None
    }
}
