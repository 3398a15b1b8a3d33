//! Reproducers of inputs whose cost grew faster than their size, scaled down to debug-build
//! sizes. Each checks the findings, and a per-input bound generous enough for a loaded 2-core CI
//! machine: a regression to quadratic cost overshoots it by far.

use std::time::{Duration, Instant};

use fislint::catalog::Catalog;
use fislint::config::RuleSet;
use fislint::lint::{Settings, lint_file};
use fislint::source::SourceFile;
use fislint::walk::FileOrigin;
use serde_json::{Value, json};

const BOUND: Duration = Duration::from_secs(20);

fn lint(name: &str, text: String) -> (Vec<(String, Option<String>)>, Duration) {
    let settings = Settings {
        catalog: Catalog::builtin(),
        rules: RuleSet::default(),
    };
    let started = Instant::now();
    let report = lint_file(SourceFile::new(name, text), &settings, FileOrigin::Named)
        .unwrap_or_else(|| panic!("{name} was named, so it is linted"));
    let took = started.elapsed();
    let found = report
        .diagnostics
        .iter()
        .map(|d| (d.code.to_owned(), d.help.clone()))
        .collect();
    (found, took)
}

fn template(actions: Value, targets: Value) -> String {
    json!({
        "description": "costs",
        "roleArn": "arn:aws:iam::123456789012:role/fis",
        "stopConditions": [{"source": "none"}],
        "targets": targets,
        "actions": actions,
    })
    .to_string()
}

fn web_target() -> Value {
    json!({"Web": {"resourceType": "aws:ec2:instance", "resourceTags": {"T": "w"}, "selectionMode": "ALL"}})
}

fn count(found: &[(String, Option<String>)], code: &str) -> usize {
    found.iter().filter(|(c, _)| c == code).count()
}

#[test]
fn nested_anchors_parse_in_linear_time() {
    // Reproducer 1: every level of a deep list anchored, 150,000 scalars (within the flow-entry
    // limit, so the tree is built; the original reproducer's 1.5 million are refused unparsed).
    let depth = 120;
    let opening: String = (0..depth).map(|d| format!("&n{d} [")).collect();
    let text = format!(
        "actionId: x\nr: {opening}{}{}\n",
        vec!["x"; 150_000].join(", "),
        "]".repeat(depth)
    );
    let (found, took) = lint("anchors.yaml", text);
    assert!(took < BOUND, "{took:?}");
    assert_eq!(count(&found, "FIS000"), 0, "{found:?}");

    let refused = format!(
        "actionId: x\nr: {opening}{}\n",
        vec!["x"; 1_500_000].join(", ")
    );
    let (found, took) = lint("anchors.yaml", refused);
    assert!(took < BOUND, "{took:?}");
    assert!(
        found.iter().any(|(code, _)| code == "FIS000"),
        "over the flow-entry limit is a parse error: {found:?}"
    );
}

#[test]
fn megabyte_unknown_ids_are_not_compared_with_the_catalog() {
    // Reproducer 2: an unknown actionId and resourceType of a million characters each.
    let long = "q".repeat(1_000_000);
    let text = template(
        json!({"a": {"actionId": format!("aws:{long}")}}),
        json!({"T": {"resourceType": format!("aws:{long}"), "selectionMode": "ALL"}}),
    );
    let (found, took) = lint("long-ids.json", text);
    assert_eq!(count(&found, "FIS001"), 1, "{found:?}");
    assert_eq!(count(&found, "FIS002"), 1, "{found:?}");
    assert!(took < BOUND, "{took:?}");
}

