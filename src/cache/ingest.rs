//! Capability data from agents and files into cache entries: the original server's shape
//! (`fis_actions` / `resource_types`) and the raw outputs of the four AWS CLI calls, alone or
//! merged, checked against `schemas/fis-data.schema.json` before anything is read from them.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::file::{CachedAction, CachedResourceType};

const SCHEMA: &str = include_str!("../../schemas/fis-data.schema.json");

/// The keys that carry data; anything else is ignored (and named in the result).
pub const DATA_KEYS: [&str; 6] = [
    "fis_actions",
    "resource_types",
    "actions",
    "targetResourceTypes",
    "action",
    "targetResourceType",
];

/// Entries read from one or more documents, in first-seen order, with details merged by id.
#[derive(Debug, Default)]
pub struct Ingested {
    pub actions: Vec<CachedAction>,
    pub resource_types: Vec<CachedResourceType>,
    /// Keys that were present but carry nothing fislint reads (`region`, `last_updated`, …).
    pub ignored_keys: Vec<String>,
    /// A list output had `nextToken`: it was one page of several.
    pub paged: bool,
    /// A whole list of actions was given (`list-actions` without `nextToken`, or the original's
    /// `fis_actions`); without one, the actions are details to merge into what is cached.
    pub listed_actions: bool,
    /// The same for resource types.
    pub listed_types: bool,
    action_index: HashMap<String, usize>,
    type_index: HashMap<String, usize>,
}

/// Why data was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IngestError {
    #[error(
        "No FIS data provided: fis_data is {0}. Pass the outputs of the AWS CLI commands `aws fis list-actions` and \
         `aws fis list-target-resource-types` (optionally `get-action` / \
         `get-target-resource-type`), or {{\"fis_actions\": [...], \"resource_types\": [...]}}"
    )]
    Missing(&'static str),
    #[error(
        "No FIS data provided: fis_data has none of the keys {keys}; it has {found}",
        keys = DATA_KEYS.join(", ")
    )]
    NoKnownKeys { found: String },
    #[error("fis_data is not valid: {0}")]
    Invalid(String),
}

fn validator() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        // The schema is a constant of this build, checked by the tests below; not user input.
        let schema: Value = serde_json::from_str(SCHEMA)
            .unwrap_or_else(|e| panic!("schemas/fis-data.schema.json is not JSON: {e}"));
        jsonschema::validator_for(&schema)
            .unwrap_or_else(|e| panic!("schemas/fis-data.schema.json is not a schema: {e}"))
    })
}

impl Ingested {
    /// Reads one document. Nothing is kept from a document that fails the schema.
    pub fn add(&mut self, data: &Value) -> Result<(), IngestError> {
        let object = match data {
            Value::Null => return Err(IngestError::Missing("null")),
            Value::Object(object) if object.is_empty() => {
                return Err(IngestError::Missing("an empty object"));
            }
            Value::Object(object) => object,
            Value::Array(_) => return Err(IngestError::Missing("an array, not an object")),
            Value::String(_) => return Err(IngestError::Missing("a string, not an object")),
            Value::Number(_) | Value::Bool(_) => {
                return Err(IngestError::Missing("a scalar, not an object"));
            }
        };
        let problems: Vec<String> = validator()
            .iter_errors(data)
            .take(3)
            .map(|error| {
                let path = error.instance_path().to_string();
                let at = if path.is_empty() {
                    "/".to_owned()
                } else {
                    path
                };
                format!("at {at}: {}", error.masked())
            })
            .collect();
        if !problems.is_empty() {
            return Err(IngestError::Invalid(problems.join("; ")));
        }
        if !DATA_KEYS.iter().any(|key| object.contains_key(*key)) {
            let found: Vec<&str> = object.keys().map(String::as_str).take(10).collect();
            return Err(IngestError::NoKnownKeys {
                found: found.join(", "),
            });
        }
        self.read(object);
        Ok(())
    }

    /// Lists before details (`list-actions` before `get-action`), whatever the key order.
    fn read(&mut self, object: &Map<String, Value>) {
        let page = object.get("nextToken").is_some_and(Value::is_string);
        let has = |key: &str| object.get(key).is_some_and(Value::is_array);
        self.listed_actions |= has("fis_actions") || (has("actions") && !page);
        self.listed_types |= has("resource_types") || (has("targetResourceTypes") && !page);
        for key in DATA_KEYS {
            let Some(value) = object.get(key) else {
                continue;
            };
            match key {
                "fis_actions" | "actions" => self.add_actions(entries(value)),
                "action" => self.add_actions(one_or_many(value)),
                "resource_types" => self.add_types(entries::<CachedResourceType>(value)),
                "targetResourceTypes" => self.add_types(entries::<AwsType>(value)),
                _ => self.add_types(one_or_many::<AwsType>(value)),
            }
        }
        self.paged |= page;
        for key in object.keys() {
            let known = DATA_KEYS.contains(&key.as_str()) || key == "nextToken";
            if !known && !self.ignored_keys.contains(key) {
                self.ignored_keys.push(key.clone());
            }
        }
    }

