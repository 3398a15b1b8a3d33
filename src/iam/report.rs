//! The policy an experiment's role needs, with where each permission comes from: what
//! `fislint policy` prints as JSON and the `generate_fis_iam_policy` tool returns.

use std::collections::BTreeSet;

use serde::Serialize;

use super::document::PolicyDocument;
use super::pattern::action_matches;
use super::required::{Conditions, Need, Requirements, requirements};
use crate::catalog::{Catalog, Confidence};
use crate::template::Experiment;

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(transform = crate::portable_schema::nullable_as_any_of)]
pub struct PolicyReport {
    /// The CloudFormation resource's logical id, or `template` for an API template.
    pub template: String,
    /// JSON Pointer of the experiment template in its document.
    pub pointer: String,
    /// The least-privilege policy for the experiment role: valid IAM JSON.
    pub policy_document: PolicyDocument,
    /// Said when an AWS managed policy grants every action permission the experiment needs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The FIS managed policies for these actions, and what each lacks.
    pub managed_policies: Vec<ManagedCoverage>,
    /// Per action of the template: the permissions it needs and where they come from.
    pub actions: Vec<ActionReport>,
    /// Logging destinations and the experiment report.
    pub destinations: Vec<DestinationReport>,
    /// What the role may need that the template cannot show.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ActionReport {
    /// The action's name in the template.
    pub name: String,
    pub action_id: String,
    /// How sure the sources are of this action's permission list.
    pub confidence: Confidence,
    /// Source ids, as in fislint's `facts/SOURCES.md`.
    pub sources: Vec<String>,
    pub permissions: Vec<PermissionReport>,
    /// Conditional permissions left out: the template does not show they are needed.
    pub not_included: Vec<ConditionalReport>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(transform = crate::portable_schema::nullable_as_any_of)]
pub struct PermissionReport {
    pub action: String,
    pub resources: Vec<String>,
    #[serde(skip_serializing_if = "Conditions::is_empty")]
    pub conditions: Conditions,
    pub confidence: Confidence,
    /// Why it is included when it is needed only in some situations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConditionalReport {
    pub permissions: Vec<String>,
    pub when: String,
    pub confidence: Confidence,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DestinationReport {
    pub purpose: String,
    pub sources: Vec<String>,
    pub permissions: Vec<PermissionReport>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ManagedCoverage {
    pub name: String,
    pub arn: String,
    /// Action permissions of this experiment the policy does not grant (logging aside).
    pub missing: Vec<String>,
}

impl PolicyReport {
    pub fn for_experiment(experiment: &Experiment<'_>, catalog: &Catalog) -> PolicyReport {
        let found = requirements(experiment, catalog);
        let all_needs = found
            .actions
            .iter()
            .flat_map(|a| a.needs.iter())
            .chain(found.destinations.iter().flat_map(|d| d.needs.iter()));
        let policy_document = PolicyDocument::from_needs(all_needs);
        let managed_policies = coverage(&found, catalog);
        let comment = comment(&found, &managed_policies);
        let mut notes = found.notes.clone();
        for action in &found.unknown_actions {
            notes.push(format!(
                "action `{}`: its id is not a literal the catalog knows, so its permissions are not included",
                action.name()
            ));
        }
        PolicyReport {
            template: experiment
                .resource
                .as_ref()
                .map_or("template", |r| r.logical_id)
                .to_owned(),
            pointer: experiment.body.pointer.as_str().to_owned(),
            policy_document,
            comment,
            managed_policies,
            actions: found
                .actions
                .iter()
                .map(|a| ActionReport {
                    name: a.action.name().to_owned(),
                    action_id: a.id_text.to_owned(),
                    confidence: a.facts.confidence,
                    sources: a.facts.sources.clone(),
                    permissions: a.needs.iter().map(permission_report).collect(),
                    not_included: a
                        .not_included
                        .iter()
                        .map(|c| ConditionalReport {
                            permissions: c.permissions.iter().map(|p| p.action.clone()).collect(),
                            when: c.when.clone(),
                            confidence: c.confidence,
                        })
                        .collect(),
                })
                .collect(),
            destinations: found
                .destinations
                .iter()
                .map(|d| DestinationReport {
                    purpose: d.purpose.to_owned(),
                    sources: d.sources.to_vec(),
                    permissions: d.needs.iter().map(permission_report).collect(),
                })
                .collect(),
            notes,
        }
    }
}

fn permission_report(need: &Need) -> PermissionReport {
    PermissionReport {
        action: need.action.clone(),
        resources: need.resources.iter().cloned().collect(),
        conditions: need.conditions.clone(),
        confidence: need.confidence,
        when: need.when.clone(),
    }
}

/// The managed policies the catalog names for these actions, each with what it lacks by name.
fn coverage(found: &Requirements<'_>, catalog: &Catalog) -> Vec<ManagedCoverage> {
    let named: BTreeSet<&str> = found
        .actions
        .iter()
        .flat_map(|a| a.facts.managed_policies.iter().map(String::as_str))
        .collect();
    let needed: BTreeSet<&str> = found
        .actions
        .iter()
        .flat_map(|a| a.needs.iter().map(|n| n.action.as_str()))
        .collect();
    named
        .into_iter()
        .filter_map(|name| catalog.permissions().managed_policy(name))
        .filter(|policy| policy.for_experiment_role)
        .map(|policy| {
            let granted: Vec<&str> = policy.allowed_actions().collect();
            ManagedCoverage {
                name: policy.name.clone(),
                arn: policy.arn.clone(),
                missing: needed
                    .iter()
                    .filter(|n| !granted.iter().any(|g| action_matches(g, n)))
                    .map(|n| (*n).to_owned())
                    .collect(),
            }
        })
        .collect()
}

fn comment(found: &Requirements<'_>, managed: &[ManagedCoverage]) -> Option<String> {
    if found.actions.is_empty() {
        return None;
    }
    let whole = managed.iter().find(|m| m.missing.is_empty())?;
    let logging = if found.destinations.is_empty() {
        ""
    } else {
        "; the logging and report statements are still needed"
    };
    Some(format!(
        "the AWS managed policy {} ({}) grants every action permission this experiment needs, \
         on all resources of each type rather than only the targets{logging}",
        whole.name, whole.arn
    ))
}
