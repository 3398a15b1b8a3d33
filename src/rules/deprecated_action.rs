use super::{Context, Rule, RuleMeta, declare_rule};
use crate::catalog::Suggestion;
use crate::diagnostic::{Diagnostic, Fix, quoted};
use crate::template::Located;

declare_rule! {
    /// ## What it does
    /// Reports an action or a target resource type that FIS has deprecated, with its
    /// replacement: `aws:elasticache:interrupt-cluster-az-power` (now
    /// `aws:elasticache:replicationgroup-interrupt-az-power`) and its resource type
    /// `aws:elasticache:redis-replicationgroup` (now `aws:elasticache:replicationgroup`).
    ///
    /// ## Why is this bad?
    /// AWS recommends migrating away from deprecated names; they may stop working, and new
    /// features arrive only under the new names. Whether the live API still lists the legacy pair
    /// in every Region is not documented, so this is a warning.
    ///
    /// ## Example
    /// ```yaml
    /// Targets:
    ///   Redis:
    ///     ResourceType: aws:elasticache:redis-replicationgroup
    ///     ResourceTags: {App: cache}
    ///     Parameters: {availabilityZoneIdentifier: us-east-1a}
    ///     SelectionMode: ALL
    /// Actions:
    ///   PowerOff:
    ///     ActionId: aws:elasticache:interrupt-cluster-az-power
    ///     Parameters: {duration: PT10M}
    ///     Targets: {ReplicationGroups: Redis}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// Targets:
    ///   Redis:
    ///     ResourceType: aws:elasticache:replicationgroup
    ///     ResourceTags: {App: cache}
    ///     Parameters: {availabilityZoneIdentifier: us-east-1a}
    ///     SelectionMode: ALL
    /// Actions:
    ///   PowerOff:
    ///     ActionId: aws:elasticache:replicationgroup-interrupt-az-power
    ///     Parameters: {duration: PT10M}
    ///     Targets: {ReplicationGroups: Redis}
    /// ```
    ///
    /// ## Fix availability
    /// Always for a literal id or type, as an unsafe fix: the successor AWS names replaces it, but
    /// it may take other target keys, resource types or parameters, so a person should review the
    /// result.
    ///
    /// ## References
    /// - [AWS FIS actions reference: ElastiCache actions](https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#elasticache-actions-reference)
    pub struct DeprecatedAction {
        code: "FIS021",
        name: "deprecated-action",
        severity: Warning,
    }
}

impl Rule for DeprecatedAction {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        for known in ctx.known_actions() {
            let Some(deprecation) = known.spec.deprecated.as_ref() else {
                continue;
            };
            let (id, text) = (&known.id, known.id_text);
            ctx.report(
                Diagnostic::new(
                    &Self::META,
                    format!("action {} is deprecated", quoted(text)),
                    id.span(),
                    id.pointer.clone(),
                )
                .with_label("deprecated action")
                .with_help(format!("use {} instead", quoted(&deprecation.replacement)))
                .with_fix(successor(ctx, id, text, &deprecation.replacement)),
            );
        }
        for target in ctx.experiment.targets().known() {
            let Some(rtype) = target.resource_type() else {
                continue;
            };
            let Some(text) = rtype.text() else { continue };
            let Some(deprecation) = ctx
                .catalog
                .resource_type(text)
                .and_then(|t| t.deprecated.as_ref())
            else {
                continue;
            };
            ctx.report(
                Diagnostic::new(
                    &Self::META,
                    format!("resource type {} is deprecated", quoted(text)),
                    rtype.span(),
                    rtype.pointer.clone(),
                )
                .with_label("deprecated resource type")
                .with_help(format!("use {} instead", quoted(&deprecation.replacement)))
                .with_fix(successor(ctx, &rtype, text, &deprecation.replacement)),
            );
        }
    }
}

/// The successor AWS names, as an unsafe fix: it may take other target keys, resource types or
/// parameters, which a person (or the next lint) must check.
fn successor(
    ctx: &Context<'_>,
    value: &Located<'_>,
    written: &str,
    replacement: &str,
) -> Option<Fix> {
    let meant = Suggestion {
        name: replacement,
        certain: false,
    };
    ctx.rename(value.span(), written, meant)
}
