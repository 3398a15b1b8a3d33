//! Generated JSON Schemas in the most portable spelling: a nullable field as
//! `anyOf: [{type: T}, {type: null}]` rather than `type: [T, "null"]`, which clients that map
//! tool schemas onto a single-`type` dialect (Gemini's OpenAPI subset) reject.

use schemars::Schema;
use serde_json::{Map, Value};

/// A `#[schemars(transform = ...)]` for structs with `Option` fields.
pub fn nullable_as_any_of(schema: &mut Schema) {
    if let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        for property in properties.values_mut() {
            if let Some(object) = property.as_object_mut() {
                split_type_array(object);
            }
        }
    }
}

fn split_type_array(object: &mut Map<String, Value>) {
    let Some(Value::Array(types)) = object.get("type") else {
        return;
    };
    let types = types.clone();
    object.remove("type");
    // Keywords that constrain the value belong to the non-null branch; annotations such as
    // `description` and `default` stay on the property.
    let constraints: Vec<String> = object
        .keys()
        .filter(|k| !matches!(k.as_str(), "description" | "default" | "title" | "examples"))
        .cloned()
        .collect();
    let branches = types
        .into_iter()
        .map(|kind| {
            let mut branch = Map::new();
            if kind != "null" {
                for key in &constraints {
                    if let Some(value) = object.get(key) {
                        branch.insert(key.clone(), value.clone());
                    }
                }
            }
            branch.insert("type".into(), kind);
            Value::Object(branch)
        })
        .collect();
    for key in &constraints {
        object.remove(key);
    }
    object.insert("anyOf".into(), Value::Array(branches));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_type_array_becomes_single_type_branches() {
        let mut schema: Schema = serde_json::from_value(serde_json::json!({
            "type": "object",
            "properties": {
                "help": {"type": ["string", "null"], "description": "d", "maxLength": 3},
                "plain": {"type": "string"}
            }
        }))
        .unwrap();
        nullable_as_any_of(&mut schema);
        assert_eq!(
            schema.get("properties").unwrap(),
            &serde_json::json!({
                "help": {"description": "d",
                         "anyOf": [{"type": "string", "maxLength": 3}, {"type": "null"}]},
                "plain": {"type": "string"}
            })
        );
    }
}
