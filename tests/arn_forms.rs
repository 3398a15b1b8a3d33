//! FIS018 against every catalog resource type: an ARN of the form the Service Authorization
//! Reference gives passes; another service, another resource form, or a missing account fails,
//! and the help shows the form of that type. The ARNs here are written out by hand from AWS
//! documentation, so they check the facts rather than repeat them.

use fislint::catalog::{ArnForms, Catalog};
use fislint::config::RuleSet;
use fislint::lint::{Settings, lint_file};
use fislint::rules::ResourceArnMismatch;
use fislint::source::SourceFile;
use fislint::walk::FileOrigin;

/// Per type: a right ARN, a near miss of another form, and the help's form.
const CASES: &[(&str, &str, &str, &str)] = &[
    (
        "aws:arc:zonal-shift-managed-resource",
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188",
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/73e2d6bc24d8a067",
        "arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/net/<loadBalancerName>/<loadBalancerId>",
    ),
    (
        "aws:directconnect:virtual-interface",
        "arn:aws:directconnect:us-east-1:123456789012:dxvif/dxvif-ffhhk74f",
        "arn:aws:directconnect:us-east-1:123456789012:dxcon/dxcon-fguhmqlc",
        "arn:aws:directconnect:<region>:<account>:dxvif/<virtualInterfaceId>",
    ),
    (
        "aws:dsql:cluster",
        "arn:aws:dsql:us-east-1:123456789012:cluster/abc0def1baz2quux3quuux4",
        "arn:aws:dsql:us-east-1:123456789012:cluster:abc0def1baz2quux3quuux4",
        "arn:aws:dsql:<region>:<account>:cluster/<identifier>",
    ),
    (
        "aws:dynamodb:global-table",
        "arn:aws:dynamodb:us-east-1:123456789012:table/orders",
        "arn:aws:dynamodb::123456789012:global-table/orders",
        "arn:aws:dynamodb:<region>:<account>:table/<tableName>",
    ),
    (
        "aws:ec2:autoscaling-group",
        "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:c4f4ac06-5e0d-4a8b-9c8f-3d8e6b1c2a10:autoScalingGroupName/web",
        "arn:aws:autoscaling:us-east-1:123456789012:launchConfiguration:c4f4ac06:launchConfigurationName/web",
        "arn:aws:autoscaling:<region>:<account>:autoScalingGroup:<groupId>:autoScalingGroupName/<groupFriendlyName>",
    ),
    (
        "aws:ec2:ebs-volume",
        "arn:aws:ec2:us-east-1:123456789012:volume/vol-0123456789abcdef0",
        "arn:aws:ec2:us-east-1:123456789012:snapshot/snap-0123456789abcdef0",
        "arn:aws:ec2:<region>:<account>:volume/<volumeId>",
    ),
    (
        "aws:ec2:instance",
        "arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0",
        "arn:aws:ec2:us-east-1:123456789012:volume/vol-0123456789abcdef0",
        "arn:aws:ec2:<region>:<account>:instance/<instanceId>",
    ),
    (
        "aws:ec2:spot-instance",
        "arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0",
        "arn:aws:ec2:us-east-1:123456789012:spot-instances-request/sir-08b93456",
        "arn:aws:ec2:<region>:<account>:instance/<instanceId>",
    ),
    (
        "aws:ec2:subnet",
        "arn:aws:ec2:us-east-1:123456789012:subnet/subnet-0123456789abcdef0",
        "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0123456789abcdef0",
        "arn:aws:ec2:<region>:<account>:subnet/<subnetId>",
    ),
    (
        "aws:ec2:transit-gateway",
        "arn:aws:ec2:us-east-1:123456789012:transit-gateway/tgw-0123456789abcdef0",
        "arn:aws:ec2:us-east-1:123456789012:transit-gateway-attachment/tgw-attach-0123456789",
        "arn:aws:ec2:<region>:<account>:transit-gateway/<transitGatewayId>",
    ),
    (
        "aws:ec2:vpc-endpoint",
        "arn:aws:ec2:us-east-1:123456789012:vpc-endpoint/vpce-0123456789abcdef0",
        "arn:aws:ec2:us-east-1:123456789012:vpc-endpoint-service/vpce-svc-0123456789",
        "arn:aws:ec2:<region>:<account>:vpc-endpoint/<vpcEndpointId>",
    ),
    (
        "aws:ecs:cluster",
        "arn:aws:ecs:us-east-1:123456789012:cluster/web",
        "arn:aws:ecs:us-east-1:123456789012:service/web/api",
        "arn:aws:ecs:<region>:<account>:cluster/<clusterName>",
    ),
    (
        "aws:ecs:task",
        "arn:aws:ecs:us-east-1:123456789012:task/web/0123456789abcdef0123456789abcdef",
        "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3",
        "arn:aws:ecs:<region>:<account>:task/<clusterName>/<taskId>",
    ),
    (
        "aws:eks:cluster",
        "arn:aws:eks:us-east-1:123456789012:cluster/web",
        "arn:aws:eks:us-east-1:123456789012:addon/web/vpc-cni/1a2b3c4d",
        "arn:aws:eks:<region>:<account>:cluster/<clusterName>",
    ),
    (
        "aws:eks:nodegroup",
        "arn:aws:eks:us-east-1:123456789012:nodegroup/web/workers/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d",
        "arn:aws:eks:us-east-1:123456789012:cluster/web",
        "arn:aws:eks:<region>:<account>:nodegroup/<clusterName>/<nodegroupName>/<uUID>",
    ),
    (
        "aws:elasticache:redis-replicationgroup",
        "arn:aws:elasticache:us-east-1:123456789012:replicationgroup:sessions",
        "arn:aws:elasticache:us-east-1:123456789012:replicationgroup/sessions",
        "arn:aws:elasticache:<region>:<account>:replicationgroup:<replicationGroupId>",
    ),
    (
        "aws:elasticache:replicationgroup",
        "arn:aws:elasticache:us-east-1:123456789012:replicationgroup:sessions",
        "arn:aws:elasticache:us-east-1:123456789012:cluster:sessions-001",
        "arn:aws:elasticache:<region>:<account>:replicationgroup:<replicationGroupId>",
    ),
    (
        "aws:iam:role",
        "arn:aws:iam::123456789012:role/service/app-role",
        "arn:aws:iam::123456789012:user/chaos-engineer",
        "arn:aws:iam::<account>:role/<roleNameWithPath>",
    ),
    (
        "aws:kinesis:stream",
        "arn:aws:kinesis:us-east-1:123456789012:stream/clicks",
        "arn:aws:kinesis:us-east-1:123456789012:stream:clicks",
        "arn:aws:kinesis:<region>:<account>:stream/<streamName>",
    ),
    (
        "aws:lambda:function",
        "arn:aws:lambda:us-east-1:123456789012:function:checkout",
        "arn:aws:lambda:us-east-1:123456789012:layer:checkout:3",
        "arn:aws:lambda:<region>:<account>:function:<functionName>",
    ),
    (
        "aws:memorydb:multi-region-cluster",
        "arn:aws:memorydb::123456789012:multiregioncluster/mrc-sessions",
        "arn:aws:memorydb:us-east-1:123456789012:cluster/sessions",
        "arn:aws:memorydb::<account>:multiregioncluster/<clusterName>",
    ),
    (
        "aws:rds:cluster",
        "arn:aws:rds:us-east-1:123456789012:cluster:orders",
        "arn:aws:rds:us-east-1:123456789012:cluster/orders",
        "arn:aws:rds:<region>:<account>:cluster:<dbClusterInstanceName>",
    ),
    (
        "aws:rds:db",
        "arn:aws:rds:us-east-1:123456789012:db:orders-instance-1",
        "arn:aws:rds:us-east-1:123456789012:cluster:orders",
        "arn:aws:rds:<region>:<account>:db:<dbInstanceName>",
    ),
    (
        "aws:s3:bucket",
        "arn:aws:s3:::orders-replication-source",
        "arn:aws:s3:us-east-1:123456789012:accesspoint/orders",
        "arn:aws:s3:::<bucketName>",
    ),
];

