//! The role rules' findings in detail: which permissions FIS023 names, where both rules point, and
//! when an uncertain fact makes a finding a warning.

use crate::common;

use fislint::diagnostic::{Diagnostic, Severity};
use fislint::report::FileReport;
use fislint::rules::{MissingRolePermission, UntrustedExperimentRole};

fn fixture(code: &str, name: &str) -> FileReport {
    common::lint_path(&common::fixtures_dir().join(code).join(name), name)
}

use crate::common::lint_text;

fn of_code<'r>(report: &'r FileReport, code: &str) -> Vec<&'r Diagnostic> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .collect()
}

fn underlined(report: &FileReport, span: fislint::source::Span) -> &str {
    &report.source.text[span.start()..span.end()]
}

#[test]
fn an_inline_policy_missing_one_permission_names_exactly_that_one() {
    for name in [
        "fail-inline-missing-one-cfn.json",
        "fail-inline-missing-one-cfn.yaml",
    ] {
        let report = fixture(MissingRolePermission::CODE, name);
        let found = of_code(&report, MissingRolePermission::CODE);
        assert_eq!(found.len(), 1, "{name}");
        let finding = found[0];
        assert_eq!(
            finding.message,
            "role `FisRole` does not grant `ec2:StartInstances` needed by action `Stop` \
             (`aws:ec2:stop-instances`)",
            "{name}"
        );
        assert_eq!(finding.severity, Severity::Error);
        assert_eq!(
            finding.pointer.as_str(),
            "/Resources/Experiment/Properties/Actions/Stop/ActionId"
        );
        let role = &finding.secondary[0];
        assert_eq!(role.message, "role defined here");
        assert!(underlined(&report, role.span).contains("FisRole"), "{name}");
        let help = finding.help.as_deref().unwrap();
        assert!(
            help.contains(r#""Action":["ec2:StartInstances"]"#),
            "{name}: {help}"
        );
        assert!(help.contains("fislint policy"), "{name}: {help}");
    }
}

#[test]
fn a_managed_policy_of_another_service_grants_none_of_the_actions() {
    let report = fixture(
        MissingRolePermission::CODE,
        "fail-managed-policy-other-service-cfn.yaml",
    );
    let found = of_code(&report, MissingRolePermission::CODE);
    assert_eq!(found.len(), 1);
    assert!(
        found[0]
            .message
            .contains("`ec2:StartInstances`, `ec2:StopInstances`"),
        "{}",
        found[0].message
    );
}

#[test]
fn one_finding_per_fis_action() {
    let report = lint_text(
        "two.yaml",
        "Resources:
  FisRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: fis.amazonaws.com}, Action: sts:AssumeRole}]
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement: [{Effect: Allow, Action: ['ec2:Stop*', 'ec2:Start*'], Resource: '*'}]
  Experiment:
    Type: AWS::FIS::ExperimentTemplate
    Properties:
      RoleArn: !GetAtt FisRole.Arn
      StopConditions: [{Source: none}]
      Targets:
        Web: {ResourceType: aws:ec2:instance, ResourceTags: {Tier: web}, SelectionMode: ALL}
      Actions:
        Stop: {ActionId: aws:ec2:stop-instances, Targets: {Instances: Web}}
        Reboot: {ActionId: aws:ec2:reboot-instances, Targets: {Instances: Web}}
        Terminate: {ActionId: aws:ec2:terminate-instances, Targets: {Instances: Web}}
",
    );
    let messages: Vec<&str> = of_code(&report, MissingRolePermission::CODE)
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "role `FisRole` does not grant `ec2:DescribeInstances`, `ec2:RebootInstances` \
             needed by action `Reboot` (`aws:ec2:reboot-instances`)",
            "role `FisRole` does not grant `ec2:DescribeInstances`, `ec2:TerminateInstances` \
             needed by action `Terminate` (`aws:ec2:terminate-instances`)",
        ]
    );
}

#[test]
fn a_finding_on_an_uncertain_fact_is_a_warning() {
    let report = lint_text(
        "legacy.yaml",
        "Resources:
  FisRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: fis.amazonaws.com}, Action: sts:AssumeRole}]
  Experiment:
    Type: AWS::FIS::ExperimentTemplate
    Properties:
      RoleArn: !GetAtt FisRole.Arn
      StopConditions: [{Source: none}]
      Actions:
        Power:
          ActionId: aws:elasticache:interrupt-cluster-az-power
          Parameters: {duration: PT5M}
",
    );
    let found = of_code(&report, MissingRolePermission::CODE);
    assert_eq!(found.len(), 1);
    assert!(found[0].tentative);
    assert_eq!(found[0].severity, Severity::Warning);
}

#[test]
fn the_trust_warning_points_at_the_use_and_labels_the_trust_policy() {
    let report = fixture(UntrustedExperimentRole::CODE, "fail-cfn.yaml");
    let found = of_code(&report, UntrustedExperimentRole::CODE);
    assert_eq!(found.len(), 1);
    let finding = found[0];
    assert_eq!(finding.severity, Severity::Warning);
    assert_eq!(
        finding.pointer.as_str(),
        "/Resources/Experiment/Properties/RoleArn"
    );
    assert_eq!(
        underlined(&report, finding.secondary[0].span),
        "AssumeRolePolicyDocument"
    );
    assert!(
        of_code(&report, MissingRolePermission::CODE).is_empty(),
        "the managed policy grants every permission"
    );
}
