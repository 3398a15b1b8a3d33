//! Terraform as a template form end to end: `.tf` and `.tf.json` files found by the walk, read
//! through the same rules, suppressed by comments, and reported in every format.

use crate::common;

use common::{check_json_in, lint_text, write};

const BROKEN: &str = r#"# fislint: ignore FIS003 -- the dev account has no alarms yet
resource "aws_fis_experiment_template" "chaos" {
  description = "stop one web instance"
  role_arn    = aws_iam_role.fis.arn

  stop_condition {
    source = "none"
  }

  action {
    name      = "stop"
    action_id = "aws:ec2:stop-instance"
    target {
      key   = "Instances"
      value = "web"
    }
  }

  target {
    name           = "web"
    resource_type  = "aws:ec2:instance"
    selection_mode = "COUNT(1)"
    resource_tag {
      key   = "env"
      value = "test"
    }
  }
}
"#;

fn codes(report: &fislint::lint::FileReport) -> Vec<&str> {
    report.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn a_finding_points_at_the_attribute_value_and_comments_suppress() {
    let report = lint_text("main.tf", BROKEN);
    assert_eq!(codes(&report), ["FIS001"], "{:#?}", report.diagnostics);
    let finding = &report.diagnostics[0];
    let at = report.source.line_col(finding.span.start());
    assert_eq!((at.line, at.column), (12, 17));
    assert_eq!(
        &BROKEN[finding.span.start()..finding.span.end()],
        "\"aws:ec2:stop-instance\""
    );
    assert_eq!(
        finding.pointer.as_str(),
        "/aws_fis_experiment_template.chaos/actions/stop/actionId"
    );
    // Without its comment, the suppressed warning comes back.
    let unsuppressed = BROKEN.replacen("# fislint: ignore FIS003", "# note", 1);
    let report = lint_text("main.tf", &unsuppressed);
    assert!(
        codes(&report).contains(&"FIS003"),
        "{:#?}",
        report.diagnostics
    );
}

#[test]
fn a_missing_property_points_at_the_name_of_its_block() {
    let text = BROKEN.replace("    action_id = \"aws:ec2:stop-instance\"\n", "");
    let report = lint_text("main.tf", &text);
    let missing = report
        .diagnostics
        .iter()
        .find(|d| d.code == "FIS020")
        .unwrap_or_else(|| panic!("{:#?}", report.diagnostics));
    assert_eq!(&text[missing.span.start()..missing.span.end()], "\"stop\"");
    assert!(missing.message.contains("action_id"), "{}", missing.message);
}

#[test]
fn values_known_only_at_apply_are_skipped() {
    let text = BROKEN
        .replace("\"aws:ec2:stop-instance\"", "var.action_id")
        .replace("\"COUNT(1)\"", "\"COUNT(${var.count})\"");
    let report = lint_text("main.tf", &text);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
}

#[test]
fn terraform_json_reads_like_hcl() {
    let text = r#"{"resource": {"aws_fis_experiment_template": {"chaos": {
  "//": "fislint: ignore FIS003 -- dev account",
  "description": "d",
  "role_arn": "${aws_iam_role.fis.arn}",
  "stop_condition": [{"source": "none"}],
  "action": [{"name": "stop", "action_id": "aws:ec2:stop-instance",
              "target": {"key": "Instances", "value": "web"}}],
  "target": [{"name": "web", "resource_type": "aws:ec2:instance", "selection_mode": "COUNT(1)",
              "resource_tag": [{"key": "env", "value": "test"}]}]
}}}}"#;
    let report = lint_text("main.tf.json", text);
    assert_eq!(codes(&report), ["FIS001"], "{:#?}", report.diagnostics);
}

#[test]
fn the_walk_finds_terraform_templates_and_passes_over_other_terraform() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "infra/fis.tf", BROKEN);
    write(
        dir.path(),
        "infra/bucket.tf",
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n",
    );
    write(
        dir.path(),
        "infra/broken.tf",
        "resource \"aws_fis_experiment_template\" \"x\" {\n",
    );
    let (status, report, _) = check_json_in(dir.path(), &["."]);
    assert_eq!(status, 1);
    let files: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert!(files.iter().any(|f| f.ends_with("fis.tf")), "{report:#}");
    assert!(files.iter().any(|f| f.ends_with("broken.tf")), "{report:#}");
    assert!(
        !files.iter().any(|f| f.ends_with("bucket.tf")),
        "{report:#}"
    );
    let syntax = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file"].as_str().unwrap().ends_with("broken.tf"))
        .unwrap();
    assert_eq!(syntax["code"], "FIS000");
}

#[test]
fn sarif_and_github_outputs_locate_terraform_findings() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "fis.tf", BROKEN);
    let run = |format: &str| {
        let output = assert_cmd::Command::cargo_bin("fislint")
            .unwrap()
            .current_dir(dir.path())
            .args(["check", "--format", format, "fis.tf"])
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "FIS001");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_i64(), region["startColumn"].as_i64()),
        (Some(12), Some(17))
    );
    let github = run("github");
    assert!(github.contains("file=fis.tf,line=12,col=17"), "{github}");
}
