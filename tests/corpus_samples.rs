//! Real public templates (`tests/corpus/`, credited in its SOURCES.md): what fislint finds in
//! each is pinned, and the correct ones must stay free of errors.

use crate::common;

use std::path::Path;

use fislint::diagnostic::Severity;

fn findings(name: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(name);
    let report = common::lint_path(&path, name);
    assert!(report.templates > 0, "{name}: no template found");
    report
        .diagnostics
        .iter()
        .map(|d| {
            let at = report.source.line_col(d.span.start());
            format!(
                "{} {} {}:{} {}",
                d.code, d.severity, at.line, at.column, d.message
            )
        })
        .collect()
}

fn error_codes(name: &str) -> Vec<String> {
    let mut codes: Vec<String> = findings(name)
        .iter()
        .filter(|f| f.contains(&format!(" {} ", Severity::Error)))
        .map(|f| f[..6].to_owned())
        .collect();
    codes.dedup();
    codes
}

#[test]
fn correct_templates_have_no_errors() {
    for name in [
        "aws-samples__aws-fault-injection-simulator-workshop-v2__az-experiment__fis-az-experiment-template.json",
        "aws-samples__aws-fault-injection-simulator-workshop-v2__intro-experiment__intro-experiment-cfn-template.json",
        "aws-samples__aws-fault-injection-simulator-workshop-v2__ssm-experiment__CPUStressInstances.yaml",
        "aws-samples__aws-fis-exp-tem-using-cft-automation__awsfis_experiment_template_networkdisrupt.yaml",
        "aws-samples__fis-api-failure-injection-using-iam__template.yaml",
        "aws-samples__fis-template-library__ec2-spot-interruption__fis-spot-interruption.json",
    ] {
        assert!(
            error_codes(name).is_empty(),
            "{name}: {:#?}",
            findings(name)
        );
    }
}

#[test]
fn real_defects_are_found() {
    // A CloudFormation resource written with the API's camelCase keys.
    assert_eq!(
        error_codes("aws-samples__fis-template-library__TestEnvironment.yaml"),
        ["FIS020"]
    );
    // An action and a resource type that FIS does not have.
    assert_eq!(
        error_codes(
            "aws-samples__fis-template-library__aurora-cluster-failover__old-aurora-cluster-failover-template.json"
        ),
        ["FIS002", "FIS001"]
    );
    // `startAfterDelay` is in neither the API nor the CloudFormation schema.
    assert_eq!(
        error_codes(
            "aws-samples__fis-template-library__mysql-rds-loadtest-failover__fis-experiment-template.json"
        ),
        ["FIS020"]
    );
    // An outdated workshop template: `duration` where the action takes `maxDuration`.
    assert_eq!(
        error_codes(
            "aws-samples__aws-fault-injection-simulator-workshop__workshop__content__030_basic_content__090_scenarios__010_simulating_az_issues__020_impact_ec2-asg__fis-template.json"
        ),
        ["FIS009", "FIS008"]
    );
}

#[test]
fn every_finding_is_pinned() {
    let mut names: Vec<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus"))
            .unwrap()
            .map(|e| e.unwrap())
            // `terraform/` holds the Terraform corpus, pinned on its own.
            .filter(|e| e.path().is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.ends_with(".md"))
            .collect();
    names.sort();
    let all: Vec<(String, Vec<String>)> = names.iter().map(|n| (n.clone(), findings(n))).collect();
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_yaml_snapshot!("corpus_findings", all);
    });
}

/// The Terraform corpus (`tests/corpus/terraform/`, credited in its SOURCES.md; `synthetic/`
/// holds hand-made cases real files lack): no file crashes, every finding is pinned, and each was
/// judged against `NOTES.md`.
#[test]
fn every_terraform_finding_is_pinned() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/terraform");
    let mut paths: Vec<std::path::PathBuf> = ["", "synthetic"]
        .iter()
        .flat_map(|sub| std::fs::read_dir(dir.join(sub)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.to_string_lossy();
            name.ends_with(".tf") || name.ends_with(".tf.json")
        })
        .collect();
    paths.sort();
    let real = paths
        .iter()
        .filter(|p| !p.to_string_lossy().contains("synthetic"))
        .count();
    assert!(real >= 20, "only {real} real Terraform files");
    let all: Vec<(String, Vec<String>)> = paths
        .iter()
        .map(|path| {
            let name = path
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let report = common::lint_path(path, &name);
            let found = report
                .diagnostics
                .iter()
                .map(|d| {
                    let at = report.source.line_col(d.span.start());
                    format!(
                        "{} {} {}:{} {}",
                        d.code, d.severity, at.line, at.column, d.message
                    )
                })
                .collect();
            (name, found)
        })
        .collect();
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_yaml_snapshot!("terraform_corpus_findings", all);
    });
}
