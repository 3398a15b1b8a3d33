use std::collections::{BTreeSet, HashMap};

use super::{Context, Rule, RuleMeta, declare_rule};
use crate::catalog::Confidence;
use crate::diagnostic::{Diagnostic, quoted};
use crate::iam::grants::{Grants, granted};
use crate::iam::required::ActionNeeds;
use crate::iam::{Need, PolicyDocument, requirements};

declare_rule! {
    /// ## What it does
    /// Checks that the IAM role the experiment runs as, when the same CloudFormation template
    /// defines it, is granted every permission each action needs. It reads the role's inline
    /// `Policies`, the FIS managed policies in its `ManagedPolicyArns`, and the
    /// `AWS::IAM::Policy`, `AWS::IAM::ManagedPolicy` and `AWS::IAM::RolePolicy` resources of the
    /// template that attach to it; wildcards (`ec2:*`, `ec2:Stop*`, `*`) grant as IAM does.
    ///
    /// ## Why is this bad?
    /// CloudFormation and FIS both accept a template whose role lacks a permission. The gap shows
    /// only when someone starts the experiment and the action fails, which is the most common way
    /// a valid experiment does not run. `fislint policy` prints the least-privilege policy the
    /// role needs.
    ///
    /// ## Example
    /// ```yaml
    /// FisRole:
    ///   Type: AWS::IAM::Role
    ///   Properties:
    ///     AssumeRolePolicyDocument: ...
    ///     Policies:
    ///       - PolicyName: stop
    ///         PolicyDocument:
    ///           Statement:
    ///             - Effect: Allow
    ///               Action: ec2:StopInstances
    ///               Resource: arn:aws:ec2:*:*:instance/*
    /// Experiment:
    ///   Type: AWS::FIS::ExperimentTemplate
    ///   Properties:
    ///     RoleArn: !GetAtt FisRole.Arn
    ///     Actions:
    ///       Stop:
    ///         ActionId: aws:ec2:stop-instances  # also needs ec2:StartInstances
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// FisRole:
    ///   Type: AWS::IAM::Role
    ///   Properties:
    ///     AssumeRolePolicyDocument: ...
    ///     ManagedPolicyArns:
    ///       - arn:aws:iam::aws:policy/service-role/AWSFaultInjectionSimulatorEC2Access
    /// ```
    ///
    /// ## What it does not check
    /// It stays silent where what the role is granted cannot be known exactly from the template:
    /// a role given by a literal ARN, a parameter, `Fn::ImportValue` or anything else that does
    /// not name an `AWS::IAM::Role` of the template; a statement with `NotAction`, a `Condition`,
    /// `Effect: Deny` or an action given by an intrinsic function; a policy or document given by
    /// an intrinsic function (`Fn::If`); a customer managed policy or an AWS managed policy other
    /// than the FIS ones in `ManagedPolicyArns`; a permissions boundary; a policy resource whose
    /// `Roles` is given by an intrinsic function other than `Ref`; policies beyond 4,096 actions;
    /// templates beyond CloudFormation's 500 resources. It reads actions only: a grant scoped to
    /// other resources counts as a grant, and service control policies or key policies that deny
    /// what the role allows are outside the template.
    /// Conditional permissions (KMS for encrypted volumes, those a parameter calls for) and what
    /// logging and the experiment report need are left to `fislint policy`, since they depend on
    /// the account or may be set up otherwise. A finding that rests on an uncertain catalog fact
    /// is a warning.
    ///
    /// ## Fix availability
    /// None: the role is another resource, and a grant deserves review; `fislint policy` writes the
    /// statements to add.
    ///
    /// ## References
    /// - [IAM roles for AWS FIS experiments](https://docs.aws.amazon.com/fis/latest/userguide/getting-started-iam-service-role.html)
    /// - [AWS FIS actions reference](https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html)
    /// - [AWS managed policies for AWS FIS](https://docs.aws.amazon.com/fis/latest/userguide/security-iam-awsmanpol.html)
    pub struct MissingRolePermission {
        code: "FIS023",
        name: "missing-role-permission",
        severity: Error,
    }
}

impl Rule for MissingRolePermission {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let Some((_, root, role)) = ctx.template_role() else {
            return;
        };
        let Grants::Exact(granted) = granted(root, &role, ctx.catalog) else {
            return;
        };
        // Each IAM action is matched against the grants once, however many actions need it.
        let mut allowed: HashMap<&str, bool> = HashMap::new();
        let required = requirements(ctx.experiment, ctx.catalog);
        for action in &required.actions {
            let missing: Vec<&Need> = action
                .needs
                .iter()
                .filter(|need| need.when.is_none())
                .filter(|need| {
                    !*allowed
                        .entry(need.action.as_str())
                        .or_insert_with(|| granted.allows(&need.action))
                })
                .collect();
            if !missing.is_empty() {
                ctx.report(diagnostic(action, &missing, role.logical_id, role.key_span));
            }
        }
    }
}

fn diagnostic(
    action: &ActionNeeds<'_>,
    missing: &[&Need],
    role: &str,
    role_span: crate::source::Span,
) -> Diagnostic {
    let names: BTreeSet<&str> = missing.iter().map(|n| n.action.as_str()).collect();
    let listed = names.iter().map(quoted).collect::<Vec<_>>().join(", ");
    let statements = PolicyDocument::from_needs(missing.iter().copied())
        .statement
        .iter()
        .filter_map(|s| serde_json::to_string(s).ok())
        .collect::<Vec<_>>()
        .join(", ");
    let uncertain = missing.iter().any(|n| n.confidence < Confidence::High);
    Diagnostic::new(
        &MissingRolePermission::META,
        format!(
            "role {} does not grant {listed} needed by action {} ({})",
            quoted(role),
            quoted(action.action.name()),
            quoted(action.id_text)
        ),
        action.id.span(),
        action.id.pointer.clone(),
    )
    .with_label("not granted by the role")
    .with_secondary(role_span, "role defined here")
    .with_help(format!(
        "add to the role's policy: {statements}; the CLI command `fislint policy` (over MCP, \
         the generate_fis_iam_policy tool) prints everything the experiment's role needs"
    ))
    .tentative_if(uncertain)
}
