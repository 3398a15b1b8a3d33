//! What the catalog knows about one action, resource type or parameter, in the AWS API's shape
//! (`get-action` / `get-target-resource-type`) extended with documented value constraints.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionSpec {
    pub id: String,
    #[serde(default)]
    pub description: String,
    /// `None` when the source listed the action without its parameters (`list-actions`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<BTreeMap<String, ParameterSpec>>,
    /// Target key → resource type; `Some(empty)` for actions that take no targets, `None` when
    /// the source did not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targets: Option<BTreeMap<String, TargetKeySpec>>,
    /// The target keys rest on a single AWS example or on a sibling action (see SOURCES).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub target_keys_uncertain: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<Deprecation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targeting: Option<Targeting>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetKeySpec {
    pub resource_type: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceTypeSpec {
    pub resource_type: String,
    #[serde(default)]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<BTreeMap<String, ParameterSpec>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<Deprecation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter_source_api: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targeting: Option<Targeting>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ParameterSpec {
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub required: bool,
    /// The User Guide's wording leaves the required flag in doubt (see the catalog's SOURCES).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required_uncertain: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraint: Option<Constraint>,
    /// Passed in an AWS example but absent from the actions reference: accepted with a warning.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub observed_only: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Deprecation {
    pub replacement: String,
}

/// Targeting restrictions the User Guide states for a few actions and resource types.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Targeting {
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub resource_arns_only: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub single_resource_arn: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub resource_tags_only: bool,
    /// Resources are identified by target parameters alone (no ARNs, tags or filters).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub parameters_only: bool,
}

/// A documented constraint on a parameter's (always string) value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Constraint {
    #[serde(rename = "type")]
    pub kind: ValueKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Bound>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Bound>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values_by_api_version: Option<BTreeMap<String, Vec<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u32>,
    /// Other parameter values under which this optional parameter becomes required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_when: Option<BTreeMap<String, String>>,
}

impl Constraint {
    /// The constraint in words: "iso8601-duration; PT1M to PT12H; default PT5M".
    pub fn describe(&self) -> String {
        let bound = |b: &Bound| match b {
            Bound::Number(n) => n.to_string(),
            Bound::Duration(d) => d.clone(),
        };
        let kind = serde_json::to_value(self.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let mut parts = vec![kind];
        match (&self.min, &self.max) {
            (Some(min), Some(max)) => parts.push(format!("{} to {}", bound(min), bound(max))),
            (Some(min), None) => parts.push(format!("at least {}", bound(min))),
            (None, Some(max)) => parts.push(format!("at most {}", bound(max))),
            (None, None) => {}
        }
        if let Some(values) = &self.values {
            parts.push(format!("one of {}", values.join(", ")));
        }
        if let Some(max_items) = self.max_items {
            parts.push(format!("at most {max_items} items"));
        }
        if let Some(default) = &self.default {
            parts.push(format!("default {default}"));
        }
        if let Some(when) = &self.required_when {
            let conditions: Vec<String> = when.iter().map(|(k, v)| format!("{k} is {v}")).collect();
            parts.push(format!("required when {}", conditions.join(" and ")));
        }
        parts.join("; ")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueKind {
    #[serde(rename = "iso8601-duration")]
    IsoDuration,
    Integer,
    Number,
    Boolean,
    Enum,
    Csv,
    CsvEnum,
    CsvArn,
    CsvAzIdentifier,
    CsvAzIdentifierOrAll,
    AzIdentifier,
    Region,
    Arn,
    JsonObjectString,
    String,
    /// A kind a newer catalog names that this build does not know: not checked.
    #[serde(other)]
    Unknown,
}

/// A bound is a number (`100`) or an ISO 8601 duration (`"PT12H"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Bound {
    Number(f64),
    Duration(String),
}
