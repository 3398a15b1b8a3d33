//! What the experiment role needs: per action, the IAM permissions FIS uses, where a managed
//! policy scopes them, and the conditions the docs put on them; what logging and reports need;
//! the FIS managed policies. Generated into `permissions.json` by `scripts/gen_catalog.py` from
//! `facts/` and embedded, like the snapshot. Permissions do not vary by region, so a cached
//! catalog reads the same facts.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

const PERMISSIONS: &str = include_str!("permissions.json");

/// How sure the sources are (`facts/SOURCES.md`): a finding that rests on less than `High` is a
/// warning.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PermissionFacts {
    pub actions: BTreeMap<String, ActionPermissions>,
    pub logging: LoggingPermissions,
    pub managed_policies: Vec<ManagedPolicy>,
    pub trust_policy: TrustFact,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionPermissions {
    pub confidence: Confidence,
    pub sources: Vec<String>,
    /// Needed whenever the action runs.
    pub permissions: Vec<Permission>,
    /// Needed only in a documented situation.
    pub conditional: Vec<ConditionalPermissions>,
    /// The FIS managed policies the User Guide names for the action, or that grant all of its
    /// permissions by name.
    pub managed_policies: Vec<String>,
}

/// One IAM action with the resources a managed policy scopes it to (`*` when none does) and the
/// condition keys the docs put on it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Permission {
    pub action: String,
    pub resources: Vec<String>,
    #[serde(default)]
    pub conditions: Vec<ConditionFact>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionFact {
    pub operator: String,
    pub key: String,
    /// Where the value comes from: the action's id or its targets' ARNs.
    #[serde(default)]
    pub from: Option<ConditionSource>,
    #[serde(default)]
    pub literal: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ConditionSource {
    ActionId,
    TargetArns,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionalPermissions {
    /// The situation, in the sources' words.
    pub when: String,
    pub trigger: Trigger,
    pub confidence: Confidence,
    pub sources: Vec<String>,
    pub permissions: Vec<Permission>,
}

/// What in the template shows that a conditional permission is needed.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Trigger {
    /// The sources list it next to the action's permissions without a condition the template
    /// could show.
    Always,
    /// The action gives this parameter.
    Parameter { name: String },
    /// The parameter's value ends with one of these.
    #[serde(rename_all = "camelCase")]
    ParameterEndsWith { name: String, values: Vec<String> },
    /// The parameter's value contains this text.
    ParameterContains { name: String, value: String },
    /// Only the account can tell (an encrypted volume, a cross-Region endpoint).
    Unknowable,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoggingPermissions {
    pub cloud_watch_logs: DestinationPermissions,
    pub s3: DestinationPermissions,
    pub experiment_report: DestinationPermissions,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DestinationPermissions {
    pub confidence: Confidence,
    pub sources: Vec<String>,
    pub permissions: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManagedPolicy {
    pub name: String,
    pub arn: String,
    pub version: String,
    /// A policy for experiment roles (`/service-role/`), not the service-linked role's.
    pub for_experiment_role: bool,
    pub statements: Vec<ManagedStatement>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManagedStatement {
    pub effect: String,
    pub actions: Vec<String>,
    pub resources: Vec<String>,
    /// The statement has a `Condition`.
    pub conditional: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrustFact {
    pub service: String,
    pub confidence: Confidence,
    pub sources: Vec<String>,
}

impl PermissionFacts {
    /// The facts embedded in the binary.
    pub fn builtin() -> &'static PermissionFacts {
        static BUILTIN: OnceLock<PermissionFacts> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            // Generated, committed and checked against facts/ by tests; not user input.
            serde_json::from_str(PERMISSIONS)
                .unwrap_or_else(|e| panic!("embedded permission facts are invalid: {e}"))
        })
    }

    pub fn action(&self, id: &str) -> Option<&ActionPermissions> {
        self.actions.get(id)
    }

    /// The managed policy of this name or ARN.
    pub fn managed_policy(&self, name_or_arn: &str) -> Option<&ManagedPolicy> {
        self.managed_policies
            .iter()
            .find(|p| p.name == name_or_arn || p.arn == name_or_arn)
    }
}

impl ManagedPolicy {
    /// Every IAM action the policy allows, as written (no wildcards appear in these policies).
    pub fn allowed_actions(&self) -> impl Iterator<Item = &str> {
        self.statements
            .iter()
            .filter(|s| s.effect == "Allow")
            .flat_map(|s| s.actions.iter().map(String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_permission_facts() {
        let facts = PermissionFacts::builtin();
        assert_eq!(facts.actions.len(), 51);
        let stop = facts.action("aws:ec2:stop-instances").unwrap();
        let names: Vec<_> = stop.permissions.iter().map(|p| p.action.as_str()).collect();
        assert_eq!(names, ["ec2:StopInstances", "ec2:StartInstances"]);
        assert_eq!(
            stop.permissions[0].resources,
            ["arn:aws:ec2:*:*:instance/*"]
        );
        assert_eq!(
            stop.managed_policies,
            ["AWSFaultInjectionSimulatorEC2Access"]
        );
        assert!(matches!(
            stop.conditional[0].trigger,
            Trigger::Parameter { ref name } if name == "completeIfInstancesTerminated"
        ));
    }

    #[test]
    fn low_confidence_facts_stay_marked() {
        let facts = PermissionFacts::builtin();
        let legacy = facts
            .action("aws:elasticache:interrupt-cluster-az-power")
            .unwrap();
        assert_eq!(legacy.confidence, Confidence::Low);
        assert_eq!(
            facts
                .action("aws:s3:bucket-pause-replication")
                .unwrap()
                .confidence,
            Confidence::Medium
        );
    }

    #[test]
    fn managed_policies_are_found_by_name_or_arn() {
        let facts = PermissionFacts::builtin();
        let by_arn = facts
            .managed_policy(
                "arn:aws:iam::aws:policy/service-role/AWSFaultInjectionSimulatorEC2Access",
            )
            .unwrap();
        assert_eq!(by_arn.name, "AWSFaultInjectionSimulatorEC2Access");
        assert!(by_arn.allowed_actions().any(|a| a == "ec2:StopInstances"));
        assert!(
            !facts
                .managed_policy("AmazonFISServiceRolePolicy")
                .unwrap()
                .for_experiment_role
        );
    }
}
