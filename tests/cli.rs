//! The command line through the built binary: exit statuses, formats, walking.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn fislint() -> Command {
    let mut cmd = Command::cargo_bin("fislint").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env_remove("NO_COLOR").env("COLUMNS", "100");
    cmd
}

fn stdout_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.output().unwrap().stdout).unwrap()
}

const CLEAN_API: &str = r#"{
  "description": "clean",
  "roleArn": "arn:aws:iam::123456789012:role/fis",
  "stopConditions": [{"source": "aws:cloudwatch:alarm", "value": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:a"}],
  "targets": {"Web": {"resourceType": "aws:ec2:instance", "resourceTags": {"Tier": "web"}, "selectionMode": "COUNT(1)"}},
  "actions": {"Stop": {"actionId": "aws:ec2:stop-instances", "targets": {"Instances": "Web"}}}
}"#;

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

#[test]
fn the_bundled_examples_fail_with_every_finding_rendered() {
    let output = fislint().args(["check", "examples/"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    for expected in [
        "FIS001 unknown-action-id",
        "unknown action id `aws:rds:reboot-db-instance`",
        "examples/database-failover.yaml:40:21",
        "help: did you mean `aws:rds:reboot-db-instances`?",
        "FIS005 unsupported-target-key",
        "FIS003 missing-stop-condition",
        "FIS012 start-after-cycle",
        "FIS000 invalid-syntax",
        "FIS023 missing-role-permission",
        "role `ExperimentRole` does not grant `rds:DescribeDBClusters`, `rds:FailoverDBCluster`,",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in:\n{stdout}"
        );
    }
    assert!(
        stdout
            .trim_end()
            .ends_with("7 errors, 2 warnings in 5 files"),
        "summary line:\n{stdout}"
    );
    assert!(
        !stdout.contains("\u{1b}["),
        "no colour codes when stdout is not a terminal"
    );
}

#[test]
fn json_output_follows_the_contract() {
    let output = fislint()
        .args(["check", "examples/", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["version"], 1);
    assert_eq!(report["files_checked"], 5);
    assert_eq!(
        report["summary"],
        serde_json::json!({"errors": 7, "warnings": 2})
    );
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let unknown = diagnostics
        .iter()
        .find(|d| d["code"] == "FIS001")
        .expect("an FIS001 diagnostic");
    assert_eq!(
        unknown,
        &serde_json::json!({
            "code": "FIS001",
            "name": "unknown-action-id",
            "severity": "error",
            "message": "unknown action id `aws:rds:reboot-db-instance`",
            "help": "did you mean `aws:rds:reboot-db-instances`?",
            "file": "examples/database-failover.yaml",
            "pointer": "/Resources/DatabaseFailover/Properties/Actions/RebootReader/ActionId",
            "line": 40, "column": 21, "end_line": 40, "end_column": 47,
            "fix": {
                "applicability": "safe",
                "title": "replace `aws:rds:reboot-db-instance` with `aws:rds:reboot-db-instances`",
                "edits": [{"line": 40, "column": 21, "end_line": 40, "end_column": 47,
                           "content": "aws:rds:reboot-db-instances"}]
            }
        })
    );
    assert!(
        diagnostics
            .iter()
            .any(|d| d["severity"] == "warning" && d["code"] == "FIS003")
    );
}

#[test]
fn clean_and_warning_only_files_exit_zero() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "clean.json", CLEAN_API);
    let output = fislint()
        .arg("check")
        .arg(dir.path().join("clean.json"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .contains("0 errors, 0 warnings in 1 file")
    );

    let warning_only = CLEAN_API.replace(r#""source": "aws:cloudwatch:alarm", "value": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:a""#, r#""source": "none""#);
    write(dir.path(), "warn.json", &warning_only);
    let output = fislint()
        .arg("check")
        .arg(dir.path().join("warn.json"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .contains("0 errors, 1 warning in 1 file")
    );
}

#[test]
fn exit_zero_reports_without_failing() {
    let output = fislint()
        .args(["check", "examples/", "--exit-zero"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .contains("7 errors")
    );
}

#[test]
fn a_missing_path_is_a_usage_failure_with_its_code() {
    let output = fislint().args(["check", "no/such/dir"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(
        lines,
        [
            "fislint: error: fislint::walk::missing_path",
            "  × no/such/dir: no such file or directory"
        ],
        "{stderr}"
    );
}

#[test]
fn an_unreadable_file_fails_with_status_two() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("dangling.json");
    std::os::unix::fs::symlink(dir.path().join("gone.json"), &link).unwrap();
    let output = fislint().arg("check").arg(&link).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("dangling.json") && stderr.contains("cannot read"),
        "{stderr}"
    );
}

#[test]
fn bad_arguments_are_usage_failures() {
    fislint()
        .args(["check", "--format", "xml"])
        .assert()
        .code(2);
    fislint().args(["frobnicate"]).assert().code(2);
}

#[test]
fn walking_honours_gitignore_and_skips_unrelated_files() {
    let dir = tempfile::tempdir().unwrap();
    let broken = CLEAN_API.replace("aws:ec2:stop-instances", "aws:ec2:stop-instance");
    write(dir.path(), "templates/clean.json", CLEAN_API);
    write(dir.path(), "templates/broken.json", &broken);
    write(dir.path(), "ignored/broken.json", &broken);
    write(dir.path(), ".gitignore", "ignored/\n");
    write(
        dir.path(),
        "package.json",
        r#"{"name": "app", "version": "1.0.0"}"#,
    );
    write(
        dir.path(),
        "k8s/pod.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n",
    );
    write(dir.path(), "k8s/broken.yaml", "a: [unclosed\n");
    write(dir.path(), "notes.txt", &broken);
    write(
        dir.path(),
        "templates/broken-fis.yaml",
        "Type: AWS::FIS::ExperimentTemplate\n  bad: [\n",
    );

    let output = fislint()
        .current_dir(dir.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut found: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_owned(),
                d["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("templates/broken-fis.yaml".to_owned(), "FIS000".to_owned()),
            ("templates/broken.json".to_owned(), "FIS001".to_owned()),
        ]
    );
    assert_eq!(report["files_checked"], 3, "clean, broken and broken-fis");

    let excluded = fislint()
        .current_dir(dir.path())
        .args([
            "check",
            "--format",
            "json",
            "--exclude",
            "templates/broken*",
        ])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&excluded.stdout).unwrap();
    assert_eq!(report["files_checked"], 1);
    assert_eq!(excluded.status.code(), Some(0));
}

#[test]
fn named_files_are_linted_whatever_their_extension() {
    let dir = tempfile::tempdir().unwrap();
    let broken = CLEAN_API.replace("aws:ec2:stop-instances", "aws:ec2:stop-instance");
    write(dir.path(), "experiment.tpl", &broken);
    let output = fislint()
        .arg("check")
        .arg(dir.path().join("experiment.tpl"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8(output.stdout).unwrap().contains("FIS001"));
}

#[test]
fn rules_are_listed_and_explained() {
    let listed: Value =
        serde_json::from_str(&stdout_of(fislint().args(["rules", "--format", "json"]))).unwrap();
    let codes: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"FIS001") && codes.contains(&"FIS012"));
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|r| !r["summary"].as_str().unwrap().is_empty())
    );

    let page = stdout_of(fislint().args(["rule", "FIS005"]));
    assert!(page.starts_with("# FIS005 unsupported-target-key"));
    assert!(page.contains("## Why is this bad?") && page.contains("Use instead:"));
    let by_name = stdout_of(fislint().args(["rule", "unsupported-target-key"]));
    assert_eq!(page, by_name);
    fislint().args(["rule", "FIS999"]).assert().code(2);
}

#[test]
fn output_can_go_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.json");
    let output = fislint()
        .args(["check", "examples/", "--format", "json", "--output"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let report: Value = serde_json::from_str(&fs::read_to_string(out).unwrap()).unwrap();
    assert_eq!(report["summary"]["errors"], 7);
}

#[test]
fn a_cloudformation_experiment_without_actions_fails() {
    let dir = tempfile::tempdir().unwrap();
    let template = r#"
Resources:
  Experiment:
    Type: AWS::FIS::ExperimentTemplate
    Properties:
      Description: nothing to do
      RoleArn: arn:aws:iam::123456789012:role/fis
      StopConditions:
        - Source: aws:cloudwatch:alarm
          Value: arn:aws:cloudwatch:us-east-1:123456789012:alarm:a
      Targets: {}
      Tags: {Name: idle}
"#;
    write(dir.path(), "idle.yaml", template);
    let output = fislint()
        .args(["check", "--format", "json"])
        .arg(dir.path().join("idle.yaml"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(codes, ["FIS026"]);
}

#[test]
fn fixed_template_limits_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let actions: serde_json::Map<String, Value> = (0..21)
        .map(|i| {
            let action = serde_json::json!({
                "ActionId": "aws:fis:wait",
                "Parameters": {"duration": "PT1M"},
                "StartAfter": if i == 0 { vec![] } else { vec![format!("Wait{}", i - 1)] },
            });
            (format!("Wait{i}"), action)
        })
        .collect();
    let alarm = serde_json::json!({"Source": "aws:cloudwatch:alarm", "Value": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:a"});
    let arns: Vec<String> = (0..6)
        .map(|i| format!("arn:aws:ec2:us-east-1:123456789012:instance/i-0{i}"))
        .collect();
    let template = serde_json::json!({"Resources": {"Big": {
        "Type": "AWS::FIS::ExperimentTemplate",
        "Properties": {
            "Description": "over the limits",
            "RoleArn": "arn:aws:iam::123456789012:role/fis",
            "StopConditions": vec![alarm; 6],
            "Targets": {"Listed": {"ResourceType": "aws:ec2:instance", "ResourceArns": arns, "SelectionMode": "ALL"}},
            "Actions": actions,
            "Tags": {"Name": "big"}
        }
    }}});
    write(dir.path(), "big.json", &template.to_string());
    let output = fislint()
        .args(["check", "--format", "json", "--select", "FIS028"])
        .arg(dir.path().join("big.json"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let found: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let pointer = d["pointer"].as_str().unwrap().to_owned();
            (pointer, d["severity"].as_str().unwrap().to_owned())
        })
        .collect();
    let at = |p: &str| format!("/Resources/Big/Properties/{p}");
    assert!(
        found.contains(&(at("Actions"), "error".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&(at("StopConditions"), "error".into())),
        "{found:?}"
    );
    // Six ARNs in one target are FIS014's finding, not repeated here.
    assert_eq!(found.len(), 2, "{found:?}");
}

/// The findings and exit status of `fislint check --format json FILE`.
fn json_check(path: &Path) -> (Option<i32>, Vec<Value>) {
    let output = fislint()
        .args(["check", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let diagnostics = report["diagnostics"].as_array().unwrap().clone();
    (output.status.code(), diagnostics)
}

/// One error, FIS020 at the absent list, whose help shows an alarm and the `none` minimum.
fn assert_one_stop_conditions_error(path: &Path, pointer: &str) {
    let (status, diagnostics) = json_check(path);
    assert_eq!(status, Some(1), "{diagnostics:?}");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let finding = &diagnostics[0];
    assert_eq!(finding["code"], "FIS020");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["pointer"], pointer);
    let help = finding["help"].as_str().unwrap();
    assert!(
        help.contains("aws:cloudwatch:alarm") && help.contains("none"),
        "{help}"
    );
}

#[test]
fn an_api_template_without_stop_conditions_fails_with_one_error() {
    let dir = tempfile::tempdir().unwrap();
    let api = CLEAN_API.replace(
        r#""stopConditions": [{"source": "aws:cloudwatch:alarm", "value": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:a"}],"#,
        "",
    );
    assert_ne!(api, CLEAN_API);
    write(dir.path(), "api.json", &api);
    assert_one_stop_conditions_error(&dir.path().join("api.json"), "/stopConditions");
}

#[test]
fn a_cloudformation_template_without_stop_conditions_fails_with_one_error() {
    let dir = tempfile::tempdir().unwrap();
    let cfn = "Resources:\n  Experiment:\n    Type: AWS::FIS::ExperimentTemplate\n    Properties:\n\
               \x20     Description: no brakes\n      RoleArn: arn:aws:iam::123456789012:role/fis\n\
               \x20     Targets:\n        Web: {ResourceType: aws:ec2:instance, ResourceTags: {Tier: web}, SelectionMode: COUNT(1)}\n\
               \x20     Actions:\n        Stop: {ActionId: aws:ec2:stop-instances, Targets: {Instances: Web}}\n";
    write(dir.path(), "cfn.yaml", cfn);
    assert_one_stop_conditions_error(
        &dir.path().join("cfn.yaml"),
        "/Resources/Experiment/Properties/StopConditions",
    );
}
