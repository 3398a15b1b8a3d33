//! The on-disk format of one region's cache, `fis_actions_<region>.json`: the original server's
//! format (`fis_actions` with `id`/`description`, `resource_types` with `type`/`description`,
//! `last_updated`, `region`, `cache_ttl_hours`), extended additively with each entry's
//! `parameters` and `targets` in the AWS API's shape when the data carried them, and with the
//! halves that hold details only (`get-action` outputs, no list) named in `details_only`.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, FixedOffset};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalog::{ActionSpec, Catalog, Origin, ParameterSpec, ResourceTypeSpec, TargetKeySpec};

/// Hours a cache stays fresh, as in the original.
pub const TTL_HOURS: i64 = 24;

/// One action as the cache stores and `get_valid_fis_actions` serves it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CachedAction {
    pub id: String,
    // Absent rather than null when unknown, so the schema need not admit null.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub description: Option<String>,
    /// `get-action` parameters: name → description and required flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "BTreeMap<String, ParameterEntry>")]
    pub parameters: Option<BTreeMap<String, ParameterSpec>>,
    /// `get-action`/`list-actions` targets: target key → the resource type it takes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "BTreeMap<String, TargetEntry>")]
    pub targets: Option<BTreeMap<String, TargetKeySpec>>,
}

/// One target resource type as the cache stores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CachedResourceType {
    #[serde(rename = "type")]
    pub resource_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "BTreeMap<String, ParameterEntry>")]
    pub parameters: Option<BTreeMap<String, ParameterSpec>>,
}

/// The schema of a stored parameter (the catalog's own type carries more than the cache needs).
#[derive(JsonSchema)]
#[allow(dead_code)]
pub struct ParameterEntry {
    description: String,
    required: bool,
}

#[derive(JsonSchema)]
#[allow(dead_code)]
#[serde(rename_all = "camelCase")]
pub struct TargetEntry {
    resource_type: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CacheFile {
    pub fis_actions: Vec<CachedAction>,
    pub resource_types: Vec<CachedResourceType>,
    #[serde(default)]
    pub last_updated: Option<String>,
    #[serde(default)]
    pub region: Option<String>,
    /// Written as 24 for the original's readers; fislint's TTL is fixed.
    #[serde(default)]
    pub cache_ttl_hours: Option<serde_json::Value>,
    /// The halves (`actions`, `resource_types`) whose entries came from `get-action` or
    /// `get-target-resource-type` outputs, or from one page of a list: details, not the region's
    /// whole list, so the built-in catalog's other entries stand beside them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details_only: Vec<String>,
}

/// The names `details_only` uses for the two halves.
pub const ACTIONS_HALF: &str = "actions";
pub const RESOURCE_TYPES_HALF: &str = "resource_types";

impl CacheFile {
    pub fn new(
        region: &str,
        last_updated: String,
        fis_actions: Vec<CachedAction>,
        resource_types: Vec<CachedResourceType>,
    ) -> CacheFile {
        CacheFile {
            fis_actions,
            resource_types,
            last_updated: Some(last_updated),
            region: Some(region.to_owned()),
            cache_ttl_hours: Some(TTL_HOURS.into()),
            details_only: Vec::new(),
        }
    }

    /// Whether a half (`ACTIONS` or `RESOURCE_TYPES`) holds details rather than a list.
    pub fn is_details_only(&self, half: &str) -> bool {
        self.details_only.iter().any(|h| h == half)
    }

    /// When the data was fetched, if the file says so in RFC 3339.
    pub fn updated_at(&self) -> Option<DateTime<FixedOffset>> {
        DateTime::parse_from_rfc3339(self.last_updated.as_deref()?).ok()
    }

    /// The catalog these lists describe. A list that is empty is treated as not given, so the
    /// built-in catalog answers for that half instead of rejecting everything; a half of
    /// details only stands beside the built-in catalog's other entries; details the lists lack
    /// (target keys, constraints) come from the built-in catalog too.
    pub fn catalog(&self, region: &str) -> Catalog {
        let builtin = Catalog::builtin();
        let mut actions: Vec<ActionSpec> =
            self.fis_actions.iter().map(CachedAction::spec).collect();
        if actions.is_empty() || self.is_details_only(ACTIONS_HALF) {
            let cached: HashSet<&str> = self.fis_actions.iter().map(|a| a.id.as_str()).collect();
            actions.extend(
                builtin
                    .actions()
                    .filter(|a| !cached.contains(a.id.as_str()))
                    .cloned(),
            );
        }
        let mut resource_types: Vec<ResourceTypeSpec> = self
            .resource_types
            .iter()
            .map(CachedResourceType::spec)
            .collect();
        if resource_types.is_empty() || self.is_details_only(RESOURCE_TYPES_HALF) {
            let cached: HashSet<&str> = self
                .resource_types
                .iter()
                .map(|t| t.resource_type.as_str())
                .collect();
            resource_types.extend(
                builtin
                    .resource_types()
                    .filter(|t| !cached.contains(t.resource_type.as_str()))
                    .cloned(),
            );
        }
        Catalog::layered(
            self.last_updated.clone().unwrap_or_default(),
            Origin::Cache {
                region: region.to_owned(),
            },
            actions,
            resource_types,
            builtin,
        )
    }

