//! `fislint.toml`, command-line overrides and in-template suppressions, through the built binary.

use crate::common;

use std::path::Path;

use common::{check_json_in, write};
use serde_json::Value;

/// A raw API template with an unknown action id (FIS001, error) and no alarm (FIS003, warning).
const TWO_FINDINGS: &str = r#"{
  "description": "two findings",
  "roleArn": "arn:aws:iam::123456789012:role/fis",
  "stopConditions": [{"source": "none"}],
  "targets": {"Web": {"resourceType": "aws:ec2:instance", "resourceTags": {"Tier": "web"}, "selectionMode": "COUNT(1)"}},
  "actions": {"Stop": {"actionId": "aws:ec2:stop-instance", "targets": {"Instances": "Web"}}}
}"#;

/// `(file, code, severity)` of every diagnostic, sorted.
fn findings(report: &Value) -> Vec<(String, String, String)> {
    let mut found: Vec<_> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let text = |k: &str| d[k].as_str().unwrap().to_owned();
            (text("file"), text("code"), text("severity"))
        })
        .collect();
    found.sort();
    found
}

fn triple(file: &str, code: &str, severity: &str) -> (String, String, String) {
    (file.to_owned(), code.to_owned(), severity.to_owned())
}

#[test]
fn without_configuration_every_rule_reports_at_its_default() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "t.json", TWO_FINDINGS);
    let (code, report, _) = check_json_in(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&report),
        [
            triple("t.json", "FIS001", "error"),
            triple("t.json", "FIS003", "warning")
        ]
    );
}

#[test]
fn the_nearest_configuration_above_the_checked_path_applies() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "fislint.toml",
        "ignore = [\"FIS001\"]\n[severity]\nFIS003 = \"error\"\n",
    );
    write(dir.path(), "sub/deeper/t.json", TWO_FINDINGS);
    // Found by walking up from the checked directory, not from the working directory.
    let (code, report, _) = check_json_in(dir.path().join("sub").as_path(), &["deeper"]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&report),
        [triple("deeper/t.json", "FIS003", "error")]
    );
}

#[test]
fn select_per_file_ignores_and_exclude() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "fislint.toml",
        "select = [\"FIS001\", \"FIS003\"]\nexclude = [\"vendor/\"]\n\
         [per-file-ignores]\n\"legacy/**\" = [\"FIS001\"]\n\"*.yaml\" = [\"FIS003\"]\n",
    );
    write(dir.path(), "new/t.json", TWO_FINDINGS);
    write(dir.path(), "legacy/old/t.json", TWO_FINDINGS);
    write(dir.path(), "vendor/t.json", TWO_FINDINGS);
    let yaml =
        "actions:\n  a: {actionId: aws:ec2:stop-instance}\nstopConditions: [{source: none}]\n";
    write(dir.path(), "new/t.yaml", yaml);
    let (_, report, _) = check_json_in(dir.path(), &[]);
    assert_eq!(
        findings(&report),
        [
            triple("legacy/old/t.json", "FIS003", "warning"),
            triple("new/t.json", "FIS001", "error"),
            triple("new/t.json", "FIS003", "warning"),
            triple("new/t.yaml", "FIS001", "error"),
        ]
    );
}

