//! The committed JSON Schema of `fislint.toml` matches the Rust types it is generated from.

use crate::common;

use std::path::Path;

#[test]
fn config_schema_matches_the_types() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/fislint.schema.json");
    let schema = fislint::config::schema();
    let parsed: serde_json::Value = serde_json::from_str(&schema).unwrap();
    let properties = parsed["properties"].as_object().unwrap();
    let keys: Vec<&str> = properties.keys().map(String::as_str).collect();
    for key in [
        "select",
        "ignore",
        "severity",
        "per-file-ignores",
        "region",
        "exclude",
    ] {
        assert!(keys.contains(&key), "schema lacks `{key}`: {keys:?}");
    }
    assert_eq!(
        parsed["additionalProperties"], false,
        "unknown keys are errors"
    );
    common::compare_or_bless(&path, &schema, "cargo test --test integration schema::");
}
