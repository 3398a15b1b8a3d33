//! `get_fis_action_details` and `explain_fis_rule`: the facts agents most often get wrong (target
//! keys, parameters, the role's permissions), straight from the catalog and the rules' own
//! documentation.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::choice::{CatalogUsed, choose};
use crate::cache::Store;
use crate::catalog::{
    ActionPermissions, ArnForms, Catalog, Confidence, Constraint, ParameterSpec, Permission,
    prerequisites_of,
};
use crate::rules::ALL;

/// More ids than this in one call is not a lookup but a dump: the resource serves that.
const MAX_IDS: usize = 100;

#[derive(Debug, Deserialize, JsonSchema)]
pub struct DetailsArgs {
    /// FIS action ids, e.g. ["aws:ec2:stop-instances", "aws:rds:failover-db-cluster"].
    pub action_ids: Vec<String>,
    /// Region whose cached catalog to use; default: as validate_fis_template chooses.
    #[serde(default)]
    pub region: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct DetailsResult {
    pub actions: Vec<ActionDetails>,
    pub catalog: CatalogUsed,
    pub warnings: Vec<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ActionDetails {
    pub id: String,
    /// Whether the catalog knows this id.
    pub found: bool,
    pub description: String,
    /// The action to use instead, when this one is deprecated ("" otherwise).
    pub replaced_by: String,
    /// False when the catalog lists the action without its parameters.
    pub parameters_known: bool,
    pub parameters: Vec<ParameterDetails>,
    /// False when the catalog lists the action without its target keys.
    pub targets_known: bool,
    /// The target keys this action accepts in its `targets` map; empty for actions without
    /// targets.
    pub targets: Vec<TargetDetails>,
    /// The target keys rest on a single AWS example or a sibling action, not on the reference:
    /// fislint reports a different key as a warning, not an error.
    pub target_keys_uncertain: bool,
    /// For an unknown id: the nearest known ids.
    pub suggestions: Vec<String>,
    /// False when fislint has no permission facts for this action (an id only a cache knows).
    pub permissions_known: bool,
    /// The IAM permissions the experiment role needs whenever the action runs.
    /// generate_fis_iam_policy scopes them to a template's targets.
    pub permissions: Vec<PermissionDetails>,
    /// Permissions needed only in the situation `when` describes.
    pub conditional_permissions: Vec<ConditionalPermissionDetails>,
    /// AWS managed policies for FIS experiment roles that cover this action.
    pub managed_policies: Vec<String>,
    /// How sure the sources are of these permissions: high, medium or low ("" when unknown).
    pub permissions_confidence: String,
    /// Source ids of the permission facts, as in fislint's facts/SOURCES.md.
    pub permissions_sources: Vec<String>,
    /// For `aws:ssm:send-command`: the FIS pre-configured documents its `documentArn` can name,
    /// with the parameters `documentParameters` takes (empty for other actions).
    pub ssm_documents: Vec<SsmDocumentDetails>,
    /// What must be set up outside the template before the action can run (agents, sidecars,
    /// layers, Kubernetes identities), as the User Guide names it.
    pub prerequisites: Vec<PrerequisiteDetails>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct SsmDocumentDetails {
    pub name: String,
    /// The ARN form: `arn:aws:ssm:REGION::document/NAME`. The account field stays empty: AWS owns
    /// the document.
    pub arn: String,
    pub platform: String,
    pub description: String,
    pub parameters: Vec<SsmParameterDetails>,
    /// How sure the sources are of the document: high, medium or low.
    pub confidence: String,
    pub sources: Vec<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(transform = crate::portable_schema::nullable_as_any_of)]
pub struct SsmParameterDetails {
    /// The name in `documentParameters` (case-sensitive).
    pub name: String,
    /// Null when no source says.
    pub required: Option<bool>,
    pub description: String,
    /// The value used when the parameter is left out, if documented.
    pub default: Option<String>,
    /// The only values accepted, when the document restricts them (empty otherwise).
    pub allowed_values: Vec<String>,
    /// What fislint checks of the (string) value, e.g. "whole number, 0 to 100" ("" for text).
    pub value: String,
    /// How sure the sources are of this parameter: high, medium or low.
    pub confidence: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct PrerequisiteDetails {
    /// The action-id prefix this setup applies to, e.g. `aws:ecs:task-`.
    pub applies_to: String,
    pub title: String,
    pub requirements: Vec<RequirementDetails>,
    /// The documentation pages it comes from.
    pub sources: Vec<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct RequirementDetails {
    pub requirement: String,
    /// high or medium.
    pub confidence: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct PermissionDetails {
    /// The IAM action, e.g. `ec2:StopInstances`.
    pub action: String,
    /// The resources it is needed on, as ARN patterns (`*` when not scoped).
    pub resources: Vec<String>,
    /// Condition keys the documentation puts on it, e.g. `aws:ResourceTag/${TagKey}`.
    pub condition_keys: Vec<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ConditionalPermissionDetails {
    /// The situation that needs them, in the sources' words.
    pub when: String,
    pub permissions: Vec<PermissionDetails>,
    pub confidence: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ParameterDetails {
    pub name: String,
    pub required: bool,
    pub description: String,
    /// Documented constraints on the (string) value, e.g. "ISO 8601 duration, PT1M to PT12H".
    pub constraint: String,
    /// The User Guide leaves `required` in doubt; fislint only warns about it.
    pub required_uncertain: bool,
    /// Seen in an AWS example but absent from the actions reference; fislint accepts it with a
    /// warning.
    pub observed_only: bool,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct TargetDetails {
    /// The key to use in the action's `targets` map, e.g. `Instances`.
    pub key: String,
    /// The `resourceType` the referenced target must have.
    pub resource_type: String,
    pub resource_type_description: String,
    /// Parameters a target of that resource type may carry in its `parameters` map.
    pub resource_type_parameters: Vec<ParameterDetails>,
    /// The forms of the ARNs a target of that type lists in `resourceArns`, from the AWS
    /// Service Authorization Reference, e.g.
    /// `arn:aws:rds:<region>:<account>:cluster:<dbClusterInstanceName>`; empty when the type
    /// has no ARNs (pods) or fislint does not know its form.
    pub resource_arn_forms: Vec<String>,
}

pub fn details(store: Option<&Store>, args: DetailsArgs) -> Result<DetailsResult, String> {
    if args.action_ids.is_empty() {
        return Err(
            "action_ids is empty; get_valid_fis_actions or the fis://catalog/{region} \
                    resource lists every action"
                .into(),
        );
    }
    if args.action_ids.len() > MAX_IDS {
        return Err(format!(
            "{} action ids requested; ask for at most {MAX_IDS} at a time",
            args.action_ids.len()
        ));
    }
    let chosen = choose(store, &args.region)?;
    let catalog: &Catalog = &chosen.catalog;
    let actions = args
        .action_ids
        .iter()
        .map(|id| describe(catalog, id))
        .collect();
    Ok(DetailsResult {
        actions,
        catalog: CatalogUsed::of(catalog, &args.region),
        warnings: chosen.notices,
    })
}

fn describe(catalog: &Catalog, id: &str) -> ActionDetails {
    let Some(action) = catalog.action(id) else {
        return ActionDetails {
            id: id.to_owned(),
            found: false,
            description: String::new(),
            replaced_by: String::new(),
            parameters_known: false,
            parameters: Vec::new(),
            targets_known: false,
            targets: Vec::new(),
            suggestions: suggestions(catalog, id),
            ..no_permissions()
        };
    };
    let targets = action.targets.as_ref().map(|targets| {
        targets
            .iter()
            .map(|(key, spec)| {
                let rtype = catalog.resource_type(&spec.resource_type);
                TargetDetails {
                    key: key.clone(),
                    resource_type: spec.resource_type.clone(),
                    resource_type_description: rtype
                        .map(|t| t.description.clone())
                        .unwrap_or_default(),
                    resource_type_parameters: rtype
                        .and_then(|t| t.parameters.as_ref())
                        .map(parameters)
                        .unwrap_or_default(),
                    resource_arn_forms: ArnForms::builtin()
                        .of_resource_type(&spec.resource_type)
                        .unwrap_or_default()
                        .iter()
                        .map(|form| form.display("aws"))
                        .collect(),
                }
            })
            .collect()
    });
    ActionDetails {
        id: id.to_owned(),
        found: true,
        description: action.description.clone(),
        replaced_by: action
            .deprecated
            .as_ref()
            .map(|d| d.replacement.clone())
            .unwrap_or_default(),
        parameters_known: action.parameters.is_some(),
        parameters: action
            .parameters
            .as_ref()
            .map(parameters)
            .unwrap_or_default(),
        targets_known: targets.is_some(),
        targets: targets.unwrap_or_default(),
        target_keys_uncertain: action.target_keys_uncertain,
        suggestions: Vec::new(),
        ssm_documents: ssm_documents(catalog, id),
        prerequisites: prerequisites(id),
        ..permissions(catalog.action_permissions(id))
    }
}

/// The documents an action's `documentArn` can name from the FIS set: those of
/// `aws:ssm:send-command` (the `-ECS` ones are run by FIS itself).
fn ssm_documents(catalog: &Catalog, id: &str) -> Vec<SsmDocumentDetails> {
    catalog
        .ssm_documents()
        .filter(|d| d.used_by.iter().any(|a| a == id) && d.runs_through_send_command())
        .map(|d| SsmDocumentDetails {
            name: d.name.clone(),
            arn: d.arn.clone(),
            platform: d.platform.clone(),
            description: d.description.clone(),
            parameters: d
                .parameters
                .iter()
                .map(|p| SsmParameterDetails {
                    name: p.name.clone(),
                    required: p.required,
                    description: p.description.clone(),
                    default: p.default.clone(),
                    allowed_values: p.allowed_values.clone().unwrap_or_default(),
                    value: p.integer_range().map_or_else(String::new, |r| {
                        if r.max == u64::MAX {
                            "whole number".to_owned()
                        } else {
                            format!("whole number, {} to {}", r.min, r.max)
                        }
                    }),
                    confidence: confidence(p.confidence),
                })
                .collect(),
            confidence: confidence(d.confidence),
            sources: d.sources.clone(),
        })
        .collect()
}

/// The permission fields of an action's details; the other fields are left empty for the caller.
fn permissions(facts: Option<&ActionPermissions>) -> ActionDetails {
    let Some(facts) = facts else {
        return no_permissions();
    };
    ActionDetails {
        permissions_known: true,
        permissions: facts.permissions.iter().map(permission).collect(),
        conditional_permissions: facts
            .conditional
            .iter()
            .map(|c| ConditionalPermissionDetails {
                when: c.when.clone(),
                permissions: c.permissions.iter().map(permission).collect(),
                confidence: confidence(c.confidence),
            })
            .collect(),
        managed_policies: facts.managed_policies.clone(),
        permissions_confidence: confidence(facts.confidence),
        permissions_sources: facts.sources.clone(),
        ..no_permissions()
    }
}

fn no_permissions() -> ActionDetails {
    ActionDetails {
        id: String::new(),
        found: false,
        description: String::new(),
        replaced_by: String::new(),
        parameters_known: false,
        parameters: Vec::new(),
        targets_known: false,
        targets: Vec::new(),
        target_keys_uncertain: false,
        suggestions: Vec::new(),
        permissions_known: false,
        permissions: Vec::new(),
        conditional_permissions: Vec::new(),
        managed_policies: Vec::new(),
        permissions_confidence: String::new(),
        permissions_sources: Vec::new(),
        ssm_documents: Vec::new(),
        prerequisites: Vec::new(),
    }
}

/// The setup outside the template the action needs, from the catalog's prerequisite facts.
fn prerequisites(id: &str) -> Vec<PrerequisiteDetails> {
    prerequisites_of(id)
        .into_iter()
        .map(|p| PrerequisiteDetails {
            applies_to: p.applies_to.clone(),
            title: p.title.clone(),
            requirements: p
                .requirements
                .iter()
                .map(|r| RequirementDetails {
                    requirement: r.requirement.clone(),
                    confidence: r.confidence.clone(),
                })
                .collect(),
            sources: p.sources.iter().map(|s| s.url.clone()).collect(),
        })
        .collect()
}

fn permission(p: &Permission) -> PermissionDetails {
    PermissionDetails {
        action: p.action.clone(),
        resources: p.resources.clone(),
        condition_keys: p.conditions.iter().map(|c| c.key.clone()).collect(),
    }
}

fn confidence(c: Confidence) -> String {
    match c {
        Confidence::High => "high",
        Confidence::Medium => "medium",
        Confidence::Low => "low",
    }
    .to_owned()
}

/// The nearest id by edit distance, then others of the same service.
fn suggestions(catalog: &Catalog, id: &str) -> Vec<String> {
    let mut out: Vec<String> = catalog
        .suggest_action(id)
        .map(str::to_owned)
        .into_iter()
        .collect();
    if let Some((service, _)) = id.rsplit_once(':') {
        let prefix = format!("{service}:");
        for action in catalog.actions().filter(|a| a.id.starts_with(&prefix)) {
            if out.len() >= 5 {
                break;
            }
            if !out.contains(&action.id) {
                out.push(action.id.clone());
            }
        }
    }
    out
}

fn parameters(parameters: &BTreeMap<String, ParameterSpec>) -> Vec<ParameterDetails> {
    parameters
        .iter()
        .map(|(name, spec)| ParameterDetails {
            name: name.clone(),
            required: spec.required,
            description: spec.description.clone(),
            constraint: spec
                .constraint
                .as_ref()
                .map(Constraint::describe)
                .unwrap_or_default(),
            required_uncertain: spec.required_uncertain,
            observed_only: spec.observed_only,
        })
        .collect()
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ExplainArgs {
    /// A rule code such as FIS001, or a rule name such as unknown-action-id.
    pub code: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct RuleExplanation {
    pub code: String,
    pub name: String,
    /// The default severity: error or warning.
    pub severity: String,
    pub summary: String,
    /// The rule's full documentation in Markdown: what it checks, why, a failing example and
    /// the fix.
    pub documentation: String,
}

pub fn explain(args: ExplainArgs) -> Result<RuleExplanation, String> {
    let wanted = args.code.trim();
    let Some(rule) = crate::rules::by_code_or_name(wanted) else {
        let codes: Vec<&str> = ALL.iter().map(|r| r.meta().code).collect();
        return Err(format!(
            "no rule {wanted:?}; the rules are {}",
            codes.join(", ")
        ));
    };
    let meta = rule.meta();
    Ok(RuleExplanation {
        code: meta.code.to_owned(),
        name: meta.name.to_owned(),
        severity: meta.severity.to_string(),
        summary: meta.summary(),
        documentation: crate::rules::docs::page(meta),
    })
}
