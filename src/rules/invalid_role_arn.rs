use super::{Context, Rule, RuleMeta, declare_rule};
use crate::arn::Arn;
use crate::diagnostic::{Diagnostic, quoted};
use crate::template::field;

declare_rule! {
    /// ## What it does
    /// Checks that the template names the IAM role FIS assumes, as the ARN of an IAM role (not a
    /// user, not a bare role name).
    ///
    /// ## Why is this bad?
    /// FIS runs every action with this role's permissions and rejects a template without one, or
    /// with an ARN that is not a role. A bare name (`FisExperimentRole`) or a user ARN are common
    /// mistakes; in CloudFormation, `!GetAtt Role.Arn` gives the right value.
    ///
    /// ## Example
    /// ```yaml
    /// Properties:
    ///   RoleArn: FisExperimentRole
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// Properties:
    ///   RoleArn: !GetAtt FisExperimentRole.Arn
    /// ```
    ///
    /// ## References
    /// - [IAM roles for AWS FIS experiments](https://docs.aws.amazon.com/fis/latest/userguide/getting-started-iam-service-role.html)
    pub struct InvalidRoleArn {
        code: "FIS017",
        name: "invalid-role-arn",
        severity: Error,
    }
}

impl Rule for InvalidRoleArn {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let experiment = ctx.experiment;
        let name = field::ROLE_ARN.name(experiment.form);
        let Some(role) = experiment.role_arn() else {
            ctx.report(
                Diagnostic::new(
                    &Self::META,
                    format!("{} has no {}", experiment.label(), quoted(name)),
                    experiment.anchor,
                    experiment.body.pointer.child(name),
                )
                .with_label("no role")
                .with_help(format!(
                    "add {} with the ARN of the IAM role FIS assumes to run the experiment",
                    quoted(name)
                )),
            );
            return;
        };
        let Some(text) = role.literal_text() else {
            return;
        };
        if ctx.report_placeholder(&Self::META, &role, &quoted(name))
            || ctx.report_empty(&Self::META, &role, &quoted(name))
        {
            return;
        }
        let problem = match Arn::parse(text) {
            Err(why) => why.to_owned(),
            Ok(arn)
                if arn.service == "iam"
                    && arn.resource_type() == "role"
                    && arn.has_resource_id() =>
            {
                return;
            }
            Ok(arn) => format!("this is an `{}` `{}` ARN", arn.service, arn.resource_type()),
        };
        let help = if text.starts_with("arn:") {
            "use the ARN of an IAM role, `arn:aws:iam::<account>:role/<name>`".to_owned()
        } else {
            format!("use the role's full ARN, `arn:aws:iam::<account>:role/{text}`")
        };
        ctx.report(
            Diagnostic::new(
                &Self::META,
                format!("{} {} is not an IAM role ARN", quoted(name), quoted(text)),
                role.span(),
                role.pointer.clone(),
            )
            .with_label(problem)
            .with_help(help),
        );
    }
}