#[test]
fn command_line_flags_replace_the_file() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "fislint.toml",
        "ignore = [\"FIS003\"]\nregion = \"eu-west-1\"\n",
    );
    write(dir.path(), "t.json", TWO_FINDINGS);
    let (code, report, _) = check_json_in(dir.path(), &["--ignore", "FIS001"]);
    assert_eq!(code, 0, "FIS001 off, FIS003 back on as a warning");
    assert_eq!(findings(&report), [triple("t.json", "FIS003", "warning")]);
    let (_, report, _) = check_json_in(dir.path(), &["--select", "FIS001,FIS003", "--ignore", ""]);
    assert_eq!(findings(&report).len(), 2);
    let (code, _, stderr) = check_json_in(dir.path(), &["--region", "us-east-1"]);
    assert_eq!(code, 1, "{stderr}");
    // Checked where it enters, by the argument parser.
    let (code, _, stderr) = check_json_in(dir.path(), &["--region", "Mars"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("invalid value 'Mars' for '--region <REGION>': invalid region \"Mars\""),
        "{stderr}"
    );
    let (code, _, stderr) = check_json_in(dir.path(), &["--select", "FIS01"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--select: unknown rule code `FIS01`"),
        "{stderr}"
    );
}

#[test]
fn an_explicit_config_file_is_used_instead_of_discovery() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "fislint.toml",
        "ignore = [\"FIS001\", \"FIS003\"]\n",
    );
    write(
        dir.path(),
        "strict.toml",
        "[severity]\nFIS003 = \"error\"\n",
    );
    write(dir.path(), "t.json", TWO_FINDINGS);
    let (_, report, _) = check_json_in(dir.path(), &["--config", "strict.toml"]);
    assert_eq!(
        findings(&report),
        [
            triple("t.json", "FIS001", "error"),
            triple("t.json", "FIS003", "error")
        ]
    );
    let (code, _, stderr) = check_json_in(dir.path(), &["--config", "missing.toml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("missing.toml: cannot read"), "{stderr}");
}

#[test]
fn bad_configuration_names_the_file_line_and_code_and_exits_2() {
    let cases = [
        (
            "select = [\"FIS001\"]\nignore = [\"FIS001\", \"FIS999\"]\n",
            "fislint.toml:2:21: unknown rule code `FIS999`",
        ),
        (
            "ignore = \"FIS001\"\n",
            "fislint.toml:1:10: invalid type: string \"FIS001\", expected a sequence",
        ),
        (
            "ignore = [\"FIS001\"\n",
            "fislint.toml:1:19: unclosed array",
        ),
        (
            "\n\nselct = []\n",
            "fislint.toml:3:1: unknown field `selct`",
        ),
        (
            "[severity]\nFIS003 = \"fatal\"\n",
            "fislint.toml:2:10: unknown variant `fatal`",
        ),
        (
            "[severity]\nFIS03 = \"error\"\n",
            "fislint.toml:2:1: unknown rule code `FIS03`",
        ),
        (
            "region = \"../moon\"\n",
            "fislint.toml:1:10: invalid region \"../moon\"",
        ),
        (
            "exclude = [\"a/[\"]\n",
            "fislint.toml:1:12: invalid exclude pattern `a/[`",
        ),
        (
            "[per-file-ignores]\n\"ok/**\" = []\n\"b/[\" = [\"FIS001\"]\n",
            "fislint.toml:3:1: invalid glob `b/[`",
        ),
    ];
    for (text, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "fislint.toml", text);
        write(dir.path(), "t.json", TWO_FINDINGS);
        let (code, report, stderr) = check_json_in(dir.path(), &[]);
        assert_eq!(code, 2, "{text:?}: {stderr}");
        assert_eq!(report, Value::Null, "no report with a bad configuration");
        // miette's rendering: the code, the message, then the file at the value's line and
        // column, the line itself underlined.
        let (position, message) = expected.split_once(": ").unwrap();
        assert_eq!(
            stderr.lines().next(),
            Some("fislint: error: fislint::config::invalid"),
            "{stderr}"
        );
        assert!(
            stderr.contains(&format!("× {message}")) && stderr.contains(&format!("{position}]")),
            "{text:?}: expected {expected:?} in {stderr}"
        );
    }
}

const CFN: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
TEMPLATE_METADATA
Resources:
  Experiment:
    Type: AWS::FIS::ExperimentTemplate
RESOURCE_METADATA
    Properties:
      Description: two findings
      RoleArn: !GetAtt Role.Arn
      StopConditions:
        - Source: none
      Targets:
        Web: {ResourceType: aws:ec2:instance, ResourceTags: {Tier: web}, SelectionMode: COUNT(1)}
      Actions:
        Stop: {ActionId: aws:ec2:stop-instance, Targets: {Instances: Web}}
"#;

fn cfn(template_metadata: &str, resource_metadata: &str) -> String {
    CFN.replace("TEMPLATE_METADATA\n", template_metadata)
        .replace("RESOURCE_METADATA\n", resource_metadata)
}

#[test]
fn suppressions_on_a_resource_and_the_template() {
    let dir = tempfile::tempdir().unwrap();
    let on_resource = "    Metadata:\n      fislint:\n        ignore:\n\
                       \x20         - {code: FIS001, reason: preview action}\n";
    let on_template =
        "Metadata:\n  fislint:\n    ignore:\n      - {code: FIS003, reason: sandbox}\n";
    write(dir.path(), "both.yaml", &cfn(on_template, on_resource));
    write(dir.path(), "none.yaml", &cfn("", ""));
    let (code, report, _) = check_json_in(dir.path(), &[]);
    assert_eq!(code, 1, "none.yaml still has its error");
    assert_eq!(
        findings(&report),
        [
            triple("none.yaml", "FIS001", "error"),
            triple("none.yaml", "FIS003", "warning")
        ]
    );
}