/// FIS018's findings for one target of `resource_type` listing `arn`.
fn findings(resource_type: &str, arn: &str) -> Vec<(String, String)> {
    let template = serde_json::json!({
        "description": "arn forms",
        "roleArn": "arn:aws:iam::123456789012:role/fis",
        "stopConditions": [{"source": "none"}],
        "targets": {"T": {"resourceType": resource_type, "resourceArns": [arn], "selectionMode": "ALL"}},
        "actions": {"Wait": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}}}
    });
    let settings = Settings {
        catalog: Catalog::builtin(),
        rules: RuleSet::default(),
    };
    let source = SourceFile::from_bytes("t.json", template.to_string().into_bytes());
    let report = lint_file(source, &settings, FileOrigin::Named).expect("named files are linted");
    report
        .diagnostics
        .into_iter()
        .filter(|d| d.code == ResourceArnMismatch::CODE)
        .map(|d| (d.message, d.help.unwrap_or_default()))
        .collect()
}

#[test]
fn every_catalog_resource_type_has_a_case_or_has_no_arns() {
    for rtype in Catalog::builtin().resource_types() {
        let forms = ArnForms::builtin()
            .of_resource_type(&rtype.resource_type)
            .unwrap_or_else(|| {
                panic!(
                    "{}: no ARN form in facts/fis-arn-formats.json",
                    rtype.resource_type
                )
            });
        let has_case = CASES
            .iter()
            .any(|(t, ..)| *t == rtype.resource_type.as_str());
        assert_eq!(
            has_case,
            !forms.is_empty(),
            "{}: a case here for every type with ARNs",
            rtype.resource_type
        );
    }
}

#[test]
fn a_right_arn_passes_and_near_misses_fail_with_the_types_form() {
    for &(rtype, right, near_miss, form) in CASES {
        assert_eq!(findings(rtype, right), vec![], "{rtype}: {right}");
        let (_, after_service) = right
            .splitn(4, ':')
            .enumerate()
            .last()
            .map_or((0, ""), |(i, rest)| (i, rest));
        let other_service = format!("arn:aws:sqs:{after_service}");
        for wrong in [near_miss, other_service.as_str()] {
            let found = findings(rtype, wrong);
            assert_eq!(
                found.len(),
                1,
                "{rtype}: {wrong} should fail once: {found:?}"
            );
            let (message, help) = &found[0];
            assert!(message.contains("does not fit"), "{rtype}: {message}");
            assert!(help.contains(form), "{rtype}: help {help:?} lacks {form}");
        }
    }
}

#[test]
fn a_missing_account_fails_where_the_form_has_one() {
    for &(rtype, right, _, form) in CASES {
        let arn = fislint::arn::Arn::parse(right).expect("cases are well formed");
        let without = right.replacen(&format!(":{}:", arn.account), "::", 1);
        let found = findings(rtype, &without);
        if form.contains("<account>") {
            assert_eq!(found.len(), 1, "{rtype}: {without}: {found:?}");
            assert!(found[0].0.contains("has no account ID"), "{found:?}");
            let service = format!("arn:aws:{}:", arn.service);
            assert!(
                found[0].1.contains("<account>") && found[0].1.contains(&service),
                "{found:?}"
            );
        } else {
            assert_eq!(found, vec![], "{rtype}: {without} has no account by design");
        }
    }
}