#[test]
fn long_names_waiting_for_long_unknown_names_are_not_compared() {
    // Reproducer 3: six 20,000-character actions wait for six unknown 20,000-character ones.
    let actions: serde_json::Map<String, Value> = (0..6u8)
        .map(|i| {
            let name = char::from(b'a' + i).to_string().repeat(20_000);
            let waited = char::from(b'g' + i).to_string().repeat(20_000);
            (
                name,
                json!({"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}, "startAfter": [waited]}),
            )
        })
        .collect();
    let (found, took) = lint(
        "long-names.json",
        template(Value::Object(actions), web_target()),
    );
    assert_eq!(count(&found, "FIS011"), 6, "{found:?}");
    assert!(took < BOUND, "{took:?}");
}

#[test]
fn thousands_of_similar_unknown_names_stay_linear() {
    // Reproducers 3 and 4 together: every action waits for a near-miss of its own name and
    // refers to a near-miss of a target's name, so each lookup has thousands of close candidates.
    let n = 3_000;
    let actions: serde_json::Map<String, Value> = (0..n)
        .map(|i| {
            (
                format!("action-{i:05}"),
                json!({
                    "actionId": "aws:ec2:stop-instances",
                    "targets": {"Instances": format!("target-{i:05}x")},
                    "startAfter": [format!("acton-{i:05}")],
                }),
            )
        })
        .collect();
    let targets: serde_json::Map<String, Value> = (0..n)
        .map(|i| {
            (
                format!("target-{i:05}"),
                json!({"resourceType": "aws:ec2:instance", "resourceTags": {"T": "w"}, "selectionMode": "ALL"}),
            )
        })
        .collect();
    let text = template(Value::Object(actions), Value::Object(targets));
    let (found, took) = lint("similar.json", text);
    assert_eq!(
        count(&found, "FIS011"),
        n,
        "one finding per unknown startAfter"
    );
    assert_eq!(
        count(&found, "FIS004"),
        n,
        "one finding per dangling target"
    );
    assert!(
        found.iter().any(|(code, help)| code == "FIS004"
            && help.as_deref() == Some("did you mean `target-00000`?")),
        "the first findings still get suggestions, until the file's budget is spent"
    );
    let longest_help = found
        .iter()
        .filter_map(|(_, help)| help.as_ref().map(String::len))
        .max()
        .unwrap_or(0);
    assert!(
        longest_help < 1_000,
        "help lists a bounded number of names: {longest_help}"
    );
    assert!(took < BOUND, "{took:?}");
}

#[test]
fn many_chained_actions_stay_linear() {
    // Reproducer 4: a long startAfter chain, every action targeting the one target.
    let n = 20_000;
    let actions: serde_json::Map<String, Value> = (0..n)
        .map(|i| {
            let mut action = json!({
                "actionId": "aws:ec2:stop-instances",
                "targets": {"Instances": "Web"},
            });
            if i > 0 {
                action["startAfter"] = json!([format!("a{}", i - 1)]);
            }
            (format!("a{i}"), action)
        })
        .collect();
    let (found, took) = lint("chain.json", template(Value::Object(actions), web_target()));
    assert_eq!(
        count(&found, "FIS011"),
        0,
        "{:?}",
        &found[..found.len().min(3)]
    );
    assert!(took < BOUND, "{took:?}");
}

#[test]
fn many_unknown_keys_in_one_object_stay_linear() {
    // Each schema finding is located by its pointer: through a lookup per member, 20,000 unknown
    // keys in one object, and 20,000 actions with one unknown key each, cost 400 million.
    let n = 20_000;
    let mut body: Value = serde_json::from_str(&template(
        json!({"a": {"actionId": "aws:ec2:stop-instances", "targets": {"Instances": "Web"}}}),
        web_target(),
    ))
    .expect("the template is JSON");
    for i in 0..n {
        body[format!("extra{i:05}")] = json!("x");
    }
    let (found, took) = lint("unknown-keys.json", body.to_string());
    assert_eq!(count(&found, "FIS020"), n, "one finding per unknown key");
    assert!(took < BOUND, "{took:?}");

    let actions: serde_json::Map<String, Value> = (0..n)
        .map(|i| {
            let action = json!({"actionId": "aws:ec2:stop-instances", "targets": {"Instances": "Web"}, "note": "x"});
            (format!("a{i}"), action)
        })
        .collect();
    let (found, took) = lint(
        "unknown-props.json",
        template(Value::Object(actions), web_target()),
    );
    assert_eq!(count(&found, "FIS020"), n, "one finding per action");
    assert!(took < BOUND, "{took:?}");
}

#[test]
fn many_duplicate_parameters_stay_linear() {
    // Each `kubernetesKind` is checked against the `kubernetesApiVersion` given before it: a
    // scan of the siblings per parameter costs 2.5 billion steps for 50,000 duplicates.
    let n = 50_000;
    let parameters = format!(
        "{{\"kubernetesApiVersion\":\"chaos-mesh.org/v1alpha1\",{}\"kubernetesKind\":\"PodChaoz\",\
         \"kubernetesNamespace\":\"default\",\"kubernetesSpec\":\"{{}}\",\"maxDuration\":\"PT1M\"}}",
        "\"kubernetesKind\":\"PodChaos\",".repeat(n)
    );
    let text = template(
        json!({"a": {
            "actionId": "aws:eks:inject-kubernetes-custom-resource",
            "targets": {"Cluster": "Eks"},
            "parameters": "PARAMETERS",
        }}),
        json!({"Eks": {
            "resourceType": "aws:eks:cluster",
            "resourceArns": ["arn:aws:eks:us-east-1:123456789012:cluster/c"],
            "selectionMode": "ALL",
        }}),
    )
    .replace("\"PARAMETERS\"", &parameters);
    let (found, took) = lint("duplicate-parameters.json", text);
    assert!(
        found
            .iter()
            .any(|(code, help)| code == "FIS010"
                && help.as_deref() == Some("did you mean `PodChaos`?")),
        "{:?}",
        &found[..found.len().min(3)]
    );
    assert!(took < BOUND, "{took:?}");
}

#[test]
fn many_suppressions_of_many_findings_stay_linear() {
    // Every finding was compared with every suppression entry: 20,000 of each cost 400 million.
    let n = 20_000;
    let mut properties = json!({
        "Description": "costs",
        "RoleArn": "arn:aws:iam::123456789012:role/fis",
        "StopConditions": [{"Source": "none"}],
        "Targets": {},
        "Actions": {"a": {"ActionId": "aws:fis:wait", "Parameters": {"duration": "PT1M"}}},
    });
    for i in 0..n {
        properties[format!("Extra{i:05}")] = json!("x");
    }
    let ignore = vec![json!({"code": "FIS020", "reason": "generated"}); n];
    let text = json!({"Resources": {"Exp": {
        "Type": "AWS::FIS::ExperimentTemplate",
        "Metadata": {"fislint": {"ignore": ignore}},
        "Properties": properties,
    }}})
    .to_string();
    let (found, took) = lint("suppressed.json", text);
    assert_eq!(
        count(&found, "FIS020"),
        0,
        "every unknown key is suppressed"
    );
    assert!(
        found.iter().all(|(code, _)| code != "FIS100"),
        "every suppression was used: {:?}",
        &found[..found.len().min(3)]
    );
    assert!(took < BOUND, "{took:?}");
}

#[test]
fn many_actions_against_many_wildcard_grants_stay_linear() {
    // Each IAM action is matched against the role's patterns once, not once per FIS action.
    let patterns: Vec<String> = (0..4_000).map(|i| format!("svc{i}:Never*")).collect();
    let actions: serde_json::Map<String, Value> = (0..20_000)
        .map(|i| {
            let action =
                json!({"ActionId": "aws:ec2:stop-instances", "Targets": {"Instances": "Web"}});
            (format!("a{i}"), action)
        })
        .collect();
    let text = json!({"Resources": {
        "FisRole": {"Type": "AWS::IAM::Role", "Properties": {
            "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow",
                "Principal": {"Service": "fis.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
            "Policies": [{"PolicyName": "p", "PolicyDocument": {"Statement": [
                {"Effect": "Allow", "Action": patterns, "Resource": "*"}]}}]}},
        "Experiment": {"Type": "AWS::FIS::ExperimentTemplate", "Properties": {
            "RoleArn": {"Fn::GetAtt": ["FisRole", "Arn"]},
            "StopConditions": [{"Source": "none"}],
            "Targets": {"Web": {"ResourceType": "aws:ec2:instance",
                "ResourceTags": {"T": "w"}, "SelectionMode": "COUNT(1)"}},
            "Actions": actions}}}})
    .to_string();
    let (found, took) = lint("role.json", text);
    assert_eq!(count(&found, "FIS023"), 20_000);
    assert!(took < BOUND, "{took:?}");
}

#[test]
fn a_hundred_thousand_keys_in_one_object_stay_linear() {
    // Duplicate keys are found with one map per object: comparing each key with those before it
    // costs five billion steps here.
    let n = 100_000;
    let with_extra = |members: String| {
        template(
            json!({"a": {"actionId": "aws:ec2:stop-instances", "targets": {"Instances": "Web"}}}),
            web_target(),
        )
        .replacen('{', &format!("{{\"extra\": {{{members}}}, "), 1)
    };
    let distinct: Vec<String> = (0..n).map(|i| format!("\"k{i}\": 1")).collect();
    let (found, took) = lint("distinct-keys.json", with_extra(distinct.join(",")));
    assert_eq!(count(&found, "FIS030"), 0);
    assert!(took < BOUND, "{took:?}");

    let (found, took) = lint(
        "repeated-keys.json",
        with_extra(vec!["\"k\": 1"; n].join(",")),
    );
    assert_eq!(count(&found, "FIS030"), n - 1, "one finding per repeat");
    assert!(took < BOUND, "{took:?}");
}
