//! The capability catalog: every FIS action (parameters, target keys) and target resource type.
//!
//! A snapshot generated from public AWS sources (`scripts/gen_catalog.py`) is embedded in the
//! binary, so linting works offline. A per-region cache can replace it: [`Catalog::layered`]
//! builds a catalog from cached lists and fills any details they lack from the snapshot, so every
//! rule asks the same questions whatever the catalog's origin.

mod arn_forms;
mod constraint;
mod permissions;
mod prerequisites;
mod quota;
mod spec;
mod ssm;
mod suggest;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub use arn_forms::{ArnField, ArnForm, ArnForms, Fit, describe_forms, fit_forms};
pub use constraint::{ACTION_DURATION_LIMIT, ConstraintViolation, Replacement};
pub use permissions::{
    ActionPermissions, ConditionFact, ConditionSource, ConditionalPermissions, Confidence,
    DestinationPermissions, ManagedPolicy, Permission, PermissionFacts, Trigger,
};
pub use prerequisites::{Prerequisite, prerequisites_of};
pub use quota::{Quota, QuotaFacts};
pub use spec::{
    ActionSpec, Bound, Constraint, Deprecation, ParameterSpec, ResourceTypeSpec, TargetKeySpec,
    Targeting, ValueKind,
};
pub use ssm::{Fact, IntegerRange, SsmDocument, SsmFacts, SsmParameter};
pub use suggest::{CERTAIN_EDITS, Suggester, Suggestion, nearest};

const SNAPSHOT: &str = include_str!("snapshot.json");

/// Where a catalog's facts come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "source", rename_all = "lowercase")]
pub enum Origin {
    /// The snapshot embedded in this build.
    Builtin,
    /// A region's on-disk cache, refreshed from the live FIS API.
    Cache { region: String },
}

