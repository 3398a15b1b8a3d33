use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::{Diagnostic, quoted};

declare_rule! {
    /// ## What it does
    /// Checks that every action's `actionId` is an action FIS offers. The catalog it checks
    /// against is the built-in snapshot, or a region's refreshed cache when linting with
    /// `--region`.
    ///
    /// ## Why is this bad?
    /// FIS rejects a template whose action id it does not know, and CloudFormation only finds out
    /// at deploy time. Action ids are easy to misremember (`aws:ec2:stop-instance`) and easy for
    /// an agent to invent (`aws:eks:terminate-pod`). AWS also adds actions over time: when an id
    /// is newer than the catalog, refresh the catalog instead of suppressing the finding.
    ///
    /// ## Example
    /// ```yaml
    /// Actions:
    ///   StopInstances:
    ///     ActionId: aws:ec2:stop-instance
    ///     Targets:
    ///       Instances: WebServers
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// Actions:
    ///   StopInstances:
    ///     ActionId: aws:ec2:stop-instances
    ///     Targets:
    ///       Instances: WebServers
    /// ```
    ///
    /// ## Fix availability
    /// Sometimes: the nearest action id replaces the one written, safely when it differs only in
    /// case or is the only id within two edits; a guess in another service is not offered.
    ///
    /// ## References
    /// - [AWS FIS actions reference](https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html)
    /// - [List the AWS FIS actions using the AWS CLI](https://docs.aws.amazon.com/fis/latest/userguide/fis-list-actions.html)
    pub struct UnknownActionId {
        code: "FIS001",
        name: "unknown-action-id",
        severity: Error,
    }
}

impl Rule for UnknownActionId {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        for action in ctx.experiment.actions().known() {
            let Some(id) = action.action_id() else {
                continue;
            };
            let Some(text) = id.text() else { continue };
            if ctx.catalog.action(text).is_some() {
                continue;
            }
            let suggestion = ctx.suggest(text, ctx.catalog.action_ids());
            let help = match suggestion {
                Some(known) => format!("did you mean {}?", quoted(known.name)),
                None => ctx.catalog.staleness_hint("action"),
            };
            let fix = suggestion.and_then(|known| ctx.rename_id(id.span(), text, known));
            ctx.report(
                Diagnostic::new(
                    &Self::META,
                    format!("unknown action id {}", quoted(text)),
                    id.span(),
                    id.pointer.clone(),
                )
                .with_label("not in the FIS action catalog")
                .with_help(help)
                .with_fix(fix),
            );
        }
    }
}