    fn add_actions(&mut self, actions: Vec<CachedAction>) {
        for action in actions {
            match self.action_index.get(&action.id) {
                Some(&at) => self.actions[at].merge(action),
                None => {
                    self.action_index
                        .insert(action.id.clone(), self.actions.len());
                    self.actions.push(action);
                }
            }
        }
    }

    fn add_types(&mut self, types: Vec<impl Into<CachedResourceType>>) {
        for rtype in types.into_iter().map(Into::into) {
            match self.type_index.get(&rtype.resource_type) {
                Some(&at) => self.resource_types[at].merge(rtype),
                None => {
                    self.type_index
                        .insert(rtype.resource_type.clone(), self.resource_types.len());
                    self.resource_types.push(rtype);
                }
            }
        }
    }
}

/// `get-target-resource-type`/`list-target-resource-types` entries name the type `resourceType`.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct AwsType {
    resource_type: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    parameters: Option<std::collections::BTreeMap<String, crate::catalog::ParameterSpec>>,
}

impl From<AwsType> for CachedResourceType {
    fn from(t: AwsType) -> CachedResourceType {
        CachedResourceType {
            resource_type: t.resource_type,
            description: t.description,
            parameters: t.parameters,
        }
    }
}

/// The elements of a list the schema has already checked; an element that still does not fit
/// the typed shape is skipped rather than trusted.
fn entries<T: DeserializeOwned>(value: &Value) -> Vec<T> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|item| T::deserialize(item).ok())
                .collect()
        })
        .unwrap_or_default()
}

fn one_or_many<T: DeserializeOwned>(value: &Value) -> Vec<T> {
    match value {
        Value::Array(_) => entries(value),
        other => T::deserialize(other).ok().into_iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn ingest(data: Value) -> Result<Ingested, IngestError> {
        let mut ingested = Ingested::default();
        ingested.add(&data).map(|()| ingested)
    }

    #[test]
    fn the_original_shape_round_trips_entries_as_given() {
        let got = ingest(json!({"fis_actions": [{"id": "test-action"}],
            "resource_types": [{"type": "t", "description": "d"}], "region": "x"}))
        .unwrap();
        assert_eq!(
            serde_json::to_value(&got.actions).unwrap(),
            json!([{"id": "test-action"}])
        );
        assert_eq!(got.resource_types[0].resource_type, "t");
        assert_eq!(got.ignored_keys, ["region"]);
    }

    #[test]
    fn aws_outputs_merge_by_id_keeping_details() {
        let mut got = Ingested::default();
        got.add(
            &json!({"actions": [{"id": "aws:ec2:stop-instances", "description": "Stop",
            "targets": {"Instances": {"resourceType": "aws:ec2:instance"}}}],
            "nextToken": "abc"}),
        )
        .unwrap();
        got.add(&json!({"action": {"id": "aws:ec2:stop-instances", "arn": "arn:x",
            "parameters": {"startInstancesAfterDuration": {"description": "d", "required": false}}}}))
            .unwrap();
        got.add(
            &json!({"targetResourceType": [{"resourceType": "aws:ec2:instance",
            "parameters": {}}]}),
        )
        .unwrap();
        assert_eq!(got.actions.len(), 1);
        let stop = &got.actions[0];
        assert!(stop.targets.as_ref().unwrap().contains_key("Instances"));
        assert!(
            stop.parameters
                .as_ref()
                .unwrap()
                .contains_key("startInstancesAfterDuration")
        );
        assert_eq!(stop.description.as_deref(), Some("Stop"));
        assert_eq!(got.resource_types.len(), 1);
        assert!(got.paged);
        // One page of a list and single details are not the region's whole lists.
        assert!(!got.listed_actions && !got.listed_types);
        got.add(&json!({"actions": [{"id": "aws:fis:wait"}]}))
            .unwrap();
        assert!(got.listed_actions && !got.listed_types);
    }

    #[test]
    fn refusals_name_the_problem_and_the_path() {
        assert!(matches!(ingest(json!(null)), Err(IngestError::Missing(_))));
        assert!(matches!(ingest(json!({})), Err(IngestError::Missing(_))));
        assert!(matches!(
            ingest(json!([1, 2])),
            Err(IngestError::Missing(_))
        ));
        assert!(matches!(
            ingest(json!({"missing": "fields"})),
            Err(IngestError::NoKnownKeys { .. })
        ));
        let Err(IngestError::Invalid(message)) =
            ingest(json!({"fis_actions": [{"id": "ok"}, {"id": 7}], "resource_types": "abc"}))
        else {
            panic!("accepted a number id and a string list");
        };
        assert!(message.contains("/fis_actions/1/id"), "{message}");
        assert!(message.contains("/resource_types"), "{message}");
    }
}
