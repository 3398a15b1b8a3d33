use std::collections::HashMap;

use super::{Context, Rule, RuleMeta, declare_rule};
use crate::catalog::Suggestion;
use crate::diagnostic::{Diagnostic, quoted};

declare_rule! {
    /// ## What it does
    /// Checks that the target an action's key refers to has the resource type that key takes.
    /// The `Instances` key of `aws:ec2:stop-instances`, for one, must name an `aws:ec2:instance`
    /// target.
    ///
    /// ## Why is this bad?
    /// FIS rejects the template. The mistake is typical when one action is copied from another
    /// (`aws:ec2:send-spot-instance-interruptions` takes `aws:ec2:spot-instance` targets under
    /// `SpotInstances`, not `aws:ec2:instance`).
    ///
    /// ## Example
    /// ```yaml
    /// Targets:
    ///   Databases:
    ///     ResourceType: aws:rds:db
    ///     ResourceTags: {Tier: data}
    ///     SelectionMode: ALL
    /// Actions:
    ///   Failover:
    ///     ActionId: aws:rds:failover-db-cluster
    ///     Targets:
    ///       Clusters: Databases
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// Targets:
    ///   Databases:
    ///     ResourceType: aws:rds:cluster
    ///     ResourceTags: {Tier: data}
    ///     SelectionMode: ALL
    /// ```
    ///
    /// ## Fix availability
    /// Sometimes, as an unsafe fix: when the template defines exactly one target of the type the
    /// action takes, the reference is pointed at it; the target may instead be the one misdeclared.
    ///
    /// ## References
    /// - [AWS FIS actions reference](https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html)
    /// - [Targets for AWS FIS](https://docs.aws.amazon.com/fis/latest/userguide/targets.html)
    pub struct TargetTypeMismatch {
        code: "FIS006",
        name: "target-type-mismatch",
        severity: Error,
    }
}

impl Rule for TargetTypeMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        let sole = sole_targets_by_type(ctx);
        for known in ctx.known_actions() {
            let Some(keys) = known.spec.targets.as_ref() else {
                continue;
            };
            let (action, id, uncertain) = (
                &known.action,
                known.id_text,
                known.spec.target_keys_uncertain,
            );
            for (reference, target) in ctx.referenced_targets(action) {
                let Some(expected) = keys.get(reference.name) else {
                    continue;
                };
                let Some(rtype) = target.resource_type() else {
                    continue;
                };
                let Some(actual) = rtype.text() else { continue };
                // An unknown type is reported by unknown-resource-type; one finding is enough.
                if actual == expected.resource_type || ctx.catalog.resource_type(actual).is_none() {
                    continue;
                }
                ctx.report(
                    Diagnostic::new(
                        &Self::META,
                        format!(
                            "target {} is {} but {} of {} takes {}",
                            quoted(target.name()),
                            quoted(actual),
                            quoted(reference.name),
                            quoted(id),
                            quoted(&expected.resource_type)
                        ),
                        reference.value.span(),
                        reference.value.pointer.clone(),
                    )
                    .with_label(format!("expects {}", quoted(&expected.resource_type)))
                    .with_secondary(rtype.span(), "declared here")
                    .with_help(format!(
                        "point {} at a target whose resource type is {}",
                        quoted(reference.name),
                        quoted(&expected.resource_type)
                    ))
                    .with_fix(
                        sole.get(expected.resource_type.as_str())
                            .copied()
                            .flatten()
                            .and_then(|other| {
                                let meant = Suggestion {
                                    name: other,
                                    certain: false,
                                };
                                ctx.rename(reference.value.span(), target.name(), meant)
                            }),
                    )
                    .tentative_if(uncertain),
                );
            }
        }
    }
}

/// Each resource type's one target, by name (`None` when several targets share the type):
/// pointing an action at it is a guess (the target may be the one misdeclared), so the fix is
/// unsafe. Built once per experiment, so each finding's look-up is constant.
fn sole_targets_by_type<'a>(ctx: &Context<'a>) -> HashMap<&'a str, Option<&'a str>> {
    let mut sole: HashMap<&str, Option<&str>> = HashMap::new();
    for target in ctx.experiment.targets().known() {
        let Some(rtype) = target.resource_type().and_then(|r| r.text()) else {
            continue;
        };
        sole.entry(rtype)
            .and_modify(|only| *only = None)
            .or_insert(Some(target.name()));
    }
    sole
}