#[derive(Debug, Clone)]
pub struct Catalog {
    as_of: String,
    origin: Origin,
    actions: BTreeMap<String, ActionSpec>,
    resource_types: BTreeMap<String, ResourceTypeSpec>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Snapshot {
    as_of: String,
    actions: Vec<ActionSpec>,
    target_resource_types: Vec<ResourceTypeSpec>,
}

impl Catalog {
    /// The snapshot embedded in the binary.
    pub fn builtin() -> &'static Catalog {
        static BUILTIN: OnceLock<Catalog> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            // The snapshot is generated, committed and checked by tests; it is not user input.
            let snapshot: Snapshot = serde_json::from_str(SNAPSHOT)
                .unwrap_or_else(|e| panic!("embedded catalog snapshot is invalid: {e}"));
            Catalog::from_lists(
                snapshot.as_of,
                Origin::Builtin,
                snapshot.actions,
                snapshot.target_resource_types,
            )
        })
    }

    pub fn from_lists(
        as_of: String,
        origin: Origin,
        actions: Vec<ActionSpec>,
        resource_types: Vec<ResourceTypeSpec>,
    ) -> Catalog {
        Catalog {
            as_of,
            origin,
            actions: actions.into_iter().map(|a| (a.id.clone(), a)).collect(),
            resource_types: resource_types
                .into_iter()
                .map(|t| (t.resource_type.clone(), t))
                .collect(),
        }
    }

    /// A catalog whose ids are exactly those given (a region's live list), with parameters,
    /// target keys and constraints the list omits taken from `fallback` where it knows the id.
    pub fn layered(
        as_of: String,
        origin: Origin,
        actions: Vec<ActionSpec>,
        resource_types: Vec<ResourceTypeSpec>,
        fallback: &Catalog,
    ) -> Catalog {
        let actions = actions
            .into_iter()
            .map(|mut action| {
                if let Some(known) = fallback.action(&action.id) {
                    fill_parameters(&mut action.parameters, known.parameters.as_ref());
                    if action.targets.is_none() {
                        action.targets.clone_from(&known.targets);
                        action.target_keys_uncertain = known.target_keys_uncertain;
                    }
                    if action.deprecated.is_none() {
                        action.deprecated.clone_from(&known.deprecated);
                    }
                    if action.targeting.is_none() {
                        action.targeting.clone_from(&known.targeting);
                    }
                    if action.description.is_empty() {
                        action.description.clone_from(&known.description);
                    }
                }
                action
            })
            .collect();
        let resource_types = resource_types
            .into_iter()
            .map(|mut rtype| {
                if let Some(known) = fallback.resource_type(&rtype.resource_type) {
                    fill_parameters(&mut rtype.parameters, known.parameters.as_ref());
                    if rtype.deprecated.is_none() {
                        rtype.deprecated.clone_from(&known.deprecated);
                    }
                    if rtype.targeting.is_none() {
                        rtype.targeting.clone_from(&known.targeting);
                    }
                    if rtype.description.is_empty() {
                        rtype.description.clone_from(&known.description);
                    }
                }
                rtype
            })
            .collect();
        Catalog::from_lists(as_of, origin, actions, resource_types)
    }

    /// The date the facts were collected (`YYYY-MM-DD` for the snapshot, an RFC 3339 time for a
    /// cache).
    pub fn as_of(&self) -> &str {
        &self.as_of
    }

    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    pub fn action(&self, id: &str) -> Option<&ActionSpec> {
        self.actions.get(id)
    }

    pub fn resource_type(&self, id: &str) -> Option<&ResourceTypeSpec> {
        self.resource_types.get(id)
    }

    /// What the experiment role needs and what the FIS managed policies grant. These facts come
    /// from the documentation, not from a region's API, so every catalog shares the built-in ones.
    pub fn permissions(&self) -> &'static PermissionFacts {
        PermissionFacts::builtin()
    }

    /// The FIS quotas a template can exceed; documented, not read from a region.
    pub fn quotas(&self) -> &'static QuotaFacts {
        QuotaFacts::builtin()
    }

    /// The IAM permissions an action needs, when the catalog knows the action.
    pub fn action_permissions(&self, id: &str) -> Option<&'static ActionPermissions> {
        self.action(id)?;
        self.permissions().action(id)
    }

    /// The FIS pre-configured SSM documents. Like permissions, these come from the documentation
    /// and do not vary by region, so every catalog shares the built-in ones.
    pub fn ssm_documents(&self) -> impl ExactSizeIterator<Item = &'static SsmDocument> {
        SsmFacts::builtin().documents.values()
    }

    /// The FIS SSM document of this name (`AWSFIS-Run-CPU-Stress`).
    pub fn ssm_document(&self, name: &str) -> Option<&'static SsmDocument> {
        SsmFacts::builtin().document(name)
    }

    /// How an `aws:ssm:send-command` action's duration relates to the document's own.
    pub fn ssm_duration_relation(&self) -> &'static Fact {
        &SsmFacts::builtin().duration_relation
    }

    pub fn actions(&self) -> impl ExactSizeIterator<Item = &ActionSpec> {
        self.actions.values()
    }

    pub fn resource_types(&self) -> impl ExactSizeIterator<Item = &ResourceTypeSpec> {
        self.resource_types.values()
    }

    /// The known action id nearest to an unknown one.
    pub fn suggest_action(&self, unknown: &str) -> Option<&str> {
        nearest(unknown, self.action_ids())
    }

    pub fn action_ids(&self) -> impl Iterator<Item = &str> + Clone {
        self.actions.keys().map(String::as_str)
    }

    pub fn resource_type_names(&self) -> impl Iterator<Item = &str> + Clone {
        self.resource_types.keys().map(String::as_str)
    }

    /// The known resource type nearest to an unknown one.
    pub fn suggest_resource_type(&self, unknown: &str) -> Option<&str> {
        nearest(unknown, self.resource_type_names())
    }

    /// Help for an id this catalog lacks: it may be newer than the catalog. `kind` is `action`
    /// or `resource type`.
    pub fn staleness_hint(&self, kind: &str) -> String {
        match &self.origin {
            Origin::Builtin => format!(
                "fislint's built-in catalog dates from {}; if this is a newer FIS {kind}, refresh \
                 the region's catalog (CLI: `fislint catalog refresh --region <region>`, then lint \
                 with --region; MCP: the refresh_valid_fis_actions_cache tool, then pass region)",
                self.as_of
            ),
            Origin::Cache { region } => {
                let listing = if kind == "action" {
                    "list-actions"
                } else {
                    "list-target-resource-types"
                };
                format!(
                    "not offered in {region} according to the catalog cached at {}; compare with \
                     the AWS CLI command `aws fis {listing} --region {region}`",
                    self.as_of
                )
            }
        }
    }
}

