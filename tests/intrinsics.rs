//! Values given by CloudFormation intrinsic functions are only known at deploy time: no value
//! rule (FIS008–FIS019) may report one. Every CloudFormation fixture is rewritten so that each
//! scalar value under the template's properties becomes `{"Ref": …}`, and then linted.

use crate::common;

use fislint::catalog::Catalog;
use fislint::config::RuleSet;
use fislint::lint::{Settings, lint_file};
use fislint::source::{Member, Node, SourceFile, Value};
use fislint::walk::FileOrigin;

fn make_deferred(node: &mut Node, inside_properties: bool) {
    match &mut node.value {
        Value::Object(members) => {
            for Member { key, value, .. } in members {
                let inside = inside_properties || key == "Properties";
                make_deferred(value, inside);
            }
        }
        Value::Array(items) => {
            for item in items {
                make_deferred(item, inside_properties);
            }
        }
        _ if inside_properties => {
            node.value = Value::Object(vec![Member {
                key: "Ref".into(),
                key_span: node.span,
                value: Node::new(node.span, Value::String("DeployTimeValue".into())),
            }]);
        }
        _ => {}
    }
}

fn value_rule(code: &str) -> bool {
    code.strip_prefix("FIS")
        .and_then(|n| n.parse::<u32>().ok())
        .is_some_and(|n| (8..=19).contains(&n))
}

#[test]
fn deploy_time_values_never_trigger_value_rules() {
    let settings = Settings {
        catalog: Catalog::builtin(),
        rules: RuleSet::default(),
    };
    let mut checked = 0;
    for fixture in common::fixtures() {
        if fixture.form() == "api" || fixture.code == "FIS000" {
            continue;
        }
        let source =
            SourceFile::from_bytes(fixture.name.clone(), std::fs::read(&fixture.path).unwrap());
        let mut root = source.parse().unwrap();
        make_deferred(&mut root, false);
        let text = serde_json::to_string_pretty(&root.to_json()).unwrap();
        let rewritten = SourceFile::new(format!("{}.json", fixture.name), text);
        let tree = rewritten.parse().unwrap();
        let report = lint_file(rewritten, &settings, FileOrigin::Named).unwrap();
        for d in report.diagnostics.iter().filter(|d| value_rule(d.code)) {
            let mut node = &tree;
            let mut path = String::new();
            for segment in fislint::source::Pointer::segments(d.pointer.as_str()).unwrap() {
                assert!(
                    node.intrinsic().is_none(),
                    "{}/{}: {} reported inside a deploy-time value at {path}: {}",
                    fixture.code,
                    fixture.name,
                    d.code,
                    d.message
                );
                path.push('/');
                path.push_str(&segment);
                match node.as_object().and_then(|_| node.get(&segment)) {
                    Some(next) => node = next,
                    None => break,
                }
            }
            assert!(
                node.intrinsic().is_none(),
                "{}/{}: {} reported a deploy-time value: {}",
                fixture.code,
                fixture.name,
                d.code,
                d.message
            );
        }
        checked += 1;
    }
    assert!(
        checked >= 40,
        "only {checked} CloudFormation fixtures found"
    );
}