    /// Which halves of the catalog the file leaves to the built-in catalog.
    pub fn gaps(&self) -> Vec<&'static str> {
        let mut gaps = Vec::new();
        if self.fis_actions.is_empty() {
            gaps.push("actions");
        }
        if self.resource_types.is_empty() {
            gaps.push("resource types");
        }
        gaps
    }

    /// Which halves hold details only, beside the built-in catalog's other entries.
    pub fn supplements(&self) -> Vec<&'static str> {
        let mut halves = Vec::new();
        if !self.fis_actions.is_empty() && self.is_details_only(ACTIONS_HALF) {
            halves.push("actions");
        }
        if !self.resource_types.is_empty() && self.is_details_only(RESOURCE_TYPES_HALF) {
            halves.push("resource types");
        }
        halves
    }
}

impl CachedAction {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            id: self.id.clone(),
            description: self.description.clone().unwrap_or_default(),
            parameters: self.parameters.clone(),
            targets: self.targets.clone(),
            ..ActionSpec::default()
        }
    }

    /// Keeps what an older entry for the same id knew and this one does not.
    pub fn keep_older_details(&mut self, older: &CachedAction) {
        if self.description.as_deref().is_none_or(str::is_empty) {
            self.description.clone_from(&older.description);
        }
        if self.parameters.is_none() {
            self.parameters.clone_from(&older.parameters);
        }
        if self.targets.is_none() {
            self.targets.clone_from(&older.targets);
        }
    }

    /// Fills what this entry lacks from another entry for the same id.
    pub fn merge(&mut self, other: CachedAction) {
        if self.description.as_deref().is_none_or(str::is_empty) && other.description.is_some() {
            self.description = other.description;
        }
        if other.parameters.is_some() {
            self.parameters = other.parameters;
        }
        if other.targets.is_some() {
            self.targets = other.targets;
        }
    }
}

impl CachedResourceType {
    fn spec(&self) -> ResourceTypeSpec {
        ResourceTypeSpec {
            resource_type: self.resource_type.clone(),
            description: self.description.clone().unwrap_or_default(),
            parameters: self.parameters.clone(),
            ..ResourceTypeSpec::default()
        }
    }

    /// Keeps what an older entry for the same type knew and this one does not.
    pub fn keep_older_details(&mut self, older: &CachedResourceType) {
        if self.description.as_deref().is_none_or(str::is_empty) {
            self.description.clone_from(&older.description);
        }
        if self.parameters.is_none() {
            self.parameters.clone_from(&older.parameters);
        }
    }

    pub fn merge(&mut self, other: CachedResourceType) {
        if self.description.as_deref().is_none_or(str::is_empty) && other.description.is_some() {
            self.description = other.description;
        }
        if other.parameters.is_some() {
            self.parameters = other.parameters;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_original_format_reads_and_writes_back_unchanged() {
        let text = r#"{"fis_actions": [{"id": "test-action"}, {"id": "a", "description": "d"}],
            "resource_types": [{"type": "t"}], "last_updated": "2026-01-01T00:00:00+00:00",
            "region": "us-east-1", "cache_ttl_hours": 24}"#;
        let file: CacheFile = serde_json::from_str(text).unwrap();
        let back = serde_json::to_value(&file).unwrap();
        let original: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(back, original);
        assert_eq!(file.updated_at().unwrap().timestamp(), 1_767_225_600);
    }

    #[test]
    fn empty_halves_fall_back_to_the_builtin_catalog() {
        let file = CacheFile::new(
            "eu-west-1",
            "2026-11-20T00:00:00+00:00".into(),
            vec![CachedAction {
                id: "aws:ec2:stop-instances".into(),
                description: None,
                parameters: None,
                targets: None,
            }],
            Vec::new(),
        );
        let catalog = file.catalog("eu-west-1");
        assert_eq!(catalog.actions().len(), 1);
        assert_eq!(
            catalog.resource_types().len(),
            Catalog::builtin().resource_types().len()
        );
        assert_eq!(file.gaps(), ["resource types"]);
        let stop = catalog.action("aws:ec2:stop-instances").unwrap();
        assert!(stop.targets.as_ref().unwrap().contains_key("Instances"));
    }
}
