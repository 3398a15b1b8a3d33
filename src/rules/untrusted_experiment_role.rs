use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::{Diagnostic, quoted};
use crate::iam::trust::trusts_service;

declare_rule! {
    /// ## What it does
    /// Checks that the IAM role the experiment runs as, when the same CloudFormation template
    /// defines it, lets FIS assume it. Its `AssumeRolePolicyDocument` needs an `Allow` statement
    /// with `fis.amazonaws.com` among its `Principal.Service` values and `sts:AssumeRole` among
    /// its actions.
    ///
    /// ## Why is this bad?
    /// FIS runs every action by assuming the role. A role copied from an EC2 or Lambda example
    /// trusts that service instead, and the experiment fails when it starts, however complete the
    /// role's permissions are.
    ///
    /// ## Example
    /// ```yaml
    /// FisRole:
    ///   Type: AWS::IAM::Role
    ///   Properties:
    ///     AssumeRolePolicyDocument:
    ///       Statement:
    ///         - Effect: Allow
    ///           Principal: {Service: ec2.amazonaws.com}
    ///           Action: sts:AssumeRole
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// FisRole:
    ///   Type: AWS::IAM::Role
    ///   Properties:
    ///     AssumeRolePolicyDocument:
    ///       Statement:
    ///         - Effect: Allow
    ///           Principal: {Service: fis.amazonaws.com}
    ///           Action: sts:AssumeRole
    /// ```
    ///
    /// ## What it does not check
    /// A role given by a literal ARN, a parameter or an import; a trust policy, statement,
    /// principal or action given by an intrinsic function or built with `${...}`; a trust policy
    /// with a `Deny`, `NotAction` or `NotPrincipal` statement. Conditions on the statement (such
    /// as `aws:SourceAccount`) are not evaluated.
    ///
    /// ## Fix availability
    /// None: a trust policy deserves review before it changes.
    ///
    /// ## References
    /// - [IAM roles for AWS FIS experiments](https://docs.aws.amazon.com/fis/latest/userguide/getting-started-iam-service-role.html)
    pub struct UntrustedExperimentRole {
        code: "FIS029",
        name: "untrusted-experiment-role",
        severity: Warning,
    }
}

impl Rule for UntrustedExperimentRole {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let Some((role_arn, _, role)) = ctx.template_role() else {
            return;
        };
        let Some(trust) = role
            .properties()
            .and_then(|p| p.member("AssumeRolePolicyDocument"))
        else {
            return;
        };
        let service = ctx.catalog.permissions().trust_policy.service.as_str();
        if trusts_service(&trust.value, service) != Some(false) {
            return;
        }
        // Reported where the experiment uses the role, so experiments sharing one role each say
        // so once and the experiment's own suppressions cover it; the fix is at the second label.
        ctx.report(
            Diagnostic::new(
                &Self::META,
                format!(
                    "role {} does not let {} assume it",
                    quoted(role.logical_id),
                    quoted(service)
                ),
                role_arn.span(),
                role_arn.pointer.clone(),
            )
            .with_label("FIS cannot assume this role")
            .with_secondary(trust.key_span, "trust policy defined here")
            .with_help(format!(
                "add to the role's `AssumeRolePolicyDocument`: {{\"Effect\": \"Allow\", \
                 \"Principal\": {{\"Service\": \"{service}\"}}, \"Action\": \"sts:AssumeRole\"}}"
            )),
        );
    }
}
