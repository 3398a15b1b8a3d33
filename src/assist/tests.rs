//! The assist functions on every rule fixture (each form, valid text) and on hostile input.

use std::fs;
use std::path::Path;

use super::{CompletionKind, complete, hover};
use crate::catalog::Catalog;
use crate::source::Syntax;

/// Every fixture of every rule, with the syntax its name gives.
fn fixtures() -> Vec<(String, String, Syntax)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for dir in fs::read_dir(root).unwrap() {
        for file in fs::read_dir(dir.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            let name = path.to_string_lossy().into_owned();
            let syntax = if name.ends_with(".json") {
                Syntax::Json
            } else if name.ends_with(".yaml") {
                Syntax::Yaml
            } else if name.ends_with(".tf") {
                Syntax::Hcl
            } else {
                continue;
            };
            let Ok(text) = fs::read_to_string(&path) else {
                continue;
            };
            out.push((name, text, syntax));
        }
    }
    out
}

/// The byte just inside each value of the action-id field, in every spelling.
fn action_id_values(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    for key in ["\"actionId\"", "\"ActionId\"", "ActionId:", "action_id"] {
        for (at, _) in text.match_indices(key) {
            // Block YAML only: a flow mapping (`{ActionId: ...}`) is not outlined.
            let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
            let before = text[line_start..at].trim_start_matches([' ', '-']);
            if key == "ActionId:" && !before.is_empty() {
                continue;
            }
            let rest = &text[at + key.len()..];
            let Some(start) = rest.find('a') else {
                continue;
            };
            // Only a literal id on the same line (`aws:...`), not an intrinsic.
            if rest[..start].contains('\n') || !rest[start..].starts_with("aws:") {
                continue;
            }
            out.push(at + key.len() + start + 4);
        }
    }
    out
}

#[test]
fn every_fixture_offers_action_ids_in_its_action_id_values_and_hovers_them() {
    let catalog = Catalog::builtin();
    let mut checked = 0;
    for (name, text, syntax) in fixtures() {
        for offset in action_id_values(&text) {
            let items = complete(&text, syntax, offset, catalog);
            assert!(
                items.iter().any(|i| i.kind == CompletionKind::ActionId),
                "{name} at {offset}: {items:?}"
            );
            let replaced = &text[items[0].replace.start()..items[0].replace.end()];
            assert!(replaced.starts_with("aws:"), "{name}: {replaced}");
            let id = replaced.trim();
            if catalog.action(id).is_some() {
                let found = hover(&text, syntax, offset, catalog).unwrap();
                assert!(found.markdown.contains(id), "{name}");
            }
            checked += 1;
        }
    }
    assert!(checked > 300, "only {checked} action ids found");
}

#[test]
fn every_offset_of_every_fixture_keeps_spans_inside_the_text() {
    let catalog = Catalog::builtin();
    for (name, text, syntax) in fixtures().into_iter().step_by(7) {
        for offset in (0..=text.len()).step_by(3) {
            for item in complete(&text, syntax, offset, catalog) {
                let span = item.replace;
                assert!(
                    span.start() <= offset && offset <= span.end(),
                    "{name} {offset}"
                );
                assert!(text.get(span.start()..span.end()).is_some(), "{name}");
            }
            if let Some(found) = hover(&text, syntax, offset, catalog) {
                assert!(text.get(found.span.start()..found.span.end()).is_some());
            }
        }
    }
}

#[test]
fn cloudformation_json_and_terraform_json_read_as_the_other_forms() {
    let catalog = Catalog::builtin();
    let cfn = r#"{"Resources": {"E": {"Type": "AWS::FIS::ExperimentTemplate", "Properties": {
  "Targets": {"web": {"ResourceType": "aws:ec2:instance", "SelectionMode": "ALL"}},
  "Actions": {"stop": {"ActionId": "aws:ec2:stop-instances", "Targets": {"Instances": ""}}}}}}}"#;
    let offset = cfn.find("\"Instances\": \"").unwrap() + "\"Instances\": \"".len();
    let items = complete(cfn, Syntax::Json, offset, catalog);
    assert_eq!(items.len(), 1);
    assert_eq!(
        (items[0].label.as_str(), items[0].kind),
        ("web", CompletionKind::TargetName)
    );
    let tf_json = r#"{"resource": {"aws_fis_experiment_template": {"x": {
  "target": [{"name": "web", "resource_type": "aws:ec2:instance"}],
  "action": [{"name": "stop", "action_id": "aws:ec2:stop-instances",
              "target": {"key": "Instances", "value": ""}}]}}}}"#;
    let offset = tf_json.find("\"value\": \"").unwrap() + "\"value\": \"".len();
    let items = complete(tf_json, Syntax::Json, offset, catalog);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].label, "web");
}

#[test]
fn huge_and_deep_inputs_are_bounded() {
    let catalog = Catalog::builtin();
    // 100,000-deep brackets, cursor in the middle and at the end.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(complete(&deep, Syntax::Json, 100_000, catalog).is_empty());
    assert!(complete(&deep, Syntax::Json, deep.len(), catalog).is_empty());
    let deep_objects = "{\"a\": ".repeat(100_000);
    assert!(complete(&deep_objects, Syntax::Json, deep_objects.len(), catalog).is_empty());
    let deep_hcl = "a {\n".repeat(100_000);
    assert!(complete(&deep_hcl, Syntax::Hcl, deep_hcl.len(), catalog).is_empty());
    let deep_yaml: String = (0..2_000)
        .map(|n| format!("{}k{n}:\n", " ".repeat(n)))
        .collect();
    assert!(complete(&deep_yaml, Syntax::Yaml, deep_yaml.len(), catalog).is_empty());

    // A megabyte of YAML actions; the cursor in the last one still finds its place.
    let mut yaml = String::from("Resources:\n  E:\n    Properties:\n      Actions:\n");
    while yaml.len() < 1 << 20 {
        let n = yaml.len();
        yaml.push_str(&format!(
            "        a{n}:\n          ActionId: aws:fis:wait\n"
        ));
    }
    yaml.push_str("        last:\n          ActionId: aws:ec2:\n");
    let items = complete(&yaml, Syntax::Yaml, yaml.len() - 1, catalog);
    assert_eq!(items.len(), catalog.actions().len());
    let items = complete(&yaml, Syntax::Yaml, yaml.len(), catalog);
    assert!(items.is_empty());

    // A 2 MB line in every syntax, at its start, middle and end (each call is one pass).
    let line = "x".repeat(2 << 20);
    for text in [
        format!("\"{line}"),
        format!("k: {line}"),
        format!("k = \"{line}"),
    ] {
        for syntax in [Syntax::Json, Syntax::Yaml, Syntax::Hcl] {
            for offset in [0, text.len() / 2, text.len()] {
                assert!(complete(&text, syntax, offset, catalog).is_empty());
                assert!(hover(&text, syntax, offset, catalog).is_none());
            }
        }
    }
}
