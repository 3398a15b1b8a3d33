//! `fislint policy`: every catalog action's permissions reach the policy, the policy is valid IAM,
//! and each output format parses in its own language.

use std::collections::BTreeSet;

use assert_cmd::Command;
use fislint::catalog::Catalog;
use fislint::iam::PolicyReport;
use fislint::iam::pattern::action_matches;
use fislint::source::{Syntax, parse};
use fislint::template::experiments;
use serde_json::{Value, json};

fn fislint() -> Command {
    let mut cmd = Command::cargo_bin("fislint").unwrap();
    cmd.env_remove("FISLINT_CACHE_DIR").env("NO_COLOR", "1");
    cmd
}

/// A template with this one action, each of its target keys bound to a tag-selected target of
/// the right resource type.
fn one_action_template(id: &str) -> Value {
    let spec = Catalog::builtin().action(id).unwrap();
    let mut targets = serde_json::Map::new();
    let mut action_targets = serde_json::Map::new();
    for (key, target) in spec.targets.iter().flatten() {
        let name = format!("t{key}");
        targets.insert(
            name.clone(),
            json!({"resourceType": target.resource_type, "resourceTags": {"Chaos": "yes"},
                   "selectionMode": "ALL"}),
        );
        action_targets.insert(key.clone(), json!(name));
    }
    json!({
        "description": "one action",
        "roleArn": "arn:aws:iam::123456789012:role/fis",
        "stopConditions": [{"source": "none"}],
        "targets": targets,
        "actions": {"only": {"actionId": id, "targets": action_targets}}
    })
}

fn report_for(template: &Value) -> PolicyReport {
    let root = parse(&template.to_string(), Syntax::Json).unwrap();
    let experiment = &experiments(&root)[0];
    PolicyReport::for_experiment(experiment, Catalog::builtin())
}

/// The IAM policy grammar's required parts, checked on the JSON as written.
fn assert_valid_iam(document: &Value, context: &str) {
    assert_eq!(document["Version"], "2012-10-17", "{context}");
    let statements = document["Statement"].as_array().unwrap();
    let mut sids = BTreeSet::new();
    for statement in statements {
        let object = statement.as_object().unwrap();
        for key in object.keys() {
            assert!(
                ["Sid", "Effect", "Action", "Resource", "Condition"].contains(&key.as_str()),
                "{context}: unexpected statement key {key}"
            );
        }
        assert_eq!(statement["Effect"], "Allow", "{context}");
        let sid = statement["Sid"].as_str().unwrap();
        assert!(
            sid.chars().all(|c| c.is_ascii_alphanumeric()),
            "{context}: sid {sid}"
        );
        assert!(sids.insert(sid.to_owned()), "{context}: repeated sid {sid}");
        let actions = statement["Action"].as_array().unwrap();
        assert!(!actions.is_empty(), "{context}");
        for action in actions {
            let (service, name) = action.as_str().unwrap().split_once(':').unwrap();
            assert!(
                !service.is_empty() && !name.is_empty(),
                "{context}: {action}"
            );
        }
        let resources = statement["Resource"].as_array().unwrap();
        assert!(!resources.is_empty(), "{context}");
        for resource in resources {
            let resource = resource.as_str().unwrap();
            assert!(
                resource == "*" || resource.starts_with("arn:"),
                "{context}: {resource}"
            );
        }
        if let Some(condition) = statement.get("Condition") {
            for keys in condition.as_object().unwrap().values() {
                for values in keys.as_object().unwrap().values() {
                    assert!(!values.as_array().unwrap().is_empty(), "{context}");
                }
            }
        }
    }
}

#[test]
fn every_catalog_action_gets_its_documented_permissions() {
    let catalog = Catalog::builtin();
    for id in catalog.action_ids() {
        let report = report_for(&one_action_template(id));
        let document = serde_json::to_value(&report.policy_document).unwrap();
        assert_valid_iam(&document, id);
        let granted: Vec<&str> = report.policy_document.actions().into_iter().collect();
        for permission in &catalog.action_permissions(id).unwrap().permissions {
            assert!(
                granted
                    .iter()
                    .any(|g| action_matches(g, &permission.action)),
                "{id}: the policy lacks {}",
                permission.action
            );
        }
    }
}

