//! `generate_fis_iam_policy`: the least-privilege policy each experiment template's role needs,
//! with where every permission comes from, so agents never write it from memory.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::choice::{CatalogUsed, choose};
use super::input::{TemplateText, parse_for_tool, template_schema};
use crate::cache::Store;
use crate::iam::PolicyReport;
use crate::source::{Node, SourceFile};
use crate::template::{Experiment, experiments, experiments_or_api};

#[derive(Debug, Deserialize, JsonSchema)]
pub struct PolicyArgs {
    /// The experiment template: a JSON object (a `create-experiment-template` body or a
    /// CloudFormation template with `AWS::FIS::ExperimentTemplate` resources), or the same as
    /// JSON or YAML text, or Terraform HCL text with `aws_fis_experiment_template` resources.
    #[schemars(schema_with = "template_schema")]
    pub template: Value,
    /// Region whose cached catalog decides which action ids are known; default: as
    /// validate_fis_template chooses. The permissions themselves do not vary by region.
    #[serde(default)]
    pub region: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct PolicyResult {
    /// One per experiment template found, in document order: the policy document to attach to
    /// that template's role, and per action the permissions with their sources and confidence.
    pub policies: Vec<PolicyReport>,
    pub catalog: CatalogUsed,
    /// Notes about the catalog used, and what the policies rest on.
    pub warnings: Vec<String>,
}

/// Said with every result: the facts are documented, not observed, and the template cannot show
/// everything (encrypted volumes, customer managed keys).
const BASIS: &str = "The permissions come from fislint's catalog of the AWS documentation \
    (sources are ids in fislint's facts/SOURCES.md); those marked confidence `low` or `medium` \
    may need adjusting. Put policyDocument on the experiment role (CloudFormation: \
    AWS::IAM::Role Policies[].PolicyDocument) with a trust policy that lets fis.amazonaws.com \
    assume it, and check each action's notIncluded list for permissions your account may also \
    need.";

pub fn generate(store: Option<&Store>, args: PolicyArgs) -> Result<PolicyResult, String> {
    let TemplateText { text, .. } = TemplateText::from_argument(args.template)?;
    let chosen = choose(store, &args.region)?;
    let source = SourceFile::new("<template>", text);
    let root = parse_for_tool(&source)?;
    let found = templates_in(&root)?;
    let mut warnings = chosen.notices;
    warnings.push(BASIS.to_owned());
    Ok(PolicyResult {
        policies: found
            .iter()
            .map(|experiment| PolicyReport::for_experiment(experiment, &chosen.catalog))
            .collect(),
        catalog: CatalogUsed::of(&chosen.catalog, &args.region),
        warnings,
    })
}

/// The experiment templates of a document. Unlike validation, a document without an `actions`
/// map is not read as an empty template: an empty policy would look like an answer.
pub(super) fn templates_in(root: &Node) -> Result<Vec<Experiment<'_>>, String> {
    let found = experiments(root);
    if !found.is_empty() {
        return Ok(found);
    }
    let Some(object) = root.as_object() else {
        return Err(format!(
            "the template is not a JSON or YAML object (it reads as {}); send the template \
             object or its JSON or YAML text",
            root.type_name()
        ));
    };
    if object
        .iter()
        .any(|m| m.key == "actions" || m.key == "Actions")
    {
        return Ok(experiments_or_api(root));
    }
    Err(
        "the template holds no experiment template: no `AWS::FIS::ExperimentTemplate` \
         resource under `Resources` and no `actions` map; send a CloudFormation template or a \
         `create-experiment-template` body"
            .to_owned(),
    )
}
