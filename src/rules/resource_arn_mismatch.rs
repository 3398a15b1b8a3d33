use super::{Context, Rule, RuleMeta, declare_rule};
use crate::arn::Arn;
use crate::diagnostic::{Diagnostic, quoted};

declare_rule! {
    /// ## What it does
    /// Checks that every ARN in a target's `resourceArns` is well formed and names a resource of
    /// the target's resource type: an `aws:ec2:instance` target lists
    /// `arn:aws:ec2:…:instance/…` ARNs, an `aws:rds:cluster` target `arn:aws:rds:…:cluster:…`.
    ///
    /// ## Why is this bad?
    /// FIS cannot resolve a target whose ARNs name other kinds of resources, and the experiment
    /// fails when it starts. Mixing up an RDS cluster and instance, or an EC2 instance and its
    /// volume, is the usual cause.
    ///
    /// ## Example
    /// ```yaml
    /// Targets:
    ///   Web:
    ///     ResourceType: aws:ec2:instance
    ///     ResourceArns:
    ///       - arn:aws:rds:us-east-1:123456789012:cluster:orders
    ///     SelectionMode: ALL
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// Targets:
    ///   Web:
    ///     ResourceType: aws:ec2:instance
    ///     ResourceArns:
    ///       - arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0
    ///     SelectionMode: ALL
    /// ```
    ///
    /// ## References
    /// - [Identify target resources](https://docs.aws.amazon.com/fis/latest/userguide/targets.html#target-identification)
    /// - [Amazon Resource Names](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html)
    pub struct ResourceArnMismatch {
        code: "FIS018",
        name: "resource-arn-mismatch",
        severity: Error,
    }
}

/// The ARN service and resource-type prefixes of each target resource type's ARNs (from the
/// Service Authorization Reference). An empty prefix list checks the service alone: S3 bucket
/// ARNs have no type prefix, and ARC managed resources and MemoryDB multi-Region clusters are not
/// pinned down precisely enough by public documentation.
const ARN_SHAPES: &[(&str, &str, &[&str])] = &[
    (
        "aws:directconnect:virtual-interface",
        "directconnect",
        &["dxvif"],
    ),
    ("aws:dsql:cluster", "dsql", &["cluster"]),
    ("aws:dynamodb:global-table", "dynamodb", &["table"]),
    (
        "aws:ec2:autoscaling-group",
        "autoscaling",
        &["autoScalingGroup"],
    ),
    ("aws:ec2:ebs-volume", "ec2", &["volume"]),
    ("aws:ec2:instance", "ec2", &["instance"]),
    ("aws:ec2:spot-instance", "ec2", &["instance"]),
    ("aws:ec2:subnet", "ec2", &["subnet"]),
    ("aws:ec2:transit-gateway", "ec2", &["transit-gateway"]),
    ("aws:ec2:vpc-endpoint", "ec2", &["vpc-endpoint"]),
    ("aws:ecs:cluster", "ecs", &["cluster"]),
    ("aws:ecs:task", "ecs", &["task"]),
    ("aws:eks:cluster", "eks", &["cluster"]),
    ("aws:eks:nodegroup", "eks", &["nodegroup"]),
    (
        "aws:elasticache:redis-replicationgroup",
        "elasticache",
        &["replicationgroup"],
    ),
    (
        "aws:elasticache:replicationgroup",
        "elasticache",
        &["replicationgroup"],
    ),
    ("aws:iam:role", "iam", &["role"]),
    ("aws:kinesis:stream", "kinesis", &["stream"]),
    ("aws:lambda:function", "lambda", &["function"]),
    ("aws:memorydb:multi-region-cluster", "memorydb", &[]),
    ("aws:rds:cluster", "rds", &["cluster"]),
    ("aws:rds:db", "rds", &["db"]),
    ("aws:s3:bucket", "s3", &[]),
];

impl Rule for ResourceArnMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        for target in ctx.experiment.targets().known() {
            let Some(rtype) = target.resource_type().and_then(|t| t.text()) else {
                continue;
            };
            let shape = ARN_SHAPES.iter().find(|(t, _, _)| *t == rtype);
            let Some(arns) = target.resource_arns() else {
                continue;
            };
            for item in arns.items().known() {
                let Some(text) = item.literal_text() else {
                    continue;
                };
                if ctx.report_placeholder(&Self::META, item, "a resource ARN")
                    || ctx.report_empty(&Self::META, item, "an entry of `resourceArns`")
                {
                    continue;
                }
                let problem = match Arn::parse(text) {
                    Err(why) => Some((
                        format!("resource ARN {} is malformed", quoted(text)),
                        why.to_owned(),
                    )),
                    Ok(arn) => shape.and_then(|&(_, service, prefixes)| {
                        let fits = arn.service == service
                            && (prefixes.is_empty()
                                || prefixes.contains(&arn.resource_type())
                                    && arn.has_resource_id());
                        (!fits).then(|| {
                            let example = match prefixes.first() {
                                Some(prefix) => {
                                    format!("`arn:aws:{service}:<region>:<account>:{prefix}/…`")
                                }
                                None => format!("`arn:aws:{service}:…`"),
                            };
                            (
                                format!(
                                    "resource ARN {} does not fit target type {}",
                                    quoted(text),
                                    quoted(rtype)
                                ),
                                format!("{} targets take ARNs like {example}", quoted(rtype)),
                            )
                        })
                    }),
                };
                let Some((message, help)) = problem else {
                    continue;
                };
                ctx.report(
                    Diagnostic::new(&Self::META, message, item.span(), item.pointer.clone())
                        .with_label(format!(
                            "target {} is {}",
                            quoted(target.name()),
                            quoted(rtype)
                        ))
                        .with_help(help),
                );
            }
        }
    }
}