#[test]
fn the_cli_prints_valid_iam_the_same_way_every_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.json");
    std::fs::write(
        &path,
        one_action_template("aws:ec2:stop-instances").to_string(),
    )
    .unwrap();
    let run = || {
        let output = fislint().arg("policy").arg(&path).output().unwrap();
        assert_eq!(output.status.code(), Some(0));
        output.stdout
    };
    let first = run();
    assert_eq!(first, run(), "the output is deterministic");
    let out: Value = serde_json::from_slice(&first).unwrap();
    assert_eq!(out["version"], 1);
    let policy = &out["policies"][0];
    assert_valid_iam(&policy["policyDocument"], "cli");
    assert!(
        policy["comment"]
            .as_str()
            .unwrap()
            .contains("AWSFaultInjectionSimulatorEC2Access")
    );
    let statement = &policy["policyDocument"]["Statement"][0];
    assert_eq!(
        statement["Condition"]["StringEquals"]["aws:ResourceTag/Chaos"],
        json!(["yes"])
    );
    let document = fislint()
        .args(["policy", "--format", "document"])
        .arg(&path)
        .output()
        .unwrap();
    let bare: Value = serde_json::from_slice(&document.stdout).unwrap();
    assert_eq!(bare, policy["policyDocument"]);
}

#[test]
fn document_format_wants_exactly_one_template() {
    let output = fislint()
        .args(["policy", "--format", "document", "examples"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--template"), "{stderr}");
    let one = fislint()
        .args([
            "policy",
            "--format",
            "document",
            "--template",
            "DatabaseFailover",
            "examples",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(one.status.code(), Some(0));
    let bare: Value = serde_json::from_slice(&one.stdout).unwrap();
    assert!(
        bare["Statement"]
            .to_string()
            .contains("rds:FailoverDBCluster")
    );
}

#[test]
fn a_named_file_without_a_template_fails() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("package.json");
    std::fs::write(&path, r#"{"name": "x"}"#).unwrap();
    let output = fislint().arg("policy").arg(&path).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, r#"{"actions": "#).unwrap();
    let output = fislint().arg("policy").arg(&broken).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot parse"));
}

#[test]
fn cloudformation_output_matches_the_input_syntax_and_parses() {
    let root = env!("CARGO_MANIFEST_DIR");
    let yaml = fislint()
        .args([
            "policy",
            "--format",
            "cfn",
            "examples/database-failover.yaml",
        ])
        .current_dir(root)
        .output()
        .unwrap();
    assert_eq!(yaml.status.code(), Some(0));
    let text = String::from_utf8(yaml.stdout).unwrap();
    assert!(text.contains("!Ref"), "short-form tags in YAML:\n{text}");
    let tree = parse(&text, Syntax::Yaml).unwrap();
    let role = tree.find("/Resources/DatabaseFailoverRole").unwrap();
    assert_eq!(role.get("Type").unwrap().as_str(), Some("AWS::IAM::Role"));
    let trusted = role
        .find("/Properties/AssumeRolePolicyDocument/Statement/0/Principal/Service")
        .unwrap();
    assert_eq!(trusted.as_str(), Some("fis.amazonaws.com"));
    insta::assert_snapshot!("policy_cfn_yaml", text);

    let json_out = fislint()
        .args(["policy", "--format", "cfn", "examples/web-tier-stop.json"])
        .current_dir(root)
        .output()
        .unwrap();
    let value: Value = serde_json::from_slice(&json_out.stdout).unwrap();
    let role = &value["Resources"]["WebTierStopRole"];
    assert_eq!(role["Type"], "AWS::IAM::Role");
    assert_valid_iam(
        &role["Properties"]["Policies"][0]["PolicyDocument"],
        "cfn json",
    );
}

#[test]
fn terraform_output_is_valid_hcl_with_a_policy_document_per_role() {
    let output = fislint()
        .args([
            "policy",
            "--format",
            "terraform",
            "examples/web-tier-stop.json",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    let body: hcl::Body = hcl::from_str(&text).unwrap();
    let labels: Vec<String> = body
        .blocks()
        .map(|b| {
            let labels: Vec<&str> = b.labels().iter().map(|l| l.as_str()).collect();
            format!("{} {}", b.identifier(), labels.join(" "))
        })
        .collect();
    assert!(labels.contains(&"resource aws_iam_role web_tier_stop_fis".to_owned()));
    assert!(labels.contains(&"data aws_iam_policy_document web_tier_stop_fis".to_owned()));
    insta::assert_snapshot!("policy_terraform", text);
}
