use super::{Context, Rule, RuleMeta, declare_rule};
use crate::catalog::Suggestion;
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
    /// ## Fix availability
    /// Sometimes: the nearest key the action takes replaces the one written, safely when it differs
    /// only in case or is the only key within two edits; when the action takes one key, far from
    /// the one written, that key is offered as an unsafe fix. No fix renames onto a key already
    /// given.
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
            let references = action.targets();
            for key in references.known() {
                if accepted.contains_key(key.name) {
                    continue;
                }
                let keys: Vec<&str> = accepted.keys().map(String::as_str).collect();
                // Keys the catalog is unsure of make a close one a guess, never certain.
                let suggestion =
                    ctx.suggest(key.name, keys.iter().copied())
                        .map(|close| Suggestion {
                            certain: close.certain && !uncertain,
                            ..close
                        });
                let help = match (suggestion, keys.as_slice()) {
                    (Some(close), _) => format!("did you mean {}?", quoted(close.name)),
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
                    .with_fix(replacement_key(suggestion, &keys).and_then(|meant| {
                        let siblings = references.known().iter().map(|other| other.name);
                        ctx.rename_key(key.name_span, key.name, meant, siblings)
                    }))
                    .tentative_if(uncertain),
                );
            }
        }
    }
}

/// The key meant: the nearest one, or (as a guess) the only key the action takes.
fn replacement_key<'k>(
    nearest: Option<Suggestion<'k>>,
    keys: &[&'k str],
) -> Option<Suggestion<'k>> {
    match (nearest, keys) {
        (Some(close), _) => Some(close),
        (None, [only]) => Some(Suggestion {
            name: only,
            certain: false,
        }),
        (None, _) => None,
    }
}
