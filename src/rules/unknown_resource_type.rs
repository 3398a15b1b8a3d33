use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::{Diagnostic, quoted};

declare_rule! {
    /// ## What it does
    /// Checks that every target's `resourceType` is a resource type FIS can target, according to
    /// the catalog.
    ///
    /// ## Why is this bad?
    /// FIS rejects a target whose resource type it does not know. Resource types look like
    /// CloudFormation types but are not (`aws:ec2:instance`, not `AWS::EC2::Instance`), and
    /// plural or misspelled forms (`aws:ec2:instances`) are common.
    ///
    /// ## Example
    /// ```yaml
    /// Targets:
    ///   WebServers:
    ///     ResourceType: aws:ec2:instances
    ///     ResourceTags: {Role: web}
    ///     SelectionMode: ALL
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// Targets:
    ///   WebServers:
    ///     ResourceType: aws:ec2:instance
    ///     ResourceTags: {Role: web}
    ///     SelectionMode: ALL
    /// ```
    ///
    /// ## Fix availability
    /// Sometimes: the nearest resource type replaces the one written, safely when it differs only
    /// in case or is the only type within two edits; a guess in another service (`aws:ec2:instance`
    /// for `aws:rds:instance`) is not offered.
    ///
    /// ## References
    /// - [Targets for AWS FIS](https://docs.aws.amazon.com/fis/latest/userguide/targets.html)
    pub struct UnknownResourceType {
        code: "FIS002",
        name: "unknown-resource-type",
        severity: Error,
    }
}

impl Rule for UnknownResourceType {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        for target in ctx.experiment.targets().known() {
            let Some(rtype) = target.resource_type() else {
                continue;
            };
            let Some(text) = rtype.text() else { continue };
            if ctx.catalog.resource_type(text).is_some() {
                continue;
            }
            let suggestion = ctx.suggest(text, ctx.catalog.resource_type_names());
            let help = match suggestion {
                Some(known) => format!("did you mean {}?", quoted(known.name)),
                None => format!(
                    "FIS resource types look like `aws:ec2:instance`; {}",
                    ctx.catalog.staleness_hint("resource type")
                ),
            };
            ctx.report(
                Diagnostic::new(
                    &Self::META,
                    format!("unknown resource type {}", quoted(text)),
                    rtype.span(),
                    rtype.pointer.clone(),
                )
                .with_label("not a FIS target resource type")
                .with_help(help)
                .with_fix(suggestion.and_then(|known| ctx.rename_id(rtype.span(), text, known))),
            );
        }
    }
}
