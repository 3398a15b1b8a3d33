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

/// The published schema and the code accept the same region names: the schema's pattern is
/// generated from `RegionName::PATTERN`, and this table checks that `RegionName::parse` and the
/// pattern, as a JSON Schema validator reads it, agree.
#[test]
fn the_schema_and_the_code_agree_on_region_names() {
    let schema: serde_json::Value = serde_json::from_str(&fislint::config::schema()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let long = "a".repeat(33);
    let table: [(&str, bool); 16] = [
        ("us-east-1", true),
        ("eu-central-2", true),
        ("us-gov-west-1", true),
        ("eu-isoe-west-1", true),
        ("ap-southeast-5", true),
        // Tests and local tools name caches so; a cache is all a region selects.
        ("test-region", true),
        ("0", true),
        (&long[..32], true),
        ("../../x", false),
        ("a/b", false),
        ("US-EAST-1", false),
        ("Us-east-1", false),
        ("-us-east-1", false),
        ("us_east_1", false),
        ("", false),
        (&long, false),
    ];
    for (name, valid) in table {
        let document = serde_json::json!({ "region": name });
        assert_eq!(
            validator.is_valid(&document),
            valid,
            "the schema on {name:?}"
        );
        assert_eq!(
            fislint::cache::RegionName::parse(name).is_ok(),
            valid,
            "the code on {name:?}"
        );
    }
}