fn fill_parameters(
    parameters: &mut Option<BTreeMap<String, ParameterSpec>>,
    known: Option<&BTreeMap<String, ParameterSpec>>,
) {
    let Some(known) = known else { return };
    match parameters {
        None => *parameters = Some(known.clone()),
        Some(given) => {
            // Live `get-action` output has names, descriptions and required flags but not the
            // documented value constraints; keep the live facts and add the constraints.
            for (name, spec) in given.iter_mut() {
                if let Some(known_spec) = known.get(name)
                    && spec.constraint.is_none()
                {
                    spec.constraint.clone_from(&known_spec.constraint);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_holds_every_documented_action_and_type() {
        let catalog = Catalog::builtin();
        assert_eq!(catalog.actions().len(), 51);
        assert_eq!(catalog.resource_types().len(), 25);
        assert_eq!(catalog.origin(), &Origin::Builtin);
        assert!(catalog.as_of().starts_with("20"));
    }

    #[test]
    fn action_lookup_gives_target_keys_and_required_parameters() {
        let failover = Catalog::builtin()
            .action("aws:rds:failover-db-cluster")
            .unwrap();
        let targets = failover.targets.as_ref().unwrap();
        assert_eq!(targets["Clusters"].resource_type, "aws:rds:cluster");
        assert!(!targets.contains_key("Cluster"));
        let send = Catalog::builtin().action("aws:ssm:send-command").unwrap();
        assert!(send.parameters.as_ref().unwrap()["documentArn"].required);
    }

    #[test]
    fn targetless_actions_have_known_empty_targets() {
        let wait = Catalog::builtin().action("aws:fis:wait").unwrap();
        assert_eq!(wait.targets.as_ref().map(BTreeMap::len), Some(0));
    }

    #[test]
    fn legacy_elasticache_action_is_deprecated_not_unknown() {
        let legacy = Catalog::builtin()
            .action("aws:elasticache:interrupt-cluster-az-power")
            .unwrap();
        assert_eq!(
            legacy.deprecated.as_ref().unwrap().replacement,
            "aws:elasticache:replicationgroup-interrupt-az-power"
        );
        let rtype = Catalog::builtin()
            .resource_type("aws:elasticache:redis-replicationgroup")
            .unwrap();
        assert!(rtype.deprecated.is_some());
    }

    #[test]
    fn suggestions_come_from_the_catalog() {
        let catalog = Catalog::builtin();
        assert_eq!(
            catalog.suggest_action("aws:ec2:stop-instance"),
            Some("aws:ec2:stop-instances")
        );
        assert_eq!(
            catalog.suggest_resource_type("aws:ec2:instances"),
            Some("aws:ec2:instance")
        );
    }

    #[test]
    fn a_layered_catalog_keeps_live_ids_and_borrows_details() {
        let live = vec![
            ActionSpec {
                id: "aws:ec2:stop-instances".into(),
                description: String::new(),
                parameters: None,
                targets: None,
                target_keys_uncertain: false,
                deprecated: None,
                targeting: None,
            },
            ActionSpec {
                id: "aws:new:action".into(),
                description: "new".into(),
                parameters: None,
                targets: None,
                target_keys_uncertain: false,
                deprecated: None,
                targeting: None,
            },
        ];
        let catalog = Catalog::layered(
            "2026-11-20T00:00:00+00:00".into(),
            Origin::Cache {
                region: "eu-west-1".into(),
            },
            live,
            Vec::new(),
            Catalog::builtin(),
        );
        assert_eq!(catalog.actions().len(), 2);
        assert!(catalog.action("aws:fis:wait").is_none());
        let stop = catalog.action("aws:ec2:stop-instances").unwrap();
        assert!(stop.targets.as_ref().unwrap().contains_key("Instances"));
        assert!(!stop.description.is_empty());
        assert!(catalog.action("aws:new:action").unwrap().targets.is_none());
    }
}
