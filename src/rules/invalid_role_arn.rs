use super::{Context, Rule, RuleMeta, declare_rule};
use crate::arn::Arn;
use crate::catalog::{ArnField, ArnForm, ArnForms, Fit, describe_forms, fit_forms};
use crate::diagnostic::{Applicability, Diagnostic, quoted};
use crate::template::Field;

declare_rule! {
    /// ## What it does
    /// Checks that the template names the IAM role FIS assumes, as the full ARN of an IAM role:
    /// not a user, not a bare role name, not an ARN without the role's account.
    ///
    /// A role ARN is `arn:aws:iam::<account>:role/<name>`: IAM ARNs have no Region, but always
    /// the account.
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
    /// ## Fix availability
    /// Sometimes: a role ARN written with a Region is safely rewritten without it, since IAM is
    /// global. A missing account or role name is the author's to give.
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
        let name = experiment.form.written(Field::RoleArn);
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
        let forms = ArnForms::builtin().of_field(ArnField::Role);
        let not_a_role = |problem: String| {
            let help = if text.starts_with("arn:") {
                format!(
                    "use the ARN of an IAM role, {}",
                    describe_forms(forms, "aws")
                )
            } else {
                format!("use the role's full ARN, `arn:aws:iam::<account>:role/{text}`")
            };
            (
                format!("{} {} is not an IAM role ARN", quoted(name), quoted(text)),
                problem,
                help,
            )
        };
        let (message, problem, help) = match Arn::parse(text) {
            Err(why) => not_a_role(why.to_owned()),
            Ok(arn) => match fit_forms(forms, &arn) {
                Fit::Fits => return,
                Fit::NoAccount(form) => (
                    format!("{} {} has no account ID", quoted(name), quoted(text)),
                    "no account ID".to_owned(),
                    format!(
                        "add the 12-digit ID of the account the role is in: `{}`",
                        form.display(arn.partition)
                    ),
                ),
                Fit::NoRegion(_) | Fit::OtherResource => not_a_role(format!(
                    "this is an `{}` `{}` ARN",
                    arn.service,
                    arn.resource_type()
                )),
            },
        };
        let fix = without_region(text, forms).and_then(|meant| {
            ctx.replace(
                role.span(),
                &meant,
                Applicability::Safe,
                format!("drop the Region from {}", quoted(text)),
            )
        });
        ctx.report(
            Diagnostic::new(&Self::META, message, role.span(), role.pointer.clone())
                .with_label(problem)
                .with_help(help)
                .with_fix(fix),
        );
    }
}

/// A role ARN written with a Region (`arn:aws:iam:us-east-1:…:role/x`), without it: IAM is
/// global, so the role meant is certain.
fn without_region(text: &str, forms: &[ArnForm]) -> Option<String> {
    let arn = Arn::parse(text).ok()?;
    if arn.region.is_empty() {
        return None;
    }
    let meant = format!(
        "arn:{}:{}::{}:{}",
        arn.partition, arn.service, arn.account, arn.resource
    );
    let fits = Arn::parse(&meant).is_ok_and(|arn| matches!(fit_forms(forms, &arn), Fit::Fits));
    fits.then_some(meant)
}
