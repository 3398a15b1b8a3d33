//! The fixes rules write: per rule, `fixes.txt` pins the fix on the finding `spans.txt` records
//! in each fail fixture (safe or unsafe and the exact replacement text, or `none`); applying a
//! safe fix removes that finding and leaves a file that still reads; every fix offered anywhere
//! leaves a file that parses; and a rename never guesses past what it knows.

use crate::common;
use crate::rule_fixtures::expected_spans;

use common::{Fixture, fixtures, lint_path, lint_text};
use fislint::diagnostic::{Applicability, Diagnostic, Fix};
use fislint::report::FileReport;
use fislint::rules::{
    DanglingTargetReference, InvalidParameterValue, InvalidSelectionMode, InvalidSyntax,
    MissingStopCondition, SchemaViolation, UnboundedBlastRadius, UnknownActionId, UnknownParameter,
    UnsupportedTargetKey,
};

const HEADER: &str = "# <fail file> <safe|unsafe|none> <replacement text as a JSON string>, for the \
     finding spans.txt records; FISLINT_BLESS=1 rewrites it (read the diff)\n";

/// The findings of a fixture's rule at the place `spans.txt` records.
fn findings_there<'r>(fixture: &Fixture, report: &'r FileReport) -> Vec<&'r Diagnostic> {
    let spans = expected_spans(&fixture.code);
    let (line, column, _) = spans
        .get(&fixture.name)
        .unwrap_or_else(|| panic!("{}: not in spans.txt", fixture.name));
    report
        .diagnostics
        .iter()
        .filter(|d| {
            let at = report.source.line_col(d.span.start());
            d.code == fixture.code && at.line == *line && at.column == *column
        })
        .collect()
}

/// The finding a fail fixture is about: of its rule's findings at the place `spans.txt`
/// records (one value may break several things), the first with a fix, else the first.
fn pinned_finding<'r>(fixture: &Fixture, report: &'r FileReport) -> &'r Diagnostic {
    let there = findings_there(fixture, report);
    let first = there.first().copied();
    let first =
        first.unwrap_or_else(|| panic!("{}/{}: none at its place", fixture.code, fixture.name));
    there.into_iter().find(|d| d.fix.is_some()).unwrap_or(first)
}

/// One `fixes.txt` line for a finding's fix.
fn describe(name: &str, fix: Option<&Fix>) -> String {
    match fix {
        None => format!("{name} none\n"),
        Some(fix) => {
            assert_eq!(fix.edits.len(), 1, "{name}: rules write one edit per fix");
            let content = serde_json::to_string(&fix.edits[0].content).unwrap();
            format!("{name} {} {content}\n", fix.applicability)
        }
    }
}

fn fail_fixtures() -> Vec<Fixture> {
    fixtures().into_iter().filter(Fixture::is_fail).collect()
}

#[test]
fn every_fail_fixture_offers_its_pinned_fix() {
    let all = fail_fixtures();
    let mut codes: Vec<&str> = all.iter().map(|f| f.code.as_str()).collect();
    codes.dedup();
    let mut with_fixes = 0;
    for code in codes {
        let mut lines = Vec::new();
        for fixture in all.iter().filter(|f| f.code == code) {
            let report = lint_path(&fixture.path, &fixture.name);
            let fix = pinned_finding(fixture, &report).fix.as_ref();
            lines.push(describe(&fixture.name, fix));
        }
        let path = common::fixtures_dir().join(code).join("fixes.txt");
        // A rule none of whose fail fixtures has a fix keeps no file.
        let expected = if lines.iter().all(|l| l.ends_with(" none\n")) {
            String::new()
        } else {
            with_fixes += 1;
            format!("{HEADER}{}", lines.concat())
        };
        let pinned = std::fs::read_to_string(&path).unwrap_or_default();
        if pinned == expected {
            continue;
        }
        if std::env::var_os("FISLINT_BLESS").is_some() {
            if expected.is_empty() {
                std::fs::remove_file(&path).unwrap();
            } else {
                std::fs::write(&path, &expected).unwrap();
            }
            continue;
        }
        assert_eq!(
            pinned, expected,
            "{code}/fixes.txt differs from the fixes offered"
        );
    }
    assert!(with_fixes >= 10, "only {with_fixes} rules offer fixes");
}