#[test]
fn dishonest_suppressions_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let resource = "    Metadata:\n      fislint:\n        ignore:\n\
                    \x20         - FIS001\n\
                    \x20         - {code: FIS004, reason: no longer needed}\n\
                    \x20         - {code: FIS0O1, reason: typo}\n\
                    \x20         - 42\n";
    write(dir.path(), "t.yaml", &cfn("", resource));
    let (code, report, _) = check_json_in(dir.path(), &[]);
    assert_eq!(code, 0, "FIS001 is suppressed; the rest are warnings");
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let messages: Vec<(&str, &str)> = diagnostics
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        messages,
        [
            ("FIS101", "suppression of `FIS001` gives no reason"),
            (
                "FIS100",
                "suppression of `FIS004` matches no finding in resource `Experiment`"
            ),
            ("FIS100", "suppression of unknown rule code `FIS0O1`"),
            (
                "FIS100",
                "this `ignore` entry is not a list of `{code, reason}` suppressions"
            ),
            (
                "FIS003",
                "resource `Experiment` has no stop condition with source `aws:cloudwatch:alarm`"
            ),
        ]
    );
    assert_eq!(
        diagnostics[1]["pointer"],
        "/Resources/Experiment/Metadata/fislint/ignore/1"
    );
    assert_eq!(diagnostics[2]["help"], "did you mean `FIS001`?");

    // A suppression of a rule the configuration turns off is not unused.
    write(
        dir.path(),
        "fislint.toml",
        "ignore = [\"FIS004\", \"FIS101\"]\n",
    );
    let (_, report, _) = check_json_in(dir.path(), &[]);
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["FIS100", "FIS100", "FIS003"]);
}

#[test]
fn the_readme_configuration_example_is_valid() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = &readme[readme.find("## Configuration").unwrap()..];
    let start = section.find("```toml\n").unwrap() + "```toml\n".len();
    let example = &section[start..start + section[start..].find("```").unwrap()];
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "fislint.toml", example);
    write(dir.path(), "t.json", TWO_FINDINGS);
    let (code, report, stderr) = check_json_in(dir.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    // `ignore` takes FIS003 out of the selection, leaving FIS001.
    assert_eq!(findings(&report), [triple("t.json", "FIS001", "error")]);
}

#[test]
fn a_selection_never_hides_a_file_that_does_not_parse() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "broken.json",
        r#"{"actions": {"a": {"actionId": "#,
    );
    write(dir.path(), "t.json", TWO_FINDINGS);
    let (code, report, _) = check_json_in(dir.path(), &["--select", "FIS003"]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&report),
        [
            triple("broken.json", "FIS000", "error"),
            triple("t.json", "FIS003", "warning"),
        ]
    );
    write(dir.path(), "fislint.toml", "select = [\"FIS003\"]\n");
    let (_, report, _) = check_json_in(dir.path(), &[]);
    assert_eq!(
        findings(&report)[0],
        triple("broken.json", "FIS000", "error")
    );
    // Ignoring it by name is a choice, and honoured.
    let (code, report, _) = check_json_in(dir.path(), &["--ignore", "FIS000"]);
    assert_eq!(code, 0);
    assert_eq!(findings(&report), [triple("t.json", "FIS003", "warning")]);
}

/// A configuration error as a person sees it: the code, the message, the line with its number
/// and the value underlined.
#[test]
fn a_configuration_error_is_rendered_at_its_value() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "fislint.toml",
        "region = \"us-east-1\"\nignore = [\"FIS003\"]\nselect = [\"FIS001\", \"FIS0O2\"]\n",
    );
    write(dir.path(), "t.json", TWO_FINDINGS);
    let (code, report, stderr) = check_json_in(dir.path(), &["--config", "fislint.toml"]);
    assert_eq!(code, 2);
    assert!(report.is_null());
    assert!(stderr.contains("[fislint.toml:3:21]"), "{stderr}");
    insta::assert_snapshot!("config_error_unknown_code_in_select", stderr);
}

#[test]
fn an_empty_selection_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "t.json", TWO_FINDINGS);
    for empty in ["", " ", ","] {
        let (code, report, stderr) = check_json_in(dir.path(), &["--select", empty]);
        assert_eq!(code, 2, "--select {empty:?}");
        assert!(report.is_null(), "no report for a usage error");
        assert!(
            stderr.contains("--select: an empty selection would turn every rule off"),
            "{stderr}"
        );
    }
    write(dir.path(), "fislint.toml", "\nselect = []\n");
    let (code, _, stderr) = check_json_in(dir.path(), &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("fislint.toml:2:10]"), "{stderr}");
    assert!(
        stderr.contains("× `select`: an empty selection"),
        "{stderr}"
    );
}
