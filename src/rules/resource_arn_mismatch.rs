use super::{Context, Rule, RuleMeta, declare_rule};
use crate::arn::Arn;
use crate::catalog::{ArnForm, ArnForms, Fit, describe_forms, fit_forms};
use crate::diagnostic::{Diagnostic, quoted};
use crate::template::{Form, Located, Target};

declare_rule! {
    /// ## What it does
    /// Checks that every ARN in a target's `resourceArns` is well formed and has the form the AWS
    /// Service Authorization Reference gives for the target's resource type, account and Region
    /// included.
    ///
    /// An `aws:ec2:instance` target lists `arn:aws:ec2:<region>:<account>:instance/<id>` ARNs, an
    /// `aws:rds:cluster` target `arn:aws:rds:<region>:<account>:cluster:<name>`, an `aws:rds:db`
    /// target `arn:aws:rds:<region>:<account>:db:<name>`. An ARN whose form has an account ID or
    /// a Region must carry one; S3 bucket ARNs (`arn:aws:s3:::<bucket>`) have neither by design,
    /// and a multi-Region MemoryDB cluster has no Region.
    ///
    /// ## Why is this bad?
    /// FIS cannot resolve a target whose ARNs name other kinds of resources, or whose ARNs leave
    /// out the account or Region that owns the resource, and the experiment fails when it starts.
    /// Mixing up an RDS cluster and instance, or an EC2 instance and its volume, is the usual
    /// cause; writing `cluster/orders` where RDS writes `cluster:orders` is another.
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
    /// ## Fix availability
    /// None: the right ARN, account or Region is not in the template.
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

impl Rule for ResourceArnMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        for target in ctx.experiment.targets().known() {
            let Some(rtype) = target.resource_type().and_then(|t| t.text()) else {
                continue;
            };
            let forms = ArnForms::builtin().of_resource_type(rtype);
            let Some(arns) = target.resource_arns() else {
                continue;
            };
            let entry = match ctx.experiment.form {
                Form::Terraform => "an entry of `resource_arns`",
                Form::Api | Form::CloudFormation => "an entry of `resourceArns`",
            };
            for item in arns.items().known() {
                let Some(text) = item.literal_text() else {
                    continue;
                };
                if ctx.report_placeholder(&Self::META, item, "a resource ARN")
                    || ctx.report_empty(&Self::META, item, entry)
                {
                    continue;
                }
                // Pods have no ARN (FIS014 says so); a type the facts lack is not judged.
                let forms = forms.filter(|f| !f.is_empty());
                let takes = |forms: &[ArnForm], partition: &str| {
                    format!(
                        "{} targets take ARNs of the form {}",
                        quoted(rtype),
                        describe_forms(forms, partition)
                    )
                };
                let arn = match Arn::parse(text) {
                    Ok(arn) => arn,
                    Err(why) => {
                        let message = format!("resource ARN {} is malformed", quoted(text));
                        let help = forms.map_or_else(|| why.to_owned(), |f| takes(f, "aws"));
                        report(ctx, target, rtype, item, message, why, help);
                        continue;
                    }
                };
                let Some(forms) = forms else {
                    continue;
                };
                let (message, label, help) = match fit_forms(forms, &arn) {
                    Fit::Fits => continue,
                    Fit::OtherResource => (
                        format!(
                            "resource ARN {} does not fit target type {}",
                            quoted(text),
                            quoted(rtype)
                        ),
                        format!("a `{}` `{}` ARN", arn.service, arn.resource_type()),
                        takes(forms, arn.partition),
                    ),
                    Fit::NoAccount(form) => (
                        format!("resource ARN {} has no account ID", quoted(text)),
                        "no account ID".to_owned(),
                        format!(
                            "add the 12-digit ID of the account that owns the resource: `{}`",
                            form.display(arn.partition)
                        ),
                    ),
                    Fit::NoRegion(form) => (
                        format!("resource ARN {} has no Region", quoted(text)),
                        "no Region".to_owned(),
                        format!(
                            "add the Region the resource is in: `{}`",
                            form.display(arn.partition)
                        ),
                    ),
                };
                report(ctx, target, rtype, item, message, &label, help);
            }
        }
    }
}

fn report(
    ctx: &mut Context<'_>,
    target: &Target<'_>,
    rtype: &str,
    item: &Located<'_>,
    message: String,
    label: &str,
    help: String,
) {
    ctx.report(
        Diagnostic::new(
            &ResourceArnMismatch::META,
            message,
            item.span(),
            item.pointer.clone(),
        )
        .with_label(label.to_owned())
        .with_secondary(
            target.located().key_or_value_span(),
            format!("target {} is {}", quoted(target.name()), quoted(rtype)),
        )
        .with_help(help),
    );
}