#[test]
fn a_safe_fix_removes_its_finding_and_the_file_still_reads() {
    let mut applied = 0;
    for fixture in fail_fixtures() {
        let report = lint_path(&fixture.path, &fixture.name);
        let finding = pinned_finding(&fixture, &report);
        let Some(fix) = finding.fix.as_ref() else {
            continue;
        };
        if fix.applicability != Applicability::Safe {
            continue;
        }
        let display = format!("{}/{}", fixture.code, fixture.name);
        let out = fislint::fix::apply(&report.source.text, [fix]);
        assert_eq!(out.applied, [0], "{display}: the fix did not apply");
        let after = lint_text(&fixture.name, &out.text);
        assert!(
            fislint::template::read(&after.source).is_ok()
                && after
                    .diagnostics
                    .iter()
                    .all(|d| d.code != InvalidSyntax::CODE),
            "{display}: the fixed file no longer reads:\n{}",
            out.text
        );
        // The fixed finding is gone from its place, and nothing new of the rule is there.
        let start = fix.edits[0].span.start();
        let before: Vec<&str> = findings_there(&fixture, &report)
            .into_iter()
            .filter(|d| *d != finding)
            .map(|d| d.message.as_str())
            .collect();
        let left: Vec<&str> = after
            .diagnostics
            .iter()
            .filter(|d| d.code == fixture.code && d.span.start() == start)
            .map(|d| d.message.as_str())
            .collect();
        assert!(
            left.iter().all(|m| before.contains(m)),
            "{display}: after the fix, {left:?} (before, besides the fixed one: {before:?})"
        );
        // Every byte outside the edit is as it was.
        let edit = &fix.edits[0];
        let text = &report.source.text;
        assert_eq!(&out.text[..start], &text[..start], "{display}");
        assert_eq!(
            &out.text[start + edit.content.len()..],
            &text[edit.span.end()..],
            "{display}"
        );
        applied += 1;
    }
    assert!(applied >= 20, "only {applied} safe fixes were tried");
}

#[test]
fn no_fix_anywhere_in_the_fixtures_breaks_the_file() {
    for fixture in fixtures() {
        let report = lint_path(&fixture.path, &fixture.name);
        let readable = fislint::template::read(&report.source).is_ok();
        for diagnostic in &report.diagnostics {
            let Some(fix) = &diagnostic.fix else { continue };
            let out = fislint::fix::apply(&report.source.text, [fix]);
            let after = lint_text(&fixture.name, &out.text);
            assert_eq!(
                fislint::template::read(&after.source).is_ok(),
                readable,
                "{}/{}: {} made the file parse differently:\n{}",
                fixture.code,
                fixture.name,
                fix.title,
                out.text
            );
        }
    }
}

/// The fix on the only finding of `code` in `text`.
fn fix_of(name: &str, text: &str, code: &str) -> Option<Fix> {
    let report = lint_text(name, text);
    let ours: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .collect();
    assert_eq!(
        ours.len(),
        1,
        "{name}: {:?}",
        ours.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
    ours[0].fix.clone()
}

fn api_template(targets: &str, actions: &str) -> String {
    format!(
        r#"{{
  "description": "fixes",
  "roleArn": "arn:aws:iam::123456789012:role/fis",
  "stopConditions": [{{"source": "none"}}],
  "targets": {targets},
  "actions": {actions}
}}"#
    )
}

const WEB: &str = r#"{"Web": {"resourceType": "aws:ec2:instance", "resourceTags": {"Role": "web"}, "selectionMode": "ALL"}}"#;

