use super::{Context, Rule, RuleMeta, declare_rule};
use crate::diagnostic::{Diagnostic, quoted};

declare_rule! {
    /// ## What it does
    /// Checks that every key in an action's `targets` map is a target key the action accepts.
    /// The catalog says which: `Instances` for `aws:ec2:stop-instances`, `Clusters` for
    /// `aws:rds:failover-db-cluster`, none at all for `aws:fis:wait`.
    ///
    /// ## Why is this bad?
    /// FIS rejects the template. Target keys are case-sensitive and easy to get almost right:
    /// `Cluster` is the key of `aws:eks:inject-kubernetes-custom-resource` only, while RDS, ECS
    /// and Aurora DSQL actions take `Clusters`.
    ///
    /// A few target keys rest on a single AWS example or on a sibling action
    /// (`VPCEndpoints`, `VirtualInterfaces`, `KinesisStreams` of
    /// `aws:kinesis:stream-expired-iterator-exception`, and the legacy ElastiCache action's).
    /// Findings about those actions' keys, here and in `target-type-mismatch` and
    /// `missing-action-target`, are warnings.
    ///
    /// ## Example
    /// ```yaml
    /// Actions:
    ///   Failover:
    ///     ActionId: aws:rds:failover-db-cluster
    ///     Targets:
    ///       Cluster: AuroraCluster
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// Actions:
    ///   Failover:
    ///     ActionId: aws:rds:failover-db-cluster
    ///     Targets:
    ///       Clusters: AuroraCluster
    /// ```
    ///
    /// ## References
    /// - [AWS FIS actions reference](https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html)
    /// - [Action targets](https://docs.aws.amazon.com/fis/latest/userguide/action-sequence.html#action-targets)
    pub struct UnsupportedTargetKey {
        code: "FIS005",
        name: "unsupported-target-key",
        severity: Error,
    }
}

impl Rule for UnsupportedTargetKey {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        for known in ctx.known_actions() {
            let Some(accepted) = known.spec.targets.as_ref() else {
                continue;
            };
            let (action, id, uncertain) = (
                &known.action,
                known.id_text,
                known.spec.target_keys_uncertain,
            );
            for key in action.targets().known() {
                if accepted.contains_key(key.name) {
                    continue;
                }
                let keys: Vec<&str> = accepted.keys().map(String::as_str).collect();
                let help = match (ctx.nearest(key.name, keys.iter().copied()), keys.as_slice()) {
                    (Some(close), _) => format!("did you mean {}?", quoted(close)),
                    (None, []) => format!("{} takes no targets; remove this key", quoted(id)),
                    (None, [only]) => {
                        format!("{} takes the target key {}", quoted(id), quoted(only))
                    }
                    (None, many) => format!(
                        "{} takes the target keys {}",
                        quoted(id),
                        many.iter().map(quoted).collect::<Vec<_>>().join(", ")
                    ),
                };
                ctx.report(
                    Diagnostic::new(
                        &Self::META,
                        format!(
                            "target key {} is not accepted by {}",
                            quoted(key.name),
                            quoted(id)
                        ),
                        key.name_span,
                        key.value.pointer.clone(),
                    )
                    .with_label("unsupported target key")
                    .with_help(help)
                    .tentative_if(uncertain),
                );
            }
        }
    }
}