#[test]
fn a_rename_onto_a_key_already_there_is_not_offered() {
    let text = api_template(
        WEB,
        r#"{"Stop": {"actionId": "aws:ec2:stop-instances",
                     "targets": {"Instance": "Web", "Instances": "Web"}}}"#,
    );
    assert_eq!(fix_of("t.json", &text, UnsupportedTargetKey::CODE), None);
    let text = api_template(
        WEB,
        r#"{"Stop": {"actionId": "aws:ec2:stop-instances", "targets": {"Instances": "Web"},
                     "parameters": {"startInstancesAfterDuration": "PT5M",
                                    "startInstancesAfterDuratio": "PT5M"}}}"#,
    );
    assert_eq!(fix_of("t.json", &text, UnknownParameter::CODE), None);
}

#[test]
fn a_guess_is_unsafe() {
    let applicability =
        |text: &str, code: &str| fix_of("t.json", text, code).map(|fix| fix.applicability);
    // Two targets equally near the one named.
    let two = r#"{"WebA": {"resourceType": "aws:ec2:instance", "resourceTags": {"Role": "a"}, "selectionMode": "ALL"},
                  "WebB": {"resourceType": "aws:ec2:instance", "resourceTags": {"Role": "b"}, "selectionMode": "ALL"}}"#;
    let text = api_template(
        two,
        r#"{"StopA": {"actionId": "aws:ec2:stop-instances", "targets": {"Instances": "WebC"}},
            "StopB": {"actionId": "aws:ec2:stop-instances", "targets": {"Instances": "WebB"}}}"#,
    );
    assert_eq!(
        applicability(&text, DanglingTargetReference::CODE),
        Some(Applicability::Unsafe)
    );
    // A number without a unit, read as seconds.
    let text = api_template(
        WEB,
        r#"{"Stop": {"actionId": "aws:ec2:stop-instances", "targets": {"Instances": "Web"},
                     "parameters": {"startInstancesAfterDuration": "300"}}}"#,
    );
    let fix = fix_of("t.json", &text, InvalidParameterValue::CODE).unwrap();
    assert_eq!(fix.applicability, Applicability::Unsafe);
    assert_eq!(fix.edits[0].content, "\"PT300S\"");
    // A key far from the only one the action takes.
    let text = api_template(
        WEB,
        r#"{"Stop": {"actionId": "aws:ec2:stop-instances", "targets": {"Servers": "Web"}}}"#,
    );
    let fix = fix_of("t.json", &text, UnsupportedTargetKey::CODE).unwrap();
    assert_eq!(fix.applicability, Applicability::Unsafe);
    assert_eq!(fix.edits[0].content, "\"Instances\"");
}

#[test]
fn a_certain_slip_is_safe_in_every_spelling() {
    // A unit spelled out, in YAML (plain scalar kept plain) and in Terraform.
    let yaml = "Resources:
  Experiment:
    Type: AWS::FIS::ExperimentTemplate
    Properties:
      Description: fixes
      RoleArn: arn:aws:iam::123456789012:role/fis
      StopConditions: [{Source: none}]
      Targets:
        Web: {ResourceType: aws:ec2:instance, ResourceTags: {Role: web}, SelectionMode: ALL}
      Actions:
        Stop:
          ActionId: aws:ec2:stop-instances
          Targets: {Instances: Web}
          Parameters: {startInstancesAfterDuration: 5m}
      Tags: {Name: fixes}
";
    let fix = fix_of("t.yaml", yaml, InvalidParameterValue::CODE).unwrap();
    assert_eq!(fix.applicability, Applicability::Safe);
    assert_eq!(fix.edits[0].content, "PT5M");
    // camelCase inside CloudFormation becomes PascalCase; the experiment is still read.
    let cfn = yaml.replace("      RoleArn:", "      roleArn:");
    let fix = fix_of("t.yaml", &cfn, SchemaViolation::CODE).unwrap();
    assert_eq!(fix.applicability, Applicability::Safe);
    assert_eq!(fix.edits[0].content, "RoleArn");
    // ...but not onto a key already there.
    let both = yaml.replace(
        "      RoleArn: arn",
        "      roleArn: arn:aws:iam::123456789012:role/other\n      RoleArn: arn",
    );
    assert_eq!(fix_of("t.yaml", &both, SchemaViolation::CODE), None);
}

#[test]
fn names_given_by_templates_or_block_scalars_get_no_fix() {
    // Terraform fills `${…}` in before FIS reads the name: the finding stands, unfixed.
    let text = r#"{"resource": {"aws_fis_experiment_template": {"x": {
  "description": "fixes",
  "role_arn": "arn:aws:iam::123456789012:role/fis",
  "stop_condition": [{"source": "none"}],
  "target": [{"name": "Web", "resource_type": "aws:ec2:instance", "selection_mode": "ALL",
              "resource_tag": [{"key": "Role", "value": "web"}]}],
  "action": [{"name": "Stop", "action_id": "aws:ec2:stop-instances",
              "target": [{"key": "Instances", "value": "We${var.suffix}"}]}]
}}}}"#;
    assert_eq!(
        fix_of("t.tf.json", text, DanglingTargetReference::CODE),
        None
    );
    // A YAML block scalar keeps its author's layout: no edit rewrites it.
    let yaml = "Resources:
  Experiment:
    Type: AWS::FIS::ExperimentTemplate
    Properties:
      Description: fixes
      RoleArn: arn:aws:iam::123456789012:role/fis
      StopConditions: [{Source: none}]
      Targets:
        Web: {ResourceType: aws:ec2:instance, ResourceTags: {Role: web}, SelectionMode: ALL}
      Actions:
        Stop:
          ActionId: |-
            aws:ec2:stop-instance
          Targets: {Instances: Web}
      Tags: {Name: fixes}
";
    assert_eq!(fix_of("t.yaml", yaml, UnknownActionId::CODE), None);
    let plain = yaml.replace("|-\n            aws", "aws");
    assert!(fix_of("t.yaml", &plain, UnknownActionId::CODE).is_some());
}

#[test]
fn an_enumerated_property_in_another_case_is_safe() {
    let text = api_template(
        WEB,
        r#"{"Stop": {"actionId": "aws:ec2:stop-instances", "targets": {"Instances": "Web"}}}"#,
    )
    .replace(
        "\"actions\"",
        "\"experimentOptions\": {\"emptyTargetResolutionMode\": \"Skip\"},\n  \"actions\"",
    );
    let fix = fix_of("t.json", &text, SchemaViolation::CODE).unwrap();
    assert_eq!(fix.applicability, Applicability::Safe);
    assert_eq!(fix.edits[0].content, "\"skip\"");
}

/// Applies every safe fix of one pass, then lints the result.
fn fixed(name: &str, text: &str) -> (String, FileReport) {
    let report = lint_text(name, text);
    let safe: Vec<&Fix> = report
        .diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|fix| fix.applicability == Applicability::Safe)
        .collect();
    let out = fislint::fix::apply(text, safe);
    let after = lint_text(name, &out.text);
    (out.text, after)
}

#[test]
fn slips_in_terraform_attribute_names_are_renamed_bare() {
    let text = r#"resource "aws_fis_experiment_template" "x" {
  descriptin = "fixes"
  role_arn   = "arn:aws:iam::123456789012:role/fis"

  stopCondition {
    source = "None"
  }

  target {
    name           = "Web"
    resource_type  = "aws:ec2:instance"
    selection_Mode = "all"

    resource_tag {
      key   = "Role"
      value = "web"
    }
  }

  action {
    name      = "Stop"
    action_id = "aws:ec2:stop-instances"

    target {
      key   = "Instance"
      value = "Web"
    }
  }
}
"#;
    let (text, after) = fixed("t.tf", text);
    assert!(text.contains("\n  description = \"fixes\""), "{text}");
    assert!(text.contains("\n    selection_mode = \"all\""), "{text}");
    assert!(text.contains("\n  stop_condition {"), "{text}");
    assert!(text.contains("key   = \"Instances\""), "{text}");
    // The mode's case is another finding on another place: the next pass fixes it.
    let (text, after_two) = fixed("t.tf", &text);
    assert!(text.contains("selection_mode = \"ALL\""), "{text}");
    assert!(text.contains("source = \"none\""), "{text}");
    assert_only_advice(&after_two);
    assert!(
        after
            .diagnostics
            .iter()
            .any(|d| d.code == InvalidSelectionMode::CODE),
        "the first pass left the mode's case for the second"
    );
}

#[test]
fn api_keys_inside_cloudformation_become_pascal_case() {
    let text = r#"{
  "Resources": {
    "Experiment": {
      "Type": "AWS::FIS::ExperimentTemplate",
      "Properties": {
        "Description": "fixes",
        "roleArn": "arn:aws:iam::123456789012:role/fis",
        "StopConditions": [{"source": "none"}],
        "Targets": {"Web": {"ResourceType": "aws:ec2:instance", "resourceTags": {"Role": "web"},
                            "SelectionMode": "ALL"}},
        "Actions": {"Stop": {"actionId": "aws:ec2:stop-instances", "Targets": {"Instances": "Web"}}},
        "Tags": {"Name": "fixes"}
      }
    }
  }
}"#;
    let (text, after) = fixed("t.json", text);
    for key in ["RoleArn", "Source", "ResourceTags", "ActionId"] {
        assert!(text.contains(&format!("\"{key}\":")), "{key}: {text}");
    }
    assert_only_advice(&after);
}

/// Only the warnings about the experiment's design (no alarm to stop it) are left.
fn assert_only_advice(report: &FileReport) {
    let advice = [MissingStopCondition::CODE, UnboundedBlastRadius::CODE];
    let left: Vec<(&str, &str)> = report
        .diagnostics
        .iter()
        .map(|d| (d.code, d.message.as_str()))
        .filter(|(code, _)| !advice.contains(code))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn safe_fixes_settle_in_a_few_passes_on_every_fixture() {
    for fixture in fixtures() {
        let mut text = std::fs::read_to_string(&fixture.path).unwrap();
        let mut passes = 0;
        loop {
            let report = lint_text(&fixture.name, &text);
            let safe: Vec<&Fix> = report
                .diagnostics
                .iter()
                .filter_map(|d| d.fix.as_ref())
                .filter(|fix| fix.applicability == Applicability::Safe)
                .collect();
            if safe.is_empty() {
                break;
            }
            let out = fislint::fix::apply(&text, safe);
            assert_ne!(
                out.text, text,
                "{}/{}: a fix changed nothing",
                fixture.code, fixture.name
            );
            text = out.text;
            passes += 1;
            assert!(
                passes <= 4,
                "{}/{}: fixes do not settle:\n{text}",
                fixture.code,
                fixture.name
            );
        }
    }
}

#[test]
fn a_yaml_rename_keeps_comments_quotes_and_flow_style() {
    let template = |action: &str| {
        format!(
            "Resources:
  Experiment:
    Type: AWS::FIS::ExperimentTemplate
    Properties:
      Description: fixes
      RoleArn: arn:aws:iam::123456789012:role/fis
      StopConditions: [{{Source: none}}]
      Targets:
        Web: {{ResourceType: aws:ec2:instance, ResourceTags: {{Role: web}}, SelectionMode: ALL}}
      Actions:
{action}
      Tags: {{Name: fixes}}
"
        )
    };
    for (written, meant) in [
        (
            "        Stop:\n          ActionId: aws:ec2:stop-instance # the web tier\n          Targets: {Instances: Web}",
            "        Stop:\n          ActionId: aws:ec2:stop-instances # the web tier\n          Targets: {Instances: Web}",
        ),
        (
            "        Stop: {ActionId: 'aws:ec2:stop-instance', Targets: {Instances: Web}}",
            "        Stop: {ActionId: 'aws:ec2:stop-instances', Targets: {Instances: Web}}",
        ),
        (
            "        Stop: {\"ActionId\": \"aws:ec2:stop-instance\", Targets: {Instances: Web}}",
            "        Stop: {\"ActionId\": \"aws:ec2:stop-instances\", Targets: {Instances: Web}}",
        ),
        (
            "        Stop:\n          ActionId: aws:ec2:stop-instances\n          Targets: {\"Instance\": Web}",
            "        Stop:\n          ActionId: aws:ec2:stop-instances\n          Targets: {\"Instances\": Web}",
        ),
    ] {
        let (text, _) = fixed("t.yaml", &template(written));
        assert_eq!(text, template(meant));
    }
}

#[test]
fn one_name_where_a_list_belongs_becomes_a_list_of_one() {
    let text = api_template(
        WEB,
        r#"{"Wait": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}},
            "Stop": {"actionId": "aws:ec2:stop-instances", "startAfter": "Wait",
                     "targets": {"Instances": "Web"}}}"#,
    );
    let (text, after) = fixed("t.json", &text);
    assert!(text.contains(r#""startAfter": ["Wait"],"#), "{text}");
    assert_only_advice(&after);
    let yaml = "Resources:
  Experiment:
    Type: AWS::FIS::ExperimentTemplate
    Properties:
      Description: fixes
      RoleArn: arn:aws:iam::123456789012:role/fis
      StopConditions: [{Source: none}]
      Targets:
        Web: {ResourceType: aws:ec2:instance, ResourceTags: {Role: web}, SelectionMode: ALL}
      Actions:
        Wait: {ActionId: 'aws:fis:wait', Parameters: {duration: PT1M}}
        Stop: {ActionId: aws:ec2:stop-instances, StartAfter: Wait, Targets: {Instances: Web}}
      Tags: {Name: fixes}
";
    let (text, after) = fixed("t.yaml", yaml);
    assert!(text.contains("StartAfter: [Wait],"), "{text}");
    assert_only_advice(&after);
}

/// Checking each rename against every key of a huge map would be quadratic; past
/// `RENAME_SIBLING_LIMIT` keys none is offered (`Instance0` would otherwise become `Instances`).
#[test]
fn no_rename_is_offered_in_a_map_past_the_limit() {
    let keys: Vec<String> = (0..20_000)
        .map(|i| format!("\"Instance{i}\": \"Web\""))
        .collect();
    let actions = format!(
        r#"{{"Stop": {{"actionId": "aws:ec2:stop-instances", "targets": {{{}}}}}}}"#,
        keys.join(", ")
    );
    let text = api_template(WEB, &actions);
    let started = std::time::Instant::now();
    let report = lint_text("t.json", &text);
    let took = started.elapsed();
    let ours: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == UnsupportedTargetKey::CODE)
        .collect();
    assert_eq!(ours.len(), 20_000);
    assert!(ours.iter().all(|d| d.fix.is_none()));
    assert!(took < std::time::Duration::from_secs(20), "{took:?}");
}

#[test]
fn every_rule_says_whether_it_fixes_and_the_fixtures_agree() {
    for rule in fislint::rules::ALL {
        let meta = rule.meta();
        let docs = meta.docs();
        let section = docs
            .split_once("## Fix availability\n")
            .map(|(_, rest)| rest.split("\n## ").next().unwrap_or_default())
            .unwrap_or_else(|| panic!("{}: no `## Fix availability`", meta.code));
        let pinned = common::fixtures_dir().join(meta.code).join("fixes.txt");
        if section.starts_with("None") {
            assert!(
                !pinned.exists(),
                "{}: says None, but fixes.txt pins fixes",
                meta.code
            );
        } else {
            assert!(
                section.starts_with("Sometimes") || section.starts_with("Always"),
                "{}: {section}",
                meta.code
            );
            assert!(
                pinned.exists(),
                "{}: no fail fixture shows its fix",
                meta.code
            );
        }
    }
}
